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
MAX_ALIASES = 10_000  # alias uses in one document
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
        """Counts nesting and aliases while composing (the pure-Python composer; libyaml's
        has its own nesting limit), so that a bad file stops early."""

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

    return Limits


def check_graph(root) -> None:
    """Nesting depth and the size with every alias expanded, on the composed node graph
    (iteratively: the graph may be deeper than Python's recursion limit)."""
    import yaml

    sizes: dict[int, int] = {}
    stack: list[tuple[object, int, bool]] = [(root, 1, False)]
    busy: set[int] = set()
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        line = node.start_mark.line + 1 if getattr(node, "start_mark", None) else None  # type: ignore[attr-defined]
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        else:
            sizes[key] = 1
            continue
        if done:
            busy.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[key] > MAX_NODES:
                raise YamlLimitError(f"别名展开后超过 {MAX_NODES:,} 项", line)
            continue
        if key in sizes:
            continue
        if key in busy:
            raise YamlLimitError("别名引用了包含它自己的内容（循环引用）", line)
        if depth > MAX_DEPTH:
            raise YamlLimitError(f"嵌套超过 {MAX_DEPTH} 层", line)
        busy.add(key)
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in children if id(c) not in sizes)


@functools.cache
def limited(loader: type | None = None) -> type:
    """``loader`` (default: libyaml's safe loader when installed, else ``yaml.SafeLoader``) with
    the limits of this module."""
    import yaml

    base: type = loader if loader is not None else getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return type(f"Limited{base.__name__}", (_mixin(), base), {})


def load(text: str, source: str, what: str = "YAML 文件", loader: type | None = None) -> Any:
    """Parse one YAML document from ``text`` (read from ``source``) within the limits; ``what``
    names the file in messages (brief、套话库 …)."""
    import yaml

    parser = limited(loader)(text)
    try:
        node = parser.get_single_node()
        if node is None:
            return None
        if "&" in text:  # without anchors there are no aliases; libyaml bounds the nesting itself
            check_graph(node)
        return parser.construct_document(node)
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
