"""Drafting grounded in the writer's corpus (draft --corpus): points reuse corpus sentences with the
brief's names, every borrowed sentence is traceable (--sources, the .docx 批注, the borrowed share),
and a name that cannot be adapted never reaches the draft."""

import docx
import pytest
from click.testing import CliRunner
from conftest import REPO

from cli import main
from drafter import store
from drafter.brief import brief_from_data
from drafter.draft import draft

BRIEF = {"kind": "动员部署会讲话", "meeting": "全县廉政文化建设推进会", "region": "石门县", "org": "中共石门县纪委",
         "date": "2026-05-10", "topic": ["党风廉政建设"], "sections": [
             {"heading": "统一思想，充分认识廉政文化建设的重要性", "points": [
                 "廉政文化建设是构建惩防体系的迫切需要", "加强廉政文化建设是弘扬优秀传统文化的要求"]},
             {"heading": "突出重点，狠抓落实", "points": ["强化廉政文化宣传引导", "强化廉政文化建设检查考核"]}]}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("corpus") / "corpus.sqlite")
    opened = store.open_store(path, create=True)
    opened.add(sorted(str(p) for p in (REPO / "corpora").glob("*.txt")))
    yield path, opened
    opened.close()


def test_points_borrow_adapted_sentences_with_their_sources(corpus):
    _, conn = corpus
    d = draft(brief_from_data(BRIEF), seed=1, corpus=conn)
    assert d.sources, "a corpus that holds matching paragraphs lends sentences"
    lines = d.text.splitlines()
    for s in d.sources:
        assert s.text in lines[s.draft_line - 1]
        assert "廉政" in s.title and s.line > 0
    assert "甘州" not in d.text and "{{" not in d.text, "no corpus place name is left"
    assert 0 < d.borrowed < 0.5


def test_without_a_corpus_nothing_is_borrowed():
    d = draft(brief_from_data(BRIEF), seed=1)
    assert d.sources == [] and d.borrowed == 0


def test_cli_sources_and_docx_comments(corpus, tmp_path):
    path, _ = corpus
    brief = tmp_path / "brief.yaml"
    import yaml

    brief.write_text(yaml.safe_dump(BRIEF, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "初稿.docx"
    result = CliRunner().invoke(main, ["draft", str(brief), "--seed", "1", "--corpus", path, "--sources", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "借用语料" in result.stderr and "← 《" in result.stderr
    comments = list(docx.Document(str(out)).comments)
    assert comments and all("借用自语料库《" in c.text for c in comments)
