"""Which need topics a service can meet: its own, and a few that follow from what it is (a program
that lends or gives money meets a financing need; a whole self-employment program for beginners
meets a business-plan need, and a mentoring one when it follows the person). Shared by matching
(`cedta.match`) and by the checks of a plan step's service. Also which needs a plan step takes up,
and which an outcome met (a loan obtained: the financing need). Pure.
"""

from __future__ import annotations

import datetime as dt

from typing import Any

# Modes of a program that follows the person along the way: a self-employment program with one of
# them meets a mentoring need too.
FOLLOWING_MODES = frozenset({"mentoring", "follow-up"})


def topics_met(service: Any) -> list[str]:
    """The need topics a service can meet: its own topic, and `financing` when it gives or lends money
    for the business (`financing` offers other than an allowance, or the mode `funding`): the Summer Company's $1,500 grants (§4.1.5 l.188) and
    the OCRI's mentoring and financing for young entrepreneurs (l.151) meet a financing need too.

    A whole self-employment program for beginners (the YMCA-YWCA youth program, §4.1.5; Canadian
    Social Development's online program, §4.1.6) teaches the business plan, and with mentoring or
    follow-up among its modes it mentors too: it meets a `business-plan` and a `mentoring` need."""
    topics = [service.topic]
    levels = getattr(service, "levels", None)
    modes = set(getattr(service, "modes", None) or ())
    if service.topic == "self-employment" and (levels is None or levels.from_ == "beginner"):
        topics.append("business-plan")
        if FOLLOWING_MODES & modes:
            topics.append("mentoring")
    # money for the business (a loan, a grant): a living allowance paid while in a program (the
    # YMCA-YWCA's weekly one, §4.1.5) is not what a financing need asks for
    business_money = [f for f in getattr(service, "financing", None) or () if getattr(f, "kind", None) != "allowance"]
    if (business_money or "funding" in modes) and service.topic != "financing":
        topics.append("financing")
    return topics


# The need an outcome of each kind meets: a loan obtained from a caisse populaire is the financing
# need met, not a gap that the loan fund's step, dropped then, recorded (coordinator 14, C14-17)
OUTCOME_MEETS = {"financing-obtained": "financing", "business-plan-completed": "business-plan",
                 "business-started": "self-employment"}


def met_by_outcomes(client: Any, today: dt.date | None = None) -> dict[str, dt.date]:
    """The topics of needs the client's recorded outcomes (by `today`) met, with the last day: a need
    added after that day (an expansion loan asked for after a first one) is not met by it (see
    `need_met`)."""
    met: dict[str, dt.date] = {}
    for o in getattr(client, "outcomes", None) or ():
        topic = OUTCOME_MEETS.get(o.kind)
        if topic is not None and (today is None or o.date <= today) and (topic not in met or o.date > met[topic]):
            met[topic] = o.date
    return met


def need_met(need: Any, met: dict[str, dt.date]) -> bool:
    """Whether an outcome of `met` (from `met_by_outcomes`) met this need: of its topic, recorded
    on or after the day the need was added (review 14, R14-1)."""
    day = met.get(need.topic)
    added = getattr(need, "added", None)
    return day is not None and (added is None or day >= added)


def takes_up(step: Any, need: Any) -> bool:
    """Whether a plan step takes up a need: the same topic, at the need's level when both say one
    (a beginner step does not take up an intermediate need added later: review 11, Y16)."""
    return step.topic == need.topic and (step.level is None or need.level is None or step.level == need.level)
