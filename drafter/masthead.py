"""版头 (GB/T 9704 §7.2) and 版记 (§7.4): their fields, found at the top and the end of a text or
given as ``--set 字段=值``, and their WordprocessingML. Without fields there is neither (a speech
has none). The recognised lines are blanked in the text before it is outlined, so the title is
found below them and line numbers stay those of the input.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, fields

from .layout import Profile
from .model import DrafterError
from .ooxml import attr, paragraph, run
from .resources import load_toml

HEAD_FIELDS = ("copy_number", "classification", "urgency", "mark", "number", "signer")
TAIL_FIELDS = ("cc", "printer", "print_date")


@dataclass
class Fields:
    """The optional fields of a 公文's 版头 and 版记 (empty: not laid out)."""

    copy_number: str = ""
    classification: str = ""
    urgency: str = ""
    mark: str = ""
    number: str = ""
    signer: str = ""
    cc: str = ""
    printer: str = ""
    print_date: str = ""

    @property
    def has_head(self) -> bool:
        """Is there anything to lay out above the title?"""
        return any(getattr(self, k) for k in HEAD_FIELDS)

    @property
    def has_tail(self) -> bool:
        """Is there a 版记?"""
        return any(getattr(self, k) for k in TAIL_FIELDS)

    def update(self, other: Fields) -> Fields:
        """These fields, with every non-empty field of ``other`` taking precedence."""
        return Fields(**{f.name: getattr(other, f.name) or getattr(self, f.name) for f in fields(self)})


@functools.cache
def _data() -> dict:
    return load_toml("masthead.toml")


@functools.cache
def _patterns(part: str) -> dict[str, re.Pattern]:
    return {key: re.compile(p) for key, p in _data()[part].items()}


def signature_rules() -> tuple[tuple[str, ...], re.Pattern]:
    """Endings of an organ's name (joint 署名) and the lines that are never a 署名."""
    sig = _data()["signature"]
    return tuple(sig["org_suffixes"]), re.compile(sig["not_signature"])


def speech_titles() -> tuple[str, ...]:
    """Title endings of a speech."""
    return tuple(_data()["speech_titles"])


def from_settings(pairs: tuple[str, ...] | list[str]) -> Fields:
    """Fields from ``字段=值`` settings (``发文字号=〔2026〕12号``); an unknown name is an error."""
    names = _data()["fields"]
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        key = names.get(name.strip()) or (name.strip() if name.strip() in names.values() else None)
        if not sep or key is None:
            raise DrafterError(f"--set 应写作 字段=值，字段为：{'、'.join(names)}（收到“{pair}”）")
        values[key] = value.strip()
    return Fields(**values)


def take(lines: list[str]) -> tuple[list[str], Fields]:
    """Recognise 版头 lines at the top and 版记 lines at the end of ``lines``; return the lines with
    those blanked and the fields they gave."""
    lines = list(lines)
    found: dict[str, str] = {}
    head, tail = _patterns("head"), _patterns("tail")
    seen = 0
    for i, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        match = next(((k, m) for k, p in head.items() if (m := p.match(text))), None)
        if match is None or seen >= 6:
            break
        key, m = match
        found[key] = m.group("value")
        found.update({k: v for k, v in m.groupdict().items() if k != "value" and v})
        lines[i] = ""
        seen += 1
    seen = 0
    for i in range(len(lines) - 1, -1, -1):
        text = lines[i].strip()
        if not text:
            continue
        match = next(((k, m) for k, p in tail.items() if (m := p.match(text))), None)
        if match is None or seen >= 4:
            break
        key, m = match
        found[key] = m.group("value")
        found.update({k: v for k, v in m.groupdict().items() if k != "value" and v})
        lines[i] = ""
        seen += 1
    return lines, Fields(**found)


# -- 版头 -------------------------------------------------------------------------------------------

def head_xml(f: Fields, profile: Profile) -> str:
    """The 版头 paragraphs: 份号, 密级, 紧急程度 flush left on the first lines of the 版心; the red
    发文机关标志 centred with its top edge ``mark_top_mm`` below the 版心; 发文字号 two lines below
    it (with 签发人 on the right for an upward document); the red line under it."""
    geo, m = profile.geometry, profile.masthead
    out = []
    for value, style in ((f.copy_number, "CopyNumber"), (f.classification, "Classification"), (f.urgency, "Classification")):
        if value:
            out.append(paragraph(run(value), style))
    above = len(out) * geo.pitch
    if f.mark:
        size = min(profile.sizes["mark"], math.floor(geo.width / 20 / max(len(f.mark), 1)))
        line = round(size * 24)  # 1.2 × the size: room for the glyphs, the top of the 汉字 near the top of the line
        before = max(round(m["mark_top_mm"] * 1440 / 25.4) - above - (line - size * 20), 0)
        props = f'<w:spacing w:before="{before}" w:after="0" w:line="{line}" w:lineRule="exact"/>'
        sz = "" if size == profile.sizes["mark"] else f'<w:sz w:val="{size * 2}"/><w:szCs w:val="{size * 2}"/>'
        out.append(paragraph(run(f.mark, props=sz), "IssuerMark", props))
    if f.number or f.signer:
        rule = (f'<w:pBdr><w:bottom w:val="single" w:sz="{round(m["rule_pt"] * 8)}" '
                f'w:space="{round(m["rule_gap_mm"] * 72 / 25.4) - 1}" w:color={attr(m["rule_color"])}/></w:pBdr>')
        before = f'<w:spacing w:before="{2 * geo.pitch if f.mark else 0}" w:after="0"/>'
        if f.signer:  # 上行文: 发文字号 one character in from the left, 签发人 one in from the right
            tab = f'<w:tabs><w:tab w:val="right" w:pos="{geo.width - geo.cell}"/></w:tabs>'
            props = f'{rule}{tab}{before}<w:ind w:firstLine="{geo.cell}"/><w:jc w:val="left"/>'
            content = run(f"{f.number}\t签发人：") + run(f.signer, "SignerName")
        else:
            props, content = f"{rule}{before}", run(f.number)
        out.append(paragraph(content, "DocNumber", props))
    return "".join(out)


# -- 版记 -------------------------------------------------------------------------------------------

def imprint_xml(f: Fields, profile: Profile) -> str:
    """The 版记 on a page of its own (a section without page numbers): a borderless table as wide
    as the 版心 whose first and last rules are thick and the rules between thin, pushed down by a
    spacer so that its last rule lies on the bottom edge of the 版心."""
    geo, imp = profile.geometry, profile.imprint
    size = profile.sizes["imprint"]
    char = round(size * 20)
    indent = round(imp["indent_chars"] * char)
    rows: list[tuple[str, int]] = []
    if f.cc:
        cc = f.cc if f.cc.endswith("。") else f.cc + "。"
        text = f"抄送：{cc}"
        first = (geo.width - 2 * indent) // char
        rest = (geo.width - 2 * indent - 3 * char) // char
        lines = 1 + max(0, math.ceil((len(text) - first) / max(rest, 1)))
        props = f'<w:ind w:left="{indent + 3 * char}" w:right="{indent}" w:hanging="{3 * char}"/>'
        rows.append((paragraph(run(text), "Imprint", props), lines))
    if f.printer or f.print_date:
        date = f"{f.print_date}印发" if f.print_date else ""
        tab = f'<w:tabs><w:tab w:val="right" w:pos="{geo.width - indent}"/></w:tabs>'
        rows.append((paragraph(run(f"{f.printer}\t{date}"), "Imprint", tab), 1))
    thick = round(imp["thick_mm"] * 72 / 25.4 * 8)
    thin = round(imp["thin_mm"] * 72 / 25.4 * 8)
    body = []
    for k, (para, lines) in enumerate(rows):
        top = thick if k == 0 else thin
        bottom = thick if k == len(rows) - 1 else thin
        borders = (f'<w:tcBorders><w:top w:val="single" w:sz="{top}" w:space="0" w:color="000000"/>'
                   f'<w:bottom w:val="single" w:sz="{bottom}" w:space="0" w:color="000000"/></w:tcBorders>')
        body.append(f'<w:tr><w:trPr><w:trHeight w:val="{lines * geo.pitch}" w:hRule="exact"/></w:trPr>'
                    f'<w:tc><w:tcPr><w:tcW w:w="{geo.width}" w:type="dxa"/>{borders}<w:vAlign w:val="center"/></w:tcPr>'
                    f"{para}</w:tc></w:tr>")
    height = sum(lines for _, lines in rows) * geo.pitch
    spacer = max(geo.height - height - 80, 20)  # 80 twips: the trailing paragraph and the rules
    table = (f'<w:tbl><w:tblPr><w:tblW w:w="{geo.width}" w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/>'
             '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
             f'</w:tblCellMar></w:tblPr><w:tblGrid><w:gridCol w:w="{geo.width}"/></w:tblGrid>{"".join(body)}</w:tbl>')
    tiny = '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
    return (paragraph("", "Imprint", f'<w:spacing w:before="0" w:after="0" w:line="{spacer}" w:lineRule="exact"/>')
            + table + paragraph("", "Imprint", tiny))
