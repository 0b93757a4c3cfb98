"""Pack unbreakable items into balanced columns, or say by how much they overflow.

The fitting loop asks ``overflow`` at each type size it tries; only for the size it keeps
does it ask ``balance`` where each item goes.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Protocol


class Measured(Protocol):
    @property
    def height(self) -> float: ...
    @property
    def space_before(self) -> float: ...
    @property
    def keep_with_next(self) -> bool: ...


Columns = list[list[int]]  # per column, the indexes of the items it holds, top to bottom


def _greedy(items: Sequence[Measured], columns: int, height: float) -> Columns:
    """Fill columns in order; the last column takes whatever is left."""
    placed: Columns = [[] for _ in range(columns)]
    column, used, index = 0, 0.0, 0
    while index < len(items):
        # A heading travels with the item after it, so it never ends a column.
        group = [index]
        while items[group[-1]].keep_with_next and group[-1] + 1 < len(items):
            group.append(group[-1] + 1)
        need = sum(items[i].height for i in group)
        need += sum(items[i].space_before for i in group[1:])
        if placed[column]:
            need += items[group[0]].space_before
        if used + need > height + 1e-6 and placed[column] and column + 1 < columns:
            column, used = column + 1, 0.0
            continue
        placed[column].extend(group)
        used += need
        index = group[-1] + 1
    return placed


def overflow(items: Sequence[Measured], columns: int, height: float) -> float:
    """Points by which the flow exceeds ``columns`` columns of ``height`` (0 when it fits)."""
    if not items:
        return 0.0
    placed = _greedy(items, columns, height)
    return max(0.0, max(_column_height(items, col) for col in placed) - height)


def _column_height(items: Sequence[Measured], column: list[int]) -> float:
    if not column:
        return 0.0
    return (
        sum(items[i].height + items[i].space_before for i in column) - items[column[0]].space_before
    )


def balance(items: Sequence[Measured], columns: int, height: float) -> Columns:
    """Columns no taller than ``height`` that end at about the same line.

    The caller has found ``overflow(items, columns, height)`` to be 0; this searches for the
    shortest column height that still fits and places the items for it.
    """
    low, high = 0.0, height
    for _ in range(30):
        middle = (low + high) / 2
        if overflow(items, columns, middle) > 0:
            low = middle
        else:
            high = middle
        if high - low < 0.5:
            break
    return _greedy(items, columns, high)


def _gaps(items: Sequence[Measured], column: list[int]) -> list[int]:
    """The items of ``column`` whose space before may grow: not the first, and not one
    right under a heading, which stays with what it heads."""
    return [index for before, index in pairwise(column) if not items[before].keep_with_next]


def spread(
    items: Sequence[Measured], columns: Columns, height: float, most: Sequence[float]
) -> list[float]:
    """Space to add before each item so that the columns end nearer the foot of their room.

    The tallest column is stretched toward ``height`` and the others toward where it ends.
    A column stretches only at its gaps (between items, before headings), all by the same
    amount, but none by more than ``most`` says for its item (one of its lines), so the
    room a short page leaves is shared out evenly rather than dropped into one hole. What
    the gaps cannot take stays under the columns.
    """
    extra = [0.0] * len(items)
    heights = [_column_height(items, column) for column in columns]
    gaps = [_gaps(items, column) for column in columns]
    tallest = max(range(len(columns)), key=lambda c: heights[c])
    target = min(height, heights[tallest] + sum(most[i] for i in gaps[tallest]))
    for number, found in enumerate(gaps):
        room = target - heights[number]
        # Even shares, each capped; what a capped gap cannot take goes to the others.
        for done, index in enumerate(sorted(found, key=lambda i: most[i])):
            share = room / (len(found) - done) if room > 0 else 0.0
            extra[index] = min(most[index], share)
            room -= extra[index]
    return extra
