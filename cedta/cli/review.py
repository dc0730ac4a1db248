"""Commands for reviewers and a new network: diff (what a change does to the network) and init."""

# No `from __future__ import annotations`: typer would eval every annotation string at start-up.

import errno
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

    repo = None
    try:
        repo = _repo_asking_once().around(root.path)
        if not repo.has_head():
            raise GitError("no-commit-on-branch" if repo.has_commits() else "no-commit-yet")
        if base is not None and head is None and ".." in base:
            # a range as `git diff` takes it: A..B compares A with B, A...B the merge base with B;
            # an end left out is HEAD
            three = "..." in base
            left, _, right = base.partition("..." if three else "..")
            left, head = left or "HEAD", right or "HEAD"
            base = repo.merge_base(repo.commit(left), repo.commit(head))[:12] if three else left
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
        private: list = []
        others = revisions.other_files(root, repo, base_commit, head_commit, private)
    except GitError as exc:
        params = dict(exc.params)
        if exc.code in ("bad-revision", "no-main-branch", "no-merge-base") and repo is not None \
                and repo.shallow():  # a CI checkout: the commit is there, only not fetched
            params["hint_code"] = "hint-shallow-clone"
        raise fail(exc.code, settings.lang, **params) from None
    from cedta.io import cache

    memo = (lambda key: cache.recall_blob(root, "diff-directory", key),
            lambda key, value: cache.keep_blob(root, "diff-directory", key, value))
    old, old_errors, new, new_errors = d.snapshot_sides(base_label, head_label, sides, memo)
    if old.network is None and not old.providers and not old.hubs and (new.providers or new.hubs) \
            and not old_errors:
        # nothing at this path at BASE: a folder moved or added since, not a network's every record new
        from cedta.messages import render_message

        ignored = repo.ignored(repo.relative(root.path))  # no commit holds it: .gitignore names it
        said = render_message("diff-folder-ignored" if ignored else "diff-base-empty",
                              {"base": base_label, "path": root.shown(root.path)}, settings.lang)
        typer.echo(f"cedta: {said}", err=True)
    comparison = d.compare(old, new)
    comparison.problems = [("base", e) for e in old_errors] + [("head", e) for e in new_errors]
    comparison.other_files = others
    # the identity store in a commit: every name and phone in git's history, for every clone; said
    # first among the risks, by its path alone (hostile 14, 7)
    # (not yet in git, not ignored either: the next `git add -A` takes it)
    comparison.risks[:0] = [d.Risk("risk-private-untracked" if status == "?" else "risk-private-committed", "file",
                                   path, {"path": path}) for status, path in private]
    # (the directory files this change touches: an unchanged one was in the base already, and at
    # 2,000 providers and 50,000 names the search of them all costs seconds)
    leaked = _identities_in_directory(root, [r for r in head_results if (r.file.kind, r.file.stem) not in sides.unchanged],
                                      comparison)
    comparison.risks[len(private):len(private)] = leaked

    from cedta.records import checks

    vocab = checks.load_dataset([r for r in head_results if r.file.kind == "vocab"]).vocab
    render = {DiffFormat.text: diffrender.as_text, DiffFormat.markdown: diffrender.as_markdown,
              DiffFormat.json: diffrender.as_json}[format]
    typer.echo(render(comparison, settings.lang, vocab))
    raise typer.Exit(EXIT_DATA if new_errors or any(r.params.get("what") != "name" for r in leaked) else EXIT_OK)


def _identities_in_directory(root, results: list, comparison) -> list:
    """A provider, hub or network file of the head side that writes a client's name, phone or
    e-mail as this machine's identity store records it: a risk each, by file and line only, listed
    first; and the record is named by its id, not by a name that holds it (the pull request's
    comment printed "Immigrants hub (Zora Quill 613-555-0177)", 0 risks: hostile 15, H15-12)."""
    from cedta.clients import identity
    from cedta.clients.context import ClientError
    from cedta.records.checks import directory_identity_leaks, identity_marks
    from cedta.review import diff as d

    try:
        store = identity.load_store(root)
    except (ClientError, OSError, ValueError):
        return []
    if not store:
        return []
    results = [r for r in results if r.file.kind in ("provider", "hub", "network", "vocab") and r.document is not None]
    if not results:
        return []
    marks = identity_marks(store)
    risks = []
    for r in results:
        leaks = directory_identity_leaks(r.document, r.file.shown, marks)
        for leak in leaks:
            where = f"{leak.path}:{leak.line}"
            what = leak.params.get("what", "name")
            risks.append(d.Risk(f"risk-identity-in-directory-{what}", "file", where, {"path": where, "what": what}))
        if not leaks:
            continue
        stem, kind = r.file.stem, r.file.kind
        if kind == "provider":
            comparison.names[stem] = {"en": stem}
            for key in [k for k in comparison.labels if k.startswith(stem + "/")]:
                comparison.labels[key] = {"en": key}
        elif kind == "hub":
            comparison.labels[f"hub:{stem}"] = {"en": stem}
        for change in comparison.records:  # said by its id
            if (change.kind == kind and change.id == stem) or (kind == "provider" and change.parent == stem):
                change.name = None
    return risks


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
        "--name", help="The network's name, in English (default: from the folder name). / Nom du réseau, en anglais.")] = None,
    name_fr: Annotated[Optional[str], typer.Option(
        "--name-fr", metavar="NAME", help="The network's name in French (default: the same as --name). / Nom du réseau en français.")] = None,
    network_id: Annotated[Optional[str], typer.Option(
        "--id", metavar="ID", help="The network's id, a slug (default: from the name). / Identifiant du réseau.")] = None,
    git: Annotated[Optional[bool], typer.Option(
        "--git/--no-git", show_default=False,
        help="Run git init (default: when the folder is in no repository; inside another repository, "
             "one of the two is required). / Lancer git init (par défaut : hors de tout dépôt ; dans un "
             "autre dépôt, l’un des deux est requis).")] = None,
) -> None:
    """Start a new network's data repository: data folders, network.yaml, vocab.yaml, record
    templates, JSON Schemas, .gitignore, pre-commit and CI configuration. Never overwrites a file
    (cedta's lines are added to a .gitignore that exists). The files' comments are in the language
    of --lang.

    Crée le dépôt de données d'un nouveau réseau (commentaires dans la langue de --lang).
    N'écrase jamais un fichier.
    """
    settings: Settings = ctx.obj
    lang = settings.lang
    from cedta.messages import render_message
    from cedta.review import scaffold

    directory = Path(os.path.abspath(directory))
    if any(ord(c) < 32 or c == "\x7f" for c in str(directory)):  # a line break in a folder's name:
        # every command printed after it cannot be pasted (hostile 14, 12)
        raise fail("init-path-control", lang, path=str(directory).encode("unicode_escape").decode("ascii")[:200])
    try:
        os.stat(directory)
    except FileNotFoundError:
        pass
    except OSError as exc:  # a name over 255 bytes, a path too long, a folder above it unreadable
        if exc.errno not in (errno.ENOENT, errno.ENOTDIR):
            raise fail("write-failed", lang, path=str(directory)[:200] + ("…" if len(str(directory)) > 200 else ""),
                       reason=write_reason(exc, lang)) from None
    if directory.is_symlink() and not directory.exists():  # a link to nothing: writing through it failed
        raise fail("init-dangling-link", lang, path=str(directory), target=os.readlink(directory))
    if directory.exists() and not directory.is_dir():
        raise fail("init-not-dir", lang, path=str(directory))
    name_en, name_fr, network_id = _init_names(directory, name, name_fr, network_id, lang)
    _refuse_existing_network(directory, lang)
    repo, git_missing = _enclosing_repository(directory)
    nested = repo is not None and os.path.realpath(repo.root) != os.path.realpath(directory)
    if nested and git is None:
        raise fail("init-inside-repo", lang, path=str(directory), repo=str(repo.root))

    planned = scaffold.files(network_id, name_en, name_fr, lang)
    gitignore = directory / ".gitignore"
    existing_ignore = None
    if gitignore.exists() or gitignore.is_symlink():
        if gitignore.is_symlink() or not gitignore.is_file():
            raise fail("init-gitignore-not-file", lang, path=str(gitignore))
        try:
            existing_ignore = gitignore.read_bytes()
        except OSError as exc:
            raise fail("write-failed", lang, path=str(gitignore), reason=write_reason(exc, lang)) from None
    for rel in planned:
        target = directory / rel
        if rel != ".gitignore" and (target.exists() or target.is_symlink()):
            raise fail("init-exists", lang, path=str(target))
    # a file where a folder goes (`templates`, `data`): found before anything is written, not after
    # half the repository (whose next run then said "already holds a network": hostile 13, 25)
    for rel in list(planned) + list(scaffold.FOLDERS):
        for parent in (directory / rel).relative_to(directory).parents:
            there = directory / parent
            if str(parent) != "." and (there.is_symlink() or there.exists()) and not there.is_dir():
                raise fail("init-not-dir", lang, path=str(there))

    from cedta.io.store import write_output

    written, added = [], None
    try:
        for rel, text in planned.items():
            target = directory / rel
            if rel == ".gitignore" and existing_ignore is not None:
                merged, added = scaffold.gitignore_merged(existing_ignore, lang)
                if added:
                    write_output(target, merged)
                continue
            write_output(target, text)
            written.append(rel)
        for folder in scaffold.FOLDERS:
            target = directory / folder
            target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise fail("write-failed", lang, path=str(target), reason=write_reason(exc, lang)) from None

    if git is not False and (repo is None or nested):
        from cedta.io.gitrepo import GitError, Repo

        if git_missing:
            typer.echo(render_message("init-no-git", {}, lang), err=True)
        else:
            try:
                Repo(directory).init()
                typer.echo(render_message("init-git", {"path": str(directory)}, lang), err=True)
                if nested:
                    typer.echo(render_message("init-nested-git", {"path": str(directory),
                                                                  "repo": str(repo.root)}, lang), err=True)
            except GitError as failure:
                typer.echo(render_message(failure.code, failure.params, lang), err=True)
    elif nested:
        typer.echo(render_message("init-nested-files", {"path": str(directory), "repo": str(repo.root)},
                                  lang), err=True)
    import shlex

    for rel in written:
        typer.echo(str(directory / rel))
    if existing_ignore is not None:
        code = "init-gitignore-added" if added else "init-gitignore-kept"
        typer.echo(render_message(code, {"path": str(gitignore), "lines": " ".join(added or ())}, lang),
                   err=True)
    typer.echo(render_message("init-done", {"path": str(directory), "count": len(written)}, lang),
               err=True)
    if name_fr == name_en:
        typer.echo(render_message("init-next-name", {"name": name_en,
                                                     "path": str(directory / "data" / "network.yaml")},
                                  lang), err=True)
    copy = "cp {} {}".format(shlex.quote(str(directory / "templates" / "provider.yaml")),
                             shlex.quote(str(directory / "data" / "providers" / "<id>.yaml")))
    check = "cedta --data {} validate".format(shlex.quote(str(directory / "data")))
    layout = "cedta --data {} fmt".format(shlex.quote(str(directory / "data")))
    for code, params in (("init-next-records", {"command": copy}),
                         ("init-next-validate", {"command": check}),
                         ("init-next-fmt", {"command": layout}),
                         ("init-next-package", {})):
        typer.echo(render_message(code, params, lang), err=True)


def _init_names(directory: Path, name: Optional[str], name_fr: Optional[str], network_id: Optional[str],
                lang: str) -> tuple:
    """The English name, the French name (None: the same) and the id `init` writes; a value given
    empty, on several lines, too long, or an id that is not a slug is a usage error."""
    import re

    from cedta.messages import render_message
    from cedta.review import scaffold

    for value, hint in ((name, "--name"), (name_fr, "--name-fr")):
        if value is not None:
            problem = scaffold.name_problem(value)
            if problem:
                raise typer.BadParameter(render_message(problem[0], problem[1], lang), param_hint=hint)
    if name is None:
        name = name_fr or directory.name.replace("-", " ").replace("_", " ").strip() or "Network"
        if scaffold.name_problem(name):  # a folder name with a line break in it
            name = scaffold.slug(name)
    name = name.strip()
    name_fr = name_fr.strip() if name_fr is not None else name
    if network_id is not None:
        if not network_id.strip():
            raise typer.BadParameter(render_message("init-id-empty", {}, lang), param_hint="--id")
        if not re.fullmatch(scaffold.ID_PATTERN, network_id):
            shown = network_id if not scaffold.name_problem(network_id) else network_id.encode(
                "unicode_escape").decode("ascii")
            raise typer.BadParameter(render_message("init-id-bad", {"value": shown[:80]}, lang),
                                     param_hint="--id")
    return name, name_fr, network_id or scaffold.slug(name)


def _refuse_existing_network(directory: Path, lang: str) -> None:
    """Exit 2 when `directory` is a data directory, holds one in data/, or is inside one."""
    from cedta.review import scaffold

    markers = scaffold.data_markers(directory)
    if markers:
        raise fail("init-is-data", lang, path=str(directory), markers=", ".join(markers))
    markers = scaffold.data_markers(directory / "data")
    if markers:
        raise fail("init-has-network", lang, path=str(directory), data=str(directory / "data"),
                   markers=", ".join(markers))
    around = scaffold.data_directory_around(directory)
    if around is not None:
        raise fail("init-inside-data", lang, path=str(directory), data=str(around))


def _enclosing_repository(directory: Path) -> tuple:
    """The git repository `directory` is in (its own, at its root, or one above) or None, and
    whether git is missing."""
    from cedta.io.gitrepo import GitError, Repo

    try:
        return Repo.around(directory), False
    except GitError as exc:
        return None, exc.code == "git-missing"
