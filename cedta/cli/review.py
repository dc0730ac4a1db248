"""Commands for reviewers and a new network: diff (what a change does to the network) and init."""

# No `from __future__ import annotations`: typer would eval every annotation string at start-up.

import os
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from cedta.cli.app import (
    EXIT_DATA, EXIT_OK, Settings, app, data_root, fail, write_reason,
)


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
    root = data_root(settings)
    # The records read live until the command ends and hold no cycles: keep the cycle collector
    # from walking them again and again while both sides are read and validated (at 50,000
    # clients, 0.4 s of a 1.6 s diff), and from walking them once more at the end (`freeze`
    # before `enable`: the objects made meanwhile are not handed to a first-generation pass).
    import gc

    gc.disable()
    try:
        _diff(settings, root, base, head, format)
    finally:
        gc.freeze()
        gc.enable()


def _diff(settings: Settings, root, base: Optional[str], head: Optional[str], format: DiffFormat) -> None:
    from cedta.review import diff as d
    from cedta.io import revisions
    from cedta.review import diffrender
    from cedta.io.gitrepo import GitError

    try:
        repo = _repo_asking_once().around(root.path)
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
        # only the files that changed, the directory, and the clients a risk needs (git knows)
        sides = revisions.changed_sides(root, repo, base_commit, head_commit)
        head_results = sides.head
        head_label = "working tree" if head_commit is None else head
        others = revisions.other_files(root, repo, base_commit, head_commit)
    except GitError as exc:
        raise fail(exc.code, settings.lang, **exc.params) from None
    from cedta.io import cache

    memo = (lambda key: cache.recall_blob(root, "diff-directory", key),
            lambda key, value: cache.keep_blob(root, "diff-directory", key, value))
    old, old_errors, new, new_errors = d.snapshot_sides(base_label, head_label, sides, memo)
    comparison = d.compare(old, new)
    comparison.problems = [("base", e) for e in old_errors] + [("head", e) for e in new_errors]
    comparison.other_files = others

    from cedta.records import checks

    vocab = checks.load_dataset([r for r in head_results if r.file.kind == "vocab"]).vocab
    render = {DiffFormat.text: diffrender.as_text, DiffFormat.markdown: diffrender.as_markdown,
              DiffFormat.json: diffrender.as_json}[format]
    typer.echo(render(comparison, settings.lang, vocab))
    raise typer.Exit(EXIT_DATA if new_errors else EXIT_OK)


def _repo_asking_once():
    """A `Repo` that runs `git diff` once for the records and the other files of one diff
    (at 50,000 files, each `git diff` of the working tree costs about 0.1 s)."""
    from dataclasses import dataclass, field

    from cedta.io.gitrepo import Repo

    @dataclass(frozen=True)
    class OnceRepo(Repo):
        asked: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

        def changed_paths(self, base: str, head: Optional[str], folder: str) -> list:
            if (base, head, folder) not in self.asked:
                self.asked[base, head, folder] = super().changed_paths(base, head, folder)
            return list(self.asked[base, head, folder])

    return OnceRepo


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

    from cedta.review import scaffold
    from cedta.io.store import write_output

    directory = Path(os.path.abspath(directory))
    if directory.exists() and not directory.is_dir():
        raise fail("init-not-dir", settings.lang, path=str(directory))
    name = name or directory.name.replace("-", " ").replace("_", " ").strip() or "Network"
    network_id = network_id or scaffold.slug(name)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", network_id):
        raise typer.BadParameter("use lowercase letters, digits and hyphens", param_hint="--id")
    planned = scaffold.files(network_id, name)
    for rel in planned:
        target = directory / rel
        if target.exists() or target.is_symlink():
            raise fail("init-exists", settings.lang, path=str(target))
    for rel, text in planned.items():
        try:
            write_output(directory / rel, text)
        except OSError as exc:
            raise fail("write-failed", settings.lang, path=str(directory / rel),
                        reason=write_reason(exc, settings.lang)) from None
    from cedta.messages import render_message

    if git:
        from cedta.io.gitrepo import GitError, Repo

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


