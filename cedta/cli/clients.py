"""Commands of the clients stage (see cedta/clients/): intake, plan, step, log, outcome, evaluate, show,
status, forget. Each parses its options, calls one operation of `cedta.clients`, renders the result
in English or French and picks the exit code (0 ok, 1 data errors or a refused write, 2 usage or I/O)."""

# No `from __future__ import annotations`: typer would eval every annotation string at start-up.

import re
import sys
from typing import Annotated, Optional

import typer

from cedta.cli.app import (
    EXIT_DATA, EXIT_OK, EXIT_USAGE, Format, Settings, app, complete_client, complete_hub,
    ask_yes, complete_provider, complete_service, complete_term, data_root, fail, loading,
    read_stdin_bytes, weeks_after,
)

EXIT_INTERRUPTED = 130

CLIENT_ID = typer.Argument(metavar="CLIENT", help="Client id (c-2026-...). / Identifiant du client.", autocompletion=complete_client,
                           show_default=False)


# ---- rendering helpers --------------------------------------------------------------------------

def _msg(code: str, lang: str, **params) -> str:
    """A message of cedta.messages, with `field` (what a typed value was for) in the reader's language."""
    from cedta.messages import render_message
    from cedta.messages.clients import FIELDS, VALUES

    i = 1 if lang == "fr" else 0
    if "field" in params:
        params["field"] = FIELDS.get(params["field"], (params["field"],) * 2)[i]
    if "status" in params and params["status"] in VALUES:
        params["status"] = VALUES[params["status"]][i]
    return render_message(code, params, lang)


def _label(key: str, lang: str, **params) -> str:
    from cedta.messages.clients import LABELS

    count = params.get("count")
    if isinstance(count, int) and not isinstance(count, bool):  # "1 client": a `key/1` form if there is one
        singular = count in (0, 1) if lang == "fr" else count == 1
        if singular and f"{key}/1" in LABELS:
            key = f"{key}/1"
    en, fr = LABELS.get(key, (key, key))
    text = (fr if lang == "fr" else en).format(**params) if params else (fr if lang == "fr" else en)
    return text.replace("'", "\u2019") if lang == "fr" else text


def _value(value, lang: str) -> str:
    from cedta.messages.clients import VALUES

    if isinstance(value, bool):
        value = "yes" if value else "no"
    pair = VALUES.get(str(value))
    text = (pair[1] if lang == "fr" else pair[0]) if pair else str(value)
    return text.replace("'", "\u2019") if lang == "fr" else text


def _step_named(record, number: int, lang: str) -> str:
    """`4 (Marketing, ociso/marketing-workshops)`: a step said with what it is, so that a number read
    before a `plan move` is seen to name another step (hostile pass 10, O)."""
    plan = getattr(record, "plan", None) or []
    if not 1 <= number <= len(plan):
        return str(number)
    step = plan[number - 1]
    what = _term("topics", step.topic, lang)
    return f"{number} ({what}, {step.service})" if step.service else f"{number} ({what})"


_LOADED: dict = {}  # the vocabulary of the data this command loaded (`_context`)


def _term(category: str, term_id: str, lang: str, vocab=None) -> str:
    """A vocabulary term's label in the reader's language: the network's own terms too once the
    data is loaded (a topic of data/vocab.yaml was said by its id: newcomer 12, NC12-11), else the
    built-in ones."""
    if vocab is None:
        vocab = _LOADED.get("vocab")
    if vocab is None:
        from cedta.records.vocab import builtin

        vocab = builtin()
    return vocab.label(category, term_id, lang)


def _money(amount, lang: str) -> str:
    """Dollars as each language writes them: $15,000.50 and 15 000,50 $ (a narrow no-break space)."""
    from cedta.numbers import money

    return money(amount, "CAD", lang)


def _date(d, lang: str) -> str:
    return d.isoformat() if d else "—"


def _stderr(text: str) -> None:
    typer.echo(text, err=True)


def _given(settings: Settings, **options: Optional[str]) -> None:
    """Exit 2 when an option was typed empty (`--mode ''`, `--done ''`): an empty value silently
    meant "today" or "none"."""
    for name, value in options.items():
        if value is not None and not str(value).strip():
            _stderr(f"cedta: {_msg('client-empty-option', settings.lang, option=name)}")
            raise typer.Exit(EXIT_USAGE)


def _client_error(exc, lang: str) -> typer.Exit:
    params = dict(exc.params)
    if "errno" in params:  # the system's reason, in the reader's language
        from cedta.messages.clients import os_reason

        params["reason"] = os_reason(params.pop("errno"), params.get("reason", ""), lang)
    for key in ("topic", "offers"):  # a topic's label in the reader's language, not its id
        if isinstance(params.get(key), str):
            params[key] = _term("topics", params[key], lang)
    if isinstance(params.get("level"), str):
        params["level"] = _term("levels", params["level"], lang)
    if isinstance(params.get("levels"), str):  # level ids too ("-": no level)
        params["levels"] = ", ".join(x if x == "-" else _term("levels", x, lang) for x in params["levels"].split(", "))
    if exc.code == "client-outcome-twice" or (lang == "fr" and exc.code in ("client-outcome-field", "client-outcome-zero")
                                              and isinstance(params.get("kind"), str)):
        params["kind"] = _term("outcome_kinds", params["kind"], lang)  # (not `business-started` in French: C13-11)
    if lang == "fr" and exc.code == "client-outcome-field" and isinstance(params.get("kinds"), str):
        params["kinds"] = ", ".join(_term("outcome_kinds", k.strip(), lang) for k in params["kinds"].split(","))
    if exc.code == "client-need-has-step" and isinstance(params.get("status"), str):
        params["status"] = _value(params["status"], lang)
    _stderr(f"cedta: {_msg(exc.code, lang, **params)}")
    return typer.Exit(EXIT_USAGE)


def _store_error(exc, lang: str) -> typer.Exit:
    return fail(exc.code, lang, path=exc.path, **exc.params)


def _context(settings: Settings):
    from cedta.clients.context import load
    from cedta.io.store import StoreError

    root = data_root(settings)
    try:
        context = load(root, settings.today)
    except StoreError as exc:
        raise _store_error(exc, settings.lang) from None
    if any(kind == "network" for kind, _ in context.ds.broken):  # said, not passed over in silence
        typer.echo(_msg("client-network-broken", settings.lang, path=root.shown(root.path / "network.yaml")),
                   err=True)
    _LOADED["vocab"] = context.vocab
    return root, context


def _edit(settings: Settings, client_id: str, build, *, unchanged_ok: bool = False, keep: dict | None = None):
    """Build a change (from the loaded context), apply it with `edit_client`, report; the EditResult.
    `keep`: gets the data root and the context (`root`, `ctx`) for what the caller says after."""
    from cedta.clients.context import ClientError
    from cedta.clients.path import edit_client
    from cedta.io.store import StoreError
    from cedta.render import diagnostic_line

    lang = settings.lang
    root, ctx = _context(settings)
    if keep is not None:
        keep.update(root=root, ctx=ctx)
    try:
        change = build(ctx)
        from cedta.cli.app import writing

        with writing(settings.lang):
            result = edit_client(root, client_id, change, today=settings.today, context=ctx)
    except ClientError as exc:
        raise _client_error(exc, lang) from None
    except StoreError as exc:
        raise _store_error(exc, lang) from None
    shown = root.shown(root.path / "clients" / f"{client_id}.yaml")
    if not result.written:
        if result.refused == "unchanged":
            if unchanged_ok:
                return shown, result
            typer.echo(_msg("client-unchanged", lang, path=shown))
            raise typer.Exit(EXIT_OK)
        for d in result.diagnostics:
            _stderr(diagnostic_line(d, lang))
        _stderr(f"cedta: {_msg('client-' + result.refused, lang, path=shown)}")
        raise typer.Exit(EXIT_DATA)
    for d in result.diagnostics:
        _stderr(diagnostic_line(d, lang))
    return shown, result


def _whole(text: str | None, code: str, param: str, lang: str) -> int | None:
    """A whole number typed as an option (`--minutes 45`); anything else is refused with the option's
    own message (`minutes must be between 0 and 10000, not `abc``), in the reader's language."""
    if text is None:
        return None
    typed = text.strip()
    # one sign at most (`--5` is no number: review 10, V4; `+30` is 30); digits of any script, as
    # `--amount` reads them (`５０`, fullwidth from an input method: hostile pass 10, H)
    digits = typed[1:] if typed[:1] in ("-", "+") else typed
    if digits.isdecimal() and len(typed) < 40:
        return int(typed)
    _stderr(f"cedta: {_msg(code, lang, **{param: text})}")
    raise typer.Exit(EXIT_USAGE)


def _name(bilingual, lang: str, fallback: str) -> str:
    if bilingual is None:
        return fallback
    return (bilingual.fr or bilingual.en) if lang == "fr" else (bilingual.en or bilingual.fr) or fallback


# ---- needs --------------------------------------------------------------------------------------

need_app = typer.Typer(no_args_is_help=True, help="A client's needs after intake: add or remove one.\n\n"
                       "Les besoins d'un client après l'accueil : en ajouter ou en retirer un.")
app.add_typer(need_app, name="need")


@need_app.callback()
def need(ctx: typer.Context, client_id: Annotated[str, CLIENT_ID]) -> None:
    """A client's needs after intake: `need ID add --topic T`, `need ID drop --topic T`.

    Les besoins d'un client après l'accueil : `need ID add --topic T`, `need ID drop --topic T`.
    """
    ctx.meta["client_id"] = client_id


@need_app.command("add")
def need_add(
    ctx: typer.Context,
    topic: Annotated[str, typer.Option("--topic", help="Topic (a vocabulary term). / Sujet.",
                                       autocompletion=complete_term("topics"))],
    level: Annotated[Optional[str], typer.Option("--level", help="Level. / Niveau.",
                                                 autocompletion=complete_term("levels"))] = None,
    priority: Annotated[Optional[int], typer.Option("--priority", min=1, max=9, help="1 (first) to 9; default: after the others. / 1 à 9.")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="A note (no identifiers). / Une note (sans identifiant).")] = None,
) -> None:
    """Add a need found after intake. / Ajoute un besoin constaté après l'accueil."""
    from cedta.clients import path

    settings: Settings = ctx.find_root().obj
    _given(settings, **{"--level": level})
    shown, result = _edit(settings, ctx.meta["client_id"], lambda c: path.add_need(
        c, topic=topic, level=level, priority=priority, note_text=note))
    added = result.record.needs[-1]
    typer.echo(_msg("client-need-added", settings.lang, path=shown, need=len(result.record.needs),
                    topic=_term("topics", added.topic, settings.lang), priority=added.priority))


@need_app.command("drop")
def need_drop(
    ctx: typer.Context,
    topic: Annotated[str, typer.Option("--topic", help="The need's topic. / Le sujet du besoin.",
                                       autocompletion=complete_term("topics"))],
    level: Annotated[Optional[str], typer.Option("--level", help="Its level, if the topic is there twice. / Son niveau.",
                                                 autocompletion=complete_term("levels"))] = None,
) -> None:
    """Remove a need (git keeps the old version). / Retire un besoin."""
    from cedta.clients import path

    settings: Settings = ctx.find_root().obj
    _given(settings, **{"--level": level})
    named = {}

    def build(c):
        named["topic"] = c.term("topics", topic)
        named["change"] = path.drop_need(c, topic=topic, level=level)
        return named["change"]

    shown, _ = _edit(settings, ctx.meta["client_id"], build)
    said = getattr(named.get("change"), "removed", {})
    removed = said.get("level")
    topic_words = _term("topics", named["topic"], settings.lang)
    if removed:  # which of the topic's needs went (hostile pass 11, 16)
        topic_words += f", {_term('levels', removed, settings.lang)}"
    typer.echo(_msg("client-need-dropped-copy" if said.get("copy") else "client-need-dropped", settings.lang,
                    path=shown, topic=topic_words))


# ---- plan ---------------------------------------------------------------------------------------

plan_app = typer.Typer(no_args_is_help=True, help="Plan a client's path: add, move, date or drop steps.\n\n"
                       "Planifier le parcours d'un client : ajouter, déplacer, dater ou abandonner des étapes.")
app.add_typer(plan_app, name="plan")


@plan_app.callback()
def plan(ctx: typer.Context, client_id: Annotated[str, CLIENT_ID]) -> None:
    """Plan a client's path: `plan ID add`, `plan ID move N M`, `plan ID target N DATE`, `plan ID drop N`.

    Planifier le parcours d'un client : `plan ID add`, `plan ID move N M`, `plan ID target N DATE`, `plan ID drop N`.
    """
    ctx.meta["client_id"] = client_id


@plan_app.command("add")
def plan_add(
    ctx: typer.Context,
    topic: Annotated[Optional[str], typer.Option(
        "--topic", "--need", help="Topic (a vocabulary term); default: the service's own. / Sujet ; par défaut, celui du service.",
        autocompletion=complete_term("topics"))] = None,
    level: Annotated[Optional[str], typer.Option("--level", help="Level. / Niveau.",
                                                 autocompletion=complete_term("levels"))] = None,
    service: Annotated[Optional[str], typer.Option("--service", metavar="PROVIDER/SERVICE",
                                                   help="The service chosen. / Le service choisi.",
                                                   autocompletion=complete_service)] = None,
    target: Annotated[Optional[str], typer.Option("--target", metavar="YYYY-MM-DD",
                                                  help="Target date. / Échéance.")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="A note (no identifiers). / Une note (sans identifiant).")] = None,
    again: Annotated[bool, typer.Option("--again", help="Add it even if an open step of the same topic, level and service is in the plan. / L'ajouter même si une étape ouverte identique est au plan.")] = False,
) -> None:
    """Add a step at the end of the plan. / Ajoute une étape à la fin du plan."""
    from cedta.clients import path

    settings: Settings = ctx.find_root().obj
    _given(settings, **{"--level": level, "--service": service, "--target": target})
    client_id = ctx.meta["client_id"]
    kept: dict = {}
    if topic is None and service is None:  # (coordinator 12, G7: `--need` was refused with --level, --note offered)
        _stderr(f"cedta: {_msg('client-step-needs-topic', settings.lang)}")
        raise typer.Exit(EXIT_USAGE)
    target = _days_ahead(target, settings)  # +30, as `plan target` takes it (review 14, R14-14)

    def step_of(c):
        # no --topic: the service's own topic (`plan add --service X/Y` alone)
        return path.add_step(c, topic=topic or c.service(c.service_ref(service)).topic, level=level, service=service,
                             target=target, note_text=note, again=again)

    shown, result = _edit(settings, client_id, step_of, keep=kept)
    step = result.record.plan[-1]
    typer.echo(_msg("client-step-added", settings.lang, path=shown, step=len(result.record.plan),
                    topic=_term("topics", step.topic, settings.lang)))
    if step.topic not in {n.topic for n in result.record.needs}:
        _stderr(f"cedta: {_msg('client-step-not-a-need', settings.lang, topic=_term('topics', step.topic, settings.lang), topic_id=step.topic, id=client_id)}")
    _say_overbooked(settings, kept["root"], kept["ctx"], step.service)
    _say_after_end(settings, kept["ctx"], step, result.record)
    _say_unfit(settings, kept["ctx"], result.record, step)
    _say_left(settings, result.record)


def _say_left(settings: Settings, record) -> None:
    """A warning when work is added to the file of a client who left the program (its case stays
    closed: no step of it is overdue, none counts as current)."""
    from cedta.clients.caseload import left

    gone = left(record) if record is not None else None
    if gone is not None:
        _stderr(f"cedta: {_msg('client-work-after-left', settings.lang, date=gone.isoformat(), id=record.id)}")


def _days_ahead(text: Optional[str], settings: Settings) -> Optional[str]:
    """A target typed `+N` as the date N days from today (a date, or nothing, as it was typed)."""
    if text is None or not text.strip().startswith("+"):
        return text
    from cedta.cli.app import target_day

    return target_day(text, settings.today, settings.lang).isoformat()


def _say_after_end(settings: Settings, ctx, step, record=None) -> None:
    """A warning when a step's service has ended, or its target comes after the service's end date
    (`valid.until`)."""
    if not step.service:
        return
    from cedta.clients.context import ClientError

    try:
        service = ctx.service(step.service)
    except ClientError:  # (checked when the step was written: a service gone since says nothing here)
        return
    valid = service.valid
    if valid is not None and valid.until is not None and valid.until < settings.today \
            and step.status in ("planned", "active"):
        _stderr(f"cedta: {_msg('client-step-service-ended', settings.lang, service=step.service, until=valid.until.isoformat())}")
    elif valid is not None and valid.until is not None and step.target is not None and step.target > valid.until:
        _stderr(f"cedta: {_msg('client-step-after-end', settings.lang, service=step.service, until=valid.until.isoformat(), target=step.target.isoformat())}")
    weeks = service.schedule.duration_weeks if service.schedule is not None else None
    if weeks and step.target is not None and step.status in ("planned", "active"):
        import datetime as dt

        # from its first contact on the program, else the day the step was added, else today
        began = min((c.date for c in getattr(record, "contacts", None) or () if c.service == step.service),
                    default=getattr(step, "added", None) or settings.today)
        end = weeks_after(began, weeks)
        if step.target < end:  # a 52-week program due in two months reads stalled while attended (C14-19)
            _stderr(f"cedta: {_msg('client-step-before-program-end', settings.lang, weeks=weeks, target=step.target.isoformat(), end=end.isoformat())}")


def _say_unfit(settings: Settings, ctx, record, step) -> None:
    """A warning when matching leaves this client out of the step's service for the need the step
    takes up (over the budget, a rule not met, a language not spoken): the step is written, the
    coordinator may know better, but is told (newcomer 12, NC12-4; `diff` flags the same as a risk)."""
    if not step.service or record is None:
        return
    from cedta.clients.caseload import takes_up
    from cedta.match import Directory, match_need
    from cedta.match.engine import after_open_steps, as_matched
    from cedta.records import model as m

    ds = ctx.ds
    directory = Directory.build([e.record for e in ds.providers.values()], [e.record for e in ds.hubs.values()],
                                ds.network.record if ds.network else None, ds.vocab, settings.today)
    need = next((n for n in record.needs if takes_up(step, n)), None) or m.Need(topic=step.topic, level=step.level)
    # as the client will be once the plan's open steps are done: a loan fund asking for the business
    # plan that step 1 is writing is no mismatch
    client = after_open_steps(record, directory) or record
    result = match_need(need, as_matched(client, settings.today, directory), directory, settings.today)
    cand = next((c for c in result.excluded if c.ref == step.service), None)
    if cand is not None:
        why = "; ".join(r.text(settings.lang) for r in cand.reasons if r.code != "capacity")
        if why:
            _stderr(f"cedta: {_msg('client-step-unfit', settings.lang, service=step.service, why=why, id=record.id)}")


def _say_overbooked(settings: Settings, root, ctx, ref: str | None) -> None:
    """A warning when a capacity-limited service now has more open plan steps than places."""
    if not ref:
        return
    from cedta.clients.context import ClientError

    try:
        capacity = ctx.service(ref).capacity
    except ClientError:  # (checked when the step was written: a service gone since has no places)
        return
    if capacity is None:
        return
    from cedta.match.loading import places_now

    taken = places_now(root).get(ref, 0)
    if taken > capacity.count:
        _stderr(f"cedta: {_msg('client-step-overbooked', settings.lang, service=ref, count=capacity.count, taken=taken)}")


@plan_app.command("move")
def plan_move(
    ctx: typer.Context,
    number: Annotated[int, typer.Argument(help="The step to move. / L'étape à déplacer.", show_default=False)],
    to: Annotated[int, typer.Argument(help="Its new place. / Sa nouvelle place.", show_default=False)],
) -> None:
    """Move step N to place M. / Déplace l'étape N à la place M."""
    from cedta.clients import path

    settings: Settings = ctx.find_root().obj
    shown, result = _edit(settings, ctx.meta["client_id"], lambda c: path.move_step(number, to))
    # what the step is, at its new place: a number read before the move names another step now
    typer.echo(_msg("client-step-moved", settings.lang, path=shown, step=number,
                    to=_step_named(result.record, to, settings.lang)))


@plan_app.command("target")
def plan_target(
    ctx: typer.Context,
    number: Annotated[int, typer.Argument(help="The step. / L'étape.", show_default=False)],
    date: Annotated[Optional[str], typer.Argument(metavar="YYYY-MM-DD", help="Its target date. / Son échéance.",
                                                  show_default=False)] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the target. / Retirer l'échéance.")] = False,
) -> None:
    """Set step N's target date (a step past it reads stalled), or --clear it. / Fixe l'échéance de l'étape N."""
    from cedta.clients import path

    settings: Settings = ctx.find_root().obj
    lang = settings.lang
    _given(settings, **{"DATE": date})
    if (date is None) == (not clear):
        _stderr(f"cedta: {_msg('client-target-or-clear', lang)}")
        raise typer.Exit(EXIT_USAGE)
    date = _days_ahead(date, settings)  # +30: in 30 days, as `match --plan --target` takes it (C14-7)
    kept: dict = {}
    shown, result = _edit(settings, ctx.meta["client_id"], lambda c: path.set_target(c, number, date), keep=kept)
    named = _step_named(result.record, number, lang)
    typer.echo(_msg("client-step-target", lang, path=shown, step=named, date=date) if date else
               _msg("client-step-target-cleared", lang, path=shown, step=named))
    if result.record is not None and 0 < number <= len(result.record.plan):
        _say_after_end(settings, kept["ctx"], result.record.plan[number - 1], result.record)


@plan_app.command("drop")
def plan_drop(
    ctx: typer.Context,
    number: Annotated[int, typer.Argument(help="The step to drop. / L'étape à abandonner.", show_default=False)],
    note: Annotated[Optional[str], typer.Option("--note", help="Why (no identifiers); added after the step's note. / Pourquoi (ajouté à la note de l'étape).")] = None,
    date: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="The day it was dropped (default today). / Le jour de l'abandon.")] = None,
    reopen: Annotated[bool, typer.Option("--reopen", help="Drop a step that was done (its done date is removed). / Abandonner une étape terminée.")] = False,
) -> None:
    """Drop step N on a day (it stays in the file, marked dropped); a done step only with --reopen. / Abandonne l'étape N."""
    from cedta.clients import path

    settings: Settings = ctx.find_root().obj
    _given(settings, **{"--date": date})
    shown, result = _edit(settings, ctx.meta["client_id"],
                          lambda c: path.set_step(number, "dropped", note_text=note, ctx=c, reopen=reopen,
                                                  when=c.date(date, what="dropped") if date else None))
    typer.echo(_msg("client-step-set", settings.lang, path=shown, step=_step_named(result.record, number, settings.lang),
                    status="dropped"))
    _say_before_added(settings, result.record, number)


def _say_before_added(settings: Settings, record, number: int) -> None:
    """A warning when a step is marked done or dropped on a day before it was added to the plan: a
    quarter already reported would count it now (hostile 15, H15-21). Kept, not refused: a caseload
    typed in late has no other way to say when the work was done."""
    steps = getattr(record, "plan", None) or []
    if not 1 <= number <= len(steps):
        return
    step = steps[number - 1]
    day = step.done if step.status == "done" else step.dropped if step.status == "dropped" else None
    if day is not None and step.added is not None and day < step.added:
        _stderr(f"cedta: {_msg('client-step-before-added', settings.lang, step=number, date=day.isoformat(), added=step.added.isoformat())}")


# ---- step, log, outcome, evaluate ---------------------------------------------------------------

@app.command()
def step(
    ctx: typer.Context,
    client_id: Annotated[str, CLIENT_ID],
    number: Annotated[int, typer.Argument(help="Step number (1 is the first). / Numéro de l'étape.", show_default=False)],
    when: Annotated[Optional[str], typer.Argument(metavar="DATE", help="With --done or --dropped: the day it was done or dropped (default today). / Avec --done ou --dropped : le jour où elle a été terminée ou abandonnée.", show_default=False)] = None,
    active: Annotated[bool, typer.Option("--active", help="The step is under way. / L'étape est en cours.")] = False,
    done: Annotated[bool, typer.Option("--done", help="The step is done (on DATE). / L'étape est terminée.")] = False,
    dropped: Annotated[bool, typer.Option("--dropped", help="The step is dropped. / L'étape est abandonnée.")] = False,
    date: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="Same as DATE. / Comme DATE.")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="A note (no identifiers), added after the step's note. / Une note, ajoutée à celle de l'étape.")] = None,
    reopen: Annotated[bool, typer.Option("--reopen", help="Let --active, --dropped or --done change a done step, or --active or --done a dropped one (its date is removed or replaced). / Permettre de changer une étape terminée ou abandonnée.")] = False,
) -> None:
    """Record a step's progress: --active, --done [DATE] or --dropped [DATE].

    A done step is changed back only with --reopen (its done date would be lost).

    Consigne l'avancement d'une étape : --active, --done [DATE] ou --dropped [DATE]. Une étape terminée
    n'est changée qu'avec --reopen.
    """
    settings: Settings = ctx.obj
    lang = settings.lang
    _given(settings, **{"DATE": when, "--date": date})
    if active + done + dropped != 1:
        _stderr(f"cedta: {_msg('client-one-status', lang)}")
        raise typer.Exit(EXIT_USAGE)
    status = "active" if active else "done" if done else "dropped"
    if when and date and when.strip() != date.strip():
        _stderr(f"cedta: {_msg('client-two-dates', lang, first=when, second=date)}")
        raise typer.Exit(EXIT_USAGE)
    day = when or date
    if day and status == "active":
        _stderr(f"cedta: {_msg('client-date-with-status', lang)}")
        raise typer.Exit(EXIT_USAGE)

    def build(c):
        from cedta.clients import path

        parsed = c.date(day, what=status) if day else None
        return path.set_step(number, status, when=parsed, note_text=note, ctx=c, reopen=reopen)

    shown, result = _edit(settings, client_id, build)
    typer.echo(_msg("client-step-set", lang, path=shown, step=_step_named(result.record, number, lang), status=status))
    if status in ("active", "planned"):
        _say_left(settings, result.record)
    else:
        _say_before_added(settings, result.record, number)


@app.command()
def log(
    ctx: typer.Context,
    client_id: Annotated[str, CLIENT_ID],
    org: Annotated[Optional[str], typer.Option("--org", help="The organisation met (the service's when --service names one). / "
                                               "L'organisme rencontré (celui du service si --service le nomme).",
                                               autocompletion=complete_provider)] = None,
    date: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="Default: today. / Par défaut : aujourd'hui.")] = None,
    service: Annotated[Optional[str], typer.Option("--service", metavar="PROVIDER/SERVICE",
                                                   autocompletion=complete_service, help="The service used. / Le service utilisé.")] = None,
    mode: Annotated[Optional[str], typer.Option("--mode", autocompletion=complete_term("modes"),
                                                help="How (workshops, consulting, ...). / Formule.")] = None,
    minutes: Annotated[Optional[str], typer.Option("--minutes", metavar="N", help="Length in minutes. / Durée en minutes.")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="A note (no identifiers). / Une note (sans identifiant).")] = None,
    again: Annotated[bool, typer.Option("--again", help="Log it even if the same contact (day, organisation, service, mode, minutes, note) is already logged. / Le consigner même si le même contact l'est déjà.")] = False,
) -> None:
    """Document a contact with the client.

    Consigne un contact avec le client.
    """
    from cedta.clients import path

    settings: Settings = ctx.obj
    _given(settings, **{"--org": org, "--date": date, "--service": service, "--mode": mode, "--minutes": minutes})
    length = _whole(minutes, "client-bad-minutes", "minutes", settings.lang)
    shown, result = _edit(settings, client_id, lambda c: path.add_contact(
        c, org=org, when=date, service=service, mode=mode, minutes=length, note_text=note, again=again))
    contacts = result.record.contacts if result.record else []
    _say_left(settings, result.record)
    typer.echo(_msg("client-logged", settings.lang, path=shown, count=len(contacts),
                    date=(contacts[-1].date.isoformat() if contacts else date)))
    if contacts and org is not None and contacts[-1].org != org:  # a name or short name typed: the organisation it named
        typer.echo(f"  → --org {contacts[-1].org}")


@app.command()
def outcome(
    ctx: typer.Context,
    client_id: Annotated[str, CLIENT_ID],
    kind: Annotated[str, typer.Argument(help="business-plan-completed, business-started, financing-obtained, "
                                        "jobs-created, jobs-retained, ... / Type de résultat.",
                                        autocompletion=complete_term("outcome_kinds"), show_default=False)],
    amount: Annotated[Optional[str], typer.Option("--amount", metavar="AMOUNT",
                                                  help="Amount in dollars (financing): 15000, 1 500, 2 000,50 $. / "
                                                  "Montant en dollars (financement).")] = None,
    count: Annotated[Optional[str], typer.Option("--count", metavar="N", help="How many (jobs). / Combien (emplois).")] = None,
    date: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="Default: today. / Par défaut : aujourd'hui.")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="A note (no identifiers). / Une note (sans identifiant).")] = None,
    again: Annotated[bool, typer.Option("--again", help="Record it even if the same outcome (kind, day, amount) is already recorded. / Le consigner même si le même résultat l'est déjà.")] = False,
) -> None:
    """Record an outcome.

    Consigne un résultat.
    """
    from cedta.clients import path

    from cedta.clients.context import ClientError, amount_of

    settings: Settings = ctx.obj
    _given(settings, **{"--amount": amount, "--count": count, "--date": date})
    try:
        value = amount_of(amount, settings.lang) if amount is not None else None
    except ClientError as exc:
        raise _client_error(exc, settings.lang) from None
    how_many = _whole(count, "client-bad-count", "count", settings.lang)
    made = []
    shown, result = _edit(settings, client_id, lambda c: made.append(path.add_outcome(
        c, kind=kind, when=date, amount=value, count=how_many, note_text=note, again=again)) or made[-1])
    last = result.record.outcomes[-1] if result.record and result.record.outcomes else None
    said = _term("outcome_kinds", last.kind if last else kind, settings.lang)
    if last is not None and (last.amount is not None or last.count is not None):
        # the figure as read (`2 500,50 $`): a misread caught before the forum adds it up (coordinator 14, C14-11)
        from cedta.numbers import money, number_text

        figure = money(last.amount, "CAD", settings.lang) if last.amount is not None else number_text(last.count)
        said += " — " + figure  # (as `show` writes it)
    typer.echo(_msg("client-outcome-added", settings.lang, path=shown, kind=said))
    if last is not None and result.record is not None:
        from cedta.records.topics import OUTCOME_MEETS

        topic = OUTCOME_MEETS.get(last.kind)
        later = [n for n in result.record.needs if n.topic == topic and n.added is not None and n.added > last.date]
        if later:  # a need and its outcome typed in late: the outcome, dated first, meets nothing (hostile 15, H15-18)
            _stderr(f"cedta: {_msg('client-outcome-before-need', settings.lang, date=last.date.isoformat(), topic=_term('topics', topic, settings.lang), added=later[0].added.isoformat())}")
    dropped = made[-1].dropped if made else []
    if dropped and last is not None:
        typer.echo(_msg("client-outcome-left-steps", settings.lang, path=shown, count=len(dropped),
                        steps=", ".join(map(str, dropped)), date=last.date.isoformat()))
    if last is not None and last.kind == "left-program" and result.record is not None:
        rec = result.record
        later = [c.date for c in rec.contacts if c.date > last.date] + \
            [s.done for s in rec.plan if s.status == "done" and s.done and s.done > last.date]
        if later:  # a typo's date: the case would close before work recorded after it
            _stderr(f"cedta: {_msg('client-left-before-activity', settings.lang, date=last.date.isoformat(), later=max(later).isoformat())}")
        if sum(o.kind == "left-program" for o in rec.outcomes) > 1:
            _stderr(f"cedta: {_msg('client-left-twice', settings.lang)}")


@app.command()
def evaluate(
    ctx: typer.Context,
    client_id: Annotated[str, CLIENT_ID],
    satisfaction: Annotated[Optional[str], typer.Option("--satisfaction", metavar="1-5",
                                                        help="1 (poor) to 5 (excellent). / 1 (faible) à 5 (excellent).")] = None,
    notes: Annotated[Optional[str], typer.Option("--notes", "--note", help="Notes (no identifiers). / Notes (sans identifiant).")] = None,
    date: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="Default: today. / Par défaut : aujourd'hui.")] = None,
    again: Annotated[bool, typer.Option("--again", help="Record it even if an evaluation of that day is already recorded. / La consigner même si une évaluation de ce jour l'est déjà.")] = False,
) -> None:
    """Record the client's evaluation of the help received.

    Consigne l'évaluation du client.
    """
    from cedta.clients import path

    settings: Settings = ctx.obj
    _given(settings, **{"--satisfaction": satisfaction, "--date": date})
    score = _whole(satisfaction, "client-bad-satisfaction", "value", settings.lang)
    shown, result = _edit(settings, client_id, lambda c: path.add_evaluation(
        c, when=date, satisfaction=score, notes=notes, again=again))
    last = result.record.evaluation[-1] if result.record and result.record.evaluation else None
    typer.echo(_msg("client-evaluated", settings.lang, path=shown,
                    date=last.date.isoformat() if last else settings.today.isoformat()))


def _private_shown(root) -> str:
    """The identity store's folder as the user knows the data folder (`D/.private/`, not always
    `data/.private/`: coordinator 14, C14-10)."""
    from cedta.clients.context import PRIVATE_DIR

    return root.shown(root.path / PRIVATE_DIR).rstrip("/") + "/"


def _confirm_forget(client_id: str, lang: str, private: str) -> None:
    """Go on only when the user says yes: asked at a terminal (on standard error, seen when the
    output goes to a log), read as one line from a pipe (`echo n | cedta forget X` keeps the file).
    No answer at all (standard input closed or empty) stops with exit 2 and asks for --yes: the
    identity entry is not in git, its removal cannot be undone. Ctrl-C exits 130; no: exit 1."""
    from cedta.cli.app import stdin_open

    def needs_yes() -> typer.Exit:
        typer.echo(f"cedta: {_msg('client-forget-needs-yes', lang, id=client_id)}", err=True)
        return typer.Exit(EXIT_USAGE)

    if not stdin_open():
        raise needs_yes()
    try:
        ok = ask_yes(_msg("client-forget-confirm", lang, id=client_id, private=private), lang, err=True)
    except KeyboardInterrupt:
        typer.echo("", err=True)
        raise typer.Exit(130) from None
    except typer.Abort:
        typer.echo("", err=True)
        if stdin_open() and sys.stdin.isatty():  # Ctrl-D at the terminal: as Ctrl-C
            raise typer.Exit(130) from None
        raise needs_yes() from None
    if not ok:
        typer.echo(_msg("client-forget-kept", lang))
        raise typer.Exit(EXIT_DATA)  # declined: a script can tell it from a forget


@app.command()
def forget(
    ctx: typer.Context,
    client_id: Annotated[str, CLIENT_ID],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask (scripts: without it, forget reads the answer from standard input). / Ne pas demander (scripts : sans cette option, la réponse est lue sur l'entrée standard).")] = False,
) -> None:
    """Consent withdrawn: remove the identity entry and every note, drop open steps, keep the counts.

    Asks first, or reads y/n from standard input; --yes for scripts (the identity entry is not in
    git: its removal cannot be undone).

    Consentement retiré : supprime la fiche d'identité et toutes les notes, abandonne les étapes
    ouvertes, garde les dénombrements. Demande d'abord (--yes pour les scripts).
    """
    from cedta.clients import identity, path
    from cedta.clients.context import ClientError, client_file
    from cedta.io.store import StoreError

    from cedta.clients.path import edit_client
    from cedta.render import diagnostic_line

    settings: Settings = ctx.obj
    lang = settings.lang
    root, context = _context(settings)
    try:
        try:
            client_file(root, client_id)
        except ClientError as exc:  # no client file left: its identity entry can still go
            if exc.code not in ("unknown-client", "client-bad-id") or not identity.has(root, client_id):
                raise
            if not yes:
                _confirm_forget(client_id, lang, _private_shown(root))
            from cedta.clients.context import edit_lock

            with edit_lock(root):
                identity.remove(root, client_id)
            typer.echo(_msg("client-forgotten-orphan", lang, id=client_id))
            return
        if not yes:
            _confirm_forget(client_id, lang, _private_shown(root))
        # the identity entry first: withdrawn consent does not wait for a client file to be fixed
        from cedta.clients.context import edit_lock

        store_problem = None
        try:  # what to look for in the other clients' files, before it goes (hostile 13, 23)
            entry = identity.get(root, client_id)
        except ClientError:
            entry = None
        with edit_lock(root):  # the lock an intake holds while it adds its entry: none is lost
            try:
                removed = identity.remove(root, client_id)
            except ClientError as exc:  # the store does not read: the notes still go (hostile 10b, 7),
                if not exc.code.startswith("identity-store"):  # and the entry is said to be left
                    raise
                store_problem, removed = exc, False
        try:
            forgetting = path.forget(context)
            result = edit_client(root, client_id, forgetting, today=settings.today, context=context,
                                 tolerate_errors=True, withdrawn_ok=True)
        except (StoreError, ClientError):  # the file could not be written: what was done, what is left
            if removed:
                _stderr(f"cedta: {_msg('client-forget-half', lang, id=client_id)}")
            raise
        from cedta.io import cache

        cache.forget_file(root, client_file(root, client_id))  # the notes must not stay in the parse cache
    except ClientError as exc:
        raise _client_error(exc, lang) from None
    except StoreError as exc:
        raise _store_error(exc, lang) from None
    shown = root.shown(root.path / "clients" / f"{client_id}.yaml")
    identity_said = _msg("client-forgotten-removed" if removed else "client-forgotten-none", lang)
    if store_problem is not None:
        identity_said = _msg("client-forgotten-store-unreadable", lang)
    for d in result.diagnostics:
        _stderr(diagnostic_line(d, lang))
    if not result.written and result.refused != "unchanged":
        _stderr(f"cedta: {_msg('client-forget-refused', lang, path=shown, identity=identity_said)}")
        raise typer.Exit(EXIT_DATA)
    if not result.written:  # nothing left to change in the file: forgotten before
        typer.echo(_msg("client-forgotten-already", lang, path=shown, identity=identity_said))
        return
    withdrawn = result.record.consent.withdrawn if result.record is not None else forgetting.day
    typer.echo(_msg("client-forgotten", lang, path=shown, date=str(withdrawn), identity=identity_said))
    if forgetting.unknown:  # text under keys the record does not know: gone with the notes (hostile 15, H15-8)
        _stderr(f"cedta: {_msg('client-forget-unknown-keys', lang, path=shown, keys=', '.join(forgetting.unknown[:10]))}")
    copies = _copies_of(root, client_id)
    if copies:  # `c-x.yaml.orig` (git mergetool), `c-x.yaml~` (an editor): the notes are still in them
        _stderr(f"cedta: {_msg('client-forget-copies', lang, files=', '.join(copies))}")
    elsewhere = identity.written_elsewhere(root, client_id, entry)
    if elsewhere:  # another client's note names this one: once the entry is gone, no check finds it
        _stderr(f"cedta: {_msg('client-forget-elsewhere', lang, places=', '.join(elsewhere))}")
    if store_problem is not None:  # the entry is still there: said with the store's problem, exit 1
        _client_error(store_problem, lang)  # (says it)
        raise typer.Exit(EXIT_DATA)
    if copies or elsewhere:
        raise typer.Exit(EXIT_DATA)


def _copies_of(root, client_id: str) -> list[str]:
    """Files beside a client's file that copy it (`c-x.yaml.orig`, `c-x.yaml~`, `.c-x.yaml.swp`,
    `c-x.yml`), as shown: `forget` cleans the file, not them (hostile pass 11, 7)."""
    import os

    folder = root.path / "clients"
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    own = f"{client_id}.yaml"
    found = [n for n in names if n != own and (n.startswith((own, "." + own, f"{client_id}.yml"))
                                                or n.lower() in (own.lower(), f"{client_id}.yml"))]
    return [root.shown(folder / n) for n in sorted(found)]


# ---- show and status ----------------------------------------------------------------------------

def _load_client(settings: Settings, client_id: str):
    """(root, context, record, diagnostics); exits 2 for an unknown client, 1 when it does not load."""
    from cedta.clients import path
    from cedta.clients.context import ClientError
    from cedta.diagnostics import ERROR
    from cedta.render import diagnostic_line

    root, ctx = _context(settings)
    try:
        record, diagnostics = path.read(root, client_id, ctx)
    except ClientError as exc:
        raise _client_error(exc, settings.lang) from None
    if record is None or any(d.severity == ERROR for d in diagnostics):
        for d in diagnostics:
            _stderr(diagnostic_line(d, settings.lang))
        if record is None:
            raise typer.Exit(EXIT_DATA)
    return root, ctx, record, diagnostics


def _show_lines(record, ctx, state, lang: str, identity_entry=None, show_identity: bool = False) -> list[str]:
    vocab = ctx.vocab
    ds = ctx.ds
    L = lambda key, **p: _label(key, lang, **p)  # noqa: E731
    t = lambda cat, term: _term(cat, term, lang, vocab)  # noqa: E731

    def org(org_id: str) -> str:
        entry = ds.providers.get(org_id)
        return _name(entry.record.name, lang, org_id) if entry else org_id

    def service(ref: str | None, with_org: bool = False) -> str:
        """A service's name (or, unnamed, its topic and modes), with its organisation if asked."""
        if not ref:
            return ""
        found = ds.service(ref)
        if found is None:
            return ref
        if found.name:
            name = _name(found.name, lang, ref)
        else:  # a service imported from a sheet has no name: "Marketing (workshops)"
            from cedta.records.vocab import unnamed_service

            name = unnamed_service(t("topics", found.topic), [t("modes", x) for x in found.modes])
        return f"{name}, {org(ref.partition('/')[0])}" if with_org else name

    hub = ds.hubs.get(record.hub)
    out = [f"{L('client')} {record.id} — {t('client_kinds', record.kind)}",
           f"{L('hub')}: {_name(hub.record.name, lang, record.hub) if hub else record.hub}",
           f"{L('intake')}: {record.intake.date.isoformat()}, {L('by')} {org(record.intake.by)}",
           f"{L('consent')}: {L('given')} {record.consent.given.isoformat()}, {L('scope')} "
           f"{_value(record.consent.scope, lang)}"
           + (f"{' ;' if lang == 'fr' else ';'} {L('withdrawn')} {record.consent.withdrawn.isoformat()}"
              if record.consent.withdrawn else "")]
    if lang == "fr":
        out = [line.replace(": ", " : ", 1) if line.count(": ") else line for line in out]
    colon = " : " if lang == "fr" else ": "
    if show_identity:
        out += ["", L("identity")]
        if identity_entry == "malformed":  # (hand-edited into a list: hostile 13, #24)
            out.append("  " + _msg("client-identity-malformed", lang, id=record.id))
        elif identity_entry:
            from cedta.io.store import printable  # a terminal escape kept in the store is not sent to the terminal

            out += [f"  {L(k)}{colon}{printable(str(v))}" for k, v in identity_entry.items()]
        else:
            out.append("  " + _msg("client-identity-none", lang, id=record.id))
    p = record.profile
    facts: list[tuple[str, str]] = []
    if p.populations:
        facts.append((L("populations"), ", ".join(t("populations", x) for x in p.populations)))
    if p.languages.speaks:
        facts.append((L("speaks"), ", ".join(t("languages", x) for x in p.languages.speaks)))
    if p.languages.reads_writes:
        facts.append((L("reads_writes"), ", ".join(t("languages", x) for x in p.languages.reads_writes)))
    if p.languages.interpreter:
        facts.append((L("interpreter"), ", ".join(t("languages", x) for x in p.languages.interpreter)))
    if p.birth_year:
        facts.append((L("birth_year"), str(p.birth_year)))
    if p.ei:
        facts.append((L("ei"), _value(p.ei.status, lang) + (f", {L('ended')} {p.ei.ended.isoformat()}" if p.ei.ended else "")))
    if p.employment:
        facts.append((L("employment"), _value(p.employment.status, lang) + (
            f", {p.employment.hours_per_week} {L('hours')}" if p.employment.hours_per_week is not None else "")))
    if p.region:
        facts.append((L("region"), t("regions", p.region)))
    if p.foreign_trained_professional is not None:
        facts.append((L("foreign_trained_professional"), _value(p.foreign_trained_professional, lang)))
    if p.org_type:
        facts.append((L("org_type"), t("org_types", p.org_type)))
    if p.founding:
        facts.append((L("founding"), t("org_types", p.founding)))
    if p.indigenous_ownership_percent is not None:
        facts.append((L("indigenous_ownership_percent"),
                      f"{p.indigenous_ownership_percent}{' %' if lang == 'fr' else '%'}"))
    if p.memberships:
        facts.append((L("memberships"), ", ".join(org(x) for x in p.memberships)))
    # the profile as matching reads it once the outcomes are counted (a business started is past
    # exploring an idea; a business plan completed is one the client has): said beside the intake's
    # (coordinator 13, C13-17; readme 14, B2)
    from cedta.match.engine import as_matched

    try:
        read = as_matched(record, ctx.today).profile
    except Exception:
        read = p
    if p.stage:
        now = read.stage
        facts.append((L("stage"), t("stages", p.stage) if now == p.stage else
                      L("stage_now", now=t("stages", now), then=t("stages", p.stage))))
    has_now = list(read.has)
    if has_now:
        said = ", ".join(_value(x, lang) for x in has_now)
        if has_now != list(p.has):
            said = L("has_now", now=said, then=", ".join(_value(x, lang) for x in p.has) or "—")
        facts.append((L("has"), said))
    if p.budget:
        fee = p.budget.max_fee
        facts.append((L("budget"), _money(fee, lang)))
    if p.availability:
        facts.append((L("availability"), ", ".join(t("times", x) for x in p.availability)))
    if p.preferred_modes:
        facts.append((L("preferred_modes"), ", ".join(t("modes", x) for x in p.preferred_modes)))
    if p.returning_to_school is not None:
        facts.append((L("returning_to_school"), _value(p.returning_to_school, lang)))
    out += ["", L("profile")]
    out += [f"  {k}{colon}{v}" for k, v in facts] or [f"  {L('unknown')}"]
    out += ["", L("needs")]
    for n in sorted(record.needs, key=lambda n: n.priority):
        level = f", {L('level')} {t('levels', n.level)}" if n.level else ""
        out.append(f"  {n.priority}. {t('topics', n.topic)}{level}" + (f" — {n.note}" if n.note else ""))
    if not record.needs:
        out.append(f"  {L('none')}")
    out += ["", L("plan")]
    for i, s in enumerate(record.plan, 1):
        bits = [t("topics", s.topic)]
        if s.level:
            bits[0] += f" ({t('levels', s.level)})"
        if s.service:
            bits.append(service(s.service, with_org=True))
        state_word = _value(s.status, lang)
        if s.status == "done" and s.done:
            state_word += f" {s.done.isoformat()}"
        elif s.status == "dropped" and s.dropped:
            state_word += f" {s.dropped.isoformat()}"
        if s.target:
            bits.append(f"{L('target')} {s.target.isoformat()}")
        flag = f"  ← {L('overdue')}" if i in state.overdue else ""
        out.append(f"  {i}. [{state_word}] " + " — ".join(bits) + flag)
        if s.note:
            out.append(f"     {s.note}")
    if not record.plan:
        out.append("  " + L("no_plan", id=record.id))
    out += ["", f"{L('contacts')} ({len(record.contacts)})"]
    for c in sorted(record.contacts, key=lambda c: c.date):
        bits = [c.date.isoformat(), org(c.org)]
        if c.service:
            bits.append(service(c.service))
        if c.mode:
            bits.append(t("modes", c.mode))
        if c.minutes is not None:
            bits.append(f"{c.minutes} {L('minutes')}")
        out.append("  " + " — ".join(bits) + (f"{colon}{c.note}" if c.note else ""))
    if record.outcomes:
        out += ["", L("outcomes")]
        for o in record.outcomes:
            # "jobs created: 2", not "jobs created — count 2" (nor "1 jobs created")
            bits = [o.date.isoformat(), f"{t('outcome_kinds', o.kind)}{colon}{o.count}" if o.count is not None
                    else t("outcome_kinds", o.kind)]
            if o.amount is not None:
                bits.append(_money(o.amount, lang))
            out.append("  " + " — ".join(bits) + (f"{colon}{o.note}" if o.note else ""))
    if record.evaluation:
        out += ["", L("evaluation")]
        for e in record.evaluation:
            bits = [e.date.isoformat()]
            if e.satisfaction is not None:
                bits.append(f"{L('satisfaction')} {e.satisfaction}/5")
            out.append("  " + " — ".join(bits) + (f"{colon}{e.notes}" if e.notes else ""))
    out += ["", L("state")]
    if state.closed:
        out.append(f"  {L('closed')}")
    elif state.stalled:
        out.append(f"  {L('stalled')}")
        out += [f"  - {r.text(lang, vocab)}" for r in state.why]
    elif not record.plan:  # "on track" read true of a client with nothing planned yet
        out.append(f"  {L('no_plan_yet')}")
    else:
        out.append(f"  {L('on_track')}")
    ago = {0: L("today"), 1: L("yesterday")}.get(state.days_since_contact) or L("days_ago", days=state.days_since_contact)
    last = f"{state.last_contact.isoformat()} ({ago})" if state.last_contact else L("none")
    out.append(f"  {L('last_contact')}{colon}{last}")
    if state.next_target and not state.closed:
        out.append(f"  {L('next_target')}{colon}{state.next_target.isoformat()}")
    return out


@app.command()
def show(
    ctx: typer.Context,
    client_id: Annotated[str, CLIENT_ID],
    identity: Annotated[bool, typer.Option("--identity", help="Also show the identity entry kept on this machine. / "
                                           "Affiche aussi la fiche d'identité gardée sur ce poste.")] = False,
    format: Annotated[Format, typer.Option("--format", "-f", help="text or json (json never holds the identity). / text ou json.")] = Format.text,
) -> None:
    """One page about a client: profile, needs, plan, contacts, outcomes, evaluation, what is overdue.

    Une page sur un client : profil, besoins, plan, contacts, résultats, évaluation, retards.
    """
    from cedta.clients import identity as identities
    from cedta.clients.caseload import case_state
    from cedta.clients.context import ClientError

    from cedta.diagnostics import ERROR

    settings: Settings = ctx.obj
    root, context, record, diagnostics = _load_client(settings, client_id)
    code = EXIT_DATA if any(d.severity == ERROR for d in diagnostics) else EXIT_OK  # shown, but said
    state = case_state(record, context.network, settings.today)
    if format is Format.json and identity:  # (the JSON never holds it: said, not dropped in silence)
        _stderr(f"cedta: {_msg('client-identity-not-in-json', settings.lang)}")
    if format is Format.json:
        import json

        payload = {"client": record.model_dump(mode="json", by_alias=True, exclude_unset=True),
                   "state": state.as_json(context.ds.vocab)}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        raise typer.Exit(code)
    entry = None
    if identity:
        try:
            entry = identities.get(root, client_id)
            if entry is None and identities.has(root, client_id):  # there is one, not written as fields
                entry = "malformed"
        except ClientError as exc:
            raise _client_error(exc, settings.lang) from None
    typer.echo("\n".join(_show_lines(record, context, state, settings.lang, entry, identity)))
    raise typer.Exit(code)


@app.command()
def status(
    ctx: typer.Context,
    hub: Annotated[Optional[str], typer.Option("--hub", help="Only this hub's clients. / Seulement les clients de ce centre.",
                                               autocompletion=complete_hub)] = None,
    all_: Annotated[bool, typer.Option("--all", help="Closed clients too. / Aussi les dossiers fermés.")] = False,
    provider: Annotated[Optional[str], typer.Option(
        "--provider", help="Only clients with an open plan step at this organisation (its id or name). / "
                           "Seulement les clients dont une étape ouverte du plan est chez cet organisme (son identifiant ou son nom).",
        autocompletion=complete_provider)] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="text or json. / text ou json.")] = Format.text,
    stalled_only: Annotated[bool, typer.Option("--stalled", help="Only the stalled clients. / Seulement les "
                                                                 "dossiers au point mort.")] = False,
) -> None:
    """The caseload: one line per active client, stalled ones first (oldest first) with why.

    Les dossiers : une ligne par client actif, ceux au point mort d'abord (les plus anciens d'abord), avec pourquoi.
    """
    from cedta.clients.context import ClientError

    settings: Settings = ctx.obj
    lang = settings.lang
    root, context = _context(settings)
    try:
        if hub is not None:
            context.hub(hub)
        if provider is not None:
            provider = context.org(provider)
    except ClientError as exc:
        raise _client_error(exc, lang) from None
    from cedta.records import sweep

    # A client `cedta validate` rejects (an unknown hub or term, not only a file that does not load)
    # is left out and counted, as `show`, `gaps` and `report` reject it. Read as `validate` reads:
    # one client at a time, the findings of unchanged files from the cache.
    # Each client's state is worked out as its record is read, and the record let go: at 50,000
    # clients, keeping every record took 969 MB for a table of a few figures each.
    from cedta.clients.caseload import case_state, in_order, steps_at

    files = list(root.files())
    found_states: list = []
    valid = 0
    later = 0  # clients taken in after --today: not listed, and said (hostile 15, H15-23)

    def visit(record, f, findings) -> None:
        nonlocal valid, later
        if any(d.severity == "error" for d in findings):
            return  # rejected by `validate`: left out and counted
        valid += 1
        if (hub is None or record.hub == hub) and record.intake.date > settings.today:
            later += 1
        if (hub is None or record.hub == hub) and record.intake.date <= settings.today:  # taken in by then
            at = steps_at(record, provider, settings.today) if provider is not None else None
            if at == []:
                return
            state = case_state(record, context.network, settings.today)
            state.with_provider = at
            found_states.append(state)

    with loading(len(files), lang) as progress:
        sweep.sweep(root, [f for f in files if f.kind != "client"], [f for f in files if f.kind == "client"],
                    settings.today, root.shown(root.path / "network.yaml"), progress=progress, visit=visit)
    skipped = sum(f.kind == "client" for f in files) - valid
    states = in_order(found_states, include_closed=all_)
    everyone = states  # (the title counts the caseload; --stalled lists only the stalled)
    if stalled_only:
        states = [s for s in states if s.stalled]
    if format is Format.json:
        import json

        class _Rows(list):  # each client's JSON made as it is written, not all of them at once
            def __len__(self):
                return len(states)

            def __iter__(self):
                return (s.as_json(context.ds.vocab) for s in states)

        # written in pieces (50,000 clients: 40 MB of text held twice peaked at 744 MB)
        encoder = json.JSONEncoder(ensure_ascii=False, indent=2)
        out, pending, size = sys.stdout, [], 0
        for chunk in encoder.iterencode({"today": settings.today.isoformat(), "clients": _Rows()}):
            pending.append(chunk)
            size += len(chunk)
            if size > 1 << 16:  # one write per 64 kB, not one per token
                out.write("".join(pending))
                pending, size = [], 0
        out.write("".join(pending) + "\n")
        out.flush()
    else:
        L = lambda key, **p: _label(key, lang, **p)  # noqa: E731
        stalled = sum(s.stalled for s in everyone)
        closed = sum(s.closed for s in everyone)
        typer.echo(L("status_title_all", today=settings.today.isoformat(), count=len(everyone),
                     closed=L("closed_count", count=closed), stalled=stalled) if all_ else
                   L("status_title", today=settings.today.isoformat(), count=len(everyone), stalled=stalled))
        if provider is not None:
            typer.echo(L("status_at_provider", org=context.ds.providers[provider].record.name.get(lang)))
        if not states:
            typer.echo(_msg("client-status-none-stalled" if stalled_only else "client-status-none", lang))
        rows = [] if not states else [(L("client").lower() if lang == "en" else "client", L("hub").lower(),
                 L("steps_there") if provider is not None else L("step"), L("last_contact"),
                 L("days"), L("next_target"), "")]
        for s in states:
            flag = L("stalled") if s.stalled else (L("closed") if s.closed else "")
            step = ", ".join(map(str, s.with_provider)) if s.with_provider else str(s.current_step or "—")
            rows.append((s.id, s.hub, step, _date(s.last_contact, lang),
                         str(s.days_since_contact) if s.days_since_contact is not None else "—",
                         _date(s.next_target, lang), flag))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))] if rows else []
        for n, r in enumerate(rows):
            typer.echo("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
            if n > 0 and states[n - 1].why:
                for reason in states[n - 1].why:
                    typer.echo(f"    - {reason.text(lang, context.ds.vocab)}")
    if skipped:
        _stderr(_msg("client-status-skipped", lang, count=skipped))
    if later:
        from cedta.messages import plural_code

        _stderr(_msg(plural_code("client-status-later", later, lang), lang, count=later, today=settings.today.isoformat()))


@app.command("stalled")
def stalled(
    ctx: typer.Context,
    hub: Annotated[Optional[str], typer.Option("--hub", help="Only this hub's clients. / Seulement les clients de ce centre.",
                                               autocompletion=complete_hub)] = None,
    provider: Annotated[Optional[str], typer.Option(
        "--provider", help="Only clients with an open plan step at this organisation. / Seulement les clients "
                           "dont une étape ouverte du plan est chez cet organisme.",
        autocompletion=complete_provider)] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="text or json. / text ou json.")] = Format.text,
) -> None:
    """The stalled clients, oldest first, with why: `status --stalled`.

    Les dossiers au point mort, les plus anciens d'abord, avec pourquoi : `status --stalled`.
    """
    status(ctx, hub=hub, all_=False, provider=provider, format=format, stalled_only=True)


# ---- intake -------------------------------------------------------------------------------------

def _report_intake(settings: Settings, result) -> None:
    """Print what an intake did: the file and id, warnings, look-alikes, the next command."""
    from cedta.clients.identity import store_path
    from cedta.render import diagnostic_line

    lang = settings.lang
    for d in result.diagnostics:
        _stderr(diagnostic_line(d, lang))
    if result.lookalikes:
        _stderr(f"cedta: {_msg('client-lookalike', lang, others=', '.join(result.lookalikes))}")
    typer.echo(_msg("client-created", lang, path=result.path, id=result.client_id))
    root = data_root(settings)
    from cedta.clients import identity

    entry = identity.get(root, result.client_id)
    if entry:
        elsewhere = identity.written_elsewhere(root, result.client_id, entry)
        if elsewhere:  # a referral written with the name before the intake: now an error there (hostile 13, 22)
            _stderr(f"cedta: {_msg('client-intake-named-elsewhere', lang, places=', '.join(elsewhere[:20]) + (' …' if len(elsewhere) > 20 else ''))}")
        from cedta.io.gitrepo import tracked_under

        tracked = [t for t in tracked_under(store_path(root).parent) or () if t.endswith("identities.yaml")]
        if tracked:  # forced into git once: this name goes into the next `git commit -a` (hostile 10, I)
            _stderr(f"cedta: {_msg('client-identity-tracked', lang, path=root.shown(store_path(root)), files=' '.join(tracked))}")
        else:
            typer.echo(_msg("client-identity-kept", lang, path=root.shown(store_path(root))))
    # in French by --lang (not CEDTA_LANG): the command to paste asks for French too (newcomer 13, N13-19)
    import os

    french = lang == "fr" and os.environ.get("CEDTA_LANG", "").strip().lower() != "fr"
    typer.echo(_msg("client-next", lang, command=("cedta --lang fr match " if french else "cedta match ") + result.client_id))


@app.command()
def intake(
    ctx: typer.Context,
    answers: Annotated[Optional[str], typer.Option(
        "--answers", metavar="FILE|-", help="Take the answers from a YAML file (or - for standard input) instead "
        "of asking. / Prendre les réponses dans un fichier YAML (ou - pour l'entrée standard).")] = None,
    client_id: Annotated[Optional[str], typer.Option(
        "--id", help="Choose the client id (default: c-<year>-<random>). / Choisir l'identifiant du client.")] = None,
    by: Annotated[Optional[str], typer.Option(
        "--by", metavar="ORG", autocompletion=complete_provider,
        help="The organisation taking the intake. / L'organisme qui fait l'accueil.")] = None,
) -> None:
    """Open a client's file: consent, kind, hub, profile and needs (asked, or from --answers).

    Ouvre le dossier d'un client : consentement, type, centre, profil et besoins (demandés, ou --answers).
    """
    settings: Settings = ctx.obj
    lang = settings.lang
    if answers is None:
        _interactive_intake(settings, client_id, by)
        return
    from cedta.clients import intake as intakes
    from cedta.clients.context import ClientError
    from cedta.io.store import StoreError
    from cedta.render import diagnostic_line

    from cedta.io.yamlread import MAX_BYTES

    # at most one byte over the limit is read: /dev/zero or an endless pipe is "too large", not a hang
    if answers == "-":
        raw, shown = read_stdin_bytes(MAX_BYTES + 1), "<stdin>"
    else:
        try:
            from cedta.cli.app import read_bounded

            raw, shown = read_bounded(answers, MAX_BYTES + 1), answers
        except OSError as exc:
            from cedta.messages.clients import os_reason

            reason = os_reason(exc.errno, exc.strerror or str(exc), lang)
            _stderr(f"cedta: {_msg('client-answers-unreadable', lang, path=answers, reason=reason)}")
            raise typer.Exit(EXIT_USAGE) from None
    root, context = _context(settings)
    if by is not None:  # an option, not a line of the answers: a usage error
        try:
            by = context.org(by)
        except ClientError as exc:
            raise _client_error(exc, lang) from None
    try:
        from cedta.cli.app import writing

        with writing(settings.lang):
            result = intakes.from_answers(context, raw, shown, client_id=client_id, by=by)
    except ClientError as exc:
        raise _client_error(exc, lang) from None
    except StoreError as exc:
        raise _store_error(exc, lang) from None
    if not result.written:
        for d in result.diagnostics:
            _stderr(diagnostic_line(d, lang))
        errors = sum(d.severity == "error" for d in result.diagnostics)
        _stderr(f"cedta: {_msg('client-intake-failed', lang, count=errors)}")
        raise typer.Exit(EXIT_DATA)
    _report_intake(settings, result)
    if answers != "-":
        _warn_if_git_would_take(settings, answers, result.client_id)


def _warn_if_git_would_take(settings: Settings, answers: str, client_id: str) -> None:
    """An answers file that gave an identity (a name, a phone) and lies in a git repository where
    it is not ignored: `git add -A` would commit what the identity store keeps out. Said, not done."""
    from pathlib import Path

    from cedta.clients import identity
    from cedta.io.gitrepo import ignores_path

    if identity.get(data_root(settings), client_id) and ignores_path(Path(answers)) is False:
        _stderr(f"cedta: {_msg('client-answers-in-git', settings.lang, path=answers)}")


class _Refused(Exception):
    """Piped answers refused again and again: the interactive intake stops."""


class _TooLong(Exception):
    """A piped answer longer than `_Asker.LINE_LIMIT` (`cedta intake < /dev/zero` read for ever)."""


class _NotText(Exception):
    """An answer whose bytes are not UTF-8 (a Latin-1 terminal, a file saved in Windows-1252)."""


class _Interrupted(Exception):
    """End of input during the interactive intake: Ctrl-D at a terminal is treated like Ctrl-C; the
    end of a pipe or file (`cedta intake < answers.txt`) is a usage problem (exit 2)."""


class _Asker:
    """The interactive intake's questions: each answer checked on the spot, with another try."""

    LIST_LIMIT = 20  # longer lists are searched by typing letters

    REFUSALS = 3  # answers piped in (not typed): after this many refused in a row, stop
    LINE_LIMIT = 10_000  # characters of one piped answer

    def __init__(self, lang: str, console):
        self.lang, self.console = lang, console
        self.sep = " ; " if lang == "fr" else "; "
        self.last_question, self.refused = None, 0

    def p(self, key: str, **params) -> str:
        from cedta.messages.clients import PROMPTS

        en, fr = PROMPTS[key]
        text = (fr if self.lang == "fr" else en).format(**params)
        return text.replace("'", "\u2019") if self.lang == "fr" else text

    def say(self, text: str = "", style: str | None = None) -> None:
        self.console.print(text, markup=False, highlight=False, style=style)

    def raw(self, question: str, key: str | None = None) -> str:
        # the same question again is a refused answer; piped answers (`yes | cedta intake`) that keep
        # being refused would loop for ever (`key`: what tells the question from the one before, when
        # its prompt line is alike: three lists of languages in a row are three questions)
        key = question if key is None else key
        self.refused = self.refused + 1 if key == self.last_question else 0
        self.last_question = key
        if self.refused >= self.REFUSALS and sys.stdin is not None and not sys.stdin.isatty():
            raise _Refused()
        self.console.print(question + " ", markup=False, highlight=False, end="")
        return self.line().strip()

    def line(self) -> str:
        """One answer: typed at a terminal (with line editing), or one bounded line of what is
        piped in (`< /dev/zero` is not read for ever). _Interrupted at the end of the input, or
        when standard input is closed (cron, CI); _TooLong past LINE_LIMIT characters."""
        if sys.stdin is None or sys.stdin.closed:
            raise _Interrupted()
        try:
            if sys.stdin.isatty():
                return input()
            line = sys.stdin.readline(self.LINE_LIMIT + 2)  # the answer and its line end
        except EOFError:
            raise _Interrupted() from None
        except UnicodeDecodeError:  # bytes that are not UTF-8: a terminal or a file in another encoding
            raise _NotText() from None
        except (OSError, ValueError, RuntimeError):  # unreadable
            raise _Interrupted() from None
        if not line:
            raise _Interrupted()
        if len(line.rstrip("\r\n")) > self.LINE_LIMIT:
            raise _TooLong()
        return line

    def retry(self, key: str, **params) -> None:
        self.say(self.p(key, **params), style="yellow")

    def yes_no(self, question: str, *, unknown: bool = False, default: bool | None = None) -> bool | None:
        hint = self.p("yes_no_unknown" if unknown else "yes_no")
        if default is not None:
            hint += f" ({self.p('default', value=self.p('yes_no')[1] if default else 'n')})"
        while True:
            answer = self.raw(f"{question} {hint}").lower()
            if not answer and default is not None:
                return default
            if answer in ("y", "yes", "o", "oui"):
                return True
            if answer in ("n", "no", "non"):
                return False
            if unknown and answer == "?":
                return None
            self.retry("not_yes_no_unknown" if unknown else "not_yes_no")  # (the ? it offers too: hostile 10, M1)

    def choose(self, question: str, options: list[tuple[str, str]], *, many: bool = False, unknown: bool = True,
               resolve=None, default: str | None = None, words: dict[str, list[str]] | None = None):
        """One id (or a list with `many`) among `options` (id, label): by number, id, label or alias;
        a long list is searched by typing letters. None (or []) for `?` when `unknown`."""
        from cedta.messages import typographic
        from cedta.records.vocab import fold

        shown = options if len(options) <= self.LIST_LIMIT else []  # (`shown is options`: the whole list)
        self.say(question)

        def listed(rows) -> None:
            for i, (oid, label) in enumerate(rows, 1):
                self.say(f"  {i:>2}. {typographic(label, self.lang)}" + (f" ({oid})" if fold(oid) != fold(label) else ""))

        listed(shown)
        # a long list is not shown: names are typed (no number to give), and `?` (or Enter, when an
        # answer is needed) shows it whole, numbered (coordinator 14, C14-8: no way out but Ctrl-C)
        hints = [self.p(("pick_many" if many else "pick_one") if shown else ("search_many" if many else "search"))]
        if not shown:
            hints.append(self.p("list_on_ask" if not unknown else "list_on_ask_unknown"))
        if unknown:
            hints.append(self.p("unknown_ok"))
        if default:
            hints.append(self.p("default", value=dict(options).get(default, default)))
        while True:
            answer = self.raw(f"  ({self.sep.join(hints)}) >", key=f"{question}\n{self.sep.join(hints)}")
            # (`?` lists a long list with a default too; Enter takes the default: review 14, R14-3)
            if shown is not options and (answer == "??" or (not unknown and (answer == "?" or (answer == "" and not default)))):
                shown = options  # the whole list, numbered: its numbers are answers from now on
                listed(shown)
                hints[0] = self.p("pick_many" if many else "pick_one")
                hints[:] = [h for h in hints if h != self.p("list_on_ask" if not unknown else "list_on_ask_unknown")]
                continue
            if not answer:
                if default:
                    return [default] if many else default
                if unknown:
                    self.say("  → " + self.p("taken_unknown"))  # (an Enter alone: said back, G8)
                    return [] if many else None
                self.retry("required")
                continue
            if answer == "?" and unknown:
                return [] if many else None
            tokens = [t.strip() for t in answer.split(",") if t.strip()] if many else [answer]
            picked, problem, listing = [], None, None
            for token in tokens:
                found, listing = self._one(token, shown, options, resolve, words)
                if found is None:
                    problem = token
                    break
                if found not in picked:
                    picked.append(found)
            if problem is None:
                # a word found by searching (`microcrédit`, `mercat`) is said back as the term taken
                labels = dict(options)
                if any(not t.isdecimal() and fold(t) not in (fold(o), fold(labels.get(o, o)))
                       for t, o in zip(tokens, picked)) or len(tokens) != len(picked):
                    self.say("  → " + ", ".join(labels.get(o, o) for o in picked))
                return picked if many else picked[0]
            if listing:
                shown = listing
                # its numbers are answers now: said in the prompt (README replay 14, B5)
                hints[0] = self.p("pick_many" if many else "pick_one")
                self.say(self.p("matches", count=len(listing)))
                for i, (oid, label) in enumerate(listing, 1):
                    self.say(f"  {i:>2}. {typographic(label, self.lang)} ({oid})")
            elif problem.isdecimal():
                self.retry("not_a_choice", text=problem)
            else:
                close = self._closest(problem, options)
                if close is not None:  # `frnch`: did you mean French?
                    self.retry("no_match_close", text=problem, label=close[1], id=close[0])
                else:
                    self.retry("no_match", text=problem)

    @staticmethod
    def _closest(token: str, options) -> tuple[str, str] | None:
        """The option whose id or label is nearest to a word that matched nothing, if one is near."""
        import difflib

        from cedta.records.vocab import fold

        by_word: dict[str, tuple[str, str]] = {}
        for oid, label in options:
            by_word.setdefault(fold(label), (oid, label))
            by_word.setdefault(fold(oid), (oid, label))
        close = difflib.get_close_matches(fold(token), list(by_word), n=1, cutoff=0.7)
        return by_word[close[0]] if close else None

    def _one(self, token: str, shown, options, resolve, words=None):
        """`words`: more wordings per option (the other language's label, aliases), searched too
        when the id and the label give nothing (`mercat` finds Marketing by its alias Mercatique)."""
        from cedta.records.vocab import fold

        if token.isdecimal():
            n = int(token)
            return (shown[n - 1][0], None) if 1 <= n <= len(shown) else (None, None)
        if resolve is not None:
            found = resolve(token)
            if found is not None and found in dict(options):
                return found, None
        key = fold(token)
        for oid, label in options:
            if key in (fold(oid), fold(label)):
                return oid, None
        from cedta.suggest import base_form

        # `salariée`, `immigrantes`: the labels are in the masculine, or the plural (coordinator 14, C14-9)
        based = base_form(token)
        named = {oid for oid, label in options if based in (base_form(oid), base_form(label))}
        if len(named) == 1:
            return named.pop(), None
        # the ids and labels, and the other wordings with them: `subvention` is in financing's label
        # (prêts et subventions) and in fundraising's alias (demandes de subvention), so both are
        # listed to choose from rather than the first taken (coordinator 13, C13-13)
        matches = [(oid, label) for oid, label in options if key in fold(oid) or key in fold(label)
                   or (words and any(key in fold(w) for w in words.get(oid, ())))]
        if len(matches) == 1:
            return matches[0][0], None
        return None, matches[:15] if matches else None

    def integer(self, question: str, lo: int, hi: int, *, unknown: bool = True, default: int | None = None) -> int | None:
        hint = f" ({lo}-{hi}" + (f"{self.sep}{self.p('unknown_ok')}" if unknown else "") + \
            (f"{self.sep}{self.p('default', value=default)}" if default is not None else "") + ") >"
        while True:
            answer = self.raw(question + hint)
            if not answer and default is not None:
                return default
            if unknown and answer in ("?", ""):
                if not answer:  # an Enter alone: taken as not known, said back (coordinator 12, G8)
                    self.say("  → " + self.p("taken_unknown"))
                return None
            # `100%` at a percent question (newcomer 11, NC11-7), `35 h` at the hours a week (NC12-16)
            number = re.sub(r"\s*(%|h|hrs?|heures?|hours?)\s*$", "", answer.strip(), flags=re.IGNORECASE)
            if number.isdecimal() and lo <= int(number) <= hi:
                return int(number)
            self.retry("not_a_number", text=answer, lo=lo, hi=hi)

    def amount(self, question: str) -> float | None:
        """Dollars as `outcome --amount` reads them (`1500`, `1 500`, `$1,500`, `5 000 $`,
        `2 000,50 $`): a comma before three digits separates thousands, else it is the decimal mark."""
        import math

        from cedta.clients.context import ClientError, amount_of

        while True:
            answer = self.raw(f"{question} ({self.p('unknown_ok')}) >").strip()
            if answer in ("?", ""):
                return None
            try:
                value = amount_of(answer, self.lang)
            except ClientError:
                value = -1
            if value >= 0 and math.isfinite(value):
                return value
            self.retry("not_an_amount", text=answer)

    def date(self, question: str, check) -> object:
        from cedta.clients.context import ClientError

        while True:
            answer = self.raw(question + " >")
            try:
                return check(answer)
            except ClientError as exc:
                self.say(_msg(exc.code, self.lang, **exc.params), style="yellow")

    def text(self, question: str, email: bool = False) -> str | None:
        from cedta.clients.identity import FIELD_LIMIT, email_like

        while True:
            answer = self.raw(question + (" :" if self.lang == "fr" else ":")) or None
            if answer is not None and email and not email_like(answer.strip()):
                self.say(_msg("identity-not-email", self.lang, key=question), style="yellow")
                continue
            if answer is None or len(answer) <= FIELD_LIMIT:
                return answer
            self.say(_msg("identity-too-long", self.lang, key=question, limit=FIELD_LIMIT), style="yellow")


def _interactive_intake(settings: Settings, client_id: str | None, by: str | None) -> None:
    """Ask the intake's questions (consent first), show a summary, write on confirmation."""
    from rich.console import Console

    lang = settings.lang
    console = Console(highlight=False)
    try:
        _ask_intake(settings, client_id, by, _Asker(lang, console))
    except _Refused:
        _stderr(f"\ncedta: {_msg('client-answers-refused', lang, count=_Asker.REFUSALS)}")
        raise typer.Exit(EXIT_USAGE) from None
    except _TooLong:
        _stderr(f"\ncedta: {_msg('client-answer-too-long', lang, limit=_Asker.LINE_LIMIT)}")
        raise typer.Exit(EXIT_USAGE) from None
    except _NotText:
        _stderr(f"\ncedta: {_msg('client-answer-not-utf8', lang)}")
        raise typer.Exit(EXIT_USAGE) from None
    except _Interrupted:
        if sys.stdin is None or sys.stdin.closed or not sys.stdin.isatty():  # the answers piped in ran out
            _stderr(f"\ncedta: {_msg('client-answers-ran-out', lang)}")
            raise typer.Exit(EXIT_USAGE) from None
        _stderr(f"\ncedta: {_msg('client-interrupted', lang)}")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except KeyboardInterrupt:
        _stderr(f"\ncedta: {_msg('client-interrupted', lang)}")
        raise typer.Exit(EXIT_INTERRUPTED) from None


def _ask_intake(settings: Settings, client_id: str | None, by: str | None, ask: _Asker) -> None:
    from cedta.clients import intake as intakes
    from cedta.clients.context import ClientError
    from cedta.io.store import StoreError
    from cedta.render import diagnostic_line

    lang = settings.lang
    root, ctx = _context(settings)
    vocab = ctx.vocab
    if not ctx.ds.hubs or not ctx.ds.providers:
        raise _client_error(ClientError("client-no-hubs"), lang)
    if client_id is not None:  # checked before the first question, not after the last
        from cedta.clients.context import client_ids

        if not intakes.ID_PATTERN.match(client_id) or len(client_id) > 64:
            raise _client_error(ClientError("client-bad-id", id=client_id), lang)
        if client_id in client_ids(root):
            raise _client_error(ClientError("client-id-taken", id=client_id), lang)
        from cedta.clients import identity as _identities

        try:
            if client_id in _identities.entry_ids(root):
                raise _client_error(ClientError("client-id-identity-left", id=client_id), lang)
        except ClientError:  # (a store that does not read: said when the intake writes to it)
            pass
    if by is not None:
        try:
            by = ctx.org(by)
        except ClientError as exc:
            raise _client_error(exc, lang) from None

    def terms(category: str) -> list[tuple[str, str]]:
        return [(t.id, t.label(lang)) for t in vocab.shown(category).values()]

    def lookup(category: str):
        return lambda text: vocab.lookup_loose(category, text)

    def wordings(category: str) -> dict[str, list[str]]:  # searched when the labels give nothing
        return {t.id: [w for w in (t.en, t.fr, *t.aliases) if w] for t in vocab.shown(category).values()}

    def values(*ids: str) -> list[tuple[str, str]]:
        return [(v, _value(v, lang)) for v in ids]

    ask.say(ask.p("title", today=settings.today.isoformat()), style="bold")
    # consent first: nothing is written without it
    if not ask.yes_no(ask.p("consent")):
        ask.say(ask.p("no_consent"))
        raise typer.Exit(EXIT_DATA)
    scope = ask.choose(ask.p("scope"), values("hub", "network", "provider"), unknown=False, default="hub")
    kind = ask.choose(ask.p("kind"), terms("client_kinds"), unknown=False, resolve=lookup("client_kinds"), words=wordings("client_kinds"))
    hubs = [(h, _name(e.record.name, lang, h)) for h, e in sorted(ctx.ds.hubs.items())]
    # the hub the organisation taking the intake directs, if one (newcomer 14, N14-14)
    directed = [h for h, e in ctx.ds.hubs.items() if by is not None and e.record is not None and e.record.director == by]
    hub = ask.choose(ask.p("hub"), hubs, unknown=False, default=directed[0] if len(directed) == 1 else None)
    if by is None:
        providers = sorted(((p, _name(e.record.name, lang, p)) for p, e in ctx.ds.providers.items()),
                           key=lambda x: x[1].lower())
        director = ctx.ds.hubs[hub].record.director
        by = ask.choose(ask.p("by"), providers, unknown=False,
                        default=director if director in ctx.ds.providers else None)
    profile: dict = {}
    ask.say()
    ask.say(ask.p("profile"), style="bold")

    def fact(key: str, value) -> None:
        if value not in (None, [], {}):
            profile[key] = value

    # the hub's own population offered (Enter takes it): a client of the francophone hub left out of
    # "made for francophones" because only "women" was typed (newcomer 14, N14-5)
    hub_record = ctx.ds.hubs[hub].record
    hub_population = getattr(hub_record, "population", None) or getattr(hub_record, "field", None)
    if hub_population not in vocab.shown("populations"):
        hub_population = None
    chosen = ask.choose(ask.p("populations"), terms("populations"), many=True, resolve=lookup("populations"),
                        words=wordings("populations"), default=hub_population)
    from cedta.records.eligibility import within

    # (a Métis client of the Indigenous hub is Indigenous already, by `part_of`: not asked; newcomer 15, N15-2)
    if chosen and hub_population and hub_population not in within(chosen, vocab) \
            and ask.yes_no(ask.p("hub_population", population=vocab.label("populations", hub_population, lang)),
                           default=True):
        chosen = [hub_population, *chosen]
    fact("populations", chosen)
    languages = {}
    speaks = ask.choose(ask.p("speaks"), terms("languages"), many=True, resolve=lookup("languages"), words=wordings("languages"))
    if speaks:
        languages["speaks"] = speaks
    reads = ask.choose(ask.p("reads_writes"), terms("languages"), many=True, resolve=lookup("languages"), words=wordings("languages"))
    if reads:
        languages["reads_writes"] = reads
    if speaks and not {"en", "fr"} & set(speaks):  # neither official language: an interpreter? (§6)
        while True:
            interpreter = ask.choose(ask.p("interpreter"), terms("languages"), many=True, resolve=lookup("languages"),
                                     words=wordings("languages"))
            spoken = [x for x in interpreter or [] if x in speaks]
            if not spoken:  # (an interpreter "into" the client's own language: asked again, session 10)
                break
            ask.retry("interpreter_spoken", languages=", ".join(_term("languages", x, settings.lang) for x in spoken))
        if interpreter:
            languages["interpreter"] = interpreter
    fact("languages", languages)
    if kind == "individual":
        fact("birth_year", ask.integer(ask.p("birth_year"), 1900, settings.today.year))
        ei = ask.choose(ask.p("ei"), values("never", "current", "past"))
        if ei == "past":
            ended = ask.date(ask.p("ei_ended"), lambda text: ctx.date(text, what="date"))
            fact("ei", {"status": "past", "ended": ended})
        elif ei:
            fact("ei", {"status": ei})
        employment = ask.choose(ask.p("employment"), values("unemployed", "employed", "self-employed", "student"))
        if employment:
            job = {"status": employment}
            if employment != "unemployed":
                hours = ask.integer(ask.p("hours"), 0, 168)
                if hours is not None:
                    job["hours_per_week"] = hours
            fact("employment", job)
        pops = profile.get("populations") or []
        if not pops or "immigrants" in pops:  # (not asked of a client recorded as not an immigrant)
            fact("foreign_trained_professional", ask.yes_no(ask.p("foreign_trained_professional"), unknown=True))
    fact("region", ask.choose(ask.p("region"), terms("regions"), resolve=lookup("regions"), words=wordings("regions")))
    if kind != "individual":
        # `?` leaves the type unknown; a group not incorporated yet is an answer of its own
        org_type = ask.choose(ask.p("org_type"), terms("org_types") + values("not-incorporated"),
                              resolve=lookup("org_types"), words=wordings("org_types"))
        if org_type == "not-incorporated":  # what is the group founding?
            fact("founding", ask.choose(ask.p("founding"), terms("org_types"), resolve=lookup("org_types"), words=wordings("org_types")))
        else:
            fact("org_type", org_type)
        fact("indigenous_ownership_percent", ask.integer(ask.p("indigenous_ownership_percent"), 0, 100))
    fact("stage", ask.choose(ask.p("stage"), terms("stages"), resolve=lookup("stages"), words=wordings("stages")))
    fact("has", ask.choose(ask.p("has"), values("business-idea", "business-plan"), many=True))
    fee = ask.amount(ask.p("budget"))
    if fee is not None:
        fact("budget", {"max_fee": fee})
    fact("availability", ask.choose(ask.p("availability"), terms("times"), many=True, resolve=lookup("times"), words=wordings("times")))
    fact("preferred_modes", ask.choose(ask.p("preferred_modes"), terms("modes"), many=True, resolve=lookup("modes"), words=wordings("modes")))
    born = profile.get("birth_year")
    if kind == "individual" and (born is None or settings.today.year - born <= 30):
        # the rule that asks it is a youth program's (15-30): not asked of a client of 42
        fact("returning_to_school", ask.yes_no(ask.p("returning_to_school"), unknown=True))
    ask.say()
    ask.say(ask.p("needs"), style="bold")
    needs = []
    while True:
        n = len(needs) + 1
        topic = ask.choose(ask.p("topic", n=n), terms("topics"), unknown=False, resolve=lookup("topics"), words=wordings("topics"))
        need = {"topic": topic}
        level = ask.choose(ask.p("level", n=n), terms("levels"), resolve=lookup("levels"), words=wordings("levels"))
        if level:
            need["level"] = level
        need["priority"] = ask.integer(ask.p("priority", n=n), 1, 9, unknown=False, default=min(n, 9))
        needs.append(need)
        if not ask.yes_no(ask.p("more_needs"), default=False):
            break
    ask.say()
    ask.say(ask.p("identity", private=_private_shown(root)), style="bold")
    entry = {k: v for k in ("name", "phone", "email", "address") if (v := ask.text(ask.p(k), email=k == "email"))}
    data = {"id": client_id or "c-0000-new", "kind": kind, "hub": hub,
            "intake": {"date": settings.today, "by": by}, "consent": {"given": settings.today, "scope": scope}}
    if profile:
        data["profile"] = profile
    data["needs"] = needs
    record, diagnostics = intakes.check(ctx, data, None, "<intake>")
    if record is None or any(d.severity == "error" for d in diagnostics):
        for d in diagnostics:
            _stderr(diagnostic_line(d, lang))
        raise typer.Exit(EXIT_DATA)
    ask.say()
    ask.say(ask.p("summary"), style="bold")
    from cedta.clients.caseload import case_state

    page = _show_lines(record, ctx, case_state(record, ctx.network, settings.today), lang)
    page = page[:page.index(_label("plan", lang)) - 1]  # who, profile and needs: what is being written
    if client_id is None:
        page[0] = page[0].replace("c-0000-new", "").replace("  ", " ")
    for line in page:
        ask.say(line)
    if entry:
        ask.say(ask.p("identity_summary", keys=", ".join(_label(k, lang) for k in entry)))
    alike = intakes.lookalikes(ctx, entry, record)
    if alike:
        ask.say(_msg("client-lookalike", lang, others=", ".join(alike)), style="yellow")
    if not ask.yes_no(ask.p("confirm")):
        ask.say(ask.p("not_written"))
        raise typer.Exit(EXIT_OK)
    try:
        from cedta.cli.app import writing

        with writing(lang):
            result = intakes.create(ctx, data, entry, None, "<intake>", chosen_id=client_id is not None)
    except ClientError as exc:
        raise _client_error(exc, lang) from None
    except StoreError as exc:
        raise _store_error(exc, lang) from None
    if not result.written:
        for d in result.diagnostics:
            _stderr(diagnostic_line(d, lang))
        raise typer.Exit(EXIT_DATA)
    result.lookalikes = []  # already shown before confirming
    _report_intake(settings, result)
