"""The sentence bank a draft is written from: topic × role × move (``data/material/*.yaml``,
schema in ``docs/material.md``).

A topic file gives the words that select the topic, section and point headings by role, and
sentences by role and move (the steps of a paragraph's development pattern, ``data/roles.toml``).
``_common.yaml`` (topic 通用) holds sentences that fit any topic; a sub-topic (燃气安全) also draws
on its parent (安全生产). No NLP is needed: topics are found by their words, and a sentence's fit
to a point is measured by the character pairs it shares with the point's heading.
"""

from __future__ import annotations

import functools
import os
import random
import re
from dataclasses import dataclass, field

from .bank import fill_slots, slots_in
from .model import DrafterError
from .resources import DATA_DIR, load_toml

MATERIAL_DIR = os.path.join(DATA_DIR, "material")
COMMON = "通用"
SLOTS = ("地区", "单位", "年份", "会议名称")
_KEYS = {"topic", "parent", "words", "sections", "headings", "sentences"}


@dataclass(frozen=True)
class Sentence:
    """One sentence of the bank: its text (with slots), where it fits, and its aspect tags."""

    text: str
    topic: str
    role: str
    move: str
    tags: tuple[str, ...] = ()


@dataclass
class Topic:
    """One topic file: its selecting words, its headings by role and its sentences."""

    name: str
    parent: str | None
    words: tuple[str, ...]
    sections: dict[str, list[str]]
    headings: dict[str, list[str]]
    sentences: list[Sentence] = field(default_factory=list)


def moves() -> dict[str, tuple[str, ...]]:
    """Role → the moves a sentence of that role may serve (``data/roles.toml``)."""
    return {name: tuple(spec["moves"]) for name, spec in load_toml("roles.toml")["role"].items()}


def validate(data: object, source: str) -> list[str]:
    """Problems of one loaded topic file (empty when it is valid), in Chinese."""
    if not isinstance(data, dict):
        return [f"{source}：应为含 topic、words、sentences 的 YAML 映射"]
    problems = [f"{source}：不认识的字段 {k}" for k in data if k not in _KEYS]
    if not isinstance(data.get("topic"), str) or not data["topic"]:
        problems.append(f"{source}：缺少 topic")
    if not isinstance(data.get("words", []), list):
        problems.append(f"{source}：words 应为列表")
    table = moves()
    for key in ("sections", "headings"):
        for role, items in (data.get(key) or {}).items():
            if role not in table:
                problems.append(f"{source}：{key} 中的角色“{role}”不在 roles.toml 中")
            elif not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
                problems.append(f"{source}：{key}.{role} 应为文字列表")
    for i, s in enumerate(data.get("sentences") or [], start=1):
        where = f"{source} 第 {i} 句"
        if not isinstance(s, dict) or not isinstance(s.get("text"), str):
            problems.append(f"{where}：应有 text")
            continue
        if s.get("role") not in table or s.get("move") not in table.get(str(s.get("role")), ()):
            problems.append(f"{where}：role/move “{s.get('role')}/{s.get('move')}”不在 roles.toml 中")
        bad = [slot for slot in slots_in(s["text"]) if slot not in SLOTS]
        if bad:
            problems.append(f"{where}：不认识的槽位 {bad}")
        if not isinstance(s.get("tags", []), list):
            problems.append(f"{where}：tags 应为列表")
    return problems


@functools.cache
def topics() -> dict[str, Topic]:
    """Every topic of the bank by name (``通用`` included), loaded and checked once."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out: dict[str, Topic] = {}
    for name in sorted(os.listdir(MATERIAL_DIR)):
        if not name.endswith(".yaml"):
            continue
        path = os.path.join(MATERIAL_DIR, name)
        with open(path, encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=loader)
        problems = validate(data, name)
        if problems:
            raise DrafterError("素材库文件有误：" + "；".join(problems[:3]), path)
        topic = Topic(data["topic"], data.get("parent") or None, tuple(data.get("words") or ()),
                      data.get("sections") or {}, data.get("headings") or {})
        topic.sentences = [Sentence(s["text"], topic.name, s["role"], s["move"], tuple(s.get("tags") or ()))
                           for s in data["sentences"]]
        out[topic.name] = topic
    return out


def select_topics(named: list[str], text: str) -> list[str]:
    """The topics a brief is about: those it names, and those whose words occur in ``text`` as
    whole words — a word found only inside a longer word of another topic does not count
    (警示教育 does not select 教育, 文化旅游 not 文化). Parents of chosen sub-topics come along."""
    table = topics()
    chosen = [t for t in named if t in table]
    by_word = {w: t.name for t in table.values() for w in (t.name, *t.words) if w}
    for t in named:  # a brief's topic may be one of a topic's words (应急管理 → 安全生产)
        if t in by_word and by_word[t] not in chosen:
            chosen.append(by_word[t])
    for name in find_names(text, by_word):
        if name not in chosen:
            chosen.append(name)
    for name in list(chosen):
        parent = table[name].parent
        if parent and parent in table and parent not in chosen:
            chosen.append(parent)
    return chosen


def find_names(text: str, vocabulary: dict[str, str]) -> list[str]:
    """Names whose words (``vocabulary``: word → name) occur in ``text`` as whole words: a match
    lying inside a longer match of another name's word does not count. In order of appearance."""
    spans = [(m.start(), m.start() + len(w), name) for w, name in vocabulary.items() if w
             for m in re.finditer(re.escape(w), text)]
    found: list[str] = []
    for start, end, name in sorted(spans):
        inside = any(s <= start and end <= e and (e - s) > (end - start) and other != name for s, e, other in spans)
        if not inside and name not in found:
            found.append(name)
    return found


@functools.lru_cache(maxsize=16384)
def _pairs(text: str) -> frozenset[str]:
    core = re.sub(r"\{\{[^{}]*\}\}|[^\u4e00-\u9fff]", "", text)
    return frozenset(core[i:i + 2] for i in range(len(core) - 1))


_LEVELS = "省市县区州旗盟乡镇"
_COUNTY_WORDS = re.compile("县委|县政府|县人大|县政协|全县|我县|县直|县级")
_SHARE = 0.45  # of the bank's sentences one draft may use (two drafts then share about a third)
_TOO_CLOSE = 0.42  # share of character pairs two sentences of one draft may have in common
_COMMON_WEIGHT = 1.0  # a 通用 sentence beside a topic's own
_FIRST_WEIGHT = 1.8  # a sentence of the brief's first topic
_OTHER_WEIGHT = 1.4  # of its other topics (and their parents)


class Picker:
    """Chooses sentences and headings for one draft: from the brief's topics first, then 通用;
    fitting the point they develop; never the same twice; slots filled with the brief's names.

    ``avoid`` is a pattern of what the draft's genre never says (instructions in a 请示, …).
    """

    def __init__(self, chosen: list[str], fills: dict[str, str], rng: random.Random, avoid: str = ""):
        table = topics()
        self.rng = rng
        self.fills = fills
        self.avoid = re.compile(avoid) if avoid else None
        self.used: set[str] = set()
        self.said: list[frozenset[str]] = []  # character pairs of every sentence used so far
        self.order = [table[t] for t in chosen if t in table] + [table[COMMON]]
        # each draft sees its own share of the bank, so that two drafts of one brief differ
        self.resting = {s.text for t in self.order for s in t.sentences if rng.random() > _SHARE}

    def _usable(self, text: str) -> bool:
        if text in self.used or (self.avoid and self.avoid.search(text)):
            return False
        return all(slot in self.fills for slot in slots_in(text))

    def sentence(self, role: str, move: str, about: str = "", specific: bool = True, must: str = "",
                 todo: bool = True, relevant: bool = False, topical: bool = False) -> str | None:
        """A sentence serving ``move`` in a paragraph of ``role`` about ``about`` (a heading), or
        None when the bank has none left. ``must`` is a pattern the sentence has to contain;
        without ``todo`` no sentence with a 〔待补充〕 placeholder is taken; with ``relevant`` only
        one that shares a tag or two character pairs with ``about``; with ``topical`` only one of the
        draft's own topics (not 通用)."""
        want = _pairs(about)
        required = re.compile(must) if must else None
        for rested in (False, True):  # the draft's own share of the bank first, then the rest
            scored = self._scored(role, move, about, want, specific, required, todo, relevant, rested, topical)
            while scored:
                best = max(score for score, _ in scored)
                pool = [(score, s) for score, s in scored if score >= best / 3]
                chosen = self.rng.choices([s for _, s in pool], weights=[score for score, _ in pool])[0]
                if not self._repeats(chosen.text):
                    self.used.add(chosen.text)
                    self.said.append(_pairs(chosen.text))
                    return self._filled(chosen.text)
                scored = [(score, s) for score, s in scored if s is not chosen]
        return None

    def _filled(self, text: str) -> str:
        """``text`` with the brief's names in its slots, and a county's words (县委、县政府、全县)
        turned to the level of the brief's region (市委、市政府、全市) where it is not a county."""
        text = fill_slots(text, self.fills)
        level = self.fills.get("地区", "县")[-1:]
        if level in _LEVELS and level != "县":
            text = _COUNTY_WORDS.sub(lambda m: m.group().replace("县", level), text)
        return text

    def _scored(self, role, move, about, want, specific, required, todo, relevant, rested, topical=False) -> list:
        scored = []
        for rank, topic in enumerate(self.order):
            if topical and topic.name == COMMON:
                continue
            weight = _COMMON_WEIGHT if topic.name == COMMON else (_FIRST_WEIGHT if rank == 0 else _OTHER_WEIGHT)
            if not specific:
                weight = 1.0
            for s in topic.sentences:
                if s.role != role or s.move != move or (s.text in self.resting) != rested:
                    continue
                if not self._usable(s.text):
                    continue
                if (required and not required.search(s.text)) or (not todo and "〔待补充" in s.text):
                    continue
                fit = sum(2 for tag in s.tags if tag in about) + len(want & _pairs(s.text)) * 0.5
                if relevant and fit < 1:
                    continue
                scored.append((weight * (1 + fit), s))
        return scored

    def _repeats(self, text: str) -> bool:
        """Does ``text`` say much the same as a sentence already in the draft?"""
        pairs = _pairs(text)
        return any(len(pairs & said) > _TOO_CLOSE * min(len(pairs), len(said)) for said in self.said)

    def heading(self, role: str, section: bool) -> str | None:
        """A section heading (一、 level) or a point heading of ``role``, from the brief's topics
        first; None when none is left."""
        key = "sections" if section else "headings"
        for topic in self.order:
            options = [h for h in getattr(topic, key).get(role, []) if self._usable(h)]
            if options:
                chosen = self.rng.choice(options)
                self.used.add(chosen)
                return self._filled(chosen)
        return None
