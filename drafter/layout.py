"""Layout profiles for the .docx writer: GB/T 9704-2012 by default (``data/layout.toml``),
an office's house rules from a TOML file with --profile, other font names with --fonts."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass

from .model import DrafterError
from .resources import data_path

DEFAULT = data_path("layout.toml")


@dataclass
class Profile:
    """The settings of one layout, section by section as in the TOML file."""

    page: dict
    sizes: dict
    fonts: dict
    bold: dict
    page_numbers: dict
    indent: dict


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
    return Profile(*(data[k] for k in ("page", "sizes", "fonts", "bold", "page_numbers", "indent")))
