"""Phrase banks: the stock phrasing of speeches, as data (schema ``drafter-phrases/1``).

A bank is a YAML file with a top-level ``phrases:`` list; each entry has ``text`` (with named
slots such as ``{{地区}}``), ``category``, ``tags``, ``source`` (``path:line`` or ``curated``)
and ``count``. This module loads, validates, saves, lists and searches banks; it needs no NLP.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import DrafterError
from .resources import data_path

SCHEMA = "drafter-phrases/1"
CATEGORIES = ("称呼", "开场", "回顾", "过渡", "标题", "引领", "强调", "要求", "号召", "结尾", "致谢")
SLOTS = ("地区", "单位", "会议名称", "年份", "主题", "数字", "职务", "姓名")
STOCK = data_path("stock_phrases.yaml")
_SLOT = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")


@dataclass
class Phrase:
    """One reusable phrase."""

    text: str
    category: str
    tags: list[str] = field(default_factory=list)
    source: str = "curated"
    count: int = 1

    @property
    def slots(self) -> list[str]:
        """The slot names the phrase contains, in order."""
        return _SLOT.findall(self.text)


def slots_in(text: str) -> list[str]:
    """Slot names written as ``{{名称}}`` in ``text``."""
    return _SLOT.findall(text)


_REGION_LEVELS = "省市县区州旗盟乡镇村"


def fill_slots(text: str, fills: dict[str, str]) -> str:
    """Put values into the ``{{slots}}`` of ``text`` (slots without a value stay as they are).

    After 全/我/本 a region is named by its level: 全{{地区}} with 桐溪县 gives 全县, not 全桐溪县.
    """
    region = fills.get("地区", "")
    if region and region[-1] in _REGION_LEVELS:
        text = re.sub(r"([全我本])\{\{\s*地区\s*\}\}", lambda m: m.group(1) + region[-1], text)
    return _SLOT.sub(lambda m: fills.get(m.group(1), m.group(0)), text)


def validate(data, source: str = "<bank>") -> list[str]:
    """Problems of a loaded bank (empty when it is valid), in Chinese, one per entry."""
    problems = []
    if not isinstance(data, dict) or not isinstance(data.get("phrases"), list):
        return ["套话库必须是含有 phrases: 列表的 YAML 文件"]
    seen: dict[str, int] = {}
    for i, entry in enumerate(data["phrases"], start=1):
        where = f"第 {i} 条"
        if not isinstance(entry, dict):
            problems.append(f"{where}：应为键值对")
            continue
        text, category = entry.get("text"), entry.get("category")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}：缺少 text")
            continue
        if category not in CATEGORIES:
            problems.append(f"{where}：category “{category}” 不是 {'、'.join(CATEGORIES)} 之一")
        tags = entry.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            problems.append(f"{where}：tags 应为字符串列表")
        if not isinstance(entry.get("count", 1), int) or entry.get("count", 1) < 1:
            problems.append(f"{where}：count 应为正整数")
        if not isinstance(entry.get("source", ""), str):
            problems.append(f"{where}：source 应为字符串")
        unknown = [s for s in slots_in(text) if s not in SLOTS]
        if unknown:
            problems.append(f"{where}：未知的槽位 {'、'.join(unknown)}（可用：{'、'.join(SLOTS)}）")
        if text in seen:
            problems.append(f"{where}：与第 {seen[text]} 条重复：{text}")
        seen.setdefault(text, i)
    return problems


def _yaml():
    import yaml

    return yaml


def load(path: str) -> list[Phrase]:
    """Load and validate one bank file; a bad bank is a :class:`DrafterError`. Users' banks are
    read through the guarded reader and the limited YAML loader; the stock bank, shipped with
    drafter, with the fast C loader."""
    if path == STOCK:
        yaml = _yaml()
        with open(path, encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    else:
        from .reader import read_config_text
        from .safeyaml import load as load_yaml

        data = load_yaml(read_config_text(path, "套话库文件"), path, "套话库")
    problems = validate(data, path)
    if problems:
        more = f"（另有 {len(problems) - 1} 处）" if len(problems) > 1 else ""
        raise DrafterError(f"套话库格式有误：{problems[0]}{more}", path)
    return [Phrase(e["text"], e["category"], list(e.get("tags", [])), e.get("source", "curated"),
                   e.get("count", 1)) for e in data["phrases"]]


def load_banks(extra: tuple[str, ...] = (), stock: bool = True) -> list[Phrase]:
    """The stock bank (unless ``stock`` is False) followed by the banks in ``extra``."""
    phrases = load(STOCK) if stock else []
    for path in extra:
        phrases.extend(load(path))
    return phrases


def dump(phrases: list[Phrase]) -> str:
    """A bank as YAML text (schema ``drafter-phrases/1``)."""
    yaml = _yaml()
    data = {"schema": SCHEMA, "phrases": [
        {"text": p.text, "category": p.category, "tags": list(p.tags), "source": p.source, "count": p.count}
        for p in phrases]}
    header = "# drafter phrase bank — schema drafter-phrases/1 (see README)\n"
    return header + yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                              allow_unicode=True, sort_keys=False, width=1000)


@dataclass
class Hit:
    """A search result: the phrase and how well it matches."""

    phrase: Phrase
    score: float

    def to_dict(self) -> dict:
        """The JSON contract of one phrase search result."""
        p = self.phrase
        return {"text": p.text, "category": p.category, "tags": p.tags, "source": p.source, "count": p.count,
                "slots": p.slots, "score": self.score}


def search(phrases: list[Phrase], query: str = "", category: str | None = None, limit: int = 20) -> list[Hit]:
    """Phrases matching ``query`` (in the text, the tags or the slots), best first.

    A match in the text counts most, then in the tags; among equals, phrases seen more often
    in the corpus come first. An empty query lists a category.
    """
    terms = [t for t in re.split(r"[\s,，、]+", query) if t]
    hits = []
    for p in phrases:
        if category and p.category != category:
            continue
        score = 0.0
        for term in terms:
            if term in p.text:
                score += 2
            elif any(term in tag for tag in p.tags):
                score += 1
            else:
                score = -1
                break
        if score < 0:
            continue
        score += min(p.count, 50) / 100
        hits.append(Hit(p, round(score, 2)))
    hits.sort(key=lambda h: (-h.score, CATEGORIES.index(h.phrase.category) if h.phrase.category in CATEGORIES
                             else 99, len(h.phrase.text)))
    return hits[:limit] if limit else hits
