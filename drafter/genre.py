"""Genre rules of ``drafter check`` (G1xx): what each kind of document must or must not say.

The kind is told from the title (``data/genre.toml``); a document whose title names no kind gets
no genre finding. The wording each rule looks for is data too. Like every rule, each G code is
declared in ``data/rules.toml`` with examples that run as tests, and registered here by code.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import Document, Node, Outline, Paragraph
from .numbering import cn_to_int
from .resources import load_toml
from .rules import detector

if TYPE_CHECKING:
    from .check import _Checker


@functools.cache
def _data() -> tuple[list[tuple[str, re.Pattern]], dict[str, re.Pattern], tuple[str, ...]]:
    raw = load_toml("genre.toml")
    kinds = [(name, re.compile(pattern)) for name, pattern in raw["kinds"].items()]
    words = {name: re.compile(pattern) for name, pattern in raw["words"].items()}
    return kinds, words, tuple(raw["school_titles"])


def kind_of(outline: Outline) -> str | None:
    """The kind a document's title names (请示, 报告, 通知, 函, 纪要, 开幕词, 总结表彰, 讲话), if any."""
    if outline.title is None:
        return None
    title = re.sub(r"\s", "", outline.title.text)
    for name, pattern in _data()[0]:
        if pattern.search(title):
            return name
    return None


def _body(doc: Document, outline: Outline) -> Iterator[Paragraph]:
    """The paragraphs after the title (and salutation), before any appendix."""
    start = outline.salutation.line if outline.salutation else (outline.title.line if outline.title else 0)
    end = min((a.line for a in outline.appendices), default=10 ** 9)
    for p in doc.paragraphs:
        if start < p.line < end:
            yield p


def _words(name: str) -> re.Pattern:
    return _data()[1][name]


_SPEECHES = ("讲话", "开幕词", "总结表彰")


@detector("G101")
def _request_asks(checker: _Checker, doc: Document, outline: Outline) -> None:
    """A 请示 ends by asking for an answer (妥否，请批示 or kin)."""
    if kind_of(outline) != "请示" or outline.title is None:
        return
    body = list(_body(doc, outline))
    if body and not any(_words("request_ending").search(p.text) for p in body[-8:]):
        checker.add(outline.title.line, "G101")


@detector("G102")
def _no_instructions_upward(checker: _Checker, doc: Document, outline: Outline) -> None:
    """A 请示 or 报告 addressed to a superior gives no instructions to subordinates."""
    if kind_of(outline) not in ("请示", "报告"):
        return
    for p in _body(doc, outline):
        m = _words("instruction").search(p.text)
        if m:
            start = m.start() + (1 if p.text[m.start()] in "。；！" else 0)
            checker.add(p.line, "G102", column=p.indent + start + 1, text=p.text[start:start + 12])


@detector("G103")
def _report_asks_nothing(checker: _Checker, doc: Document, outline: Outline) -> None:
    """A 报告 asks for no approval (请示事项 go in a 请示)."""
    if kind_of(outline) != "报告":
        return
    for p in _body(doc, outline):
        m = _words("approval").search(p.text)
        if m:
            checker.add(p.line, "G103", column=p.indent + m.start() + 1, text=m.group())


@detector("G104")
def _speech_without_document_formulas(checker: _Checker, doc: Document, outline: Outline) -> None:
    """A speech says none of the formulas of a 公文 (印发, 特制定本方案, 通知如下, 特此通知)."""
    if kind_of(outline) not in _SPEECHES:
        return
    for p in _body(doc, outline):
        m = _words("document_formula").search(p.text)
        if m:
            checker.add(p.line, "G104", column=p.indent + m.start() + 1, text=m.group())


@detector("G105")
def _commendation_congratulates(checker: _Checker, doc: Document, outline: Outline) -> None:
    """A 总结表彰 speech congratulates those it honours."""
    if kind_of(outline) != "总结表彰" or outline.title is None:
        return
    if not any(_words("congratulate").search(p.text) for p in _body(doc, outline)):
        checker.add(outline.title.line, "G105")


@detector("G106")
def _opening_welcomes(checker: _Checker, doc: Document, outline: Outline) -> None:
    """A 开幕词 welcomes, thanks and wishes the meeting success."""
    if kind_of(outline) != "开幕词" or outline.title is None:
        return
    text = "".join(p.text for p in _body(doc, outline))
    missing = [label for name, label in (("welcome", "欢迎"), ("thanks", "致谢"), ("wish", "预祝"))
               if not _words(name).search(text)]
    if missing:
        checker.add(outline.title.line, "G106", text="、".join(missing))


@detector("G107")
def _count_matches_items(checker: _Checker, doc: Document, outline: Outline) -> None:
    """A lead that announces a count (以下三点、三个结合：) is followed by that many items."""
    nodes = [n for root in outline.nodes for n in root.walk()]
    siblings = _siblings(outline)
    for p in doc.paragraphs:
        m = _words("count_lead").search(p.text)
        if not m:
            continue
        stated = 2 if m.group(1) == "两" else cn_to_int(m.group(1))
        first = next((n for n in nodes if n.line > p.line), None)
        if first is None or stated is None or first.inline or first.line != _next_line(doc, p):
            continue
        series = _series_from(first, siblings)
        if len(series) != stated:
            checker.add(p.line, "G107", column=p.indent + m.start() + 1, text=m.group().rstrip("：:"),
                        expected=str(len(series)))


def _next_line(doc: Document, p: Paragraph) -> int:
    later = [q.line for q in doc.paragraphs if q.line > p.line]
    return min(later, default=-1)


def _siblings(outline: Outline) -> dict[int, list[Node]]:
    out: dict[int, list[Node]] = {}

    def walk(nodes: list[Node]) -> None:
        for n in nodes:
            out[id(n)] = nodes
            walk(n.children)

    walk(outline.nodes)
    return out


def _series_from(first: Node, siblings: dict[int, list[Node]]) -> list[Node]:
    row = siblings[id(first)]
    k = next(i for i, n in enumerate(row) if n is first)
    series = [first]
    for n in row[k + 1:]:
        if n.style != first.style or n.number == 1:
            break
        series.append(n)
    return series


@detector("G108")
def _salutation_fits(checker: _Checker, doc: Document, outline: Outline) -> None:
    """A school's salutation (老师们、同学们) only in a speech about a school."""
    if kind_of(outline) not in _SPEECHES or outline.salutation is None or outline.title is None:
        return
    title = outline.title.text
    if not _words("school_salutation").search(outline.salutation.text) or any(w in title for w in _data()[2]):
        return
    if not any(_words("school_body").search(p.text) for p in _body(doc, outline)):
        checker.add(outline.salutation.line, "G108", text=outline.salutation.text)
