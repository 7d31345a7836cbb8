"""The 排版 page and the draft's download: GB/T 9704 .docx by the same functions as ``drafter
export``/``format``/``draft -o``, with the page's two layout choices (a font preset and the
document grid) passed as the command line passes them: a preset name and a layout profile file.

A format request works in a private temporary folder (mode 0700, removed afterwards): the upload
is written there under its base name and laid out by :func:`drafter.export.export_file`, exactly as
``drafter format`` does it; nothing is written anywhere else.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Iterator

from ..model import DrafterError
from .api import DOCX, FileResult, _stem
from .inputs import Input, clean_text, screen

GRIDS = ("lines", "linesAndChars")


def font_presets() -> list[str]:
    """The font presets of the default layout (besides its own fonts)."""
    from ..resources import load_toml

    return list(load_toml("layout.toml").get("font_presets", {}))


def default_grid() -> str:
    """The document grid of the default layout."""
    from ..resources import load_toml

    return str(load_toml("layout.toml")["page"].get("grid", GRIDS[0]))


@contextlib.contextmanager
def private_folder() -> Iterator[str]:
    """A temporary folder only this user can read, removed with everything in it."""
    with tempfile.TemporaryDirectory(prefix="drafter-web-") as folder:
        yield folder


def layout_args(folder: str, fonts: str | None, grid: str | None) -> tuple[str | None, str | None]:
    """(profile file, font preset) for the page's choices: the preset is only ever a name and the
    profile a file written here (the client cannot make the server open a path of its own)."""
    if fonts and fonts not in font_presets():
        raise DrafterError(f"没有名为 {fonts} 的字体方案（可用：{'、'.join(font_presets())}）")
    if grid and grid not in GRIDS:
        raise DrafterError(f"文档网格应为 {' 或 '.join(GRIDS)}")
    profile = None
    if grid and grid != default_grid():
        profile = os.path.join(folder, "版式.toml")
        with open(profile, "w", encoding="utf-8") as fh:
            fh.write(f'[page]\ngrid = "{grid}"\n')
    return profile, fonts or None


def export(text: object, fonts: str | None = None, grid: str | None = None, author: str | None = None,
           name: str | None = None, notes: list | None = None, speaker: str | None = None,
           date: str | None = None) -> FileResult:
    """``POST /api/export``: a draft's text as a GB/T 9704 .docx, as ``drafter draft -o X.docx``
    writes it (``deliver.save_draft``: speaker and date under the title, a 批注 on each paragraph
    that borrowed from the corpus — ``notes``)."""
    from ..deliver import save_draft

    if not isinstance(text, str) or not text.strip():
        raise DrafterError("没有要导出的文字")
    with private_folder() as folder:
        profile, preset = layout_args(folder, fonts, grid)
        output = os.path.join(folder, "draft.docx")
        save_draft(clean_text(text), output, author or "", (), profile, preset, speaker or None, date or None, notes or None)
        with open(output, "rb") as fh:
            data = fh.read()
    return FileResult(data, f"{_stem(name or '初稿')}.docx", DOCX)


def format_docx(document: Input, fonts: str | None = None, grid: str | None = None, fix: bool = False,
                author: str | None = None) -> FileResult:
    """``POST /api/format``: an uploaded document laid out again by ``drafter format``'s own
    function; what it could not carry over (``未能保留…``) comes back in ``notes``."""
    from ..export import export_file

    if document.pasted:
        raise DrafterError("排版需要上传一个 .docx 文件")
    screen(document.data, document.name)
    with private_folder() as folder:
        profile, preset = layout_args(folder, fonts, grid)
        source, output = os.path.join(folder, document.name), os.path.join(folder, "排版.docx")
        if source == output or os.path.basename(source) == "版式.toml":
            source = os.path.join(folder, "输入-" + document.name)
        with open(source, "wb") as fh:
            fh.write(document.data)
        try:
            warnings = export_file(source, output, profile, preset, author or None, fix)
        except DrafterError as exc:
            if exc.path and exc.path.startswith(folder):
                exc.path = document.name  # the writer knows the file by its own name
            raise
        except Exception as exc:  # a damaged file the reader did not foresee is still the file's fault
            logging.getLogger("drafter.web").warning("format of %s failed", document.name, exc_info=True)
            raise DrafterError(f"无法排版（{exc.__class__.__name__}）", document.name) from None
        with open(output, "rb") as fh:
            data = fh.read()
    return FileResult(data, f"{_stem(document.name)}-排版.docx", DOCX, notes=warnings)
