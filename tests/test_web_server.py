"""``drafter serve`` as a writer starts it, and the server under concurrent requests (a real
uvicorn on a loopback port, real HTTP)."""

import io
import os
import signal
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import docx
import httpx2 as httpx
import pytest
from conftest import REPO, SEEDS
from web_helpers import running

from drafter.web.app import create_app

pytestmark = pytest.mark.slow
LIANZHENG = {"kind": "动员部署会讲话", "meeting": "全区廉政文化建设推进会", "region": "桐溪县", "topic": ["党风廉政"],
             "sections": [{"heading": "加强廉政文化建设", "points": ["丰富廉政文化活动", "建设廉政文化阵地"]}]}
BRIEF = {"kind": "动员部署会讲话", "meeting": "全县安全生产工作会议", "region": "桐溪县", "topic": ["安全生产"],
         "sections": [{"heading": "统一思想，提高认识", "points": ["充分认识形势的严峻性"]},
                      {"heading": "突出重点，狠抓落实", "points": ["深入开展隐患排查整治"]}]}


def start(*args, env=None):
    """``drafter serve ARGS`` in a subprocess; returns it and the address it printed."""
    command = [sys.executable, "-c", "from cli import main; main()", "serve", *args]
    proc = subprocess.Popen(command, cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
    assert proc.stderr is not None
    first = proc.stderr.readline()
    return proc, first


def stop(proc) -> str:
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=15)
    return err


def test_serve_prints_the_address_serves_the_page_and_stops_on_ctrl_c(tmp_path):
    proc, first = start("--port", "0", "--corpus", str(tmp_path / "c.sqlite"))
    try:
        assert first.startswith("drafter 网页已启动：http://127.0.0.1:"), first
        url = first.split("：", 1)[1].strip()
        page = httpx.get(url, timeout=10)
        assert page.status_code == 200 and "起草" in page.text
        assert httpx.get(url + "api/corpus", timeout=10).json()["path"] == str(tmp_path / "c.sqlite")
    finally:
        err = stop(proc)
    assert proc.returncode == 0 and "已停止" in err and "Traceback" not in err
    assert not (tmp_path / "c.sqlite").exists(), "nothing is created until the writer adds files"


def test_a_busy_port_is_one_line_and_exit_2():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-c", "from cli import main; main()", "serve", "--port", str(port)],
                                cwd=REPO, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"drafter: 错误：端口 {port} 已被占用（drafter serve 可能已在运行）；"
                                     f"可换一个端口：drafter serve --port {port + 1}")


def test_another_host_only_when_asked_with_a_warning(tmp_path):
    proc, first = start("--host", "0.0.0.0", "--port", "0", "--corpus", str(tmp_path / "c.sqlite"))
    try:
        assert first.startswith("drafter 网页已启动：http://127.0.0.1:")
        assert "按 Ctrl-C 停止" in proc.stderr.readline()
        assert "警告" in proc.stderr.readline()
    finally:
        stop(proc)
    proc, first = start("--port", "0", "--corpus", str(tmp_path / "c.sqlite"))
    try:
        url = first.split("：", 1)[1].strip()
        assert "警告" not in proc.stderr.readline()
        port = url.rsplit(":", 1)[1].strip("/")
        refused = httpx.get(url, headers={"Host": f"attacker.example:{port}"}, timeout=10)
        assert refused.status_code == 400, "DNS rebinding: a foreign Host is refused on loopback"
    finally:
        stop(proc)


def test_starting_imports_no_nlp_and_no_docx():
    code = ("import sys, time; t = time.perf_counter()\n"
            "from drafter.web.app import create_app; create_app()\n"
            "print(sorted(m for m in ('jieba', 'spacy', 'docx', 'lxml', 'yaml') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_twenty_concurrent_requests(tmp_path):
    """Two tabs drafting and exporting at once, and more: 20 requests in flight together, each
    answered as it would be alone."""
    app = create_app(str(tmp_path / "c.sqlite"))
    seed_text = SEEDS[1].read_text(encoding="utf-8")
    with running(app) as url, httpx.Client(base_url=url, timeout=120) as client:
        alone = {seed: client.post(f"/api/draft?seed={seed}", json=BRIEF).json()["text"] for seed in range(1, 6)}
        findings = client.post("/api/check", json={"text": seed_text}).json()["findings"]
        client.post("/api/corpus/add", files={"file": (SEEDS[0].name, SEEDS[0].read_bytes())})
        hits = client.get("/api/search", params={"q": "廉政文化"}).json()["results"]
        grounded = client.post("/api/draft?seed=9&ground=1", json=LIANZHENG).json()
        assert grounded["sources"], "the grounded draft borrows from the corpus"

        def one(k: int):
            kind = k % 4
            if kind == 0 and k % 8 == 0:
                return "grounded", k, client.post("/api/draft?seed=9&ground=1", json=LIANZHENG)
            if kind == 0:
                return "draft", k, client.post(f"/api/draft?seed={k % 5 + 1}", json=BRIEF)
            if kind == 1:
                return "export", k, client.post("/api/export", json={"text": alone[k % 5 + 1]})
            if kind == 2:
                return "check", k, client.post("/api/check", files={"file": ("seed.txt", seed_text.encode())})
            return "search", k, client.get("/api/search", params={"q": "廉政文化"})

        with ThreadPoolExecutor(20) as pool:
            results = list(pool.map(one, range(20)))
    assert all(r.status_code == 200 for _, _, r in results), [r.text for _, _, r in results if r.status_code != 200]
    for what, k, response in results:
        if what == "draft":
            assert response.json()["text"] == alone[k % 5 + 1]
        elif what == "grounded":
            assert response.json()["text"] == grounded["text"] and response.json()["sources"] == grounded["sources"]
        elif what == "export":
            paragraphs = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
            assert paragraphs == alone[k % 5 + 1].splitlines()
        elif what == "check":
            assert response.json()["findings"] == findings
        else:
            assert response.json()["results"] == hits
