"""Start-up of `drafter draft` for a speech, against the time jieba alone needs to be ready
(issue target: at most 1.5x `python -c "import jieba; jieba.initialize()"`).

Run: .venv/bin/python bench/bench_draft.py   (each command 7 times, the median is reported)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BIN = os.path.dirname(sys.executable)


def median_seconds(cmd: list[str], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    ready = "import jieba, logging; jieba.setLogLevel(logging.WARNING); jieba.initialize()"
    jieba = median_seconds([sys.executable, "-c", ready])
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "draft.txt")
        draft = median_seconds([os.path.join(BIN, "drafter"), "draft", "examples/brief.yaml", "--seed", "1", "-o", out])
        docx = median_seconds([os.path.join(BIN, "drafter"), "draft", "examples/brief.yaml", "--seed", "1", "-o",
                               os.path.join(tmp, "draft.docx")])
    print(f"jieba ready: {jieba:.2f} s")
    print(f"drafter draft (speech, .txt): {draft:.2f} s = {draft / jieba:.2f}x (target <= 1.5x)")
    print(f"drafter draft (speech, .docx): {docx:.2f} s = {docx / jieba:.2f}x")


if __name__ == "__main__":
    main()
