"""Which of a layout profile's fonts this machine has, and what stands in for a missing one
(``drafter export --check-fonts``).

Installed families come from fontconfig (``fc-list``; Linux, 信创 desktops, macOS with it) or the
Windows registry. The stand-in is what fontconfig (and so LibreOffice) picks for the name; on
Windows, Word and WPS pick their own default Chinese font.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass

from .layout import Profile
from .resources import data_path, load_toml

ROLES = {"body": "正文", "title": "标题", "level1": "一级标题", "level2": "二级标题", "level3": "三级标题",
         "level4": "四级标题", "attachment_label": "附件标识", "page_number": "页码", "latin": "数字和西文",
         "mark": "发文机关标志", "classification": "密级、紧急程度", "signer": "签发人姓名"}


def aliases() -> dict[str, list[str]]:
    """Other names of the fonts profiles name (``data/fonts.toml``)."""
    return load_toml("fonts.toml")["aliases"]


@dataclass
class FontStatus:
    """One font of the profile: the elements using it, whether it is installed, its stand-in."""

    name: str
    roles: list[str]
    installed: bool
    stand_in: str = ""


@functools.cache
def installed_families() -> frozenset[str] | None:
    """Every font family name this machine has (None when it cannot be told)."""
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=30).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        return frozenset(name.strip() for line in out.splitlines() for name in line.split(","))
    if sys.platform == "win32":
        return _windows_families()
    return None


def _windows_families() -> frozenset[str]:
    if sys.platform != "win32":
        return frozenset()
    import winreg

    names: set[str] = set()
    for root in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        try:
            key = winreg.OpenKey(root, r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts")
        except OSError:
            continue
        for k in range(winreg.QueryInfoKey(key)[1]):
            value = winreg.EnumValue(key, k)[0]
            for part in value.split("(")[0].split("&"):
                names.add(part.strip())
    return frozenset(names)


def _stand_in(name: str) -> str:
    if shutil.which("fc-match"):
        try:
            out = subprocess.run(["fc-match", "-f", "%{family[0]}", name], capture_output=True, text=True, timeout=30)
            return out.stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    return ""


def check(profile: Profile) -> tuple[list[FontStatus], bool]:
    """The status of each font of ``profile``, and whether installed fonts could be listed."""
    families = installed_families()
    known = aliases()
    by_font: dict[str, list[str]] = {}
    for role, font in profile.fonts.items():
        by_font.setdefault(font, []).append(ROLES.get(role, role))
    out = []
    for font, roles in by_font.items():
        names = {font, *known.get(font, [])}
        installed = bool(families and names & families)
        out.append(FontStatus(font, roles, installed, "" if installed else _stand_in(font)))
    return out, families is not None


def report(profile: Profile) -> str:
    """The fonts report in Chinese, one line per font."""
    statuses, listed = check(profile)
    if not listed:
        return "无法列出本机字体（没有 fc-list，也不是 Windows）；请在 Word/WPS 的字体列表中核对以下字体：" + \
            "、".join(s.name for s in statuses) + "\n"
    stand_ins = load_toml("fonts.toml")["stand_ins"]
    lines = []
    for s in statuses:
        uses = "、".join(s.roles)
        if s.installed:
            lines.append(f"  有    {s.name}（{uses}）")
            continue
        instead = f"LibreOffice 将以“{s.stand_in}”代替" if s.stand_in else "Word/WPS 将以默认中文字体代替"
        lines.append(f"  缺少  {s.name}（{uses}）：{instead}")
    missing = [s for s in statuses if not s.installed]
    lines.append("所需字体齐全。" if not missing else
                 f"缺少 {len(missing)} 种字体：在装有这些字体的电脑上打开即为标准字体；"
                 "没有时可用 --fonts common 改用系统自带的 仿宋/楷体/黑体/宋体。")
    if missing and sys.platform.startswith("linux"):
        conf = data_path("fontconfig.conf")
        alt = "、".join(dict.fromkeys(stand_ins[s.name] for s in missing if s.name in stand_ins))
        if alt:
            lines.append(f"Linux 上可安装开源替代字体 {alt}，并把 {conf} 复制到 "
                         f"{os.path.expanduser('~/.config/fontconfig/conf.d/60-drafter.conf')}。")
    return "字体检查：\n" + "\n".join(lines) + "\n"
