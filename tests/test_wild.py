"""Documents from the wild (issue 13): tables of contents without page numbers, separate series
in transcripts and speeches, headings that start with a numeral, titles and 版头, article forms,
severities that fit the published record, and the fifth level ① / 1）. Each document is written
for the purpose in the genre's phrasing; negative cases stand beside the positive ones.
(.docx with altChunk: test_altchunk.py; .doc/.wps: test_legacy.py.)"""

import json

import pytest
from helpers import flat

from drafter.check import check
from drafter.outline import outline_text
from drafter.pipeline import load_text
from drafter.render import outline_from_dict, outline_to_dict, render_text


def findings(text):
    loaded = load_text(text, "t.txt")
    return [(f.line, f.code, f.severity) for f in check(loaded.document, loaded.outline).findings]


def tree(text):
    """(line, level, marker) of every node."""
    return [(n[0], n[1], n[4]) for n in flat(outline_text(text))]


# -- family 2: a table of contents without page numbers ------------------------------------------

REGULATION = """清河县农村集体资产管理条例
（2023年11月28日清河县第十八届人民代表大会常务委员会第十五次会议通过）
目　　录
第一章　总　　则
第二章　资产登记
第三章　经营管理
第四章　附　　则
第一章　总　　则
第一条　为了加强农村集体资产管理，维护农村集体经济组织及其成员的合法权益，制定本条例。
第二条　本条例适用于本县行政区域内农村集体资产的管理活动。
第二章　资产登记
第三条　农村集体经济组织应当建立资产台账，逐项登记。
第三章　经营管理
第四条　集体资产的承包、租赁应当公开进行。
第四章　附　　则
第五条　本条例自2024年1月1日起施行。"""


def test_contents_without_page_numbers_are_no_chapters():
    assert tree(REGULATION) == [
        (8, 1, "第一章"), (9, 2, "第一条"), (10, 2, "第二条"), (11, 1, "第二章"), (12, 2, "第三条"),
        (13, 1, "第三章"), (14, 2, "第四条"), (15, 1, "第四章"), (16, 2, "第五条")]
    assert outline_text(REGULATION).title.text == "清河县农村集体资产管理条例"
    assert findings(REGULATION) == []


def test_contents_of_a_plan_end_where_the_body_repeats_the_first_entry():
    plan = ("清河县防汛应急预案\n目录\n一、总则\n二、组织体系\n三、保障措施\n一、总则\n（一）编制目的。为做好防汛工作，"
            "制定本预案。\n（二）适用范围。本预案适用于本县。\n二、组织体系\n县防汛抗旱指挥部负责全县防汛工作。\n三、保障措施\n"
            "各部门要做好物资保障。")
    assert tree(plan) == [(6, 1, "一、"), (7, 2, "（一）"), (8, 2, "（二）"), (9, 1, "二、"), (11, 1, "三、")]
    assert findings(plan) == []


def test_a_line_reading_contents_without_entries_is_no_table_of_contents():
    text = "关于整理档案目录的通知\n各科室：\n目录\n档案目录要按年度整理，并于月底前报送办公室。\n一、整理范围\n二、报送要求"
    assert tree(text) == [(5, 1, "一、"), (6, 1, "二、")]
    # entries never repeated by the body: they are the body (a short 目录 of headings)
    unrepeated = "工作要点\n目录\n一、抓党建\n二、抓发展"
    assert tree(unrepeated) == [(3, 1, "一、"), (4, 1, "二、")]


# -- family 3: separate series are siblings ------------------------------------------------------

TRANSCRIPT = """清河县“三夏”生产新闻发布会实录
主持人 王敏：
各位记者朋友，大家上午好。今天我们邀请县农业农村局、县气象局的负责同志介绍今年“三夏”生产有关情况。
清河融媒记者：
请问今年夏收工作有哪些安排？
县农业农村局局长 李强：
谢谢您的提问。今年夏收我们重点抓好三个环节。
一是抓好机具调度，全县投入联合收割机1200台。
二是抓好跨区作业服务，设立接待服务站15个。
三是抓好颗粒归仓，开展机收减损技术培训。
市广播电视台记者：
请问如何应对可能出现的“烂场雨”？
县气象局局长 周平：
我们主要做了两方面准备。
一是加密天气会商，逐日发布麦收气象服务专报。
二是强化预警发布，确保信息到村到户。
清河日报记者：
夏种工作有哪些考虑？
县农业农村局局长 李强：
首先，要抢抓农时，确保6月20日前完成夏种。
其次，要优化品种结构，扩大大豆玉米带状复合种植。
最后，要做好技术指导，组织农技人员下沉一线。"""


def test_each_answer_of_a_press_conference_is_its_own_series():
    assert tree(TRANSCRIPT) == [
        (8, 1, "一是"), (9, 1, "二是"), (10, 1, "三是"), (15, 1, "一是"), (16, 1, "二是"),
        (20, 1, "首先，"), (21, 1, "其次，"), (22, 1, "最后，")]
    assert findings(TRANSCRIPT) == []
    assert outline_text(TRANSCRIPT).salutation is None  # 主持人 王敏： is a speaker, not a salutation
    assert outline_text("在全县人代会上的报告\n各位代表：\n一、过去一年的工作").salutation.text == "各位代表："
    reply = "清河县人民政府办公室对县政协第12号提案的答复\n张明委员：\n您提出的提案收悉。现答复如下："
    assert outline_text(reply).salutation.text == "张明委员："


def test_inline_answers_of_a_question_and_answer_page():
    text = ("市政府新闻发布会答记者问\n问：今年稳就业有哪些举措？\n答：今年将重点做好三项工作：一是扩大就业岗位供给；"
            "二是加强技能培训；三是兜牢困难群体就业底线。\n问：在支持创业方面有什么新政策？\n答：主要有两点：一是提高"
            "创业担保贷款额度；二是降低创业场地租金。")
    assert tree(text) == [(3, 1, "一是"), (3, 1, "二是"), (3, 1, "三是"), (5, 1, "一是"), (5, 1, "二是")]


def test_bracketed_speaker_labels():
    text = ("座谈会实录\n【主持人 王敏】请企业代表谈谈意见。\n【企业代表 张伟】我提两点建议：一是简化审批；二是加大贷款贴息。\n"
            "【县发展改革局局长 孙伟】感谢建议。我们将做好两件事：首先，建立专班；其次，限时办结。")
    assert tree(text) == [(3, 1, "一是"), (3, 1, "二是"), (4, 1, "首先，"), (4, 1, "其次，")]


SPEECH = """在全县教育工作会议上的讲话
同志们：
一、把握发展大势
过去一年，全县教育工作取得了新的成绩，突出表现在三个方面。
一是办学条件持续改善，新建改扩建学校12所。
二是教育质量稳步提升，高考本科上线率提高3个百分点。
三是教师队伍不断优化，招聘新教师260名。
在肯定成绩的同时，我们也要清醒看到，全县教育发展还存在一些短板，城乡之间、校际之间的差距依然较大。
对此，各校长和全体教师要进一步强化以下三种意识：
一要强化质量意识。质量是教育的生命线。
二要强化责任意识。每一位教师都要把学生放在心上。
三要强化服务意识。学校要主动回应家长关切。
另外，还要抓好两件实事。
一是办好家长学校。
二是办好课后服务。
二、突出工作重点
第一，推进义务教育优质均衡。
具体要做到：
一是扩大优质学位供给。
二是深化集团化办学。
第二，推动高中多样化发展。"""


def test_a_series_after_a_paragraph_that_closed_the_last_one_is_its_sibling():
    assert tree(SPEECH) == [
        (3, 1, "一、"), (5, 2, "一是"), (6, 2, "二是"), (7, 2, "三是"),
        (10, 2, "一要"), (11, 2, "二要"), (12, 2, "三要"),  # not under 三是
        (14, 2, "一是"), (15, 2, "二是"),  # a new 一是 series beside the first
        (16, 1, "二、"), (17, 2, "第一，"),
        (19, 3, "一是"), (20, 3, "二是"),  # 第一，… stands as a heading: its series is its own
        (21, 2, "第二，")]
    assert findings(SPEECH) == []


def test_a_quotation_of_a_leader_is_no_speakers_turn():
    text = ("讲话\n二、加强理论武装\n第一，深化理论学习。\n习近平总书记强调：“理论上清醒，政治上才能坚定。”\n"
            "一是抓好集中学习。\n二是抓好宣讲阐释。\n第二，推动学以致用。")
    assert tree(text) == [(2, 1, "二、"), (3, 2, "第一，"), (5, 3, "一是"), (6, 3, "二是"), (7, 2, "第二，")]


def test_a_series_right_below_an_item_of_another_kind_stays_inside_it():
    text = ("讲话\n一、抓好安全生产\n三是强化应急管理。\n一要完善预案；\n二要加强演练。\n四是严格督查考核。")
    assert tree(text) == [(2, 1, "一、"), (3, 2, "三是"), (4, 3, "一要"), (5, 3, "二要"), (6, 2, "四是")]


# -- family 4: a heading that starts with a numeral ----------------------------------------------

REPORT = """清河县人民政府关于2025年上半年工作情况的报告
县人大常委会：
现将我县2025年上半年工作情况报告如下。
一、关于经济运行
一、二季度分别新增城镇就业1200人和1500人。
二、关于项目建设
三、四季度要抓好项目建设。
三、关于生态环保
四、五年规划纲要实施的中期评估，我们组织了专题调研，形成了评估报告。
五、关于下半年工作安排
全面完成全年目标任务。"""


def test_a_heading_starting_with_a_numeral_continues_its_list():
    assert tree(REPORT) == [(4, 1, "一、"), (6, 1, "二、"), (8, 1, "三、"), (9, 1, "四、"), (10, 1, "五、")]
    assert findings(REPORT) == []  # no false 跳号 on 五、


def test_a_list_of_numbers_is_no_heading_unless_its_list_goes_on():
    assert tree("一、二季度全县经济运行平稳，主要指标好于预期。\n三、四季度要继续抓好稳增长。") == []
    plan = "清河县2025年上半年经济运行分析\n一、二季度全县经济运行情况\n一、二季度生产总值增长5.8%。\n二、下半年打算\n抓好项目。"
    assert tree(plan) == [(2, 1, "一、"), (4, 1, "二、")]  # item two follows: a heading after all
    untitled = "一、二季度全县经济运行情况\n生产总值增长5.8%。\n二、下半年工作打算\n抓好重点项目建设。"
    o = outline_text(untitled)
    assert o.title is None and tree(untitled) == [(1, 1, "一、"), (3, 1, "二、")]


def test_a_numeral_after_the_marker_that_no_list_would_have():
    text = "清河县突发地质灾害应急预案\n一、一级响应\n出现特大型险情时启动。\n二、二级响应\n出现大型险情时启动。"
    assert tree(text) == [(2, 1, "一、"), (4, 1, "二、")]
    o = outline_text("一、一级响应\n出现特大型险情时启动。\n二、二级响应")
    assert o.title is None and tree("一、一级响应\n出现特大型险情时启动。\n二、二级响应")[0] == (1, 1, "一、")


# -- family 5: titles and 版头 --------------------------------------------------------------------

def test_a_title_over_three_lines_keeps_its_last_line():
    text = "关于认真学习贯彻\n习近平总书记重要讲话\n精神的通知\n各乡镇党委：\n一、提高认识\n二、抓好落实"
    o = outline_text(text)
    assert (o.title.text, o.salutation.text) == ("关于认真学习贯彻习近平总书记重要讲话精神的通知", "各乡镇党委：")
    # a second whole title below the first is no continuation of it
    twice = "在全县干部大会上的讲话\n在全县干部大会上的讲话提纲\n同志们：\n一、统一思想"
    assert outline_text(twice).title.text == "在全县干部大会上的讲话"


JOINT = """000128
机密★1年
特急
中共清河县委办公室
清河县人民政府办公室
文件
清办发〔2025〕12号　　签发人：王立新
关于做好2025年春节期间
安全防范工作的
紧急通知
各乡镇党委和政府，县直各单位：
一、压实责任
二、加强值守"""


def test_header_lines_are_reported_and_never_the_title():
    o = outline_text(JOINT)
    assert [(h.kind, h.line) for h in o.header] == [
        ("copy", 1), ("secrecy", 2), ("urgency", 3), ("issuer", 4), ("issuer", 5), ("issuer", 6), ("number", 7)]
    assert o.title.text == "关于做好2025年春节期间安全防范工作的紧急通知"
    assert o.salutation.text == "各乡镇党委和政府，县直各单位："
    data = json.loads(json.dumps(outline_to_dict(o), ensure_ascii=False))
    assert data["header"][6] == {"kind": "number", "text": "清办发〔2025〕12号　　签发人：王立新", "line": 7}
    assert list(data)[:6] == ["source", "title", "salutation", "transition", "closing", "nodes"]
    assert "[发文机关] 清河县人民政府办公室" in render_text(o)
    assert outline_from_dict(data).header == o.header  # the YAML skeleton reads it back


def test_issuers_stacked_beside_a_document_number():
    text = "清河县发展改革局  文件\n清河县财政局\n清发改〔2025〕8号\n关于做好项目申报工作的通知\n各乡镇：\n一、申报范围"
    o = outline_text(text)
    assert [h.kind for h in o.header] == ["issuer", "issuer", "number"]
    assert o.title.text == "关于做好项目申报工作的通知"


def test_an_organ_on_the_first_line_of_a_split_title_is_no_header():
    text = "清河县人民政府办公室\n关于做好防汛工作的通知\n各乡镇人民政府：\n一、压实责任"
    o = outline_text(text)
    assert o.header == [] and o.title.text == "清河县人民政府办公室关于做好防汛工作的通知"
    numbered = "关于贯彻落实国发〔2019〕7号文件精神的通知\n清政发〔2019〕21号\n各乡镇人民政府：\n一、提高认识"
    o = outline_text(numbered)
    assert o.title.text == "关于贯彻落实国发〔2019〕7号文件精神的通知"
    assert [(h.kind, h.line) for h in o.header] == [("number", 2)]


def test_a_news_dateline_is_reported_not_merged():
    alone = ("两部门印发《关于加强农村公路养护管理的意见》\n新华社北京3月2日电（记者 周远）\n近日，交通运输部、财政部联合印发"
             "了意见。\n意见提出，一是健全管养机制，二是加大资金投入，三是强化考核。")
    o = outline_text(alone)
    assert o.title.text == "两部门印发《关于加强农村公路养护管理的意见》"
    assert [(h.kind, h.text, h.line) for h in o.header] == [("dateline", "新华社北京3月2日电（记者 周远）", 2)]
    leading = ("交通运输部财政部联合部署农村公路养护\n新华社北京3月2日电　近日，两部门联合印发了意见。\n"
               "一是健全机制，二是加大投入。")
    o = outline_text(leading)
    assert o.title.text == "交通运输部财政部联合部署农村公路养护"
    assert [(h.kind, h.text, h.line) for h in o.header] == [("dateline", "新华社北京3月2日电", 2)]
    assert tree(leading) == [(3, 1, "一是"), (3, 1, "二是")]


# -- family 6: article and chapter forms ---------------------------------------------------------

MEASURES = """清河县物业服务管理办法
第 一 章　总　　则
第1条　为了规范物业服务活动，维护业主和物业服务企业的合法权益，制定本办法。
第2条　本办法适用于本县城区范围内的物业服务活动。
第 二 章　物业服务
第3条　物业服务企业应当按照合同约定提供服务。依照本办法第 12 条的规定，业主可以选聘物业服务企业。
第4条　物业服务收费应当公开透明。
第 三 章　附　　则
第5条　本办法自2025年3月1日起施行。"""


def test_arabic_and_spaced_forms_are_the_same_styles():
    got = flat(outline_text(MEASURES))
    assert [(n[0], n[1], n[2], n[3]) for n in got] == [
        (2, 1, "第一章", 1), (3, 2, "第一条", 1), (4, 2, "第一条", 2), (5, 1, "第一章", 2), (6, 2, "第一条", 3),
        (7, 2, "第一条", 4), (8, 1, "第一章", 3), (9, 2, "第一条", 5)]  # 第 12 条 inline is a reference


def test_a_consistent_non_standard_form_gets_one_warning_each_and_fixes_for_all():
    loaded = load_text(MEASURES, "t.txt")
    result = check(loaded.document, loaded.outline)
    assert [(f.line, f.code, f.severity) for f in result.findings] == [(2, "N208", "warning"), (3, "N207", "warning")]
    assert "全文5处" in result.findings[1].message
    assert [(e.line, e.old, e.new) for e in result.edits if e.new.endswith("条")] == [
        (3, "第1条", "第一条"), (4, "第2条", "第二条"), (6, "第3条", "第三条"), (7, "第4条", "第四条"), (9, "第5条", "第五条")]


def test_a_single_stray_form_is_reported_where_it_stands():
    text = ("办法\n第一章　总则\n第一节　一般规定\n第一条　为了规范管理，制定本办法。\n第二条　本办法适用于本县。\n"
            "第２节　附则\n第３条　本办法自公布之日起施行。")
    assert [(n[1], n[2], n[3]) for n in flat(outline_text(text))][4:] == [(2, "第一节", 2), (3, "第一条", 3)]
    assert findings(text) == [(6, "N207", "warning"), (7, "N207", "warning")]


def test_article_references_are_no_markers():
    text = "办法\n第一条　本办法依照《条例》第12条、第 13 条的规定制定。\n第二条　违反第12条第2款规定的，依法处理。"
    assert [(n[0], n[4]) for n in flat(outline_text(text))] == [(2, "第一条"), (3, "第二条")]


# -- family 7: severities that fit the published record ------------------------------------------

OPINION = """国务院关于进一步优化政务服务的意见
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
现就进一步优化政务服务提出以下意见。
一、总体要求
1．坚持以人民为中心，推动政务服务从“能办”向“好办”转变。
2．坚持系统观念，统筹线上线下服务渠道。
二、重点任务
1．推进高效办成一件事。
2．提升线上服务效能。
3．规范线下办事服务。"""


def test_a_fullwidth_period_used_throughout_is_one_warning():
    assert findings(OPINION) == [(5, "N209", "warning")]


def test_mixed_periods_warn_per_marker_and_fullwidth_digits_stay_errors():
    text = ("关于优化营商环境的工作方案\n一、工作目标\n1.压减审批时限。\n2．降低企业成本。\n3.提升服务质量。\n二、工作措施\n"
            "１．建立企业服务专员制度。\n２．建立问题快速响应机制。")
    assert findings(text) == [(4, "N209", "warning"), (7, "N203", "error"), (8, "N203", "error")]


@pytest.mark.parametrize("text", [
    "清河县人民代表大会常务委员会关于加强农村饮水安全工作的决定\n为保障农村群众饮水安全，作如下决定：\n"
    "一、县人民政府应当将农村饮水安全工作纳入国民经济和社会发展规划。\n二、县人民政府有关部门应当按照各自职责做好工作。\n"
    "三、本决定自公布之日起施行。",
    "关于召开全县安全生产工作会议的通知\n各乡镇人民政府：\n现将有关事项通知如下：\n一、时间地点：3月5日上午9时，县政府第一会议室。\n"
    "二、参会人员：各乡镇分管负责同志。\n三、有关要求：请于3月3日前报送参会人员名单。",
    "讲话\n一、坚决遵守干部作风八条规定，建立一支有铁的纪律、生龙活虎的干部队伍。\n今年我们要……。\n"
    "二、凡涉及重大事项的，必须事先请示报告，不得擅自决定。\n……",
])
def test_no_heading_punctuation_warning_on_items_that_are_sentences(text):
    assert [f for f in findings(text) if f[1] == "N401"] == []


def test_a_standalone_heading_ending_with_a_period_is_still_warned():
    text = "在全县组织工作会议上的讲话\n同志们：\n一、提高政治站位。\n今年是关键一年。\n二、突出工作重点。\n要抓好干部队伍建设。"
    assert findings(text) == [(3, "N401", "warning"), (5, "N401", "warning")]


# -- family 9: the fifth level, ① and 1） ----------------------------------------------------------

PLAN = """清河县2025年农村人居环境整治实施方案
一、重点任务
（一）农村垃圾治理
1.完善收运体系
（1）配齐收集设施
①每个自然村至少设置1处垃圾收集点；
②每户配备分类垃圾桶。
（2）健全保洁队伍
1）按照每200户1人的标准配备保洁员；
2）保洁员工资纳入乡镇财政预算；
3)每季度开展一次保洁员培训。
（3）建立考核机制
2.推进源头减量
二、保障措施
注：
① 保洁员配备标准参照《清河县农村保洁管理办法》执行。
② 本方案所称自然村以2024年底统计数据为准。"""


def test_circled_and_one_sided_numbers_are_a_fifth_level_that_breaks_nothing():
    got = flat(outline_text(PLAN))
    assert [(n[0], n[1], n[2], n[4]) for n in got] == [
        (2, 1, "一、", "一、"), (3, 2, "（一）", "（一）"), (4, 3, "1.", "1."), (5, 4, "（1）", "（1）"),
        (6, 5, "①", "①"), (7, 5, "①", "②"), (8, 4, "（1）", "（2）"), (9, 5, "①", "1）"), (10, 5, "①", "2）"),
        (11, 5, "①", "3)"), (12, 4, "（1）", "（3）"), (13, 3, "1.", "2."), (14, 1, "一、", "二、")]
    assert findings(PLAN) == []  # the 注： lines are footnotes, no part of the outline


def test_a_gap_in_a_one_sided_series_is_fixed_in_its_own_form():
    text = "方案\n（1）配备保洁员\n1）按标准配备；\n2）纳入预算；\n4）开展培训。"
    loaded = load_text(text, "t.txt")
    result = check(loaded.document, loaded.outline)
    assert [(f.line, f.code, f.fix) for f in result.findings] == [(5, "N101", "3）")]


def test_inline_circled_items_and_what_is_no_item():
    text = ("清河县农村公路养护考核办法\n第一条　考核内容包括：①路面状况；②桥涵状况；③沿线设施。\n"
            "第二条　考核结果（注释 ① ）作为资金分配依据，评分细则见附件 1）。")
    assert [(n[0], n[1], n[4]) for n in flat(outline_text(text))] == [
        (2, 1, "第一条"), (2, 2, "①"), (2, 2, "②"), (2, 2, "③"), (3, 1, "第二条")]
