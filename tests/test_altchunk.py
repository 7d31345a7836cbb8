""".docx files whose body is an imported HTML or MHT part (w:altChunk): the two fixtures built
by tests/fixtures/build_altchunk.py (a law-database download and a program-made notice), charsets,
the line mapping, and what is not read."""

import base64
import sys

import pytest
from conftest import REPO
from helpers import flat

from drafter import altchunk, docx_reader
from drafter.check import check_path
from drafter.fix import fix_bytes
from drafter.htmltext import BlockText
from drafter.model import DrafterError
from drafter.outline import outline_path
from drafter.reader import read_bytes, read_path

FIXTURES = REPO / "tests" / "fixtures"
sys.path.insert(0, str(FIXTURES))
import build_altchunk  # noqa: E402

MHT = FIXTURES / "altchunk_mht.docx"
HTML = FIXTURES / "altchunk_html.docx"


@pytest.mark.parametrize("name", sorted(build_altchunk.FIXTURES))
def test_fixtures_are_what_the_builder_makes(name):
    assert (FIXTURES / name).read_bytes() == build_altchunk.FIXTURES[name](), "run tests/fixtures/build_altchunk.py"


def test_law_database_download_is_read_from_its_mht_part():
    raw = read_path(str(MHT))
    assert raw.kind == "docx"
    assert raw.lines[0] == "清河县城市绿化管理办法"
    assert raw.lines[8].startswith("第一条\u3000为了加强城市绿化建设，改善城市生态环境")  # a wrapped source line
    assert "lawdb" not in "".join(raw.lines) and "MsoNormal" not in "".join(raw.lines)
    assert len(raw.lines) == 22  # the &nbsp; paragraph holds no text and is no line


def test_law_database_download_outline_has_its_chapters_and_articles():
    o = outline_path(str(MHT))
    assert o.title.text == "清河县城市绿化管理办法"
    nodes = flat(o)
    chapters = [(n[0], n[1], n[4]) for n in nodes if n[2] == "第一章"]
    assert chapters == [(8, 1, "第一章"), (12, 1, "第二章"), (18, 1, "第三章"), (21, 1, "第四章")]
    articles = [(n[1], n[3]) for n in nodes if n[2] == "第一条"]
    assert articles == [(2, k) for k in range(1, 9)]
    assert [(n[0], n[1]) for n in nodes if n[2] == "（一）"] == [(15, 3), (16, 3), (17, 3)]
    assert not check_path(str(MHT)).findings


def test_html_chunk_lines_stand_between_the_paragraphs_around_it():
    raw = read_path(str(HTML))
    assert raw.lines[0] == "关于做好2024年防汛工作的通知"  # w:p before the chunk
    assert raw.lines[1] == "各乡镇人民政府，县直有关单位："  # GBK, declared by <meta charset>
    assert raw.lines[6:8] == ["1.水库由县水利局包保；", "2.河道由所在乡镇包保。"]  # lines ended by <br>
    assert raw.lines[9:13] == ["物资", "数量", "编织袋", "5万条"]  # one line per table cell
    assert raw.lines[14:] == ["清河县防汛抗旱指挥部办公室", "2024年5月10日"]  # w:p after it
    assert not any("不是正文" in line or "border" in line for line in raw.lines)  # script, style


def test_html_chunk_outline():
    o = outline_path(str(HTML))
    assert (o.title.text, o.salutation.text) == ("关于做好2024年防汛工作的通知", "各乡镇人民政府，县直有关单位：")
    assert [(n[0], n[1], n[4]) for n in flat(o)] == [
        (4, 1, "一、"), (5, 2, "（一）"), (6, 2, "（二）"), (7, 3, "1."), (8, 3, "2."), (9, 1, "二、")]


def test_paragraph_numbers_count_the_chunk_lines():
    package = docx_reader.load(HTML.read_bytes(), str(HTML))
    numbered = [(n, docx_reader.paragraph_text(p)) for n, p in altchunk.numbered_paragraphs(package, "x")]
    assert numbered == [(1, "关于做好2024年防汛工作的通知"), (15, "清河县防汛抗旱指挥部办公室"), (16, "2024年5月10日")]


def _notice_with(after_chunk: list[str], chunk: bytes, kind: str = "text/html", name: str = "afchunk5.htm") -> bytes:
    body = build_altchunk._paragraph("关于做好防汛工作的通知") + '<w:altChunk r:id="AltChunkId5"/>'
    body += "".join(build_altchunk._paragraph(t) for t in after_chunk)
    return build_altchunk._docx(body, name, kind, chunk, "AltChunkId5")


def test_fix_edits_paragraphs_after_a_chunk_at_their_line():
    chunk = "<p>一、加强领导</p><p>二、压实责任</p>".encode()
    data = _notice_with(["三．强化保障", "四、严肃纪律"], chunk)
    raw = read_bytes(data, "n.docx")
    assert raw.lines == ["关于做好防汛工作的通知", "一、加强领导", "二、压实责任", "三．强化保障", "四、严肃纪律"]
    from drafter.check import check
    from drafter.pipeline import from_raw

    loaded = from_raw(raw)
    result = check(loaded.document, loaded.outline)
    assert [(f.line, f.code) for f in result.findings] == [(4, "N201")]
    fixed = fix_bytes(data, "n.docx", result.edits)
    assert (fixed.applied, fixed.skipped) == (1, 0)
    assert read_bytes(fixed.data, "n.docx").lines[3] == "三、强化保障"


def test_fix_leaves_chunk_text_alone_and_says_so():
    chunk = "<p>一、加强领导</p><p>二．压实责任</p>".encode()
    data = _notice_with([], chunk)
    from drafter.check import check
    from drafter.pipeline import from_raw

    loaded = from_raw(read_bytes(data, "n.docx"))
    result = check(loaded.document, loaded.outline)
    assert [(f.line, f.code) for f in result.findings] == [(3, "N201")]
    fixed = fix_bytes(data, "n.docx", result.edits)
    assert (fixed.applied, fixed.skipped) == (0, 1)


@pytest.mark.parametrize("chunk, declared", [
    ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'></head>"
     "<body><p>一、总体要求</p></body></html>", "gb2312"),
    ("<?xml version='1.0' encoding='gbk'?><html><body><p>一、总体要求</p></body></html>", "gbk"),
    ("<html><body><p>一、总体要求</p></body></html>", "gb18030"),  # no declaration: not UTF-8, so GB18030
    ("<html><head><meta charset='utf-8'></head><body><p>一、总体要求</p></body></html>", "gbk"),  # declared wrong
    ("<html><body><p>一、总体要求</p></body></html>", "utf-16"),  # with its byte order mark
])
def test_chunk_charsets(chunk, declared):
    data = _notice_with([], chunk.encode(declared))
    assert read_bytes(data, "n.docx").lines == ["关于做好防汛工作的通知", "一、总体要求"]


def test_mht_in_base64_utf8_and_a_text_chunk():
    html = "<html><body><p>一、总体要求</p><p>二、主要任务</p></body></html>".encode()
    mht = (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b1\"\r\n\r\n--b1\r\n"
           b"Content-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           + base64.encodebytes(html) + b"\r\n--b1--\r\n")
    data = _notice_with([], mht, "message/rfc822", "afchunk.mht")
    assert read_bytes(data, "n.docx").lines[1:] == ["一、总体要求", "二、主要任务"]
    text = _notice_with([], "一、总体要求\r\n二、主要任务".encode("gb18030"), "text/plain", "chunk.txt")
    assert read_bytes(text, "n.docx").lines[1:] == ["一、总体要求", "二、主要任务"]


def test_chunks_that_cannot_be_read():
    rtf = _notice_with([], rb"{\rtf1 \ansi text}", "application/rtf", "chunk.rtf")
    assert read_bytes(rtf, "n.docx").lines == ["关于做好防汛工作的通知"]  # RTF is not read
    only_chunk = build_altchunk._docx('<w:altChunk r:id="gone"/>', "a.htm", "text/html", b"<p>x</p>", "other")
    with pytest.raises(DrafterError, match="没有文字内容"):  # the relationship points nowhere
        read_bytes(only_chunk, "n.docx")


@pytest.mark.parametrize("html, lines", [
    ("<p>第一条　为了\r\n规范管理</p>", ["第一条　为了规范管理"]),  # a wrapped line inside Chinese text
    ("<p>Word\nHTML</p>", ["Word HTML"]),
    ("<div>总则<p>第一条</p>第二条</div>", ["总则", "第一条", "第二条"]),
    ("<p><span>&nbsp;</span></p><p>　　正文</p>", ["　　正文"]),  # indentation kept, blank blocks dropped
    ("<p><![if !supportLists]>1.<![endif]>完善机制</p>", ["1.完善机制"]),
    ("<!--[if gte mso 9]><xml><o:Author>x</o:Author></xml><![endif]--><p>正文</p>", ["正文"]),
    ("<pre>一、甲\n二、乙</pre>", ["一、甲", "二、乙"]),
])
def test_html_blocks_become_lines(html, lines):
    parser = BlockText()
    parser.feed(html)
    parser.close()
    assert parser.lines == lines
