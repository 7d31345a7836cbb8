"""Read a .docx for ``drafter format``: its paragraphs for the outline, and its tables and
pictures to carry over into the re-laid document.

Line N is the N-th paragraph in :func:`drafter.docx_reader.iter_paragraphs` order, as everywhere
in drafter. Paragraphs inside tables stay out of the outline (their lines are blank), so a table
at the end no longer hides the 署名 and 成文日期; the table itself is carried over at its place,
its cells set in the 表格文字 style, as wide as the 版心 at most, its first row repeated on every
page. Pictures are copied with their image parts. What cannot be carried over (text boxes,
charts, SmartArt, embedded objects, footnotes, equations, headers) is named in a warning.
"""

from __future__ import annotations

import copy
import os
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field

from . import docx_reader
from .docx_limits import read_part
from .docx_reader import TextWalker, iter_paragraphs, wtag
from .export import Block
from .layout import Profile
from .model import DrafterError, RawDocument
from .ooxml import Package, paragraph

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_IMAGE_REL = R + "/image"
_KEEP_RUN_PROPS = {wtag(t) for t in ("b", "bCs", "i", "iCs", "u", "strike", "dstrike", "vertAlign")}
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
NAMES = {"textbox": "文本框", "chart": "图表", "smartart": "SmartArt 图形", "object": "嵌入对象", "footnote": "脚注",
         "endnote": "尾注", "comment": "批注", "equation": "公式", "header": "页眉页脚中的文字", "section": "分节（如横向页面）",
         "linked": "链接的图片", "other": "其他图形"}


@dataclass
class Source:
    """A .docx ready for the formatter: lines for the outline, carried blocks by line, the output
    package (already holding the copied images) and warnings."""

    raw: RawDocument
    carried: dict[int, list[Block]] = field(default_factory=dict)
    package: Package = field(default_factory=Package)
    warnings: list[str] = field(default_factory=list)


class _Copier:
    """Copies tables and drawings from the input package into the output one."""

    def __init__(self, archive, out: Package, profile: Profile, source: str = ""):
        self.archive, self.out, self.profile = archive, out, profile
        self.source = source
        self.rels = _relationships(archive, source)
        self.lost: Counter[str] = Counter()
        self.doc_pr = 0
        self.labels: dict[int, str] = {}

    def drawing_runs(self, p) -> list[str]:
        """The runs of ``p`` that hold a picture, serialised with their images copied."""
        out = []
        for r in p.iter(wtag("r")):
            if r.find(wtag("drawing")) is None and r.find(wtag("pict")) is None and r.find(wtag("object")) is None \
                    and not any(el.tag.endswith("AlternateContent") for el in r):
                continue
            kind = _drawing_kind(r)
            if kind != "picture":
                self.lost[kind] += 1
                continue
            r = copy.deepcopy(r)
            if not self._relink(r):
                continue
            for pr in r.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
                self.doc_pr += 1
                pr.set("id", str(self.doc_pr))
            rpr = r.find(wtag("rPr"))
            if rpr is not None:
                r.remove(rpr)
            out.append(_xml(r))
        return out

    def _relink(self, r) -> bool:
        for el in r.iter():
            for name, value in list(el.attrib.items()):
                if not name.startswith("{%s}" % R):
                    continue
                rel = self.rels.get(value)
                if rel is None or rel[0] != _IMAGE_REL or rel[2]:
                    self.lost["linked"] += 1
                    return False
                if rel[1] not in self.archive.namelist():
                    self.lost["linked"] += 1
                    return False
                data = read_part(self.archive, self.archive.getinfo(rel[1]), self.source)
                el.set(name, self.out.add_media(data, posixpath.splitext(rel[1])[1].lstrip(".") or "png"))
        return True

    def table(self, tbl) -> str:
        """The table re-laid: 表格文字 cells, within the 版心, header row repeated."""
        tbl = copy.deepcopy(tbl)
        width = self.profile.geometry.width
        ppr = tbl.find(wtag("tblPr"))
        if ppr is None:
            ppr = tbl.makeelement(wtag("tblPr"), {})
            tbl.insert(0, ppr)
        for tag in ("tblpPr", "tblInd", "tblOverlap"):
            for el in ppr.findall(wtag(tag)):
                ppr.remove(el)
        style = ppr.find(wtag("tblStyle"))
        if ppr.find(wtag("tblBorders")) is None:
            if style is None:
                style = ppr.makeelement(wtag("tblStyle"), {})
                ppr.insert(0, style)
            style.set(wtag("val"), "TableGrid")
        elif style is not None:
            ppr.remove(style)
        cols = [el for el in tbl.findall(f"{wtag('tblGrid')}/{wtag('gridCol')}")]
        total = sum(int(c.get(wtag("w"), "0") or 0) for c in cols)
        factor = width / total if total > width else 1.0
        for c in cols:
            c.set(wtag("w"), str(int(int(c.get(wtag("w"), "0") or 0) * factor)))
        for tcw in tbl.iter(wtag("tcW")):
            if tcw.get(wtag("type")) == "dxa":
                tcw.set(wtag("w"), str(int(int(tcw.get(wtag("w"), "0") or 0) * factor)))
        tblw = ppr.find(wtag("tblW"))
        if tblw is None:
            tblw = ppr.makeelement(wtag("tblW"), {})
            ppr.append(tblw)
        tblw.attrib.clear()
        tblw.set(wtag("w"), str(min(total, width) if total else 5000))
        tblw.set(wtag("type"), "dxa" if total else "pct")
        _schema_order(ppr)
        rows = tbl.findall(wtag("tr"))
        if rows:
            trpr = rows[0].find(wtag("trPr"))
            if trpr is None:
                trpr = rows[0].makeelement(wtag("trPr"), {})
                rows[0].insert(0, trpr)
            if trpr.find(wtag("tblHeader")) is None:  # schema order: before tblCellSpacing, jc, hidden
                later = [k for k, el in enumerate(trpr) if el.tag in _AFTER_HEADER]
                trpr.insert(later[0] if later else len(trpr), trpr.makeelement(wtag("tblHeader"), {}))
        for p in list(tbl.iter(wtag("p"))):
            self._cell_paragraph(p)
        return _xml(tbl)

    def _cell_paragraph(self, p) -> None:
        original = self.labels.get(id(p), "")
        ppr = p.find(wtag("pPr"))
        jc = ppr.find(wtag("jc")) if ppr is not None else None
        if ppr is not None:
            p.remove(ppr)
        ppr = p.makeelement(wtag("pPr"), {})
        ppr.append(ppr.makeelement(wtag("pStyle"), {wtag("val"): "TableText"}))
        if jc is not None:
            ppr.append(jc)
        p.insert(0, ppr)
        for r in list(p.iter(wtag("r"))):
            if r.find(wtag("drawing")) is not None or r.find(wtag("pict")) is not None:
                kept = self.drawing_runs_of(r)
                parent = r.getparent()
                if kept is None:
                    parent.remove(r)
                continue
            rpr = r.find(wtag("rPr"))
            if rpr is not None:
                for child in list(rpr):
                    if child.tag not in _KEEP_RUN_PROPS:
                        rpr.remove(child)
        if original:
            label = p.makeelement(wtag("r"), {})
            t = label.makeelement(wtag("t"), {})
            t.text = original
            label.append(t)
            p.insert(1, label)

    def drawing_runs_of(self, r):
        """Keep a picture run in place inside a table cell (relinked), or None to drop it."""
        kind = _drawing_kind(r)
        if kind != "picture" or not self._relink(r):
            if kind != "picture":
                self.lost[kind] += 1
            return None
        return r


def _drawing_kind(r) -> str:
    xml = _xml(r)
    if "txbxContent" in xml or "v:textbox" in xml or (f'"{WPS}"' in xml and "txbx" in xml):
        return "textbox"
    if "drawingml/2006/chart" in xml:
        return "chart"
    if "drawingml/2006/diagram" in xml:
        return "smartart"
    if r.find(wtag("object")) is not None:
        return "object"
    if "blip" in xml or "imagedata" in xml:
        return "picture"
    return "other"


_AFTER_HEADER = {wtag(t) for t in ("tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange")}
_TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
                "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
                "tblDescription"]


def _schema_order(ppr) -> None:
    rank = {wtag(t): k for k, t in enumerate(_TBLPR_ORDER)}
    children = sorted(ppr, key=lambda el: rank.get(el.tag, len(rank)))
    for el in children:
        ppr.remove(el)
        ppr.append(el)


def _xml(el) -> str:
    from lxml import etree

    return etree.tostring(el, encoding="unicode")


def _relationships(archive, source: str = "") -> dict[str, tuple[str, str, bool]]:
    """id -> (type, part name, external) of the main document's relationships."""
    name = "word/_rels/document.xml.rels"
    if name not in archive.namelist():
        return {}
    root = docx_reader.parse_part(read_part(archive, archive.getinfo(name), source), name, source)
    out = {}
    for rel in root:
        target = rel.get("Target", "")
        external = rel.get("TargetMode") == "External"
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("word", target))
        out[rel.get("Id")] = (rel.get("Type", ""), name, external)
    return out


def _own_text(p, walker: TextWalker) -> str:
    """The paragraph's visible text, read as the reader reads it (no hidden runs, no field codes),
    without that of text boxes anchored in it (they are not carried)."""
    if next(p.iter(wtag("txbxContent")), None) is None:
        return walker.text(p)
    p = copy.deepcopy(p)
    for box in list(p.iter(wtag("txbxContent"))):
        box.getparent().remove(box)
    return walker.text(p)


def _top_blocks(body):
    """The block-level children of the body, with content controls and custom XML unwrapped."""
    for child in body:
        if child.tag in (wtag("sdt"), wtag("customXml")):
            content = child.find(wtag("sdtContent")) if child.tag == wtag("sdt") else child
            if content is not None:
                yield from _top_blocks(content)
        else:
            yield child


def read_for_format(path: str, profile: Profile) -> Source:
    """Read ``path`` (a .docx) into a :class:`Source`."""
    from .reader import read_input

    package = docx_reader.load(read_input(path), path)  # guarded: regular file, size cap
    body = package.body
    out = Source(RawDocument(path, [], "docx"))
    copier = _Copier(package.archive, out.package, profile, path)
    walker = TextWalker(package.hidden_styles)  # one walker in document order: fields span paragraphs
    numbers: dict[int, int] = {}
    lines: list[str] = []
    alive = list(iter_paragraphs(body))  # keeps the lxml proxies, so that id() stays theirs
    for n, p in enumerate(alive, 1):
        label = package.labeller.label(p)
        copier.labels[id(p)] = label
        numbers[id(p)] = n
        lines.append(label + _own_text(p, walker))
    text_lines = [""] * len(lines)
    for child in _top_blocks(body):
        if child.tag == wtag("p"):
            n = numbers[id(child)]
            text_lines[n - 1] = lines[n - 1]
            runs = copier.drawing_runs(child)
            if runs:
                kind = "extra" if lines[n - 1].strip() else "raw"
                xml = "".join(runs) if kind == "extra" else paragraph("".join(runs), "Figure")
                out.carried.setdefault(n, []).append(Block("", kind, xml=xml, line=n))
            if child.find(f"{wtag('pPr')}/{wtag('sectPr')}") is not None:
                copier.lost["section"] += 1
        elif child.tag == wtag("tbl"):
            first = next((numbers[id(p)] for p in child.iter(wtag("p")) if id(p) in numbers), None)
            if first is not None:
                out.carried.setdefault(first, []).append(Block("", "raw", xml=copier.table(child), line=first))
    _count_lost(package, body, copier.lost)
    out.raw = RawDocument(path, text_lines, "docx")
    if not any(line.strip() for line in text_lines):
        raise DrafterError(".docx 文件没有可排版的文字（正文不在表格之外）", path)
    if copier.lost:
        named = "、".join(f"{NAMES[k]} {v} 处" for k, v in sorted(copier.lost.items()))
        out.warnings.append(f"{os.path.basename(path)}：未能保留：{named}（请在排版后的文件中手工补上）")
    return out


def _count_lost(package, body, lost: Counter) -> None:
    for tag, kind in (("footnoteReference", "footnote"), ("endnoteReference", "endnote"),
                      ("commentReference", "comment")):
        count = sum(1 for _ in body.iter(wtag(tag)))
        if count:
            lost[kind] += count
    math = sum(1 for _ in body.iter("{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath"))
    if math:
        lost["equation"] += math
    for name in package.archive.namelist():
        if name.startswith(("word/header", "word/footer")) and name.endswith(".xml"):
            data = read_part(package.archive, package.archive.getinfo(name), package.source)
            text = "".join(docx_reader.parse_part(data, name, package.source).itertext())
            if re.sub(r"[\s—\-–0-9第页共/]|PAGE|NUMPAGES", "", text):
                lost["header"] += 1
