"""Legacy Word (.doc) and WPS (.wps) files, read by converting them to .docx with LibreOffice.

When ``soffice`` (LibreOffice) is installed, the file is converted in a private temporary folder
(its own LibreOffice profile, so that a LibreOffice the user has open is not disturbed), with a
time limit, and the .docx it makes is read as any .docx: line N is paragraph N of that .docx,
which LibreOffice writes one for one from the paragraphs of the original, empty ones and table
cells included, Word's list numbering kept. Without LibreOffice the reader says how to convert.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .model import DrafterError, RawDocument

LEGACY_SUFFIXES = (".doc", ".wps", ".dot", ".wpt")
TIMEOUT = 120  # seconds for one conversion; a normal document takes a few
_NO_SOFFICE = "这是旧版 Word（.doc）或 WPS（.wps）文件，未安装 LibreOffice，无法读取；请在 Word/WPS 中另存为 .docx"


def soffice() -> str | None:
    """The LibreOffice program, when one is installed (``DRAFTER_SOFFICE`` names another)."""
    return os.environ.get("DRAFTER_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def is_legacy(source: str) -> bool:
    """Is ``source`` named as a legacy Word or WPS file?"""
    return source.lower().endswith(LEGACY_SUFFIXES)


def read_legacy(data: bytes, source: str, timeout: float = TIMEOUT) -> RawDocument:
    """The paragraphs of a .doc/.wps given as bytes, through a .docx made by LibreOffice."""
    from .docx_reader import read_docx

    raw = read_docx(convert_to_docx(data, source, timeout), source)
    raw.kind = "docx"
    return raw


def convert_to_docx(data: bytes, source: str, timeout: float = TIMEOUT) -> bytes:
    """The .docx that LibreOffice makes of a .doc/.wps; a one-line :class:`DrafterError` when
    LibreOffice is missing, fails or takes longer than ``timeout`` seconds."""
    program = soffice()
    if program is None:
        raise DrafterError(_NO_SOFFICE, source)
    suffix = os.path.splitext(source.lower())[1] if is_legacy(source) else ".doc"
    with tempfile.TemporaryDirectory(prefix="drafter-soffice-") as folder:  # mode 0700
        work = Path(folder)
        original = work / f"document{suffix}"
        original.write_bytes(data)
        command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--invisible",
                   "--norestore", "--nolockcheck", "--nodefault", "--nologo",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work / "out"), str(original)]
        _run(command, folder, timeout, source)
        converted = work / "out" / "document.docx"
        if not converted.is_file() or converted.stat().st_size == 0:
            raise DrafterError(f"LibreOffice 无法转换这个{suffix}文件（可能已加密或损坏）；请在 Word/WPS 中另存为 .docx",
                               source)
        return converted.read_bytes()


def _run(command: list[str], folder: str, timeout: float, source: str) -> None:
    """Run LibreOffice in a session of its own, so that on timeout the whole group is killed."""
    env = {**os.environ, "HOME": folder, "TMPDIR": folder}
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, cwd=folder, env=env, start_new_session=True)
    except OSError as exc:
        raise DrafterError(f"无法启动 LibreOffice（{exc.strerror}）", source) from None
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise DrafterError(f"LibreOffice 转换超时（{timeout:g} 秒）；请在 Word/WPS 中另存为 .docx", source) from None
    finally:
        if process.poll() is None:
            _kill_group(process)


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()
