"""Write a speech or 公文 as a .docx laid out per GB/T 9704-2012 (or a house profile).

Two steps: :func:`blocks` decides what each paragraph is (title, salutation, heading of level n,
body, 署名, 成文日期, 附件…) from the outline; :func:`render` turns blocks into paragraphs in the
named styles of :mod:`drafter.styles`, with direct formatting only where a value depends on the
text (the date's place under the 署名, the hanging indent of an attachment list). One input
paragraph gives one .docx paragraph, so ``outline``/``check`` read the export as they read the
source. The layout mechanism is explained in docs/layout.md.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import parts
from .layout import Geometry, Profile
from .masthead import Fields, head_xml, imprint_xml, signature_rules, speech_titles
from .model import Document, DrafterError, Outline, RawDocument
from .numbering import CHAPTER_STYLES, CN_DATE_DIGITS, heading_level
from .ooxml import paragraph, run
from .titlebreak import break_title

__all__ = ["Block", "blocks", "break_title", "export_file", "export_raw", "remove_controls", "render", "signature_indents",
           "xml_safe"]

_DATE = re.compile(rf"^(\d{{4}}|[{CN_DATE_DIGITS}]{{4}})年[\d{CN_DATE_DIGITS}]{{1,3}}月[\d{CN_DATE_DIGITS}]{{1,3}}日$")
_PAREN_LINE = re.compile(r"^[（(].*[）)]$")
_CLAUSE_END = "。！？：；!?:;"
_SENTENCE = re.compile("[。，；！？、,;!?]")


@dataclass
class Block:
    """One paragraph of the export (or a table or picture carried over by ``format``): its text,
    what it is, where a heading clause ends when a heading and its body share the paragraph, and
    the input line it comes from."""

    text: str
    kind: str  # title subtitle salutation body heading signature date remark note note_item appendix_label appendix_title raw
    level: int = 0
    split: int = 0  # characters at the start in the heading's font (0: none, or the whole text)
    page_break: bool = False
    style: str = ""  # the marker style of a heading
    line: int = 0
    xml: str = ""  # kind "raw": the element carried over as it is
    extra: list[str] = field(default_factory=list)  # drawings to append to the paragraph


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
        out.append(Block(outline.title.text, "title", line=title_lines[0]))
    for p in paragraphs:
        if p.line in title_lines:
            continue
        block = kinds.get(p.line) or Block(p.text, "body")
        block.line = p.line
        out.append(block)
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
    """署名 and 成文日期 at the end of a 公文's body: a date line, the short name line above it and,
    for a joint document (联合行文), the organ names above that."""
    suffixes, never = signature_rules()
    for i in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 4), -1):
        p = paragraphs[i]
        if not (_DATE.match(p.text) and p.line not in kinds):
            continue
        kinds[p.line] = Block(p.text, "date")
        for k in range(i - 1, max(-1, i - 6), -1):
            above = paragraphs[k]
            if (above.line in kinds or len(above.text) > 25 or _SENTENCE.search(above.text)
                    or never.match(above.text) or (k < i - 1 and not above.text.endswith(suffixes))):
                break
            kinds[above.line] = Block(above.text, "signature")
        for later in paragraphs[i + 1:]:
            if _PAREN_LINE.match(later.text) and later.line not in kinds:
                kinds[later.line] = Block(later.text, "remark")  # 附注
        return


def signature_indents(signatures: list[str], date: str, geo: Geometry, right_chars: float,
                      seal: bool = False) -> tuple[int, str, int]:
    """Where the 署名 lines and the 成文日期 go, GB/T 9704 §7.3.5: (right indent of the 署名 in
    twips, the date's alignment "left" or "right", the date's left or right indent).

    No seal: the 署名 ends ``right_chars`` characters from the right; the date starts two
    characters right of where the 署名 starts (of its longest line, for joint issuers). The date is
    then set flush left from that point, so its start does not depend on how wide a renderer sets
    its digits. When it would come closer than ``right_chars`` to the right edge (a date longer
    than the 署名), the date ends ``right_chars`` from the right and the 署名 moves left to start
    two characters before it. With a seal: the date ends four characters from the right and the
    署名 is centred over it.
    """
    base = geo.cells(right_chars)
    date_w = geo.text_width(date) if date else 0
    sig_w = max((geo.text_width(s) for s in signatures), default=0)
    if seal:
        date_right = geo.cells(4)
        return max(date_right + (date_w - sig_w) // 2, 0), "right", date_right
    if not signatures or not date:
        return base, "right", base
    start = geo.width - base - sig_w + geo.cells(2)
    if start + date_w <= geo.width - base:
        return base, "left", start
    return base + date_w + geo.cells(2) - sig_w, "right", base


# -- rendering -------------------------------------------------------------------------------------

def _ind(**values: int) -> str:
    attrs = " ".join(f'w:{k}="{v}"' for k, v in values.items())
    return f"<w:ind {attrs}/>"


def render(items: list[Block], profile: Profile, head: Fields | None = None, speech: bool = False) -> str:
    """The body XML (without the final section properties) of ``items``."""
    geo = profile.geometry
    head = head or Fields()
    out = [head_xml(head, profile)] if head.has_head else []
    signatures = [b.text for b in items if b.kind == "signature"]
    date = next((b.text for b in items if b.kind == "date"), "")
    sig_right, date_align, date_indent = signature_indents(signatures, date, geo, profile.indent["signature_right_chars"],
                                                           profile.indent["seal"])
    base_right = geo.cells(profile.indent["signature_right_chars"])
    first_sig = True
    for k, item in enumerate(items):
        kind = item.kind
        if kind == "raw":
            out.append(item.xml)
            continue
        extra = "".join(item.extra)
        if kind == "title":
            width = geo.width // round(profile.sizes["title"] * 20)
            props = ""
            if head.has_head:
                props += f'<w:spacing w:before="{2 * geo.pitch}"/>'
            if k + 1 < len(items) and items[k + 1].kind == "subtitle":
                props = props.replace("/>", ' w:after="0"/>') if props else '<w:spacing w:after="0"/>'
            out.append(paragraph(run("\n".join(break_title(item.text, width))) + extra, "DocTitle", props))
        elif kind == "subtitle":
            last = k + 1 >= len(items) or items[k + 1].kind != "subtitle"
            out.append(paragraph(run(item.text) + extra, "Subtitle", f'<w:spacing w:after="{geo.pitch}"/>' if last else ""))
        elif kind == "salutation":
            out.append(paragraph(run(item.text) + extra, "Salutation" if speech else "Addressee"))
        elif kind == "heading":
            out.append(_heading(item, extra))
        elif kind == "signature":
            props = "" if first_sig else '<w:spacing w:before="0"/>'
            props += "" if sig_right == base_right else _ind(right=sig_right, firstLine=0, firstLineChars=0)
            first_sig = False
            out.append(paragraph(run(item.text) + extra, "IssuerSignature", props))
        elif kind == "date":
            if date_align == "left":
                props = _ind(left=date_indent, right=0, firstLine=0, firstLineChars=0) + '<w:jc w:val="left"/>'
            else:
                props = "" if date_indent == base_right else _ind(right=date_indent, firstLine=0, firstLineChars=0)
            if not signatures:
                props = f'<w:spacing w:before="{geo.pitch}"/>' + props
            out.append(paragraph(run(item.text) + extra, "IssueDate", props))
        elif kind in ("note", "note_item"):
            out.append(paragraph(run(item.text) + extra, "AttachmentNote", _note_props(item, profile)))
        else:
            style = {"remark": "Remark", "appendix_label": "AppendixLabel", "appendix_title": "AppendixTitle"}.get(kind, "")
            if kind == "appendix_title":
                text = "\n".join(break_title(item.text, geo.width // round(profile.sizes["title"] * 20)))
            else:
                text = item.text
            props = '<w:spacing w:line="240" w:lineRule="auto"/>' if extra else ""
            out.append(paragraph(run(text) + extra, style, props))
    return "".join(out)


def _heading(item: Block, extra: str) -> str:
    """A stand-alone heading in 标题 n (章标题 for chapters); a heading clause run into its
    paragraph in the character style 标题 n 字符, the paragraph keeping outline level n."""
    split = item.split or len(item.text)
    if split >= len(item.text):
        style = "ChapterHeading" if item.style in CHAPTER_STYLES else f"Heading{item.level}"
        return paragraph(run(item.text) + extra, style)
    content = run(item.text[:split], f"Heading{item.level}Char") + run(item.text[split:]) + extra
    return paragraph(content, "", f'<w:outlineLvl w:val="{item.level - 1}"/>')


def _note_props(item: Block, profile: Profile) -> str:
    """附件说明: 附件：1.名称 two characters in, wrapped lines aligned with the name (after the
    number); the following 2.名称 lines under 1."""
    geo = profile.geometry
    first = profile.indent["first_line_chars"]
    label_end = geo.cells(first + 3)  # where the text after 附件： starts
    label = parts.attachment_label(item.text) if item.kind == "note" else 0
    number = parts.patterns().attachment_item.match(item.text[label:].lstrip())
    digits = number.group()[:-1] if number else ""  # “1.”: the pattern ends on the name's first character
    hang = geo.text_width(digits)
    if item.kind == "note":
        if label == 3 and not digits:
            return ""  # 附件：名称 — the style's indents
        if label != 3:  # 附件1.名称 without a colon: align wrapped lines after the label
            hang = geo.text_width(item.text[:label])
            return _ind(left=geo.cells(first) + hang, hanging=hang)
        return _ind(left=label_end + hang, hanging=geo.cells(3) + hang)
    return '<w:spacing w:before="0"/>' + _ind(left=label_end + hang, hanging=hang)


# -- from a file ----------------------------------------------------------------------------------

def _date_text(date: dt.date | str | None) -> str:
    if date is None or date == "":
        return ""
    if isinstance(date, str):
        try:
            day = dt.date.fromisoformat(date.strip())
        except ValueError:
            return date.strip()
    else:
        day = date
    return f"{day.year}年{day.month}月{day.day}日"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML cannot hold (controls such as form feed, vertical tab
    and ESC; stray surrogates)."""
    return _NOT_XML.sub("", text)


def remove_controls(lines: list[str], source: str) -> tuple[list[str], list[str]]:
    """The lines without the characters a .docx cannot hold, and a warning for each line that
    had some (its line number, as the writer's editor shows it). One pass over the text."""
    out, notes = [], []
    for number, line in enumerate(lines, start=1):
        found = _NOT_XML.findall(line)
        if found:
            shown = "、".join(sorted({repr(ch)[1:-1] for ch in found}))
            notes.append(f"drafter: 警告：{source}:{number}: 删去了 {len(found)} 个无法写入 .docx 的控制字符（{shown}）")
            line = _NOT_XML.sub("", line)
        out.append(line)
    return out, notes


def export_raw(raw: RawDocument, profile: Profile, author: str | None = None, fix: bool = False,
               speaker: str | None = None, date: dt.date | str | None = None, fields: Fields | None = None,
               carried: dict[int, list[Block]] | None = None, package=None, notes: list[str] | None = None) -> bytes:
    """Lay out a document read from any input (.txt, .md, .docx) and return the .docx bytes.

    With ``fix`` the checker's safe fixes (numbering, marker punctuation) are applied first, until
    none is left. Characters a .docx cannot hold (form feed, ESC …) are removed before anything
    else, with a warning per line appended to ``notes``. A document with no text left is an
    error, not an empty .docx.
    ``speaker`` and ``date`` (a speech's) are shown under the title when the text does not show
    them already; ``fields`` fill the 版头 and 版记 (with those recognised in the text, which they
    override). ``carried`` are tables and pictures of an input .docx by the line they stand at.
    """
    from . import masthead
    from .outline import build_outline
    from .pipeline import from_raw

    lines = [_strip_markdown(line) for line in raw.lines] if raw.source.lower().endswith(".md") else raw.lines
    lines, warnings = remove_controls(lines, raw.source)
    if notes is not None:
        notes.extend(warnings)
    lines, found = masthead.take(lines)
    head = found.update(fields or Fields())
    loaded = from_raw(RawDocument(raw.source, lines, raw.kind, raw.encoding))
    doc, outline = loaded.document, loaded.outline
    if not doc.paragraphs and not carried:
        raise DrafterError("没有可排版的正文（只有空白或网页杂质）", raw.source)
    if fix:
        from .check import check
        from .fix import MAX_PASSES, fix_paragraphs

        for _ in range(MAX_PASSES):  # a fix can reveal another: fixed until none is left
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
    speech = title.endswith(speech_titles())
    _under_title(items, speaker, _date_text(date))
    if carried:
        items = _merge(items, carried)
    if author is None:
        author = next((b.text for b in items if b.kind == "signature"), "") or speaker or ""
    return write_package(items, profile, head, title, author, speech, package)


def _under_title(items: list[Block], speaker: str | None, date: str) -> None:
    """Add the speech's date (in brackets) and speaker under its title unless the text has them."""
    if not items or items[0].kind != "title":
        return
    shown = " ".join(b.text for b in items[1:4] if b.kind == "subtitle")
    extra = []
    if date and date not in shown:
        extra.append(Block(f"（{date}）", "subtitle"))
    if speaker and speaker not in shown:
        extra.append(Block(speaker, "subtitle"))
    at = 1
    while at < len(items) and items[at].kind == "subtitle":
        at += 1
    items[at:at] = extra


def _merge(items: list[Block], carried: dict[int, list[Block]]) -> list[Block]:
    """Put the tables and pictures of a .docx back among the paragraphs, by input line."""
    by_line = {b.line: b for b in items}
    out: list[Block] = []
    pending = []
    for line, found in sorted(carried.items()):
        for block in found:
            if block.kind == "extra" and line in by_line:
                by_line[line].extra.append(block.xml)
            elif block.kind == "extra":  # its paragraph's text was dropped: the picture stands alone
                pending.append((line, Block("", "raw", xml=paragraph(block.xml, "Figure"))))
            else:
                pending.append((line, block))
    for item in items:
        while pending and pending[0][0] < item.line:
            out.append(pending.pop(0)[1])
        out.append(item)
    out.extend(block for _, block in pending)
    return out


def write_package(items: list[Block], profile: Profile, head: Fields, title: str, author: str,
                  speech: bool = False, package=None) -> bytes:
    """The .docx bytes: styles, settings, font table, footers, the body and its section."""
    from .fonts import aliases
    from .ooxml import DOC_NS, HEAD, Package
    from .styles import font_table_xml, footer_xml, section_xml, settings_xml, styles_xml

    pkg = package or Package()
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    pkg.add("styles.xml", styles_xml(profile), ct + "styles+xml", "styles")
    pkg.add("settings.xml", settings_xml(profile), ct + "settings+xml", "settings")
    pkg.add("fontTable.xml", font_table_xml(profile, aliases()), ct + "fontTable+xml", "fontTable")
    outer = profile.page_numbers["position"] == "outer"
    footers = {"default": pkg.add("footer1.xml", footer_xml(profile, "right" if outer else "center"),
                                  ct + "footer+xml", "footer")}
    if outer:
        footers["even"] = pkg.add("footer2.xml", footer_xml(profile, "left"), ct + "footer+xml", "footer")
    body = render(items, profile, head, speech)
    if head.has_tail:
        blank = pkg.add("footer3.xml", footer_xml(profile, "center", with_number=False), ct + "footer+xml", "footer")
        body += f"<w:p><w:pPr>{section_xml(profile, footers)}</w:pPr></w:p>" + imprint_xml(head, profile)
        footers = {"default": blank, **({"even": blank} if outer else {})}
    section = section_xml(profile, footers, new_page=head.has_tail)
    document = f"{HEAD}<w:document {DOC_NS}><w:body>{body}{section}</w:body></w:document>"
    return pkg.save(document, title, author)


def export_file(path: str, output: str, profile: str | None = None, fonts: str | None = None,
                author: str | None = None, fix: bool = False, settings: tuple[str, ...] = ()) -> list[str]:
    """``export`` and ``format``: lay out the file at ``path`` and write the .docx to ``output``
    (never over the input, the profile or the fonts file). Returns the warnings for the writer: a
line ``drafter: 警告：…`` per line whose control characters were removed, then what could not be
carried over."""
    from . import masthead
    from .layout import load_profile
    from .reader import read_path
    from .write import atomic_write, check_output

    if not output.lower().endswith(".docx"):
        raise DrafterError("输出文件应为 .docx", output)
    protect = tuple(p for p in (path, profile, fonts) if p)
    check_output(output, protect)  # before any work: a device or an input is refused at once
    layout = load_profile(profile, fonts)
    fields = masthead.from_settings(settings)
    raw = read_path(path)
    notes: list[str] = []
    warnings: list[str] = []
    if raw.kind == "docx":
        from .docx_source import read_for_format

        source = read_for_format(path, layout)
        data = export_raw(source.raw, layout, author, fix, fields=fields, carried=source.carried, package=source.package,
                          notes=notes)
        warnings = source.warnings
    else:
        data = export_raw(raw, layout, author, fix, fields=fields, notes=notes)
    atomic_write(output, data, protect=protect)
    return notes + warnings


def _strip_markdown(line: str) -> str:
    return re.sub(r"^#{1,6}\s+", "", line)


def run_command(path: str | None, output: str | None, profile: str | None, fonts: str | None, author: str | None,
                settings: tuple[str, ...], check_fonts: bool, fix: bool) -> list[str]:
    """``drafter export|format``: the fonts report when asked, then the export; the lines to print."""
    from .layout import load_profile

    lines = []
    if check_fonts:
        from .fonts import report

        lines.append(report(load_profile(profile, fonts)).rstrip("\n"))
        if not path:
            return lines
    if not path:
        raise DrafterError("请给出要排版的文件")
    if not output:
        raise DrafterError("请用 -o 指定输出的 .docx 文件")
    notes = export_file(path, output, profile, fonts, author, fix, tuple(settings))
    lines += [w if w.startswith("drafter: ") else f"drafter: 注意：{w}" for w in notes]
    return lines + [f"已写入 {output}"]
