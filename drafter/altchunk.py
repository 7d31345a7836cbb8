"""The text of a .docx whose body is an imported HTML or MHT document (``w:altChunk``).

Law files downloaded from the national law database, and documents made by programs that fill a
Word template, keep their body in an "alternative format" part: ``document.xml`` holds only
``<w:altChunk r:id="…"/>`` and the text lives in ``word/afchunk.mht`` (MIME HTML) or an .htm part.
Word imports the part when it opens the file; this module does the same for reading.

Line numbers (documented in docs/outline-model.md): every ``w:p`` is one line as before, and each
altChunk contributes, in its place in document order, one line per block of its HTML that holds
text (``p``, ``div``, ``li``, ``h1``–``h6``, a table cell, a line ended by ``br``, …). A text part
gives one line per line, a nested .docx one line per paragraph; other formats (RTF) give none.
"""

from __future__ import annotations

import codecs
import contextvars
import posixpath
import re
from collections.abc import Iterator
from typing import Any

from .docx_limits import read_part
from .model import DrafterError

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
MAX_CHUNK_BYTES = 50 * 1024 * 1024  # one imported body; a larger part is no document
MAX_NESTING = 3  # a .docx imported into a .docx imported into …: a zip that holds itself would never end
_depth: contextvars.ContextVar[int] = contextvars.ContextVar("altchunk_depth", default=0)
_MHT_TYPES = ("message/rfc822", "multipart/related", "application/x-mimearchive")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_BY_SUFFIX = {".mht": "message/rfc822", ".mhtml": "message/rfc822", ".htm": "text/html",
              ".html": "text/html", ".xhtml": "application/xhtml+xml", ".txt": "text/plain",
              ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def has_chunks(package: Any) -> bool:
    """Does the body of this opened .docx import any altChunk?"""
    from .docx_reader import wtag

    return package.body.find(".//" + wtag("altChunk")) is not None


def with_chunks(package: Any, lines: list[str], source: str) -> list[str]:
    """``lines`` (one per ``w:p`` of the body, as :func:`drafter.docx_reader.read_docx` read them)
    with the lines of every altChunk put in at its place in document order."""
    if not has_chunks(package):
        return lines
    out: list[str] = []
    done = 0
    for position, chunk in _chunk_positions(package):
        out.extend(lines[done:position])
        done = position
        out.extend(chunk_lines(package, chunk, source))
    out.extend(lines[done:])
    return out


def numbered_paragraphs(package: Any, source: str) -> Iterator[tuple[int, Any]]:
    """Every ``w:p`` of the body with its line number, counting the altChunk lines in between
    (the numbering :func:`with_chunks` gives), for tools that edit paragraphs by line."""
    from .docx_reader import iter_paragraphs

    if not has_chunks(package):
        yield from enumerate(iter_paragraphs(package.body), start=1)
        return
    extra: dict[int, int] = {}
    for position, chunk in _chunk_positions(package):
        extra[position] = extra.get(position, 0) + len(chunk_lines(package, chunk, source))
    number = 0
    for k, p in enumerate(iter_paragraphs(package.body)):
        number += extra.get(k, 0) + 1
        yield number, p


def _chunk_positions(package: Any) -> list[tuple[int, Any]]:
    """(how many body paragraphs come before it, element) for every altChunk, in order."""
    from .docx_reader import iter_paragraphs, wtag

    kept = list(iter_paragraphs(package.body))  # held, so that lxml keeps these proxies
    ids = {id(p) for p in kept}
    out, count = [], 0
    p_tag, chunk_tag = wtag("p"), wtag("altChunk")
    for el in package.body.iter(p_tag, chunk_tag):
        if el.tag == chunk_tag:
            out.append((count, el))
        elif id(el) in ids:
            count += 1
    return out


def chunk_lines(package: Any, chunk: Any, source: str) -> list[str]:
    """The lines of one altChunk element's part ([] when the part is missing or unreadable as text)."""
    rid = chunk.get(f"{{{R_NS}}}id")
    name = _targets(package).get(rid or "")
    if name is None or name not in package.archive.namelist():
        return []
    info = package.archive.getinfo(name)
    if info.file_size > MAX_CHUNK_BYTES:
        raise DrafterError(f".docx 中嵌入的正文部件过大（{info.file_size // (1024 * 1024)} MB）", source)
    data = read_part(package.archive, info, source)  # within the package limits; damage is one line
    kind = _content_type(package, name)
    if kind in _MHT_TYPES:
        return mht_lines(data)
    if kind in _HTML_TYPES:
        return html_lines(decode_html(data))
    if kind == "text/plain":
        return decode_html(data).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if kind.startswith("application/vnd.openxmlformats-officedocument.wordprocessingml"):
        from .docx_reader import read_docx

        if _depth.get() >= MAX_NESTING:
            raise DrafterError(f".docx 中嵌套的 Word 正文超过 {MAX_NESTING} 层，拒绝读取", source)
        token = _depth.set(_depth.get() + 1)
        try:
            return read_docx(data, source).lines
        except DrafterError as exc:
            if "嵌套" in exc.message:
                raise
            return []
        finally:
            _depth.reset(token)
    return []  # RTF and other formats: not read


def _targets(package: Any) -> dict[str, str]:
    """Relationship id → part name of the main document's internal relationships."""
    rels = "word/_rels/document.xml.rels"
    if rels not in package.archive.namelist():
        return {}
    root = _parse_xml(read_part(package.archive, package.archive.getinfo(rels), package.source))
    out = {}
    for rel in root.iter(_PKG_REL):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("word", target))
        out[rel.get("Id", "")] = name
    return out


def _content_type(package: Any, name: str) -> str:
    """The content type of part ``name`` from ``[Content_Types].xml``, else from its suffix."""
    suffix = posixpath.splitext(name)[1].lower()
    if "[Content_Types].xml" in package.archive.namelist():
        types = package.archive.getinfo("[Content_Types].xml")
        root = _parse_xml(read_part(package.archive, types, package.source))
        for override in root.iter(_CT + "Override"):
            if override.get("PartName", "").lstrip("/") == name:
                return override.get("ContentType", "").lower()
        for default in root.iter(_CT + "Default"):
            if "." + default.get("Extension", "").lower() == suffix:
                return default.get("ContentType", "").lower()
    return _BY_SUFFIX.get(suffix, "")


def _parse_xml(data: bytes) -> Any:
    from lxml import etree

    from .docx_reader import parser  # no entities, no DTD, no network

    try:
        return etree.fromstring(data, parser())
    except etree.XMLSyntaxError:
        return etree.fromstring(b"<none/>")


# -- MHT and HTML ---------------------------------------------------------------------------------

def mht_lines(data: bytes) -> list[str]:
    """The lines of a MIME HTML archive (.mht): its first HTML part (else its first text part),
    decoded from its transfer encoding and charset."""
    import email
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    parts = [p for p in message.walk() if not p.is_multipart()]
    for wanted in ("text/html", "text/plain"):
        for part in parts:
            if part.get_content_type() == wanted:
                payload = part.get_payload(decode=True)
                if not isinstance(payload, bytes):
                    continue
                text = decode_html(payload, part.get_content_charset())
                return html_lines(text) if wanted == "text/html" else text.splitlines()
    return []


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
            "cp936": "gb18030", "x-cp936": "gb18030", "unicode": "utf-16"}


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Text of an HTML (or text) part: its byte order mark, the charset its MIME header declares,
    its ``<meta charset>`` or XML declaration, else UTF-8 or GB18030 (whichever decodes)."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    head = data[:4096]
    found = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    candidates = [c for c in (declared, found.group(1).decode("ascii") if found else None) if c]
    candidates += ["utf-8", "gb18030"]
    for name in candidates:
        found_codec = _codec(name)
        if found_codec is None:
            continue
        try:
            return data.decode(found_codec)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", errors="replace")


def _codec(name: str) -> str | None:
    name = _ALIASES.get(name.strip().lower(), name.strip().lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def html_lines(text: str) -> list[str]:
    """One line per block of an HTML document that holds text, in reading order."""
    from .htmltext import BlockText

    parser = BlockText()
    parser.feed(text.lstrip("\ufeff"))
    parser.close()
    return parser.lines
