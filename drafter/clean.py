"""Clean a web copy of a speech without losing the mapping to input lines.

The cleaner only drops whole lines (web chrome, disclaimers, a teaser that repeats the opening,
a repeated title) and strips indentation; every kept paragraph keeps its input line number.
The rules are data: ``data/cleaning.toml``.
"""

from __future__ import annotations

import functools
import re

from .model import Document, Paragraph, RawDocument
from .resources import load_toml

INDENT_CHARS = " \t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff"
_TEASER_END = re.compile(r"(\.{3,}|…+|。{3,})$")
_BOOK_TITLE = re.compile(r"^《([^《》]+)》$")
_NORMALIZE = str.maketrans("()：:，,", "（）：：，，")


class _Rules:
    """The drop rules, compiled for speed: rules anchored at the line start share one pattern
    tried with ``match``; the few unanchored ones are searched only in lines short enough for
    them (each needs a ``max_len``)."""

    def __init__(self):
        raw = load_toml("cleaning.toml")
        self.reasons = []
        anchored = []
        self.unanchored: list[tuple[re.Pattern, int]] = []
        for i, rule in enumerate(raw.get("drop", [])):
            self.reasons.append((rule["reason"], rule.get("max_len")))
            if rule["pattern"].startswith("^") and "|" not in _top_level(rule["pattern"]):
                anchored.append(f"(?P<r{i}>{rule['pattern']})")
            elif rule.get("max_len"):
                self.unanchored.append((re.compile(rule["pattern"]), i))
            else:
                raise ValueError(f"cleaning rule {rule['reason']!r} needs max_len or a leading ^")
        self.anchored = re.compile("|".join(anchored)) if anchored else None
        self.cut = [(re.compile(r["pattern"]), r["reason"]) for r in raw.get("cut", [])]


def _top_level(pattern: str) -> str:
    """The pattern with its bracketed groups removed (to see a top-level alternation)."""
    depth, out = 0, []
    for ch in pattern:
        depth += ch == "("
        if depth == 0:
            out.append(ch)
        depth -= ch == ")"
    return "".join(out)


@functools.cache
def _get_rules() -> _Rules:
    return _Rules()


def clean(raw: RawDocument) -> Document:
    """Turn raw lines into the paragraphs of the document proper."""
    rules = _get_rules()
    paragraphs: list[Paragraph] = []
    dropped: list[tuple[int, str]] = []
    lines = raw.lines
    cut_from = len(lines) * 2 // 3
    for number, line in enumerate(lines, start=1):
        text = line.strip(INDENT_CHARS)
        if not text:
            continue
        reason = _drop_reason(rules, text)
        if reason is None and number > cut_from:
            reason = next((r for pattern, r in rules.cut if pattern.match(text)), None)
            if reason is not None:
                dropped.append((number, reason))
                dropped.extend((n, reason) for n in range(number + 1, len(lines) + 1)
                               if lines[n - 1].strip(INDENT_CHARS))
                break
        if reason is not None:
            dropped.append((number, reason))
            continue
        indent = len(line) - len(line.lstrip(INDENT_CHARS))
        paragraphs.append(Paragraph(number, text, indent))
    paragraphs = _drop_teaser(paragraphs, dropped)
    paragraphs = _drop_repeats(paragraphs, dropped)
    dropped.sort()
    return Document(raw.source, paragraphs, dropped, raw.kind)


def _drop_reason(rules: _Rules, text: str) -> str | None:
    m = rules.anchored.match(text) if rules.anchored else None
    if m is not None:
        reason, max_len = rules.reasons[int((m.lastgroup or "r0")[1:])]
        if max_len is None or len(text) <= max_len:
            return reason
    for pattern, index in rules.unanchored:
        reason, max_len = rules.reasons[index]
        if len(text) <= max_len and pattern.search(text):
            return reason
    return None


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).translate(_NORMALIZE)


def _drop_teaser(paragraphs: list[Paragraph], dropped: list) -> list[Paragraph]:
    """Drop a first line that repeats the beginning of the text and ends in '...'."""
    if len(paragraphs) < 2:
        return paragraphs
    first = paragraphs[0].text
    m = _TEASER_END.search(first)
    if not m:
        return paragraphs
    teaser = _squash(first[: m.start()])
    following = ""
    for p in paragraphs[1:12]:
        following += _squash(p.text)
        if len(following) >= len(teaser):
            break
    if len(teaser) >= 10 and following.startswith(teaser):
        dropped.append((paragraphs[0].line, "重复开头的摘要行"))
        return paragraphs[1:]
    return paragraphs


def _drop_repeats(paragraphs: list[Paragraph], dropped: list) -> list[Paragraph]:
    """Drop a title line repeated right below itself, and a closing 《title》 line."""
    kept: list[Paragraph] = []
    for i, p in enumerate(paragraphs):
        if (i < 8 and kept and len(p.text) <= 200 and abs(len(p.text) - len(kept[-1].text)) <= 8
                and _squash(p.text) == _squash(kept[-1].text)):
            # keep the copy written with full-width punctuation, the proper form
            if p.text.count("(") + p.text.count(")") < kept[-1].text.count("(") + kept[-1].text.count(")"):
                p, kept[-1] = kept[-1], p
            dropped.append((p.line, "重复的标题行"))
            continue
        kept.append(p)
    if kept:
        last = kept[-1]
        m = _BOOK_TITLE.match(last.text)
        if m and any(_squash(m.group(1)) == _squash(p.text) for p in kept[:10]):
            dropped.append((last.line, "文末重复的标题"))
            kept.pop()
    return kept
