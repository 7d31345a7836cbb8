"""Issue 16 on main's newer parts: the parts that main's format reader and altChunk reader open
go through the same limits and parser as the rest of the package; skeleton headers are checked;
control characters in the document properties never break the .docx."""

import io
import zipfile

import yaml
from click.testing import CliRunner
from conftest import REPO

from cli import main
from drafter.model import DrafterError
from drafter.render import load_skeleton

NASTY = REPO / "tests" / "nasty"
XXE_RELS = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId9" Type="t" Target="&x;"/></Relationships>')


def _with_part(name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(NASTY / "ok.docx") as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr(name, data)
    return out.getvalue()


def test_format_refuses_a_relationships_part_with_a_dtd(tmp_path):
    src = tmp_path / "rels.docx"
    src.write_bytes(_with_part("word/_rels/document.xml.rels", XXE_RELS))
    result = CliRunner().invoke(main, ["format", str(src), "-o", str(tmp_path / "out.docx")])
    assert result.exit_code == 2 and "DTD/实体声明" in result.stderr and result.stderr.count("\n") == 1
    assert "root:" not in result.output and not (tmp_path / "out.docx").exists()


def test_a_header_that_is_no_list_is_refused_in_a_skeleton(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({"nodes": [{"level": 1, "style": "一、", "number": 1, "marker": "一、"}],
                                    "header": "份号"}, allow_unicode=True), encoding="utf-8")
    try:
        load_skeleton(str(path))
    except DrafterError as err:
        assert "header" in err.message and err.path == str(path)
    else:
        raise AssertionError("a skeleton with a bad header was accepted")


def test_control_characters_in_author_and_text_give_a_valid_docx(tmp_path):
    from lxml import etree

    src = tmp_path / "a.txt"
    src.write_text("关于\x1b做好工作的通知\n一、总体要求\n\x0c正文。\n", encoding="utf-8")
    out = tmp_path / "a.docx"
    result = CliRunner().invoke(main, ["export", str(src), "-o", str(out), "--author", "办公室\x07"])
    assert result.exit_code == 0, result.stderr
    assert f"{src}:1: 删去了 1 个" in result.stderr and f"{src}:3: 删去了 1 个" in result.stderr
    with zipfile.ZipFile(out) as z:
        for name in ("docProps/core.xml", "word/document.xml"):
            etree.fromstring(z.read(name))  # well-formed: no control character left
        assert "办公室<" in z.read("docProps/core.xml").decode()
