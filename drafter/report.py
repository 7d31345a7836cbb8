"""What the commands print: one function per result, as text for people or JSON for programs.

The JSON shapes are the ``to_dict()`` of the result dataclasses (contracts documented in the
README). Text may be coloured: the caller passes ``paint(text, colour, bold)`` (click.style on a
terminal); the library itself never decides about terminals.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

Paint = Callable[..., str]


def _plain(text: str, fg: str | None = None, bold: bool = False) -> str:
    return text


def to_json(data: Any) -> str:
    """JSON as every command writes it: UTF-8 characters, indented, one trailing newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def join_rendered(rendered: Sequence[str], fmt: str) -> str:
    """Several documents' outputs as one: a JSON array, a YAML stream, or texts one after another."""
    if len(rendered) == 1:
        return rendered[0]
    if fmt == "json":
        return "[\n" + ",\n".join(r.rstrip("\n") for r in rendered) + "\n]\n"
    if fmt == "yaml":
        return "---\n" + "---\n".join(rendered)
    return "\n".join(rendered)


# -- check ----------------------------------------------------------------------------------------

def check_report(results: Sequence, fmt: str, paint: Paint = _plain) -> str:
    """Findings of ``check``: ``path:line:col: CODE message`` lines and a count, or JSON."""
    if fmt == "json":
        objects = [r.to_dict() for r in results]
        return to_json(objects[0] if len(objects) == 1 else objects)
    lines = []
    for r in results:
        for f in r.findings:
            colour = "red" if f.severity == "error" else "yellow"
            lines.append(f"{r.source}:{f.line}:{f.column}: {paint(f.code, fg=colour, bold=True)} {f.message}")
    errors = sum(r.errors for r in results)
    warnings = sum(r.warnings for r in results)
    lines.append(f"共 {errors + warnings} 处：错误 {errors}，警告 {warnings}")
    return "\n".join(lines) + "\n"


def rules_table() -> str:
    """``check --list-rules``: every rule with its severity and first wrong/right example."""
    from .rules import rules

    out = []
    for code, rule in rules().items():
        level = "错误" if rule.severity == "error" else "警告"
        fixable = "，可自动修复" if rule.fixable else ""
        out += [f"{code}  {level}{fixable}  {rule.title}", f"      错：{rule.shown_wrong}", f"      对：{rule.shown_right}"]
    return "\n".join(out) + "\n"


def rules_markdown() -> str:
    """The README's rule table, made from ``data/rules.toml`` (a test keeps the README in step)."""
    from .rules import rules

    out = ["| 代码 | 级别 | 内容 | 错误示例 | 正确示例 | 可自动修复 |", "|---|---|---|---|---|---|"]
    for code, rule in rules().items():
        level = "错误" if rule.severity == "error" else "警告"
        out.append(f"| {code} | {level} | {rule.title} | {rule.shown_wrong} | {rule.shown_right} | "
                   f"{'是' if rule.fixable else '否'} |")
    return "\n".join(out) + "\n"


# -- corpus -----------------------------------------------------------------------------------------

def search_report(query: str, hits: Sequence, fmt: str, words: Iterable[str] = (), paint: Paint = _plain) -> str:
    """Search results: each path with its paragraph, the query's words marked; or JSON."""
    if fmt == "json":
        return to_json({"query": query, "results": [h.to_dict() for h in hits]})
    out = []
    for h in hits:
        text = h.text
        for word in sorted(set(words), key=len, reverse=True):
            text = text.replace(word, paint(word, fg="red", bold=True))
        out.append(f"{paint(h.path, fg='cyan')}（第 {h.line} 行）\n    {text}")
    return "\n".join(out) + "\n" if out else ""


def similar_report(result, threshold: float, fmt: str) -> str:
    """``similar``: the draft's sentences found in the corpus and the copied share; or JSON."""
    if fmt == "json":
        return to_json(result.to_dict())
    out = []
    for s in result.sentences:
        if s.matches and s.matches[0].similarity >= threshold:
            m = s.matches[0]
            out.append(f"{result.source}:{s.line}: {s.text}\n    ≈ {m.similarity:.0%}《{m.title}》第 {m.line} 行：{m.text}")
    out.append(f"与语料库相似（≥{threshold:.0%}）的内容约占全文 {result.share:.1%}")
    return "\n".join(out) + "\n"


def corpus_list(rows: Iterable[tuple]) -> str:
    """``corpus list``: one line per document."""
    return "".join(f"{doc:>5}  {title}  [{kind or '其他'}{' ' + date if date else ''}，{chars} 字]  {path}\n"
                   for doc, title, kind, date, chars, path in rows)


def corpus_document(info: tuple, headings: Iterable[tuple[int, str]]) -> str:
    """``corpus show``: a document's title, path, kind and its headings with their lines."""
    title, kind, date, chars, path = info
    out = [title, path, f"{kind or '其他'} {date} {chars} 字"]
    out += [f"{line:>6}  {text}" for line, text in headings]
    return "\n".join(out) + "\n"


def corpus_stats(data: dict) -> str:
    """``corpus stats``: the size of the corpus and its kinds."""
    kinds = "、".join(f"{k} {v}" for k, v in data["kinds"].items())
    return (f"文件 {data['documents']} 份，{data['characters']} 字，段落 {data['paragraphs']} 个，"
            f"标题 {data['headings']} 个" + (f"；{kinds}" if kinds else "") + "\n")


def corpus_added(result) -> str:
    """After ``corpus add``: one line per file that could not be read, then the summary."""
    failures = "".join(f"drafter: 错误：{message}\n" for _, message in result.failures)
    return failures + (f"新增 {result.added} 份、更新 {result.replaced} 份、未变跳过 {result.unchanged} 份，"
                       f"共 {result.characters} 字" + (f"；{len(result.failures)} 个文件无法读取" if result.failures else ""))


# -- phrases ----------------------------------------------------------------------------------------

def phrases_report(query: str, category: str | None, hits: Sequence, fmt: str, paint: Paint = _plain) -> str:
    """Phrase search results with slots and query terms marked; or JSON."""
    if fmt == "json":
        return to_json({"query": query, "category": category, "results": [h.to_dict() for h in hits]})
    out = []
    terms = [t for t in re.split(r"[\s,，、]+", query) if t]
    for h in hits:
        text = re.sub(r"\{\{[^{}]+\}\}", lambda m: paint(m.group(), fg="cyan"), h.phrase.text)
        for term in terms:
            text = text.replace(term, paint(term, bold=True))
        out.append(f"[{h.phrase.category}] {text}  （{'、'.join(h.phrase.tags)}；{h.phrase.count} 次）")
    return "\n".join(out) + "\n" if out else ""


# -- drafting ---------------------------------------------------------------------------------------

def kinds_table() -> str:
    """``draft --list-kinds``: every kind with its genre and summary."""
    from .brief import kinds

    return "".join(f"{k.name}（{'讲话稿' if k.genre == 'speech' else '公文'}）  {k.summary}\n" for k in kinds().values())


def mined(result, count: int, output: str) -> str:
    """After ``phrases mine``: one line per file that could not be read, then the summary."""
    failures = "".join(f"drafter: 错误：{f}\n" for f in result.failures)
    return failures + (f"从 {result.documents} 个文件（{result.characters} 字）提炼出 {count} 条套话，写入 {output}"
            + (f"；{len(result.failures)} 个文件无法读取，已跳过" if result.failures else ""))


def sources_table(sources: Sequence) -> str:
    """``draft --sources``: each borrowed sentence's draft line and its corpus document and line."""
    return "".join(f"第 {s.draft_line} 行 ← 《{s.title}》第 {s.line} 行（文档 {s.doc}）：{s.text}\n" for s in sources)


def draft_summary(result, pace: int, output: str | None) -> str:
    """The lines after drafting: achieved and planned length, speaking time, the topics written
    for, what was borrowed from the corpus, and where the draft went."""
    low, high = getattr(result, "planned", (0, 0))
    planned = f"（计划 {low}–{high} 字）" if high else ""
    topics = getattr(result, "topics", [])
    lines = [f"共 {result.characters} 字{planned}，按每分钟 {pace} 字约需 {result.minutes} 分钟"
             + (f"；已写入 {output}" if output else "")]
    if topics:
        lines.append("按主题选材：" + "、".join(topics))
    elif high:
        lines.append("未识别出主题，只用了通用素材；在 brief 的 topic 中写明主题（如 安全生产、乡村振兴）可使内容更具体")
    sources = getattr(result, "sources", [])
    if sources:
        lines.append(f"借用语料 {len(sources)} 段，约占全文 {result.borrowed:.0%}（出处见 --sources）")
    return "\n".join(lines)
