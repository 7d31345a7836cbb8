"""Benchmarks for `drafter outline` (issue 2). Not a test: prints figures for the README.

1. In-process outline throughput (read text → clean → outline) over the shared corpus, in
   characters per second on one core; best of several rounds, so noise from other processes
   counts against us as little as possible. Target: >= 10 million characters per second.
2. Wall time of `drafter outline FILE --format json` on a 10,000-character speech, against
   `python -c "import click"` on the same machine; median of interleaved runs. Target: <= 2x.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CORPUS = Path(os.environ.get("DRAFTER_SHARED", REPO.parent / "shared")) / "corpus"

from drafter.outline import outline_text  # noqa: E402


def throughput(rounds: int = 15) -> float:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.rglob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((REPO / "corpora").glob("*.txt"))]
    chars = sum(map(len, texts))
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            outline_text(text)
        best = min(best, time.perf_counter() - start)
    rate = chars / best
    print(f"outline in-process: {chars:,} characters in {best * 1000:.1f} ms = {rate / 1e6:.1f} M chars/s "
          f"(target >= 10 M)")
    return rate


def speech_10k(path: Path) -> Path:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "corpora").glob("*.txt")))
    while len(text) < 10_000:
        text += text
    path.write_text(text[:10_000], encoding="utf-8")
    return path


def startup(runs: int = 21) -> float:
    speech = speech_10k(Path(os.environ.get("TMPDIR", "/tmp")) / "drafter-bench-speech.txt")
    bin_dir = Path(sys.executable).parent
    drafter = [str(bin_dir / "drafter"), "outline", str(speech), "--format", "json"]
    click = [sys.executable, "-c", "import click"]
    times = {"click": [], "drafter": []}
    for _ in range(runs):  # interleaved, so that machine noise hits both alike
        for name, cmd in (("click", click), ("drafter", drafter)):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    a, b = statistics.median(times["click"]), statistics.median(times["drafter"])
    print(f"`python -c 'import click'`: {a * 1000:.0f} ms; `drafter outline` (10,000 chars, json): "
          f"{b * 1000:.0f} ms = {b / a:.2f}x (target <= 2x)")
    return b / a


if __name__ == "__main__":
    throughput()
    startup()
