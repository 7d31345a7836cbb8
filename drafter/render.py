"""Render an outline for people (text, markdown) and for programs (json, yaml skeleton).

The JSON and YAML shapes are contracts documented in the README; :func:`outline_from_dict`
reads either back.
"""

from __future__ import annotations

from .model import Appendix, DrafterError, HeaderLine, Node, Outline, Part

SCHEMA = "drafter-outline/1"
_PARTS = ("title", "salutation", "transition", "closing")
_SUFFIX = {"text": ".txt", "json": ".json", "yaml": ".yaml", "markdown": ".md"}


def node_to_dict(node: Node) -> dict:
    """A node and its children as plain data (the JSON contract's field order)."""
    return {
        "level": node.level, "style": node.style, "number": node.number, "marker": node.marker,
        "heading": node.heading, "line": node.line, "inline": node.inline, "column": node.column,
        "children": [node_to_dict(c) for c in node.children],
    }


def outline_to_dict(outline: Outline) -> dict:
    """An outline as plain data: the ``--format json`` contract."""
    data: dict[str, object] = {"source": outline.source}
    for name in _PARTS:
        part = getattr(outline, name)
        data[name] = part.text if part else None
    data["nodes"] = [node_to_dict(n) for n in outline.nodes]
    data["appendices"] = [
        {"marker": a.marker, "title": a.title, "line": a.line, "nodes": [node_to_dict(n) for n in a.nodes]}
        for a in outline.appendices
    ]
    data["part_lines"] = {name: getattr(outline, name).line for name in _PARTS if getattr(outline, name)}
    data["header"] = [{"kind": h.kind, "text": h.text, "line": h.line} for h in outline.header]
    return data


def outline_from_dict(data: dict) -> Outline:
    """Read back what :func:`outline_to_dict` (JSON) or the YAML skeleton wrote."""
    lines = data.get("part_lines") or {}

    def part(name):
        text = data.get(name)
        return Part(text, lines.get(name, 0)) if text else None

    def node(d):
        return Node(d["level"], d["style"], d["number"], d["marker"], d.get("heading", ""),
                    d.get("line", 0), d.get("inline", False), d.get("column", 1),
                    [node(c) for c in d.get("children", [])])

    outline = Outline(data.get("source", ""), *(part(n) for n in _PARTS))
    outline.header = [HeaderLine(h["kind"], h["text"], h.get("line", 0)) for h in data.get("header") or []]
    outline.nodes = [node(n) for n in data.get("nodes", [])]
    outline.appendices = [Appendix(a["marker"], a.get("title", ""), a.get("line", 0),
                                   [node(n) for n in a.get("nodes", [])])
                          for a in data.get("appendices", [])]
    return outline


def load_skeleton(path: str) -> Outline:
    """An outline skeleton written by ``drafter outline --format yaml`` (``outlines/*.yaml``)."""
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except FileNotFoundError:
        raise DrafterError("提纲骨架文件不存在", path) from None
    except (yaml.YAMLError, UnicodeDecodeError):
        raise DrafterError("提纲骨架不是有效的 YAML", path) from None
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        raise DrafterError("这不是 drafter outline --format yaml 生成的提纲骨架", path)
    return outline_from_dict(data)


def output_names(inputs: list[str], fmt: str) -> dict[str, str]:
    """One output file name per input: its stem, or parent__stem where two stems collide."""
    import os

    stems = [os.path.splitext(os.path.basename(p))[0] for p in inputs]
    names = {}
    for path, stem in zip(inputs, stems):
        if stems.count(stem) > 1:
            stem = f"{os.path.basename(os.path.dirname(os.path.abspath(path)))}__{stem}"
        names[path] = stem + _SUFFIX[fmt]
    return names


def render(outline: Outline, fmt: str) -> str:
    """The outline as text, json, yaml or markdown."""
    if fmt == "json":
        import json

        return json.dumps(outline_to_dict(outline), ensure_ascii=False, indent=2) + "\n"
    if fmt == "yaml":
        return render_yaml(outline)
    if fmt == "markdown":
        return render_markdown(outline)
    return render_text(outline)


def render_yaml(outline: Outline) -> str:
    """The reusable skeleton stored in ``outlines/`` (schema ``drafter-outline/1``)."""
    import yaml

    data = {"schema": SCHEMA, **outline_to_dict(outline)}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


_PART_LABELS = {"title": "标题", "salutation": "称呼", "transition": "过渡", "closing": "结尾"}
_HEADER_LABELS = {"copy": "份号", "secrecy": "密级", "urgency": "紧急程度", "issuer": "发文机关",
                  "number": "发文字号", "signer": "签发人", "dateline": "电头"}


def render_text(outline: Outline) -> str:
    """An indented tree for the terminal: line number, marker, heading."""
    out = [f"== {outline.source}"]
    title_line = outline.title.line if outline.title else 0

    def header(before: bool):
        for h in outline.header:
            if (h.line < title_line) == before:
                out.append(f"{h.line:>6}  [{_HEADER_LABELS.get(h.kind, h.kind)}] {_short(h.text)}")

    def part(name):
        p = getattr(outline, name)
        if p:
            out.append(f"{p.line:>6}  [{_PART_LABELS[name]}] {_short(p.text)}")

    header(True)
    part("title")
    header(False)
    part("salutation")
    part("transition")

    def walk(nodes):
        for n in nodes:
            tag = "  ·行内" if n.inline else ""
            out.append(f"{n.line:>6}  {'  ' * (n.level - 1)}{n.marker}{_short(n.heading)}{tag}")
            walk(n.children)

    walk(outline.nodes)
    part("closing")
    for a in outline.appendices:
        out.append(f"{a.line:>6}  [{a.marker}] {a.title}")
        walk(a.nodes)
    if not outline.nodes and not outline.appendices:
        out.append("        （未发现编号层次）")
    return "\n".join(out) + "\n"


def render_markdown(outline: Outline) -> str:
    """Headings and bullets for people: numbered headings of levels 1–3 become Markdown headings,
    speech enumerations and deeper levels become bullets."""
    from .numbering import STYLES

    out = [f"# {outline.title.text if outline.title else outline.source}", ""]

    def block(line):
        if out and out[-1] != "":
            out.append("")
        out.extend([line, ""])

    for name in ("salutation", "transition"):
        p = getattr(outline, name)
        if p:
            out.append(f"> {_PART_LABELS[name]}（第 {p.line} 行）：{p.text}")
    if out[-1] != "":
        out.append("")

    def walk(nodes, depth):
        for n in nodes:
            text = f"{n.marker}{n.heading}"
            if depth is None and STYLES[n.style].is_heading and n.level <= 3:
                block(f"{'#' * (n.level + 1)} {text}")
                walk(n.children, None)
            else:
                d = depth or 0
                out.append(f"{'  ' * d}- {text}（第 {n.line} 行）")
                walk(n.children, d + 1)

    walk(outline.nodes, None)
    if outline.closing:
        block(f"> {_PART_LABELS['closing']}（第 {outline.closing.line} 行）：{outline.closing.text}")
    for a in outline.appendices:
        block(f"## {a.marker} {a.title}".rstrip())
        walk(a.nodes, None)
    return "\n".join(out).strip("\n") + "\n"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
