"""Apply the checker's safe fixes to the input file's own bytes.

A .txt keeps its encoding, BOM and line endings; only the marker characters change. In a .docx
only the marker characters inside the runs change: every run keeps its formatting and every other
part of the package is copied byte for byte. Labels drawn by Word's automatic numbering are not
text and are left alone.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass

from .check import CheckResult, Edit
from .model import Document, DrafterError, Paragraph
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
    from . import altchunk, docx_reader

    package = docx_reader.load(data, source)
    wanted = _by_line(edits)
    applied = skipped = 0
    # line numbers count the lines of an imported HTML body (altChunk), whose text is not edited
    for number, p in altchunk.numbered_paragraphs(package, source):
        label = package.labeller.label(p)  # counted for every paragraph, as Word numbers them
        if number not in wanted:
            continue
        wanted_here = wanted.pop(number)
        for e in wanted_here:
            if _edit_runs(p, e.column - 1 - len(label), e.old, e.new):
                applied += 1
            else:
                skipped += 1
    skipped += sum(map(len, wanted.values()))  # lines of an altChunk: not edited
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
        if self.target is None:
            return f"{self.source}: 没有可自动修复的问题，文件未改动"
        skipped = f"，{self.skipped} 处无法自动修复" if self.skipped else ""
        backup = f"（原文件另存为 {self.backup}）" if self.backup else ""
        return f"{self.source}: 已修复 {self.applied} 处{skipped}，写入 {self.target}{backup}"


def fix_file(path: str, output: str | None, select: Callable[[CheckResult], CheckResult]) -> FileFix:
    """Check ``path``, apply the safe fixes that ``select`` keeps, and write the result to
    ``output`` — or, with no output, over the file itself after saving a backup (``X.bak``, or
    ``X.bak.1`` … when that exists: a backup is never overwritten). A symbolic link is followed
    and its target fixed. Nothing is written when there is nothing to fix.
    """
    import os
    import shutil

    from .check import check_path
    from .write import atomic_write, free_name

    if path == "-":
        raise DrafterError("标准输入无法修复，请给出文件", path)
    before = select(check_path(path))
    real = os.path.realpath(path) if output is None else path
    try:
        with open(real, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise DrafterError(f"无法读取（{exc.strerror}）", path) from None
    fixed = fix_bytes(data, path, before.edits)
    if not fixed.applied or fixed.data == data:
        return FileFix(path, 0, fixed.skipped, None, None, before)
    backup = None
    if output is None:
        backup = free_name(real + ".bak")
        try:
            shutil.copy2(real, backup)  # keeps the original's permissions and times
        except OSError as exc:
            raise DrafterError(f"无法写入备份（{exc.strerror}）", backup) from None
        atomic_write(real, fixed.data)
        target = path
    else:
        atomic_write(output, fixed.data, protect=(path,))
        target = output
    return FileFix(path, fixed.applied, fixed.skipped, target, backup, select(check_path(target)))
