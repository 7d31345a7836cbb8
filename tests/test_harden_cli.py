"""Issue 16, the command line: exit statuses that tell the truth, one Chinese line per problem
(click's own usage errors included), no empty results, warnings that name the line."""

import json
import os
import zipfile

import pytest
from click.testing import CliRunner
from conftest import REPO, corpus_files

from cli import main

NASTY = REPO / "tests" / "nasty"
SEED = str(REPO / "corpora" / "000_accd2cf4dd0129da.txt")


def run(*args, **kw):
    return CliRunner().invoke(main, [str(a) for a in args], **kw)


def test_a_fifo_among_readable_files_exits_2_and_the_rest_is_done(tmp_path):
    fifo = tmp_path / "管道.txt"
    os.mkfifo(fifo)
    result = run("outline", SEED, fifo, "-f", "json")
    assert result.exit_code == 2 and f"{fifo}: 不是普通文件" in result.stderr
    assert json.loads(result.stdout)["source"] == SEED


def test_an_unreadable_folder_is_reported_not_skipped(tmp_path, monkeypatch):
    """A sub-folder the process may not list: reported, exit 2. Root may list every folder,
    so as root the operating system's refusal is simulated at os.scandir."""
    folder = tmp_path / "稿件"
    (folder / "私密").mkdir(parents=True)
    (folder / "a.txt").write_text("标题\n一、甲\n", encoding="utf-8")
    (folder / "私密" / "b.txt").write_text("标题\n一、乙\n", encoding="utf-8")
    if os.geteuid() == 0:
        real = os.scandir

        def scandir(path="."):
            if os.fspath(path).endswith("私密"):
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    else:
        (folder / "私密").chmod(0)
    try:
        result = run("check", folder)
    finally:
        (folder / "私密").chmod(0o755)
    assert result.exit_code == 2 and "私密: 无法读取文件夹" in result.stderr
    assert "共 0 处" in result.stdout, "the readable file was still checked"


def test_a_folder_without_documents_is_an_error(tmp_path):
    result = run("outline", tmp_path)
    assert result.exit_code == 2 and "文件夹中没有 .txt、.docx 文件" in result.stderr


@pytest.mark.parametrize("args,message", [
    (["outline"], "错误：缺少参数 'FILES...'"),
    (["outline", SEED, "--nope"], "错误：没有这个选项：'--nope'"),
    (["check", SEED, "-f", "xml"], "的值无效"),
    (["nosuch"], "没有这个命令：'nosuch'"),
    (["phrases", "mine", SEED], "错误：缺少选项 '-o'"),  # export's -o is optional on main (--check-fonts alone)
])
def test_click_usage_errors_are_in_chinese(args, message):
    result = run(*args)
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert "用法：" in result.stderr and "查看帮助" in result.stderr
    assert not any(word in result.stderr for word in ("Usage:", "Error:", "Missing", "No such", "Try '"))


def test_help_headings_are_chinese():
    out = run("outline", "--help").output
    assert out.startswith("用法：") and "\n选项:\n" in out and "显示本帮助并退出。" in out


@pytest.mark.parametrize("name", ["blank.txt", "bom-only.txt"])
def test_blank_files_give_no_empty_docx(tmp_path, name):
    out = tmp_path / "x.docx"
    result = run("export", NASTY / name, "-o", out)
    assert result.exit_code == 2 and "文件是空的" in result.stderr and not out.exists()


def test_only_web_junk_gives_no_empty_docx(tmp_path):
    src = tmp_path / "junk.txt"
    src.write_text("点击查看更多\nhttp://www.example.com/a\n", encoding="utf-8")
    result = run("export", src, "-o", tmp_path / "x.docx")
    assert result.exit_code == 2 and "没有可排版的正文" in result.stderr


def test_control_characters_are_removed_with_a_warning_naming_the_line(tmp_path):
    out = tmp_path / "x.docx"
    result = run("export", NASTY / "controls.txt", "-o", out)
    assert result.exit_code == 0, result.output
    assert f"{NASTY / 'controls.txt'}:2: 删去了 3 个无法写入 .docx 的控制字符" in result.stderr
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert "一、提高认识分页换行[31m转义" in xml


def test_control_characters_never_reach_the_terminal():
    out = run("outline", NASTY / "controls.txt").stdout
    assert "\x1b" not in out and "\\x1b[31m" in out


def test_every_hostile_docx_is_one_line_exit_2_for_every_reading_command(tmp_path):
    names = [p for p in sorted(NASTY.glob("*.docx")) if p.name not in
             ("ok.docx", "bad-numbering.docx", "huge-numbering.docx", "style-cycle.docx", "hidden.docx", "field.docx",
              "header-xxe.docx", "picture-deflate64.docx")]  # their text reads; format refuses them (test_harden_docx)
    for path in names:
        for args in (["outline"], ["check"], ["check", "--fix", "-o", tmp_path / "f.docx"],
                     ["format", "-o", tmp_path / "g.docx"]):
            result = run(args[0], path, *args[1:])
            assert result.exit_code == 2, (path.name, args, result.output)
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith(f"drafter: 错误：{path}: "), (path.name, result.stderr)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_fix_leaves_no_fixable_finding_in_any_corpus_file():
    """check --fix on every file of the shared corpus, in one run: nothing fixable is left."""
    from drafter.check import select
    from drafter.fix import fix_data
    from drafter.reader import read_input

    left = []
    for path in corpus_files():
        _, result = fix_data(read_input(str(path)), str(path), lambda r: select(r, None, None))
        if result.edits:
            left.append((path.name, [(e.line, e.old, e.new) for e in result.edits][:3]))
    assert not left, left


def test_a_file_name_that_is_not_utf8(tmp_path):
    """A name written by another system (bytes that are no UTF-8): read, reported and written
    under its own bytes; JSON and YAML show it with U+FFFD instead of failing."""
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"\xff\xfe\xb0\xa1.txt")
    (folder / name).write_bytes("标题\n一、甲\n三、乙\n".encode())
    out = tmp_path / "out"
    result = run("outline", folder, "-f", "yaml", "-o", out)
    assert result.exit_code == 0, result.output
    assert [os.fsencode(p.name) for p in out.iterdir()] == [b"\xff\xfe\xb0\xa1.yaml"]
    assert "source: " in next(out.iterdir()).read_text(encoding="utf-8")
    result = run("check", folder, "-f", "json")
    assert result.exit_code == 1 and json.loads(result.stdout)["source"].endswith(".txt")


def test_make_demo_ends_by_saying_what_it_made():
    """The demo does not ignore errors with make's "-" (which prints "Error 1 (ignored)"), and
    its last lines name the files in build/ and the next steps."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert not any(line.startswith("\t-") for line in recipe.splitlines())
    tail = recipe.splitlines()[-10:]
    assert any("build/初稿.docx" in line for line in tail) and any("下一步" in line for line in tail)
