"""Why each rule exists, for ``factsheet rules CODE``.

The catalogue (:mod:`factsheet.diagnostics`) says what a rule finds and how to fix it; this
says why it matters. A test keeps one entry per rule.
"""

from __future__ import annotations

from .diagnostics import RULES, Rule
from .excusing import UNEXCUSABLE

WHY: dict[str, str] = {
    "FS100": "A file that does not parse cannot be read at all: every fact in it would be "
    "missing from the page.",
    "FS101": "An empty file is usually a save that went wrong; its facts are missing.",
    "FS102": "Text in another encoding would print as the wrong characters, or not at all.",
    "FS103": "Each file holds its records under one key (facts:, sources:); anything else "
    "is not read.",
    "FS104": "YAML keeps only the last of two equal keys, silently dropping the first value.",
    "FS105": "Aliases let a small file expand into a huge one, and hide what a value really "
    "is from a reviewer.",
    "FS106": "Tags can make YAML build arbitrary objects; values here are plain text.",
    "FS107": "Limits keep a generated or hostile file from exhausting memory or time; past "
    "them, nothing is truncated silently.",
    "FS110": "A misspelt key (sorce:, titel:) would otherwise be ignored, and the value with it.",
    "FS111": "A record without a required key cannot be placed, dated or cited; it would be "
    "dropped from the page.",
    "FS112": "YAML guesses types: an unquoted 1956 is a number, yes is a boolean. A wrong "
    "type means the value was not what was written.",
    "FS113": "Ids, dates, lengths and counts have limits so that the page stays legible and "
    "links stay safe.",
    "FS114": "Two records with one id make every reference to it ambiguous.",
    "FS115": "A briefing needs its title and sections (briefing.yaml) and its sources "
    "(sources.yaml) before any fact can be checked.",
    "FS201": "A fact without a citation cannot be checked by a reader; that is the point of "
    "a briefing.",
    "FS202": "A citation must lead to a source in the list, or the number on the page "
    "points nowhere.",
    "FS203": "A fact in an undeclared section has no place on the page.",
    "FS204": "An empty heading on a one-page briefing wastes space and suggests something "
    "is missing.",
    "FS205": "An uncited source is left off the page; it is often a citation that was forgotten.",
    "FS206": "Two outlets of one owner are one voice: independent confirmation needs "
    "distinct owners.",
    "FS207": "The timeline gives each key date a slot of its own; more than eight cannot be read.",
    "FS208": "A section that promises every side's position must show each one, or the "
    "page is one-sided.",
    "FS209": "A position attributed to an undeclared party cannot be labelled on the page.",
    "FS210": "A party's position cited only to its opponents' media may misstate it.",
    "FS211": "A long caption crowds the timeline; a short label reads at a glance.",
    "FS212": "The page's own words (headings, 'As of', the footer) would otherwise be in "
    "English on a page in another language.",
    "FS213": "An exception that excuses nothing hides nothing today, but would silence the "
    "rule if the problem came back; remove it, as with an unused noqa.",
    "FS214": "An exception is a decision someone made; without its reason the next editor "
    "cannot tell whether it still holds.",
    "FS215": "Readers follow the links; a link that no longer answers sends them nowhere. "
    "An archive copy keeps the source reachable.",
    "FS301": "A date that does not exist (30 February) is a typo that would print as written.",
    "FS302": "An interval that ends before it starts is two dates swapped.",
    "FS303": "A briefing speaks for its as_of date; a later fact contradicts it.",
    "FS304": "A source cannot report what happened after it was published.",
    "FS305": "A page cannot have been read before it was published.",
    "FS306": "A date in the future is almost always a mistyped year.",
    "FS307": "Old facts in a section about the current state mislead; the section says how "
    "old is too old.",
    "FS401": "Only well-formed http(s) links are printed and made clickable; others can run "
    "code, read local files or imitate another site.",
    "FS402": "A source that cannot be found cannot be checked.",
    "FS403": "Web pages change: the access date says which version was read.",
    "FS501": "A quote must be the source's own words; the snapshot shows whether it is.",
    "FS502": "A snapshot that cannot be read cannot verify any quote.",
    "FS503": "Files outside the briefing folder could be read, and printed, from anywhere "
    "on the machine.",
    "FS504": "A snapshot that changed since it was recorded no longer shows what the quote "
    "was checked against.",
    "FS505": "An empty quote checks nothing and prints as empty quotation marks.",
    "FS601": "A character the fonts cannot draw would print as a blank box.",
    "FS602": "A style with unreadable fonts or illegible colours cannot produce the page.",
    "FS603": "The page sets lines left to right; Arabic or Hebrew text would print with its "
    "letters in the wrong order, reading as something else.",
    "FS701": "A briefing is one page, at sizes people can read; nothing is clipped or "
    "moved to a second page.",
}


def can_ignore(code: str) -> bool:
    return code not in UNEXCUSABLE


def explain(rule: Rule) -> str:
    """The text of ``factsheet rules CODE``: what, why, how to fix, and how to silence."""
    if can_ignore(rule.code):
        silence = (
            f'Skip it everywhere with --ignore {rule.code} (or ignore = ["{rule.code}"] in '
            f"the configuration),\nor on one fact, source or section with\n"
            f'  ignore: {{{rule.code}: "why it does not apply here"}}'
        )
    else:
        silence = f"It cannot be ignored: {UNEXCUSABLE[rule.code]}."
    return "\n".join(
        [
            f"{rule.code} {rule.name} ({rule.severity.value})",
            "",
            f"What: {rule.summary}.",
            f"Why: {WHY.get(rule.code, rule.summary[:1].upper() + rule.summary[1:] + '.')}",
            f"Fix: {rule.hint}",
            "",
            silence,
        ]
    )


__all__ = ["RULES", "WHY", "can_ignore", "explain"]
