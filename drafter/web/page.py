"""The page itself: one HTML document with the five tabs, rendered on the server from the same
data the command line uses (kinds, phrase categories, font presets, the corpus)."""

from __future__ import annotations

import functools
import os

from .. import __version__

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")


@functools.cache
def _environment():
    from jinja2 import Environment, FileSystemLoader

    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True)


def render(corpus: str | None, max_upload: int) -> str:
    """The page's HTML (every value escaped by the template engine)."""
    from ..bank import CATEGORIES
    from ..brief import kinds
    from ..store import corpus_target
    from .typeset import default_grid, font_presets

    context = {
        "version": __version__,
        "kinds": list(kinds().values()),
        "categories": CATEGORIES,
        "presets": font_presets(),
        "grid": default_grid(),
        "corpus": corpus_target(corpus),
        "corpus_exists": corpus_target(corpus).startswith(("postgresql://", "postgres://"))
        or os.path.exists(corpus_target(corpus)),
        "max_upload_mb": max_upload // (1024 * 1024),
    }
    return _environment().get_template("index.html").render(context)
