"""The writer's brief for a new draft: a small YAML file (schema in the README and
``examples/brief.yaml``). Loading checks every field and says which one is wrong, and where."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import tomllib
from dataclasses import dataclass, field

from .model import DrafterError

TEMPLATE_DIR = os.path.join(os.path.dirname(__file__), "templates")
MAX_ITEMS = 60  # sections, or points under one heading: beyond any real brief, far below a numeral's range
_TEXT_FIELDS = ("title", "meeting", "speaker", "org", "region", "purpose", "audience")


_DATE = re.compile(r"^\s*(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?\s*$")


def parse_date(text: str) -> dt.date:
    """A date written 2026-03-05, 2026年3月5日, 2026.3.5 or 2026/3/5."""
    m = _DATE.match(text)
    if not m:
        raise DrafterError("日期请写成 2026-03-05 或 2026年3月5日")
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise DrafterError(f"没有这一天：{text.strip()}") from None


@dataclass
class Section:
    """A heading and what stands under it; a point given as a plain string is a Section
    without points."""

    heading: str
    points: list[Section] = field(default_factory=list)
    role: str = ""  # set when drafter chose the section for a role (data/roles.toml)


@dataclass
class Brief:
    """What the writer states about the occasion; anything left out is drafted from the banks."""

    kind: str
    title: str | None = None
    meeting: str | None = None
    speaker: str | None = None
    org: str | None = None
    region: str | None = None
    date: dt.date | None = None
    topic: list[str] = field(default_factory=list)
    purpose: str | None = None
    audience: str | None = None
    sections: list[Section] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    length: int | None = None  # characters wanted (overrides the kind's length plan)
    minutes: float | None = None  # speaking time wanted, at the drafting pace


@dataclass
class Kind:
    """One kind of draft, as declared in ``templates/kinds.toml``."""

    name: str
    genre: str
    template: str
    summary: str
    roles: list[str]
    point_style: str
    tags: list[str]
    aliases: list[str] = field(default_factory=list)
    closing: str = ""
    instructs: bool = True
    headings: list[str] = field(default_factory=list)

    @property
    def is_speech(self) -> bool:
        """Is this kind spoken (讲话稿) rather than a 公文?"""
        return self.genre == "speech"


@functools.cache
def _kinds_file() -> dict:
    with open(os.path.join(TEMPLATE_DIR, "kinds.toml"), "rb") as fh:
        return tomllib.load(fh)


def kinds() -> dict[str, Kind]:
    """Every kind by name."""
    return {k["name"]: Kind(**k) for k in _kinds_file()["kind"]}


def genre_avoid(genre: str) -> str:
    """The pattern of phrases a genre never takes (``[avoid]`` in ``templates/kinds.toml``)."""
    return _kinds_file().get("avoid", {}).get(genre, "")


def kind_avoid(kind: Kind) -> str:
    """Everything a draft of ``kind`` must not say: its genre's formulas and, for a document that
    gives no instructions (请示, 报告, 函), instructions."""
    patterns = [genre_avoid(kind.genre)] + ([] if kind.instructs else [genre_avoid("no_instructions")])
    return "|".join(f"(?:{p})" for p in patterns if p)


def resolve_kind(name: str, source: str = "") -> Kind:
    """The kind a brief names (by name or alias); an unknown kind lists the known ones."""
    table = kinds()
    for kind in table.values():
        if name == kind.name or name in kind.aliases:
            return kind
    raise DrafterError(f"未知的文种 kind: {name}（可用：{'、'.join(table)}）", source or None)


def _loader():
    """A YAML safe loader that remembers the line of every mapping key."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def mapping(loader, node):
        value = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
        lines = {k.value: k.start_mark.line + 1 for k, _ in node.value if hasattr(k, "value")}
        return _Lined(value, lines, node.start_mark.line + 1)

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    return yaml, Loader


class _Lined(dict):
    """A mapping that knows the line of each key (for error messages)."""

    def __init__(self, value, lines, line):
        super().__init__(value)
        self.lines = lines
        self.line = line


def load_brief(path: str) -> Brief:
    """Read and check a brief file: through the guarded reader (no FIFOs, devices or folders; a
    size cap; any encoding drafter reads) and the limited YAML parser (no alias bombs)."""
    from .reader import read_config_text
    from .safeyaml import load

    _, loader = _loader()
    data = load(read_config_text(path, "brief 文件"), path, "brief ", loader=loader)
    return brief_from_data(data, path)


def brief_from_data(data, source: str = "<brief>") -> Brief:
    """Check a brief given as plain data (what the YAML file holds)."""
    if not isinstance(data, dict):
        raise DrafterError("brief 应为“字段: 值”的 YAML 映射", source)
    lines = getattr(data, "lines", {})

    def fail(key, message):
        raise DrafterError(f"字段 {key}：{message}", source, lines.get(key))

    known = {"kind", "topic", "date", "sections", "attachments", "length", "minutes", *_TEXT_FIELDS}
    for key in data:
        if key not in known:
            fail(key, f"不认识这个字段（可用：{'、'.join(sorted(known))}）")
    if "kind" not in data or data["kind"] in (None, ""):
        raise DrafterError("缺少字段 kind（文种，如 动员部署会讲话、通知；drafter draft --list-kinds 可查看）", source)
    if not isinstance(data["kind"], str):
        fail("kind", "应为文字")
    resolve_kind(data["kind"], source)
    values = {}
    for key in _TEXT_FIELDS:
        value = data.get(key)
        if value is not None and not isinstance(value, (str, int)):
            fail(key, "应为文字")
        values[key] = str(value).strip() if value is not None else None
    topic = data.get("topic", [])
    if isinstance(topic, str):
        topic = [t for t in topic.replace("，", ",").replace("、", ",").split(",") if t.strip()]
    if not isinstance(topic, list) or not all(isinstance(t, str) for t in topic):
        fail("topic", "应为文字或文字列表")
    date: object = data.get("date")
    if isinstance(date, str):
        try:
            date = parse_date(date)
        except DrafterError as exc:
            fail("date", exc.message + "（日期应写作 2026-03-05）")
    elif date is not None and not isinstance(date, dt.date):
        fail("date", "日期应写作 2026-03-05")
    attachments = data.get("attachments", [])
    if not isinstance(attachments, list) or not all(isinstance(a, str) for a in attachments):
        fail("attachments", "应为文字列表")
    sections = data.get("sections", [])
    if sections is None:
        sections = []
    if not isinstance(sections, list):
        fail("sections", "应为列表，每项是一个部分（heading 加 points）")
    if len(sections) > MAX_ITEMS:
        fail("sections", f"部分太多（最多 {MAX_ITEMS} 个）")
    length, minutes = data.get("length"), data.get("minutes")
    if length is not None and (isinstance(length, bool) or not isinstance(length, int) or not 200 <= length <= 20000):
        fail("length", "篇幅应为 200–20000 之间的字数，如 length: 4000")
    if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, (int, float))
                                or not 1 <= minutes <= 120):
        fail("minutes", "讲话时长应为 1–120 之间的分钟数，如 minutes: 20")
    parsed = [_section(s, f"sections 第 {i} 项", source, lines.get("sections")) for i, s in enumerate(sections, 1)]
    return Brief(kind=data["kind"], **values, date=date if isinstance(date, dt.date) else None,
                 topic=[t.strip() for t in topic], sections=parsed, attachments=attachments,
                 length=length, minutes=float(minutes) if minutes is not None else None)


def brief_for_command(path: str | None, kind: str | None = None, topics: tuple[str, ...] = (),
                      meeting: str | None = None, skeleton: bool = False) -> Brief:
    """The brief of ``drafter draft``: the file at ``path`` (or a bare one when drafting from a
    skeleton or a kind alone), with the command line's kind, topics and meeting laid over it."""
    if path:
        brief = load_brief(path)
    elif skeleton or kind:
        brief = brief_from_data({"kind": kind or "动员部署会讲话"}, "<命令行>")
    else:
        raise DrafterError("请给出 brief 文件，或用 --like 指定提纲骨架（drafter new 可交互生成 brief）")
    if kind:
        resolve_kind(kind)
        brief.kind = kind
    if topics:
        brief.topic = list(topics) + [t for t in brief.topic if t not in topics]
    if meeting:
        brief.meeting = meeting
    return brief


def _section(value, where: str, source: str, line: int | None, depth: int = 1) -> Section:
    if depth > 5:
        raise DrafterError(f"{where}：层次太深（最多五层）", source, line)
    if isinstance(value, (str, int)) and str(value).strip():
        return Section(_clean_heading(str(value)))
    if not isinstance(value, dict):
        raise DrafterError(f"{where}：应为文字，或含 heading（标题）与 points（要点）的对象", source, line)
    line = getattr(value, "line", line)
    heading = value.get("heading")
    if not isinstance(heading, (str, int)) or not str(heading).strip():
        raise DrafterError(f"{where}：缺少 heading（标题）", source, line)
    for key in value:
        if key not in ("heading", "points"):
            raise DrafterError(f"{where}：不认识的字段 {key}（只能有 heading 和 points）", source, line)
    points = value.get("points") or []
    if not isinstance(points, list):
        raise DrafterError(f"{where}：points 应为列表", source, line)
    if len(points) > MAX_ITEMS:
        raise DrafterError(f"{where}：要点太多（每一层最多 {MAX_ITEMS} 个）", source, line)
    return Section(_clean_heading(str(heading)),
                   [_section(p, f"{where} 的 points 第 {i} 项", source, line, depth + 1) for i, p in enumerate(points, 1)])


def _clean_heading(text: str) -> str:
    """A heading as the writer typed it, without a marker or end punctuation they may have added."""
    from .numbering import match_start

    text = text.strip()
    m = match_start(text)
    if m is not None and not m.glued_digit:
        text = text[m.end:].strip()
    return text.rstrip("。；;，,：:")
