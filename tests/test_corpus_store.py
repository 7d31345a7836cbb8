"""The corpus library: ingest (re-adding is a no-op, bad files skipped, interrupted ingest leaves a
usable database), search by words and by heading, and the originality check."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import CORPUS, REPO, corpus_files

from cli import main
from drafter import store
from drafter.clean import clean
from drafter.model import RawDocument
from drafter.numbering import match_start
from drafter.reader import split_lines
from drafter.similar import similar

SEEDS = sorted(str(p) for p in (REPO / "corpora").glob("*.txt"))


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    path = tmp_path_factory.mktemp("lib") / "corpus.sqlite"
    conn = store.connect(str(path))
    result = store.add(conn, [str(p) for p in corpus_files()] + SEEDS, workers=2)
    assert result.added == 68 and not result.failures
    return path, conn


def test_everything_is_indexed(library):
    _, conn = library
    data = store.stats(conn)
    assert data["documents"] == 68 and data["characters"] > 800_000
    assert data["headings"] > 2000 and data["paragraphs"] > 6000
    titles = [row[1] for row in store.documents(conn)]
    assert "在全区党风廉政宣传教育联席会议上的讲话" in titles


def test_search_by_words_with_outline_path(library):
    _, conn = library
    hits = store.search(conn, "廉政之韵 文化节", limit=5)
    assert hits and all("廉政之韵" in h.text and "文化节" in h.text for h in hits)
    top = hits[0]
    assert top.title == "在全区党风廉政宣传教育联席会议上的讲话"
    assert top.path.startswith("《在全区党风廉政宣传教育联席会议上的讲话》 › ")
    assert hits == sorted(hits, key=lambda h: -h.score)


def test_search_known_passage_lands_in_its_section(library):
    _, conn = library
    hits = store.search(conn, "搭建好五大平台", limit=3)
    assert hits[0].line == 19
    assert hits[0].path.endswith(" › 三、突出重点,狠抓落实,搭建廉政文化展示平台 › 一是搭建好五大平台")


def test_heading_only_and_style_and_kind(library):
    _, conn = library
    headings = store.search(conn, "安全生产", heading_only=True, limit=20)
    assert headings and all("安全" in h.text for h in headings)
    styled = store.search(conn, "安全生产", heading_only=True, style="一是", limit=20)
    assert styled and all(match_start(h.text).style == "一是" and "安全" in h.text for h in styled)
    speeches = store.search(conn, "廉政", kind="讲话", limit=20)
    assert speeches and all("讲话" in h.title for h in speeches)


def test_readding_is_a_no_op_and_changes_are_replaced(library, tmp_path):
    _path, conn = library
    again = store.add(conn, SEEDS)
    assert (again.added, again.unchanged, again.replaced) == (0, 2, 0)
    copy = tmp_path / "speech.txt"
    copy.write_text("标题的讲话\n同志们：\n一、甲方面的工作\n二、乙方面的工作\n", encoding="utf-8")
    first = store.add(conn, [str(copy)])
    copy.write_text("标题的讲话\n同志们：\n一、丙方面的工作\n", encoding="utf-8")
    second = store.add(conn, [str(copy)])
    assert (first.added, second.replaced) == (1, 1)
    assert store.search(conn, "丙方面", heading_only=True) and not store.search(conn, "乙方面", heading_only=True)


def test_bad_file_is_reported_and_skipped(tmp_path):
    db = tmp_path / "c.sqlite"
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"garbage")
    result = CliRunner().invoke(main, ["corpus", "add", SEEDS[0], str(bad), "--corpus", str(db)])
    assert result.exit_code == 2
    assert ".docx 文件已损坏" in result.stderr and "新增 1 份" in result.stderr
    assert store.stats(store.connect(str(db)))["documents"] == 1


@pytest.mark.slow
def test_killed_ingest_leaves_a_usable_database(tmp_path):
    db = tmp_path / "c.sqlite"
    files = [str(p) for p in corpus_files() if p.suffix == ".txt"]
    code = ("import sys, os\nfrom drafter import store\n"
            "conn = store.connect(sys.argv[1])\nstore.BATCH = 5\ncount = 0\n"
            "def progress(p):\n    global count\n    count += 1\n    if count == 23: os._exit(9)\n"
            "store.add(conn, sys.argv[2:], workers=1, progress=progress)\n")
    proc = subprocess.run([sys.executable, "-c", code, str(db), *files], cwd=REPO, capture_output=True)
    assert proc.returncode == 9, proc.stderr
    conn = store.connect(str(db))
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    docs = store.stats(conn)["documents"]
    assert 0 < docs < len(files) and docs % 5 == 0, "whole batches only"
    orphans = conn.execute("SELECT count(*) FROM units WHERE doc NOT IN (SELECT id FROM documents)").fetchone()[0]
    assert orphans == 0
    finished = store.add(conn, files, workers=1)
    assert finished.unchanged == docs and store.stats(conn)["documents"] == len(files)


@pytest.mark.slow
def test_two_processes_adding_at_once(tmp_path):
    db = tmp_path / "c.sqlite"
    files = [str(p) for p in corpus_files() if p.suffix == ".txt"]
    code = "import sys\nfrom drafter import store\nstore.add(store.connect(sys.argv[1]), sys.argv[2:], workers=1)\n"
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db), *half], cwd=REPO)
             for half in (files[::2], files[1::2])]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    conn = store.connect(str(db))
    assert store.stats(conn)["documents"] == len(files)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _doc(text):
    return clean(RawDocument("draft.txt", split_lines(text)))


def test_similar_finds_a_copied_paragraph_with_small_edits(library):
    _, conn = library
    original = (CORPUS / "johncodes404" / "05.txt").read_text(encoding="utf-8").splitlines()
    paragraph = next(line for line in original if len(line) > 200)
    edited = paragraph.replace("我们", "咱们", 1).replace("坚持", "始终坚持", 1).replace("推进", "推动", 1)
    draft = "关于近期工作的几点想法\n" + edited + "\n"
    result = similar(conn, _doc(draft))
    assert result.share > 0.8
    copied = [s for s in result.sentences if s.line == 2 and s.matches]
    assert copied and all(s.matches[0].title.startswith("2026年四川省") for s in copied)
    assert max(s.matches[0].similarity for s in copied) >= 0.9


def test_similar_reports_near_zero_on_an_original_text(library):
    _, conn = library
    draft = ("今年春天，桐溪县在河口镇试点建设了一座小型污水处理站，日处理能力两百吨。\n"
             "试点期间，镇里组织村民代表每周巡查一次管网，发现问题当天报修。\n"
             "下一步，我们打算把巡查记录搬到手机上，方便村民随手拍照上传。\n")
    result = similar(conn, _doc(draft))
    assert result.share < 0.1


def test_cli_search_and_similar_json(library, tmp_path):
    path, _ = library
    result = CliRunner().invoke(main, ["search", "廉政之韵", "--corpus", str(path), "-f", "json", "-n", "3"])
    data = json.loads(result.stdout)
    assert data["query"] == "廉政之韵"
    assert set(data["results"][0]) == {"doc", "title", "line", "path", "text", "score"}
    draft = tmp_path / "d.txt"
    draft.write_text((REPO / "corpora" / "002_7859ca84861aaa05.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(main, ["similar", str(draft), "--corpus", str(path), "-f", "json"])
    data = json.loads(result.stdout)
    assert set(data) == {"source", "share", "sentences"} and data["share"] > 0.9
    sentence = next(s for s in data["sentences"] if s["matches"])
    assert set(sentence) == {"line", "text", "matches"}
    assert set(sentence["matches"][0]) == {"doc", "title", "line", "text", "similarity"}


def test_missing_corpus_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["search", "廉政", "--corpus", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 2 and "语料库不存在" in result.stderr


def test_corpus_list_show_rm(library, tmp_path):
    db = tmp_path / "c.sqlite"
    runner = CliRunner()
    runner.invoke(main, ["corpus", "add", *SEEDS, "--corpus", str(db)])
    listing = runner.invoke(main, ["corpus", "list", "--corpus", str(db)]).stdout
    assert "2020年在县级机关廉政文化建设现场观摩会上的讲话" in listing
    shown = runner.invoke(main, ["corpus", "show", "1", "--corpus", str(db)]).stdout
    assert "一、明确要求" in shown
    assert runner.invoke(main, ["corpus", "rm", "1", "--corpus", str(db)]).exit_code == 0
    assert "文件 1 份" in runner.invoke(main, ["corpus", "stats", "--corpus", str(db)]).stdout
    assert runner.invoke(main, ["corpus", "rm", "99", "--corpus", str(db)]).exit_code == 2
