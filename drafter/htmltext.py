"""Lines of text from an HTML document, one per block, with the standard library's parser.

Used for the HTML and MHT bodies of .docx files (:mod:`drafter.altchunk`). No network, no
scripts: the text of ``head``, ``script``, ``style`` and comments (Word's conditional comments
included) is left out; Word's downlevel-revealed list labels (``<![if !supportLists]>1.<![endif]>``)
are kept, as Word shows them.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
})
"""Tags that end the line before them and start a new one."""
HIDDEN = frozenset({"head", "script", "style", "title", "noscript", "template", "xml"})
"""Tags whose content is not shown."""
_SPACES = re.compile(r"[ \t\r\n\f]+")
_WIDE = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


class BlockText(HTMLParser):
    """Collects ``lines``: the text of each block that holds any, white space collapsed as a
    browser does (a line break between two Chinese characters disappears, as CSS Text 3 says)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._buffer: list[str] = []
        self._hidden = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        """A block tag ends the current line; a hidden one starts hidden content."""
        if tag in HIDDEN:
            self._hidden += 1
        elif tag in BLOCKS:
            self._flush()
            self._pre += tag == "pre"

    def handle_startendtag(self, tag: str, attrs) -> None:
        """``<br/>`` ends the line."""
        if tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        """The end of a block ends the line; the end of a hidden tag ends hidden content."""
        if tag in HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in BLOCKS:
            self._flush()
            self._pre = max(0, self._pre - (tag == "pre"))

    def handle_data(self, data: str) -> None:
        """Text of the current line (nothing inside hidden tags)."""
        if self._hidden:
            return
        if self._pre:
            first, *rest = data.split("\n")
            self._buffer.append(first)
            for line in rest:
                self._flush()
                self._buffer.append(line)
            return
        self._buffer.append(data)

    def close(self) -> None:
        """Finish the document: the last line too."""
        super().close()
        self._flush()

    def _flush(self) -> None:
        text = "".join(self._buffer)
        self._buffer = []
        if self._pre:
            text = text.rstrip("\r")
        else:
            text = _SPACES.sub(_collapse, text).strip(" ")
        if text.strip(" \t\u3000\u00a0"):
            self.lines.append(text)


def _collapse(m: re.Match) -> str:
    """A run of HTML white space: one space, or nothing for a line break between wide characters."""
    run, text = m.group(), m.string
    if "\n" in run or "\r" in run:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if _WIDE.match(before or " ") and _WIDE.match(after or " "):
            return ""
    return " "
