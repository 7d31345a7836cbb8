"""The shared store: a PostgreSQL server for an office (``--corpus postgresql://…``).

The same tables as the SQLite file, named ``drafter_*`` (so a database, or each schema of one, can
hold a corpus beside other data). Each unit keeps its index terms as a ``tsvector`` built from the
stored jieba words (lexemes taken as they are, like the ``simple`` configuration without its
parser, so the server's locale never changes a word), with a GIN index; ``pg_trgm`` indexes the
vocabulary, so that half a word is found inside the index's words. Writers take one transaction
per batch under an advisory lock (two ``corpus add`` at once both succeed, and a killed one leaves
nothing half-written); readers never wait for them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from .ingest import HEADING_TERM, Prepared, style_term
from .model import DrafterError
from .store import CANDIDATES, DISK_FULL, SCHEMA_VERSION, AddResult, Candidate, Store, guarded

LOCK = 0x64726674  # the advisory lock writers take ("drft")

SCHEMA = [
    "CREATE TABLE drafter_meta(key text PRIMARY KEY, value text NOT NULL)",
    "CREATE TABLE drafter_documents(id bigserial PRIMARY KEY, path text UNIQUE NOT NULL, hash text NOT NULL, title text,"
    " kind text, date text, chars integer, added timestamptz DEFAULT now())",
    "CREATE TABLE drafter_sections(doc bigint NOT NULL REFERENCES drafter_documents(id) ON DELETE CASCADE,"
    " n integer NOT NULL, path text NOT NULL, PRIMARY KEY(doc, n))",
    "CREATE TABLE drafter_units(id bigserial PRIMARY KEY, doc bigint NOT NULL REFERENCES drafter_documents(id)"
    " ON DELETE CASCADE, line integer, text text, section integer, heading boolean, style text, tsv tsvector NOT NULL)",
    "CREATE INDEX drafter_units_doc ON drafter_units(doc)",
    "CREATE INDEX drafter_units_tsv ON drafter_units USING gin(tsv)",
    "ALTER TABLE drafter_units ALTER COLUMN tsv SET STATISTICS 1000",
    "CREATE TABLE drafter_terms(term text PRIMARY KEY, df bigint NOT NULL)",
    "CREATE INDEX drafter_terms_trgm ON drafter_terms USING gin(term {trgm}.gin_trgm_ops)",
    f"INSERT INTO drafter_meta VALUES ('schema', '{SCHEMA_VERSION}'), ('paragraphs', '0'), ('headings', '0'),"
    " ('unit_chars', '0')",
]


def display(url: str) -> str:
    """The server address for messages: user, host, port and database, never the password."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        info = conninfo_to_dict(url)
    except Exception:
        return "postgresql://…"
    user = f"{info['user']}@" if info.get("user") else ""
    port = f":{info['port']}" if info.get("port") else ""
    return f"postgresql://{user}{info.get('host', '')}{port}/{info.get('dbname', '')}"


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class PostgresStore(Store):
    """A corpus on a PostgreSQL server."""

    def __init__(self, url: str, mode: str = "read"):
        """Connect: ``read`` (read-only transactions), ``write`` (an existing corpus) or ``create``."""
        try:
            import psycopg
        except ImportError:
            raise DrafterError("连接 PostgreSQL 需要 psycopg：pip install 'psycopg[binary]'") from None
        self.psycopg = psycopg
        self.errors = (psycopg.Error,)
        self.name = display(url)
        try:
            self.conn: Any = psycopg.connect(url, autocommit=True, connect_timeout=10, application_name="drafter",
                                             prepare_threshold=None)  # plans made for the actual words, every time
        except psycopg.Error as exc:
            raise DrafterError(f"无法连接语料库服务器（{_first_line(exc)}）", self.name) from None
        try:
            if mode == "read":
                self.conn.execute("SET default_transaction_read_only = on")
            self._identify(mode == "create")
        except psycopg.Error as exc:
            self.conn.close()
            raise self.translate(exc) from None
        except DrafterError:
            self.conn.close()
            raise

    def _identify(self, create: bool) -> None:
        """Check that the database holds drafter's corpus of this version; make a new one."""
        def tables() -> set[str]:
            # one look at pg_class itself (not the session's cache): another writer may have made
            # the tables a moment ago
            return {row[0] for row in self.conn.execute(
                "SELECT relname FROM pg_class WHERE relname IN ('drafter_meta', 'drafter_documents', 'drafter_units')"
                " AND relkind IN ('r', 'p') AND pg_table_is_visible(oid)")}

        found = tables()
        if "drafter_meta" not in found:
            if found:
                raise DrafterError("数据库中的 drafter_* 表不是本程序建立的，没有作任何改动", self.name)
            if not create:
                raise DrafterError("服务器上还没有语料库，请先运行 drafter corpus add", self.name)
            with self.conn.transaction():
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
                if not tables():  # not made meanwhile by another writer
                    self.conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                    # the extension may live in another schema (one corpus per schema): name it
                    trgm = self.conn.execute("SELECT quote_ident(n.nspname) FROM pg_extension e JOIN pg_namespace n "
                                             "ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'").fetchone()[0]
                    for statement in SCHEMA:
                        self.conn.execute(statement.replace("{trgm}", trgm))
        row = self.conn.execute("SELECT value FROM drafter_meta WHERE key = 'schema'").fetchone()
        if not row or row[0] != SCHEMA_VERSION:
            raise DrafterError(f"服务器上的语料库格式版本为 {row[0] if row else '未知'}，本程序需要 {SCHEMA_VERSION}", self.name)

    def translate(self, exc: BaseException) -> DrafterError:
        """One line for a server error."""
        errors = self.psycopg.errors
        if isinstance(exc, errors.DiskFull):
            return DrafterError("服务器" + DISK_FULL, self.name)
        if isinstance(exc, errors.ReadOnlySqlTransaction):
            return DrafterError("这台服务器只读（可能是只读副本），加入或删除文件请连接主服务器", self.name)
        if isinstance(exc, errors.InsufficientPrivilege):
            return DrafterError(f"没有权限（{_first_line(exc)}）", self.name)
        if isinstance(exc, errors.UndefinedFile | errors.FeatureNotSupported) or "pg_trgm" in str(exc):
            return DrafterError(f"服务器缺少 pg_trgm 扩展（postgresql-contrib）：{_first_line(exc)}", self.name)
        if isinstance(exc, self.psycopg.OperationalError):
            return DrafterError(f"与语料库服务器的连接出错（{_first_line(exc)}）", self.name)
        return DrafterError(f"语料库服务器出错（{_first_line(exc)}）", self.name)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    # -- writing -------------------------------------------------------------------------------------

    @guarded
    def known(self) -> dict[str, str]:
        """Content hash of every stored document, by path."""
        return dict(self.conn.execute("SELECT path, hash FROM drafter_documents").fetchall())

    @guarded
    def write(self, batch: list[Prepared], result: AddResult) -> None:
        """One transaction for the batch, writers one at a time (advisory lock)."""
        counts: Counter = Counter()
        with self.conn.transaction():
            cur = self.conn.cursor()
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
            docs = []
            for p in batch:
                old = cur.execute("SELECT id, hash FROM drafter_documents WHERE path = %s", (p.path,)).fetchone()
                if old and old[1] == p.hash:
                    result.unchanged += 1
                    continue
                if old:
                    self._delete(cur, old[0])
                    result.replaced += 1
                else:
                    result.added += 1
                doc = cur.execute("INSERT INTO drafter_documents(path, hash, title, kind, date, chars) VALUES (%s,%s,%s,%s,%s,%s)"
                                  " RETURNING id", (p.path, p.hash, p.title, p.kind, p.date, p.chars)).fetchone()[0]
                docs.append((doc, p))
                result.characters += p.chars
            df: Counter[str] = Counter()
            with cur.copy("COPY drafter_sections(doc, n, path) FROM STDIN") as copy:
                for doc, p in docs:
                    for n, section in enumerate(p.sections):
                        copy.write_row((doc, n, section))
            with cur.copy("COPY drafter_units(doc, line, text, section, heading, style, tsv) FROM STDIN") as copy:
                for doc, p in docs:
                    for u in p.units:
                        copy.write_row((doc, u.line, u.text, u.section, u.heading, u.style,
                                        " ".join(map(_lexeme, u.terms + u.marks()))))
                        df.update(u.terms)
                        counts["headings" if u.heading else "paragraphs"] += 1
                        counts["unit_chars"] += len(u.text)
            words = sorted(df)
            cur.execute("INSERT INTO drafter_terms(term, df) SELECT * FROM unnest(%s::text[], %s::bigint[])"
                        " ON CONFLICT (term) DO UPDATE SET df = drafter_terms.df + EXCLUDED.df", (words, [df[w] for w in words]))
            self._count(cur, counts)
        written = counts["headings"] + counts["paragraphs"]
        if written:
            # new units wait in the GIN index's pending list, which every search reads through:
            # merge it now rather than at the next autovacuum
            self.conn.execute("SELECT gin_clean_pending_list('drafter_units_tsv'::regclass)")
            if written * 10 > self.totals()[0]:  # grew by a tenth: fresh planner statistics
                self.conn.execute("ANALYZE drafter_units")
                self.conn.execute("ANALYZE drafter_terms")

    def _count(self, cur: Any, counts: Counter) -> None:
        for key, n in sorted(counts.items()):
            cur.execute("UPDATE drafter_meta SET value = (value::bigint + %s)::text WHERE key = %s", (n, key))

    def _delete(self, cur: Any, doc: int) -> None:
        """Remove a document (its units and sections go with it) and its word counts."""
        df: Counter[str] = Counter()
        for (words,) in cur.execute("SELECT tsvector_to_array(tsv) FROM drafter_units WHERE doc = %s", (doc,)):
            df.update(w for w in words if not w.startswith("⁂"))
        words = sorted(df)
        gone = cur.execute("UPDATE drafter_terms t SET df = t.df - c.n FROM unnest(%s::text[], %s::bigint[]) AS c(term, n)"
                           " WHERE t.term = c.term RETURNING t.term, t.df", (words, [df[w] for w in words])).fetchall()
        cur.execute("DELETE FROM drafter_terms t USING unnest(%s::text[]) AS g(term) WHERE t.term = g.term AND t.df <= 0",
                    (sorted(w for w, n in gone if n <= 0),))
        heads, paras, chars = cur.execute("SELECT count(*) FILTER (WHERE heading), count(*) FILTER (WHERE NOT heading),"
                                          " coalesce(sum(length(text)), 0) FROM drafter_units WHERE doc = %s",
                                          (doc,)).fetchone()
        cur.execute("DELETE FROM drafter_documents WHERE id = %s", (doc,))
        self._count(cur, Counter(headings=-heads, paragraphs=-paras, unit_chars=-chars))

    @guarded
    def remove(self, doc: int) -> None:
        """Remove one document and its index (the file itself is not touched)."""
        with self.conn.transaction():
            cur = self.conn.cursor()
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
            if not cur.execute("SELECT 1 FROM drafter_documents WHERE id = %s", (doc,)).fetchone():
                raise DrafterError(f"语料库中没有编号为 {doc} 的文件")
            self._delete(cur, doc)

    # -- reading -------------------------------------------------------------------------------------

    @guarded
    def documents(self) -> list[tuple]:
        """(id, title, kind, date, chars, path) of every document."""
        return self.conn.execute("SELECT id, title, kind, date, chars, path FROM drafter_documents ORDER BY id").fetchall()

    @guarded
    def show(self, doc: int) -> tuple[tuple, list[tuple[int, str]]]:
        """(title, kind, date, chars, path) of a document and its headings as (line, text)."""
        row = self.conn.execute("SELECT title, kind, date, chars, path FROM drafter_documents WHERE id = %s", (doc,)).fetchone()
        if not row:
            raise DrafterError(f"语料库中没有编号为 {doc} 的文件")
        headings = self.conn.execute("SELECT line, text FROM drafter_units WHERE doc = %s AND heading ORDER BY line, id",
                                     (doc,)).fetchall()
        return tuple(row), [tuple(h) for h in headings]

    def _meta(self) -> dict[str, int]:
        return {k: int(v) for k, v in self.conn.execute("SELECT key, value FROM drafter_meta WHERE key != 'schema'")}

    @guarded
    def stats(self) -> dict:
        """Counts of documents, characters, paragraphs and headings, and documents by kind."""
        docs, chars = self.conn.execute("SELECT count(*), coalesce(sum(chars), 0) FROM drafter_documents").fetchone()
        meta = self._meta()
        kinds = dict(self.conn.execute("SELECT coalesce(nullif(kind, ''), '其他') AS k, count(*) FROM drafter_documents "
                                       "GROUP BY 1 ORDER BY min(coalesce(nullif(kind, ''), '其他')) COLLATE \"C\"").fetchall())
        return {"documents": docs, "characters": int(chars), "paragraphs": meta["paragraphs"], "headings": meta["headings"],
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
        # a join, not "= ANY(array)": that compares every row with every word when statistics are missing
        rows = self.conn.execute("SELECT t.term, t.df FROM unnest(%s::text[]) AS w(term) JOIN drafter_terms t ON t.term = w.term",
                                 (sorted(set(words)),))
        return dict(rows.fetchall())

    @guarded
    def containing(self, fragment: str, limit: int = 32) -> dict[str, int]:
        """The most frequent index words that contain ``fragment`` (pg_trgm's index on the words)."""
        pattern = "%" + fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        return dict(self.conn.execute("SELECT term, df FROM drafter_terms WHERE term LIKE %s ORDER BY df DESC, term COLLATE \"C\""
                                      " LIMIT %s", (pattern, limit)).fetchall())

    @guarded
    def match(self, groups: list[list[str]], heading: bool | None = False, style: str | None = None,
              kind: str | None = None, limit: int = CANDIDATES) -> list[Candidate]:
        """The newest ``limit`` units holding a word of every group (GIN index over the tsvector)."""
        parts = ["(" + " | ".join(map(_lexeme, group)) + ")" for group in groups]
        if heading:
            parts.append(_lexeme(HEADING_TERM))
        if style:
            parts.append(_lexeme(style_term(style)))
        sql = "SELECT u.id, u.doc, u.line, u.text, u.section FROM drafter_units u"
        args: list = [" & ".join(parts)]
        if kind:
            sql += " JOIN drafter_documents d ON d.id = u.doc"
        sql += " WHERE u.tsv @@ %s::tsquery"
        if heading is False:
            sql += " AND NOT u.heading"
        if kind:
            sql += " AND (d.kind = %s OR d.title LIKE %s)"
            args += [kind, "%" + kind.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"]
        sql += " ORDER BY u.id DESC LIMIT %s"
        args.append(limit)
        return [Candidate(*row) for row in self.conn.execute(sql, args).fetchall()]

    @guarded
    def places(self, keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], tuple[str, str]]:
        """(title, outline path) of each (document, section)."""
        pairs = sorted(keys)
        rows = self.conn.execute("SELECT k.doc, k.n, d.title, coalesce(s.path, '') FROM unnest(%s::bigint[], %s::int[])"
                                 " AS k(doc, n) JOIN drafter_documents d ON d.id = k.doc"
                                 " LEFT JOIN drafter_sections s ON s.doc = k.doc AND s.n = k.n",
                                 ([d for d, _ in pairs], [n for _, n in pairs])).fetchall()
        return {(doc, n): (title, path) for doc, n, title, path in rows}
