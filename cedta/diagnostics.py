"""Diagnostics: one finding about one place in one file, with its message in English and French.

A diagnostic carries a code and parameters; the text is built in the reader's language when it is
rendered, so checks stay pure and both languages come from one catalogue (`messages.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    severity: str  # "error" or "warning"
    code: str
    path: str  # relative to the data root's parent, with forward slashes
    line: int = 1
    column: int = 1
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def message(self, lang: str = "en") -> str:
        from cedta.messages import render_message

        return render_message(self.code, self.params, lang)

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code)

