"""The XMP metadata packet of a PDF/UA-1, PDF/A-2b briefing: deterministic, pure Python.

The packet repeats the document information dictionary (title, author, subject, keywords,
dates, producer, creator tool) in the form PDF/A and PDF/UA read, declares the file's
conformance (``pdfaid:part`` 2 with ``pdfaid:conformance`` B, ``pdfuaid:part`` 1), and
describes the ``pdfuaid`` namespace in a PDF/A extension schema, since PDF/A-2 accepts only
properties from predefined or described schemas. Nothing here imports ReportLab.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

PACKET_ID = "W5M0MpCehiHzreSzNTczkc9d"
NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}
# Characters XML 1.0 cannot carry at all, escaped or not. (Spelled as the few ranges left
# out rather than the many let in: compiling that negated class takes milliseconds.)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# xml.sax.saxutils.escape would do, but importing it imports urllib, http and ssl.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def _text(value: str) -> str:
    bad = _NOT_XML.search(value)
    if bad:
        raise ValueError(f"XMP cannot hold the character U+{ord(bad.group()):04X}: {value!r}")
    return value.translate(_ESCAPES)


def _date(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"XMP dates must be timezone-aware (UTC): {moment!r}")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _description(prefixes: tuple[str, ...], body: str) -> str:
    declarations = " ".join(f'xmlns:{p}="{NAMESPACES[p]}"' for p in prefixes)
    return f'  <rdf:Description rdf:about="" {declarations}>\n{body}  </rdf:Description>\n'


def _lang_alt(name: str, value: str) -> str:
    return (
        f"   <{name}><rdf:Alt>"
        f'<rdf:li xml:lang="x-default">{_text(value)}</rdf:li>'
        f"</rdf:Alt></{name}>\n"
    )


_PDFUA_EXTENSION = """\
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed\
</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
"""


def xmp_packet(
    title: str,
    author: str,
    subject: str,
    keywords: str,
    created: datetime,
    modified: datetime,
    producer: str,
    creator_tool: str,
    lang: str,
    trapped: bool | None = None,
) -> bytes:
    """The UTF-8 XMP packet for the catalog's /Metadata stream (/Type /Metadata /Subtype /XML).

    Each value must equal the Info dictionary's: ``title`` /Title, ``author`` /Author,
    ``subject`` /Subject, ``keywords`` /Keywords, ``producer`` /Producer, ``creator_tool``
    /Creator, ``created`` /CreationDate and ``modified`` /ModDate (timezone-aware; written in
    UTC). ``lang`` is the catalog's /Lang, recorded as dc:language. ``trapped``, when given,
    is the Info dictionary's /Trapped (pdf:Trapped).
    """
    dublin_core = (
        _lang_alt("dc:title", title)
        + f"   <dc:creator><rdf:Seq><rdf:li>{_text(author)}</rdf:li></rdf:Seq></dc:creator>\n"
        + _lang_alt("dc:description", subject)
        + f"   <dc:language><rdf:Bag><rdf:li>{_text(lang)}</rdf:li></rdf:Bag></dc:language>\n"
    )
    adobe_pdf = (
        f"   <pdf:Keywords>{_text(keywords)}</pdf:Keywords>\n"
        f"   <pdf:Producer>{_text(producer)}</pdf:Producer>\n"
    )
    if trapped is not None:
        adobe_pdf += f"   <pdf:Trapped>{trapped}</pdf:Trapped>\n"
    basic = (
        f"   <xmp:CreateDate>{_date(created)}</xmp:CreateDate>\n"
        f"   <xmp:ModifyDate>{_date(modified)}</xmp:ModifyDate>\n"
        f"   <xmp:MetadataDate>{_date(modified)}</xmp:MetadataDate>\n"
        f"   <xmp:CreatorTool>{_text(creator_tool)}</xmp:CreatorTool>\n"
    )
    identification = (
        "   <pdfaid:part>2</pdfaid:part>\n"
        "   <pdfaid:conformance>B</pdfaid:conformance>\n"
        "   <pdfuaid:part>1</pdfuaid:part>\n"
    )
    packet = (
        f'<?xpacket begin="\ufeff" id="{PACKET_ID}"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        + _description(("dc",), dublin_core)
        + _description(("pdf",), adobe_pdf)
        + _description(("xmp",), basic)
        + _description(("pdfaid", "pdfuaid"), identification)
        + _description(("pdfaExtension", "pdfaSchema", "pdfaProperty"), _PDFUA_EXTENSION)
        + " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")
