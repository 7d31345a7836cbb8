"""Reading inputs: Chinese encodings, .docx (with Word list numbering), standard input, and the
clear errors every bad input must give."""

import io
import zipfile

import pytest
from conftest import CORPUS, REPO
from helpers import docx_with_word_numbering, flat

from drafter.model import DrafterError
from drafter.outline import outline_path
from drafter.reader import read_bytes, read_path

SEED = REPO / "corpora" / "002_7859ca84861aaa05.txt"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings_give_the_same_outline(tmp_path, encoding):
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / f"seed-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    expected = flat(outline_path(str(SEED)))
    assert flat(outline_path(str(path))) == expected
    assert read_path(str(path)).lines[1] == "在全区党风廉政宣传教育联席会议上的讲话"


def test_gbk_is_detected_not_guessed_as_something_else(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("一、总体要求\n（一）指导思想\n".encode("gbk"))
    raw = read_path(str(path))
    assert raw.encoding == "gb18030"
    assert raw.lines[:2] == ["一、总体要求", "（一）指导思想"]


def test_crlf_and_cr_line_ends_keep_line_numbers(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("标题\r\n\r\n一、甲\r二、乙\n".encode())
    assert [n[0] for n in flat(outline_path(str(path)))] == [3, 4]


@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", "文件是空的"),
    ("blank.txt", b"  \n\n \r\n", "文件是空的"),
    ("binary.txt", bytes(range(256)) * 8, "不是文本文件"),
    ("junk.txt", b"\x81\x20\xff\xfe\x80" * 50, "无法识别文本编码"),
    ("controls.txt", ("\x01\x02\x03\x04abc" * 200).encode(), "控制字符"),
    ("notzip.docx", b"this is not a zip file at all", ".docx 文件已损坏"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".doc"),
    ("encrypted.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "加密"),
])
def test_bad_input_gives_one_clear_error(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DrafterError) as err:
        outline_path(str(path))
    assert message in err.value.message
    assert err.value.path == str(path)


def test_docx_without_document_xml(tmp_path):
    path = tmp_path / "nodoc.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(DrafterError, match=r"word/document\.xml"):
        read_path(str(path))


def test_docx_with_broken_xml(tmp_path):
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document><w:body><w:p>")
    with pytest.raises(DrafterError, match="损坏"):
        read_path(str(path))


def test_missing_path_and_folder():
    with pytest.raises(DrafterError, match="文件不存在"):
        read_path("/nonexistent/讲话.txt")
    with pytest.raises(DrafterError, match="文件夹"):
        read_path(str(REPO / "corpora"))


def test_docx_word_numbering_labels_are_reconstructed(tmp_path):
    path = docx_with_word_numbering(tmp_path / "numbered.docx", [
        (None, "关于做好安全生产工作的通知"),
        (None, ""),
        (0, "总体要求"),
        (1, "指导思想"),
        (2, "坚持人民至上"),
        (2, "坚持安全第一"),
        (1, "基本原则"),
        (0, "主要任务"),
        (1, "排查隐患"),
    ])
    raw = read_path(str(path))
    assert raw.lines == ["关于做好安全生产工作的通知", "", "一、总体要求", "（一）指导思想", "1.坚持人民至上",
                         "2.坚持安全第一", "（二）基本原则", "二、主要任务", "（一）排查隐患"]
    got = flat(outline_path(str(path)))
    assert [(g[0], g[1], g[4]) for g in got] == [
        (3, 1, "一、"), (4, 2, "（一）"), (5, 3, "1."), (6, 3, "2."), (7, 2, "（二）"), (8, 1, "二、"),
        (9, 2, "（一）")]


def test_docx_paragraph_numbers_count_empty_paragraphs():
    raw = read_path(str(CORPUS / "docx" / "02.docx"))
    assert raw.kind == "docx"
    assert raw.lines[6] == "一、2024年工作回顾"
    assert flat(outline_path(str(CORPUS / "docx" / "02.docx")))[0][:3] == (7, 1, "一、")


def test_standard_input(monkeypatch):
    data = "标题\n一、甲\n二、乙\n".encode("gbk")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    raw = read_path("-")
    assert raw.source == "<stdin>" and raw.lines[1] == "一、甲"


def test_docx_bytes_on_standard_input_are_read_as_docx(tmp_path):
    path = docx_with_word_numbering(tmp_path / "n.docx", [(0, "总体要求")])
    raw = read_bytes(path.read_bytes(), "<stdin>")
    assert raw.kind == "docx" and raw.lines == ["一、总体要求"]
