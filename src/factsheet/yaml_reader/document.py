"""A parsed YAML file: its values, and where each of them was written, looked up by key path."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Location
from .positions import Lines, Where

KeyPath = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """A parsed file: its values, and where each of them was written."""

    path: Path
    display: str
    data: Any
    where: Where | None
    lines: Lines = field(repr=False)

    def _find(self, keys: KeyPath) -> tuple[int | None, int | None, Where | None]:
        """Packed positions of the value at ``keys`` (or of the nearest enclosing one) and of
        its key, and the positions inside it when it is a mapping or list."""
        value, where = self.data, self.where
        here, key_at = (where.start if where else None), None
        for key in keys:
            if where is None:
                break
            if isinstance(value, dict) and isinstance(key, str):
                entry = where.entry_of(value, key)
                if entry is None:
                    break
                key_at, here = where.spots[2 * entry], where.spots[2 * entry + 1]
                value, where = value[key], where.child(entry)
            elif isinstance(value, list) and isinstance(key, int):
                if not 0 <= key < len(value):
                    break
                here, key_at = where.spots[key], None
                value, where = value[key], where.child(key)
            else:
                break
        return here, key_at, where if where is not None and where.start == here else None

    def span(self, keys: KeyPath = ()) -> tuple[tuple[int, int], tuple[int, int]]:
        """(line, column) where the value at ``keys`` starts and where it ends, both from 1
        and counted like :meth:`locate`: a record holds every position between the two."""
        here, _key_at, where = self._find(keys)
        if here is None:
            return (0, 0), (0, 0)
        return self.lines(here), self.lines(where.end if where is not None else here)

    def locate(self, keys: KeyPath = (), *, key: bool = False) -> Location:
        """Position of the value at ``keys`` (or of its key), or the nearest enclosing one."""
        here, key_at, _where = self._find(keys)
        target = key_at if key and key_at is not None else here
        if target is None:
            return Location(self.display, 1, 1)
        return Location(self.display, *self.lines(target))
