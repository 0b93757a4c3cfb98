"""The words the page prints of its own, per language: headings, labels, dates and counts.

Chosen by the primary subtag of the briefing's ``language`` (``fr-CA`` is French). Both
the renderer and ``validate`` read this table, so the glyph check covers every character
the page will print. A language not in the table falls back to English (FS212).
"""

from __future__ import annotations

from dataclasses import dataclass

from .edtf import Day, EdtfDate, Interval


@dataclass(frozen=True)
class Wording:
    language: str  # the primary subtag this table is for
    as_of: str
    key_dates: str
    not_to_scale: str
    sources: str
    published: str
    accessed: str
    archived: str
    checked: str
    owner: str
    no_date: str
    # Month names as they stand in a full date ("24 October 2025"; Russian: genitive),
    # alone with a year ("October 2025"; Russian: nominative), and abbreviated.
    months_in_date: tuple[str, ...]
    months_alone: tuple[str, ...]
    months_short: tuple[str, ...]
    # Noun forms for counts, chosen by plural_form(): (one, few, many) or (one, other).
    fact: tuple[str, ...]
    source: tuple[str, ...]
    key_date: tuple[str, ...]
    # Quotation marks around a source's title, as the language sets them.
    quotes: tuple[str, str] = ("\u201c", "\u201d")
    inner_quotes: tuple[str, str] = ("\u2018", "\u2019")  # quotation marks inside a title
    # The timeline's text alternative: "Timeline of 7 key dates", "from 2016 to 2018".
    timeline: str = "Timeline of {count}"
    span: str = "from {start} to {end}"
    # What stands between "accessed" or "checked" and a day, a month, a year ("consulté le
    # 3 mai", "consulté en mai"); ":" sets a colon after the word instead.
    prepositions: tuple[str, str, str] = ("", "", "")

    def plural_form(self, count: int) -> int:
        """The index into a noun's forms for ``count``, by the language's plural rule."""
        if self.language == "ru":  # CLDR: one (1, 21, …), few (2–4, 22–24, …), many
            if count % 10 == 1 and count % 100 != 11:
                return 0
            if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
                return 1
            return 2
        if self.language == "fr":  # CLDR: 0 and 1 are singular
            return 0 if count in (0, 1) else 1
        return 0 if count == 1 else 1

    def count(self, number: int, forms: tuple[str, ...]) -> str:
        """'1 fact', '2 facts'; '1 факт', '2 факта', '5 фактов'."""
        return f"{number} {forms[self.plural_form(number)]}"

    def day(self, day: Day, *, short: bool = False) -> str:
        """'24 October 2025', 'October 2025', '2025'; short: '24 Oct 2025'."""
        if day.month is None:
            return str(day.year)
        index = day.month - 1
        if day.day is None:
            month = (self.months_short if short else self.months_alone)[index]
            return f"{month} {day.year}"
        month = (self.months_short if short else self.months_in_date)[index]
        if self.language == "de":
            return f"{day.day}. {month} {day.year}"
        if self.language == "es" and not short:
            return f"{day.day} de {month} de {day.year}"
        return f"{day.day} {month} {day.year}"

    def when(self, word: str, day: Day, *, short: bool = False) -> str:
        """'accessed 30 Nov 2026', 'consulté le 30 nov. 2026', 'geprüft im Oktober 2025'."""
        preposition = self.prepositions[3 - day.precision]
        date = self.day(day, short=short)
        if preposition == ":":
            return f"{word}: {date}"
        return " ".join(part for part in (word, preposition, date) if part)

    def date(self, value: EdtfDate, *, short: bool = False) -> str:
        if isinstance(value, Interval):
            return f"{self.day(value.start, short=short)}–{self.day(value.end, short=short)}"
        return self.day(value, short=short)

    def printed_text(self) -> str:
        """Every character this wording can put on a page, for the glyph check."""
        parts = [
            self.as_of,
            self.key_dates,
            self.not_to_scale,
            self.sources,
            self.published,
            self.accessed,
            self.archived,
            self.checked,
            *self.prepositions,
            self.owner,
            self.no_date,
            *self.months_in_date,
            *self.months_alone,
            *self.months_short,
            *self.fact,
            *self.source,
            *self.key_date,
            *self.quotes,
            *self.inner_quotes,
        ]
        return "".join(parts) + "0123456789.–\u2026"  # … ends a caption cut short

    def quoted(self, text: str) -> str:
        """``text`` in quotation marks; its own marks of that kind become the inner kind."""
        pairs = zip(self.quotes, self.inner_quotes, strict=True)
        outer = {ord(mark.strip()): inner for mark, inner in pairs}
        return f"{self.quotes[0]}{text.translate(outer)}{self.quotes[1]}"


_EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_FR_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
_DE_MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
_ES_MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]

# A table reads better than one argument a line.
# fmt: off
TABLE: dict[str, Wording] = {
    "en": Wording(
        "en", "As of", "Key dates", "not to scale", "Sources", "Published", "accessed",
        "Archived", "checked", "Owner", "n.d.",
        tuple(_EN_MONTHS), tuple(_EN_MONTHS), tuple(m[:3] for m in _EN_MONTHS),
        ("fact", "facts"), ("source", "sources"), ("key date", "key dates"),
    ),
    "fr": Wording(
        "fr", "État au", "Dates clés", "pas à l'échelle", "Sources", "Publié", "consulté",
        "Archivé", "vérifié", "Propriétaire", "s. d.",
        tuple(_FR_MONTHS), tuple(_FR_MONTHS),
        ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
         "nov.", "déc."),
        ("fait", "faits"), ("source", "sources"), ("date clé", "dates clés"),
        quotes=("«\u00a0", "\u00a0»"), inner_quotes=("\u201c", "\u201d"),
        timeline="Frise chronologique\u00a0: {count}", span="de {start} à {end}",
        prepositions=("le", "en", "en"),
    ),
    "de": Wording(
        "de", "Stand", "Wichtige Daten", "nicht maßstabsgetreu", "Quellen", "Veröffentlicht",
        "abgerufen", "Archiviert", "geprüft", "Eigentümer", "o. J.",
        tuple(_DE_MONTHS), tuple(_DE_MONTHS),
        ("Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.",
         "Nov.", "Dez."),
        ("Fakt", "Fakten"), ("Quelle", "Quellen"), ("wichtiges Datum", "wichtige Daten"),
        quotes=("\u201e", "\u201c"), inner_quotes=("\u201a", "\u2018"),
        timeline="Zeitleiste: {count}", span="von {start} bis {end}",
        prepositions=("am", "im", ""),
    ),
    "es": Wording(
        "es", "A fecha de", "Fechas clave", "sin escala", "Fuentes", "Publicado",
        "consultado", "Archivado", "verificado", "Propietario", "s. f.",
        tuple(_ES_MONTHS), tuple(_ES_MONTHS),
        ("ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.",
         "nov.", "dic."),
        ("hecho", "hechos"), ("fuente", "fuentes"), ("fecha clave", "fechas clave"),
        quotes=("«", "»"), inner_quotes=("\u201c", "\u201d"), timeline="Cronología: {count}",
        span="de {start} a {end}", prepositions=("el", "en", "en"),
    ),
    "ru": Wording(
        "ru", "По состоянию на", "Ключевые даты", "не в масштабе", "Источники",
        "Опубликовано", "дата обращения", "Архив", "проверено", "Владелец", "б. д.",
        ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
         "сентября", "октября", "ноября", "декабря"),
        ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
         "сентябрь", "октябрь", "ноябрь", "декабрь"),
        ("янв.", "февр.", "март", "апр.", "май", "июнь", "июль", "авг.", "сент.", "окт.",
         "нояб.", "дек."),
        ("факт", "факта", "фактов"), ("источник", "источника", "источников"),
        ("ключевая дата", "ключевые даты", "ключевых дат"),
        quotes=("«", "»"), inner_quotes=("\u201e", "\u201c"), timeline="Хронология: {count}",
        span="с {start} по {end}", prepositions=(":", ":", ":"),
    ),
}
# fmt: on


def primary(language: str) -> str:
    """'fr-CA' -> 'fr'."""
    return language.split("-", 1)[0].lower()


def wording_for(language: str) -> Wording:
    """The table for ``language``, or English when there is none (FS212 says so)."""
    return TABLE.get(primary(language), TABLE["en"])


def is_known(language: str) -> bool:
    return primary(language) in TABLE
