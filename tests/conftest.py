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
    """Every document of the shared corpus (the tests need it: it is real public material)."""
    if not CORPUS.is_dir():
        raise RuntimeError(f"shared corpus not found at {CORPUS} (set DRAFTER_SHARED)")
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".docx"))


@pytest.fixture
def repo() -> Path:
    return REPO
