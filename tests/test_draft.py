"""Drafting: every kind from a minimal and a full brief, outline = the brief's structure,
check finds no numbering error, seeds, --like shapes, bad briefs and templates."""

import re

import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import main
from drafter.brief import brief_from_data, kinds, load_brief
from drafter.check import check
from drafter.clean import clean
from drafter.draft import draft
from drafter.model import DrafterError, RawDocument
from drafter.outline import outline_text
from drafter.reader import split_lines
from drafter.render import outline_from_dict

KINDS = list(kinds())
SECTIONS = [
    {"heading": "统一思想，提高认识", "points": ["充分认识形势的严峻性", "充分认识工作的重要性"]},
    {"heading": "突出重点，狠抓落实", "points": [
        "深入开展隐患排查", {"heading": "严格落实工作责任", "points": ["压实主体责任", "压实监管责任"]}]},
    "加强组织领导",
]
FULL = {"meeting": "全县安全生产工作会议", "speaker": "张三", "org": "桐溪县人民政府", "region": "桐溪县",
        "date": "2026-03-05", "topic": ["安全生产"], "purpose": "部署今年安全生产工作",
        "audience": "各乡镇人民政府，县政府各部门", "attachments": ["检查表"], "sections": SECTIONS}


def expected(sections, level=1):
    out = []
    for s in sections:
        heading = s if isinstance(s, str) else s["heading"]
        out.append((level, heading))
        if isinstance(s, dict):
            out.extend(expected(s["points"], level + 1))
    return out


def shape(text):
    o = outline_text(text)
    return [(n.level, n.heading) for root in o.nodes for n in root.walk()]


def errors(text, ignore=("P001",)):
    result = check(clean(RawDocument("draft.txt", split_lines(text))))
    return [(f.line, f.code, f.message) for f in result.findings if f.severity == "error" and f.code not in ignore]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_from_a_full_brief(kind):
    d = draft(brief_from_data({"kind": kind, **FULL}), seed=11)
    assert shape(d.text) == expected(SECTIONS)
    assert errors(d.text, ignore=()) == [], "a full brief leaves nothing to fill in"


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_from_a_minimal_brief(kind):
    d = draft(brief_from_data({"kind": kind}), seed=5)
    assert d.text.count("\n") >= 5
    o = outline_text(d.text)
    assert o.nodes, "sections are drafted from the banks"
    assert errors(d.text) == [], "no numbering error by construction"
    placeholders = [f for f in check(clean(RawDocument("d", split_lines(d.text)))).findings if f.code == "P001"]
    assert all("待补充" in f.message for f in placeholders), "only deliberate placeholders"


def test_document_parts_of_a_notice():
    d = draft(brief_from_data({"kind": "通知", **FULL}), seed=2)
    lines = d.text.splitlines()
    assert lines[0] == "桐溪县人民政府关于做好安全生产工作的通知"
    assert lines[1] == "各乡镇人民政府，县政府各部门："
    assert "特此通知。" in lines and "附件：1.检查表" in lines
    assert lines[-2:] == ["桐溪县人民政府", "2026年3月5日"]
    o = outline_text(d.text)
    assert o.title.text == lines[0] and o.salutation.text == lines[1]


@pytest.mark.parametrize("kind,formula", [("报告", "特此报告。"), ("请示", "妥否，请批示。"), ("函", "请予函复。")])
def test_closing_formulas(kind, formula):
    assert formula in draft(brief_from_data({"kind": kind, **FULL}), seed=1).text.splitlines()


def test_same_seed_same_text_and_different_seeds_differ():
    brief = brief_from_data({"kind": "动员部署会讲话", **FULL})
    a, b = draft(brief, seed=7).text, draft(brief, seed=7).text
    assert a == b
    others = {draft(brief, seed=s).text for s in range(8, 14)}
    assert len(others | {a}) > 1
    assert shape(a) == expected(SECTIONS)


def test_no_phrase_is_used_twice():
    for seed in range(5):
        d = draft(brief_from_data({"kind": "工作总结会讲话", **FULL}), seed=seed)
        sentences = [s for s in re.split(r"(?<=[。！？：])", d.text.replace("\n", "")) if len(s) > 12]
        assert len(sentences) == len(set(sentences))


def test_names_fill_the_slots():
    d = draft(brief_from_data({"kind": "动员部署会讲话", **FULL}), seed=3)
    assert "{{" not in d.text and "全桐溪县" not in d.text
    assert d.text.startswith("在全县安全生产工作会议上的讲话\n")


def test_characters_and_speaking_time():
    d = draft(brief_from_data({"kind": "动员部署会讲话", **FULL}), seed=3, pace=100)
    assert d.characters == len(re.sub(r"\s", "", d.text))
    assert d.minutes == round(d.characters / 100, 1)


@pytest.mark.parametrize("skeleton", sorted((REPO / "outlines").glob("*.yaml")), ids=lambda p: p.stem)
def test_like_keeps_the_shape_of_a_corpus_speech(skeleton):
    data = yaml.safe_load(skeleton.read_text(encoding="utf-8"))
    original = outline_from_dict(data)
    d = draft(brief_from_data({"kind": "动员部署会讲话", "topic": ["安全生产"]}), seed=9, like=original)
    flat = lambda o: [(n.level, n.style, n.inline) for root in o.nodes for n in root.walk()]  # noqa: E731
    assert flat(outline_text(d.text)) == flat(original)
    assert errors(d.text) == []


# --- property: any brief of sensible shape drafts without a numbering error -----------------------

WORDS = ["统一思想", "提高认识", "明确任务", "强化责任", "加强领导", "狠抓落实", "压实责任", "排查隐患",
         "优化服务", "深化改革", "健全机制", "强化保障", "改善民生", "扩大开放"]
heading = st.builds(lambda a, b: f"{a}，{b}", st.sampled_from(WORDS), st.sampled_from(WORDS))
point = st.builds(lambda a, b: a + b, st.sampled_from(WORDS), st.sampled_from(WORDS))
section = st.recursive(point, lambda inner: st.fixed_dictionaries(
    {"heading": heading, "points": st.lists(inner, min_size=1, max_size=4)}), max_leaves=12)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(KINDS), sections=st.lists(section, min_size=1, max_size=4), seed=st.integers(0, 10 ** 6))
def test_generated_briefs_always_pass_check(kind, sections, seed):
    d = draft(brief_from_data({"kind": kind, "topic": ["安全生产"], "sections": sections}), seed=seed)
    assert shape(d.text) == expected(sections)
    assert errors(d.text) == []


# --- bad briefs and templates -------------------------------------------------------------------

@pytest.mark.parametrize("text,message,line", [
    ("meeting: 会议\n", "缺少字段 kind", None),
    ("kind: 讲话提纲\n", "未知的文种", None),
    ("kind: 通知\ntopic: {a: 1}\n", "字段 topic", 2),
    ("kind: 通知\ndate: 三月五日\n", "日期应写作", 2),
    ("kind: 通知\ndate: 2026年2月30日\n", "没有这一天", 2),
    ("kind: 通知\nlength: 10\n", "篇幅", 2),
    ("kind: 通知\nminutes: 500\n", "讲话时长", 2),
    ("kind: 通知\nsections: 一二三\n", "字段 sections", 2),
    ("kind: 通知\nsections:\n  - points: [a]\n", "缺少 heading", 3),
    ("kind: 通知\nspeech: x\n", "不认识这个字段", 2),
    ("kind: 通知\nsections: [\n", "不是有效的 YAML", 3),
])
def test_bad_briefs(tmp_path, text, message, line):
    path = tmp_path / "brief.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DrafterError) as err:
        load_brief(str(path))
    assert message in err.value.message
    assert err.value.path == str(path)
    if line:
        assert err.value.line == line


def test_cli_bad_brief_is_one_line_and_exit_2(tmp_path):
    path = tmp_path / "brief.yaml"
    path.write_text("kind: 通知\nsections: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["draft", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.startswith(f"drafter: 错误：{path}:")


def test_broken_user_template_names_file_and_line(tmp_path):
    (tmp_path / "notice.j2").write_text("{{ title }}\n{% for x in items %}\n{{ x.heading }\n", encoding="utf-8")
    with pytest.raises(DrafterError) as err:
        draft(brief_from_data({"kind": "通知"}), seed=1, template_dir=str(tmp_path))
    assert "模板语法错误" in err.value.message and err.value.line == 3


def test_template_with_a_missing_field(tmp_path):
    (tmp_path / "notice.j2").write_text("{{ title }}\n{{ no_such_field }}\n", encoding="utf-8")
    with pytest.raises(DrafterError) as err:
        draft(brief_from_data({"kind": "通知"}), seed=1, template_dir=str(tmp_path))
    assert "no_such_field" in err.value.message and err.value.line == 2


def test_sandbox_refuses_unsafe_templates(tmp_path):
    (tmp_path / "notice.j2").write_text("{{ title.__class__.__mro__ }}\n", encoding="utf-8")
    with pytest.raises(DrafterError, match="模板"):
        draft(brief_from_data({"kind": "通知"}), seed=1, template_dir=str(tmp_path))


def test_cli_draft_writes_text_and_reports_time(tmp_path):
    out = tmp_path / "初稿.txt"
    result = CliRunner().invoke(main, ["draft", str(REPO / "examples" / "brief.yaml"), "--seed", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert re.search(r"共 \d+ 字（计划 3500–4500 字），按每分钟 200 字约需 [\d.]+ 分钟；已写入", result.stderr)
    assert shape(out.read_text(encoding="utf-8")) == expected(yaml.safe_load(
        (REPO / "examples" / "brief.yaml").read_text(encoding="utf-8"))["sections"])


def test_cli_markdown_output(tmp_path):
    out = tmp_path / "初稿.md"
    CliRunner().invoke(main, ["draft", str(REPO / "examples" / "brief.yaml"), "--seed", "1", "-o", str(out)])
    assert out.read_text(encoding="utf-8").startswith("# 在全县安全生产工作会议上的讲话\n\n同志们")


def test_new_asks_and_writes_a_valid_brief(tmp_path):
    out = tmp_path / "brief.yaml"
    answers = "\n".join(["通知", "", "桐溪县人民政府办公室", "桐溪县", "2026-03-05", "安全生产、应急管理",
                         "部署安全生产检查", "各乡镇人民政府", "", "总体要求；重点任务"]) + "\n"
    result = CliRunner().invoke(main, ["new", str(out)], input=answers)
    assert result.exit_code == 0, result.output
    brief = load_brief(str(out))
    assert (brief.kind, brief.org, brief.topic) == ("通知", "桐溪县人民政府办公室", ["安全生产", "应急管理"])
    assert [s.heading for s in brief.sections] == ["总体要求", "重点任务"]
    d = draft(brief, seed=1)
    assert shape(d.text) == [(1, "总体要求"), (1, "重点任务")]


def test_new_re_asks_a_wrong_answer_and_keeps_the_rest(tmp_path):
    out = tmp_path / "brief.yaml"
    answers = "\n".join(["讲话", "1", "全县安全生产工作会议", "张三", "中共桐溪县委", "桐溪县", "2026年3月5日",
                         "安全生产", "全县副科级以上干部", "二十", "20", "统一思想；狠抓落实"]) + "\n"
    result = CliRunner().invoke(main, ["new", str(out)], input=answers)
    assert result.exit_code == 0, result.output
    assert "您是不是要：动员部署会讲话" in result.stderr and "请输入分钟数" in result.stderr
    brief = load_brief(str(out))
    assert (brief.kind, brief.meeting, brief.minutes) == ("动员部署会讲话", "全县安全生产工作会议", 20)
    assert str(brief.date) == "2026-03-05" and brief.purpose is None, "a speech is not asked for a 发文目的"


def test_new_interrupted_says_so_in_chinese(tmp_path):
    result = CliRunner().invoke(main, ["new", str(tmp_path / "b.yaml")], input="通知\n")
    assert result.exit_code == 130 and "已取消" in result.stderr and "kind: 通知" in result.stderr
    assert not (tmp_path / "b.yaml").exists()


@pytest.mark.parametrize("text,message", [
    ("kind: 通知\nsections: [" + ", ".join(["甲"] * 1000) + "]\n", "部分太多"),
    ("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 10) + "]\n" for k in range(1, 10)) + "kind: 通知\n", "拒绝读取"),
])
def test_hostile_briefs_are_refused_in_one_line(tmp_path, text, message):
    path = tmp_path / "brief.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DrafterError, match=message):
        load_brief(str(path))


def test_a_folder_as_brief_is_a_clear_error(tmp_path):
    with pytest.raises(DrafterError):
        load_brief(str(tmp_path))
