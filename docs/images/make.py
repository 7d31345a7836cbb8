"""Make the README's page images: the export of a seed speech and of a 通知 with 版头 and 版记,
rendered by LibreOffice as the render tests do (``.venv/bin/python docs/images/make.py``)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from rendering import png, to_pdf  # noqa: E402
from test_export import HEAD, NOTICE, TAIL  # noqa: E402

from drafter.deliver import save_draft  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        speech = folder / "speech.docx"
        text = (REPO / "corpora" / "002_7859ca84861aaa05.txt").read_text(encoding="utf-8")
        save_draft(text, str(speech), "中共桐溪县委", speaker="张明", date="2026-03-05")
        notice = folder / "notice.docx"
        save_draft("\n".join([*HEAD[3:], NOTICE, *TAIL]), str(notice))
        for docx, page, name in ((speech, 1, "speech-page-1"), (notice, 1, "notice-page-1")):
            shutil.copy(png(to_pdf(docx), page, dpi=72, name=name), Path(__file__).parent / f"{name}.png")


if __name__ == "__main__":
    main()
