"""Read a speech or document from a path or standard input into numbered lines.

:func:`read_input` is the one guarded entry for every file drafter reads (documents, briefs,
banks, skeletons, layout profiles): regular files only (no directory, FIFO or device, which
could block or never end), a size cap, standard input bounded, every failure one
:class:`DrafterError` naming the file.

Text files may be UTF-8 (with or without BOM), UTF-16 (with BOM, or without one when the text
shows its byte order), GB18030/GBK or Big5. The encoding found is kept exactly (BOM and byte
order included), so that ``check --fix`` writes the file back as it came. Word files are read
by :mod:`drafter.docx_reader`, imported only when a .docx is met; legacy .doc/.wps files by
:mod:`drafter.legacy` (through LibreOffice).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys

from .model import DrafterError, RawDocument

MAX_BYTES = 100 * 1024 * 1024  # one speech is < 1 MB; refuse what cannot be a document
MAX_CONFIG_BYTES = 20 * 1024 * 1024  # briefs, banks, skeletons, layout profiles
DOCX_SUFFIXES = (".docx", ".docm", ".dotx")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, or an encrypted .docx


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def read_input(path: str, what: str = "文件", limit: int = MAX_BYTES) -> bytes:
    """The bytes of one input: a regular file no larger than ``limit``, or ``-`` for standard
    input (read up to ``limit``). ``what`` names the input in messages (文件, 版式文件 …)."""
    if path == "-":
        return _read_stdin(limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # O_NONBLOCK: opening a FIFO must not wait for a writer
    except FileNotFoundError:
        raise DrafterError(f"{what}不存在", path) from None
    except IsADirectoryError:
        raise DrafterError(f"这是一个文件夹，不是{what}", path) from None
    except PermissionError:
        raise DrafterError("没有读取权限", path) from None
    except OSError as exc:
        raise DrafterError(f"无法读取{what}（{exc.strerror or exc.__class__.__name__}）", path) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise DrafterError(f"这是一个文件夹，不是{what}", path)
        if not stat.S_ISREG(info.st_mode):
            raise DrafterError(f"不是普通文件（设备、管道或套接字），拒绝读取；请给出{what}的路径", path)
        if info.st_size > limit:
            raise DrafterError(f"{what}过大（{_mb(info.st_size)}），上限为 {_mb(limit)}", path)
        os.set_blocking(fd, True)
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise DrafterError(f"无法读取{what}（{exc.strerror or exc.__class__.__name__}）", path) from None
    finally:
        os.close(fd)
    if total > limit:
        raise DrafterError(f"{what}过大，上限为 {_mb(limit)}", path)
    return b"".join(chunks)


def _read_stdin(limit: int) -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise DrafterError("没有可读取的标准输入", "<stdin>")
    chunks, total = [], 0
    try:
        while total <= limit:
            chunk = stream.read(min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except (OSError, ValueError) as exc:
        raise DrafterError(f"无法读取标准输入（{exc.__class__.__name__}）", "<stdin>") from None
    if total > limit:
        raise DrafterError(f"标准输入超过 {_mb(limit)}，不像是一篇文稿；请给出文件", "<stdin>")
    return b"".join(chunks)


def read_config_text(path: str, what: str, limit: int = MAX_CONFIG_BYTES) -> str:
    """A small text input (brief, bank, skeleton, layout profile) through :func:`read_input`,
    decoded like a document (UTF-8, BOMs, UTF-16, GB18030), without a leading BOM."""
    data = read_input(path, what, limit)
    if not data.strip(b" \t\r\n\x00") or data in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return ""
    text, _ = decode_text(data, "<stdin>" if path == "-" else path)
    return text[1:] if text.startswith("\ufeff") else text


def read_path(path: str) -> RawDocument:
    """Read one input: a .txt/.docx path, or ``-`` for standard input."""
    data = read_input(path)
    return read_bytes(data, "<stdin>" if path == "-" else path)


def read_bytes(data: bytes, source: str) -> RawDocument:
    """Decode the bytes of a file named ``source`` (the name picks .docx handling)."""
    lower = source.lower()
    if lower.endswith(DOCX_SUFFIXES) and data.startswith(_OLE_MAGIC):
        raise DrafterError("这是加密的 Word 文件，无法读取；请在 Word/WPS 中取消密码后另存为 .docx", source)
    if data.startswith(_OLE_MAGIC) or lower.endswith((".doc", ".wps")):
        from .legacy import read_legacy  # .doc/.wps through LibreOffice, when it is installed

        return read_legacy(data, source)
    if lower.endswith(DOCX_SUFFIXES) or data.startswith(_ZIP_MAGIC):
        from . import docx_reader

        return docx_reader.read_docx(data, source)
    text, encoding = decode_text(data, source)
    return RawDocument(source, split_lines(text), "txt", encoding)


# -- encodings ----------------------------------------------------------------------------------
# An encoding label names a codec and whether a BOM comes first: "utf-8", "utf-8-sig",
# "utf-16-le+bom", "utf-16-be+bom", "utf-16-le", "utf-16-be", "gb18030", "cp950" (Big5).

_BOMS = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
_BLANK = " \t\r\n\f\v\u3000\u00a0\ufeff\u200b"
# characters frequent in Chinese prose and written alike in simplified and traditional script:
# their share tells a right decoding from mojibake
_COMMON = frozenset("的一是在不了有人中大上以要他和我你工作地出就分成可主年同也能下子生到"
                    "小多定行法所民得十三之等部度家力如水自二理起物加都")


def encode_text(text: str, encoding: str) -> bytes:
    """``text`` encoded as :func:`decode_text` found it (BOM and byte order included)."""
    if encoding.endswith("+bom"):
        codec = encoding[:-4]
        return _BOMS[codec] + text.encode(codec)
    return text.encode(encoding)


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Decode text bytes; returns the text and the encoding label (see :func:`encode_text`)."""
    if not data.strip():
        raise DrafterError("文件是空的", source)
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data, "utf-8-sig", source)
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        text = _strict(data[2:], codec, source, offset=2)
        encoding = codec + "+bom"
    elif b"\x00" in data:
        text, encoding = _utf16_without_bom(data, source)
    else:
        text, encoding = _legacy(data, source)
    if not text.strip(_BLANK):
        raise DrafterError("文件是空的（只有空白字符）", source)
    if _looks_binary(text):
        raise DrafterError("不是文本文件（含大量控制字符）", source)
    return text, encoding


def _strict(data: bytes, codec: str, source: str, offset: int = 0) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        name = "UTF-8" if codec.startswith("utf-8") else "UTF-16"
        raise DrafterError(f"{name} 文本{_where(data, exc.start, codec)}（第 {exc.start + offset + 1} 字节）"
                           f"{'不完整（文件被截断？）' if exc.end >= len(data) else '有无效字节'}", source) from None


def _where(data: bytes, pos: int, codec: str) -> str:
    """'在第 L 行第 C 列' for byte offset ``pos`` of text in ``codec``."""
    head = data[:pos - pos % 2] if codec.startswith("utf-16") else data[:pos]
    text = head.decode(codec, errors="replace")
    line = text.count("\n") + 1
    column = len(text) - (text.rfind("\n") + 1) + 1
    return f"在第 {line} 行第 {column} 列"


def _score(text: str) -> float:
    """The share of very common Chinese characters among the CJK characters of ``text``."""
    sample = text[:20000]
    cjk = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    return sum(1 for ch in sample if ch in _COMMON) / cjk if cjk else 0.0


def _textual(text: str) -> float:
    """The share of characters that text is made of (CJK, ASCII, punctuation, white space)."""
    sample = text[:20000]
    good = sum(1 for ch in sample if ch in "\t\n\r" or " " <= ch <= "~" or "\u4e00" <= ch <= "\u9fff"
               or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or "\u2000" <= ch <= "\u206f")
    return good / len(sample) if sample else 0.0


def _utf16_without_bom(data: bytes, source: str) -> tuple[str, str]:
    """Text with NUL bytes: UTF-16 without a BOM when one byte order reads as text."""
    best: tuple[float, str, str] | None = None
    if len(data) % 2 == 0:
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            share = _textual(text)
            if share > 0.95 and (best is None or share > best[0]):
                best = (share, text, codec)
    if best is None:
        raise DrafterError("不是文本文件（含二进制数据）", source)
    return best[1], best[2]


def _legacy(data: bytes, source: str) -> tuple[str, str]:
    """UTF-8, else GB18030 or Big5 (whichever reads as Chinese); damaged UTF-8 is reported with
    the place of the damage rather than read as mojibake."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    readable = data[:utf8_error.start].decode("utf-8")
    if sum(1 for ch in readable if ord(ch) > 0x7F) >= 8:  # plenty of valid UTF-8 before the damage
        _strict(data, "utf-8", source)
    candidates = []
    for codec in ("gb18030", "cp950"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_score(text) - (0.5 if _looks_binary(text) else 0), codec == "gb18030", text, codec))
    if not candidates:
        raise DrafterError("无法识别文本编码（支持 UTF-8、UTF-16、GB18030/GBK、Big5）", source)
    _, _, text, codec = max(candidates)
    return text, codec


_JUNK = re.compile("[\x00-\x08\x0b\x0e-\x1f\ue000-\uf8ff\ufffd]")


def _looks_binary(text: str) -> bool:
    """True when too many characters are controls or private-use (junk decoded as text)."""
    sample = text[:20000]
    return len(_JUNK.findall(sample)) > max(3, len(sample) // 100)


def split_lines(text: str) -> list[str]:
    """Split on CRLF, CR or LF only, so that line numbers agree with every text editor."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
