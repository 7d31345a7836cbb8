"""--fix round trips: only marker characters change; .txt keeps encoding and line ends; .docx
keeps every run's formatting and every other part of the package byte for byte."""

import json
import zipfile

import docx
from click.testing import CliRunner
from docx.shared import Pt
from helpers import docx_with_word_numbering

from cli import main
from drafter.check import check_path
from drafter.reader import read_path

MESSY = ["关于做好安全生产工作的通知", "各乡镇：", "一、总体要求", "二．工作任务", "(一)排查隐患",
         "（一)整治重点行业", "1、建立台账", "１．限期整改", "四、保障措施", "一是，加强领导。", "二是，强化考核。"]
FIXED = ["关于做好安全生产工作的通知", "各乡镇：", "一、总体要求", "二、工作任务", "（一）排查隐患",
         "（二）整治重点行业", "1.建立台账", "2.限期整改", "三、保障措施", "一是加强领导。", "二是强化考核。"]

FIXABLE = {"N101", "N102", "N103", "N201", "N202", "N203", "N204", "N205", "N206"}


def test_txt_round_trip_keeps_encoding_and_line_ends(tmp_path):
    src = tmp_path / "通知.txt"
    src.write_bytes("\r\n".join(MESSY).encode("gbk") + b"\r\n")
    out = tmp_path / "fixed.txt"
    result = CliRunner().invoke(main, ["check", str(src), "--fix", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "已修复" in result.stderr
    data = out.read_bytes()
    assert data.decode("gbk").split("\r\n")[:-1] == FIXED
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert src.read_bytes() == "\r\n".join(MESSY).encode("gbk") + b"\r\n", "the input is untouched"
    assert not {f.code for f in check_path(str(out)).findings} & FIXABLE


def test_txt_with_bom_keeps_bom(tmp_path):
    src = tmp_path / "bom.txt"
    src.write_bytes(b"\xef\xbb\xbf" + "标题\n一、甲\n三、乙\n".encode())
    out = tmp_path / "out.txt"
    CliRunner().invoke(main, ["check", str(src), "--fix", "-o", str(out)])
    assert out.read_bytes() == b"\xef\xbb\xbf" + "标题\n一、甲\n二、乙\n".encode()


def test_in_place_writes_a_backup_first(tmp_path):
    src = tmp_path / "讲话.txt"
    original = "标题\n一、甲\n二、乙\n二、丙\n".encode()
    src.write_bytes(original)
    result = CliRunner().invoke(main, ["check", str(src), "--fix", "--in-place"])
    assert result.exit_code == 0
    assert (tmp_path / "讲话.txt.bak").read_bytes() == original
    assert src.read_text(encoding="utf-8") == "标题\n一、甲\n二、乙\n三、丙\n"


def _messy_docx(path):
    document = docx.Document()
    for text in MESSY:
        p = document.add_paragraph()
        if text.startswith("(一)"):  # a marker split over runs of different formatting
            for piece, bold in (("(", False), ("一)", True), (text[3:], False)):
                run = p.add_run(piece)
                run.bold = bold
                run.font.name = "楷体"
                run.font.size = Pt(16)
        else:
            run = p.add_run(text)
            run.font.name = "仿宋_GB2312"
            run.font.size = Pt(16)
    document.save(path)
    return path


def _runs(path):
    return [[(r.text, r.bold, r.font.name, r.font.size) for r in p.runs] for p in docx.Document(path).paragraphs]


def test_docx_round_trip_keeps_runs_and_other_parts(tmp_path):
    src = _messy_docx(tmp_path / "通知.docx")
    out = tmp_path / "fixed.docx"
    result = CliRunner().invoke(main, ["check", str(src), "--fix", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert read_path(str(out)).lines == FIXED
    before, after = _runs(src), _runs(out)
    assert [[r[1:] for r in p] for p in before] == [[r[1:] for r in p] for p in after], "formatting kept"
    assert after[4] == [("（", False, "楷体", Pt(16)), ("一）", True, "楷体", Pt(16)), ("排查隐患", False, "楷体", Pt(16))]
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            if name != "word/document.xml":
                assert a.read(name) == b.read(name), name
    assert not {f.code for f in check_path(str(out)).findings} & FIXABLE


def test_word_numbering_labels_are_not_rewritten(tmp_path):
    src = docx_with_word_numbering(tmp_path / "auto.docx", [(0, "总体要求"), (None, "三、工作任务")])
    out = tmp_path / "out.docx"
    CliRunner().invoke(main, ["check", str(src), "--fix", "-o", str(out)])
    assert read_path(str(out)).lines == ["一、总体要求", "二、工作任务"]


def test_check_json_and_exit_statuses(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("标题\n一、甲\n二、乙\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("标题\n一、甲\n三、乙\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    runner = CliRunner()
    assert runner.invoke(main, ["check", str(good)]).exit_code == 0
    result = runner.invoke(main, ["check", str(bad), "-f", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data == {"source": str(bad), "findings": [{"line": 3, "column": 1, "code": "N101", "severity": "error",
                                                      "message": "编号跳号：“三、”之前缺少“二、”", "fix": "二、"}]}
    result = runner.invoke(main, ["check", str(good), str(empty), str(bad), "-f", "json"])
    assert result.exit_code == 2 and "文件是空的" in result.stderr
    assert [d["source"] for d in json.loads(result.stdout)] == [str(good), str(bad)]


def test_text_report_and_summary(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("标题\nXX同志：\n一、甲\n三、乙\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["check", str(bad)]).stdout.splitlines()
    assert out == [f"{bad}:2:1: P001 文中留有占位符“XX”，请替换为实际内容",
                   f"{bad}:4:1: N101 编号跳号：“三、”之前缺少“二、”", "共 2 处：错误 2，警告 0"]


def test_select_and_ignore(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("标题\nXX同志：\n一、甲\n三、乙\n", encoding="utf-8")
    runner = CliRunner()
    only = runner.invoke(main, ["check", str(bad), "--select", "N1", "-f", "json"])
    assert [f["code"] for f in json.loads(only.stdout)["findings"]] == ["N101"]
    rest = runner.invoke(main, ["check", str(bad), "--ignore", "n101", "-f", "json"])
    assert [f["code"] for f in json.loads(rest.stdout)["findings"]] == ["P001"]


def test_fix_needs_an_output_and_never_clobbers_the_input(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("标题\n一、甲\n三、乙\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["check", str(src), "--fix"])
    assert result.exit_code == 2 and "--in-place" in result.stderr
    result = runner.invoke(main, ["check", str(src), "--fix", "-o", str(src)])
    assert result.exit_code == 2 and "拒绝覆盖" in result.stderr
    assert src.read_text(encoding="utf-8") == "标题\n一、甲\n三、乙\n"


def test_list_rules():
    out = CliRunner().invoke(main, ["check", "--list-rules"]).stdout
    assert "N101  错误，可自动修复  跳号" in out and "P002  警告" in out
