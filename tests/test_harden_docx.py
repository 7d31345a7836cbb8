"""Issue 16, .docx: damaged and hostile packages are refused in one line, within limits, before
anything is inflated; no entity is ever resolved; hidden text and field results are not text
the writer typed; Word's numbering is read whatever values it holds."""

import io
import zipfile

import pytest
from click.testing import CliRunner
from conftest import REPO

from cli import main
from drafter import docx_limits
from drafter.model import DrafterError
from drafter.reader import read_path

NASTY = REPO / "tests" / "nasty"

REFUSED = {
    "xxe.docx": "DTD/实体声明", "billion-laughs.docx": "DTD/实体声明", "internal-dtd.docx": "DTD/实体声明",
    "truncated.docx": "不是有效的 zip", "encrypted-member.docx": "已加密", "deflate64.docx": "不支持的压缩方式",
    "aes.docx": "不支持的压缩方式", "stated-2gb.docx": "解压后过大", "lying-size.docx": "校验和不符",
    "bad-crc.docx": "校验和不符", "bad-deflate.docx": "压缩数据损坏", "duplicate-part.docx": "同名部件",
    "broken-xml.docx": "不是有效的 XML", "no-body.docx": "没有正文", "empty-text.docx": "没有文字内容",
    "altchunk-nested.docx": "嵌套的 Word 正文超过 3 层", "altchunk-deflate64.docx": "不支持的压缩方式",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_package_is_one_line_error_naming_the_file(name):
    with pytest.raises(DrafterError) as err:
        read_path(str(NASTY / name))
    assert REFUSED[name] in err.value.message
    assert err.value.path == str(NASTY / name) and "\n" not in str(err.value)


def test_external_entity_never_reaches_any_output(tmp_path):
    """The XXE package names /etc/passwd: outline, check --fix and format all refuse it, and
    nothing of the file appears anywhere."""
    secret = open("/etc/passwd", encoding="utf-8", errors="replace").readline().split(":")[0]
    runner = CliRunner()
    for args in (["outline", "-f", "json"], ["check", "--fix", "-o", str(tmp_path / "f.docx")],
                 ["format", "-o", str(tmp_path / "g.docx")]):
        result = runner.invoke(main, [args[0], str(NASTY / "xxe.docx"), *args[1:]])
        assert result.exit_code == 2 and "DTD" in result.stderr
        assert secret not in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_real_zip_bomb_is_refused_before_inflating(tmp_path):
    """600 MB of XML packed into 600 KB: refused from the sizes the zip states."""
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1 << 20)
            for _ in range(600):
                part.write(chunk)
    path = tmp_path / "bomb.docx"
    path.write_bytes(bomb.getvalue())
    with pytest.raises(DrafterError, match="解压后过大"):
        read_path(str(path))


def test_too_many_entries(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_limits, "MAX_ENTRIES", 50)
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w") as z:
        for k in range(60):
            z.writestr(f"word/media/{k}.png", b"x")
    with pytest.raises(DrafterError, match="部件过多"):
        read_path(str(path))


def test_high_ratio_large_part(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_limits, "RATIO_FLOOR", 1 << 20)
    path = tmp_path / "ratio.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<a/>" + b" " * (4 << 20))
    with pytest.raises(DrafterError, match="压缩比异常"):
        read_path(str(path))


def test_invalid_numbering_values_are_ignored_not_fatal():
    """Non-numeric, negative and 20-digit ilvl/start/override values, a missing abstract
    numbering, a style cycle: the text is read; only the one valid level draws a label."""
    lines = read_path(str(NASTY / "bad-numbering.docx")).lines
    assert lines == ["讲话", "一、提高认识", "压实责任", "狠抓落实", "强化保障", "加强领导"]
    cycle = read_path(str(NASTY / "style-cycle.docx")).lines
    assert cycle[1:] == ["甲", "一、乙", "丙"]


def test_huge_start_values_and_labels_stay_bounded():
    lines = read_path(str(NASTY / "huge-numbering.docx")).lines
    assert lines[1].endswith("甲") and len(lines[1]) == 65, "a 500-fold %1 label is cut to 64 characters"
    assert lines[2] == "32767.乙", "a Roman numeral beyond 3999 falls back to digits"


def test_hidden_text_is_not_read_and_not_renumbered(tmp_path):
    raw = read_path(str(NASTY / "hidden.docx"))
    assert raw.lines == ["关于做好安全生产工作的讲话", "一、提高认识", "", "", "二、压实责任", "五、显示出来的"]
    out = tmp_path / "fixed.docx"
    result = CliRunner().invoke(main, ["check", str(NASTY / "hidden.docx"), "--fix", "-o", str(out)])
    assert result.exit_code == 0, result.output
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert "三、隐藏的草稿" in xml and "四、样式隐藏的批注" in xml, "hidden text untouched"
    assert read_path(str(out)).lines[5] == "三、显示出来的"


def test_field_results_are_read_but_never_rewritten(tmp_path):
    assert read_path(str(NASTY / "field.docx")).lines[2:] == ["三、压实责任", "五、狠抓落实"]
    out = tmp_path / "fixed.docx"
    result = CliRunner().invoke(main, ["check", str(NASTY / "field.docx"), "--fix", "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "2 处编号无法自动修复" in result.stderr


@pytest.mark.parametrize("name,message", [("header-xxe.docx", "header1.xml 含 DTD"),
                                          ("picture-deflate64.docx", "image1.png 使用了不支持的压缩方式")])
def test_format_reads_every_part_it_carries_within_the_limits(tmp_path, name, message):
    """format also reads headers (to tell what is lost) and pictures (to carry them over): the
    same parser and the same limits apply, and the text alone still reads."""
    assert read_path(str(NASTY / name)).lines[2] == "一、提高认识"
    result = CliRunner().invoke(main, ["format", str(NASTY / name), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []
