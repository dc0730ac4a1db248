"""Commands of the interop stage (see cedta/interop/): `cedta export hsds|csv|xlsx|sqlite` and
`cedta import hsds|providers`. Each parses its options, calls one operation, renders, picks the exit code."""

# No `from __future__ import annotations`: typer would eval every annotation string at start-up.

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from cedta.cli.app import EXIT_DATA, Settings, app, data_root, fail, inside_data, path_name_usable, write_reason

export_app = typer.Typer(
    help="Write the directory for other tools: HSDS 3.0, CSV, XLSX, SQLite.\n\n"
         "Exporter le répertoire vers d'autres outils : HSDS 3.0, CSV, XLSX, SQLite.",
    no_args_is_help=True)
import_app = typer.Typer(
    help="Read providers from other tools: HSDS 3.0, a spreadsheet.\n\n"
         "Importer des fournisseurs : HSDS 3.0, un tableur.",
    no_args_is_help=True)
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")


class HsdsFormat(str, Enum):
    csv = "csv"
    json = "json"


def _say(code: str, lang: str, err: bool = True, **params) -> None:
    from cedta.messages import render_message

    typer.echo(render_message(code, params, lang), err=err)


def _load(settings: Settings, kinds: set[str]):
    """The valid records of the data directory; exit 1 with the diagnostics when a file is broken."""
    from cedta.records import checks
    from cedta.render import diagnostic_line

    root = data_root(settings)
    results = []
    for f in root.files(kinds | {"vocab", "network"}):
        r = root.read(f)
        if f.kind == "client" and hasattr(r.document, "release"):
            r.document.release()  # read all, then loaded: until then a client's data waits as bytes
        results.append(r)
    ds = checks.load_dataset(results)
    del results
    # every check `validate` makes of these files, not only their shape: a topic typo became an HSDS
    # taxonomy term (hostile 15, H15-17); `export sqlite` refused it already
    found = checks.validate(ds, settings.today, root.shown(root.path / "network.yaml"), has_clients=bool(ds.clients))
    errors = [d for d in found if d.severity == "error"]
    if errors:
        for d in errors:
            typer.echo(diagnostic_line(d, settings.lang), err=True)
        _say("export-invalid", settings.lang, count=len(errors))
        raise typer.Exit(EXIT_DATA)
    _no_client_identities(settings, root, ds)
    if ds.clients:  # 50,000 clients: the records are kept, not their documents nor the parsed files
        from cedta.io import cache

        for entry in ds.clients.values():
            entry.doc = None
        cache.let_go(root)
    return root, ds


def _checked_client_rows(settings: Settings, make_rows):
    """The directory's records and the client tables' rows, every file checked as `cedta validate`
    checks it: any error (an unknown hub or term in a client too) refuses the export, exit 1,
    nothing written. The clients are read one at a time and let go (at 50,000 clients, keeping every
    record took 977 MB for rows of a few values each)."""
    from cedta.io import cache
    from cedta.records import checks, sweep
    from cedta.records.vocab import builtin
    from cedta.render import diagnostic_line

    root = data_root(settings)
    files = list(root.files())
    ds = checks.Dataset(vocab=builtin())
    made: dict = {}

    def visit(record, f, findings) -> None:
        if not any(d.severity == "error" for d in findings):
            rows = made.get("rows") or made.setdefault("rows", make_rows(ds))
            rows.add(record)

    found, _ = sweep.sweep(root, [f for f in files if f.kind != "client"], [f for f in files if f.kind == "client"],
                           settings.today, root.shown(root.path / "network.yaml"), keep=ds, visit=visit,
                           keep_clients=False)
    errors = [d for d in found if d.severity == "error"]
    if errors:
        for d in errors:
            typer.echo(diagnostic_line(d, settings.lang), err=True)
        _say("export-invalid", settings.lang, count=len(errors))
        raise typer.Exit(EXIT_DATA)
    _no_client_identities(settings, root, ds)
    cache.let_go(root)
    return root, ds, made.get("rows") or make_rows(ds)


def _no_client_identities(settings: Settings, root, ds) -> None:
    """An export publishes the directory: a provider, hub or network file that writes a client's
    phone or e-mail as the identity store records it refuses it, exit 1, nothing written; a
    client's name there is said (a namesake's, maybe). The HSDS package and the database had copied
    them out (hostile 15, H15-11)."""
    from cedta.clients.identity import directory_leaks
    from cedta.render import diagnostic_line

    found = directory_leaks(root)
    for d in found:
        typer.echo(diagnostic_line(d, settings.lang), err=True)
    errors = [d for d in found if d.severity == "error"]
    if errors:
        _say("export-invalid", settings.lang, count=len(errors))
        raise typer.Exit(EXIT_DATA)


def _outside_data(path: Path, settings: Settings) -> None:
    """An export is never written inside the data directory: it would be taken for a record (or a
    stray file) by `cedta validate`, and committed with the records."""
    if inside_data(settings, path):
        raise fail("export-inside-data", settings.lang, path=str(path), data=str(settings.data))


def _out_dir(path: Path, lang: str, settings: Settings | None = None) -> Path:
    path_name_usable(path, lang)
    if settings is not None:
        _outside_data(path, settings)
    if os.path.lexists(path) and not path.is_dir():
        raise fail("out-not-dir" if path.is_file() else "not-a-folder", lang, path=str(path))
    return path


def _out_file(path: Path, lang: str, settings: Settings | None = None) -> Path:
    path_name_usable(path, lang)
    if settings is not None:
        _outside_data(path, settings)
    if path.is_dir():
        raise fail("out-is-dir", lang, path=str(path))
    if path.parent != Path("") and os.path.lexists(path.parent) and not path.parent.is_dir():
        raise fail("out-not-dir" if path.parent.is_file() else "not-a-folder", lang, path=str(path.parent))
    return path


def _os_reason(exc: OSError, lang: str) -> str:
    return write_reason(exc, lang)


def _write(path: Path, text: str, lang: str) -> None:
    from cedta.io.store import write_output

    try:
        write_output(path, text)
    except OSError as exc:
        raise fail("write-failed", lang, path=str(path), reason=_os_reason(exc, lang)) from None


@export_app.command("hsds")
def export_hsds(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the package into. / Dossier où écrire le paquet.")],
    format: Annotated[HsdsFormat, typer.Option("--format", "-f", help="csv (a tabular data package) or json. / csv (paquet de données tabulaires) ou json.")] = HsdsFormat.csv,
) -> None:
    """The directory as an Open Referral HSDS 3.0 data package, or HSDS JSON.

    Le répertoire en paquet de données HSDS 3.0 d'Open Referral (CSV et datapackage.json) ou en JSON HSDS.
    """
    settings: Settings = ctx.obj
    if str(out) == "-":  # a package is a folder of files: not standard output
        raise fail("out-dash-package", settings.lang)
    out = _out_dir(out, settings.lang, settings)
    root, ds = _load(settings, {"provider"})
    import json

    from cedta.interop import hsds

    providers = [e.record for e in ds.providers.values()]
    tables = hsds.export_tables(providers, ds.vocab, settings.lang, settings.today)
    if format == HsdsFormat.json:
        services_json = hsds.json_services(tables)

        def write_services(fh) -> None:  # streamed into the file: never one string of it all
            json.dump(services_json, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

        files = {"services.json": write_services}
    else:
        files = hsds.csv_files(tables)
        files["datapackage.json"] = json.dumps(hsds.descriptor(tables), ensure_ascii=False, indent=2) + "\n"
    from cedta.interop.common import write_package

    known = {hsds.RESOURCES[name]["path"] for name in hsds.TABLES} | {"services.json", "datapackage.json"}
    if not (out / "datapackage.json").is_file():
        # a folder that holds no earlier export: its own services.csv (or any table's name) is the
        # user's, and would be replaced or removed without a word (hostile pass 11, 18)
        theirs = sorted(n for n in known - {"datapackage.json"} if (out / n).exists()
                        and not (n == "services.json" and _cedta_export(out / n, "services.json")))
        if theirs:
            raise fail("export-hsds-not-a-package", settings.lang, path=str(out), files=", ".join(theirs[:5]))
    elif not _cedta_export(out / "datapackage.json", "datapackage.json"):
        # another tool's package (a 211 export): its tables would be replaced, its locations and
        # phones left pointing at organisations that are gone (hostile 13, 15)
        raise fail("export-hsds-theirs", settings.lang, path=str(out))
    try:
        write_package(out, files, stale=known - set(files))
    except OSError as exc:
        raise fail("write-failed", settings.lang, path=str(out),
                   reason=_os_reason(exc, settings.lang)) from None
    services = sum(len(p.services) for p in providers)
    _say("export-hsds-done", settings.lang, path=str(out), count=len(providers), services=services)


def _same_name(root, pid: str, name: Any) -> bool:
    """Whether the provider `pid` of the data directory bears one of the names of `name` (a text or
    {en, fr}), compared as the organisation look-ups compare them."""
    from cedta.suggest import _org_words

    try:
        import yaml

        record = yaml.safe_load((root.path / "providers" / f"{pid}.yaml").read_text(encoding="utf-8"))
    except Exception:
        return False
    theirs = record.get("name") if isinstance(record, dict) else None
    def names(value: Any) -> set:
        values = value.values() if isinstance(value, dict) else [value]
        return {_org_words(v) for v in values if isinstance(v, str) and v.strip()}
    return bool(names(theirs) & names(name))


def _cedta_export(path: Path, name: str) -> bool:
    """Whether a `datapackage.json` or `services.json` is one cedta wrote (its `cedta_language`; its
    cedta attribute codes): only then may an export replace the package it describes."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 20)
    except OSError:
        return False
    if name == "services.json":  # (an empty list: a network with no provider yet, nothing to lose: R13-8)
        return b'"cedta/' in head or head.strip() == b"[]"
    import json

    try:
        return "cedta_language" in json.loads(head.decode("utf-8"))
    except (ValueError, TypeError, UnicodeDecodeError, RecursionError):
        return False


def _import_root(settings: Settings):
    """The data directory to import into: an existing data directory, or an existing empty folder."""
    from cedta.io.store import DataRoot

    path = settings.data
    if path.is_dir() and not any(path.iterdir()):
        return DataRoot(path)
    return data_root(settings)


def _input(path: Path, lang: str, folder_ok: bool = False) -> Path:
    """A path to read: it exists, and is a regular file (a sheet is read twice, and a pipe cannot
    be: its start was lost, and a named pipe hung) or, where a package is read, a folder."""
    import stat

    path_name_usable(path, lang, "input-unreadable")
    if not path.exists():
        raise fail("no-such-path", lang, path=str(path))
    try:
        mode = path.stat().st_mode
    except OSError:
        return path  # reading it says why
    if not (stat.S_ISREG(mode) or (folder_ok and stat.S_ISDIR(mode)) or stat.S_ISDIR(mode)):
        raise fail("input-not-package" if folder_ok else "input-not-file", lang, path=str(path))
    return path


def _input_error(exc, lang: str):
    """Exit 1 with the message of an unreadable input (InputError)."""
    from cedta.messages import render_message

    params = dict(exc.params)
    if "detail" in params:
        from cedta.messages.interop import detail_in

        params["detail"] = detail_in(lang, str(params["detail"]))
    typer.echo(f"cedta: {render_message(exc.code, params, lang)}", err=True)
    # a --sheet that names no sheet is the command's argument gone wrong (usage, 2), not the data;
    # so is a package path with no package there, named as a folder or as its descriptor (hostile 13, 27)
    return typer.Exit(2 if exc.code in ("sheet-not-found", "sheet-choose", "hsds-no-descriptor", "hsds-not-regular")
                      else EXIT_DATA)


def _problem_line(p, lang: str) -> str:
    from cedta.messages import render_message

    return f"{p.place}: {render_message(p.code, p.params, lang)}"


SHOWN_PROBLEMS = 200  # a file with 100,000 bad rows is told by its first ones, not 100,000 lines


def _problem_lines(problems: list, lang: str) -> None:
    for p in problems[:SHOWN_PROBLEMS]:
        typer.echo(_problem_line(p, lang), err=True)
    if len(problems) > SHOWN_PROBLEMS:
        _say("import-more-problems", lang, count=len(problems) - SHOWN_PROBLEMS)


def _finish(settings: Settings, root, records: dict, problems: list, unmapped: list, dry_run: bool,
            services: int, source: str = "import", terms: dict | None = None, plan=None) -> None:
    """Report what could not be read or mapped, check the result, show or write it, exit."""
    from cedta.interop.common import check_plan, write_plan
    from cedta.render import diagnostic_line
    from cedta.review import diffrender

    lang = settings.lang
    _problem_lines(problems, lang)
    if problems:
        _say("import-blocked", lang, count=len(problems))
        raise typer.Exit(EXIT_DATA)
    _problem_lines(unmapped, lang)
    if plan is None:
        plan = check_plan(root, records, settings.today, label=source, terms=terms)
    if plan.errors:
        for d in plan.errors:
            typer.echo(diagnostic_line(d, lang), err=True)
        _say("import-invalid", lang, count=len(plan.errors))
        raise typer.Exit(EXIT_DATA)
    typer.echo(diffrender.as_text(plan.comparison, lang, plan.vocab))
    stranded = [r for r in plan.comparison.risks if r.code.startswith(("risk-service-removed", "risk-service-renamed"))]
    if stranded:  # (a dry run says the same: it said "would be written" of what the real run refused: R13-3)
        # services that open plan steps use, removed: written, `validate` then failed on those
        # clients' files (hostile 13, 26); said above, nothing written
        _say("import-strands-steps", lang, count=len(stranded))
        raise typer.Exit(EXIT_DATA)
    for shown in plan.comments_lost:  # (review 10, V6: they went without a word)
        _say("import-comments-lost", lang, path=shown)
    if not plan.files:
        _say("import-nothing", lang)
    elif dry_run:
        _say("import-dry-run", lang, count=len(plan.files))
    else:
        from cedta.io.store import StoreError

        try:
            write_plan(root, plan)
        except StoreError as exc:
            raise fail(exc.code, lang, path=exc.path, **exc.params) from None
        _say("import-done-one-service" if services == 1 else "import-done", lang, count=len(plan.files), services=services)
    if unmapped:
        _say("import-left-out", lang, count=len(unmapped))
        raise typer.Exit(EXIT_DATA)


@import_app.command("hsds")
def import_hsds(
    ctx: typer.Context,
    package: Annotated[Path, typer.Argument(help="An HSDS 3.0 package: its folder or its datapackage.json. / Un paquet HSDS 3.0 : son dossier ou son datapackage.json.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing. / Montrer les changements sans rien écrire.")] = False,
) -> None:
    """Read an Open Referral HSDS 3.0 package into provider files.

    Importer un paquet HSDS 3.0 d'Open Referral dans les fichiers des fournisseurs.
    """
    settings: Settings = ctx.obj
    _input(package, settings.lang, folder_ok=True)
    root = _import_root(settings)
    from cedta.interop import hsds
    from cedta.interop.common import InputError, files_before
    from cedta.cli.app import vocabulary

    before = files_before(root)  # taken before any provider is read (review 11b, R4)

    vocab = vocabulary(settings) if (settings.data / "vocab.yaml").is_file() else None
    if vocab is None:
        from cedta.records.vocab import builtin

        vocab = builtin()
    try:
        imported = hsds.import_package(hsds.read_package(package), vocab, settings.lang)
    except InputError as exc:
        raise _input_error(exc, settings.lang) from None
    plan = None
    refused: list = []
    records = dict(imported.providers)
    from cedta.interop.common import Problem as _Problem
    from cedta.io.store import record_stems

    existing = set(record_stems(root.path / "providers"))
    for pid in sorted(imported.guessed & existing):
        # another tool's organisation whose name gives the id of a provider of another name: taken
        # for it, that provider's record was replaced whole, exit 0 (hostile 13, 26); one of the
        # same name is the same organisation, imported again (a 211 update: review 13, R13-5)
        if _same_name(root, pid, imported.providers[pid].get("name")):
            continue
        where, line = imported.origins[pid]
        imported.problems.append(_Problem("hsds-would-replace", where, line, "name", {"id": pid}))
    if not imported.problems:
        from pathlib import Path as _Path

        from cedta.interop.common import Problem, check_plan

        for _ in range(3):
            # an organisation whose record would not be valid is left out and named by its row
            plan = check_plan(root, records, settings.today, label=package.name, terms=imported.terms, read=before)
            blamed = {}
            for d in plan.errors:
                pid = _Path(d.path).stem if _Path(d.path).parent.name == "providers" else None
                if pid not in imported.origins or pid not in records:
                    blamed = {}
                    break
                blamed.setdefault(pid, d)
            if not blamed:
                break
            for pid, d in blamed.items():
                where, line = imported.origins[pid]
                refused.append(Problem("hsds-organization-invalid", where, line, None,
                                       {"file": f"{d.path}:{d.line}:{d.column}", "error": d.message(settings.lang)}))
                del records[pid]
        else:
            plan = None
    services = imported.services - sum(len(imported.providers[pid].get("services") or [])
                                       for pid in imported.providers if pid not in records)
    _finish(settings, root, records, imported.problems, imported.unmapped + refused, dry_run,
            services, source=package.name, terms=imported.terms, plan=plan)


@export_app.command("sqlite")
def export_sqlite(
    ctx: typer.Context,
    file: Annotated[Optional[Path], typer.Argument(help="The database file to write (one cedta wrote before is replaced; any other file is refused). / Fichier de base de données à écrire (celui que cedta a écrit est remplacé ; tout autre fichier est refusé).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="The same, as the other exports take it. / La même chose, comme pour les autres exportations.")] = None,
) -> None:
    """The directory as one SQLite database, with a README table: providers, services and their
    details, hubs, and client facts without identifiers or notes.

    Le répertoire en une base SQLite : fournisseurs, services, centres, faits sur la clientèle sans
    identifiant ni note, et une table README.
    """
    settings: Settings = ctx.obj
    if (file is None) == (out is None):
        raise typer.BadParameter("FICHIER ou --out, l’un des deux" if settings.lang == "fr"
                                 else "give FILE or --out, one of the two", param_hint="FILE")
    if str(file or out) == "-":
        raise fail("out-dash-database", settings.lang)
    file = _out_file(file or out, settings.lang, settings)
    import sqlite3

    from cedta.interop import sqlite as export

    if file.is_file() and not file.is_symlink() and not export.written_by_cedta(file):  # before any work
        # (a link there is refused as such, further on)
        raise fail("export-sqlite-not-ours", settings.lang, path=str(file))

    root, ds, clients = _checked_client_rows(settings, export.ClientRows)
    threshold = ds.settings.small_cell_threshold
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        counts = export.write_database(file, ds, threshold, clients)
    except (OSError, sqlite3.Error) as exc:
        raise fail("write-failed", settings.lang, path=str(file),
                   reason=write_reason(exc, settings.lang) if isinstance(exc, OSError) else str(exc)) from None
    _say("export-sqlite-done", settings.lang, path=str(file), count=counts["service"],
         providers=counts["provider"], threshold=threshold)


def _export_sheet(ctx: typer.Context, out: Path, kind: str, delimiter: str = ",") -> None:
    settings: Settings = ctx.obj
    dash = str(out) == "-"  # standard output
    if dash and kind != "csv" and sys.stdout.isatty():
        raise fail("out-binary-terminal", settings.lang)
    if not dash:
        out = _out_file(out, settings.lang, settings)
        other = {"csv": ".xlsx", "xlsx": ".csv"}[kind]
        if out.suffix.lower() == other:  # a workbook in `x.csv`: Excel opens it as garbled text (hostile 13, 24)
            _say("export-sheet-suffix", settings.lang, path=str(out), kind=kind.upper(), suffix=other)
    root, ds = _load(settings, {"provider"})
    from cedta.interop import sheets

    providers = [e.record for e in ds.providers.values()]
    empty = sorted(p.id for p in providers if not p.services)
    if empty:  # one row per service: an organisation with none has no row (hostile pass 10, M4)
        _say("export-sheet-no-services", settings.lang, count=len(empty), ids=", ".join(empty[:10]) +
             (", …" if len(empty) > 10 else ""))
    if dash:
        data = sheets.csv_export(providers, settings.lang, ds.vocab, delimiter).lstrip("\ufeff").encode("utf-8") if kind == "csv" \
            else sheets.xlsx_export(providers, settings.lang, ds.vocab)
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    if kind == "csv":
        _write(out, sheets.csv_export(providers, settings.lang, ds.vocab, delimiter), settings.lang)
    else:
        from cedta.interop.common import write_binary

        try:
            write_binary(out, sheets.xlsx_export(providers, settings.lang, ds.vocab))
        except OSError as exc:
            raise fail("write-failed", settings.lang, path=str(out), reason=_os_reason(exc, settings.lang)) from None
    _say("export-sheet-done", settings.lang, path=str(out), count=sum(len(p.services) for p in providers))


@export_app.command("csv")
def export_csv(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="The CSV file to write. / Fichier CSV à écrire.")],
    delimiter: Annotated[Optional[str], typer.Option("--delimiter", metavar="comma|semicolon|tab", help="Between cells (default: semicolon with --lang fr, as Excel expects there; comma otherwise). / Entre les cellules (par défaut : point-virgule en français).")] = None,
) -> None:
    """One row per service in the annexes' columns, as CSV (headers in the chosen language; UTF-8 with a byte-order mark for Excel).

    Une ligne par service, en-têtes dans la langue choisie, UTF-8 avec BOM pour Excel.
    """
    settings: Settings = ctx.obj
    marks = {"comma": ",", ",": ",", "semicolon": ";", ";": ";", "tab": "\t", "\\t": "\t"}
    if delimiter is not None and delimiter.strip().lower() not in marks:
        raise typer.BadParameter("comma, semicolon ou tab" if settings.lang == "fr" else "comma, semicolon or tab",
                                 param_hint="--delimiter")
    mark = marks[delimiter.strip().lower()] if delimiter is not None else (";" if settings.lang == "fr" else ",")
    _export_sheet(ctx, out, "csv", mark)


@export_app.command("xlsx")
def export_xlsx(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="The XLSX file to write. / Fichier XLSX à écrire.")],
) -> None:
    """The same rows as `export csv`, as an Excel workbook.

    Les mêmes lignes qu'`export csv`, en classeur Excel.
    """
    _export_sheet(ctx, out, "xlsx")


@import_app.command("providers")
def import_providers(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A CSV or XLSX file, one row per service. / Fichier CSV ou XLSX, une ligne par service.")],
    sheet: Annotated[Optional[str], typer.Option("--sheet", help="The sheet to read in an XLSX workbook. / Feuille à lire dans un classeur XLSX.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing. / Montrer les changements sans rien écrire.")] = False,
) -> None:
    """Read providers and services from a spreadsheet (CSV or XLSX).

    One row per service in the annexes' columns, headers and words in English or French.

    Importer fournisseurs et services d'un tableur (colonnes des annexes, en anglais ou en français).
    """
    settings: Settings = ctx.obj
    _input(file, settings.lang)
    if file.is_dir():
        raise fail("input-is-dir", settings.lang, path=str(file))
    if sheet is not None and not sheet.strip():
        raise fail("sheet-empty-name", settings.lang)
    if sheet is not None and file.suffix.lower() not in (".xlsx", ".xlsm"):
        raise fail("sheet-only-xlsx", settings.lang, path=str(file))
    root = _import_root(settings)
    from cedta.interop import sheets
    from cedta.interop.common import InputError, files_before
    from cedta.records import checks

    before = files_before(root)  # taken before any provider is read (review 11b, R4)
    results = [root.read(f) for f in root.files({"provider", "vocab"})]
    ds = checks.load_dataset(results)
    errors = [d for d in ds.diagnostics if d.severity == "error"]
    if errors:
        from cedta.render import diagnostic_line

        for d in errors:
            typer.echo(diagnostic_line(d, settings.lang), err=True)
        _say("import-data-invalid", settings.lang, count=len(errors))
        raise typer.Exit(EXIT_DATA)
    try:
        table = sheets.read(file, sheet)
    except InputError as exc:
        raise _input_error(exc, settings.lang) from None
    if table.blocking:
        _finish(settings, root, {}, table.blocking, [], dry_run, 0)
    providers = {k: e.record for k, e in ds.providers.items()}
    merged = sheets.merge(table, providers, ds.vocab, settings.lang)
    from cedta.interop.common import Problem, check_plan

    refused: list = []
    for _ in range(3):
        # a row whose record would not be valid (a character a YAML file cannot hold...) is left out
        # and named, as a row whose values cannot be mapped is: the other rows are imported
        plan = check_plan(root, merged.providers, settings.today, label=file.name, read=before)
        texts = {root.shown(p): text for p, text in plan.files.items()}
        blamed = sheets.rows_to_blame(plan.errors, texts, merged) if plan.errors else None
        if not blamed:
            break
        refused += [Problem("sheet-row-invalid", table.where, line, None,
                            {"file": f"{d.path}:{d.line}:{d.column}", "error": d.message(settings.lang)})
                    for line, d in sorted(blamed.items())]
        table.rows = [r for r in table.rows if r[0] not in blamed]
        merged = sheets.merge(table, providers, ds.vocab, settings.lang)
    else:
        plan = None
    unmapped = sorted(merged.unmapped + refused, key=lambda p: (p.row or 0, p.column or ""))
    for line, org, known in merged.alike:  # a new organisation named nearly as a known one: to check
        name = providers[known].name.get(settings.lang) if known in providers else known
        _say("import-org-alike", settings.lang, where=f"{table.where}:{line}", org=org, known=known, name=name)
    _finish(settings, root, merged.providers, [], unmapped, dry_run, merged.services, source=file.name,
            plan=plan)
