"""Segment a cleaned document into its outline: numbered headings and speech enumerations.

The rules are written down in ``docs/outline-model.md``. In short: markers are found by
:mod:`drafter.numbering`; a candidate inside a paragraph counts only as part of a series; the
nesting comes from the document (a series that restarts at one nests under the innermost open
node, a marker that continues an open series joins it).
"""

from __future__ import annotations

import bisect
import re

from . import blocks, parts
from .model import Appendix, Document, Node, Outline, Paragraph
from .numbering import (
    ARABIC_DIGITS,
    SEQUENCE_WORDS,
    STYLES,
    MarkerMatch,
    find_inline,
    find_inline_many,
    group,
    is_article,
    is_word_series,
    match_start,
)
from .punct import CLAUSE_END

MAX_DEPTH = 16  # levels of an outline; real documents use at most 7 or 8

_HEADING_END = re.compile("[。！？!?]")
_COLON = re.compile("[：:]")
_SENTENCE_STOP = re.compile(f"[{CLAUSE_END}]")
_CLAUSE = re.compile(f"[{CLAUSE_END}，,]")  # 三是…，…。 is a statement, not a heading with a body below
# A paragraph that opens a section without one of our markers: a short heading-like line, or a
# decimal section number (4.2.2　…) of technical documents.
_UNNUMBERED_HEADING = re.compile(r"^(?!.*[：:]$)[^。！？；;!?]{2,30}[。]?$|^[0-9]{1,2}(\.[0-9]{1,2})+[ \u3000]")
_NUMERIC_LINE = re.compile(rf"^[{ARABIC_DIGITS}.．,，%％\s+-]+$")  # a table cell such as 3.917
_TRIM = "，,；;：:。！？!?、 \t\u3000"
_LOOKAHEAD_PARAGRAPHS = 30  # how far item two of a series may stand from item one


def outline_path(path: str) -> Outline:
    """Read, clean and outline one file (``-`` for standard input)."""
    from .pipeline import load

    return load(path).outline


def outline_text(text: str, source: str = "<text>") -> Outline:
    """Outline of a plain text (one paragraph per line)."""
    from .pipeline import load_text

    return load_text(text, source).outline


def build_outline(doc: Document) -> Outline:
    """Outline of a cleaned document: parts, body nodes and appendices."""
    paragraphs = doc.paragraphs
    result = Outline(doc.source)
    body_end, appendix_starts, note = parts.split_appendices(paragraphs)
    outside = blocks.outside_outline(paragraphs)
    result.header, top = parts.find_header(paragraphs[:body_end])
    result.title, after_title = parts.find_title(paragraphs[:body_end], top)
    if result.title is not None:
        below, after_title = parts.header_after_title(paragraphs[:body_end], after_title)
        result.header += below
    result.salutation, body_start = parts.find_salutation(paragraphs[:body_end], after_title)

    body = _Parser(paragraphs, body_start, body_end, skip=note | outside)
    result.nodes = body.run()

    first = body.first_top_heading if body.first_top_heading is not None else body_end
    result.transition = parts.find_transition(paragraphs, body_start, first + 1)
    last = body.last_paragraph if body.last_paragraph is not None else body_start - 1
    result.closing = parts.find_closing(paragraphs[:body_end], last)

    bounds = appendix_starts + [len(paragraphs)]
    for start, end in zip(appendix_starts, bounds[1:]):
        head = paragraphs[start]
        title = ""
        if start + 1 < end and parts.title_like(paragraphs[start + 1].text):
            title = paragraphs[start + 1].text
        content_start = start + 2 if title else start + 1
        appendix = Appendix(_appendix_marker(head.text), title, head.line)
        appendix.nodes = _Parser(paragraphs, content_start, end, skip=outside).run()
        result.appendices.append(appendix)
    return result


def _appendix_marker(text: str) -> str:
    return text.rstrip("：:.． \u3000").replace(" ", "").replace("\u3000", "")


class _Open:
    """A node still open for children or siblings while the parser walks the document."""

    __slots__ = ("is_heading", "node", "para", "parent")

    def __init__(self, node: Node, para: int, parent: _Open | None, is_heading: bool):
        self.node, self.para, self.parent, self.is_heading = node, para, parent, is_heading


class _Parser:
    """Walks paragraphs ``start``..``end`` once and builds the tree with a stack of open nodes."""

    def __init__(self, paragraphs: list[Paragraph], start: int, end: int, skip: frozenset[int] | set[int] = frozenset()):
        self.paragraphs = paragraphs
        self.start, self.end = start, end
        self.skip = skip
        self.roots: list[Node] = []
        self.stack: list[_Open] = []
        self.seen_under: set[tuple[str, str]] = set()  # (child style, parent style) pairs seen
        self.first_top_heading: int | None = None  # paragraph of the first top-level heading
        self.last_paragraph: int | None = None
        self._starts: dict[int, MarkerMatch | None] = {}
        self.unnumbered_headings: list[int] = []  # paragraphs that read as headings but bear no marker
        self.speakers = blocks.speaker_turns(paragraphs, start, end)  # 记者：… in a transcript

    # -- candidates ------------------------------------------------------------------------

    def _start_of(self, i: int) -> MarkerMatch | None:
        if i not in self._starts:
            self._starts[i] = None if i in self.skip else match_start(self.paragraphs[i].text, lists=True)
        return self._starts[i]

    def run(self) -> list[Node]:
        """Walk the paragraphs once and return the top-level nodes."""
        paragraphs = self.paragraphs[self.start:self.end]
        starts = [self._start_of(i) for i in range(self.start, self.end)]
        inline = find_inline_many([p.text for p in paragraphs], [s.end if s else 0 for s in starts], lists=True)
        for i, found in zip(range(self.start, self.end), inline):
            if i not in self.skip:
                self._paragraph(i, found)
        return self.roots

    def _paragraph(self, i: int, inline: list[MarkerMatch]) -> None:
        start = self._start_of(i)
        if start is None and not inline:
            self._note_unnumbered(i)
            return
        candidates = [start, *inline] if start else inline
        accepted: list[tuple[MarkerMatch, _Open]] = []
        run_started: set[str] = set()
        for k, cand in enumerate(candidates):
            family = group(cand.style)
            continues = self._continued(cand, i)
            if cand.inline and cand.number_list:  # …，一、二季度…: only the next item of an open list
                ok = continues is not None and self._list_is_heading(cand, continues, i)
            elif cand.inline and not (is_article(cand.style) and not cand.loose):
                # 第八条 after a chapter title is sure; 第 12 条 inline may be a reference
                ok = (continues is not None and not cand.glued_digit) or (
                    not cand.glued_digit and (
                        (cand.number == 1 and self._confirmed(candidates, k, i))
                        or family in run_started))
            else:
                ok = self._start_accepted(cand, continues, candidates, i)
            if not ok:
                continue
            if cand.number == 1 or continues is not None:
                run_started.add(family)
            opened = self._place(cand, continues, i)
            accepted.append((cand, opened))
        if not accepted:
            self._note_unnumbered(i)
            return
        for k, (cand, opened) in enumerate(accepted):
            nxt = accepted[k + 1][0].start if k + 1 < len(accepted) else None
            opened.node.heading = self._heading(i, cand, nxt)
        self._close_paragraph(i)
        self.last_paragraph = i

    def _note_unnumbered(self, i: int) -> None:
        text = self.paragraphs[i].text
        if (len(text) <= 31 or text[0].isdigit()) and _UNNUMBERED_HEADING.match(text):
            self.unnumbered_headings.append(i)

    def _start_accepted(self, cand: MarkerMatch, continues, candidates, i: int) -> bool:
        if cand.glued_digit:
            # 20.2026年… is item 20 only where item 19 is open; 10.581 or 1.5% is a number
            return (continues is not None and cand.number is not None and cand.number > 1
                    and not _NUMERIC_LINE.match(self.paragraphs[i].text))
        if cand.number_list:
            return self._list_is_heading(cand, continues, i)
        if not is_word_series(cand.style):
            return True
        if cand.number == 1:
            return self._confirmed(candidates, 0, i)
        return continues is not None

    def _list_is_heading(self, cand: MarkerMatch, continues: _Open | None, i: int) -> bool:
        """Is 三、四季度… (a numeral marker that reads as a list of numbers) a heading after all?
        Only as the next item of the open list (三、 after 二、) whose item of that number does not
        come later, or as item one of a new list whose item two comes next (一、二季度工作回顾 …
        二、下步打算)."""
        if continues is None and (cand.number != 1 or self._innermost(cand.style) is not None):
            return False
        following = self._next_start(cand.style, i)
        if continues is not None:
            return following is None or following.number != cand.number
        return following is not None and following.number == 2

    def _next_start(self, style: str, i: int) -> MarkerMatch | None:
        """The next marker of ``style`` that opens a paragraph after ``i`` and is no list of numbers."""
        for j in range(i + 1, min(i + 1 + _LOOKAHEAD_PARAGRAPHS, self.end)):
            m = None if j in self.skip else self._start_of(j)
            if m is not None and m.style == style and not m.number_list:
                return m
        return None

    def _confirmed(self, candidates: list[MarkerMatch], k: int, i: int) -> bool:
        """Does candidate k (number one) start a series: is item two next, in this paragraph
        or at the start of a following one?"""
        family = group(candidates[k].style)
        for n in range(k + 1, len(candidates)):  # no slice: a copy per candidate is quadratic
            later = candidates[n]
            if group(later.style) == family and later.number == 2 and not later.glued_digit:
                return True
        # an inline 首先 (“…，首先是…”) is often just “first of all”: only 其次/再次 confirm it
        strict = candidates[k].inline and is_word_series(candidates[k].style)
        for j in range(i + 1, min(i + 1 + _LOOKAHEAD_PARAGRAPHS, self.end)):
            if j in self.skip:
                continue
            nxt = self._start_of(j)
            if nxt is not None and not nxt.number_list:
                same = nxt.style == candidates[k].style if strict else group(nxt.style) == family
                return same and nxt.number == 2
            if is_word_series(candidates[k].style) and any(
                    c.number == 2 for c in find_inline(self.paragraphs[j].text) if is_word_series(c.style)):
                return True
        return False

    def _continued(self, cand: MarkerMatch, i: int) -> _Open | None:
        """The innermost open node whose series ``cand`` continues (number = last + 1).

        Speech enumerations of another kind continue a series only from a paragraph start or
        within one paragraph (一是…第二…三是 is one mixed series; a quoted “二要建设” in a later
        paragraph is not the next item of an open 首先 series).
        """
        enumeration = not STYLES[cand.style].is_heading
        for opened in reversed(self.stack):
            node = opened.node
            if enumeration:
                if opened.is_heading:
                    continue
                if node.style != cand.style and cand.inline and opened.para != i:
                    continue
                if is_word_series(cand.style) and cand.number is None:  # 最后
                    if is_word_series(node.style):
                        return opened
                    continue
            elif node.style != cand.style:
                continue
            if cand.number is not None and cand.number == node.number + 1:
                return opened
        return None

    # -- nesting ---------------------------------------------------------------------------

    def _place(self, cand: MarkerMatch, continues: _Open | None, i: int) -> _Open:
        heading = STYLES[cand.style].is_heading
        if heading:
            # a heading never nests under a speech enumeration of an earlier paragraph
            while self.stack and not self.stack[-1].is_heading and self.stack[-1].para != i:
                self.stack.pop()
        evidence = True  # does this placement show how the document ranks its styles?
        if continues is not None:
            self._pop_through(continues)
        else:
            if not heading and cand.number == 1:
                self._close_finished_series(cand, i)
            same = self._innermost(cand.style if heading else None)
            if (cand.number == 1 and same is not None and not self._duplicate(cand, i, same)
                    and not self._new_section_since(same, cand.style)):
                evidence = False  # a new series inside the innermost open node
            elif same is not None:
                self._pop_through(same)  # a broken series stays in the series it breaks
            elif heading:
                while self.stack and self.stack[-1].is_heading and self._ranks_above(
                        cand.style, self.stack[-1].node.style):
                    self.stack.pop()
            else:
                self._place_new_enumeration(cand, i)
        while self.stack and self.stack[-1].node.level >= MAX_DEPTH:
            self.stack.pop()  # no deeper (一是…一是… without end): the rest stays at the deepest level
        parent = self.stack[-1] if self.stack else None
        number = cand.number
        if number is None:  # 最后: the series' next number
            number = continues.node.number + 1 if continues else 1
        node = Node(
            level=parent.node.level + 1 if parent else 1,
            style=cand.style, number=number, marker=cand.marker, heading="",
            line=self.paragraphs[i].line, inline=cand.inline,
            column=self.paragraphs[i].indent + cand.start + 1,
        )
        if parent is None:
            self.roots.append(node)
            if self.first_top_heading is None and not cand.inline:
                self.first_top_heading = i
        else:
            parent.node.children.append(node)
            if evidence:
                self.seen_under.add((cand.style, parent.node.style))
        opened = _Open(node, i, parent, heading)
        self.stack.append(opened)
        return opened

    def _close_finished_series(self, cand: MarkerMatch, i: int) -> None:
        """A new series of speech enumerations that starts at one in a later paragraph is a
        sibling of the last series, not its child, where that series is over: a speaker has
        taken the floor since (记者：… / 局长 陈明：…, each answer's 一是…二是… is its own), the
        new series is of the same kind as the open one (一是 after 三是), or the open one ended
        with 最后. An item of another kind (第二，… then 一是…) still takes the new series in."""
        top = self._innermost(None)
        if top is None or top.para == i:
            return
        if self._speaker_since(top.para, i):
            while self.stack and not self.stack[-1].is_heading and self.stack[-1].para != i:
                self.stack.pop()
            return
        while top is not None and top.para != i and (
                top.node.style == cand.style or (is_word_series(top.node.style) and top.node.marker.startswith(
                    SEQUENCE_WORDS[-1])) or not self._takes_series(top, i)):
            self._pop_through(top)
            top = self._innermost(None)

    def _takes_series(self, top: _Open, i: int) -> bool:
        """Does the open item ``top`` (of another kind) take a series that starts in paragraph
        ``i`` as its own? Yes when ``i`` follows its paragraph directly, or when the item stands
        as a heading whose body comes in the paragraphs below (第二，抓好落实 / … / 一是…); an item
        that said all in its own paragraph (四是要…。…。, 三是…，…。) followed by other
        paragraphs is over."""
        if i == top.para + 1 or top.node.inline:
            return i == top.para + 1
        rest = self.paragraphs[top.para].text[len(top.node.marker):]
        return self._form_of(top) == "heading" and not _CLAUSE.search(rest, 0, max(0, len(rest) - 1))

    def _speaker_since(self, after: int, upto: int) -> bool:
        """Does a speaker take the floor in paragraphs after..upto (upto included)?"""
        k = bisect.bisect_right(self.speakers, after)
        return k < len(self.speakers) and self.speakers[k] <= upto

    def _duplicate(self, cand: MarkerMatch, i: int, same: _Open) -> bool:
        """Is a marker numbered one a repeat of the open item one of its style (（一）…（一）),
        rather than a list nested inside it? Only when both stand the same way; an item of
        another kind (第一，… then 一是…) takes the new list in."""
        return (same.node.style == cand.style and same.node.number == cand.number
                and self._form(cand, i) == self._form_of(same))

    def _new_section_since(self, same: _Open, cand_style: str) -> bool:
        """Has an unnumbered heading (「3.2 应急响应」, 「“十四五”时期工作回顾」) stood since
        ``same``, the last item of a list with nothing open below it? Then a list restarting at
        one belongs to that section: a new series beside the old one, not nested in its item."""
        return (same is self.stack[-1] and same.node.style == cand_style and bool(self.unnumbered_headings)
                and self.unnumbered_headings[-1] > same.para)

    def _form(self, cand: MarkerMatch, i: int) -> str:
        """How a marker stands: inline, as a stand-alone heading, or as an item with a body."""
        if cand.inline:
            return "inline"
        rest = self.paragraphs[i].text[cand.end:]
        body = _SENTENCE_STOP.search(rest, 0, max(0, len(rest) - 1))
        return "heading" if body is None and len(rest) <= 50 else "item"

    def _form_of(self, opened: _Open) -> str:
        node = opened.node
        if node.inline:
            return "inline"
        return self._form(MarkerMatch(node.style, node.number, node.marker, 0,
                                      len(node.marker), False), opened.para)

    def _place_new_enumeration(self, cand: MarkerMatch, i: int) -> None:
        """Where a new series of speech enumerations goes: inside this paragraph's own marker;
        inside an open item of another kind whose body this paragraph continues (第二，… then
        一是…六是, then 第三，); otherwise beside the earlier series, under the heading."""
        if not self.stack or self.stack[-1].is_heading or self.stack[-1].para == i:
            return
        if self.stack[-1].node.style != cand.style:
            return
        while self.stack and not self.stack[-1].is_heading:
            self.stack.pop()

    def _innermost(self, style: str | None) -> _Open | None:
        """Innermost open node of ``style`` (None: of any enumeration style)."""
        for opened in reversed(self.stack):
            if style is None and not opened.is_heading:
                return opened
            if style is not None and opened.node.style == style:
                return opened
        return None

    def _pop_through(self, opened: _Open) -> None:
        while self.stack:
            if self.stack.pop() is opened:
                return

    def _ranks_above(self, style: str, other: str) -> bool:
        """Should a new ``style`` close an open ``other``? The document's own usage decides;
        the canonical rank only where the document has not shown either order yet."""
        above = (other, style) in self.seen_under
        below = (style, other) in self.seen_under
        if above != below:
            return above
        return STYLES[style].rank <= STYLES[other].rank

    def _close_paragraph(self, i: int) -> None:
        """Inline series nested under this paragraph's own marker end with the paragraph."""
        while self.stack:
            top = self.stack[-1]
            if top.para == i and top.node.inline and top.parent is not None and top.parent.para == i:
                self.stack.pop()
            else:
                break

    # -- headings --------------------------------------------------------------------------

    def _heading(self, i: int, cand: MarkerMatch, next_start: int | None) -> str:
        text = self.paragraphs[i].text
        end = len(text) if next_start is None else next_start
        rest = text[cand.end:end]
        m = _HEADING_END.search(rest)
        cut = m.start() if m else len(rest)
        if next_start is not None:
            if m is None:
                cut = len(rest.rstrip(_TRIM))
            colon = _COLON.search(rest, 0, cut)
            if colon and cand.end + colon.start() + 1 >= next_start - 2:
                cut = colon.start()  # 「…有三种作用：一是…」: the heading ends at the colon
        heading = rest[:cut].strip(_TRIM)
        if not heading and not cand.inline and i + 1 < self.end:
            following = self.paragraphs[i + 1].text
            if len(following) <= 40 and match_start(following) is None:
                heading = following.strip(_TRIM)  # a marker alone on its line: 「（五）」「资源效率」
        return heading


