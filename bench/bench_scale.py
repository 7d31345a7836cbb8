"""Benchmark for issue 16: export and format in time proportional to the paragraphs, and a
bounded title breaker. Not a test: prints figures for the README.

In process (no start-up): `export` of a text of N paragraphs (one heading every 50), then
`format --fix` of the .docx it made, for N = 10,000 / 50,000 / 100,000 / 200,000; the time per 1,000
paragraphs should stay flat (linear), and 100,000 paragraphs well under a minute. Then titles
of 121, 148, 400 and 5,000 characters through the title breaker (the old one tried every
combination: 88 s for 121 characters).

    python bench/bench_scale.py [N ...]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from drafter.export import break_title, export_file  # noqa: E402

NUMERALS = "一二三四五六七八九十"


def text_of(n: int) -> str:
    lines = ["关于进一步加强全县安全生产隐患排查整治工作的通知", "各乡镇人民政府，县政府各部门："]
    for i in range(n):
        if i % 50 == 0:
            lines.append(f"{NUMERALS[(i // 50) % 10]}、第{i // 50 + 1}部分的标题")
        else:
            lines.append(f"这是第{i}段正文，各单位要认真贯彻落实会议精神，切实抓好各项工作。")
    return "\n".join(lines) + "\n"


def main(sizes: list[int]) -> None:
    import jieba

    jieba.initialize()  # loaded once, outside the timings
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            src = Path(tmp) / f"{n}.txt"
            src.write_text(text_of(n), encoding="utf-8")
            out, again = Path(tmp) / f"{n}.docx", Path(tmp) / f"{n}-format.docx"
            start = time.perf_counter()
            export_file(str(src), str(out))
            exported = time.perf_counter() - start
            start = time.perf_counter()
            export_file(str(out), str(again), fix=True)
            formatted = time.perf_counter() - start
            print(f"{n:>7,} paragraphs: export {exported:6.1f} s ({exported / n * 1e6:4.0f} ms per 1,000), "
                  f"format --fix {formatted:6.1f} s ({formatted / n * 1e6:4.0f} ms per 1,000)")
    words = "关于进一步加强和改进新时代全县机关党的建设工作推动机关党建高质量发展的实施意见"
    for length in (121, 148, 400, 5000):
        title = (words * 200)[:length]
        start = time.perf_counter()
        lines = break_title(title, 20)
        print(f"title of {length:>5,} characters: {len(lines)} lines in {(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 50_000, 100_000, 200_000])
