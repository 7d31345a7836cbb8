"""Benchmarks for `drafter serve` (issue 11). Not a test: prints figures for the README.

1. Start-up: from launching `drafter serve --port 0` to the first page served (HTTP 200 on /),
   median and worst of several runs. Target: < 1 s.
2. The first draft: asked for at once, and asked for after the background warm-up.
3. Request times on a warm server, median of several requests:
   /api/inspect of a 10,000-character speech, /api/draft, /api/export of the draft, /api/search,
   and 20 mixed requests in flight at once.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

try:
    import httpx2 as httpx  # the test extras' client
except ImportError:
    import httpx  # type: ignore[no-redef]  # comes with spaCy's dependencies

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench_outline import speech_10k  # noqa: E402

DRAFTER = str(Path(sys.executable).parent / "drafter")
WARM_WAIT = 10
BRIEF = {"kind": "动员部署会讲话", "meeting": "全县安全生产工作会议", "region": "桐溪县", "topic": ["安全生产"],
         "sections": [{"heading": "统一思想，提高认识", "points": ["充分认识形势的严峻性", "压实责任"]},
                      {"heading": "突出重点，狠抓落实", "points": ["深入开展隐患排查整治", "提升应急处置能力"]}]}


def launch(corpus: str) -> tuple[subprocess.Popen, str, float]:
    """Start the server; return it, its address and the seconds until / answered 200."""
    start = time.perf_counter()
    proc = subprocess.Popen([DRAFTER, "serve", "--port", "0", "--corpus", corpus], stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    url = proc.stderr.readline().split("：", 1)[1].strip()
    while True:
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return proc, url, time.perf_counter() - start
        except httpx.TransportError:
            time.sleep(0.005)


def cold_draft() -> None:
    """The first draft asked for at once, before the background warm-up: the engine's own start."""
    with tempfile.TemporaryDirectory() as tmp:
        proc, url, _ = launch(f"{tmp}/corpus.sqlite")
        try:
            start = time.perf_counter()
            httpx.post(url + "api/draft?seed=1", json=BRIEF, timeout=120)
            print(f"first draft asked for at once (jieba and the banks load in this request): "
                  f"{time.perf_counter() - start:.2f} s")
        finally:
            proc.terminate()
            proc.wait()


def startup(runs: int = 9) -> None:
    """Wall time to the first page, and the CPU time the server process spent on it (which other
    jobs on the machine do not inflate; the background warm-up starts later, so it is not counted)."""
    times, cpu = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            proc, _, seconds = launch(f"{tmp}/corpus.sqlite")
            times.append(seconds)
            proc.terminate()
            _, _, usage = os.wait4(proc.pid, 0)
            proc.returncode = 0
            cpu.append(usage.ru_utime + usage.ru_stime)
    print(f"`drafter serve` to the first page served: median {statistics.median(times) * 1000:.0f} ms, "
          f"worst {max(times) * 1000:.0f} ms over {runs} runs (target < 1 s); CPU time of the server "
          f"until then: median {statistics.median(cpu) * 1000:.0f} ms; load average {os.getloadavg()[0]:.1f}")


def timed(call, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = call()
        assert response.status_code == 200, response.text
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def requests() -> None:
    speech = speech_10k(Path("/tmp/drafter-bench-speech.txt")).read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        proc, url, _ = launch(f"{tmp}/corpus.sqlite")
        try:
            with httpx.Client(base_url=url, timeout=120) as client:
                time.sleep(WARM_WAIT)
                first = time.perf_counter()
                client.post("/api/draft?seed=1", json=BRIEF)
                print(f"first draft {WARM_WAIT} s after start-up (warmed up in the background): "
                      f"{(time.perf_counter() - first) * 1000:.0f} ms")
                seeds = sorted((REPO / "corpora").glob("*.txt"))
                client.post("/api/corpus/add", files=[("file", (p.name, p.read_bytes())) for p in seeds])
                text = client.post("/api/draft?seed=1", json=BRIEF).json()["text"]
                figures = {
                    "inspect (10,000-character speech upload)":
                        timed(lambda: client.post("/api/inspect", files={"file": ("s.txt", speech)})),
                    "draft": timed(lambda: client.post("/api/draft?seed=2", json=BRIEF)),
                    "export of the draft": timed(lambda: client.post("/api/export", json={"text": text})),
                    "search": timed(lambda: client.get("/api/search", params={"q": "廉政文化"})),
                    "phrases": timed(lambda: client.get("/api/phrases", params={"q": "安全"})),
                }
                for name, ms in figures.items():
                    print(f"{name}: median {ms:.0f} ms")
                mixed = [lambda: client.post("/api/draft?seed=3", json=BRIEF),
                         lambda: client.post("/api/export", json={"text": text}),
                         lambda: client.post("/api/inspect", files={"file": ("s.txt", speech)}),
                         lambda: client.get("/api/search", params={"q": "廉政文化"})]
                start = time.perf_counter()
                with ThreadPoolExecutor(20) as pool:
                    done = list(pool.map(lambda k: mixed[k % 4](), range(20)))
                assert all(r.status_code == 200 for r in done)
                print(f"20 mixed requests at once: {(time.perf_counter() - start):.2f} s in all")
        finally:
            proc.terminate()
            proc.wait()


if __name__ == "__main__":
    startup()
    cold_draft()
    requests()
