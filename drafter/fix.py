"""Apply the checker's safe fixes to the input file's own bytes.

A .txt keeps its encoding, BOM and line endings; only the marker characters change. In a .docx
only the marker characters inside the runs change: every run keeps its formatting and every other
part of the package is copied unchanged. Labels drawn by Word's automatic numbering, hidden
(``w:vanish``) text and field results are not text the writer typed and are left alone. A fix
that reveals another (``⑴.`` → ``（1）.`` → ``（1）``) is carried through in the same run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .check import CheckResult, Edit
from .model import Document, DrafterError, Paragraph
from .reader import DOCX_SUFFIXES, decode_text, encode_text

_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")


@dataclass
class FixResult:
    """The fixed file's bytes and how many edits were applied or had to be skipped."""

    data: bytes
    applied: int
    skipped: int


def fix_bytes(data: bytes, source: str, edits: list[Edit]) -> FixResult:
    """Apply ``edits`` to the bytes of ``source`` (a .txt or .docx)."""
    if data.startswith(b"\xd0\xcf\x11\xe0") or source.lower().endswith((".doc", ".wps")):
        raise DrafterError("旧版 .doc/.wps 文件不能直接修改；请另存为 .docx 后再用 --fix", source)
    if source.lower().endswith(DOCX_SUFFIXES) or data.startswith(b"PK\x03\x04"):
        return _fix_docx(data, source, edits)
    return _fix_text(data, source, edits)


def fix_paragraphs(doc: Document, edits: list[Edit]) -> Document:
    """A cleaned document with ``edits`` applied to its paragraphs' text (for ``format --fix``)."""
    wanted = _by_line(edits)
    fixed = []
    for p in doc.paragraphs:
        text = p.text
        if p.line in wanted:
            text, _, _ = _apply(text, wanted[p.line], shift=p.indent)
        fixed.append(Paragraph(p.line, text, p.indent))
    return Document(doc.source, fixed, doc.dropped, doc.kind)


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
    lead = "\ufeff" if text.startswith("\ufeff") else ""  # a second BOM: not part of line 1's columns
    try:
        same = encode_text(text, encoding) == data
    except UnicodeEncodeError:
        same = False
    if not same:
        raise DrafterError(f"按原编码（{encoding}）写回会改变未修改的字节，未修复；请另存为 UTF-8 后再试", source)
    parts = _LINE_BREAK.split(text[len(lead):])  # line, break, line, break, …, line
    applied = skipped = 0
    for line, line_edits in _by_line(edits).items():
        index = 2 * (line - 1)
        if index >= len(parts):
            skipped += len(line_edits)
            continue
        parts[index], a, s = _apply(parts[index], line_edits)
        applied, skipped = applied + a, skipped + s
    try:
        fixed = encode_text(lead + "".join(parts), encoding)
    except UnicodeEncodeError:
        raise DrafterError(f"修复后的编号无法用原编码（{encoding}）写出，未修复", source) from None
    return FixResult(fixed, applied, skipped)


def _fix_docx(data: bytes, source: str, edits: list[Edit]) -> FixResult:
    from . import altchunk, docx_reader

    package = docx_reader.load(data, source)
    walker = docx_reader.TextWalker(package.hidden_styles)
    wanted = _by_line(edits)
    applied = skipped = 0
    # line numbers count the lines of an imported HTML body (altChunk), whose text is not edited
    for number, p in altchunk.numbered_paragraphs(package, source):
        label = package.labeller.label(p)  # counted for every paragraph, as Word numbers them
        pieces = walker.pieces(p)  # for every paragraph too: a field may span paragraphs
        if number not in wanted:
            continue
        for e in wanted.pop(number):
            if _edit_pieces(pieces, e.column - 1 - len(label), e.old, e.new):
                applied += 1
            else:
                skipped += 1
            _refresh(pieces)
    skipped += sum(map(len, wanted.values()))  # lines of an altChunk: not edited
    if not applied:
        return FixResult(data, 0, skipped)
    return FixResult(package.rebuilt(), applied, skipped)


def _refresh(pieces) -> None:
    """Re-read the pieces' text after an edit and recount where each starts."""
    pos = 0
    for piece in pieces:
        if piece.element is not None:
            piece.text = piece.element.text or ""
        piece.first = pos
        pos += len(piece.text)


def _edit_pieces(pieces, start: int, old: str, new: str) -> bool:
    """Replace ``old`` at character ``start`` of the paragraph's visible text by ``new``,
    touching only the ``w:t`` elements that hold those characters. Hidden text is not among
    the pieces; text in a field result is not editable (Word would write it again)."""
    if start < 0:
        return False  # the marker is a label drawn by Word's numbering, not text
    if _text_at(pieces, start, len(old)) != old:
        return False
    if len(old) == len(new):
        # character by character, so that each character stays in its own run: "(" in one
        # run and "一)" in a bold one become "（" and a bold "一）"
        changed = [k for k in range(len(old)) if old[k] != new[k]]
        if not all(_editable(pieces, start + k, 1) for k in changed):
            return False
        for k in changed:
            _replace_range(pieces, start + k, old[k], new[k])
            _refresh(pieces)
        return True
    prefix = len(_common_prefix(old, new))
    if not _editable(pieces, start + prefix, len(old) - prefix):
        return False
    _replace_range(pieces, start + prefix, old[prefix:], new[prefix:])
    return True


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _covered(pieces, start: int, length: int):
    end = start + max(length, 1)
    return [pc for pc in pieces if pc.first < end and pc.first + len(pc.text) > start]


def _editable(pieces, start: int, length: int) -> bool:
    covered = _covered(pieces, start, length)
    return bool(covered) and all(pc.editable and pc.element is not None for pc in covered)


def _text_at(pieces, start: int, length: int) -> str:
    out = []
    for pc in pieces:
        lo, hi = max(start - pc.first, 0), min(start + length - pc.first, len(pc.text))
        if lo < hi:
            out.append(pc.text[lo:hi])
    return "".join(out)


def _replace_range(pieces, start: int, old: str, new: str) -> None:
    """Replace the characters ``old`` at ``start`` by ``new``: the new text goes into the run
    holding the first old character; the rest of the old characters are removed from theirs."""
    end = start + len(old)
    for k, pc in enumerate(_covered(pieces, start, len(old))):
        el = pc.element
        text = el.text or ""
        lo, hi = max(start - pc.first, 0), min(end - pc.first, len(text))
        el.text = text[:lo] + (new if k == 0 else "") + text[hi:]
        if el.text != el.text.strip():
            el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


# -- fixing a file ----------------------------------------------------------------------------------

@dataclass
class FileFix:
    """What ``check --fix`` did to one file: edits applied and skipped, where the result went,
    the backup made (in-place only), and the findings of the fixed file."""

    source: str
    applied: int
    skipped: int
    target: str | None
    backup: str | None
    result: CheckResult  # of the written file (or of the input when nothing was written)

    def summary(self) -> str:
        """One line for the writer."""
        if self.target is None and self.skipped:
            return (f"{self.source}: {self.skipped} 处编号无法自动修复（在 Word 自动编号、域或修订中，"
                    "或与原文不符），文件未改动")
        if self.target is None:
            return f"{self.source}: 没有可自动修复的问题，文件未改动"
        skipped = f"，{self.skipped} 处无法自动修复" if self.skipped else ""
        backup = f"（原文件另存为 {self.backup}）" if self.backup else ""
        return f"{self.source}: 已修复 {self.applied} 处{skipped}，写入 {self.target}{backup}"


MAX_PASSES = 4  # a fix can reveal another (⑴. → （1）. → （1）): fixed until nothing is left, in one run


def fix_data(data: bytes, source: str, select: Callable[[CheckResult], CheckResult]) -> tuple[FixResult, CheckResult]:
    """Check and fix the bytes of ``source`` again and again until no fixable finding is left
    (at most :data:`MAX_PASSES` times); returns the total and the check of the result."""
    from .check import check
    from .pipeline import from_raw
    from .reader import read_bytes

    def checked(payload: bytes) -> CheckResult:
        loaded = from_raw(read_bytes(payload, source))
        return select(check(loaded.document, loaded.outline))

    current, result = data, checked(data)
    applied = skipped = 0
    for _ in range(MAX_PASSES):
        if not result.edits:
            break
        fixed = fix_bytes(current, source, result.edits)
        skipped = fixed.skipped
        if not fixed.applied or fixed.data == current:
            break
        applied += fixed.applied
        current = fixed.data
        result = checked(current)
    return FixResult(current, applied, skipped), result


def fix_file(path: str, output: str | None, select: Callable[[CheckResult], CheckResult]) -> FileFix:
    """Check ``path``, apply the safe fixes that ``select`` keeps, and write the result to
    ``output`` — or, with no output, over the file itself after saving a backup (``X.bak``, or
    ``X.bak.1`` … when that exists: a backup is never overwritten; it has the original's
    permissions). A symbolic link is followed and its target fixed; hard links keep sharing the
    fixed file. Nothing is written when there is nothing to fix.
    """
    import os

    from .reader import read_input
    from .write import atomic_write, make_backup, replace_in_place

    if path == "-":
        raise DrafterError("标准输入无法修复，请给出文件", path)
    real = os.path.realpath(path)
    data = read_input(real if output is None else path)
    fixed, result = fix_data(data, path, select)
    if not fixed.applied or fixed.data == data:
        return FileFix(path, 0, fixed.skipped, None, None, result)
    backup = None
    if output is None:
        backup = make_backup(real)
        replace_in_place(real, fixed.data)
        target = path
    else:
        atomic_write(output, fixed.data, protect=(path,))
        target = output
    return FileFix(path, fixed.applied, fixed.skipped, target, backup,
                   CheckResult(target, result.findings, result.edits))
