""" "Did you mean …?": one helper, one cut-off, for unknown keys, sources, sections and parties."""

from __future__ import annotations

from collections.abc import Collection

# How alike two names must be (difflib's ratio) to be offered as the one meant.
CUTOFF = 0.6
# Comparisons spent on suggestions per run. Each costs microseconds, but thousands of
# unknown names against thousands of ids would take minutes; typos in a real briefing use
# a tiny fraction of this.
BUDGET = 50_000


class Suggester:
    """Suggests the closest known name, within a budget of comparisons."""

    def __init__(self, budget: int = BUDGET) -> None:
        self.budget = budget

    def __call__(self, name: str, candidates: Collection[str]) -> str | None:
        if not candidates or len(candidates) > self.budget:
            return None
        self.budget -= len(candidates)
        import difflib  # only when there is a typo to explain

        close = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=CUTOFF)
        return f"Did you mean {close[0]!r}?" if close else None
