"""The command line: formats, several inputs, bad inputs, outputs that never clobber inputs."""

import json
import os
import subprocess
import sys

import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO

from cli import main

SEED0 = str(REPO / "corpora" / "000_accd2cf4dd0129da.txt")
SEED2 = str(REPO / "corpora" / "002_7859ca84861aaa05.txt")


def run(*args, **kw):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, **kw)


def test_version_and_chinese_help():
    assert run("--version").output.startswith("drafter 0.")
    out = run("--help").output
    assert "讲话稿" in out and "outline" in out
    assert "提取讲话稿或公文的提纲" in run("outline", "--help").output


def test_json_contract():
    result = run("outline", SEED2, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert list(data)[:6] == ["source", "title", "salutation", "transition", "closing", "nodes"]
    assert data["title"] == "在全区党风廉政宣传教育联席会议上的讲话"
    assert data["salutation"] == "同志们："
    node = data["nodes"][0]
    assert {"level", "style", "number", "marker", "heading", "line", "inline", "children"} <= set(node)
    assert (node["level"], node["style"], node["number"], node["marker"], node["line"], node["inline"]) == (
        1, "一、", 1, "一、", 5, False)
    nested = data["nodes"][2]["children"][1]["children"]
    assert [(n["marker"], n["inline"], n["level"]) for n in nested] == [("一是", True, 3), ("二是", True, 3), ("三是", True, 3)]


def test_text_tree_shows_lines_and_indentation():
    out = run("outline", SEED0).output
    assert "     6  一、明确要求" in out
    assert "     8    一是各级领导高度重视" in out
    assert "[结尾] 谢谢大家!" in out


def test_yaml_and_markdown():
    data = yaml.safe_load(run("outline", SEED0, "-f", "yaml").output)
    assert data["schema"] == "drafter-outline/1" and len(data["nodes"]) == 6
    md = run("outline", SEED0, "-f", "markdown").output
    assert md.startswith("# 2020年在县级机关廉政文化建设现场观摩会上的讲话")
    assert "## 一、明确要求" in md and "- 一是各级领导高度重视" in md


def test_several_files_with_a_bad_one(tmp_path):
    bad = tmp_path / "坏文件.txt"
    bad.write_bytes(b"")
    result = CliRunner().invoke(main, ["outline", SEED0, str(bad), SEED2, "-f", "json"])
    assert result.exit_code == 2
    assert f"{bad}: 文件是空的" in result.stderr
    data = json.loads(result.stdout)
    assert [d["source"] for d in data] == [SEED0, SEED2]
    assert "Traceback" not in result.output


def test_missing_file_exit_status_2():
    result = CliRunner().invoke(main, ["outline", "没有这个文件.txt"])
    assert result.exit_code == 2
    assert "没有这个文件.txt: 文件不存在" in result.stderr


def test_folder_to_output_folder(tmp_path):
    out = tmp_path / "out"
    result = run("outline", str(REPO / "corpora"), "-f", "json", "-o", str(out))
    assert result.exit_code == 0
    names = sorted(os.listdir(out))
    assert names == ["000_accd2cf4dd0129da.json", "002_7859ca84861aaa05.json"]
    assert json.loads((out / names[0]).read_text(encoding="utf-8"))["nodes"]


def test_output_never_overwrites_the_input(tmp_path):
    src = tmp_path / "speech.txt"
    src.write_text("标题\n一、甲\n二、乙\n", encoding="utf-8")
    before = src.read_bytes()
    result = CliRunner().invoke(main, ["outline", str(src), "-o", str(src)])
    assert result.exit_code == 2
    assert "拒绝覆盖" in result.stderr
    assert src.read_bytes() == before


def test_standard_input():
    result = CliRunner().invoke(main, ["outline", "-", "-f", "json"], input="标题\n一、甲\n二、乙\n".encode("gbk"))
    assert result.exit_code == 0
    assert [n["marker"] for n in json.loads(result.stdout)["nodes"]] == ["一、", "二、"]


def test_outlines_folder_matches_the_documented_command(tmp_path):
    """outlines/ is produced by `drafter outline corpora/ --format yaml -o outlines/`."""
    out = tmp_path / "outlines"
    result = CliRunner().invoke(main, ["outline", "corpora/", "--format", "yaml", "-o", str(out)],
                                catch_exceptions=False) if os.getcwd() == str(REPO) else None
    if result is None:
        cwd = os.getcwd()
        os.chdir(REPO)
        try:
            result = run("outline", "corpora/", "--format", "yaml", "-o", str(out))
        finally:
            os.chdir(cwd)
    assert result.exit_code == 0
    shipped = sorted(p.name for p in (REPO / "outlines").glob("*.yaml"))
    assert shipped == sorted(os.listdir(out))
    for name in shipped:
        assert (REPO / "outlines" / name).read_text(encoding="utf-8") == (out / name).read_text(encoding="utf-8"), (
            f"outlines/{name} is stale: run `make outlines`")


@pytest.mark.parametrize("command", ["outline", "check"])
def test_txt_commands_import_no_nlp_and_no_docx(command):
    """Commands that need no NLP must not pay for spaCy/jieba (or python-docx, PyYAML)."""
    code = ("import sys; from cli import main\n"
            "try:\n    main([sys.argv[2], sys.argv[1], '--format', 'json'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('jieba', 'spacy', 'docx', 'lxml', 'yaml') if m in sys.modules]\n"
            "print('HEAVY', heavy, file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, SEED0, command], cwd=REPO, capture_output=True, text=True)
    assert "HEAVY []" in proc.stderr, proc.stderr



def test_outputs_get_ordinary_permissions(tmp_path):
    out = tmp_path / "outline.json"
    run("outline", SEED0, "-f", "json", "-o", str(out))
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
    out.chmod(0o640)
    run("outline", SEED0, "-f", "json", "-o", str(out))
    assert out.stat().st_mode & 0o777 == 0o640, "an existing file keeps its mode"
