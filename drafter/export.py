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
from xml.sax.saxutils import escape

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

MAX_DP_LINES = 12  # longer titles are filled line by line (no shape to keep)
MAX_DP_WIDTH = 60


def break_title(title: str, max_chars: int) -> list[str]:
    """Lines of a long title, broken only between words (jieba) and never inside 《》“”（）,
    shaped as an upright trapezoid (two lines, the upper not longer) or a diamond (three lines,
    the middle longest) as GB/T 9704 asks, as balanced as the words allow."""
    max_chars = max(1, max_chars)
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
    outside = [c for c, d in zip(words, _depths(title, words)) if d == 0]
    for cuts in (outside, words):  # between words outside 《》“”（）, else between any words
        bounds = _best_bounds(len(title), cuts, n, max_chars)
        if bounds:
            return [title[a:b] for a, b in zip(bounds, bounds[1:])]
    return [title[i:i + max_chars] for i in range(0, len(title), max_chars)]


def _depths(title: str, cuts: list[int]) -> list[int]:
    """The bracket depth at each cut, in one pass over the title."""
    delta = {o: 1 for o in "《“（("} | {c: -1 for c in "》”）)"}
    out, depth, pos = [], 0, 0
    for cut in cuts:
        depth += sum(delta.get(ch, 0) for ch in title[pos:cut])
        pos = cut
        out.append(depth)
    return out


def _cost(lengths: list[int]) -> int:
    """Balance first (longest − shortest), then GB/T 9704's shapes: the upper of two lines not
    longer, the middle of three or more the longest."""
    cost = max(lengths) - min(lengths)
    if len(lengths) == 2 and lengths[0] > lengths[1]:
        cost += 3
    if len(lengths) >= 3 and lengths[len(lengths) // 2] < max(lengths):
        cost += 3
    return cost


def _best_bounds(length: int, cuts: list[int], n: int, max_chars: int) -> list[int] | None:
    """The line bounds of least :func:`_cost` (the first such in cut order) with every line at
    most ``max_chars`` long, breaking only at ``cuts``; None when there is no such split."""
    if n == 2:
        best = None
        for cut in cuts:
            lengths = [cut, length - cut]
            if max(lengths) <= max_chars and (best is None or _cost(lengths) < best[0]):
                best = (_cost(lengths), [0, cut, length])
        return best[1] if best else None
    if n > MAX_DP_LINES or max_chars > MAX_DP_WIDTH:
        return _greedy(length, cuts, max_chars)
    ends = 1 << length
    for c in cuts:
        ends |= 1 << c
    for cost in range(0, 2 * max_chars + 4):  # the least cost that some split reaches
        found: list[list[int]] = []
        for lo in range(1, max_chars + 1):
            for hi, shaped in ((lo + cost, True), (lo + cost - 3, False)):  # shaped: the middle line longest
                split = _split(length, ends, n, lo, hi, shaped) if lo <= hi <= max_chars else None
                if split:
                    found.append(split)
        if found:
            return min(found)
    return None


def _split(length: int, ends: int, n: int, lo: int, hi: int, shaped: bool) -> list[int] | None:
    """The first split (in cut order) into ``n`` lines of lo–hi characters each (the middle
    line exactly ``hi`` when ``shaped``), on bit sets of the positions still able to finish."""
    middle = n // 2

    def widths(k):
        return range(hi, hi + 1) if shaped and k == middle else range(lo, hi + 1)

    can = [0] * (n + 1)  # can[k]: positions from which lines k… reach the end
    can[n] = 1 << length
    for k in range(n - 1, -1, -1):
        reach = 0
        for w in widths(k):
            reach |= can[k + 1] >> w
        can[k] = reach & (ends | 1)
    if not can[0] & 1:
        return None
    bounds, pos = [0], 0
    for k in range(n):
        pos = next(pos + w for w in widths(k) if can[k + 1] >> (pos + w) & 1)
        bounds.append(pos)
    return bounds


def _greedy(length: int, cuts: list[int], max_chars: int) -> list[int] | None:
    """Fill each line up to the last cut that fits (titles too long to shape)."""
    bounds, pos, points = [0], 0, sorted(set(cuts) | {length})
    import bisect

    while pos < length:
        k = bisect.bisect_right(points, pos + max_chars) - 1
        if k < 0 or points[k] <= pos:
            return None
        pos = points[k]
        bounds.append(pos)
    return bounds


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
        self._signature_start: int | None = None
        self._rpr_cache: dict[tuple, str] = {}

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
        """Lay out every block and return the saved package. The body is built as one XML
        string and inserted in one step, so the time grows with the paragraphs, no faster."""
        from .docx_reader import W

        self._styles()
        self._page()
        xml = "".join(self._paragraph(item) for item in items)
        body = self.document.element.body
        sect = body.find(self.qn("w:sectPr"))
        from lxml import etree

        parsed = etree.fromstring(f'<w:body xmlns:w="{W}">{xml}</w:body>',
                                  etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
        for p in list(parsed):
            if sect is not None:
                sect.addprevious(p)
            else:
                body.append(p)
        props = self.document.core_properties
        props.title = xml_safe(title)[:255]
        props.author = xml_safe(author)[:255]
        props.last_modified_by = xml_safe(author)[:255]
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

    def _paragraph(self, item: Block) -> str:
        """One block as a w:p, with the properties python-docx would give it."""
        p, f, sizes = self.p, self.p.fonts, self.p.sizes
        body = sizes["body"]
        pitch = _twips(p.page["line_pitch_pt"])
        first_chars = p.indent["first_line_chars"]
        ind: dict[str, int] = {"firstLine": _twips(body * first_chars), "firstLineChars": int(first_chars * 100)}
        no_indent = {"firstLine": 0}
        spacing: dict[str, int] = {}
        jc = None
        runs: list[str] = []
        kind = item.kind
        if kind == "title":
            jc, ind, spacing = "center", no_indent, {"after": pitch}
            lines = break_title(item.text, int(p.page["chars_per_line"] * body * 0.9857 // sizes["title"]))
            runs = [self._r(line, f["title"], sizes["title"], br=k < len(lines) - 1) for k, line in enumerate(lines)]
        elif kind in ("subtitle", "appendix_title"):
            jc, ind = "center", no_indent
            if kind == "appendix_title":
                spacing = {"before": pitch, "after": pitch}
                runs = [self._r(item.text, f["title"], sizes["title"])]
            else:
                runs = [self._r(item.text, f["level2"], body)]
        elif kind in ("salutation", "appendix_label"):
            ind = no_indent
            runs = [self._r(item.text, f["attachment_label"] if kind == "appendix_label" else f["body"], body)]
        elif kind == "heading":
            if item.style in CHAPTER_STYLES:  # chapter titles of 规定/办法 stand centred
                jc, ind = "center", no_indent
            split = item.split or len(item.text)
            runs = [self._r(item.text[:split], f[f"level{item.level}"], body, p.bold[f"level{item.level}"])]
            if split < len(item.text):
                runs.append(self._r(item.text[split:], f["body"], body))
        elif kind in ("signature", "date"):
            jc = "right"
            right = p.indent["signature_right_chars"]
            if kind == "signature":
                self._signature_start = p.page["chars_per_line"] - right - len(item.text)
            else:
                spacing = {"before": 0}
                if self._signature_start is not None:  # two characters right of where the 署名 starts
                    right = max(p.page["chars_per_line"] - (self._signature_start + 2) - len(item.text), right)
            ind = {"firstLine": 0, "right": _twips(body * right)}
            runs = [self._r(item.text, f["body"], body)]
        else:
            if kind == "note":
                spacing = {"before": pitch}  # one blank line below the body
                label = parts.attachment_label(item.text)
                ind = {"left": _twips(body * (first_chars + label)),
                       **({"hanging": _twips(body * label)} if label else {"firstLine": 0})}
            elif kind == "note_item":
                ind = {"left": _twips(body * (first_chars + 3)), "firstLine": 0}
            runs = [self._r(item.text, f["body"], body)]
        ppr = "<w:pageBreakBefore/>" if item.page_break else ""
        if spacing:
            ppr += "<w:spacing" + "".join(f' w:{k}="{v}"' for k, v in spacing.items()) + "/>"
        ppr += "<w:ind" + "".join(f' w:{k}="{v}"' for k, v in ind.items()) + "/>"
        if jc:
            ppr += f'<w:jc w:val="{jc}"/>'
        return f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(runs)}</w:p>"

    def _r(self, text: str, east_asia: str, size_pt: float, bold: bool = False, br: bool = False) -> str:
        """One run: the fonts as :meth:`_fonts` sets them, then the text (tabs as w:tab)."""
        key = (east_asia, size_pt, bold)
        rpr = self._rpr_cache.get(key)
        if rpr is None:
            latin = escape(self.p.fonts["latin"], {'"': "&quot;"})
            half = round(size_pt * 2)
            rpr = (f'<w:rPr><w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:cs="{latin}" '
                   f'w:eastAsia="{escape(east_asia, {chr(34): "&quot;"})}" w:hint="eastAsia"/>'
                   f'{"<w:b/>" if bold else ""}<w:sz w:val="{half}"/><w:szCs w:val="{half}"/></w:rPr>')
            self._rpr_cache[key] = rpr
        content = "<w:tab/>".join(_t(piece) for piece in xml_safe(text).split("\t"))
        return f"<w:r>{rpr}{content}{'<w:br/>' if br else ''}</w:r>"


def _t(text: str) -> str:
    if not text:
        return ""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<w:t{space}>{escape(text)}</w:t>"


def _twips(points: float) -> int:
    return round(points * TWIP_PER_PT)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML cannot hold (controls such as form feed, vertical tab
    and ESC; stray surrogates)."""
    return _NOT_XML.sub("", text)


def remove_controls(lines: list[str], source: str) -> tuple[list[str], list[str]]:
    """The lines without the characters a .docx cannot hold, and a warning for each line that
    had some (its line number, as the writer's editor shows it)."""
    out, notes = [], []
    for number, line in enumerate(lines, start=1):
        found = _NOT_XML.findall(line)
        if found:
            shown = "、".join(sorted({repr(ch)[1:-1] for ch in found}))
            notes.append(f"drafter: 警告：{source}:{number}: 删去了 {len(found)} 个无法写入 .docx 的控制字符（{shown}）")
            line = _NOT_XML.sub("", line)
        out.append(line)
    return out, notes


# -- from a file ----------------------------------------------------------------------------------

def export_raw(raw: RawDocument, profile: Profile, author: str | None = None, fix: bool = False,
               notes: list[str] | None = None) -> bytes:
    """Lay out a document read from any input (.txt, .md, .docx) and return the .docx bytes.

    With ``fix`` the checker's safe fixes (numbering, marker punctuation) are applied first, until
    none is left. Characters a .docx cannot hold (form feed, ESC …) are removed, with a warning
    per line appended to ``notes``. A document with no text left is an error, not an empty .docx.
    """
    from .outline import build_outline
    from .pipeline import from_raw

    lines = [_strip_markdown(line) for line in raw.lines] if raw.source.lower().endswith(".md") else raw.lines
    lines, warnings = remove_controls(lines, raw.source)
    if notes is not None:
        notes.extend(warnings)
    loaded = from_raw(RawDocument(raw.source, lines, raw.kind, raw.encoding))
    doc, outline = loaded.document, loaded.outline
    if not doc.paragraphs:
        raise DrafterError("没有可排版的正文（只有空白或网页杂质）", raw.source)
    if fix:
        from .check import check
        from .fix import MAX_PASSES, fix_paragraphs

        for _ in range(MAX_PASSES):
            edits = check(doc, outline).edits
            if not edits:
                break
            fixed = fix_paragraphs(doc, edits)
            if [p.text for p in fixed.paragraphs] == [p.text for p in doc.paragraphs]:
                break
            doc = fixed
            outline = build_outline(doc)
    items = blocks(doc, outline)
    title = outline.title.text if outline.title else ""
    if author is None:
        author = next((b.text for b in items if b.kind == "signature"), "")
    return write_docx(items, profile, title, author)


def export_file(path: str, output: str, profile: str | None = None, fonts: str | None = None,
                author: str | None = None, fix: bool = False) -> list[str]:
    """``export`` and ``format``: lay out the file at ``path`` and write the .docx to ``output``
    (never over the input, the profile or the fonts file). Returns the warnings for the writer."""
    from .layout import load_profile
    from .reader import read_path
    from .write import atomic_write, check_output

    if not output.lower().endswith(".docx"):
        raise DrafterError("输出文件应为 .docx", output)
    protect = tuple(p for p in (path, profile, fonts) if p)
    check_output(output, protect)  # before any work: a device or an input is refused at once
    layout = load_profile(profile, fonts)
    notes: list[str] = []
    data = export_raw(read_path(path), layout, author, fix=fix, notes=notes)
    atomic_write(output, data, protect=protect)
    return notes


def _strip_markdown(line: str) -> str:
    return re.sub(r"^#{1,6}\s+", "", line)
