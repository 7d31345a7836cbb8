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


def readable_name(path: str) -> str:
    """A file name as text: bytes that were no UTF-8 (kept by the file system as surrogate
    escapes) become U+FFFD, so that JSON and YAML can hold the name."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace").encode("utf-8", "replace").decode()


def outline_to_dict(outline: Outline) -> dict:
    """An outline as plain data: the ``--format json`` contract."""
    data: dict[str, object] = {"source": readable_name(outline.source)}
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


MAX_SKELETON_NODES = 2000
MAX_SKELETON_DEPTH = 8
MAX_SERIES = 99


def load_skeleton(path: str) -> Outline:
    """An outline skeleton written by ``drafter outline --format yaml`` (``outlines/*.yaml``),
    checked node by node: a known style, whole numbers, at most :data:`MAX_SERIES` items a
    level, :data:`MAX_SKELETON_DEPTH` levels and at least one node."""
    from .reader import read_config_text
    from .safeyaml import load

    data = load(read_config_text(path, "提纲骨架文件"), path, "提纲骨架")
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        raise DrafterError("这不是 drafter outline --format yaml 生成的提纲骨架", path)
    count = 0

    def check(nodes, depth: int, where: str) -> None:
        nonlocal count
        if not isinstance(nodes, list):
            raise DrafterError(f"提纲骨架中 {where} 应为列表", path)
        if len(nodes) > MAX_SERIES:
            raise DrafterError(f"提纲骨架中 {where} 有 {len(nodes)} 项，超过上限 {MAX_SERIES}", path)
        if depth > MAX_SKELETON_DEPTH:
            raise DrafterError(f"提纲骨架超过 {MAX_SKELETON_DEPTH} 层", path)
        for k, node in enumerate(nodes, start=1):
            count += 1
            at = f"{where} 第 {k} 项"
            problem = _node_problem(node)
            if problem:
                raise DrafterError(f"提纲骨架中 {at}{problem}", path, node.get("line") if isinstance(node, dict) else None)
            check(node.get("children", []), depth + 1, f"{at}的 children")
        if count > MAX_SKELETON_NODES:
            raise DrafterError(f"提纲骨架的节点超过 {MAX_SKELETON_NODES} 个", path)

    check(data["nodes"], 1, "nodes")
    appendices = data.get("appendices", [])
    if not isinstance(appendices, list) or not all(isinstance(a, dict) and isinstance(a.get("marker"), str)
                                                     for a in appendices):
        raise DrafterError("提纲骨架中 appendices 应为附件列表（每项有 marker）", path)
    for k, a in enumerate(appendices, start=1):
        check(a.get("nodes", []), 1, f"appendices 第 {k} 项的 nodes")
    if not count:
        raise DrafterError("提纲骨架中没有编号层次（nodes 为空），无法仿照", path)
    for name in _PARTS:
        if data.get(name) is not None and not isinstance(data[name], str):
            raise DrafterError(f"提纲骨架中 {name} 应为文字", path)
    if not isinstance(data.get("part_lines") or {}, dict):
        raise DrafterError("提纲骨架中 part_lines 应为映射", path)
    header = data.get("header") or []
    if not isinstance(header, list) or not all(
            isinstance(h, dict) and isinstance(h.get("kind"), str) and isinstance(h.get("text"), str)
            and isinstance(h.get("line", 0), int) and not isinstance(h.get("line", 0), bool) for h in header):
        raise DrafterError("提纲骨架中 header 应为版头行列表（每项有 kind、text）", path)
    return outline_from_dict(data)


def _node_problem(node) -> str | None:
    """What is wrong with one skeleton node (None when nothing is)."""
    from .numbering import STYLES

    if not isinstance(node, dict):
        return "应为映射（level、style、number、marker …）"
    if node.get("style") not in STYLES:
        return f"的 style 不认识：{str(node.get('style'))[:20]}"
    for key, default in (("level", None), ("number", None), ("line", 0), ("column", 1)):
        value = node.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
            return f"的 {key} 应为整数"
    if not 1 <= node["number"] <= 999:
        return "的 number 应在 1 到 999 之间"
    if not isinstance(node.get("marker"), str) or not isinstance(node.get("heading", ""), str):
        return "的 marker、heading 应为文字"
    if not isinstance(node.get("inline", False), bool):
        return "的 inline 应为 true 或 false"
    return None


def output_names(inputs: list[str], fmt: str) -> dict[str, str]:
    """One output file name per input, never two alike (letter case aside): its stem; where
    stems collide, parent__stem; then the path below the inputs' common folder (p__q__s); then
    with the input's own suffix (a_txt, a_docx); then numbered."""
    import os

    def candidates(path: str) -> list[str]:
        full = os.path.abspath(path)
        stem, ext = os.path.splitext(os.path.basename(full))
        parent = os.path.basename(os.path.dirname(full))
        rel = os.path.relpath(os.path.splitext(full)[0], common).replace(os.sep, "__")
        names = [stem, f"{parent}__{stem}" if parent else stem, rel]
        return names + [f"{rel}_{ext.lstrip('.')}" if ext else rel]

    paths = list(dict.fromkeys(inputs))
    common = os.path.commonpath([os.path.dirname(os.path.abspath(p)) for p in paths]) if paths else ""
    options = {p: candidates(p) for p in paths}
    level = dict.fromkeys(paths, 0)
    for _ in range(4):
        seen: dict[str, list[str]] = {}
        for p in paths:
            seen.setdefault(options[p][level[p]].lower(), []).append(p)
        clashes = [group for group in seen.values() if len(group) > 1]
        if not clashes:
            break
        for group in clashes:
            for p in group:
                level[p] = min(level[p] + 1, 3)
    names: dict[str, str] = {}
    taken: set[str] = set()
    for p in paths:
        name, n = options[p][level[p]], 1
        while (name if n == 1 else f"{name}-{n}").lower() + _SUFFIX[fmt] in taken:
            n += 1
        name = name if n == 1 else f"{name}-{n}"
        taken.add(name.lower() + _SUFFIX[fmt])
        names[p] = name + _SUFFIX[fmt]
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
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's: linear and fast on long outlines
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)


_PART_LABELS = {"title": "标题", "salutation": "称呼", "transition": "过渡", "closing": "结尾"}
_HEADER_LABELS = {"copy": "份号", "secrecy": "密级", "urgency": "紧急程度", "issuer": "发文机关",
                  "number": "发文字号", "signer": "签发人", "dateline": "电头"}


def render_text(outline: Outline) -> str:
    """An indented tree for the terminal: line number, marker, heading."""
    out = [f"== {_visible(outline.source)}"]
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
    text = _visible(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _visible(text: str) -> str:
    """Control characters (ESC could recolour or move the terminal) shown as escapes."""
    return "".join(ch if ch >= " " or ch == "\t" else repr(ch)[1:-1] for ch in text) if not text.isprintable() else text
