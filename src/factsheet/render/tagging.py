"""The page's structure tree (tagged PDF, PDF/UA-1), built while the page is painted.

The caller makes the structure elements in reading order with :meth:`Tagger.add`, then
paints: before anything is painted it says whose content it is (:meth:`Tagger.mark`, or a
block's :class:`BlockMarks`), or that it is an artifact (:meth:`Tagger.artifact`). Each
element's marked content gets the next MCID; marked content never nests and never
straddles a text object, since it opens and closes only between ReportLab's BT … ET.
Links get an annotation each, referenced from their Link element. :meth:`Tagger.finish`
writes the tree, its parent tree and the page's entries.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from functools import cache

from reportlab.pdfgen.canvas import Canvas

from .reportlab_private import PAGE, Destination, Indirect, Name, PdfObjects
from .text import Run

Rect = tuple[float, float, float, float]
# The names a page writes many times, made once.
ANNOT, LINK, OBJR, STRUCT_ELEM, URI = (
    Name(n) for n in ("Annot", "Link", "OBJR", "StructElem", "URI")
)


class Node:
    """A structure element: its standard type and its kids (elements, MCIDs, annotations)."""

    __slots__ = ("alt", "bbox", "kids", "lang", "role")

    def __init__(
        self, role: str, lang: str | None = None, alt: str | None = None, bbox: Rect | None = None
    ) -> None:
        self.role = _role(role)
        self.kids: list[Node | int | Indirect] = []
        self.lang = lang
        self.alt = alt
        self.bbox = bbox


def _quad(rect: Rect | list[float]) -> list[float]:
    """A rectangle as a quadrilateral: its corners counterclockwise from the bottom left."""
    left, bottom, right, top = (round(v, 3) for v in rect)
    return [left, bottom, right, bottom, right, top, left, top]


@cache
def _role(role: str) -> Name:
    return Name(role)


def _primary(language: str) -> str:
    return language.split("-")[0].casefold()


class Tagger:
    """Marks one page's content and builds its structure tree under a Document element."""

    def __init__(self, canvas: Canvas, language: str) -> None:
        self.canvas = canvas
        self.objects = PdfObjects(canvas)
        self.language = _primary(language)
        self.foreign_cache: dict[str, str | None] = {}
        self.document = Node("Document")
        self.owners: list[Node] = []  # the element of each MCID
        self.links: list[tuple[Node, Indirect]] = []  # each annotation and its Link element
        self.open: Node | None = None

    def foreign(self, language: str) -> str | None:
        """``language`` when it is not the briefing's: the /Lang of words written in it."""
        if language not in self.foreign_cache:
            same = _primary(language) == self.language
            self.foreign_cache[language] = None if same else language
        return self.foreign_cache[language]

    def add(
        self,
        role: str,
        parent: Node | None = None,
        *,
        lang: str | None = None,
        alt: str | None = None,
        bbox: Rect | None = None,
    ) -> Node:
        node = Node(role, lang=lang, alt=alt, bbox=bbox)
        (parent or self.document).kids.append(node)
        return node

    def mark(self, node: Node) -> None:
        """What is painted next is ``node``'s content (one MCID for as long as it lasts)."""
        if self.open is node:
            return
        self.close()
        mcid = len(self.owners)
        self.owners.append(node)
        node.kids.append(mcid)
        self.canvas.addLiteral(f"/{node.role} <</MCID {mcid}>> BDC")
        self.open = node

    def close(self) -> None:
        if self.open is not None:
            self.canvas.addLiteral("EMC")
            self.open = None

    @contextmanager
    def artifact(self, kind: str = "Layout", subtype: str | None = None) -> Iterator[None]:
        """What is painted inside is decoration (or pagination), not content."""
        self.close()
        extra = f" /Subtype /{subtype}" if subtype else ""
        self.canvas.addLiteral(f"/Artifact <</Type /{kind}{extra}>> BDC")
        yield
        self.canvas.addLiteral("EMC")

    def block(self, body: Node, label: Node | None = None, *, flat: bool = False) -> BlockMarks:
        return BlockMarks(self, body, label, flat)

    def annotate(self, link: Node, rect: Rect, target: str, title: str) -> Indirect:
        """A link annotation over ``rect``, owned by the Link element ``link``."""
        annotation = Indirect(
            {
                "Type": ANNOT,
                "Subtype": LINK,
                "Rect": [round(v, 3) for v in rect],
                "Border": [0, 0, 0],
                "F": 4,
                "Contents": title,
                "StructParent": len(self.links) + 1,
            }
        )
        if target.startswith("#"):
            annotation.value["Dest"] = Destination(target[1:])
        else:
            annotation.value["A"] = {"S": URI, "URI": target}
        self.objects.annotate(annotation)
        self.links.append((link, annotation))
        link.kids.append(annotation)
        return annotation

    @staticmethod
    def extend(annotation: Indirect, rect: Rect) -> None:
        """One link over several lines is one annotation: /Rect bounds them all and
        /QuadPoints names each line's part, so a viewer makes only those clickable."""
        value = annotation.value
        if "QuadPoints" not in value:
            value["QuadPoints"] = _quad(value["Rect"])
        value["QuadPoints"] += _quad(rect)
        low_x, low_y, high_x, high_y = value["Rect"]
        value["Rect"] = [
            round(min(low_x, rect[0]), 3),
            round(min(low_y, rect[1]), 3),
            round(max(high_x, rect[2]), 3),
            round(max(high_y, rect[3]), 3),
        ]

    def finish(self, catalog: dict[str, object]) -> None:
        """Close the page, then write the structure tree, the page's entries and the
        ``catalog`` entries given."""
        self.close()
        self.canvas.showPage()
        elements: dict[int, Indirect] = {}
        root = Indirect({"Type": Name("StructTreeRoot")})
        document = self._element(self.document, root, elements)
        numbers: list[object] = [0, [elements[id(owner)] for owner in self.owners]]
        for key, (link, _annotation) in enumerate(self.links, 1):
            numbers += [key, elements[id(link)]]
        root.value.update(
            K=document,
            ParentTree=Indirect({"Nums": numbers}),
            ParentTreeNextKey=len(self.links) + 1,
        )
        self.objects.set_last_page({"StructParents": 0, "Tabs": Name("S"), "Trans": None})
        marked = {"StructTreeRoot": root, "MarkInfo": {"Marked": True}}
        self.objects.set_catalog({**catalog, **marked})

    def _element(self, node: Node, parent: Indirect, made: dict[int, Indirect]) -> Indirect:
        element = Indirect({"Type": STRUCT_ELEM, "S": node.role, "P": parent})
        made[id(node)] = element
        kids: list[object] = []
        for kid in node.kids:
            if isinstance(kid, Node):
                kids.append(self._element(kid, element, made))
            elif isinstance(kid, Indirect):
                kids.append({"Type": OBJR, "Obj": kid, "Pg": PAGE})
            else:
                kids.append(kid)
        element.value["K"] = kids
        if any(isinstance(kid, int) for kid in node.kids):
            element.value["Pg"] = PAGE
        if node.lang:
            element.value["Lang"] = node.lang
        if node.alt:
            element.value["Alt"] = node.alt
        if node.bbox:
            element.value["A"] = {"O": Name("Layout"), "BBox": [round(v, 3) for v in node.bbox]}
        return element


class BlockMarks:
    """Where the strings of one text block go: its label, its body, and within the body a
    Link element per link and a Span per stretch of words in another language.

    ``flat`` keeps everything in the body (a Figure's texts, a heading's)."""

    def __init__(self, tagger: Tagger, body: Node, label: Node | None, flat: bool) -> None:
        self.tagger = tagger
        self.body = body
        self.label = label
        self.flat = flat
        self.last: tuple[object, Node] | None = None  # the link or span the last run went to
        self.annotations: dict[int, Indirect] = {}  # each Link element's annotation

    def part(self, run: Run) -> Hashable:
        if self.flat:
            return None
        return self.tagger.foreign(run.lang) if run.lang else None

    def bullet(self) -> None:
        self.tagger.mark(self.label or self.body)

    def run(self, run: Run) -> None:
        self.tagger.mark(self._node(run))

    def _node(self, run: Run) -> Node:
        if self.flat:
            return self.body
        lang = self.tagger.foreign(run.lang) if run.lang else None
        key: object = ("link", run.link) if run.link else ("lang", lang) if lang else None
        if key is None:
            self.last = None
            return self.body
        if self.last is not None and self.last[0] == key:
            return self.last[1]  # the same link or language, continued on the next line
        role = "Link" if run.link else "Span"
        node = self.tagger.add(role, self.body, lang=None if run.link else lang)
        self.last = (key, node)
        return node

    def link(self, run: Run, rect: Rect) -> None:
        assert run.link is not None and self.last is not None
        node = self.last[1]
        known = self.annotations.get(id(node))
        if known is not None:  # the same link, continued on the next line
            self.tagger.extend(known, rect)
            return
        title = run.link_title or run.link.removeprefix("#")
        self.annotations[id(node)] = self.tagger.annotate(node, rect, run.link, title)
