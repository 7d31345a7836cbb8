"""Check the numbering and consistency of a speech or 公文 (``drafter check``).

The checker reads the outline (it has no parser of its own) and the cleaned paragraphs. Rules,
their severities and messages are data (``data/rules.toml``). Doubtful cases are warnings:
better to miss a doubtful case than to cry wolf.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import rules as registry
from .model import Document, DrafterError, Node, Outline
from .numbering import (
    HEADING_STYLES,
    STYLES,
    TOP_HEADING_STYLES,
    format_marker,
    group,
    int_to_cn,
    is_article,
    is_word_series,
    last_word,
    match_start,
    writing_code,
)
from .punct import CLAUSE_END
from .resources import load_toml
from .rules import Rule, detector


@dataclass
class Finding:
    """One problem at a place in the input. ``fix`` is the replacement for the marker (or None)."""

    line: int
    column: int
    code: str
    severity: str
    message: str
    fix: str | None = None

    def to_dict(self) -> dict:
        """The JSON contract of one finding."""
        return {"line": self.line, "column": self.column, "code": self.code, "severity": self.severity,
                "message": self.message, "fix": self.fix}


@dataclass
class Edit:
    """Replace ``old`` (which starts at ``line``:``column`` of the input) with ``new``;
    ``codes`` are the rules that asked for it."""

    line: int
    column: int
    old: str
    new: str
    codes: tuple[str, ...] = ()


@dataclass
class CheckResult:
    """All findings of one document, sorted by place, and the edits that ``--fix`` would make."""

    source: str
    findings: list[Finding] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The ``check --format json`` contract: source and findings."""
        return {"source": self.source, "findings": [f.to_dict() for f in self.findings]}

    @property
    def errors(self) -> int:
        """How many error-level findings."""
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        """How many warning-level findings."""
        return sum(1 for f in self.findings if f.severity == "warning")


def rules() -> Mapping[str, Rule]:
    """The rule table: code → :class:`~drafter.rules.Rule` (from ``data/rules.toml``)."""
    return registry.rules()


@functools.cache
def _placeholder_patterns() -> tuple[re.Pattern, re.Pattern, tuple[str, ...]]:
    raw = load_toml("rules.toml")
    patterns = re.compile("|".join(f"(?:{p})" for p in raw["placeholders"]["patterns"]))
    return patterns, re.compile(raw["placeholders"]["trigger"]), tuple(raw["lone_x"]["words"])


def check_path(path: str) -> CheckResult:
    """Read, clean, outline and check one file."""
    from .pipeline import load

    loaded = load(path)
    return check(loaded.document, loaded.outline)


def check(doc: Document, outline: Outline | None = None) -> CheckResult:
    """Check a cleaned document (its outline is built when not given): every registered
    detector runs once."""
    if outline is None:
        from .outline import build_outline

        outline = build_outline(doc)
    checker = _Checker(doc.source)
    for run in registry.detectors():
        run(checker, doc, outline)
    result = CheckResult(doc.source, checker.findings, checker.edits())
    result.findings.sort(key=lambda f: (f.line, f.column, f.code))
    return result


def parse_codes(text: str | None) -> list[str] | None:
    """Rule codes or prefixes given as ``N1,P001`` on the command line; an unknown one is an error."""
    if not text:
        return None
    codes = [c.strip().upper() for c in text.split(",") if c.strip()]
    known = rules()
    for code in codes:
        if not any(k.startswith(code) for k in known):
            raise DrafterError(f"没有这条规则：{code}（drafter check --list-rules 列出全部规则）")
    return codes


def select(result: CheckResult, chosen: list[str] | None, ignored: list[str] | None) -> CheckResult:
    """Keep findings whose code starts with one of ``chosen`` and none of ``ignored`` (ruff-style
    prefixes: ``N2`` means every N2xx rule), and the edits those rules ask for."""
    def keep(code):
        if chosen and not any(code.startswith(c) for c in chosen):
            return False
        return not (ignored and any(code.startswith(c) for c in ignored))

    findings = [f for f in result.findings if keep(f.code)]
    edits = [e for e in result.edits if any(keep(c) for c in e.codes)]
    return CheckResult(result.source, findings, edits)


def canonical(style: str, number: int, written: str) -> str:
    """The correct way to write a marker of ``style`` numbered ``number``; ``written`` is how it
    was written (the words of a 首先 series are kept, only their punctuation is corrected)."""
    if is_word_series(style):
        word = written.rstrip("，,：:")
        return word + "，" if written != word else word
    return format_marker(style, number, like=written)


def _canonical(style: str, number: int, written: str) -> str | None:
    """:func:`canonical`, or None when the number cannot be written in the style (一千、 …):
    such a marker is reported but never rewritten."""
    try:
        return canonical(style, number, written)
    except ValueError:
        return None


class _Checker:
    def __init__(self, source: str):
        self.source = source
        self.findings: list[Finding] = []
        self.fixed: dict[int, int] = {}  # id(node) -> corrected number
        self.nodes: dict[int, Node] = {}
        self.codes: dict[int, list[str]] = {}  # id(node) -> rules that want its marker changed
        self.seen: list[Node] = []  # every node in document order, for continued numbering
        self.once: dict[tuple[str, str], list[tuple[Finding, Node]]] = {}  # (code, style) -> a `once` rule's

    def add(self, node_or_line: Node | int, code: str, fix: str | None = None, column: int | None = None,
            variant: str = "", **fields: str) -> None:
        """Record a finding of ``code`` at a node (or a line and column), message from the rule table."""
        rule: Rule = rules()[code]
        if isinstance(node_or_line, Node):
            line, column = node_or_line.line, node_or_line.column
            fields.setdefault("marker", node_or_line.marker)
        else:
            line = node_or_line
        fields.setdefault("want", fix or "")
        finding = Finding(line, column or 1, code, rule.severity, rule.format(variant, **fields), fix)
        self.findings.append(finding)
        if rule.once and isinstance(node_or_line, Node):
            self.once.setdefault((code, node_or_line.style), []).append((finding, node_or_line))
        if isinstance(node_or_line, Node) and fix is not None:
            self.codes.setdefault(id(node_or_line), []).append(code)

    # -- series: N101 N102 N103 N302 and the marker's own writing: N201–N206 ------------------

    def numbering(self, nodes: list[Node], ancestors: tuple = ()) -> None:
        """N1xx, N2xx and N302 for every series of siblings, depth first."""
        for series in _series(nodes):
            self._series(series, ancestors)
        for node in nodes:
            self.numbering(node.children, ancestors + (id(node),))

    def _series(self, series: list[Node], ancestors: tuple) -> None:
        first = series[0]
        words = is_word_series(first.style)
        start = 1
        if first.number != 1 and not words:
            cousin = self._cousin(first, ancestors)
            if cousin is not None:  # numbered on from an earlier list of the same style
                start = cousin.number + 1  # its number as written: no cascade across sections
                if first.number > start:
                    # a gap across sections is a lost marker or items left out on purpose: it is
                    # reported, not renumbered (--fix makes safe fixes only, and renumbering here
                    # would move every later section on, one section per run)
                    self.add(first, "N101", None, missing=_missing(first.style, start, first.number))
                    start = first.number
                elif first.number < start:
                    self.add(first, "N103", self._fix(first, start), variant="reversed")
            else:
                self.add(first, "N103", self._fix(first, 1))
        for k, node in enumerate(series):
            expected = start + k
            self.seen.append(node)
            self.nodes[id(node)] = node
            if words:
                expected = node.number
            if k and not words:
                previous = series[k - 1].number
                if node.number == previous:
                    self.add(node, "N102", self._fix(node, expected))
                elif node.number > previous + 1:
                    self.add(node, "N101", self._fix(node, expected),
                             missing=_missing(node.style, previous + 1, node.number))
                elif node.number < previous:
                    self.add(node, "N103", self._fix(node, expected), variant="reversed")
            if node.style != first.style:
                self.add(node, "N302", previous=first.marker, want=_family_marker(first.style, node.number))
            self.fixed[id(node)] = expected
            self._writing(node, expected)

    def _fix(self, node: Node, number: int) -> str | None:
        return _canonical(node.style, number, node.marker)

    def _cousin(self, first: Node, ancestors: tuple) -> Node | None:
        """The last earlier node of the same style that is not an ancestor: a list numbered on
        across sections (第十一条 after 第十条 of the previous chapter)."""
        for node in reversed(self.seen):
            if node.style == first.style and id(node) not in ancestors:
                return node
        return None

    def _writing(self, node: Node, number: int) -> None:
        m = match_start(node.marker)
        code = writing_code(m) if m is not None else None
        if code is not None:
            self.add(node, code, _canonical(node.style, number, node.marker))

    def report_consistent_once(self) -> None:
        """A rule marked ``once`` (1．, 第12条): where every marker of a style is written that one
        way, the document gets one finding at the first marker instead of one per line. Every
        marker keeps its edit."""
        for (code, style), found in self.once.items():
            total = sum(1 for node in self.nodes.values() if node.style == style)
            if len(found) < 2 or len(found) != total:
                continue
            first, node = found[0]
            first.message = rules()[code].format("consistent", marker=node.marker, want=first.fix or "", text=str(total))
            dropped = {id(f) for f, _ in found[1:]}
            self.findings = [f for f in self.findings if id(f) not in dropped]

    def edits(self) -> list[Edit]:
        """Every safe fix: renumbered series, corrected punctuation, brackets and digits.

        A marker renumbered only because an earlier one was (一、二、四、五、 → 五 becomes 四)
        has no finding of its own; its edit counts as part of the N101 fix.
        """
        out = []
        for key, node in self.nodes.items():
            number = self.fixed.get(key, node.number)
            new = _canonical(node.style, number, node.marker)
            codes = list(self.codes.get(key, []))
            if number != node.number and not any(c.startswith("N1") for c in codes):
                codes.append("N101")
            if new is not None and new != node.marker and codes:
                out.append(Edit(node.line, node.column, node.marker, new, tuple(codes)))
        out.sort(key=lambda e: (e.line, e.column))
        return out

    # -- levels: N301 N303 --------------------------------------------------------------------

    def levels(self, trees: list[list[Node]]) -> None:
        """N301 (level order, skipped levels) and N303 (styles differing between sections)."""
        used = {n.style for nodes in trees for root in nodes for n in root.walk()}
        two_level = len(used & set(HEADING_STYLES)) <= 2
        child_styles: dict[tuple[int, str], dict[str, Node]] = {}
        for nodes in trees:
            self._level_order(nodes, None, two_level, child_styles)
        for (_level, _parent_style), styles in child_styles.items():
            if len(styles) < 2:
                continue
            first_style = next(iter(styles))
            for _style, node in list(styles.items())[1:]:
                self.add(node, "N303", expected=first_style)

    def _level_order(self, nodes, parent: Node | None, two_level: bool, child_styles) -> None:
        rank = {s: i for i, s in enumerate(HEADING_STYLES)}
        lowest_seen = None
        first_child = None
        for node in nodes:
            if node.style in rank:
                if first_child is None:
                    first_child = node
                if lowest_seen is not None and rank[node.style] < rank[lowest_seen.style]:
                    self.add(node, "N301", previous=lowest_seen.marker)
                    lowest_seen = node  # reported once; its series goes on from here
                elif lowest_seen is None or rank[node.style] > rank[lowest_seen.style]:
                    lowest_seen = node
                if parent is not None and parent.style in rank:
                    gap = rank[node.style] - rank[parent.style]
                    if gap < 0:
                        self.add(node, "N301", variant="inverted", previous=parent.marker)
                    elif gap > 1 and not two_level:
                        self.add(node, "N301", variant="skipped", previous=parent.marker,
                                 expected=HEADING_STYLES[rank[parent.style] + 1])
            self._level_order(node.children, node, two_level, child_styles)
        if parent is not None and parent.style in rank and first_child is not None:
            key = (first_child.level, parent.style)
            child_styles.setdefault(key, {}).setdefault(first_child.style, first_child)

    # -- headings: N401 -----------------------------------------------------------------------

    def headings(self, doc: Document, outline: Outline) -> None:
        """N401: punctuation at the end of stand-alone headings, headings run into their body.

        An item that is a sentence is no heading: a 决定's numbered articles and the items of a
        list that follow each other with no body between them, agenda lines (一、时间地点：…。),
        items longer than a heading."""
        text_of = {p.line: p.text for p in doc.paragraphs}
        after = {a.line: b.line for a, b in zip(doc.paragraphs, doc.paragraphs[1:])}
        starts = {n.line for n in outline.walk() if not n.inline}
        for siblings in _sibling_lists(outline):
            alone = [bool(n.children) or after.get(n.line) not in starts for n in siblings]
            for k, node in enumerate(siblings):
                if node.inline or not STYLES[node.style].is_heading or is_article(node.style):
                    continue
                rest = text_of.get(node.line, "")
                rest = rest[rest.find(node.marker) + len(node.marker):] if node.marker in rest else rest
                if not rest:
                    continue
                body = _CLAUSE_END.search(rest)
                # the last item of a list of sentence items has body after it: the next list or the end
                standalone = alone[k] and not (k == len(siblings) - 1 and k and not alone[k - 1])
                if (node.style in TOP_HEADING_STYLES and standalone and rest[-1] in "。；;，,"
                        and (body is None or body.start() == len(rest) - 1) and not _sentence_item(rest)):
                    self.add(node, "N401", text=node.marker + rest[:12], punct=rest[-1])
                elif len(rest) > 40 and not _ANY_PUNCT.search(rest):
                    self.add(node, "N401", variant="run_in", text=node.marker + rest[:16])

    # -- placeholders: P001 P002 ----------------------------------------------------------------

    def placeholders(self, doc: Document) -> None:
        """P001 placeholders and P002 lone X in every paragraph."""
        placeholders, trigger, lone_x_words = _placeholder_patterns()
        for p in doc.paragraphs:
            if not trigger.search(p.text):
                continue
            taken = []
            for m in placeholders.finditer(p.text):
                taken.append((m.start(), m.end()))
                self.add(p.line, "P001", column=p.indent + m.start() + 1, text=m.group())
            for m in _LONE_X.finditer(p.text):
                pos = m.start()
                if any(a <= pos < b for a, b in taken) or p.text.startswith(lone_x_words, pos):
                    continue
                before = p.text[pos - 1: pos] if pos else ""
                after = p.text[pos + 1: pos + 3]
                if not (_CJK.match(before or " ") or _CJK.match(after[:1] or " ")):
                    continue
                tail = _CJK_RUN.match(after).group()  # type: ignore[union-attr]
                shown = "X" + tail if tail else before + "X"
                self.add(p.line, "P002", column=p.indent + pos + 1, text=shown)


_CLAUSE_END = re.compile(f"[{CLAUSE_END}]")
_COLON = re.compile("[：:]")
_COMMA = re.compile("[，,]")  # a long item with clauses is a sentence, not a heading
_ANY_PUNCT = re.compile(f"[{CLAUSE_END}：:，,、《》“”（）()]")  # a run-in heading has none at all
_HEADING_MAX = 30  # characters of a stand-alone heading; a longer item is a sentence
_LONE_X = re.compile(r"(?<![A-Za-z0-9XＸx])[XＸ](?![A-Za-z0-9XＸx])")
_CJK = re.compile("[\u4e00-\u9fff]")
_CJK_RUN = re.compile("[\u4e00-\u9fff]{0,2}")


# -- the detectors, registered by the codes they report ----------------------------------------

@detector("N101", "N102", "N103", "N201", "N202", "N203", "N204", "N205", "N206", "N207", "N208", "N209",
          "N302")
def _detect_numbering(checker: _Checker, doc: Document, outline: Outline) -> None:
    for nodes in _trees(outline):
        checker.numbering(nodes)
    checker.report_consistent_once()


@detector("N301", "N303")
def _detect_levels(checker: _Checker, doc: Document, outline: Outline) -> None:
    checker.levels(_trees(outline))


@detector("N401")
def _detect_headings(checker: _Checker, doc: Document, outline: Outline) -> None:
    checker.headings(doc, outline)


@detector("P001", "P002")
def _detect_placeholders(checker: _Checker, doc: Document, outline: Outline) -> None:
    checker.placeholders(doc)


def _sentence_item(rest: str) -> bool:
    """Is the text after a marker (with its end punctuation) a sentence rather than a heading:
    longer than a heading, an agenda line with a colon, or a long run of clauses?"""
    return (len(rest) > _HEADING_MAX + 1 or bool(_COLON.search(rest))
            or (len(rest) > 16 and bool(_COMMA.search(rest, 0, len(rest) - 1))))


def _sibling_lists(outline: Outline):
    """Every list of siblings of the outline (body and appendices), depth first."""
    stack = list(_trees(outline))
    while stack:
        nodes = stack.pop()
        if nodes:
            yield nodes
        stack.extend(n.children for n in nodes)


def _trees(outline: Outline) -> list[list[Node]]:
    return [outline.nodes] + [a.nodes for a in outline.appendices]


def _family_marker(style: str, number: int) -> str:
    """Item ``number`` written the way of ``style`` (for telling how to unify a mixed series)."""
    try:
        return format_marker(style, number, last=last_word(style, number, number))
    except ValueError:
        return str(number)


def _missing(style: str, first: int, last: int) -> str:
    """How to name the numbers first..last-1 that a series skipped (“三、” or “三、四、”)."""
    names = [(int_to_cn(n) if is_word_series(style) else format_marker(style, n)) if 0 < n < 1000 else str(n)
             for n in range(first, min(last, first + 3))]
    return "“" + "”“".join(names) + ("”等" if last - first > 3 else "”")


def _series(nodes: list[Node]) -> list[list[Node]]:
    """Split siblings into series: a change of style (all enumerations count as one family,
    so that mixing them is seen) or a restart at one begins a new series — except a second item
    one right after the first, which is a duplicate."""
    out: list[list[Node]] = []
    for node in nodes:
        if out:
            last = out[-1][-1]
            same_group = group(last.style) == group(node.style)
            restart = node.number == 1 and not (last.number == 1 and _adjacent(last, node))
            if same_group and not restart:
                out[-1].append(node)
                continue
        out.append([node])
    return out


def _adjacent(a: Node, b: Node) -> bool:
    """Two items one in a row that repeat each other rather than start a second list."""
    if STYLES[a.style].is_heading:
        return True
    return b.line - a.line <= 1


from . import genre  # noqa: E402,F401 - registers the genre rules (G1xx)
