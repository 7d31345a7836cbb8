"""Read the paragraphs of a .docx, with the labels that Word's automatic numbering draws.

Paragraph N of the result is the N-th ``w:p`` of the body in document order (empty ones counted,
table cells in reading order, the fallback copy of text boxes skipped). :func:`iter_paragraphs` is
the one definition of that order; the fixer and the formatter use it too.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from .model import DrafterError, RawDocument
from .numbering import int_to_cn, to_fullwidth_digits

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = "{%s}" % W
W_BODY = _W + "body"


def _etree():
    from lxml import etree  # lxml comes with python-docx

    return etree


@dataclass
class Package:
    """An opened .docx: its zip, the parsed document.xml and a labeller for Word's numbering."""

    archive: zipfile.ZipFile
    document: Any
    labeller: _Labeller

    @property
    def body(self):
        """The w:body element."""
        return self.document.find(W_BODY)

    def rebuilt(self) -> bytes:
        """The package with the (edited) document.xml; every other part copied byte for byte."""
        document = _etree().tostring(self.document, xml_declaration=True, encoding="UTF-8", standalone=True)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in self.archive.infolist():
                payload = document if info.filename == "word/document.xml" else self.archive.read(info.filename)
                target.writestr(info, payload, compress_type=info.compress_type)
        return out.getvalue()


def wtag(name: str) -> str:
    """The Clark name of a WordprocessingML element, e.g. wtag("t")."""
    return _W + name


def load(data: bytes, source: str) -> Package:
    """Open a .docx given as bytes; a broken package is a one-line :class:`DrafterError`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DrafterError(".docx 文件已损坏（不是有效的 zip 压缩包）", source) from None
    names = set(archive.namelist())
    if "word/document.xml" not in names:
        raise DrafterError(".docx 文件缺少 word/document.xml，不是 Word 文档或已损坏", source)
    etree = _etree()
    try:
        document = etree.fromstring(archive.read("word/document.xml"))
        numbering = _parse_optional(archive, names, "word/numbering.xml")
        styles = _parse_optional(archive, names, "word/styles.xml")
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise DrafterError(f".docx 文件内容已损坏（{exc.__class__.__name__}）", source) from None
    if document.find(W_BODY) is None:
        raise DrafterError(".docx 文件没有正文", source)
    return Package(archive, document, _Labeller(numbering, styles))


def read_docx(data: bytes, source: str) -> RawDocument:
    """Paragraph texts of a .docx given as bytes; Word list labels are put back in front."""
    from .altchunk import with_chunks

    package = load(data, source)
    lines = [package.labeller.label(p) + paragraph_text(p) for p in iter_paragraphs(package.body)]
    lines = with_chunks(package, lines, source)  # an HTML/MHT body imported by w:altChunk
    if not any(line.strip() for line in lines):
        raise DrafterError(".docx 文件没有文字内容", source)
    return RawDocument(source, lines, "docx", "utf-8")


def _parse_optional(archive, names, name):
    if name not in names:
        return None
    return _etree().fromstring(archive.read(name))


def iter_paragraphs(body):
    """Every ``w:p`` under ``body`` in document order, skipping ``mc:Fallback`` duplicates."""
    fallback = "{%s}Fallback" % MC
    for p in body.iter(_W + "p"):
        parent = p.getparent()
        skip = False
        while parent is not None and parent is not body:
            if parent.tag == fallback:
                skip = True
                break
            parent = parent.getparent()
        if not skip:
            yield p


def paragraph_text(p) -> str:
    """The visible text of one paragraph (runs, tabs; no deleted text, no field codes)."""
    parts = []
    for el in p.iter(_W + "t", _W + "tab", _W + "noBreakHyphen"):
        if el.tag == _W + "t":
            parts.append(el.text or "")
        elif el.tag == _W + "tab":
            if el.getparent().tag == _W + "r":
                parts.append("\t")
        else:
            parts.append("-")
    return "".join(parts)




def format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in a Word ``w:numFmt``."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
               "ideographDigital", "japaneseCounting", "taiwaneseCounting"):
        return int_to_cn(n) if 0 < n < 1000 else str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth":
        return to_fullwidth_digits(str(n))
    if fmt == "decimalEnclosedCircle" and 0 < n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 0 < n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "ideographTraditional" and 0 < n <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[n - 1]
    if fmt in ("upperLetter", "lowerLetter"):
        s = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s if fmt == "upperLetter" else s.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        s = _roman(n)
        return s if fmt == "upperRoman" else s.lower()
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out


class _Labeller:
    """Counts Word list items the way Word does and returns the label of each paragraph."""

    def __init__(self, numbering, styles):
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractId, startOverrides)
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstractId -> ilvl -> (start, fmt, text)
        self.style_num: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        self.started: set[str] = set()
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, numbering):
        for absnum in numbering.iter(_W + "abstractNum"):
            aid = absnum.get(_W + "abstractNumId")
            self.levels[aid] = {int(lvl.get(_W + "ilvl", "0")): self._level(lvl)
                                for lvl in absnum.iter(_W + "lvl")}
        for num in numbering.iter(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            if ref is None:
                continue
            overrides = {}
            for ov in num.iter(_W + "lvlOverride"):
                start = ov.find(_W + "startOverride")
                if start is not None:
                    overrides[int(ov.get(_W + "ilvl", "0"))] = int(start.get(_W + "val", "1"))
            self.nums[num.get(_W + "numId")] = (ref.get(_W + "val"), overrides)

    @staticmethod
    def _level(lvl):
        def val(tag, default):
            el = lvl.find(_W + tag)
            return el.get(_W + "val", default) if el is not None else default

        return int(val("start", "1")), val("numFmt", "decimal"), val("lvlText", "")

    def _read_styles(self, styles):
        based: dict[str, str] = {}
        own: dict[str, tuple[str | None, int]] = {}
        for style in styles.iter(_W + "style"):
            sid = style.get(_W + "styleId")
            b = style.find(_W + "basedOn")
            if b is not None:
                based[sid] = b.get(_W + "val")
            numpr = style.find(f"{_W}pPr/{_W}numPr")
            if numpr is not None:
                own[sid] = _numpr(numpr)
        for sid in set(based) | set(own):
            seen: set[str] = set()
            cur: str | None = sid
            while cur and cur not in own and cur not in seen:
                seen.add(cur)
                cur = based.get(cur)
            num_id, level = own.get(cur or "", (None, 0))
            if num_id:
                self.style_num[sid] = (num_id, level)

    def label(self, p) -> str:
        """The label Word draws before paragraph ``p`` ('' when it is not a list item)."""
        ppr = p.find(_W + "pPr")
        num_id, ilvl = None, 0
        if ppr is not None:
            numpr = ppr.find(_W + "numPr")
            pstyle = ppr.find(_W + "pStyle")
            if pstyle is not None and pstyle.get(_W + "val") in self.style_num:
                num_id, ilvl = self.style_num[pstyle.get(_W + "val")]
            if numpr is not None:
                nid, lvl = _numpr(numpr)
                num_id = nid if nid is not None else num_id
                ilvl = lvl if numpr.find(_W + "ilvl") is not None else ilvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        aid, overrides = self.nums[num_id]
        levels = self.levels.get(aid, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(aid, [0] * 10)
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in overrides.items():
                if lvl < len(counters):
                    counters[lvl] = start - 1
        start = levels[ilvl][0]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] >= start else start
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = 0
        _, fmt, text = levels[ilvl]
        if fmt == "bullet":
            return ""

        def sub(m):
            k = int(m.group(1)) - 1
            if k not in levels:
                return ""
            value = counters[k] if counters[k] else levels[k][0]
            return format_number(value, levels[k][1] if k != ilvl else fmt)

        return re.sub(r"%([1-9])", sub, text)


def _numpr(numpr) -> tuple[str | None, int]:
    nid = numpr.find(_W + "numId")
    lvl = numpr.find(_W + "ilvl")
    return (nid.get(_W + "val") if nid is not None else None,
            int(lvl.get(_W + "val", "0")) if lvl is not None else 0)
