"""Guards over the package's own code that no behaviour test would catch at once."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "cedta"


def test_no_module_defines_a_top_level_name_twice():
    """Review 9, F0: a second `_met` in forum/gaps.py replaced the levers' test, and every need of a
    gap counted as met by any change. A top-level function or class defined twice is always a slip."""
    twice = []
    for path in sorted(PACKAGE.rglob("*.py")):
        seen: dict[str, int] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if node.name in seen:
                    twice.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name} "
                                 f"(first at {seen[node.name]})")
                seen[node.name] = node.lineno
    assert not twice, twice
