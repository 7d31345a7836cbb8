"""Fuzz suite, library level (issue 16): damaged text, damaged .docx packages and hostile
profiles through every stage — read, clean, outline, check, fix, export. Every input either
works or gives one DrafterError naming its file in one line; nothing else may escape, and no
example may take long (a hang guard; performance targets live in bench/)."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from fuzz_strategies import damaged_docx, damaged_text, docx_package, hostile_profile
from hypothesis import HealthCheck, given, settings

from drafter.check import check, select
from drafter.export import export_raw
from drafter.fix import MAX_PASSES, fix_bytes, fix_data
from drafter.layout import load_profile
from drafter.model import DrafterError
from drafter.pipeline import from_raw
from drafter.reader import decode_text, read_bytes

pytestmark = [pytest.mark.fuzz, pytest.mark.timeout(300)]
EXAMPLES = int(os.environ.get("DRAFTER_FUZZ_EXAMPLES", "120"))  # more for a deep local run
FUZZ = settings(max_examples=EXAMPLES, deadline=timedelta(seconds=20), suppress_health_check=[HealthCheck.too_slow])


def one_line(err: DrafterError, source: str) -> None:
    assert err.path == source and err.message and "\n" not in str(err), repr(err)


def through_every_stage(data: bytes, source: str) -> None:
    """Read, check, fix and export ``data``; a DrafterError is the only failure allowed."""
    try:
        raw = read_bytes(data, source)
    except DrafterError as err:
        return one_line(err, source)
    loaded = from_raw(raw)
    result = check(loaded.document, loaded.outline)
    try:
        fixed = fix_bytes(data, source, result.edits)
    except DrafterError as err:
        one_line(err, source)
    else:
        assert fixed.applied + fixed.skipped == len(result.edits)
        if fixed.applied:
            again = read_bytes(fixed.data, source)
            assert len(again.lines) == len(raw.lines), "a fix never adds or removes a line"
            if raw.kind == "txt":
                assert decode_text(fixed.data, source)[1] == raw.encoding, "the encoding is kept"
    notes: list[str] = []
    try:
        package = export_raw(raw, load_profile(), notes=notes)
    except DrafterError as err:
        return one_line(err, source)
    assert package.startswith(b"PK\x03\x04")
    assert all(note.startswith(f"drafter: 警告：{source}:") for note in notes)


@FUZZ
@given(damaged_text())
def test_damaged_text_through_every_stage(data):
    through_every_stage(data, "稿.txt")


@FUZZ
@given(damaged_docx())
def test_damaged_docx_through_every_stage(data):
    through_every_stage(data, "稿.docx")


@FUZZ
@given(docx_package())
def test_word_features_fix_only_visible_typed_text(data):
    """On well-formed packages: the fix leaves hidden runs, deleted text and field results
    exactly as they were, and one run of --fix leaves nothing fixable (or stops after
    MAX_PASSES on a document whose fixes keep moving)."""
    from lxml import etree

    from drafter.docx_reader import W

    try:
        read_bytes(data, "稿.docx")
    except DrafterError as err:
        return one_line(err, "稿.docx")
    fixed, result = fix_data(data, "稿.docx", lambda r: select(r, None, None))

    def untouchable(package: bytes) -> list[str]:
        import io
        import zipfile

        root = etree.fromstring(zipfile.ZipFile(io.BytesIO(package)).read("word/document.xml"))
        ns = {"w": W}
        return [etree.tostring(el) for el in root.xpath(
            "//w:r[w:rPr/w:vanish[not(@w:val) or not(@w:val='0' or @w:val='false' or @w:val='off')]]"
            " | //w:del | //w:fldSimple | //w:instrText", namespaces=ns)]

    assert untouchable(fixed.data) == untouchable(data)
    assert not result.edits or fixed.applied >= MAX_PASSES or fixed.skipped, "fixable findings left after --fix"


@FUZZ
@given(hostile_profile())
def test_hostile_profiles_are_refused_or_lay_out(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("profile") / "本单位.toml"
    path.write_bytes(data)
    try:
        profile = load_profile(str(path))
    except DrafterError as err:
        return one_line(err, str(path))
    raw = read_bytes("关于做好安全生产工作进一步加强全县隐患排查整治的通知\n各乡镇：\n一、总体要求\n（一）指导思想\n"
                     "1.坚持人民至上。\n特此通知。\n桐溪县人民政府\n2026年3月5日\n".encode(), "稿.txt")
    assert export_raw(raw, profile).startswith(b"PK\x03\x04")
