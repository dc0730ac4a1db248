"""The plan `cedta match --plan` proposes: one step per need, the best fit whose topic is the need's,
ordered by the need's priority and then its level; needs that already have a step for the same
topic and level (other than a dropped one) are left alone, and existing steps are kept as they are.

Every other need is named with why it gets no step (`Unplanned`): nothing fits (a gap), only
services to confirm (ask first), the best fit is already the service of another step (one program
meeting two needs: no second step), or what fits does not meet the need's topic as a step's service
must (`cedta.records.topics`: a self-employment program for beginners may be a business-plan step,
as `cedta validate` checks). A step whose need also has a service to confirm that scores at least as
well is proposed with it, to ask about first (`Proposal.ask_first`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cedta.match.engine import MatchResult
from cedta.records.topics import topics_met


@dataclass
class Unplanned:
    """A need the proposal gives no step, and why: `gap`, `to-confirm`, `same-service` (with the
    service and the topic of the step that has it), `other-topic` (with the service), `waits` (a
    step of the plan will unlock a service: `steps`, the service, how many) or `waits-new` (a step
    of this very proposal will)."""

    topic: str
    level: str | None
    why: str
    service: str | None = None
    other_topic: str | None = None  # same-service: the topic of the step that has the service
    count: int = 0                  # to-confirm: how many services to ask about
    steps: list = field(default_factory=list)  # waits: the steps it waits on; recorded: the dropped ones
    date: Any = None                # met: the day of the outcome that met it
    outcome: str | None = None      # met: its kind


@dataclass
class Proposal:
    steps: list[dict] = field(default_factory=list)
    unplanned: list[Unplanned] = field(default_factory=list)
    # step index -> a service to confirm that fits the need at least as well as the step's (the
    # co-operative accompaniment made for a founding group, its price to ask: coordinator 13, C13-6)
    ask_first: dict[int, Any] = field(default_factory=dict)


def gap_said(client: Any, need: Any, today: Any = None) -> Unplanned:
    """A need nothing fits, as the coordinator has left it: `met` by an outcome of its kind (the
    loan obtained elsewhere), `recorded` (a step on it dropped: the gap written down), else `gap`,
    to record (coordinator 14, C14-4 and C14-17)."""
    from cedta.records.topics import OUTCOME_MEETS, met_by_outcomes, need_met, takes_up

    met = met_by_outcomes(client, today)
    if need_met(need, met):
        kind = next(k for k, t in OUTCOME_MEETS.items() if t == need.topic)
        return Unplanned(need.topic, need.level, "met", date=met[need.topic], outcome=kind)
    dropped = [i + 1 for i, s in enumerate(getattr(client, "plan", None) or ())
               if s.status == "dropped" and takes_up(s, need)]
    if dropped:
        return Unplanned(need.topic, need.level, "recorded", steps=dropped)
    return Unplanned(need.topic, need.level, "gap")


def propose(client: Any, result: MatchResult, levels: dict[str, int], today: Any = None) -> Proposal:
    """The steps to add (plain mappings: topic, level, service, status), best fit first per need,
    and the needs left without a step with the reason."""
    kept = [s for s in getattr(client, "plan", ()) or () if s.status != "dropped"]
    have = {(s.topic, s.level) for s in kept}
    in_plan = {s.service: s.topic for s in kept if s.service}
    needs = sorted(result.needs, key=lambda n: (n.need.priority, levels.get(n.need.level or "", -1)))
    out = Proposal()
    for n in needs:
        topic, level = n.need.topic, n.need.level
        key = (topic, level)
        # a step with no level takes up the need of its topic when the client has one need of it,
        # and a need with no level is taken up by a step of its topic at any level
        alone = sum(1 for x in result.needs if x.need.topic == topic) == 1
        if key in have or (alone and (topic, None) in have) or (level is None and any(t == topic for t, _ in have)):
            continue
        have.add(key)
        if not n.matches:
            if n.to_confirm:
                out.unplanned.append(Unplanned(topic, level, "to-confirm", count=len(n.to_confirm)))
            else:
                out.unplanned.append(gap_said(client, n.need, today))
            continue
        best = n.matches[0]
        # a step done before this need was added did not meet it: its service may be the next step
        # (a second loan from the fund, the advanced workshop of the same centre: hostile 15, H15-4;
        # coordinator 15, C15-3)
        added = getattr(n.need, "added", None)
        done_before = {s.service for s in kept if s.service and s.status == "done" and added is not None
                       and s.done is not None and s.done < added} - \
            {s.service for s in kept if s.service and not (s.status == "done" and added is not None
                                                           and s.done is not None and s.done < added)} - \
            {st["service"] for st in out.steps}  # (proposed in this run: not twice, review 15, R15-3)
        if best.ref in in_plan and best.ref not in done_before:  # one program for two needs: said, not written twice
            out.unplanned.append(Unplanned(topic, level, "same-service", best.ref, in_plan[best.ref]))
            continue
        own = next((c for c in n.matches if topic in topics_met(c.service)
                    and (c.ref not in in_plan or c.ref in done_before)), None)
        if own is None:
            out.unplanned.append(Unplanned(topic, level, "other-topic", best.ref, best.service.topic))
            continue
        step = {"topic": topic}
        if level:
            step["level"] = level
        step["service"] = own.ref
        step["status"] = "planned"
        rival = next((c for c in n.to_confirm if topic in topics_met(c.service)
                      and (c.ref not in in_plan or c.ref in done_before)), None)
        if rival is not None and rival.score >= own.score:
            out.ask_first[len(out.steps)] = rival
        out.steps.append(step)
        in_plan[own.ref] = topic
    return out


def still_to_add(plan: list, steps: list[dict]) -> list[dict]:
    """The proposed `steps` the plan as it is now (the file's data, read under the write lock) does
    not already hold: another coordinator may have planned the need, or the service, since the
    proposal was made (hostile pass 10, K: the step was written twice)."""
    kept = [s for s in plan or () if isinstance(s, dict) and s.get("status") != "dropped"]
    have = {(s.get("topic"), s.get("level")) for s in kept}
    topics = {t for t, _ in have}
    # (a service of a step done may be the next step too: another need added since; only a step
    # still open on it is one written meanwhile)
    services = {s.get("service") for s in kept if s.get("service") and s.get("status") != "done"}

    def covered(step: dict) -> bool:  # as `propose` reads it: a step with no level takes up its topic
        topic, level = step["topic"], step.get("level")
        return (topic, level) in have or (topic, None) in have or (level is None and topic in topics)

    return [s for s in steps if not covered(s) and s.get("service") not in services]


def with_added(steps: list[dict], day: Any) -> list[dict]:
    """The steps, each marked `added: day` (after its status and dates, where `cedta fmt` puts it)."""
    return [{**s, "added": day} for s in steps]


def with_target(steps: list[dict], target: Any) -> list[dict]:
    """The steps, each with `target` (a date) before its status, where `cedta fmt` puts it."""
    out = []
    for s in steps:
        step = {k: v for k, v in s.items() if k != "status"}
        step["target"] = target
        step["status"] = s.get("status", "planned")
        out.append(step)
    return out


def list_under(data: Any, key: str) -> Any:
    """The list under `key` of a client's round-trip data, made when absent where `cedta fmt` puts
    it (in the record's key order: `plan:` before `contacts:`, not after the last key)."""
    from ruamel.yaml.comments import CommentedSeq

    from cedta.records import model as m

    if data.get(key) is None:
        if key in data or not hasattr(data, "insert"):
            data[key] = CommentedSeq()
        else:
            order = list(m.Client.model_fields)
            rank = order.index(key) if key in order else len(order)
            keys = list(data.keys())
            at = next((i for i, k in enumerate(keys) if k in order and order.index(k) > rank), len(keys))
            data.insert(at, key, CommentedSeq())
    return data[key]


def append_steps(data: Any, steps: list[dict]) -> None:
    """Add `steps` at the end of the round-trip data's `plan` (made when absent)."""
    from ruamel.yaml.comments import CommentedMap

    plan = list_under(data, "plan")
    for s in steps:
        item = CommentedMap()
        for k, v in s.items():
            item[k] = v
        plan.append(item)
