"""Outline rules on small texts written for the purpose: every style at a paragraph start and
inline, nesting, traps, parts. The texts are in the genre's normal phrasing."""

import pytest
from helpers import flat, markers

from drafter.outline import outline_text

SPEECH = """在全县安全生产工作会议上的讲话
同志们：
今天召开全县安全生产工作会议，主要任务是总结工作、部署任务。下面，我讲三点意见。
一、统一思想，提高认识
安全生产事关人民群众生命财产安全。
（一）充分认识形势的严峻性。当前事故总量仍然较大。
（二）充分认识责任的重大性。各级要压实责任。
二、突出重点，狠抓落实
一是抓好隐患排查。要全面排查。
二是抓好专项整治。要做到：第一，摸清底数；第二，建立台账；第三，限期整改。
三是抓好应急管理。
三、加强领导，强化保障
要做到三个到位：一要思想到位，二要措施到位，三要责任到位。
同志们，做好安全生产工作责任重大，让我们共同努力！
谢谢大家！"""


def test_a_complete_speech():
    o = outline_text(SPEECH)
    assert o.title.text == "在全县安全生产工作会议上的讲话"
    assert o.salutation.text == "同志们："
    assert o.transition.text == "下面，我讲三点意见。"
    assert (o.closing.text, o.closing.line) == ("谢谢大家！", 15)
    assert flat(o) == [
        (4, 1, "一、", 1, "一、", False),
        (6, 2, "（一）", 1, "（一）", False),
        (7, 2, "（一）", 2, "（二）", False),
        (8, 1, "一、", 2, "二、", False),
        (9, 2, "一是", 1, "一是", False),
        (10, 2, "一是", 2, "二是", False),
        (10, 3, "第一", 1, "第一，", True),
        (10, 3, "第一", 2, "第二，", True),
        (10, 3, "第一", 3, "第三，", True),
        (11, 2, "一是", 3, "三是", False),
        (12, 1, "一、", 3, "三、", False),
        (13, 2, "一要", 1, "一要", True),
        (13, 2, "一要", 2, "二要", True),
        (13, 2, "一要", 3, "三要", True),
    ]


def test_headings_are_the_markers_own_clause():
    o = outline_text(SPEECH)
    by_marker = {n.marker + str(n.line): n.heading for n in (x for r in o.nodes for x in r.walk())}
    assert by_marker["一、4"] == "统一思想，提高认识"
    assert by_marker["（一）6"] == "充分认识形势的严峻性"
    assert by_marker["第一，10"] == "摸清底数"
    assert by_marker["第三，10"] == "限期整改"
    assert by_marker["二是10"] == "抓好专项整治"
    assert by_marker["一要13"] == "思想到位"


def test_column_counts_indentation():
    o = outline_text("标题的讲话\n　　一、总体要求\n　　（一）指导思想")
    assert [(n.line, n.column) for r in o.nodes for n in r.walk()] == [(2, 3), (3, 3)]


@pytest.mark.parametrize("style,items", [
    ("一、", ["一、甲", "二、乙", "三、丙"]),
    ("（一）", ["（一）甲", "（二）乙"]),
    ("1.", ["1.甲", "2.乙", "3.丙"]),
    ("（1）", ["（1）甲", "（2）乙"]),
    ("一是", ["一是甲。", "二是乙。"]),
    ("一要", ["一要甲。", "二要乙。"]),
    ("第一", ["第一，甲。", "第二，乙。"]),
    ("首先", ["首先，甲。", "其次，乙。", "最后，丙。"]),
    ("第一章", ["第一章　总则", "第二章　附则"]),
    ("第一条", ["第一条　为了规范。", "第二条　本办法适用于。"]),
])
def test_every_style_at_paragraph_start(style, items):
    got = flat(outline_text("\n".join(items)))
    assert [(g[2], g[3], g[5]) for g in got] == [(style, i + 1, False) for i in range(len(items))]


@pytest.mark.parametrize("style,text,expected", [
    ("（一）", "主要有：（一）甲；（二）乙；（三）丙。", ["（一）", "（二）", "（三）"]),
    ("（1）", "具体是：（1）甲；（2）乙。", ["（1）", "（2）"]),
    ("1.", "包括：1.甲；2.乙；3.丙。", ["1.", "2.", "3."]),
    ("一、", "原则如下：一、坚持甲；二、坚持乙。", ["一、", "二、"]),
    ("一是", "目的有两个：一是甲；二是乙。", ["一是", "二是"]),
    ("一要", "为此，一要甲，二要乙，三要丙。", ["一要", "二要", "三要"]),
    ("第一", "要做好：第一，甲；第二，乙。", ["第一，", "第二，"]),
    ("首先", "做法是：首先，甲；其次，乙；最后，丙。", ["首先，", "其次，", "最后，"]),
])
def test_every_style_inline(style, text, expected):
    got = flat(outline_text("这是标题\n" + text))
    assert [g[4] for g in got] == expected
    assert all(g[2] == style and g[5] for g in got)
    assert [g[3] for g in got] == list(range(1, len(expected) + 1))


@pytest.mark.parametrize("text", [
    "县委书记是抓党建第一责任人，要第一时间到位。",
    "要选好第一书记，用好第一个五年规划的经验。",
    "发展是第一要务，一把手要带头。",
    "思想统一是前提，唯一是要坚定。",
    "推动一、二、三产业融合发展，一、二季度经济运行平稳，启动一、二级响应。",
    "我们一是一、二是二，实事求是。",
    "一方面要加强，另一方面要改进。",
    "2020年以来，增长1.5%，新增3.2万亩，1至10月累计完成。",
    "所以，各部门首先要做好的是统一思想。",
    "最后，我再强调一点。",
    "首先，我代表县委表示感谢。",
])
def test_traps_are_not_markers(text):
    assert markers("标题\n" + text + "\n正文结束。") == []


def test_decimal_alone_on_its_line_is_not_a_marker():
    assert markers("表格\n10.581\n0.074\n15172.500") == []


def test_glued_number_continues_an_open_list():
    text = "\n".join(["名词解释", "19.甲指标：说明。", "20.2026年10件民生实事：说明。", "21.5+2就业之家：说明。"])
    assert [(m[3], m[4]) for m in flat(outline_text(text))] == [(19, "19."), (20, "20."), (21, "21.")]


def test_lone_shouxian_without_a_series_and_closing_zuihou():
    text = "标题\n首先，感谢大家。\n一、工作回顾\n要抓好落实。\n最后，我再强调一点。"
    assert markers(text) == ["一、"]


def test_shouxian_series_across_paragraphs():
    text = "标题\n一、工作要求\n首先，要提高认识。\n其次，要完善制度。\n再次，要强化考核。\n最后，要狠抓落实。"
    got = flat(outline_text(text))
    assert [(g[1], g[3], g[4]) for g in got] == [
        (1, 1, "一、"), (2, 1, "首先，"), (2, 2, "其次，"), (2, 3, "再次，"), (2, 4, "最后，")]


def test_inline_series_continues_at_next_paragraph_start():
    text = "标题\n一、意义\n主要目的有两个：一是统一思想。\n二是凝聚力量。"
    assert [(g[0], g[1], g[4], g[5]) for g in flat(outline_text(text))] == [
        (2, 1, "一、", False), (3, 2, "一是", True), (4, 2, "二是", False)]


def test_inline_series_under_a_paragraph_marker_closes_with_the_paragraph():
    text = "标题\n三、保障\n一是加强领导。\n二是密切配合，要发挥三种作用：一是谋划；二是协调；三是督促。\n三是强化考核。"
    assert [(g[1], g[4]) for g in flat(outline_text(text))] == [
        (1, "三、"), (2, "一是"), (2, "二是"), (3, "一是"), (3, "二是"), (3, "三是"), (2, "三是")]


def test_restarted_list_nests_instead_of_breaking_the_series():
    text = "\n".join(["标题", "一、概况", "二、问题", "（一）建设问题", "一、提高设计", "二、加强施工",
                     "（二）生产问题", "三、建议"])
    assert [(g[1], g[4]) for g in flat(outline_text(text))] == [
        (1, "一、"), (1, "二、"), (2, "（一）"), (3, "一、"), (3, "二、"), (2, "（二）"), (1, "三、")]


def test_gap_and_duplicate_stay_in_the_series_they_break():
    text = "标题\n一、甲\n二、乙\n四、丁\n（一）子\n（一）子二"
    assert [(g[1], g[3]) for g in flat(outline_text(text))] == [(1, 1), (1, 2), (1, 4), (2, 1), (2, 1)]


def test_mixed_enumeration_families_stay_one_series():
    text = "标题\n一、要求\n一是提高认识。\n第二，完善制度。\n三是强化考核。"
    got = flat(outline_text(text))
    assert [(g[1], g[2], g[3]) for g in got] == [(1, "一、", 1), (2, "一是", 1), (2, "第一", 2), (2, "一是", 3)]


def test_lower_style_first_then_higher_style_returns_to_its_rank():
    text = "标题\n一、总体要求\n1.指导思想\n（一）基本原则"
    assert [(g[1], g[4]) for g in flat(outline_text(text))] == [(1, "一、"), (2, "1."), (2, "（一）")]


def test_appendix_restarts_numbering_in_its_own_outline():
    text = "\n".join(["关于做好工作的通知", "各单位：", "一、目标", "二、任务", "三、要求",
                     "附件：1.民生实事清单", "2.名词解释", "某某办公室", "2026年1月5日",
                     "附件1", "十件民生实事", "一、就业", "二、教育"])
    o = outline_text(text)
    assert [g[4] for g in flat(o)] == ["一、", "二、", "三、"]
    assert len(o.appendices) == 1
    a = o.appendices[0]
    assert (a.marker, a.title, a.line) == ("附件1", "十件民生实事", 10)
    assert [(g[0], g[1], g[4]) for g in flat(a.nodes)] == [(12, 1, "一、"), (13, 1, "二、")]


def test_chapters_and_articles():
    text = "\n".join(["某某管理办法", "第一章　总则", "第一条　为了规范管理，制定本办法。",
                     "第二条　本办法适用于：", "（一）甲；", "（二）乙。",
                     "第二章　规划建设　　第三条　规划应当科学。", "第四条　建设应当规范。"])
    got = [(g[0], g[1], g[4], g[5]) for g in flat(outline_text(text))]
    assert got == [(2, 1, "第一章", False), (3, 2, "第一条", False), (4, 2, "第二条", False),
                   (5, 3, "（一）", False), (6, 3, "（二）", False), (7, 1, "第二章", False),
                   (7, 2, "第三条", True), (8, 2, "第四条", False)]


def test_split_title_is_joined_and_document_number_is_not_title():
    text = ("国务院关于在市场监管领域全面推行\n部门联合监管的意见\n国发〔2019〕5号\n"
            "各省、自治区、直辖市人民政府：\n现提出如下意见：\n一、总体要求")
    o = outline_text(text)
    assert o.title.text == "国务院关于在市场监管领域全面推行部门联合监管的意见"
    assert o.salutation.text == "各省、自治区、直辖市人民政府："
    assert o.transition.text == "现提出如下意见："


def test_letter_spaced_title_line():
    o = outline_text("国务院关于授权实施管辖的\n土 地 使 用 期 限 的 批 复\n广东省人民政府：\n一、同意。")
    assert o.title.text == "国务院关于授权实施管辖的土地使用期限的批复"


def test_lists_under_unnumbered_sections_do_not_nest_in_each_other():
    text = "\n".join(["粮食应急预案", "3.1　指挥部职责", "（1）掌握市场形势。", "（2）开展应急工作。",
                     "3.2　办公室职责", "办公室负责日常工作，职责是：", "（1）提出建议。", "（2）起草文件。",
                     "4.2.2　国务院批准启动本预案后，指挥部要做好以下工作：", "（1）随时掌握情况。"])
    assert [(g[0], g[1], g[3]) for g in flat(outline_text(text))] == [
        (3, 1, 1), (4, 1, 2), (7, 1, 1), (8, 1, 2), (10, 1, 1)]


def test_table_cell_is_not_the_next_list_item():
    text = "附表说明\n1.《实施方案》\n2.《子基金实施方案》\n3.917\n0.074"
    assert markers(text) == ["1.", "2."]


def test_title_broken_inside_a_word_is_joined():
    o = outline_text("\u200b\n政府工作报\n告\n——2017年3月5日在会议上\n各位代表：\n现在，我代表国务院，向大会报告工作。\n一、回顾")
    assert (o.title.text, o.title.line) == ("政府工作报告", 2)
    assert o.salutation.text == "各位代表："


def test_main_title_with_subtitle_and_speaker_lines():
    text = "\n".join(["凝心聚力　奋勇争先", "——在全县经济工作会议上的讲话", "（2024年1月5日）", "县委书记　张三",
                     "同志们：", "这次会议的主要任务是部署今年工作。结合实际，我就做好今年工作讲三个方面的意见。",
                     "一、认清形势", "二、突出重点", "谢谢大家！"])
    o = outline_text(text)
    assert o.title.text == "凝心聚力　奋勇争先——在全县经济工作会议上的讲话"
    assert (o.salutation.text, o.salutation.line) == ("同志们：", 5)
    assert o.transition.text == "结合实际，我就做好今年工作讲三个方面的意见。"
    assert o.closing.text == "谢谢大家！"
    assert markers(text) == ["一、", "二、"]


def test_table_of_contents_is_not_a_first_series():
    text = "\n".join(["国家粮食应急预案", "目　录", "一、总则……………………1", "二、组织机构…………………3",
                      "一、总则", "（一）编制目的", "二、组织机构"])
    assert [(g[0], g[1], g[4]) for g in flat(outline_text(text))] == [(5, 1, "一、"), (6, 2, "（一）"), (7, 1, "二、")]
