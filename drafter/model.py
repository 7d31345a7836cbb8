"""Plain data passed between the stages: read → clean → outline → (check | mine | draft) → write."""

from __future__ import annotations

from dataclasses import dataclass, field


class DrafterError(Exception):
    """An input or usage problem to report to the writer in one line (exit status 2).

    ``message`` is Chinese, for the user; ``path`` and ``line`` say where, when known.
    """

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message


@dataclass
class RawDocument:
    """What the reader got from a file: its lines (one paragraph each), numbered from 1."""

    source: str
    lines: list[str]
    kind: str = "txt"  # "txt" or "docx"
    encoding: str = "utf-8"


@dataclass
class Paragraph:
    """A non-empty paragraph kept by the cleaner.

    ``line`` is the input line (.txt) or paragraph number (.docx); ``indent`` is how many
    characters of leading white space were removed from ``text``.
    """

    line: int
    text: str
    indent: int = 0


@dataclass
class Document:
    """A cleaned document: its paragraphs and the lines the cleaner dropped, with the reason."""

    source: str
    paragraphs: list[Paragraph]
    dropped: list[tuple[int, str]] = field(default_factory=list)
    kind: str = "txt"


@dataclass(slots=True)
class Node:
    """One marker of the outline and the markers nested under it.

    ``column`` is the 1-based character column of the marker in the input line.
    """

    level: int
    style: str
    number: int
    marker: str
    heading: str
    line: int
    inline: bool
    column: int = 1
    children: list[Node] = field(default_factory=list)

    def walk(self):
        """This node and all nodes below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Part:
    """A document part (title, salutation, transition, closing) and the line it starts on."""

    text: str
    line: int


@dataclass
class HeaderLine:
    """A line of a 公文's 版头 or a news dateline: ``kind`` is one of ``copy`` (份号), ``secrecy``
    (密级), ``urgency`` (紧急程度), ``issuer`` (发文机关标志), ``number`` (发文字号), ``signer``
    (签发人), ``dateline`` (电头, 新华社北京2月13日电)."""

    kind: str
    text: str
    line: int


@dataclass
class Appendix:
    """An attachment after the body (附件1 …) with its own outline."""

    marker: str
    title: str
    line: int
    nodes: list[Node] = field(default_factory=list)


@dataclass
class Outline:
    """The structure of one document."""

    source: str
    title: Part | None = None
    salutation: Part | None = None
    transition: Part | None = None
    closing: Part | None = None
    nodes: list[Node] = field(default_factory=list)
    appendices: list[Appendix] = field(default_factory=list)
    header: list[HeaderLine] = field(default_factory=list)

    def walk(self):
        """Every node of the body, then of each appendix, in document order."""
        for node in self.nodes:
            yield from node.walk()
        for appendix in self.appendices:
            for node in appendix.nodes:
                yield from node.walk()
