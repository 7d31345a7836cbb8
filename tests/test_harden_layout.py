"""Issue 16, layout profiles and the title breaker: every hostile profile is one line naming the
file, the line and the key; a title of any length breaks in bounded time, as balanced as the
brute-force search over all splits would make it."""

import itertools

import pytest
from click.testing import CliRunner
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from cli import main
from drafter.layout import load_profile
from drafter.model import DrafterError
from drafter.titlebreak import _best_bounds, _cost, break_title

NASTY = REPO / "tests" / "nasty"

PROFILES = {
    "profile-negative.toml": ("2", "top_mm = -5：应在 0 到 300 之间"),
    "profile-nan.toml": ("2", "应为有限的数字"),
    "profile-inf.toml": ("2", "应为有限的数字"),
    "profile-zero-chars.toml": ("2", "chars_per_line = 0：应在 1 到 200 之间"),
    "profile-zero-size.toml": ("2", "title = 0"),
    "profile-font-number.toml": ("2", "应为文字"),
    "profile-huge.toml": ("2", "应在 50 到 600 之间"),
    "profile-margins.toml": (None, "页边距超出了页面"),
    "profile-deep.toml": (None, "嵌套过深"),
    "profile-binary.toml": (None, "不是文本文件"),
    "profile-unknown.toml": ("2", "不认识的设置：top_margin"),
    "profile-grid.toml": ("2", "应为 lines、linesAndChars 之一"),
    "profile-bool.toml": ("2", "应为数字"),
    "profile-section-value.toml": (None, "应为一节 [page]"),
    "profile-font-long.toml": ("2", "字体名应为 1 到 31 个字符"),
}


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_hostile_profile_is_one_line_with_file_and_line(name):
    line, message = PROFILES[name]
    with pytest.raises(DrafterError) as err:
        load_profile(str(NASTY / name))
    assert message in err.value.message and err.value.path == str(NASTY / name)
    assert str(err.value).startswith(f"{NASTY / name}:{line}:" if line else f"{NASTY / name}:")


def test_utf16_profile_is_read_and_a_folder_refused(tmp_path):
    assert load_profile(str(NASTY / "profile-utf16.toml")).page["top_mm"] == 30
    with pytest.raises(DrafterError, match="文件夹"):
        load_profile(str(tmp_path))
    with pytest.raises(DrafterError, match="文件夹"):
        load_profile(None, str(tmp_path))


def test_export_with_a_hostile_profile_writes_nothing(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("标题\n一、甲\n", encoding="utf-8")
    for name in PROFILES:
        result = CliRunner().invoke(main, ["export", str(src), "-o", str(tmp_path / "a.docx"), "--profile", str(NASTY / name)])
        assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def _brute(length: int, cuts: list[int], n: int, max_chars: int) -> list[int] | None:
    """The reference: every combination of n-1 cuts, the first of least cost (the old breaker)."""
    best = None
    for combo in itertools.combinations(cuts, n - 1):
        bounds = [0, *combo, length]
        lengths = [b - a for a, b in zip(bounds, bounds[1:])]
        if max(lengths) <= max_chars and (best is None or _cost(lengths) < best[0]):
            best = (_cost(lengths), bounds)
    return best[1] if best else None


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=8, max_value=24).flatmap(lambda width: st.tuples(
    st.just(width), st.integers(min_value=width + 1, max_value=5 * width),
    st.lists(st.integers(min_value=1, max_value=5 * width), max_size=60))))
def test_dynamic_programming_finds_what_brute_force_finds(case):
    width, length, raw_cuts = case
    cuts = sorted({c for c in raw_cuts if c < length})
    n = -(-length // width)
    assert _best_bounds(length, cuts, n, width) == _brute(length, cuts, n, width)


@pytest.mark.timeout(60)
def test_long_titles_break_in_bounded_time():
    words = "关于进一步加强和改进新时代全县机关党的建设工作推动机关党建高质量发展的实施意见"
    for length in (121, 148, 400, 5000):
        title = (words * 200)[:length]
        lines = break_title(title, 20)
        assert "".join(lines) == title and max(map(len, lines)) <= 20
