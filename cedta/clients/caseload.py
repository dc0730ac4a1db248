"""The caseload: where each client stands (current step, last contact, next target) and who is stalled
and why (§9: "track progress, and act when a client stalls"). Pure: records and today's date in.

Stalled: no contact for longer than the network's `stalled_after_days` (counted from the last contact,
or from intake when there is none), or a plan target date passed on a step neither done nor dropped.
Closed (every step done or dropped, with at least one step and every need taken up by a step; or
consent withdrawn; or a `left-program` outcome) is never stalled. A plan whose steps are all done or
dropped while a need has no step is stalled at once: the need is waiting for a step (or for the gap
to be recorded by a step dropped with a note).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from cedta.records import model as m
from cedta.records.topics import OUTCOME_MEETS, met_by_outcomes, need_met, takes_up  # noqa: F401 (the caseload's words too)

DEFAULT_STALLED_AFTER = 60
OPEN = ("planned", "active")


@dataclass(frozen=True)
class Reason:
    """Why a client is stalled: a message code and its parameters, in English and French."""

    code: str
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def text(self, lang: str = "en", vocab: Any = None) -> str:
        """The reason in words; `vocab`: the network's vocabulary, whose own topics have labels the
        built-in one lacks (a raw `social-economy-model` was printed: coordinator 13, C13-4)."""
        from cedta.messages import render_message

        params = dict(self.params)
        if "topic" in params:  # a term's label in the reader's language
            params["topic"] = (vocab or _builtin_vocab()).label("topics", params["topic"], lang)
            if params.get("level"):  # "Accounting · advanced"
                params["topic"] += " · " + (vocab or _builtin_vocab()).label("levels", params["level"], lang)
        from cedta.messages import plural_code

        code = plural_code(self.code, params["days"], lang) if isinstance(params.get("days"), int) else self.code
        return render_message(code, params, lang)  # ("passed 1 day ago": coordinator 15, C15-7)

    @property
    def en(self) -> str:
        return self.text("en")

    @property
    def fr(self) -> str:
        return self.text("fr")

    def as_json(self, vocab: Any = None) -> dict[str, Any]:
        return {"code": self.code, **{k: v for k, v in self.params.items()}, "en": self.text("en", vocab),
                "fr": self.text("fr", vocab)}


@dataclass
class CaseState:
    id: str
    hub: str
    closed: bool
    stalled: bool
    why: list[Reason]
    last_contact: dt.date | None
    days_since_contact: int | None
    next_target: dt.date | None
    current_step: int | None
    since: dt.date = None  # the last contact, or intake when there is none: what "oldest" sorts on
    overdue: list[int] = field(default_factory=list)  # numbers of open steps whose target has passed
    with_provider: list[int] | None = None  # `status --provider`: the open steps at that provider

    def as_json(self, vocab: Any = None) -> dict[str, Any]:
        out = {
            "id": self.id, "hub": self.hub, "stalled": self.stalled, "closed": self.closed,
            "why": [r.as_json(vocab) for r in self.why],
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "days_since_contact": self.days_since_contact,
            "next_target": self.next_target.isoformat() if self.next_target else None,
            "current_step": self.current_step,
        }
        if self.with_provider is not None:
            out["steps_with_provider"] = self.with_provider
        return out


def steps_at(client: m.Client, provider: str, today: dt.date) -> list[int]:
    """The numbers of the client's plan steps still open today whose service is the provider's:
    the clients a provider has on its books, or is about to (`status --provider`)."""
    return [i + 1 for i, s in enumerate(client.plan)
            if s.service and s.service.partition("/")[0] == provider and not _ended(s, today)]


def _builtin_vocab():
    from cedta.records.vocab import builtin

    global _VOCAB
    if _VOCAB is None:
        _VOCAB = builtin()
    return _VOCAB


_VOCAB = None


def unplanned(client: m.Client, today: dt.date | None = None) -> list[str]:
    """The topics of the client's needs that no plan step takes up (done, open or dropped alike) and
    no outcome met (a loan obtained elsewhere: no step to plan, review 14, R14-15)."""
    met = met_by_outcomes(client, today)
    return [n.topic for n in sorted(client.needs, key=lambda n: n.priority)
            if not any(takes_up(s, n) for s in client.plan) and not need_met(n, met)]


def left(client: m.Client) -> dt.date | None:
    """The date of a `left-program` outcome (the client left), if any."""
    return min((o.date for o in client.outcomes if o.kind == "left-program"), default=None)


def _ended(step: Any, today: dt.date | None) -> bool:
    """Whether a step is done or dropped by `today` (a date after it, typed or in another time
    zone, is not yet: the step was still open that day)."""
    if step.status in OPEN:
        return False
    when = step.done if step.status == "done" else getattr(step, "dropped", None)
    return today is None or when is None or when <= today


def is_closed(client: m.Client, today: dt.date | None = None) -> bool:
    """Consent withdrawn, the client left the program (`left-program` outcome), or every plan step
    done or dropped (by `today`, when given) with every need taken up by a step: a need left
    without a step keeps the case open (a priority need with no service is a gap to record, not a
    case to close)."""
    if client.consent.withdrawn is not None or left(client) is not None:
        return True
    return bool(client.plan) and all(_ended(s, today) for s in client.plan) and not unplanned(client, today)


def closed_on(client: m.Client, today: dt.date | None = None) -> dt.date | None:
    """When a closed case closed (None while open): the withdrawal, the departure, else the last
    step done or dropped, else (steps dropped with no date: files older than that date) the last
    contact, else the intake."""
    if not is_closed(client, today):
        return None
    if client.consent.withdrawn is not None:
        return client.consent.withdrawn
    gone = left(client)
    if gone is not None:
        return gone
    dated = [s.done for s in client.plan if s.done is not None] + \
        [s.dropped for s in client.plan if getattr(s, "dropped", None) is not None]
    # a need without a step that an outcome met: the case closed no earlier than that outcome
    met = met_by_outcomes(client, today)
    dated += [met[n.topic] for n in client.needs if not any(takes_up(s, n) for s in client.plan) and need_met(n, met)]
    if dated and all(s.done is not None or getattr(s, "dropped", None) is not None for s in client.plan):
        return max(dated)
    if dated:  # some step dropped on a day not recorded: no earlier than the last date known
        return max(max(dated), max((c.date for c in client.contacts), default=client.intake.date))
    return max((c.date for c in client.contacts), default=client.intake.date)


def case_state(client: m.Client, network: m.Network | None, today: dt.date) -> CaseState:
    stalled_after = network.stalled_after_days if network is not None else DEFAULT_STALLED_AFTER
    # a contact dated after today (a typo, another time zone, --today set back) is not the last one yet
    last = max((c.date for c in client.contacts if c.date <= today), default=None)
    since = last or client.intake.date
    open_steps = [(i + 1, s) for i, s in enumerate(client.plan) if not _ended(s, today)]
    current = next((n for n, s in open_steps if s.status == "active"), None)
    if current is None:
        current = next((n for n, s in open_steps if s.status == "planned"), None)
    targets = [s.target for _, s in open_steps if s.target is not None]
    overdue = [(n, s) for n, s in open_steps if s.target is not None and s.target < today]
    closed = is_closed(client, today)
    why: list[Reason] = []
    if not closed and client.plan and not open_steps:
        met = met_by_outcomes(client, today)
        for need in sorted(client.needs, key=lambda n: n.priority):
            if not any(takes_up(s, need) for s in client.plan) and not need_met(need, met):
                # its level too: a client with the topic at two levels (coordinator 15, C15-11)
                why.append(Reason("stalled-need-without-step", {"topic": need.topic, "level": need.level}
                                  if need.level else {"topic": need.topic}))
    if not closed:
        quiet = (today - since).days
        if quiet > stalled_after:
            code = "stalled-no-contact" if last else "stalled-no-contact-since-intake"
            why.append(Reason(code, {"days": quiet, "limit": stalled_after, "since": since.isoformat()}))
        for n, s in overdue:
            why.append(Reason("stalled-target-passed", {"step": n, "topic": s.topic,
                                                        "target": s.target.isoformat(),
                                                        "days": (today - s.target).days}))
    if closed:  # (a step reopened after the client left: no target to meet, nothing overdue)
        targets, current, overdue = [], None, []
    return CaseState(
        id=client.id, hub=client.hub, closed=closed, stalled=bool(why), why=why,
        last_contact=last, days_since_contact=(today - last).days if last else None,
        # the next target still to come; when every one has passed, the earliest (said overdue above):
        # a passed date read as the "next target" beside a later one (coordinator 14, C14-12)
        next_target=min([t for t in targets if t >= today] or targets) if targets else None,
        current_step=current, since=since,
        overdue=[n for n, _ in overdue],
    )


def caseload(clients: Iterable[m.Client], network: m.Network | None, today: dt.date, *,
             hub: str | None = None, include_closed: bool = False) -> list[CaseState]:
    """The states of a hub's (or every) client: stalled first, oldest first; closed ones only if asked."""
    return in_order([case_state(c, network, today) for c in clients
                     if (hub is None or c.hub == hub) and c.intake.date <= today],  # taken in by then
                    include_closed)


def in_order(states: Iterable[CaseState], include_closed: bool = False) -> list[CaseState]:
    """States as `status` lists them: stalled first, oldest first; closed ones only if asked."""
    if not include_closed:
        states = [s for s in states if not s.closed]
    return sorted(states, key=lambda s: (not s.stalled, s.closed, s.since, s.id))
