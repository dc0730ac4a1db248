"""What the hubs did in a quarter, as tables over the hubs and the network (their total), ready for
small-cell suppression: clients new, active, stalled and closed; needs by topic; contacts by
organisation and by mode; plan steps completed and dropped; outcomes, financing and jobs.

Definitions (the README repeats them):
- new: intake in the quarter; active: new, or a contact, a completed step, an outcome or an evaluation in it;
- stalled: open and stalled (`cedta.clients.caseload`) as of the quarter's last day (or today when the
  quarter is not over), counting only what was recorded by then;
- closed: closed during the quarter, by the caseload's rule and on its day (`caseload.closed_on`:
  consent withdrawn, the client left the program, or every step done or dropped);
- needs by topic: active clients with a need on the topic (a client counts once per topic).
Pure: records in, `Table`s out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Iterable

from cedta.clients.caseload import case_state, closed_on
from cedta.forum.quarters import Quarter
from cedta.suppress import Table

NETWORK = "network"  # the total column
TOTAL = "total"  # the total row
STATUS_ROWS = ("new", "active", "stalled", "closed")
OUTCOME_CLIENT_ROWS = ("business-plan-completed", "business-started", "financing-obtained")
JOB_ROWS = ("jobs-created", "jobs-retained")
OPEN = ("planned", "active")


def later_step(step: Any, day: dt.date) -> bool:
    """Whether a step was done or dropped after `day` (then it was still open on that day)."""
    when = step.done if step.status == "done" else getattr(step, "dropped", None) if step.status == "dropped" else None
    return when is not None and when > day


def _later(x: Any, day: dt.date) -> bool:
    """A need or step added after `day`, unless recorded done or dropped by then (a step entered
    late for work done in the quarter belongs to the quarter)."""
    if x.added is None or x.added <= day:
        return False
    when = getattr(x, "done", None) or getattr(x, "dropped", None)
    return when is None or when > day


def added_later(client: Any, day: dt.date) -> bool:
    """Whether a need or a plan step of the client was added after `day` (`added:`)."""
    return any(_later(x, day) for x in (*client.needs, *client.plan))


def as_of(client: Any, day: dt.date, contacts: bool = True) -> Any:
    """The client as the files would have said on `day`: needs and steps added later left out, later
    contacts left out, steps done later still active, a later withdrawal of consent not yet made.
    `contacts=False`: the contacts list is the client's own, unfiltered (for what does not read
    them: the gaps; no copy per client)."""
    plan = [SimpleNamespace(topic=s.topic, level=s.level, service=s.service, target=s.target,
                            status="active", done=None, dropped=None, added=s.added, note=None)
            if later_step(s, day) else s
            for s in client.plan if not _later(s, day)]
    consent = client.consent
    if consent.withdrawn is not None and consent.withdrawn > day:
        consent = SimpleNamespace(given=consent.given, scope=consent.scope, withdrawn=None)
    return SimpleNamespace(id=client.id, hub=client.hub, kind=client.kind, intake=client.intake,
                           consent=consent, profile=client.profile,
                           needs=[n for n in client.needs if not _later(n, day)], plan=plan,
                           contacts=[c for c in client.contacts if c.date <= day] if contacts else client.contacts,
                           outcomes=[o for o in client.outcomes if o.date <= day],
                           evaluation=client.evaluation)


SATISFIED = 4  # a satisfaction of 4 or 5 (of 5) counts as satisfied


@dataclass
class Activity:
    quarter: Quarter
    hubs: list[str]
    clients: Table
    needs: Table
    contacts_org: Table
    contacts_mode: Table
    steps: Table
    outcomes: Table
    financing: Table
    jobs: Table
    evaluations: Table  # clients who evaluated the help in the quarter, and those satisfied (§9's fifth part)
    scope: list[str] = field(default_factory=list)  # ids of the active clients (for the gap list)

    @property
    def tables(self) -> list[Table]:
        return [self.clients, self.needs, self.contacts_org, self.contacts_mode, self.steps,
                self.outcomes, self.financing, self.jobs, self.evaluations]


def quarter_activity(clients: Iterable[Any], hubs: Iterable[str], network: Any, quarter: Quarter,
                     today: dt.date) -> Activity:
    clients = list(clients)
    hub_ids = sorted(set(hubs) | {c.hub for c in clients})
    cols = hub_ids + [NETWORK]

    def table(code: str, rows: list, **kw: Any) -> Table:
        return Table(code, rows, list(cols), col_total=NETWORK, hubs=True, **kw)

    status = table("clients", list(STATUS_ROWS))
    needs = table("needs", [])
    by_org = table("contacts-org", [TOTAL], row_total=TOTAL, client_count=False)
    by_mode = table("contacts-mode", [TOTAL], row_total=TOTAL, client_count=False)
    # steps dropped beside those done: what the forum asks why of (coordinator 13, C13-18)
    steps = table("steps", ["done", "dropped"], client_count=False)
    outcomes = table("outcomes", list(OUTCOME_CLIENT_ROWS))
    financing = table("financing", ["amount"], client_count=False, money=True, dominance=True)
    jobs = table("jobs", list(JOB_ROWS), client_count=False, dominance=True)
    # a partition with its total, so that suppression sees that satisfied + the rest = evaluated
    # (two rows apart gave "6 evaluated, 5 satisfied": one not satisfied, review 11b, R10)
    evaluations = table("evaluations", ["satisfied", "unsatisfied", "unscored", "evaluated"], row_total="evaluated")
    # (a quarter in progress counts up to today: a contact or an outcome dated after it is not yet:
    # hostile 12b, #4, an outcome of December 10 in a report "up to November 27")
    start, end = quarter.start, min(quarter.end, today)
    ref = end
    active_ids = []
    orgs_seen: set = set(by_org.rows)
    modes_seen: set = set(by_mode.rows)
    topics_seen: set = set(needs.rows)
    for c in clients:
        if c.intake.date > end:
            continue
        hub, cid = c.hub, c.id
        new = start <= c.intake.date <= end
        active = new
        for contact in c.contacts:
            if start <= contact.date <= end:
                active = True
                org = contact.org
                mode = contact.mode or "none"
                if org not in orgs_seen:  # a set: the rows grow with the directory
                    orgs_seen.add(org)
                    by_org.rows.insert(-1, org)
                if mode not in modes_seen:
                    modes_seen.add(mode)
                    by_mode.rows.insert(-1, mode)
                by_org.add(org, hub, 1, cid)
                by_mode.add(mode, hub, 1, cid)
        for step in c.plan:
            if step.done is not None and start <= step.done <= end:
                active = True
                steps.add("done", hub, 1, cid)
            elif step.status == "dropped" and step.dropped is not None and start <= step.dropped <= end:
                steps.add("dropped", hub, 1, cid)
        said = [e for e in getattr(c, "evaluation", None) or () if start <= e.date <= end]
        if said:  # a client counted once, by the last evaluation of the quarter
            active = True  # (giving an evaluation is being in touch: forum 13, #11)
            last = max(said, key=lambda e: e.date)
            row = "unscored" if last.satisfaction is None else \
                "satisfied" if last.satisfaction >= SATISFIED else "unsatisfied"
            evaluations.add(row, hub, 0, cid)
        for o in c.outcomes:
            if not start <= o.date <= end:
                continue
            active = True
            if o.kind in OUTCOME_CLIENT_ROWS:
                outcomes.add(o.kind, hub, 0, cid)
            if o.kind == "financing-obtained" and o.amount is not None:
                financing.add("amount", hub, o.amount, cid)
            if o.kind in JOB_ROWS and o.count is not None:
                jobs.add(o.kind, hub, o.count, cid)
        if new:
            status.add("new", hub, 1, cid)
        # the file as it stood at the quarter's end: a need or step added since is not the quarter's
        whole = c
        if added_later(c, end):
            c = as_of(c, end, contacts=False)
        if active:
            status.add("active", hub, 1, cid)
            active_ids.append(cid)
            for topic in dict.fromkeys(n.topic for n in c.needs):
                if topic not in topics_seen:
                    topics_seen.add(topic)
                    needs.rows.append(topic)
                needs.add(topic, hub, 1, cid)
        closed = closed_on(c)
        if closed is not None and start <= closed <= end:
            status.add("closed", hub, 1, cid)
        elif closed is None or closed > ref:
            later = (ref < end or c.consent.withdrawn is not None or
                     any(x.date > ref for x in c.contacts) or any(x.date > ref for x in c.outcomes) or
                     any(later_step(s, ref) for s in c.plan) or added_later(whole, ref))
            if case_state(as_of(whole, ref) if later else c, network, ref).stalled:
                status.add("stalled", hub, 1, cid)
    # outcome rows count clients: the value is the number of distinct clients
    for cell in (*outcomes.cells.values(), *evaluations.cells.values()):
        cell.value = cell.clients
    by_org.rows = sorted(by_org.rows[:-1]) + [TOTAL]
    by_mode.rows = sorted(by_mode.rows[:-1]) + [TOTAL]
    needs.rows.sort(key=lambda t: (-needs.cell(t, NETWORK).clients, t))
    for t in (status, needs, by_org, by_mode, steps, outcomes, financing, jobs, evaluations):
        t.fill()
    return Activity(quarter, hub_ids, status, needs, by_org, by_mode, steps, outcomes, financing,
                    jobs, evaluations, active_ids)
