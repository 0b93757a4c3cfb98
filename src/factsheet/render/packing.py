"""Pack unbreakable blocks into balanced columns, or say by how much they overflow."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Measured(Protocol):
    @property
    def height(self) -> float: ...
    @property
    def space_before(self) -> float: ...
    @property
    def keep_with_next(self) -> bool: ...


Columns = list[list[int]]


def _greedy(blocks: Sequence[Measured], columns: int, height: float) -> Columns:
    """Fill columns in order; the last column takes whatever is left."""
    placed: Columns = [[] for _ in range(columns)]
    column, used, index = 0, 0.0, 0
    while index < len(blocks):
        # A heading travels with the block after it, so it never ends a column.
        group = [index]
        while blocks[group[-1]].keep_with_next and group[-1] + 1 < len(blocks):
            group.append(group[-1] + 1)
        need = sum(blocks[i].height for i in group)
        need += sum(blocks[i].space_before for i in group[1:])
        if placed[column]:
            need += blocks[group[0]].space_before
        if used + need > height + 1e-6 and placed[column] and column + 1 < columns:
            column, used = column + 1, 0.0
            continue
        placed[column].extend(group)
        used += need
        index = group[-1] + 1
    return placed


def overflow(blocks: Sequence[Measured], columns: int, height: float) -> float:
    """Points by which the flow exceeds ``columns`` columns of ``height`` (0 when it fits)."""
    if not blocks:
        return 0.0
    placed = _greedy(blocks, columns, height)
    return max(0.0, max(_column_height(blocks, col) for col in placed) - height)


def _column_height(blocks: Sequence[Measured], column: list[int]) -> float:
    if not column:
        return 0.0
    return (
        sum(blocks[i].height + blocks[i].space_before for i in column)
        - blocks[column[0]].space_before
    )


def pack(blocks: Sequence[Measured], columns: int, height: float) -> Columns | None:
    """Balanced columns no taller than ``height``, or None when the blocks do not fit."""
    if overflow(blocks, columns, height) > 0:
        return None
    low, high = 0.0, height
    # Shortest column height that still fits: the columns then end at about the same line.
    for _ in range(30):
        middle = (low + high) / 2
        if overflow(blocks, columns, middle) > 0:
            low = middle
        else:
            high = middle
        if high - low < 0.5:
            break
    return _greedy(blocks, columns, high)
