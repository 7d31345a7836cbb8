"""Open a .docx (a zip package) within limits, before anything is inflated.

A zip states each entry's sizes in its central directory; a "zip bomb" states small sizes and
inflates to gigabytes, or packs millions of entries. Before :mod:`zipfile` builds its index the
end record is read for the entry count; then every entry is checked: count, stated size, ratio,
encryption, compression method and duplicate names. :mod:`zipfile` stops inflating an entry at
its stated size (and then fails on the checksum), so the stated sizes bound memory and time.
Every failure is one :class:`DrafterError` naming the file.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from .model import DrafterError

MAX_ENTRIES = 5000  # a Word document has tens of parts, a few hundred with many images
MAX_PART = 256 * 1024 * 1024  # inflated size of one part
MAX_TOTAL = 1024 * 1024 * 1024  # inflated size of the whole package
MAX_RATIO = 200  # inflated / compressed, for parts above RATIO_FLOOR (XML packs 5–20×)
RATIO_FLOOR = 16 * 1024 * 1024
_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
_EOCD = b"PK\x05\x06"


def _entry_count(data: bytes) -> int | None:
    """The entry count of the zip's end-of-central-directory record (None when there is none)."""
    at = data.rfind(_EOCD, max(0, len(data) - 65557))
    if at < 0 or at + 22 > len(data):
        return None
    return struct.unpack_from("<H", data, at + 10)[0]


def open_zip(data: bytes, source: str) -> zipfile.ZipFile:
    """A ZipFile over ``data`` whose every entry has been checked against the limits."""
    count = _entry_count(data)
    if count is not None and count > MAX_ENTRIES:  # 0xFFFF: a zip64 count, never a Word document
        raise DrafterError(f".docx 包内部件过多（{count} 个，上限 {MAX_ENTRIES}），拒绝读取", source)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except NotImplementedError:  # "zip file version 8.4": a header field damaged or from a newer zip tool
        raise DrafterError(".docx 文件已损坏（zip 记录了不支持的版本）", source) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, struct.error,
            RuntimeError, KeyError, IndexError, OverflowError):
        raise DrafterError(".docx 文件已损坏（不是有效的 zip 压缩包）", source) from None
    if len(infos) > MAX_ENTRIES:
        raise DrafterError(f".docx 包内部件过多（{len(infos)} 个，上限 {MAX_ENTRIES}），拒绝读取", source)
    names: set[str] = set()
    total = 0
    for info in infos:
        if info.filename in names:
            raise DrafterError(f".docx 包内有两个同名部件 {info.filename}，已损坏或被篡改", source)
        names.add(info.filename)
        _check_entry(info, source)
        total += info.file_size
    if total > MAX_TOTAL:
        raise DrafterError(f".docx 解压后过大（{total // (1024 * 1024)} MB），拒绝读取", source)
    return archive


def _check_entry(info: zipfile.ZipInfo, source: str) -> None:
    name = info.filename
    if info.file_size > MAX_PART:
        raise DrafterError(f".docx 的 {name} 解压后过大（{info.file_size // (1024 * 1024)} MB），拒绝读取", source)
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise DrafterError(f".docx 的 {name} 压缩比异常（疑似“压缩炸弹”），拒绝读取", source)


def read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str) -> bytes:
    """The inflated bytes of one entry; encryption, an unsupported method or damage is a
    one-line error."""
    name = info.filename
    if info.flag_bits & 0x1:
        raise DrafterError(f".docx 的 {name} 已加密，无法读取；请在 Word/WPS 中取消密码后另存", source)
    if info.compress_type not in _METHODS:
        raise DrafterError(f".docx 的 {name} 使用了不支持的压缩方式（{info.compress_type}），"
                           "请在 Word/WPS 中重新另存为 .docx", source)
    try:
        with archive.open(info) as fh:
            data = fh.read(info.file_size + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError, NotImplementedError) as exc:
        what = ("校验和不符" if "CRC" in str(exc) else "压缩数据损坏" if isinstance(exc, zlib.error)
                else "数据不完整" if isinstance(exc, EOFError) else exc.__class__.__name__)
        raise DrafterError(f".docx 文件内容已损坏（{name}：{what}）", source) from None
    if len(data) > info.file_size:
        raise DrafterError(f".docx 文件内容已损坏（{name} 的实际大小与记录不符）", source)
    return data
