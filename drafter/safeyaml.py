"""Load YAML written by users (briefs, banks, outline skeletons) within limits.

``yaml.safe_load`` builds no objects, but it still follows aliases: a few lines of ``&a``/``*a``
(a "billion laughs") describe a structure of 10⁹ nodes that every later walk over the data
expands, and deep nesting ends in a RecursionError. :func:`load` refuses both while composing,
before anything is built, and turns every failure (bad syntax, a date such as 2026-02-30, a
5,000-digit integer) into one :class:`DrafterError` with the file and line.

Any SafeLoader subclass (one that records lines, say) can be limited the same way:
``load(text, path, loader=MyLoader)``.
"""

from __future__ import annotations

import functools
from typing import Any

from .model import DrafterError

MAX_DEPTH = 50  # levels of nesting (a brief needs < 10)
MAX_ALIASES = 100  # alias uses in one document
MAX_NODES = 1_000_000  # nodes of the document with every alias expanded


class YamlLimitError(Exception):
    """Raised while composing when a limit is passed; ``line`` is 1-based."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


@functools.cache
def _mixin() -> type:
    import yaml

    class Limits:
        """Counts nesting and aliases while composing, and expanded size after."""

        _depth = 0
        _aliases = 0

        def compose_node(self, parent, index):
            event = self.peek_event()  # type: ignore[attr-defined]
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, yaml.AliasEvent):
                self._aliases += 1
                if self._aliases > MAX_ALIASES:
                    raise YamlLimitError(f"别名（*引用）超过 {MAX_ALIASES} 处", line)
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise YamlLimitError(f"嵌套超过 {MAX_DEPTH} 层", line)
            try:
                return super().compose_node(parent, index)  # type: ignore[misc]
            finally:
                self._depth -= 1

        def construct_object(self, node, deep=False):
            self._last_node = node  # the node whose value failed, for the message's line
            return super().construct_object(node, deep)  # type: ignore[misc]

        def compose_document(self):
            node = super().compose_document()  # type: ignore[misc]
            if self._aliases:
                _check_expansion(node)
            return node

    def _check_expansion(root) -> None:
        sizes: dict[int, int] = {}
        busy: set[int] = set()

        def size(node) -> int:
            key = id(node)
            if key in sizes:
                return sizes[key]
            if key in busy:
                raise YamlLimitError("别名引用了包含它自己的内容（循环引用）", node.start_mark.line + 1)
            busy.add(key)
            total = 1
            if isinstance(node, yaml.SequenceNode):
                total += sum(size(child) for child in node.value)
            elif isinstance(node, yaml.MappingNode):
                total += sum(size(k) + size(v) for k, v in node.value)
            busy.discard(key)
            sizes[key] = total
            if total > MAX_NODES:
                raise YamlLimitError(f"别名展开后超过 {MAX_NODES:,} 项", node.start_mark.line + 1)
            return total

        size(root)

    return Limits


@functools.cache
def limited(loader: type | None = None) -> type:
    """``loader`` (default ``yaml.SafeLoader``) with the limits of this module."""
    import yaml

    base = loader or yaml.SafeLoader
    return type(f"Limited{base.__name__}", (_mixin(), base), {})


def load(text: str, source: str, what: str = "YAML 文件", loader: type | None = None) -> Any:
    """Parse one YAML document from ``text`` (read from ``source``) within the limits; ``what``
    names the file in messages (brief、套话库 …)."""
    import yaml

    parser = limited(loader)(text)
    try:
        return parser.get_single_data()
    except YamlLimitError as exc:
        raise DrafterError(f"{what}拒绝读取：{exc}", source, exc.line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "格式错误"
        raise DrafterError(f"{what}不是有效的 YAML（{problem}）", source, mark.line + 1 if mark else None) from None
    except (ValueError, OverflowError, RecursionError) as exc:
        # a timestamp that is no date (2026-02-30), an integer of thousands of digits …
        mark = getattr(getattr(parser, "_last_node", None), "start_mark", None)
        raise DrafterError(f"{what}中有无法读取的值（{_short(exc)}）", source, mark.line + 1 if mark else None) from None
    finally:
        parser.dispose()


def _short(exc: Exception) -> str:
    text = str(exc).split("\n")[0]
    return text if len(text) <= 60 else text[:59] + "…"
