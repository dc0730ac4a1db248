"""Commands of the match stage (see cedta/match/): `cedta match` (one client, a walk-in's profile,
a group with `--summary`, a proposed plan with `--plan`) and `cedta find`; registered on the app of
`cli.app`.

What is read: the network, the vocabulary, the providers and the hubs, plus only the clients asked
for. Other clients' files are read only to count places taken (`capacity`), and only when a service
of a topic the client needs has a capacity.
"""

# No `from __future__ import annotations`: typer would eval every annotation string at start-up.

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from cedta.cli.app import (
    EXIT_DATA, EXIT_OK, Format, Settings, app, ask_yes, complete_client, complete_hub, complete_provider,
    complete_term, data_root, fail, target_day, weeks_after,
)

if TYPE_CHECKING:
    from cedta.match.loading import Loaded


def _after_colon(text: str) -> str:
    """A question as it reads after a colon: « … : demander si … », not « … : Demander si … »
    (an acronym stays: « CE »)."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _msg(code: str, lang: str, **params) -> str:
    from cedta.messages import render_message

    return render_message(code, params, lang)


def _err(text: str) -> None:
    typer.echo(text, err=True)


# ---- loading (see cedta/match/loading.py) --------------------------------------------------

def _say_skipped(loaded: "Loaded", lang: str, clients: set[str] = frozenset()) -> None:
    """Name on stderr the directory files left out because they have errors."""
    for path in loaded.skipped:
        if path not in clients:
            _err(_msg("match-skipped", lang, path=path))



def _client_diagnostics(loaded: "Loaded", shown: str, lang: str) -> bool:
    """Print the errors of one client file; True when it has any."""
    from cedta.render import diagnostic_line

    errors = [d for d in loaded.ds.diagnostics if d.path == shown and d.severity == "error"]
    for d in errors:
        _err(diagnostic_line(d, lang))
    return bool(errors)



def _client_file(root, client_id: str, lang: str):
    """The file of a client named on the command line; exit 2 with did-you-mean when unknown."""
    import re

    from cedta.clients.context import ClientError, client_file, misnamed_client

    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", client_id) or len(client_id) > 64:
        # shown cut short, and with control characters (a newline pasted in) made visible
        shown = client_id if len(client_id) <= 40 else client_id[:40] + "…"
        hint: dict = {}
        try:  # `C-2026-0005`, `c-2026-0005.yaml`: the id it names, as the other commands say it
            client_file(root, client_id)
        except ClientError as exc:
            hint = {"suggestion": exc.params["suggestion"]} if exc.params.get("suggestion") else {}
        raise fail("match-bad-id", lang, client=shown.encode("unicode_escape").decode("ascii", "replace")
                   if not shown.isprintable() else shown, **hint)
    path = root.path / "clients" / f"{client_id}.yaml"
    if not (path.exists() or path.is_symlink()):
        misnamed = misnamed_client(root, client_id)
        if misnamed is not None:  # saved as .yml: not another client's did-you-mean (hostile 10b, 5)
            raise fail("client-misnamed", lang, client=client_id, name=misnamed)
        from cedta.suggest import close_ids

        known = [f.stem for f in root.files({"client"})]
        close = close_ids(client_id, known)
        raise fail("match-unknown-client", lang, client=client_id,
                   **({"suggestion": close[0]} if close else {}))
    return root.record_file(path)



def _lower(label: str) -> str:
    """A label inside an English sentence: `Workshops` → `workshops` (not `CD-ROMs` or `ICT`)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _read_walk_in(settings: Settings, root, source: str, vocab, hubs=()):
    """A walk-in's profile from FILE or stdin ('-'), checked like a client file; exit 1 with
    diagnostics (file:line:col) when it has errors, 2 when it cannot be read."""
    from pydantic import ValidationError

    from cedta.diagnostics import ERROR, Diagnostic
    from cedta.io.yamlread import MAX_BYTES, YamlProblem, decode, parse
    from cedta.records import checks
    from cedta.records import model as m
    from cedta.render import diagnostic_line

    lang = settings.lang
    shown = "<stdin>" if source == "-" else source
    try:
        # at most one byte over the limit is read: /dev/zero or an endless pipe is "too large", not a hang
        if source == "-":
            from cedta.cli.app import read_stdin_bytes

            raw = read_stdin_bytes(MAX_BYTES + 1)
        else:
            p = Path(source)
            if p.is_dir():
                raise fail("match-profile-unreadable", lang, path=shown, reason=_msg("match-is-a-folder", lang))
            from cedta.cli.app import read_bounded

            raw = read_bounded(p, MAX_BYTES + 1)
    except OSError as exc:
        from cedta.messages.clients import os_reason

        raise fail("match-profile-unreadable", lang, path=shown,
                   reason=os_reason(exc.errno, exc.strerror or str(exc), lang)) from None
    problems: list = []
    doc = None
    try:
        doc = parse(decode(raw), editable=False)  # (read only: never rewritten)
    except YamlProblem as problem:
        problems.append(checks.problem_diagnostic(shown, problem))
    record = None
    if doc is not None:
        data = doc.data
        if not isinstance(data, dict):
            problems.append(Diagnostic(ERROR, "not-a-mapping", shown, *doc.where(()),
                                       {"kind": "client", "got": checks._type_name(data)}))
        else:
            import copy

            from cedta.clients.intake import by_their_words

            given = copy.deepcopy(m.walk_in_data(data))
            # labels in either language, as `intake --answers` takes them (coordinator 14, C14-3)
            by_their_words(given, vocab, dict(hubs) if isinstance(hubs, dict) else {}, m.WalkIn)
            try:
                record = m.WalkIn.model_validate(given)
            except ValidationError as exc:
                problems += list(checks._schema_diagnostics(exc, doc, shown, m.WalkIn, "walk-in"))
            if record is not None:
                problems += checks.value_diagnostics(record, doc, shown, vocab, hubs)
    if problems:
        for d in sorted(problems, key=Diagnostic.sort_key):
            _err(diagnostic_line(d, lang))
        raise typer.Exit(EXIT_DATA)
    return record


# ---- the human view --------------------------------------------------------------------------------

def _console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def _service_label(directory, ref: str, lang: str) -> str:
    offer = directory.offer(ref)
    if offer is None:
        return ref
    s, p = offer.service, offer.provider
    if s.name:
        name = s.name.get(lang)
    else:  # a service imported from a sheet has no name: its topic and modes, not its id
        from cedta.records.vocab import unnamed_service

        vocab = directory.vocab
        name = unnamed_service(vocab.label("topics", s.topic, lang), [vocab.label("modes", x, lang) for x in s.modes])
    return f"{name} — {p.name.get(lang)}"


def _profile_line(client, vocab, lang: str) -> str:
    from cedta.match.engine import money

    p = client.profile
    parts = []
    if p.languages.speaks:
        parts.append(_msg("match-speaks", lang, languages=", ".join(vocab.label("languages", x, lang)
                                                                  for x in p.languages.speaks)))
    if p.languages.reads_writes:
        parts.append(_msg("match-reads", lang, languages=", ".join(vocab.label("languages", x, lang)
                                                                 for x in p.languages.reads_writes)))
    if getattr(p.languages, "interpreter", None):
        parts.append(_msg("match-interpreter", lang, languages=", ".join(vocab.label("languages", x, lang)
                                                                      for x in p.languages.interpreter)))
    if p.budget is not None:
        parts.append(_msg("match-budget", lang, budget=money(p.budget.max_fee)[1 if lang == "fr" else 0]))
    if p.availability:
        parts.append(_msg("match-free", lang, times=", ".join(vocab.label("times", x, lang) for x in p.availability)))
    if p.preferred_modes:
        parts.append(_msg("match-prefers", lang, modes=", ".join(_lower(vocab.label("modes", x, lang)) if lang == "en"
                                                               else vocab.label("modes", x, lang)
                                                               for x in p.preferred_modes)))
    if p.stage:
        # the stage matching reads, once the outcomes are counted, beside the intake's (C13-17)
        from cedta.match.engine import as_matched

        try:
            now = as_matched(client).profile.stage if getattr(client, "outcomes", None) else p.stage
        except Exception:
            now = p.stage
        stage = vocab.label("stages", p.stage, lang)
        parts.append(_msg("match-stage", lang, stage=stage) if now == p.stage else
                     _msg("match-stage-now", lang, stage=vocab.label("stages", now, lang), then=stage))
    return " · ".join(parts)


def _line(console, text, indent: int, style: str | None = None, first: str | None = None) -> None:
    """One line of the view, indented; a line too long wraps under its own indent (after `first`,
    a mark such as "✓ " that hangs in the margin)."""
    from rich.text import Text

    if isinstance(text, str):
        text = Text(text, style=style or "")
    lead = first if isinstance(first, Text) else Text(first or "")
    hang = indent + len(lead)
    width = max(20, console.width - hang)
    # French typography: no line break inside "1 500 $" nor before ":" ";" "?" "!" "»" or after
    # "«" (those spaces are held for the wrap by a character that is not a space, one cell for one,
    # then given back)
    held = _HELD.sub(lambda m: _HOLD[m.group()], text.plain)
    if held != text.plain:
        text.plain = held
    for i, piece in enumerate(_wrapped(text, console, width)):
        piece.rstrip()
        if any(c in piece.plain for c in _HOLD.values()):
            piece.plain = piece.plain.translate(_GIVE_BACK)
        out = Text(" " * indent) + (lead if i == 0 else Text(" " * len(lead))) + piece
        console.print(out, no_wrap=True, crop=False, overflow="ignore")


def _wrapped(text, console, width: int) -> list:
    """`text` cut into lines of `width` at spaces, a word longer than the line (a long service id)
    kept whole past the margin: an id broken in two cannot be copied into `plan add`."""
    try:
        from rich._wrap import divide_line  # (rich's own word division, without folding long words)
    except ImportError:  # pragma: no cover - another rich: its wrap, which folds them
        return list(text.wrap(console, width))
    return list(text.divide(divide_line(text.plain, width, fold=False)))


# each space held by a private-use character (one cell wide, and no space to the wrap), given back after
_HOLD = {" ": "\ue000", "\u202f": "\ue001", "\u00a0": "\ue002"}
_GIVE_BACK = str.maketrans({v: k for k, v in _HOLD.items()})
_HELD = re.compile(
    r"(?<=\d)[ \u202f\u00a0](?=\d{3}(?!\d))|(?<=\d)[ \u202f\u00a0](?=\$)|[ \u202f\u00a0](?=[:;!?»])|(?<=«)[ \u202f\u00a0]")


# The services shown per list (fits, to confirm) when no --limit is given: a network of 2,000
# providers fits 50 services to one need; the rest are counted on one line.
LIMIT = 10


def _render_result(console, result, client, loaded: "Loaded", lang: str, show_excluded: bool,
                   limit: int | None = LIMIT, taken=None) -> None:
    """One client's match as a coordinator reads it: per need, the best `limit` fits and services
    to confirm (None: every one) with a line counting the others, the services left out counted
    per reason (`show_excluded`: listed)."""
    from collections import Counter

    from rich.text import Text

    d = loaded.directory
    vocab = d.vocab
    head = Text()
    who = result.client_id or _msg("match-walk-in", lang)
    head.append(who, style="bold")
    head.append(" · " + vocab.label("client_kinds", client.kind, lang))
    hub = d.hubs.get(client.hub) if getattr(client, "hub", None) else None
    if hub is not None:
        head.append(" · " + hub.name.get(lang))
    _line(console, head, 0)
    line = _profile_line(client, vocab, lang)
    if line:
        _line(console, line, 0, "dim")
    if not result.needs:
        console.print()
        _line(console, _msg("match-no-needs", lang, client=who), 0)
        return
    from cedta.match.engine import unlocked_by_steps
    from cedta.match.plan import gap_said

    unlocked = unlocked_by_steps(client, result, d, d.today, taken)
    for i, n in enumerate(result.needs, 1):
        console.print()
        need = Text(f"{i}. ", style="bold")
        need.append(vocab.label("topics", n.need.topic, lang), style="bold")
        if n.need.level:
            need.append(" · " + vocab.label("levels", n.need.level, lang))
        need.append(" · " + _msg("match-priority", lang, priority=n.need.priority), style="dim")
        _line(console, need, 0)
        if n.need.note:
            _line(console, n.need.note, 3, "dim italic")
        if n.matches:
            _line(console, _msg("match-fits", lang, count=len(n.matches)), 3, "bold green")
            for c in n.matches[:limit]:
                _candidate(console, c, d, lang, "✓", "green")
            if limit is not None and len(n.matches) > limit:
                _line(console, _msg("match-more-fits", lang, count=len(n.matches) - limit), 3, "dim")
        if n.to_confirm:
            _line(console, _msg("match-to-confirm", lang, count=len(n.to_confirm)), 3, "bold yellow")
            for c in n.to_confirm[:limit]:
                _candidate(console, c, d, lang, "?", "yellow")
            if limit is not None and len(n.to_confirm) > limit:
                _line(console, _msg("match-more-to-confirm", lang, count=len(n.to_confirm) - limit), 3, "dim")
        if n.gap:
            waits = i - 1 in unlocked  # a fund asking for the business plan a step is writing: not a gap to record
            if waits:  # said first: the heading is not "GAP" for what waits (coordinator 12, G2)
                steps, refs, confirm = unlocked[i - 1]
                _line(console, _msg("match-gap-waits-confirm" if confirm else "match-gap-waits", lang,
                                    steps=", ".join(map(str, steps)), count=len(refs),
                                    services=", ".join(_service_label(d, r, lang) for r in refs[:3])
                                    + (" …" if len(refs) > 3 else "")), 3, "bold")
            said = None if waits or result.client_id is None else gap_said(client, n.need, d.today)
            if said is not None and said.why == "met":  # the loan obtained elsewhere (coordinator 14, C14-17)
                _line(console, _msg("match-need-met", lang, outcome=vocab.label("outcome_kinds", said.outcome, lang),
                                    date=said.date.isoformat()), 3, "bold green")
            elif said is not None and said.why == "recorded":  # not "record it" again (C14-4)
                _line(console, _msg("match-gap-recorded", lang, steps=", ".join(map(str, said.steps)),
                                    count=len(said.steps)), 3, "bold")
            if said is not None and said.why == "met":
                pass
            elif not n.excluded:
                _line(console, _msg("match-gap-none", lang), 3, "bold red")
            else:
                _line(console, _msg("match-gap-until" if waits else "match-gap", lang), 3, "dim" if waits else "bold red")
                for c in n.nearest:
                    _candidate(console, c, d, lang, "✗", "red")
        shown = set(id(c) for c in n.nearest) if n.gap else set()
        rest = [c for c in n.excluded if id(c) not in shown]
        if rest and show_excluded:
            _line(console, _msg("match-left-out", lang, count=len(rest)), 3, "bold")
            for c in rest:
                _candidate(console, c, d, lang, "✗", "dim")
        elif rest:
            counts = Counter(code for c in rest for code in dict.fromkeys(r.code for r in c.reasons))
            words = ", ".join(f"{_msg('reason-code-' + code, lang)} {k}" for code, k in counts.most_common())
            _line(console, _msg("match-left-out-counted", lang, count=len(rest), reasons=words), 3, "dim")


def _candidate(console, c, d, lang: str, mark: str, style: str) -> None:
    from rich.text import Text

    t = Text(_service_label(d, c.ref, lang))
    t.append(f"  {c.ref}", style="dim")
    _line(console, t, 3, first=Text(mark + " ", style=style))
    left_out = mark == "✗"
    if not left_out:
        for q in c.questions:
            _line(console, q.text(lang), 5, "yellow", first=Text("→ ", style="yellow"))
    plain = [r for r in c.reasons if not r.near]
    near = [r for r in c.reasons if r.near]
    if plain:
        _line(console, " · ".join(r.text(lang) for r in plain), 5, "dim" if mark == "✓" else "")
    for r in near:
        _line(console, r.text(lang), 5, "italic")
    if left_out and c.questions:  # what would still decide it, were that lifted (F13)
        _line(console, _msg("match-also-ask", lang, questions=" · ".join(_after_colon(q.text(lang)) for q in c.questions)),
              5, "dim", first=Text("→ ", style="dim"))


def _render_summary(console, summary, vocab, lang: str, threshold: int | None) -> None:
    from rich.text import Text

    from cedta.match.summary import shared, suppress

    if not summary.clients:
        _line(console, _msg("match-no-clients", lang), 0, "")
        return
    _line(console, _msg("match-summary-head", lang, count=suppress(summary.clients, threshold)), 0, "bold")
    if threshold:
        _line(console, _msg("match-summary-shareable", lang, threshold=threshold), 0, "dim")
    from cedta.records.vocab import fold  # "Élaboration" sorts with the E's, not after "Travail"

    levels = list(vocab.terms("levels"))
    rows = sorted(shared(summary, threshold), key=lambda g: (
        fold(vocab.label("topics", g["topic"], lang)), levels.index(g["level"]) if g["level"] in levels else -1))

    def counted(code: str, n) -> str:  # a reason with its count
        return f"{_msg('reason-code-' + code, lang)} {n}"

    for g in rows:
        console.print()
        head = Text(vocab.label("topics", g["topic"], lang), style="bold")
        if g["level"]:
            head.append(" · " + vocab.label("levels", g["level"], lang))
        head.append(" · " + _msg("match-summary-clients", lang, count=g["clients"]))
        _line(console, head, 0)
        counts = Text()
        counts.append(_msg("match-summary-fit", lang, n=g["with_fit"]), style="green")
        counts.append(" · ")
        counts.append(_msg("match-summary-confirm", lang, n=g["only_to_confirm"]), style="yellow")
        counts.append(" · ")
        counts.append(_msg("match-summary-none", lang, n=g["without"]), style="red" if g["without"] else "")
        _line(console, counts, 3)
        if g["reasons"] is None:  # "none" hidden: whether there are reasons would tell if it is 0
            continue
        reasons = [counted(code, n) for code, n in g["reasons"].items()]
        if g["no_service"]:
            reasons.insert(0, _msg("match-no-service", lang, count=g["no_service"]))
        if reasons:
            _line(console, _msg("match-summary-why", lang, reasons=", ".join(reasons)), 3)
        if g["nearest"]:
            near = ", ".join(counted(code, n) for code, n in g["nearest"].items())
            _line(console, _msg("match-summary-nearest", lang, reasons=near), 3)


# ---- cedta match ------------------------------------------------------------------------------------

@app.command()
def match(
    ctx: typer.Context,
    clients: Annotated[Optional[list[str]], typer.Argument(
        metavar="CLIENT-ID", autocompletion=complete_client,
        help="Client ids (data/clients/<id>.yaml). / Identifiants de clients.")] = None,
    profile: Annotated[Optional[str], typer.Option(
        "--profile", metavar="FILE",
        help="Match a walk-in: a YAML file with the keys kind, profile and needs of a client record ('-': stdin). "
             "/ Jumeler une personne sans dossier : fichier YAML (kind, profile, needs ; '-' : entrée standard).")] = None,
    hub: Annotated[Optional[str], typer.Option(
        "--hub", autocompletion=complete_hub, help="Every client of this hub. / Toute la clientèle de ce centre.")] = None,
    all_clients: Annotated[bool, typer.Option("--all", help="Every client. / Toute la clientèle.")] = False,
    summary: Annotated[bool, typer.Option(
        "--summary", help="Count per need topic and level instead of listing services. / Dénombrer par besoin "
                          "plutôt que lister les services.")] = False,
    shareable: Annotated[bool, typer.Option(
        "--shareable", help="With --summary: counts under the network's small_cell_threshold shown as <N. "
                            "/ Avec --summary : petits nombres masqués (<N).")] = False,
    excluded: Annotated[bool, typer.Option(
        "--excluded", help="List every service left out, with its reasons. / Lister chaque service écarté.")] = False,
    plan: Annotated[bool, typer.Option(
        "--plan", help="Propose one plan step per need (the best fit) and write it after confirmation. "
                       "/ Proposer une étape par besoin et l'écrire après confirmation.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="With --plan: write without asking. / Avec --plan : écrire sans demander.")] = False,
    target: Annotated[Optional[str], typer.Option(
        "--target", metavar="DATE|+DAYS",
        help="With --plan: each new step's target date (YYYY-MM-DD, or +90 for 90 days from today); a step "
             "past it reads stalled. / Avec --plan : l'échéance de chaque nouvelle étape (AAAA-MM-JJ, ou +90).")] = None,
    limit: Annotated[Optional[int], typer.Option(
        "--limit", metavar="N", min=1,
        help=f"Show the best N fits and N services to confirm per need (default {LIMIT}); the others are counted. "
             f"/ Montrer les N meilleurs par besoin (défaut {LIMIT}).")] = None,
    all_candidates: Annotated[bool, typer.Option(
        "--all-candidates", help="Show every fit and every service to confirm. / Montrer tous les services qui "
                                 "conviennent ou sont à confirmer.")] = False,
    format: Annotated[Format, typer.Option("--format", "-f", help="text or json. / text ou json.")] = Format.text,
) -> None:
    """Match clients' needs to the directory's services, with the reasons why and why not.

    Jumelle les besoins de la clientèle aux services du répertoire, avec les raisons.
    """
    settings: Settings = ctx.obj
    lang = settings.lang
    ids = list(dict.fromkeys(clients or []))
    if profile is not None and (ids or hub or all_clients):
        raise fail("match-profile-alone", lang)
    if not ids and profile is None and not hub and not all_clients:
        raise fail("match-nothing", lang)
    if hub and all_clients:
        raise fail("match-hub-or-all", lang)
    if ids and (hub or all_clients):  # ids would win and --hub/--all be ignored without a word
        raise fail("match-ids-or-group", lang)
    if shareable and not summary:
        raise fail("match-shareable-summary", lang)
    if shareable and not all_clients:  # a hub's or named clients' counts, subtracted from the
        raise fail("match-shareable-all", lang)  # network's, would give the others away
    if plan and (len(ids) != 1 or hub or all_clients or summary or profile is not None):
        raise fail("match-plan-one", lang)
    if yes and not plan:
        raise fail("match-yes-plan", lang)
    if target is not None and not plan:
        raise fail("match-target-plan", lang)
    target_date = target_day(target, settings.today, lang) if target is not None else None
    if excluded and summary:
        raise fail("match-excluded-summary", lang)
    if limit is not None and all_candidates:
        raise fail("match-limit-or-all", lang)
    if (limit is not None or all_candidates) and (format is Format.json or summary or plan):
        raise fail("match-limit-text", lang)
    shown = None if all_candidates else (limit or LIMIT)

    root = data_root(settings)
    from cedta.match import match_client, result_json
    from cedta.match.loading import group_records, load, places_taken_for

    streamed = bool(hub or all_clients) and not ids

    if profile is not None:
        loaded = load(settings.today, root, [])
        walk_in = _read_walk_in(settings, root, profile, loaded.ds.vocab, loaded.directory.hubs)
        _say_skipped(loaded, lang)
        taken = places_taken_for(root, loaded, [walk_in], all_loaded=False)
        records = [walk_in]
    elif streamed:
        # every client (or a hub's), one at a time: the directory is read once and shared, each
        # client is read, checked, matched or counted, and dropped
        loaded = load(settings.today, root, [])
        _say_skipped(loaded, lang)
        if hub and hub not in loaded.directory.hubs:
            import difflib

            close = difflib.get_close_matches(hub, list(loaded.directory.hubs), n=1, cutoff=0.5)
            raise fail("match-unknown-hub", lang, hub=hub, **({"suggestion": close[0]} if close else {}))
        bad: list = []
        records, taken = group_records(root, loaded, hub, bad)
        if not summary:  # listed one client at a time too; only whether there is any is needed first
            import itertools

            first = next(records, None)
            records = [] if first is None else itertools.chain([first], records)

        def say_bad():  # once every file is read
            if bad:
                _err(_msg("match-clients-skipped", lang, count=len(bad)))
    else:
        if hub or all_clients:  # ids and a hub (or --all): every client file is read, as before
            client_files = list(root.files({"client"}))
        else:
            client_files = [_client_file(root, cid, lang) for cid in ids]
        loaded = load(settings.today, root, client_files)
        client_paths = {f.shown for f in client_files}
        _say_skipped(loaded, lang, client_paths)
        if hub and hub not in loaded.directory.hubs:
            import difflib

            close = difflib.get_close_matches(hub, list(loaded.directory.hubs), n=1, cutoff=0.5)
            raise fail("match-unknown-hub", lang, hub=hub, **({"suggestion": close[0]} if close else {}))
        broken = False
        for f in client_files:
            broken = _client_diagnostics(loaded, f.shown, lang) or broken
        if broken and not summary:
            raise typer.Exit(EXIT_DATA)
        chosen_records = [loaded.ds.clients[cid].record for cid in ids if cid in loaded.ds.clients]
        taken = places_taken_for(root, loaded, chosen_records, all_loaded=bool(hub or all_clients))
        records = chosen_records

    if summary:
        from cedta.match.summary import summarize_clients, summary_json

        threshold = None
        if shareable:
            net = loaded.directory.network
            threshold = net.small_cell_threshold if net is not None else 5
        # one client at a time, one service per class of alike services: only the counts are kept
        s = summarize_clients(records, loaded.directory, settings.today, taken)
        if streamed:
            say_bad()  # known once every file is read
        if format is Format.json:
            import json

            typer.echo(json.dumps(summary_json(s, threshold), ensure_ascii=False, indent=2))
        else:
            _render_summary(_console(), s, loaded.directory.vocab, lang, threshold)
        raise typer.Exit(EXIT_OK)

    if not records:
        typer.echo(_msg("match-no-clients", lang), err=format is Format.json)
        if format is Format.json:
            typer.echo("[]")
        if streamed:
            say_bad()
        return
    if streamed:  # each client matched, shown and dropped in turn
        _list_streamed(records, loaded, settings, taken, format, excluded, shown)
        say_bad()
        return
    chosen = [(c, match_client(c, loaded.directory, settings.today, taken)) for c in records]
    if plan:
        _propose_plan(settings, root, loaded, chosen[0][0], chosen[0][1], yes, format, target_date)
        return

    if format is Format.json:
        import json

        from cedta.match.engine import unlocked_by_steps

        out = [result_json(r, lang, unlocked_by_steps(c, r, loaded.directory, settings.today, taken))
               for c, r in chosen]
        typer.echo(json.dumps(out[0] if len(out) == 1 and (profile is not None or len(ids) == 1) else out,
                              ensure_ascii=False, indent=2))
        return
    console = _console()
    for i, (client, result) in enumerate(chosen):
        if i:
            console.rule(style="dim")
        _render_result(console, result, client, loaded, lang, excluded, shown, taken)


def _list_streamed(records, loaded: "Loaded", settings: Settings, taken, format: Format, excluded: bool,
                   limit: int | None = LIMIT) -> None:
    """`match --all` / `--hub` without `--summary`: the same output as matching every client first
    (a JSON list indented as `json.dumps(list, indent=2)` writes it), one client at a time."""
    from cedta.match import match_client, result_json

    lang = settings.lang
    if format is Format.json:
        import json

        from cedta.match.engine import unlocked_by_steps

        typer.echo("[", nl=False)
        for i, c in enumerate(records):
            result = match_client(c, loaded.directory, settings.today, taken)
            item = json.dumps(result_json(result, lang, unlocked_by_steps(c, result, loaded.directory, settings.today, taken)),
                              ensure_ascii=False, indent=2)
            typer.echo(("," if i else "") + "\n" + "\n".join("  " + line for line in item.split("\n")), nl=False)
        typer.echo("\n]")
        return
    console = _console()
    for i, c in enumerate(records):
        if i:
            console.rule(style="dim")
        _render_result(console, match_client(c, loaded.directory, settings.today, taken), c, loaded, lang, excluded,
                       limit, taken)


# ---- cedta match --plan ------------------------------------------------------------------------------

def _unplanned_words(u, directory, client_id: str, lang: str) -> str:
    """Why a need gets no step, in a line: `Financing: no fitting service — a gap; ...`."""
    vocab = directory.vocab
    need = vocab.label("topics", u.topic, lang)
    if u.level:
        need += " · " + vocab.label("levels", u.level, lang)
    params = {"need": need, "client": client_id}
    if u.why == "to-confirm":
        params["count"] = u.count
    if u.why.startswith("waits") or u.why == "recorded":
        params["steps"] = ", ".join(map(str, u.steps))
        params["count"] = u.count if u.why != "recorded" else len(u.steps)
    if u.why == "met":
        params["outcome"] = vocab.label("outcome_kinds", u.outcome, lang)
        params["date"] = u.date.isoformat()
    if u.service:
        params["service"] = _service_label(directory, u.service, lang)
    if u.other_topic:
        params["topic"] = vocab.label("topics", u.other_topic, lang)
    return _msg("match-plan-unplanned-" + u.why, lang, **params)


def _waits_on_proposed(client, result, proposal, loaded: "Loaded", today) -> None:
    """A need left without a step because nothing fits now, that a step of this very proposal
    will unlock (the loan fund that asks for the business plan the proposed step writes): said as
    waiting on that step, not as a gap to record (coordinator 12, G2)."""
    # (with no new step too: the plan's own business-plan step, written by an earlier --plan, is
    # waited on as `match` says it: coordinator 14, C14-1)
    if not any(u.why == "gap" for u in proposal.unplanned):
        return
    from cedta.match.engine import unlocked_by_steps
    from cedta.records import model as m

    try:
        extra = [m.PlanStep.model_validate({k: v for k, v in s.items() if k in ("topic", "level", "service", "status")})
                 for s in proposal.steps]
        after = client.model_copy(update={"plan": list(client.plan) + extra})
    except Exception:  # (a record that cannot take the steps: the proposal is said as it is)
        return
    unlocked = unlocked_by_steps(after, result, loaded.directory, today)
    first_new = len(client.plan) + 1
    for i, nr in enumerate(result.needs):
        if i not in unlocked:
            continue
        steps, refs, confirm = unlocked[i]
        for u in proposal.unplanned:
            if u.why == "gap" and u.topic == nr.need.topic and u.level == nr.need.level:
                new = [n for n in steps if n >= first_new]
                u.why = ("waits-new" if new else "waits") + ("-confirm" if confirm else "")  # (a step of this proposal: not numbered yet)
                u.steps = new or steps
                u.service = refs[0] if refs else None
                u.count = len(refs)


def _unplanned_json(u) -> dict:
    return {k: v for k, v in (("topic", u.topic), ("level", u.level), ("why", u.why), ("service", u.service),
                              ("step_topic", u.other_topic),
                              ("to_confirm", (u.count or None) if u.why == "to-confirm" else None),
                              ("waits_on", (u.steps or None) if u.why != "recorded" else None),
                              ("dropped_steps", u.steps if u.why == "recorded" else None),
                              ("outcome", u.outcome), ("date", u.date.isoformat() if u.date else None))
            if v is not None}


def _weeks(directory, ref: str | None) -> int | None:
    """How many weeks a service's program lasts (the longest of a range), if it says."""
    offer = directory.offers.get(ref) if ref else None
    schedule = offer.service.schedule if offer is not None else None
    return schedule.duration_weeks if schedule is not None else None


def _ends(directory, ref: str):
    """The end date (`valid.until`) of a service of the directory, if it has one."""
    offer = directory.offers.get(ref)
    valid = offer.service.valid if offer is not None else None
    return valid.until if valid is not None else None


def _propose_plan(settings: Settings, root, loaded: "Loaded", client, result, yes: bool, format: Format,
                  target=None) -> None:
    from cedta.match.plan import propose, with_target

    lang = settings.lang
    vocab = loaded.directory.vocab
    proposal = propose(client, result, loaded.directory.levels, settings.today)
    _waits_on_proposed(client, result, proposal, loaded, settings.today)
    steps = with_target(proposal.steps, target) if target is not None else proposal.steps
    lengthened: dict[int, int] = {}  # step index -> the program's weeks, where its end is the target
    if target is not None:
        import datetime as dt

        for k, st in enumerate(steps):
            weeks = _weeks(loaded.directory, st.get("service"))
            end = weeks_after(settings.today, weeks) if weeks else None
            if end is not None and end > st["target"]:
                # a 36-week program given a 60-day target read stalled while the client attended it
                # (coordinator 13, C13-15): its target is the program's end
                st["target"] = end
                lengthened[k] = weeks
    if format is Format.json and not yes:
        raise fail("match-plan-json-yes", lang)
    console = _console()
    if not steps:
        code = "match-no-needs" if not client.needs else "match-plan-nothing"
        typer.echo(_msg(code, lang, client=client.id), err=format is Format.json)
        if format is Format.json:
            import json

            typer.echo(json.dumps({"client": client.id, "written": False, "steps": [],
                                   "unplanned": [_unplanned_json(u) for u in proposal.unplanned]},
                                  ensure_ascii=False, indent=2))
        else:
            for u in proposal.unplanned:
                _line(console, _unplanned_words(u, loaded.directory, client.id, lang), 2, first="- ")
        return
    if format is Format.text:
        console.print(_msg("match-plan-head", lang, client=client.id, count=len(steps)))
        from rich.text import Text

        for k, s in enumerate(steps):
            line = Text(vocab.label("topics", s["topic"], lang), style="bold")
            if s.get("level"):
                line.append(f" · {vocab.label('levels', s['level'], lang)}")
            line.append(" → " + _service_label(loaded.directory, s["service"], lang))
            line.append(f"  {s['service']}", style="dim")
            if s.get("target"):
                line.append(" · " + _msg("match-plan-target", lang, date=s["target"].isoformat()))
                if k in lengthened:
                    line.append(" " + _msg("match-plan-target-program", lang, weeks=lengthened[k]), style="dim")
                until = _ends(loaded.directory, s["service"])
                if until is not None and s["target"] > until:
                    line.append(" · " + _msg("match-plan-ends-before", lang, date=until.isoformat()), style="yellow")
            _line(console, line, 2, first="+ ")
            rival = proposal.ask_first.get(k)
            if rival is not None:
                asks = " · ".join(_after_colon(q.text(lang)) for q in rival.questions)
                _line(console, _msg("match-plan-ask-first", lang, service=_service_label(loaded.directory, rival.ref, lang),
                                    ref=rival.ref, questions=asks, client=client.id), 4)
        if proposal.unplanned:
            console.print(_msg("match-plan-unplanned-head", lang, count=len(proposal.unplanned)))
            for u in proposal.unplanned:
                _line(console, _unplanned_words(u, loaded.directory, client.id, lang), 2, first="- ")
    if not yes:
        try:
            answer = ask_yes(_msg("match-plan-ask/1" if len(steps) == 1 else "match-plan-ask", lang), lang)
        except KeyboardInterrupt:  # Ctrl-C: stopped, nothing written, as everywhere (exit 130)
            typer.echo("", err=True)
            raise typer.Exit(130) from None
        except (typer.Abort, EOFError):
            typer.echo("", err=True)
            raise fail("match-plan-confirm", lang) from None
        if not answer:
            typer.echo(_msg("match-plan-not-written", lang))
            return
    from cedta.clients.context import ClientError
    from cedta.clients.path import edit_client
    from cedta.io.store import StoreError
    from cedta.render import diagnostic_line

    left_out: list[dict] = []

    def change(data):
        from cedta.match.plan import append_steps, still_to_add, with_added

        from cedta.clients.path import added_day

        fresh = still_to_add(data.get("plan"), steps)  # the plan as it is now, under the lock
        left_out[:] = [s for s in steps if s not in fresh]
        day = added_day(data, settings.today)  # after the intake day: a past quarter's report leaves them out
        append_steps(data, with_added(fresh, day) if day is not None else fresh)

    try:
        outcome = edit_client(root, client.id, change, today=settings.today)
    except ClientError as exc:
        raise fail(exc.code, lang, **exc.params) from None
    except StoreError as exc:
        raise fail(exc.code, lang, path=exc.path, **exc.params) from None
    for d in outcome.diagnostics:
        _err(diagnostic_line(d, lang))
    if left_out:  # planned by someone else between the proposal and the write
        _err(_msg("match-plan-planned-meanwhile", lang, count=len(left_out),
                  steps=", ".join(s.get("service") or s["topic"] for s in left_out)))
        steps = [s for s in steps if s not in left_out]
        if not steps:
            if format is Format.json:
                import json

                typer.echo(json.dumps({"client": client.id, "written": False, "steps": [],
                                       "unplanned": [_unplanned_json(u) for u in proposal.unplanned]},
                                      ensure_ascii=False, indent=2))
            return
    if not outcome.written:
        _err(_msg("match-plan-refused", lang, client=client.id))
        raise typer.Exit(EXIT_DATA)
    for s in steps:  # (said on stderr in JSON too: the proposal's lines are not printed then)
        until = _ends(loaded.directory, s["service"]) if s.get("target") else None
        if until is not None and s["target"] > until and format is Format.json:
            _err(f"cedta: {s['service']}: " + _msg("match-plan-ends-before", lang, date=until.isoformat()))
    if format is Format.json:
        import json

        firsts = {steps[k]["service"]: rival.ref for k, rival in proposal.ask_first.items() if k < len(steps)}
        typer.echo(json.dumps({"client": client.id, "written": True,
                               "steps": [{k: (v.isoformat() if k == "target" else v) for k, v in s.items()}
                                         | ({"ask_first": firsts[s["service"]]} if s["service"] in firsts else {})
                                         for s in steps],
                               "unplanned": [_unplanned_json(u) for u in proposal.unplanned]},
                              ensure_ascii=False, indent=2))
    else:
        first = len(client.plan) + 1  # (the steps' numbers once written; a step written meanwhile is said above)
        programs = [f"{first + k} ({steps[k]['target'].isoformat()})" for k in lengthened if k < len(steps)]
        code = "match-plan-written" if target is None else \
            "match-plan-written-target-programs" if programs else "match-plan-written-target"
        typer.echo(_msg(code, lang, client=client.id, count=len(steps), date=target.isoformat() if target else "",
                        programs=", ".join(programs)))


# ---- cedta find --------------------------------------------------------------------------------------

@app.command()
def find(
    ctx: typer.Context,
    topic: Annotated[Optional[str], typer.Option("--topic", autocompletion=complete_term("topics"),
                                                 help="A topic (id, English or French label). / Un sujet.")] = None,
    mode: Annotated[Optional[str], typer.Option("--mode", autocompletion=complete_term("modes"),
                                                help="A mode. / Un mode.")] = None,
    language: Annotated[Optional[str], typer.Option("--language", autocompletion=complete_term("languages"),
                                                    help="A language (es, Spanish, espagnol). / Une langue.")] = None,
    level: Annotated[Optional[str], typer.Option("--level", autocompletion=complete_term("levels"),
                                                 help="A level inside the service's range. / Un niveau.")] = None,
    free: Annotated[bool, typer.Option("--free", help="Free services only. / Services gratuits seulement.")] = False,
    max_fee: Annotated[Optional[str], typer.Option("--max-fee", metavar="X",
                                                     help="Lowest stated price at most X. / Prix le plus bas d'au plus X.")] = None,
    evenings: Annotated[bool, typer.Option("--evenings", help="Offered in the evening. / Offert en soirée.")] = False,
    weekends: Annotated[bool, typer.Option("--weekends", help="Offered on weekends. / Offert la fin de semaine.")] = False,
    population: Annotated[Optional[str], typer.Option("--population", autocompletion=complete_term("populations"),
                                                      help="Made for this population. / Conçu pour cette population.")] = None,
    stage: Annotated[Optional[str], typer.Option("--stage", autocompletion=complete_term("stages"),
                                                 help="Open to this business stage. / Ouvert à cette étape.")] = None,
    provider: Annotated[Optional[str], typer.Option("--provider", autocompletion=complete_provider,
                                                    help="One provider's services. / Les services d'un organisme.")] = None,
    region: Annotated[Optional[str], typer.Option("--region", autocompletion=complete_term("regions"),
                                                  help="Open to a client of this region (no region rule leaves "
                                                       "them out). / Ouvert à un client de cette région.")] = None,
    hub: Annotated[Optional[str], typer.Option("--hub", autocompletion=complete_hub,
                                               help="Offered by a member of this hub. / Offert par un membre "
                                                    "de ce centre.")] = None,
    text: Annotated[Optional[str], typer.Option("--text", metavar="WORDS",
                                                help="Words of the names and notes, in either language, accents ignored. "
                                                     "/ Mots des noms et notes, accents ignorés.")] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="text or json. / text ou json.")] = Format.text,
) -> None:
    """Find services in the directory: one line per service.

    Cherche des services dans le répertoire : une ligne par service.
    """
    settings: Settings = ctx.obj
    lang = settings.lang
    import math

    if max_fee is not None:  # read as every amount a coordinator types is read (`amount_of`)
        from cedta.clients.context import ClientError, amount_of

        try:
            amount = amount_of(max_fee, lang)
        except ClientError as exc:
            shown = max_fee if len(max_fee) <= 40 else max_fee[:40] + "…"
            if exc.code == "client-amount-ambiguous":
                raise fail("find-fee-ambiguous", lang, value=shown) from None
            raise fail("find-bad-fee", lang, value=shown) from None
        if not math.isfinite(amount):  # (1e999 is not an amount anyway)
            raise fail("find-bad-fee", lang, value=max_fee[:40])
        max_fee = amount + 0.0  # -0 is 0
    root = data_root(settings)
    from cedta.match.loading import load

    loaded = load(settings.today, root, [])
    _say_skipped(loaded, lang)
    vocab = loaded.directory.vocab

    def term(category: str, value: Optional[str], option: str) -> Optional[str]:
        if value is None:
            return None
        found = vocab.lookup_loose(category, value)
        if found is None:
            # a word a caller types: the start of one term's label, in either language, accents ignored
            # ("financement" → financing; "mentorat" → mentoring); several: say which
            import unicodedata

            def fold(text: str) -> str:
                text = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
                return "".join(c for c in text if not unicodedata.combining(c)).strip()

            want = fold(value)
            starts = [t for t in vocab.terms(category) if want and any(
                fold(vocab.label(category, t, lg)).startswith(want) for lg in ("en", "fr"))] if len(want) >= 3 else []
            if len(starts) == 1:
                return starts[0]
            if len(starts) > 1:
                raise fail("find-ambiguous-term", lang, option=option, value=value,
                           terms=", ".join((f"« {t} »" if lang == "fr" else f"`{t}`") + f" ({vocab.label(category, t, lang)})"
                                         for t in starts[:6]))
            hint = vocab.suggest(category, value)
            raise fail("find-unknown-term", lang, option=option, value=value,
                       **({"suggestion": hint} if hint else {}))
        return found

    from cedta.match.find import Filters, fee_words, find_services, level_words, schedule_words

    if provider is not None and provider not in loaded.directory.providers:
        from cedta.suggest import orgs_named

        named = orgs_named(provider, loaded.directory.providers)  # `--provider RDÉE`, as --org takes it
        if len(named) == 1:
            provider = named[0]
        else:
            import difflib

            close = named or difflib.get_close_matches(provider, list(loaded.directory.providers), n=1, cutoff=0.5)
            raise fail("find-unknown-provider", lang, provider=provider,
                       **({"suggestion": " / ".join(close)} if close else {}))
    if hub is not None and hub not in loaded.directory.hubs:
        raise fail("forum-unknown-hub", lang, hub=hub, known=", ".join(sorted(loaded.directory.hubs)) or "-")
    filters = Filters(
        topic=term("topics", topic, "--topic"), mode=term("modes", mode, "--mode"),
        language=term("languages", language, "--language"), level=term("levels", level, "--level"),
        free=free, max_fee=max_fee, evenings=evenings, weekends=weekends,
        population=term("populations", population, "--population"), stage=term("stages", stage, "--stage"),
        provider=provider, text=text, region=term("regions", region, "--region"), hub=hub,
    )
    found = find_services(loaded.directory, filters, settings.today)
    rows = []
    for o in found:
        s = o.service
        rows.append({
            "service": o.ref, "provider": o.provider.id,
            "name": s.name.get(lang) if s.name else None,
            "provider_name": o.provider.name.get(lang),
            "topic": s.topic,
            "modes": list(s.modes),
            "languages": list(s.languages),
            "levels": {"from": s.levels.from_, "to": s.levels.to} if s.levels else None,
            "fee": fee_words(o, vocab, lang),
            "schedule": schedule_words(o, vocab, lang),
        })
    if format is Format.json:
        import json

        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo(_msg("find-none", lang))
        return
    for o, r in zip(found, rows):
        parts = [r["service"], r["provider_name"],
                 ", ".join(vocab.label("languages", x, lang) for x in o.service.languages)
                 or _msg("find-languages-not-stated", lang),
                 level_words(o, vocab, lang), r["fee"], r["schedule"]]
        typer.echo(" · ".join(p for p in parts if p))
    typer.echo(_msg("find-count", lang, count=len(rows)))
