"""Diagnostics as data: a rule catalogue and the records checks emit.

Reporters turn these into text, JSON or GitHub annotations; nothing here formats output.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    hint: str


E, W = Severity.ERROR, Severity.WARNING

# A table reads better than one argument a line.
# fmt: off
_RULES = [
    # Files and YAML
    Rule("FS100", "yaml-syntax", E, "YAML does not parse", "Fix the syntax at the position shown."),
    Rule("FS101", "empty-file", E, "file is empty", "Add content or delete the file."),
    Rule("FS102", "encoding", E, "file is not UTF-8 text", "Save the file as UTF-8."),
    Rule("FS103", "not-a-mapping", E, "top level is not a mapping", "Start the file with a key."),
    Rule("FS104", "duplicate-key", E, "key repeated in one mapping", "Keep one of the keys."),
    Rule("FS105", "yaml-alias", E, "YAML anchors and aliases are not allowed",
         "Write the value out in full."),
    Rule("FS106", "yaml-tag", E, "YAML tags are not allowed", "Remove the '!' tag."),
    Rule("FS107", "limit", E, "input exceeds a size limit", "Split the file or shorten the value."),
    # Schema
    Rule("FS110", "unknown-key", E, "unknown key", "Check the spelling against the format."),
    Rule("FS111", "missing-key", E, "required key is missing", "Add the key."),
    Rule("FS112", "wrong-type", E, "value has the wrong type",
         "Quote values meant as text; use a list or mapping where one is expected."),
    Rule("FS113", "invalid-value", E, "value is not allowed", "See the format in the README."),
    Rule("FS114", "duplicate-id", E, "id is used twice", "Give each record its own id."),
    Rule("FS115", "missing-file", E, "briefing folder lacks a required file",
         "A briefing needs briefing.yaml and sources.yaml."),
    # References
    Rule("FS201", "no-citation", E, "fact has no citation", "Add a cite entry with a source."),
    Rule("FS202", "unknown-source", E, "citation names an undeclared source",
         "Declare the source in sources.yaml or fix the id."),
    Rule("FS203", "unknown-section", E, "fact names an undeclared section",
         "Declare the section in briefing.yaml or fix the id."),
    Rule("FS204", "empty-section", E, "declared section has no facts",
         "Add facts to it or remove it from briefing.yaml."),
    Rule("FS205", "unused-source", W, "source is never cited", "Cite it or remove it."),
    Rule("FS206", "few-sources", W,
         "fact cites fewer independent sources (distinct owners) than its section asks for",
         "Cite a source with another owner: two outlets of one owner are one voice."),
    Rule("FS207", "too-many-key-dates", E, "more facts are marked key than the timeline can show",
         "Keep key: true for the few milestones a reader needs; at most 8 fit legibly."),
    Rule("FS208", "party-missing", W, "a section that must give every party's position lacks one",
         "Add a fact attributed_to that party, cited to its own statement or a report of it."),
    Rule("FS209", "unknown-party", E, "a party is named that briefing.yaml does not declare",
         "Declare the party under parties: in briefing.yaml, or fix the id."),
    Rule("FS210", "one-sided-attribution", W,
         "a party's position is cited only to sources that speak for another party",
         "Cite the party's own statement, or an independent report of it."),
    Rule("FS211", "caption-too-long", W,
         "a key fact without a label is too long to caption the timeline",
         "Add label: a caption of at most 60 characters; the timeline shows at most three "
         "lines under a dot."),
    Rule("FS212", "unknown-language", W, "the page has no wording in the briefing's language",
         "The page's own words fall back to English; use en, fr, de, es or ru for translated "
         "wording."),
    # Exceptions and links (FS213–FS215)
    Rule("FS213", "unused-exception", W, "an ignore: exception on a record matches no diagnostic",
         "Remove the exception: the problem it excused is gone."),
    Rule("FS214", "exception-without-reason", E, "an ignore: exception gives no reason",
         "Write why the rule does not apply here: ignore: {FS307: \"the treaty text is dated\"}."),
    Rule("FS215", "dead-link", W, "a url or archive_url no longer answers (validate --check-links)",
         "Replace the link, or point archive_url at a saved copy."),
    # Dates
    Rule("FS301", "invalid-date", E, "date is not a valid EDTF level-0 date",
         "Use YYYY, YYYY-MM, YYYY-MM-DD or START/END."),
    Rule("FS302", "reversed-interval", E, "interval ends before it starts", "Swap the ends."),
    Rule("FS303", "after-as-of", E, "fact is dated after the briefing's as_of date",
         "Fix the date or move as_of forward."),
    Rule("FS304", "after-published", E, "fact is dated after every source citing it was published",
         "A source cannot report what happened after it was published; check the date."),
    Rule("FS305", "accessed-before-published", E, "source accessed before it was published",
         "Check the accessed and published dates."),
    Rule("FS306", "future-date", E, "date is in the future", "Check the year."),
    Rule("FS307", "stale", W, "fact is older than its section allows",
         "Update the fact or raise the section's max_age_days."),
    # Sources and links
    Rule("FS401", "bad-url", E, "URL is not a well-formed http(s) address",
         "Use a full http:// or https:// address."),
    Rule("FS402", "no-link", W, "source has neither url nor archive_url",
         "Add a url or an archive_url so readers can find it."),
    Rule("FS403", "url-without-accessed", E, "source has a url but no accessed date",
         "Add the date you read the page as accessed: YYYY-MM-DD."),
    # Quotes and snapshots
    Rule("FS501", "quote-not-found", E, "quote does not occur in the source snapshot",
         "Copy the exact words from the snapshot."),
    Rule("FS502", "snapshot-missing", E, "snapshot file is missing or unreadable",
         "Fix the path; it is relative to the briefing folder."),
    Rule("FS503", "outside-folder", E, "a snapshot or fact file leads outside the briefing folder",
         "Keep snapshots and fact files inside the briefing folder; links out are refused."),
    Rule("FS504", "snapshot-changed", E, "snapshot does not match its recorded SHA-256 digest",
         "Restore the snapshot that was recorded, or take a new one with factsheet snapshot."),
    Rule("FS505", "empty-quote", E, "quote is empty",
         "Quote the words themselves, or remove the quote key."),
    # Fonts and styles
    Rule("FS601", "missing-glyph", E, "character cannot be drawn with the style's fonts",
         "Replace the character or choose a style whose fonts cover it."),
    Rule("FS602", "invalid-style", E, "style file is invalid", "See the style keys in the README."),
    Rule("FS603", "right-to-left", E,
         "text is written right to left, which the page cannot lay out",
         "Give the text in a left-to-right script (a translation or a transliteration); "
         "right-to-left layout is not supported yet."),
    # Layout
    Rule("FS701", "does-not-fit", E, "briefing does not fit on one page",
         "Shorten the longest sections or remove facts."),
]
# fmt: on

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


@dataclass(frozen=True, slots=True, order=True)
class Location:
    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


@dataclass(frozen=True, slots=True)
class Diagnostic:
    location: Location
    code: str
    message: str
    hint: str
    severity: Severity

    @property
    def rule(self) -> Rule:
        return RULES[self.code]


def diagnostic(code: str, location: Location, message: str, hint: str | None = None) -> Diagnostic:
    """Build a diagnostic whose severity and default hint come from the rule catalogue."""
    rule = RULES[code]
    return Diagnostic(location, code, message, hint or rule.hint, rule.severity)


def plural(count: int, noun: str) -> str:
    """'1 fact', '2 facts': every count a person reads goes through here."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
