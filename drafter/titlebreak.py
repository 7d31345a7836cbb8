"""Break a long title between words, as GB/T 9704 asks (梯形或菱形), without loading a segmenter.

Loading jieba's dictionary takes a second; one title needs the frequencies of a few dozen of its
substrings only. They are looked up by binary search in jieba's own ``dict.txt`` (its Chinese part
is sorted; a test checks this for the pinned version), and the title is segmented the way jieba
segments without its HMM: the most probable path through the word graph. Runs of characters that
are no words of the dictionary (place names such as 桐溪县) are kept whole, as jieba's HMM would
mostly join them.
"""

from __future__ import annotations

import functools
import math
import mmap
import os
import re
from itertools import combinations

TOTAL = 60101967  # sum of the frequencies in jieba 0.42's dict.txt (tests/test_titlebreak.py checks it)
_HAN = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+)")
_ASCII = re.compile(r"[a-zA-Z0-9]")
_PAIRS = (("《", "》"), ("“", "”"), ("（", "）"), ("(", ")"), ("〔", "〕"), ("【", "】"))


class _Dictionary:
    """jieba's dict.txt, memory-mapped, searched by binary search over its sorted Chinese part."""

    def __init__(self, path: str):
        with open(path, "rb") as fh:
            self.data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        self.base = self.data.find("\n一 ".encode()) + 1  # the sorted Chinese part starts at 一

    def _line(self, pos: int) -> tuple[int, int, bytes, int]:
        start = self.data.rfind(b"\n", 0, pos) + 1
        end = self.data.find(b"\n", start)
        end = len(self.data) if end < 0 else end
        word, freq = self.data[start:end].split(b" ")[:2]
        return start, end, word, int(freq)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 (one instance for the process)
    def lookup(self, word: str) -> tuple[int, bool]:
        """(frequency of ``word``, 0 if it is no word; whether some word starts with it)."""
        key = word.encode("utf-8")
        lo, hi = self.base, len(self.data)
        while lo < hi:
            start, end, found, _ = self._line((lo + hi) // 2)
            if found < key:
                lo = end + 1
            else:
                hi = start
        if lo >= len(self.data):
            return 0, False
        _, _, found, freq = self._line(lo)
        return (freq if found == key else 0), found.startswith(key)


@functools.cache
def _dictionary() -> _Dictionary:
    from importlib.util import find_spec

    spec = find_spec("jieba")
    if spec is None or not spec.origin:
        raise RuntimeError("jieba is not installed")
    return _Dictionary(os.path.join(os.path.dirname(spec.origin), "dict.txt"))


def words(text: str) -> list[str]:
    """``text`` segmented as ``jieba.lcut(text, HMM=False)`` does."""
    out: list[str] = []
    for block in _HAN.split(text):
        if not block:
            continue
        if not _HAN.fullmatch(block):
            out.extend(block)
            continue
        out.extend(_segment(block))
    return out


def _segment(block: str) -> list[str]:
    lookup = _dictionary().lookup
    n = len(block)
    dag: dict[int, list[int]] = {}
    for i in range(n):
        ends = []
        j = i + 1
        while j <= n:
            freq, prefix = lookup(block[i:j])
            if freq:
                ends.append(j)
            if not prefix:
                break
            j += 1
        dag[i] = ends or [i + 1]
    log_total = math.log(TOTAL)
    route: dict[int, tuple[float, int]] = {n: (0.0, n)}
    for i in range(n - 1, -1, -1):
        route[i] = max((math.log(lookup(block[i:j])[0] or 1) - log_total + route[j][0], j) for j in dag[i])
    out, i, latin = [], 0, ""
    while i < n:
        j = route[i][1]
        piece = block[i:j]
        if j - i == 1 and _ASCII.match(piece):
            latin += piece
        else:
            if latin:
                out.append(latin)
                latin = ""
            out.append(piece)
        i = j
    if latin:
        out.append(latin)
    return out


def break_title(title: str, max_chars: int) -> list[str]:
    """Lines of a long title, broken only between words and never inside 《》“”（）, shaped as an
    upright trapezoid (two lines, the upper not longer) or a diamond (three lines, the middle
    longest) as GB/T 9704 asks, as balanced as the words allow."""
    if len(title) <= max_chars:
        return [title]
    tokens = words(title)
    bounds, pos = [], 0
    single_run = []  # cut positions between two one-character pieces
    for k, word in enumerate(tokens[:-1]):
        pos += len(word)
        bounds.append(pos)
        nxt = tokens[k + 1]
        if _single(word) and _single(nxt):
            single_run.append(pos)
    n = -(-len(title) // max_chars)
    outside = [c for c in bounds if _depth(title[:c]) == 0]
    tiers = ([c for c in outside if c not in single_run], outside, bounds, list(range(1, len(title))))
    for cuts in tiers:
        best = _best_bounds(title, cuts, n, max_chars)
        if best:
            return [title[a:b] for a, b in zip(best, best[1:])]
    return [title[i:i + max_chars] for i in range(0, len(title), max_chars)]


def _single(word: str) -> bool:
    """A one-character Chinese piece: two of them side by side are kept together (桐/溪/县, 上/的)."""
    return len(word) == 1 and "\u4e00" <= word <= "\u9fd5"


def _best_bounds(title: str, cuts: list[int], n: int, max_chars: int) -> list[int] | None:
    best, best_cost = None, None
    for combo in combinations(cuts, n - 1) if n > 1 else [()]:
        bounds = [0, *combo, len(title)]
        lengths = [b - a for a, b in zip(bounds, bounds[1:])]
        if max(lengths) > max_chars:
            continue
        cost = max(lengths) - min(lengths)
        if n == 2 and lengths[0] > lengths[1]:
            cost += 3  # prefer the upper line shorter
        if n >= 3 and lengths[len(lengths) // 2] < max(lengths):
            cost += 3  # prefer the middle line longest
        if best_cost is None or cost < best_cost:
            best, best_cost = bounds, cost
    return best


def _depth(text: str) -> int:
    return sum(text.count(o) - text.count(c) for o, c in _PAIRS)
