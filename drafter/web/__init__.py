"""``drafter serve``: a local web page (检查, 起草, 排版, 语料, 套话) and the JSON API behind it.

The page and its assets ship in this package (no CDN, no build step); the server calls the same
library functions as the command line. Importing this package costs nothing: the web framework
is imported by :func:`serve` and :func:`drafter.web.app.create_app` only.
"""

from __future__ import annotations


def serve(host: str = "127.0.0.1", port: int = 8765, corpus: str | None = None, open_browser: bool = False,
          say=print) -> None:
    """Run the server until Ctrl-C (see :func:`drafter.web.server.serve`)."""
    from .server import serve as run

    run(host, port, corpus, open_browser, say)
