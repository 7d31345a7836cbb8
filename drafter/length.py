"""How long a draft is and how long it takes to speak."""

from __future__ import annotations

import re

PACE = 200
"""Characters a minute: speeches of this genre are read at 160–240."""
_SPACE = re.compile(r"\s")


def count_characters(text: str) -> int:
    """Characters a reader reads (white space and line breaks not counted)."""
    return len(_SPACE.sub("", text))


def speaking_minutes(characters: int, pace: int = PACE) -> float:
    """Estimated speaking time in minutes at ``pace`` characters a minute."""
    return round(characters / pace, 1)
