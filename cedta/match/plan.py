"""The plan `cedta match --plan` proposes: one step per need, the best fit, ordered by the need's
priority and then its level; needs that already have a step for the same topic and level (other
than a dropped one) are left alone, and existing steps are kept as they are.
"""

from __future__ import annotations

from typing import Any

from cedta.match.engine import MatchResult


def propose_steps(client: Any, result: MatchResult, levels: dict[str, int]) -> list[dict]:
    """The steps to add, as plain mappings (topic, level, service, status), best fit first per need.
    A need with nothing that fits gets no step (a gap is for the forum, not for the plan)."""
    have = {(s.topic, s.level) for s in getattr(client, "plan", ()) or () if s.status != "dropped"}
    needs = sorted(result.needs, key=lambda n: (n.need.priority, levels.get(n.need.level or "", -1)))
    steps = []
    for n in needs:
        key = (n.need.topic, n.need.level)
        if key in have or not n.matches:
            continue
        have.add(key)
        step = {"topic": n.need.topic}
        if n.need.level:
            step["level"] = n.need.level
        step["service"] = n.matches[0].ref
        step["status"] = "planned"
        steps.append(step)
    return steps


def append_steps(data: Any, steps: list[dict]) -> None:
    """Add `steps` at the end of the round-trip data's `plan` (made when absent)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    plan = data.get("plan")
    if plan is None:
        plan = CommentedSeq()
        data["plan"] = plan
    for s in steps:
        item = CommentedMap()
        for k, v in s.items():
            item[k] = v
        plan.append(item)
