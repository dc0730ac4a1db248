"""The package's layering holds as it grows: a lower layer never imports a higher one, nothing below
the command line imports typer or rich or prints, command modules do not import each other, and
`cedta --help` loads none of the heavy modules."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "cedta"

# What each part of the package may import from cedta (besides itself). Top-level modules
# (messages, diagnostics, render, suppress, numbers) are reachable from everywhere.
TOP = {"messages", "diagnostics", "render", "suppress", "suggest", "numbers", "__init__"}
MAY_IMPORT = {
    "io": set(),
    "records": {"io"},
    "review": {"records", "io"},
    "match": {"records", "io"},
    "clients": {"match", "records", "io"},
    "forum": {"match", "clients", "review", "records", "io"},
    "interop": {"forum", "review", "records", "io"},
}
UI = ("typer", "rich", "click")


def _part(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            if node.module == "cedta":
                found += [(node.lineno, f"cedta.{a.name}") for a in node.names]
    return found


def _modules():
    return [p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts]


def test_a_lower_layer_never_imports_a_higher_one():
    wrong = []
    for path in _modules():
        part = _part(path)
        if part in ("cli", "__main__", "entry"):  # the entry points load the command line
            continue
        allowed = MAY_IMPORT.get(part, set()) | TOP | {part}
        for line, name in _imports(path):
            pieces = name.split(".")
            if pieces[0] != "cedta" or len(pieces) < 2:
                continue
            if pieces[1] not in allowed:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_top_level_modules_import_no_stage():
    for name in ("messages", "diagnostics", "render"):
        path = PACKAGE / f"{name}.py" if (PACKAGE / f"{name}.py").exists() else PACKAGE / name
        files = [path] if path.is_file() else sorted(path.rglob("*.py"))
        for f in files:
            for line, mod in _imports(f):
                parts = mod.split(".")
                assert parts[0] != "cedta" or len(parts) < 2 or parts[1] in TOP, f"{f}:{line} imports {mod}"


def test_nothing_below_the_command_line_uses_typer_or_rich_or_prints():
    wrong = []
    for path in _modules():
        if _part(path) in ("cli", "__main__"):
            continue
        for line, name in _imports(path):
            if name.split(".")[0] in UI:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                f = node.func
                if isinstance(f, ast.Name) and f.id in ("print", "input", "breakpoint"):
                    wrong.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} calls {f.id}()")
                if (isinstance(f, ast.Attribute) and f.attr == "write" and isinstance(f.value, ast.Attribute)
                        and f.value.attr in ("stdout", "stderr")):
                    wrong.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} writes to the terminal")
    assert not wrong, "\n".join(wrong)


def test_command_modules_do_not_import_each_other():
    cli = PACKAGE / "cli"
    groups = {p.stem for p in cli.glob("*.py")} - {"__init__", "app", "startup"}  # app, startup: shared
    wrong = []
    for path in cli.glob("*.py"):
        if path.stem in ("__init__",):
            continue
        for line, name in _imports(path):
            pieces = name.split(".")
            if pieces[:2] == ["cedta", "cli"] and len(pieces) > 2 and pieces[2] in groups:
                wrong.append(f"cli/{path.name}:{line} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_help_loads_no_heavy_module():
    """`cedta --help` must stay fast: no pydantic, ruamel, YAML, record modules before a command runs."""
    code = (
        "import sys\n"
        "from cedta.cli import app\n"
        "try:\n    app(['--help'], prog_name='cedta')\n"
        "except SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core', 'ruamel', 'yaml', 'jinja2', 'tabulate', 'filelock')\n"
        "               or m.startswith(('cedta.records', 'cedta.io', 'cedta.review', 'cedta.match', 'cedta.clients', 'cedta.forum', 'cedta.interop')))\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=PACKAGE.parent)
    line = [x for x in out.stdout.splitlines() if x.startswith("HEAVY")]
    assert line == ["HEAVY []"], out.stdout[-2000:] + out.stderr[-2000:]
