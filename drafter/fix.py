"""Apply the checker's safe fixes to the input file's own bytes.

A .txt keeps its encoding, BOM and line endings; only the marker characters change. In a .docx
only the marker characters inside the runs change: every run keeps its formatting and every other
part of the package is copied byte for byte. Labels drawn by Word's automatic numbering are not
text and are left alone.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .check import Edit
from .model import DrafterError
from .reader import DOCX_SUFFIXES, decode_text

_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")


@dataclass
class FixResult:
    """The fixed file's bytes and how many edits were applied or had to be skipped."""

    data: bytes
    applied: int
    skipped: int


def fix_bytes(data: bytes, source: str, edits: list[Edit]) -> FixResult:
    """Apply ``edits`` to the bytes of ``source`` (a .txt or .docx)."""
    if source.lower().endswith(DOCX_SUFFIXES) or data.startswith(b"PK\x03\x04"):
        return _fix_docx(data, source, edits)
    return _fix_text(data, source, edits)


def _by_line(edits: list[Edit]) -> dict[int, list[Edit]]:
    out: dict[int, list[Edit]] = {}
    for e in edits:
        out.setdefault(e.line, []).append(e)
    for line_edits in out.values():
        line_edits.sort(key=lambda e: e.column, reverse=True)  # right to left keeps columns valid
    return out


def _apply(text: str, edits: list[Edit], shift: int = 0) -> tuple[str, int, int]:
    applied = skipped = 0
    for e in edits:
        start = e.column - 1 - shift
        if start >= 0 and text[start:start + len(e.old)] == e.old:
            text = text[:start] + e.new + text[start + len(e.old):]
            applied += 1
        else:
            skipped += 1
    return text, applied, skipped


def _fix_text(data: bytes, source: str, edits: list[Edit]) -> FixResult:
    text, encoding = decode_text(data, source)
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    if text.startswith("\ufeff"):
        text = text[1:]
    parts = _LINE_BREAK.split(text)  # line, break, line, break, …, line
    applied = skipped = 0
    for line, line_edits in _by_line(edits).items():
        index = 2 * (line - 1)
        if index >= len(parts):
            skipped += len(line_edits)
            continue
        parts[index], a, s = _apply(parts[index], line_edits)
        applied, skipped = applied + a, skipped + s
    return FixResult("".join(parts).encode(encoding), applied, skipped)


def _fix_docx(data: bytes, source: str, edits: list[Edit]) -> FixResult:
    from . import docx_reader

    package = docx_reader.load(data, source)
    wanted = _by_line(edits)
    applied = skipped = 0
    for number, p in enumerate(docx_reader.iter_paragraphs(package.body), start=1):
        label = package.labeller.label(p)  # counted for every paragraph, as Word numbers them
        if number not in wanted:
            continue
        for e in wanted[number]:
            if _edit_runs(p, e.column - 1 - len(label), e.old, e.new):
                applied += 1
            else:
                skipped += 1
    if not applied:
        return FixResult(data, 0, skipped)
    return FixResult(package.rebuilt(), applied, skipped)


def _edit_runs(p, start: int, old: str, new: str) -> bool:
    """Replace ``old`` at character ``start`` of the paragraph's run text by ``new``, touching
    only the ``w:t`` elements that hold those characters."""
    from .docx_reader import wtag

    if start < 0:
        return False  # the marker is a label drawn by Word's numbering, not text
    segments = []  # (element or None, first char, text)
    pos = 0
    t, tab = wtag("t"), wtag("tab")
    for el in p.iter(t, tab, wtag("noBreakHyphen")):
        if el.tag == t:
            text = el.text or ""
            segments.append((el, pos, text))
            pos += len(text)
        elif el.tag != tab or el.getparent().tag == wtag("r"):
            segments.append((None, pos, "\t" if el.tag == tab else "-"))
            pos += 1
    if len(old) == len(new):
        # character by character, so that each character stays in its own run: "(" in one
        # run and "一)" in a bold one become "（" and a bold "一）"
        return all(_replace_range(segments, start + k, old[k], new[k]) for k in range(len(old))
                   if old[k] != new[k]) if _text_at(segments, start, len(old)) == old else False
    if _text_at(segments, start, len(old)) != old:
        return False
    prefix = len(_common_prefix(old, new))
    return _replace_range(segments, start + prefix, old[prefix:], new[prefix:])


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _text_at(segments, start: int, length: int) -> str:
    out = []
    for _, first, text in segments:
        lo, hi = max(start - first, 0), min(start + length - first, len(text))
        if lo < hi:
            out.append(text[lo:hi])
    return "".join(out)


def _replace_range(segments, start: int, old: str, new: str) -> bool:
    """Replace the characters ``old`` at ``start`` by ``new``: the new text goes into the run
    holding the first old character; the rest of the old characters are removed from theirs."""
    end = start + len(old)
    covered = [s for s in segments if s[1] < end and s[1] + len(s[2]) > start]
    if not covered or any(el is None for el, _, _ in covered):
        return False
    for k, (el, first, _) in enumerate(covered):
        text = el.text or ""
        lo, hi = max(start - first, 0), min(end - first, len(text))
        el.text = text[:lo] + (new if k == 0 else "") + text[hi:]
        if el.text != el.text.strip():
            el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return True
