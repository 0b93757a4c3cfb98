"""The PDF/UA-1 and PDF/A-2b checker, checked: a good file passes, and each damage is caught.

A small tagged page is built here by hand: ReportLab draws it with embedded DejaVu subsets and
marked content (BDC/EMC written with ``addLiteral``), then pikepdf adds the structure tree, the
link annotations, the catalog entries, the XMP packet and the sRGB output intent, using the
same ``xmp_packet`` and ``srgb_profile`` builders the renderer will use. Every condition the
checker knows is then broken in one way, and the checker must report that condition and
nothing it was not told to expect.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

import factsheet
from factsheet.render.icc import srgb_profile
from factsheet.render.xmp import xmp_packet
from pdf_conformance import CONDITIONS, Xmp, check_pdf, icc_problems, parse_xmp, structure_text

FONTS = Path(factsheet.__file__).parent / "fonts"
REGULAR, BOLD = "CheckerSans", "CheckerSansBold"
CREATED = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
MODIFIED = datetime(2024, 5, 2, 10, 0, tzinfo=UTC)
LANG = "en-GB"
INFO = {
    "/Title": "Checker test page",
    "/Author": "Research desk",
    "/Subject": "A page built by hand to test the checker",
    "/Keywords": "briefing, Section one",
    "/Creator": "factsheet tests",
    "/Producer": "factsheet tests",
    "/CreationDate": "D:20240501093000+00'00'",
    "/ModDate": "D:20240502100000Z",
}
SAVE = {"force_version": "1.7", "deterministic_id": True, "fix_metadata_version": False}
FIGURE_ALT = "Timeline of key dates: 1 May 2024, page built."
LINKS = [("https://example.org/fact", "Source 1"), ("https://example.org/", "example.org")]
EXPECTED_STRUCTURE = [
    ("H1", "Checker test page"),
    ("P", "A page built by hand"),
    ("P", "As of 1 May 2024 · Research desk · PUBLIC"),
    ("H2", "Key dates"),
    ("Figure", "1 May 2024 page built"),
    ("H2", "Section one"),
    ("L", "• See the source[1]"),
    ("LI", "• See the source[1]"),
    ("Lbl", "•"),
    ("LBody", "See the source[1]"),
    ("Link", "[1]"),
    ("H2", "Sources"),
    ("L", "• Example source: example.org"),
    ("LI", "• Example source: example.org"),
    ("Lbl", "•"),
    ("LBody", "Example source: example.org"),
    ("Link", "example.org"),
]


# --- the good file ---------------------------------------------------------------------------


@dataclass
class Drawing:
    """A ReportLab page where each tagged piece gets the next MCID, in reading order."""

    canvas: Canvas
    buffer: BytesIO
    roles: list[str] = field(default_factory=list)  # MCID -> role
    link_rects: list[tuple[float, float, float, float]] = field(default_factory=list)

    def text(
        self, role: str, text: str, x: float, y: float, size: float, bold: bool = False
    ) -> float:
        """Draw ``text`` as one marked-content sequence; return where it ends."""
        self.canvas.addLiteral(f"/{role} <</MCID {len(self.roles)}>> BDC")
        self.roles.append(role)
        font = BOLD if bold else REGULAR
        self.canvas.setFont(font, size)
        self.canvas.drawString(x, y, text)
        self.canvas.addLiteral("EMC")
        end: float = x + pdfmetrics.stringWidth(text, font, size)
        if role == "Link":
            self.link_rects.append((x, y - 2, end, y + size))
        return end

    def artifact(self, draw: Callable[[Canvas], None]) -> None:
        self.canvas.addLiteral("/Artifact <</Type /Pagination>> BDC")
        draw(self.canvas)
        self.canvas.addLiteral("EMC")


def _band(canvas: Canvas) -> None:
    canvas.setFillColorRGB(0.9, 0.93, 0.97)
    canvas.rect(0, 765, A4[0], 77, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)


def _footer(canvas: Canvas) -> None:
    canvas.setLineWidth(0.5)
    canvas.line(50, 45, A4[0] - 50, 45)
    canvas.setFont(REGULAR, 7)
    canvas.drawString(50, 35, "factsheet tests")


def _timeline(drawing: Drawing) -> None:
    """The Figure: a rule, a dot and two labels, all one marked-content sequence."""
    canvas = drawing.canvas
    canvas.addLiteral(f"/Figure <</MCID {len(drawing.roles)}>> BDC")
    drawing.roles.append("Figure")
    canvas.setLineWidth(1)
    canvas.line(50, 715, 300, 715)
    canvas.circle(60, 715, 3, stroke=0, fill=1)
    canvas.setFont(REGULAR, 8)
    canvas.drawString(55, 700, "1 May 2024")
    canvas.drawString(55, 690, "page built")
    canvas.addLiteral("EMC")


def _list_item(drawing: Drawing, y: float, body: str, link: str) -> None:
    drawing.text("Lbl", "•", 50, y, 10)
    end = drawing.text("LBody", body, 60, y, 10)
    drawing.text("Link", link, end, y, 10)


def _draw() -> Drawing:
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSansCondensed.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSansCondensed-Bold.ttf")))
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, initialFontName=REGULAR, lang=LANG)
    drawing = Drawing(canvas, buffer)
    drawing.artifact(_band)
    drawing.text("H1", "Checker test page", 50, 815, 20, bold=True)
    drawing.text("P", "A page built by hand", 50, 795, 11)
    drawing.text("P", "As of 1 May 2024 · Research desk · PUBLIC", 50, 778, 9)
    drawing.text("H2", "Key dates", 50, 740, 13, bold=True)
    _timeline(drawing)
    drawing.text("H2", "Section one", 50, 660, 13, bold=True)
    _list_item(drawing, 642, "See the source", "[1]")
    drawing.text("H2", "Sources", 50, 610, 13, bold=True)
    _list_item(drawing, 592, "Example source: ", "example.org")
    drawing.artifact(_footer)
    canvas.showPage()
    canvas.save()
    return drawing


class Tagger:
    """Adds the structure tree for the drawing's MCIDs to the opened PDF."""

    def __init__(self, pdf: pikepdf.Pdf, drawing: Drawing) -> None:
        self.pdf = pdf
        self.page = pdf.pages[0].obj
        self.roles = drawing.roles
        self.owners: dict[int, Dictionary] = {}
        self.root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=Array()))
        self.annotations = [self._annotation(i, r) for i, r in enumerate(drawing.link_rects)]
        self.links: list[Dictionary] = []

    def _annotation(self, index: int, rect: tuple[float, float, float, float]) -> Dictionary:
        url, contents = LINKS[index]
        return self.pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=Array(rect),
                Border=Array([0, 0, 0]),
                F=4,
                Contents=String(contents),
                StructParent=index + 1,
                A=Dictionary(S=Name.URI, URI=String(url)),
            )
        )

    def element(self, role: str, parent: Dictionary, **extra: Any) -> Dictionary:
        element = self.pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name("/" + role), P=parent, K=Array(), **extra)
        )
        parent.K.append(element)
        return element

    def leaf(self, mcid: int, parent: Dictionary, **extra: Any) -> Dictionary:
        element = self.element(self.roles[mcid], parent, Pg=self.page, **extra)
        element.K.append(mcid)
        self.owners[mcid] = element
        return element

    def list_of_one(self, parent: Dictionary, first: int) -> None:
        item = self.element("LI", self.element("L", parent))
        self.leaf(first, item)
        body = self.leaf(first + 1, item)
        link = self.leaf(first + 2, body)
        annotation = self.annotations[len(self.links)]
        link.K.append(Dictionary(Type=Name.OBJR, Obj=annotation, Pg=self.page))
        self.links.append(link)

    def build(self) -> None:
        document = self.element("Document", self.root)
        for mcid in range(4):  # H1, P, P, H2 "Key dates"
            self.leaf(mcid, document)
        self.leaf(4, document, Alt=String(FIGURE_ALT))
        self.leaf(5, document)  # H2 "Section one"
        self.list_of_one(document, 6)
        self.leaf(9, document)  # H2 "Sources"
        self.list_of_one(document, 10)
        mcids = Array([self.owners[mcid] for mcid in range(len(self.roles))])
        self.root.ParentTree = Dictionary(
            Nums=Array([0, mcids, 1, self.links[0], 2, self.links[1]])
        )
        self.root.ParentTreeNextKey = 3
        self.page.StructParents = 0
        self.page.Annots = Array(self.annotations)
        self.page.Tabs = Name.S
        del self.page["/Trans"]  # ReportLab's empty page transition: nothing to show, or check
        self.pdf.Root.StructTreeRoot = self.root


def _document_level(pdf: pikepdf.Pdf) -> None:
    root = pdf.Root
    root.MarkInfo = Dictionary(Marked=True)
    root.Lang = String(LANG)
    root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    root.PageMode = Name.UseOutlines
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Key dates", 0))
    pdf.trailer.Info = pdf.make_indirect(Dictionary({k: String(v) for k, v in INFO.items()}))
    packet = xmp_packet(
        title=INFO["/Title"],
        author=INFO["/Author"],
        subject=INFO["/Subject"],
        keywords=INFO["/Keywords"],
        created=CREATED,
        modified=MODIFIED,
        producer=INFO["/Producer"],
        creator_tool=INFO["/Creator"],
        lang=LANG,
    )
    root.Metadata = pdf.make_stream(packet, Type=Name.Metadata, Subtype=Name.XML)
    profile = pdf.make_stream(srgb_profile(), N=3)
    intent = Dictionary(
        Type=Name.OutputIntent,
        S=Name.GTS_PDFA1,
        OutputConditionIdentifier=String("sRGB IEC61966-2.1"),
        Info=String("sRGB IEC61966-2.1"),
        DestOutputProfile=profile,
    )
    root.OutputIntents = Array([intent])


def save(pdf: pikepdf.Pdf, **options: object) -> bytes:
    out = BytesIO()
    pdf.save(out, **(SAVE | options))  # type: ignore[arg-type]
    return out.getvalue()


@cache
def good_pdf() -> bytes:
    drawing = _draw()
    with pikepdf.open(BytesIO(drawing.buffer.getvalue())) as pdf:
        Tagger(pdf, drawing).build()
        _document_level(pdf)
        return save(pdf)


# --- the good file passes ---------------------------------------------------------------------


def test_the_good_file_passes_every_check() -> None:
    assert check_pdf(good_pdf()) == []


def test_the_good_file_passes_from_a_path(tmp_path: Path) -> None:
    target = tmp_path / "good.pdf"
    target.write_bytes(good_pdf())
    assert check_pdf(target) == []
    assert check_pdf(str(target)) == []


def test_qpdf_finds_nothing_wrong_with_the_good_file() -> None:
    with pikepdf.open(BytesIO(good_pdf())) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert pdf.pdf_version == "1.7"


def test_structure_text_reads_the_tree_in_order() -> None:
    found = structure_text(good_pdf())
    assert found[0][0] == "Document"
    assert found[1:] == EXPECTED_STRUCTURE
    leaves = {"H1", "P", "H2", "Figure", "Lbl", "LBody"}
    reading = " ".join(text for role, text in EXPECTED_STRUCTURE if role in leaves)
    assert found[0][1] == reading


def test_the_good_file_is_built_the_same_twice() -> None:
    good_pdf.cache_clear()
    first = good_pdf()
    good_pdf.cache_clear()
    assert good_pdf() == first


# --- damage, one condition at a time ---------------------------------------------------------

Damage = Callable[[bytes], bytes]


def edit(change: Callable[[pikepdf.Pdf], None], **options: object) -> Damage:
    """Open the good file, change it, save it as the good file was saved."""

    def damage(good: bytes) -> bytes:
        with pikepdf.open(BytesIO(good)) as pdf:
            change(pdf)
            return save(pdf, **options)

    return damage


def elements(pdf: pikepdf.Pdf, role: str) -> list[Dictionary]:
    found: list[Dictionary] = []

    def visit(node: pikepdf.Object) -> None:
        kids = node.get("/K")
        for kid in kids if isinstance(kids, Array) else [kids]:
            if isinstance(kid, Dictionary) and "/S" in kid:
                if Name("/" + role) == kid.S:
                    found.append(kid)
                visit(kid)

    visit(pdf.Root.StructTreeRoot)
    return found


def links(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    return list(pdf.pages[0].obj.Annots)


def append_content(operators: bytes) -> Damage:
    return edit(lambda pdf: pdf.pages[0].contents_add(operators))


def fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    return list(pdf.pages[0].obj.Resources.Font.values())


def replace_xmp(*replacements: tuple[bytes, bytes]) -> Damage:
    """Edit the XMP packet's text: each (old, new) replaces every occurrence of old."""

    def change(pdf: pikepdf.Pdf) -> None:
        packet = pdf.Root.Metadata.read_bytes()
        for old, new in replacements:
            assert old in packet, old
            packet = packet.replace(old, new)
        pdf.Root.Metadata.write(packet)

    return edit(change)


def raw(change: Callable[[bytes], bytes]) -> Damage:
    def damage(good: bytes) -> bytes:
        damaged = change(good)
        assert damaged != good
        return damaged

    return damage


def splice(data: bytes, start: int, end: int, new: bytes) -> bytes:
    """Replace data[start:end] by ``new``, moving the xref offsets of the objects after it."""
    delta = len(new) - (end - start)
    out = bytearray(data[:start] + new + data[end:])
    xref_keyword = out.rfind(b"startxref")
    xref = int(out[xref_keyword + 9 :].split()[0])
    xref += delta if xref > start else 0
    section = re.compile(rb"(\d+) (\d+)\r?\n").match(out, out.index(b"\n", xref) + 1)
    while section is not None:
        position = section.end()
        for _ in range(int(section[2])):
            entry = out[position : position + 20]
            offset = int(entry[:10])
            if entry[17:18] == b"n" and offset > start:
                out[position : position + 10] = b"%010d" % (offset + delta)
            position += 20
        section = re.compile(rb"(\d+) (\d+)\r?\n").match(out, position)
    tail = xref_keyword + len(b"startxref")
    rest = out[tail:]
    number = re.match(rb"\s*(\d+)", rest)
    assert number is not None
    return bytes(out[:tail] + rest[: number.start(1)] + b"%d" % xref + rest[number.end(1) :])


@dataclass(frozen=True)
class RawStream:
    length_span: tuple[int, int]
    keyword: int
    data_start: int
    length: int


def content_stream(data: bytes) -> RawStream:
    """Where the page content stream sits in the file, found without the checker's help."""
    with pikepdf.open(BytesIO(data)) as pdf:
        number, generation = pdf.pages[0].obj.Contents.objgen
    found = re.search(
        rb"\n%d %d obj\s*(<<.*?>>)\s*(stream\r?\n)" % (number, generation), data, re.S
    )
    assert found is not None
    length = re.search(rb"/Length (\d+)", found[1])
    assert length is not None
    start = found.start(1) + length.start(1)
    return RawStream((start, start + len(length[1])), found.start(2), found.end(), int(length[1]))


def drop_eol_before_endstream(data: bytes) -> bytes:
    stream = content_stream(data)
    end = stream.data_start + stream.length
    assert data[end : end + 10] == b"\nendstream"
    return splice(data, end, end + 1, b"")


def lengthen_length(data: bytes) -> bytes:
    stream = content_stream(data)
    return splice(data, *stream.length_span, b"%d" % (stream.length + 1))


def cr_after_stream_keyword(data: bytes) -> bytes:
    stream = content_stream(data)
    assert data[stream.keyword : stream.keyword + 7] == b"stream\n"
    return splice(data, stream.keyword + 6, stream.keyword + 7, b"\r")


def drop_trailer_id(data: bytes) -> bytes:
    trailer = data.rfind(b"trailer")
    found = re.compile(rb"/ID\s*\[[^\]]*\]").search(data, trailer)
    assert found is not None
    return splice(data, found.start(), found.end(), b"")


def ascii_binary_comment(data: bytes) -> bytes:
    assert data[9:10] == b"%"
    return data[:10] + b"abcd" + data[14:]


Getter = Callable[[pikepdf.Pdf], pikepdf.Object]


def page(pdf: pikepdf.Pdf) -> pikepdf.Object:
    return pdf.pages[0].obj


def catalog(pdf: pikepdf.Pdf) -> pikepdf.Object:
    return pdf.Root


def info(pdf: pikepdf.Pdf) -> pikepdf.Object:
    return pdf.trailer.Info


def tree_root(pdf: pikepdf.Pdf) -> pikepdf.Object:
    return pdf.Root.StructTreeRoot


def first(role: str) -> Getter:
    return lambda pdf: elements(pdf, role)[0]


def first_link(pdf: pikepdf.Pdf) -> pikepdf.Object:
    return links(pdf)[0]


def first_font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    return fonts(pdf)[0]


def output_intent(pdf: pikepdf.Pdf) -> pikepdf.Object:
    return pdf.Root.OutputIntents[0]


def put(getter: Getter, key: str, value: object) -> Damage:
    def change(pdf: pikepdf.Pdf) -> None:
        getter(pdf)[key] = value

    return edit(change)


def drop(getter: Getter, key: str) -> Damage:
    def change(pdf: pikepdf.Pdf) -> None:
        del getter(pdf)[key]

    return edit(change)


def _swap_list_kids(pdf: pikepdf.Pdf) -> None:
    item = elements(pdf, "LI")[0]
    item.K = Array(list(reversed(list(item.K))))


def _swap_parent_tree_entries(pdf: pikepdf.Pdf) -> None:
    entries = pdf.Root.StructTreeRoot.ParentTree.Nums[1]
    entries[1], entries[2] = entries[2], entries[1]


def _swap_struct_parents(pdf: pikepdf.Pdf) -> None:
    one, other = links(pdf)
    one.StructParent, other.StructParent = 2, 1


def _two_documents(pdf: pikepdf.Pdf) -> None:
    root = pdf.Root.StructTreeRoot
    extra = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root, K=Array()))
    root.K = Array([root.K[0], extra])


def _untagged_text(pdf: pikepdf.Pdf) -> None:
    name = next(iter(fonts_by_name(pdf)))
    pdf.pages[0].contents_add(f"BT {name} 9 Tf 50 20 Td (x) Tj ET".encode())


def fonts_by_name(pdf: pikepdf.Pdf) -> dict[str, pikepdf.Object]:
    return dict(pdf.pages[0].obj.Resources.Font.items())


def _zero_mapped_code(pdf: pikepdf.Pdf) -> None:
    """Map the code that shows the H1's 'C' (bold face) to U+0000."""
    font = next(f for f in fonts(pdf) if "Bold" in str(f.BaseFont))
    cmap = font.ToUnicode.read_bytes()
    code = re.search(rb"<([0-9A-F]{2})> <0043>", cmap)
    assert code is not None
    font.ToUnicode.write(cmap.replace(code[0], b"<%s> <0000>" % code[1]))


def _undecodable_stream(pdf: pikepdf.Pdf) -> None:
    stream = pdf.make_stream(b"")
    stream.write(b"this is not flate data", filter=Name.FlateDecode)
    pdf.Root.PieceInfo = Dictionary(Junk=Dictionary(Private=stream))


def _javascript(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=String("app.alert('hi')"))


def _launch(pdf: pikepdf.Pdf) -> None:
    links(pdf)[0].A = Dictionary(S=Name.Launch, F=String("calc.exe"))


def _empty_outline(pdf: pikepdf.Pdf) -> None:
    with pdf.open_outline() as outline:
        outline.root.clear()


def _truncated_profile(pdf: pikepdf.Pdf) -> None:
    output_intent(pdf).DestOutputProfile = pdf.make_stream(srgb_profile()[:100], N=3)


def _no_change(pdf: pikepdf.Pdf) -> None:
    pass


@dataclass(frozen=True)
class Case:
    condition: str
    how: str
    damage: Damage
    also: frozenset[str] = frozenset()


UA_NS = b'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"'
PART_DESCRIPTION = (
    b"<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed"
    b"</pdfaProperty:description>"
)


def _tagging_cases() -> Iterator[Case]:
    yield Case("marked", "no MarkInfo", drop(catalog, "/MarkInfo"))
    yield Case("marked", "Marked false", put(catalog, "/MarkInfo", Dictionary(Marked=False)))
    yield Case(
        "struct-tree",
        "no StructTreeRoot",
        drop(catalog, "/StructTreeRoot"),
        frozenset({"link-annotations"}),
    )
    yield Case("struct-tree", "element without /P", drop(first("H1"), "/P"))
    yield Case("struct-tree", "two root elements", edit(_two_documents))
    yield Case("role-map", "unmapped type", put(first("P"), "/S", Name("/Fancy")))
    yield Case(
        "role-map", "standard type remapped", put(tree_root, "/RoleMap", Dictionary(P=Name.Span))
    )
    yield Case("struct-parent-tree", "MCIDs swapped", edit(_swap_parent_tree_entries))
    yield Case("struct-parent-tree", "StructParents swapped", edit(_swap_struct_parents))
    yield Case("struct-parent-tree", "no ParentTree", drop(tree_root, "/ParentTree"))
    yield Case("struct-parent-tree", "no StructParents", drop(page, "/StructParents"))
    yield Case("struct-parent-tree", "next key too low", put(tree_root, "/ParentTreeNextKey", 1))
    yield Case("marked-content", "EMC without BDC", append_content(b"EMC"))
    yield Case("marked-content", "unclosed BMC", append_content(b"/Span BMC"))
    yield Case(
        "marked-content",
        "MCID in an artifact",
        append_content(b"/Artifact BMC /P <</MCID 99>> BDC EMC EMC"),
        frozenset({"struct-parent-tree"}),
    )
    yield Case("untagged-paint", "untagged path", append_content(b"0 0 m 10 10 l S"))
    yield Case("untagged-paint", "untagged text", edit(_untagged_text))
    yield Case(
        "untagged-paint",
        "untagged inline image",
        append_content(b"BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI"),
    )
    yield Case("heading-order", "skipped level", put(first("H2"), "/S", Name.H3))
    yield Case("heading-order", "no H1 first", put(first("H1"), "/S", Name.H2))
    yield Case("heading-order", "two H1", put(first("H2"), "/S", Name.H1))
    yield Case("list-structure", "LBody before Lbl", edit(_swap_list_kids))
    yield Case("list-structure", "LI is a Div", put(first("LI"), "/S", Name.Div))
    yield Case("figure-alt", "no Alt", drop(first("Figure"), "/Alt"))
    yield Case("figure-alt", "blank Alt", put(first("Figure"), "/Alt", String(" ")))
    yield Case("link-annotations", "no Contents", drop(first_link, "/Contents"))
    yield Case("link-annotations", "F not 4", put(first_link, "/F", 0))
    yield Case("link-annotations", "no StructParent", drop(first_link, "/StructParent"))
    yield Case(
        "link-annotations",
        "no OBJR",
        put(first("Link"), "/K", Array([8])),
        frozenset({"struct-parent-tree"}),
    )


def _document_cases() -> Iterator[Case]:
    yield Case("tabs", "no Tabs", drop(page, "/Tabs"))
    yield Case("tabs", "Tabs /R", put(page, "/Tabs", Name.R))
    yield Case("lang", "no Lang", drop(catalog, "/Lang"))
    yield Case("lang", "empty Lang", put(catalog, "/Lang", String("")))
    yield Case("display-doc-title", "false", put(catalog, "/ViewerPreferences", Dictionary()))
    yield Case("display-doc-title", "no ViewerPreferences", drop(catalog, "/ViewerPreferences"))
    yield Case("page-mode", "UseNone", put(catalog, "/PageMode", Name.UseNone))
    yield Case("page-mode", "empty outline", edit(_empty_outline))
    yield Case("title", "no Info Title", drop(info, "/Title"), frozenset({"xmp-info-match"}))
    yield Case(
        "title",
        "empty dc:title",
        replace_xmp((b">Checker test page<", b"><")),
        frozenset({"xmp-info-match"}),
    )


def _metadata_cases() -> Iterator[Case]:
    yield Case("xmp-present", "no Metadata", drop(catalog, "/Metadata"))
    yield Case("xmp-present", "not well-formed", replace_xmp((b"</x:xmpmeta>", b"")))
    yield Case(
        "xmp-present",
        "encoding attribute",
        replace_xmp((b'id="W5M0', b'encoding="UTF-8" id="W5M0')),
    )
    yield Case(
        "xmp-present", "wrong Subtype", put(lambda pdf: pdf.Root.Metadata, "/Subtype", Name.Text)
    )
    yield Case("xmp-info-match", "author differs", put(info, "/Author", String("Someone else")))
    yield Case("xmp-info-match", "dates differ", put(info, "/ModDate", String("D:20240502100001Z")))
    yield Case("xmp-info-match", "no Info Subject", drop(info, "/Subject"))
    yield Case(
        "xmp-info-match",
        "creator tool differs",
        replace_xmp((b"<xmp:CreatorTool>factsheet", b"<xmp:CreatorTool>other")),
    )
    yield Case("xmp-pdfuaid", "no part", replace_xmp((b"<pdfuaid:part>1</pdfuaid:part>", b"")))
    yield Case("xmp-pdfuaid", "part 2", replace_xmp((b"<pdfuaid:part>1<", b"<pdfuaid:part>2<")))
    yield Case(
        "xmp-pdfuaid",
        "other prefix",
        replace_xmp((UA_NS, UA_NS.replace(b"pdfuaid", b"ua")), (b"pdfuaid:part>", b"ua:part>")),
    )
    yield Case("xmp-pdfaid", "conformance A", replace_xmp((b">B</pdfaid:", b">A</pdfaid:")))
    yield Case("xmp-pdfaid", "part 3", replace_xmp((b">2</pdfaid:part>", b">3</pdfaid:part>")))
    yield Case(
        "xmp-extension-schema",
        "pdfuaid not described",
        replace_xmp(
            (b"pdfua/ns/id/</pdfaSchema:namespaceURI>", b"other/</pdfaSchema:namespaceURI>")
        ),
    )
    yield Case("xmp-extension-schema", "valueType Text", replace_xmp((b">Integer<", b">Text<")))
    yield Case("xmp-extension-schema", "no description", replace_xmp((PART_DESCRIPTION, b"")))


def _pdfa_cases() -> Iterator[Case]:
    yield Case("output-intent", "no OutputIntents", drop(catalog, "/OutputIntents"))
    yield Case("output-intent", "S GTS_PDFX", put(output_intent, "/S", Name.GTS_PDFX))
    yield Case(
        "output-intent", "N 1", put(lambda pdf: output_intent(pdf).DestOutputProfile, "/N", 1)
    )
    yield Case("output-intent", "truncated profile", edit(_truncated_profile))
    yield Case(
        "device-colour", "CMYK fill", append_content(b"/Artifact BMC 0 0 0 1 k 0 0 5 5 re f EMC")
    )
    yield Case(
        "device-colour",
        "CMYK inline image",
        append_content(b"/Artifact BMC BI /W 1 /H 1 /CS /CMYK /BPC 8 ID \0\0\0\xff EI EMC"),
    )
    yield Case(
        "font-embedded",
        "no FontFile2",
        drop(lambda pdf: first_font(pdf).FontDescriptor, "/FontFile2"),
    )
    yield Case("tounicode", "no ToUnicode", drop(first_font, "/ToUnicode"))
    yield Case("tounicode", "shown code mapped to U+0000", edit(_zero_mapped_code))
    yield Case(
        "stream-keyword-eol", "CR alone", raw(cr_after_stream_keyword), frozenset({"pdf-syntax"})
    )
    yield Case("endstream-eol", "no EOL", raw(drop_eol_before_endstream))
    yield Case("stream-length", "one too many", raw(lengthen_length))
    yield Case("pdf-version", "header 1.4", edit(_no_change, force_version="1.4"))
    yield Case("pdf-version", "catalog Version", put(catalog, "/Version", Name("/1.6")))
    yield Case("binary-comment", "ASCII comment", raw(ascii_binary_comment))
    yield Case("eof", "data after %%EOF", raw(lambda good: good + b"junk\n"))
    yield Case("trailer-id", "no ID", raw(drop_trailer_id))
    yield Case("no-javascript", "OpenAction", edit(_javascript))
    yield Case("forbidden-action", "Launch link", edit(_launch))
    yield Case(
        "forbidden-action",
        "page AA",
        put(page, "/AA", Dictionary(O=Dictionary(S=Name.Named, N=Name.NextPage))),
    )
    encryption = pikepdf.Encryption(owner="owner", user="", R=4)
    yield Case(
        "no-encryption",
        "AES-128",
        edit(_no_change, encryption=encryption, deterministic_id=False),
    )
    yield Case("pdf-syntax", "undecodable stream", edit(_undecodable_stream))
    yield Case("unreadable", "not a PDF", lambda good: b"this is not a PDF\n")


CASES = [*_tagging_cases(), *_document_cases(), *_metadata_cases(), *_pdfa_cases()]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.condition}: {c.how}" for c in CASES])
def test_each_damage_fails_its_condition_and_no_other(case: Case) -> None:
    failures = check_pdf(case.damage(good_pdf()))
    assert {f.condition for f in failures} == {case.condition} | case.also, "\n".join(
        map(str, failures)
    )


def test_every_condition_is_damaged_by_some_case() -> None:
    assert {case.condition for case in CASES} == set(CONDITIONS)


# --- the builders the renderer will use ---------------------------------------------------------


def _packet(**changes: object) -> bytes:
    arguments: dict[str, object] = {
        "title": INFO["/Title"],
        "author": INFO["/Author"],
        "subject": INFO["/Subject"],
        "keywords": INFO["/Keywords"],
        "created": CREATED,
        "modified": MODIFIED,
        "producer": INFO["/Producer"],
        "creator_tool": INFO["/Creator"],
        "lang": LANG,
    }
    return xmp_packet(**(arguments | changes))  # type: ignore[arg-type]


def test_xmp_packet_is_deterministic_and_says_what_it_was_given() -> None:
    packet = _packet()
    assert packet == _packet()
    assert packet.startswith('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'.encode())
    assert packet.endswith(b'<?xpacket end="w"?>')
    xmp = parse_xmp(packet)
    assert isinstance(xmp, Xmp), xmp
    assert xmp.default_text("dc", "title") == INFO["/Title"]
    assert xmp.items("dc", "creator") == [INFO["/Author"]]
    assert xmp.default_text("dc", "description") == INFO["/Subject"]
    assert xmp.items("dc", "language") == [LANG]
    assert xmp.simple("pdf", "Keywords") == INFO["/Keywords"]
    assert xmp.simple("pdf", "Producer") == INFO["/Producer"]
    assert xmp.simple("xmp", "CreatorTool") == INFO["/Creator"]
    assert xmp.simple("xmp", "CreateDate") == "2024-05-01T09:30:00+00:00"
    assert xmp.simple("xmp", "ModifyDate") == xmp.simple("xmp", "MetadataDate")
    assert (xmp.simple("pdfaid", "part"), xmp.simple("pdfaid", "conformance")) == ("2", "B")
    assert xmp.simple("pdfuaid", "part") == "1"


def test_xmp_packet_escapes_markup_and_writes_dates_in_utc() -> None:
    title = 'Q&A: <draft> "quoted" \u2013 \U0001f4c5'
    two_hours_east = timezone(timedelta(hours=2))
    xmp = parse_xmp(
        _packet(title=title, created=datetime(2024, 5, 1, 11, 30, tzinfo=two_hours_east))
    )
    assert isinstance(xmp, Xmp), xmp
    assert xmp.default_text("dc", "title") == title
    assert xmp.simple("xmp", "CreateDate") == "2024-05-01T09:30:00+00:00"


@pytest.mark.parametrize(
    "changes",
    [{"created": datetime(2024, 5, 1)}, {"title": "bell \x07"}, {"author": "\ufffe"}],
    ids=["naive date", "control character", "noncharacter"],
)
def test_xmp_packet_refuses_what_xmp_cannot_hold(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        _packet(**changes)


def test_srgb_profile_is_a_deterministic_v2_display_profile() -> None:
    profile = srgb_profile()
    assert profile == srgb_profile.__wrapped__()
    assert int.from_bytes(profile[:4], "big") == len(profile)
    assert profile[8:10] == b"\x02\x10"  # version 2.1
    assert profile[12:24] == b"mntrRGB XYZ "
    assert profile[24:36] == bytes(12)  # no creation date
    assert profile[36:40] == b"acsp"
    assert icc_problems(profile, 3) == []


def test_srgb_profile_is_read_by_little_cms_as_srgb() -> None:
    image_cms = pytest.importorskip("PIL.ImageCms")
    image = pytest.importorskip("PIL.Image")
    ours = image_cms.ImageCmsProfile(BytesIO(srgb_profile()))
    assert image_cms.getProfileDescription(ours).strip() == "sRGB IEC61966-2.1"
    to_builtin = image_cms.buildTransform(ours, image_cms.createProfile("sRGB"), "RGB", "RGB")
    colours = [(0, 0, 0), (255, 255, 255), (200, 30, 90), (128, 128, 128), (10, 240, 20)]
    sample = image.new("RGB", (len(colours), 1))
    sample.putdata(colours)
    converted = image_cms.applyTransform(sample, to_builtin)
    for x, colour in enumerate(colours):
        assert all(abs(a - b) <= 1 for a, b in zip(converted.getpixel((x, 0)), colour, strict=True))


def test_pikepdfs_pdfa_validator_objects_only_to_what_it_cannot_read() -> None:
    """An independent PDF/A-2b check. pikepdf's allowlist validator does not read extension
    schemas, so it rejects pdfuaid:part and the schema's namespaces even when described;
    without them the same file passes it outright."""
    # pikepdf.pdfa needs pikepdf[pdfa] (fonttools); without it the import raises ImportError.
    pdfa = pytest.importorskip("pikepdf.pdfa", exc_type=ImportError)
    report = pdfa.validate_written(BytesIO(good_pdf()), "2b")
    assert {(f.rule, f.kind) for f in report.findings} == {("ISO_19005_2:6.6.2.3.1-1", "violation")}

    def without_pdfuaid(pdf: pikepdf.Pdf) -> None:
        packet = pdf.Root.Metadata.read_bytes().replace(b"<pdfuaid:part>1</pdfuaid:part>", b"")
        extension = re.compile(
            rb'<rdf:Description rdf:about="" xmlns:pdfaExtension.*?</rdf:Description>', re.S
        )
        pdf.Root.Metadata.write(extension.sub(b"", packet))

    report = pdfa.validate_written(BytesIO(edit(without_pdfuaid)(good_pdf())), "2b")
    assert report.findings == []
