"""How much of a draft is found in the corpus (``drafter similar``): for each sentence, the
closest corpus sentences, and the share of the draft's characters in sentences found.

Candidates come from the corpus index (its rarest words, ranked by BM25); each candidate sentence is
then compared character by character (difflib's ratio, 2·matches / total length), which sees a
copied sentence with a few words changed as a near-duplicate and a merely similar topic as not.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from . import query as q
from .model import Document
from .punct import sentences as split_sentences
from .store import Store

MIN_CHARS = 8
CANDIDATES = 5
POOL = 200  # units ranked per draft paragraph at most


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


def similar(store: Store, doc: Document, threshold: float = 0.8, keep: int = 3) -> SimilarResult:
    """Compare every sentence of ``doc`` with the corpus.

    The index is asked once per paragraph of the draft for the paragraphs holding its three rarest
    words (document frequencies kept at ingest, ties broken by the word itself, so the choice never
    depends on hash order), or any of its six rarest when that finds too little; each sentence of
    the paragraph is then compared with the sentences of the best of those paragraphs.
    """
    sentences = sentences_of(doc)
    total = sum(len(s.text) for s in sentences) or 1
    by_line: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        by_line.setdefault(sentence.line, []).append(sentence)
    texts = {line: "".join(s.text for s in group) for line, group in by_line.items()}
    units = store.totals()[0]
    # words of two to four characters are enough to find a paragraph's rarest words
    df = store.vocabulary(q.lookups({r for t in texts.values() if len(t) >= MIN_CHARS for r in q.runs(t)}, 2, 4))
    found = 0
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    for line, group in by_line.items():
        words = rarest(texts[line], df, units)
        if len(texts[line]) < MIN_CHARS or not words:
            continue
        weights = [(w, q.idf(df[w], units)) for w in words]
        # a copied passage holds its rarest words together: ask for all three first (selective even
        # in a large corpus), and for any of six only when that finds too little
        rows = store.match([[w] for w in words[:3]], limit=POOL)
        if len(rows) < 3:
            rows = store.match([words], limit=POOL)
        candidates = [(c.doc, c.line, text) for _, c in store.rank(rows, weights, CANDIDATES * 2)
                      for _, text in split_sentences(c.text, clauses=True)]
        titles = {d: t for (d, _), (t, _) in store.places({(c[0], 0) for c in candidates}).items()}
        for sentence in group:
            if len(sentence.text) < MIN_CHARS:
                continue
            matcher.set_seq2(sentence.text)
            matches = []
            for doc_id, cline, candidate in candidates:
                if abs(len(candidate) - len(sentence.text)) > len(sentence.text):
                    continue
                matcher.set_seq1(candidate)
                if matcher.real_quick_ratio() < 0.5 or matcher.quick_ratio() < 0.5:
                    continue
                ratio = matcher.ratio()
                if ratio >= 0.5:
                    matches.append(Match(doc_id, titles.get(doc_id, ""), cline, candidate, round(ratio, 3)))
            matches.sort(key=lambda m: (-m.similarity, m.doc, m.line, m.text))
            sentence.matches = matches[:keep]
            if matches and matches[0].similarity >= threshold:
                found += len(sentence.text)
    return SimilarResult(doc.source, round(found / total, 3), sentences)


def rarest(text: str, df: dict[str, int], units: int, k: int = 6) -> list[str]:
    """The ``k`` words of ``text`` (as the index cuts it, two characters or more) found in the
    fewest units; ties broken by the word, so the choice is the same in every run."""
    words = {w for run in q.runs(text) for w in q.cut(run, df, units) if len(w) > 1 and w in df}
    return sorted(words, key=lambda w: (df[w], w))[:k]
