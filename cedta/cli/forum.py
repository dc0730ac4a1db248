"""Commands of the forum stage (see cedta/forum/): `gaps` and `report`; registered on the app of
`cli.app`. Heavy modules are imported inside the commands."""

# No `from __future__ import annotations`: typer would eval every annotation string at start-up.

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from cedta.cli.app import (
    EXIT_DATA, EXIT_OK, Settings, app, complete_hub, complete_term, data_root, fail, inside_data, write_reason,
)


class ReportFormat(str, Enum):
    terminal = "terminal"
    markdown = "markdown"
    html = "html"
    json = "json"


class GapsFormat(str, Enum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"


def _load(settings: Settings, progress=None):
    """Every record, checked as `cedta validate` checks them: the dataset, or exit 1 with the errors
    (a shared report is never built on data `validate` rejects). The findings of unchanged files
    come from the cache; each client's parsed data is let go once its record is built."""
    from cedta.records import sweep
    from cedta.render import diagnostic_line

    root = data_root(settings)
    files = list(root.files())
    total = max(1, len(files))
    tick = (lambda i: progress("load", i / total)) if progress is not None else None
    # The records live until the command ends and hold no cycles: keep the cycle collector from
    # walking them again and again while validation, matching and the report allocate (at 50,000
    # clients every full collection walks some 2 GB of objects).
    import gc

    gc.disable()
    try:
        ds, found = sweep.load_checked(root, files, settings.today,
                                       root.shown(root.path / "network.yaml"), tick)
    finally:
        gc.enable()
    gc.freeze()
    from cedta.clients.identity import directory_leaks

    errors = [d for d in found + directory_leaks(root, names=False) if d.severity == "error"]
    if errors:
        for d in errors[:20]:
            typer.echo(diagnostic_line(d, settings.lang), err=True)
        raise _data_error(settings, len(errors))
    return root, ds


def _data_error(settings: Settings, count: int) -> typer.Exit:
    from cedta.messages import render_message

    typer.echo(f"cedta: {render_message('data-errors', {'count': count}, settings.lang)}", err=True)
    return typer.Exit(EXIT_DATA)


def _check_hub(settings: Settings, ds, hub: Optional[str]) -> None:
    if hub is not None and hub not in ds.hubs:
        raise fail("forum-unknown-hub", settings.lang, hub=hub, known=", ".join(sorted(ds.hubs)) or "-")


def _directory(ds, today):
    from cedta.match import Directory

    return Directory.build([e.record for e in ds.providers.values()], [e.record for e in ds.hubs.values()],
                           ds.network.record if ds.network else None, ds.vocab, today)


def _check_out(settings: Settings, out: Optional[Path]) -> None:
    """--out may not point inside the data folder: a report is not a record (`cedta validate` would
    read it, and it could overwrite one), and the folder is what every member organisation reads.
    Checked before any work, so a refused run costs nothing."""
    if out is None:
        return
    import os

    from cedta.cli.app import not_a_folder, path_name_usable

    path_name_usable(out, settings.lang)
    if inside_data(settings, out):
        raise fail("forum-out-in-data", settings.lang, path=str(out), data=str(settings.data))
    target = Path(os.path.realpath(out))
    if target.is_dir():
        raise fail("write-failed", settings.lang, path=str(out), reason=_is_a_folder(settings.lang))
    blocker = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise fail("write-failed", settings.lang, path=str(out),
                   reason=not_a_folder(blocker, settings.lang))


# extensions of formats cedta does not write (a .pdf holding terminal text opens in no PDF reader);
# any other (`.out`, `.log`, none) takes terminal text
_OTHER_FORMATS = frozenset(".pdf .doc .docx .odt .rtf .xls .xlsx .ods .csv .tsv .ppt .pptx .odp .png .jpg "
                           ".jpeg .gif .svg .xml .yaml .yml .epub .zip".split())
_BY_EXTENSION = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown",
                 ".json": "json", ".txt": "terminal"}


def _format(settings: Settings, given, out: Optional[Path], kind):
    """The format to write: --format when given, else the one --out's extension names (.html/.htm,
    .md/.markdown, .json, .txt), else terminal. A --format given that another extension names is
    kept, with a warning on stderr; `gaps -o x.html` without --format is refused (gaps has no HTML),
    and so is the extension of a format cedta does not write (`-o r.pdf`) without --format."""
    # `out/.html`: a name that is only an extension (Path's suffix of a dotfile is empty)
    ext = (out.suffix or (out.name if out.name.count(".") == 1 and out.name.startswith(".") else "")).lower() \
        if out is not None else ""
    suggested = _BY_EXTENSION.get(ext) if out is not None and str(out) != "-" else None
    if given is None:
        if suggested is None and out is not None and str(out) != "-" and ext in _OTHER_FORMATS:
            # `-o r.pdf` wrote terminal text into a file a PDF reader cannot open
            last = " ou " if settings.lang == "fr" else " or "  # (hostile pass 11, 2: English in French)
            names = (".txt, .md, .html" if "html" in kind.__members__ else ".txt, .md") + last + ".json"
            raise fail("forum-out-unknown-extension", settings.lang, path=str(out), names=names)
        if suggested is None:
            return kind.terminal
        if suggested not in kind.__members__:
            raise fail("forum-gaps-no-html", settings.lang, path=str(out))
        return kind[suggested]
    if suggested is not None and suggested != given.value:
        typer.echo(f"cedta: {_message('forum-format-mismatch', settings.lang, format=given.value, path=str(out), suggested=suggested, kind=_message('format-kind-' + given.value, settings.lang))}",
                   err=True)
    return given


def _message(code: str, lang: str, **params) -> str:
    from cedta.messages import render_message

    return render_message(code, params, lang)


def _is_a_folder(lang: str) -> str:
    return _message("forum-out-folder", lang)


def _emit(settings: Settings, text: str, out: Optional[Path], what: str = "report-written") -> None:
    if out is None or str(out) == "-":  # `-o -`: standard output, as `schema --out -`
        typer.echo(text, nl=not text.endswith("\n"))
        return
    from cedta.io.store import write_output
    from cedta.messages import render_message

    try:
        write_output(out, text)
    except OSError as exc:
        raise fail("write-failed", settings.lang, path=str(out), reason=write_reason(exc, settings.lang)) from None
    typer.echo(render_message(what, {"path": str(out)}, settings.lang), err=True)


def _render(settings: Settings, template: str, payload: dict, html: bool = False) -> str:
    from cedta.forum.render import TemplateProblem, render

    try:
        return render(template, payload, settings.data, html=html)
    except TemplateProblem as exc:
        raise fail("template-error", settings.lang, path=exc.where, reason=exc.reason(settings.lang)) from None


class _Progress:
    """A rich progress bar on stderr, shown only on a terminal and only once a second has passed."""

    STEPS = ("load", "activity", "gaps", "history", "render")

    def __init__(self, lang: str):
        import time

        self.start = time.perf_counter()
        self.bar = None
        self.task = None
        self.lang = lang
        self.enabled = sys.stderr.isatty()

    def __call__(self, step: str, part: float = 1.0) -> None:
        if not self.enabled:
            return
        import time

        if self.bar is None and time.perf_counter() - self.start > 1.0:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

            from cedta.messages import render_message

            # no time-remaining column: the steps are not alike (a parallel parse, then a quick pass),
            # so an estimate from the speed so far jumps about
            self.bar = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                                TaskProgressColumn(), TimeElapsedColumn(), console=Console(stderr=True),
                                transient=True)
            self.bar.start()
            self.task = self.bar.add_task(render_message("progress-report", {}, self.lang),
                                          total=len(self.STEPS))
        if self.bar is not None:
            done = self.STEPS.index(step) + part if step in self.STEPS else 0
            self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command()
def report(
    ctx: typer.Context,
    quarter: Annotated[Optional[str], typer.Option(
        "--quarter", "-q", metavar="YYYYQn",
        help="The quarter, e.g. 2026Q3 (default: the last complete quarter). / Le trimestre, p. ex. 2026Q3 (par défaut : le dernier trimestre terminé).")] = None,
    hub: Annotated[Optional[str], typer.Option(
        "--hub", autocompletion=complete_hub, help="One hub's report. / Rapport d'un seul centre.")] = None,
    format: Annotated[Optional[ReportFormat], typer.Option(
        "--format", "-f", show_default=False,
        help="terminal, markdown, html or json (default: from --out's extension .txt, .md, .html or .json, else terminal). / terminal, markdown, html ou json (par défaut : selon l'extension de --out, sinon terminal).")] = None,
    out: Annotated[Optional[Path], typer.Option(
        "--out", "-o", help="Write to this file (atomically) instead of the screen. / Écrire dans ce fichier.")] = None,
    calendar: Annotated[bool, typer.Option(
        "--calendar", help="Calendar quarters (Q1 = January-March) instead of the fiscal year. / Trimestres civils plutôt que l'exercice.")] = False,
    suppress: Annotated[bool, typer.Option(
        "--suppress/--no-suppress",
        help="Hide counts about fewer clients than the network's threshold (default: on, the report is shared). / Masquer les petits nombres (par défaut : oui).")] = True,
) -> None:
    """The quarterly Hub Forum report: clients, needs, contacts, outcomes, gaps, directory changes,
    services ending, the forum roster.

    Rapport trimestriel du Forum des centres.
    """
    settings: Settings = ctx.obj
    from cedta.forum import quarters as q

    _check_out(settings, out)
    format = _format(settings, format, out, ReportFormat)
    progress = _Progress(settings.lang)
    root, ds = _load(settings, progress)
    progress("load")
    if ds.network is None:
        raise fail("forum-no-network", settings.lang, path=root.shown(root.path / "network.yaml"))
    network = ds.network.record
    if calendar and suppress and (network.fiscal_year_start_month - 1) % 3:
        # fiscal quarters from May: calendar ones overlap them, and two shared reports of overlapping
        # windows, subtracted, gave the month between them, one or two clients (forum 13, #1)
        raise fail("calendar-overlaps-fiscal", settings.lang, month=network.fiscal_year_start_month)
    start_month = 1 if calendar else network.fiscal_year_start_month
    try:
        chosen = q.parse(quarter, start_month) if quarter is not None else \
            q.last_complete(settings.today, start_month)
    except q.QuarterError as exc:
        raise fail("bad-quarter", settings.lang, value=exc.value) from None
    if chosen.start > settings.today:
        raise fail("quarter-not-begun", settings.lang, quarter=chosen.shown(settings.lang),
                   start=chosen.start.isoformat(), today=settings.today.isoformat())
    _check_hub(settings, ds, hub)

    from cedta.forum import history
    from cedta.forum import report as rep

    directory = _directory(ds, settings.today)
    changes = history.directory_changes(root, chosen, settings.lang, ds.vocab, settings.today)
    payload = rep.build(
        network=network, providers={k: e.record for k, e in ds.providers.items()},
        hubs={k: e.record for k, e in ds.hubs.items()}, clients=[e.record for e in ds.clients.values()],
        directory=directory, vocab=ds.vocab, quarter=chosen, today=settings.today, lang=settings.lang,
        hub=hub, suppressed=suppress, changes=changes, progress=progress)
    progress("history")
    if format is ReportFormat.json:
        from cedta.forum.render import as_json

        text = as_json(payload)
    else:
        template = {ReportFormat.terminal: "report.txt.j2", ReportFormat.markdown: "report.md.j2",
                    ReportFormat.html: "report.html.j2"}[format]
        text = _render(settings, template, payload, html=format is ReportFormat.html)
    progress("render")
    progress.close()
    _emit(settings, text, out)
    if quarter is None:  # the default, the last complete quarter, empty while the one in progress is not
        rows = {r["key"]: r["cells"].get(hub or "network") for r in payload["tables"]["clients"]["rows"]}
        if rows.get("new") == 0 and rows.get("active") == 0 and any(
                e.record.intake.date > chosen.end for e in ds.clients.values()):
            now = q.containing(settings.today, start_month)
            said = _message('report-empty-default', settings.lang, quarter=chosen.shown(settings.lang),
                            now=now.shown(settings.lang))
            typer.echo(f"cedta: {said}", err=True)
    raise typer.Exit(EXIT_OK)


@app.command()
def gaps(
    ctx: typer.Context,
    hub: Annotated[Optional[str], typer.Option(
        "--hub", autocompletion=complete_hub, help="One hub: its population and its clients. / Un seul centre.")] = None,
    population: Annotated[Optional[str], typer.Option(
        "--population", "-p", autocompletion=complete_term("populations"),
        help="Coverage for this population only. / Couverture pour cette population seulement.")] = None,
    format: Annotated[Optional[GapsFormat], typer.Option(
        "--format", "-f", show_default=False,
        help="terminal, markdown or json (default: from --out's extension .txt, .md or .json, else terminal). / terminal, markdown ou json (par défaut : selon l'extension de --out, sinon terminal).")] = None,
    out: Annotated[Optional[Path], typer.Option(
        "--out", "-o", help="Write to this file (atomically). / Écrire dans ce fichier.")] = None,
) -> None:
    """Service gaps: coverage by population, topic and level; the continuum's shape; supply risks;
    unmet demand; levers ranked by needs met; the forum's priorities.

    Lacunes de services : couverture, continuum, risques, demande non comblée, leviers, priorités.
    """
    settings: Settings = ctx.obj
    _check_out(settings, out)
    format = _format(settings, format, out, GapsFormat)
    _, ds = _load(settings)
    _check_hub(settings, ds, hub)
    populations = None
    if population is not None:
        found = ds.vocab.lookup_loose("populations", population)
        if found is None:
            raise fail("unknown-population", settings.lang, population=population,
                       known=", ".join(ds.vocab.terms("populations")) or "-")
        populations = [found]
    from cedta.forum import gapsview
    from cedta.forum.report import clients_as_of

    directory = _directory(ds, settings.today)
    # the files as they stood on --today, as the report reads its quarter's last day: needs, steps
    # and outcomes recorded after it left out (a need voiced in May counted on March 31: coordinator
    # 15, C15-9), a client taken in after it too
    clients = clients_as_of([e.record for e in ds.clients.values() if hub is None or e.record.hub == hub],
                            settings.today)
    payload = gapsview.build(directory, clients, ds.network.record if ds.network else None,
                             settings.today, settings.lang, populations=populations, hub=hub)
    if format is GapsFormat.json:
        from cedta.forum.render import as_json

        text = as_json(payload)
    else:
        template = "gaps.md.j2" if format is GapsFormat.markdown else "gaps.txt.j2"
        text = _render(settings, template, payload)
    _emit(settings, text, out, "gaps-written")
    raise typer.Exit(EXIT_OK)
