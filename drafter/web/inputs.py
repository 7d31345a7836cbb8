"""What the page and the API accept: an uploaded file or pasted text.

An upload is held in memory (the multipart parser spools a large one to an unnamed private
temporary file) and never written anywhere else; only its base name is kept, for messages and
for the name of a download. Before the library reads a .docx, :func:`screen` refuses packages
that would inflate without end (zip bombs), declare a DTD (XXE, entity expansion) or cannot be
decompressed at all, so that each of them is one clear error instead of a hung request.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from ..model import DrafterError, RawDocument

MAX_UPLOAD = 20 * 1024 * 1024  # bytes of one request body
MAX_INFLATED = 256 * 1024 * 1024  # a package's members together, once decompressed
MAX_XML = 64 * 1024 * 1024  # one XML part once decompressed (a 300-page document.xml is ~20 MB)
MAX_MEMBERS = 10_000
_CHUNK = 1024 * 1024
_PROLOG = 64 * 1024
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NAME_JUNK = re.compile(r"[\x00-\x1f\x7f\"\\/:*?<>|]")


@dataclass
class Input:
    """A document as the client sent it: the file's bytes and base name, or pasted text."""

    name: str
    data: bytes = b""
    text: str | None = None

    @property
    def pasted(self) -> bool:
        """True when the writer pasted text rather than sending a file."""
        return self.text is not None


def safe_name(name: object, default: str = "上传的文件") -> str:
    """The base name of a client's file name, without folders, quotes or control characters."""
    base = re.split(r"[\\/]", name if isinstance(name, str) else "")[-1]
    base = _NAME_JUNK.sub("", base).strip(" .")
    return base[:120] or default


def clean_text(text: str) -> str:
    """Pasted text without the control characters no document holds (line breaks and tabs stay,
    so line numbers do not move)."""
    return _CONTROL.sub("", text)


def pasted(text: object, name: str = "粘贴的文字") -> Input:
    """Text from a JSON body or a form field; empty text is the writer's mistake, said plainly."""
    if not isinstance(text, str):
        raise DrafterError("text 应为文字")
    if not text.strip():
        raise DrafterError("请先粘贴文字，或选择一个 .txt/.docx 文件")
    return Input(name, text=clean_text(text))


def read(document: Input) -> RawDocument:
    """The numbered lines of a document, read by the same reader as the command line."""
    from ..reader import read_bytes, split_lines

    if document.pasted:
        return RawDocument(document.name, split_lines(document.text or ""))
    screen(document.data, document.name)
    try:
        return read_bytes(document.data, document.name)
    except DrafterError:
        raise
    except Exception as exc:  # a damaged file the reader did not foresee is still the file's fault
        raise DrafterError(f"无法读取文件（{exc.__class__.__name__}）", document.name) from None


def screen(data: bytes, name: str) -> None:
    """Refuse a .docx (any zip) package that would exhaust memory or time, or that declares a
    DTD; a package that is simply broken is left to the reader, which names the damage."""
    if not data.startswith(b"PK\x03\x04"):
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return
    if len(members) > MAX_MEMBERS:
        raise DrafterError(f".docx 文件包含 {len(members)} 个部件，不像 Word 文档，拒绝读取", name)
    xml = [m for m in members if m.filename.lower().endswith((".xml", ".rels"))]
    if sum(m.file_size for m in members) > MAX_INFLATED or any(m.file_size > MAX_XML for m in xml):
        raise DrafterError("文件解压后过大（可能是“压缩炸弹”），拒绝读取", name)
    for member in members:
        _inflate(archive, member, name)


def _inflate(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    """Decompress one member in chunks (memory stays bounded), checking its CRC and, for XML,
    that no DTD comes before the root element."""
    try:
        with archive.open(member) as fh:
            head = fh.read(_PROLOG)
            while fh.read(_CHUNK):
                pass
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise DrafterError(f".docx 文件已损坏（{member.filename}：{exc.__class__.__name__}）", name) from None
    except (NotImplementedError, RuntimeError):
        raise DrafterError(f".docx 文件加密或使用了不支持的压缩方式（{member.filename}）", name) from None
    if member.filename.lower().endswith((".xml", ".rels")) and _declares_dtd(head):
        raise DrafterError(f".docx 文件的 {member.filename} 含有 DTD 声明（Word 从不写入，可能是恶意文件），拒绝读取", name)


def _declares_dtd(head: bytes) -> bool:
    """Does the prolog of an XML part hold a <!DOCTYPE (in UTF-8 or UTF-16)?"""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    elif head.startswith((b"<\x00", b"\x00<")):
        text = head.decode("utf-16-le" if head[0] else "utf-16-be", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore")
    prolog = re.sub(r"<\?.*?\?>|<!--.*?-->", "", text, flags=re.S)
    root = re.search(r"<[^!?]", prolog)
    return "<!DOCTYPE" in (prolog[:root.start()] if root else prolog).upper()
