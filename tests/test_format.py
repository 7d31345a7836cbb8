"""`drafter format`: a messy .docx re-laid like an export, its tables and pictures kept, the 署名
and 成文日期 found around a table, what cannot be carried over named in a warning."""

import struct
import zipfile
import zlib

import docx
import pytest
from click.testing import CliRunner
from docx.oxml import parse_xml
from docx.shared import Pt
from helpers import docx_with_word_numbering

from cli import main
from drafter.outline import outline_path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def xml(path, part="word/document.xml"):
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


def png_bytes(width=40, height=20) -> bytes:
    """A small red PNG, written by hand."""
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


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


def _with_table_and_picture(path, signature_after_table=True):
    """A 通知 with a wide table (header row, 3 rows, 9000 twips of columns), a picture, a text box,
    and the 署名 and 成文日期 after (or before) the table."""
    import io

    document = docx.Document()
    for text in ("桐溪县应急管理局关于报送隐患排查情况的通知", "各乡镇人民政府：", "请按下表报送隐患排查情况。"):
        document.add_paragraph(text)
    document.add_paragraph().add_run().add_picture(io.BytesIO(png_bytes()), width=Pt(60))
    box = document.add_paragraph("见下图说明。")
    box._p.append(parse_xml(
        f'<w:r xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape style="width:100pt;height:40pt">'
        '<v:textbox><w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>'))
    closing = [("特此通知。", None), ("桐溪县应急管理局", None), ("2026年3月5日", None)]
    if not signature_after_table:
        for text, _ in closing:
            document.add_paragraph(text)
    table = document.add_table(rows=4, cols=3)
    for r, row in enumerate([("序号", "单位", "隐患数"), ("1", "城关镇", "12"), ("2", "桐溪乡", "7"), ("3", "县住建局", "3")]):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = value
            cell.paragraphs[0].runs[0].font.name = "Arial"
            cell.paragraphs[0].runs[0].font.size = Pt(9)
    for col in table._tbl.tblGrid.findall(f"{{{W_NS}}}gridCol"):
        col.set(f"{{{W_NS}}}w", "3000")
    if signature_after_table:
        for text, _ in closing:
            document.add_paragraph(text)
    document.save(path)
    return path


def format_file(tmp_path, source, *args, name="formatted"):
    out = tmp_path / f"{name}.docx"
    result = CliRunner().invoke(main, ["format", str(source), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return out, result.stderr


@pytest.mark.parametrize("after", [True, False])
def test_format_keeps_the_table_and_picture_and_finds_the_signature(tmp_path, after):
    out, messages = format_file(tmp_path, _with_table_and_picture(tmp_path / "in.docx", after))
    document = docx.Document(out)
    styles = {p.text.replace("\n", ""): p.style.name for p in document.paragraphs}
    assert styles["桐溪县应急管理局"] == "署名" and styles["2026年3月5日"] == "成文日期"
    assert styles["桐溪县应急管理局关于报送隐患排查情况的通知"] == "公文标题"
    table = document.tables[0]
    assert [c.text for c in table.rows[1].cells] == ["1", "城关镇", "12"]
    body = xml(out)
    assert "<w:tblHeader/>" in body, "the header row repeats on every page"
    widths = [int(c.get(f"{{{W_NS}}}w")) for c in table._tbl.tblGrid.findall(f"{{{W_NS}}}gridCol")]
    assert sum(widths) <= 8845, "within the 版心"
    cell = table.rows[1].cells[1].paragraphs[0]
    assert cell.style.name == "表格文字" and "Arial" not in body and cell.runs[0].font.size is None
    assert 'w:eastAsia="仿宋_GB2312"' in xml(out, "word/styles.xml")
    with zipfile.ZipFile(out) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert len(media) == 1 and zipfile.ZipFile(out).read(media[0]) == png_bytes()
    assert any(p.style.name == "图片" and p._p.xpath(".//a:blip") for p in document.paragraphs)
    assert "文本框 1 处" in messages and "框内文字" not in body
    position = [p.text for p in document.paragraphs if p.text].index("桐溪县应急管理局")
    assert ([p.text for p in document.paragraphs if p.text][position - 1] == "特此通知。")
    order = body.index("<w:tbl ") < body.index(">桐溪县应急管理局</w:t>")
    assert order == after, "the table stays where it was"


def test_formatted_output_reads_back(tmp_path):
    source = _with_table_and_picture(tmp_path / "in.docx")
    out, _ = format_file(tmp_path, source)
    assert outline_path(str(out)).title.text == "桐溪县应急管理局关于报送隐患排查情况的通知"
    again, _ = format_file(tmp_path, out, name="again")
    assert len(docx.Document(again).tables) == 1, "formatting the output again keeps its table"


def test_format_relays_a_messy_document_like_export(tmp_path):
    messy = _messy(tmp_path / "messy.docx")
    out, _ = format_file(tmp_path, messy)
    lines = [p.text.replace("\n", "") for p in docx.Document(out).paragraphs]
    assert lines[3] == "一、总体要求" and lines[6] == "二、工作要求", "Word numbering becomes text"
    text = tmp_path / "same.txt"
    text.write_text("\n".join(lines), encoding="utf-8")
    reference = tmp_path / "reference.docx"
    CliRunner().invoke(main, ["export", str(text), "-o", str(reference)])
    assert xml(out) == xml(reference)
    assert "Arial" not in xml(out), "the careless fonts are gone"


def test_format_with_fix_and_never_over_the_input(tmp_path):
    messy = _messy(tmp_path / "messy.docx")
    before = messy.read_bytes()
    out, _ = format_file(tmp_path, messy, "--fix")
    assert any(p.text.startswith("（一）指导思想") for p in docx.Document(out).paragraphs)
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
