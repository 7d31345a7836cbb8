"""Trap documents written for the purpose (tests/holdout/, tests/holdout2/): realistic speeches and
公文 with the genre's pitfalls, each with an outline and the check errors drawn by hand from
docs/outline-model.md, without looking at the parser. The second set was written after the parser
was done and passed on its nodes and errors at the first run (only three transitions were missed)."""

import pytest
import yaml
from conftest import REPO, resolve_source
from helpers import flat

from drafter.check import check_path
from drafter.outline import outline_path

CASES = sorted((REPO / "tests" / "holdout").glob("*.yaml")) + sorted((REPO / "tests" / "holdout2").glob("*.yaml"))


def _gold_flat(nodes):
    return [(n["line"], n["level"], n["style"], n["number"], n["marker"], n["inline"]) for n in nodes or []]


@pytest.fixture(scope="module", params=CASES, ids=lambda p: p.stem)
def case(request):
    gold = yaml.safe_load(request.param.read_text(encoding="utf-8"))
    path = str(resolve_source(gold["source"]))
    return gold, outline_path(path), check_path(path)


def test_there_are_eighteen_trap_documents():
    assert len(CASES) == 18


def test_outline_nodes_and_headings(case):
    gold, got, _ = case
    assert flat(got) == _gold_flat(gold["nodes"])
    assert [n.heading for root in got.nodes for n in root.walk()] == [n["heading"] for n in gold["nodes"]]


def test_appendices(case):
    gold, got, _ = case
    assert [(a.line, flat(a.nodes)) for a in got.appendices] == [
        (a["line"], _gold_flat(a.get("nodes"))) for a in gold.get("appendices") or []]


def test_parts(case):
    gold, got, _ = case
    for part in ("title", "salutation", "transition", "closing"):
        found = getattr(got, part)
        assert (found.text if found else None) == gold.get(part), part


def test_check_errors_exactly_as_a_proofreader_marks_them(case):
    gold, _, result = case
    errors = sorted((f.line, f.code) for f in result.findings if f.severity == "error")
    assert errors == sorted(tuple(e) for e in gold.get("check_errors") or [])
