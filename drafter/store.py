"""The corpus as a library: one interface, two stores.

- an embedded SQLite file (FTS5), the default: ``corpora/corpus.sqlite``, or any file path;
- a PostgreSQL server shared by an office (full-text search over a ``tsvector`` of the same
  words, GIN index), chosen by a ``postgresql://`` address.

``--corpus`` or ``$DRAFTER_CORPUS`` names it. Both hold the same things (documents, their
sections, units with index terms, document frequencies of the terms) and answer the same calls:
:class:`Store` implements ingest, search and ranking once on top of a few primitives that each
backend provides (store_sqlite.py, store_pg.py). Results are the same on both: candidates are the
newest units that hold every word of the query, ranked by the same BM25 (query.py).
"""

from __future__ import annotations

import functools
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from . import query as q
from .ingest import Prepared, full_path, prepared
from .model import DrafterError

DEFAULT_PATH = os.path.join("corpora", "corpus.sqlite")
SCHEMA_VERSION = "2"
BATCH = 50
CANDIDATES = 1000  # units ranked per query at most (the newest that match)
MAX_ID = 2**63 - 1
DISK_FULL = "磁盘已满：这一批文件没有写入，此前加入的文件完好；腾出空间后重新运行 drafter corpus add 即可接着加入"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")
_PG = ("postgresql://", "postgres://")


def corpus_target(corpus: str | None) -> str:
    """The corpus to use: ``--corpus``, else ``$DRAFTER_CORPUS``, else corpora/corpus.sqlite."""
    return corpus or os.environ.get("DRAFTER_CORPUS") or DEFAULT_PATH


def open_store(corpus: str | None = None, create: bool = False, write: bool = False) -> Store:
    """The store a command names. Only ``corpus add`` creates one (``create``), ``corpus rm``
    changes one (``write``); every other command opens it read-only and never changes the file
    or the server."""
    target = corpus_target(corpus)
    mode = "create" if create else "write" if write else "read"
    if target.lower().startswith(_PG):
        from .store_pg import PostgresStore

        return PostgresStore(target, mode)
    if _URL.match(target):
        raise DrafterError("不支持这种语料库地址：服务器请用 postgresql://用户@主机/数据库，本机语料库请给出文件路径",
                           target.split("://")[0] + "://…")
    from .store_sqlite import SqliteStore

    return SqliteStore(target, mode)


def using(corpus: str | None, call: Callable[[Store], Any], write: bool = False) -> Any:
    """Open the store, ``call`` it, close it (``write`` for commands that change it)."""
    with open_store(corpus, write=write) as store:
        return call(store)


def parse_doc_id(text: str | int) -> int:
    """A document number as given on the command line, checked."""
    value = str(text).strip()
    if not value.isdecimal() or len(value) > 19 or not 1 <= int(value) <= MAX_ID:
        raise DrafterError(f"文件编号应是正整数（drafter corpus list 列出的编号），而不是“{value[:30]}”")
    return int(value)


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


class Candidate(NamedTuple):
    """A unit a store found: id, document, line, text, section number."""

    id: int
    doc: int
    line: int
    text: str
    section: int


@dataclass
class AddResult:
    """What an ingest did."""

    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    characters: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)


def guarded(method: Callable) -> Callable:
    """Turn a database error inside a store method into one Chinese line (``Store.translate``)."""

    @functools.wraps(method)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except DrafterError:
            raise
        except self.errors as exc:
            raise self.translate(exc) from None
    return wrapper


class Store(ABC):
    """A corpus: the primitives are each backend's; ingest, search and ranking are shared."""

    name: str = ""  # what messages call it (a file path, or a server address without password)
    errors: tuple[type[BaseException], ...] = ()

    # -- primitives --------------------------------------------------------------------------------

    @abstractmethod
    def translate(self, exc: BaseException) -> DrafterError:
        """One Chinese line for a database error (disk full, busy, damaged, unreachable)."""

    @abstractmethod
    def close(self) -> None:
        """Close the connection."""

    @abstractmethod
    def known(self) -> dict[str, str]:
        """Content hash of every stored document, by path."""

    @abstractmethod
    def write(self, batch: list[Prepared], result: AddResult) -> None:
        """Store a batch in one transaction: a path already stored is replaced (unless its content
        is unchanged), so concurrent writers of the same file both succeed."""

    @abstractmethod
    def remove(self, doc: int) -> None:
        """Remove one document and its index (the file itself is not touched)."""

    @abstractmethod
    def documents(self) -> list[tuple]:
        """(id, title, kind, date, chars, path) of every document."""

    @abstractmethod
    def show(self, doc: int) -> tuple[tuple, list[tuple[int, str]]]:
        """(title, kind, date, chars, path) of a document and its headings as (line, text)."""

    @abstractmethod
    def stats(self) -> dict:
        """Counts of documents, characters, paragraphs and headings, and documents by kind."""

    @abstractmethod
    def totals(self) -> tuple[int, float]:
        """Number of units and their average length in characters (for BM25)."""

    @abstractmethod
    def vocabulary(self, words: Iterable[str]) -> dict[str, int]:
        """Document frequency (units holding it) of each of ``words`` the index holds."""

    @abstractmethod
    def containing(self, fragment: str, limit: int = 32) -> dict[str, int]:
        """The most frequent index words that contain ``fragment``, with their frequencies."""

    @abstractmethod
    def match(self, groups: list[list[str]], heading: bool | None = False, style: str | None = None,
              kind: str | None = None, limit: int = CANDIDATES) -> list[Candidate]:
        """The newest ``limit`` units holding a word of every group (headings only, paragraphs
        only, or both when ``heading`` is None; of a numbering style; of a kind of document)."""

    @abstractmethod
    def places(self, keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], tuple[str, str]]:
        """(title, outline path) of each (document, section)."""

    # -- shared ------------------------------------------------------------------------------------

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, paths: list[str], workers: int = 0, progress: Callable[[Prepared], None] | None = None) -> AddResult:
        """Clean, outline and index files; unchanged files (same content hash) are skipped.

        Preparation runs in ``workers`` processes (0: one per core, at most two); writes happen in
        this process, one transaction per batch of documents, so an interrupted ingest keeps every
        finished batch.
        """
        result = AddResult()
        todo = [os.path.abspath(p) for p in paths]
        batch: list[Prepared] = []
        for item in prepared(todo, self.known(), workers or min(2, os.cpu_count() or 1)):
            if progress:
                progress(item)
            if item.error:
                result.failures.append((item.path, item.error))
            elif item.unchanged:
                result.unchanged += 1
            else:
                batch.append(item)
            if len(batch) >= BATCH:
                self.write(batch, result)
                batch = []
        if batch:
            self.write(batch, result)
        return result

    def add_prepared(self, items: list[Prepared]) -> AddResult:
        """Index documents prepared elsewhere (the web page's uploads): the same rules as ``add``."""
        result = AddResult()
        known = self.known()
        batch = []
        for item in items:
            if item.error:
                result.failures.append((item.path, item.error))
            elif known.get(item.path) == item.hash:
                result.unchanged += 1
            else:
                batch.append(item)
        if batch:
            self.write(batch, result)
        return result

    def parse(self, text: str) -> q.Query:
        """``text`` cut with this index's vocabulary (see query.py)."""
        return q.parse(text, self.vocabulary, self.containing, self.totals()[0])

    def query_words(self, text: str) -> list[str]:
        """The words of a query as the index cuts them (to highlight them)."""
        return self.parse(text).words

    def search(self, text: str, heading_only: bool = False, style: str | None = None, kind: str | None = None,
               limit: int = 10) -> list[Hit]:
        """Paragraphs (or headings) holding every word of ``text``, best first (BM25)."""
        query = self.parse(text)
        if query.impossible or not query.groups:
            return []
        found = self.match(query.groups, heading_only, style, kind, max(CANDIDATES, 4 * limit))
        return self._ranked(found, query.weights, limit)

    def best_paragraphs(self, query_words: list[str], limit: int) -> list[Hit]:
        """The paragraphs that best match ``query_words`` (BM25): those holding all of the words
        first, then those holding some (to ground a draft in the corpus)."""
        query = self.parse(" ".join(query_words))
        if not query.groups:
            return []
        found = [] if query.impossible else self.match(query.groups, False, limit=CANDIDATES)
        if len(found) < limit and (len(query.groups) > 1 or query.impossible):
            seen = {c.id for c in found}
            anyone = [w for group in query.groups for w in group]
            found += [c for c in self.match([anyone], False, limit=CANDIDATES) if c.id not in seen]
        return self._ranked(found, query.weights, limit)

    def rank(self, found: list[Candidate], weights: list[tuple[str, float]], limit: int) -> list[tuple[float, Candidate]]:
        """The best ``limit`` candidates by BM25 (ties: the newest first)."""
        average = self.totals()[1]
        scored = [(q.score(c.text, weights, average), c) for c in found]
        scored.sort(key=lambda pair: (-pair[0], -pair[1].id))
        return scored[:limit]

    def _ranked(self, found: list[Candidate], weights: list[tuple[str, float]], limit: int) -> list[Hit]:
        best = self.rank(found, weights, limit)
        places = self.places({(c.doc, c.section) for _, c in best})
        hits = []
        for value, c in best:
            title, section = places.get((c.doc, c.section), ("", ""))
            hits.append(Hit(c.doc, title, c.line, full_path(title, section), c.text, round(value, 3)))
        return hits
