"""The shape the code keeps (docs/architecture.md): pages are thin, every callback reads its inputs, calls one
service and hands the result to a builder, and every page is a module of its own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE_MODULES = sorted(p for p in (ROOT / "pages").glob("*.py") if p.name != "__init__.py")
CALLBACK_MODULES = [*PAGE_MODULES, ROOT / "web" / "exports.py"]


def _functions(path: Path):
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef):
            is_callback = any(
                isinstance(d, ast.Call) and getattr(d.func, "id", "") == "callback" for d in node.decorator_list
            )
            yield node, is_callback


def _length(node: ast.FunctionDef) -> int:
    first = (
        node.body[1]
        if isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
        else node.body[0]
    )  # the docstring does not count
    return node.end_lineno - first.lineno + 1


@pytest.mark.parametrize("path", CALLBACK_MODULES, ids=lambda p: p.name)
def test_callbacks_and_layouts_are_short(path):
    for node, is_callback in _functions(path):
        if is_callback:
            assert _length(node) <= 15, f"{path.name}: callback {node.name} has {_length(node)} lines"
        elif node.name == "layout":
            assert _length(node) <= 15, f"{path.name}: layout has {_length(node)} lines"


@pytest.mark.parametrize("path", PAGE_MODULES, ids=lambda p: p.name)
def test_pages_build_no_markup_themselves(path):
    """Pages call builders in components/; they may name a dcc component to send a file, nothing more."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    markup = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "html"
    ]
    assert markup == [], f"{path.name} builds html itself on lines {markup}"
