"""The numbering grammar: numerals, written forms of every style, canonical markers."""

import pytest

from drafter.numbering import (
    STYLES,
    cn_to_int,
    find_inline,
    format_marker,
    heading_level,
    int_to_cn,
    match_start,
    writing_code,
)


@pytest.mark.parametrize("text,value", [
    ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十一", 21), ("九十九", 99),
    ("一百", 100), ("一百零一", 101), ("一百一十", 110),
])
def test_chinese_numerals(text, value):
    assert cn_to_int(text) == value
    assert int_to_cn(value) == text


@pytest.mark.parametrize("text", ["一二", "十十", "二二", "百十", "", "零"])
def test_malformed_chinese_numerals_are_rejected(text):
    assert cn_to_int(text) is None


def test_numerals_round_trip():
    assert all(cn_to_int(int_to_cn(n)) == n for n in range(1, 1000))


@pytest.mark.parametrize("style,n,expected", [
    ("一、", 3, "三、"), ("（一）", 12, "（十二）"), ("1.", 7, "7."), ("（1）", 2, "（2）"),
    ("一是", 4, "四是"), ("一要", 1, "一要"), ("第一", 2, "第二，"), ("第一章", 10, "第十章"),
    ("第一条", 21, "第二十一条"), ("首先", 1, "首先，"), ("首先", 2, "其次，"),
])
def test_format_marker(style, n, expected):
    assert format_marker(style, n) == expected


def test_format_marker_last_of_sequence():
    assert format_marker("首先", 4, last=True) == "最后，"


@pytest.mark.parametrize("text,style,number,marker", [
    ("一、总体要求", "一、", 1, "一、"),
    ("十一、加强组织领导", "一、", 11, "十一、"),
    ("二十、其他", "一、", 20, "二十、"),
    ("一、2024年工作回顾", "一、", 1, "一、"),
    ("一．总体要求", "一、", 1, "一．"),
    ("二，主要任务", "一、", 2, "二，"),
    ("（一）加强领导", "（一）", 1, "（一）"),
    ("(一)加强领导", "（一）", 1, "(一)"),
    ("（一)加强领导", "（一）", 1, "（一)"),
    ("（三）、压实责任", "（一）", 3, "（三）、"),
    ("㈡建立制度", "（一）", 2, "㈡"),
    ("1.完善机制", "1.", 1, "1."),
    ("12.强化考核", "1.", 12, "12."),
    ("1、完善机制", "1.", 1, "1、"),
    ("１．完善机制", "1.", 1, "１．"),
    ("3．完善机制", "1.", 3, "3．"),
    ("（1）明确目标", "（1）", 1, "（1）"),
    ("(2)明确目标", "（1）", 2, "(2)"),
    ("⑶明确目标", "（1）", 3, "⑶"),
    ("一是加强领导", "一是", 1, "一是"),
    ("十一是其他", "一是", 11, "十一是"),
    ("二要整合资源", "一要", 2, "二要"),
    ("第一，加强廉政文化建设", "第一", 1, "第一，"),
    ("第二、统筹推进", "第一", 2, "第二、"),
    ("首先，要提高认识", "首先", 1, "首先，"),
    ("其次要完善制度", "首先", 2, "其次"),
    ("最后，要狠抓落实", "首先", None, "最后，"),
    ("第一章　总则", "第一章", 1, "第一章"),
    ("第二节 监督", "第一节", 2, "第二节"),
    ("第三条　为了规范管理", "第一条", 3, "第三条"),
    ("第12条　为了规范管理", "第一条", 12, "第12条"),
    ("第 12 条　为了规范管理", "第一条", 12, "第 12 条"),
    ("第 一 章　总　　则", "第一章", 1, "第 一 章"),
    ("第１２节　附则", "第一节", 12, "第１２节"),
    ("十四、五年规划纲要实施的中期阶段", "一、", 14, "十四、"),
    ("一、一级响应", "一、", 1, "一、"),
    ("三、二〇二五年工作安排", "一、", 3, "三、"),
    ("①每个自然村设置收集点", "①", 1, "①"),
    ("⑫其他", "①", 12, "⑫"),
    ("2）保洁员工资纳入预算", "①", 2, "2）"),
    ("3)每季度培训一次", "①", 3, "3)"),
])
def test_every_written_form_at_paragraph_start(text, style, number, marker):
    m = match_start(text)
    assert m is not None, text
    assert (m.style, m.number, m.marker) == (style, number, marker)
    assert m.style in STYLES


@pytest.mark.parametrize("text", [
    "第一书记要带头", "第一时间赶到现场", "第一责任人", "第一个五年计划", "第一要务是发展",
    "一把手负总责", "统一是前提", "唯一是", "一、二、三产业融合发展", "一、二季度经济平稳",
    "一、二级响应", "一是一、二是二", "一方面要加强", "2020年以来", "1至10月", "最后一公里",
    "第一、第三产业增加值", "第一、二轮督察", "一二三", "1、2、3号楼", "十四、五岁的孩子",
    "三、四季度要抓好项目", "第12条规定", "第 12 条的规定", "第十二条第二款规定",
])
def test_words_and_numbers_that_are_not_markers(text):
    assert match_start(text) is None


@pytest.mark.parametrize("text", ["1.5%的增幅", "3.2万亩", "10.581"])
def test_decimals_come_back_marked_as_glued_for_the_parser_to_judge(text):
    m = match_start(text)
    assert m is not None and m.glued_digit


def test_inline_candidates_need_a_clause_boundary():
    found = find_inline("会议的目的,一是学习借鉴;二是进一步推动。唯一是这样，统一是前提")
    assert [(c.marker, c.number) for c in found] == [("一是", 1), ("二是", 2)]


def test_inline_arabic_marker_glued_to_a_digit_is_flagged():
    found = find_inline("全年增长，2.5%左右")
    assert all(c.glued_digit for c in found)


@pytest.mark.parametrize("text,number", [("一、二季度经济平稳", 1), ("三、四季度要抓好项目", 3), ("一、二、三产业", 1)])
def test_lists_of_numbers_come_back_flagged_for_the_parser_to_judge(text, number):
    m = match_start(text, lists=True)
    assert m is not None and m.number_list and m.number == number
    assert not find_inline("今年，" + text) and find_inline("今年，" + text, lists=True)[0].number_list


@pytest.mark.parametrize("marker,code", [
    ("第12条", "N207"), ("第 12 条", "N207"), ("第１２节", "N207"), ("第 一 章", "N208"), ("第一章", None),
    ("1．", "N209"), ("１．", "N203"), ("１、", "N203"), ("1、", "N201"), ("1.", None),
    ("①", None), ("3）", None), ("3)", None),
])
def test_how_a_marker_is_written(marker, code):
    assert writing_code(match_start(marker)) == code


def test_the_fifth_level_is_no_heading_level_of_the_export_and_keeps_its_form():
    assert heading_level("①") is None and STYLES["①"].is_heading and STYLES["①"].rank > STYLES["（1）"].rank
    assert [format_marker("①", n) for n in (1, 2, 20, 21)] == ["①", "②", "⑳", "21）"]
    assert [format_marker("①", 4, like=w) for w in ("3）", "3)", "③")] == ["4）", "4)", "④"]


def test_inline_circled_and_one_sided_numbers_need_a_clause_boundary():
    assert [c.marker for c in find_inline("内容包括：①路面；②桥涵。")] == ["①", "②"]
    assert find_inline("成交额（注释 ① ）不低于2000万元，见附件 1）") == []
