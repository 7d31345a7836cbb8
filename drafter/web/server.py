"""Start the server: bind the socket (loopback unless asked), say where the page is, run uvicorn
until Ctrl-C. Only the web framework and the server are imported here; the library's heavy parts
(jieba, python-docx) load when a request first needs them, so the page is up in well under a second.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import threading
import time
import webbrowser
from collections.abc import Callable

from ..model import DrafterError

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
WARM_AFTER = 1.5  # seconds after start-up


def is_loopback(host: str) -> bool:
    """Is ``host`` an address only this machine can reach?"""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (port 0: any free port); a busy port is one line."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror:
        raise DrafterError(f"无法识别的监听地址：{host}") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise DrafterError(f"端口 {port} 已被占用（drafter serve 可能已在运行）；"
                               f"可换一个端口：drafter serve --port {port + 1}") from None
        raise DrafterError(f"无法在 {host}:{port} 上启动（{exc.strerror}）") from None
    return sock


def page_url(host: str, port: int) -> str:
    """The address to open in a browser (the loopback address when listening on every interface)."""
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    return f"http://[{host.strip('[]')}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def serve(host: str, port: int, corpus: str | None, open_browser: bool, say: Callable[[str], object]) -> None:
    """Serve the page and the API on ``host``:``port`` until interrupted."""
    import uvicorn

    from .app import create_app

    sock = bind(host, port)
    url = page_url(host, sock.getsockname()[1])
    loopback = is_loopback(host)
    app = create_app(corpus, hosts=(*LOOPBACK_NAMES, host) if loopback else None)
    say(f"drafter 网页已启动：{url}")
    say("在浏览器中打开这个地址即可使用（检查、起草、排版、语料、套话）；按 Ctrl-C 停止。")
    if not loopback:
        say(f"警告：正在 {host} 上监听，同一网络中的其他电脑也能打开这个网页并使用语料库；网页没有登录保护。"
            "只在本机使用时请去掉 --host。")
    config = uvicorn.Config(app, http="h11", ws="none", lifespan="off", log_level="warning", access_log=False,
                            server_header=False, timeout_graceful_shutdown=3)
    server = uvicorn.Server(config)
    threading.Thread(target=_when_up, args=(server, url if open_browser else None), daemon=True).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn raises Ctrl-C again once it has shut down gracefully
        pass
    say("drafter 网页已停止。")


def _when_up(server, url: str | None) -> None:
    """Once the server is up: open the browser (``--open``), then load the heavy parts of the
    library in the background, so the writer's first draft or search does not wait for them."""
    from .drafting import warm

    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    if url:
        webbrowser.open(url)
    time.sleep(WARM_AFTER)  # the page and its files first: warming holds the interpreter for seconds
    warm()
