"""Benchmarks for the corpus library, both stores side by side (issues 7 and 14). Not a test:
prints figures for the README.

    python bench/bench_corpus.py 10000                       # SQLite and a throw-away PostgreSQL
    python bench/bench_corpus.py 100000 --pg postgresql://…   # an existing server (an empty database)
    python bench/bench_corpus.py 1000 --backends sqlite

1. A synthetic corpus of N documents made by recombining paragraphs of ../shared/corpus (each
   document: a title, a salutation, four numbered sections of real paragraphs; ~5,000 characters,
   so ~50 million characters at N = 10,000).
2. Ingest per store: throughput (characters/s, both cores) against plain `jieba.lcut` of the same
   text on one core (target: <= 1.5x segmentation alone), and the store's size per character
   (target: at most half of the 11 bytes of the first SQLite store).
3. Search: median and p95 over 200 varied queries (the 20 most common words of the index, the 15
   topic queries, words of every frequency, word pairs from one paragraph, and 2-4 character
   slices of paragraphs, which cut words in half); target p95 <= 50 ms on SQLite at N = 100,000.
   Whether both stores give the same documents in the same order.
4. `similar` on a 10,000-character draft (target <= 1 s at N = 100,000).
"""

from __future__ import annotations

import argparse
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
sys.path.insert(0, str(REPO / "tests"))

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
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:06d}.txt").write_text(text, encoding="utf-8")
        total += len(text)
    return total


def queries(st: store.Store, pool: list[str], seed: int = 7) -> list[str]:
    """200 varied queries: the 20 most common words, the topic queries, words of every frequency,
    pairs of words from one paragraph, and slices of paragraphs (half words)."""
    rng = random.Random(seed)
    words = sorted(st.containing("", limit=200_000).items(), key=lambda kv: (-kv[1], kv[0]))
    common = [w for w, _ in words[:20]]
    chinese = [w for w, _ in words if len(w) >= 2 and "\u4e00" <= w[0] <= "\u9fff"]
    step = max(1, len(chinese) // 65)
    spread = chinese[::step][:65]
    pairs, slices = [], []
    while len(pairs) < 50:
        found = [w for w in chinese[:5000] if w in rng.choice(pool)]
        if len(found) >= 2:
            pairs.append(" ".join(rng.sample(found, 2)))
    while len(slices) < 50:
        text = rng.choice(pool)
        k, size = rng.randrange(len(text) - 4), rng.choice((2, 3, 4))
        piece = text[k:k + size]
        if all("\u4e00" <= c <= "\u9fff" for c in piece):
            slices.append(piece)
    return common + QUERIES + spread + pairs + slices


def size_of(st: store.Store) -> int:
    """Bytes the store takes (SQLite: the file after a checkpoint; PostgreSQL: tables and indexes)."""
    if hasattr(st, "path"):
        st.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return Path(st.path).stat().st_size
    return int(st.conn.execute("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                           "WHERE c.relname LIKE 'drafter\\_%' AND c.relkind = 'r'").fetchone()[0])


def timed(call, *args, **kwargs):
    start = time.perf_counter()
    result = call(*args, **kwargs)
    return result, time.perf_counter() - start


def main() -> None:
    import jieba

    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=1000)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--pg", help="an empty PostgreSQL database (default: a throw-away server)")
    parser.add_argument("--dir", help="where to put the documents and the SQLite file (default: a temporary folder)")
    args = parser.parse_args()
    jieba.setLogLevel(logging.WARNING)
    backends = args.backends.split(",")
    server = None
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        chars = generate(args.n, folder)
        files = sorted(str(p) for p in folder.rglob("*.txt"))
        print(f"N = {args.n}: {chars:,} characters in {len(files)} documents")

        texts = [Path(f).read_text(encoding="utf-8") for f in files[: max(1, len(files) // 100)]]
        jieba.lcut("预热")
        _, seconds = timed(lambda: [jieba.lcut(t) for t in texts])
        seg_rate = sum(map(len, texts)) / seconds
        print(f"jieba.lcut alone (one core): {seg_rate / 1e6:.2f} M chars/s")

        targets = {"sqlite": str(Path(tmp) / "corpus.sqlite")}
        if "postgres" in backends:
            if args.pg:
                targets["postgres"] = args.pg
            else:
                import pgserver

                server = pgserver.start()
                if isinstance(server, str):
                    sys.exit(f"no PostgreSQL: {server}")
                targets["postgres"] = pgserver.fresh_database(server.url)
        stores = {}
        try:
            for name in backends:
                st = store.open_store(targets[name], create=True)
                result, ingest = timed(st.add, files)
                rate = result.characters / ingest
                size = size_of(st)
                print(f"[{name}] ingest: {rate / 1e6:.2f} M chars/s in {ingest:.0f} s = {seg_rate / rate:.2f}x segmentation "
                      f"time (target <= 1.5x); store {size / 1e6:,.0f} MB = {size / chars:.2f} bytes per character")
                stores[name] = st
            self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"peak memory: main process {self_mb:.0f} MB, largest worker {child_mb:.0f} MB (target <= 400 MB)")

            pool = paragraphs()
            asked = queries(next(iter(stores.values())), pool)
            tops = {}
            for name, st in stores.items():
                for q in asked:  # warm the caches once, then measure
                    st.search(q, limit=10)
                latencies, tops[name] = [], []
                for q in asked:
                    hits, seconds = timed(st.search, q, limit=10)
                    latencies.append(seconds * 1000)
                    tops[name].append([(h.doc, h.line) for h in hits])
                common = sorted(latencies[:20])
                p95 = statistics.quantiles(latencies, n=20)[-1]
                print(f"[{name}] search over {len(asked)} queries: median {statistics.median(latencies):.1f} ms, "
                      f"p95 {p95:.1f} ms, max {max(latencies):.1f} ms; the 20 most common words: median "
                      f"{statistics.median(common):.1f} ms, max {common[-1]:.1f} ms; "
                      f"{sum(1 for t in tops[name] if t)} queries found something (target p95 <= 50 ms)")
            if len(tops) == 2:
                a, b = tops.values()
                same = sum(1 for x, y in zip(a, b) if x == y)
                print(f"same results (documents and lines, in order) on both stores: {same} of {len(a)} queries")

            draft = "\n".join(Path(files[0]).read_text(encoding="utf-8").splitlines()[:6])
            draft += "\n" + "\n".join(pool[:40])
            draft = draft[:10_000]
            document = clean(RawDocument("draft", split_lines(draft)))
            for name, st in stores.items():
                found, seconds = timed(similar, st, document)
                print(f"[{name}] similar on a {len(draft):,}-character draft: {seconds:.2f} s, share found "
                      f"{found.share:.0%} (target <= 1 s)")
        finally:
            for st in stores.values():
                st.close()
            if server is not None and not isinstance(server, str):
                server.stop()


if __name__ == "__main__":
    main()
