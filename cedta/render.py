"""Turns result objects into text: terminal lines, JSON. No decisions are made here."""

from __future__ import annotations

import json
from typing import Any

from cedta.diagnostics import ERROR, WARNING, Diagnostic

def diagnostic_line(d: Diagnostic, lang: str = "en") -> str:
    """`path:line:column: severity code: message`; the severity word stays English for tools."""
    return f"{d.path}:{d.line}:{d.column}: {d.severity} {d.code}: {d.message(lang)}"


def tally(diagnostics: list[Diagnostic]) -> tuple[int, int]:
    """(errors, warnings), counting those a `more-problems` line stands for, not the line itself."""
    errors = warnings = 0
    for d in diagnostics:
        if d.code == "more-problems" and "errors" in d.params:
            errors += d.params["errors"]
            warnings += d.params.get("warnings", 0)
        elif d.code == "more-problems" and "count" in d.params:
            errors += d.params["count"]
        elif d.severity == ERROR:
            errors += 1
        elif d.severity == WARNING:
            warnings += 1
    return errors, warnings


def summary_line(diagnostics: list[Diagnostic], files: int, lang: str = "en") -> str:
    errors, warnings = tally(diagnostics)
    if lang == "fr":
        def n(count: int, word: str, none: str) -> str:
            return none if count == 0 else f"{count} {word}" + ("s" if count > 1 else "")

        checked = "fichier vérifié" if files <= 1 else "fichiers vérifiés"
        return (f"{files} {checked} : {n(errors, 'erreur', 'aucune erreur')}, "
                f"{n(warnings, 'avertissement', 'aucun avertissement')}")
    return f"{files} file(s) checked: {errors} error(s), {warnings} warning(s)"


def diagnostics_json(diagnostics: list[Diagnostic], files: int, lang: str = "en", strict: bool = False) -> str:
    """The findings as JSON; `ok` is what the exit code says (warnings count under --strict)."""
    errors, warnings = tally(diagnostics)
    payload: dict[str, Any] = {
        "ok": errors == 0 and not (strict and warnings),
        "strict": strict,
        "files": files,
        "errors": errors,
        "warnings": warnings,
        "diagnostics": [
            {
                "severity": d.severity,
                "code": d.code,
                "path": d.path,
                "line": d.line,
                "column": d.column,
                "message": d.message(lang),
            }
            for d in diagnostics
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def vocab_rows(vocab, category: str | None) -> list[tuple[str, str, str, str]]:
    rows = []
    for cat, terms in vocab.categories.items():
        if category and cat != category:
            continue
        for term in terms.values():
            if not term.hidden:
                rows.append((cat, term.id, term.en, term.fr))
    return rows
