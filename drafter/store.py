"""The corpus as a library: one SQLite database (FTS5) per corpus.

Each document is stored with its source path, content hash, title, kind and date; each paragraph
and each heading of its outline is a searchable unit with its outline path (《题目》 › 三、… › （二）…),
indexed by jieba tokens (segmented once, at ingest; queries are segmented the same way). Adding is
done in transactions of a batch of documents, so an interrupted ingest leaves a consistent database,
and SQLite's locking lets two processes add at once.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .model import DrafterError, RawDocument

DEFAULT_PATH = os.path.join("corpora", "corpus.sqlite")
SCHEMA_VERSION = "1"
BATCH = 50
_KINDS = ("讲话", "发言", "致辞", "报告", "意见", "通知", "通报", "决定", "办法", "方案", "规定", "条例", "纪要",
          "请示", "批复", "函", "公告", "通告", "规划", "总结")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_TOKEN = re.compile(r"\w", re.UNICODE)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents(
    id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, hash TEXT NOT NULL, title TEXT, kind TEXT,
    date TEXT, chars INTEGER, added TEXT DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE IF NOT EXISTS units(
    id INTEGER PRIMARY KEY, doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    line INTEGER, text TEXT, path TEXT, heading INTEGER, style TEXT);
CREATE INDEX IF NOT EXISTS units_doc ON units(doc);
CREATE VIRTUAL TABLE IF NOT EXISTS units_fts USING fts5(tokens);
CREATE VIRTUAL TABLE IF NOT EXISTS units_vocab USING fts5vocab(units_fts, 'row');
"""


def corpus_path(path: str | None) -> str:
    """The database to use: ``--corpus``, else ``$DRAFTER_CORPUS``, else corpora/corpus.sqlite."""
    return path or os.environ.get("DRAFTER_CORPUS") or DEFAULT_PATH


def open_corpus(path: str | None, create: bool = False) -> sqlite3.Connection:
    """The corpus a command names (``--corpus``, ``$DRAFTER_CORPUS`` or the default)."""
    return connect(corpus_path(path), create=create)


def connect(path: str, create: bool = True) -> sqlite3.Connection:
    """Open (and if needed create) a corpus database."""
    if not create and not os.path.exists(path):
        raise DrafterError("语料库不存在，请先运行 drafter corpus add", path)
    try:
        if os.path.dirname(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
        conn = sqlite3.connect(path, timeout=60)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.executescript(SCHEMA)
        conn.execute("INSERT OR IGNORE INTO meta VALUES('schema', ?)", (SCHEMA_VERSION,))
        conn.commit()
    except sqlite3.DatabaseError as exc:
        raise DrafterError(f"无法打开语料库（{exc}）", path) from None
    return conn


def tokens(text: str) -> str:
    """jieba's words of ``text`` separated by spaces (what FTS5 indexes and what queries match)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return " ".join(w for w in jieba.lcut(text) if _TOKEN.search(w))


@dataclass
class Prepared:
    """A document read, cleaned, outlined and segmented (done in worker processes)."""

    path: str
    hash: str
    title: str = ""
    kind: str = ""
    date: str = ""
    chars: int = 0
    units: list[tuple] = field(default_factory=list)  # (line, text, path, heading, style, tokens)
    error: str | None = None


def prepare(path: str, raw: RawDocument | None = None) -> Prepared:
    """Everything ingest needs from one file (or from ``raw``, what a reader already got from
    it, stored under the name ``path``); errors are returned, not raised."""
    from .pipeline import from_raw, load

    try:
        loaded = load(path) if raw is None else from_raw(raw)
        digest = hashlib.sha256("\n".join(loaded.raw.lines).encode("utf-8")).hexdigest()
        doc, result = loaded.document, loaded.outline
    except DrafterError as exc:
        return Prepared(path, "", error=str(exc))
    title = result.title.text if result.title else os.path.basename(path)
    kind = next((k for k in _KINDS if title.endswith(k) or k in title[-6:]), "")
    tail = " ".join(p.text for p in doc.paragraphs[-4:]) + title
    date = _DATE.search(tail)
    when = f"{date.group(1)}-{int(date.group(2)):02d}-{int(date.group(3)):02d}" if date else ""
    prepared = Prepared(path, digest, title, kind, when, sum(len(p.text) for p in doc.paragraphs))
    paths = _outline_paths(result, title, [p.line for p in doc.paragraphs])
    own_style = {n.line: n.style for n in result.walk() if not n.inline}
    for p in doc.paragraphs:
        where = paths[p.line]
        prepared.units.append((p.line, p.text, where, 0, own_style.get(p.line, ""), tokens(p.text)))
    for node in result.walk():
        if node.heading:
            text = node.marker + node.heading
            prepared.units.append((node.line, text, paths.get(node.line, f"《{title}》"), 1, node.style, tokens(node.heading)))
    return prepared


def _outline_paths(result, title: str, lines: list[int]) -> dict[int, str]:
    """For each line, the chain of headings it stands under: 《题目》 › 三、突出重点 › （二）…"""
    marks = sorted((n.line, n.level, n.marker + n.heading) for n in result.walk() if not n.inline)
    paths: dict[int, str] = {}
    chain: list[str] = []
    k = 0
    for line in sorted(lines):
        while k < len(marks) and marks[k][0] <= line:
            chain = chain[:marks[k][1] - 1] + [_short(marks[k][2])]
            k += 1
        paths[line] = " › ".join([f"《{title}》", *chain])
    return paths


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass
class AddResult:
    """What an ingest did."""

    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    characters: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)


def add(conn: sqlite3.Connection, paths: list[str], workers: int = 0,
        progress: Callable[[Prepared], None] | None = None) -> AddResult:
    """Clean, outline and index files; unchanged files (same content hash) are skipped.

    Preparation runs in ``workers`` processes (0: one per core, at most two); writes happen in this
    process, one transaction per batch of documents.
    """
    todo = [os.path.abspath(p) for p in paths]
    return add_prepared(conn, _prepared(todo, workers or min(2, os.cpu_count() or 1)), progress)


def add_prepared(conn: sqlite3.Connection, documents: Iterable[Prepared],
                 progress: Callable[[Prepared], None] | None = None) -> AddResult:
    """Store documents already prepared (by :func:`prepare`), one transaction per batch."""
    result = AddResult()
    known = dict(conn.execute("SELECT path, hash FROM documents"))
    batch: list[Prepared] = []
    for prepared in documents:
        if progress:
            progress(prepared)
        if prepared.error:
            result.failures.append((prepared.path, prepared.error))
            continue
        if known.get(prepared.path) == prepared.hash:
            result.unchanged += 1
            continue
        batch.append(prepared)
        if len(batch) >= BATCH:
            _write(conn, batch, known, result)
            batch = []
    if batch:
        _write(conn, batch, known, result)
    return result


def _prepared(paths: list[str], workers: int) -> Iterable[Prepared]:
    if workers <= 1 or len(paths) < 4:
        yield from map(prepare, paths)
        return
    import multiprocessing

    # fork where the platform has it: workers only prepare documents; this process alone writes
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(workers, initializer=_warm) as pool:
        yield from pool.imap(prepare, paths, chunksize=4)


def _warm() -> None:
    tokens("预热")


def _write(conn: sqlite3.Connection, batch: list[Prepared], known: dict, result: AddResult) -> None:
    with conn:  # one transaction: all of the batch or none of it
        for p in batch:
            old = conn.execute("SELECT id FROM documents WHERE path = ?", (p.path,)).fetchone()
            if old:
                _delete(conn, old[0])
                result.replaced += 1
            else:
                result.added += 1
            cur = conn.execute("INSERT INTO documents(path, hash, title, kind, date, chars) VALUES(?,?,?,?,?,?)",
                               (p.path, p.hash, p.title, p.kind, p.date, p.chars))
            doc = cur.lastrowid
            for line, text, where, heading, style, toks in p.units:
                unit = conn.execute("INSERT INTO units(doc, line, text, path, heading, style) VALUES(?,?,?,?,?,?)",
                                    (doc, line, text, where, heading, style)).lastrowid
                conn.execute("INSERT INTO units_fts(rowid, tokens) VALUES(?, ?)", (unit, toks))
            known[p.path] = p.hash
            result.characters += p.chars


def _delete(conn: sqlite3.Connection, doc: int) -> None:
    conn.execute("DELETE FROM units_fts WHERE rowid IN (SELECT id FROM units WHERE doc = ?)", (doc,))
    conn.execute("DELETE FROM units WHERE doc = ?", (doc,))
    conn.execute("DELETE FROM documents WHERE id = ?", (doc,))


def remove(conn: sqlite3.Connection, doc: int) -> None:
    """Remove one document and its index (the file itself is not touched)."""
    with conn:
        if not conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc,)).fetchone():
            raise DrafterError(f"语料库中没有编号为 {doc} 的文件")
        _delete(conn, doc)


def show(conn: sqlite3.Connection, doc: int) -> tuple[tuple, list[tuple[int, str]]]:
    """(title, kind, date, chars, path) of a document and its headings as (line, text)."""
    row = conn.execute("SELECT title, kind, date, chars, path FROM documents WHERE id = ?", (doc,)).fetchone()
    if not row:
        raise DrafterError(f"语料库中没有编号为 {doc} 的文件")
    headings = conn.execute("SELECT line, text FROM units WHERE doc = ? AND heading = 1 ORDER BY line", (doc,)).fetchall()
    return tuple(row), headings


def paragraphs(conn: sqlite3.Connection, doc: int) -> list[tuple[int, str]]:
    """The stored paragraphs of a document as (line, text), in order."""
    return conn.execute("SELECT line, text FROM units WHERE doc = ? AND heading = 0 ORDER BY line", (doc,)).fetchall()


def documents(conn: sqlite3.Connection) -> list[tuple]:
    """(id, title, kind, date, chars, path) of every document."""
    return conn.execute("SELECT id, title, kind, date, chars, path FROM documents ORDER BY id").fetchall()


def stats(conn: sqlite3.Connection) -> dict:
    """Counts of documents, characters, paragraphs and headings."""
    docs, chars = conn.execute("SELECT count(*), coalesce(sum(chars), 0) FROM documents").fetchone()
    paragraphs = conn.execute("SELECT count(*) FROM units WHERE heading = 0").fetchone()[0]
    headings = conn.execute("SELECT count(*) FROM units WHERE heading = 1").fetchone()[0]
    kinds = dict(conn.execute("SELECT coalesce(nullif(kind, ''), '其他'), count(*) FROM documents GROUP BY 1"))
    return {"documents": docs, "characters": chars, "paragraphs": paragraphs, "headings": headings, "kinds": kinds}


# -- search -----------------------------------------------------------------------------------------

@dataclass
class Hit:
    """A search result (the JSON contract's fields)."""

    doc: int
    title: str
    line: int
    path: str
    text: str
    score: float

    def to_dict(self) -> dict:
        """The JSON contract of one search result."""
        return {"doc": self.doc, "title": self.title, "line": self.line, "path": self.path, "text": self.text,
                "score": self.score}


def fts_query(text: str, any_word: bool = False) -> str:
    """An FTS5 query for the jieba words of ``text`` (all of them, or any with ``any_word``)."""
    words = [w for w in dict.fromkeys(tokens(text).split()) if w]
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    return (" OR " if any_word else " ").join(quoted)


def rarest(conn: sqlite3.Connection, words: list[str], k: int) -> list[str]:
    """The ``k`` words of ``words`` found in the fewest units (the most telling ones)."""
    if not words:
        return []
    marks = ",".join("?" * len(words))
    counts = dict(conn.execute(f"SELECT term, doc FROM units_vocab WHERE term IN ({marks})", words))
    present = [w for w in words if w in counts]
    return sorted(present, key=lambda w: counts[w])[:k]


def search(conn: sqlite3.Connection, query: str, heading_only: bool = False, style: str | None = None,
           kind: str | None = None, limit: int = 10) -> list[Hit]:
    """Paragraphs (or headings) matching every word of ``query``, best first (BM25)."""
    match = fts_query(query)
    if not match:
        return []
    sql = ("SELECT u.doc, d.title, u.line, u.path, u.text, bm25(units_fts) AS score "
           "FROM units_fts JOIN units u ON u.id = units_fts.rowid JOIN documents d ON d.id = u.doc "
           "WHERE units_fts MATCH ? AND u.heading = ?")
    args: list = [match, 1 if heading_only else 0]
    if style:
        sql += " AND u.style = ?"
        args.append(style)
    if kind:
        sql += " AND (d.kind = ? OR d.title LIKE ?)"
        args += [kind, f"%{kind}%"]
    sql += " ORDER BY score LIMIT ?"
    args.append(limit)
    return [Hit(doc, title, line, path, text, round(-score, 3))
            for doc, title, line, path, text, score in conn.execute(sql, args)]
