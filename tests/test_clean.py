"""Cleaning web copies: boilerplate goes, the line mapping stays."""

from conftest import CORPUS, REPO

from drafter.clean import clean
from drafter.model import RawDocument
from drafter.reader import read_path

SEED0 = REPO / "corpora" / "000_accd2cf4dd0129da.txt"
SEED2 = REPO / "corpora" / "002_7859ca84861aaa05.txt"


def test_seed_boilerplate_is_dropped_and_lines_keep_their_numbers():
    doc = clean(read_path(str(SEED0)))
    assert [line for line, _ in doc.dropped] == [1, 29, 30, 31, 32, 33]
    kept = {p.line: p.text for p in doc.paragraphs}
    assert kept[2] == "2020年在县级机关廉政文化建设现场观摩会上的讲话"
    assert kept[28] == "谢谢大家!"
    assert not any("点击查看更多" in t or "http" in t or "免责声明" in t for t in kept.values())


def test_teaser_line_that_repeats_the_opening_is_dropped():
    doc = clean(read_path(str(SEED2)))
    assert doc.dropped == [(1, "重复开头的摘要行")]
    assert doc.paragraphs[0].line == 2


def test_teaser_that_does_not_repeat_the_text_is_kept():
    raw = RawDocument("x", ["这是一个真正的开头，然后是...", "完全不同的正文内容在这里。"])
    assert len(clean(raw).paragraphs) == 2


def test_indentation_is_stripped_and_counted():
    doc = clean(RawDocument("x", ["　　一、总体要求", "\u2003\u2003（一）指导思想"]))
    assert [(p.text, p.indent) for p in doc.paragraphs] == [("一、总体要求", 2), ("（一）指导思想", 2)]


def test_web_chrome_of_a_provincial_report():
    doc = clean(read_path(str(CORPUS / "johncodes404" / "01.txt")))
    assert doc.paragraphs[0].text == "2026年北京市政府工作报告"
    texts = [p.text for p in doc.paragraphs]
    assert "来源：北京日报" not in texts and "相关报道：" not in texts
    assert not any(t.endswith("摄") for t in texts)


def test_pkulaw_header_and_repeated_title():
    doc = clean(read_path(str(CORPUS / "mengke25" / "04.txt")))
    assert [line for line, _ in doc.dropped[:3]] == [1, 2, 3]
    assert "（RCEP）" in doc.paragraphs[0].text


def test_long_paragraph_mentioning_a_source_is_kept():
    body = "来源：" + "各地区要认真贯彻落实。" * 10
    assert len(clean(RawDocument("x", ["标题", body])).paragraphs) == 2
