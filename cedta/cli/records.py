"""Commands on the records themselves: validate, schema, vocab, fmt."""

# No `from __future__ import annotations`: typer would eval every annotation string at start-up.

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from cedta.cli.app import (
    EXIT_DATA, EXIT_OK, Format, Settings, _in_root, app, data_root, fail, inside_data, loading, not_a_folder,
    selected_files, vocabulary, write_reason,
)


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
    root = data_root(settings)
    selected = selected_files(root, paths or [], settings.lang)

    from cedta.diagnostics import ERROR, WARNING, Diagnostic
    from cedta.render import diagnostic_line, diagnostics_json, summary_line

    directory = list(root.files({"network", "vocab", "provider", "hub"}))
    if selected is None:
        clients = list(root.files({"client"}))
    else:
        # Clients refer to the directory and hubs, never to each other: read only the chosen ones,
        # without listing every client file (50,000 of them cost most of a one-file validate).
        clients = list({f.path: f for f in selected if f.kind == "client"}.values())
    files = directory + clients
    from cedta.records import sweep

    identities, diagnostics = _identities(root)
    with loading(len(files), settings.lang) as progress:
        found, _ = sweep.sweep(root, directory, clients, settings.today,
                               root.shown(root.path / "network.yaml"), identities, progress)
    diagnostics += found
    from cedta.records.checks import file_name_leaks, identity_marks, loose_text_leaks

    if identities:  # a client's name, phone or e-mail in a provider, hub, network or vocabulary file
        # (hostile 11, 1; 15, H15-22), remembered while those files and the store are unchanged
        from cedta.clients.identity import directory_leaks

        diagnostics += directory_leaks(root, unreadable=False)

    strays = list(root.strays())
    loose = [_stray(root, p) for p in strays]
    named = {root.shown(p): p for p in strays}
    loose += _misplaced(root, {d.path for d in diagnostics if d.severity == ERROR})
    for p, text in root.loose_texts():
        named[root.shown(p)] = p
        if text is None:  # too many loose files, or one too big: said, rather than pass in silence
            loose.append(Diagnostic(WARNING, "loose-files-not-all-read", root.shown(p), 1, 1, {}))
            continue
        loose += loose_text_leaks(text, root.shown(p))
    from cedta.records.checks import directory_stray_leaks

    stray_marks = identity_marks(identities) if identities else None
    for p, text in root.directory_stray_texts():  # `providers/ids.txt`: git shares it (hostile 15, H15-10)
        named[root.shown(p)] = p
        if text is None:
            loose.append(Diagnostic(WARNING, "loose-files-not-all-read", root.shown(p), 1, 1, {}))
            continue
        loose += directory_stray_leaks(text, root.shown(p), stray_marks)
    leaks = file_name_leaks([(p.name, shown) for shown, p in named.items()], identities or {})
    if leaks:
        from cedta.io.gitrepo import ignores_path

        loose += [d for d in leaks if not ignores_path(named[d.path])]  # in no commit, no pull request
    diagnostics += sorted(loose, key=Diagnostic.sort_key)
    diagnostics += [Diagnostic(WARNING, "leftover-temp", root.shown(p), 1, 1, {"name": p.name})
                    for p in root.leftovers()]
    shown_count = len(files)
    if selected is not None:
        wanted = {f.shown for f in selected}
        # a folder named keeps what is said of the files and folders in it that are not records
        # (`validate data/clients` in a pre-commit hook passed a clients/old/ full of records:
        # hostile pass 10b, 6)
        folders = [root.shown(_in_root(root, p, folder=True)) for p in paths or [] if p.is_dir()]
        # (an unreadable identity store leaves the files' name checks undone: said with them)
        diagnostics = [d for d in diagnostics if d.path in wanted or d.code == "identity-store-unreadable"
                       or any(d.path.startswith(f.rstrip("/") + "/") for f in folders)]
        shown_count = len(wanted)
    if format is Format.json:
        typer.echo(diagnostics_json(diagnostics, shown_count, settings.lang, strict=strict))
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


def _stray(root, p):
    """The warning about a file or folder in a record folder that cedta does not read; a folder
    holding .yaml files (`data/clients/old/`) is said with their count: records missing from
    every command, or a copy that belongs outside the data folder."""
    from cedta.diagnostics import WARNING, Diagnostic
    from cedta.io.store import _listing

    if not p.is_dir() or p.is_symlink():
        import re

        stem, dot, ext = p.name.rpartition(".")
        right = f"{stem.lower()}.yaml"
        if dot and ext.lower() in ("yaml", "yml") and not stem.startswith(".") and right != p.name \
                and re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", stem.lower()):
            # `c-2026-0005.yml`: a record no command reads (status, the report...): its right name
            return Diagnostic(WARNING, "stray-record-rename", root.shown(p), 1, 1,
                              {"name": p.name, "right": root.shown(p.parent / right)})
        return Diagnostic(WARNING, "stray-file", root.shown(p), 1, 1, {"name": p.name})
    count = sum(1 for n in _listing(p) or () if n.lower().endswith((".yaml", ".yml")))
    if count:
        return Diagnostic(WARNING, "stray-folder-records", root.shown(p), 1, 1,
                          {"name": p.name, "count": count, "folder": root.shown(p.parent)})
    return Diagnostic(WARNING, "stray-folder", root.shown(p), 1, 1, {"name": p.name})


def _ignores_all(path) -> bool:
    """Whether a .gitignore in data/.private/ ignores everything there: a `*` line and no `!` line
    taking a file back (read as text, not by git)."""
    try:
        lines = [x.strip() for x in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    except OSError:
        return False
    return "*" in lines and not any(x.startswith("!") for x in lines)


def _ignored_beside(root) -> bool:
    """Whether a .gitignore of the data folder or of its parent (the repository `cedta init` makes)
    names `.private` (read as text, not by git: a look, not a proof)."""
    for folder in (root.path, root.path.parent):
        try:
            text = (folder / ".gitignore").read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if any(".private" in line and not line.lstrip().startswith(("#", "!")) for line in text.splitlines()):
            return True
    return False


def _identities(root) -> tuple[dict, list]:
    """The identity store of this machine (client id -> identity), for checking each client file
    against its own client's identity; and a warning when the store cannot be read."""
    import re

    from cedta.diagnostics import ERROR, WARNING, Diagnostic

    private = root.path / ".private"
    if not private.is_dir():
        if os.path.lexists(private):  # a file there: not git-ignored, and no store can be kept
            return {}, [Diagnostic(ERROR, "client-private-not-folder", root.shown(private), 1, 1,
                                   {"path": root.shown(private)})]
        return {}, []
    found = []
    if not _ignores_all(private / ".gitignore") and not _ignored_beside(root):  # git may take the store
        found.append(Diagnostic(WARNING, "private-not-ignored", root.shown(private), 1, 1, {}))
    from cedta.io.gitrepo import tracked_under

    tracked = [t for t in tracked_under(private) or ()  # forced in once: every `commit -a` takes it again
               if t.rsplit("/", 1)[-1] not in (".gitignore", ".clients.lock")]  # (those hold no name)
    if tracked:
        found.append(Diagnostic(ERROR, "private-tracked", root.shown(private), 1, 1,
                                {"count": len(tracked), "files": " ".join(tracked[:5])}))
    from cedta.clients import identity
    from cedta.records.checks import shown_key
    from cedta.clients.context import ClientError

    try:
        store = identity.load_store(root)
        odd = identity.odd_entries(root)
        unshaped = identity.unshaped_fields(root)
        unread = identity.unread_fields(root)
    except (ClientError, OSError, ValueError, RecursionError) as exc:  # said, and validate goes on
        # (review 10, V17: any exception, a bug too, read as "the store cannot be read")
        code = getattr(exc, "code", "")
        what = {"identity-store-bad-yaml": "store-not-yaml", "identity-store-not-utf8": "store-not-utf8",
                "identity-store-not-mapping": "store-not-mapping",
                "identity-store-too-large": "store-too-large", "identity-store-link": "store-link",
                "identity-store-duplicate": "store-duplicate",
                "identity-store-alias": "store-alias",
                "identity-store-same-client": "store-same-client"}.get(code, "store-unusable")
        params = getattr(exc, "params", {})
        # an error: every client file then goes unchecked against the names it holds
        return {}, found + [Diagnostic(ERROR, "identity-store-unreadable", root.shown(identity.store_path(root)),
                                       params.get("line", 1), params.get("column", 1), {"what": what})]
    store = store if isinstance(store, dict) else {}
    shown_store = root.shown(identity.store_path(root))
    import stat as _stat

    for path, wanted in ((private, 0o700), (identity.store_path(root), 0o600)):  # (hostile 12, #8)
        try:
            mode = _stat.S_IMODE(path.stat().st_mode)
        except OSError:
            continue
        if mode & 0o077 and sys.platform != "win32":
            found.append(Diagnostic(WARNING, "private-mode", root.shown(path), 1, 1,
                                    {"mode": f"{mode:o}", "wanted": f"{wanted:o}", "path": root.shown(path)}))
    for key, line in odd:  # the id is shown when it is one (a name typed as a key is not)
        found.append(Diagnostic(WARNING, "identity-entry-not-fields", shown_store, line, 1,
                                {"id": key if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", key) else "…"}))
    for key, field in unshaped:  # `name: {first: Amira}`: read as its words, said so
        found.append(Diagnostic(WARNING, "identity-field-not-text", shown_store, 1, 1,
                                {"id": key if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", key) else "…",
                                 "field": shown_key(field)}))
    for key, field in unread:  # `telefon:`: a number guarded nowhere (hostile 15, H15-2)
        found.append(Diagnostic(WARNING, "identity-field-unread", shown_store, 1, 1,
                                {"id": key if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", key) else "…",
                                 "field": shown_key(field),
                                 "fields": ", ".join(identity.FIELDS)}))
    for key, entry in store.items():  # a terminal escape in a name: `show --identity` printed it raw
        if isinstance(entry, dict) and any(isinstance(v, str) and re.search(
                "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", v) for v in entry.values()):
            found.append(Diagnostic(WARNING, "identity-control-character", shown_store, 1, 1,
                                    {"id": key if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", key) else "…"}))
    clients = root.path / "clients"
    orphans = sorted(cid for cid in store if not (clients / f"{cid}.yaml").exists())
    # a key that is not an id may be a name typed by hand: counted, never printed
    named = [cid for cid in orphans if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", cid)]
    if orphans:  # a client file gone: its identity stays until `cedta forget KEY` removes it
        found.append(Diagnostic(WARNING, "identity-without-client", root.shown(identity.store_path(root)), 1, 1,
                                {"ids": ", ".join(named[:10]) + (" ..." if len(named) > 10 else "")
                                 + (("; " if named else "") + f"+{len(orphans) - len(named)}"
                                    if len(orphans) > len(named) else ""),
                                 "count": len(orphans)}))
    return store, found


_FOLDER_OF = {"client": "clients", "provider": "providers", "hub": "hubs"}


def _misplaced(root, with_errors: set) -> list:
    """Warnings for records out of their folder: a YAML file or folder of YAML in the data folder
    itself (never read), and a record file with errors (`with_errors`: shown paths) in another
    kind's folder (refused key by key), each with the folder it belongs in when its keys tell."""
    from cedta.diagnostics import WARNING, Diagnostic
    from cedta.io.store import FOLDERS
    from cedta.records.checks import looks_like

    def kind_of(path) -> str | None:
        import stat

        try:  # a regular file only: a pipe named x.yaml would wait forever for a writer
            if not stat.S_ISREG(os.lstat(path).st_mode):
                return None
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as f:
                return looks_like(f.read(64_000).decode("utf-8", "replace"))
        except OSError:
            return None

    found = []
    for p in root.misplaced():
        if p.is_dir() and p.name + "s" not in FOLDERS:
            # a copy (`clients-2026-10-backup/`): moving it into data/clients/ would overwrite
            # today's files; it belongs outside the data folder
            found.append(Diagnostic(WARNING, "records-folder-out", root.shown(p), 1, 1, {"name": p.name}))
            continue
        stem = p.name.lower().rsplit(".", 1)[0]
        if not p.is_dir() and stem in ("network", "vocab"):  # `network.yml`, `Network.YAML`
            found.append(Diagnostic(WARNING, "record-file-rename", root.shown(p), 1, 1,
                                    {"name": p.name, "right": f"{stem}.yaml"}))
            continue
        kind = FOLDERS[p.name + "s"] if p.is_dir() else kind_of(p)
        if kind is None:  # nothing tells where it belongs: where records are read, said whole
            found.append(Diagnostic(WARNING, "record-file-out", root.shown(p), 1, 1, {"name": p.name}))
            continue
        found.append(Diagnostic(WARNING, "record-out-of-folder", root.shown(p), 1, 1,
                                {"name": p.name, "folder": _FOLDER_OF[kind]}))
    for folder, kind in FOLDERS.items():  # a provider copied into hubs/: said where it belongs
        if kind == "client":  # (50,000 files read twice for it: a record there is refused key by key)
            continue
        prefix = root.prefix(root.path / folder)
        for shown in sorted(with_errors):
            name = shown[len(prefix):] if shown.startswith(prefix) else ""
            if not name.endswith(".yaml") or "/" in name or name.startswith("."):
                continue
            other = kind_of(root.path / folder / name)
            if other is not None and other != kind:
                found.append(Diagnostic(WARNING, f"record-in-wrong-folder-{other}",
                                        root.shown(root.path / folder / name), 1, 1, {"folder": _FOLDER_OF[other]}))
    return found


@app.command()
def schema(
    ctx: typer.Context,
    kind: Annotated[Optional[str], typer.Argument(
        help="network, vocab, provider, hub or client (default: all). / network, vocab, provider, hub "
        "ou client (par défaut : tous).")] = None,
    out: Annotated[Optional[Path], typer.Option(
        "--out", help="Folder for <kind>.schema.json files (default: schemas/ beside the data "
        "directory); '-' prints one kind. / Dossier des fichiers <type>.schema.json (par défaut : "
        "schemas/ à côté du dossier de données) ; « - » affiche un type.")] = None,
) -> None:
    """Export JSON Schema for each record kind, with the vocabulary in force as enums.

    Exporte le schéma JSON de chaque type d'enregistrement, avec le vocabulaire en vigueur.
    """
    settings: Settings = ctx.obj
    import json

    from cedta.records import model

    from cedta.messages import render_message

    if kind is not None and kind not in model.KINDS:
        raise typer.BadParameter(render_message("unknown-kind", {
            "value": kind, "choices": ", ".join(model.KINDS)}, settings.lang), param_hint="KIND")
    terms = vocabulary(settings).ids()
    if out is not None and str(out) == "-":
        if kind is None:
            raise typer.BadParameter(render_message("out-dash-needs-kind", {}, settings.lang),
                                     param_hint="--out")
        typer.echo(json.dumps(model.json_schema(kind, terms), ensure_ascii=False, indent=2))
        return
    from cedta.io.store import write_output

    folder = out if out is not None else Path(os.path.abspath(settings.data)).parent / "schemas"
    if inside_data(settings, folder):  # a schema there would be read as a stray file, and committed
        raise fail("schema-out-in-data", settings.lang, path=str(folder), data=str(settings.data))
    from cedta.messages import render_message

    # --out names a folder: a file, a pipe or a device there (or above it) is said as such, not
    # as the system's "File exists" / "Not a directory" about a schema file inside it
    blocker = next((p for p in (folder, *folder.parents) if os.path.lexists(p) and not p.is_dir()), None)
    if blocker is not None:
        raise fail("write-failed", settings.lang, path=str(folder),
                   reason=not_a_folder(blocker, settings.lang))
    if out is None and os.path.islink(folder):  # a clone may carry `schemas` as a link anywhere
        raise fail("write-failed", settings.lang, path=str(folder),
                   reason=render_message("schema-default-link", {"target": os.path.realpath(folder)}, settings.lang))
    kinds = [kind] if kind else list(model.KINDS)
    linked = next((folder / f"{k}.schema.json" for k in kinds if os.path.islink(folder / f"{k}.schema.json")), None)
    if linked is not None:  # said before any file is written, not after four of five
        raise fail("write-failed", settings.lang, path=str(linked),
                   reason=render_message("out-not-regular-link", {}, settings.lang))
    for k in kinds:
        target = folder / f"{k}.schema.json"
        text = json.dumps(model.json_schema(k, terms), ensure_ascii=False, indent=2) + "\n"
        try:
            write_output(target, text)
        except OSError as exc:
            raise fail("write-failed", settings.lang, path=str(target),
                        reason=write_reason(exc, settings.lang)) from None
        typer.echo(os.path.relpath(target))


@app.command()
def vocab(
    ctx: typer.Context,
    category: Annotated[Optional[str], typer.Argument(help="topics, modes, levels, populations, ...")] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="text or json. / text ou json.")] = Format.text,
) -> None:
    """List the vocabulary in force (built-in terms plus data/vocab.yaml), in English and French.

    Liste le vocabulaire en vigueur, en anglais et en français.
    """
    settings: Settings = ctx.obj
    from cedta.render import vocab_rows

    vocab_terms = vocabulary(settings)
    if category is not None and category not in vocab_terms.categories:
        # a category named as the messages name it, in either language (`régions`, `moments`,
        # `modes d'admission`, `client kinds`: newcomer 15, N15-11)
        from cedta.messages import CATEGORIES
        from cedta.records.vocab import fold

        named = {fold(w).replace(" ", "_"): cid for cid, words in CATEGORIES.items() for w in (*words, cid)}
        category = named.get(fold(category).replace(" ", "_").replace("’", "'"), category)
    if category is not None and category not in vocab_terms.categories:
        from cedta.messages import render_message

        raise typer.BadParameter(render_message("unknown-category", {
            "value": category, "choices": ", ".join(vocab_terms.categories)}, settings.lang),
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


@app.command()
def fmt(
    ctx: typer.Context,
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Files or folders inside the data directory (default: every record). / Fichiers ou dossiers (par défaut : tous).")] = None,
    check: Annotated[bool, typer.Option(
        "--check", help="Change nothing: list the files that would change; exit 1 if any. / Ne change rien : liste les fichiers à remettre en forme.")] = False,
    format: Annotated[Format, typer.Option("--format", "-f", help="text or json. / text ou json.")] = Format.text,
) -> None:
    """Lay record files out in the canonical form: schema key order, quoting, comments kept.

    Met les fichiers dans la forme canonique : ordre des clés du schéma, guillemets, commentaires gardés.
    """
    settings: Settings = ctx.obj
    root = data_root(settings)
    selected = selected_files(root, paths or [], settings.lang)
    files = selected if selected is not None else list(root.files())

    from cedta.diagnostics import ERROR, WARNING, Diagnostic
    from cedta.review.fmt import Formatted, format_text
    from cedta.messages import render_message
    from cedta.render import diagnostic_line
    from cedta.io.cache import known_canonical, remember_canonical
    from cedta.io.store import StoreError
    from cedta.io.yamlread import MAX_BYTES, YamlProblem

    changed: list[str] = []
    problems: list[Diagnostic] = []
    large: list[Diagnostic] = []
    for rf in files:
        text = ""
        try:
            text = root.text_of(rf)
            # the canonical set is keyed by content: the kind goes in too (it decides the key order)
            if known_canonical(root, f"{rf.kind}\n{text}"):
                continue
            result = format_text(text, rf.kind)
        except YamlProblem as problem:
            result = Formatted("", problem=problem)
        if result.problem is None and len(result.text.encode("utf-8")) > MAX_BYTES:
            # never write a file the reader would then refuse
            result = Formatted(text, problem=YamlProblem(
                "fmt-too-large", size=len(result.text.encode("utf-8")), limit=MAX_BYTES))
        if result.problem is not None:
            p = result.problem
            if p.code == "fmt-too-many-values":  # a valid record too long to lay out: left as it is,
                # said, and not a failure of `--check` (the pre-commit hook refused a file that
                # validate and every writer take: hostile pass 10, J)
                large.append(Diagnostic(WARNING, p.code, rf.shown, p.line, p.column, dict(p.params)))
                continue
            problems.append(Diagnostic(ERROR, p.code, rf.shown, p.line, p.column, dict(p.params)))
            continue
        if not result.changed:
            remember_canonical(root, f"{rf.kind}\n{text}")
            continue
        if not check:
            try:
                # written only if the file is still what was read: an edit saved meanwhile wins
                root.write_text(rf.path, result.text, expected=text)
            except StoreError as exc:
                if exc.code != "changed-on-disk":
                    raise fail(exc.code, settings.lang, path=exc.path, **exc.params) from None
                problems.append(Diagnostic(ERROR, "fmt-changed-on-disk", rf.shown, 1, 1, {}))
                continue
            remember_canonical(root, f"{rf.kind}\n{result.text}")  # fmt's output is canonical
        changed.append(rf.shown)
    counts = {"changed": len(changed), "failed": len(problems), "large": len(large),
              "unchanged": len(files) - len(changed) - len(problems) - len(large)}
    if format is Format.json:
        import json

        typer.echo(json.dumps({
            "ok": not problems and not (check and changed),
            "check": check,
            "files": len(files),
            "changed": changed,
            "problems": [{"path": d.path, "line": d.line, "column": d.column, "code": d.code,
                          "message": d.message(settings.lang)} for d in problems],
            "left_as_is": [{"path": d.path, "code": d.code, "message": d.message(settings.lang)} for d in large],
        }, ensure_ascii=False, indent=2))
    else:
        for shown in changed:
            typer.echo(shown)
        for d in problems + large:
            typer.echo(diagnostic_line(d, settings.lang), err=True)
        typer.echo(render_message("fmt-check" if check else "fmt-done", counts, settings.lang) +
                   (render_message("fmt-large", counts, settings.lang) if large else ""),
                   err=True)
    raise typer.Exit(EXIT_DATA if problems or (check and changed) else EXIT_OK)


