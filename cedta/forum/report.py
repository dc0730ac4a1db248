"""The quarterly Hub Forum report (§9): the quarter's activity per hub and for the network, the ranked
gap list with the forum's priorities first, levers, directory changes from git, services ending next
quarter and the forum roster, as one JSON-able dict that the templates (and `--format json`) read.

Every client count goes through `suppress` first when the report is shareable (the default).
Pure but for `history`, which reads git through `cedta.io`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cedta.forum import activity as act
from cedta.forum.gaps import GapReport, LOW_COST, find_gaps
from cedta.forum.quarters import MONTHS_EN, MONTHS_FR, Quarter
from cedta.match.engine import EXCLUSION_CODES
from cedta.suppress import Table, suppress
from cedta.messages import plural_code, render_message, typographic
from cedta.records import model as m
from cedta import numbers
from cedta.numbers import number_text

SCHEMA_VERSION = 1


class Words:
    """Labels in one language: messages, vocabulary terms, provider, service and hub names."""

    def __init__(self, lang: str, vocab, providers: dict[str, m.Provider], hubs: dict[str, m.Hub]):
        self.lang, self.vocab, self.providers, self.hubs = lang, vocab, providers, hubs
        self.colon = " : " if lang == "fr" else ": "
        self.hide_below = 0  # a shared report: counts of clients' steps under it read "<N"

    def t(self, _code: str, /, **params: Any) -> str:
        return render_message(_code, params, self.lang)

    def term(self, category: str, term: str | None) -> str:
        if term is None or term == "any":
            return self.t("level-any") if category == "levels" else ""
        if category == "populations" and term not in self.vocab.terms("populations") \
                and term in self.vocab.terms("sectors"):  # a hub around a sector (`field: mining`: newcomer 15, N15-6)
            category = "sectors"
        return typographic(self.vocab.label(category, term, self.lang), self.lang)

    def org(self, pid: str) -> str:
        p = self.providers.get(pid)
        return typographic(p.name.get(self.lang), self.lang) if p else pid

    def hub(self, hid: str) -> str:
        h = self.hubs.get(hid)
        return typographic(h.name.get(self.lang), self.lang) if h else hid

    def service(self, ref: str) -> str:
        pid, _, sid = ref.partition("/")
        p = self.providers.get(pid)
        s = next((x for x in p.services if x.id == sid), None) if p else None
        name = typographic(s.name.get(self.lang), self.lang) if s is not None and s.name else None
        if name is None and s is not None:
            from cedta.records.vocab import unnamed_service

            name = unnamed_service(self.term("topics", s.topic), [self.term("modes", x) for x in s.modes])
        if s is not None and name:
            same = [x for x in p.services if x is not s and x.name is not None
                    and typographic(x.name.get(self.lang), self.lang) == name]
            if same:  # two services read the same: what differs tells them apart (never the id)
                name += self._apart(s, same, [x for x in p.services if x.name is not None
                                              and typographic(x.name.get(self.lang), self.lang) == name])
        return f"{self.org(pid)} / {name or sid}"

    def _apart(self, s: m.Service, others: list[m.Service], all_same: list[m.Service]) -> str:
        for attr, category in (("populations", "populations"), ("stages", "stages"), ("languages", "languages"),
                               ("modes", "modes")):
            mine = list(getattr(s, attr))
            if mine and all(list(getattr(x, attr)) != mine for x in others):
                joiner = " et " if self.lang == "fr" else " and "
                return " — " + joiner.join(self.term(category, v) for v in mine)
        if s.levels is not None and all(x.levels != s.levels for x in others):
            return f" — {self.term('levels', s.levels.from_)}–{self.term('levels', s.levels.to)}"
        return f" ({all_same.index(s) + 1})"

    def money(self, amount: float) -> str:
        return numbers.money(amount, "CAD", self.lang, whole=True)

    def date(self, day: dt.date | str) -> str:
        day = dt.date.fromisoformat(day) if isinstance(day, str) else day
        return numbers.day_words(day)[1 if self.lang == "fr" else 0]

    def gap(self, gap_id: str, params: dict | None = None) -> str:
        """A gap in words, from its id (and its parameters when known)."""
        parts = gap_id.split("/")
        kind = parts[0]
        p = dict(params or {})
        try:
            if kind == "coverage" and len(parts) == 4 and parts[3] == "*":  # every level of a topic
                return self.t("gap-coverage-topic", population=self.term("populations", parts[1]),
                              topic=self.term("topics", parts[2]))
            if kind.startswith("coverage") and len(parts) == 4:
                return self.t(f"gap-{kind}", population=self.term("populations", parts[1]),
                              topic=self.term("topics", parts[2]), level=self.term("levels", parts[3]),
                              cost=number_text(LOW_COST))
            if kind == "demand" and len(parts) == 4:
                return self.t("gap-demand", population=self.term("populations", parts[1]),
                              topic=self.term("topics", parts[2]), level=self.term("levels", parts[3]))
            if kind == "continuum" and len(parts) >= 3:
                pop = self.term("populations", parts[1])
                what = parts[2]
                if what == "beginner-only":
                    return self.t("gap-beginner-only", population=pop, topic=self.term("topics", parts[3]))
                if what == "no-mentoring":
                    return self.t("gap-no-mentoring", population=pop)
                if what == "no-follow-through":
                    from cedta.forum.gaps import STAGE_ORDER
                    before = STAGE_ORDER[max(0, STAGE_ORDER.index(parts[3]) - 1)] if parts[3] in STAGE_ORDER else parts[3]
                    return self.t("gap-no-follow-through", population=pop, stage=self.term("stages", parts[3]),
                                  before=self.term("stages", before))
                if what == "user-pays":
                    return self.t("gap-user-pays", population=pop, topic=self.term("topics", parts[3]))
                if what == "no-voluntary":
                    return self.t("gap-no-voluntary", population=pop, topic=self.term("topics", parts[3]))
            if kind == "supply" and len(parts) == 4:
                ref = f"{parts[2]}/{parts[3]}"
                if parts[1] == "ending":
                    until = p.get("until")
                    return self.t("gap-ending", service=self.service(ref), date=self.date(until) if until else "?")
                if parts[1] == "ended":
                    until = p.get("until")
                    return self.t("gap-ended", service=self.service(ref), date=self.date(until) if until else "?")
                if parts[1] == "gone":
                    return self.t("gap-gone", service=self.service(ref))
                if parts[1] == "capacity":
                    places, taken = p.get("places", "?"), p.get("open_steps", "?")
                    if self.hide_below and isinstance(taken, int):
                        # clients' steps: not said in a shared report ("<5 for 3 places" is 4: review
                        # 11, Y14; "7 for 5 places", exact, less a hub's own 5 gave the other's 2:
                        # forum 13, #6), only that they are more than the places
                        return self.t("gap-capacity-over/1" if places == 1 else "gap-capacity-over",
                                      service=self.service(ref), places=places)
                    return self.t("gap-capacity/1" if places == 1 else "gap-capacity", service=self.service(ref),
                                  taken=taken, places=places)
        except (IndexError, ValueError):
            pass
        return gap_id

    def gap_short(self, gap_id: str, params: dict | None = None) -> str:
        """A gap in words without its population in front (said once, by the gap it stands for)."""
        text = self.gap(gap_id, params)
        parts = gap_id.split("/")
        if len(parts) > 1 and parts[0] in ("coverage", "coverage-low-cost", "coverage-evenings", "demand",
                                           "continuum"):
            lead = self.term("populations", parts[1]) + self.colon
            if text.startswith(lead):
                text = text[len(lead):]
        return text

    def status(self, state) -> str:
        """Where a prioritised gap stands, with what stands now in its place (a `PriorityState`)."""
        now = "; ".join(self.gap_short(gid, params) for gid, params in state.now)
        if now and state.status in ("wider", "narrower", "idle"):
            return self.t(f"status-{state.status}-now", now=now)
        if state.status == "closed" and state.priority.gap.startswith("demand/"):
            return self.t("status-closed-demand")  # what "closed" can mean for demand: nobody waits
        return self.t(f"status-{state.status}")

    def now(self, state) -> list[dict]:
        """What stands now in place of a prioritised gap, for the JSON: its ids and words."""
        return [{"id": gid, "ids": params.get("ids", [gid]), "text": self.gap(gid, params)}
                for gid, params in state.now]

    def decision(self, priority) -> str:
        """The forum's decision in the report's language when network.yaml gives both; else as
        written, said to be so in a French report (the model holds one text)."""
        text = priority.decision
        if hasattr(text, "get"):
            own = getattr(text, self.lang, None)
            if own:
                return own
            text = text.get(self.lang)  # only the other language: said to be as written
            return self.t("decision-as-written", text=text)
        return self.t("decision-as-written", text=text) if self.lang == "fr" else text

    def reasons(self, counts: dict[str, int], shown) -> str:
        items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return ", ".join(f"{self.t('reason-code-' + code)} {shown(n)}" for code, n in items)

    def service_name(self, ref: str) -> str:
        """A service's own name (without its provider's)."""
        full = self.service(ref)
        org = self.org(ref.partition("/")[0])
        return full[len(org) + 3:] if full.startswith(org + " / ") else full

    def one_of(self, items: list[str]) -> str:
        """'a, b or c' / 'a, b ou c'."""
        last = " ou " if self.lang == "fr" else " or "
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + last + items[-1]

    def lever(self, lever, hidden: bool = False) -> str:
        """A lever in words. `hidden`: its count is hidden (1 to N-1 clients), so a language other
        than English or French is not named: "in Tigrinya" would describe those few clients (forum
        12, #3)."""
        def language(code):
            if hidden and code not in (None, "en", "fr"):
                return self.t("lever-language-hidden")
            return self.term("languages", code)

        if lever.new:
            d = dict(lever.changes)
            code = "lever-new" if d.get("new") != "fund" else ("lever-new-fund-no-plan" if d.get("no-plan")
                                                               else "lever-new-fund")
            extra = "".join(self.t(f"lever-fund-{k}") for k in ("organisations", "any-stage") if d.get(k))
            text = self.t(code, provider=self.org(lever.provider), topic=self.term("topics", lever.service.topic),
                          level=self.term("levels", d.get("level")), language=language(d.get("language")),
                          extra=extra)
            if d.get("new-times"):  # at the times its clients can come (newcomer 14, N14-4)
                joiner = " et " if self.lang == "fr" else " and "
                text += self.t("lever-new-times", times=joiner.join(self.term("times", t) for t in d["new-times"]))
        else:
            parts = []
            for what, value in lever.changes:
                category = {"language": "languages", "times": "times", "level": "levels", "stage": "stages"}.get(what)
                shown = language(value) if what == "language" else self.term(category, value) if category else value
                # "open to the advanced level and at the stage …", not "… and open at the stage" (C14-14)
                after_level = what == "stage" and any(w == "level" for w, _ in lever.changes)
                parts.append(self.t(f"lever-change-{what}" + ("-after-level" if after_level else ""), value=shown))
            joiner = " et " if self.lang == "fr" else " and "
            refs = [lever.ref] + list(getattr(lever, "alternatives", []) or [])
            names = [self.t("quoted", text=self.service_name(r)) for r in refs]
            code = "lever-existing" if len(refs) == 1 else "lever-existing-any"
            text = self.t(code, org=self.org(lever.provider), service=names[0], services=self.one_of(names),
                          changes=joiner.join(parts))
        if lever.needs and not lever.sure:
            text += self.t("lever-pending")
        if self.lang == "fr":  # "offert en leur langue": "dans" before a possessive (forum 13, #3)
            text = text.replace(" en leur langue", " dans leur langue")
        return text


def _at_least(value: Any) -> bool:
    """Whether a lever's shown count is "at least N" (a count, not hidden: review 12, R6)."""
    return isinstance(value, str) and value[:1].isalpha() and any(ch.isdigit() for ch in value) and value != "x"


def lever_json(words: Words, lv, needs: Any = None, clients: Any = None, alternatives: list | None = None) -> dict:
    """One lever line: the best change for its gaps, with the other ways folded under it
    (`alternatives`, at most MAX_ALTERNATIVES; `more`: how many are left out)."""
    from cedta.forum.gaps import MAX_ALTERNATIVES

    if alternatives is None:
        alternatives = [lever_json(words, o, o.needs, o.clients, []) for o in lv.others[:MAX_ALTERNATIVES]]
    shown_clients = lv.clients if clients is None else clients
    hidden = not isinstance(shown_clients, (int, float)) and not _at_least(shown_clients)
    first = words.lever(lv, hidden)
    changes = [[w, "x" if hidden and w == "language" and v not in ("en", "fr") else v] for w, v in lv.changes]
    return {"service": lv.ref, "services": [lv.ref] + lv.alternatives, "provider": lv.provider, "new": lv.new,
            "changes": changes, "text": first,
            "needs": lv.needs if needs is None else needs, "clients": lv.clients if clients is None else clients,
            "gaps": lv.gaps, "alternatives": alternatives,
            "more": max(0, len(lv.others) - len(alternatives)),
            "or_text": words.t("lever-or") + " " + first[:1].lower() + first[1:]}


def _plain(value: Any) -> Any:
    """A text of network.yaml for the JSON: as written, or {en, fr} when it holds both."""
    return value.model_dump(exclude_none=True) if hasattr(value, "model_dump") else value


def _table_json(table: Table, words: Words, label, threshold: int, suppressed: bool,
                columns: list[str], network_shared: bool = False) -> dict:
    def value(r, c):
        if suppressed or (network_shared and c == act.NETWORK):
            v = table.shown_value(r, c, threshold)
        else:
            v = table.cell(r, c).value
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        return v

    rows = [{"key": r, "label": label(r), "total": r == table.row_total,
             "cells": {c: value(r, c) for c in columns}}
            for r in table.rows]
    return {"code": table.code, "money": table.money, "client_count": table.client_count, "rows": rows}


def clients_as_of(clients: list, day: dt.date) -> list:
    """The clients taken in by `day`, each as its file stood on `day` when something was recorded
    later that changes whether it is open (a step done, consent withdrawn, an outcome such as
    `left-program`); contacts do not enter the gaps."""
    found = []
    for c in clients:
        if c.intake.date > day:
            continue
        # (an outcome dated later, `left-program` in October, closes the case after the quarter: the
        # quarter's gaps still hold the client; review 11, Y9)
        later = (c.consent.withdrawn is not None and c.consent.withdrawn > day) or \
            any(act.later_step(s, day) for s in c.plan) or act.added_later(c, day) or \
            any(o.date > day for o in c.outcomes)
        found.append(act.as_of(c, day, contacts=False) if later else c)
    return found


def render_count(code: str, n: Any, lang: str) -> str:
    """"4 needs", "<5 clients": a count and its noun, as the templates' `count` says them."""
    from cedta.numbers import number_text

    return render_message(code, {"count": n if isinstance(n, int) else number_text(n) if isinstance(n, float) else n},
                          lang)


def _some(value: Any, lang: str) -> Any:
    """A count as a sentence says it: hidden (`x`: none, or at least the threshold) reads "a hidden
    number of" (not "some", which says there are: review 11, Y15); "masqué" in French, as the privacy line says it
    ("caché" read as a secret: coordinator 13, C13-21)."""
    return ("un nombre masqué de" if lang == "fr" else "a hidden number of") if value == "x" else value


def build(*, network: m.Network, providers: dict[str, m.Provider], hubs: dict[str, m.Hub],
          clients: list, directory, vocab, quarter: Quarter, today: dt.date, lang: str,
          hub: str | None = None, suppressed: bool = True, changes=None,
          progress=lambda step: None) -> dict:
    """The report as a dict (the JSON shape in the README). `changes`: a `history.DirectoryChanges`."""
    words = Words(lang, vocab, providers, hubs)
    if suppressed and network.small_cell_threshold > 1:
        words.hide_below = network.small_cell_threshold
    threshold = network.small_cell_threshold
    activity = act.quarter_activity(clients, hubs.keys(), network, quarter, today)
    progress("activity")
    # A past quarter's gaps and levers are those of its last day: the clients taken in by then, as
    # their files stood then (steps done later still open, consent withdrawn later still given), the
    # services in force then. What cannot be dated is as it is today, and the report says so: the
    # clients' needs and the directory itself (its history is in git, not in the records).
    at = min(quarter.end, today)
    if at < today:  # ages and the like as of that day too
        from dataclasses import replace

        gap_report: GapReport = find_gaps(replace(directory, today=at), clients_as_of(clients, at), network, at,
                                          recorded_since=quarter.start)
    else:
        gap_report = find_gaps(directory, clients, network, at, recorded_since=quarter.start)
    progress("gaps")

    # the gap list as a table over hubs, so that a hub's report cannot be subtracted from another's
    cols = activity.hubs + [act.NETWORK]
    listed = [g for g in gap_report.demand]
    # values are needs (a client may have two on one gap): hidden as "x"; the clients as "<N"
    gap_table = Table("gaps", [g.id for g in listed], list(cols), col_total=act.NETWORK, client_count=False, hubs=True,
                      clients_shown=True)
    for g in listed:
        for cid, h in g.holders:
            gap_table.add(g.id, h if h in cols else act.NETWORK, 1, cid)
    from cedta.forum.gaps import MAX_ALTERNATIVES

    # one row per lever line and per other way folded under it: each count is suppressed
    lever_rows = [(i, j) for i, lv in enumerate(gap_report.levers)
                  for j in range(1 + len(lv.others[:MAX_ALTERNATIVES]))]
    lever_table = Table("levers", lever_rows, [act.NETWORK])
    for i, lv in enumerate(gap_report.levers):
        for j, x in enumerate([lv] + lv.others[:MAX_ALTERNATIVES]):
            cell = lever_table.cell((i, j), act.NETWORK)
            cell.value, cell.clients = x.clients, x.clients
    # the counts said under the gap list (needs counted apart, evening-only clients), as a table over
    # hubs too: a hub's count and another's, subtracted from the network's, would give away a third
    # hub's small one (review 10b, R1)
    recorded_since = gap_report.recorded[2]
    apart_rows = {"recorded": gap_report.recorded_holders if recorded_since is not None else [],
                  "waiting": gap_report.waiting_holders, "interpreted": gap_report.interpreted_holders,
                  "to_confirm": gap_report.to_confirm_holders}
    # needs, not clients: a small cell is "x", not "<5", which would say fewer than 5 needs (review 11, Y17)
    apart_table = Table("apart", list(apart_rows), list(cols), col_total=act.NETWORK, client_count=False, hubs=True,
                        clients_shown=True)
    for key, holders in apart_rows.items():
        for cid, h in holders:
            apart_table.add(key, h if h in cols else act.NETWORK, 1, cid)
    # the evening-only clients: a count of clients
    evening_table = Table("evenings", ["evenings"], list(cols), col_total=act.NETWORK, hubs=True)
    for cid, h in gap_report.evening_holders:
        evening_table.add("evenings", h if h in cols else act.NETWORK, 1, cid)
    # unmet needs by the clients' own populations besides their hub's (women, youth, people with
    # disabilities: the hubs to come, §9), as a table over hubs too (coordinator 12, G3)
    profile_table = Table("profile", list(gap_report.by_profile_holders), list(cols), col_total=act.NETWORK,
                          client_count=False, clients_shown=True, hubs=True)
    for pop, holders in gap_report.by_profile_holders.items():
        for cid, h in holders:
            profile_table.add(pop, h if h in cols else act.NETWORK, 1, cid)
    tables = activity.tables + [gap_table, apart_table, evening_table, profile_table]
    # new clients, needs by topic and clients with an outcome are among the active clients: a hub's
    # shown "active" bounds its cells there, and the suppression knows it (forum 13, #5)
    for capped, rows in ((activity.clients, {"new"}), (activity.needs, None), (activity.outcomes, None)):
        capped.cap_source, capped.capped_rows = (activity.clients, "active"), rows
    # a hub's internal report (`--hub H --no-suppress`): its own column exact, the network's as the
    # shared report shows it: the network's exact figures are other hubs' clients (forum 12, #2)
    network_shared = suppressed or hub is not None
    if network_shared:
        suppress(tables + [lever_table], threshold,
                 links=[[(activity.contacts_org, act.TOTAL), (activity.contacts_mode, act.TOTAL)]])
        # a lever's count, less a shown gap's, would bound a hidden gap it also meets ("10 needs",
        # 6 of them shown: the "<5" beside is 4): a lever over a hidden gap is hidden too (review 11, Y5)
        for i, lv in enumerate(gap_report.levers):
            for j, x in enumerate([lv] + lv.others[:MAX_ALTERNATIVES]):
                if any(g in gap_table.rows and not gap_table.cell(g, act.NETWORK).shown for g in x.gaps):
                    cell = lever_table.cell((i, j), act.NETWORK)
                    if cell.shown:
                        cell.state = "hidden"
    # ... and a lever that meets all but 1 to N-1 of its gaps' shown needs or clients would give that
    # small complement away ("23 needs of 23 clients", the lever "21 of 21": 2 clients not served
    # by it; forum 12, #5): its count reads "at least" the gaps' less N-1
    near_all: dict[tuple, str] = {}
    if network_shared and threshold > 1:
        by_id = {g.id: g for g in gap_report.demand}
        for i, lv in enumerate(gap_report.levers):
            for j, x in enumerate([lv] + lv.others[:MAX_ALTERNATIVES]):
                cell = lever_table.cell((i, j), act.NETWORK)
                gaps_of = [by_id[g] for g in x.gaps if g in by_id]
                if not cell.shown or not gaps_of:
                    continue
                needs = sum(g.needs for g in gaps_of)
                holders = len({cid for g in gaps_of for cid, _ in g.holders})
                if 0 < needs - x.needs < threshold or 0 < holders - x.clients < threshold:
                    near_all[(i, j)] = words.t("at-least", n=max(holders - threshold + 1, 1))
    shown_cols = ([hub] if hub else activity.hubs) + [act.NETWORK]

    def shown(table: Table, row, col=act.NETWORK):
        if suppressed or (network_shared and col == act.NETWORK):
            return table.shown_value(row, col, threshold)
        return table.cell(row, col).value

    labels = {
        # (a quarter still running: stalled as of today, not at an end still to come)
        "clients": lambda r: words.t("row-stalled-today" if r == "stalled" and today < quarter.end else f"row-{r}"),
        "needs": lambda r: words.term("topics", r),
        "contacts-org": lambda r: words.t("r-total") if r == act.TOTAL else words.org(r),
        "contacts-mode": lambda r: words.t("r-total") if r == act.TOTAL else (
            words.t("row-none") if r == "none" else words.term("modes", r)),
        "steps": lambda r: words.t(f"row-{r}"),
        "outcomes": lambda r: words.t("row-clients-with", label=words.term("outcome_kinds", r)),
        "financing": lambda r: words.t(f"row-{r}"),
        "jobs": lambda r: words.term("outcome_kinds", r),
        "evaluations": lambda r: words.t(f"row-eval-{r}"),
    }
    sections = {t.code: _table_json(t, words, labels[t.code], threshold, suppressed, shown_cols, network_shared)
                for t in activity.tables}
    # needs by topic, largest first: hidden counts after the shown ones, alphabetically, so that
    # the order does not rank what the cells hide
    from cedta.records.vocab import fold  # "Études" with the E's, not after "Réseautage"

    sections["needs"]["rows"].sort(key=lambda row: (
        (0, -row["cells"][act.NETWORK], fold(row["label"])) if isinstance(row["cells"][act.NETWORK], (int, float))
        else (1, 0, fold(row["label"]))))
    for code in ("contacts-org", "contacts-mode"):  # by name in the report's language, the total last
        sections[code]["rows"].sort(key=lambda row: (row["total"], fold(row["label"])))
    for t in activity.tables:  # money as money
        if t.money:
            for row in sections[t.code]["rows"]:
                row["text"] = {c: (words.money(v) if isinstance(v, (int, float)) else v)
                               for c, v in row["cells"].items()}

    # gaps: the forum's priorities first, then demand, supply risks, the continuum
    col = hub or act.NETWORK

    def demand_counts(gap_id: str) -> dict:
        if gap_id not in gap_table.rows:
            return {"needs": 0, "clients": 0}
        needs = shown(gap_table, gap_id, col)
        cell = gap_table.cell(gap_id, col)
        clients = shown_count(cell.clients, cell)
        return {"needs": needs, "clients": clients}

    def shown_count(n, cell, clients: bool = True, network: bool = False):
        """A count as shown: exact, '<N' for a small number of clients, else 'x' (`network`: a
        count over the network, shown as shared in a hub's internal report too)."""
        if not (suppressed or (network and network_shared)) or cell.shown:
            return n
        return f"<{threshold}" if clients and cell.state == "small" else "x"

    hub_population = (hubs[hub].population or hubs[hub].field) if hub else None
    priority_ids = []
    gap_rows = []
    for ps in gap_report.priorities:
        p = ps.priority
        priority_ids.append(p.gap)
        row = {"id": p.gap, "text": words.gap(p.gap, ps.gap.params if ps.gap else None),
               "priority": {"date": p.date.isoformat(), "decision": _plain(p.decision), "owner": p.owner,
                            "owner_name": words.org(p.owner) if p.owner else None, "note": _plain(p.note),
                            "text": words.t("priority-line", date=words.date(p.date), decision=words.decision(p))
                            + (f" {words.t('priority-owner', owner=words.org(p.owner))}" if p.owner else "")},
               "status": ps.status, "status_text": words.status(ps), "now": words.now(ps), "reasons": None}
        # (in a hub's report, another population's priority is listed without counts: its hub's 0
        # read "<5" beside a small network total; forum 12, #8)
        other_population = hub and p.gap.split("/")[1:2] != [hub_population]
        if p.gap.startswith("demand/") and ps.status != "unknown" and not other_population:
            row.update(demand_counts(p.gap))
        gap_rows.append(row)
    # A hub's report lists the demand of its population (or of the field it is made by), whether or
    # not its own count is 0: listed only where it is above 0, its "x" would be 5 or more, and two
    # hubs' reports would give a third's "<5" away (review 11, Y15)
    def listed_here(g) -> bool:
        return not hub or g.params.get("population") == hub_population

    demand = gap_report.demand
    if suppressed:  # hidden counts after the shown ones, by id: the order must not rank what they hide (Y12)
        demand = sorted(demand, key=lambda g: (0, -g.needs, -g.clients, g.id) if gap_table.cell(g.id, col).shown
                        else (1, 0, 0, g.id))
    for g in demand + gap_report.supply + gap_report.continuum:
        if g.id in priority_ids:
            continue
        if g.kind == "demand" and not listed_here(g):
            continue  # another hub's population
        if hub_population and g.kind == "continuum" and g.params.get("population") != hub_population:
            continue  # another hub's population
        row = {"id": g.id, "text": words.gap(g.id, g.params), "priority": None, "status": "open",
               "status_text": words.t("status-open"), "reasons": None}
        if g.kind == "demand":
            row.update(demand_counts(g.id))
            cell = gap_table.cell(g.id, col)
            # why: what the nearest misses fail on (a Spanish speaker's business-plan need: the
            # language), not every code any service of the topic gave
            if hub:  # the kinds only: the counts are the network's, not the hub's (review 11, Y10)
                row["reasons"] = ", ".join(words.t("reason-code-" + c) for c in EXCLUSION_CODES + ("none",)
                                           if c in g.nearest)
            elif not suppressed:
                row["reasons"] = words.reasons(dict(g.nearest), lambda n: n)
            elif cell.shown and not any(0 < g.needs - n < threshold for n in g.nearest.values()):
                row["reasons"] = words.reasons(dict(g.nearest),
                                               lambda n: n if n >= threshold else f"<{threshold}")
            else:  # the kinds of reason only: their counts would tell what the hidden cell hides, or
                # the gap's count less one of them a few needs ("6 needs; language 5": the one client
                # who is not held back by language, forum 13, #2)
                row["reasons"] = ", ".join(words.t("reason-code-" + c) for c in EXCLUSION_CODES + ("none",)
                                           if c in g.nearest)
        gap_rows.append(row)

    levers = []
    listed_ids = {g.id for g in gap_report.demand if listed_here(g)}
    order = list(enumerate(gap_report.levers))
    def ranked(i: int) -> bool:  # its count shown exact: "at least N" is no rank (forum 13, #7)
        return lever_table.cell((i, 0), act.NETWORK).shown and (i, 0) not in near_all

    if network_shared:  # ranked by needs met where they are shown; the others after, in id order (Y12)
        order.sort(key=lambda il: (0, il[0], "") if ranked(il[0])
                   else (1, 0, " ".join(il[1].gaps) + " " + il[1].ref))
    for i, lv in order:
        if hub and not any(g in listed_ids for g in lv.gaps):
            continue  # it meets only other populations' needs
        cell = lever_table.cell((i, 0), act.NETWORK)
        alternatives = []
        def counts(k, x, c):
            if k in near_all:
                return "x", near_all[k]
            return shown_count(x.needs, c, clients=False, network=True), shown_count(x.clients, c, network=True)

        # a hidden lever's other ways are not listed: a provider that already speaks the clients'
        # language, "open to the advanced level", named the language its lever hides (forum 13, #8)
        others = [] if network_shared and not cell.shown else lv.others[:MAX_ALTERNATIVES]
        for j, x in enumerate(others, start=1):
            alt = lever_table.cell((i, j), act.NETWORK)
            alternatives.append(lever_json(words, x, *counts((i, j), x, alt), []))
        levers.append(lever_json(words, lv, *counts((i, 0), lv, cell), alternatives))
        if len(others) < len(lv.others[:MAX_ALTERNATIVES]):
            levers[-1]["more"] = 0  # (not "and 13 other ways" that the reader cannot see)

    # numbered where the count is shown: a hidden one is not ranked (its place is by gap id), and a
    # number would read as a rank (forum 12, #6)
    rank = 0
    for lv in levers:
        shown_count_ = isinstance(lv["needs"], (int, float))
        rank += shown_count_
        lv["rank"] = rank if shown_count_ else None

    coverage = []
    for grid in gap_report.grids:
        if hub_population and grid.population != hub_population:
            continue
        empty = sum(1 for v in grid.all.values() if v == 0)
        coverage.append({
            "population": grid.population, "label": words.term("populations", grid.population),
            "levels": [{"id": lv, "label": words.term("levels", lv)} for lv in grid.levels],
            "rows": [{"topic": t, "label": words.term("topics", t),
                      "counts": [grid.all[(t, lv)] for lv in grid.levels]} for t in grid.topics],
            "empty": empty,
            "text": words.t("coverage-empty", count=empty, population=words.term("populations", grid.population)),
        })

    # services ending next quarter
    nxt = quarter.next()
    ending = []
    for pid, p in sorted(providers.items()):
        for s in p.services:
            until = s.valid.until if s.valid else None
            if until is not None and nxt.start <= until <= nxt.end:
                ref = f"{pid}/{s.id}"
                ending.append({"service": ref, "until": until.isoformat(),
                               "text": words.t("ending-line", service=words.service(ref), date=words.date(until))})
    ending.sort(key=lambda e: (e["until"], e["service"]))

    # roster at the quarter's end
    forum = network.forum
    roster = []
    for hid in sorted(hubs):
        if hub and hid != hub:
            continue
        h = hubs[hid]
        reps = [r for r in h.forum_representatives
                if r.since <= quarter.end and (r.until is None or r.until >= quarter.start)]
        roster.append({
            "hub": hid, "name": words.hub(hid), "director": h.director,
            "text": words.t("roster-hub", hub=h.name.get(lang), director=words.org(h.director)),
            "representatives": [{"name": r.name, "org": r.org, "since": r.since.isoformat(),
                                 "text": words.t("roster-rep", name=r.name, org=words.org(r.org),
                                                 since=words.date(r.since))} for r in reps],
            "seats": forum.representatives_per_hub,
            "seats_text": words.t("roster-missing", count=len(reps), wanted=forum.representatives_per_hub)
            if len(reps) < forum.representatives_per_hub else None,
        })
    extra = [{"org": s.org, "count": s.count, "name": words.org(s.org)} for s in forum.extra_members]

    month_names = MONTHS_FR if lang == "fr" else MONTHS_EN
    quarter_text = (words.t("r-quarter-calendar", code=quarter.shown(lang), months=quarter.months(lang))
                    if quarter.calendar else
                    words.t("r-quarter-fiscal", code=quarter.shown(lang), months=quarter.months(lang),
                            month=month_names[quarter.start_month - 1]))
    if today <= quarter.end:  # the quarter is not over: say so beside its name
        quarter_text += f" · {words.t('r-quarter-in-progress', today=words.date(today))}"
        gaps_text = words.t("r-gaps-as-of-today", today=words.date(today))
    else:
        gaps_text = words.t("r-gaps-as-of-end", end=words.date(quarter.end), today=words.date(today))
    def said(key: str) -> tuple[int, Any]:
        """A count under the gap list and how the report shows it (the number, `<5`, or `x` when
        it is hidden so that no other count can be worked out from it)."""
        col = hub or act.NETWORK
        table = evening_table if key == "evenings" else apart_table
        count = table.cell(key, col).value
        if hub and suppressed and table.cell(key, act.NETWORK).value:
            # said whenever the network has some, the hub's count 0 or not: said only when above 0,
            # a hub's hidden count would be 5 or more (review 11, Y15)
            return max(count, 1), shown(table, key, col)
        return count, (shown(table, key, col) if count else 0)

    since = recorded_since
    # needs counted apart from the demand below, each said once (and in the JSON as figures):
    # gaps recorded in cases closed since the last complete quarter began (they are in it), needs
    # waiting on a plan step, needs met only through the hub's interpreters (§6), needs with only
    # services to confirm
    apart = {}
    for key, words_of in (("recorded", lambda: {"since": words.date(since)}), ("waiting", dict),
                          ("interpreted", dict), ("to_confirm", dict)):
        count, value = said(key)
        if not count or value == 0:  # (a hub's report: none of its own, "0 besoins" said: C14-14)
            continue
        apart[key] = value
        code = plural_code(f"r-gaps-{key}", count if value == count else threshold, lang)  # "<5 needs"
        gaps_text += " " + words.t(code, needs=_some(value, lang), **words_of())
    # §6, §7.3: clients who can come only on evenings or weekends, beside what the directory knows
    # of its services' times (coordinator 10, D3: only `gaps` said it, not the forum's report)
    evening, value = said("evenings")
    evenings = None
    if evening:
        evenings = {"clients_only_then": value, "services_known": gap_report.evening_services,
                    "services_without_times": gap_report.timeless_services}
        gaps_text += " " + words.t(plural_code("r-evenings", evening if value == evening else threshold, lang),
                                   clients=_some(value, lang), known=gap_report.evening_services,
                                   unknown=gap_report.timeless_services)
    # a row whose count, less the unmet needs (or clients) of its column, leaves 1 to N-1 gives those
    # few away ("Women, 5 of 5" beside the only gap, "6 of 6": the one who is not a woman; forum 13,
    # #4): hidden, in every column, so that no total gives it back
    opaque_profiles: set[str] = set()
    if network_shared and threshold > 1:
        everyone = [(cid, h) for g in gap_report.demand for cid, h in g.holders]
        for c_ in cols:
            held = [(cid, h) for cid, h in everyone if c_ == act.NETWORK or h == c_]
            u_needs, u_clients = len(held), len({cid for cid, _ in held})
            for pop in profile_table.rows:
                cell_ = profile_table.cell(pop, c_)
                if not isinstance(profile_table.shown_value(pop, c_, threshold), (int, float)):
                    continue  # "<5" or "x" already: the rest is a range, not a count
                if 0 < u_needs - cell_.value < threshold or 0 < u_clients - cell_.clients < threshold:
                    opaque_profiles.add(pop)
    by_profile = []
    for pop in profile_table.rows:
        cell = profile_table.cell(pop, col)
        # (a hub's report lists every row whatever its own count: listed only above 0, its "x"
        # would be 5 or more, as for the gap list: review 11, Y15)
        needs, clients = shown(profile_table, pop, col), shown_count(cell.clients, cell)
        if pop in opaque_profiles:
            needs, clients = "x", "x"
        by_profile.append({"population": pop, "needs": needs, "clients": clients})
    if network_shared:  # hidden ones after the shown ones, by id (their order must not rank what they hide)
        by_profile.sort(key=lambda x: (not isinstance(x["needs"], (int, float)), x["population"]))
    if by_profile:
        items = []
        for x in by_profile:
            label = words.term("populations", x["population"])
            if isinstance(x["needs"], (int, float)):
                count = words.t("r-profile-needs", needs=render_count("n-needs", x["needs"], lang),
                                clients=render_count("n-clients", x["clients"], lang))
            else:
                count = render_count("n-clients", x["clients"], lang) if x["clients"] != "x" else \
                    _some("x", lang) + (" de clients" if lang == "fr" else " clients")
            items.append(f"{label} ({count})")
        gaps_text += " " + words.t("g-by-profile", items=(" ; " if lang == "fr" else "; ").join(items))
    if changes is None:
        changes_json = {"available": False, "why": "not-read", "text": None, "lines": []}
    else:
        if changes.available:
            unread = getattr(changes, "unread", [])
            text = words.t("changes-range-now" if today <= quarter.end else "changes-range", base=changes.base,
                           head=changes.head) if changes.lines or unread else \
                words.t("changes-none", base=changes.base, head=changes.head)
            if getattr(changes, "since_first", None):  # the history begins during the quarter
                text += " " + words.t("changes-since-first", base=changes.base, date=words.date(changes.since_first))
            if getattr(changes, "dates_mended", False):  # a wrong clock somewhere: said, not hidden
                text += " " + words.t("changes-dates-mended")
            if unread:  # not "no change": the changes to these could not be read
                text += " " + words.t(plural_code("changes-unread", len(unread), lang), count=len(unread),
                                      files=", ".join(unread))
        else:
            text = words.t(f"changes-{changes.why}", base=changes.base or "?", head=changes.head or "?",
                           first=words.date(changes.first_commit) if changes.first_commit else "?")
        changes_json = {"available": changes.available, "why": changes.why, "base": changes.base,
                        "head": changes.head, "text": text, "lines": changes.lines}
    title = (words.t("r-title-hub", quarter=quarter.shown(lang), hub=words.hub(hub)) if hub
             else words.t("r-title", quarter=quarter.shown(lang)))
    return {
        "schema": SCHEMA_VERSION,
        "title": title,
        "lang": lang,
        "today": today.isoformat(),
        "network": {"id": network.id, "name": typographic(network.name.get(lang), lang)},
        "quarter": {"code": quarter.code, "start": quarter.start.isoformat(), "end": quarter.end.isoformat(),
                    "calendar": quarter.calendar, "fiscal_year_start_month": network.fiscal_year_start_month,
                    "complete": today > quarter.end,
                    "text": quarter_text},
        "hub": hub,
        "columns": [{"id": c, "label": words.t("r-network") if c == act.NETWORK else words.hub(c)}
                    for c in shown_cols],
        "suppressed": suppressed,
        "threshold": threshold,
        "privacy_text": (words.t("r-suppressed", n=threshold) if threshold > 1 else words.t("r-suppressed-off"))
        if suppressed else words.t("r-not-suppressed-hub" if hub else "r-not-suppressed"),
        "tables": sections,
        "gaps": gap_rows,
        "gaps_as_of": at.isoformat(),
        "gaps_text": gaps_text,
        "by_profile": by_profile,
        "gaps_apart": apart,
        "evenings": evenings,
        "levers": levers,
        # a hub's report lists the levers that meet its clients' needs; their counts are the network's
        "levers_note": words.t("r-levers-hub", hub=words.hub(hub)) if hub else None,
        "levers_unranked_text": (words.t("r-levers-none-ranked") if all(lv["rank"] is None for lv in levers[:5])
                                 else words.t("r-levers-unranked")) if any(lv["rank"] is None for lv in levers[:5]) else None,
        "coverage": coverage,
        "directory_changes": changes_json,
        "next_quarter": nxt.code,
        "next_quarter_text": nxt.shown(lang),  # (2026T3 in French)
        "ending_next_quarter": ending,
        "roster": {"meets": forum.meets, "representatives_per_hub": forum.representatives_per_hub,
                   "text": words.t("roster-meets", meets=words.t(f"meets-{forum.meets}"),
                                   count=str(forum.representatives_per_hub)),
                   "hubs": roster, "extra_members": extra,
                   "extra_text": words.t("roster-extra", orgs=", ".join(
                       f"{e['name']}" + (f" ({e['count']})" if e["count"] > 1 else "") for e in extra))
                   if extra else None},
        "prepared_text": words.t("r-prepared", today=words.date(today)),
    }
