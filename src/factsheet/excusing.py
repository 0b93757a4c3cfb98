"""Which rules may be excused, by ``--ignore`` or by a record's ``ignore:``, and how a rule
is named there: by code in any letter case, or by the name JSON output prints."""

from __future__ import annotations

from .diagnostics import RULES

# Rules whose silence would drop records or break the page: neither --ignore nor a record's
# exception can excuse them. The FS1xx file and schema rules, and the date rules that the
# models check, mean a file or record was not read, or read only in part; a citation or a
# fact that points nowhere cannot be placed on the page.
_DROPPED = (
    "the records it reports are not read, or read only in part, so facts would be missing "
    "without a word"
)
_NOWHERE = "the page cannot place a citation or a fact that points nowhere"
UNEXCUSABLE = {
    **{code: _DROPPED for code in RULES if code.startswith("FS1")},
    "FS301": _DROPPED,
    "FS302": _DROPPED,
    "FS202": _NOWHERE,
    "FS203": _NOWHERE,
}
RULE_NAMES = {rule.name: code for code, rule in RULES.items()}


def rule_code(name: str) -> str | None:
    """The rule code for a code in any letter case or a rule name; None when there is none."""
    text = name.strip()
    if text.upper() in RULES:
        return text.upper()
    return RULE_NAMES.get(text.lower())


def excusable(code: str) -> bool:
    return code not in UNEXCUSABLE


__all__ = ["RULE_NAMES", "UNEXCUSABLE", "excusable", "rule_code"]
