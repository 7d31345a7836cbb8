"""Shared by the tests of ``drafter serve``: a real server on a loopback port, the hostile files
of the issue (zip bomb, XXE, broken package), a messy .docx, and Debian's Chromium."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import threading
import time
import zipfile

import docx
from docx.shared import Pt
from helpers import docx_with_word_numbering

CHROMIUM = os.environ.get("DRAFTER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


@contextlib.contextmanager
def running(app):
    """Serve ``app`` with uvicorn on a free loopback port (in a thread); yield its base URL."""
    import uvicorn

    from drafter.web.server import bind

    sock = bind("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[test]'; .ci/run does it)"
    if not os.path.exists(CHROMIUM):
        return "Debian's chromium is not installed (apt-get install chromium; .ci/run does it)"
    return None


# -- hostile and messy documents --------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')


def package(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal .docx package around ``document_xml``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def body(*paragraphs: str) -> bytes:
    runs = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{runs}</w:body></w:document>'.encode()


def zip_bomb(inflated: int = 300 * 1024 * 1024) -> bytes:
    """A .docx whose document.xml inflates to ``inflated`` bytes (about 1000:1): the shape of
    the 3.7 MB bomb that took 13 GB from the command line."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'.encode())
            chunk = b"\x20" * (4 * 1024 * 1024)
            for _ in range(inflated // len(chunk)):
                fh.write(chunk)
            fh.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


def xxe(target: str = "/etc/passwd", encoding: str = "utf-8") -> bytes:
    """A .docx whose document.xml declares an external entity reading ``target``."""
    xml = (f'<?xml version="1.0" encoding="{encoding.upper()}"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{target}">]>'
           f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>一、&xxe;</w:t></w:r></w:p></w:body></w:document>')
    return package(xml.encode(encoding))


def messy_docx(path):
    """A document typed carelessly: mixed fonts and sizes, odd indents, Word's own numbering for
    the level-1 headings, a half-width bracket and a skipped number (（一） then （三）)."""
    path = docx_with_word_numbering(path, [
        (None, "桐溪县人民政府办公室关于做好安全生产工作的通知"), (None, "各乡镇人民政府，县政府各部门："),
        (None, "为做好安全生产工作，现将有关事项通知如下："), (0, "总体要求"),
        (None, "(一)指导思想。坚持人民至上、生命至上。"), (None, "（三）工作目标"), (0, "工作要求"),
        (None, "各单位要高度重视。"), (None, "特此通知。")])
    document = docx.Document(path)
    for k, p in enumerate(document.paragraphs):
        p.paragraph_format.left_indent = Pt(7 * k)
        for run in p.runs:
            run.font.name = ["Arial", "宋体", "Calibri"][k % 3]
            run.font.size = Pt([12, 14, 18][k % 3])
    document.save(path)
    return path
