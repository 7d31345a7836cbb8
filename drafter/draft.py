"""Draft a new speech or 公文 from a brief, the phrase banks and a Jinja2 template.

The template (one per kind, ``drafter/templates/``) lays out the parts; it never types a marker:
every 一、/（一）/1./一是 comes from :mod:`drafter.numbering`. Phrases are chosen by category,
kind and topic relevance, never twice in one draft, with the brief's names in their slots.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
from dataclasses import dataclass, field

from .bank import Phrase, fill_slots, load_banks, slots_in
from .brief import TEMPLATE_DIR, Brief, Kind, Section, genre_avoid, resolve_kind
from .length import PACE, count_characters, speaking_minutes
from .model import DrafterError, Node, Outline
from .numbering import (
    BEYOND_HEADINGS,
    CN_COUNT_CHARS,
    HEADING_STYLES,
    STYLES,
    find_inline,
    int_to_cn,
    is_word_series,
    match_start,
    series_marker,
)

_COUNTED = re.compile(rf"([{CN_COUNT_CHARS}])(点|个方面|项)")


@dataclass
class Item:
    """A numbered paragraph of the draft: its marker, heading, the items below it (own
    paragraphs) and the items written inside its paragraph (一是…；二是…)."""

    marker: str
    heading: str
    style: str
    children: list[Item] = field(default_factory=list)
    inline: list[Item] = field(default_factory=list)

    @property
    def enumeration(self) -> bool:
        """Is this item a speech enumeration (一是, 第一, 首先…) rather than a heading?"""
        return bool(self.style) and not STYLES[self.style].is_heading


@dataclass
class Draft:
    """The drafted text and what a writer wants to know about it."""

    text: str
    kind: str
    characters: int
    minutes: float


class Chooser:
    """Picks phrases for a draft: relevant to the kind and the topic, never the same twice,
    only those whose slots the brief can fill."""

    def __init__(self, phrases: list[Phrase], brief: Brief, kind: Kind, rng: random.Random):
        from .mine import load_topics

        self.rng = rng
        self.used: set[str] = set()
        self.fills = _fills(brief)
        topics, kinds = load_topics()
        self.all_topics = set(topics)
        self.all_kinds = set(kinds) | {"通用"}
        avoid = genre_avoid(kind.genre)
        self.avoid = re.compile(avoid) if avoid else None
        words = set(brief.topic) | set(_keywords(brief))
        text = " ".join(filter(None, [brief.meeting, brief.purpose, brief.title, " ".join(brief.topic)]))
        self.topics = {t for t, ws in topics.items() if t in words or any(w in text for w in ws)}
        self.words = words
        self.kind_tags = set(kind.tags)
        self.phrases = [p for p in phrases if _usable(p.text)]

    def pick(self, category: str, max_len: int = 0, count: int | None = None) -> str | None:
        """A phrase of ``category`` (None when the banks have none left that fit).

        Phrases for this kind of meeting and this topic come first; when there are none, the
        kind is let go, then the topic (a 闭幕词 may take a 回顾 phrase written for 总结会).
        """
        for strict_kind, strict_topic in ((True, True), (False, True), (False, False)):
            found = self._pick(category, max_len, count, strict_kind, strict_topic)
            if found is not None:
                return found
        return None

    def _pick(self, category, max_len, count, strict_kind, strict_topic) -> str | None:
        scored = []
        for p in self.phrases:
            if p.category != category or p.text in self.used:
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


def _keywords(brief: Brief) -> list[str]:
    import logging

    import jieba
    import jieba.analyse

    jieba.setLogLevel(logging.WARNING)
    text = " ".join(filter(None, [brief.meeting, brief.purpose, brief.title, " ".join(brief.topic)]))
    return jieba.analyse.extract_tags(text, topK=8) if text else []


def _fills(brief: Brief) -> dict[str, str]:
    fills = {"地区": brief.region, "单位": brief.org, "会议名称": brief.meeting,
             "年份": f"{brief.date.year}年" if brief.date else None,
             "主题": brief.topic[0] if brief.topic else None}
    return {k: v for k, v in fills.items() if v}


def date_cn(date: dt.date | None) -> str:
    """成文日期 in the GB/T 9704 form: Arabic numerals, no zero padding (2026年3月5日)."""
    return f"{date.year}年{date.month}月{date.day}日" if date else ""


def todo(what: str) -> str:
    """A visible placeholder for what only the writer can supply (drafter check reports it)."""
    return f"〔待补充：{what}〕"


# -- structure ------------------------------------------------------------------------------------

def build_items(sections: list[Section], kind: Kind) -> list[Item]:
    """Number the brief's sections: headings take 一、（一）1.（1） level by level; a list of plain
    points takes the kind's enumeration (一是…) in a speech, the next heading level in a 公文."""

    def build(children: list[Section], level: int, top: bool) -> list[Item]:
        nested = any(c.points for c in children)
        if kind.genre == "document" or nested or (top and kind.sections > 0):
            style = HEADING_STYLES[level] if level < len(HEADING_STYLES) else BEYOND_HEADINGS
            deeper = level + 1
        else:
            style, deeper = kind.point_style, level
        out = []
        for n, child in enumerate(children, start=1):
            marker = series_marker(style, n, len(children))
            out.append(Item(marker, child.heading, style, build(child.points, deeper, False) if child.points else []))
        return out

    return build(sections, 0, True)


def default_sections(kind: Kind, chooser: Chooser) -> list[Section]:
    """Sections and points drafted from the banks when the brief gives none."""
    def heading(max_len):
        return chooser.pick("标题", max_len=max_len) or todo("标题")

    points = lambda: [Section(heading(12)) for _ in range(kind.points)]  # noqa: E731
    if kind.sections == 0:
        return points()
    return [Section(heading(30), points()) for _ in range(kind.sections)]


def items_like(outline: Outline, chooser: Chooser) -> list[Item]:
    """The shape of a corpus speech (its levels, series and inline lists), with new headings.

    An inline list at the top of the skeleton (会议的目的，一是…；二是…) gets a paragraph of its
    own: an item without a marker that only holds the inline list.
    """

    def make(node: Node) -> Item:
        max_len = 30 if node.level == 1 and STYLES[node.style].is_heading else 14
        return Item("", chooser.pick("标题", max_len=max_len) or todo("标题"), node.style,
                    numbered([c for c in node.children if not c.inline]),
                    numbered([c for c in node.children if c.inline]))

    def numbered(nodes: list[Node]) -> list[Item]:
        items = [make(n) for n in nodes]
        start = 0
        for k in range(1, len(nodes) + 1):
            if k == len(nodes) or nodes[k].number == 1 or nodes[k].style != nodes[k - 1].style:
                for n, item in enumerate(items[start:k], start=1):
                    item.marker = series_marker(item.style, n, k - start)
                start = k
        return items

    out: list[Item] = []
    for node, item in zip(outline.nodes, numbered(outline.nodes)):
        if not node.inline:
            out.append(item)
        elif out and not out[-1].marker:
            out[-1].inline.append(item)
        else:
            out.append(Item("", "", "", inline=[item]))
    return out


# -- rendering ------------------------------------------------------------------------------------

def _environment(template_dir: str | None):
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    loaders = [FileSystemLoader(template_dir)] if template_dir else []
    loaders.append(FileSystemLoader(TEMPLATE_DIR))
    return SandboxedEnvironment(loader=ChoiceLoader(loaders), undefined=StrictUndefined,
                                trim_blocks=True, lstrip_blocks=True, autoescape=False)


def default_title(brief: Brief, kind: Kind) -> str:
    """A title in the genre's form when the brief gives none."""
    if brief.title:
        return brief.title
    subject = brief.topic[0] if brief.topic else None
    if kind.genre == "document":
        org = brief.org or ""
        about = f"关于做好{subject}工作的" if subject else "关于" + todo("事由") + "的"
        return f"{org}{about}{kind.name}"
    if kind.name in ("开幕词", "闭幕词"):
        return f"在{brief.meeting}上的{kind.name}" if brief.meeting else kind.name
    if brief.meeting:
        return f"在{brief.meeting}上的{'表态发言' if kind.name == '表态发言' else '讲话'}"
    return todo("标题")


def draft(brief: Brief, banks: tuple[str, ...] = (), seed: int | None = None, template_dir: str | None = None,
          like: Outline | None = None, pace: int = PACE, source: str = "<brief>") -> Draft:
    """Write a draft for ``brief``."""
    import jinja2

    kind = resolve_kind(brief.kind, source)
    rng = random.Random(seed if seed is not None else random.SystemRandom().randrange(2 ** 32))
    chooser = Chooser(load_banks(banks), brief, kind, rng)
    if like is not None:
        items = items_like(like, chooser)
    else:
        items = build_items(brief.sections or default_sections(kind, chooser), kind)
    sections = sum(1 for it in items if it.marker)

    def phrase(category: str, max_len: int = 0, count: int | None = None, default: str | None = None) -> str:
        """For templates: a phrase of ``category`` (at most ``max_len`` characters; stating ``count``
        points when it states a number), else ``default``, else a 〔待补充〕 placeholder."""
        found = chooser.pick(category, max_len=max_len, count=count)
        return found if found is not None else (default if default is not None else todo(category))

    context = {
        "kind": kind.name, "genre": kind.genre, "title": default_title(brief, kind),
        "meeting": brief.meeting or "", "speaker": brief.speaker or "", "org": brief.org or "",
        "region": brief.region or "", "date": date_cn(brief.date), "purpose": brief.purpose or "",
        "audience": brief.audience or "", "topic": brief.topic[0] if brief.topic else "",
        "topics": brief.topic, "attachments": brief.attachments, "items": items, "sections": sections,
        "closing_formula": kind.closing, "phrase": phrase, "todo": todo, "cn": int_to_cn,
    }
    env = _environment(template_dir)
    try:
        text = env.get_template(kind.template).render(context)
    except jinja2.TemplateNotFound as exc:
        raise DrafterError(f"找不到模板 {exc.name}", template_dir or TEMPLATE_DIR) from None
    except jinja2.TemplateSyntaxError as exc:
        raise DrafterError(f"模板语法错误：{exc.message}", exc.filename or exc.name, exc.lineno) from None
    except jinja2.UndefinedError as exc:
        name = re.search(r"'([^']+)' is undefined", str(exc))
        raise DrafterError(f"模板使用了不存在的字段 {name.group(1) if name else exc}", _template_file(kind, template_dir),
                           _template_line(exc)) from None
    except jinja2.exceptions.SecurityError as exc:
        raise DrafterError(f"模板做了不允许的操作（{exc}）", _template_file(kind, template_dir)) from None
    lines = [line.strip() for line in text.splitlines()]
    text = "\n".join(line for line in lines if line) + "\n"
    chars = count_characters(text)
    return Draft(text, kind.name, chars, speaking_minutes(chars, pace))


def _template_file(kind: Kind, template_dir: str | None) -> str:
    if template_dir and os.path.exists(os.path.join(template_dir, kind.template)):
        return os.path.join(template_dir, kind.template)
    return os.path.join(TEMPLATE_DIR, kind.template)


def _template_line(exc: Exception) -> int | None:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
