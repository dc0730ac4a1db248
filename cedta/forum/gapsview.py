"""`cedta gaps` as one JSON-able dict (the shape in the README), worded in one language, for the
templates and `--format json`. Counts are exact: `gaps` is the coordinators' working tool; the
shared forum report (`cedta report`) suppresses small counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cedta.forum.gaps import LOW_COST, find_gaps
from cedta.forum.report import Words, _plain, lever_json
from cedta.messages import MESSAGES, plural_code
from cedta.numbers import number_text


def _count(words: Words, code: str, n: int) -> str:
    return words.t(plural_code(code, n, words.lang), count=n)


def build(directory, clients: list, network, today: dt.date, lang: str,
          populations: list[str] | None = None, hub: str | None = None) -> dict[str, Any]:
    g = find_gaps(directory, clients, network, today, populations=populations, hub=hub)
    words = Words(lang, directory.vocab, directory.providers, directory.hubs)
    coverage = []
    for grid in g.grids:
        rows = []
        for t in grid.topics:
            rows.append({
                "topic": t, "label": words.term("topics", t),
                "all": [grid.all[(t, lv)] for lv in grid.levels],
                "low_cost": [grid.low_cost[(t, lv)] for lv in grid.levels],
                "evenings": [grid.evenings[(t, lv)] for lv in grid.levels],
                # services there that record no times: with none known on evenings, "?" (unknown)
                "evenings_unknown": [grid.evenings_unknown[(t, lv)] for lv in grid.levels],
                "evenings_shown": [str(grid.evenings[(t, lv)]) if grid.evenings[(t, lv)] else
                                   "." if grid.evenings_known((t, lv)) else "?" for lv in grid.levels],
                "gaps": [f"coverage/{grid.population}/{t}/{lv}" for lv in grid.levels if grid.all[(t, lv)] == 0],
            })
        coverage.append({
            "population": grid.population, "label": words.term("populations", grid.population),
            "levels": [{"id": lv, "label": words.term("levels", lv)} for lv in grid.levels],
            "rows": rows, "empty": sum(1 for v in grid.all.values() if v == 0),
            "legend": words.t("g-coverage-legend", population=words.term("populations", grid.population),
                              cost=number_text(LOW_COST)),
        })
    demand = [{"id": x.id, "text": words.gap(x.id, x.params), "needs": x.needs, "clients": x.clients,
               "reasons": dict(sorted(x.reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
               "nearest": dict(sorted(x.nearest.items(), key=lambda kv: (-kv[1], kv[0]))),
               "reasons_text": words.reasons(dict(x.nearest), lambda n: n)} for x in g.demand]
    levers = [lever_json(words, lv) for lv in g.levers]
    priorities = [{"gap": ps.priority.gap, "date": ps.priority.date.isoformat(),
                   "decision": _plain(ps.priority.decision), "owner": ps.priority.owner,
                   "status": ps.status, "status_text": words.status(ps), "now": words.now(ps),
                   "text": words.gap(ps.priority.gap, ps.gap.params if ps.gap else None),
                   "line": words.t("priority-line", date=words.date(ps.priority.date),
                                   decision=words.decision(ps.priority))}
                  for ps in g.priorities]
    return {
        "schema": 1,
        "lang": lang,
        "today": today.isoformat(),
        "title": words.t("g-title", today=words.date(today)),
        "privacy_text": words.t("g-internal"),
        "hub": hub,
        "populations": g.populations,
        "low_cost_limit": LOW_COST,
        "coverage": coverage,
        "continuum": [{"id": x.id, "text": words.gap(x.id, x.params)} for x in g.continuum],
        "supply": [{"id": x.id, "text": words.gap(x.id, x.params), **x.params} for x in g.supply],
        "demand": demand,
        "demand_text": words.t("g-demand-summary-none" if not g.needs_total else
                               plural_code("g-demand-summary", g.needs_unmet, lang), unmet=g.needs_unmet, total=g.needs_total,
                               clients=g.clients_total) + (" " + words.t(
                                   plural_code("g-demand-recorded", g.recorded[0], lang), needs=g.recorded[0],
                                   clients=_count(words, "n-clients", g.recorded[1]),
                                   since=words.date(g.recorded[2])) if g.recorded[0] else "") + (" " + words.t(
                                   plural_code("g-demand-waiting", g.waiting[0], lang), needs=g.waiting[0],
                                   clients=_count(words, "n-clients", g.waiting[1])) if g.waiting[0] else "") + (" " + words.t(
                                   plural_code("g-demand-interpreted", g.interpreted[0], lang), needs=g.interpreted[0],
                                   clients=_count(words, "n-clients", g.interpreted[1])) if g.interpreted[0] else "") + (" " + words.t(
                                   plural_code("g-demand-to-confirm", g.to_confirm[0], lang), needs=g.to_confirm[0],
                                   clients=_count(words, "n-clients", g.to_confirm[1]),
                                   asks=", ".join(f"{words.t('reason-code-' + k) if 'reason-code-' + k in MESSAGES else k} {n}"
                                                  for k, n in g.to_confirm_asks.items())) if g.to_confirm[0] else ""),
        "needs": {"total": g.needs_total, "unmet": g.needs_unmet, "open_clients": g.clients_total,
                  "recorded": g.recorded[0], "recorded_clients": g.recorded[1],
                  "recorded_since": g.recorded[2].isoformat() if g.recorded[2] else None,
                  "waiting": g.waiting[0], "waiting_clients": g.waiting[1],
                  "interpreted": g.interpreted[0], "interpreted_clients": g.interpreted[1],
                  "only_to_confirm": g.to_confirm[0], "only_to_confirm_clients": g.to_confirm[1],
                  "only_to_confirm_asks": g.to_confirm_asks},
        "evenings": {"clients_only_then": g.evening_only, "services_known": g.evening_services,
                     "services_without_times": g.timeless_services},
        "by_profile": [{"population": pop, "label": words.term("populations", pop), "needs": n, "clients": c}
                       for pop, (n, c) in g.by_profile.items()],
        "by_profile_text": words.t("g-by-profile", items=(" ; " if lang == "fr" else "; ").join(
            f"{words.term('populations', pop)} ({words.t('g-needs-clients', needs=_count(words, 'n-needs', n), clients=_count(words, 'n-clients', c))})"
            for pop, (n, c) in g.by_profile.items())) if g.by_profile else None,
        "evenings_text": words.t(plural_code("g-evenings-demand", g.evening_only, lang),  # 1 client ne peut
                                 clients=_count(words, "n-clients", g.evening_only),
                                 known=g.evening_services, unknown=g.timeless_services),
        "levers": levers,
        "priorities": priorities,
    }
