"""Benchmarks for `drafter check` (issue 3). Not a test: prints figures for the README.

1. In-process checking (read text → clean → outline → check) over the shared corpus, in MB/s of
   UTF-8 input; best of several rounds. Target: >= 3 MB/s.
2. Wall time of `drafter check FILE` on a 10,000-character .txt speech against
   `python -c "import click"`; median of interleaved runs. Target: <= 2x.
3. False-alarm rate: share of corpus documents with an error-level finding, and the findings by
   rule (every such finding was reviewed by hand; see tests/test_check.py REAL_MISTAKES).
"""

from __future__ import annotations

import collections
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench_outline import CORPUS, speech_10k  # noqa: E402

from drafter.check import check, check_path  # noqa: E402
from drafter.clean import clean  # noqa: E402
from drafter.model import RawDocument  # noqa: E402
from drafter.reader import split_lines  # noqa: E402


def throughput(rounds: int = 10) -> float:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.rglob("*.txt"))]
    size = sum(len(t.encode("utf-8")) for t in texts)
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            check(clean(RawDocument("bench", split_lines(text))))
        best = min(best, time.perf_counter() - start)
    rate = size / best / 1e6
    print(f"check in-process: {size / 1e6:.1f} MB in {best * 1000:.0f} ms = {rate:.1f} MB/s (target >= 3)")
    return rate


def startup(runs: int = 21) -> float:
    speech = speech_10k(Path("/tmp/drafter-bench-speech.txt"))
    drafter = [str(Path(sys.executable).parent / "drafter"), "check", str(speech)]
    click = [sys.executable, "-c", "import click"]
    times = {"click": [], "drafter": []}
    for _ in range(runs):
        for name, cmd in (("click", click), ("drafter", drafter)):
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    a, b = statistics.median(times["click"]), statistics.median(times["drafter"])
    print(f"`python -c 'import click'`: {a * 1000:.0f} ms; `drafter check` (10,000 chars): {b * 1000:.0f} ms "
          f"= {b / a:.2f}x (target <= 2x)")
    return b / a


def false_alarms() -> None:
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".docx"))
    with_errors, by_rule = 0, collections.Counter()
    for path in files:
        findings = check_path(str(path)).findings
        errors = [f for f in findings if f.severity == "error"]
        with_errors += bool(errors)
        by_rule.update(f.code for f in errors)
    print(f"corpus: {with_errors} of {len(files)} documents have error-level findings "
          f"(all reviewed: real mistakes of the published sources); by rule: {dict(sorted(by_rule.items()))}")


if __name__ == "__main__":
    throughput()
    startup()
    false_alarms()
