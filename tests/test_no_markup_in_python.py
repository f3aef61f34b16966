"""HTML lives in templates: no Python module of the app builds markup from f-strings or string concatenation, and
none marks a string safe by hand (`format_html` only where a tag must; it escapes its arguments)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP = {"tests", "bench", ".venv", "node_modules", "migrations"}
APP_FILES = sorted(p for p in ROOT.rglob("*.py")
                   if not SKIP.intersection(p.relative_to(ROOT).parts) and not p.name.startswith("."))
# An opening or closing tag, a comment or an SVG/HTML element with attributes: '<p>', '</li>', '<g class=...'.
TAG = re.compile(r"<(/?[a-zA-Z][a-zA-Z0-9]*)(\s|>|/>)|<!--")


def _markup_fstrings(tree: ast.AST) -> list[int]:
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
            and TAG.search("".join(v.value for v in node.values
                                   if isinstance(v, ast.Constant) and isinstance(v.value, str)))]


def _mark_safe_calls(tree: ast.AST) -> list[int]:
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", "")) == "mark_safe"]


def test_the_scan_sees_the_app() -> None:
    names = {str(p.relative_to(ROOT)) for p in APP_FILES}
    assert {"mdo/selectors.py", "followup/preview.py", "zorgpad/pathways/registry.py"} <= names
    assert not any(n.startswith(("tests/", "bench/")) for n in names)


def test_the_scan_finds_markup_when_there_is_some() -> None:
    """The detector itself: it must catch what it is meant to catch, and leave comparisons alone."""
    tree = ast.parse('x = f\'<li class="a">{y}</li>\'\nz = mark_safe(x)\nw = f"{a} <= {b}"\nv = f"{a}<{b}"')
    assert _markup_fstrings(tree) == [1] and _mark_safe_calls(tree) == [2]


def test_no_markup_built_in_python() -> None:
    found = []
    for path in APP_FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(ROOT)}:{line} f-string markup" for line in _markup_fstrings(tree)]
        found += [f"{path.relative_to(ROOT)}:{line} mark_safe" for line in _mark_safe_calls(tree)]
    assert not found, "HTML belongs in templates: " + ", ".join(found)
