"""The frame of a draft around its numbered body: 称呼, 开场, 过渡, 号召, 结尾 and the like, chosen
from the phrase banks (``drafter/data/stock_phrases.yaml`` and any ``--bank``).

Phrases are chosen by category, kind and topic, never twice in a draft, only where the brief can
fill their slots, and never one the genre does not say. Topics are found as whole words (see
:func:`drafter.material.find_names`): a 警示教育大会 takes no phrase written for schools. The 称呼 of
a speech comes from who listens (``data/audience.toml``), never from the topic.
"""

from __future__ import annotations

import random
import re

from .bank import Phrase, fill_slots, slots_in
from .brief import Brief, Kind
from .numbering import CN_COUNT_CHARS, find_inline, int_to_cn, is_word_series, match_start
from .resources import load_toml

_COUNTED = re.compile(rf"([{CN_COUNT_CHARS}])(点|个方面|方面|项|句话|条|个字)")


def fills_for(brief: Brief) -> dict[str, str]:
    """The values of the slots a brief can fill."""
    fills = {"地区": brief.region, "单位": brief.org, "会议名称": brief.meeting,
             "年份": f"{brief.date.year}年" if brief.date else None,
             "主题": brief.topic[0] if brief.topic else None}
    return {k: v for k, v in fills.items() if v}


def brief_text(brief: Brief) -> str:
    """The words of a brief that say what it is about (meeting, purpose, title, topics)."""
    return " ".join(filter(None, [brief.meeting, brief.purpose, brief.title, " ".join(brief.topic)]))


def salutation(brief: Brief, kind: Kind, rng: random.Random) -> str:
    """The 称呼 for the brief's audience (or, without one, its meeting), by ``data/audience.toml``."""
    listeners = brief.audience or brief.meeting or ""
    for entry in load_toml("audience.toml")["salutation"]:
        if entry.get("kinds") and kind.name not in entry["kinds"]:
            continue
        words = entry.get("words", [])
        if not words or any(w in listeners for w in words):
            return rng.choice(entry["options"])
    return "同志们："


class Chooser:
    """Picks frame phrases for a draft: relevant to the kind and the topic, never the same twice,
    only those whose slots the brief can fill."""

    def __init__(self, phrases: list[Phrase], brief: Brief, kind: Kind, rng: random.Random, avoid: str = ""):
        from .material import find_names, topics
        from .mine import load_topics

        self.rng = rng
        self.used: set[str] = set()
        self.fills = fills_for(brief)
        topic_words, kinds = load_topics()
        self.all_topics = set(topic_words)
        self.all_kinds = set(kinds) | {"通用"}
        self.avoid = re.compile(avoid) if avoid else None
        vocabulary = {w: f"material:{t.name}" for t in topics().values() for w in t.words}
        vocabulary.update({w: name for name, ws in topic_words.items() for w in (name, *ws)})
        found = find_names(brief_text(brief), vocabulary)
        self.topics = {name for name in found if name in topic_words} | (set(brief.topic) & set(topic_words))
        self.words = set(brief.topic)
        self.kind_tags = set(kind.tags)
        self.phrases = [p for p in phrases if _usable(p.text)]

    def pick(self, category: str, max_len: int = 0, count: int | None = None, exclude: str = "") -> str | None:
        """A phrase of ``category`` (None when the banks have none left that fit).

        Phrases for this kind of meeting and this topic come first; when there are none, the
        kind is let go, then the topic (a 闭幕词 may take a 回顾 phrase written for 总结会).
        """
        for strict_kind, strict_topic in ((True, True), (False, True), (False, False)):
            found = self._pick(category, max_len, count, strict_kind, strict_topic, exclude)
            if found is not None:
                return found
        return None

    def _pick(self, category, max_len, count, strict_kind, strict_topic, exclude="") -> str | None:
        scored = []
        for p in self.phrases:
            if p.category != category or p.text in self.used or (exclude and exclude in p.text):
                continue
            if max_len and len(p.text) > max_len:
                continue
            if any(s not in self.fills for s in slots_in(p.text)):
                continue
            if count is not None:
                stated = _COUNTED.search(p.text)
                if stated and stated.group(1) != int_to_cn(count) and not (count == 2 and stated.group(1) == "两"):
                    continue
            tags = set(p.tags)
            if not self._fits(tags, strict_kind, strict_topic) or (self.avoid and self.avoid.search(p.text)):
                continue
            score = 1.0 + 3 * bool(tags & self.kind_tags) + 2 * len(tags & self.topics)
            score += 1.5 * any(w in p.text for w in self.words) + 0.5 * ("通用" in tags)
            scored.append((score * score, p))
        if not scored:
            return None
        best = max(s for s, _ in scored)
        pool = [(s, p) for s, p in scored if s >= best / 4]
        phrase = self.rng.choices([p for _, p in pool], weights=[s for s, _ in pool])[0]
        self.used.add(phrase.text)
        return fill_slots(phrase.text, self.fills)

    def _fits(self, tags: set[str], strict_kind: bool = True, strict_topic: bool = True) -> bool:
        """A phrase tagged for other topics or other kinds of meeting only does not fit."""
        topics = tags & self.all_topics
        if strict_topic and topics and not topics & self.topics:
            return False
        kinds = tags & self.all_kinds
        return not strict_kind or not kinds or "通用" in kinds or bool(kinds & self.kind_tags)


def _usable(text: str) -> bool:
    """A phrase a draft can take whole: it carries no marker that would change the outline."""
    if match_start(text) is not None:
        return False
    return all(is_word_series(c.style) for c in find_inline(text))
