"""Layout profiles for the .docx writer: GB/T 9704-2012 by default (``data/layout.toml``),
an office's house rules from a TOML file with --profile, other font names with --fonts; and the
geometry every part of the writer measures with (docs/layout.md explains it).

A profile is checked key by key before anything is laid out: every value has the type of the
default's, sizes are positive, finite and fit the page, fonts are names. A mistake is one
:class:`DrafterError` naming the file, the line, the key and what is expected.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field

from .model import DrafterError
from .resources import data_path

DEFAULT = data_path("layout.toml")
MAX_PROFILE_BYTES = 1024 * 1024

# key → (low, high) for numbers; the type comes from the default profile
_RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("page", "width_mm"): (50, 600), ("page", "height_mm"): (50, 600),  # Word's largest page is 558.8 mm
    ("page", "top_mm"): (0, 300), ("page", "bottom_mm"): (0, 300),
    ("page", "left_mm"): (0, 300), ("page", "right_mm"): (0, 300),
    ("page", "lines_per_page"): (1, 200), ("page", "chars_per_line"): (1, 200),
    ("page", "line_pitch_pt"): (1, 200), ("page", "char_space"): (-100000, 100000),
    ("sizes", "body"): (1, 200), ("sizes", "title"): (1, 200), ("sizes", "page_number"): (1, 200),
    ("page_numbers", "indent_chars"): (0, 20), ("page_numbers", "gap_mm"): (0, 100),
    ("indent", "first_line_chars"): (0, 20), ("indent", "signature_right_chars"): (0, 50),
    ("sizes", "imprint"): (1, 200), ("sizes", "table"): (1, 200), ("sizes", "mark"): (1, 200),
    ("masthead", "mark_top_mm"): (0, 300), ("masthead", "rule_pt"): (0.25, 20), ("masthead", "rule_gap_mm"): (0, 100),
    ("imprint", "thick_mm"): (0.05, 5), ("imprint", "thin_mm"): (0.05, 5), ("imprint", "indent_chars"): (0, 20),
}
_COLOR = re.compile(r"[0-9A-Fa-f]{6}")  # w:color: six hex digits
_CHOICES = {("page", "grid"): ("lines", "linesAndChars"),
            ("page_numbers", "position"): ("outer", "center")}
_MAX_FONT_NAME = 31  # Word's limit for a font name
_MIN_TEXT_MM = 30  # the 版心 must keep at least this much of the page in each direction
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


@dataclass
class _Source:
    path: str
    text: str

    def fail(self, message: str, section: str | None = None, key: str | None = None) -> DrafterError:
        return DrafterError(message, self.path, _line_of(self.text, section, key))


def _read(path: str, what: str = "版式文件") -> tuple[dict, _Source]:
    from .reader import read_config_text

    text = read_config_text(path, what, MAX_PROFILE_BYTES)
    try:
        return tomllib.loads(text), _Source(path, text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+)", str(exc))
        raise DrafterError(f"{what}不是有效的 TOML（{str(exc).split(' (at')[0]}）", path,
                           int(m.group(1)) if m else None) from None
    except RecursionError:
        raise DrafterError(f"{what}嵌套过深，不是版式文件", path) from None


def _line_of(text: str, section: str | None, key: str | None) -> int | None:
    """The line of ``key`` in ``[section]`` (or of the section header) in a TOML text."""
    if section is None:
        return None
    current = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.match(r"^\[\s*([^\]]+?)\s*\]", stripped)
        if header:
            current = header.group(1).strip('"')
            if key is None and current == section:
                return number
            continue
        if key is not None and current == section and re.match(rf"^\"?{re.escape(key)}\"?\s*=", stripped):
            return number
        if key is not None and current is None and re.match(rf"^{re.escape(section)}\s*\.\s*{re.escape(key)}\s*=", stripped):
            return number
    return None


def load_profile(path: str | None = None, fonts: str | None = None) -> Profile:
    """GB/T 9704 overlaid with the keys of ``path``; ``fonts`` names a preset of the profile
    (such as ``common``) or a TOML file with a [fonts] table."""
    with open(DEFAULT, "rb") as fh:
        data = tomllib.load(fh)
    defaults = {section: dict(values) for section, values in data.items() if section != "font_presets"}
    presets = dict(data.get("font_presets", {}))
    if path:
        custom, source = _read(path)
        for section, values in custom.items():
            if section == "font_presets":
                if not isinstance(values, dict) or not all(isinstance(v, dict) for v in values.values()):
                    raise source.fail("[font_presets.名称] 应为字体方案表", section)
                for name, preset in values.items():
                    _check_section(source, "fonts", preset, defaults["fonts"], where=f"font_presets.{name}")
                presets.update(values)
            elif section in defaults:
                if not isinstance(values, dict):
                    raise source.fail(f"版式文件中 {section} 应为一节 [{section}]，而不是单个值", section)
                _check_section(source, section, values, defaults[section])
                data[section].update(values)
            else:
                raise source.fail(f"版式文件中有不认识的一节 [{section}]（可用：{'、'.join(defaults)}）", section)
    if fonts:
        if fonts in presets:
            data["fonts"].update(presets[fonts])
        elif os.path.exists(fonts):
            table, source = _read(fonts, "字体方案文件")
            chosen = table.get("fonts", {})
            if not isinstance(chosen, dict):
                raise source.fail("字体方案文件的 fonts 应为一节 [fonts]", "fonts")
            _check_section(source, "fonts", chosen, defaults["fonts"])
            data["fonts"].update(chosen)
        else:
            raise DrafterError(f"没有名为 {fonts} 的字体方案（可用：{'、'.join(presets)}，或给出 TOML 文件）")
    profile = Profile(*(data[k] for k in SECTIONS))
    _check_page(profile, path)
    return profile


def _check_section(source: _Source, section: str, values: dict, default: dict, where: str | None = None) -> None:
    """Every key known, every value of the default's type and within its range."""
    label = where or section
    unknown = set(values) - set(default)
    if unknown:
        raise source.fail(f"版式文件中 [{label}] 有不认识的设置：{'、'.join(sorted(unknown))}", where or section,
                          sorted(unknown)[0])
    for key, value in values.items():
        expected = default[key]

        def bad(what: str, key: str = key, value=value) -> DrafterError:
            return source.fail(f"版式文件中 [{label}] {key} = {_show(value)}：{what}", where or section, key)

        if isinstance(expected, bool):
            if not isinstance(value, bool):
                raise bad("应为 true 或 false")
        elif isinstance(expected, (int, float)):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise bad("应为数字")
            if isinstance(value, float) and not math.isfinite(value):
                raise bad("应为有限的数字")
            if isinstance(expected, int) and not isinstance(value, int) and key.endswith(("_per_page", "_per_line", "space")):
                raise bad("应为整数")
            low, high = _RANGES.get((section, key), (0, 1000))
            if not low <= value <= high:
                raise bad(f"应在 {low:g} 到 {high:g} 之间")
        elif isinstance(expected, str):
            if not isinstance(value, str):
                raise bad("应为文字（用英文引号括起来）")
            choices = _CHOICES.get((section, key))
            if choices and value not in choices:
                raise bad(f"应为 {'、'.join(choices)} 之一")
            if key.endswith("_color") and not _COLOR.fullmatch(value):
                raise bad("应为六位十六进制颜色，如 FF0000")
            if section == "fonts" and not (0 < len(value) <= _MAX_FONT_NAME):
                raise bad(f"字体名应为 1 到 {_MAX_FONT_NAME} 个字符")
            if re.search(r"[\x00-\x1f\x7f]", value) or len(value) > 100:
                raise bad("含控制字符或过长")


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 30 else text[:29] + "…"


def _check_page(profile: Profile, path: str | None) -> None:
    """The 版心 must fit the page, and the page number the bottom margin."""
    page = profile.page
    width = page["width_mm"] - page["left_mm"] - page["right_mm"]
    height = page["height_mm"] - page["top_mm"] - page["bottom_mm"]
    if width < _MIN_TEXT_MM or height < _MIN_TEXT_MM:
        raise DrafterError(f"版式文件中的页边距超出了页面：版心只剩 {width:g}×{height:g} 毫米"
                           f"（至少应为 {_MIN_TEXT_MM}×{_MIN_TEXT_MM}）", path)


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
