"""The command line's shared part: the Typer app, the global options (--data, --lang, --today), the
settings they make, the exit codes and the helpers every command group uses (`fail`, `data_root`,
`selected_files`, `vocabulary`).

Each command group lives in a module of its own beside this one and imports only this module; heavy
modules are imported inside the commands that need them, so that `cedta --help` stays fast."""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from cedta import __version__

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="cedta",
    help="Technical assistance for community economic development: the directory of providers, "
    "the hubs and the clients' plans, on plain YAML files.\n\n"
    "Assistance technique pour le DÉC : répertoire des fournisseurs, centres et plans des clients, "
    "sur des fichiers YAML.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    text = "text"
    json = "json"


@dataclass
class Settings:
    data: Path
    lang: str
    today: dt.date


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cedta {__version__}")
        raise typer.Exit()


def _parse_lang(value: str) -> str:
    """en or fr; also takes EN, fr_CA, fr_CA.UTF-8 (as locale variables are written)."""
    code = (value or "en").strip().lower()[:2]
    if code not in ("en", "fr") or (len(value) > 2 and value[2] not in "_-."):
        raise typer.BadParameter(f"expected en or fr, got {value!r} / en ou fr attendu, reçu {value!r}")
    return code


def _parse_today(value: Optional[str]) -> Optional[str]:
    if value is not None:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise typer.BadParameter(f"expected a date YYYY-MM-DD, got {value!r} / date attendue au "
                                     f"format AAAA-MM-JJ, reçu {value!r}") from None
    return value


@app.callback()
def main_options(
    ctx: typer.Context,
    data: Annotated[Path, typer.Option("--data", envvar="CEDTA_DATA", help="Data directory. / Dossier de données.",
                                       show_default=True)] = Path("data"),
    lang: Annotated[str, typer.Option("--lang", envvar="CEDTA_LANG", callback=_parse_lang,
                                      metavar="en|fr",
                                      help="Language of messages and labels: en or fr. / Langue des messages : en ou fr.")] = "en",
    today: Annotated[Optional[str], typer.Option(
        "--today", envvar="CEDTA_TODAY", callback=_parse_today, metavar="YYYY-MM-DD",
        help="Take this date as today (reproducible checks). / Prendre cette date pour aujourd'hui.")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit. / Affiche la version.")] = False,
) -> None:
    ctx.obj = Settings(data=data, lang=lang,
                       today=dt.date.fromisoformat(today) if today else dt.date.today())


# ---- shell completion of ids and terms (cedta --install-completion) ----

def _completion_root(ctx: typer.Context) -> Path:
    root = ctx.find_root()
    given = root.params.get("data") if root.params else None
    return Path(given or os.environ.get("CEDTA_DATA") or "data")


def _stems(folder: Path, incomplete: str) -> list[str]:
    try:
        return sorted(p.stem for p in folder.iterdir()
                      if p.suffix == ".yaml" and not p.name.startswith(".") and p.stem.startswith(incomplete))
    except OSError:
        return []


def complete_client(ctx: typer.Context, incomplete: str) -> list[str]:
    """Client ids from the data directory's file names (no file is parsed)."""
    return _stems(_completion_root(ctx) / "clients", incomplete)


def complete_provider(ctx: typer.Context, incomplete: str) -> list[str]:
    return _stems(_completion_root(ctx) / "providers", incomplete)


def complete_hub(ctx: typer.Context, incomplete: str) -> list[str]:
    return _stems(_completion_root(ctx) / "hubs", incomplete)


def complete_service(ctx: typer.Context, incomplete: str) -> list[str]:
    """`provider/service`: the provider from file names, then the service ids read from its file."""
    folder = _completion_root(ctx) / "providers"
    if "/" not in incomplete:
        return [f"{p}/" for p in _stems(folder, incomplete)]
    provider, _, start = incomplete.partition("/")
    import re

    try:
        text = (folder / f"{provider}.yaml").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    ids = re.findall(r"^  - id: ([a-z0-9][a-z0-9-]*)\s*$", text, flags=re.M)
    return [f"{provider}/{i}" for i in ids if i.startswith(start)]


def complete_term(category: str):
    """A completion callback for terms of one vocabulary category (built-in plus data/vocab.yaml)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from cedta.records.vocab import builtin

        terms = sorted(builtin().terms(category)) if category in builtin().categories else []
        extra = _completion_root(ctx) / "vocab.yaml"
        if extra.is_file():
            import re

            text = extra.read_text(encoding="utf-8", errors="replace")
            block = re.search(rf"^{category}:\n((?:[ #].*\n|\n)*)", text, flags=re.M)
            if block:
                terms += re.findall(r"^  ([a-z0-9][a-z0-9-]*):", block.group(1), flags=re.M)
        return sorted({t for t in terms if t.startswith(incomplete)})

    return complete


def fail(code: str, lang: str, **params) -> typer.Exit:
    from cedta.messages import render_message

    typer.echo(f"cedta: {render_message(code, params, lang)}", err=True)
    return typer.Exit(EXIT_USAGE)


def data_root(settings: Settings):
    from cedta.io.store import DataRoot, StoreError

    root = DataRoot(settings.data)
    try:
        root.check()
    except StoreError as exc:
        raise fail(exc.code, settings.lang, path=exc.path) from None
    return root


def selected_files(root, paths: list[Path], lang: str):
    """The record files named on the command line (files or folders), or None for all."""
    from cedta.io.store import StoreError

    if not paths:
        return None
    chosen = []
    for p in paths:
        if not p.exists() and not p.is_symlink():
            raise fail("no-such-path", lang, path=str(p))
        try:
            if p.is_dir():
                absolute = Path(os.path.abspath(p))
                if not root.inside(absolute) and absolute != root.path:
                    raise StoreError("outside-data", str(p), root=str(root.given))
                chosen += [f for f in root.files() if f.path == absolute or absolute in f.path.parents]
            else:
                chosen.append(root.record_file(p))
        except StoreError as exc:
            raise fail(exc.code, lang, path=exc.path, **exc.params) from None
    return chosen


def vocabulary(settings: Settings):
    """The built-in vocabulary plus data/vocab.yaml when the data directory has one."""
    from cedta.records.vocab import builtin

    vocab_terms = builtin()
    vocab_file = settings.data / "vocab.yaml"
    if vocab_file.is_file():
        from cedta.records import checks

        root = data_root(settings)
        ds = checks.load_dataset([root.read(root.record_file(vocab_file))], vocab_terms)
        if any(d.severity == "error" for d in ds.diagnostics):
            from cedta.render import diagnostic_line

            for d in ds.diagnostics:
                typer.echo(diagnostic_line(d, settings.lang), err=True)
            raise typer.Exit(EXIT_DATA)
        vocab_terms = ds.vocab
    return vocab_terms


def main() -> None:
    """The `cedta` entry point."""
    import cedta.cli  # noqa: F401 - registers every command group on `app`

    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
