"""The punctuation that ends sentences and clauses, and one sentence splitter for every stage."""

from __future__ import annotations

import re

SENTENCE_END = "。！？!?"
"""Characters that end a sentence."""
CLAUSE_END = SENTENCE_END + "；;"
"""Characters that end a sentence or a clause of a list (；)."""

_SENTENCES = re.compile(f"[^{SENTENCE_END}]+[{SENTENCE_END}]?")
_CLAUSES = re.compile(f"[^{CLAUSE_END}]+[{CLAUSE_END}]?")


def sentences(text: str, clauses: bool = False) -> list[tuple[int, str]]:
    """(start, sentence) pairs of ``text``, each with its end mark; with ``clauses`` a ；
    ends a piece too. Pieces are stripped of surrounding white space; empty ones are dropped."""
    pattern = _CLAUSES if clauses else _SENTENCES
    out = []
    for m in pattern.finditer(text):
        piece = m.group().strip()
        if piece:
            out.append((m.start(), piece))
    return out
