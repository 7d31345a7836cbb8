"""Shared test fixtures: where the repository, the seeds and the shared corpus are."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DRAFTER_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
SEEDS = sorted((REPO / "corpora").glob("*.txt"))
GOLD = sorted((REPO / "tests" / "gold").glob("*.yaml"))

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def corpus_files() -> list[Path]:
    """Every document of the shared corpus (real public material). Empty when it is missing:
    ``test_corpus_is_there`` then fails with the reason instead of collection aborting."""
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".docx"))


def resolve_source(source: str) -> Path:
    """A test file's ``source:`` path: ``../shared/…`` is found through DRAFTER_SHARED like every
    other use of the shared material; anything else is relative to the checkout."""
    if source.startswith("../shared/"):
        return SHARED / source[len("../shared/"):]
    return REPO / source


@pytest.fixture
def repo() -> Path:
    return REPO
