"""Read the paragraphs of a .docx, with the labels that Word's automatic numbering draws.

Paragraph N of the result is the N-th ``w:p`` of the body in document order (empty ones counted,
table cells in reading order, the fallback copy of text boxes skipped). :func:`iter_paragraphs` is
the one definition of that order and :class:`TextWalker` the one definition of a paragraph's
text (hidden ``w:vanish`` runs and deleted text left out, field results read but not editable);
the fixer and the formatter use both.

A package is opened within limits (:mod:`drafter.docx_limits`): entries, sizes and compression
ratios are checked before anything is inflated, and every part is parsed by one XML parser that
resolves no entities, loads no DTD and never touches the network.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from .docx_limits import open_zip, read_part
from .model import DrafterError, RawDocument
from .numbering import int_to_cn, to_fullwidth_digits

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = "{%s}" % W
W_BODY = _W + "body"
MAX_LEVEL = 8  # w:ilvl is 0–8
MAX_START = 32767  # the largest w:start Word accepts
MAX_LABEL = 64  # characters of a w:lvlText, and of the label it draws


def _etree():
    from lxml import etree  # lxml comes with python-docx

    return etree


def parser():
    """The one XML parser for package parts: no entities, no DTD, no network, no huge trees."""
    return _etree().XMLParser(resolve_entities=False, load_dtd=False, no_network=True, dtd_validation=False,
                              huge_tree=False, collect_ids=False)


def parse_part(data: bytes, name: str, source: str):
    """Parse one package part; a DTD (which Word never writes) or broken XML is a DrafterError."""
    etree = _etree()
    if _declares_dtd(data):
        raise DrafterError(f".docx 的 {name} 含 DTD/实体声明（Word 不会写出这种内容），拒绝读取", source)
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        raise DrafterError(f".docx 文件内容已损坏（{name} 不是有效的 XML：{_first_line(exc)}）", source) from None
    if root is None:
        raise DrafterError(f".docx 文件内容已损坏（{name} 是空的）", source)
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise DrafterError(f".docx 的 {name} 含 DTD/实体声明（Word 不会写出这种内容），拒绝读取", source)
    return root


def _declares_dtd(data: bytes) -> bool:
    """True when the prolog (before the root element) holds a <!DOCTYPE …> or <!ENTITY …>."""
    head = data[:65536]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:4]:
        head = head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    return b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper()


def _first_line(exc: Exception) -> str:
    text = str(exc).split("\n")[0]
    return text if len(text) <= 80 else text[:79] + "…"


@dataclass
class Package:
    """An opened .docx: its zip, the parsed document.xml, a labeller for Word's numbering and
    the names of the styles that hide text."""

    archive: zipfile.ZipFile
    document: Any
    labeller: _Labeller
    hidden_styles: frozenset[str] = frozenset()
    source: str = ""

    @property
    def body(self):
        """The w:body element."""
        return self.document.find(W_BODY)

    def rebuilt(self) -> bytes:
        """The package with the (edited) document.xml; every other part copied unchanged."""
        document = _etree().tostring(self.document, xml_declaration=True, encoding="UTF-8", standalone=True)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in self.archive.infolist():
                if info.filename == "word/document.xml":
                    payload = document
                else:
                    payload = read_part(self.archive, info, self.source)
                target.writestr(info, payload, compress_type=info.compress_type)
        return out.getvalue()


def wtag(name: str) -> str:
    """The Clark name of a WordprocessingML element, e.g. wtag("t")."""
    return _W + name


def load(data: bytes, source: str) -> Package:
    """Open a .docx given as bytes; a broken or hostile package is a one-line :class:`DrafterError`."""
    archive = open_zip(data, source)
    names = set(archive.namelist())
    if "word/document.xml" not in names:
        raise DrafterError(".docx 文件缺少 word/document.xml，不是 Word 文档或已损坏", source)
    document = parse_part(read_part(archive, archive.getinfo("word/document.xml"), source), "word/document.xml", source)
    numbering = _parse_optional(archive, names, "word/numbering.xml", source)
    styles = _parse_optional(archive, names, "word/styles.xml", source)
    if document.find(W_BODY) is None:
        raise DrafterError(".docx 文件没有正文", source)
    resolved = _Styles(styles)
    return Package(archive, document, _Labeller(numbering, resolved), resolved.hidden, source)


def read_docx(data: bytes, source: str) -> RawDocument:
    """Paragraph texts of a .docx given as bytes; Word list labels are put back in front."""
    from .altchunk import with_chunks

    package = load(data, source)
    walker = TextWalker(package.hidden_styles)
    lines = [package.labeller.label(p) + walker.text(p) for p in iter_paragraphs(package.body)]
    lines = with_chunks(package, lines, source)  # an HTML/MHT body imported by w:altChunk
    if not any(line.strip() for line in lines):
        raise DrafterError(".docx 文件没有文字内容", source)
    return RawDocument(source, lines, "docx", "utf-8")


def _parse_optional(archive, names, name, source):
    if name not in names:
        return None
    return parse_part(read_part(archive, archive.getinfo(name), source), name, source)


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


# -- text ---------------------------------------------------------------------------------------

@dataclass
class Piece:
    """A piece of a paragraph's text: the ``w:t`` holding it (None for a tab or hyphen), its
    first character in the paragraph, and whether a fix may change it (not in a field result)."""

    element: Any
    first: int
    text: str
    editable: bool


@dataclass
class TextWalker:
    """Reads the visible text of paragraphs in document order. Fields may span paragraphs (a
    table of contents), so one walker is used for all paragraphs of a package, in order."""

    hidden_styles: frozenset[str] = frozenset()
    fields: list[bool] = field(default_factory=list)  # open fields: True once past "separate"

    def pieces(self, p) -> list[Piece]:
        """The visible pieces of paragraph ``p``: hidden and deleted runs are left out."""
        out: list[Piece] = []
        pos = 0
        hidden_styles = self.hidden_styles
        para_hidden = bool(hidden_styles) and _style_of(p, "pPr", "pStyle") in hidden_styles
        r_tag, t_tag, tab_tag, hyphen = _W + "r", _W + "t", _W + "tab", _W + "noBreakHyphen"
        fld_char, simple = _W + "fldChar", _W + "fldSimple"
        for run in p.iter(r_tag):
            if _deleted(run, p):
                continue
            hidden = _hidden(run, para_hidden, hidden_styles)
            in_simple = _inside(run, simple, p)
            for el in run:
                tag = el.tag
                if tag == fld_char:
                    kind = el.get(_W + "fldCharType")
                    if kind == "begin":
                        self.fields.append(False)
                    elif kind == "separate" and self.fields:
                        self.fields[-1] = True
                    elif kind == "end" and self.fields:
                        self.fields.pop()
                    continue
                if hidden or (self.fields and not self.fields[-1]):
                    continue  # hidden text, or a field's code
                if tag == t_tag:
                    text = el.text or ""
                elif tag == tab_tag:
                    text = "\t"
                elif tag == hyphen:
                    text = "-"
                else:
                    continue
                editable = tag == t_tag and not in_simple and not self.fields
                out.append(Piece(el if tag == t_tag else None, pos, text, editable))
                pos += len(text)
        return out

    def text(self, p) -> str:
        """The visible text of paragraph ``p``."""
        return "".join(piece.text for piece in self.pieces(p))


def paragraph_text(p) -> str:
    """The text of one paragraph on its own (no styles known: only direct w:vanish hides)."""
    return TextWalker().text(p)


_OFF = ("0", "false", "off")


def _on(el) -> bool:
    return el is not None and el.get(_W + "val", "true") not in _OFF


def _style_of(el, props: str, name: str) -> str | None:
    holder = el.find(_W + props)
    ref = holder.find(_W + name) if holder is not None else None
    return ref.get(_W + "val") if ref is not None else None


def _hidden(run, para_hidden: bool, hidden_styles: frozenset[str]) -> bool:
    rpr = run.find(_W + "rPr")
    if rpr is None:
        return para_hidden
    vanish = rpr.find(_W + "vanish")
    if vanish is not None:
        return _on(vanish)
    return para_hidden or (bool(hidden_styles) and _style_of(run, "rPr", "rStyle") in hidden_styles)


def _inside(el, tag: str, stop) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _deleted(run, p) -> bool:
    parent = run.getparent()
    return parent is not None and parent is not p and parent.tag in (_W + "del", _W + "moveFrom")


# -- styles and numbering -------------------------------------------------------------------------

class _Styles:
    """What drafter needs of styles.xml, with basedOn chains resolved (cycles and dangling
    references ignored): the numbering a style carries, and the styles that hide text."""

    def __init__(self, styles):
        based: dict[str, str] = {}
        own_num: dict[str, tuple[str | None, int | None]] = {}
        own_vanish: dict[str, bool] = {}
        if styles is not None:
            for style in styles.iter(_W + "style"):
                sid = style.get(_W + "styleId")
                if not sid:
                    continue
                b = style.find(_W + "basedOn")
                if b is not None and b.get(_W + "val"):
                    based[sid] = b.get(_W + "val")
                numpr = style.find(f"{_W}pPr/{_W}numPr")
                if numpr is not None:
                    own_num[sid] = _numpr(numpr)
                vanish = style.find(f"{_W}rPr/{_W}vanish")
                if vanish is not None:
                    own_vanish[sid] = _on(vanish)
        self.numbering: dict[str, tuple[str, int]] = {}
        for sid in set(based) | set(own_num):
            num_id, level = _resolve(sid, own_num, based) or (None, None)
            if num_id:
                self.numbering[sid] = (num_id, level or 0)
        self.hidden = frozenset(sid for sid in set(based) | set(own_vanish) if _resolve(sid, own_vanish, based))


def _resolve(sid: str, own: dict, based: dict[str, str]):
    """The value ``own`` gives ``sid`` or the nearest style it is based on (None if none)."""
    seen: set[str] = set()
    cur: str | None = sid
    while cur is not None and cur not in seen:
        if cur in own:
            return own[cur]
        seen.add(cur)
        cur = based.get(cur)
    return None


def _int(value: str | None, low: int, high: int) -> int | None:
    """``value`` as an integer within [low, high], else None."""
    if value is None or not re.fullmatch(r"[+-]?\d{1,9}", value.strip()):
        return None
    n = int(value)
    return n if low <= n <= high else None


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
    if fmt in ("upperLetter", "lowerLetter") and 0 < n <= 780:  # Word stops at 30 × Z
        s = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s if fmt == "upperLetter" else s.lower()
    if fmt in ("upperRoman", "lowerRoman") and 0 < n < 4000:
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
    """Counts Word list items the way Word does and returns the label of each paragraph.
    Out-of-range or non-numeric levels and start values are ignored, as Word ignores them."""

    def __init__(self, numbering, styles: _Styles):
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractId, startOverrides)
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstractId -> ilvl -> (start, fmt, text)
        self.style_num = styles.numbering
        self.counters: dict[str, list[int]] = {}
        self.started: set[str] = set()
        if numbering is not None:
            self._read_numbering(numbering)

    def _read_numbering(self, numbering):
        for absnum in numbering.iter(_W + "abstractNum"):
            aid = absnum.get(_W + "abstractNumId")
            if aid is None:
                continue
            levels = {}
            for lvl in absnum.iter(_W + "lvl"):
                ilvl = _int(lvl.get(_W + "ilvl", "0"), 0, MAX_LEVEL)
                if ilvl is not None:
                    levels[ilvl] = self._level(lvl)
            self.levels[aid] = levels
        for num in numbering.iter(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            if ref is None or num.get(_W + "numId") is None:
                continue
            overrides = {}
            for ov in num.iter(_W + "lvlOverride"):
                start = ov.find(_W + "startOverride")
                ilvl = _int(ov.get(_W + "ilvl", "0"), 0, MAX_LEVEL)
                value = _int(start.get(_W + "val", "1"), 0, MAX_START) if start is not None else None
                if ilvl is not None and value is not None:
                    overrides[ilvl] = value
            self.nums[num.get(_W + "numId")] = (ref.get(_W + "val"), overrides)

    @staticmethod
    def _level(lvl):
        def val(tag, default):
            el = lvl.find(_W + tag)
            value = el.get(_W + "val", default) if el is not None else default
            return value if value is not None else default

        start = _int(val("start", "1"), 0, MAX_START)
        return (1 if start is None else start), val("numFmt", "decimal"), val("lvlText", "")[:MAX_LABEL]

    def label(self, p) -> str:
        """The label Word draws before paragraph ``p`` ('' when it is not a list item)."""
        if not self.nums:
            return ""
        ppr = p.find(_W + "pPr")
        num_id: str | None = None
        ilvl: int | None = 0
        if ppr is not None:
            numpr = ppr.find(_W + "numPr")
            pstyle = ppr.find(_W + "pStyle")
            if pstyle is not None and pstyle.get(_W + "val") in self.style_num:
                num_id, ilvl = self.style_num[pstyle.get(_W + "val")]
            if numpr is not None:
                nid, lvl = _numpr(numpr)
                num_id = nid if nid is not None else num_id
                ilvl = lvl if numpr.find(_W + "ilvl") is not None else ilvl
        if not num_id or num_id == "0" or num_id not in self.nums or ilvl is None:
            return ""
        aid, overrides = self.nums[num_id]
        levels = self.levels.get(aid, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(aid, [0] * (MAX_LEVEL + 1))
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in overrides.items():
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

        return re.sub(r"%([1-9])", sub, text)[:MAX_LABEL]


def _numpr(numpr) -> tuple[str | None, int | None]:
    """numId and ilvl of a w:numPr; an invalid ilvl is None (the paragraph gets no label)."""
    nid = numpr.find(_W + "numId")
    lvl = numpr.find(_W + "ilvl")
    return (nid.get(_W + "val") if nid is not None else None,
            _int(lvl.get(_W + "val", "0"), 0, MAX_LEVEL) if lvl is not None else 0)
