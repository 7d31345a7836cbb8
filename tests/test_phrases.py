"""Phrase banks: mining the seeds and the corpus, the stock bank, validation, search, CLI."""

import json
import re

import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO, corpus_files

from cli import main
from drafter import bank
from drafter.mine import mine

SEEDS = [str(p) for p in sorted((REPO / "corpora").glob("*.txt"))]
YEAR = re.compile(r"(19|20)[0-9]{2}|20[xX×]{2}")


@pytest.fixture(scope="module")
def seed_bank():
    result = mine(SEEDS)
    assert not result.failures
    return result.phrases


def _texts(phrases, category=None):
    return [p.text for p in phrases if category is None or p.category == category]


def test_seed_heading_pairs(seed_bank):
    headings = _texts(seed_bank, "标题")
    for pair in ("统一思想，提高认识", "明确任务，强化责任", "加强领导，狠抓落实", "突出重点，狠抓落实"):
        assert pair in headings


def test_seed_transition_and_closing(seed_bank):
    assert any(t.startswith("下面") and "讲几点意见" in t for t in _texts(seed_bank, "过渡"))
    assert "谢谢大家！" in _texts(seed_bank, "致谢")
    assert "同志们：" in _texts(seed_bank, "称呼")
    assert "主要目的有两个：" in _texts(seed_bank, "引领")


def test_seed_names_and_years_are_slotted(seed_bank):
    for text in _texts(seed_bank):
        assert "甘州" not in text and "县纪委监委" not in text and "县纪委" not in text, text
        assert not YEAR.search(text), text
        assert "**" not in text and "XX" not in text, text
    slotted = " ".join(_texts(seed_bank))
    assert "{{单位}}" in slotted and "{{年份}}" in slotted and "{{地区}}" in slotted
    assert "{{地区}}特色社会主义" not in slotted, "中国特色社会主义 is not a place to slot"


def test_mined_phrases_carry_source_tags_and_counts(seed_bank):
    pair = next(p for p in seed_bank if p.text == "加强领导，狠抓落实")
    assert pair.source.endswith("002_7859ca84861aaa05.txt:18")
    assert "廉政" in pair.tags and pair.count == 1
    doubled = mine(SEEDS + SEEDS).phrases
    assert next(p for p in doubled if p.text == "加强领导，狠抓落实").count == 2
    assert len(doubled) == len(seed_bank), "the same text after slotting is one phrase"


def test_mined_bank_round_trips_and_validates(seed_bank, tmp_path):
    path = tmp_path / "seeds.yaml"
    path.write_text(bank.dump(seed_bank), encoding="utf-8")
    assert bank.validate(yaml.safe_load(path.read_text(encoding="utf-8"))) == []
    assert [p.text for p in bank.load(str(path))] == _texts(seed_bank)


def test_stock_bank_is_valid_and_covers_every_category():
    data = yaml.safe_load(open(bank.STOCK, encoding="utf-8"))
    assert bank.validate(data) == []
    phrases = bank.load(bank.STOCK)
    assert len(phrases) >= 300
    for category in bank.CATEGORIES:
        assert sum(p.category == category for p in phrases) >= 10, category
    assert all(p.source == "curated" and p.tags for p in phrases)
    pairs = [p.text for p in phrases if p.category == "标题" and re.fullmatch(r"[\u4e00-\u9fff]{4}，[\u4e00-\u9fff]{4}", p.text)]
    assert len(pairs) >= 50
    for topic in ("廉政", "安全生产", "乡村振兴"):
        assert bank.search(phrases, topic, "号召"), topic


@pytest.mark.slow
def test_corpus_mining_completes_with_a_valid_bank():
    result = mine([str(p) for p in corpus_files()])
    assert result.documents == 66 and not result.failures
    assert bank.validate(yaml.safe_load(bank.dump(result.phrases))) == []
    assert len(result.phrases) > 500
    assert sum(p.category == "过渡" for p in result.phrases) >= 10


@pytest.mark.parametrize("data,problem", [
    ({"phrases": "不是列表"}, "phrases"),
    ({"phrases": [{"text": "同志们：", "category": "问候"}]}, "category"),
    ({"phrases": [{"text": "{{城市}}的同志们：", "category": "称呼"}]}, "未知的槽位"),
    ({"phrases": [{"text": "谢谢！", "category": "致谢"}, {"text": "谢谢！", "category": "致谢"}]}, "重复"),
    ({"phrases": [{"category": "致谢"}]}, "缺少 text"),
    ({"phrases": [{"text": "谢谢！", "category": "致谢", "count": 0}]}, "count"),
])
def test_validation_finds_bad_entries(data, problem):
    assert any(problem in p for p in bank.validate(data))


def test_search_ranks_text_matches_first():
    phrases = [bank.Phrase("强化责任，狠抓落实", "标题", ["廉政"], count=1),
               bank.Phrase("加强廉政建设，筑牢思想防线", "标题", ["党建"], count=1),
               bank.Phrase("让我们为建设廉洁{{地区}}而努力奋斗！", "号召", ["廉政"], count=5)]
    hits = bank.search(phrases, "廉政")
    assert [h.phrase.text for h in hits][:2] == ["加强廉政建设，筑牢思想防线", "让我们为建设廉洁{{地区}}而努力奋斗！"]
    assert [h.phrase.text for h in bank.search(phrases, "廉政", "号召")] == ["让我们为建设廉洁{{地区}}而努力奋斗！"]
    assert [h.phrase.text for h in bank.search(phrases, "廉政 狠抓")] == ["强化责任，狠抓落实"], "every word must match"


def test_cli_mine_skips_a_bad_file(tmp_path):
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"not a zip")
    out = tmp_path / "bank.yaml"
    result = CliRunner().invoke(main, ["phrases", "mine", SEEDS[1], str(bad), "-o", str(out)])
    assert result.exit_code == 2
    assert f"{bad}: .docx 文件已损坏" in result.stderr
    assert "加强领导，狠抓落实" in out.read_text(encoding="utf-8")


def test_cli_search_json_contract(tmp_path):
    out = tmp_path / "bank.yaml"
    CliRunner().invoke(main, ["phrases", "mine", *SEEDS, "-o", str(out)])
    result = CliRunner().invoke(main, ["phrases", "search", "狠抓落实", "--bank", str(out), "--no-stock", "-f", "json"])
    data = json.loads(result.stdout)
    assert data["query"] == "狠抓落实"
    first = data["results"][0]
    assert set(first) == {"text", "category", "tags", "source", "count", "slots", "score"}
    assert all("狠抓落实" in r["text"] for r in data["results"])


def test_cli_bad_bank_is_a_clear_error(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("phrases: [\n  - text: 未闭合", encoding="utf-8")
    result = CliRunner().invoke(main, ["phrases", "list", "--bank", str(broken)])
    assert result.exit_code == 2 and "不是有效的 YAML" in result.stderr


def test_search_and_list_load_no_nlp():
    import subprocess
    import sys

    code = ("import sys; from cli import main\n"
            "try:\n    main(['phrases', 'search', '廉政', '-n', '3'])\nexcept SystemExit:\n    pass\n"
            "print('HEAVY', [m for m in ('jieba', 'spacy') if m in sys.modules], file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert "HEAVY []" in proc.stderr, proc.stderr


def test_shipped_corpus_bank_matches_the_documented_command(tmp_path):
    """banks/corpora.yaml is produced by `drafter phrases mine corpora/ -o banks/corpora.yaml`."""
    import os

    out = tmp_path / "corpora.yaml"
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        result = CliRunner().invoke(main, ["phrases", "mine", "corpora/", "-o", str(out)])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0
    assert (REPO / "banks" / "corpora.yaml").read_text(encoding="utf-8") == out.read_text(encoding="utf-8"), (
        "banks/corpora.yaml is stale: run `make banks`")
