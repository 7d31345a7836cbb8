"""Measure genre lengths in the shared corpora and print them as TOML, one table per drafter kind.

Not a test: the figures behind ``drafter/data/lengths.toml``. Run from the checkout:

    .venv/bin/python bench/measure_lengths.py          # TOML on stdout
    .venv/bin/python bench/measure_lengths.py -v       # plus one line per document on stderr
    .venv/bin/python bench/measure_lengths.py --all    # plus "参考" groups (致辞, 方案, GWRs …)

Corpora, under $DRAFTER_SHARED (default ../shared):

* ``corpus2/``  SOURCES.tsv kind/speech_kind: 动员部署 and 廉政 → 动员部署会讲话, 总结表彰 → 工作总结会讲话,
  座谈 → 座谈会讲话, 开幕 → 开幕词, 闭幕 → 闭幕词, 表态 → 表态发言, notice → 通知, report → 报告,
  request → 请示, letter → 函, minutes → 纪要; 致辞/other speeches and plan/ are "参考" only;
* ``corpus/``   kind column: notice (…) → 通知, letter (函) → 函; work reports, 意见, 批复 … are "参考";
* ``seeds/``    the two 廉政 work-meeting speeches, counted with 动员部署会讲话 (the closest kind).

Reading: control characters (NULs in some OCR files) and markdown marks (# headings, **bold**) are
removed, image lines and 【导读】 notes skipped. Most corpus2 公文 are OCR text with the whole document
on ONE line; such a line is re-split into paragraphs before outlining: the 版头 and title (up to
关于…的通知/请示/报告/函) and the 主送 (up to its colon) are set on lines of their own, and a line break is
put before 一、 (after 。；：), before （一）/（1） (unless after 第 or an opening bracket), before 1. 1、
(after punctuation or a Chinese character, not after 第, not a decimal), before 附件 after 。, before
联系人：, and after a closing formula.
Nothing else is invented: the outline (nesting, series checks) is drafter's own.

Per document, on the body (after the title and 主送/称呼, before the first appendix; a 公文 ends with
its closing formula 特此通知/特此报告/妥否，请批示/请予函复/… when it has one, or — in a re-split OCR
line without one — before its 联系人： line or 附件： note, so 落款, 发文稿纸 and attachments run into the
same OCR line are not counted):

* total     non-whitespace characters of the body;
* sections  top-level 一、 headings found by drafter's outline;
* points    per section that has any: the nodes directly under an 一、 heading (（一）, 1., 一是, 第一 …);
            a document without 一、 headings has its top-level enumeration as one implicit section;
* point     characters of a point: from its marker to the next node not below it (a run-in item ends
            with its paragraph; the last point ends at the closing formula or body end);
* leaf      the same for points with nothing below them (the paragraph a drafted point becomes);
* lead      characters between a section heading (heading sentence up to its 。/：) and its first
            point — 0 when the first point follows the heading directly;
* section   characters of a whole section, heading to the next 一、 (or closing / body end).

Medians and interquartile ranges (statistics.quantiles, inclusive): total and sections per
document; points per section; point, leaf, lead and section pooled over a kind's items, with the
median of per-document medians beside the pooled point median (one long document can dominate).
Stdlib plus drafter itself.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from drafter import parts  # noqa: E402
from drafter.clean import clean  # noqa: E402
from drafter.model import RawDocument  # noqa: E402
from drafter.outline import build_outline  # noqa: E402
from drafter.reader import read_path, split_lines  # noqa: E402

SHARED = Path(os.environ.get("DRAFTER_SHARED", REPO.parent / "shared"))

SPEECH_KINDS = ["动员部署会讲话", "工作总结会讲话", "座谈会讲话", "开幕词", "闭幕词", "表态发言"]
DOC_KINDS = ["通知", "报告", "请示", "函", "纪要"]
KINDS = SPEECH_KINDS + DOC_KINDS

CORPUS2_SPEECH = {"动员部署": "动员部署会讲话", "廉政": "动员部署会讲话", "总结表彰": "工作总结会讲话",
                  "座谈": "座谈会讲话", "开幕": "开幕词", "闭幕": "闭幕词", "表态": "表态发言"}
CORPUS2_DOC = {"notice": "通知", "report": "报告", "request": "请示", "letter": "函", "minutes": "纪要"}

_SKIP_LINE = re.compile(r"^\s*(<img|!\[|【\s*导\s*读\s*】|【编者按】|\[\^)")
_NOT_COUNTED = re.compile(r"[\s*#`|>]")
_HEADING_TAIL = "。：:；;！!？?"
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")
_MARKDOWN = re.compile(r"^\s*(#+\s*|>\s*)|\*\*")

# Re-splitting a document OCR'd onto one line.
_ONE_LINE = 600  # a line this long in a document of at most three lines
_TITLE = re.compile(r"关于[^。：:]{2,120}?的(通知|请示|报告|函|复函|批复)")
_ADDRESSEE = re.compile(r"[^。：:]{2,400}[：:]")
_CLOSING = re.compile(r"(特此(通知|报告|请示|函告|函复|函达|批复)|[妥当]否[，,]?请(批示|审批|批复|审议|示)"
                      r"|请予(函复|批准|审批|审定|研究)|请研究函复|此复)[。！!]?")
_BREAK = re.compile(
    r"(?<=[。；;！？：:])(?=[一二三四五六七八九十]{1,3}、)"
    r"|(?<=[^第（(\s])(?=[（(]([一二三四五六七八九十]{1,3}|[1-9][0-9]?)[）)])"
    r"|(?<=[。；;！？：:\u4e00-\u9fff])(?<!第)(?=[1-9][0-9]?[.．、](?![0-9]))"
    r"|(?<=[。])(?=附件[0-9：:])"
    r"|(?=联系人[:：])")
_CONTACT = re.compile(r"^联系人[:：]")
_NOTE = re.compile(r"^附件[:：]")


def chars(text: str) -> int:
    """Characters of a text, without white space and markdown marks."""
    return len(_NOT_COUNTED.sub("", text))


def resplit(line: str) -> list[str]:
    """Paragraphs of a document OCR'd onto one line (see the module docstring)."""
    head: list[str] = []
    title = _TITLE.search(line, 0, 600)
    if title:
        head.append(line[:title.end()])
        line = line[title.end():]
        addressee = _ADDRESSEE.match(line)
        if addressee:
            head.append(addressee.group())
            line = line[addressee.end():]
    closing = _CLOSING.search(line)
    if closing:
        line = line[:closing.end()] + "\n" + line[closing.end():]
    return head + _BREAK.sub("\n", line).split("\n")


def read(path: Path) -> tuple[RawDocument, bool]:
    """The document's lines, cleaned of control characters and markdown marks, and whether it was
    re-split from one OCR line."""
    if path.suffix.lower() == ".docx":
        raw = read_path(str(path))
    else:
        raw = RawDocument(str(path), split_lines(path.read_bytes().decode("utf-8", errors="replace")))
    lines = [_MARKDOWN.sub("", _CONTROL.sub("", line)) for line in raw.lines]
    full = [line for line in lines if line.strip()]
    split = len(full) <= 3 and max(map(len, full), default=0) >= _ONE_LINE
    if split:
        lines = [part for line in full for part in resplit(line) if part.strip()]
    raw.lines = lines
    return raw, split


@dataclass
class Measure:
    name: str
    group: str
    resplit: bool = False
    total: int = 0
    sections: int = 0
    points: list[int] = field(default_factory=list)  # per section with points
    empty_sections: int = 0  # 一、 sections with no point under them
    point: list[int] = field(default_factory=list)
    leaf: list[int] = field(default_factory=list)
    lead: list[int] = field(default_factory=list)
    section: list[int] = field(default_factory=list)


def measure(path: Path, name: str, group: str, document: bool) -> Measure:
    raw, was_split = read(path)
    doc = clean(raw)
    paras = doc.paragraphs
    result = Measure(name, group, was_split)
    if not paras:
        return result
    body_end, _, _ = parts.split_appendices(paras)
    _, after_title = parts.find_title(paras[:body_end])
    _, body_start = parts.find_salutation(paras[:body_end], after_title)
    if document:  # a 公文 ends with its closing formula
        closing_at = next((i for i in range(body_start, body_end) if _CLOSING.search(paras[i].text)), None)
        if closing_at is not None:
            body_end = closing_at + 1
        elif was_split:  # or, in an OCR line, before the contact line or attachment note after the body
            stop = next((i for i in range(body_start + 1, body_end)
                         if _CONTACT.match(paras[i].text) or _NOTE.match(paras[i].text)), None)
            body_end = stop if stop is not None else body_end
    ol = build_outline(doc)
    body = [i for i in range(body_start, body_end) if not _SKIP_LINE.match(paras[i].text)]
    if not body:
        return result
    result.total = sum(chars(paras[i].text) for i in body)
    index = {p.line: i for i, p in enumerate(paras)}
    end_of_body = (body_end, 0)
    closing = ol.closing if not document else None
    if closing is not None and closing.line in index and body[0] < index[closing.line] < body_end:
        end_of_body = (index[closing.line], 0)  # speech points end before 同志们，… / 谢谢大家

    def span(a: tuple[int, int], b: tuple[int, int]) -> int:
        (pa, oa), (pb, ob) = a, b
        if (pa, oa) >= (pb, ob):
            return 0
        if pa == pb:
            return chars(paras[pa].text[oa:ob])
        n = chars(paras[pa].text[oa:])
        n += sum(chars(paras[i].text) for i in range(pa + 1, pb) if not _SKIP_LINE.match(paras[i].text))
        return n + (chars(paras[pb].text[:ob]) if pb < len(paras) else 0)

    def pos(node) -> tuple[int, int] | None:
        i = index.get(node.line)
        if i is None or i >= body_end:
            return None
        return i, max(0, node.column - 1 - paras[i].indent)

    nodes = [n for n in ol.nodes if pos(n) is not None and pos(n)[0] >= body_start]
    order = [n for root in nodes for n in root.walk()]
    where = {id(n): k for k, n in enumerate(order)}

    def end_of(n) -> tuple[int, int]:
        """Where the text of node n ends: the next node outside its subtree, or the body end."""
        size = sum(1 for _ in n.walk())
        k = where[id(n)] + size
        end = pos(order[k]) if k < len(order) and pos(order[k]) is not None else end_of_body
        return min(end, end_of_body)

    def item_chars(n) -> int | None:
        start = pos(n)
        if start is None:
            return None
        end = end_of(n)
        if n.inline and end[0] > start[0]:
            end = (start[0], len(paras[start[0]].text))  # a run-in item ends with its paragraph
        return span(start, end)

    sections = [n for n in nodes if n.style == "一、"]
    result.sections = len(sections)
    groups = [(s, s.children) for s in sections] if sections else ([(None, nodes)] if nodes else [])
    for head, points in groups:
        if head is not None:
            start = pos(head)
            if start is not None:
                result.section.append(span(start, end_of(head)))
        if not points:
            result.empty_sections += head is not None
            continue
        result.points.append(len(points))
        for p in points:
            c = item_chars(p)
            if c is not None:
                result.point.append(c)
            for leaf in p.walk():
                if not leaf.children:
                    c = item_chars(leaf)
                    if c is not None:
                        result.leaf.append(c)
        if head is not None:
            start, first = pos(head), pos(points[0])
            if start is not None and first is not None:
                text = paras[start[0]].text
                at = text.find(head.heading, start[1]) if head.heading else -1
                end = (at + len(head.heading)) if at >= 0 else start[1] + len(head.marker)
                while end < len(text) and text[end] in _HEADING_TAIL:
                    end += 1
                result.lead.append(span((start[0], end), first))
    return result


def documents(shared: Path):
    """(path, name, group, is_document) of every document measured."""
    c2 = shared / "corpus2"
    with open(c2 / "SOURCES.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["kind"] == "speech":
                group = CORPUS2_SPEECH.get(row["speech_kind"], f"参考：讲话（{row['speech_kind']}）")
            else:
                group = CORPUS2_DOC.get(row["kind"], f"参考：{row['kind']}")
            yield c2 / row["file"], "corpus2/" + row["file"], group, row["kind"] != "speech"
    c1 = shared / "corpus"
    with open(c1 / "SOURCES.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            kind = row["kind"]
            speech = "delivered as speech" in kind or kind.startswith("speech")
            if kind.startswith("notice"):
                group = "通知"
            elif kind.startswith("letter"):
                group = "函"
            elif speech:
                group = "参考：政府工作报告/党代会报告"
            else:
                group = "参考：corpus 其他公文"
            yield c1 / row["file"], "corpus/" + row["file"], group, not speech
    for p in sorted((shared / "seeds").glob("*.txt")):
        yield p, "seeds/" + p.name, "动员部署会讲话", False


def quartiles(values: list[int]) -> tuple[int, int, int]:
    if not values:
        return 0, 0, 0
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return round(q1), round(q2), round(q3)


def sources_line(ms: list[Measure]) -> str:
    by_corpus: dict[str, list[str]] = {}
    for m in ms:
        corpus, _, rest = m.name.partition("/")
        by_corpus.setdefault(corpus, []).append(rest.removesuffix(".txt"))
    out = []
    for corpus, names in by_corpus.items():
        if len(names) > 8:
            folders: dict[str, int] = {}
            for n in names:
                folder = n.split("/")[0]
                folders[folder] = folders.get(folder, 0) + 1
            out.append(corpus + " " + " ".join(f"{f}/ ×{c}" for f, c in folders.items()))
        else:
            out.append(corpus + " " + ", ".join(names))
    return "; ".join(out)


def report(groups: dict[str, list[Measure]]) -> str:
    lines = ["# Measured by bench/measure_lengths.py — median and [Q1, Q3] per drafter kind (characters",
             "# without white space). total/sections per document; points per section with points;",
             "# point/leaf/lead/section pooled over items. docs_resplit = one-line OCR documents re-split.", ""]
    order = [k for k in KINDS if k in groups] + sorted(k for k in groups if k not in KINDS)
    for kind in order:
        ms = groups[kind]
        t = quartiles([m.total for m in ms])
        s = quartiles([m.sections for m in ms])
        p = quartiles([x for m in ms for x in m.points])
        pt = quartiles([x for m in ms for x in m.point])
        per_doc = quartiles([quartiles(m.point)[1] for m in ms if m.point])
        lf = quartiles([x for m in ms for x in m.leaf])
        ld = quartiles([x for m in ms for x in m.lead])
        sc = quartiles([x for m in ms for x in m.section])
        lines += [
            f'[kind."{kind}"]',
            f"docs = {len(ms)}",
            f"docs_resplit = {sum(m.resplit for m in ms)}",
            f"docs_with_sections = {sum(1 for m in ms if m.sections)}",
            f"total = [{t[0]}, {t[2]}]",
            f"total_median = {t[1]}",
            f"sections = {s[1]}",
            f"sections_iqr = [{s[0]}, {s[2]}]",
            f"sections_with_points = {sum(len(m.points) for m in ms)}",
            f"sections_without_points = {sum(m.empty_sections for m in ms)}",
            f"points = {p[1]}",
            f"points_iqr = [{p[0]}, {p[2]}]",
            f"point = [{pt[0]}, {pt[2]}]",
            f"point_median = {pt[1]}",
            f"point_doc_median = {per_doc[1]}",
            f"leaf = [{lf[0]}, {lf[2]}]",
            f"leaf_median = {lf[1]}",
            f"lead = [{ld[0]}, {ld[2]}]",
            f"lead_median = {ld[1]}",
            f"section = [{sc[0]}, {sc[2]}]",
            f"section_median = {sc[1]}",
            f"samples = {{ points = {sum(len(m.point) for m in ms)}, leaves = {sum(len(m.leaf) for m in ms)}, "
            f"leads = {sum(len(m.lead) for m in ms)}, sections = {sum(len(m.section) for m in ms)} }}",
            f'source = "{sources_line(ms)}"',
            "",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=SHARED, help="folder holding corpus/, corpus2/, seeds/")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per document on stderr")
    ap.add_argument("--all", action="store_true", help="also print the 参考 groups (kinds drafter lacks)")
    args = ap.parse_args(argv)
    groups: dict[str, list[Measure]] = {}
    for path, name, group, document in documents(args.shared):
        if group not in KINDS and not args.all:
            continue
        if not path.exists():
            print(f"missing: {path}", file=sys.stderr)
            continue
        m = measure(path, name, group, document)
        groups.setdefault(group, []).append(m)
        if args.verbose:
            print(f"{group}\t{name}\t{'split ' if m.resplit else ''}total={m.total}\tsections={m.sections}"
                  f"\tpoints={m.points}+{m.empty_sections}×0\tpoint~{quartiles(m.point)[1]}"
                  f"\tleaf~{quartiles(m.leaf)[1]}\tlead={m.lead}", file=sys.stderr)
    print(report(groups))
    return 0


if __name__ == "__main__":
    sys.exit(main())
