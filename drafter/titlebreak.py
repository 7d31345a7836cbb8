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


MAX_DP_LINES = 12  # longer titles are filled line by line (no shape to keep)
MAX_DP_WIDTH = 60


def break_title(title: str, max_chars: int) -> list[str]:
    """Lines of a long title, broken only between words and never inside 《》“”（）, shaped as an
    upright trapezoid (two lines, the upper not longer) or a diamond (three lines, the middle
    longest) as GB/T 9704 asks, as balanced as the words allow. Time grows with the title's
    length, not with the number of ways to split it."""
    max_chars = max(1, max_chars)
    if len(title) <= max_chars:
        return [title]
    tokens = words(title)
    bounds, pos = [], 0
    single_run = set()  # cut positions between two one-character pieces
    for k, word in enumerate(tokens[:-1]):
        pos += len(word)
        bounds.append(pos)
        nxt = tokens[k + 1]
        if _single(word) and _single(nxt):
            single_run.add(pos)
    n = -(-len(title) // max_chars)
    outside = [c for c, d in zip(bounds, _depths(title, bounds)) if d == 0]
    tiers = ([c for c in outside if c not in single_run], outside, bounds, list(range(1, len(title))))
    for cuts in tiers:
        best = _best_bounds(len(title), cuts, n, max_chars)
        if best:
            return [title[a:b] for a, b in zip(best, best[1:])]
    return [title[i:i + max_chars] for i in range(0, len(title), max_chars)]


def _single(word: str) -> bool:
    """A one-character Chinese piece: two of them side by side are kept together (桐/溪/县, 上/的)."""
    return len(word) == 1 and "\u4e00" <= word <= "\u9fd5"


def _depths(title: str, cuts: list[int]) -> list[int]:
    """The bracket depth at each cut, in one pass over the title."""
    delta = {o: 1 for o, _ in _PAIRS} | {c: -1 for _, c in _PAIRS}
    out, depth, pos = [], 0, 0
    for cut in cuts:
        depth += sum(delta.get(ch, 0) for ch in title[pos:cut])
        pos = cut
        out.append(depth)
    return out


def _cost(lengths: list[int]) -> int:
    """Balance first (longest − shortest), then GB/T 9704's shapes: the upper of two lines not
    longer, the middle of three or more the longest."""
    cost = max(lengths) - min(lengths)
    if len(lengths) == 2 and lengths[0] > lengths[1]:
        cost += 3
    if len(lengths) >= 3 and lengths[len(lengths) // 2] < max(lengths):
        cost += 3
    return cost


def _best_bounds(length: int, cuts: list[int], n: int, max_chars: int) -> list[int] | None:
    """The line bounds of least :func:`_cost` (the first such in cut order, as a search over
    every combination of cuts would find) with every line at most ``max_chars`` long, breaking
    only at ``cuts``; None when there is no such split. A dynamic programme over line widths."""
    if n <= 1:
        return [0, length] if length <= max_chars else None
    if n == 2:
        best = None
        for cut in cuts:
            lengths = [cut, length - cut]
            if max(lengths) <= max_chars and (best is None or _cost(lengths) < best[0]):
                best = (_cost(lengths), [0, cut, length])
        return best[1] if best else None
    if n > MAX_DP_LINES or max_chars > MAX_DP_WIDTH:
        return _greedy(length, cuts, max_chars)
    ends = 1 << length
    for c in cuts:
        ends |= 1 << c
    for cost in range(0, 2 * max_chars + 4):  # the least cost that some split reaches
        found: list[list[int]] = []
        for lo in range(1, max_chars + 1):
            for hi, shaped in ((lo + cost, True), (lo + cost - 3, False)):  # shaped: the middle line longest
                split = _split(length, ends, n, lo, hi, shaped) if lo <= hi <= max_chars else None
                if split:
                    found.append(split)
        if found:
            return min(found)
    return None


def _split(length: int, ends: int, n: int, lo: int, hi: int, shaped: bool) -> list[int] | None:
    """The first split (in cut order) into ``n`` lines of lo–hi characters each (the middle
    line exactly ``hi`` when ``shaped``), on bit sets of the positions still able to finish."""
    middle = n // 2

    def widths(k):
        return range(hi, hi + 1) if shaped and k == middle else range(lo, hi + 1)

    can = [0] * (n + 1)  # can[k]: positions from which lines k… reach the end
    can[n] = 1 << length
    for k in range(n - 1, -1, -1):
        reach = 0
        for w in widths(k):
            reach |= can[k + 1] >> w
        can[k] = reach & (ends | 1)
    if not can[0] & 1:
        return None
    bounds, pos = [0], 0
    for k in range(n):
        pos = next(pos + w for w in widths(k) if can[k + 1] >> (pos + w) & 1)
        bounds.append(pos)
    return bounds


def _greedy(length: int, cuts: list[int], max_chars: int) -> list[int] | None:
    """Fill each line up to the last cut that fits (titles too long to shape)."""
    import bisect

    bounds, pos, points = [0], 0, sorted(set(cuts) | {length})
    while pos < length:
        k = bisect.bisect_right(points, pos + max_chars) - 1
        if k < 0 or points[k] <= pos:
            return None
        pos = points[k]
        bounds.append(pos)
    return bounds
