"""Find the parts around the numbered body: title, salutation, transition, closing, appendices.

Patterns are data (``data/parts.toml``). Every finder takes the cleaned paragraphs and returns
positions, so the outline parser can keep parts and markers apart.
"""

from __future__ import annotations

import functools
import re

from .model import HeaderLine, Paragraph, Part
from .numbering import match_start
from .punct import CLAUSE_END
from .resources import load_toml

_LETTER_SPACED = re.compile(r"^(\S[ \u3000]+){3,}\S$")  # 国 家 粮 食 应 急 预 案
HEADER_KINDS = ("copy", "secrecy", "urgency", "number", "signer", "issuer")
"""Kinds of 版头 lines, in the order they are tried (see ``[header]`` in parts.toml); a dateline
is the kind ``dateline``."""
_HEADER_LIMIT = 10  # lines of 版头 above the title


class _Patterns:
    """The compiled patterns of ``data/parts.toml``."""

    def __init__(self, raw: dict):
        self.title_kinds = tuple(raw["title_kinds"])
        self.title_continuations = tuple(raw["title_continuations"])
        self.not_title = re.compile(raw["not_title"])
        header = raw["header"]
        self.header_max = int(header["max_len"])
        self.header_kinds = [(kind, re.compile(header[kind])) for kind in HEADER_KINDS]
        self.organ = re.compile(header["organ"])
        self.dateline = re.compile(header["dateline"])
        self.salutation_inline = re.compile(raw["salutation_inline"])
        self.not_salutation = re.compile(raw["not_salutation"])
        self.transitions = [re.compile(p) for p in raw["transitions"]]
        self.closings = re.compile(raw["closings"])
        self.closing_addresses = re.compile(raw["closing_addresses"])
        self.appendix = re.compile(raw["appendix"])
        self.attachment_note = re.compile(raw["attachment_note"])
        self.attachment_item = re.compile(raw["attachment_item"])
        self.toc_line = re.compile(raw["toc_line"])
        self.toc_heading = re.compile(raw["toc_heading"])
        self.toc_tail = re.compile(raw["toc_tail"])
        self.speaker = re.compile(raw["speaker"])
        self.note = re.compile(raw["note"])
        self.note_item = re.compile(raw["note_item"])


@functools.cache
def patterns() -> _Patterns:
    """The compiled part patterns (loaded once)."""
    return _Patterns(load_toml("parts.toml"))


def _unspace(text: str) -> str:
    return re.sub(r"[ \u3000]+", "", text) if _LETTER_SPACED.match(text) else text


def attachment_label(text: str) -> int:
    """How many characters the label of an attachment note takes (``附件：`` or ``附件1.``), 0 when
    ``text`` is no attachment note."""
    m = patterns().attachment_note.match(text)
    return len(m.group("label")) if m else 0


def title_like(text: str) -> bool:
    """Could this line be (part of) a title? Short, or long but ending like a title, with no
    sentence punctuation, no marker, and no 版头 line or dateline."""
    long_ok = len(text) <= 150 and _unspace(text).endswith(patterns().title_kinds)
    return ((len(text) <= 60 or long_ok) and not any(ch in text for ch in "。！？；;!?")
            and not text.endswith(("：", ":", "，", ",")) and match_start(text) is None
            and not patterns().not_title.search(text) and header_kind(text) is None)


def header_kind(text: str) -> str | None:
    """The kind of 版头 line ``text`` is (份号 ``copy``, 密级 ``secrecy``, 紧急程度 ``urgency``,
    发文字号 ``number``, 签发人 ``signer``, 发文机关标志 ``issuer``) or a dateline standing alone
    (``dateline``); None for any other line. An organ's name alone is no header line by itself
    (:func:`find_header` decides by its neighbours)."""
    pats = patterns()
    if len(text) > pats.header_max:
        return None
    for kind, pattern in pats.header_kinds:
        if pattern.search(text):
            return kind
    m = pats.dateline.match(text)
    return "dateline" if m and m.end() == len(text) else None


def find_header(paragraphs: list[Paragraph]) -> tuple[list[HeaderLine], int]:
    """The 版头 lines at the top (份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人, a dateline)
    and the index of the paragraph after them. A line naming an organ belongs to the 发文机关标志
    only when a …文件 line or a 发文字号 comes right after it (the stacked issuers of a joint
    document); otherwise it may be the first line of a split title."""
    kinds: list[str] = []
    for p in paragraphs[:_HEADER_LIMIT]:
        kind = header_kind(p.text) or ("organ" if patterns().organ.match(p.text) else None)
        if kind is None:
            break
        kinds.append(kind)
    for k in range(len(kinds) - 1, -1, -1):  # an organ run takes its kind from the line after it
        if kinds[k] == "organ":
            after = kinds[k + 1] if k + 1 < len(kinds) else None
            kinds[k] = "issuer" if after in ("issuer", "number") else ""
    count = kinds.index("") if "" in kinds else len(kinds)
    return [HeaderLine(kinds[k], paragraphs[k].text, paragraphs[k].line) for k in range(count)], count


def header_after_title(paragraphs: list[Paragraph], start: int) -> tuple[list[HeaderLine], int]:
    """发文字号, 签发人 and dateline lines right after the title (as pages copied from gov.cn and
    news sites show them), and the index of the paragraph after them. A dateline that opens the
    first paragraph (新华社北京2月13日电 近日，…) is reported too; its paragraph stays in the body."""
    found: list[HeaderLine] = []
    i = start
    while i < min(start + 3, len(paragraphs)):
        text = paragraphs[i].text
        kind = header_kind(text)
        if kind in ("number", "signer", "dateline"):
            found.append(HeaderLine(kind, text, paragraphs[i].line))
            i += 1
            continue
        m = patterns().dateline.match(text)
        if m:
            found.append(HeaderLine("dateline", m.group().strip(), paragraphs[i].line))
        break
    return found, i


def find_title(paragraphs: list[Paragraph], start: int | None = None) -> tuple[Part | None, int]:
    """The title (joined when split over lines) and the index of the paragraph after it. It
    starts at ``start``, or after the 版头 (:func:`find_header`) when ``start`` is not given.
    Without a title the index is ``start``."""
    if start is None:
        start = find_header(paragraphs)[1]
    title, count = _title_at(paragraphs[start:])
    return (title, start + count) if title else (None, start)


_LOOKAHEAD = 30  # paragraphs in which item two of a list is looked for
_TITLE_LINES = 4  # a title split over at most this many lines
_TITLE_MAX = 120  # characters of a joined title
_TITLE_FRAGMENT = 12  # characters of a line that cannot be a title on its own


def _title_at(paragraphs: list[Paragraph]) -> tuple[Part | None, int]:
    if not paragraphs or not title_like(paragraphs[0].text) or _opens_numbered_body(paragraphs):
        return None, 0
    kinds = patterns().title_kinds
    parts = [_unspace(paragraphs[0].text)]
    count = 1
    while count < min(len(paragraphs), _TITLE_LINES) and title_like(paragraphs[count].text):
        following = _unspace(paragraphs[count].text)
        if sum(map(len, parts)) + len(following) > _TITLE_MAX:
            break
        # a joined title that ends like a title goes on only with a line that ends like one too:
        # 关于认真学习贯彻 / 习近平总书记重要讲话 / 精神的通知
        if "".join(parts).endswith(kinds) and not (following.endswith(kinds) and (
                len(following) <= _TITLE_FRAGMENT or following.startswith(patterns().title_continuations))):
            break
        parts.append(following)
        count += 1
    if len(parts) > 1 and not "".join(parts).endswith(kinds):
        parts, count = parts[:1], 1  # not a split title after all: keep the first line only
    if count == 1 and not parts[0].endswith(kinds) and len(paragraphs) > 1:
        sub = paragraphs[1].text
        if sub.startswith(("——", "—", "--")) and sub.endswith(kinds) and len(sub) <= 60:
            parts.append(sub)  # a main title and its subtitle: 凝心聚力 / ——在…会议上的讲话
            count = 2
    return Part("".join(parts), paragraphs[0].line), count


def _opens_numbered_body(paragraphs: list[Paragraph]) -> bool:
    """Is the first line item one of a list although it reads as a list of numbers
    (一、二季度工作回顾 … 二、下半年打算)? Then it is the body's first heading, not a title."""
    first = match_start(paragraphs[0].text, lists=True)
    if first is None or not first.number_list or first.number != 1:
        return False
    for p in paragraphs[1:_LOOKAHEAD]:
        m = match_start(p.text)
        if m is not None and m.style == first.style:
            return m.number == 2
    return False


def find_salutation(paragraphs: list[Paragraph], start: int) -> tuple[Part | None, int]:
    """A salutation or 主送机关 among the first paragraphs after the title.

    Returns the part and the index of the first body paragraph.
    """
    for i in range(start, min(start + 5, len(paragraphs))):
        text = paragraphs[i].text
        if match_start(text) is not None or _transcript_turn(text):
            break  # the body, or a transcript (主持人 王敏：) that has no salutation
        if (text.endswith(("：", ":")) and len(text) <= 100 and "。" not in text
                and not patterns().not_salutation.search(text)):
            return Part(text, paragraphs[i].line), i + 1
        m = patterns().salutation_inline.match(text)
        if m:
            return Part(m.group(1), paragraphs[i].line), i
        if len(text) > 60:
            break
    return None, start


def _transcript_turn(text: str) -> bool:
    """A speaker's label as transcripts write it (主持人 王敏：, 【记者】, 问：), not an addressee
    (王超斌委员：, 各位代表： are salutations)."""
    m = patterns().speaker.match(text)
    return m is not None and (text.startswith(("【", "主持人", "记者", "问", "答", "提问"))
                              or any(ch in m.group() for ch in " \u3000（("))


def find_transition(paragraphs: list[Paragraph], start: int, stop: int) -> Part | None:
    """The sentence leading into the body, searched in paragraphs ``start``..``stop``."""
    for pattern in patterns().transitions:  # in order of preference
        for p in paragraphs[start:stop]:
            m = pattern.search(p.text)
            if m:
                return Part(_sentence_around(p.text, m.start(), m.end()), p.line)
    return None


def _sentence_around(text: str, start: int, end: int) -> str:
    begin = max(text.rfind(ch, 0, start) for ch in CLAUSE_END) + 1
    stops = [i for i in (text.find(ch, end) for ch in "。！？!?：:") if i != -1]
    finish = min(stops) + 1 if stops else len(text)
    return text[begin:finish].strip()


def find_closing(paragraphs: list[Paragraph], after: int) -> Part | None:
    """The closing formula near the end, or a last paragraph that addresses the audience again.

    Only paragraphs after index ``after`` (the last marker's paragraph) are considered for the
    second kind.
    """
    pats = patterns()
    tail = range(len(paragraphs) - 1, max(-1, len(paragraphs) - 8), -1)
    for i in tail:
        if pats.closings.match(paragraphs[i].text):
            return Part(paragraphs[i].text, paragraphs[i].line)
    for i in tail:
        if i > after and pats.closing_addresses.search(paragraphs[i].text):
            return Part(paragraphs[i].text, paragraphs[i].line)
    return None


def split_appendices(paragraphs: list[Paragraph]) -> tuple[int, list[int], set[int]]:
    """Where the body ends, where each appendix starts, and which paragraphs are no part of any
    outline: the attachment note (附件：1.… and its numbered lines) and table-of-contents lines."""
    pats = patterns()
    starts: list[int] = []
    note: set[int] = set()
    in_note = False
    for i, p in enumerate(paragraphs):
        if i == 0:
            continue
        if p.text[-1].isdigit() and pats.toc_line.search(p.text):
            note.add(i)  # a table-of-contents line
            continue
        if p.text[0] not in "附名" and not in_note:  # cheap test before the patterns
            continue
        if pats.appendix.match(p.text):
            starts.append(i)
            in_note = False
        elif not starts and pats.attachment_note.match(p.text):
            note.add(i)
            in_note = True
        elif in_note and pats.attachment_item.match(p.text):
            note.add(i)
        else:
            in_note = False
    body_end = starts[0] if starts else len(paragraphs)
    return body_end, starts, note

