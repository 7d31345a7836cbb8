"""Queries without jieba: words are cut with the index's own vocabulary, results ranked by BM25.

The index knows every word it holds and in how many units (paragraphs or headings) each occurs
(its document frequency, kept at ingest). A query is cut into the fewest words of that vocabulary
(ties: the likelier words, as jieba would choose), which needs neither jieba's dictionary nor its
second of loading. A stretch that no word of the index covers (half a word, a new name) is looked
up inside the index's words: 政文 finds the units holding 廉政文化 or 行政文件.

Ranking is BM25 computed here, the same for both stores: each query word counts by its
occurrences in the unit's text (characters, so a word inside a compound counts), weighted by its
inverse document frequency, with the unit's length against the average; a query stretch of
several words also counts as a phrase. The store hands over a bounded set of candidates (the
newest units that hold every word), so a common word costs no more than a rare one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .ingest import WORD, normalize

MAX_WORD = 8  # longest vocabulary word looked up when cutting
_HAN = "\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff"
_RUN = re.compile(f"[{_HAN}]+|[^\\W_{_HAN}]+")
K1, B = 1.2, 0.75


def runs(text: str) -> list[str]:
    """The stretches of ``text`` to cut: runs of Chinese characters and runs of other letters or
    digits (the latter are words as they are), normalised as the index is."""
    return [r for chunk in WORD.findall(normalize(text)) for r in _RUN.findall(chunk)]


def _is_han(run: str) -> bool:
    return "\u3400" <= run[0] <= "\ufaff"


def lookups(stretches: Iterable[str], shortest: int = 1, longest: int = MAX_WORD) -> set[str]:
    """Every string whose document frequency cutting ``stretches`` may need (words of
    ``shortest`` to ``longest`` characters; what is not looked up counts as no word)."""
    out: set[str] = set()
    for run in stretches:
        if not _is_han(run):
            out.add(run)
            continue
        for i in range(len(run)):
            for j in range(i + shortest, min(len(run), i + longest) + 1):
                out.add(run[i:j])
    return out


def cut(run: str, df: Mapping[str, int], total: int) -> list[str]:
    """``run`` cut into the fewest vocabulary words (unknown single characters fill the gaps);
    among equally few, the likelier (higher document frequencies), then the earlier long word."""
    if not _is_han(run):
        return [run]
    n = len(run)
    log_total = math.log(total + 2)
    # best[i]: (pieces, -log probability, path) of run[i:]
    best: list[tuple[int, float, tuple[int, ...]]] = [(0, 0.0, ())] * (n + 1)
    for i in range(n - 1, -1, -1):
        options = []
        for j in range(i + 1, min(n, i + MAX_WORD) + 1):
            f = df.get(run[i:j], 0)
            if not f and j - i > 1:
                continue
            cost = log_total - math.log(f) if f else log_total + 10.0
            pieces, rest, path = best[j]
            options.append((pieces + 1, rest + cost, (j, *path)))
        best[i] = min(options)
    out, start = [], 0
    for end in best[0][2]:
        out.append(run[start:end])
        start = end
    return out


@dataclass
class Query:
    """A parsed query: ``groups`` to match (every group, any word of a group) and ``weights``
    (a string counted in the text, its idf) to rank."""

    groups: list[list[str]] = field(default_factory=list)
    weights: list[tuple[str, float]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    impossible: bool = False  # some part of the query is nowhere in the index


def idf(df: int, total: int) -> float:
    """BM25's inverse document frequency (never negative)."""
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def parse(text: str, vocabulary: Callable[[Iterable[str]], dict[str, int]],
          containing: Callable[[str], dict[str, int]], total: int) -> Query:
    """Cut ``text`` with the index's vocabulary into what to match and how to rank."""
    stretches = list(dict.fromkeys(runs(text)))
    df = vocabulary(lookups(stretches))
    query = Query()
    for run in stretches:
        pieces = cut(run, df, total)
        words = [p for p in pieces if p in df and (len(p) > 1 or len(pieces) == 1)]
        # half a word (政文), or a character that is no word of the index: the words holding it
        unknown = [run] if not words else [p for p in pieces if p not in df]
        for word in words:
            if [word] not in query.groups:
                query.groups.append([word])
                query.weights.append((word, idf(df[word], total)))
        for fragment in unknown:
            found = containing(fragment)
            if not found:
                query.impossible = True
            elif sorted(found) not in query.groups:
                query.groups.append(sorted(found))
                query.weights.append((fragment, idf(min(total, sum(found.values())), total)))
        if len(pieces) > 1 and words:  # the stretch itself, as typed, counts as a phrase
            query.weights.append((run, sum(idf(df.get(p, 1), total) for p in pieces)))
        query.words.append(run)
    return query


def score(text: str, weights: list[tuple[str, float]], average: float) -> float:
    """BM25 of ``text`` for the weighted strings (occurrences counted in the normalised text)."""
    norm = normalize(text)
    scale = K1 * (1 - B + B * len(text) / (average or 1.0))
    total = 0.0
    for word, weight in weights:
        tf = norm.count(word)
        if tf:
            total += weight * tf * (K1 + 1) / (tf + scale)
    return total
