"""The forum's messages: both languages, the same placeholders, and no code shared with another
stage (the message modules are merged into one dict: a shared code would replace the other's text)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from cedta.messages.forum import MESSAGES

FOLDER = Path(__file__).resolve().parents[1] / "cedta" / "messages"


def _codes(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            if getattr(target, "id", "") == "MESSAGES" and isinstance(node.value, ast.Dict):
                found |= {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
    return found


def test_no_code_shared_with_another_stage():
    mine = set(MESSAGES)
    for path in FOLDER.glob("*.py"):
        if path.name not in ("forum.py", "__init__.py"):
            assert not mine & _codes(path), path.name


def test_both_languages_with_the_same_placeholders():
    for code, (en, fr) in MESSAGES.items():
        assert en and fr, code
        assert set(re.findall(r"{(\w+)", en)) == set(re.findall(r"{(\w+)", fr)), code
