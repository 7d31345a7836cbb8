"""The numbering grammar lives in one module: no other module (or template) spells out a marker
style, a Chinese numeral class or a full-width digit range. They ask drafter.numbering."""

import ast
import re
from pathlib import Path

from conftest import REPO

from drafter.numbering import STYLES

GRAMMAR = REPO / "drafter" / "numbering.py"
STYLE_NAMES = set(STYLES)
NUMERAL_CLASS = re.compile(r"[一二三四五六七八九]{3}|０-９|[０-９]{3}")


def _strings(tree: ast.AST):
    """String constants of a module that are not docstrings."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def leaks(path: Path) -> list[str]:
    found = []
    for line, value in _strings(ast.parse(path.read_text(encoding="utf-8"))):
        if value in STYLE_NAMES or NUMERAL_CLASS.search(value):
            found.append(f"{path.name}:{line}: {value!r}")
    return found


def test_no_module_but_numbering_spells_the_grammar():
    modules = [p for p in (REPO / "drafter").rglob("*.py") if p != GRAMMAR] + [REPO / "cli.py"]
    assert [leak for p in modules for leak in leaks(p)] == []


def test_templates_do_not_name_marker_styles():
    for template in (REPO / "drafter" / "templates").glob("*.j2"):
        text = template.read_text(encoding="utf-8")
        quoted = {m.group(1) for m in re.finditer(r"[\"']([^\"'\n]{1,6})[\"']", text)}
        assert not quoted & STYLE_NAMES, template.name


def test_the_leak_detector_sees_a_leak(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text('STYLE = "（一）"\nDIGITS = r"[一二三四五六七八九]"\n"""a docstring naming 一、 is fine"""\n',
                       encoding="utf-8")
    assert len(leaks(planted)) == 2
