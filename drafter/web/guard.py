"""The ASGI layer in front of the application: what every request must satisfy before a route
sees it, and the headers every response carries.

- Host: only the names of the address bound (loopback by default), so that a web page elsewhere
  cannot reach this server through DNS rebinding.
- Origin: a browser's POST from another site is refused (the writer's corpus is not theirs to fill).
- Size: a body above the cap is refused with a clear message, by its Content-Length before it is
  read, and by counting while it is read when the client sends no length.
- Headers: a Content-Security-Policy that allows nothing but this server (no CDN, no inline
  script), no sniffing, no referrer, no framing.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
_HEADERS = [(b"content-security-policy", _CSP.encode()), (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"), (b"cache-control", b"no-store")]
_SAFE = ("GET", "HEAD", "OPTIONS")


class TooLarge(Exception):
    """The request body passed the upload cap while it was being read."""


def too_large_message(max_upload: int) -> str:
    """What the writer reads when an upload is over the cap."""
    return f"上传的内容过大，上限为 {max_upload // (1024 * 1024)} MB"


def host_name(value: str) -> str:
    """The host of a Host header or an Origin's netloc, without port or IPv6 brackets."""
    return (urlsplit("//" + value).hostname or "").lower()


class Guard:
    """Wraps an ASGI app (see the module docstring)."""

    def __init__(self, app, max_upload: int, hosts: tuple[str, ...] | None):
        self.app = app
        self.max_upload = max_upload
        self.hosts = {h.lower().strip("[]") for h in hosts} if hosts is not None else None

    @property
    def state(self):
        """The wrapped application's state (corpus, upload cap)."""
        return self.app.state

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        if self.hosts is not None and host_name(host) not in self.hosts:
            return await _error(send, 400, "请用本机地址打开（如 http://127.0.0.1:端口/）")
        origin = headers.get("origin")
        if scope["method"] not in _SAFE and origin and (origin == "null" or urlsplit(origin).netloc.lower() != host.lower()):
            return await _error(send, 403, "拒绝来自其他网站的请求")
        cap = too_large_message(self.max_upload)
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_upload:
            return await _error(send, 413, cap)
        seen = 0
        started = False

        async def counted_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_upload:
                    raise TooLarge
            return message

        async def secured_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": list(message.get("headers", [])) + _HEADERS}
            await send(message)

        try:
            await self.app(scope, counted_receive, secured_send)
        except TooLarge:
            if not started:
                await _error(send, 413, cap)


async def _error(send, status: int, message: str) -> None:
    body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *_HEADERS]})
    await send({"type": "http.response.body", "body": body})
