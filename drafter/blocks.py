"""Blocks that the outline parser treats in their own way: a table of contents without page
numbers and footnotes (numbered, but no part of any outline), and the turns of speakers in a
transcript (each answer's series is its own). The patterns are data (``data/parts.toml``).
"""

from __future__ import annotations

import re

from .model import Paragraph
from .numbering import match_start
from .parts import patterns
from .punct import CLAUSE_END

_TOC_MAX_ENTRY = 40  # characters of one table-of-contents entry, page number removed
_TOC_MAX_ENTRIES = 200


def outside_outline(paragraphs: list[Paragraph]) -> set[int]:
    """Paragraphs that belong to no outline although they carry numbers: a table of contents
    without page numbers (目录, its entries, up to the body's first heading) and footnotes (注：①…,
    or a lone 注： and the ① / ［1］ lines under it)."""
    pats = patterns()
    out: set[int] = set()
    n = len(paragraphs)
    for i in [k for k, p in enumerate(paragraphs) if p.text[0] in "目注备附"]:  # cheap test first
        text = paragraphs[i].text
        if i in out:
            continue
        if text[0] == "目" and pats.toc_heading.match(text):
            end = _toc_end(paragraphs, i)
            if end is not None:
                out.update(range(i, end))
        elif m := pats.note.match(text):
            rest = text[m.end():]
            if not rest or pats.note_item.match(rest):  # 注： alone, or 注：① …
                out.add(i)
                while i + 1 < n and pats.note_item.match(paragraphs[i + 1].text):
                    i += 1
                    out.add(i)
    return out


def _toc_key(text: str) -> str:
    text = patterns().toc_tail.sub("", text)
    return re.sub(r"[ \u3000\t]+", "", text)


def _toc_end(paragraphs: list[Paragraph], at: int) -> int | None:
    """Where the table of contents that starts with the 目录 line ``at`` ends: the paragraph that
    repeats its first entry (same text, or the same first marker). None when there is no such
    paragraph: then the lines are no table of contents."""
    first_key, first_marker = "", None
    for j in range(at + 1, min(len(paragraphs), at + 2 + _TOC_MAX_ENTRIES)):
        text = paragraphs[j].text
        key = _toc_key(text)
        if first_key and j > at + 2:
            marker = match_start(text)
            if key == first_key or (first_marker is not None and marker is not None
                                    and (marker.style, marker.number) == first_marker):
                return j
        if not key or len(key) > _TOC_MAX_ENTRY or any(ch in text for ch in CLAUSE_END):
            return None
        if not first_key:
            first_key = key
            start = match_start(text)
            first_marker = (start.style, start.number) if start is not None else None
    return None


def speaker_turns(paragraphs: list[Paragraph], start: int, end: int) -> list[int]:
    """Indexes of the paragraphs ``start``..``end`` where a speaker takes the floor in a transcript
    (记者：, 问：, 县市场监管局局长 陈明：…), in order."""
    speaker = patterns().speaker
    return [i for i in range(start, end) if speaker.match(paragraphs[i].text)]
