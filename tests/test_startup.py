"""`cedta --help`, `cedta COMMAND --help` and small commands start quickly, and what makes them quick
(cedta.cli.startup) changes nothing they print: help and usage errors load Typer's renderer without
rich.markdown, markdown-it nor rich.traceback; text, path and flag values are read without pydantic;
a French run that prints no help loads no renderer at all. No timing here: the figures are benchmarks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Run the CLI in a fresh interpreter and report which modules it loaded.
_RUN = """
import json, sys
args = json.loads(sys.argv[1])
{before}
from cedta.cli import main
out = []
for words in args:
    sys.argv = ['cedta', *words]
    try:
        main()
    except SystemExit:
        pass
mods = sorted(m for m in sys.modules if m.split('.')[0] in ('markdown_it', 'pydantic', 'pydantic_core')
              or m in ('rich.markdown', 'rich.traceback', 'typer.rich_utils', 'typer._adapters'))
sys.stderr.write('\\nMODULES ' + json.dumps(mods) + '\\n')
"""


def _run(*runs: list[str], before: str = "", env: dict | None = None):
    full = {k: v for k, v in os.environ.items() if not k.startswith(("CEDTA_", "FORCE_COLOR", "PY_COLORS"))}
    full.update({"COLUMNS": "100", "TERMINAL_WIDTH": "100", **(env or {})})
    r = subprocess.run([sys.executable, "-c", _RUN.format(before=before), json.dumps(list(runs))],
                       capture_output=True, text=True, timeout=60, cwd=ROOT, env=full)
    line = [x for x in r.stderr.splitlines() if x.startswith("MODULES ")]
    assert line, r.stdout[-2000:] + r.stderr[-2000:]
    return r.stdout, r.stderr.rsplit("\nMODULES ", 1)[0], set(json.loads(line[-1][len("MODULES "):]))


def test_help_and_usage_errors_load_neither_markdown_nor_tracebacks_nor_pydantic():
    out, err, mods = _run(["--help"], ["match", "--help"], ["--lang", "fr", "--help"], ["plan", "add", "--help"],
                          ["--bogus"], ["--lang", "fr", "match", "--bogus"], ["--today", "2026-02-30", "show"])
    assert "typer.rich_utils" in mods, (out, err)  # the rich renderer is still the one that draws
    assert not mods & {"rich.markdown", "markdown_it", "rich.traceback", "pydantic", "typer._adapters"}, mods
    assert out.count("╭─ Options") == 4 and err.count("╭─ Error") == 2 and err.count("╭─ Erreur") == 1, out + err


def test_small_commands_load_no_help_renderer():
    out, _, mods = _run(["--version"], ["--lang", "fr", "--version"])
    assert out.splitlines()[0].startswith("cedta ") and not mods, mods


def test_help_and_errors_print_the_same_with_the_real_markdown_and_traceback_modules():
    """The stand-ins change nothing: the same runs with rich.markdown and rich.traceback loaded first
    (so Typer's renderer gets the real ones) print the same bytes, in colour and without."""
    runs = [["--lang", "fr", "plan", "add", "--help"], ["--help"], ["--lang", "fr", "match", "--bogus"],
            ["report", "--help"], ["step"]]
    for env in ({}, {"FORCE_COLOR": "1"}):
        light = _run(*runs, env=env)
        real = _run(*runs, before="import rich.markdown, rich.traceback", env=env)
        assert "rich.markdown" in real[2] and "rich.markdown" not in light[2]
        assert light[:2] == real[:2]
        assert "Commandes" in light[0] and "Erreur" in light[1] and "Utilisation" in light[1], light


def test_the_stand_ins_hand_over_to_rich_when_used():
    code = """
import sys
import cedta.cli
from typer import rich_utils
assert 'rich.markdown' not in sys.modules and 'rich.traceback' not in sys.modules
from rich.console import Console
console = Console(width=40, record=True, color_system=None)
console.print(rich_utils._make_rich_text(text='**bold** and `code`', markup_mode='markdown'))
import rich.markdown, rich.traceback
assert rich.markdown.__file__ and not getattr(rich.markdown.Markdown, '_cedta_lazy', False)
assert isinstance(rich_utils.Markdown('x'), rich.markdown.Markdown)
try:
    1 / 0
except ZeroDivisionError as exc:
    tb = rich_utils.Traceback.from_exception(type(exc), exc, exc.__traceback__)
assert isinstance(tb, rich.traceback.Traceback)
holders = sorted(name for name, mod in list(sys.modules.items())
                 for value in list(getattr(mod, '__dict__', {}).values())
                 if isinstance(value, type) and value.__dict__.get('_cedta_lazy') is True)
print('TEXT', console.export_text().strip())
print('HOLDERS', holders)
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "TEXT bold and code" in r.stdout  # rendered as Markdown, not shown as **bold**
    assert "HOLDERS ['typer.rich_utils', 'typer.rich_utils']" in r.stdout, r.stdout


def test_french_reaches_the_renderer_loaded_during_the_run_and_goes_with_the_run():
    """The renderer's French words wait for it to load, and only while the French run lasts."""
    _, err, mods = _run(["--lang", "fr", "match", "--bogus"])
    assert "typer.rich_utils" in mods
    assert "Utilisation : cedta match" in err and "╭─ Erreur" in err and "Essayez « cedta match -h »" in err, err
    _, err, mods = _run(["--lang", "fr", "--version"], ["--bogus"])
    assert "typer.rich_utils" in mods
    assert "No such option" in err and "Usage:" in err and "Erreur" not in err and "Utilisation" not in err


def test_values_without_pydantic_keep_typers_meaning(tmp_path):
    """Text, paths and flags are read without pydantic; a number still goes through Typer's own check."""
    import typer
    from typer.testing import CliRunner

    import cedta.cli  # noqa: F401 - installs the plain reading of values

    demo = typer.Typer()

    @demo.command()
    def run(name: str, where: Path = Path("data"), count: int = 1, flag: bool = False) -> None:
        typer.echo(json.dumps([name, type(where).__name__, str(where), count, flag]))

    runner = CliRunner()
    r = runner.invoke(demo, ["abc", "--where", str(tmp_path), "--count", "3", "--flag"])
    assert r.exit_code == 0 and json.loads(r.stdout) == ["abc", "PosixPath" if os.name != "nt" else "WindowsPath",
                                                         str(tmp_path), 3, True], r.output
    r = runner.invoke(demo, ["abc"])
    assert json.loads(r.stdout)[1:] == [type(Path("data")).__name__, "data", 1, False]
    r = runner.invoke(demo, ["abc", "--count", "many"])
    assert r.exit_code == 2 and "--count" in r.output and "integer" in r.output, r.output


def test_ctrl_c_while_the_command_line_loads_ends_quietly():
    """Fuzz pass 2 (session 6), D: Ctrl-C in the first few tenths of a second printed a traceback
    from the middle of an import. The interrupt is made to happen exactly there."""
    import subprocess
    import sys

    code = ("import sys\n"
            "class Interrupt:\n"
            "    @staticmethod\n"
            "    def find_spec(name, path=None, target=None):\n"
            "        if name == 'cedta.cli':\n"
            "            raise KeyboardInterrupt\n"
            "sys.meta_path.insert(0, Interrupt)\n"
            "from cedta.entry import main\n"
            "main()\n")
    r = subprocess.run([sys.executable, "-c", code, "--help"], capture_output=True, timeout=60)
    assert r.returncode == 130 and b"Traceback" not in r.stderr, r.stderr.decode(errors="replace")


def test_the_command_list_is_in_one_language():
    """Newcomer pass 9, S9-1: need, plan, export and import read "English / Français" in the English
    command list, the other commands English only."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "COLUMNS": "200"}
    for lang, other in (("en", "Les besoins d'un client"), ("fr", "A client's needs")):
        out = subprocess.run([sys.executable, "-m", "cedta", "--lang", lang, "--help"], capture_output=True,
                             text=True, env=env).stdout
        listed = out[out.index("Comman"):]
        assert other not in listed and " / " not in listed, listed


def test_a_command_summary_in_the_help_list_is_one_paragraph():
    """Newcomer 11, NC11-7: Typer's renderer kept the docstring's line ends in the command list,
    breaking "supply risks;" from "unmet demand" mid-sentence."""
    out, _, _ = _run(["--help"], env={"COLUMNS": "240", "TERMINAL_WIDTH": "240"})
    line = next(x for x in out.splitlines() if "│ gaps " in x)
    assert "supply risks; unmet demand; levers ranked by needs met" in line, out
    assert "a file (cedta's lines are added" in next(x for x in out.splitlines() if "│ init " in x)
