"""Ground a draft in the writer's own corpus (``drafter draft --corpus DB``).

For each point, the corpus paragraphs whose words best match the point (its heading, its
section's heading and the brief's topics; BM25 in the store) lend their sentences. A borrowed
sentence is adapted to the brief: place, organisation, year and meeting go into their slots (the
names are found by the same spaCy + jieba layer that mines phrase banks); a figure that cannot be
adapted is marked 〔待核实：…〕; a sentence naming a person, or one whose names cannot be found,
is left out. Every borrowed sentence keeps its source (document, title, line) for ``--sources``,
for the .docx 批注 and for the draft's report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .bank import fill_slots, slots_in
from .numbering import find_inline, match_start
from .punct import sentences as split_sentences

_PARAGRAPHS = 4  # corpus paragraphs read for one point
_PER_POINT = 2  # sentences a point borrows at most
_COMMANDS = re.compile(r"(?:^|[，；])(?:各[^，。；]{0,12})?(?:要(?![求点素件])|必须|务必)")
_KEEP = ("地区", "年份", "会议名称")  # an organisation found by the tagger may be any office: left out
_VERIFY = {"数字": "〔待核实：数字〕"}


@dataclass
class Source:
    """Where a borrowed sentence comes from, and where it went in the draft."""

    text: str  # the sentence as it stands in the draft
    doc: int
    title: str
    line: int
    where: str  # the corpus paragraph's outline path (《题目》 › 二、… › （一）…)
    draft_line: int = 0

    def to_dict(self) -> dict:
        """The ``--sources`` JSON of one borrowed sentence."""
        return {"draft_line": self.draft_line, "text": self.text, "doc": self.doc, "title": self.title,
                "line": self.line, "where": self.where}

    def note(self) -> str:
        """The 批注 of a borrowed paragraph: where the sentence comes from."""
        return f"借用自语料库《{self.title}》第 {self.line} 行（文档编号 {self.doc}），已按本稿改写地名、单位和年份，请核实。"


class Lender:
    """Finds and adapts corpus sentences for the points of one draft."""

    def __init__(self, store, fills: dict[str, str], avoid: str = "", topics: list[str] | None = None):
        self.store = store
        self.fills = fills
        self.avoid = re.compile(avoid) if avoid else None
        self.topics = topics or []
        self.taken: set[str] = set()
        self.sources: list[Source] = []

    def lend(self, heading: str, section: str, voice: str) -> list[str]:
        """Up to two adapted corpus sentences for a point headed ``heading`` in a section headed
        ``section``; only sentences that fit the voice (an instruction in a 部署 point, a
        statement in a 成绩 point)."""
        from .nlp import pipeline

        words = list(dict.fromkeys(self.store.query_words(" ".join([heading, section, *self.topics[:2]]))))
        words = [w for w in words if len(w) > 1][:8]
        if not words:
            return []
        candidates = []
        for hit in _best_paragraphs(self.store, words, _PARAGRAPHS):
            for _, text in split_sentences(hit.text):
                if self._fits(text, voice):
                    candidates.append((text, hit))
        if not candidates:
            return []
        analyses = pipeline().analyse([text for text, _ in candidates])
        out = []
        for (_, hit), analysis in zip(candidates, analyses):
            adapted = self._adapt(analysis.slotted)
            if adapted is None or adapted in self.taken:
                continue
            self.taken.add(adapted)
            out.append(adapted)
            self.sources.append(Source(adapted, hit.doc, hit.title, hit.line, hit.path))
            if len(out) == _PER_POINT:
                break
        return out

    def _fits(self, text: str, voice: str) -> bool:
        if not 15 <= len(text) <= 100 or text in self.taken:
            return False
        if match_start(text) is not None or find_inline(text) or (self.avoid and self.avoid.search(text)):
            return False
        commands = bool(_COMMANDS.search(text))
        return commands if voice == "instruct" else not commands

    def _adapt(self, slotted: str | None) -> str | None:
        if slotted is None:
            return None
        slots = slots_in(slotted)
        if any(s not in _KEEP and s not in _VERIFY for s in slots):
            return None  # a person, an office holder: not ours to reuse
        if any(s in _KEEP and s not in self.fills for s in slots):
            return None
        text = fill_slots(slotted, self.fills)
        for slot, mark in _VERIFY.items():
            text = re.sub(r"\{\{\s*" + slot + r"\s*\}\}", mark, text)
        return text


def _best_paragraphs(store, words: list[str], limit: int) -> list:
    """The store's best paragraphs for ``words`` (all of them first, then any; BM25)."""
    return store.best_paragraphs(words, limit)


def place_sources(text: str, sources: list[Source]) -> None:
    """Set each source's ``draft_line`` to the line of ``text`` that holds its sentence."""
    lines = text.splitlines()
    for source in sources:
        source.draft_line = next((n for n, line in enumerate(lines, start=1) if source.text in line), 0)
