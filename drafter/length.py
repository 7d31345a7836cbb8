"""How long a draft is and how long it takes to speak."""

from __future__ import annotations

import re
from dataclasses import dataclass

PACE = 200
"""Characters a minute: speeches of this genre are read at 160–240."""
_SPACE = re.compile(r"\s")


def count_characters(text: str) -> int:
    """Characters a reader reads (white space and line breaks not counted)."""
    return len(_SPACE.sub("", text))


def speaking_minutes(characters: int, pace: int = PACE) -> float:
    """Estimated speaking time in minutes at ``pace`` characters a minute."""
    return round(characters / pace, 1)


@dataclass(frozen=True)
class LengthPlan:
    """How long a draft of a kind should be (``data/lengths.toml``) and how that length is spread:
    ``target`` characters in all, ``point`` per point paragraph and ``lead`` per section lead, each
    a [min, max] range; ``sections`` and ``points`` are the default shape."""

    kind: str
    total: tuple[int, int]
    target: int
    sections: int
    points: int
    point: tuple[int, int]
    lead: tuple[int, int]

    def point_target(self, points: int, leads: int, frame: int) -> int:
        """Characters for each of ``points`` point paragraphs once ``leads`` section leads and the
        ``frame`` (title, opening, closing) have their share — within the kind's range where the
        brief's shape allows, stretched (up to 1.25 × the maximum) where it has few points and
        shortened (down to 0.6 × the minimum) where it has many."""
        if points <= 0:
            return 0
        lead_mid = (self.lead[0] + self.lead[1]) // 2
        share = (self.target - frame - leads * lead_mid) // points
        low, high = self.point
        floor = low if share >= low else max(int(low * 0.6), share)  # many points: shorter ones
        return max(floor, min(share, int(high * 1.25)))


def plan_for(kind: str, length: int | None = None, minutes: float | None = None, pace: int = PACE) -> LengthPlan:
    """The length plan of ``kind``, or one scaled to the brief's own ``length`` (characters) or
    ``minutes`` at ``pace``."""
    from .resources import load_toml

    spec = load_toml("lengths.toml")["kind"].get(kind)
    if spec is None:
        spec = {"total": [1000, 2000], "sections": 3, "points": 2, "point": [100, 200], "lead": [0, 60]}
    total = (int(spec["total"][0]), int(spec["total"][1]))
    target = total[0] + (total[1] - total[0]) * 2 // 5
    point = (int(spec["point"][0]), int(spec["point"][1]))
    lead = (int(spec["lead"][0]), int(spec["lead"][1]))
    wanted = length or (int(minutes * pace) if minutes else None)
    if wanted:
        scale = wanted / target
        target = wanted
        total = (int(wanted * 0.92), int(wanted * 1.08))
        point = (max(60, int(point[0] * min(scale, 1.5))), max(90, int(point[1] * min(scale, 1.5))))
        lead = (int(lead[0] * min(scale, 1.5)), int(lead[1] * min(scale, 1.5)))
    return LengthPlan(kind, total, target, int(spec["sections"]), int(spec["points"]), point, lead)
