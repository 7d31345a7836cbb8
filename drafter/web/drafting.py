"""The 起草 page's work: a brief from JSON drafted by the same engine as ``drafter draft`` (with
``--like`` from a corpus document and grounding in the corpus), briefs saved as YAML and read
back, and the corpus sources of a draft turned back into what the .docx 批注 needs.

:func:`run_draft` is the one place that calls the drafting engine.
"""

from __future__ import annotations

from dataclasses import asdict, is_dataclass

from ..model import DrafterError, Outline
from .api import FileResult, _checked, _corpus_call, corpus_outline
from .inputs import Input

MAX_BRIEF = 256 * 1024  # bytes of a YAML brief
MAX_BRIEF_ITEMS = 500  # values in a brief, sections and points included
_FIELDS = ("kind", "title", "meeting", "speaker", "org", "region", "date", "topic", "purpose", "audience",
           "attachments", "length", "minutes", "sections")


def run_draft(brief, seed: int, like: Outline | None = None, corpus: str | None = None) -> dict:
    """Draft ``brief`` (grounded in the corpus at ``corpus`` when given): the text, its length
    and speaking time, the corpus sentences it borrowed and the lines ``drafter draft`` prints."""
    from ..draft import draft as write
    from ..length import PACE
    from ..report import draft_summary

    def drafted(store=None):
        return write(brief, seed=seed, like=like, source="<网页>", corpus=store)

    result = _corpus_call(corpus, drafted) if corpus else drafted()
    return {"text": result.text, "characters": result.characters, "minutes": result.minutes,
            "sources": [_plain(s) for s in getattr(result, "sources", [])],
            "borrowed": getattr(result, "borrowed", 0.0), "planned": list(getattr(result, "planned", (0, 0))),
            "summary": draft_summary(result, PACE, None)}


def _plain(item: object) -> object:
    if hasattr(item, "to_dict"):
        return item.to_dict()
    return asdict(item) if is_dataclass(item) and not isinstance(item, type) else item


def notes(sources: object) -> list:
    """The sources a draft came back with (JSON), as the objects the .docx 批注 are made from."""
    if sources in (None, []):
        return []
    from ..ground import Source

    try:
        assert isinstance(sources, list)
        return [Source(str(s["text"]), int(s["doc"]), str(s["title"]), int(s["line"]), str(s.get("where", "")),
                       int(s.get("draft_line", 0))) for s in sources]
    except (AssertionError, KeyError, TypeError, ValueError, AttributeError):
        raise DrafterError("sources 应为起草时返回的出处列表") from None


def warm() -> None:
    """Load what the first draft, export and search would otherwise wait for (jieba's
    dictionary, the sentence banks, python-docx), by doing a small one of each; a failure here is
    only logged."""
    import logging

    from .typeset import export

    try:
        from ..brief import brief_from_data, kinds
        from ..ingest import index_terms

        run_draft(brief_from_data({"kind": next(iter(kinds()))}), 0)
        export("预热\n正文。")
        index_terms("预热")
    except Exception:
        logging.getLogger("drafter.web").warning("warming up failed", exc_info=True)


def _brief_data(data: object, source: str = "brief") -> dict:
    """A brief from JSON: the YAML brief's fields, with the page's empty fields left out, and no
    more items than a brief can sensibly have."""
    if not isinstance(data, dict):
        raise DrafterError("brief 应为 JSON 对象，字段同 YAML brief（kind、meeting、sections……）")
    if _count(data) > MAX_BRIEF_ITEMS:
        raise DrafterError(f"brief 的条目太多（上限 {MAX_BRIEF_ITEMS}）", source)
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def draft(data: object, seed: int | None = None, like: int | None = None, corpus: str | None = None,
          ground: bool = False) -> dict:
    """``POST /api/draft``: a brief (JSON, the YAML brief's fields) drafted — like a corpus
    document's outline with ``like``, grounded in the corpus with ``ground`` — with the findings
    of ``check`` on the draft."""
    import random

    from ..brief import brief_from_data
    from ..pipeline import load_text

    brief = brief_from_data(_brief_data(data), "brief")
    skeleton = corpus_outline(corpus, like) if like is not None else None
    seed = seed if seed is not None else random.randrange(1, 1_000_000)
    result = run_draft(brief, seed, skeleton, corpus if ground else None)
    findings = _checked(load_text(result["text"], "初稿")).findings
    return {**result, "findings": [f.to_dict() for f in findings], "seed": seed}


def brief_yaml(data: object) -> FileResult:
    """``POST /api/brief/yaml``: a brief checked and written as YAML (for ``drafter draft``)."""
    import yaml

    from ..brief import brief_from_data

    fields = _brief_data(data)
    brief_from_data(fields, "brief")
    ordered = {k: fields[k] for k in _FIELDS if k in fields}
    header = "# 起草要求（brief），由 drafter 网页保存。命令行用法：drafter draft 此文件 -o 初稿.docx\n"
    text = header + yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=1000)
    name = f"{fields.get('meeting') or fields.get('kind')}.yaml"
    return FileResult(text.encode("utf-8"), name, "application/yaml; charset=utf-8")


def brief_load(document: Input) -> dict:
    """``POST /api/brief/load``: a YAML brief file read back into the form's JSON (checked as
    ``drafter draft`` checks it; YAML aliases are refused, so an alias bomb cannot grow)."""
    import yaml

    from ..brief import brief_from_data

    if len(document.data) > MAX_BRIEF:
        raise DrafterError("brief 文件过大（上限 256 KB）", document.name)

    class Loader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                raise DrafterError("brief 中不能使用 YAML 别名（*名称）", document.name)
            return super().compose_node(parent, index)

    try:
        data = yaml.load(document.data.decode("utf-8-sig"), Loader=Loader)
    except UnicodeDecodeError:
        raise DrafterError("brief 文件须为 UTF-8 编码", document.name) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DrafterError("brief 不是有效的 YAML", document.name, mark.line + 1 if mark else None) from None
    brief_from_data(data, document.name)
    _brief_data(data, document.name)  # the cap on items
    return {"brief": _jsonable({k: v for k, v in data.items() if v is not None})}


def _count(value: object) -> int:
    if isinstance(value, dict):
        return 1 + sum(_count(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_count(v) for v in value)
    return 1


def _jsonable(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value if isinstance(value, (str, int, float)) and not isinstance(value, bool) else str(value)
