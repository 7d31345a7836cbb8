"""Fuzz suite, command line (issue 16): hostile inputs through the commands a writer runs.
Exit status 0, 1 or 2 and nothing else; status 2 comes with a "drafter: 错误：" line; no
traceback; nothing is written but the output asked for (and, with --in-place, the fixed file
and its backup); no example takes long. The nasty corpus in tests/nasty runs through every
command as a fixed regression set."""

from __future__ import annotations

import hashlib
import os
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO
from fuzz_strategies import damaged_docx, damaged_text, hostile_profile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import main

pytestmark = [pytest.mark.fuzz, pytest.mark.timeout(300)]
EXAMPLES = int(os.environ.get("DRAFTER_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=timedelta(seconds=30),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
NASTY = REPO / "tests" / "nasty"
SEED = ("关于做好安全生产工作的通知\n各乡镇：\n一、总体要求\n（一）指导思想\n1.坚持人民至上。\n特此通知。\n"
        "桐溪县人民政府\n2026年3月5日\n")

# (arguments, the output it may write); {in} is the hostile file, {out} the requested output
DOCUMENT_COMMANDS = [
    (["outline", "{in}"], None), (["outline", "{in}", "-f", "yaml", "-o", "{out}.yaml"], "{out}.yaml"),
    (["check", "{in}", "-f", "json"], None),
    (["check", "{in}", "--fix", "-o", "{out}{suffix}"], "{out}{suffix}"),
    (["check", "{in}", "--fix", "--in-place"], "in-place"), (["export", "{in}", "-o", "{out}.docx"], "{out}.docx"),
    (["format", "{in}", "-o", "{out}.docx", "--fix"], "{out}.docx"),
]


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


def run_and_judge(folder: Path, args: list[str], allowed: set[str], inputs: set[str]) -> None:
    before = snapshot(folder)
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert any(line.startswith("drafter: 错误：") for line in result.stderr.splitlines()), (args, result.stderr)
    after = snapshot(folder)
    changed = {name for name in set(before) | set(after) if before.get(name) != after.get(name)}
    in_place = "--in-place" in args
    for name in changed:
        if in_place and (name in inputs or name.startswith(tuple(f"{i}.bak" for i in inputs))):
            continue
        assert name in allowed, (args, name, "written outside the requested output")
    if in_place:
        for name in inputs:
            backups = sorted(n for n in after if n.startswith(f"{name}.bak") and n not in before)
            if name in changed:
                assert backups and after[backups[0]] == before[name], "the original is kept as a backup"
    leftovers = [n for n in after if n.startswith(".drafter-")]
    assert not leftovers, leftovers


@FUZZ
@given(data=st.one_of(damaged_text().map(lambda d: (d, ".txt")), damaged_docx().map(lambda d: (d, ".docx"))),
       command=st.sampled_from(DOCUMENT_COMMANDS))
def test_hostile_documents_through_the_commands(tmp_path_factory, data, command):
    payload, suffix = data
    folder = tmp_path_factory.mktemp("cli")
    source = folder / f"稿{suffix}"
    source.write_bytes(payload)
    args, output = command
    fill = {"in": str(source), "out": str(folder / "输出"), "suffix": suffix}
    allowed = {Path(output.format(**fill)).name} if output and output != "in-place" else set()
    run_and_judge(folder, [a.format(**fill) for a in args], allowed, {source.name})


@FUZZ
@given(profile=hostile_profile(), fonts=st.booleans())
def test_hostile_profiles_through_export(tmp_path_factory, profile, fonts):
    folder = tmp_path_factory.mktemp("profile")
    (folder / "稿.txt").write_text(SEED, encoding="utf-8")
    (folder / "版式.toml").write_bytes(profile)
    option = "--fonts" if fonts else "--profile"
    run_and_judge(folder, ["export", str(folder / "稿.txt"), "-o", str(folder / "输出.docx"), option,
                           str(folder / "版式.toml")], {"输出.docx"}, {"稿.txt", "版式.toml"})


NASTY_FILES = sorted(p for p in NASTY.iterdir() if p.suffix in (".txt", ".docx"))


@pytest.mark.parametrize("path", NASTY_FILES, ids=lambda p: p.name)
def test_nasty_corpus_through_every_command(tmp_path, path):
    source = tmp_path / path.name
    source.write_bytes(path.read_bytes())
    for args, output in DOCUMENT_COMMANDS:
        fill = {"in": str(source), "out": str(tmp_path / "输出"), "suffix": path.suffix}
        allowed = {Path(output.format(**fill)).name} if output and output != "in-place" else set()
        run_and_judge(tmp_path, [a.format(**fill) for a in args], allowed, {source.name})


@pytest.mark.parametrize("path", sorted(NASTY.glob("*.yaml")), ids=lambda p: p.name)
def test_nasty_yaml_as_skeleton_and_bank(tmp_path, path):
    source = tmp_path / path.name
    source.write_bytes(path.read_bytes())
    for args in (["draft", "--like", str(source), "--topic", "安全生产", "--seed", "1", "-o", str(tmp_path / "稿.txt")],
                 ["phrases", "search", "安全", "--bank", str(source)]):
        run_and_judge(tmp_path, args, {"稿.txt"}, {source.name})
