"""Layout profiles for the .docx writer: GB/T 9704-2012 by default (``data/layout.toml``),
an office's house rules from a TOML file with --profile, other font names with --fonts; and the
geometry every part of the writer measures with (docs/layout.md explains it)."""

from __future__ import annotations

import os
import tomllib
import unicodedata
from dataclasses import dataclass, field

from .model import DrafterError
from .resources import data_path

DEFAULT = data_path("layout.toml")
SECTIONS = ("page", "sizes", "fonts", "bold", "page_numbers", "indent", "masthead", "imprint")


@dataclass
class Profile:
    """The settings of one layout, section by section as in the TOML file."""

    page: dict
    sizes: dict
    fonts: dict
    bold: dict
    page_numbers: dict
    indent: dict
    masthead: dict = field(default_factory=dict)
    imprint: dict = field(default_factory=dict)

    @property
    def geometry(self) -> Geometry:
        """The measures derived from the page settings."""
        return geometry(self)


def _read(path: str) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise DrafterError("版式文件不存在", path) from None
    except tomllib.TOMLDecodeError as exc:
        raise DrafterError(f"版式文件不是有效的 TOML（{exc}）", path) from None


def load_profile(path: str | None = None, fonts: str | None = None) -> Profile:
    """GB/T 9704 overlaid with the keys of ``path``; ``fonts`` names a preset of the profile
    (such as ``common``) or a TOML file with a [fonts] table."""
    data = _read(DEFAULT)
    presets = dict(data.get("font_presets", {}))
    if path:
        custom = _read(path)
        for section, values in custom.items():
            if section == "font_presets":
                presets.update(values)
            elif section in data and isinstance(values, dict):
                unknown = set(values) - set(data[section])
                if unknown:
                    raise DrafterError(f"版式文件中 [{section}] 有不认识的设置：{'、'.join(sorted(unknown))}", path)
                data[section].update(values)
            else:
                raise DrafterError(f"版式文件中有不认识的一节 [{section}]", path)
    if fonts:
        if fonts in presets:
            data["fonts"].update(presets[fonts])
        elif os.path.exists(fonts):
            data["fonts"].update(_read(fonts).get("fonts", {}))
        else:
            raise DrafterError(f"没有名为 {fonts} 的字体方案（可用：{'、'.join(presets)}，或给出 TOML 文件）")
    if data["page"]["grid"] not in ("lines", "linesAndChars"):
        raise DrafterError('版式文件中 [page] grid 应为 "lines" 或 "linesAndChars"', path)
    return Profile(*(data[k] for k in SECTIONS))


# -- geometry -------------------------------------------------------------------------------------

def twips(mm: float) -> int:
    """Millimetres in twips (1/20 pt), rounded as Word stores them."""
    return round(mm * 1440 / 25.4)


@dataclass(frozen=True)
class Geometry:
    """Measures in twips: the text block, one character cell of body text, the line pitch.

    ``spacing`` is the character spacing (``w:spacing``) of body text: the largest whole number of
    twips that lets exactly ``chars_per_line`` characters of the body size fill the text width.
    With Word's character grid (``grid = "linesAndChars"``) it is 0 and the grid does the work.
    """

    width: int
    height: int
    body: int
    spacing: int
    pitch: int
    chars_per_line: int

    @property
    def cell(self) -> int:
        """The advance of one full-width body character."""
        return self.body + self.spacing

    def cells(self, n: float) -> int:
        """``n`` body character cells, in twips."""
        return round(n * self.cell)

    def text_width(self, text: str, size_pt: float | None = None, spacing: int | None = None) -> int:
        """How wide ``text`` sets in twips: full-width characters one em, Latin letters and digits
        as Times New Roman draws them, each character plus the character spacing."""
        size = round(size_pt * 20) if size_pt is not None else self.body
        gap = self.spacing if spacing is None else spacing
        return round(sum(size * em_width(ch) + gap for ch in text))


def em_width(ch: str) -> float:
    """The advance of ``ch`` in ems: 1 for CJK and full-width forms, Times New Roman's widths for
    ASCII (digits 0.5, period and comma 0.25, letters about 0.5)."""
    if ch in _NARROW:
        return _NARROW[ch]
    if ord(ch) < 0x2E80 and unicodedata.east_asian_width(ch) not in ("W", "F"):
        return 0.5 if ch.isalnum() else 0.333
    return 1.0


_NARROW = {**dict.fromkeys("0123456789", 0.5), ".": 0.25, ",": 0.25, " ": 0.25, ":": 0.278, ";": 0.278,
           "-": 0.333, "(": 0.333, ")": 0.333, "/": 0.278, "%": 0.833, "“": 1.0, "”": 1.0, "—": 1.0, "…": 1.0,
           "·": 1.0, "‘": 1.0, "’": 1.0}


def geometry(profile: Profile) -> Geometry:
    """The geometry of ``profile``'s page (see :class:`Geometry`)."""
    page = profile.page
    width = twips(page["width_mm"]) - twips(page["left_mm"]) - twips(page["right_mm"])
    height = twips(page["height_mm"]) - twips(page["top_mm"]) - twips(page["bottom_mm"])
    body = round(profile.sizes["body"] * 20)
    chars = int(page["chars_per_line"])
    spacing = 0 if page["grid"] == "linesAndChars" else (width - chars * body) // chars
    return Geometry(width, height, body, spacing, round(page["line_pitch_pt"] * 20), chars)
