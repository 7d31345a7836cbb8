"""The terminal side of the command line: click's own messages (usage errors, help headings) in
Chinese, output streams that never fail on an odd character (a file name that is not UTF-8),
and temporary files removed when the process is told to stop.

click writes its messages through ``gettext``; :func:`prepare` gives the click modules a
``gettext`` of their own that looks the English template up in ``data/click_zh.toml`` (loaded
on the first message, not at start-up).
"""

from __future__ import annotations

import functools
import sys

_CLICK_MODULES = ("core", "exceptions", "parser", "types", "decorators", "formatting", "termui", "_termui_impl")


@functools.cache
def _table() -> dict[str, str]:
    from .resources import load_toml

    return dict(load_toml("click_zh.toml").get("messages", {}))


def gettext(message: str) -> str:
    """The Chinese for one of click's messages (the English when there is none)."""
    return _table().get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The same for messages with a plural form (Chinese has one form for both)."""
    return _table().get(singular) or (singular if n == 1 else plural)


def prepare() -> None:
    """Chinese for click, robust output streams, temporary files removed on SIGTERM/SIGHUP."""
    import importlib

    from .write import install_signal_cleanup

    for name in _CLICK_MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:
            continue
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass
    install_signal_cleanup()
