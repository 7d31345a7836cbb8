"""drafter 命令行 (the click command line). It only parses arguments and prints; every behaviour
is a library call in the drafter package."""

from __future__ import annotations

import os
import sys

import click

from drafter import __version__
from drafter.model import DrafterError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _fail(exc: DrafterError) -> None:
    click.echo(f"drafter: 错误：{exc}", err=True)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="drafter", message="%(prog)s %(version)s")
def main():
    """drafter —— 讲话稿与公文起草助手（离线）。

    从讲话稿语料中提取提纲（一、（一）1.（1） 与 一是/第一/一要/首先 等），检查编号，
    积累套话，起草新稿，并按 GB/T 9704-2012 导出 .docx。

    English: an offline drafting assistant for Chinese speeches and official documents.
    """


@main.command("outline", context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json", "yaml", "markdown"]),
              default="text", show_default=True, help="输出格式：text 终端树形；json 机器接口；yaml 可复用的提纲骨架；markdown 供人阅读。")
@click.option("-o", "--output", "output", type=click.Path(),
              help="写入文件；输入为多个文件或文件夹时为输出文件夹（每个输入一个结果）。默认输出到屏幕。")
@click.option("--show-dropped", is_flag=True, help="同时列出清洗时删去的网页杂质行及原因。")
def outline_command(files, fmt, output, show_dropped):
    """提取讲话稿或公文的提纲（层次结构）。

    FILES 可以是 .txt（UTF-8、GBK/GB18030 均可）、.docx、文件夹，或 - 表示标准输入。
    行号始终对应原文件：.txt 的行号，.docx 的段落序号（含空段）。

    \b
    示例：
      drafter outline 讲话.txt
      drafter outline corpora/ --format yaml -o outlines/
    """
    from drafter.outline import outline_path
    from drafter.render import render, suffix
    from drafter.write import atomic_write, collect_inputs

    inputs = collect_inputs(files)
    to_dir = output is not None and (len(inputs) > 1 or any(os.path.isdir(f) for f in files)
                                     or output.endswith(os.sep) or os.path.isdir(output))
    failed = False
    rendered: list[str] = []
    names = _output_names(inputs, suffix(fmt)) if to_dir else {}
    for path in inputs:
        try:
            result = outline_path(path)
            text = render(result, fmt)
            if show_dropped:
                _echo_dropped(path)
            if to_dir:
                atomic_write(os.path.join(output, names[path]), text, protect=tuple(inputs))
            else:
                rendered.append(text)
        except DrafterError as exc:
            _fail(exc)
            failed = True
    if rendered:
        _emit(_join(rendered, fmt), output, inputs)
    sys.exit(2 if failed else 0)


def _emit(text: str, output: str | None, inputs: list[str]) -> None:
    """Print ``text``, or write it atomically to ``output`` (never over one of the inputs)."""
    if not output:
        click.echo(text, nl=False)
        return
    from drafter.write import atomic_write

    try:
        atomic_write(output, text, protect=tuple(inputs))
    except DrafterError as exc:
        _fail(exc)
        sys.exit(2)


def _join(rendered: list[str], fmt: str) -> str:
    if len(rendered) == 1:
        return rendered[0]
    if fmt == "json":
        return "[\n" + ",\n".join(r.rstrip("\n") for r in rendered) + "\n]\n"
    if fmt == "yaml":
        return "---\n" + "---\n".join(rendered)
    return "\n".join(rendered)


def _output_names(inputs: list[str], ext: str) -> dict[str, str]:
    """One output file name per input: its stem, or parent__stem where two stems collide."""
    stems = [os.path.splitext(os.path.basename(p))[0] for p in inputs]
    names = {}
    for path, stem in zip(inputs, stems):
        if stems.count(stem) > 1:
            stem = f"{os.path.basename(os.path.dirname(os.path.abspath(path)))}__{stem}"
        names[path] = stem + ext
    return names


def _echo_dropped(path: str) -> None:
    from drafter.clean import clean
    from drafter.reader import read_path

    for line, reason in clean(read_path(path)).dropped:
        click.echo(f"{path}:{line}: 已删去（{reason}）", err=True)


@main.command("check", context_settings=CONTEXT)
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text：每处一行 “文件:行:列: 代码 说明”；json：机器接口。")
@click.option("--select", "chosen", metavar="代码", help="只检查这些规则，逗号分隔，可用前缀（如 N1,P001）。")
@click.option("--ignore", "ignored", metavar="代码", help="不检查这些规则，逗号分隔，可用前缀。")
@click.option("--fix", is_flag=True, help="自动修复可安全修复的问题（重新编号、编号后标点、括号、全角数字）。")
@click.option("-o", "--output", type=click.Path(), help="修复结果写入此文件（与 --fix 合用）；不用 --fix 时为检查报告的输出文件。")
@click.option("--in-place", is_flag=True, help="修复结果直接覆盖原文件（先另存 原文件名.bak 备份）。")
@click.option("--list-rules", is_flag=True, help="列出全部检查规则及正误示例。")
def check_command(files, fmt, chosen, ignored, fix, output, in_place, list_rules):
    """检查讲话稿或公文的编号与格式：跳号、重号、编号后标点、括号、层级顺序、混用列举方式、
    遗留的占位符（XX、20xx、某某……）等。

    \b
    退出状态：0 没有错误；1 发现错误；2 文件无法读取或参数有误。
    输出格式与 ruff/black 一致：文件:行:列: 代码 说明，可在编辑器中直接跳转。

    \b
    示例：
      drafter check 讲话.docx
      drafter check 讲话.txt --fix -o 讲话-修改.txt
      drafter check 讲话.docx --fix --in-place
    """
    from drafter import check as checking
    from drafter.write import collect_inputs

    if list_rules:
        _echo_rules(checking.rules())
        sys.exit(0)
    if not files:
        _usage("请给出要检查的文件")
    inputs = collect_inputs(files)
    if fix and not (output or in_place):
        _usage("--fix 需要指定 -o 输出文件，或使用 --in-place 覆盖原文件")
    if fix and output and len(inputs) > 1:
        _usage("多个文件一起修复时只能使用 --in-place")
    if in_place and (not fix or output):
        _usage("--in-place 只与 --fix 一起使用，且不能同时指定 -o")
    chosen_codes = _codes(chosen)
    ignored_codes = _codes(ignored)
    results, failed = [], False
    for path in inputs:
        try:
            result = checking.select(checking.check_path(path), chosen_codes, ignored_codes)
            if fix:
                result = _apply_fix(path, result, output, chosen_codes, ignored_codes)
            results.append(result)
        except DrafterError as exc:
            _fail(exc)
            failed = True
    _emit(_report(results, fmt), None if fix else output, inputs)
    if failed:
        sys.exit(2)
    sys.exit(1 if any(r.errors for r in results) else 0)


def _usage(message: str) -> None:
    click.echo(f"drafter: 错误：{message}", err=True)
    sys.exit(2)


def _codes(text: str | None) -> list[str] | None:
    return [c.strip().upper() for c in text.split(",") if c.strip()] if text else None


def _apply_fix(path, result, output, chosen, ignored):
    """Fix ``path`` into ``output``, or in place when no output is given (writing a .bak
    first), and check the result again."""
    from drafter import check as checking
    from drafter.fix import fix_bytes
    from drafter.write import atomic_write

    if path == "-":
        raise DrafterError("标准输入无法修复，请给出文件", path)
    with open(path, "rb") as fh:
        data = fh.read()
    fixed = fix_bytes(data, path, result.edits)
    target = output or path
    if output is None:
        atomic_write(path + ".bak", data)
        atomic_write(path, fixed.data)
    else:
        atomic_write(output, fixed.data, protect=(path,))
    click.echo(f"{path}: 已修复 {fixed.applied} 处" + (f"，{fixed.skipped} 处无法自动修复" if fixed.skipped else "")
               + f"，写入 {target}", err=True)
    return checking.select(checking.check_path(target), chosen, ignored)


def _report(results, fmt: str) -> str:
    if fmt == "json":
        import json

        objects = [{"source": r.source, "findings": [
            {"line": f.line, "column": f.column, "code": f.code, "severity": f.severity,
             "message": f.message, "fix": f.fix} for f in r.findings]} for r in results]
        data = objects[0] if len(objects) == 1 else objects
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    lines = []
    for r in results:
        for f in r.findings:
            colour = "red" if f.severity == "error" else "yellow"
            lines.append(f"{r.source}:{f.line}:{f.column}: {click.style(f.code, fg=colour, bold=True)} {f.message}")
    errors = sum(r.errors for r in results)
    warnings = sum(r.warnings for r in results)
    lines.append(f"共 {errors + warnings} 处：错误 {errors}，警告 {warnings}")
    return "\n".join(lines) + "\n"


def _echo_rules(table: dict) -> None:
    for code, rule in table.items():
        level = "错误" if rule["severity"] == "error" else "警告"
        fixable = "，可自动修复" if rule.get("fixable") else ""
        click.echo(f"{code}  {level}{fixable}  {rule['title']}")
        click.echo(f"      错：{rule['wrong']}")
        click.echo(f"      对：{rule['right']}")


if __name__ == "__main__":
    main()
