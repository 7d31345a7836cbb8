"""Issue 16, outputs: nothing lost. --in-place keeps every backup, follows links, keeps hard
links, permissions and the exact encoding; -o never names a device, a folder or an input; a
short write fails; temporary files do not outlive the process."""

import os
import re
import stat
import subprocess
import sys
import textwrap
import time

import pytest
from click.testing import CliRunner
from conftest import REPO

from cli import main
from drafter.model import DrafterError
from drafter.write import atomic_write, make_backup

NASTY = REPO / "tests" / "nasty"
WRONG = "标题\n一、甲\n三、乙\n"
RIGHT = "标题\n一、甲\n二、乙\n"


def fix(*args):
    return CliRunner().invoke(main, ["check", *map(str, args), "--fix"])


def test_backups_are_never_overwritten(tmp_path):
    src = tmp_path / "讲话.txt"
    (tmp_path / "讲话.txt.bak").write_text("我自己的备份", encoding="utf-8")
    src.write_text(WRONG, encoding="utf-8")
    assert fix(src, "--in-place").exit_code == 0
    src.write_text(WRONG.replace("甲", "丙"), encoding="utf-8")
    assert fix(src, "--in-place").exit_code == 0
    assert (tmp_path / "讲话.txt.bak").read_text(encoding="utf-8") == "我自己的备份"
    assert (tmp_path / "讲话.txt.bak.1").read_text(encoding="utf-8") == WRONG
    assert (tmp_path / "讲话.txt.bak.2").read_text(encoding="utf-8") == WRONG.replace("甲", "丙")


def test_nothing_to_fix_writes_nothing(tmp_path):
    src = tmp_path / "讲话.txt"
    src.write_text(RIGHT, encoding="utf-8")
    before = src.stat().st_mtime_ns
    result = fix(src, "--in-place")
    assert result.exit_code == 0 and "文件未改动" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["讲话.txt"] and src.stat().st_mtime_ns == before


def test_symlink_target_is_fixed_and_the_link_kept(tmp_path):
    target = tmp_path / "真.txt"
    target.write_text(WRONG, encoding="utf-8")
    link = tmp_path / "链接.txt"
    link.symlink_to(target.name)
    assert fix(link, "--in-place").exit_code == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8") == RIGHT
    assert (tmp_path / "真.txt.bak").read_text(encoding="utf-8") == WRONG


def test_hard_links_keep_sharing_the_fixed_file(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(WRONG, encoding="utf-8")
    os.link(a, b)
    assert fix(a, "--in-place").exit_code == 0
    assert b.read_text(encoding="utf-8") == RIGHT and os.path.samefile(a, b)


def test_backup_has_the_originals_permissions_from_the_start(tmp_path):
    src = tmp_path / "密.txt"
    src.write_text(WRONG, encoding="utf-8")
    src.chmod(0o600)
    old = os.umask(0o000)  # a permissive umask must not widen the backup even for a moment
    try:
        backup = make_backup(str(src))
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(backup).st_mode) == 0o600
    assert fix(src, "--in-place").exit_code == 0
    assert stat.S_IMODE(src.stat().st_mode) == 0o600


@pytest.mark.parametrize("name", ["utf16be-bom.txt", "utf16le-nobom.txt", "utf16be-nobom.txt", "gb18030.txt", "crlf-mixed.txt"])
def test_fix_keeps_encoding_bom_byte_order_and_line_ends(tmp_path, name):
    from drafter.reader import decode_text, encode_text

    data = (NASTY / name).read_bytes()
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / f"out-{name}"
    assert fix(src, "-o", out).exit_code == 0
    text, encoding = decode_text(data, name)
    new_text, new_encoding = decode_text(out.read_bytes(), name)
    assert new_encoding == encoding and "二、" in new_text
    assert len(out.read_bytes()) == len(data)
    assert re.findall(r"\r\n|\r|\n", new_text) == re.findall(r"\r\n|\r|\n", text), "line ends kept"
    assert re.sub("[一二三四]", "", new_text) == re.sub("[一二三四]", "", text), "only the markers' numerals change"
    assert encode_text(new_text, new_encoding) == out.read_bytes()


def test_fix_is_idempotent_in_one_run(tmp_path):
    src = tmp_path / "c.txt"
    src.write_bytes((NASTY / "circled.txt").read_bytes())
    out = tmp_path / "out.txt"
    assert fix(src, "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").splitlines()[1:] == ["（1）提高认识", "（2）压实责任", "（3）狠抓落实"]
    again = CliRunner().invoke(main, ["check", str(out), "-f", "json"])
    assert '"fix": null' in again.stdout or '"findings": []' in again.stdout


@pytest.mark.parametrize("output", ["/dev/null", "/dev/full", "/dev/stdout", "/proc/self/fd/1"])
def test_devices_are_never_outputs(tmp_path, output):
    src = tmp_path / "a.txt"
    src.write_text(WRONG, encoding="utf-8")
    for args in (["check", str(src), "--fix", "-o", output], ["check", str(src), "-o", output],
                 ["outline", str(src), "-o", output]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2 and "不能写入设备" in result.stderr, args
    assert os.path.exists("/dev/null") and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_folder_is_no_output_file(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(WRONG, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(src), "--fix", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "文件夹" in result.stderr


def test_draft_never_writes_over_its_bank_or_skeleton(tmp_path):
    bank = tmp_path / "bank.yaml"
    bank.write_bytes((REPO / "banks" / "corpora.yaml").read_bytes())
    skeleton = tmp_path / "like.yaml"
    skeleton.write_bytes((REPO / "outlines" / "002_7859ca84861aaa05.yaml").read_bytes())
    for target in (bank, skeleton):
        copy = tmp_path / "same.md"
        os.link(target, copy)  # the same file under an allowed output name
        before = target.read_bytes()
        result = CliRunner().invoke(main, ["draft", "--like", str(skeleton), "--topic", "安全生产", "--bank", str(bank),
                                           "--seed", "1", "-o", str(copy)])
        assert result.exit_code == 2 and "拒绝覆盖" in result.stderr
        assert target.read_bytes() == before
        copy.unlink()


def test_outline_folder_output_names_never_collide(tmp_path):
    src = tmp_path / "in"
    for rel in ("a.txt", "p/q/s.txt", "r/q/s.txt"):
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(f"标题{rel}\n一、甲\n", encoding="utf-8")
    (src / "a.docx").write_bytes((NASTY / "ok.docx").read_bytes())
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["outline", str(src), "-f", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 4 and len({n.lower() for n in names}) == 4, names
    texts = {p.read_text(encoding="utf-8") for p in out.iterdir()}
    assert len(texts) == 4, "every input has its own result"


def test_short_write_fails_and_leaves_nothing(tmp_path):
    """A file size limit makes the disk 'full' after 4 KB: the write fails with one line, the
    old output stays, and no temporary file is left."""
    target = tmp_path / "out.txt"
    target.write_text("旧内容", encoding="utf-8")
    script = textwrap.dedent(f"""
        import resource, signal, sys
        sys.path.insert(0, {str(REPO)!r})
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        from drafter.write import atomic_write
        from drafter.model import DrafterError
        try:
            atomic_write({str(target)!r}, "字" * 100000)
        except DrafterError as exc:
            print(exc)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert "无法写入" in out.stdout, out.stderr
    assert target.read_text(encoding="utf-8") == "旧内容"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_sigterm_removes_the_temporary_file(tmp_path):
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(REPO)!r})
        from drafter import write
        write.install_signal_cleanup()
        tmp = write._temporary({str(tmp_path)!r}, "out.docx")
        open(tmp, "wb").write(b"half")
        os.kill(os.getpid(), signal.SIGTERM)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 128 + 15, out.stderr
    assert list(tmp_path.iterdir()) == []


def test_leftovers_of_a_killed_process_are_swept(tmp_path):
    """kill -9 leaves a temporary file; the next write into that folder removes it (its
    process is gone and it is over a minute old) and keeps those of live processes."""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".drafter-{dead.stdout.strip()}-0000-out.docx.tmp"
    live = tmp_path / f".drafter-{os.getppid()}-0000-out.docx.tmp"
    for path in (stale, live):
        path.write_bytes(b"x" * 1000)
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    atomic_write(str(tmp_path / "new.txt"), "内容")
    assert not stale.exists() and live.exists()


def test_output_that_is_an_input_is_refused_before_any_work(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(WRONG, encoding="utf-8")
    with pytest.raises(DrafterError, match="拒绝覆盖"):
        atomic_write(str(src), "x", protect=(str(src),))
    assert src.read_text(encoding="utf-8") == WRONG
