"""GB/T 9704 .docx export: the XML carries every layout property, the export reads back as its
source, `format` re-lays a messy document, and LibreOffice renders 22 lines a page."""

import re
import shutil
import subprocess
import zipfile

import docx
import pytest
from click.testing import CliRunner
from conftest import REPO
from docx.shared import Pt
from helpers import docx_with_word_numbering

from cli import main
from drafter.brief import brief_from_data
from drafter.check import check_path
from drafter.draft import draft
from drafter.export import break_title
from drafter.outline import outline_path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SPEECH = REPO / "corpora" / "000_accd2cf4dd0129da.txt"
NOTICE = "\n".join([
    "桐溪县人民政府办公室关于做好安全生产工作的通知", "各乡镇人民政府，县政府各部门：",
    "为做好安全生产工作，现将有关事项通知如下：", "一、总体要求",
    "（一）指导思想。坚持人民至上、生命至上。", "（二）工作目标", "1.隐患排查全覆盖。", "2.整改销号。",
    "二、工作要求", "各单位要高度重视。", "特此通知。", "附件：1.安全生产检查表", "2.联系人名单",
    "桐溪县人民政府办公室", "2026年3月5日", "附件1", "安全生产检查表", "一、检查内容", "二、检查方式"])


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
    return next(p for p in document.paragraphs if p.text.startswith(text))


def east_asia(run):
    return run._r.rPr.rFonts.get(f"{W}eastAsia")


@pytest.fixture(scope="module")
def notice(tmp_path_factory):
    return export(tmp_path_factory.mktemp("notice"), NOTICE, "--author", "桐溪县人民政府办公室")


def test_page_margins_and_grid(notice):
    body = xml(notice[1])
    assert '<w:pgSz w:w="11906" w:h="16838"/>' in body
    margins = dict(re.findall(r'w:(top|bottom|left|right)="(\d+)"', re.search(r"<w:pgMar[^>]*>", body).group()))
    for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert abs(int(margins[side]) - mm * 1440 / 25.4) <= 1, side
    assert '<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-849"/>' in body


def test_fonts_styles_and_defaults(notice):
    styles = xml(notice[1], "word/styles.xml")
    assert "Theme=" not in styles, "theme font attributes removed"
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S).group()
    assert 'w:eastAsia="仿宋_GB2312"' in defaults and 'w:ascii="Times New Roman"' in defaults
    document = docx.Document(notice[1])
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    assert normal.element.rPr.rFonts.get(f"{W}eastAsia") == "仿宋_GB2312"
    runs = [r for p in document.paragraphs for r in p.runs]
    assert all(r._r.rPr.rFonts.get(f"{W}hint") == "eastAsia" for r in runs)
    assert all(r._r.rPr.rFonts.get(f"{W}ascii") == "Times New Roman" for r in runs)


def test_title_salutation_and_body_indent(notice):
    document = docx.Document(notice[1])
    title = document.paragraphs[0]
    assert title.alignment == 1 and title.runs[0].font.size == Pt(22) and east_asia(title.runs[0]) == "方正小标宋简体"
    salutation = paragraph(document, "各乡镇人民政府")
    assert salutation.paragraph_format.first_line_indent == 0
    body = paragraph(document, "为做好安全生产工作")
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert body._p.pPr.ind.get(f"{W}firstLineChars") == "200"


def test_heading_fonts_per_level_and_split_runs(notice):
    document = docx.Document(notice[1])
    assert [east_asia(r) for r in paragraph(document, "一、总体要求").runs] == ["黑体"]
    split = paragraph(document, "（一）指导思想")
    assert [(r.text, east_asia(r)) for r in split.runs] == [("（一）指导思想。", "楷体_GB2312"),
                                                           ("坚持人民至上、生命至上。", "仿宋_GB2312")]
    assert [east_asia(r) for r in paragraph(document, "（二）工作目标").runs] == ["楷体_GB2312"]
    assert [east_asia(r) for r in paragraph(document, "1.隐患排查").runs] == ["仿宋_GB2312"]


def test_signature_date_attachment_note_and_appendix(notice):
    document = docx.Document(notice[1])
    signature = [p for p in document.paragraphs if p.text == "桐溪县人民政府办公室"][0]
    date = paragraph(document, "2026年3月5日")
    assert signature.alignment == 2 and signature.paragraph_format.right_indent == Pt(32)
    # the date starts two characters right of the 署名's start: 10-character name, 9-character date
    assert date.alignment == 2 and date.paragraph_format.right_indent == Pt(16 * 2)
    note = paragraph(document, "附件：1.")
    assert note.paragraph_format.left_indent == Pt(16 * 5) and note.paragraph_format.first_line_indent == Pt(-48)
    assert paragraph(document, "2.联系人名单").paragraph_format.left_indent == Pt(16 * 5)
    label = [p for p in document.paragraphs if p.text == "附件1"][0]
    assert label.paragraph_format.page_break_before and east_asia(label.runs[0]) == "黑体"
    assert paragraph(document, "安全生产检查表").alignment == 1


def test_date_placement_follows_the_signature_length(tmp_path):
    """A long 署名 (17 characters) ends two characters from the right, so it starts at character 9
    of 28: the 9-character date starts two characters further right, so its right indent is
    28 - 11 - 9 = 8 characters."""
    text = NOTICE.replace("特此通知。\n附件：1.安全生产检查表\n2.联系人名单\n桐溪县人民政府办公室",
                          "特此通知。\n中共桐溪县委办公室桐溪县政府办公室")
    document = docx.Document(export(tmp_path, text, name="long")[1])
    signature = paragraph(document, "中共桐溪县委办公室桐溪县政府办公室")
    date = paragraph(document, "2026年3月5日")
    assert signature.paragraph_format.right_indent == Pt(16 * 2)
    assert date.paragraph_format.right_indent == Pt(16 * 8)


def test_page_numbers_odd_right_even_left(notice):
    with zipfile.ZipFile(notice[1]) as z:
        settings = z.read("word/settings.xml").decode()
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    assert "<w:evenAndOddHeaders/>" in settings
    assert len(footers) == 2
    for footer in footers:
        assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", footer)
        assert "— " in footer and " —" in footer and 'w:sz w:val="28"' in footer
    aligns = sorted(re.search(r'<w:jc w:val="(\w+)"/>', f).group(1) for f in footers)
    assert aligns == ["left", "right"]


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


def test_house_profile_and_font_preset(tmp_path):
    profile = tmp_path / "house.toml"
    profile.write_text('[page]\ntop_mm = 30\nbottom_mm = 30\nleft_mm = 30\nright_mm = 30\nline_pitch_pt = 29\n'
                       '[bold]\nlevel2 = true\nlevel3 = true\n[page_numbers]\nposition = "center"\n', encoding="utf-8")
    _, out = export(tmp_path, NOTICE, "--profile", str(profile), "--fonts", "common")
    body = xml(out)
    assert 'w:top="1701"' in body and 'w:linePitch="580"' in body
    document = docx.Document(out)
    heading = paragraph(document, "（二）工作目标")
    assert heading.runs[0].bold and east_asia(heading.runs[0]) == "楷体"
    assert east_asia(paragraph(document, "为做好").runs[0]) == "仿宋"
    with zipfile.ZipFile(out) as z:
        assert "evenAndOddHeaders" not in z.read("word/settings.xml").decode()
        assert sum(n.startswith("word/footer") for n in z.namelist()) >= 1


def test_bad_profile_is_a_clear_error(tmp_path):
    profile = tmp_path / "bad.toml"
    profile.write_text("[page]\nmargin = 3\n", encoding="utf-8")
    src = tmp_path / "a.txt"
    src.write_text("标题\n一、甲\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(src), "-o", str(tmp_path / "a.docx"), "--profile", str(profile)])
    assert result.exit_code == 2 and "不认识的设置" in result.stderr


def _messy(path):
    """A document typed carelessly: mixed fonts and sizes, odd indents, Word's own numbering for
    the level-1 headings, half-width brackets."""
    path = docx_with_word_numbering(path, [
        (None, "桐溪县人民政府办公室关于做好安全生产工作的通知"), (None, "各乡镇人民政府，县政府各部门："),
        (None, "为做好安全生产工作，现将有关事项通知如下："), (0, "总体要求"),
        (None, "(一)指导思想。坚持人民至上、生命至上。"), (None, "（二）工作目标"), (0, "工作要求"),
        (None, "各单位要高度重视。"), (None, "特此通知。")])
    document = docx.Document(path)
    for k, p in enumerate(document.paragraphs):
        p.paragraph_format.left_indent = Pt(7 * k)
        for run in p.runs:
            run.font.name = ["Arial", "宋体", "Calibri"][k % 3]
            run.font.size = Pt([12, 14, 18][k % 3])
    document.save(path)
    return path


def test_format_relays_a_messy_document_like_export(tmp_path):
    messy = _messy(tmp_path / "messy.docx")
    out = tmp_path / "formatted.docx"
    result = CliRunner().invoke(main, ["format", str(messy), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = [p.text for p in docx.Document(out).paragraphs]
    assert lines[3] == "一、总体要求" and lines[6] == "二、工作要求", "Word numbering becomes text"
    text = tmp_path / "same.txt"
    text.write_text("\n".join(lines), encoding="utf-8")
    reference = tmp_path / "reference.docx"
    CliRunner().invoke(main, ["export", str(text), "-o", str(reference)])

    def layout(path):
        return [(p.text, p.alignment, p.paragraph_format.first_line_indent, p.paragraph_format.left_indent,
                 [(r.text, east_asia(r), r.font.size) for r in p.runs]) for p in docx.Document(path).paragraphs]

    assert layout(out) == layout(reference)
    assert "Arial" not in xml(out), "the careless fonts are gone"


def test_format_with_fix_and_never_over_the_input(tmp_path):
    messy = _messy(tmp_path / "messy.docx")
    before = messy.read_bytes()
    out = tmp_path / "fixed.docx"
    assert CliRunner().invoke(main, ["format", str(messy), "--fix", "-o", str(out)]).exit_code == 0
    assert paragraph(docx.Document(out), "（一）指导思想").runs[0].text.startswith("（一）")
    result = CliRunner().invoke(main, ["format", str(messy), "-o", str(messy)])
    assert result.exit_code == 2 and "拒绝覆盖" in result.stderr
    assert messy.read_bytes() == before


@pytest.mark.parametrize("name,data,message", [
    ("a.docx", b"plain text, not a zip", "不是有效的 zip"),
    ("b.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "加密"),
    ("c.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, ".doc"),
])
def test_format_bad_input(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["format", str(path), "-o", str(tmp_path / "out.docx")])
    assert result.exit_code == 2 and message in result.stderr


def test_draft_straight_to_docx(tmp_path):
    out = tmp_path / "初稿.docx"
    result = CliRunner().invoke(main, ["draft", str(REPO / "examples" / "brief.yaml"), "--seed", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert outline_path(str(out)).title.text == "在全县安全生产工作会议上的讲话"
    assert docx.Document(out).core_properties.author == "中共桐溪县委"


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.mark.skipif(not (SOFFICE and PDFTOTEXT), reason="LibreOffice or pdftotext is not installed here "
                    "(.ci/run installs them; for users they are optional)")
def test_libreoffice_renders_a4_pages_of_22_lines_with_page_numbers(tmp_path):
    brief = brief_from_data({"kind": "动员部署会讲话", "meeting": "全县安全生产工作会议", "region": "桐溪县",
                             "topic": ["安全生产"], "sections": [
                                 {"heading": f"第{n}部分工作要求", "points": [f"要点{n}{k}" for k in range(1, 9)]}
                                 for n in range(1, 4)]})
    src = tmp_path / "speech.txt"
    src.write_text(draft(brief, seed=3).text, encoding="utf-8")
    out = tmp_path / "speech.docx"
    CliRunner().invoke(main, ["export", str(src), "-o", str(out)])
    subprocess.run([SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "speech.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 3
    for page in range(1, pages + 1):
        text = subprocess.run([PDFTOTEXT, "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True).stdout
        lines = [line for line in text.splitlines() if line.strip()]
        assert re.fullmatch(rf"\s*—\s*{page}\s*—\s*", lines[-1]), lines[-1]
        if 1 < page < pages:
            assert len(lines) - 1 == 22, f"page {page} carries {len(lines) - 1} lines"


def test_chapter_titles_stand_centred_articles_do_not(tmp_path):
    text = "\n".join(["桐溪县项目资金管理办法", "第一章　总则", "第一条　为了规范项目资金管理，制定本办法。",
                     "第二章　附则", "第二条　本办法自印发之日起施行。"])
    _, out = export(tmp_path, text, name="rules")
    document = docx.Document(out)
    chapter, article = paragraph(document, "第一章"), paragraph(document, "第一条")
    assert chapter.alignment == 1 and chapter.paragraph_format.first_line_indent == 0
    assert east_asia(chapter.runs[0]) == "黑体"
    assert article.alignment is None and article.paragraph_format.first_line_indent == Pt(32)
