"""Write the small corpus of nasty inputs in this folder (run: python tests/nasty/make_nasty.py).

Every file is a regression fixture for one family of issue 16: damaged or hostile .docx
packages, text in awkward encodings or with control characters, hostile layout profiles and
YAML files. The files are committed; this script documents how each was made and remakes them.
"""

from __future__ import annotations

import codecs
import io
import struct
import warnings
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>')


def para(text: str = "", ppr: str = "", rpr: str = "") -> str:
    run = f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}<w:t xml:space=\"preserve\">{text}</w:t></w:r>" if text else ""
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{run}</w:p>"


def document(body: str, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
            f'<w:document xmlns:w="{W}"><w:body>{body}<w:sectPr/></w:body></w:document>').encode()


SPEECH = "".join(para(t) for t in ("关于做好安全生产工作的讲话", "同志们：", "一、提高认识", "二、压实责任", "三、狠抓落实"))


def entry(name: str, method: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    """A zip entry with a fixed time, so that the fixtures are the same bytes on every run."""
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = method
    return info


def package(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        z.writestr(entry("[Content_Types].xml", method), CONTENT_TYPES)
        z.writestr(entry("_rels/.rels", method), RELS)
        for name, data in parts.items():
            z.writestr(entry(name, method), data)
    return out.getvalue()


def patch_entry(data: bytes, name: str, *, flags: int | None = None, method: int | None = None,
                size: int | None = None) -> bytes:
    """Change the general-purpose flags, compression method or stated size of one entry, in its
    local header and in the central directory."""
    out = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    local = info.header_offset
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        length = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46:pos + 46 + length] == name.encode():
            central = pos
        pos = data.find(b"PK\x01\x02", pos + 4)
    for header, (flag_at, method_at, size_at) in ((local, (6, 8, 22)), (central, (8, 10, 24))):
        if flags is not None:
            struct.pack_into("<H", out, header + flag_at, flags)
        if method is not None:
            struct.pack_into("<H", out, header + method_at, method)
        if size is not None:
            struct.pack_into("<I", out, header + size_at, size)
    return bytes(out)


def lying_size() -> bytes:
    """document.xml inflates to 20 MB but states 2 KB: inflation must stop at the stated size."""
    raw = document(SPEECH)
    big = raw[:-len(b"</w:body></w:document>")] + b" " * (20 * 1024 * 1024) + b"</w:body></w:document>"
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = comp.compress(big) + comp.flush()
    data = package({"word/document.xml": deflated[:0] or raw})  # a valid package to patch
    # replace the entry's data with the big stream, stating the small sizes
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    head, tail = data[:start], data[start + info.compress_size:]
    shift = len(deflated) - info.compress_size
    out = bytearray(head + deflated + tail)
    struct.pack_into("<I", out, info.header_offset + 18, len(deflated))
    central = out.find(b"PK\x01\x02" + b"", info.header_offset + 30)
    while central >= 0:
        length = struct.unpack_from("<H", out, central + 28)[0]
        offset = struct.unpack_from("<I", out, central + 42)[0]
        if out[central + 46:central + 46 + length] == b"word/document.xml":
            struct.pack_into("<I", out, central + 20, len(deflated))
        elif offset > info.header_offset:
            struct.pack_into("<I", out, central + 42, offset + shift)
        central = out.find(b"PK\x01\x02", central + 4)
    eocd = out.rfind(b"PK\x05\x06")
    struct.pack_into("<I", out, eocd + 16, struct.unpack_from("<I", out, eocd + 16)[0] + shift)
    return bytes(out)


NUMBERING_BAD = (
    f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="1">'
    '<w:lvl w:ilvl="x"><w:start w:val="abc"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="0"><w:start w:val="99999999999999999999"/><w:numFmt w:val="chineseCounting"/>'
    '<w:lvlText w:val="%1、"/></w:lvl>'
    '<w:lvl w:ilvl="99999999999"><w:start w:val="-7"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="-5"><w:startOverride w:val="1e9"/>'
    '</w:lvlOverride></w:num><w:num w:numId="2"><w:abstractNumId w:val="404"/></w:num></w:numbering>').encode()
NUMBERED = "".join(para(t, f'<w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{num}"/></w:numPr>')
                   for t, lvl, num in (("提高认识", "0", "1"), ("压实责任", "12", "1"), ("狠抓落实", "-1", "1"),
                                       ("强化保障", "0", "2"), ("加强领导", "0", "x")))
NUMBERING_HUGE = (
    f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="1">'
    f'<w:lvl w:ilvl="0"><w:start w:val="32767"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="{"%1" * 500}"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="32767"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%2."/></w:lvl>'
    '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>').encode()
STYLES_CYCLE = (
    f'<w:styles xmlns:w="{W}"><w:style w:styleId="A"><w:basedOn w:val="B"/></w:style>'
    '<w:style w:styleId="B"><w:basedOn w:val="A"/></w:style><w:style w:styleId="C"><w:basedOn w:val="C"/>'
    '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    '<w:style><w:basedOn w:val="A"/></w:style><w:style w:styleId="D"><w:basedOn w:val="nowhere"/></w:style>'
    '</w:styles>').encode()
STYLES_HIDDEN = (
    f'<w:styles xmlns:w="{W}"><w:style w:type="character" w:styleId="Secret"><w:rPr><w:vanish/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="MoreSecret"><w:basedOn w:val="Secret"/></w:style></w:styles>').encode()
HIDDEN = (para("关于做好安全生产工作的讲话") + para("一、提高认识") + para("三、隐藏的草稿", rpr="<w:vanish/>")
          + para("四、样式隐藏的批注", rpr='<w:rStyle w:val="MoreSecret"/>')
          + para("二、压实责任") + para("五、显示出来的", rpr='<w:vanish w:val="0"/>'))
# a SEQ-like field whose result is "三、" (Word writes it again: a fix must not touch it), a
# simple field holding "五、", and the text after them
FIELD = (para("关于做好安全生产工作的讲话") + para("一、提高认识")
         + '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> SEQ 一 </w:instrText></w:r>'
         '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>三、</w:t></w:r>'
         '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>压实责任</w:t></w:r></w:p>'
         + '<w:p><w:fldSimple w:instr=" SEQ 一 "><w:r><w:t>五、</w:t></w:r></w:fldSimple><w:r><w:t>狠抓落实</w:t></w:r></w:p>')
XXE = '<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
LAUGHS = ('<!DOCTYPE w:document [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
          + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + "]>")


R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def doc_rels(*rels: tuple[str, str, str]) -> bytes:
    body = "".join(f'<Relationship Id="{i}" Type="{R}/{t}" Target="{target}"/>' for i, t, target in rels)
    return f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'.encode()


def nested_altchunk(depth: int) -> bytes:
    """A .docx whose body imports a .docx (w:altChunk) that imports a .docx … ``depth`` deep."""
    inner = package({"word/document.xml": document(para("一、最里面的正文"))})
    for _ in range(depth):
        chunk = f'<w:altChunk xmlns:r="{R}" r:id="rId9"/>'
        inner = package({"word/document.xml": document(para("外层") + chunk),
                         "word/_rels/document.xml.rels": doc_rels(("rId9", "aFChunk", "chunk.docx")),
                         "word/chunk.docx": inner})
    return inner


def picture_doc() -> bytes:
    """A paragraph with a picture whose image part uses Deflate64 (format carries pictures over)."""
    drawing = ('<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
               '<wp:extent cx="100" cy="100"/><wp:docPr id="1" name="p"/>'
               '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
               '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
               '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill>'
               f'<a:blip xmlns:r="{R}" r:embed="rId7"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>'
               '</wp:inline></w:drawing></w:r>')
    body = SPEECH + f"<w:p>{drawing}<w:r><w:t>图1</w:t></w:r></w:p>"
    data = package({"word/document.xml": document(body),
                    "word/_rels/document.xml.rels": doc_rels(("rId7", "image", "media/image1.png")),
                    "word/media/image1.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64})
    return patch_entry(data, "word/media/image1.png", method=9)


def docx_files() -> dict[str, bytes]:
    ok = package({"word/document.xml": document(SPEECH)})
    files = {
        "ok.docx": ok,
        "xxe.docx": package({"word/document.xml": document(para("一、&secret;"), XXE)}),
        "billion-laughs.docx": package({"word/document.xml": document(para("&i;"), LAUGHS)}),
        "internal-dtd.docx": package({"word/document.xml": document(para("一、甲"), "<!DOCTYPE w:document []>")}),
        "truncated.docx": ok[: len(ok) // 2],
        "encrypted-member.docx": patch_entry(ok, "word/document.xml", flags=1),
        "deflate64.docx": patch_entry(ok, "word/document.xml", method=9),
        "aes.docx": patch_entry(ok, "word/document.xml", method=99),
        "stated-2gb.docx": patch_entry(ok, "word/document.xml", size=2_000_000_000),
        "lying-size.docx": lying_size(),
        "bad-numbering.docx": package({"word/document.xml": document(para("讲话") + NUMBERED),
                                       "word/numbering.xml": NUMBERING_BAD}),
        "huge-numbering.docx": package({"word/document.xml": document(
            para("讲话") + para("甲", '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')
            + para("乙", '<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>')),
            "word/numbering.xml": NUMBERING_HUGE}),
        "style-cycle.docx": package({"word/document.xml": document(
            para("讲话") + para("甲", '<w:pStyle w:val="A"/>') + para("乙", '<w:pStyle w:val="C"/>')
            + para("丙", '<w:pStyle w:val="D"/>')),
            "word/numbering.xml": NUMBERING_BAD, "word/styles.xml": STYLES_CYCLE}),
        "hidden.docx": package({"word/document.xml": document(HIDDEN), "word/styles.xml": STYLES_HIDDEN}),
        "field.docx": package({"word/document.xml": document(FIELD)}),
        "broken-xml.docx": package({"word/document.xml": document(SPEECH)[:-30]}),
        "no-body.docx": package({"word/document.xml": f'<w:document xmlns:w="{W}"/>'.encode()}),
        "empty-text.docx": package({"word/document.xml": document(para("") * 3)}),
        "altchunk-nested.docx": nested_altchunk(6),
        "altchunk-deflate64.docx": patch_entry(nested_altchunk(1), "word/chunk.docx", method=9),
        "header-xxe.docx": package({"word/document.xml": document(SPEECH),
                                    "word/header1.xml": document(para("&secret;"), XXE)}),
        "picture-deflate64.docx": picture_doc(),
    }
    bad_crc = bytearray(package({"word/document.xml": document(SPEECH)}, zipfile.ZIP_STORED))
    info = zipfile.ZipFile(io.BytesIO(bytes(bad_crc))).getinfo("word/document.xml")
    bad_crc[info.header_offset + 30 + len(info.filename) + 120] ^= 0x01
    files["bad-crc.docx"] = bytes(bad_crc)
    bad_deflate = bytearray(ok)
    info = zipfile.ZipFile(io.BytesIO(ok)).getinfo("word/document.xml")
    bad_deflate[info.header_offset + 30 + len(info.filename) + 8] ^= 0xFF
    files["bad-deflate.docx"] = bytes(bad_deflate)
    dup = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(dup, "w") as z:
        warnings.simplefilter("ignore")  # the duplicate name is the point
        z.writestr(entry("word/document.xml"), document(SPEECH))
        z.writestr(entry("word/document.xml"), document(para("二、别的内容")))
    files["duplicate-part.docx"] = dup.getvalue()
    return files


SEED_TEXT = ("关于做好安全生产工作的讲话\n同志们：\n一、提高认识\n我们要认真学习贯彻会议精神，做好各项工作。\n"
             "二、压实责任\n三、狠抓落实\n")


def text_files() -> dict[str, bytes]:
    utf8 = SEED_TEXT.encode()
    return {
        "big5.txt": ("關於做好安全生產工作的講話\n同志們：\n一、提高認識\n我們要認真學習貫徹會議精神，做好各項工作。\n"
                     "二、壓實責任\n").encode("big5"),
        "utf16be-bom.txt": codecs.BOM_UTF16_BE + SEED_TEXT.replace("二、", "三、").encode("utf-16-be"),
        "utf16le-nobom.txt": SEED_TEXT.replace("二、", "三、").encode("utf-16-le"),
        "utf16be-nobom.txt": SEED_TEXT.replace("二、", "三、").encode("utf-16-be"),
        "truncated-utf8.txt": utf8 + "四、强化保障".encode()[:-1],
        "damaged-utf8.txt": utf8[:60] + b"\xff" + utf8[60:],
        "controls.txt": "关于做好安全生产工作的讲话\n一、提高认识\x0c分页\x0b换行\x1b[31m转义\n二、压实责任\n".encode(),
        "blank.txt": "\u3000\u3000 \n\t\n\u3000\n".encode(),
        "bom-only.txt": codecs.BOM_UTF8,
        "circled.txt": "关于做好安全生产工作的讲话\n⑴.提高认识\n⑵.压实责任\n⑷.狠抓落实\n".encode(),
        "long-title.txt": ("关于进一步加强和改进新时代全县机关党的建设工作推动机关党建高质量发展" * 3
                           + "的实施意见\n一、总体要求\n二、主要任务\n").encode(),
        "gb18030.txt": SEED_TEXT.replace("二、", "三、").encode("gb18030"),
        "crlf-mixed.txt": "标题\r\n一、甲\r三、乙\n四、丙\r\n".encode(),
    }


def profile_files() -> dict[str, bytes]:
    return {
        "profile-negative.toml": b"[page]\ntop_mm = -5\n",
        "profile-nan.toml": b"[page]\nwidth_mm = nan\n",
        "profile-inf.toml": b"[sizes]\nbody = inf\n",
        "profile-zero-chars.toml": b"[page]\nchars_per_line = 0\n",
        "profile-zero-size.toml": b"[sizes]\ntitle = 0\n",
        "profile-font-number.toml": b"[fonts]\nbody = 5\n",
        "profile-huge.toml": b"[page]\nwidth_mm = 1e300\n",
        "profile-margins.toml": b"[page]\nleft_mm = 150\nright_mm = 100\n",
        "profile-deep.toml": b"a = " + b"[" * 3000 + b"]" * 3000 + b"\n",
        "profile-binary.toml": bytes(range(256)) * 4,
        "profile-utf16.toml": "# 本单位版式\n[page]\ntop_mm = 30\n".encode("utf-16"),
        "profile-unknown.toml": b"[page]\ntop_margin = 30\n",
        "profile-grid.toml": b'[page]\ngrid = "chars"\n',
        "profile-bool.toml": b"[sizes]\nbody = true\n",
        "profile-section-value.toml": b"page = 5\n",
        "profile-font-long.toml": ('[fonts]\nbody = "' + "仿" * 40 + '"\n').encode(),
    }


BOMB = "a: &a [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


def yaml_files() -> dict[str, bytes]:
    return {
        "skeleton-empty.yaml": b"schema: drafter-outline/1\nnodes: []\n",
        "skeleton-malformed.yaml": "schema: drafter-outline/1\nnodes:\n  - level: 一\n    style: 一、\n".encode(),
        "skeleton-bomb.yaml": (BOMB + "schema: drafter-outline/1\nnodes: *i\n").encode(),
        "skeleton-deep.yaml": ("schema: drafter-outline/1\nnodes: " + "[" * 500 + "]" * 500 + "\n").encode(),
        "skeleton-bignum.yaml": ("schema: drafter-outline/1\nnodes:\n  - {level: 1, style: 一、, number: "
                                 + "9" * 5000 + ", marker: 一、}\n").encode(),
        "bank-bomb.yaml": (BOMB + "schema: drafter-phrases/1\nphrases: *i\n").encode(),
        "bank-date.yaml": b"schema: drafter-phrases/1\nphrases:\n  - text: 2026-02-30\n    category: x\n",
    }


def main() -> None:
    for name, data in {**docx_files(), **text_files(), **profile_files(), **yaml_files()}.items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
