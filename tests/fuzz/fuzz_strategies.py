"""Hypothesis generators of damaged text, damaged .docx packages and hostile layout profiles
for the fuzz suite (issue 16). Every generator starts from something real (a speech with
numbered headings, a valid Word package, the GB/T 9704 profile) and damages it."""

from __future__ import annotations

import io
import math
import struct
import sys
import zipfile
from pathlib import Path

from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "nasty"))
from make_nasty import CONTENT_TYPES, RELS, W, entry

MARKERS = ["一、", "二、", "三、", "十一、", "（一）", "（二）", "(三)", "㈠", "1.", "2．", "3、", "１．", "（1）", "(2)", "⑴",
           "⑵.", "一是", "二是，", "第一，", "第二、", "首先，", "其次", "最后，", "第一章 ", "第二条 ", "附件1", "附件：1.",
           "XX", "20xx年"]
WORDS = ["提高认识", "压实责任", "狠抓落实", "同志们：", "谢谢大家！", "关于做好安全生产工作的通知", "。", "；", "：", "，",
         "各乡镇人民政府：", "特此通知。", "2026年3月5日", "桐溪县人民政府", "下面，我讲几点意见：", "《", "》", "“",
         "”"]
HOSTILE_CHARS = ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\u200b", "\ufeff", "\ufffd", "\ue000",
                 "\u2028", "\u3000", "\t", "\r", "\n", "\r\n", "\ud7ff", "\U0001f600", "𠀀", "\u202e"]
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"]


def line_text() -> st.SearchStrategy[str]:
    """One line of a speech: markers, words and now and then a hostile character."""
    piece = st.one_of(st.sampled_from(MARKERS), st.sampled_from(WORDS), st.sampled_from(HOSTILE_CHARS),
                      st.text(min_size=0, max_size=6))
    return st.lists(piece, min_size=0, max_size=8).map("".join)


def speech() -> st.SearchStrategy[list[str]]:
    """A title, then lines that are mostly numbered headings and body."""
    return st.lists(line_text(), min_size=1, max_size=40).map(lambda lines: ["关于做好安全生产工作的讲话", *lines])


@st.composite
def long_shape(draw) -> list[str]:
    """A pattern repeated thousands of times: as many lines (一、一、一、…), or in one paragraph
    (一是…二是…一是…), the shapes in which a quadratic step would show."""
    pattern = draw(line_text())
    times = draw(st.integers(100, 5000))
    return ["关于做好安全生产工作的讲话", *([pattern] * times if draw(st.booleans()) else [pattern * times])]


@st.composite
def damaged_text(draw) -> bytes:
    """The bytes of a speech in some encoding, then damaged: bytes flipped, inserted, deleted,
    the file cut short, or a long run of one byte."""
    text = "\n".join(draw(st.one_of(speech(), speech(), speech(), long_shape())))
    encoding = draw(st.sampled_from(ENCODINGS))
    data = bytearray(text.encode(encoding, errors="replace"))
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "cut", "run"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[pos] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete" and data:
            del data[pos:pos + draw(st.integers(1, 4))]
        elif kind == "cut":
            del data[pos:]
        elif kind == "run":
            data[pos:pos] = bytes([draw(st.integers(0, 255))]) * draw(st.integers(1, 3000))
    return bytes(data)


# -- .docx ----------------------------------------------------------------------------------------

ATTR_VALUES = ["0", "1", "2", "8", "9", "-1", "x", "", "99999999999", "1e9", " 3", "٣", "0x10"]
NUM_FORMATS = ["decimal", "chineseCounting", "upperLetter", "lowerRoman", "decimalEnclosedCircle", "bullet", "none",
               "ideographTraditional", "decimalFullWidth", "nonsense"]


def _esc(text: str) -> str:
    clean = "".join(ch for ch in text
                    if ch in "\t\n\r" or (ch >= " " and ch not in "\ufffe\uffff" and not "\ud800" <= ch <= "\udfff"))
    return clean.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def paragraph_xml(draw) -> str:
    """A w:p with a random mix of Word features: list numbering (valid or not), styles, hidden
    runs, fields (complex, simple, unbalanced), deleted text, tabs."""
    ppr = ""
    if draw(st.booleans()):
        ppr += f'<w:pStyle w:val="{draw(st.sampled_from(["A", "B", "C", "Hidden", "nowhere", ""]))}"/>'
    if draw(st.booleans()):
        ppr += (f'<w:numPr><w:ilvl w:val="{draw(st.sampled_from(ATTR_VALUES))}"/>'
                f'<w:numId w:val="{draw(st.sampled_from(ATTR_VALUES))}"/></w:numPr>')
    runs = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["text", "text", "text", "hidden", "unhidden", "styled", "begin", "separate", "end",
                                     "instr", "simple", "del", "tab"]))
        text = _esc(draw(line_text()))
        if kind == "text":
            runs.append(f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>')
        elif kind in ("hidden", "unhidden"):
            val = "" if kind == "hidden" else ' w:val="0"'
            runs.append(f'<w:r><w:rPr><w:vanish{val}/></w:rPr><w:t>{text}</w:t></w:r>')
        elif kind == "styled":
            runs.append(f'<w:r><w:rPr><w:rStyle w:val="Secret"/></w:rPr><w:t>{text}</w:t></w:r>')
        elif kind in ("begin", "separate", "end"):
            runs.append(f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>')
        elif kind == "instr":
            runs.append(f"<w:r><w:instrText> SEQ {text} </w:instrText></w:r>")
        elif kind == "simple":
            runs.append(f'<w:fldSimple w:instr="PAGE"><w:r><w:t>{text}</w:t></w:r></w:fldSimple>')
        elif kind == "del":
            runs.append(f"<w:del><w:r><w:delText>{text}</w:delText></w:r></w:del>")
        else:
            runs.append("<w:r><w:tab/></w:r>")
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{''.join(runs)}</w:p>"


@st.composite
def numbering_xml(draw) -> bytes:
    levels = "".join(
        f'<w:lvl w:ilvl="{draw(st.sampled_from(ATTR_VALUES))}"><w:start w:val="{draw(st.sampled_from(ATTR_VALUES))}"/>'
        f'<w:numFmt w:val="{draw(st.sampled_from(NUM_FORMATS))}"/>'
        f'<w:lvlText w:val="{draw(st.sampled_from(["%1、", "（%1）", "%1.%2.", "%9", "%1" * 40, "", "第%1条"]))}"/></w:lvl>'
        for _ in range(draw(st.integers(0, 4))))
    nums = "".join(
        f'<w:num w:numId="{draw(st.sampled_from(ATTR_VALUES))}"><w:abstractNumId w:val="{draw(st.sampled_from(ATTR_VALUES))}"/>'
        + (f'<w:lvlOverride w:ilvl="{draw(st.sampled_from(ATTR_VALUES))}"><w:startOverride '
           f'w:val="{draw(st.sampled_from(ATTR_VALUES))}"/></w:lvlOverride>' if draw(st.booleans()) else "")
        + "</w:num>" for _ in range(draw(st.integers(0, 3))))
    return f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="1">{levels}</w:abstractNum>{nums}</w:numbering>'.encode()


@st.composite
def styles_xml(draw) -> bytes:
    names = ["A", "B", "C", "Hidden", "Secret"]
    styles = "".join(
        f'<w:style w:styleId="{name}"><w:basedOn w:val="{draw(st.sampled_from(names + ["x"]))}"/>'
        + ('<w:rPr><w:vanish/></w:rPr>' if draw(st.booleans()) else "")
        + (f'<w:pPr><w:numPr><w:ilvl w:val="{draw(st.sampled_from(ATTR_VALUES))}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
           if draw(st.booleans()) else "")
        + "</w:style>" for name in names)
    return f'<w:styles xmlns:w="{W}">{styles}</w:styles>'.encode()


@st.composite
def docx_package(draw) -> bytes:
    """A Word package of random paragraphs, numbering and styles (well-formed XML)."""
    body = "".join(draw(st.lists(paragraph_xml(), min_size=1, max_size=25)))
    if draw(st.booleans()):  # a table, whose cell paragraphs count too
        body += f"<w:tbl><w:tr><w:tc>{draw(paragraph_xml())}</w:tc></w:tr></w:tbl>"
    parts = {"word/document.xml": (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'
                                   f"{body}<w:sectPr/></w:body></w:document>").encode()}
    if draw(st.booleans()):
        parts["word/numbering.xml"] = draw(numbering_xml())
    if draw(st.booleans()):
        parts["word/styles.xml"] = draw(styles_xml())
    out = io.BytesIO()
    method = draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED]))
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(entry("[Content_Types].xml", method), CONTENT_TYPES)
        z.writestr(entry("_rels/.rels", method), RELS)
        for name, data in parts.items():
            z.writestr(entry(name, method), data)
    return out.getvalue()


@st.composite
def damaged_docx(draw) -> bytes:
    """A random package, then perhaps damaged in the zip: bytes flipped, cut, a header field
    (flags, method, sizes) of an entry changed."""
    data = bytearray(draw(docx_package()))
    for _ in range(draw(st.integers(0, 3))):
        if not data:
            break
        kind = draw(st.sampled_from(["flip", "cut", "header", "xml"]))
        if kind == "flip":
            pos = draw(st.integers(0, len(data) - 1))
            data[pos] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del data[draw(st.integers(0, len(data) - 1)):]
        elif kind == "header":
            at = data.find(b"PK\x03\x04", draw(st.integers(0, max(len(data) - 1, 0))))
            if at >= 0 and at + 30 <= len(data):
                field, fmt = draw(st.sampled_from([(6, "<H"), (8, "<H"), (18, "<I"), (22, "<I"), (26, "<H")]))
                struct.pack_into(fmt, data, at + field, draw(st.integers(0, 0xFFFF if fmt == "<H" else 0xFFFFFFFF)))
        else:  # damage the XML inside a stored entry
            at = data.find(b"<w:", draw(st.integers(0, max(len(data) - 1, 0))))
            if at >= 0:
                data[at:at + 3] = draw(st.sampled_from([b"<w", b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><w:",
                                                        b"&e;", b"<w:p><w:", b"</w:"]))
    return bytes(data)


# -- layout profiles --------------------------------------------------------------------------------

PROFILE_KEYS = {
    "page": ["width_mm", "height_mm", "top_mm", "bottom_mm", "left_mm", "right_mm", "lines_per_page", "chars_per_line",
             "line_pitch_pt", "char_space", "grid"],
    "sizes": ["body", "title", "page_number"],
    "fonts": ["body", "title", "level1", "level2", "level3", "level4", "attachment_label", "page_number", "latin"],
    "bold": ["level1", "level2", "level3", "level4"],
    "page_numbers": ["position", "indent_chars", "dash", "gap_mm"],
    "indent": ["first_line_chars", "signature_right_chars"],
}


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    escaped = "".join(ch if ch >= " " and ch not in '"\\\x7f' else f"\\u{ord(ch):04x}" for ch in value
                      if not "\ud800" <= ch <= "\udfff")
    return f'"{escaped}"'


VALUES = st.one_of(
    st.integers(min_value=-10**30, max_value=10**30), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, 28, 210, 297, 16, 22, -849, 0.5, 1e-9, 600.1, 5000]), st.booleans(),
    st.text(max_size=40), st.sampled_from(["linesAndChars", "lines", "outer", "center", "仿宋", "—", ""]),
    st.lists(st.integers(0, 3), max_size=3))


@st.composite
def hostile_profile(draw) -> bytes:
    """A TOML profile whose sections and keys are mostly real and whose values are anything."""
    lines = []
    for section in draw(st.lists(st.sampled_from([*PROFILE_KEYS, "font_presets.mine", "nosuch"]), max_size=4, unique=True)):
        lines.append(f"[{section}]")
        keys = PROFILE_KEYS.get(section.split(".")[0] if section != "font_presets.mine" else "fonts", ["x"])
        for key in draw(st.lists(st.sampled_from([*keys, "unknown_key"]), max_size=5, unique=True)):
            lines.append(f"{key} = {_toml_value(draw(VALUES))}")
    text = "\n".join(lines) + "\n"
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-16", "gb18030"]))
    data = bytearray(text.encode(encoding, errors="replace"))
    if data and draw(st.integers(0, 4)) == 0:
        data[draw(st.integers(0, len(data) - 1))] ^= draw(st.integers(1, 255))
    return bytes(data)
