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
        joined = _join(rendered, fmt)
        if output:
            try:
                atomic_write(output, joined, protect=tuple(inputs))
            except DrafterError as exc:
                _fail(exc)
                sys.exit(2)
        else:
            click.echo(joined, nl=False)
    sys.exit(2 if failed else 0)


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


if __name__ == "__main__":
    main()
