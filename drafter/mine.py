"""Mine reusable phrasing from a corpus of speeches (``drafter phrases mine``).

The outline says where each kind of phrase stands: headings give 标题 (and the paired
four-character headings inside them), the opening paragraph 开场, the sentence leading into the
body 过渡, the clause before an inline 一是 引领, the last paragraphs 号召/结尾/致谢. Candidates
are found without NLP; the NLP layer then turns names into slots and finds heading pairs.
Documents are streamed one at a time, so memory grows with the number of distinct phrases, not
with the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .bank import CATEGORIES, Phrase
from .model import Document, DrafterError, Outline
from .numbering import STYLES
from .pipeline import load
from .punct import sentences
from .resources import load_toml

_REVIEW = re.compile(r"以来|过去一年|过去的一年|取得了|成效|成绩")
_EMPHASIS = re.compile(r"^(这里|在此|同时|最后)?[，,]?(我)?(要|想|还要)?(特别|再|再次|着重|重点)?强调|"
                       r"^(我们)?(必须|要|应当)(清醒地?|充分|深刻|清楚地?)(看到|认识到)")
_REQUIREMENT = re.compile(r"^(各级各部门|各地各部门|各地区各部门|各单位|各级|各部门|我们)?(要|必须|务必)")
_CALL = re.compile(r"让我们|奋斗|奋进|努力|共同|为.{2,30}而")
_THANKS = re.compile(r"^谢谢|感谢")
_PER_DOCUMENT = 6  # at most this many 回顾/强调/要求 sentences from one document


@dataclass
class Candidate:
    """A phrase found in a document, before slotting."""

    text: str
    category: str
    source: str
    whole: bool = True  # False: look only for heading pairs inside it (a long heading)


@dataclass
class MineResult:
    """The mined bank and the files that could not be read."""

    phrases: list[Phrase] = field(default_factory=list)
    failures: list[DrafterError] = field(default_factory=list)
    documents: int = 0
    characters: int = 0


def load_topics() -> tuple[dict, dict]:
    """Topic words and meeting kinds (``data/topics.toml``): name → words that signal it."""
    raw = load_toml("topics.toml")
    return raw["topics"], raw["kinds"]


def tags_for(title: str, text: str, topics: dict, kinds: dict) -> list[str]:
    """Meeting kind (from the title) and topic words (from the title and the phrase)."""
    found = [kind for kind, words in kinds.items() if any(w in title for w in words)] or ["通用"]
    found += [topic for topic, words in topics.items() if any(w in title or w in text for w in words)]
    return found


def candidates(doc: Document, outline: Outline) -> Iterable[Candidate]:
    """Where the stock phrasing of a speech stands, found through its outline."""
    paragraphs = doc.paragraphs
    text_of = {p.line: p.text for p in paragraphs}
    src = doc.source

    def at(line):
        return f"{src}:{line}"

    if outline.salutation and len(outline.salutation.text) <= 20:
        yield Candidate(outline.salutation.text, "称呼", at(outline.salutation.line))
    if outline.transition:
        yield Candidate(outline.transition.text, "过渡", at(outline.transition.line))
    body_lines = [p.line for p in paragraphs]
    first_heading = next((n.line for n in outline.nodes if not n.inline and STYLES[n.style].is_heading), None)
    opening = [p for p in paragraphs
               if (outline.salutation is None or p.line > outline.salutation.line)
               and (outline.title is None or p.line > outline.title.line)
               and (first_heading is None or p.line < first_heading)
               and (outline.transition is None or p.line <= outline.transition.line)]
    for p in opening[:2]:
        for sentence in _sentences(p.text)[:2]:
            if outline.transition is None or sentence != outline.transition.text:
                yield Candidate(sentence, "开场", at(p.line))
    for node in outline.walk():
        if len(node.heading) >= 4:
            yield Candidate(node.heading, "标题", at(node.line), whole=len(node.heading) <= 40)
        if node.inline and node.number == 1 and not STYLES[node.style].is_heading:
            lead = _lead_in(text_of.get(node.line, ""), node.marker)
            if lead:
                yield Candidate(lead, "引领", at(node.line))
    counts = {"回顾": 0, "强调": 0, "要求": 0}
    marked = {n.line for n in outline.walk() if not n.inline}
    for p in paragraphs:
        if p.line in marked:
            continue  # a heading's sentences are headings, not body phrasing
        for sentence in _sentences(p.text):
            category = None
            if _EMPHASIS.search(sentence):
                category = "强调"
            elif _REQUIREMENT.match(sentence) and len(sentence) <= 60:
                category = "要求"
            elif _REVIEW.search(sentence) and (first_heading is None or p.line < first_heading + 10):
                category = "回顾"
            if category and counts[category] < _PER_DOCUMENT and 8 <= len(sentence) <= 80:
                counts[category] += 1
                yield Candidate(sentence, category, at(p.line))
    yield from _ending(outline, paragraphs, body_lines, at)


def _ending(outline: Outline, paragraphs, body_lines, at) -> Iterable[Candidate]:
    closing = outline.closing
    if closing is not None:
        if _THANKS.search(closing.text) and len(closing.text) <= 20:
            yield Candidate(closing.text, "致谢", at(closing.line))
        elif len(closing.text) <= 30:
            yield Candidate(closing.text, "结尾", at(closing.line))
    last_marker = max((n.line for n in outline.nodes for n in n.walk()), default=0)
    tail = [p for p in paragraphs if p.line > last_marker and (closing is None or p.line <= closing.line)]
    for p in tail[-3:]:
        for sentence in _sentences(p.text):
            if _CALL.search(sentence) and sentence.endswith(("！", "!", "。")) and 8 <= len(sentence) <= 100:
                yield Candidate(sentence, "号召", at(p.line))


def _sentences(text: str) -> list[str]:
    return [s for _, s in sentences(text) if len(s) >= 4]


def _lead_in(text: str, marker: str) -> str | None:
    """The clause before an inline series: 「主要目的有两个：」一是…"""
    pos = text.find(marker)
    if pos <= 0:
        return None
    before = text[:pos]
    start = max(before.rfind(ch) for ch in "。！？；;!?") + 1
    lead = before[start:].strip()
    if len(lead) > 20:  # keep the clause that leads in: 「…，主要目的有两个：」
        lead = lead[max(lead.rfind(ch) for ch in "，,") + 1:].strip()
    if 4 <= len(lead) <= 60 and lead.endswith(("：", ":")):
        return lead
    return None


def mine(paths: list[str], progress: Callable[[str], object] | None = None) -> MineResult:
    """Mine phrases from files; a bad file is recorded in ``failures`` and skipped."""
    from .nlp import pipeline

    nlp = pipeline()
    topics, kinds = load_topics()
    bank: dict[str, Phrase] = {}
    result = MineResult()
    for path in paths:
        if progress:
            progress(path)
        try:
            loaded = load(path)
        except DrafterError as exc:
            result.failures.append(exc)
            continue
        doc, outline = loaded.document, loaded.outline
        result.documents += 1
        result.characters += sum(len(p.text) for p in doc.paragraphs)
        title = outline.title.text if outline.title else ""
        found = list(candidates(doc, outline))
        for cand, analysis in zip(found, nlp.analyse([c.text for c in found])):
            tag_list = tags_for(title, cand.text, topics, kinds)
            for pair in analysis.pairs:
                _add(bank, pair, "标题", tag_list, cand.source)
            if cand.whole and analysis.slotted is not None and analysis.slotted not in analysis.pairs:
                _add(bank, analysis.slotted, cand.category, tag_list, cand.source)
    order = {c: i for i, c in enumerate(CATEGORIES)}
    result.phrases = sorted(bank.values(), key=lambda p: (order[p.category], -p.count, len(p.text)))
    return result


def _add(bank: dict, text: str, category: str, tags: list[str], source: str) -> None:
    """Count a phrase; the same text after slotting is one phrase (it keeps its first place)."""
    phrase = bank.get(text)
    if phrase is None:
        bank[text] = Phrase(text, category, list(tags), source, 1)
        return
    phrase.count += 1
    phrase.tags.extend(t for t in tags if t not in phrase.tags)


def mine_to_bank(paths: list[str], output: str, min_count: int = 1,
                 progress: Callable[[str], object] | None = None) -> tuple[MineResult, int]:
    """``phrases mine``: mine ``paths`` and write the phrases seen at least ``min_count`` times
    as a bank to ``output`` (never over an input). Nothing is written when no file could be read.
    Returns the result and how many phrases were written."""
    from .bank import dump
    from .write import atomic_write

    if not paths:
        raise DrafterError("没有找到 .txt 或 .docx 文件")
    result = mine(paths, progress=progress)
    if not result.documents:
        reasons = "；".join(str(f) for f in result.failures[:3])
        raise DrafterError(f"没有一个文件能够读取，未写入套话库（{reasons}）", output)
    phrases = [p for p in result.phrases if p.count >= min_count]
    atomic_write(output, dump(phrases), protect=tuple(paths))
    return result, len(phrases)
