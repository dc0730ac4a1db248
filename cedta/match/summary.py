"""A group of clients counted per need topic and level (`cedta match --summary`): how many have at
least one fitting service, how many only services to confirm, how many none, and for those, the
reasons the services are left out (each client counted once per reason code), and the reasons of
each such client's lightest misses (what would have to change for one service to fit). Run on a group like
the participants of the report's §6 box, it shows in numbers why the programs fail them.

Small counts are suppressed for shared outputs (`shared`): a count under the network's
`small_cell_threshold` (but not zero) becomes `<N`, and since each need's clients are split into
"with a fitting service", "only to confirm" and "none" beside their total, enough other counts of
that line are hidden (`x`) that none can be worked out by subtraction or from the bounds "<N" gives
(`cedta.suppress`, as the forum report does). When the "none" count is hidden, the counts of its
reasons are not given at all (each count is at most "none", and whether there are any tells
whether it is 0). A topic's lines are also suppressed as a group whose total is known (the forum
report gives each topic's clients): one level's hidden count is not the topic's minus the others'.
Only the whole network's summary (`--all`) is shareable: a hub's or some clients'
counts subtracted from it would give the others away.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from cedta.match.directory import Directory
from cedta.match.engine import (EXCLUSION_CODES, Facts, MatchResult, as_matched, client_kind_check, considered,
                                judge_codes, miss_weight, others_taken, own_places, tried_services)


@dataclass
class NeedGroup:
    topic: str
    level: str | None
    clients: int = 0
    with_fit: int = 0
    only_to_confirm: int = 0
    without: int = 0
    no_service: int = 0  # of `without`: no service in the directory offers the topic at all
    reasons: dict[str, int] = field(default_factory=dict)  # code -> clients among `without`
    # code -> clients among `without` whose lightest misses (the services closest to fitting: fewest,
    # then lightest reasons) fail on it: what would have to change for them to be served
    nearest: dict[str, int] = field(default_factory=dict)


@dataclass
class Summary:
    clients: int
    groups: list[NeedGroup]


def summarize(results: Iterable[MatchResult], level_order: dict[str, int] | None = None) -> Summary:
    groups: dict[tuple[str, str | None], NeedGroup] = {}
    count = 0
    for result in results:
        count += 1
        seen: set[tuple] = set()
        for n in result.needs:
            key = (n.need.topic, n.need.level)
            if key in seen:  # the same need twice in one record counts once
                continue
            seen.add(key)
            g = groups.get(key)
            if g is None:
                g = groups[key] = NeedGroup(*key)
            g.clients += 1
            if n.matches:
                g.with_fit += 1
            elif n.to_confirm:
                g.only_to_confirm += 1
            else:
                g.without += 1
                if not n.excluded:
                    g.no_service += 1
                codes = {r.code for c in n.excluded for r in c.reasons}
                for code in codes:
                    g.reasons[code] = g.reasons.get(code, 0) + 1
                if n.excluded:
                    weights = [([r.code for r in c.reasons]) for c in n.excluded]
                    least = min(miss_weight(codes) for codes in weights)
                    lightest = {code for codes in weights if miss_weight(codes) == least for code in codes}
                    for code in lightest:
                        g.nearest[code] = g.nearest.get(code, 0) + 1
    return _finish(count, groups, level_order)


def _finish(count: int, groups: dict, level_order: dict[str, int] | None) -> Summary:
    order = level_order or {}
    rows = sorted(groups.values(), key=lambda g: (g.topic, order.get(g.level or "", -1)))
    for g in rows:
        g.reasons = {c: g.reasons[c] for c in EXCLUSION_CODES if c in g.reasons}
        g.nearest = {c: g.nearest[c] for c in EXCLUSION_CODES if c in g.nearest}
    return Summary(count, rows)


def summarize_clients(clients: Iterable[Any], directory: Directory, today: dt.date,
                      taken: dict[str, int] | None = None) -> Summary:
    """The same counts as `summarize` over `match_client` results, made faster for big groups: only
    one service of each `codes_key` class of a topic is judged (the others would get the same
    codes), and no result objects are kept. `summarize(match_client(...))` stays the reference; a
    test holds the two equal."""
    groups: dict[tuple[str, str | None], NeedGroup] = {}
    count = 0
    # A need's outcome depends only on the client's kind and profile (and the directory, today and
    # the places taken, the same for the whole call): clients who share a profile (a group such as
    # the report's §6 participants) are judged once per need. The key is the profile as JSON; the
    # memo is cleared when it grows large, so memory stays bounded.
    memo: dict[tuple, tuple] = {}
    for client in clients:
        count += 1
        client = as_matched(client, today, directory)  # as `match_client` reads it
        facts = None
        # (its own open steps take no place from it: alike profiles with other steps differ)
        own = own_places(client, directory, taken)
        # (the services of its dropped steps are tried: alike profiles with other such steps differ)
        tried = tuple(sorted((ref, s.topic, s.level or "") for ref, steps in tried_services(client).items()
                             for _, s in steps))
        profile = (client.kind, client.profile.model_dump_json(), own, tried)
        client_taken = others_taken(taken, client) if own else taken
        seen: set[tuple] = set()
        for need in sorted(client.needs, key=lambda n: n.priority):
            key = (need.topic, need.level)
            if key in seen:
                continue
            seen.add(key)
            g = groups.get(key)
            if g is None:
                g = groups[key] = NeedGroup(*key)
            g.clients += 1
            outcome = memo.get((profile, key))
            if outcome is None:
                if facts is None:
                    facts = Facts(client, directory)
                outcome = _need_outcome(client, need, directory, today, client_taken, facts)
                if len(memo) >= MEMO_LIMIT:
                    memo.clear()
                memo[(profile, key)] = outcome
            fit, confirm, left, nearest_codes = outcome
            if fit:
                g.with_fit += 1
            elif confirm:
                g.only_to_confirm += 1
            else:
                g.without += 1
                if not left:
                    g.no_service += 1
                for code in left:
                    g.reasons[code] = g.reasons.get(code, 0) + 1
                for code in nearest_codes:
                    g.nearest[code] = g.nearest.get(code, 0) + 1
    return _finish(count, groups, directory.levels)


MEMO_LIMIT = 20000


def _need_outcome(client: Any, need: Any, directory: Directory, today: dt.date, taken: dict[str, int] | None,
                  facts: Facts) -> tuple[bool, bool, frozenset, frozenset]:
    """(a service fits, one is to confirm, the codes of the services left out, the codes of the
    lightest misses), judging one service per class of alike services and stopping at the first fit."""
    confirm = False
    left: set[str] = set()
    nearest: tuple | None = None
    nearest_codes: set[str] = set()
    # one service per class of alike ones, unless the client tried one of the topic's (then each)
    offers = directory.by_topic.get(need.topic, ()) if facts.tried else directory.classes(need.topic)
    for offer in offers:
        if not considered(offer, need, client):
            continue
        codes, ask = judge_codes(offer, client, need, directory, today, taken, facts)
        if offer.service.financing and "client-kind" not in codes \
                and client_kind_check(offer, client) is not None:
            codes.append("client-kind")
        if not codes:
            if ask:
                confirm = True
                continue
            return True, confirm, frozenset(), frozenset()
        left.update(codes)
        weight = miss_weight(codes)
        if nearest is None or weight < nearest:
            nearest, nearest_codes = weight, set(codes)
        elif weight == nearest:
            nearest_codes.update(codes)
    return False, confirm, frozenset(left), frozenset(nearest_codes)


def suppress(count: int, threshold: int | None) -> int | str:
    """A count as it may be shared: under the threshold (and not zero) it becomes `<threshold`."""
    if threshold and 0 < count < threshold:
        return f"<{threshold}"
    return count


LINE = ("with_fit", "only_to_confirm", "without")  # a need's clients, split three ways
ALL = ("all levels",)  # the column of a topic's clients over its levels (not a level's name)


def shared(summary: Summary, threshold: int | None) -> list[dict[str, Any]]:
    """Each need group's counts as they may be shown: exact without a threshold; with one, small
    counts as "<N" and complementary ones as "x" (see the module). "reasons" and "nearest" map each
    code to its count; both are None, and "no_service" "x", where "none" is hidden."""
    from cedta.suppress import Table, suppress as hide

    table = None
    if threshold:
        table = Table("match-summary", list(range(len(summary.groups))), [*LINE, "clients"],
                      col_total="clients", client_count=True)
        for i, g in enumerate(summary.groups):
            for name in (*LINE, "clients"):
                cell = table.cell(i, name)
                cell.value = cell.clients = getattr(g, name)
        # A topic's clients over its levels: the forum report publishes each topic's total, so a
        # level's count hidden here must not be its total minus the other levels (taken as known:
        # the report counts the quarter's clients, often the same people).
        topics = sorted({g.topic for g in summary.groups})
        levels = sorted({g.level or "" for g in summary.groups})
        by_topic = Table("match-summary-topics", topics, [*levels, ALL], col_total=ALL, client_count=True)
        same = []
        for i, g in enumerate(summary.groups):
            for col in (g.level or "", ALL):
                cell = by_topic.cell(g.topic, col)
                cell.value = cell.clients = cell.clients + g.clients
            same.append([(table, i, "clients"), (by_topic, g.topic, g.level or "")])
        hide([table, by_topic], threshold, same=same)
    out = []
    for i, g in enumerate(summary.groups):
        row: dict[str, Any] = {"topic": g.topic, "level": g.level}
        for name in ("clients", *LINE):
            row[name] = table.shown_value(i, name, threshold) if table else getattr(g, name)
        if table is None or table.cell(i, "without").shown:
            row["no_service"] = suppress(g.no_service, threshold)
            row["reasons"] = {code: suppress(n, threshold) for code, n in g.reasons.items()}
            row["nearest"] = {code: suppress(n, threshold) for code, n in g.nearest.items()}
        else:  # each reason's count is at most "none", and whether there are any says if it is 0
            row["no_service"], row["reasons"], row["nearest"] = "x", None, None
        out.append(row)
    return out


def summary_json(summary: Summary, threshold: int | None = None) -> dict:
    """The JSON contract of `cedta match --summary --format json` (see the README); with a
    threshold (`--shareable`), counts under it are strings such as "<5", complementary ones "x",
    and "reasons" and "nearest" are null where "none" is hidden."""
    return {
        "clients": suppress(summary.clients, threshold),
        "shareable": threshold is not None,
        "threshold": threshold,
        "needs": [{
            "topic": row["topic"], "level": row["level"], "clients": row["clients"],
            "with_fit": row["with_fit"], "only_to_confirm": row["only_to_confirm"],
            "without": row["without"], "no_service": row["no_service"],
            "reasons": row["reasons"], "nearest": row["nearest"],
        } for row in shared(summary, threshold)],
    }
