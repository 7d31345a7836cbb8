"""The questions of ``drafter new``: ask for a brief, checking each answer as it is given.

The kind is chosen from a numbered menu (a number, a name, an alias; a near name such as 讲话 gets
suggestions); only the questions the kind needs are asked; a wrong answer is explained and asked
again, and nothing answered before is lost.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable

from .brief import Kind, brief_from_data, kinds, parse_date
from .model import DrafterError


def kind_menu() -> str:
    """The numbered list of kinds with their one-line summaries."""
    lines = []
    for n, k in enumerate(kinds().values(), start=1):
        genre = "讲话稿" if k.is_speech else "公文"
        lines.append(f"  {n:>2}. {k.name}（{genre}）  {k.summary}")
    return "\n".join(lines)


def choose_kind(answer: str) -> Kind:
    """The kind an answer names: its number in the menu, its name or an alias. A near name
    raises ValueError with suggestions (讲话 → 动员部署会讲话、工作总结会讲话 …)."""
    table = list(kinds().values())
    answer = answer.strip()
    if answer.isdigit() and 1 <= int(answer) <= len(table):
        return table[int(answer) - 1]
    for k in table:
        if answer == k.name or answer in k.aliases:
            return k
    names = [k.name for k in table] + [a for k in table for a in k.aliases]
    near = [k.name for k in table if answer and (answer in k.name or any(answer in a for a in k.aliases))]
    near += [n for n in difflib.get_close_matches(answer, names, n=3, cutoff=0.4) if n not in near]
    hint = f"，您是不是要：{'、'.join(dict.fromkeys(near))}" if near else ""
    raise ValueError(f"没有“{answer}”这个文种{hint}（请输入序号或名称）")


Prompt = Callable[..., str]


def ask(prompt: Prompt, echo: Callable[[str], object] = print, today: dt.date | None = None,
        answers: dict | None = None) -> str:
    """Ask the questions of a brief through ``prompt`` (click.prompt) and return the YAML text.

    Every answer is checked when it is given and asked again when it is wrong. ``answers``, when
    given, is filled as the writer answers (so that an interrupted session can show them).
    """
    import yaml

    echo("可选的文种：\n" + kind_menu())
    kind = _ask(prompt, echo, "文种（输入序号或名称）", "1", choose_kind)
    data: dict = answers if answers is not None else {}
    data["kind"] = kind.name
    today = today or dt.date.today()
    questions = _SPEECH_QUESTIONS if kind.is_speech else _DOCUMENT_QUESTIONS
    for key, question, default, check in questions:
        default = today.isoformat() if default == "today" else default
        value = _ask(prompt, echo, question, default, check)
        if value not in (None, "", []):
            data[key] = value
    try:
        brief_from_data(dict(data), "<drafter new>")
    except DrafterError as exc:  # cannot happen when every answer passed its check; say so plainly
        raise DrafterError(f"生成的 brief 有误：{exc.message}") from None
    header = "# drafter brief — 写法见 examples/brief.yaml；运行 drafter draft 本文件 -o 初稿.docx\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def cancelled(answers: dict) -> str:
    """What to tell a writer who pressed Ctrl-C: nothing was written, and what they had answered."""
    kept = "；".join(f"{k}: {v}" for k, v in answers.items())
    return "\n已取消，没有写入文件。" + (f"已回答的内容：{kept}" if kept else "")


def _ask(prompt: Prompt, echo: Callable[[str], object], question: str, default: str, check: Callable):
    while True:
        answer = prompt(question, default=default, show_default=bool(default))
        try:
            return check(str(answer))
        except ValueError as exc:
            echo(f"  {exc}，请重新输入。")


def _text(limit: int) -> Callable[[str], str]:
    def check(answer: str) -> str:
        answer = answer.strip()
        if len(answer) > limit:
            raise ValueError(f"太长了（最多 {limit} 个字）")
        if "{{" in answer or "{%" in answer:
            raise ValueError("不能含有 {{ 或 {%")
        return answer
    return check


def _date(answer: str):
    if not answer.strip():
        return ""
    try:
        return parse_date(answer).isoformat()
    except DrafterError as exc:
        raise ValueError(exc.message) from None


def _words(answer: str) -> list[str]:
    return [w.strip() for w in re.split(r"[、，,；;\s]+", answer) if w.strip()]


def _minutes(answer: str):
    if not answer.strip():
        return ""
    try:
        minutes = float(answer.strip().rstrip("分钟"))
    except ValueError:
        raise ValueError("请输入分钟数，如 20") from None
    if not 1 <= minutes <= 120:
        raise ValueError("讲话时长应在 1–120 分钟之间")
    return int(minutes) if minutes == int(minutes) else minutes


def _sections(answer: str) -> list[dict]:
    return [{"heading": h, "points": []} for h in re.split(r"[；;]", answer) if h.strip()] if answer.strip() else []


_SPEECH_QUESTIONS = (
    ("meeting", "会议名称（如 全县安全生产工作会议）", "", _text(60)),
    ("speaker", "讲话人", "", _text(20)),
    ("org", "讲话人所在单位（如 中共桐溪县委）", "", _text(40)),
    ("region", "地区（如 桐溪县）", "", _text(20)),
    ("date", "日期（如 2026-03-05 或 2026年3月5日）", "today", _date),
    ("topic", "主题词（多个用顿号分隔，如 安全生产、应急管理）", "", _words),
    ("audience", "听众（如 全县副科级以上干部；决定称呼）", "", _text(60)),
    ("minutes", "讲话时长（分钟，留空按文种常见篇幅）", "", _minutes),
    ("sections", "各部分标题（用；分隔，留空则自动拟定）", "", _sections),
)
_DOCUMENT_QUESTIONS = (
    ("title", "标题（留空则自动拟定）", "", _text(80)),
    ("org", "发文机关（如 桐溪县人民政府办公室）", "", _text(40)),
    ("region", "地区（如 桐溪县）", "", _text(20)),
    ("date", "成文日期（如 2026-03-05 或 2026年3月5日）", "today", _date),
    ("topic", "主题词（多个用顿号分隔，如 安全生产、应急管理）", "", _words),
    ("purpose", "发文目的（如 部署安全生产大检查）", "", _text(80)),
    ("audience", "主送机关（如 各乡镇人民政府，县直各部门）", "", _text(80)),
    ("attachments", "附件名称（多个用；分隔，没有就留空）", "", lambda a: [x.strip() for x in re.split("[；;]", a) if x.strip()]),
    ("sections", "各部分标题（用；分隔，留空则自动拟定）", "", _sections),
)
