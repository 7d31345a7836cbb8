"""Render a .docx with LibreOffice and measure the pages: text lines with their boxes (poppler's
pdftotext -bbox-layout), page images (pdftoppm) and coloured pixels in them.

LibreOffice draws the fonts GB/T 9704 names with the open stand-ins of drafter's fontconfig rules
(``drafter/data/fontconfig.conf``), loaded through a FONTCONFIG_FILE that includes the system's
configuration first; the title's stand-in is made bold, as 小标宋 is.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from conftest import REPO

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
TOOLS = SOFFICE and shutil.which("pdftotext") and shutil.which("pdftoppm")
MM = 72 / 25.4  # points per millimetre
LEFT, TOP = 28 * MM, 37 * MM
RIGHT, BOTTOM = (210 - 26) * MM, (297 - 35) * MM
CELL = 15.75  # 16 pt characters condensed by 0.25 pt


@dataclass
class Line:
    """One text line on a page: its box in points (origin top left) and its text."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def fontconfig(directory: Path) -> Path:
    """A fontconfig file: the system's, then drafter's stand-ins, then bold for the title's."""
    path = directory / "fonts.conf"
    path.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
<include ignore_missing="yes">/etc/fonts/fonts.conf</include>
<include>{REPO / "drafter" / "data" / "fontconfig.conf"}</include>
<match target="pattern"><test name="family"><string>方正小标宋简体</string></test>
<edit name="weight" mode="assign" binding="strong"><const>bold</const></edit></match>
</fontconfig>""", encoding="utf-8")
    return path


def to_pdf(docx: Path) -> Path:
    """Convert ``docx`` to a PDF beside it (a private LibreOffice profile, the stand-in fonts)."""
    out = docx.parent
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig(out)))
    profile = (out / "lo-profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(docx)], check=True, capture_output=True, timeout=240, env=env)
    return docx.with_suffix(".pdf")


def pages(pdf: Path) -> list[list[Line]]:
    """The text lines of every page, top to bottom."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    out = []
    for page in re.findall(r"<page [^>]*>(.*?)</page>", xml, re.S):
        lines = []
        for attrs, body in re.findall(r"<line ([^>]*)>(.*?)</line>", page, re.S):
            box = [float(v) for v in re.findall(r'="([\d.]+)"', attrs)]
            words = [html.unescape(w) for w in re.findall(r"<word [^>]*>(.*?)</word>", body)]
            lines.append(Line(*box, text=" ".join(words)))
        out.append(sorted(lines, key=lambda line: (round(line.y0), line.x0)))
    return [_join_same_row(p) for p in out]


def _join_same_row(lines: list[Line]) -> list[Line]:
    """pdftotext splits a row at wide gaps (a tab); put such pieces back together."""
    out: list[Line] = []
    for line in lines:
        if out and abs(out[-1].y0 - line.y0) < 2:
            last = out[-1]
            out[-1] = Line(last.x0, last.y0, line.x1, max(last.y1, line.y1), f"{last.text}\t{line.text}")
        else:
            out.append(line)
    return out


def png(pdf: Path, page: int, dpi: int = 60, name: str | None = None) -> Path:
    """Page ``page`` (1-based) as a PNG file."""
    stem = pdf.parent / (name or f"{pdf.stem}-{page}")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
                   check=True)
    return stem.with_suffix(".png")


def pixels(pdf: Path, page: int, dpi: int = 144) -> tuple[int, int, bytes]:
    """Width, height and RGB bytes of a page (PPM from pdftoppm)."""
    data = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf)],
                          capture_output=True, check=True).stdout
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    assert header, "pdftoppm gave no PPM"
    w, h = int(header.group(1)), int(header.group(2))
    return w, h, data[header.end():]


def rows_where(pdf: Path, page: int, test, dpi: int = 144, min_run: float = 0.5) -> list[float]:
    """The y (points) of pixel rows in which at least ``min_run`` of the 版心 width passes ``test``
    (a predicate on r, g, b): horizontal rules."""
    w, h, rgb = pixels(pdf, page, dpi)
    scale = dpi / 72
    x0, x1 = int(LEFT * scale), int(RIGHT * scale)
    out = []
    for y in range(h):
        row = rgb[(y * w + x0) * 3:(y * w + x1) * 3]
        hits = sum(1 for k in range(0, len(row), 3) if test(row[k], row[k + 1], row[k + 2]))
        if hits >= min_run * (x1 - x0):
            out.append(y / scale)
    return out


def first_row_where(pdf: Path, page: int, test, dpi: int = 144) -> float | None:
    """The y (points) of the first pixel row with any pixel passing ``test``."""
    w, h, rgb = pixels(pdf, page, dpi)
    for y in range(h):
        row = rgb[y * w * 3:(y + 1) * w * 3]
        if any(test(row[k], row[k + 1], row[k + 2]) for k in range(0, len(row), 3)):
            return y / (dpi / 72)
    return None
