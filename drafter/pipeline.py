"""The one entry to the first three stages: read → clean → outline.

Every command that works on a document (outline, check, mine, corpus, export, similar) starts
here, so that a file is read, cleaned and outlined the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from .clean import clean
from .model import Document, Outline, RawDocument


@dataclass
class Loaded:
    """A document after the first three stages: what was read, what was kept, its outline."""

    raw: RawDocument
    document: Document
    outline: Outline


def load(path: str) -> Loaded:
    """Read ``path`` (``-`` for standard input), clean it and build its outline."""
    from .reader import read_path

    return from_raw(read_path(path))


def load_text(text: str, source: str = "<text>") -> Loaded:
    """The same for a plain text (one paragraph per line)."""
    from .reader import split_lines

    return from_raw(RawDocument(source, split_lines(text)))


def from_raw(raw: RawDocument) -> Loaded:
    """Clean and outline what a reader returned."""
    from .outline import build_outline

    document = clean(raw)
    return Loaded(raw, document, build_outline(document))
