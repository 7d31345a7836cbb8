"""The corpus library, run against both stores (an SQLite file and a real PostgreSQL server):
ingest (re-adding is a no-op, bad files skipped, an interrupted ingest keeps whole batches,
concurrent writers both succeed), search by words and by heading (half words, common words),
document frequencies kept exactly, the originality check, and the store's refusals (a file that
is not drafter's, a damaged one, a bad id, an address that is no file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from conftest import CORPUS, REPO, corpus_files

from cli import main
from drafter import store
from drafter.model import DrafterError
from drafter.numbering import match_start
from drafter.pipeline import load_text
from drafter.similar import similar

SEEDS = sorted(str(p) for p in (REPO / "corpora").glob("*.txt"))
TEXTS = [str(p) for p in corpus_files() if p.suffix == ".txt"]
BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(scope="session")
def pg_admin():
    """The address of a PostgreSQL server to make test databases on (see tests/pgserver.py)."""
    import pgserver

    url = os.environ.get("DRAFTER_TEST_PG")
    if url:
        yield url
        return
    server = pgserver.start()
    if isinstance(server, str):
        pytest.skip(f"no PostgreSQL server for the store tests: {server}")
    yield server.url
    server.stop()


def fresh(backend: str, tmp_path, request) -> str:
    """An empty corpus of ``backend``: a file path, or a new database on the test server."""
    if backend == "sqlite":
        return str(tmp_path / f"corpus-{time.monotonic_ns()}.sqlite")
    import pgserver

    return pgserver.fresh_database(request.getfixturevalue("pg_admin"))


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture
def target(backend, request, tmp_path):
    return fresh(backend, tmp_path, request)


@pytest.fixture(scope="module", params=BACKENDS)
def library(request, tmp_path_factory):
    corpus = fresh(request.param, tmp_path_factory.mktemp("lib"), request)
    st = store.open_store(corpus, create=True)
    result = st.add([str(p) for p in corpus_files()] + SEEDS, workers=2)
    assert result.added == 68 and not result.failures
    yield corpus, st
    st.close()


def run(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """The command line in a new process (as a user runs it)."""
    return subprocess.run([sys.executable, "-c", "from cli import main; main()", *args], cwd=REPO, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=300, **kwargs)


# -- ingest and search ----------------------------------------------------------------------------


def test_everything_is_indexed(library):
    _, st = library
    data = st.stats()
    assert data["documents"] == 68 and data["characters"] > 800_000
    assert data["headings"] > 2000 and data["paragraphs"] > 6000
    assert "在全区党风廉政宣传教育联席会议上的讲话" in [row[1] for row in st.documents()]


def test_search_by_words_with_outline_path(library):
    _, st = library
    hits = st.search("廉政之韵 文化节", limit=5)
    assert hits and all("廉政之韵" in h.text and "文化节" in h.text for h in hits)
    top = hits[0]
    assert top.title == "在全区党风廉政宣传教育联席会议上的讲话"
    assert top.path.startswith("《在全区党风廉政宣传教育联席会议上的讲话》 › ")
    assert hits == sorted(hits, key=lambda h: -h.score)


def test_search_known_passage_lands_in_its_section(library):
    _, st = library
    hits = st.search("搭建好五大平台", limit=3)
    assert hits[0].line == 19
    assert hits[0].path.endswith(" › 三、突出重点,狠抓落实,搭建廉政文化展示平台 › 一是搭建好五大平台")


def test_heading_only_and_style_and_kind(library):
    _, st = library
    headings = st.search("安全生产", heading_only=True, limit=20)
    assert headings and all("安全" in h.text for h in headings)
    styled = st.search("安全生产", heading_only=True, style="一是", limit=20)
    assert styled and all(match_start(h.text).style == "一是" and "安全" in h.text for h in styled)
    speeches = st.search("廉政", kind="讲话", limit=20)
    assert speeches and all("讲话" in h.title for h in speeches)


@pytest.mark.parametrize("query, parts", [("廉政 文化", ["廉政", "文化"]), ("生态 环境保护", ["生态", "环境保护"]),
                                          ("政文", ["政文"]), ("振兴", ["振兴"]), ("乡村振", ["乡村振"])])
def test_half_words_are_found(library, query, parts):
    """A query that cuts a word in half (or is half a word) finds the paragraphs that hold it."""
    _, st = library
    hits = st.search(query, limit=10)
    assert hits, query
    assert all(all(p in h.text for p in parts) for h in hits[:3])


def test_common_words_are_answered(library):
    _, st = library
    common = sorted(st.vocabulary(["的", "发展", "工作", "我们"]).items(), key=lambda kv: -kv[1])
    assert common[0][1] > 3000, "the most common word is in thousands of paragraphs"
    for word, _ in common:
        hits = st.search(word, limit=10)
        assert len(hits) == 10 and all(word in h.text for h in hits)
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_queries_are_cut_by_the_index_vocabulary(library):
    _, st = library
    assert st.query_words("加强廉政文化建设") == ["加强廉政文化建设"]
    parsed = st.parse("加强廉政文化建设")
    assert [g[0] for g in parsed.groups] == ["加强", "廉政文化", "建设"]
    assert st.parse("完全不存在的词语ｘｙｚ").impossible


def test_best_paragraphs_for_drafting(library):
    _, st = library
    hits = st.best_paragraphs(["廉政", "文化", "示范点"], limit=5)
    assert len(hits) == 5 and all(isinstance(h, store.Hit) for h in hits)
    assert all("廉政" in h.text and "文化" in h.text and "示范点" in h.text for h in hits[:2])
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    some = st.best_paragraphs(["示范点", "qqxyzzy"], limit=3)
    assert some and all("示范点" in h.text for h in some), "words the index lacks do not empty the result"


def test_readding_is_a_no_op_and_changes_are_replaced(target, tmp_path):
    with store.open_store(target, create=True) as st:
        assert st.add(SEEDS).added == 2
        again = st.add(SEEDS)
        assert (again.added, again.unchanged, again.replaced) == (0, 2, 0)
        copy = tmp_path / "speech.txt"
        copy.write_text("标题的讲话\n同志们：\n一、甲方面的工作\n二、乙方面的工作\n", encoding="utf-8")
        first = st.add([str(copy)])
        copy.write_text("标题的讲话\n同志们：\n一、丙方面的工作\n", encoding="utf-8")
        second = st.add([str(copy)])
        assert (first.added, second.replaced) == (1, 1)
        assert st.search("丙方面", heading_only=True) and not st.search("乙方面", heading_only=True)


def test_document_frequencies_stay_exact_through_removal(backend, request, tmp_path):
    """Adding X and Y, then removing Y and replacing X, leaves the same counts as adding X alone."""
    both, alone = fresh(backend, tmp_path, request), fresh(backend, tmp_path, request)
    others = [os.path.abspath(p) for p in TEXTS[:3]]
    with store.open_store(both, create=True) as a, store.open_store(alone, create=True) as b:
        a.add(SEEDS + others, workers=1)
        for doc, *_rest, path in a.documents():
            if path in others:
                a.remove(doc)
        b.add(SEEDS, workers=1)
        words = set(a.containing("", limit=10**6)) | set(b.containing("", limit=10**6))
        assert len(words) > 500 and not set(a.vocabulary(words)) ^ set(b.vocabulary(words))
        assert a.vocabulary(words) == b.vocabulary(words)
        assert a.totals() == b.totals() and a.stats() == b.stats()
        assert [h.text for h in a.search("廉政文化")] == [h.text for h in b.search("廉政文化")] != []


def test_bad_file_is_reported_and_skipped(target, tmp_path):
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"garbage")
    result = CliRunner().invoke(main, ["corpus", "add", SEEDS[0], str(bad), "--corpus", target])
    assert result.exit_code == 2
    assert ".docx 文件已损坏" in result.stderr and "新增 1 份" in result.stderr
    with store.open_store(target) as st:
        assert st.stats()["documents"] == 1


@pytest.mark.slow
def test_killed_ingest_leaves_a_usable_store(target):
    code = ("import sys, os\nfrom drafter import store\n"
            "st = store.open_store(sys.argv[1], create=True)\nstore.BATCH = 5\ncount = 0\n"
            "def progress(p):\n    global count\n    count += 1\n    if count == 23: os._exit(9)\n"
            "st.add(sys.argv[2:], workers=1, progress=progress)\n")
    proc = subprocess.run([sys.executable, "-c", code, target, *TEXTS], cwd=REPO, capture_output=True)
    assert proc.returncode == 9, proc.stderr
    with store.open_store(target, create=True) as st:
        docs = st.stats()["documents"]
        assert 0 < docs < len(TEXTS) and docs % 5 == 0, "whole batches only"
        finished = st.add(TEXTS, workers=1)
        assert finished.unchanged == docs and st.stats()["documents"] == len(TEXTS)
    fresh_copy = CliRunner().invoke(main, ["search", "廉政", "--corpus", target, "-f", "json"])
    assert fresh_copy.exit_code == 0 and json.loads(fresh_copy.stdout)["results"]


@pytest.mark.slow
def test_two_writers_adding_the_same_files_both_succeed(target):
    """Two `corpus add` of the same files at once: both succeed, each file once (issue 16)."""
    subset = TEXTS[:24]
    procs = [subprocess.Popen([sys.executable, "-c", "from cli import main; main()", "corpus", "add", *subset,
                               "--corpus", target, "-j", "1"], cwd=REPO, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outcomes = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    assert [code for code, _ in outcomes] == [0, 0], outcomes
    assert all("Traceback" not in err for _, err in outcomes)
    with store.open_store(target) as st:
        assert st.stats()["documents"] == len(subset)
        assert sorted(row[-1] for row in st.documents()) == sorted(map(os.path.abspath, subset))


SEARCHER = """
import sys, time
from drafter import store
target, deadline, words = sys.argv[1], time.time() + float(sys.argv[2]), sys.argv[3:]
answered = 0
while time.time() < deadline:
    try:
        st = store.open_store(target)
    except Exception as exc:
        if "不存在" in str(exc) or "还没有" in str(exc) or "空的" in str(exc):
            time.sleep(0.05)
            continue
        raise
    with st:
        for word in words:
            st.search(word, limit=5)
            answered += 1
print(answered)
"""


@pytest.mark.slow
def test_two_writers_and_four_searchers(target):
    """For a bounded time, two writers add (different files) while four searchers search: nothing
    lost, every search answered, no error anywhere."""
    writers = [subprocess.Popen([sys.executable, "-c", "from cli import main; main()", "corpus", "add", *half,
                                 "--corpus", target, "-j", "1"], cwd=REPO, stderr=subprocess.PIPE, text=True)
               for half in (TEXTS[0::2], TEXTS[1::2])]
    searchers = [subprocess.Popen([sys.executable, "-c", SEARCHER, target, "20", *words], cwd=REPO,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for words in (["廉政", "发展"], ["安全生产", "的"], ["乡村振兴", "政文"], ["工作", "民生 保障"])]
    written = [(w.wait(timeout=240), w.stderr.read()) for w in writers]
    searched = [(s.wait(timeout=120), s.stdout.read(), s.stderr.read()) for s in searchers]
    assert [code for code, _ in written] == [0, 0], written
    assert all(code == 0 and int(out) > 0 for code, out, _ in searched), searched
    with store.open_store(target) as st:
        assert st.stats()["documents"] == len(TEXTS)


# -- originality ----------------------------------------------------------------------------------


def test_similar_finds_a_copied_paragraph_with_small_edits(library):
    _, st = library
    original = (CORPUS / "johncodes404" / "05.txt").read_text(encoding="utf-8").splitlines()
    paragraph = next(line for line in original if len(line) > 200)
    edited = paragraph.replace("我们", "咱们", 1).replace("坚持", "始终坚持", 1).replace("推进", "推动", 1)
    result = similar(st, load_text("关于近期工作的几点想法\n" + edited + "\n", "draft.txt").document)
    assert result.share > 0.8
    copied = [s for s in result.sentences if s.line == 2 and s.matches]
    assert copied and all(s.matches[0].title.startswith("2026年四川省") for s in copied)
    assert max(s.matches[0].similarity for s in copied) >= 0.9


def test_similar_reports_near_zero_on_an_original_text(library):
    _, st = library
    draft = ("今年春天，桐溪县在河口镇试点建设了一座小型污水处理站，日处理能力两百吨。\n"
             "试点期间，镇里组织村民代表每周巡查一次管网，发现问题当天报修。\n"
             "下一步，我们打算把巡查记录搬到手机上，方便村民随手拍照上传。\n")
    assert similar(st, load_text(draft, "draft.txt").document).share < 0.1


@pytest.mark.slow
def test_similar_is_the_same_under_any_hash_seed(library, tmp_path):
    corpus, _ = library
    draft = tmp_path / "draft.txt"
    lines = (CORPUS / "johncodes404" / "05.txt").read_text(encoding="utf-8").splitlines()
    draft.write_text("\n".join(line[: len(line) // 2] + "我们要进一步抓好落实。" for line in lines if len(line) > 40),
                     encoding="utf-8")
    outputs = {run("similar", str(draft), "--corpus", corpus, "-f", "json", env={"PYTHONHASHSEED": seed}).stdout
               for seed in ("0", "1", "2", "3", "4")}
    assert len(outputs) == 1 and json.loads(outputs.pop())["sentences"]


def test_cli_search_and_similar_json(library, tmp_path):
    corpus, _ = library
    result = CliRunner().invoke(main, ["search", "廉政之韵", "--corpus", corpus, "-f", "json", "-n", "3"])
    data = json.loads(result.stdout)
    assert data["query"] == "廉政之韵"
    assert set(data["results"][0]) == {"doc", "title", "line", "path", "text", "score"}
    draft = tmp_path / "d.txt"
    draft.write_text((REPO / "corpora" / "002_7859ca84861aaa05.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(main, ["similar", str(draft), "--corpus", corpus, "-f", "json"])
    data = json.loads(result.stdout)
    assert set(data) == {"source", "share", "sentences"} and data["share"] > 0.9
    sentence = next(s for s in data["sentences"] if s["matches"])
    assert set(sentence) == {"line", "text", "matches"}
    assert set(sentence["matches"][0]) == {"doc", "title", "line", "text", "similarity"}


def test_both_stores_give_the_same_results(request, tmp_path_factory):
    """The same corpus in SQLite and in PostgreSQL: the same results, in the same order."""
    request.getfixturevalue("pg_admin")
    stores = []
    for backend in BACKENDS:
        st = store.open_store(fresh(backend, tmp_path_factory.mktemp(backend), request), create=True)
        st.add(SEEDS + TEXTS[:20], workers=2)
        stores.append(st)
    for query in ["廉政", "发展", "的", "安全生产", "廉政 文化", "政文", "乡村振兴 产业", "人民群众"]:
        results = [[h.to_dict() for h in st.search(query, limit=10)] for st in stores]
        assert results[0] == results[1], query
        assert [h.to_dict() for h in stores[0].search(query, heading_only=True)] == [
            h.to_dict() for h in stores[1].search(query, heading_only=True)]
    draft = load_text((REPO / "corpora" / "002_7859ca84861aaa05.txt").read_text(encoding="utf-8"), "d.txt").document
    assert similar(stores[0], draft).to_dict() == similar(stores[1], draft).to_dict()
    for st in stores:
        st.close()


def test_corpus_list_show_rm(target):
    runner = CliRunner()
    assert runner.invoke(main, ["corpus", "add", *SEEDS, "--corpus", target]).exit_code == 0
    listing = runner.invoke(main, ["corpus", "list", "--corpus", target]).stdout
    assert "2020年在县级机关廉政文化建设现场观摩会上的讲话" in listing
    shown = runner.invoke(main, ["corpus", "show", "1", "--corpus", target]).stdout
    assert "一、明确要求" in shown
    assert runner.invoke(main, ["corpus", "rm", "1", "--corpus", target]).exit_code == 0
    assert "文件 1 份" in runner.invoke(main, ["corpus", "stats", "--corpus", target]).stdout
    assert runner.invoke(main, ["corpus", "rm", "99", "--corpus", target]).exit_code == 2


# -- refusals (issue 16) --------------------------------------------------------------------------


@pytest.mark.parametrize("doc", ["123456789012345678901234567890", "abc", "-1", "0", "1.5", ""])
def test_document_ids_are_checked(target, doc):
    CliRunner().invoke(main, ["corpus", "add", SEEDS[0], "--corpus", target])
    for command in ("show", "rm"):
        result = CliRunner().invoke(main, ["corpus", command, doc, "--corpus", target])
        assert result.exit_code == 2 and "文件编号应是正整数" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_missing_corpus_is_a_clear_error_and_nothing_is_made(target, tmp_path):
    for command in (["search", "廉政"], ["corpus", "stats"], ["corpus", "list"], ["corpus", "show", "1"],
                    ["corpus", "rm", "1"], ["similar", SEEDS[0]]):
        result = CliRunner().invoke(main, [*command, "--corpus", target])
        assert result.exit_code == 2 and ("语料库不存在" in result.stderr or "还没有语料库" in result.stderr)
    if not target.startswith("postgresql"):
        assert not os.path.exists(target)
        return
    import psycopg

    with psycopg.connect(target) as conn:
        assert conn.execute("SELECT to_regclass('drafter_meta')").fetchone()[0] is None, "read-only commands made tables"


@pytest.mark.parametrize("address", ["https://example.org/corpus", "mysql://host/db", "file:///tmp/x.sqlite"])
def test_an_address_is_never_taken_as_a_path(address, tmp_path):
    result = subprocess.run([sys.executable, "-c", "from cli import main; main()", "corpus", "add", SEEDS[0], "--corpus",
                             address], cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 2 and "不支持这种语料库地址" in result.stderr
    assert os.listdir(tmp_path) == []


def test_an_unreachable_server_is_one_line_and_no_local_file(tmp_path):
    result = subprocess.run([sys.executable, "-c", "from cli import main; main()", "search", "廉政", "--corpus",
                             "postgresql://nobody:secret@127.0.0.1:1/corpus"], cwd=tmp_path, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    assert result.returncode == 2 and "无法连接语料库服务器" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "secret" not in result.stderr
    assert os.listdir(tmp_path) == []


def _foreign_sqlite(path) -> bytes:
    import sqlite3

    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, '张三');")
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize("command", [["corpus", "stats"], ["corpus", "list"], ["corpus", "show", "1"], ["corpus", "rm", "1"],
                                     ["search", "廉政"], ["similar", SEEDS[0]], ["corpus", "add", SEEDS[0]]])
def test_a_database_that_is_not_drafters_is_refused_untouched(tmp_path, command):
    db = tmp_path / "other.sqlite"
    before = _foreign_sqlite(db)
    result = CliRunner().invoke(main, [*command, "--corpus", str(db)])
    assert result.exit_code == 2 and "不是 drafter 的语料库" in result.stderr
    assert db.read_bytes() == before and sorted(os.listdir(tmp_path)) == ["other.sqlite"]


def test_an_old_corpus_asks_to_be_rebuilt(tmp_path):
    import sqlite3

    db = tmp_path / "old.sqlite"
    conn = sqlite3.connect(db)
    conn.executescript("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES('schema', '1');"
                       "CREATE TABLE units(id INTEGER PRIMARY KEY); CREATE VIRTUAL TABLE units_fts USING fts5(tokens);")
    conn.close()
    result = CliRunner().invoke(main, ["search", "廉政", "--corpus", str(db)])
    assert result.exit_code == 2 and "旧版" in result.stderr and "重建" in result.stderr


def test_a_damaged_corpus_is_one_line_with_advice_to_rebuild(tmp_path):
    db = tmp_path / "c.sqlite"
    with store.open_store(str(db), create=True) as st:
        st.add(SEEDS)
    data = bytearray(db.read_bytes())
    page = 4096
    for k in range(2 * page, len(data) - page, page * 2):  # wreck every other page after the first two
        data[k:k + page] = os.urandom(page)
    db.write_bytes(bytes(data))
    garbage = tmp_path / "g.sqlite"
    garbage.write_bytes(b"\x00\x01 not a database at all" * 200)
    for corpus in (db, garbage):
        for command in (["search", "廉政"], ["corpus", "stats"], ["corpus", "add", SEEDS[0]]):
            result = run(*command, "--corpus", str(corpus))
            assert result.returncode == 2, (corpus, command, result.stderr)
            assert "重建" in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_foreign_postgres_table_is_refused(request):
    import pgserver
    import psycopg

    url = pgserver.fresh_database(request.getfixturevalue("pg_admin"))
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE drafter_documents(id int)")
    result = CliRunner().invoke(main, ["corpus", "add", SEEDS[0], "--corpus", url])
    assert result.exit_code == 2 and "不是本程序建立的" in result.stderr


def _no_override():
    """Give up root's power to write where permissions forbid it (for the read-only test)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0):  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl")


def test_reading_commands_work_on_a_read_only_corpus(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "c.sqlite"
    with store.open_store(str(db), create=True) as st:
        st.add(SEEDS)
    before = db.read_bytes()
    db.chmod(0o444)
    folder.chmod(0o555)
    extra = {"preexec_fn": _no_override} if os.geteuid() == 0 else {}
    try:
        if extra:
            probe = subprocess.run(["sh", "-c", f"touch {folder}/x"], capture_output=True, **extra)
            if probe.returncode == 0:
                pytest.skip("cannot give up root's write permission here (no CAP_SETPCAP)")
        for command in (["search", "廉政文化"], ["corpus", "stats"], ["corpus", "list"], ["corpus", "show", "1"],
                        ["similar", SEEDS[0]]):
            result = run(*command, "--corpus", str(db), **extra)
            assert result.returncode == 0 and result.stdout, (command, result.stderr)
        added = run("corpus", "add", SEEDS[0], "--corpus", str(db), **extra)
        assert added.returncode == 2 and len(added.stderr.strip().splitlines()) == 1
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)
    assert db.read_bytes() == before and sorted(os.listdir(folder)) == ["c.sqlite"]


def test_disk_full_during_ingest_is_one_line_and_keeps_whole_batches(tmp_path, monkeypatch):
    db = tmp_path / "c.sqlite"
    st = store.open_store(str(db), create=True)
    st.add(SEEDS)
    pages = st.conn.execute("PRAGMA page_count").fetchone()[0]
    st.conn.execute(f"PRAGMA max_page_count = {pages + 300}")  # SQLite then reports SQLITE_FULL, as a full disk does
    monkeypatch.setattr(store, "BATCH", 5)
    with pytest.raises(DrafterError) as caught:
        st.add(TEXTS, workers=1)
    message = str(caught.value)
    assert "磁盘已满" in message and "\n" not in message
    st.close()
    with store.open_store(str(db)) as again:
        docs = again.stats()["documents"]
        assert 2 < docs < 2 + len(TEXTS) and (docs - 2) % 5 == 0
        assert again.search("廉政文化")


def test_search_loads_no_jieba(library):
    corpus, _ = library
    code = ("import sys\nfrom click.testing import CliRunner\nfrom cli import main\n"
            f"r = CliRunner().invoke(main, ['search', '廉政 文化', '--corpus', {corpus!r}])\n"
            "assert r.exit_code == 0 and r.stdout, r.output\nprint([m for m in ('jieba', 'spacy') if m in sys.modules])")
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True).stdout.strip() == "[]"
