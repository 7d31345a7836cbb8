"""drafter 命令行 (the click command line). It only parses arguments and prints; every behaviour
is a library call in the drafter package. A DrafterError anywhere becomes one Chinese line on
stderr and exit status 2, in one place (:class:`DrafterGroup`)."""

from __future__ import annotations

import contextlib
import functools
import os
import sys

import click

import drafter
from drafter.bank import CATEGORIES
from drafter.length import PACE
from drafter.model import DrafterError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class DrafterGroup(click.Group):
    """Commands that report a DrafterError as one line and exit 2; click's own errors in Chinese."""

    def main(self, *args, **kwargs):
        drafter.console.prepare()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DrafterError as exc:
            click.echo(f"drafter: 错误：{exc}", err=True)
            ctx.exit(2)


def _finish(done) -> None:
    """Print a batch's notes, failures and text (or write it to its output), exit with its status."""
    for line in [*done.notes, *(f"drafter: 错误：{f}" for f in done.failures)]:
        click.echo(line, err=True)
    if done.text:
        drafter.write.atomic_write(done.output, done.text, (*done.inputs,)) if done.output else click.echo(done.text, nl=False)
    sys.exit(done.status)


def _progress(total: int, label: str):
    """A progress bar on a terminal when there is more than one file; nothing otherwise."""
    if sys.stderr.isatty() and total > 1:
        return click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True, show_eta=False)
    return contextlib.nullcontext(None)


@click.group(cls=DrafterGroup, context_settings=CONTEXT)
@click.version_option(drafter.__version__, "-V", "--version", prog_name="drafter", message="%(prog)s %(version)s")
def main():
    """drafter —— 讲话稿与公文起草助手（离线）。

    从讲话稿语料中提取提纲（一、（一）1.（1） 与 一是/第一/一要/首先 等），检查编号，
    积累套话，起草新稿，并按 GB/T 9704-2012 导出 .docx。

    English: an offline drafting assistant for Chinese speeches and official documents."""


@main.command("outline")
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
      drafter outline corpora/ --format yaml -o outlines/"""
    _finish(drafter.batch.outline_command(files, fmt, output, show_dropped))


@main.command("check")
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
      drafter check 讲话.docx --fix --in-place"""
    if list_rules:
        return click.echo(drafter.report.rules_table(), nl=False)
    _finish(drafter.batch.check_command(files, fmt, chosen, ignored, fix, output, in_place, click.style))


_PROFILE = click.option("--profile", type=click.Path(), help="版式文件（TOML），覆盖 GB/T 9704 默认版式中的设置。")
_FONTS = click.option("--fonts", help="字体方案：common（没有 _GB2312 字体的电脑用 仿宋/楷体/黑体/宋体），或 TOML 文件。")


@main.command("draft")
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
@click.option("--corpus", type=click.Path(), help="以自己的语料库为依据起草：每个要点借用语料中最相近段落的句子并注明出处。")
@click.option("--sources", "show_sources", is_flag=True, help="列出借用语料的句子：稿子第几行 ← 语料哪篇第几行。")
@click.option("--list-kinds", is_flag=True, help="列出可用的文种。")
def draft_command(list_kinds, show_sources, **options):
    """按要求（brief，YAML 文件）起草完整篇幅的讲话稿或公文：各级编号自动生成，每个要点按所在部分的写法
    成段；没写的部分按文种拟定。只有写作者才能提供的数字留下“〔待补充：…〕”。写法见 examples/brief.yaml。

    \b
    示例：
      drafter draft examples/brief.yaml -o 讲话.docx
      drafter draft --like outlines/002_7859ca84861aaa05.yaml --topic 安全生产 --seed 7
      drafter draft --list-kinds"""
    if list_kinds:
        return click.echo(drafter.report.kinds_table(), nl=False)
    result = drafter.deliver.draft_for_command(**options)
    click.echo("" if options["output"] else result.text, nl=False)
    click.echo(drafter.report.draft_summary(result, options["pace"], options["output"]), err=True)
    if show_sources:
        click.echo(drafter.report.sources_table(result.sources) or "没有借用语料\n", err=True, nl=False)


@main.command("new")
@click.argument("output", type=click.Path(), default="brief.yaml")
@click.option("--force", is_flag=True, help="允许覆盖已有的文件。")
def new_command(output, force):
    """逐项提问，生成 brief 文件（不想手写 YAML 时使用）。直接回车采用括号中的默认值；答错了会说明原因并重问。"""
    if os.path.exists(output) and not force:
        raise DrafterError(f"{output} 已存在；换一个文件名，或加 --force 覆盖")
    answers: dict = {}
    try:
        text = drafter.new.ask(click.prompt, lambda m: click.echo(m, err=True), answers=answers)
    except click.Abort:
        click.echo(drafter.new.cancelled(answers), err=True)
        sys.exit(130)
    drafter.write.atomic_write(output, text)
    click.echo(f"已写入 {output}；接着运行：drafter draft {output} -o 初稿.docx", err=True)


_layout = functools.partial(functools.reduce, lambda f, option: option(f), (  # the options of export and format
    click.option("--check-fonts", is_flag=True, help="检查本机是否有版式所需的字体，缺少时说明以什么字体代替。"),
    click.option("-s", "--set", "settings", multiple=True, metavar="字段=值", help="版头、版记字段（可多次使用）："
                 "份号、密级、紧急程度、发文机关标志、发文字号、签发人、抄送、印发机关、印发日期。"),
    click.option("--author", help="文档属性中的作者（默认取署名）。"), _FONTS, _PROFILE))


@main.command("export")
@click.argument("draft_file", metavar="DRAFT", type=click.Path(allow_dash=True), required=False)
@click.option("-o", "--output", type=click.Path(), help="输出的 .docx 文件。")
@_layout
def export_command(draft_file, output, profile, fonts, author, settings, check_fonts, fix=False):
    """把稿子（.txt 或 .md）按 GB/T 9704-2012 排成 .docx：A4、每页 22 行每行 28 字（Word、WPS、LibreOffice 相同），
    命名样式；文首的〔2026〕12号等行或 --set 给出版头、版记。"""
    for line in drafter.export.run_command(draft_file, output, profile, fonts, author, settings, check_fonts, fix):
        click.echo(line, err=True)


@main.command("format")
@click.argument("input_file", metavar="IN.docx", type=click.Path(), required=False)
@click.option("-o", "--output", type=click.Path(), help="输出的 .docx 文件（不会覆盖原文件）。")
@_layout
@click.option("--fix", is_flag=True, help="同时做 drafter check 的安全修复（重新编号、编号后标点、括号、全角数字）。")
def format_command(input_file, output, profile, fonts, author, settings, check_fonts, fix):
    """把格式凌乱的 Word 文档按同样的版式重排：文字不变（--fix 只改编号），保留表格与图片，不能保留的会提示。"""
    export_command.callback(input_file, output, profile, fonts, author, settings, check_fonts, fix)  # type: ignore[misc]


_CORPUS = click.option("--corpus", "corpus_db", metavar="文件或地址", envvar="DRAFTER_CORPUS", help="语料库：本机文件"
                       "（默认 corpora/corpus.sqlite）或服务器 postgresql://用户@主机/数据库；也可用环境变量 DRAFTER_CORPUS。")


@main.group("corpus")
def corpus_group():
    """语料库：把以往的讲话稿和公文（成百上千份）收进一个可检索的库（本机文件或办公室共用的服务器）。"""


@corpus_group.command("add")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_CORPUS
@click.option("-j", "--jobs", default=0, type=click.IntRange(0, 16), help="并行处理的进程数（0 为按 CPU 核数，最多 2）。")
def corpus_add(paths, corpus_db, jobs):
    """加入文件或文件夹（递归读取 .txt/.docx）：清洗、提取提纲、分词并建立索引。
    内容未变的文件自动跳过；坏文件在最后列出，不会中断；中途按 Ctrl-C 已加入的部分完好可用。"""
    files, unreadable = drafter.batch.gather(paths)
    try:
        with drafter.store.open_store(corpus_db, create=True) as store, _progress(len(files), "加入语料") as bar:
            result = store.add(files, jobs, progress=lambda p: bar and bar.update(1))
    except KeyboardInterrupt:
        click.echo("已中断：此前完成的批次已保存，语料库完好。", err=True)
        sys.exit(130)
    result.failures[:0] = [(str(e.path), str(e)) for e in unreadable]
    click.echo(drafter.report.corpus_added(result), err=True)
    sys.exit(2 if result.failures else 0)


@corpus_group.command("list")
@_CORPUS
def corpus_list(corpus_db):
    """列出库中的文件。"""
    click.echo(drafter.report.corpus_list(drafter.store.using(corpus_db, lambda store: store.documents())), nl=False)


@corpus_group.command("show", context_settings={"ignore_unknown_options": True})
@click.argument("doc")
@_CORPUS
def corpus_show(doc, corpus_db):
    """显示一份文件的信息和提纲（DOC 为 corpus list 列出的编号）。"""
    shown = drafter.store.using(corpus_db, lambda store: store.show(drafter.store.parse_doc_id(doc)))
    click.echo(drafter.report.corpus_document(*shown), nl=False)


@corpus_group.command("rm", context_settings={"ignore_unknown_options": True})
@click.argument("doc")
@_CORPUS
def corpus_rm(doc, corpus_db):
    """从库中删除一份文件（原文件不动）。"""
    drafter.store.using(corpus_db, lambda store: store.remove(drafter.store.parse_doc_id(doc)), write=True)
    click.echo(f"已删除 {doc}", err=True)


@corpus_group.command("stats")
@_CORPUS
def corpus_stats(corpus_db):
    """库的规模：文件数、字数、段落数、标题数、文种分布。"""
    click.echo(drafter.report.corpus_stats(drafter.store.using(corpus_db, lambda store: store.stats())), nl=False)


_FORMAT = click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)


@main.command("search")
@click.argument("query")
@_CORPUS
@click.option("--heading-only", is_flag=True, help="只在各级标题中查找（别人怎么给“安全生产”这一部分起标题？）。")
@click.option("--style", help="只找某种编号的标题或段落，如 一是、（一）。")
@click.option("--kind", help="只找某类文件，如 讲话、通知、报告。")
@click.option("-n", "--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@_FORMAT
def search_command(query, corpus_db, heading_only, style, kind, limit, fmt):
    """在语料库中查找以往讲话稿是怎么说的：按相关度（BM25）列出段落，附文件题目和所在层次。"""
    with drafter.store.open_store(corpus_db) as store:
        hits, words = store.search(query, heading_only, style, kind, limit), store.query_words(query)
    click.echo(drafter.report.search_report(query, hits, fmt, words, click.style), nl=False)
    if not hits and fmt == "text":
        click.echo("没有找到", err=True)


@main.command("similar")
@click.argument("draft_file", metavar="DRAFT", type=click.Path(allow_dash=True))
@_CORPUS
@click.option("--threshold", default=0.8, show_default=True, type=click.FloatRange(0, 1),
              help="相似度达到多少算作“在语料中出现过”（0–1）。")
@_FORMAT
def similar_command(draft_file, corpus_db, threshold, fmt):
    """查重：稿子的每一句在语料库中最相近的句子及出处，以及稿子中照搬语料的字数比例。"""
    draft = drafter.pipeline.load(draft_file).document
    result = drafter.store.using(corpus_db, lambda store: drafter.similar.similar(store, draft, threshold))
    click.echo(drafter.report.similar_report(result, threshold, fmt), nl=False)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址；默认只有本机能打开，0.0.0.0 则局域网都能打开。")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535), help="端口（0 为任选一个空闲端口）。")
@_CORPUS
@click.option("--open", "open_browser", is_flag=True, help="启动后在浏览器中打开网页。")
def serve_command(host, port, corpus_db, open_browser):
    """在浏览器中使用 drafter（本机网页，离线）：检查、起草、排版、语料、套话，不用命令行。"""
    drafter.web.serve(host, port, corpus_db, open_browser, lambda line: click.echo(line, err=True))


@main.group("phrases")
def phrases_group():
    """套话库：从语料中提炼常用说法（开场、过渡、标题、引领、号召、结尾……），并按类别或关键词查找。
    自带一份人工整理的套话库；--bank 可以加入自己提炼或编写的套话库（YAML，结构见 README）。"""


@phrases_group.command("mine")
@click.argument("corpus", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(), help="写入的套话库文件（YAML）。")
@click.option("--min-count", default=1, show_default=True, type=click.IntRange(1), help="只保留出现次数不少于此数的说法。")
def phrases_mine(corpus, output, min_count):
    """从讲话稿语料（文件或文件夹）中提炼套话，写成套话库。地名、单位、年份、数字、人名会换成槽位
    （如 {{地区}} {{单位}} {{年份}}），便于在新稿中复用；相同的说法只保留一条并计数；坏文件报告后跳过。"""
    paths, unreadable = drafter.batch.gather(corpus)
    with _progress(len(paths), "提炼套话") as bar:
        result, kept = drafter.mine.mine_to_bank(paths, output, min_count, progress=lambda path: bar and bar.update(1))
    result.failures[:0] = unreadable
    click.echo(drafter.report.mined(result, kept, output), err=True)
    sys.exit(2 if result.failures else 0)


def _phrase_options(default_limit: int):
    options = [click.option("-c", "--category", type=click.Choice(CATEGORIES), help="只在这一类中查找。"),
               click.option("--bank", "banks", multiple=True, type=click.Path(), help="另外加入的套话库（可多次使用）。"),
               click.option("--no-stock", is_flag=True, help="不使用自带的套话库。"), _FORMAT,
               click.option("-n", "--limit", default=default_limit, show_default=True, type=click.IntRange(0),
                            help="最多列出几条（0 为全部）。")]
    return lambda f: functools.reduce(lambda g, option: option(g), reversed(options), f)


@phrases_group.command("list")
@_phrase_options(default_limit=0)
def phrases_list(category, banks, no_stock, fmt, limit):
    """按类别列出套话库中的说法。"""
    phrases_search.callback("", category, banks, no_stock, fmt, limit)  # type: ignore[misc]


@phrases_group.command("search")
@click.argument("query")
@_phrase_options(default_limit=20)
def phrases_search(query, category, banks, no_stock, fmt, limit):
    """查找含有关键词的套话（关键词可用空格或逗号分隔，需全部出现在说法或标签中）。

    \b
    示例：
      drafter phrases search 廉政 --category 号召
      drafter phrases search 安全生产 --bank 我的套话.yaml"""
    hits = drafter.bank.search(drafter.bank.load_banks(tuple(banks), stock=not no_stock), query, category, limit)
    click.echo(drafter.report.phrases_report(query, category, hits, fmt, click.style), nl=False)
    if not hits and fmt == "text":
        click.echo("没有找到符合条件的套话", err=True)
