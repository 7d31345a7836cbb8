"""drafter 命令行 (the click command line). It only parses arguments and prints; every behaviour
is a library call in the drafter package. A DrafterError anywhere becomes one Chinese line on
stderr and exit status 2, in one place (:class:`DrafterGroup`)."""

from __future__ import annotations

import contextlib
import os
import sys

import click

from drafter import __version__
from drafter.bank import CATEGORIES
from drafter.length import PACE
from drafter.model import DrafterError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _fail(message: object) -> None:
    click.echo(f"drafter: 错误：{message}", err=True)


class DrafterGroup(click.Group):
    """A command group whose commands report a DrafterError as one line and exit 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DrafterError as exc:
            _fail(exc)
            ctx.exit(2)


def _paint(text: str, fg: str | None = None, bold: bool = False) -> str:
    return click.style(text, fg=fg, bold=bold)


def _emit(text: str, output: str | None, inputs: list[str]) -> None:
    """Print ``text``, or write it atomically to ``output`` (never over one of the inputs)."""
    if output:
        from drafter.write import atomic_write

        atomic_write(output, text, protect=tuple(inputs))
    else:
        click.echo(text, nl=False)


def _progress(total: int, label: str):
    """A progress bar on a terminal when there is more than one file; nothing otherwise."""
    if sys.stderr.isatty() and total > 1:
        return click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True, show_eta=False)
    return contextlib.nullcontext(None)


@click.group(cls=DrafterGroup, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="drafter", message="%(prog)s %(version)s")
def main():
    """drafter —— 讲话稿与公文起草助手（离线）。

    从讲话稿语料中提取提纲（一、（一）1.（1） 与 一是/第一/一要/首先 等），检查编号，
    积累套话，起草新稿，并按 GB/T 9704-2012 导出 .docx。

    English: an offline drafting assistant for Chinese speeches and official documents.
    """


@main.command("outline", context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json", "yaml", "markdown"]), default="text",
              show_default=True, help="输出格式：text 终端树形；json 机器接口；yaml 可复用的提纲骨架；markdown 供人阅读。")
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
    from drafter.pipeline import load
    from drafter.render import output_names, render
    from drafter.report import join_rendered
    from drafter.write import atomic_write, collect_inputs

    inputs = collect_inputs(files)
    to_dir = output is not None and (len(inputs) > 1 or any(os.path.isdir(f) for f in files)
                                     or output.endswith(os.sep) or os.path.isdir(output))
    names = output_names(inputs, fmt) if to_dir else {}
    failed, rendered = False, []
    for path in inputs:
        try:
            loaded = load(path)
            for line, reason in loaded.document.dropped if show_dropped else ():
                click.echo(f"{path}:{line}: 已删去（{reason}）", err=True)
            text = render(loaded.outline, fmt)
            if to_dir:
                atomic_write(os.path.join(output, names[path]), text, protect=tuple(inputs))
            else:
                rendered.append(text)
        except DrafterError as exc:
            _fail(exc)
            failed = True
    if rendered:
        _emit(join_rendered(rendered, fmt), output, inputs)
    sys.exit(2 if failed else 0)


@main.command("check", context_settings=CONTEXT)
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text：每处一行 “文件:行:列: 代码 说明”；json：机器接口。")
@click.option("--select", "chosen", metavar="代码", help="只检查这些规则，逗号分隔，可用前缀（如 N1,P001）。")
@click.option("--ignore", "ignored", metavar="代码", help="不检查这些规则，逗号分隔，可用前缀。")
@click.option("--fix", is_flag=True, help="自动修复可安全修复的问题（重新编号、编号后标点、括号、全角数字）。")
@click.option("-o", "--output", type=click.Path(), help="与 --fix 合用：修复结果写入此文件；否则为检查报告的输出文件。")
@click.option("--in-place", is_flag=True, help="修复结果直接覆盖原文件（先另存备份 原文件名.bak，已有则 .bak.1 …）。")
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
    from drafter.check import check_path, parse_codes, select
    from drafter.fix import fix_file
    from drafter.report import check_report, rules_table
    from drafter.write import collect_inputs

    if list_rules:
        click.echo(rules_table(), nl=False)
        return
    if not files:
        raise DrafterError("请给出要检查的文件")
    inputs = collect_inputs(files)
    if fix and not (output or in_place):
        raise DrafterError("--fix 需要指定 -o 输出文件，或使用 --in-place 覆盖原文件")
    if fix and output and len(inputs) > 1:
        raise DrafterError("多个文件一起修复时只能使用 --in-place")
    if in_place and (not fix or output):
        raise DrafterError("--in-place 只与 --fix 一起使用，且不能同时指定 -o")
    chosen_codes, ignored_codes = parse_codes(chosen), parse_codes(ignored)

    def keep(result):
        return select(result, chosen_codes, ignored_codes)

    results, failed = [], False
    for path in inputs:
        try:
            if fix:
                done = fix_file(path, output, keep)
                click.echo(done.summary(), err=True)
                results.append(done.result)
            else:
                results.append(keep(check_path(path)))
        except DrafterError as exc:
            _fail(exc)
            failed = True
    _emit(check_report(results, fmt, _paint), None if fix else output, inputs)
    sys.exit(2 if failed else 1 if any(r.errors for r in results) else 0)


_PROFILE = click.option("--profile", type=click.Path(), help="版式文件（TOML），覆盖 GB/T 9704 默认版式中的设置。")
_FONTS = click.option("--fonts", help="字体方案：common（没有 _GB2312 字体的电脑用 仿宋/楷体/黑体/宋体），或 TOML 文件。")


@main.command("draft", context_settings=CONTEXT)
@click.argument("brief", required=False, type=click.Path())
@click.option("--like", "like", type=click.Path(),
              help="以语料中某篇讲话的提纲骨架（outlines/*.yaml）为框架：层次、系列与原文相同，标题按新主题重写。")
@click.option("--topic", "topics", multiple=True, help="主题词（可多次使用），补充或代替 brief 中的 topic。")
@click.option("--kind", help="文种，补充或代替 brief 中的 kind。")
@click.option("--meeting", help="会议名称，补充或代替 brief 中的 meeting。")
@click.option("--bank", "banks", multiple=True, type=click.Path(), help="另外加入的套话库（可多次使用）。")
@click.option("--seed", type=int, help="随机种子：相同种子得到相同的稿子；不给则每次不同。")
@click.option("--template-dir", type=click.Path(file_okay=False), help="自定义模板所在文件夹（同名模板优先）。")
@click.option("-o", "--output", type=click.Path(), help="写入 .txt、.md 或 .docx 文件；默认输出到屏幕。")
@_PROFILE
@_FONTS
@click.option("--pace", default=PACE, show_default=True, type=click.IntRange(60, 600), help="估算讲话时长用的语速（字/分钟）。")
@click.option("--list-kinds", is_flag=True, help="列出可用的文种。")
def draft_command(brief, like, topics, kind, meeting, banks, seed, template_dir, output, profile, fonts, pace, list_kinds):
    """按要求（brief，YAML 文件）和套话库起草讲话稿或公文，各级编号自动生成。

    没有给出的部分从套话库中选取；只有写作者才能提供的内容留下“〔待补充：…〕”，
    drafter check 会把它们报告出来。写法见 examples/brief.yaml。

    \b
    示例：
      drafter draft examples/brief.yaml -o 讲话.docx
      drafter draft --like outlines/002_7859ca84861aaa05.yaml --topic 安全生产 --seed 7
      drafter draft --list-kinds
    """
    from drafter import brief as briefs

    if list_kinds:
        for k in briefs.kinds().values():
            click.echo(f"{k.name}（{'讲话稿' if k.genre == 'speech' else '公文'}）  {k.summary}")
        return
    from drafter.deliver import check_output_name, save_draft
    from drafter.draft import draft
    from drafter.render import load_skeleton
    from drafter.report import draft_summary

    parsed = briefs.brief_for_command(brief, kind, topics, meeting, skeleton=bool(like))
    skeleton = load_skeleton(like) if like else None
    if output:
        check_output_name(output)
    result = draft(parsed, tuple(banks), seed, template_dir, skeleton, pace, brief or "<命令行>")
    protect = tuple(p for p in (brief, like, *banks) if p)
    if output:
        save_draft(result.text, output, parsed.org or parsed.speaker or "", protect, profile, fonts)
    else:
        click.echo(result.text, nl=False)
    click.echo(draft_summary(result, pace, output), err=True)


@main.command("new", context_settings=CONTEXT)
@click.argument("output", type=click.Path(), default="brief.yaml")
@click.option("--force", is_flag=True, help="允许覆盖已有的文件。")
def new_command(output, force):
    """逐项提问，生成 brief 文件（不想手写 YAML 时使用）。直接回车采用括号中的默认值。"""
    from drafter import brief as briefs
    from drafter.new import ask
    from drafter.write import atomic_write

    if os.path.exists(output) and not force:
        raise DrafterError(f"{output} 已存在；换一个文件名，或加 --force 覆盖")
    atomic_write(output, ask(click.prompt, list(briefs.kinds())))
    click.echo(f"已写入 {output}；接着运行：drafter draft {output} -o 初稿.txt", err=True)


@main.command("export", context_settings=CONTEXT)
@click.argument("draft_file", metavar="DRAFT", type=click.Path(allow_dash=True))
@click.option("-o", "--output", required=True, type=click.Path(), help="输出的 .docx 文件。")
@_PROFILE
@_FONTS
@click.option("--author", help="文档属性中的作者（默认取署名）。")
def export_command(draft_file, output, profile, fonts, author):
    """把稿子（.txt 或 .md）按 GB/T 9704-2012 排成 .docx：A4、版心 156×225 毫米、每页 22 行每行 28 字，
    标题 2号小标宋，正文 3号仿宋，一级标题黑体、二级楷体，页码“— 1 —”单页居右双页居左。
    """
    from drafter.export import export_file

    export_file(draft_file, output, profile, fonts, author, fix=False)
    click.echo(f"已写入 {output}", err=True)


@main.command("format", context_settings=CONTEXT)
@click.argument("input_file", metavar="IN.docx", type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(), help="输出的 .docx 文件（不会覆盖原文件）。")
@_PROFILE
@_FONTS
@click.option("--author", help="文档属性中的作者（默认取署名）。")
@click.option("--fix", is_flag=True, help="同时做 drafter check 的安全修复（重新编号、编号后标点、括号、全角数字）。")
def format_command(input_file, output, profile, fonts, author, fix):
    """把已有的、格式凌乱的 Word 文档（字体混杂、缩进不对、Word 自动编号、编号标点不规范）
    按同样的版式重新排版。文字内容不变（--fix 时只改编号）；Word 自动编号转为文字。"""
    from drafter.export import export_file

    export_file(input_file, output, profile, fonts, author, fix=fix)
    click.echo(f"已写入 {output}", err=True)


_CORPUS = click.option("--corpus", "corpus_db", type=click.Path(), envvar="DRAFTER_CORPUS",
                       help="语料库文件（SQLite），默认 corpora/corpus.sqlite，也可用环境变量 DRAFTER_CORPUS。")


def _open_corpus(path, create=False):
    from drafter import store

    return store.connect(store.corpus_path(path), create=create)


@main.group("corpus", context_settings=CONTEXT)
def corpus_group():
    """语料库：把以往的讲话稿和公文（成百上千份）收进一个可检索的库。"""


@corpus_group.command("add", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_CORPUS
@click.option("-j", "--jobs", default=0, type=click.IntRange(0, 16), help="并行处理的进程数（0 为按 CPU 核数，最多 2）。")
def corpus_add(paths, corpus_db, jobs):
    """加入文件或文件夹（递归读取 .txt/.docx）：清洗、提取提纲、分词并建立索引。
    内容未变的文件自动跳过；坏文件在最后列出，不会中断；中途按 Ctrl-C 已加入的部分完好可用。"""
    from drafter import store
    from drafter.report import corpus_added
    from drafter.write import collect_inputs

    files = collect_inputs(paths)
    conn = _open_corpus(corpus_db, create=True)
    try:
        with _progress(len(files), "加入语料") as bar:
            result = store.add(conn, files, jobs, progress=lambda p: bar and bar.update(1))
    except KeyboardInterrupt:
        click.echo("已中断：此前完成的批次已保存，语料库完好。", err=True)
        sys.exit(130)
    for _path, message in result.failures:
        _fail(message)
    click.echo(corpus_added(result), err=True)
    sys.exit(2 if result.failures else 0)


@corpus_group.command("list", context_settings=CONTEXT)
@_CORPUS
def corpus_list(corpus_db):
    """列出库中的文件。"""
    from drafter import report, store

    click.echo(report.corpus_list(store.documents(_open_corpus(corpus_db))), nl=False)


@corpus_group.command("show", context_settings=CONTEXT)
@click.argument("doc", type=int)
@_CORPUS
def corpus_show(doc, corpus_db):
    """显示一份文件的信息和提纲。"""
    from drafter import report, store

    found = store.show(_open_corpus(corpus_db), doc)
    if found is None:
        raise DrafterError(f"语料库中没有编号为 {doc} 的文件")
    click.echo(report.corpus_document(*found), nl=False)


@corpus_group.command("rm", context_settings=CONTEXT)
@click.argument("doc", type=int)
@_CORPUS
def corpus_rm(doc, corpus_db):
    """从库中删除一份文件（原文件不动）。"""
    from drafter import store

    if not store.remove(_open_corpus(corpus_db), doc):
        raise DrafterError(f"语料库中没有编号为 {doc} 的文件")
    click.echo(f"已删除 {doc}", err=True)


@corpus_group.command("stats", context_settings=CONTEXT)
@_CORPUS
def corpus_stats(corpus_db):
    """库的规模：文件数、字数、段落数、标题数、文种分布。"""
    from drafter import report, store

    click.echo(report.corpus_stats(store.stats(_open_corpus(corpus_db))), nl=False)


_FORMAT = click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)


@main.command("search", context_settings=CONTEXT)
@click.argument("query")
@_CORPUS
@click.option("--heading-only", is_flag=True, help="只在各级标题中查找（别人怎么给“安全生产”这一部分起标题？）。")
@click.option("--style", help="只找某种编号的标题或段落，如 一是、（一）。")
@click.option("--kind", help="只找某类文件，如 讲话、通知、报告。")
@click.option("-n", "--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@_FORMAT
def search_command(query, corpus_db, heading_only, style, kind, limit, fmt):
    """在语料库中查找以往讲话稿是怎么说的：按相关度（BM25）列出段落，附文件题目和所在层次。"""
    from drafter import store
    from drafter.report import search_report

    hits = store.search(_open_corpus(corpus_db), query, heading_only, style, kind, limit)
    words = store.tokens(query).split() if fmt == "text" else []
    click.echo(search_report(query, hits, fmt, words, _paint), nl=False)
    if not hits and fmt == "text":
        click.echo("没有找到", err=True)


@main.command("similar", context_settings=CONTEXT)
@click.argument("draft_file", metavar="DRAFT", type=click.Path(allow_dash=True))
@_CORPUS
@click.option("--threshold", default=0.8, show_default=True, type=click.FloatRange(0, 1),
              help="相似度达到多少算作“在语料中出现过”（0–1）。")
@_FORMAT
def similar_command(draft_file, corpus_db, threshold, fmt):
    """查重：稿子的每一句在语料库中最相近的句子及出处，以及稿子中照搬语料的字数比例。"""
    from drafter.pipeline import load
    from drafter.report import similar_report
    from drafter.similar import similar

    result = similar(_open_corpus(corpus_db), load(draft_file).document, threshold)
    click.echo(similar_report(result, threshold, fmt), nl=False)


@main.group("phrases", context_settings=CONTEXT)
def phrases_group():
    """套话库：从语料中提炼常用说法（开场、过渡、标题、引领、号召、结尾……），并按类别或关键词查找。

    自带一份人工整理的套话库；--bank 可以加入自己提炼或编写的套话库（YAML，结构见 README）。
    """


@phrases_group.command("mine", context_settings=CONTEXT)
@click.argument("corpus", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(), help="写入的套话库文件（YAML）。")
@click.option("--min-count", default=1, show_default=True, type=click.IntRange(1), help="只保留出现次数不少于此数的说法。")
def phrases_mine(corpus, output, min_count):
    """从讲话稿语料（文件或文件夹）中提炼套话，写成套话库。

    地名、单位、年份、数字、人名会换成槽位（如 {{地区}} {{单位}} {{年份}}），便于在新稿中复用；
    相同的说法只保留一条并计数。坏文件会报告并跳过，不会中断。
    """
    from drafter import bank, mine
    from drafter.write import atomic_write, collect_inputs

    paths = collect_inputs(corpus)
    if not paths:
        raise DrafterError("没有找到 .txt 或 .docx 文件")
    with _progress(len(paths), "提炼套话") as bar:
        result = mine.mine(paths, progress=lambda path: bar and bar.update(1))
    phrases = [p for p in result.phrases if p.count >= min_count]
    for failure in result.failures:
        _fail(failure)
    atomic_write(output, bank.dump(phrases), protect=tuple(paths))
    click.echo(f"从 {result.documents} 个文件（{result.characters} 字）提炼出 {len(phrases)} 条套话，写入 {output}"
               + (f"；{len(result.failures)} 个文件无法读取，已跳过" if result.failures else ""), err=True)
    sys.exit(2 if result.failures else 0)


def _phrase_options(default_limit: int):
    def decorate(f):
        for option in reversed([
            click.option("-c", "--category", type=click.Choice(CATEGORIES), help="只在这一类中查找。"),
            click.option("--bank", "banks", multiple=True, type=click.Path(), help="另外加入的套话库（可多次使用）。"),
            click.option("--no-stock", is_flag=True, help="不使用自带的套话库。"),
            _FORMAT,
            click.option("-n", "--limit", default=default_limit, show_default=True, type=click.IntRange(0),
                         help="最多列出几条（0 为全部）。"),
        ]):
            f = option(f)
        return f
    return decorate


@phrases_group.command("list", context_settings=CONTEXT)
@_phrase_options(default_limit=0)
def phrases_list(category, banks, no_stock, fmt, limit):
    """按类别列出套话库中的说法。"""
    _phrases_out("", category, banks, no_stock, fmt, limit)


@phrases_group.command("search", context_settings=CONTEXT)
@click.argument("query")
@_phrase_options(default_limit=20)
def phrases_search(query, category, banks, no_stock, fmt, limit):
    """查找含有关键词的套话（关键词可用空格或逗号分隔，需全部出现在说法或标签中）。

    \b
    示例：
      drafter phrases search 廉政 --category 号召
      drafter phrases search 安全生产 --bank 我的套话.yaml
    """
    _phrases_out(query, category, banks, no_stock, fmt, limit)


def _phrases_out(query, category, banks, no_stock, fmt, limit):
    from drafter import bank
    from drafter.report import phrases_report

    hits = bank.search(bank.load_banks(tuple(banks), stock=not no_stock), query, category, limit)
    click.echo(phrases_report(query, category, hits, fmt, _paint), nl=False)
    if not hits and fmt == "text":
        click.echo("没有找到符合条件的套话", err=True)


if __name__ == "__main__":
    main()
