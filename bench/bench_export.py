"""Benchmark for `drafter export` (issue 6). Not a test: prints figures for the README.

Wall time of `drafter export SPEECH.txt -o OUT.docx` on a 10,000-character speech against
`python -c "import docx"` (target <= 1.5x, issue 12); median of interleaved runs. The export
writes its XML itself and breaks the title without loading jieba, so it imports neither.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench_outline import speech_10k  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        speech = speech_10k(Path(tmp) / "speech.txt")
        lines = speech.read_text(encoding="utf-8").split("\n")
        short = Path(tmp) / "short.txt"
        short.write_text("\n".join([lines[0], "在全县廉政文化建设现场会上的讲话", *lines[2:]]), encoding="utf-8")
        measure(speech, "title of 24 characters: two lines, broken between words (jieba's dictionary searched, not loaded)")
        measure(short, "title that fits one line")


def measure(speech: Path, label: str, runs: int = 11) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "speech.docx"
        export = [str(Path(sys.executable).parent / "drafter"), "export", str(speech), "-o", str(out)]
        docx = [sys.executable, "-c", "import docx"]
        times = {"docx": [], "export": []}
        for _ in range(runs):
            for name, cmd in (("docx", docx), ("export", export)):
                start = time.perf_counter()
                subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                times[name].append(time.perf_counter() - start)
    a, b = statistics.median(times["docx"]), statistics.median(times["export"])
    print(f"{label}: `python -c 'import docx'` {a * 1000:.0f} ms; `drafter export` (10,000 chars) "
          f"{b * 1000:.0f} ms = {b / a:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
