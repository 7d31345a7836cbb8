"""The embedded store: one SQLite file (FTS5), for one writer's machine.

Tables: ``documents`` (with the term ids of each unit, packed, so that a document can be removed
from the contentless index exactly), ``sections`` (the outline path, once per heading), ``units``
(paragraphs and headings), ``terms`` (every index word with its document frequency), and
``units_fts``, a contentless FTS5 index without positions (``detail=none``): it holds unit ids
per word and nothing else. The file carries drafter's application id and a schema version, so a
file that is not drafter's corpus is refused untouched.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterable, Iterator

from .ingest import HEADING_TERM, Prepared, style_term
from .model import DrafterError
from .store import CANDIDATES, DISK_FULL, SCHEMA_VERSION, AddResult, Candidate, Store, guarded

APPLICATION_ID = 0x64726674  # "drft"
_HEADER = b"SQLite format 3\x00"
_CHUNK = 500
_REBUILD = "请删除该文件后用 drafter corpus add 重建"

SCHEMA = [
    "PRAGMA encoding = 'UTF-16le'",  # Chinese text takes two bytes a character instead of three
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE documents(id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, hash TEXT NOT NULL, title TEXT,"
    " kind TEXT, date TEXT, chars INTEGER, added TEXT DEFAULT CURRENT_TIMESTAMP, terms BLOB)",
    "CREATE TABLE sections(doc INTEGER NOT NULL, n INTEGER NOT NULL, path TEXT NOT NULL, PRIMARY KEY(doc, n)) WITHOUT ROWID",
    "CREATE TABLE units(id INTEGER PRIMARY KEY, doc INTEGER NOT NULL, line INTEGER, text TEXT, section INTEGER,"
    " heading INTEGER, style TEXT)",
    "CREATE INDEX units_doc ON units(doc)",
    "CREATE TABLE terms(term TEXT PRIMARY KEY, id INTEGER UNIQUE NOT NULL, df INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE VIRTUAL TABLE units_fts USING fts5(tokens, content='', detail=none, columnsize=0, tokenize='ascii')",
    f"INSERT INTO meta VALUES ('schema', '{SCHEMA_VERSION}'), ('paragraphs', '0'), ('headings', '0'), ('unit_chars', '0')",
    f"PRAGMA application_id = {APPLICATION_ID}",
]


def pack(numbers: list[int]) -> bytes:
    """Sorted integers as varints of their differences."""
    out = bytearray()
    previous = 0
    for n in sorted(numbers):
        delta, previous = n - previous, n
        while delta >= 0x80:
            out.append(delta & 0x7F | 0x80)
            delta >>= 7
        out.append(delta)
    return bytes(out)


def _pack_units(lists: list[list[int]]) -> bytes:
    return b"".join(pack([len(ids)]) + pack(ids) for ids in lists)


def _unpack_units(data: bytes) -> list[list[int]]:
    numbers, out, k = _varints(data), [], 0
    while k < len(numbers):
        count = numbers[k]
        deltas = numbers[k + 1:k + 1 + count]
        total, ids = 0, []
        for d in deltas:
            total += d
            ids.append(total)
        out.append(ids)
        k += 1 + count
    return out


def _varints(data: bytes) -> list[int]:
    out, value, shift = [], 0, 0
    for byte in data:
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            out.append(value)
            value = shift = 0
    return out


def _fts(words: Iterable[str]) -> str:
    return " OR ".join('"' + w.replace('"', '""') + '"' for w in words)


class SqliteStore(Store):
    """A corpus in one SQLite file."""

    errors = (sqlite3.Error,)

    def __init__(self, path: str, mode: str = "read"):
        """Open ``path``: ``read`` (read-only), ``write`` (an existing corpus) or ``create``."""
        self.name = self.path = path
        self.conn = self._open(mode)

    # -- opening -------------------------------------------------------------------------------------

    def _open(self, mode: str) -> sqlite3.Connection:
        path = self.path
        if os.path.isdir(path):
            raise DrafterError("这是文件夹，语料库应是一个文件（如 corpora/corpus.sqlite）", path)
        present = os.path.exists(path) and os.path.getsize(path) > 0
        if not present and mode != "create":
            raise DrafterError("语料库不存在，请先运行 drafter corpus add", path)
        if present:
            try:
                with open(path, "rb") as fh:
                    header = fh.read(len(_HEADER))
            except OSError as exc:
                raise DrafterError(f"无法读取语料库（{exc.strerror}）", path) from None
            if header != _HEADER:
                raise DrafterError(f"不是 drafter 的语料库，也不是 SQLite 数据库；若它原是语料库则已损坏，{_REBUILD}", path)
        try:
            conn = self._connect(mode != "read")
            self._identify(conn, mode == "create")
            if mode != "read":
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error as exc:
            raise self.translate(exc) from None
        return conn

    def _connect(self, write: bool) -> sqlite3.Connection:
        if write:
            if os.path.dirname(self.path):
                try:
                    os.makedirs(os.path.dirname(self.path), exist_ok=True)
                except OSError as exc:
                    raise DrafterError(f"无法创建语料库所在的文件夹（{exc.strerror}）", self.path) from None
            return sqlite3.connect(self.path, timeout=60, isolation_level=None)
        uri = "file:" + urllib.parse.quote(os.path.abspath(self.path)) + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=60, isolation_level=None)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # a WAL file in a folder this user cannot write: read it as an unchanging file
            conn.close()
            conn = sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None)
        return conn

    def _identify(self, conn: sqlite3.Connection, create: bool) -> None:
        """Check that the file is drafter's corpus of this schema version; make a new one."""
        conn.execute("BEGIN")  # one consistent look, even while another process creates the file
        try:
            empty = self._empty(conn)
        finally:
            conn.execute("COMMIT")
        if empty and not create:
            raise DrafterError("语料库是空的，请先运行 drafter corpus add", self.path)
        if empty:
            with self._transaction(conn):
                if self._empty(conn):  # not made meanwhile by another writer
                    for statement in SCHEMA:
                        conn.execute(statement)

    def _empty(self, conn: sqlite3.Connection) -> bool:
        """True for an empty database; False for drafter's corpus of this version; else refuse."""
        app = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if app == APPLICATION_ID:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if not row or row[0] != SCHEMA_VERSION:
                version = row[0] if row else "未知"
                raise DrafterError(f"语料库格式版本为 {version}，本程序需要 {SCHEMA_VERSION}；{_REBUILD}", self.path)
            return False
        if {"units_fts", "meta", "units"} <= tables:
            raise DrafterError(f"这是旧版 drafter 的语料库（格式 1），{_REBUILD}", self.path)
        if tables:
            raise DrafterError("不是 drafter 的语料库（是别的程序的 SQLite 数据库），没有作任何改动", self.path)
        return True

    @contextlib.contextmanager
    def _transaction(self, conn: sqlite3.Connection | None = None) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE), retried while another writer
        holds the file; rolled back on any error."""
        conn = conn or self.conn
        for attempt in range(5):
            try:
                conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                if attempt == 4 or ("locked" not in str(exc) and "busy" not in str(exc)):
                    raise
                time.sleep(0.5 * (attempt + 1))
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise

    def translate(self, exc: BaseException) -> DrafterError:
        """One line for a SQLite error."""
        code = getattr(exc, "sqlite_errorcode", None)
        text = str(exc)
        if code == sqlite3.SQLITE_FULL or "full" in text:
            return DrafterError(DISK_FULL, self.path)
        if "locked" in text or "busy" in text:
            return DrafterError("语料库正被另一个程序长时间占用，请稍后再试", self.path)
        if "readonly" in text or "read-only" in text:
            return DrafterError("语料库文件只读，不能写入", self.path)
        if isinstance(exc, sqlite3.OperationalError) and "unable to open" in text:
            return DrafterError("无法打开语料库文件", self.path)
        if isinstance(exc, sqlite3.DatabaseError):
            return DrafterError(f"语料库已损坏（{text}），{_REBUILD}", self.path)
        return DrafterError(f"语料库出错（{text}）", self.path)

    def close(self) -> None:
        """Close the file."""
        self.conn.close()

    # -- writing -------------------------------------------------------------------------------------

    @guarded
    def known(self) -> dict[str, str]:
        """Content hash of every stored document, by path."""
        return dict(self.conn.execute("SELECT path, hash FROM documents"))

    @guarded
    def write(self, batch: list[Prepared], result: AddResult) -> None:
        """One transaction for the batch; a stored path is replaced, an unchanged one kept."""
        with self._transaction() as c:
            words = sorted({t for p in batch for u in p.units for t in u.terms})
            ids = dict(self._lookup("SELECT term, id FROM terms WHERE term IN ({})", words))
            next_term = c.execute("SELECT coalesce(max(id), 0) FROM terms").fetchone()[0] + 1
            for word in words:
                if word not in ids:
                    ids[word], next_term = next_term, next_term + 1
            next_unit = c.execute("SELECT coalesce(max(id), 0) FROM units").fetchone()[0] + 1
            df: Counter[str] = Counter()
            counts: Counter[str] = Counter()
            for p in batch:
                old = c.execute("SELECT id, hash FROM documents WHERE path = ?", (p.path,)).fetchone()
                if old and old[1] == p.hash:
                    result.unchanged += 1
                    continue
                if old:
                    self._delete(old[0])
                    result.replaced += 1
                else:
                    result.added += 1
                unit_ids = [[ids[t] for t in u.terms] for u in p.units]
                doc = c.execute("INSERT INTO documents(path, hash, title, kind, date, chars, terms) VALUES(?,?,?,?,?,?,?)",
                                (p.path, p.hash, p.title, p.kind, p.date, p.chars, _pack_units(unit_ids))).lastrowid
                c.executemany("INSERT INTO sections VALUES(?,?,?)", [(doc, n, s) for n, s in enumerate(p.sections)])
                rows = [(next_unit + k, doc, u.line, u.text, u.section, int(u.heading), u.style) for k, u in enumerate(p.units)]
                c.executemany("INSERT INTO units VALUES(?,?,?,?,?,?,?)", rows)
                c.executemany("INSERT INTO units_fts(rowid, tokens) VALUES(?, ?)",
                              [(next_unit + k, " ".join(u.terms + u.marks())) for k, u in enumerate(p.units)])
                next_unit += len(p.units)
                for u in p.units:
                    df.update(u.terms)
                    counts["headings" if u.heading else "paragraphs"] += 1
                    counts["unit_chars"] += len(u.text)
                result.characters += p.chars
            c.executemany("INSERT INTO terms(term, id, df) VALUES(?,?,?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
                          [(w, ids[w], df[w]) for w in sorted(df)])
            self._count(counts)

    def _count(self, counts: Counter) -> None:
        self.conn.executemany("UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = ?",
                              [(n, key) for key, n in counts.items()])

    def _lookup(self, sql: str, values: list) -> Iterator[tuple]:
        for k in range(0, len(values), _CHUNK):
            part = values[k:k + _CHUNK]
            yield from self.conn.execute(sql.format(",".join("?" * len(part))), part)

    def _delete(self, doc: int) -> None:
        """Remove a document from every table and the index, inside the caller's transaction."""
        c = self.conn
        (blob,) = c.execute("SELECT terms FROM documents WHERE id = ?", (doc,)).fetchone()
        units = c.execute("SELECT id, heading, style, length(text) FROM units WHERE doc = ? ORDER BY id", (doc,)).fetchall()
        lists = _unpack_units(blob or b"")
        needed = sorted({i for ids in lists for i in ids})
        words = dict(self._lookup("SELECT id, term FROM terms WHERE id IN ({})", needed))
        deletes = []
        counts: Counter = Counter()
        for (unit, heading, style, length), ids in zip(units, lists):
            marks = ([HEADING_TERM] if heading else []) + ([style_term(style)] if style else [])
            deletes.append((unit, " ".join([words[i] for i in ids] + marks)))
            counts["headings" if heading else "paragraphs"] -= 1
            counts["unit_chars"] -= length
        c.executemany("INSERT INTO units_fts(units_fts, rowid, tokens) VALUES('delete', ?, ?)", deletes)
        df = Counter(i for ids in lists for i in ids)
        c.executemany("UPDATE terms SET df = df - ? WHERE id = ?", [(n, i) for i, n in sorted(df.items())])
        for part in range(0, len(needed), _CHUNK):
            chunk = needed[part:part + _CHUNK]
            c.execute(f"DELETE FROM terms WHERE df <= 0 AND id IN ({','.join('?' * len(chunk))})", chunk)
        c.execute("DELETE FROM units WHERE doc = ?", (doc,))
        c.execute("DELETE FROM sections WHERE doc = ?", (doc,))
        c.execute("DELETE FROM documents WHERE id = ?", (doc,))
        self._count(counts)

    @guarded
    def remove(self, doc: int) -> None:
        """Remove one document and its index (the file itself is not touched)."""
        with self._transaction() as c:
            if not c.execute("SELECT 1 FROM documents WHERE id = ?", (doc,)).fetchone():
                raise DrafterError(f"语料库中没有编号为 {doc} 的文件")
            self._delete(doc)

    # -- reading -------------------------------------------------------------------------------------

    @guarded
    def documents(self) -> list[tuple]:
        """(id, title, kind, date, chars, path) of every document."""
        return self.conn.execute("SELECT id, title, kind, date, chars, path FROM documents ORDER BY id").fetchall()

    @guarded
    def show(self, doc: int) -> tuple[tuple, list[tuple[int, str]]]:
        """(title, kind, date, chars, path) of a document and its headings as (line, text)."""
        row = self.conn.execute("SELECT title, kind, date, chars, path FROM documents WHERE id = ?", (doc,)).fetchone()
        if not row:
            raise DrafterError(f"语料库中没有编号为 {doc} 的文件")
        headings = self.conn.execute("SELECT line, text FROM units WHERE doc = ? AND heading = 1 ORDER BY line, id",
                                     (doc,)).fetchall()
        return tuple(row), headings

    def _meta(self) -> dict[str, int]:
        return {k: int(v) for k, v in self.conn.execute("SELECT key, value FROM meta WHERE key != 'schema'")}

    @guarded
    def stats(self) -> dict:
        """Counts of documents, characters, paragraphs and headings, and documents by kind."""
        docs, chars = self.conn.execute("SELECT count(*), coalesce(sum(chars), 0) FROM documents").fetchone()
        meta = self._meta()
        kinds = dict(self.conn.execute("SELECT coalesce(nullif(kind, ''), '其他') AS k, count(*) FROM documents "
                                       "GROUP BY k ORDER BY k"))
        return {"documents": docs, "characters": chars, "paragraphs": meta["paragraphs"], "headings": meta["headings"],
                "kinds": kinds}

    @guarded
    def totals(self) -> tuple[int, float]:
        """Number of units and their average length in characters."""
        meta = self._meta()
        units = meta["paragraphs"] + meta["headings"]
        return units, meta["unit_chars"] / units if units else 0.0

    @guarded
    def vocabulary(self, words: Iterable[str]) -> dict[str, int]:
        """Document frequency of each of ``words`` the index holds."""
        found = self.conn.execute("SELECT term, df FROM terms WHERE term IN (SELECT value FROM json_each(?))",
                                  (json.dumps(sorted(set(words)), ensure_ascii=False),))
        return dict(found.fetchall())

    @guarded
    def containing(self, fragment: str, limit: int = 32) -> dict[str, int]:
        """The most frequent index words that contain ``fragment``."""
        return dict(self.conn.execute("SELECT term, df FROM terms WHERE instr(term, ?) > 0 ORDER BY df DESC, term LIMIT ?",
                                      (fragment, limit)))

    @guarded
    def match(self, groups: list[list[str]], heading: bool | None = False, style: str | None = None,
              kind: str | None = None, limit: int = CANDIDATES) -> list[Candidate]:
        """The newest ``limit`` units holding a word of every group (FTS5 walks its lists newest
        first and stops at the limit, so a common word costs no more than a rare one)."""
        expr = " AND ".join(f"({_fts(group)})" for group in groups)
        if heading:
            expr += f' AND "{HEADING_TERM}"'
        if style:
            expr += f' AND "{style_term(style)}"'
        sql = "SELECT u.id, u.doc, u.line, u.text, u.section FROM units_fts f JOIN units u ON u.id = f.rowid"
        args: list = [expr]
        if kind:
            sql += " JOIN documents d ON d.id = u.doc"
        sql += " WHERE units_fts MATCH ?"
        if heading is False:
            sql += " AND u.heading = 0"
        if kind:
            sql += " AND (d.kind = ? OR d.title LIKE ? ESCAPE '\\')"
            args += [kind, "%" + kind.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"]
        sql += " ORDER BY f.rowid DESC LIMIT ?"
        args.append(limit)
        return [Candidate(*row) for row in self.conn.execute(sql, args)]

    @guarded
    def places(self, keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], tuple[str, str]]:
        """(title, outline path) of each (document, section)."""
        out = {}
        for doc, n in keys:
            row = self.conn.execute("SELECT d.title, coalesce(s.path, '') FROM documents d LEFT JOIN sections s "
                                    "ON s.doc = d.id AND s.n = ? WHERE d.id = ?", (n, doc)).fetchone()
            if row:
                out[(doc, n)] = (row[0], row[1])
        return out
