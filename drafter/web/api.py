"""The work behind each API route: plain functions from what the client sent to JSON-ready data
or file bytes. They call the same library functions as the command line (no second
implementation), run in worker threads, and never open a path the client named.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import DrafterError, Outline
from .inputs import Input, read

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class FileResult:
    """A file to hand back: bytes, a download name, its media type and notes for the headers."""

    data: bytes
    name: str
    media_type: str
    applied: int = 0  # fixes made (``/api/fix``)
    skipped: int = 0  # fixes that could not be made
    notes: list[str] = field(default_factory=list)  # what the writer should know (``/api/format``)


def _load(document: Input):
    """Read → clean → outline, as ``drafter.pipeline`` does for the command line."""
    from ..pipeline import from_raw, load_text

    if document.pasted:
        return load_text(document.text or "", document.name)
    return from_raw(read(document))


def _stem(name: str) -> str:
    return os.path.splitext(name)[0] or "稿子"


# -- documents ------------------------------------------------------------------------------------

def kinds() -> dict:
    """``GET /api/kinds``: every kind of draft with its genre and one-line summary."""
    from ..brief import kinds as all_kinds

    return {"kinds": [{"name": k.name, "genre": k.genre, "summary": k.summary, "aliases": list(k.aliases)}
                      for k in all_kinds().values()]}


def outline(document: Input) -> dict:
    """``POST /api/outline``: the ``drafter outline --format json`` contract."""
    from ..render import outline_to_dict

    return outline_to_dict(_load(document).outline)


def _checked(loaded, chosen: str | None = None, ignored: str | None = None):
    from ..check import check, parse_codes, select

    return select(check(loaded.document, loaded.outline), parse_codes(chosen), parse_codes(ignored))


def check(document: Input, chosen: str | None = None, ignored: str | None = None) -> dict:
    """``POST /api/check``: the ``drafter check --format json`` contract."""
    return _checked(_load(document), chosen, ignored).to_dict()


def inspect(document: Input) -> dict:
    """``POST /api/inspect`` (the 检查 page): the lines as read, the outline and the findings of
    one upload, so the page sends a file once."""
    from ..render import outline_to_dict

    loaded = _load(document)
    result = _checked(loaded)
    return {"source": loaded.raw.source, "lines": loaded.raw.lines, "outline": outline_to_dict(loaded.outline),
            "dropped": [{"line": line, "reason": reason} for line, reason in loaded.document.dropped],
            "findings": [f.to_dict() for f in result.findings], "errors": result.errors,
            "warnings": result.warnings, "fixable": len(result.edits)}


def fix(document: Input) -> FileResult:
    """``POST /api/fix``: the input with the checker's safe fixes applied (``fix_bytes``, as
    ``check --fix`` does): a .docx keeps every run's formatting, a .txt its encoding."""
    from ..fix import fix_bytes

    loaded = _load(document)
    edits = _checked(loaded).edits
    if document.pasted:
        data, source, suffix = (document.text or "").encode("utf-8"), document.name + ".txt", ".txt"
    else:
        data, source = document.data, document.name
        suffix = ".docx" if loaded.raw.kind == "docx" else ".txt"
    fixed = fix_bytes(data, source, edits)
    media = DOCX if suffix == ".docx" else f"text/plain; charset={'utf-8' if document.pasted else loaded.raw.encoding}"
    return FileResult(fixed.data, f"{_stem(document.name)}-修改{suffix}", media, fixed.applied, fixed.skipped)


# -- corpus and phrases ---------------------------------------------------------------------------

def _corpus_call(corpus: str | None, work, create: bool = False):
    """Run ``work(store)`` on a store opened for this request alone (SQLite connections are not
    shared between threads); closed afterwards."""
    from ..store import open_store

    with open_store(corpus, create=create) as store:
        return work(store)


def corpus_info(corpus: str | None) -> dict:
    """``GET /api/corpus``: where the corpus is, its size and its documents."""
    from .. import store

    path = store.corpus_target(corpus)
    if not path.lower().startswith(("postgresql://", "postgres://")) and not os.path.exists(path):
        return {"path": path, "exists": False, "stats": None, "documents": []}

    def work(opened):
        docs = [{"id": i, "title": t, "kind": k, "date": d, "chars": c, "file": os.path.basename(p)}
                for i, t, k, d, c, p in opened.documents()]
        return {"path": path, "exists": True, "stats": opened.stats(), "documents": docs}

    return _corpus_call(corpus, work)


def corpus_add(corpus: str | None, documents: Iterable[Input]) -> dict:
    """``POST /api/corpus/add``: uploaded files cleaned, outlined and indexed like ``corpus add``;
    each is stored under ``网页上传/<file name>`` (the same name again replaces it)."""
    from ..ingest import prepare

    prepared, failures = [], []
    for document in documents:
        try:
            prepared.append(prepare(f"网页上传/{document.name}", raw=read(document)))
        except DrafterError as exc:
            failures.append({"file": document.name, "error": exc.message})
    result = _corpus_call(corpus, lambda opened: opened.add_prepared(prepared), create=True)
    failures += [{"file": os.path.basename(path), "error": error} for path, error in result.failures]
    return {"added": result.added, "unchanged": result.unchanged, "replaced": result.replaced,
            "characters": result.characters, "failures": failures}


def corpus_outline(corpus: str | None, doc: int) -> Outline:
    """The skeleton of a corpus document for 参照: its stored headings, outlined again."""
    from ..pipeline import load_text

    def work(opened):
        (title, *_), headings = opened.show(doc)
        text = "\n".join([title or str(doc), *(line_text for _, line_text in headings)])
        return load_text(text, title or str(doc)).outline

    return _corpus_call(corpus, work)


def search(corpus: str | None, query: str, heading_only: bool = False, style: str | None = None,
           kind: str | None = None, limit: int = 20) -> dict:
    """``GET /api/search``: the ``drafter search --format json`` contract, plus ``words`` (the
    query's words as indexed, for highlighting)."""
    if not query.strip():
        raise DrafterError("请输入要查找的词语")

    def work(opened):
        hits = opened.search(query, heading_only, style or None, kind or None, limit)
        return {"query": query, "words": opened.query_words(query), "results": [h.to_dict() for h in hits]}

    return _corpus_call(corpus, work)


def similar(corpus: str | None, document: Input, threshold: float = 0.8) -> dict:
    """``POST /api/similar``: the ``drafter similar --format json`` contract."""
    from ..similar import similar as compare

    loaded = _load(document)
    return _corpus_call(corpus, lambda conn: compare(conn, loaded.document, threshold).to_dict())


@functools.cache
def _stock():
    from ..bank import load_banks

    return load_banks()


def phrases(query: str = "", category: str | None = None, limit: int = 50) -> dict:
    """``GET /api/phrases``: the ``drafter phrases search --format json`` contract (stock bank)."""
    from ..bank import CATEGORIES, search

    if category and category not in CATEGORIES:
        raise DrafterError(f"没有这一类套话：{category}（可用：{'、'.join(CATEGORIES)}）")
    hits = search(_stock(), query, category or None, limit)
    return {"query": query, "category": category or None, "results": [h.to_dict() for h in hits]}
