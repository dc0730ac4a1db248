"""Which need topics a service can meet: its own, and a few that follow from what it is (a program
that lends or gives money meets a financing need; a whole self-employment program for beginners
meets a business-plan need, and a mentoring one when it follows the person). Shared by matching
(`cedta.match`) and by the checks of a plan step's service. Pure.
"""

from __future__ import annotations

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
