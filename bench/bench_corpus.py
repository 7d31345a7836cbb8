"""Benchmarks for the corpus library (issue 7). Not a test: prints figures for the README.

    python bench/bench_corpus.py 1000       # and 10000 (~50 million characters)

1. A synthetic corpus of N documents made by recombining paragraphs of ../shared/corpus
   (each document: a title, a salutation, four numbered sections of real paragraphs; ~5,000
   characters, so ~50 million characters at N = 10,000).
2. Ingest throughput (characters/s, both cores) against plain `jieba.lcut` of the same text on one
   core (target: ingest costs <= 1.5x segmentation alone), and peak memory (target <= 400 MB).
3. Search latency: median of 50 queries in-process (target <= 50 ms at N = 10,000).
4. `similar` on a 10,000-character draft (target <= 2 s).
"""

from __future__ import annotations

import logging
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench_outline import CORPUS  # noqa: E402

from drafter import store  # noqa: E402
from drafter.clean import clean  # noqa: E402
from drafter.model import RawDocument  # noqa: E402
from drafter.numbering import format_marker  # noqa: E402
from drafter.reader import read_path, split_lines  # noqa: E402
from drafter.similar import similar  # noqa: E402

QUERIES = ["安全生产", "乡村振兴 产业", "营商环境", "廉政 文化", "生态环境 保护", "就业 创业", "科技创新 人才",
           "城乡 融合", "防范 化解 风险", "民生 保障", "基层 治理", "数字 经济", "粮食 安全", "教育 公平", "医疗 卫生"]


def paragraphs() -> list[str]:
    """Real body paragraphs of the shared corpus (cleaned, 40 characters or more)."""
    out = []
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix in (".txt", ".docx"):
            out += [p.text for p in clean(read_path(str(path))).paragraphs if len(p.text) >= 40]
    return out


def generate(n: int, folder: Path, seed: int = 1) -> int:
    """Write ``n`` synthetic documents of ~5,000 characters; returns the characters written."""
    rng = random.Random(seed)
    pool = paragraphs()
    total = 0
    for i in range(n):
        lines = [f"在全县第{i + 1}次工作会议上的讲话", "同志们："]
        lines += rng.sample(pool, 2)
        for s in range(1, 5):
            lines.append(format_marker("一、", s) + rng.choice(pool)[:18])
            lines += rng.sample(pool, 5)
        lines.append("谢谢大家！")
        text = "\n".join(lines) + "\n"
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text)
    return total


def main(n: int) -> None:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        chars = generate(n, folder)
        files = sorted(str(p) for p in folder.glob("*.txt"))
        print(f"N = {n}: {chars:,} characters in {len(files)} documents")

        sample = files[: max(1, len(files) // 10)]
        texts = [Path(f).read_text(encoding="utf-8") for f in sample]
        jieba.lcut("预热")
        start = time.perf_counter()
        for text in texts:
            jieba.lcut(text)
        seg_rate = sum(map(len, texts)) / (time.perf_counter() - start)

        db = Path(tmp) / "corpus.sqlite"
        conn = store.connect(str(db))
        start = time.perf_counter()
        result = store.add(conn, files)
        ingest = time.perf_counter() - start
        rate = result.characters / ingest
        self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"jieba.lcut alone (one core): {seg_rate / 1e6:.2f} M chars/s; ingest (both cores): "
              f"{rate / 1e6:.2f} M chars/s in {ingest:.0f} s = {seg_rate / rate:.2f}x segmentation time (target <= 1.5x)")
        print(f"peak memory: main process {self_mb:.0f} MB, largest worker {child_mb:.0f} MB (target <= 400 MB); "
              f"database {db.stat().st_size / 1e6:.0f} MB")

        latencies = []
        for q in QUERIES * 4:
            start = time.perf_counter()
            store.search(conn, q, limit=10)
            latencies.append(time.perf_counter() - start)
        print(f"search: median {statistics.median(latencies) * 1000:.1f} ms, "
              f"max {max(latencies) * 1000:.1f} ms over {len(latencies)} queries (target median <= 50 ms)")

        draft = "\n".join(Path(files[0]).read_text(encoding="utf-8").splitlines()[:6])
        draft += "\n" + "\n".join(p for p in paragraphs()[:40])
        draft = draft[:10_000]
        start = time.perf_counter()
        found = similar(conn, clean(RawDocument("draft", split_lines(draft))))
        print(f"similar on a {len(draft):,}-character draft: {time.perf_counter() - start:.2f} s, "
              f"share found {found.share:.0%} (target <= 2 s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
