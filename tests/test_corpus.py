"""Every real document of ../shared/corpus/ parses, and its outline is internally sound."""

import pytest
from conftest import CORPUS, corpus_files

from drafter.clean import clean
from drafter.model import RawDocument
from drafter.outline import build_outline
from drafter.reader import read_path

FILES = corpus_files()


def test_corpus_is_there():
    assert len(FILES) == 66, f"the shared corpus is expected at {CORPUS} (set DRAFTER_SHARED)"


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_outline_is_sound(path):
    raw = read_path(str(path))
    result = build_outline(clean(raw))

    def check(nodes, level, parent_line):
        previous = parent_line
        for node in nodes:
            assert node.level == level
            assert node.line >= previous, "nodes must follow document order"
            line = raw.lines[node.line - 1]
            # the marker stands in the input line exactly at the reported column
            assert line[node.column - 1: node.column - 1 + len(node.marker)] == node.marker
            if not node.inline:
                assert line.lstrip(" \t\u3000\u00a0\u2002\u2003\u200b\ufeff").startswith(node.marker)
            assert node.number >= 1
            check(node.children, level + 1, node.line)
            previous = node.line

    check(result.nodes, 1, 0)
    for appendix in result.appendices:
        check(appendix.nodes, 1, appendix.line)
    for part in ("title", "salutation", "transition", "closing"):
        p = getattr(result, part)
        if p is not None:
            assert p.text and 1 <= p.line <= len(raw.lines)


def test_documents_with_numbered_headings_yield_them():
    """Every 公文 and report of these sources has a numbered body, except the two that do not:
    zhouynf/10 (a reply without numbering) and zhouynf/20 (its 130 items are in 附件)."""
    numbered = [p for p in FILES if p.parent.name in ("zhouynf", "mengke25", "johncodes404")]
    empty = [f"{p.parent.name}/{p.name}" for p in numbered if not build_outline(clean(read_path(str(p)))).nodes]
    assert empty == ["zhouynf/10.txt", "zhouynf/20.txt"]
    appendix = build_outline(clean(read_path(str(next(p for p in FILES if p.match("zhouynf/20.txt")))))).appendices
    assert [(a.marker, a.title) for a in appendix] == [("附件", "国务院第五次大督查发现的典型经验做法")]
    assert [n.number for n in appendix[0].nodes] == list(range(1, 131))


def test_a_huge_document_is_outlined():
    text = "\n".join(p.read_text(encoding="utf-8") for p in FILES if p.suffix == ".txt")
    big = RawDocument("big", (text + "\n") .split("\n") * 4)
    result = build_outline(clean(big))
    assert sum(1 for _ in result.walk()) > 1000
