"""The rule registry: every rule in data/rules.toml is sound, has a detector, and its own wrong and
right examples behave as the table says (the examples are the rule's tests)."""

import pytest

from drafter import rules as registry
from drafter.check import check
from drafter.pipeline import load_text

RULES = registry.rules()


def found_codes(text):
    loaded = load_text(text, "example.txt")
    return {f.code for f in check(loaded.document, loaded.outline).findings}


@pytest.mark.parametrize("code", sorted(RULES))
def test_wrong_examples_give_exactly_their_code(code):
    for example in RULES[code].wrong:
        assert found_codes(example) - RULES[code].also == {code}, example


@pytest.mark.parametrize("code", sorted(RULES))
def test_right_examples_give_no_finding_of_their_code(code):
    for example in RULES[code].right:
        assert code not in found_codes(example), example


def test_every_code_has_a_detector_and_every_detector_a_rule():
    assert registry.unregistered() == (set(), set())


def test_fixable_set_is_what_fix_repairs():
    fixable = registry.fixable_codes()
    assert fixable == {code for code, rule in RULES.items() if rule.fixable}
    for code in fixable:  # a fixable rule's wrong example gets an edit from the checker
        loaded = load_text(RULES[code].wrong[0])
        result = check(loaded.document, loaded.outline)
        assert any(code in e.codes for e in result.edits), code


def test_messages_fill_their_fields():
    rule = RULES["N301"]
    message = rule.format("skipped", marker="1.", previous="一、", expected="（一）")
    assert message == "跳过了层级：“一、”之下直接使用“1.”，中间缺少“（一）”一级"


@pytest.mark.parametrize("entry, problem", [
    ({"mesage": "x"}, "unknown keys"),
    ({"message": "“{makrer}”"}, "unknown fields"),
    ({"severity": "fatal"}, "severity"),
    ({"wrong": []}, "wrong"),
    ({"fixable": "yes"}, "fixable"),
])
def test_a_broken_rule_entry_is_refused(entry, problem):
    good = {"code": "Z999", "severity": "error", "title": "t", "message": "“{marker}”",
            "wrong": ["标题\n一、甲"], "right": ["标题\n一、甲"], "fixable": False}
    broken = {**good, **entry}
    if "mesage" in entry:
        del broken["message"]
    with pytest.raises(registry.RuleError, match=problem):
        registry._rule(broken)


def test_severities_follow_the_rule_of_doubt():
    warnings = {c for c, r in RULES.items() if r.severity == "warning"}
    assert warnings >= {"N301", "N303", "N401", "P002"}
    assert {"N101", "N102", "N201", "P001"} <= {c for c, r in RULES.items() if r.severity == "error"}


def test_readme_rule_table_is_made_from_the_data():
    from conftest import REPO

    from drafter.report import rules_markdown

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- rules:start")
    table = readme[readme.index("\n", start) + 1:readme.index("<!-- rules:end -->")]
    assert table == rules_markdown()
