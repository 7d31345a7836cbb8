"""Turn a point into a paragraph and open a section: the development patterns of ``data/roles.toml``.

A point of a 部署 section becomes 观点 → 形势 → 举措 … → 标准, one sentence a move, each chosen
from the sentence bank for the point's heading, until the paragraph reaches its planned length. A
section's role comes from its heading's words, else from its place in the kind (kinds.toml).
"""

from __future__ import annotations

import functools
import random
import re
from dataclasses import dataclass

from .length import count_characters
from .material import Picker
from .numbering import ARABIC_DIGITS, CN_COUNT_CHARS
from .resources import load_toml


@dataclass(frozen=True)
class Role:
    """One role of ``data/roles.toml``."""

    name: str
    words: tuple[str, ...]
    moves: tuple[str, ...]
    pattern: tuple[str, ...]
    extend: tuple[str, ...]
    lead: tuple[str, ...]
    closers: tuple[str, ...]
    voice: str
    weight: float = 1.0


@functools.cache
def roles() -> dict[str, Role]:
    """Every role by name."""
    return {name: Role(name, tuple(spec["words"]), tuple(spec["moves"]), tuple(spec["pattern"]),
                       tuple(spec["extend"]), tuple(spec["lead"]), tuple(spec["closers"]), spec["voice"],
                       float(spec.get("weight", 1.0)))
            for name, spec in load_toml("roles.toml")["role"].items()}


def role_of(heading: str, default: str) -> str:
    """The role a heading announces by its words (the longest word wins), else ``default``."""
    best, best_len = default, 0
    for role in roles().values():
        for word in role.words:
            if word in heading and len(word) > best_len:
                best, best_len = role.name, len(word)
    return best


def point_role(heading: str, section_role: str) -> str:
    """A point's role: its section's, unless its own heading names another role of the same voice
    (加强组织领导 under 部署 is developed as 保障)."""
    table = roles()
    own = role_of(heading, section_role)
    return own if table[own].voice == table[section_role].voice else section_role


_FACT = re.compile(rf"[{ARABIC_DIGITS}]|[{CN_COUNT_CHARS}百千万亿]+(?:个|名|人|万元|元|亩|平方米|公里|所|家|项|户)")


def is_statement(heading: str) -> bool:
    """Is a brief's point a statement of the writer's own facts (学校现有在校生2860人…) rather than
    a heading to develop? Figures, or a full sentence, say so."""
    return bool(_FACT.search(heading)) or len(heading) > 24 or ("，" in heading.strip("，")[:-1] and len(heading) > 18)


def develop(heading: str, role: str, picker: Picker, target: int, limit: int, minimum: int = 0,
            borrowed: list[str] | None = None) -> str:
    """The body of a point headed ``heading``: sentences along ``role``'s pattern, extended until
    about ``target`` characters (heading included), never past ``limit`` when it can be helped.
    Past ``minimum`` characters a paragraph grows only by sentences about its heading: a writer
    would rather have a shorter paragraph than one padded with generalities. ``borrowed``
    sentences (from the writer's corpus) follow the paragraph's first sentence."""
    spec = roles()[role]
    budget = target - count_characters(heading) - 1
    body: list[str] = []

    def add(move: str) -> bool:  # one figure to fill in a paragraph is enough
        relevant = sum(map(len, body)) + count_characters(heading) >= minimum > 0
        found = picker.sentence(role, move, heading, todo=not any("〔待补充" in b for b in body), relevant=relevant)
        if found is None:
            return False
        body.append(found)
        return True

    pattern = list(spec.pattern)
    last = pattern.pop() if len(pattern) > 1 else None
    tail = 45 if last else 0
    for k, move in enumerate(pattern):
        if k and sum(map(len, body)) + tail + 30 > budget:
            break  # a short paragraph keeps its thesis and its last move only
        add(move)
        if k == 0 and borrowed:
            body.extend(borrowed)
    extend = list(spec.extend) or pattern
    k = 0
    while sum(map(len, body)) + tail < budget and k < 12:
        if sum(map(len, body)) + tail + 40 > limit - count_characters(heading):
            break
        if not add(extend[k % len(extend)]) and not any(add(m) for m in extend):
            break
        k += 1
    if last and sum(map(len, body)) + 30 < limit - count_characters(heading):
        add(last)
    return "".join(body)


def lead(heading: str, role: str, picker: Picker, target: int, rng: random.Random, enumerated: bool) -> str:
    """The text that opens a section of ``role`` before its points: one or two sentences of the
    role's lead moves, then (before speech enumerations) a closer handing over to the points."""
    spec = roles()[role]
    parts: list[str] = []
    for move in spec.lead:
        found = picker.sentence(role, move, heading)
        if found:
            parts.append(found)
        if sum(map(len, parts)) >= target * 0.6:
            break
    if spec.lead and sum(map(len, parts)) < target * 0.5:
        found = picker.sentence(role, spec.lead[0], heading)
        if found:
            parts.append(found)
    if enumerated and spec.closers:
        parts.append(rng.choice(spec.closers))
    return "".join(parts)
