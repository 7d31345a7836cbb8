"""The styles, settings, font table and footers of an exported .docx.

Every paragraph of the export uses one of these named styles, so that a writer who changes 正文
(Word's Normal, shown as 正文 in Chinese Word and WPS) or 标题 2 in Word changes every paragraph
of that kind. Style ids are ASCII; display names are Chinese or, for Word's built-in styles
(Normal, heading 1–4, Subtitle, Salutation, footer), the built-in name that Chinese Word and WPS
show in Chinese (正文, 标题 1, 副标题, 称呼, 页脚) and that keeps the navigation pane and the
outline view working.
"""

from __future__ import annotations

from .layout import Geometry, Profile, twips
from .ooxml import HEAD, W, attr

# style id -> display name (the names a writer sees in Word's style gallery)
NAMES = {
    "Normal": "Normal", "DocTitle": "公文标题", "Subtitle": "Subtitle", "Salutation": "Salutation",
    "Addressee": "主送机关", "Heading1": "heading 1", "Heading2": "heading 2", "Heading3": "heading 3",
    "Heading4": "heading 4", "ChapterHeading": "章标题", "IssuerSignature": "署名", "IssueDate": "成文日期",
    "Remark": "附注", "AttachmentNote": "附件说明", "AppendixLabel": "附件标识", "AppendixTitle": "附件标题",
    "CopyNumber": "份号", "Classification": "密级和紧急程度", "IssuerMark": "发文机关标志", "DocNumber": "发文字号",
    "Imprint": "版记", "TableText": "表格文字", "Figure": "图片", "Footer": "footer",
}
CHAR_NAMES = {f"Heading{n}Char": f"标题 {n} 字符" for n in range(1, 5)} | {"SignerName": "签发人姓名"}


def _fonts(profile: Profile, east_asia: str) -> str:
    """rFonts: the East Asian font also for the 'high ANSI' characters (“” — … ·), so that
    quotation marks and dashes take the Chinese font; Latin letters and digits in ``latin``."""
    latin = profile.fonts["latin"]
    return (f'<w:rFonts w:ascii={attr(latin)} w:hAnsi={attr(east_asia)} w:eastAsia={attr(east_asia)} '
            f'w:cs={attr(latin)} w:hint="eastAsia"/>')


def _rpr(profile: Profile, font: str, size_pt: float, bold: bool = False, spacing: int | None = None,
         color: str = "", kern: bool = False) -> str:
    half = round(size_pt * 2)
    out = _fonts(profile, font) + ('<w:b/><w:bCs/>' if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>')
    out += '<w:i w:val="0"/>' + (f'<w:color w:val="{color}"/>' if color else '<w:color w:val="000000"/>')
    if spacing is not None:
        out += f'<w:spacing w:val="{spacing}"/>'
    out += '<w:kern w:val="0"/>' if kern else ""
    return out + f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


def _spacing(geo: Geometry, before: float = 0, after: float = 0, line: int | None = None, exact: bool = True) -> str:
    line_value = geo.pitch if line is None else line
    rule = "exact" if exact else "auto"
    return (f'<w:spacing w:before="{round(before * geo.pitch)}" w:after="{round(after * geo.pitch)}" '
            f'w:line="{line_value}" w:lineRule="{rule}"/>')


NO_INDENT = '<w:ind w:firstLine="0" w:firstLineChars="0"/>'


def _style(sid: str, ppr: str, rpr: str, based: str = "Normal", extra: str = "", kind: str = "paragraph") -> str:
    name = NAMES.get(sid) or CHAR_NAMES[sid]
    basis = f'<w:basedOn w:val="{based}"/>' if based else ""
    nxt = '<w:next w:val="Normal"/>' if kind == "paragraph" and sid != "Normal" else ""
    default = ' w:default="1"' if sid == "Normal" else ""
    return (f'<w:style w:type="{kind}" w:styleId="{sid}"{default}>'
            f'<w:name w:val={attr(name)}/>{basis}{nxt}{extra}<w:qFormat/>'
            f'{f"<w:pPr>{ppr}</w:pPr>" if ppr else ""}{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}</w:style>')


def styles_xml(profile: Profile) -> str:
    """The styles part: document defaults and every style the export uses."""
    geo, f, s, bold = profile.geometry, profile.fonts, profile.sizes, profile.bold
    body = s["body"]
    first = profile.indent["first_line_chars"]
    body_ind = f'<w:ind w:firstLine="{geo.cells(first)}" w:firstLineChars="{round(first * 100)}"/>'
    spacing = geo.spacing
    no_grid = '<w:snapToGrid w:val="0"/>'
    out = [
        _style("Normal", f'<w:widowControl/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>{_spacing(geo)}{body_ind}'
               '<w:jc w:val="both"/>',
               _rpr(profile, f["body"], body, spacing=spacing), based=""),
        _style("DocTitle", f'<w:keepNext/><w:keepLines/>{no_grid}{_spacing(geo, after=1)}{NO_INDENT}<w:jc w:val="center"/>',
               _rpr(profile, f["title"], s["title"], spacing=0)),
        _style("Subtitle", f"<w:keepNext/>{NO_INDENT}<w:jc w:val=\"center\"/>", _rpr(profile, f["level2"], body)),
        _style("Salutation", NO_INDENT, ""),
        _style("Addressee", NO_INDENT, ""),
    ]
    for n in range(1, 5):
        link = f'<w:link w:val="Heading{n}Char"/><w:uiPriority w:val="9"/>'
        out.append(_style(f"Heading{n}", f'<w:keepNext/><w:keepLines/><w:outlineLvl w:val="{n - 1}"/>',
                          _rpr(profile, f[f"level{n}"], body, bold[f"level{n}"]), extra=link))
        out.append(_style(f"Heading{n}Char", "", _rpr(profile, f[f"level{n}"], body, bold[f"level{n}"]),
                          based="DefaultParagraphFont", extra=f'<w:link w:val="Heading{n}"/>', kind="character"))
    right = profile.indent["signature_right_chars"]
    out += [
        _style("ChapterHeading", f'{NO_INDENT}<w:jc w:val="center"/>', "", based="Heading1"),
        _style("IssuerSignature", f'<w:keepNext/>{_spacing(geo, before=1)}'
               f'<w:ind w:right="{geo.cells(right)}" w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="right"/>', ""),
        _style("IssueDate", f'<w:ind w:right="{geo.cells(right)}" w:firstLine="0" w:firstLineChars="0"/>'
               '<w:jc w:val="right"/>', ""),
        _style("Remark", "", ""),
        _style("AttachmentNote", f'{_spacing(geo, before=1)}<w:ind w:left="{geo.cells(first + 3)}" '
               f'w:hanging="{geo.cells(3)}"/>', ""),
        _style("AppendixLabel", f"<w:keepNext/><w:pageBreakBefore/>{NO_INDENT}", _rpr(profile, f["attachment_label"], body)),
        _style("AppendixTitle", f'<w:keepNext/>{no_grid}{_spacing(geo, before=1, after=1)}{NO_INDENT}<w:jc w:val="center"/>',
               _rpr(profile, f["title"], s["title"], spacing=0)),
        _style("CopyNumber", NO_INDENT, _rpr(profile, f["body"], body, spacing=0)),
        _style("Classification", NO_INDENT, _rpr(profile, f["classification"], body, spacing=0)),
        _style("IssuerMark", f'<w:keepNext/>{no_grid}{NO_INDENT}<w:jc w:val="center"/>',
               _rpr(profile, f["mark"], s["mark"], spacing=0, color=profile.masthead["mark_color"])),
        _style("DocNumber", f'<w:keepNext/>{no_grid}{NO_INDENT}<w:jc w:val="center"/>',
               _rpr(profile, f["body"], body, spacing=0)),
        _style("SignerName", "", _rpr(profile, f["signer"], body), based="DefaultParagraphFont", kind="character"),
        _style("Imprint", f'<w:keepNext/>{no_grid}<w:ind w:left="{_imprint_indent(profile)}" '
               f'w:right="{_imprint_indent(profile)}" '
               'w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="left"/>', _rpr(profile, f["body"], s["imprint"], spacing=0)),
        _style("TableText", f'{no_grid}{_spacing(geo, line=240, exact=False)}{NO_INDENT}',
               _rpr(profile, f["body"], s["table"], spacing=0)),
        _style("Figure", f'<w:keepNext/>{no_grid}{_spacing(geo, line=240, exact=False)}{NO_INDENT}<w:jc w:val="center"/>', ""),
        _style("Footer", f'{no_grid}{_spacing(geo, line=240, exact=False)}{NO_INDENT}',
               _rpr(profile, f["page_number"], s["page_number"], spacing=0)),
    ]
    defaults = (f"<w:docDefaults><w:rPrDefault><w:rPr>{_rpr(profile, f['body'], body, spacing=spacing, kern=True)}"
                '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
                f"<w:pPrDefault><w:pPr>{_spacing(geo)}</w:pPr></w:pPrDefault></w:docDefaults>")
    builtin = ('<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
               '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
               '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
               '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
               '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
               '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
               '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>'
               '<w:uiPriority w:val="39"/><w:tblPr><w:tblBorders>'
               + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                         for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
               + "</w:tblBorders></w:tblPr></w:style>")
    return f'{HEAD}<w:styles xmlns:w="{W}">{defaults}{builtin}{"".join(out)}</w:styles>'


def _imprint_indent(profile: Profile) -> int:
    return round(profile.imprint["indent_chars"] * profile.sizes["imprint"] * 20)


def settings_xml(profile: Profile) -> str:
    """Settings: odd/even footers for outer page numbers, no punctuation compression (every
    full-width character keeps its cell), Word 2013+ layout."""
    even = "<w:evenAndOddHeaders/>" if profile.page_numbers["position"] == "outer" else ""
    return (f'{HEAD}<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/>'
            f'<w:defaultTabStop w:val="{profile.geometry.cells(2)}"/>{even}<w:characterSpacingControl w:val="doNotCompress"/>'
            '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
            "</w:compat><w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>"
            '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>')


def font_table_xml(profile: Profile, aliases: dict[str, list[str]]) -> str:
    """The font table: each font of the profile with its other names and its character set, which
    Word and WPS use to pick a stand-in on a machine without the font (GB2312 for Chinese ones)."""
    out = []
    for name in dict.fromkeys(profile.fonts.values()):
        chinese = any(ord(ch) > 0x2E80 for ch in name) or name in aliases
        alt = next(iter(aliases.get(name, [])), "")
        out.append(f'<w:font w:name={attr(name)}>{f"<w:altName w:val={attr(alt)}/>" if alt else ""}'
                   f'<w:charset w:val="{"86" if chinese else "00"}"/><w:family w:val="{"modern" if chinese else "roman"}"/>'
                   '<w:pitch w:val="variable"/></w:font>')
    return f'{HEAD}<w:fonts xmlns:w="{W}">{"".join(out)}</w:fonts>'


def footer_xml(profile: Profile, align: str, with_number: bool = True) -> str:
    """A footer with the page number between 一字线 (— 1 —), or an empty one."""
    numbers = profile.page_numbers
    content = ""
    if with_number:
        indent = round(profile.sizes["page_number"] * 20 * numbers["indent_chars"])
        side = {"right": f'<w:ind w:right="{indent}"/>', "left": f'<w:ind w:left="{indent}"/>'}.get(align, "")
        dash = numbers["dash"]
        field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
                 '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
        content = (f'<w:pPr><w:pStyle w:val="Footer"/>{side}<w:jc w:val="{align}"/></w:pPr>'
                   f'<w:r><w:t xml:space="preserve">{dash} </w:t></w:r>{field}<w:r><w:t xml:space="preserve"> {dash}</w:t></w:r>')
    else:
        content = '<w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
    return f'{HEAD}<w:ftr xmlns:w="{W}"><w:p>{content}</w:p></w:ftr>'


def section_xml(profile: Profile, footers: dict[str, str], new_page: bool = False) -> str:
    """A ``w:sectPr``: A4, the 版心 margins, footers (type -> relationship id), the line grid."""
    page, numbers = profile.page, profile.page_numbers
    size_pt = profile.sizes["page_number"]
    footer_mm = max(page["bottom_mm"] - numbers["gap_mm"] - size_pt * 25.4 / 72, 5)
    refs = "".join(f'<w:footerReference w:type="{kind}" r:id="{rid}"/>' for kind, rid in footers.items())
    geo = profile.geometry
    grid = f'<w:docGrid w:type="{page["grid"]}" w:linePitch="{geo.pitch}"'
    grid += f' w:charSpace="{page["char_space"]}"/>' if page["grid"] == "linesAndChars" else "/>"
    kind = '<w:type w:val="nextPage"/>' if new_page else ""
    return (f"<w:sectPr>{refs}{kind}<w:pgSz w:w=\"{twips(page['width_mm'])}\" w:h=\"{twips(page['height_mm'])}\"/>"
            f'<w:pgMar w:top="{twips(page["top_mm"])}" w:right="{twips(page["right_mm"])}" w:bottom="{twips(page["bottom_mm"])}" '
            f'w:left="{twips(page["left_mm"])}" w:header="851" w:footer="{twips(footer_mm)}" w:gutter="0"/>'
            f'<w:cols w:space="425"/>{grid}</w:sectPr>')
