"""Read a speech or document from a path or standard input into numbered lines.

Text files may be UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK. Word files are
read by :mod:`drafter.docx_reader`, imported only when a .docx is met; legacy .doc/.wps files by
:mod:`drafter.legacy` (through LibreOffice).
"""

from __future__ import annotations

import codecs
import os
import re
import sys

from .model import DrafterError, RawDocument

MAX_BYTES = 100 * 1024 * 1024  # one speech is < 1 MB; refuse what cannot be a document
DOCX_SUFFIXES = (".docx", ".docm", ".dotx")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, or an encrypted .docx


def read_path(path: str) -> RawDocument:
    """Read one input: a .txt/.docx path, or ``-`` for standard input."""
    if path == "-":
        data = sys.stdin.buffer.read()
        return read_bytes(data, "<stdin>")
    if os.path.isdir(path):
        raise DrafterError("这是一个文件夹，不是文件", path)
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise DrafterError(f"文件过大（{size // (1024 * 1024)} MB），单个文档上限为 100 MB", path)
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise DrafterError("文件不存在", path) from None
    except PermissionError:
        raise DrafterError("没有读取权限", path) from None
    except OSError as exc:
        raise DrafterError(f"无法读取文件（{exc.strerror}）", path) from None
    return read_bytes(data, path)


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


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Decode text bytes, detecting UTF-8/UTF-16 BOMs, UTF-8 and GB18030 (a superset of GBK)."""
    if not data.strip():
        raise DrafterError("文件是空的", source)
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        if b"\x00" in data:
            raise DrafterError("不是文本文件（含二进制数据）", source)
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise DrafterError("不是文本文件（含大量控制字符）", source)
        return text, ("utf-8" if encoding == "utf-8-sig" else encoding)
    raise DrafterError("无法识别文本编码（支持 UTF-8、UTF-16、GB18030/GBK）", source)


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
