"""The sentence bank (drafter/data/material/): schema, no duplicates, valid slots and tags, voices
that fit their roles, and topics found as whole words."""

import collections
import re

import pytest

from drafter import material
from drafter.compose import roles
from drafter.numbering import find_inline, match_start

TOPICS = material.topics()
SENTENCES = [s for t in TOPICS.values() for s in t.sentences]
COMMANDS = re.compile(r"(?:^|[，；])(?:各[^，。；]{0,12})?(?:要(?![求点素件])|必须|务必)")


def test_every_topic_file_is_valid_and_the_bank_is_large():
    assert len(TOPICS) >= 31  # 30 topics and 通用
    assert material.COMMON in TOPICS
    for name in ("安全生产", "危化品安全", "燃气安全", "建筑施工安全", "道路交通安全", "消防安全", "防汛抗旱",
                 "森林防火", "乡村振兴", "营商环境", "民营经济", "招商引资", "项目建设", "党风廉政建设", "警示教育",
                 "作风建设", "组织工作", "宣传思想", "教育", "卫生健康", "生态环保", "文化旅游", "城市管理", "信访维稳",
                 "平安建设", "科技创新", "民生保障", "节日安全", "值班值守"):
        assert name in TOPICS, name
        assert len(TOPICS[name].sentences) >= 70, name


def test_no_sentence_twice_and_only_known_slots():
    counts = collections.Counter(s.text for s in SENTENCES)
    assert [t for t, n in counts.items() if n > 1] == []
    for s in SENTENCES:
        assert set(re.findall(r"\{\{(.*?)\}\}", s.text)) <= set(material.SLOTS), s.text


def test_roles_and_moves_are_declared():
    table = roles()
    for s in SENTENCES:
        assert s.move in table[s.role].moves, (s.role, s.move, s.text)


def test_no_sentence_changes_the_outline():
    """A sentence carries no marker: a drafted point's paragraph keeps the brief's structure."""
    for s in SENTENCES:
        assert match_start(s.text) is None, s.text
        assert find_inline(s.text) == [], s.text


def test_statements_never_instruct():
    """成绩, 经验, 问题 and 打算 sentences state or plan; they never give orders."""
    for s in SENTENCES:
        if roles()[s.role].voice in ("state", "plan") and s.role != "认识":
            assert not COMMANDS.search(s.text), (s.role, s.text)


def test_measures_carry_aspect_tags():
    for s in SENTENCES:
        if s.move == "举措" and s.role in ("部署", "保障"):
            assert 1 <= len(s.tags) <= 3, s.text


def test_no_topic_word_belongs_to_two_topics():
    owners = collections.defaultdict(set)
    for t in TOPICS.values():
        for w in t.words:
            owners[w].add(t.name)
    assert {w: o for w, o in owners.items() if len(o) > 1} == {}


@pytest.mark.parametrize("text, wanted, unwanted", [
    ("全县警示教育大会", "警示教育", "教育"),
    ("全县文化旅游发展大会", "文化旅游", None),
    ("全县燃气安全专项整治部署会", "燃气安全", None),
    ("全县义务教育优质均衡发展推进会", "教育", "警示教育"),
    ("优化营商环境暨民营经济发展大会", "营商环境", None),
])
def test_topics_are_found_as_whole_words(text, wanted, unwanted):
    chosen = material.select_topics([], text)
    assert wanted in chosen
    if unwanted:
        assert unwanted not in chosen


def test_sub_topics_bring_their_parent():
    assert material.select_topics(["燃气安全"], "")[:2] == ["燃气安全", "安全生产"]


def test_a_broken_topic_file_is_reported():
    problems = material.validate({"topic": "x", "sentences": [{"text": "要{{乡长}}抓好。", "role": "部署", "move": "跳舞"}]},
                                 "x.yaml")
    assert any("role/move" in p for p in problems) and any("槽位" in p for p in problems)
