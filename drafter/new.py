"""The questions of ``drafter new``: ask for a brief and write it as YAML."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from .brief import brief_from_data


def ask(prompt: Callable, kinds: list[str]) -> str:
    """Ask the questions of a brief through ``prompt`` (click.prompt) and return the YAML text.

    The answers are checked as a brief before anything is written.
    """
    import yaml

    kind = prompt("文种（" + "、".join(kinds) + "）", default=kinds[0])
    data = {"kind": kind}
    for key, question, default in (
        ("meeting", "会议名称（公文可留空）", ""),
        ("title", "标题（留空则自动拟定）", ""),
        ("speaker", "讲话人", ""),
        ("org", "单位（公文的发文机关）", ""),
        ("region", "地区（如 桐溪县）", ""),
        ("date", "日期（如 2026-03-05）", dt.date.today().isoformat()),
        ("topic", "主题词（多个用顿号分隔，如 安全生产、应急管理）", ""),
        ("purpose", "目的（如 部署今年安全生产工作）", ""),
        ("audience", "主送机关或听众", ""),
    ):
        answer = prompt(question, default=default, show_default=bool(default)).strip()
        if answer:
            data[key] = answer
    headings = prompt("各部分标题（用；分隔，留空则从套话库选取）", default="", show_default=False).strip()
    if headings:
        data["sections"] = [{"heading": h.strip(), "points": []} for h in headings.replace(";", "；").split("；")
                            if h.strip()]
    brief_from_data(dict(data), "<drafter new>")
    header = "# drafter brief — 写法见 examples/brief.yaml；运行 drafter draft 本文件 -o 初稿.txt\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
