"""Hand-drawn gold outlines (tests/gold/*.yaml) of the seeds and of real public documents.

Each gold file was written by reading the document, not by running the parser. The parser must
match every node (line, level, style, number, marker, inline), every appendix, and every part the
gold file states.
"""

import pytest
import yaml
from conftest import GOLD, REPO, resolve_source
from helpers import flat

from drafter.outline import outline_path


def _gold_flat(nodes):
    return [(n["line"], n["level"], n["style"], n["number"], n["marker"], n["inline"]) for n in nodes or []]


@pytest.fixture(scope="module", params=GOLD, ids=lambda p: p.stem)
def case(request):
    gold = yaml.safe_load(request.param.read_text(encoding="utf-8"))
    return gold, outline_path(str(resolve_source(gold["source"])))


def test_enough_gold_documents():
    sources = [yaml.safe_load(p.read_text(encoding="utf-8"))["source"] for p in GOLD]
    assert sum("shared/corpus" in s for s in sources) >= 12
    assert sum(s.startswith("corpora/") for s in sources) == 2


def test_nodes_match_gold(case):
    gold, got = case
    assert flat(got) == _gold_flat(gold["nodes"])


def test_appendices_match_gold(case):
    gold, got = case
    expected = [(a["line"], a["marker"], _gold_flat(a.get("nodes"))) for a in gold.get("appendices") or []]
    assert [(a.line, a.marker, flat(a.nodes)) for a in got.appendices] == expected


def test_parts_match_gold(case):
    gold, got = case
    stated = [p for p in ("title", "salutation", "transition", "closing") if p in gold]
    found = {p: getattr(got, p).text if getattr(got, p) else None for p in stated}
    assert found == {p: gold[p] for p in stated}


SEED_GOLD = [p for p in GOLD if p.stem.startswith("seed__")]


@pytest.mark.parametrize("path", SEED_GOLD, ids=lambda p: p.stem)
def test_seed_headings_match_gold(path):
    """For the seeds the gold also states each node's heading, drawn by hand."""
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    got = outline_path(str(REPO / gold["source"]))
    assert [n.heading for root in got.nodes for n in root.walk()] == [n["heading"] for n in gold["nodes"]]
