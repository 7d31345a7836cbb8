"""How much of a draft is found in the corpus (``drafter similar``): for each sentence, the
closest corpus sentences, and the share of the draft's characters in sentences found.

Candidates come from the corpus index (FTS5, BM25 over jieba words); each candidate sentence is
then compared character by character (difflib's ratio, 2·matches / total length), which sees a
copied sentence with a few words changed as a near-duplicate and a merely similar topic as not.
"""

from __future__ import annotations

import difflib
import sqlite3
from dataclasses import dataclass, field

from .model import Document
from .punct import sentences as split_sentences
from .store import fts_query, rarest

MIN_CHARS = 8
CANDIDATES = 5


@dataclass
class Match:
    """A corpus sentence close to a draft sentence."""

    doc: int
    title: str
    line: int
    text: str
    similarity: float


@dataclass
class Sentence:
    """A draft sentence and its closest corpus sentences (best first)."""

    line: int
    text: str
    matches: list[Match] = field(default_factory=list)


@dataclass
class SimilarResult:
    """The JSON contract: source, share (0–1), sentences."""

    source: str
    share: float
    sentences: list[Sentence]

    def to_dict(self) -> dict:
        """The ``similar --format json`` contract."""
        return {"source": self.source, "share": self.share, "sentences": [
            {"line": s.line, "text": s.text, "matches": [
                {"doc": m.doc, "title": m.title, "line": m.line, "text": m.text, "similarity": m.similarity}
                for m in s.matches]} for s in self.sentences]}


def sentences_of(doc: Document) -> list[Sentence]:
    """The sentences of a document with their input lines."""
    out: list[Sentence] = []
    for p in doc.paragraphs:
        out.extend(Sentence(p.line, text) for _, text in split_sentences(p.text, clauses=True))
    return out


def _candidates(conn: sqlite3.Connection, match: str) -> list[tuple]:
    return conn.execute(
        "SELECT u.doc, d.title, u.line, u.text FROM units_fts JOIN units u ON u.id = units_fts.rowid "
        "JOIN documents d ON d.id = u.doc WHERE units_fts MATCH ? AND u.heading = 0 "
        "ORDER BY bm25(units_fts) LIMIT ?", (match, CANDIDATES * 2)).fetchall()


def similar(conn: sqlite3.Connection, doc: Document, threshold: float = 0.8, keep: int = 3) -> SimilarResult:
    """Compare every sentence of ``doc`` with the corpus.

    The index is asked once per paragraph of the draft (its longest words, any of them), and each
    sentence of that paragraph is compared with the sentences of the best corpus paragraphs.
    """
    sentences = sentences_of(doc)
    total = sum(len(s.text) for s in sentences) or 1
    by_line: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        by_line.setdefault(sentence.line, []).append(sentence)
    found = 0
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    for _line, group in by_line.items():
        text = "".join(s.text for s in group)
        if len(text) < MIN_CHARS:
            continue
        words = rarest(conn, [w.strip('"') for w in set(fts_query(text).split(" ")) if len(w) > 3], 6)
        if not words:
            continue
        quoted = ['"' + w + '"' for w in words]
        # a copied passage holds its rarest words together: ask for all three first (selective even
        # in a large corpus), and for any of six only when that finds too little
        rows = _candidates(conn, " ".join(quoted[:3]))
        if len(rows) < 3:
            rows = _candidates(conn, " OR ".join(quoted))
        candidates = [(doc_id, title, cline, text) for doc_id, title, cline, ctext in rows
                      for _, text in split_sentences(ctext, clauses=True)]
        for sentence in group:
            if len(sentence.text) < MIN_CHARS:
                continue
            matcher.set_seq2(sentence.text)
            matches = []
            for doc_id, title, cline, candidate in candidates:
                if abs(len(candidate) - len(sentence.text)) > len(sentence.text):
                    continue
                matcher.set_seq1(candidate)
                if matcher.real_quick_ratio() < 0.5 or matcher.quick_ratio() < 0.5:
                    continue
                ratio = matcher.ratio()
                if ratio >= 0.5:
                    matches.append(Match(doc_id, title, cline, candidate, round(ratio, 3)))
            matches.sort(key=lambda m: -m.similarity)
            sentence.matches = matches[:keep]
            if matches and matches[0].similarity >= threshold:
                found += len(sentence.text)
    return SimilarResult(doc.source, round(found / total, 3), sentences)
