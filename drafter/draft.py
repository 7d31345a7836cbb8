"""Draft a new speech or 公文 from a brief: structure, roles, developed paragraphs, the frame.

1. The structure comes from the brief (or a corpus skeleton with ``--like``, or the kind's
   default roles); every marker is made by :mod:`drafter.numbering`.
2. Each section gets a role (认识, 成绩, 问题, 部署, 保障, 打算 …) from its heading's words or its
   place in the kind; each point is developed along its role's pattern (:mod:`drafter.compose`)
   from the sentence bank (:mod:`drafter.material`) to the length the plan gives it
   (:mod:`drafter.length`, ``data/lengths.toml``).
3. A Jinja2 template per kind (``drafter/templates/``) lays out the frame: 称呼 for the audience,
   opening, transition, the body, the call and the closing, or a 公文's 主送/formulas/落款.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
from dataclasses import dataclass, field

from . import compose
from .bank import load_banks
from .brief import TEMPLATE_DIR, Brief, Kind, Section, kind_avoid, resolve_kind
from .frame import Chooser, brief_text, fills_for, salutation
from .length import PACE, LengthPlan, count_characters, plan_for, speaking_minutes
from .material import Picker, select_topics
from .model import DrafterError, Node, Outline
from .numbering import BEYOND_HEADINGS, HEADING_STYLES, STYLES, int_to_cn, series_marker

_MAX_TOPUP_ROUNDS = 6


@dataclass
class Item:
    """A numbered paragraph of the draft: its marker, heading, the items below it (own
    paragraphs), the items written inside its paragraph (一是…；二是…), its role, and the text
    that develops it (``body`` for a point, ``lead`` for a section with points)."""

    marker: str
    heading: str
    style: str
    children: list[Item] = field(default_factory=list)
    inline: list[Item] = field(default_factory=list)
    role: str = ""
    body: str = ""
    lead: str = ""

    @property
    def enumeration(self) -> bool:
        """Is this item a speech enumeration (一是, 第一, 首先…) rather than a heading?"""
        return bool(self.style) and not STYLES[self.style].is_heading

    def leaves(self):
        """The points under this item that carry a body (this item itself when it has no children)."""
        if not self.children:
            yield self
        for child in self.children:
            yield from child.leaves()


@dataclass
class Draft:
    """The drafted text and what a writer wants to know about it."""

    text: str
    kind: str
    characters: int
    minutes: float
    planned: tuple[int, int] = (0, 0)  # the kind's (or the brief's) length range
    topics: list[str] = field(default_factory=list)  # the topics the draft was written for
    sources: list = field(default_factory=list)  # corpus sentences it borrowed (ground.Source)
    borrowed: float = 0.0  # share of the draft found in the corpus (as `drafter similar` gives it)


def date_cn(date: dt.date | None) -> str:
    """成文日期 in the GB/T 9704 form: Arabic numerals, no zero padding (2026年3月5日)."""
    return f"{date.year}年{date.month}月{date.day}日" if date else ""


def todo(what: str) -> str:
    """A visible placeholder for what only the writer can supply (drafter check reports it)."""
    return f"〔待补充：{what}〕"


# -- structure ------------------------------------------------------------------------------------

def build_items(sections: list[Section], kind: Kind, plan: LengthPlan | None = None) -> list[Item]:
    """Number the brief's sections: headings take 一、（一）1.（1） level by level; a list of plain
    points takes the kind's enumeration (一是…) in a speech, the next heading level in a 公文."""
    top_sections = plan.sections if plan is not None else 1

    def build(children: list[Section], level: int, top: bool) -> list[Item]:
        nested = any(c.points for c in children)
        if not kind.is_speech or nested or (top and top_sections > 0):
            style = HEADING_STYLES[level] if level < len(HEADING_STYLES) else BEYOND_HEADINGS
            deeper = level + 1
        else:
            style, deeper = kind.point_style, level
        out = []
        for n, child in enumerate(children, start=1):
            marker = series_marker(style, n, len(children))
            out.append(Item(marker, child.heading, style, build(child.points, deeper, False) if child.points else [],
                            role=child.role))
        return out

    return build(sections, 0, True)


def default_sections(kind: Kind, plan: LengthPlan, picker: Picker) -> list[Section]:
    """Sections and points drafted from the bank when the brief gives none: one section per role
    of the kind, its heading and points from the brief's topics."""
    roles = [_voiced(r, kind) for r in kind.roles or ["部署"]]

    def points(role: str) -> list[Section]:
        return [Section(picker.heading(role, section=False) or todo("要点"), role=role)
                for _ in range(max(plan.points, 1))]

    if plan.sections == 0:
        return points(roles[0])
    sections = []
    for k in range(plan.sections):
        role = roles[k % len(roles)]
        own = kind.headings[k] if k < len(kind.headings) else None
        sections.append(Section(own or picker.heading(role, section=True) or todo("标题"), points(role), role))
    return sections


def _voiced(role: str, kind: Kind) -> str:
    """``role``, or 打算 (我们将…) where the kind gives no instructions and the role would."""
    if not kind.instructs and compose.roles()[role].voice == "instruct":
        return "打算"
    return role


def items_like(outline: Outline, picker: Picker, kind: Kind) -> list[Item]:
    """The shape of a corpus speech (its levels, series and inline lists) and its moves: each new
    heading has the role of the heading it replaces (a 成绩 section stays a 成绩 section).

    An inline list at the top of the skeleton (会议的目的，一是…；二是…) gets a paragraph of its
    own: an item without a marker that only holds the inline list.
    """
    defaults = kind.roles or ["部署"]
    tops = [n for n in outline.nodes if not n.inline]

    def make(node: Node, role: str) -> Item:
        role = compose.role_of(node.heading, role)
        section = node.level == 1 and STYLES[node.style].is_heading
        heading = picker.heading(role, section=section) or picker.heading("部署", section=section) or todo("标题")
        item = Item("", heading, node.style, numbered([c for c in node.children if not c.inline], role),
                    numbered([c for c in node.children if c.inline], role), role=role)
        return item

    def numbered(nodes: list[Node], role: str) -> list[Item]:
        items = [make(n, role if n not in tops else defaults[min(tops.index(n), len(defaults) - 1)]) for n in nodes]
        start = 0
        for k in range(1, len(nodes) + 1):
            if k == len(nodes) or nodes[k].number == 1 or nodes[k].style != nodes[k - 1].style:
                for n, item in enumerate(items[start:k], start=1):
                    item.marker = series_marker(item.style, n, k - start)
                start = k
        return items

    out: list[Item] = []
    for node, item in zip(outline.nodes, numbered(outline.nodes, defaults[0])):
        if not node.inline:
            out.append(item)
        elif out and not out[-1].marker:
            out[-1].inline.append(item)
        else:
            out.append(Item("", "", "", inline=[item], role=item.role))
    return out


def assign_roles(items: list[Item], kind: Kind) -> None:
    """Give every item a role: a section by its heading's words, else by its place in the kind;
    a point by its section (or its own words, where they keep the section's voice)."""
    defaults = kind.roles or ["部署"]
    top = [it for it in items if it.marker]
    for k, item in enumerate(top):
        default = defaults[min(k, len(defaults) - 1)] if item.children or len(top) > 1 else defaults[0]
        if not item.children and not kind.is_speech and len(defaults) == 1:
            default = defaults[0]
        item.role = _voiced(item.role or compose.role_of(item.heading, default), kind)
        _assign_below(item, kind)
    for item in items:
        if not item.marker:
            item.role = item.role or defaults[0]


def _assign_below(item: Item, kind: Kind) -> None:
    for child in item.children + item.inline:
        child.role = _voiced(child.role or compose.point_role(child.heading, item.role), kind)
        _assign_below(child, kind)


def develop_items(items: list[Item], plan: LengthPlan, picker: Picker, rng: random.Random, frame: int,
                  leads: bool = True, lender=None) -> None:
    """Write every point's paragraph and (with ``leads``) every section's lead to the plan's lengths;
    with a ``lender`` (:class:`drafter.ground.Lender`) each point first borrows from the corpus."""
    leaves = [leaf for it in items if it.marker for leaf in it.leaves()]
    sections = [node for it in items if it.marker for node in _walk(it) if node.children]
    target = plan.point_target(len(leaves), len(sections) if leads else 0, frame)
    limit = max(plan.point[1], target) + 60
    for node in sections if leads else []:
        enumerated = bool(node.children) and node.children[0].enumeration
        lead_target = (plan.lead[0] + plan.lead[1]) // 2 if node in items else plan.lead[0]
        if lead_target or enumerated:
            node.lead = compose.lead(node.heading, node.role, picker, lead_target, rng, enumerated)
    parents = {id(child): node for it in items if it.marker for node in _walk(it) for child in node.children}
    weights = [compose.roles()[leaf.role].weight for leaf in leaves]
    mean = sum(weights) / len(weights) if weights else 1.0
    base = target
    for leaf, weight in zip(leaves, weights):
        target = int(base * weight / mean)
        limit = int(max(plan.point[1] * weight / mean, target)) + 60
        minimum = int(plan.point[0] * weight / mean)
        borrowed = None
        if lender is not None:
            section = parents.get(id(leaf))
            borrowed = lender.lend(leaf.heading, section.heading if section else "", compose.roles()[leaf.role].voice)
        if compose.is_statement(leaf.heading):  # the writer's own facts: add only what is about them
            leaf.body = compose.develop(leaf.heading, leaf.role, picker, target, limit, 1, borrowed)
        else:
            leaf.body = compose.develop(leaf.heading, leaf.role, picker, target, limit, minimum, borrowed)


def top_up(items: list[Item], picker: Picker, missing: int) -> int:
    """Lengthen the shortest point paragraphs, a sentence at a time, by about ``missing``
    characters; returns how many were added."""
    leaves = [leaf for it in items if it.marker for leaf in it.leaves()]
    added = 0
    for _ in range(_MAX_TOPUP_ROUNDS):
        if added >= missing or not leaves:
            break
        for leaf in sorted(leaves, key=lambda it: len(it.body) / compose.roles()[it.role].weight):
            role = compose.roles()[leaf.role]
            statement = compose.is_statement(leaf.heading)
            for move in role.extend or role.pattern:
                found = picker.sentence(leaf.role, move, leaf.heading, relevant=statement) or (
                    picker.sentence(leaf.role, move, leaf.heading, topical=True) if statement else None)
                if found:
                    leaf.body += found
                    added += len(found)
                    break
            if added >= missing:
                break
    return added


def _walk(item: Item):
    yield item
    for child in item.children:
        yield from _walk(child)


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
    if not kind.is_speech:
        org = brief.org or ""
        about = f"关于做好{subject}工作的" if subject else "关于" + todo("事由") + "的"
        return f"{org}{about}{kind.name}"
    if kind.name in ("开幕词", "闭幕词"):
        return f"在{brief.meeting}上的{kind.name}" if brief.meeting else kind.name
    if brief.meeting:
        return f"在{brief.meeting}上的{'表态发言' if kind.name == '表态发言' else '讲话'}"
    if subject:
        return f"在全{(brief.region or '县')[-1]}{subject}工作会议上的{'表态发言' if kind.name == '表态发言' else '讲话'}"
    return todo("标题")


class _Frame:
    """The functions a template calls for its frame. Each call's result is kept in order, so that
    rendering the template again (after lengthening the body) gives the same frame."""

    def __init__(self, chooser: Chooser, picker: Picker, about: str):
        self.chooser, self.picker, self.about = chooser, picker, about
        self.memory: list[str] = []
        self.calls = 0

    def _remember(self, make) -> str:
        if self.calls < len(self.memory):
            value = self.memory[self.calls]
        else:
            value = make()
            self.memory.append(value)
        self.calls += 1
        return value

    def phrase(self, category: str, max_len: int = 0, count: int | None = None, default: str | None = None,
               exclude: str = "") -> str:
        """A phrase of ``category`` (at most ``max_len`` characters; stating ``count`` points when
        it states a number; not containing ``exclude``), else ``default``, else a 〔待补充〕 placeholder."""
        def make():
            found = self.chooser.pick(category, max_len=max_len, count=count, exclude=exclude)
            return found if found is not None else (default if default is not None else todo(category))
        return self._remember(make)

    def say(self, role: str, *moves: str, default: str = "", must: str = "") -> str:
        """Sentences of the bank for ``role``, one per move (for the opening or closing), each
        containing ``must`` when given."""
        def make():
            found = [self.picker.sentence(role, move, self.about, must=must, todo=False) for move in moves]
            return "".join(f for f in found if f) or default
        return self._remember(make)


def draft(brief: Brief, banks: tuple[str, ...] = (), seed: int | None = None, template_dir: str | None = None,
          like: Outline | None = None, pace: int = PACE, source: str = "<brief>", corpus=None) -> Draft:
    """Write a draft for ``brief``; with ``corpus`` (an open corpus store) its points are grounded
    in the writer's own documents, every borrowed sentence with its source."""
    import jinja2

    kind = resolve_kind(brief.kind, source)
    plan = plan_for(kind.name, brief.length, brief.minutes, pace)
    rng = random.Random(seed if seed is not None else random.SystemRandom().randrange(2 ** 32))
    about = brief_text(brief)
    chosen = select_topics(brief.topic, about)
    avoid = kind_avoid(kind)
    picker = Picker(chosen, fills_for(brief), rng, avoid)
    chooser = Chooser(load_banks(banks), brief, kind, rng, avoid)
    if like is not None:
        items = items_like(like, picker, kind)
    else:
        items = build_items(brief.sections or default_sections(kind, plan, picker), kind, plan)
    assign_roles(items, kind)
    lender = None
    if corpus is not None:
        from .ground import Lender

        lender = Lender(corpus, fills_for(brief), avoid, chosen)
    frame = _Frame(chooser, picker, about)
    context = {
        "kind": kind.name, "genre": kind.genre, "title": default_title(brief, kind),
        "meeting": brief.meeting or "", "speaker": brief.speaker or "", "org": brief.org or "",
        "region": brief.region or "", "date": date_cn(brief.date), "purpose": brief.purpose or "",
        "audience": brief.audience or "", "topic": brief.topic[0] if brief.topic else "",
        "topics": brief.topic, "attachments": brief.attachments, "items": items,
        "sections": sum(1 for it in items if it.marker), "closing_formula": kind.closing,
        "salutation": salutation(brief, kind, rng), "phrase": frame.phrase, "say": frame.say,
        "todo": todo, "cn": int_to_cn,
    }
    env = _environment(template_dir)
    try:
        template = env.get_template(kind.template)
        # the frame first (the opening takes its pick of the bank), then the body to fit around it
        frame_length = count_characters(_render(template, context, frame))
        develop_items(items, plan, picker, rng, frame_length, leads=kind.is_speech, lender=lender)
        text = _render(template, context, frame)
        missing = plan.total[0] + 80 - count_characters(text)
        if missing > 0 and top_up(items, picker, missing):
            text = _render(template, context, frame)
    except jinja2.TemplateNotFound as exc:
        raise DrafterError(f"找不到模板 {exc.name}", template_dir or TEMPLATE_DIR) from None
    except jinja2.TemplateSyntaxError as exc:
        raise DrafterError(f"模板语法错误：{exc.message}", exc.filename or exc.name, exc.lineno) from None
    except jinja2.UndefinedError as exc:
        name = re.search(r"'([^']+)' is undefined", str(exc))
        raise DrafterError(f"模板使用了不存在的字段 {name.group(1) if name else exc}",
                           _template_file(kind, template_dir), _template_line(exc)) from None
    except jinja2.exceptions.SecurityError as exc:
        raise DrafterError(f"模板做了不允许的操作（{exc}）", _template_file(kind, template_dir)) from None
    chars = count_characters(text)
    result = Draft(text, kind.name, chars, speaking_minutes(chars, pace), plan.total, chosen)
    if lender is not None:
        from .ground import place_sources

        place_sources(text, lender.sources)
        result.sources = [s for s in lender.sources if s.draft_line]
        result.borrowed = _borrowed_share(corpus, text)
    return result


def _borrowed_share(corpus, text: str) -> float:
    """The share of ``text`` that `drafter similar` finds in the corpus."""
    from .pipeline import load_text
    from .similar import similar

    return similar(corpus, load_text(text, "<draft>").document).share


def _render(template, context: dict, frame: _Frame) -> str:
    frame.calls = 0
    lines = [line.strip() for line in template.render(context).splitlines()]
    return "\n".join(line for line in lines if line) + "\n"


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
