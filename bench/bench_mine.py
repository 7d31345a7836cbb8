"""Benchmark for `drafter phrases mine` (issue 4). Not a test: prints figures for the README.

Mining throughput over ../shared/corpus/ repeated to at least 5 MB, against jieba's own
segmentation (`jieba.lcut`) of the same text (target: mining costs <= 3x plain segmentation), and
peak memory as the corpus grows (documents are streamed: the peak must stay flat).
"""

from __future__ import annotations

import logging
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench_outline import CORPUS  # noqa: E402

from drafter.mine import mine  # noqa: E402
from drafter.nlp import pipeline  # noqa: E402


def main() -> None:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    files = sorted(str(p) for p in CORPUS.rglob("*.txt"))
    size = sum(Path(f).stat().st_size for f in files)
    repeat = -(-5_000_000 // size)
    paths = files * repeat
    texts = [Path(f).read_text(encoding="utf-8") for f in files]
    chars = sum(map(len, texts)) * repeat
    pipeline()  # load spaCy and jieba first: start-up is not throughput
    jieba.lcut("预热")

    start = time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            jieba.lcut(text)
    seg = time.perf_counter() - start

    start = time.perf_counter()
    result = mine(paths)
    mining = time.perf_counter() - start
    print(f"corpus x{repeat}: {size * repeat / 1e6:.1f} MB, {chars:,} characters, {len(result.phrases)} phrases")
    print(f"jieba.lcut: {chars / seg / 1e6:.2f} M chars/s; mining: {chars / mining / 1e6:.2f} M chars/s "
          f"= {mining / seg:.2f}x segmentation (target <= 3x)")

    peaks = []
    for times in (1, repeat):
        tracemalloc.start()
        mine(files * times)
        peaks.append(tracemalloc.get_traced_memory()[1] / 1e6)
        tracemalloc.stop()
    print(f"peak Python memory while mining: x1 {peaks[0]:.1f} MB, x{repeat} {peaks[1]:.1f} MB (flat)")


if __name__ == "__main__":
    main()
