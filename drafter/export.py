"""Write a speech or 公文 as a .docx laid out per GB/T 9704-2012 (or a house profile).

Two steps, like python-docx's own split of document model and XML: :func:`blocks` decides what
each paragraph is (title, salutation, heading of level n, body, 署名, 成文日期, 附件…) from the
outline; :class:`_Writer` turns blocks into WordprocessingML. One input paragraph gives one
.docx paragraph, so ``outline``/``check`` read the export as they read the source.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from . import parts
from .layout import Profile
from .model import Document, DrafterError, Outline, RawDocument
from .numbering import CHAPTER_STYLES, CN_DATE_DIGITS, heading_level

_DATE = re.compile(rf"^(\d{{4}}|[{CN_DATE_DIGITS}]{{4}})年[\d{CN_DATE_DIGITS}]{{1,3}}月[\d{CN_DATE_DIGITS}]{{1,3}}日$")
_PAREN_LINE = re.compile(r"^[（(].*[）)]$")
_CLAUSE_END = "。！？：；!?:;"


@dataclass
class Block:
    """One paragraph of the export: its text, what it is, and where a heading clause ends when a
    heading and its body share the paragraph."""

    text: str
    kind: str  # title subtitle salutation body heading signature date note note_item appendix_label appendix_title
    level: int = 0
    split: int = 0  # characters at the start in the heading's font (0: none, or the whole text)
    page_break: bool = False
    style: str = ""  # the marker style of a heading


def blocks(doc: Document, outline: Outline) -> list[Block]:
    """What each paragraph of a cleaned document is, found through its outline."""
    paragraphs = doc.paragraphs
    by_line = {p.line: i for i, p in enumerate(paragraphs)}
    kinds: dict[int, Block] = {}
    title_lines = []
    if outline.title:
        start = by_line[outline.title.line]
        joined = ""
        for p in paragraphs[start:]:
            joined += p.text
            title_lines.append(p.line)
            if len(joined) >= len(outline.title.text):
                break
    if outline.salutation:
        kinds[outline.salutation.line] = Block(outline.salutation.text, "salutation")
    first_body = by_line.get(outline.salutation.line, -1) if outline.salutation else -1
    for p in paragraphs[len(title_lines):max(first_body, len(title_lines))]:
        if p.line not in kinds and len(p.text) <= 40:
            kinds[p.line] = Block(p.text, "subtitle")
    for node in outline.walk():
        level = heading_level(node.style)
        if node.inline or level is None:
            continue
        text = paragraphs[by_line[node.line]].text
        kinds[node.line] = Block(text, "heading", level, _heading_end(text, node.marker, node.heading),
                                 style=node.style)
    appendix_lines = {a.line for a in outline.appendices}
    for a in outline.appendices:
        kinds[a.line] = Block(paragraphs[by_line[a.line]].text, "appendix_label", page_break=True)
        if a.title:
            title_line = paragraphs[by_line[a.line] + 1].line
            kinds[title_line] = Block(a.title, "appendix_title")
    body_end = min((by_line[line] for line in appendix_lines), default=len(paragraphs))
    _signature(paragraphs[:body_end], kinds)
    _, _, note = parts.split_appendices(paragraphs)
    for i in sorted(note):
        p = paragraphs[i]
        if p.line not in kinds and not parts.patterns().toc_line.search(p.text):
            first = i == 0 or (i - 1) not in note
            kinds[p.line] = Block(p.text, "note" if first else "note_item")
    out = []
    if title_lines and outline.title:
        out.append(Block(outline.title.text, "title"))
    for p in paragraphs:
        if p.line in title_lines:
            continue
        out.append(kinds.get(p.line) or Block(p.text, "body"))
    return out


def _heading_end(text: str, marker: str, heading: str) -> int:
    """How much of the paragraph the heading's font covers: all of a stand-alone heading, or the
    heading clause with its own punctuation when the body follows in the same paragraph."""
    end = len(marker) + len(heading)
    if text[:end] != marker + heading:
        return len(text)
    if end < len(text) and text[end] in _CLAUSE_END:
        end += 1
    return len(text) if end >= len(text.rstrip()) else end


def _signature(paragraphs, kinds: dict[int, Block]) -> None:
    """署名 and 成文日期 at the end of a 公文's body (a short name line above a date line)."""
    for i in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 4), -1):
        p = paragraphs[i]
        if _DATE.match(p.text) and p.line not in kinds:
            kinds[p.line] = Block(p.text, "date")
            if i > 0:
                above = paragraphs[i - 1]
                if above.line not in kinds and len(above.text) <= 25 and not re.search("[。，；！？]", above.text):
                    kinds[above.line] = Block(above.text, "signature")
            for later in paragraphs[i + 1:]:
                if _PAREN_LINE.match(later.text) and later.line not in kinds:
                    kinds[later.line] = Block(later.text, "body")  # 附注
            return


# -- title ------------------------------------------------------------------------------------------

def break_title(title: str, max_chars: int) -> list[str]:
    """Lines of a long title, broken only between words (jieba) and never inside 《》“”（）,
    shaped as an upright trapezoid (two lines, the upper not longer) or a diamond (three lines,
    the middle longest) as GB/T 9704 asks, as balanced as the words allow."""
    if len(title) <= max_chars:
        return [title]
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    words, pos = [], 0
    for word in jieba.lcut(title):
        pos += len(word)
        if pos < len(title):
            words.append(pos)
    n = -(-len(title) // max_chars)
    outside = [c for c in words if _depth(title[:c]) == 0]
    for cuts in (outside, words):  # between words outside 《》“”（）, else between any words
        bounds = _best_bounds(title, cuts, n, max_chars)
        if bounds:
            return [title[a:b] for a, b in zip(bounds, bounds[1:])]
    return [title[i:i + max_chars] for i in range(0, len(title), max_chars)]


def _best_bounds(title: str, cuts: list[int], n: int, max_chars: int) -> list[int] | None:
    best, best_cost = None, None
    for combo in _combinations(cuts, n - 1):
        bounds = [0, *combo, len(title)]
        lengths = [b - a for a, b in zip(bounds, bounds[1:])]
        if max(lengths) > max_chars:
            continue
        cost = max(lengths) - min(lengths)
        if n == 2 and lengths[0] > lengths[1]:
            cost += 3  # prefer the upper line shorter
        if n >= 3 and lengths[len(lengths) // 2] < max(lengths):
            cost += 3  # prefer the middle line longest
        if best_cost is None or cost < best_cost:
            best, best_cost = bounds, cost
    return best


def _depth(text: str) -> int:
    return sum(text.count(o) - text.count(c) for o, c in ("《》", "“”", "（）", "()"))


def _combinations(items, k):
    from itertools import combinations

    return combinations(items, k) if k > 0 else [()]


# -- the XML ----------------------------------------------------------------------------------------

MM = 36000  # EMU per millimetre
TWIP_PER_PT = 20


def write_docx(items: list[Block], profile: Profile, title: str = "", author: str = "") -> bytes:
    """The .docx bytes for ``items`` in ``profile``'s layout."""
    return _Writer(profile).write(items, title, author)


class _Writer:
    def __init__(self, profile: Profile):
        import docx
        from docx.oxml.ns import qn

        self.docx, self.qn, self.p = docx, qn, profile
        self.document = docx.Document()

    # fonts ----------------------------------------------------------------------------------
    def _fonts(self, rpr, east_asia: str, size_pt: float | None = None, bold: bool | None = None) -> None:
        """Set the fonts the way Word and WPS honour them: East Asian font in w:eastAsia, Latin in
        w:ascii/w:hAnsi, no theme fonts, w:hint="eastAsia" so quotes and dashes take the Chinese font."""
        qn = self.qn
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.insert(0, fonts)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        latin = self.p.fonts["latin"]
        fonts.set(qn("w:ascii"), latin)
        fonts.set(qn("w:hAnsi"), latin)
        fonts.set(qn("w:cs"), latin)
        fonts.set(qn("w:eastAsia"), east_asia)
        fonts.set(qn("w:hint"), "eastAsia")
        if size_pt is not None:
            for tag in ("w:sz", "w:szCs"):
                el = rpr.find(qn(tag))
                if el is None:
                    el = rpr.makeelement(qn(tag), {})
                    rpr.append(el)
                el.set(qn("w:val"), str(round(size_pt * 2)))
        if bold is not None:
            el = rpr.find(qn("w:b"))
            if bold and el is None:
                rpr.append(rpr.makeelement(qn("w:b"), {}))
            elif not bold and el is not None:
                rpr.remove(el)

    def _styles(self) -> None:
        qn, doc = self.qn, self.document
        styles = doc.styles.element
        for fonts in styles.iter(qn("w:rFonts")):
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attr), None)
        defaults = styles.find(qn("w:docDefaults"))
        rpr_default = defaults.find(qn("w:rPrDefault"))
        rpr = rpr_default.find(qn("w:rPr"))
        self._fonts(rpr, self.p.fonts["body"], self.p.sizes["body"])
        normal = doc.styles["Normal"]
        self._fonts(normal.element.get_or_add_rPr(), self.p.fonts["body"], self.p.sizes["body"])
        fmt = normal.paragraph_format
        from docx.enum.text import WD_LINE_SPACING
        from docx.shared import Pt

        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(self.p.page["line_pitch_pt"])
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.widow_control = False

    def _page(self) -> None:
        from docx.shared import Emu

        qn, page = self.qn, self.p.page
        section = self.document.sections[0]
        section.page_width = Emu(int(page["width_mm"] * MM))
        section.page_height = Emu(int(page["height_mm"] * MM))
        section.top_margin = Emu(int(page["top_mm"] * MM))
        section.bottom_margin = Emu(int(page["bottom_mm"] * MM))
        section.left_margin = Emu(int(page["left_mm"] * MM))
        section.right_margin = Emu(int(page["right_mm"] * MM))
        size_pt = self.p.sizes["page_number"]
        footer_mm = page["bottom_mm"] - self.p.page_numbers["gap_mm"] - size_pt * 25.4 / 72
        section.footer_distance = Emu(int(max(footer_mm, 5) * MM))
        section.header_distance = Emu(int(15 * MM))
        sect = section._sectPr
        grid = sect.find(qn("w:docGrid"))
        if grid is None:
            grid = sect.makeelement(qn("w:docGrid"), {})
            sect.append(grid)
        grid.attrib.clear()
        grid.set(qn("w:type"), page["grid"])
        grid.set(qn("w:linePitch"), str(round(page["line_pitch_pt"] * TWIP_PER_PT)))
        if page["grid"] == "linesAndChars":
            grid.set(qn("w:charSpace"), str(page["char_space"]))
        self._page_numbers(section)

    def _page_numbers(self, section) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        numbers = self.p.page_numbers
        outer = numbers["position"] == "outer"
        if outer:
            self.document.settings.odd_and_even_pages_header_footer = True
        indent = Pt(self.p.sizes["page_number"] * numbers["indent_chars"])
        footers = [(section.footer, WD_ALIGN_PARAGRAPH.RIGHT if outer else WD_ALIGN_PARAGRAPH.CENTER)]
        if outer:
            footers.append((section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT))
        for footer, align in footers:
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.alignment = align
            fmt = paragraph.paragraph_format
            fmt.first_line_indent = Pt(0)
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                fmt.right_indent = indent
            elif align == WD_ALIGN_PARAGRAPH.LEFT:
                fmt.left_indent = indent
            dash = numbers["dash"]
            self._run(paragraph, f"{dash} ", self.p.fonts["page_number"], self.p.sizes["page_number"])
            self._field(paragraph, "PAGE")
            self._run(paragraph, f" {dash}", self.p.fonts["page_number"], self.p.sizes["page_number"])

    def _field(self, paragraph, instruction: str) -> None:
        qn = self.qn
        for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", "1"), ("end", None)):
            run = self._run(paragraph, "", self.p.fonts["page_number"], self.p.sizes["page_number"])
            if kind == "instr":
                el = run._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
                el.text = f" {text} "
                run._r.append(el)
            elif kind == "text":
                run.text = text
            else:
                run._r.append(run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind}))

    def _run(self, paragraph, text: str, east_asia: str, size_pt: float, bold: bool = False):
        run = paragraph.add_run(text)
        self._fonts(run._r.get_or_add_rPr(), east_asia, size_pt, bold or None)
        return run

    # paragraphs -----------------------------------------------------------------------------
    def write(self, items: list[Block], title: str, author: str) -> bytes:
        """Lay out every block and return the saved package."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
        from docx.shared import Pt

        self._styles()
        self._page()
        p, f, sizes = self.p, self.p.fonts, self.p.sizes
        body_size = sizes["body"]
        pitch = Pt(p.page["line_pitch_pt"])
        first = Pt(body_size * p.indent["first_line_chars"])
        chars_per_line = p.page["chars_per_line"]
        signature_start = None
        for item in items:
            para = self.document.add_paragraph()
            fmt = para.paragraph_format
            fmt.first_line_indent = first
            self._chars(para, "firstLineChars", p.indent["first_line_chars"])
            if item.page_break:
                fmt.page_break_before = True
            if item.kind == "title":
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                self._no_indent(para)
                width = int(chars_per_line * body_size * 0.9857 // sizes["title"])
                lines = break_title(item.text, width)
                for k, line in enumerate(lines):
                    run = self._run(para, line, f["title"], sizes["title"])
                    if k < len(lines) - 1:
                        run.add_break(WD_BREAK.LINE)
                fmt.space_after = pitch
                continue
            if item.kind in ("subtitle", "appendix_title"):
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                self._no_indent(para)
                size = sizes["title"] if item.kind == "appendix_title" else body_size
                font = f["title"] if item.kind == "appendix_title" else f["level2"]
                self._run(para, item.text, font, size)
                if item.kind == "appendix_title":
                    fmt.space_before = pitch
                    fmt.space_after = pitch
                continue
            if item.kind in ("salutation", "appendix_label"):
                self._no_indent(para)
                font = f["attachment_label"] if item.kind == "appendix_label" else f["body"]
                self._run(para, item.text, font, body_size)
                continue
            if item.kind == "heading":
                font = f[f"level{item.level}"]
                bold = p.bold[f"level{item.level}"]
                if item.style in CHAPTER_STYLES:  # chapter titles of 规定/办法 stand centred
                    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    self._no_indent(para)
                split = item.split or len(item.text)
                self._run(para, item.text[:split], font, body_size, bold)
                if split < len(item.text):
                    self._run(para, item.text[split:], f["body"], body_size)
                continue
            if item.kind == "signature":
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                self._no_indent(para)
                right = p.indent["signature_right_chars"]
                fmt.right_indent = Pt(body_size * right)
                signature_start = chars_per_line - right - len(item.text)
                self._run(para, item.text, f["body"], body_size)
                continue
            if item.kind == "date":
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                self._no_indent(para)
                if signature_start is not None:  # two characters right of where the 署名 starts
                    right = max(chars_per_line - (signature_start + 2) - len(item.text), p.indent["signature_right_chars"])
                else:
                    right = p.indent["signature_right_chars"]
                fmt.right_indent = Pt(body_size * right)
                fmt.space_before = Pt(0)
                self._run(para, item.text, f["body"], body_size)
                continue
            if item.kind == "note":
                fmt.space_before = pitch  # one blank line below the body
                label = parts.attachment_label(item.text)
                fmt.left_indent = Pt(body_size * (p.indent["first_line_chars"] + label))
                fmt.first_line_indent = Pt(-body_size * label)
                self._chars(para, "hangingChars", None)
            elif item.kind == "note_item":
                fmt.left_indent = Pt(body_size * (p.indent["first_line_chars"] + 3))
                fmt.first_line_indent = Pt(0)
                self._chars(para, "firstLineChars", None)
            self._run(para, item.text, f["body"], body_size)
        props = self.document.core_properties
        props.title = title
        props.author = author
        props.last_modified_by = author
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

    def _no_indent(self, para) -> None:
        from docx.shared import Pt

        para.paragraph_format.first_line_indent = Pt(0)
        self._chars(para, "firstLineChars", None)

    def _chars(self, para, attr: str, chars: float | None) -> None:
        """Indents in characters (w:firstLineChars), which Word and WPS apply on the grid."""
        qn = self.qn
        ind = para._p.get_or_add_pPr().find(qn("w:ind"))
        if ind is None:
            if chars is None:
                return
            ind = para._p.get_or_add_pPr().makeelement(qn("w:ind"), {})
            para._p.get_or_add_pPr().append(ind)
        if chars is None:
            ind.attrib.pop(qn(f"w:{attr}"), None)
        else:
            ind.set(qn(f"w:{attr}"), str(int(chars * 100)))


# -- from a file ----------------------------------------------------------------------------------

def export_raw(raw: RawDocument, profile: Profile, author: str | None = None, fix: bool = False) -> bytes:
    """Lay out a document read from any input (.txt, .md, .docx) and return the .docx bytes.

    With ``fix`` the checker's safe fixes (numbering, marker punctuation) are applied first.
    """
    from .outline import build_outline
    from .pipeline import from_raw

    lines = [_strip_markdown(line) for line in raw.lines] if raw.source.lower().endswith(".md") else raw.lines
    loaded = from_raw(RawDocument(raw.source, lines, raw.kind, raw.encoding))
    doc, outline = loaded.document, loaded.outline
    if fix:
        from .check import check
        from .fix import fix_paragraphs

        doc = fix_paragraphs(doc, check(doc, outline).edits)
        outline = build_outline(doc)
    items = blocks(doc, outline)
    title = outline.title.text if outline.title else ""
    if author is None:
        author = next((b.text for b in items if b.kind == "signature"), "")
    return write_docx(items, profile, title, author)


def export_file(path: str, output: str, profile: str | None = None, fonts: str | None = None,
                author: str | None = None, fix: bool = False) -> None:
    """``export`` and ``format``: lay out the file at ``path`` and write the .docx to ``output``
    (never over the input)."""
    from .layout import load_profile
    from .reader import read_path
    from .write import atomic_write

    if not output.lower().endswith(".docx"):
        raise DrafterError("输出文件应为 .docx", output)
    atomic_write(output, export_raw(read_path(path), load_profile(profile, fonts), author, fix=fix), protect=(path,))


def _strip_markdown(line: str) -> str:
    return re.sub(r"^#{1,6}\s+", "", line)
