"""What the corpus stores of one file, made ready in worker processes before a store writes it.

A document is read, cleaned and outlined (``pipeline.load``); each paragraph and each heading of
its outline becomes a unit. A unit keeps its text, its line, its style, the section it stands
under (the outline path is stored once per section, not once per paragraph) and its index terms:
jieba's words in search mode (a compound such as 廉政文化 also gives 廉政 and 文化, so a query that
names half of a compound still finds it), normalised (NFKC, lower case) and split at anything that
is not a letter or digit. Both stores index exactly these terms.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .model import DrafterError

_KINDS = ("讲话", "发言", "致辞", "报告", "意见", "通知", "通报", "决定", "办法", "方案", "规定", "条例", "纪要",
          "请示", "批复", "函", "公告", "通告", "规划", "总结")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
WORD = re.compile(r"[^\W_]+")
MAX_TERM = 64
# marks that no word can be (a word is letters and digits only): headings and styles are indexed
# with them, so that ``search --heading-only --style 一是`` is answered by the index itself
HEADING_TERM = "⁂h"


def style_term(style: str) -> str:
    """The index mark of a numbering style (hex, so that any tokenizer keeps it whole)."""
    return "⁂s" + style.encode("utf-8").hex()


def normalize(text: str) -> str:
    """Text as the index sees it: NFKC (full-width letters and digits become ASCII), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def index_terms(text: str) -> list[str]:
    """The distinct index terms of ``text``, in order of first appearance."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    out: dict[str, None] = {}
    for word in jieba.cut_for_search(text):
        for term in WORD.findall(normalize(word)):
            if len(term) <= MAX_TERM:
                out[term] = None
    return list(out)


@dataclass
class Unit:
    """A paragraph or a heading as stored: ``section`` numbers the document's ``sections``."""

    line: int
    text: str
    section: int
    heading: bool
    style: str
    terms: list[str]

    def marks(self) -> list[str]:
        """The index marks of this unit besides its words (heading, style)."""
        return ([HEADING_TERM] if self.heading else []) + ([style_term(self.style)] if self.style else [])


@dataclass
class Prepared:
    """A document read, cleaned, outlined and segmented (done in worker processes)."""

    path: str
    hash: str
    title: str = ""
    kind: str = ""
    date: str = ""
    chars: int = 0
    sections: list[str] = field(default_factory=list)  # outline path below the title, by section number
    units: list[Unit] = field(default_factory=list)
    error: str | None = None
    unchanged: bool = False


def prepare(path: str, known_hash: str | None = None, raw=None) -> Prepared:
    """Everything a store needs from one file (or from ``raw``, what a reader already got from
    it, stored under the name ``path``); errors are returned, not raised. When the content hash
    is ``known_hash`` nothing more is done (``unchanged``)."""
    from .pipeline import from_raw, load

    try:
        loaded = load(path) if raw is None else from_raw(raw)
        digest = hashlib.sha256("\n".join(loaded.raw.lines).encode("utf-8")).hexdigest()
        doc, result = loaded.document, loaded.outline
    except DrafterError as exc:
        return Prepared(path, "", error=str(exc))
    if digest == known_hash:
        return Prepared(path, digest, unchanged=True)
    title = result.title.text if result.title else os.path.basename(path)
    kind = next((k for k in _KINDS if title.endswith(k) or k in title[-6:]), "")
    tail = " ".join(p.text for p in doc.paragraphs[-4:]) + title
    date = _DATE.search(tail)
    when = f"{date.group(1)}-{int(date.group(2)):02d}-{int(date.group(3)):02d}" if date else ""
    prepared = Prepared(path, digest, title, kind, when, sum(len(p.text) for p in doc.paragraphs))
    chains = _outline_chains(result, [p.line for p in doc.paragraphs])
    numbers: dict[str, int] = {"": 0}
    for chain in chains.values():
        numbers.setdefault(chain, len(numbers))
    prepared.sections = list(numbers)
    own_style = {n.line: n.style for n in result.walk() if not n.inline}
    for p in doc.paragraphs:
        prepared.units.append(Unit(p.line, p.text, numbers[chains[p.line]], False, own_style.get(p.line, ""),
                                   index_terms(p.text)))
    for node in result.walk():
        if node.heading:
            prepared.units.append(Unit(node.line, node.marker + node.heading, numbers[chains.get(node.line, "")], True,
                                       node.style, index_terms(node.heading)))
    return prepared


def _outline_chains(result, lines: list[int]) -> dict[int, str]:
    """For each line, the chain of headings it stands under: 三、突出重点 › （二）… (no title)."""
    marks = sorted((n.line, n.level, n.marker + n.heading) for n in result.walk() if not n.inline)
    chains: dict[int, str] = {}
    chain: list[str] = []
    k = 0
    for line in sorted(lines):
        while k < len(marks) and marks[k][0] <= line:
            chain = chain[:marks[k][1] - 1] + [_short(marks[k][2])]
            k += 1
        chains[line] = " › ".join(chain)
    return chains


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def full_path(title: str, section: str) -> str:
    """The outline path shown with a result: 《题目》 › 三、突出重点 › （二）…"""
    return f"《{title}》 › {section}" if section else f"《{title}》"


def prepared(paths: list[str], known: dict[str, str], workers: int) -> Iterator[Prepared]:
    """Prepare ``paths`` in order, in ``workers`` processes (this process alone writes)."""
    jobs = [(path, known.get(path)) for path in paths]
    if workers <= 1 or len(paths) < 4:
        yield from (prepare(*job) for job in jobs)
        return
    import multiprocessing

    # fork where the platform has it: workers only prepare documents
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(workers, initializer=_warm) as pool:
        yield from pool.imap(_prepare_job, jobs, chunksize=4)


def _prepare_job(job: tuple[str, str | None]) -> Prepared:
    return prepare(*job)


def _warm() -> None:
    index_terms("预热")


def batches(items: Iterable[Prepared], size: int) -> Iterator[list[Prepared]]:
    """``items`` in lists of at most ``size``."""
    batch: list[Prepared] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
