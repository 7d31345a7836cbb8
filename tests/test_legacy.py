"""Legacy .doc and .wps files, read through LibreOffice: a real .doc made by LibreOffice from a
notice with Word list numbering, the time limit, and the messages when it cannot be done."""

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from helpers import docx_with_word_numbering, flat

from drafter import legacy
from drafter.fix import fix_bytes
from drafter.model import DrafterError
from drafter.outline import outline_path
from drafter.reader import read_path

SOFFICE = legacy.soffice()
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")

NOTICE = [  # the 一、（一） markers typed, the 1. 2. labels drawn by Word's list numbering
    (None, "关于开展2024年安全生产月活动的通知"),
    (None, "各乡镇人民政府，县直各单位："),
    (None, "现将有关事项通知如下。"),
    (None, "一、活动主题"),
    (None, "人人讲安全、个个会应急。"),
    (None, "二、主要活动"),
    (None, "（一）开展隐患排查"),
    (2, "企业自查"),
    (2, "部门抽查"),
    (None, "（二）开展应急演练"),
    (None, "清河县安全生产委员会办公室"),
]


@pytest.fixture(scope="module")
def legacy_doc(tmp_path_factory):
    """A .doc written by LibreOffice from a .docx whose 1. 2. labels are Word numbering."""
    folder = tmp_path_factory.mktemp("legacy")
    source = docx_with_word_numbering(folder / "notice.docx", NOTICE)
    profile = (folder / "profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc",
                    "--outdir", str(folder / "doc"), str(source)], check=True, timeout=180,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    doc = folder / "doc" / "notice.doc"
    assert doc.read_bytes().startswith(b"\xd0\xcf\x11\xe0")
    return doc


@pytest.mark.slow
@needs_soffice
def test_doc_is_read_with_its_numbering(legacy_doc):
    raw = read_path(str(legacy_doc))
    texts = [line.strip() for line in raw.lines if line.strip()]
    assert texts[:3] == ["关于开展2024年安全生产月活动的通知", "各乡镇人民政府，县直各单位：", "现将有关事项通知如下。"]
    assert "一、活动主题" in texts and "（一）开展隐患排查" in texts and "2.部门抽查" in texts
    o = outline_path(str(legacy_doc))
    assert o.title.text == "关于开展2024年安全生产月活动的通知"
    assert [(n[0], n[1], n[4]) for n in flat(o)] == [  # line N is paragraph N, as in the original
        (4, 1, "一、"), (6, 1, "二、"), (7, 2, "（一）"), (8, 3, "1."), (9, 3, "2."), (10, 2, "（二）")]


@pytest.mark.slow
@needs_soffice
def test_wps_saved_in_word_format_is_read(legacy_doc, tmp_path):
    wps = tmp_path / "通知.wps"
    shutil.copy(legacy_doc, wps)
    assert [n[4] for n in flat(outline_path(str(wps)))] == ["一、", "二、", "（一）", "1.", "2.", "（二）"]


@pytest.mark.slow
@needs_soffice
def test_a_file_libreoffice_cannot_convert(tmp_path):
    broken = tmp_path / "坏文件.doc"
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(DrafterError, match="无法转换") as err:
        read_path(str(broken))
    assert err.value.path == str(broken)


def test_time_limit_ends_the_conversion_and_its_children(tmp_path, monkeypatch):
    marker = tmp_path / "still-running"
    slow = tmp_path / "slow-soffice"
    slow.write_text(f"#!/bin/sh\nsleep 31.7 && touch {marker} &\nwait\n", encoding="utf-8")
    slow.chmod(0o755)
    monkeypatch.setenv("DRAFTER_SOFFICE", str(slow))
    started = time.monotonic()
    with pytest.raises(DrafterError, match="超时"):
        legacy.read_legacy(b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "慢.doc", timeout=1)
    assert time.monotonic() - started < 10
    deadline = time.monotonic() + 5  # SIGKILL is delivered asynchronously: give the kernel a moment
    while (_running(str(slow)) or _running("sleep 31.7")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(str(slow)) and not _running("sleep 31.7"), "the converter's process group must be gone"


def _running(command: str) -> list[str]:
    """Processes whose command line mentions ``command`` (read from /proc)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        if cmdline.parent.name == str(os.getpid()):
            continue
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if command in text:
            found.append(text)
    return found


def test_without_libreoffice_the_message_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.delenv("DRAFTER_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    path = tmp_path / "旧文件.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(DrafterError, match="未安装 LibreOffice") as err:
        read_path(str(path))
    assert ".docx" in err.value.message


def test_an_encrypted_docx_is_not_sent_to_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTER_SOFFICE", os.devnull)  # would fail loudly if it were run
    path = tmp_path / "加密.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(DrafterError, match="加密"):
        read_path(str(path))


def test_fix_refuses_a_legacy_file():
    with pytest.raises(DrafterError, match=r"另存为 \.docx"):
        fix_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "通知.doc", [])
