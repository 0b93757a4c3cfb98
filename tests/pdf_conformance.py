"""Read a built PDF back and check it against tagged PDF/UA-1 and PDF/A-2b, as issue 12 asks.

``check_pdf(path_or_bytes)`` returns one ``Failure`` per problem found, each with a stable
``condition`` id (the keys of ``CONDITIONS``) and a message for a person; an empty list means
every check passed. ``structure_text(path_or_bytes)`` reads the structure tree back as
(role, text) pairs, the text gathered from the page's content stream through the MCIDs, so
other tests can compare it with the page's reading order.

pikepdf gives object access and content-stream parsing; the byte-level PDF/A rules (header,
stream keywords and lengths, end of file) are read from the raw file. This is a checker for
the files factsheet writes, not a full validator: it reads one level of marked content (page
content streams, not the inside of form XObjects) and knows simple and Type 0 fonts.
"""

from __future__ import annotations

import itertools
import math
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from functools import cached_property
from io import BytesIO

import pikepdf

CONDITIONS: dict[str, str] = {
    # Opening the file
    "unreadable": "pikepdf can open the file and every check can read what it needs",
    "pdf-syntax": "qpdf's own check (qpdf --check) finds no problem",
    # Tagging (PDF/UA-1)
    "marked": "/MarkInfo has /Marked true (and /Suspects is not true)",
    "struct-tree": "a StructTreeRoot whose single kid is a Document element; every element "
    "has /S and a /P naming its parent",
    "role-map": "every structure type is standard or role-mapped to one; no standard type "
    "is remapped",
    "struct-parent-tree": "the ParentTree agrees with every MCID on every page and every "
    "annotation's /StructParent, both ways",
    "marked-content": "BMC/BDC and EMC balance; no MCID inside another MCID or an artifact; "
    "no MCID used twice on a page",
    "untagged-paint": "every painting operator sits inside tagged content (MCID) or an artifact",
    "heading-order": "headings in tree order start with the one H1 and never skip a level",
    "list-structure": "L holds LI (after an optional Caption); LI holds Lbl then LBody",
    "figure-alt": "every Figure (and Formula) has non-empty /Alt text",
    "link-annotations": "every Link annotation has /Contents, /F 4, a /StructParent and an "
    "OBJR from a Link element; every Link element holds an OBJR",
    "tabs": "every page has /Tabs /S",
    "lang": "the catalog has a /Lang that is a language tag",
    "display-doc-title": "/ViewerPreferences has /DisplayDocTitle true",
    "page-mode": "/PageMode /UseOutlines, with an outline to show",
    "title": "the document has a title in Info and in dc:title",
    # Metadata
    "xmp-present": "the catalog's /Metadata is an XML metadata stream holding one well-formed "
    "XMP packet (no bytes or encoding attribute)",
    "xmp-info-match": "Info has Title, Author, Subject, Keywords, Producer, CreationDate and "
    "ModDate, and the XMP says the same",
    "xmp-pdfuaid": "XMP has pdfuaid:part 1 under the pdfuaid prefix",
    "xmp-pdfaid": "XMP has pdfaid:part 2 and pdfaid:conformance B under the pdfaid prefix",
    "xmp-extension-schema": "XMP describes the pdfuaid namespace in a PDF/A extension schema",
    # PDF/A-2b
    "output-intent": "a GTS_PDFA1 output intent whose DestOutputProfile is a valid sRGB ICC "
    "display profile with /N 3",
    "device-colour": "device colour spaces used agree with the output intent's",
    "font-embedded": "every font in every resource dictionary has its program embedded",
    "tounicode": "every font has a ToUnicode CMap, and every code shown maps to Unicode other "
    "than U+0000, U+FEFF or U+FFFE",
    "stream-keyword-eol": "every stream keyword is followed by CRLF or LF",
    "endstream-eol": "every endstream keyword is preceded by an end-of-line",
    "stream-length": "every stream's /Length is the exact number of bytes of its data",
    "pdf-version": "the header says %PDF-1.7 and the catalog no other /Version",
    "binary-comment": "the header line is followed by a comment of four bytes above 127",
    "eof": "nothing follows the last %%EOF but one optional end-of-line",
    "trailer-id": "the trailer has an /ID of two non-empty strings",
    "no-javascript": "no JavaScript anywhere",
    "forbidden-action": "no /AA and no action type PDF/A-2 forbids",
    "no-encryption": "the file is not encrypted",
}


@dataclass(frozen=True)
class Failure:
    condition: str
    message: str

    def __str__(self) -> str:
        return f"{self.condition}: {self.message}"


Source = str | os.PathLike[str] | bytes
Key = tuple[int, int]
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

TEXT_SHOWING = frozenset({"Tj", "TJ", "'", '"'})
PAINTING = TEXT_SHOWING | {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do"}
INLINE_IMAGE = "INLINE IMAGE"  # what pikepdf calls a BI … ID … EI instruction
# ISO 32000-1, 14.8.4: the standard structure types.
STANDARD_TYPES = frozenset(
    {"Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index"}
    | {"NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl"}
    | {"LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note"}
    | {"Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu"}
    | {"WT", "WP", "Figure", "Formula", "Form"}
)
HEADINGS = frozenset({"H", "H1", "H2", "H3", "H4", "H5", "H6"})
FORBIDDEN_ACTIONS = frozenset(
    {"Launch", "Sound", "Movie", "ResetForm", "ImportData", "Hide", "SetOCGState"}
    | {"Rendition", "Trans", "GoTo3DView"}
)
# The sRGB primaries adapted to D50, as any sRGB ICC profile has them.
SRGB_COLORANTS = {
    b"rXYZ": (0.4361, 0.2225, 0.0139),
    b"gXYZ": (0.3851, 0.7169, 0.0971),
    b"bXYZ": (0.1431, 0.0606, 0.7141),
}
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "x": "adobe:ns:meta/",
    "xml": "http://www.w3.org/XML/1998/namespace",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}
MAX_EXAMPLES = 5


# --- small typed views of pikepdf values -------------------------------------------------


def _get(container: object, key: str) -> object:
    if isinstance(container, pikepdf.Dictionary | pikepdf.Stream):
        return container.get(key)
    return None


def _dict(value: object) -> pikepdf.Dictionary | None:
    return value if isinstance(value, pikepdf.Dictionary) else None


def _stream(value: object) -> pikepdf.Stream | None:
    return value if isinstance(value, pikepdf.Stream) else None


def _array(value: object) -> list[object]:
    return list(value) if isinstance(value, pikepdf.Array) else []


def _name(value: object) -> str | None:
    return str(value) if isinstance(value, pikepdf.Name) else None


def _text(value: object) -> str | None:
    return str(value) if isinstance(value, pikepdf.String) else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value)  # type: ignore[arg-type]  # pikepdf Decimal reals
    except (TypeError, ValueError):
        return None


def _key(obj: object) -> Key | None:
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return obj.objgen
    return None


def _same(one: object, other: object) -> bool:
    key = _key(one)
    return key is not None and key == _key(other)


def _examples(items: list[str]) -> str:
    # qpdf names an in-memory file by its repr; that changes from run to run.
    items = [re.sub(r"stream <_io\.BytesIO object at 0x[0-9a-f]+> ", "", item) for item in items]
    shown = "; ".join(items[:MAX_EXAMPLES])
    more = len(items) - MAX_EXAMPLES
    return shown + (f"; and {more} more" if more > 0 else "")


def _read(source: Source) -> bytes:
    if isinstance(source, bytes):
        return source
    with open(source, "rb") as handle:  # noqa: PTH123 - accepts any PathLike
        return handle.read()


# --- raw bytes: header, end of file, stream keywords and lengths ------------------------

_OBJ_HEADER = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?:\s+(\d+)\s+R)?")
_WHITESPACE = b"\0\t\n\f\r "


def _skip_space(data: bytes, pos: int) -> int:
    while pos < len(data):
        if data[pos] in _WHITESPACE:
            pos += 1
        elif data[pos : pos + 1] == b"%":
            while pos < len(data) and data[pos] not in b"\r\n":
                pos += 1
        else:
            break
    return pos


def _skip_literal_string(data: bytes, pos: int) -> int:
    depth = 0
    while pos < len(data):
        char = data[pos : pos + 1]
        if char == b"\\":
            pos += 2
            continue
        if char == b"(":
            depth += 1
        elif char == b")":
            depth -= 1
            if depth == 0:
                return pos + 1
        pos += 1
    return pos


def _skip_dictionary(data: bytes, pos: int) -> int:
    """The offset just past the dictionary that opens at ``pos`` (strings and comments aware)."""
    depth = 0
    while pos < len(data):
        if data.startswith(b"<<", pos):
            depth, pos = depth + 1, pos + 2
        elif data.startswith(b">>", pos):
            depth, pos = depth - 1, pos + 2
            if depth == 0:
                return pos
        elif data[pos : pos + 1] == b"<":
            pos = data.find(b">", pos) + 1 or len(data)
        elif data[pos : pos + 1] == b"(":
            pos = _skip_literal_string(data, pos)
        elif data[pos : pos + 1] == b"%":
            pos = _skip_space(data, pos)
        else:
            pos += 1
    return pos


@dataclass(frozen=True)
class RawStream:
    key: Key
    length: int | Key | None  # as written: a number, or a reference to one
    keyword_eol: bytes  # what follows the stream keyword
    data_start: int
    endstream: int  # offset of the endstream keyword
    eol_before_end: int  # bytes of end-of-line before it: 0, 1 or 2


def _raw_stream(data: bytes, offset: int, key: Key) -> RawStream | str:
    header = _OBJ_HEADER.match(data, offset)
    if header is None or (int(header[1]), int(header[2])) != key:
        return f"object {key[0]} {key[1]} is not at its cross-reference offset {offset}"
    start = _skip_space(data, header.end())
    if not data.startswith(b"<<", start):
        return f"object {key[0]} {key[1]} has no stream dictionary"
    dict_end = _skip_dictionary(data, start)
    found = _LENGTH.search(data, start, dict_end)
    length: int | Key | None = None
    if found:
        length = (int(found[1]), int(found[2])) if found[2] else int(found[1])
    keyword = _skip_space(data, dict_end)
    if not data.startswith(b"stream", keyword):
        return f"object {key[0]} {key[1]}: no stream keyword after its dictionary"
    after = keyword + len(b"stream")
    eol = b"\r\n" if data.startswith(b"\r\n", after) else data[after : after + 1]
    data_start = after + (len(eol) if eol in (b"\r\n", b"\n", b"\r") else 0)
    end = _endstream(data, data_start, length if isinstance(length, int) else None)
    if end < 0:
        return f"object {key[0]} {key[1]}: no endstream keyword"
    before = 2 if data[end - 2 : end] == b"\r\n" else int(data[end - 1 : end] in (b"\n", b"\r"))
    return RawStream(key, length, eol, data_start, end, min(before, end - data_start))


def _endstream(data: bytes, data_start: int, length: int | None) -> int:
    """Where this stream's endstream keyword is: after /Length bytes if it is there."""
    if length is not None:
        probe = data_start + length
        for skip in (0, 1, 2):
            if data.startswith(b"endstream", probe + skip):
                return probe + skip
    return data.find(b"endstream", data_start)


def _raw_streams(pdf: pikepdf.Pdf, data: bytes) -> Iterator[RawStream | str]:
    for key, entry in sorted(pdf.get_xref_table().items()):
        if entry.type != 1 or entry.offset is None:
            continue
        try:
            is_stream = isinstance(pdf.get_object(key), pikepdf.Stream)
        except pikepdf.PdfError:
            continue
        if is_stream:
            yield _raw_stream(data, entry.offset, key)


def _stream_failures(pdf: pikepdf.Pdf, data: bytes) -> Iterator[Failure]:
    keyword, before_end, lengths = [], [], []
    for stream in _raw_streams(pdf, data):
        if isinstance(stream, str):
            lengths.append(stream)
            continue
        name = f"object {stream.key[0]} {stream.key[1]}"
        if stream.keyword_eol not in (b"\r\n", b"\n"):
            keyword.append(f"{name}: stream keyword followed by {stream.keyword_eol!r}")
        if stream.eol_before_end == 0:
            before_end.append(f"{name}: no end-of-line before endstream")
        length = stream.length
        if isinstance(length, tuple):
            length = _int(pdf.get_object(length))
        real = stream.endstream - stream.eol_before_end - stream.data_start
        # Before CR LF the CR may be data or part of the end-of-line.
        if length != real and not (stream.eol_before_end == 2 and length == real + 1):
            lengths.append(f"{name}: /Length {length} but {real} bytes of data")
    if keyword:
        yield Failure("stream-keyword-eol", _examples(keyword))
    if before_end:
        yield Failure("endstream-eol", _examples(before_end))
    if lengths:
        yield Failure("stream-length", _examples(lengths))


def _header_failures(data: bytes) -> Iterator[Failure]:
    header = re.match(rb"%PDF-(\d\.\d)(\r\n|\r|\n)", data)
    if header is None:
        yield Failure("pdf-version", f"the file does not start with a PDF header: {data[:10]!r}")
        return
    if header[1] != b"1.7":
        yield Failure("pdf-version", f"the header says PDF {header[1].decode()}, not 1.7")
    comment = data[header.end() : header.end() + 5]
    if len(comment) < 5 or comment[:1] != b"%" or any(byte <= 127 for byte in comment[1:]):
        yield Failure("binary-comment", f"the line after the header is {comment!r}")


def _eof_failures(data: bytes) -> Iterator[Failure]:
    end = data.rfind(b"%%EOF")
    tail = data[end + 5 :] if end >= 0 else data[-16:]
    if end < 0 or tail not in (b"", b"\n", b"\r", b"\r\n"):
        yield Failure("eof", f"the file ends {data[-16:]!r}, not %%EOF and one optional EOL")


# --- content streams: marked content, painting, text -------------------------------------


@dataclass(frozen=True)
class Mark:
    tag: str
    mcid: int | None


@dataclass(frozen=True)
class Painting:
    operator: str
    marks: tuple[Mark, ...]
    text: str

    @property
    def mcid(self) -> int | None:
        return next((m.mcid for m in reversed(self.marks) if m.mcid is not None), None)

    @property
    def artifact(self) -> bool:
        return any(m.tag == "Artifact" for m in self.marks)


@dataclass(frozen=True)
class Chunk:
    """A shown string: its text, where it starts and ends (device space), its size."""

    text: str
    x: float
    y: float
    end_x: float
    size: float


@dataclass
class FontInfo:
    key: Key | None
    code_length: int
    unicode: dict[bytes, str]
    widths: dict[int, float]
    default_width: float


def _matrix(values: list[float]) -> Matrix:
    return (values[0], values[1], values[2], values[3], values[4], values[5])


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    return (
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    )


_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_CMAP_BLOCK = re.compile(rb"begin(bfchar|bfrange)(.*?)end\1", re.S)


def _hex_tokens(text: bytes) -> list[bytes | list[bytes]]:
    """The <hex> strings of a CMap block, with [ … ] arrays kept together."""
    tokens: list[bytes | list[bytes]] = []
    for part in re.finditer(rb"\[([^\]]*)\]|<[0-9A-Fa-f\s]*>", text):
        if part[1] is not None:
            tokens.append([bytes.fromhex(h.decode()) for h in _HEX.findall(part[1])])
        else:
            tokens.append(bytes.fromhex(part[0][1:-1].decode()))
    return tokens


def _utf16(raw: bytes) -> str:
    return raw.decode("utf-16-be", errors="replace")


def parse_to_unicode(cmap: bytes) -> dict[bytes, str]:
    """The code → text map of a ToUnicode CMap (bfchar and bfrange blocks)."""
    mapping: dict[bytes, str] = {}
    for block in _CMAP_BLOCK.finditer(cmap):
        tokens = _hex_tokens(block[2])
        if block[1] == b"bfchar":
            for source, target in zip(tokens[::2], tokens[1::2], strict=False):
                if isinstance(source, bytes) and isinstance(target, bytes):
                    mapping[source] = _utf16(target)
        elif block[1] == b"bfrange":
            for low, high, target in zip(tokens[::3], tokens[1::3], tokens[2::3], strict=False):
                if isinstance(low, bytes) and isinstance(high, bytes):
                    _add_range(mapping, low, high, target)
    return mapping


def _add_range(mapping: dict[bytes, str], low: bytes, high: bytes, target: object) -> None:
    first, last = int.from_bytes(low, "big"), int.from_bytes(high, "big")
    for offset, code in enumerate(range(first, min(last, first + 65535) + 1)):
        source = code.to_bytes(len(low), "big")
        if isinstance(target, list):
            if offset < len(target):
                mapping[source] = _utf16(target[offset])
        elif isinstance(target, bytes) and target:
            value = int.from_bytes(target[-2:], "big") + offset
            mapping[source] = _utf16(target[:-2] + (value & 0xFFFF).to_bytes(2, "big"))


def _type0_widths(descendant: object) -> dict[int, float]:
    widths: dict[int, float] = {}
    items = _array(_get(descendant, "/W"))
    index = 0
    while index + 1 < len(items):
        first = _int(items[index])
        following = items[index + 1]
        if isinstance(following, pikepdf.Array) and first is not None:
            for offset, each in enumerate(following):
                widths[first + offset] = _number(each) or 0.0
            index += 2
        elif index + 2 < len(items) and first is not None:
            last, width = _int(following) or first, _number(items[index + 2]) or 0.0
            widths.update(dict.fromkeys(range(first, last + 1), width))
            index += 3
        else:
            break
    return widths


def _font_info(font: object) -> FontInfo:
    to_unicode = _stream(_get(font, "/ToUnicode"))
    unicode = parse_to_unicode(to_unicode.read_bytes()) if to_unicode is not None else {}
    if _name(_get(font, "/Subtype")) == "/Type0":
        descendant = next(iter(_array(_get(font, "/DescendantFonts"))), None)
        default = _number(_get(descendant, "/DW"))
        return FontInfo(
            _key(font),
            2,
            unicode,
            _type0_widths(descendant),
            1000.0 if default is None else default,
        )
    first = _int(_get(font, "/FirstChar")) or 0
    widths = {first + i: _number(w) or 0.0 for i, w in enumerate(_array(_get(font, "/Widths")))}
    missing = _number(_get(_get(font, "/FontDescriptor"), "/MissingWidth")) or 0.0
    return FontInfo(_key(font), 1, unicode, widths, missing)


@dataclass
class TextState:
    font: FontInfo | None = None
    size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    matrix: Matrix = IDENTITY
    line: Matrix = IDENTITY


@dataclass
class PageWalk:
    """What one page's content stream paints, and under which marks."""

    paintings: list[Painting] = field(default_factory=list)
    mcids: list[int] = field(default_factory=list)
    chunks: dict[int, list[Chunk]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    colour_spaces: set[str] = field(default_factory=set)
    codes: dict[Key | None, set[bytes]] = field(default_factory=dict)  # shown, per font


class ContentWalker:
    """Runs one page's content stream, keeping the marks, the graphics and the text state."""

    def __init__(self, page: pikepdf.Page) -> None:
        self.page = page
        resources = page.get_resources()
        self.resources: object = resources
        self.walk = PageWalk()
        self.marks: list[Mark] = []
        self.ctm: Matrix = IDENTITY
        self.saved: list[tuple[Matrix, TextState]] = []
        self.text = TextState()
        self.fonts: dict[str, FontInfo] = {}

    def run(self) -> PageWalk:
        for instruction in pikepdf.parse_content_stream(self.page):
            operator = str(instruction.operator)
            operands: list[object] = list(instruction.operands)
            self._marked_content(operator, operands)
            self._graphics(operator, operands)
            self._colour(operator, operands)
            text = self._text(operator, operands)
            if operator in PAINTING or operator == INLINE_IMAGE:
                self.walk.paintings.append(Painting(operator, tuple(self.marks), text))
            if operator == INLINE_IMAGE and isinstance(
                instruction, pikepdf.ContentStreamInlineImage
            ):
                image = instruction.iimage.obj  # pikepdf spells the keys out in full
                self._image_colour(image.get("/ColorSpace", image.get("/CS")))
        if self.marks:
            self.walk.problems.append(f"{len(self.marks)} marked-content sequence(s) never closed")
        return self.walk

    def _marked_content(self, operator: str, operands: list[object]) -> None:
        if operator == "EMC":
            if not self.marks:
                self.walk.problems.append("EMC without an open BMC or BDC")
            else:
                self.marks.pop()
        elif operator in ("BMC", "BDC"):
            tag = _name(operands[0]) if operands else None
            properties = operands[1] if operator == "BDC" and len(operands) > 1 else None
            if isinstance(properties, pikepdf.Name):
                properties = _get(_get(self.resources, "/Properties"), str(properties))
            mcid = _int(_get(properties, "/MCID"))
            self._check_new_mark((tag or "?").lstrip("/"), mcid)
            self.marks.append(Mark((tag or "?").lstrip("/"), mcid))

    def _check_new_mark(self, tag: str, mcid: int | None) -> None:
        if mcid is None:
            return
        if any(m.mcid is not None for m in self.marks):
            self.walk.problems.append(f"MCID {mcid} ({tag}) is nested inside another MCID")
        if tag == "Artifact" or any(m.tag == "Artifact" for m in self.marks):
            self.walk.problems.append(f"MCID {mcid} ({tag}) is inside or on an artifact")
        if mcid in self.walk.mcids:
            self.walk.problems.append(f"MCID {mcid} is used twice on the page")
        self.walk.mcids.append(mcid)

    def _graphics(self, operator: str, operands: list[object]) -> None:
        if operator == "q":  # the text parameters are graphics state too
            self.saved.append((self.ctm, replace(self.text)))
        elif operator == "Q" and self.saved:
            self.ctm, self.text = self.saved.pop()
        elif operator == "cm" and len(operands) == 6:
            self.ctm = _multiply(_matrix([_number(v) or 0.0 for v in operands]), self.ctm)

    def _colour(self, operator: str, operands: list[object]) -> None:
        spaces = {"rg": "DeviceRGB", "RG": "DeviceRGB", "k": "DeviceCMYK", "K": "DeviceCMYK"}
        spaces |= {"g": "DeviceGray", "G": "DeviceGray"}
        if operator in spaces:
            self.walk.colour_spaces.add(spaces[operator])
        elif operator in ("cs", "CS") and operands:
            name = (_name(operands[0]) or "").lstrip("/")
            if name.startswith("Device"):
                self.walk.colour_spaces.add(name)
        elif operator == "Do" and operands:
            xobject = _get(_get(self.resources, "/XObject"), _name(operands[0]) or "")
            if _name(_get(xobject, "/Subtype")) == "/Image":
                self._image_colour(_get(xobject, "/ColorSpace"))

    def _image_colour(self, space: object) -> None:
        aliases = {"/G": "DeviceGray", "/RGB": "DeviceRGB", "/CMYK": "DeviceCMYK"}
        name = _name(space)
        if name in aliases:
            self.walk.colour_spaces.add(aliases[name])
        elif name and name.startswith("/Device"):
            self.walk.colour_spaces.add(name[1:])

    def _text(self, operator: str, operands: list[object]) -> str:
        state = self.text
        numbers = [_number(v) or 0.0 for v in operands]
        if operator == "BT":
            state.matrix = state.line = IDENTITY
        elif operator == "Tf" and len(operands) == 2:
            state.font = self._font(_name(operands[0]) or "")
            state.size = numbers[1]
        elif operator in ("Tc", "Tw", "Tz", "TL") and numbers:
            self._text_parameter(operator, numbers[0])
        elif operator in ("Td", "TD") and len(numbers) == 2:
            if operator == "TD":
                state.leading = -numbers[1]
            self._move(numbers[0], numbers[1])
        elif operator == "Tm" and len(numbers) == 6:
            state.matrix = state.line = _matrix(numbers)
        elif operator == "T*":
            self._move(0.0, -state.leading)
        elif operator in TEXT_SHOWING:
            return self._show(operator, operands, numbers)
        return ""

    def _text_parameter(self, operator: str, value: float) -> None:
        if operator == "Tc":
            self.text.char_spacing = value
        elif operator == "Tw":
            self.text.word_spacing = value
        elif operator == "Tz":
            self.text.scale = value / 100
        else:
            self.text.leading = value

    def _move(self, tx: float, ty: float) -> None:
        self.text.line = _multiply((1.0, 0.0, 0.0, 1.0, tx, ty), self.text.line)
        self.text.matrix = self.text.line

    def _font(self, name: str) -> FontInfo | None:
        if name not in self.fonts:
            font = _get(_get(self.resources, "/Font"), name)
            if font is None:
                return None
            self.fonts[name] = _font_info(font)
        return self.fonts[name]

    def _show(self, operator: str, operands: list[object], numbers: list[float]) -> str:
        if operator in ("'", '"'):
            if operator == '"' and len(numbers) == 3:
                self.text.word_spacing, self.text.char_spacing = numbers[0], numbers[1]
            self._move(0.0, -self.text.leading)
        shown = operands[-1] if operands else None
        pieces = list(shown) if isinstance(shown, pikepdf.Array) else [shown]
        start = _multiply(self.text.matrix, self.ctm)
        text = ""
        for piece in pieces:
            if isinstance(piece, pikepdf.String):
                text += self._advance_over(bytes(piece))
            elif (adjust := _number(piece)) is not None:
                self._advance(-adjust / 1000 * self.text.size * self.text.scale)
        end = _multiply(self.text.matrix, self.ctm)
        size = self.text.size * math.sqrt(abs(start[0] * start[3] - start[1] * start[2]))
        mcid = next((m.mcid for m in reversed(self.marks) if m.mcid is not None), None)
        if mcid is not None and text:
            chunk = Chunk(text, start[4], start[5], end[4], size)
            self.walk.chunks.setdefault(mcid, []).append(chunk)
        return text

    def _advance_over(self, raw: bytes) -> str:
        font, state = self.text.font, self.text
        length = font.code_length if font else 1
        text = ""
        for index in range(0, len(raw) - length + 1, length):
            code = raw[index : index + length]
            number = int.from_bytes(code, "big")
            if font is None:
                text += code.decode("latin-1")
                continue
            text += font.unicode.get(code, "\ufffd")
            self.walk.codes.setdefault(font.key, set()).add(code)
            width = font.widths.get(number, font.default_width) / 1000 * state.size
            spacing = state.char_spacing + (state.word_spacing if code == b" " else 0.0)
            self._advance((width + spacing) * state.scale)
        return text

    def _advance(self, tx: float) -> None:
        self.text.matrix = _multiply((1.0, 0.0, 0.0, 1.0, tx, 0.0), self.text.matrix)


def join_chunks(chunks: Iterable[Chunk]) -> str:
    """Join shown strings as a reader would: a space at a new line or a visible gap."""
    text, previous = "", None
    for chunk in chunks:
        if previous is not None and not text.endswith(" ") and not chunk.text.startswith(" "):
            tolerance = max(previous.size, chunk.size, 1.0)
            new_line = abs(chunk.y - previous.y) > 0.5 * tolerance
            gap = chunk.x - previous.end_x > 0.2 * tolerance or chunk.x < previous.x
            if new_line or gap:
                text += " "
        text += chunk.text
        previous = chunk
    return " ".join(text.split())


# --- the structure tree -----------------------------------------------------------------


@dataclass(frozen=True)
class McidRef:
    mcid: int
    page: Key | None


@dataclass(frozen=True)
class ObjRef:
    target: object


@dataclass
class Element:
    obj: pikepdf.Dictionary
    type: str
    role: str
    parent: Element | None
    kids: list[Element | McidRef | ObjRef] = field(default_factory=list)

    def walk(self) -> Iterator[Element]:
        yield self
        for kid in self.kids:
            if isinstance(kid, Element):
                yield from kid.walk()

    def mcids(self) -> Iterator[McidRef]:
        for kid in self.kids:
            if isinstance(kid, Element):
                yield from kid.mcids()
            elif isinstance(kid, McidRef):
                yield kid


@dataclass
class StructTree:
    root: pikepdf.Dictionary
    elements: list[Element]  # the root's kids
    problems: list[str]
    role_problems: list[str]

    def walk(self) -> Iterator[Element]:
        for element in self.elements:
            yield from element.walk()


class TreeReader:
    def __init__(self, root: pikepdf.Dictionary) -> None:
        self.root = root
        self.role_map = _dict(root.get("/RoleMap"))
        self.seen: set[Key] = set()
        self.problems: list[str] = []
        self.role_problems: list[str] = []

    def read(self) -> StructTree:
        kids = self._kid_list(self.root.get("/K"))
        elements = [e for e in (self._element(k, None) for k in kids) if e is not None]
        if not kids:
            self.problems.append("the StructTreeRoot has no /K")
        if [e.role for e in elements] != ["Document"]:
            roles = ", ".join(e.type for e in elements) or "nothing"
            self.problems.append(f"the StructTreeRoot's kids are {roles}, not one Document")
        return StructTree(self.root, elements, self.problems, self.role_problems)

    @staticmethod
    def _kid_list(value: object) -> list[object]:
        if value is None:
            return []
        return _array(value) if isinstance(value, pikepdf.Array) else [value]

    def _element(self, obj: object, parent: Element | None) -> Element | None:
        element_dict = _dict(obj)
        if element_dict is None:
            self.problems.append(f"a kid of {parent.type if parent else 'the root'} is {obj!r}")
            return None
        key = _key(element_dict)
        if key is not None and key in self.seen:
            self.problems.append(f"structure element {key} appears twice (a cycle?)")
            return None
        if key is not None:
            self.seen.add(key)
        type_ = _name(element_dict.get("/S"))
        if type_ is None:
            self.problems.append(f"structure element {key} has no /S")
            type_ = "/?"
        expected_parent = parent.obj if parent else self.root
        if not _same(element_dict.get("/P"), expected_parent):
            self.problems.append(f"{type_[1:]} element {key}: /P is not its parent")
        element = Element(element_dict, type_[1:], self._role(type_[1:]), parent)
        page = element_dict.get("/Pg")
        for kid in self._kid_list(element_dict.get("/K")):
            child = self._kid(kid, element, page)
            if child is not None:
                element.kids.append(child)
        return element

    def _kid(
        self, kid: object, element: Element, page: object
    ) -> Element | McidRef | ObjRef | None:
        mcid = _int(kid)
        if mcid is not None:
            return McidRef(mcid, _key(page))
        kind = _name(_get(kid, "/Type"))
        if kind == "/MCR":
            if _get(kid, "/Stm") is not None:
                self.problems.append(f"{element.type}: marked content in a form XObject (/Stm)")
            mcid = _int(_get(kid, "/MCID"))
            own_page = _get(kid, "/Pg")
            where = own_page if own_page is not None else page
            return McidRef(mcid if mcid is not None else -1, _key(where))
        if kind == "/OBJR":
            return ObjRef(_get(kid, "/Obj"))
        return self._element(kid, element)

    def _role(self, type_: str) -> str:
        role, steps = type_, 0
        while role not in STANDARD_TYPES and steps < 16:
            mapped = _name(_get(self.role_map, "/" + role))
            if mapped is None:
                self.role_problems.append(f"structure type {type_} maps to no standard type")
                return role
            role, steps = mapped[1:], steps + 1
        if type_ in STANDARD_TYPES and _get(self.role_map, "/" + type_) is not None:
            self.role_problems.append(f"the standard type {type_} is remapped")
        return role


def _number_tree(node: object, depth: int = 0) -> dict[int, object]:
    entries: dict[int, object] = {}
    if depth > 32:
        return entries
    nums = _array(_get(node, "/Nums"))
    for key, value in zip(nums[::2], nums[1::2], strict=False):
        number = _int(key)
        if number is not None:
            entries[number] = value
    for kid in _array(_get(node, "/Kids")):
        entries.update(_number_tree(kid, depth + 1))
    return entries


# --- XMP -----------------------------------------------------------------------------------


def _q(prefix: str, local: str) -> str:
    return f"{{{NS[prefix]}}}{local}"


@dataclass
class Xmp:
    raw: bytes
    root: ET.Element
    declared: set[tuple[str, str]]  # (prefix, namespace URI) pairs as written
    properties: dict[str, ET.Element | str]

    def simple(self, prefix: str, local: str) -> str | None:
        value = self.properties.get(_q(prefix, local))
        if value is None or isinstance(value, str):
            return value
        return (value.text or "").strip() if len(value) == 0 else None

    def items(self, prefix: str, local: str) -> list[str]:
        value = self.properties.get(_q(prefix, local))
        if not isinstance(value, ET.Element):
            return []
        return [(li.text or "").strip() for li in value.iterfind("rdf:*/rdf:li", NS)]

    def default_text(self, prefix: str, local: str) -> str | None:
        value = self.properties.get(_q(prefix, local))
        if not isinstance(value, ET.Element):
            return None
        for li in value.iterfind("rdf:Alt/rdf:li", NS):
            if li.get(_q("xml", "lang")) == "x-default":
                return (li.text or "").strip()
        return None


def _xmp_properties(root: ET.Element) -> dict[str, ET.Element | str]:
    """The properties of the top-level rdf:Description elements, by {namespace}name."""
    properties: dict[str, ET.Element | str] = {}
    rdf = root if root.tag == _q("rdf", "RDF") else root.find("rdf:RDF", NS)
    for description in rdf.iterfind("rdf:Description", NS) if rdf is not None else ():
        for name, value in description.attrib.items():
            if not name.startswith(f"{{{NS['rdf']}}}"):
                properties[name] = value
        for child in description:
            properties[child.tag] = child
    return properties


def parse_xmp(raw: bytes) -> Xmp | str:
    """The packet, or why it is not a well-formed XMP packet."""
    header = re.search(rb"<\?xpacket\s+begin=([\"'])(.*?)\1(.*?)\?>", raw, re.S)
    if header is None or b"<?xpacket end=" not in raw:
        return "no <?xpacket begin=…?> … <?xpacket end=…?> around the metadata"
    if re.search(rb"\b(bytes|encoding)\s*=", header[3]):
        return "the xpacket header has a bytes or encoding attribute (PDF/A forbids them)"
    try:
        raw.decode("utf-8")
        declared = {
            (str(pair[0]), str(pair[1]))
            for _event, pair in ET.iterparse(BytesIO(raw), events=("start-ns",))
        }
        root = ET.fromstring(raw)
    except (UnicodeDecodeError, ET.ParseError) as error:
        return f"the XMP is not well-formed UTF-8 XML: {error}"
    if root.find(".//rdf:RDF", NS) is None and root.tag != _q("rdf", "RDF"):
        return "the XMP has no rdf:RDF"
    return Xmp(raw, root, declared, _xmp_properties(root))


def _resource_fields(li: ET.Element) -> dict[str, str | ET.Element]:
    """The fields of an rdf:li resource, written with parseType Resource or a Description."""
    fields: dict[str, str | ET.Element] = {}
    holders = [li, *li.findall("rdf:Description", NS)]
    for holder in holders:
        fields.update({k: v for k, v in holder.attrib.items() if not k.startswith("{" + NS["rdf"])})
        fields.update(
            {child.tag: child for child in holder if child.tag != _q("rdf", "Description")}
        )
    return fields


def _field_text(fields: dict[str, str | ET.Element], prefix: str, local: str) -> str | None:
    value = fields.get(_q(prefix, local))
    if isinstance(value, ET.Element):
        return (value.text or "").strip() if len(value) == 0 else None
    return value


_PDF_DATE = re.compile(
    r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+\-])(?:(\d{2})'?(\d{2})?'?)?)?$"
)


def parse_pdf_date(value: str) -> datetime | None:
    found = _PDF_DATE.match(value.strip())
    if found is None:
        return None
    defaults = (0, 1, 1, 0, 0, 0)
    year, month, day, hour, minute, second = (
        int(part) if part else default
        for part, default in zip(found.groups()[:6], defaults, strict=True)
    )
    sign, hours, minutes = found[7], int(found[8] or 0), int(found[9] or 0)
    offset = timedelta(hours=hours, minutes=minutes) * (-1 if sign == "-" else 1)
    try:
        zone = timezone(offset) if sign else UTC
        return datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:
        return None


def parse_xmp_date(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- fonts and ICC --------------------------------------------------------------------------


def _resource_fonts(pdf: pikepdf.Pdf) -> Iterator[tuple[str, object]]:
    """Every font named in any resource dictionary, once each, with the name it is used by."""
    seen: set[Key] = set()
    for obj in pdf.objects:
        resources = _get(obj, "/Resources") if isinstance(obj, pikepdf.Object) else None
        fonts = _dict(_get(resources, "/Font"))
        if fonts is None:
            continue
        for name, font in fonts.items():
            key = _key(font)
            if key is not None and key in seen:
                continue
            if key is not None:
                seen.add(key)
            yield f"{name} ({_name(_get(font, '/BaseFont')) or 'no BaseFont'})", font


def _font_program_problem(font: object) -> str | None:
    subtype = _name(_get(font, "/Subtype"))
    if subtype == "/Type3":
        return None
    described = font
    if subtype == "/Type0":
        described = next(iter(_array(_get(font, "/DescendantFonts"))), None)
        subtype = _name(_get(described, "/Subtype"))
    expected = {
        "/TrueType": ("/FontFile2",),
        "/CIDFontType2": ("/FontFile2",),
        "/CIDFontType0": ("/FontFile3",),
        "/Type1": ("/FontFile", "/FontFile3"),
        "/MMType1": ("/FontFile", "/FontFile3"),
    }.get(subtype or "")
    if expected is None:
        return f"has the unexpected subtype {subtype}"
    descriptor = _get(described, "/FontDescriptor")
    program = next((_stream(_get(descriptor, k)) for k in expected if _get(descriptor, k)), None)
    if program is None:
        return f"is not embedded (no {' or '.join(expected)} in its FontDescriptor)"
    data = program.read_bytes()
    if expected == ("/FontFile2",) and data[:4] not in (b"\0\1\0\0", b"true"):
        return f"has a FontFile2 that is not a TrueType program ({data[:4]!r})"
    return None


def _to_unicode_problem(font: object, shown: set[bytes]) -> str | None:
    """PDF/UA-1 7.21.7: every code shown maps to Unicode, none of it U+0000, U+FEFF, U+FFFE."""
    stream = _stream(_get(font, "/ToUnicode"))
    if stream is None:
        return "has no ToUnicode CMap"
    mapping = parse_to_unicode(stream.read_bytes())
    if not mapping:
        return "has a ToUnicode CMap that maps nothing"
    unmapped = sorted(code.hex() for code in shown if not mapping.get(code))
    if unmapped:
        return f"shows codes {', '.join(unmapped[:5])} that its ToUnicode CMap does not map"
    bad = sorted(code.hex() for code in shown if set(mapping[code]) & {"\0", "\ufeff", "\ufffe"})
    return f"shows codes {', '.join(bad[:5])} mapped to U+0000, U+FEFF or U+FFFE" if bad else None


def icc_problems(profile: bytes, components: int | None) -> list[str]:
    """Why ``profile`` is not an RGB display (or output) ICC profile fit for an output intent."""
    if len(profile) < 132 or profile[36:40] != b"acsp":
        return ["not an ICC profile (no 'acsp' signature)"]
    problems = []
    if int.from_bytes(profile[:4], "big") != len(profile):
        problems.append("the header's size is not the profile's")
    if profile[8] > 4:
        problems.append(f"ICC version {profile[8]} is newer than PDF/A-2 allows")
    if profile[12:16] not in (b"mntr", b"prtr"):
        problems.append(f"device class {profile[12:16]!r} is neither mntr nor prtr")
    if profile[16:20] != b"RGB " or components != 3:
        problems.append(f"colour space {profile[16:20]!r} with /N {components}, not RGB with /N 3")
    tags = _icc_tags(profile)
    if tags is None:
        return [*problems, "the tag table runs past the end of the profile"]
    missing = {b"desc", b"cprt", b"wtpt", *SRGB_COLORANTS, b"rTRC", b"gTRC", b"bTRC"} - set(tags)
    if missing:
        problems.append(f"tags missing: {b', '.join(sorted(missing)).decode()}")
    for tag, expected in SRGB_COLORANTS.items():
        data = tags.get(tag, b"")
        values = [int.from_bytes(data[i : i + 4], "big", signed=True) / 65536 for i in (8, 12, 16)]
        if len(data) < 20 or any(abs(v - e) > 0.002 for v, e in zip(values, expected, strict=True)):
            problems.append(f"{tag.decode()} is not the sRGB primary")
    return problems


def _icc_tags(profile: bytes) -> dict[bytes, bytes] | None:
    count = int.from_bytes(profile[128:132], "big")
    if 132 + 12 * count > len(profile):
        return None
    tags = {}
    for index in range(count):
        entry = profile[132 + 12 * index : 144 + 12 * index]
        offset, size = int.from_bytes(entry[4:8], "big"), int.from_bytes(entry[8:12], "big")
        if offset + size > len(profile):
            return None
        tags[entry[:4]] = profile[offset : offset + size]
    return tags


# --- the document under check --------------------------------------------------------------


class Document:
    """One opened PDF and what the checks share: walks, structure tree, XMP."""

    def __init__(self, pdf: pikepdf.Pdf, data: bytes) -> None:
        self.pdf = pdf
        self.data = data
        self.root = pdf.Root

    @cached_property
    def pages(self) -> list[tuple[pikepdf.Page, PageWalk]]:
        return [(page, ContentWalker(page).run()) for page in self.pdf.pages]

    @cached_property
    def tree(self) -> StructTree | None:
        root = _dict(self.root.get("/StructTreeRoot"))
        return TreeReader(root).read() if root is not None else None

    @cached_property
    def xmp(self) -> Xmp | str:
        metadata = _stream(self.root.get("/Metadata"))
        if metadata is None:
            return "the catalog has no /Metadata stream"
        return parse_xmp(metadata.read_bytes())

    @cached_property
    def info(self) -> pikepdf.Dictionary:
        return _dict(self.pdf.trailer.get("/Info")) or pikepdf.Dictionary()

    def annotations(self) -> Iterator[tuple[int, pikepdf.Page, pikepdf.Dictionary]]:
        for number, page in enumerate(self.pdf.pages, 1):
            for annotation in _array(page.obj.get("/Annots")):
                annotation_dict = _dict(annotation)
                if annotation_dict is not None:
                    yield number, page, annotation_dict

    def links(self) -> Iterator[tuple[int, pikepdf.Page, pikepdf.Dictionary]]:
        for number, page, annotation in self.annotations():
            if _name(annotation.get("/Subtype")) == "/Link":
                yield number, page, annotation


Check = Callable[[Document], Iterator[Failure]]
CHECKS: list[Check] = []


def check(function: Check) -> Check:
    CHECKS.append(function)
    return function


# --- checks: tagging -------------------------------------------------------------------------


@check
def _marked(doc: Document) -> Iterator[Failure]:
    info = doc.root.get("/MarkInfo")
    if _get(info, "/Marked") is not True:
        yield Failure("marked", "the catalog's /MarkInfo does not have /Marked true")
    if _get(info, "/Suspects") is True:
        yield Failure("marked", "/MarkInfo has /Suspects true")


@check
def _struct_tree(doc: Document) -> Iterator[Failure]:
    if doc.tree is None:
        yield Failure("struct-tree", "the catalog has no /StructTreeRoot")
        return
    if doc.tree.problems:
        yield Failure("struct-tree", _examples(doc.tree.problems))
    if doc.tree.role_problems:
        yield Failure("role-map", _examples(sorted(set(doc.tree.role_problems))))


@check
def _marked_content(doc: Document) -> Iterator[Failure]:
    for number, (_page, walk) in enumerate(doc.pages, 1):
        if walk.problems:
            yield Failure("marked-content", f"page {number}: {_examples(walk.problems)}")


@check
def _untagged_paint(doc: Document) -> Iterator[Failure]:
    for number, (_page, walk) in enumerate(doc.pages, 1):
        loose = [
            f"{p.operator}" + (f" {p.text!r}" if p.text else "")
            for p in walk.paintings
            if p.mcid is None and not p.artifact
        ]
        if loose:
            yield Failure(
                "untagged-paint",
                f"page {number}: {len(loose)} painting operator(s) outside tagged content "
                f"and artifacts: {_examples(loose)}",
            )


def _parent_tree_pages(
    doc: Document, tree: StructTree, parents: dict[int, object]
) -> Iterator[str]:
    owners = {_key(e.obj): e for e in tree.walk()}
    for number, (page, walk) in enumerate(doc.pages, 1):
        key = _int(page.obj.get("/StructParents"))
        if key is None:
            if walk.mcids:
                yield f"page {number} has MCIDs but no /StructParents"
            continue
        entries = _array(parents.get(key))
        if key not in parents or not isinstance(parents.get(key), pikepdf.Array):
            yield f"page {number}: ParentTree has no array under its key {key}"
        for mcid in walk.mcids:
            owner = owners.get(_key(entries[mcid])) if 0 <= mcid < len(entries) else None
            if owner is None or McidRef(mcid, _key(page.obj)) not in owner.kids:
                yield f"page {number}: MCID {mcid} is not mapped to the element that holds it"
        for mcid, entry in enumerate(entries):
            if entry is not None and mcid not in walk.mcids:
                yield f"page {number}: ParentTree maps MCID {mcid}, which the page never marks"


def _parent_tree_elements(doc: Document, tree: StructTree) -> Iterator[str]:
    walks = {_key(page.obj): walk for page, walk in doc.pages}
    for element in tree.walk():
        for kid in element.kids:
            if not isinstance(kid, McidRef):
                continue
            walk = walks.get(kid.page) if kid.page is not None else None
            if walk is None:
                yield f"{element.type} holds MCID {kid.mcid} with no /Pg naming a page"
            elif kid.mcid not in walk.mcids:
                yield f"{element.type} holds MCID {kid.mcid}, which its page never marks"


def _parent_tree_annotations(doc: Document, parents: dict[int, object]) -> Iterator[str]:
    used = [_int(page.obj.get("/StructParents")) for page, _walk in doc.pages]
    for number, _page, annotation in doc.annotations():
        key = _int(annotation.get("/StructParent"))
        if key is None:
            continue
        if key in used:
            yield f"page {number}: /StructParent {key} is used twice"
        used.append(key)
        target = _dict(parents.get(key))
        kids = TreeReader._kid_list(_get(target, "/K"))
        if not any(
            _name(_get(k, "/Type")) == "/OBJR" and _same(_get(k, "/Obj"), annotation) for k in kids
        ):
            yield f"page {number}: ParentTree key {key} is not the element with this link's OBJR"
    top = max((k for k in used if k is not None), default=-1)
    next_key = _int(_get(doc.tree.root if doc.tree else None, "/ParentTreeNextKey"))
    if next_key is not None and next_key <= top:
        yield f"/ParentTreeNextKey {next_key} is not above the largest key {top}"


@check
def _struct_parent_tree(doc: Document) -> Iterator[Failure]:
    if doc.tree is None:
        return
    parent_tree = doc.tree.root.get("/ParentTree")
    if parent_tree is None:
        yield Failure("struct-parent-tree", "the StructTreeRoot has no /ParentTree")
        return
    parents = _number_tree(parent_tree)
    problems = [
        *_parent_tree_pages(doc, doc.tree, parents),
        *_parent_tree_elements(doc, doc.tree),
        *_parent_tree_annotations(doc, parents),
    ]
    if problems:
        yield Failure("struct-parent-tree", _examples(problems))


def _heading_level(role: str) -> int:
    return int(role[1]) if len(role) == 2 else 0


@check
def _heading_order(doc: Document) -> Iterator[Failure]:
    if doc.tree is None:
        return
    roles = [e.role for e in doc.tree.walk() if e.role in HEADINGS]
    problems = []
    if not roles or roles[0] != "H1":
        problems.append(f"the first heading is {roles[0] if roles else 'missing'}, not H1")
    if roles.count("H1") > 1:
        problems.append(f"{roles.count('H1')} H1 headings, not one")
    if "H" in roles and len(set(roles)) > 1:
        problems.append("H is mixed with numbered headings")
    for before, after in itertools.pairwise(roles):
        if _heading_level(after) > _heading_level(before) + 1:
            problems.append(f"{after} follows {before}, skipping a level")
    if problems:
        yield Failure("heading-order", f"{_examples(problems)} (headings: {' '.join(roles)})")


def _list_problems(element: Element) -> Iterator[str]:
    kids = [k for k in element.kids if isinstance(k, Element)]
    roles = [k.role for k in kids]
    if element.role == "L":
        items = roles[1:] if roles[:1] == ["Caption"] else roles
        if not items or set(items) != {"LI"} or len(kids) != len(element.kids):
            yield f"L holds {' '.join(roles) or 'nothing'}, not LI elements"
    elif element.role == "LI":
        if element.parent is None or element.parent.role != "L":
            yield "an LI outside an L"
        if roles != ["Lbl", "LBody"] or len(kids) != len(element.kids):
            yield f"LI holds {' '.join(roles) or 'nothing'}, not Lbl then LBody"
    elif element.role in ("Lbl", "LBody") and (
        element.parent is None or element.parent.role != "LI"
    ):
        yield f"a {element.role} outside an LI"


@check
def _list_structure(doc: Document) -> Iterator[Failure]:
    if doc.tree is None:
        return
    problems = [p for element in doc.tree.walk() for p in _list_problems(element)]
    if problems:
        yield Failure("list-structure", _examples(problems))


@check
def _figure_alt(doc: Document) -> Iterator[Failure]:
    if doc.tree is None:
        return
    for element in doc.tree.walk():
        if element.role in ("Figure", "Formula"):
            alt = _text(element.obj.get("/Alt"))
            if not alt or not alt.strip():
                yield Failure("figure-alt", f"a {element.role} element has no /Alt text")


def _link_problems(doc: Document, tree: StructTree | None) -> Iterator[str]:
    objrs = [(e, k) for e in (tree.walk() if tree else ()) for k in e.kids if isinstance(k, ObjRef)]
    for number, _page, link in doc.links():
        where = f"page {number} link {_text(link.get('/Contents')) or _key(link)}"
        if not (_text(link.get("/Contents")) or "").strip():
            yield f"{where} has no /Contents"
        if _int(link.get("/F")) != 4:
            yield f"{where} has /F {link.get('/F')}, not 4"
        if _int(link.get("/StructParent")) is None:
            yield f"{where} has no /StructParent"
        holders = [e.role for e, ref in objrs if _same(ref.target, link)]
        if holders != ["Link"]:
            yield f"{where} is referenced by OBJR from {holders or 'no element'}, not one Link"
    for element, _ref in objrs:
        if element.role == "Link" and _name(_get(_ref.target, "/Subtype")) != "/Link":
            yield "a Link element's OBJR points at something other than a Link annotation"
    for element in tree.walk() if tree else ():
        if element.role == "Link" and not any(isinstance(k, ObjRef) for k in element.kids):
            yield "a Link element holds no OBJR to its annotation"


@check
def _link_annotations(doc: Document) -> Iterator[Failure]:
    problems = list(_link_problems(doc, doc.tree))
    if problems:
        yield Failure("link-annotations", _examples(problems))


@check
def _tabs(doc: Document) -> Iterator[Failure]:
    for number, page in enumerate(doc.pdf.pages, 1):
        if _name(page.obj.get("/Tabs")) != "/S":
            yield Failure("tabs", f"page {number} has /Tabs {page.obj.get('/Tabs')}, not /S")


@check
def _catalog_entries(doc: Document) -> Iterator[Failure]:
    lang = _text(doc.root.get("/Lang"))
    if lang is None or not re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*", lang):
        yield Failure("lang", f"the catalog's /Lang is {lang!r}, not a language tag")
    if _get(doc.root.get("/ViewerPreferences"), "/DisplayDocTitle") is not True:
        yield Failure("display-doc-title", "/ViewerPreferences lacks /DisplayDocTitle true")
    if _name(doc.root.get("/PageMode")) != "/UseOutlines":
        yield Failure("page-mode", f"/PageMode is {doc.root.get('/PageMode')}, not /UseOutlines")
    elif _get(doc.root.get("/Outlines"), "/First") is None:
        yield Failure("page-mode", "/PageMode /UseOutlines but the document has no outline")


@check
def _title(doc: Document) -> Iterator[Failure]:
    if not (_text(doc.info.get("/Title")) or "").strip():
        yield Failure("title", "the Info dictionary has no /Title")
    if isinstance(doc.xmp, Xmp) and not (doc.xmp.default_text("dc", "title") or "").strip():
        yield Failure("title", "the XMP has no dc:title")


# --- checks: metadata -------------------------------------------------------------------------


@check
def _xmp_present(doc: Document) -> Iterator[Failure]:
    metadata = doc.root.get("/Metadata")
    if isinstance(metadata, pikepdf.Stream) and (
        _name(metadata.get("/Type")) != "/Metadata" or _name(metadata.get("/Subtype")) != "/XML"
    ):
        yield Failure("xmp-present", "the /Metadata stream is not /Type /Metadata /Subtype /XML")
    if isinstance(doc.xmp, str):
        yield Failure("xmp-present", doc.xmp)


def _info_text(doc: Document, key: str) -> str | None:
    return _text(doc.info.get(key))


def _info_pairs(doc: Document, xmp: Xmp) -> Iterator[tuple[str, str | None, str | None]]:
    yield "/Title", _info_text(doc, "/Title"), xmp.default_text("dc", "title")
    creators = xmp.items("dc", "creator")
    yield (
        "/Author",
        _info_text(doc, "/Author"),
        creators[0] if len(creators) == 1 else repr(creators),
    )
    yield "/Subject", _info_text(doc, "/Subject"), xmp.default_text("dc", "description")
    yield "/Keywords", _info_text(doc, "/Keywords"), xmp.simple("pdf", "Keywords")
    yield "/Producer", _info_text(doc, "/Producer"), xmp.simple("pdf", "Producer")


def _date_pairs(doc: Document, xmp: Xmp) -> Iterator[tuple[str, str | None, str | None]]:
    yield "/CreationDate", _info_text(doc, "/CreationDate"), xmp.simple("xmp", "CreateDate")
    yield "/ModDate", _info_text(doc, "/ModDate"), xmp.simple("xmp", "ModifyDate")


@check
def _xmp_info_match(doc: Document) -> Iterator[Failure]:
    if not isinstance(doc.xmp, Xmp):
        return
    problems = []
    for key, info, xmp in _info_pairs(doc, doc.xmp):
        if info is None:
            problems.append(f"Info has no {key}")
        elif info != xmp:
            problems.append(f"Info {key} {info!r} but XMP {xmp!r}")
    for key, info, xmp in _date_pairs(doc, doc.xmp):
        info_date = parse_pdf_date(info) if info else None
        xmp_date = parse_xmp_date(xmp) if xmp else None
        if info_date is None:
            problems.append(f"Info {key} is {info!r}, not a PDF date")
        elif info_date != xmp_date:
            problems.append(f"Info {key} {info!r} but XMP {xmp!r}")
    creator = _info_text(doc, "/Creator")
    if creator is not None and creator != doc.xmp.simple("xmp", "CreatorTool"):
        problems.append(
            f"Info /Creator {creator!r} but XMP {doc.xmp.simple('xmp', 'CreatorTool')!r}"
        )
    if problems:
        yield Failure("xmp-info-match", _examples(problems))


def _prefix_problem(xmp: Xmp, prefix: str) -> str | None:
    if (prefix, NS[prefix]) in xmp.declared:
        return None
    return f"{NS[prefix]} is not declared with the prefix {prefix}"


@check
def _xmp_identification(doc: Document) -> Iterator[Failure]:
    if not isinstance(doc.xmp, Xmp):
        return
    xmp = doc.xmp
    part = xmp.simple("pdfuaid", "part")
    if part != "1":
        yield Failure("xmp-pdfuaid", f"pdfuaid:part is {part!r}, not 1")
    elif problem := _prefix_problem(xmp, "pdfuaid"):
        yield Failure("xmp-pdfuaid", problem)
    part, conformance = xmp.simple("pdfaid", "part"), xmp.simple("pdfaid", "conformance")
    if (part, conformance) != ("2", "B"):
        yield Failure("xmp-pdfaid", f"pdfaid:part {part!r}, conformance {conformance!r}, not 2 B")
    elif problem := _prefix_problem(xmp, "pdfaid"):
        yield Failure("xmp-pdfaid", problem)


def _pdfuaid_schema_problems(xmp: Xmp) -> Iterator[str]:
    schemas = xmp.properties.get(_q("pdfaExtension", "schemas"))
    if not isinstance(schemas, ET.Element) or schemas.find("rdf:Bag", NS) is None:
        yield "no pdfaExtension:schemas bag"
        return
    for prefix in ("pdfaExtension", "pdfaSchema", "pdfaProperty"):
        if problem := _prefix_problem(xmp, prefix):
            yield problem
    for li in schemas.iterfind("rdf:Bag/rdf:li", NS):
        fields = _resource_fields(li)
        if _field_text(fields, "pdfaSchema", "namespaceURI") == NS["pdfuaid"]:
            yield from _schema_fields_problems(fields)
            return
    yield f"no extension schema describes {NS['pdfuaid']}"


def _schema_fields_problems(fields: dict[str, str | ET.Element]) -> Iterator[str]:
    if not _field_text(fields, "pdfaSchema", "schema"):
        yield "the pdfuaid schema has no pdfaSchema:schema"
    if _field_text(fields, "pdfaSchema", "prefix") != "pdfuaid":
        yield "the pdfuaid schema's pdfaSchema:prefix is not pdfuaid"
    properties = fields.get(_q("pdfaSchema", "property"))
    items = properties.findall("rdf:Seq/rdf:li", NS) if isinstance(properties, ET.Element) else []
    for li in items:
        described = _resource_fields(li)
        if _field_text(described, "pdfaProperty", "name") != "part":
            continue
        wanted = {"valueType": "Integer", "category": "internal"}
        for local, value in wanted.items():
            if _field_text(described, "pdfaProperty", local) != value:
                yield f"pdfuaid:part's pdfaProperty:{local} is not {value}"
        if not _field_text(described, "pdfaProperty", "description"):
            yield "pdfuaid:part has no pdfaProperty:description"
        return
    yield "the pdfuaid schema does not describe the property part"


@check
def _xmp_extension_schema(doc: Document) -> Iterator[Failure]:
    if isinstance(doc.xmp, Xmp):
        problems = list(_pdfuaid_schema_problems(doc.xmp))
        if problems:
            yield Failure("xmp-extension-schema", _examples(problems))


# --- checks: PDF/A-2b ------------------------------------------------------------------------


def _pdfa_intents(doc: Document) -> list[object]:
    intents = _array(doc.root.get("/OutputIntents"))
    return [i for i in intents if _name(_get(i, "/S")) == "/GTS_PDFA1"]


@check
def _output_intent(doc: Document) -> Iterator[Failure]:
    intents = _pdfa_intents(doc)
    if not intents:
        yield Failure("output-intent", "no /OutputIntents entry with /S /GTS_PDFA1")
        return
    every = [_get(i, "/DestOutputProfile") for i in _array(doc.root.get("/OutputIntents"))]
    profiles = [p for p in every if p is not None]
    if any(not _same(p, profiles[0]) for p in profiles):
        yield Failure("output-intent", "output intents name different DestOutputProfile objects")
    for intent in intents:
        if _text(_get(intent, "/OutputConditionIdentifier")) is None:
            yield Failure("output-intent", "the output intent has no /OutputConditionIdentifier")
        profile = _stream(_get(intent, "/DestOutputProfile"))
        if profile is None:
            yield Failure("output-intent", "the output intent has no DestOutputProfile stream")
            continue
        problems = icc_problems(profile.read_bytes(), _int(profile.get("/N")))
        if problems:
            yield Failure("output-intent", f"DestOutputProfile: {_examples(problems)}")


@check
def _device_colour(doc: Document) -> Iterator[Failure]:
    profiles = [_stream(_get(i, "/DestOutputProfile")) for i in _pdfa_intents(doc)]
    if not profiles or profiles[0] is None:
        return  # output-intent reports it
    space = profiles[0].read_bytes()[16:20]
    allowed = {"DeviceGray"} | ({"DeviceRGB"} if space == b"RGB " else set())
    allowed |= {"DeviceCMYK"} if space == b"CMYK" else set()
    for number, (_page, walk) in enumerate(doc.pages, 1):
        wrong = sorted(walk.colour_spaces - allowed)
        if wrong:
            yield Failure(
                "device-colour",
                f"page {number} uses {', '.join(wrong)} with an {space!r} output intent",
            )


@check
def _fonts(doc: Document) -> Iterator[Failure]:
    shown: dict[Key | None, set[bytes]] = {}
    for _page, walk in doc.pages:
        for key, codes in walk.codes.items():
            shown.setdefault(key, set()).update(codes)
    for name, font in _resource_fonts(doc.pdf):
        if problem := _font_program_problem(font):
            yield Failure("font-embedded", f"font {name} {problem}")
        if problem := _to_unicode_problem(font, shown.get(_key(font), set())):
            yield Failure("tounicode", f"font {name} {problem}")


@check
def _raw_file(doc: Document) -> Iterator[Failure]:
    yield from _header_failures(doc.data)
    version = _name(doc.root.get("/Version"))
    if version not in (None, "/1.7"):
        yield Failure("pdf-version", f"the catalog's /Version is {version}, not 1.7")
    yield from _eof_failures(doc.data)
    yield from _stream_failures(doc.pdf, doc.data)


@check
def _trailer(doc: Document) -> Iterator[Failure]:
    ids = _array(doc.pdf.trailer.get("/ID"))
    if len(ids) != 2 or not all(isinstance(i, pikepdf.String) and len(bytes(i)) for i in ids):
        yield Failure("trailer-id", f"the trailer's /ID is {doc.pdf.trailer.get('/ID')!r}")
    if doc.pdf.is_encrypted or "/Encrypt" in doc.pdf.trailer:
        yield Failure("no-encryption", "the file is encrypted")


def _actions(doc: Document) -> Iterator[tuple[str, object]]:
    """(where, object) for every indirect object and every direct dictionary inside one."""
    for obj in doc.pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            yield from _nested(f"object {obj.objgen[0]}", obj, 0)


def _nested(where: str, value: object, depth: int) -> Iterator[tuple[str, object]]:
    if depth > 16:
        return
    if isinstance(value, pikepdf.Dictionary | pikepdf.Stream):
        yield where, value
        children = (
            value.values() if isinstance(value, pikepdf.Dictionary) else value.stream_dict.values()
        )
    elif isinstance(value, pikepdf.Array):
        children = value
    else:
        return
    for child in children:
        if not (isinstance(child, pikepdf.Object) and child.is_indirect):
            yield from _nested(where, child, depth + 1)


@check
def _scripts_and_actions(doc: Document) -> Iterator[Failure]:
    scripts, actions = [], []
    if _get(doc.root.get("/Names"), "/JavaScript") is not None:
        scripts.append("the catalog's /Names has a /JavaScript tree")
    for where, obj in _actions(doc):
        kind = _name(_get(obj, "/S"))
        if kind == "/JavaScript" or _get(obj, "/JS") is not None:
            scripts.append(f"{where} is a JavaScript action")
        elif (
            kind
            and kind[1:] in FORBIDDEN_ACTIONS
            and _get(obj, "/Type") in (None, pikepdf.Name.Action)
        ):
            actions.append(f"{where} is a {kind[1:]} action")
        if _get(obj, "/AA") is not None:
            actions.append(f"{where} has additional actions (/AA)")
    if scripts:
        yield Failure("no-javascript", _examples(scripts))
    if actions:
        yield Failure("forbidden-action", _examples(actions))


@check
def _pdf_syntax(doc: Document) -> Iterator[Failure]:
    problems = [p for p in doc.pdf.check_pdf_syntax() if p.strip()]
    if problems:
        yield Failure("pdf-syntax", _examples(problems))


# --- entry points ------------------------------------------------------------------------------


def check_pdf(source: Source) -> list[Failure]:
    """Every failure found in the PDF at ``source`` (a path, or the file's bytes)."""
    data = _read(source)
    try:
        pdf = pikepdf.open(BytesIO(data))
    except pikepdf.PdfError as error:
        return [Failure("unreadable", f"pikepdf cannot open the file: {_examples([str(error)])}")]
    failures: list[Failure] = []
    with pdf:
        opening = pdf.get_warnings()
        if opening:
            failures.append(Failure("pdf-syntax", f"qpdf warned on opening: {_examples(opening)}"))
        doc = Document(pdf, data)
        for run in CHECKS:
            try:
                failures.extend(run(doc))
            except Exception as error:  # a broken file must not stop the other checks
                failures.append(Failure("unreadable", f"{run.__name__[1:]}: {error!r}"))
    return failures


def failed_conditions(source: Source) -> set[str]:
    return {failure.condition for failure in check_pdf(source)}


def structure_text(source: Source) -> list[tuple[str, str]]:
    """(role, text) for every structure element in tree order, the text read via its MCIDs.

    The role is the standard type after the RoleMap. The text is every MCID in the element's
    subtree, in tree order, joined as a reader would (a space at a new line or a visible gap;
    whitespace collapsed), so a leaf's text is what it shows and the Document's is the whole
    tagged page in structure order.
    """
    with pikepdf.open(BytesIO(_read(source))) as pdf:
        doc = Document(pdf, b"")
        chunks = {
            (_key(page.obj), mcid): found
            for page, walk in doc.pages
            for mcid, found in walk.chunks.items()
        }
        if doc.tree is None:
            return []
        return [
            (
                element.role,
                join_chunks(
                    c for ref in element.mcids() for c in chunks.get((ref.page, ref.mcid), [])
                ),
            )
            for element in doc.tree.walk()
        ]
