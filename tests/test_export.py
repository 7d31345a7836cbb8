"""GB/T 9704 .docx export, read from the XML: page and grid, named styles with outline levels used
by the paragraphs, 署名/成文日期 per §7.3.5, 版头/版记 when given and only then, the export
reading back as its source. The page itself is measured in test_render.py."""

import re
import zipfile

import docx
import pytest
from click.testing import CliRunner
from conftest import REPO
from docx.shared import Pt

from cli import main
from drafter.check import check_path
from drafter.export import break_title, signature_indents
from drafter.layout import load_profile
from drafter.outline import outline_path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SPEECH = REPO / "corpora" / "000_accd2cf4dd0129da.txt"
NOTICE = "\n".join([
    "桐溪县人民政府办公室关于做好安全生产工作的通知", "各乡镇人民政府，县政府各部门：",
    "为做好安全生产工作，现将有关事项通知如下：", "一、总体要求",
    "（一）指导思想。坚持人民至上、生命至上。", "（二）工作目标", "1.隐患排查全覆盖。", "2.整改销号。",
    "二、工作要求", "各单位要高度重视。", "特此通知。", "附件：1.安全生产检查表", "2.联系人名单",
    "桐溪县人民政府办公室", "2026年3月5日", "附件1", "安全生产检查表", "一、检查内容", "二、检查方式"])
HEAD = ["000123", "机密★1年", "特急", "桐溪县人民政府办公室文件", "桐政办发〔2026〕12号"]
TAIL = ["抄送：县委各部门，县人大常委会办公室，县政协办公室", "桐溪县人民政府办公室　　2026年3月5日印发"]
CELL = 315  # twips: a 16 pt character condensed by 5 twips


def export(tmp_path, text, *args, name="x"):
    src = tmp_path / f"{name}.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / f"{name}.docx"
    result = CliRunner().invoke(main, ["export", str(src), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return src, out


def xml(path, part="word/document.xml"):
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


def paragraph(document, text):
    return next(p for p in document.paragraphs if p.text == text or (p.text.startswith(text) and "\n" not in p.text))


def style_xml(path, style_id):
    return re.search(rf'<w:style [^>]*w:styleId="{style_id}".*?</w:style>', xml(path, "word/styles.xml")).group()


@pytest.fixture(scope="module")
def notice(tmp_path_factory):
    return export(tmp_path_factory.mktemp("notice"), NOTICE, "--author", "桐溪县人民政府办公室")


def test_page_margins_line_grid_and_condensed_characters(notice):
    body = xml(notice[1])
    assert '<w:pgSz w:w="11906" w:h="16838"/>' in body
    margins = dict(re.findall(r'w:(top|bottom|left|right)="(\d+)"', re.search(r"<w:pgMar[^>]*>", body).group()))
    for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert abs(int(margins[side]) - mm * 1440 / 25.4) <= 1, side
    assert '<w:docGrid w:type="lines" w:linePitch="579"/>' in body, "a line grid, no character grid"
    normal = style_xml(notice[1], "Normal")
    # 28 characters of 16 pt condensed by 5 twips fill 8820 of the 8845 twips of the 版心; 29 would not
    assert '<w:spacing w:val="-5"/>' in normal and 28 * (320 - 5) <= 8845 < 29 * (320 - 5)
    assert 'w:line="579" w:lineRule="exact"' in normal
    assert '<w:characterSpacingControl w:val="doNotCompress"/>' in xml(notice[1], "word/settings.xml")


def test_named_styles_carry_the_fonts_and_outline_levels(notice):
    document = docx.Document(notice[1])
    names = {s.name for s in document.styles}
    assert {"公文标题", "Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "署名", "成文日期", "附件说明",
            "版记", "标题 2 字符"} <= names
    for level, font in ((1, "黑体"), (2, "楷体_GB2312"), (3, "仿宋_GB2312"), (4, "仿宋_GB2312")):
        style = style_xml(notice[1], f"Heading{level}")
        assert f'<w:outlineLvl w:val="{level - 1}"/>' in style and "<w:keepNext/>" in style
        assert f'w:eastAsia="{font}"' in style and '<w:sz w:val="32"/>' in style
    assert 'w:eastAsia="方正小标宋简体"' in style_xml(notice[1], "DocTitle")
    assert '<w:sz w:val="44"/>' in style_xml(notice[1], "DocTitle")
    normal = style_xml(notice[1], "Normal")
    assert 'w:eastAsia="仿宋_GB2312"' in normal and 'w:ascii="Times New Roman"' in normal
    assert '<w:jc w:val="both"/>' in normal and "<w:widowControl/>" in normal, "justified, widow/orphan control"
    assert 'w:firstLine="630" w:firstLineChars="200"' in normal, "two cells, or 2 字符 in Word"
    assert "Theme=" not in xml(notice[1], "word/styles.xml")


def test_paragraphs_use_the_styles_with_no_direct_fonts(notice):
    document = docx.Document(notice[1])
    used = {p.text.replace("\n", ""): p.style.name for p in document.paragraphs}
    assert used["桐溪县人民政府办公室关于做好安全生产工作的通知"] == "公文标题"
    assert used["一、总体要求"] == "Heading 1" and used["（二）工作目标"] == "Heading 2"
    assert used["各乡镇人民政府，县政府各部门："] == "主送机关" and used["为做好安全生产工作，现将有关事项通知如下："] == "Normal"
    assert used["附件1"] == "附件标识" and used["安全生产检查表"] == "附件标题"
    assert used["附件：1.安全生产检查表"] == "附件说明" and used["2.联系人名单"] == "附件说明"
    body = xml(notice[1])
    assert "<w:rFonts" not in body and "<w:sz " not in body, "fonts and sizes come from the styles"


def test_a_heading_clause_run_into_its_paragraph(notice):
    document = docx.Document(notice[1])
    split = paragraph(document, "（一）指导思想")
    assert [(r.text, r.style.name) for r in split.runs] == [("（一）指导思想。", "标题 2 字符"),
                                                           ("坚持人民至上、生命至上。", "Default Paragraph Font")]
    assert split._p.pPr.find(f"{W}outlineLvl").get(f"{W}val") == "1", "listed in the navigation pane"
    assert "Heading1Char" in style_xml(notice[1], "Heading1")
    assert 'w:eastAsia="楷体_GB2312"' in style_xml(notice[1], "Heading2Char")


def test_signature_and_date_per_7_3_5(notice):
    """No seal: the 署名 ends two characters from the right (its style); the date starts two
    characters right of where the 署名 starts. 桐溪县人民政府办公室 is 10 cells (3150 twips), so it
    starts at 8845 − 630 − 3150 and the date, flush left, at 5065 + 630 = 5695 twips."""
    document = docx.Document(notice[1])
    signature = paragraph(document, "桐溪县人民政府办公室")
    date = paragraph(document, "2026年3月5日")
    assert signature.style.name == "署名" and signature.paragraph_format.right_indent is None
    style = style_xml(notice[1], "IssuerSignature")
    assert 'w:right="630"' in style and '<w:jc w:val="right"/>' in style
    assert date.style.name == "成文日期" and date.alignment == 0 and date.paragraph_format.left_indent == 5695 * 635


@pytest.mark.parametrize("names,date,expected", [
    # a date longer than the 署名 (6 cells = 1890 twips against the date's 1875 + 2 cells): the
    # date ends two characters from the right, the 署名 moves left to start two characters before it
    (["桐溪县应急局"], "2026年3月5日", (630 + 1875 + 630 - 1890, "right", 630)),
    # joint issuers: every 署名 ends two characters from the right, the date starts two characters
    # right of the longest 署名's start
    (["中共桐溪县委办公室", "桐溪县人民政府办公室"], "2026年3月5日", (630, "left", 8845 - 630 - 3150 + 630)),
    (["县委办", "县政府办"], "2026年12月25日", (630 + 2185 + 630 - 4 * CELL, "right", 630)),
])
def test_signature_indents(names, date, expected):
    geometry = load_profile().geometry
    assert geometry.text_width("2026年12月25日") == 8 * 155 + 3 * CELL
    assert signature_indents(names, date, geometry, 2) == expected


def test_joint_signatures_and_long_date_in_the_document(tmp_path):
    text = NOTICE.replace("桐溪县人民政府办公室\n2026年3月5日", "中共桐溪县委办公室\n桐溪县人民政府办公室\n2026年3月5日")
    document = docx.Document(export(tmp_path, text, name="joint")[1])
    assert [p.style.name for p in document.paragraphs if p.text in ("中共桐溪县委办公室", "桐溪县人民政府办公室")] == ["署名"] * 2
    assert paragraph(document, "2026年3月5日").paragraph_format.left_indent == 5695 * 635
    text = NOTICE.replace("桐溪县人民政府办公室\n2026年3月5日", "桐溪县应急局\n2026年3月5日")
    document = docx.Document(export(tmp_path, text, name="short")[1])
    assert paragraph(document, "桐溪县应急局").paragraph_format.right_indent == (630 + 1875 + 630 - 1890) * 635
    assert paragraph(document, "2026年3月5日").paragraph_format.right_indent is None, "the style's two characters"


def test_attachment_note_wrapped_lines_align_with_the_name(notice):
    """附件：1.名称: the label starts 2 cells in; 附件： takes 3 cells and “1.” 230 twips (155 + 75),
    so the name and every wrapped line start at 5 cells + 230."""
    document = docx.Document(notice[1])
    first, second = paragraph(document, "附件：1."), paragraph(document, "2.联系人名单")
    assert first.paragraph_format.left_indent == (5 * CELL + 230) * 635
    assert first.paragraph_format.first_line_indent == -(3 * CELL + 230) * 635
    assert second.paragraph_format.left_indent == (5 * CELL + 230) * 635
    assert second.paragraph_format.first_line_indent == -230 * 635


def test_masthead_and_imprint_from_lines_of_the_text(tmp_path):
    _, out = export(tmp_path, "\n".join([*HEAD, NOTICE, *TAIL]), name="full")
    document = docx.Document(out)
    styles = [(p.style.name, p.text.replace("\n", "")) for p in document.paragraphs if p.text]
    assert styles[:6] == [("份号", "000123"), ("密级和紧急程度", "机密★1年"), ("密级和紧急程度", "特急"),
                          ("发文机关标志", "桐溪县人民政府办公室文件"), ("发文字号", "桐政办发〔2026〕12号"),
                          ("公文标题", "桐溪县人民政府办公室关于做好安全生产工作的通知")]
    body = xml(out)
    assert re.search(r'<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="\d+" w:color="FF0000"/>', body), "the red line"
    assert 'w:color w:val="FF0000"' in style_xml(out, "IssuerMark")
    table = document.tables[-1]
    assert [c.text for row in table.rows for c in row.cells] == ["抄送：县委各部门，县人大常委会办公室，县政协办公室。",
                                                                 "桐溪县人民政府办公室\t2026年3月5日印发"]
    assert body.count("<w:sectPr>") == 2, "the 版记 has a section of its own, without page numbers"
    assert re.findall(r'<w:tcBorders><w:top w:val="single" w:sz="(\d)"', body) == ["8", "6"]
    _, usual = export(tmp_path, "\n".join([*HEAD[3:], NOTICE]), name="usual")  # 标志 and 发文字号 only
    assert outline_path(str(usual)).title.text == "桐溪县人民政府办公室关于做好安全生产工作的通知", "reads back"


def test_masthead_from_options_with_signer(tmp_path):
    _, out = export(tmp_path, NOTICE, "--set", "发文机关标志=桐溪县应急管理局", "--set", "发文字号=桐应急〔2026〕3号",
                    "--set", "签发人=张明", name="up")
    document = docx.Document(out)
    number = paragraph(document, "桐应急〔2026〕3号")
    assert number.text == "桐应急〔2026〕3号\t签发人：张明" and number.runs[-1].style.name == "签发人姓名"
    assert "<w:tbl>" not in xml(out), "no 版记 without its fields"
    result = CliRunner().invoke(main, ["export", "x.txt", "-o", "y.docx", "--set", "文号=1"])
    assert result.exit_code == 2 and "字段=值" in result.stderr


def test_no_masthead_without_fields(notice):
    body, styles = xml(notice[1]), {p.style.name for p in docx.Document(notice[1]).paragraphs}
    assert not styles & {"份号", "密级和紧急程度", "发文机关标志", "发文字号", "版记"}
    assert "FF0000" not in body and body.count("<w:sectPr>") == 1


def test_page_numbers_odd_right_even_left(notice):
    with zipfile.ZipFile(notice[1]) as z:
        settings = z.read("word/settings.xml").decode()
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    assert "<w:evenAndOddHeaders/>" in settings
    assert len(footers) == 2
    for footer in footers:
        assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", footer)
        assert "— " in footer and " —" in footer
    aligns = sorted(re.search(r'<w:jc w:val="(\w+)"/>', f).group(1) for f in footers)
    assert aligns == ["left", "right"]
    assert 'w:eastAsia="宋体"' in style_xml(notice[1], "Footer") and '<w:sz w:val="28"/>' in style_xml(notice[1], "Footer")


def test_properties_and_no_empty_trailing_page(notice):
    document = docx.Document(notice[1])
    assert document.core_properties.title == NOTICE.splitlines()[0]
    assert document.core_properties.author == "桐溪县人民政府办公室"
    assert document.paragraphs[-1].text == "二、检查方式"
    assert "w:br w:type=\"page\"" not in xml(notice[1])


def test_export_reads_back_as_its_source(notice):
    src, out = notice
    flat = lambda path: [(n.line, n.level, n.style, n.marker, n.heading) for n in outline_path(str(path)).walk()]  # noqa: E731
    assert flat(out) == flat(src)
    codes = lambda path: [(f.line, f.code) for f in check_path(str(path)).findings]  # noqa: E731
    assert codes(out) == codes(src)


def test_a_seed_speech_reads_back_the_same(tmp_path):
    text = SPEECH.read_text(encoding="utf-8")
    src, out = export(tmp_path, text, name="seed")
    a, b = outline_path(str(src)), outline_path(str(out))
    shape = lambda o: [(n.level, n.style, n.marker, n.heading, n.inline) for n in o.walk()]  # noqa: E731
    assert shape(a) == shape(b)
    assert (a.title.text, a.transition.text, a.closing.text) == (b.title.text, b.transition.text, b.closing.text)
    _, other = export(tmp_path, (REPO / "corpora" / "002_7859ca84861aaa05.txt").read_text(encoding="utf-8"), name="seed2")
    assert paragraph(docx.Document(other), "同志们：").style.name == "Salutation", "a speech's 同志们： is a 称呼"


def test_long_titles_break_between_words_as_a_trapezoid_or_diamond():
    title = "桐溪县人民政府办公室关于进一步加强全县安全生产隐患排查整治工作的通知"
    lines = break_title(title, 20)
    assert "".join(lines) == title and len(lines) == 2 and all(len(x) <= 20 for x in lines)
    assert len(lines[0]) <= len(lines[1])
    import jieba

    bounds = set()
    pos = 0
    for word in jieba.lcut(title):
        pos += len(word)
        bounds.add(pos)
    assert len(lines[0]) in bounds, "never inside a word"
    quoted = "桐溪县人民政府关于印发《桐溪县优化营商环境若干措施》的通知"
    two = break_title(quoted, 20)
    assert "".join(two) == quoted and all(x.count("《") == x.count("》") for x in two), two
    long = "关于印发《桐溪县进一步优化营商环境激发市场主体活力若干措施》的通知的补充通知和实施细则说明"
    three = break_title(long, 20)
    assert len(three) == 3 and "".join(three) == long and all(len(x) <= 20 for x in three)
    assert len(three[1]) >= max(len(three[0]), len(three[2])), "a diamond: the middle line longest"
    assert break_title("在全县安全生产工作会议上的讲话", 20) == ["在全县安全生产工作会议上的讲话"]
    for title in ("中共桐溪县委办公室桐溪县人民政府办公室关于印发工作方案的通知",
                  "关于表彰二〇二五年度桐溪县安全生产先进集体和先进个人的决定"):
        cuts = [len("".join(break_title(title, 20)[:k])) for k in range(1, len(break_title(title, 20)))]
        name = title.index("桐溪县")
        assert all(not name < c < name + 3 for c in cuts), "an unknown place name stays whole"


def test_house_profile_and_font_preset(tmp_path):
    profile = tmp_path / "house.toml"
    profile.write_text('[page]\ntop_mm = 30\nbottom_mm = 30\nleft_mm = 30\nright_mm = 30\nline_pitch_pt = 29\n'
                       '[bold]\nlevel2 = true\nlevel3 = true\n[page_numbers]\nposition = "center"\n', encoding="utf-8")
    _, out = export(tmp_path, NOTICE, "--profile", str(profile), "--fonts", "common")
    body = xml(out)
    assert 'w:top="1701"' in body and 'w:linePitch="580"' in body
    heading2 = style_xml(out, "Heading2")
    assert "<w:b/>" in heading2 and 'w:eastAsia="楷体"' in heading2
    # 150 mm = 8504 twips: 28 characters of 320 need a spacing of (8504 − 8960) // 28 = −17 twips
    assert '<w:spacing w:val="-17"/>' in style_xml(out, "Normal") and 'w:eastAsia="仿宋"' in style_xml(out, "Normal")
    with zipfile.ZipFile(out) as z:
        assert "evenAndOddHeaders" not in z.read("word/settings.xml").decode()
        assert sum(n.startswith("word/footer") for n in z.namelist()) == 1


def test_word_character_grid_is_still_available(tmp_path):
    profile = tmp_path / "word.toml"
    profile.write_text('[page]\ngrid = "linesAndChars"\n', encoding="utf-8")
    _, out = export(tmp_path, NOTICE, "--profile", str(profile), name="grid")
    assert '<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-849"/>' in xml(out)
    assert "w:spacing w:val" not in style_xml(out, "Normal").replace('w:val="0"', "")


def test_bad_profile_is_a_clear_error(tmp_path):
    profile = tmp_path / "bad.toml"
    profile.write_text("[page]\nmargin = 3\n", encoding="utf-8")
    src = tmp_path / "a.txt"
    src.write_text("标题\n一、甲\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(src), "-o", str(tmp_path / "a.docx"), "--profile", str(profile)])
    assert result.exit_code == 2 and "不认识的设置" in result.stderr


def test_chapter_titles_stand_centred_articles_do_not(tmp_path):
    text = "\n".join(["桐溪县项目资金管理办法", "第一章　总则", "第一条　为了规范项目资金管理，制定本办法。",
                     "第二章　附则", "第二条　本办法自印发之日起施行。"])
    _, out = export(tmp_path, text, name="rules")
    document = docx.Document(out)
    chapter, article = paragraph(document, "第一章"), paragraph(document, "第一条")
    assert chapter.style.name == "章标题" and chapter.style.base_style.name == "Heading 1"
    assert '<w:jc w:val="center"/>' in style_xml(out, "ChapterHeading")
    assert article.style.name == "Normal" and article.alignment is None


def test_fonts_report(tmp_path):
    result = CliRunner().invoke(main, ["export", "--check-fonts"])
    assert result.exit_code == 0, result.output
    report = result.stderr
    for font in ("仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "Times New Roman"):
        assert font in report
    assert "缺少" in report or "齐全" in report or "无法列出" in report
    common = CliRunner().invoke(main, ["export", "--check-fonts", "--fonts", "common"]).stderr
    assert "仿宋（正文" in common and "仿宋_GB2312" not in common


def test_speech_speaker_and_date_under_the_title(tmp_path):
    from drafter.deliver import save_draft

    out = tmp_path / "讲话.docx"
    text = SPEECH.read_text(encoding="utf-8")
    save_draft(text, str(out), "中共桐溪县委", speaker="张明", date="2026-03-05")
    document = docx.Document(out)
    lines = [(p.style.name, p.text) for p in document.paragraphs[:4]]
    assert lines[1:3] == [("Subtitle", "（2026年3月5日）"), ("Subtitle", "张明")], lines
    assert document.paragraphs[0].style.name == "公文标题"
    assert docx.Document(out).core_properties.author == "中共桐溪县委"


def test_draft_straight_to_docx(tmp_path):
    out = tmp_path / "初稿.docx"
    result = CliRunner().invoke(main, ["draft", str(REPO / "examples" / "brief.yaml"), "--seed", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert outline_path(str(out)).title.text == "在全县安全生产工作会议上的讲话"
    assert docx.Document(out).core_properties.author == "中共桐溪县委"


def test_body_runs_are_sized_by_style(notice):
    normal = docx.Document(notice[1]).styles["Normal"]
    assert normal.font.size == Pt(16) and normal.paragraph_format.line_spacing == Pt(28.95)
