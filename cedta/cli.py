"""The command line: parse options, call one operation, render, exit with 0 (ok), 1 (data errors) or
2 (usage or I/O). Heavy modules are imported inside the commands that need them."""

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
    add_completion=False,
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


def _fail(code: str, lang: str, **params) -> typer.Exit:
    from cedta.messages import render_message

    typer.echo(f"cedta: {render_message(code, params, lang)}", err=True)
    return typer.Exit(EXIT_USAGE)


def _data_root(settings: Settings):
    from cedta.store import DataRoot, StoreError

    root = DataRoot(settings.data)
    try:
        root.check()
    except StoreError as exc:
        raise _fail(exc.code, settings.lang, path=exc.path) from None
    return root


def _selected_files(root, paths: list[Path], lang: str):
    """The record files named on the command line (files or folders), or None for all."""
    from cedta.store import StoreError

    if not paths:
        return None
    chosen = []
    for p in paths:
        if not p.exists() and not p.is_symlink():
            raise _fail("no-such-path", lang, path=str(p))
        try:
            if p.is_dir():
                absolute = Path(os.path.abspath(p))
                if not root.inside(absolute) and absolute != root.path:
                    raise StoreError("outside-data", str(p), root=str(root.given))
                chosen += [f for f in root.files() if f.path == absolute or absolute in f.path.parents]
            else:
                chosen.append(root.record_file(p))
        except StoreError as exc:
            raise _fail(exc.code, lang, path=exc.path, **exc.params) from None
    return chosen


@app.command()
def validate(
    ctx: typer.Context,
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Files or folders inside the data directory to report on (default: all). / Fichiers ou dossiers à vérifier (par défaut : tous).")] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="text or json. / text ou json.")] = Format.text,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too. / Code de sortie 1 aussi pour les avertissements.")] = False,
) -> None:
    """Check every record: schema, cross-references and the report's rules.

    Vérifie chaque enregistrement : schéma, renvois et règles du rapport.
    """
    settings: Settings = ctx.obj
    root = _data_root(settings)
    selected = _selected_files(root, paths or [], settings.lang)

    from cedta import checks
    from cedta.diagnostics import ERROR, WARNING, Diagnostic
    from cedta.render import diagnostic_line, diagnostics_json, summary_line

    files = list(root.files())
    if selected is not None:
        # Clients refer to the directory and hubs, never to each other: read only the chosen ones.
        chosen = {f.path for f in selected}
        files = [f for f in files if f.kind != "client" or f.path in chosen]
    results = [root.read(f) for f in files]
    dataset = checks.load_dataset(results)
    diagnostics = checks.validate(dataset, settings.today, root.shown(root.path / "network.yaml"))
    diagnostics += [Diagnostic(WARNING, "stray-file", root.shown(p), 1, 1, {"name": p.name})
                    for p in root.strays()]
    shown_count = len(files)
    if selected is not None:
        wanted = {f.shown for f in selected}
        diagnostics = [d for d in diagnostics if d.path in wanted]
        shown_count = len(wanted)
    if format is Format.json:
        typer.echo(diagnostics_json(diagnostics, shown_count, settings.lang))
    else:
        color = sys.stdout.isatty()
        for d in diagnostics:
            line = diagnostic_line(d, settings.lang)
            if color:
                line = typer.style(line, fg="red" if d.severity == ERROR else "yellow")
            typer.echo(line)
        typer.echo(summary_line(diagnostics, shown_count, settings.lang))
    errors = any(d.severity == ERROR for d in diagnostics)
    warnings = any(d.severity == WARNING for d in diagnostics)
    raise typer.Exit(EXIT_DATA if errors or (strict and warnings) else EXIT_OK)


@app.command()
def schema(
    ctx: typer.Context,
    kind: Annotated[Optional[str], typer.Argument(
        help="network, vocab, provider, hub or client (default: all).")] = None,
    out: Annotated[Optional[Path], typer.Option(
        "--out", help="Folder for <kind>.schema.json files (default: schemas/ beside the data "
        "directory); '-' prints one kind.")] = None,
) -> None:
    """Export JSON Schema for each record kind, with the vocabulary in force as enums.

    Exporte le schéma JSON de chaque type d'enregistrement, avec le vocabulaire en vigueur.
    """
    settings: Settings = ctx.obj
    import json

    from cedta import model

    if kind is not None and kind not in model.KINDS:
        raise typer.BadParameter(f"unknown kind {kind!r}; choose from {', '.join(model.KINDS)}",
                                 param_hint="KIND")
    terms = _vocabulary(settings).ids()
    if out is not None and str(out) == "-":
        if kind is None:
            raise typer.BadParameter("name a KIND to print with --out -", param_hint="--out")
        typer.echo(json.dumps(model.json_schema(kind, terms), ensure_ascii=False, indent=2))
        return
    from cedta.store import write_output

    folder = out if out is not None else Path(os.path.abspath(settings.data)).parent / "schemas"
    for k in [kind] if kind else list(model.KINDS):
        target = folder / f"{k}.schema.json"
        text = json.dumps(model.json_schema(k, terms), ensure_ascii=False, indent=2) + "\n"
        try:
            write_output(target, text)
        except OSError as exc:
            raise _fail("write-failed", settings.lang, path=str(target),
                        reason=exc.strerror or str(exc)) from None
        typer.echo(os.path.relpath(target))


def _vocabulary(settings: Settings):
    """The built-in vocabulary plus data/vocab.yaml when the data directory has one."""
    from cedta.vocab import builtin

    vocab_terms = builtin()
    vocab_file = settings.data / "vocab.yaml"
    if vocab_file.is_file():
        from cedta import checks

        root = _data_root(settings)
        ds = checks.load_dataset([root.read(root.record_file(vocab_file))], vocab_terms)
        if any(d.severity == "error" for d in ds.diagnostics):
            from cedta.render import diagnostic_line

            for d in ds.diagnostics:
                typer.echo(diagnostic_line(d, settings.lang), err=True)
            raise typer.Exit(EXIT_DATA)
        vocab_terms = ds.vocab
    return vocab_terms


@app.command()
def vocab(
    ctx: typer.Context,
    category: Annotated[Optional[str], typer.Argument(help="topics, modes, levels, populations, ...")] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="text or json.")] = Format.text,
) -> None:
    """List the vocabulary in force (built-in terms plus data/vocab.yaml), in English and French.

    Liste le vocabulaire en vigueur, en anglais et en français.
    """
    settings: Settings = ctx.obj
    from cedta.render import vocab_rows

    vocab_terms = _vocabulary(settings)
    if category is not None and category not in vocab_terms.categories:
        raise typer.BadParameter(
            f"unknown category {category!r}; choose from {', '.join(vocab_terms.categories)}",
            param_hint="CATEGORY")
    rows = vocab_rows(vocab_terms, category)
    if format is Format.json:
        import json

        typer.echo(json.dumps([dict(zip(("category", "id", "en", "fr"), r)) for r in rows],
                              ensure_ascii=False, indent=2))
        return
    from tabulate import tabulate

    headers = ["catégorie", "id", "anglais", "français"] if settings.lang == "fr" else \
        ["category", "id", "English", "French"]
    typer.echo(tabulate(rows, headers=headers))


# ---- review commands (fmt, diff, init) ----

@app.command()
def fmt(
    ctx: typer.Context,
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Files or folders inside the data directory (default: every record). / Fichiers ou dossiers (par défaut : tous).")] = None,
    check: Annotated[bool, typer.Option(
        "--check", help="Change nothing: list the files that would change; exit 1 if any. / Ne change rien : liste les fichiers à remettre en forme.")] = False,
    format: Annotated[Format, typer.Option("--format", "-f", help="text or json.")] = Format.text,
) -> None:
    """Lay record files out in the canonical form: schema key order, quoting, comments kept.

    Met les fichiers dans la forme canonique : ordre des clés du schéma, guillemets, commentaires gardés.
    """
    settings: Settings = ctx.obj
    root = _data_root(settings)
    selected = _selected_files(root, paths or [], settings.lang)
    files = selected if selected is not None else list(root.files())

    from cedta.diagnostics import ERROR, Diagnostic
    from cedta.fmt import Formatted, format_text
    from cedta.messages import render_message
    from cedta.render import diagnostic_line
    from cedta.store import StoreError
    from cedta.yamlread import YamlProblem

    changed: list[str] = []
    problems: list[Diagnostic] = []
    for rf in files:
        try:
            result = format_text(root.text_of(rf), rf.kind)
        except YamlProblem as problem:
            result = Formatted("", problem=problem)
        if result.problem is not None:
            p = result.problem
            problems.append(Diagnostic(ERROR, p.code, rf.shown, p.line, p.column, dict(p.params)))
            continue
        if not result.changed:
            continue
        changed.append(rf.shown)
        if not check:
            try:
                root.write_text(rf.path, result.text)
            except StoreError as exc:
                raise _fail(exc.code, settings.lang, path=exc.path, **exc.params) from None
    counts = {"changed": len(changed), "failed": len(problems),
              "unchanged": len(files) - len(changed) - len(problems)}
    if format is Format.json:
        import json

        typer.echo(json.dumps({
            "ok": not problems and not (check and changed),
            "check": check,
            "files": len(files),
            "changed": changed,
            "problems": [{"path": d.path, "line": d.line, "column": d.column, "code": d.code,
                          "message": d.message(settings.lang)} for d in problems],
        }, ensure_ascii=False, indent=2))
    else:
        for shown in changed:
            typer.echo(shown)
        for d in problems:
            typer.echo(diagnostic_line(d, settings.lang), err=True)
        typer.echo(render_message("fmt-check" if check else "fmt-done", counts, settings.lang),
                   err=True)
    raise typer.Exit(EXIT_DATA if problems or (check and changed) else EXIT_OK)


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
def diff(
    ctx: typer.Context,
    base: Annotated[Optional[str], typer.Argument(
        help="Revision to compare from (default: the merge base with main). / Révision de départ (par défaut : la base commune avec main).")] = None,
    head: Annotated[Optional[str], typer.Argument(
        help="Revision to compare to (default: the working tree). / Révision d'arrivée (par défaut : la copie de travail).")] = None,
    format: Annotated[DiffFormat, typer.Option(
        "--format", "-f", help="text, markdown (a pull request comment) or json. / text, markdown (commentaire de demande de fusion) ou json.")] = DiffFormat.text,
) -> None:
    """What changed in the network between two git revisions, record by record, and the risks.

    Ce qui a changé dans le réseau entre deux révisions git, enregistrement par enregistrement.
    """
    settings: Settings = ctx.obj
    root = _data_root(settings)

    from cedta import diff as d
    from cedta import diffrender, revisions
    from cedta.gitrepo import GitError, Repo

    try:
        repo = Repo.around(root.path)
        if not repo.has_head():
            raise GitError("no-commit-yet")
        if base is None:
            main_branch = repo.main_branch()
            base_commit = repo.merge_base(main_branch, "HEAD")
            base_label = f"{base_commit[:7]} ({main_branch})"
        else:
            base_commit = repo.commit(base)
            base_label = base
        head_commit = repo.commit(head) if head is not None else None
        base_results = revisions.at_revision(root, repo, base_commit)
        if head_commit is None:
            head_results, head_label = revisions.in_working_tree(root), "working tree"
        else:
            head_results, head_label = revisions.at_revision(root, repo, head_commit), head
        others = revisions.other_files(root, repo, base_commit, head_commit)
    except GitError as exc:
        raise _fail(exc.code, settings.lang, **exc.params) from None
    old, old_errors = d.snapshot(base_label, base_results)
    new, new_errors = d.snapshot(head_label, head_results)
    comparison = d.compare(old, new)
    comparison.problems = [("base", e) for e in old_errors] + [("head", e) for e in new_errors]
    comparison.other_files = others

    from cedta import checks

    vocab = checks.load_dataset([r for r in head_results if r.file.kind == "vocab"]).vocab
    render = {DiffFormat.text: diffrender.as_text, DiffFormat.markdown: diffrender.as_markdown,
              DiffFormat.json: diffrender.as_json}[format]
    typer.echo(render(comparison, settings.lang, vocab))
    raise typer.Exit(EXIT_DATA if new_errors else EXIT_OK)


@app.command()
def init(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Folder of the new repository (created if missing). / Dossier du nouveau dépôt.")],
    name: Annotated[Optional[str], typer.Option(
        "--name", help="The network's name (default: from the folder name). / Nom du réseau.")] = None,
    network_id: Annotated[Optional[str], typer.Option(
        "--id", help="The network's id, a slug (default: from the name). / Identifiant du réseau.")] = None,
    git: Annotated[bool, typer.Option(
        "--git/--no-git", help="Run git init when the folder is not in a repository yet. / Lancer git init au besoin.")] = True,
) -> None:
    """Start a new network's data repository: data folders, network.yaml, vocab.yaml, record
    templates, JSON Schemas, .gitignore, pre-commit and CI configuration. Never overwrites a file.

    Crée le dépôt de données d'un nouveau réseau. N'écrase jamais un fichier.
    """
    settings: Settings = ctx.obj
    import re

    from cedta import scaffold
    from cedta.store import write_output

    directory = Path(os.path.abspath(directory))
    if directory.exists() and not directory.is_dir():
        raise _fail("init-not-dir", settings.lang, path=str(directory))
    name = name or directory.name.replace("-", " ").replace("_", " ").strip() or "Network"
    network_id = network_id or scaffold.slug(name)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", network_id):
        raise typer.BadParameter("use lowercase letters, digits and hyphens", param_hint="--id")
    planned = scaffold.files(network_id, name)
    for rel in planned:
        target = directory / rel
        if target.exists() or target.is_symlink():
            raise _fail("init-exists", settings.lang, path=str(target))
    for rel, text in planned.items():
        try:
            write_output(directory / rel, text)
        except OSError as exc:
            raise _fail("write-failed", settings.lang, path=str(directory / rel),
                        reason=exc.strerror or str(exc)) from None
    from cedta.messages import render_message

    if git:
        from cedta.gitrepo import GitError, Repo

        try:
            Repo.around(directory)
        except GitError as exc:
            if exc.code == "git-missing":
                typer.echo(render_message("init-no-git", {}, settings.lang), err=True)
            else:
                try:
                    Repo(directory).init()
                    typer.echo(render_message("init-git", {"path": str(directory)}, settings.lang),
                               err=True)
                except GitError as failure:
                    typer.echo(render_message(failure.code, failure.params, settings.lang), err=True)
    import shlex

    for rel in planned:
        typer.echo(str(directory / rel))
    lang = settings.lang
    typer.echo(render_message("init-done", {"path": str(directory), "count": len(planned)}, lang),
               err=True)
    copy = "cp {} {}".format(shlex.quote(str(directory / "templates" / "provider.yaml")),
                             shlex.quote(str(directory / "data" / "providers" / "<id>.yaml")))
    check = "cedta --data {} validate".format(shlex.quote(str(directory / "data")))
    for code, params in (("init-next-records", {"command": copy}),
                         ("init-next-validate", {"command": check}),
                         ("init-next-package", {})):
        typer.echo(render_message(code, params, lang), err=True)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
