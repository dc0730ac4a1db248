"""Service gaps (§7, §9 "gap documentation"): coverage grids, the shape of the continuum, supply
risks, unmet demand, and levers: the smallest changes to the directory that would meet the most
needs, each found by re-running matching (`cedta.match`, unchanged) with the change applied
(`Directory.with_service`, on a directory holding the changed service alone: see `find_levers`).

Every gap has a stable id derived from what it is, so the forum can record its priorities in
`network.yaml` and later reports can say where each stands:

  coverage/<population>/<topic>/<level>          no service this population can use
  coverage-low-cost/<population>/<topic>/<level>  none free or at most LOW_COST dollars
  coverage-evenings/<population>/<topic>/<level>  none on evenings or weekends
  continuum/<population>/beginner-only/<topic>    offered only at beginner level
  continuum/<population>/no-mentoring             no mentoring or peer support
  continuum/<population>/no-follow-through/<stage>  services stop before this stage
  continuum/<population>/user-pays/<topic>        voluntary-sector help on the topic all user-pays
  supply/ending/<provider>/<service>              ends by the end of the next quarter
  supply/capacity/<provider>/<service>            more open plan steps than places
  demand/<population>/<topic>/<level>             client needs with no fitting service

A population's coverage is matching run for a stand-in client of that population (speaking its
languages: those its population term says it speaks (`speaks:` in data/vocab.yaml), French for
francophones, English or French otherwise; with a business idea and a plan,
since those belong to a person, not to a population), one need per topic and level;
a service counts when it fits or fits pending questions, at exactly that level, and is made for
everyone or for that population (a service made for immigrants is no coverage for francophones,
whatever matching would ask). The voluntary sector (`social-economy`) is made of organisations:
its stand-ins are a social enterprise, a co-operative, a non-profit and a charity, and a service
counts when it is open to one of them. Times: a service counts on evenings or weekends only when
the directory records those times; `evenings_unknown` counts the services with no times recorded.

When the forum prioritised a gap whose id no longer appears, `priority_states` says whether it
closed or was replaced by a wider or narrower gap (see there).
Pure: records in, `GapReport` out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from types import SimpleNamespace
from typing import Any, Iterable

from cedta.forum.quarters import containing, last_complete
from cedta.match import Directory, match_client, match_need, places_taken
from cedta.match.directory import schedule_times
from cedta.records.topics import topics_met
from cedta.match.engine import Facts, NeedResult, after_open_steps, as_matched, others_taken, own_places
from cedta.records import model as m
from cedta.records.eligibility import within

LOW_COST = 50.0  # dollars: the "free or low-cost" view counts services at this price or less
EVENING_TIMES = frozenset({"evenings", "weekends"})
MENTORING_MODES = frozenset({"mentoring", "networking-events", "follow-up"})
MENTORING_TOPICS = frozenset({"mentoring", "networking"})
VOLUNTARY_KINDS = frozenset({"non-profit", "charity", "co-operative", "social-enterprise", "association"})
STAGE_ORDER = ("idea", "start-up", "growth", "established")
OFFICIAL = ("en", "fr")  # Canada's official languages: the hubs' own, and the easier change
LIFTABLE = frozenset({"language", "fee", "schedule", "level", "stage", "expired", "capacity"})
OPEN = ("planned", "active")
MAX_LEVERS = 12
MAX_ALTERNATIVES = 4  # other levers folded under one gap's line
# populations made of organisations, not people: their stand-ins are one organisation of each type
ORGANISATION_POPULATIONS = {"social-economy": ("social-enterprise", "co-operative", "non-profit", "charity")}


def population_languages(population: str, vocab: Any = None) -> list[str]:
    """The languages a population's stand-in speaks: the population term's own `speaks` in
    data/vocab.yaml (Acadians: French), else those of the nearest populations it is part of
    (`part_of`: young Franco-Manitobans speak as Franco-Manitobans do: newcomer 14, N14-6), else
    French for francophones, English or French otherwise."""
    terms = vocab.terms("populations") if vocab is not None else {}
    level, seen = [population], {population}
    while level:
        found: list[str] = []
        for pop in level:
            term = terms.get(pop)
            if term is not None and term.speaks:
                found += [x for x in term.speaks if x not in found]
            elif pop == "francophones" and pop != population:
                found += [x for x in ("fr",) if x not in found]
        if found:
            return found
        if population == "francophones" and level == [population]:
            return ["fr"]
        parents = [p for pop in level for p in getattr(terms.get(pop), "part_of", ()) or () if p not in seen]
        seen.update(parents)
        level = list(dict.fromkeys(parents))
    return ["en", "fr"]


@dataclass
class Gap:
    id: str
    kind: str  # coverage, coverage-low-cost, coverage-evenings, continuum, supply, demand
    params: dict[str, Any] = field(default_factory=dict)
    needs: int = 0  # unmet needs behind it (demand gaps; coverage gaps with demand)
    clients: int = 0
    reasons: Counter = field(default_factory=Counter)  # per need: every code any service gave
    # per need: the codes of its nearest misses only (the services that fail on the fewest, lightest
    # counts, as `match --summary` ranks them): what keeps this need from a service
    nearest: Counter = field(default_factory=Counter)
    holders: list[tuple[str, str]] = field(default_factory=list)  # (client id, hub) per unmet need


@dataclass
class Lever:
    ref: str  # provider/service changed or added
    provider: str
    service: m.Service
    changes: list[tuple[str, Any]]  # (what, value): language es, fee free, times evenings, ...
    new: bool = False
    needs: int = 0
    clients: int = 0
    gaps: list[str] = field(default_factory=list)  # demand gap ids it narrows or closes
    sure: int = 0  # needs met outright (the rest fit pending a question to the client)
    in_hub: int = 0  # needs met by a member of the client's own hub
    alternatives: list[str] = field(default_factory=list)  # other services of the same provider:
    # the same change to any one of them meets the very same needs (one lever, not several)
    met: frozenset = frozenset()  # the groups of alike needs it meets, to group alike levers
    others: list["Lever"] = field(default_factory=list)  # other ways to meet the same gaps, best first


@dataclass
class Grid:
    population: str
    topics: list[str]
    levels: list[str]
    all: dict[tuple[str, str], int]
    low_cost: dict[tuple[str, str], int]
    evenings: dict[tuple[str, str], int]  # services known to run on evenings or weekends
    evenings_unknown: dict[tuple[str, str], int] = field(default_factory=dict)  # no times recorded

    def evenings_known(self, key: tuple[str, str]) -> bool:
        """Whether "no service on evenings or weekends" is known (every service records its times)."""
        return self.evenings.get(key, 0) > 0 or not self.evenings_unknown.get(key, 0)


@dataclass
class PriorityState:
    priority: m.Priority
    status: str  # open, wider, narrower, closed, undetermined, unknown, outside
    gap: Gap | None = None
    # what stands now in place of the prioritised gap (wider or narrower): (gap id or None, params)
    now: list[tuple[str, dict]] = field(default_factory=list)


@dataclass
class Shape:
    """What the continuum of one population rests on, kept for the forum's priorities."""
    by_stage: dict[str, int]
    voluntary: dict[str, tuple[int, bool]]  # topic -> (voluntary-sector services, all user-pays)


@dataclass
class GapReport:
    today: dt.date
    populations: list[str]
    grids: list[Grid]
    continuum: list[Gap]
    supply: list[Gap]
    demand: list[Gap]
    levers: list[Lever]
    priorities: list[PriorityState]
    needs_total: int = 0
    needs_unmet: int = 0
    clients_total: int = 0
    met_keys: set = field(default_factory=set)  # (population, topic, level) of needs met
    # (population, topic, level) of open clients' needs met only through an interpreter or with only
    # services to confirm: not met yet, as far as a prioritised gap goes (coordinator 15, C15-10)
    pending_keys: set = field(default_factory=set)
    all_populations: list[str] = field(default_factory=list)  # those of every hub, for priorities
    shapes: dict[str, Shape] = field(default_factory=dict)  # population -> its continuum's facts
    evening_only: int = 0  # open clients available only on evenings or weekends
    # unmet needs by the clients' own populations besides their hub's (youth, Indigenous people...
    # have no hub of their own in the pilot: §7.2): population -> (needs, clients)
    by_profile: dict[str, tuple[int, int]] = field(default_factory=dict)
    by_profile_holders: dict[str, list] = field(default_factory=dict)  # population -> (client, hub) per need
    evening_services: int = 0  # services of the directory known to run on evenings or weekends
    timeless_services: int = 0  # services with no times recorded
    # needs recorded as gaps (a step dropped) in cases closed since a day, still with no fitting
    # service: (needs, clients, since); they are in `demand` and the levers, not in needs_unmet
    recorded: tuple[int, int, dt.date | None] = (0, 0, None)
    # needs with no fitting service today that a service will meet once an open plan step is done
    # (a fund asking for the business plan a step is writing): (needs, clients); not in demand
    waiting: tuple[int, int] = (0, 0)
    # needs met only through an interpreter the hub provides (§6: the stop-gap, not a service in
    # the client's language): (needs, clients); met, so not in demand
    interpreted: tuple[int, int] = (0, 0)
    waiting_holders: list = field(default_factory=list)  # (client, hub) per need: a hub's report counts its own
    interpreted_holders: list = field(default_factory=list)
    # needs with only services to confirm (not gaps, not met yet: a price to ask of a $0 budget,
    # an eligibility question): (needs, clients), what the likeliest service asks (code -> needs)
    to_confirm: tuple[int, int] = (0, 0)
    to_confirm_asks: dict = field(default_factory=dict)
    to_confirm_holders: list = field(default_factory=list)
    evening_holders: list = field(default_factory=list)  # (client, hub) of each evening-only client
    recorded_holders: list = field(default_factory=list)

    @property
    def gaps(self) -> list[Gap]:
        coverage = [Gap(f"coverage/{g.population}/{t}/{lv}", "coverage",
                        {"population": g.population, "topic": t, "level": lv})
                    for g in self.grids for (t, lv), n in g.all.items() if n == 0]
        return self.demand + self.continuum + self.supply + coverage

    def find(self, gap_id: str) -> Gap | None:
        return next((g for g in self.gaps if g.id == gap_id), None)


# ---- coverage -----------------------------------------------------------------------------------

def _stand_in(population: str, hub: str | None, needs: list[m.Need], kind: str = "individual",
              vocab: Any = None, **profile: Any) -> Any:
    langs = population_languages(population, vocab)
    return SimpleNamespace(
        id=None, kind=kind, hub=hub,
        # what a person brings (a business idea, a plan) is individual, not the population's: the
        # stand-in has both, so that a loan that asks for a plan still counts as open to them
        profile=m.Profile(populations=[population], languages=m.Languages(speaks=langs, reads_writes=langs),
                          has=["business-idea", "business-plan"], **profile),
        needs=needs, plan=[], contacts=[], outcomes=[])


def _stand_ins(population: str, hub: str | None, needs: list[m.Need], directory: Directory) -> list[Any]:
    """One stand-in per kind of client the population is made of: organisations of each voluntary
    type for the voluntary sector, one person otherwise."""
    types = [t for t in ORGANISATION_POPULATIONS.get(population, ()) if directory.vocab.has("org_types", t)]
    if types:
        return [_stand_in(population, hub, needs, kind="organisation", vocab=directory.vocab, org_type=t)
                for t in types]
    return [_stand_in(population, hub, needs, vocab=directory.vocab)]


def made_for(service: m.Service, population: str, vocab: Any = None) -> bool:
    """Whether the service is made for everyone or for this population, or for one it is part of
    (`part_of` in the vocabulary: a service for francophones covers Franco-Ontarians; a focus on
    other populations only: not coverage for this one)."""
    focus = [p for p in service.populations if p != "general"]
    return not focus or "general" in service.populations or not within([population], vocab).isdisjoint(focus)


def _usable(need_result, population: str | None = None, vocab: Any = None) -> list:
    """Candidates that fit or fit pending questions, at exactly the level asked, made for the
    population (when one is given)."""
    found = []
    for cand in need_result.matches + need_result.to_confirm:
        if any(r.code == "level" and r.near for r in cand.reasons):
            continue
        if not cand.service.languages:  # not stated: nobody knows the population can use it
            continue
        if population is not None and not made_for(cand.service, population, vocab):
            continue
        found.append(cand)
    return found


def _usable_by(directory: Directory, population: str, hub: str | None, needs: list[m.Need],
               today: dt.date) -> list[dict[str, Any]]:
    """Per need, the services the population can use (by ref), over its stand-ins."""
    found: list[dict[str, Any]] = [{} for _ in needs]
    for stand_in in _stand_ins(population, hub, needs, directory):
        # match_client orders needs by priority: all are 1 here, so the order is the given one
        for i, nr in enumerate(match_client(stand_in, directory, today).needs):
            for c in _usable(nr, population, directory.vocab):
                found[i].setdefault(c.ref, c)
    return found


def _low_cost(service: m.Service) -> bool:
    if service.fees == "free":
        return True
    if isinstance(service.fees, list):
        # (in dollars: 40 EUR is not "at most $50", review 11, Y2)
        return any(o.applies_to != "members" and o.currency == "CAD" and o.lowest() <= LOW_COST for o in service.fees)
    return False


def _evenings(service: m.Service) -> bool:
    return bool(EVENING_TIMES & schedule_times(service))


def _timeless(service: m.Service) -> bool:
    return not schedule_times(service)


def coverage(directory: Directory, population: str, hub: str | None, today: dt.date) -> Grid:
    vocab = directory.vocab
    topics = list(vocab.terms("topics"))
    levels = list(vocab.terms("levels"))
    needs = [m.Need(topic=t, level=lv) for t in topics for lv in levels]
    grid = Grid(population, topics, levels, {}, {}, {}, {})
    for need, usable in zip(needs, _usable_by(directory, population, hub, needs, today)):
        key = (need.topic, need.level)
        services = [c.service for c in usable.values()]
        grid.all[key] = len(services)
        grid.low_cost[key] = sum(_low_cost(s) for s in services)
        grid.evenings[key] = sum(_evenings(s) for s in services)
        grid.evenings_unknown[key] = sum(_timeless(s) for s in services)
    return grid


# ---- shape of the continuum (§7) ---------------------------------------------------------------

def continuum(directory: Directory, grid: Grid, hub: str | None, today: dt.date,
              shapes: dict[str, Shape] | None = None) -> list[Gap]:
    pop = grid.population
    found = []
    beginner = grid.levels[0] if grid.levels else "beginner"
    for t in grid.topics:
        if grid.all.get((t, beginner), 0) and not any(grid.all.get((t, lv), 0) for lv in grid.levels[1:]):
            found.append(Gap(f"continuum/{pop}/beginner-only/{t}", "continuum",
                             {"population": pop, "what": "beginner-only", "topic": t}))
    # every service usable by the population (any level), once
    needs = [m.Need(topic=t) for t in grid.topics]
    usable = {}
    for per_need in _usable_by(directory, pop, hub, needs, today):
        usable.update(per_need)
    if not any(MENTORING_MODES & set(c.service.modes) or c.service.topic in MENTORING_TOPICS
               for c in usable.values()):
        found.append(Gap(f"continuum/{pop}/no-mentoring", "continuum", {"population": pop, "what": "no-mentoring"}))
    # a stage is followed through by a service the population can use without joining anything: a
    # members-only peer group of ten (RGA's) is not the francophones' help for established firms
    open_to_all = [c for c in usable.values() if not any(q.code == "membership" for q in c.questions)]
    by_stage = {s: sum(s in c.service.stages for c in open_to_all) for s in STAGE_ORDER}
    for before, after in zip(STAGE_ORDER, STAGE_ORDER[1:]):
        if by_stage[before] and not by_stage[after]:
            found.append(Gap(f"continuum/{pop}/no-follow-through/{after}", "continuum",
                             {"population": pop, "what": "no-follow-through", "stage": after, "from": before}))
    by_topic: dict[str, list] = {}
    from cedta.records.topics import topics_met

    for c in usable.values():
        if directory.providers[c.provider].kind in VOLUNTARY_KINDS:
            # every topic the service meets, as the grid counts it (a free self-employment program
            # that mentors is voluntary-sector mentoring: not "all user-pays" beside its grid cell)
            for t in topics_met(c.service):
                by_topic.setdefault(t, []).append(c.service)
    voluntary = {}
    for t, services in sorted(by_topic.items()):
        paying = all(s.fees == "user-pays" or (isinstance(s.fees, list) and not _low_cost(s) and
                                               all(o.lowest() > 0 for o in s.fees)) for s in services)
        voluntary[t] = (len(services), paying)
        if paying:
            found.append(Gap(f"continuum/{pop}/user-pays/{t}", "continuum",
                             {"population": pop, "what": "user-pays", "topic": t, "services": len(services)}))
    if shapes is not None:
        shapes[pop] = Shape(by_stage, voluntary)
    return found


# ---- supply risks -------------------------------------------------------------------------------

def supply_risks(directory: Directory, clients: Iterable[Any], today: dt.date,
                 start_month: int = 4, taken: dict | None = None) -> list[Gap]:
    horizon = containing(today, start_month).next().end
    if taken is None:
        taken = places_taken(clients)
    found = []
    for ref, provider, service in directory.services:
        until = service.valid.until if service.valid else None
        if until is not None and today <= until <= horizon:
            found.append(Gap(f"supply/ending/{ref}", "supply",
                             {"what": "ending", "service": ref, "until": until.isoformat()}))
        cap = service.capacity
        ended = until is not None and until < today  # its places are no risk now: it has ended
        if cap is not None and not ended and taken.get(ref, 0) > cap.count:
            found.append(Gap(f"supply/capacity/{ref}", "supply",
                             {"what": "capacity", "service": ref, "places": cap.count, "per": cap.per,
                              "unit": cap.unit, "open_steps": taken[ref]}))
    return found


# ---- demand and levers ----------------------------------------------------------------------------

def client_population(client: Any, directory: Directory) -> str:
    """The population a client's unmet needs are counted under: its hub's population, or the field a
    hub is made by (as its coverage and the report's hub filter read it: an order of the client's
    own populations moved its gaps from one id to another, review 11, Y8); else its first population."""
    hub = directory.hubs.get(client.hub)
    if hub is not None and (hub.population or hub.field):
        return hub.population or hub.field
    pops = client.profile.populations
    return pops[0] if pops else "general"


@dataclass
class Unmet:
    client: Any
    need: m.Need
    gap_id: str
    excluded: list
    signature: tuple = ()
    need_key: str = ""

    def codes(self, ref: str) -> frozenset | None:
        """The exclusion codes matching gave service `ref` for this need (None: not judged).
        Only the refs asked about are worked out: the excluded list holds every service of the
        topic, thousands in a province-sized directory."""
        index = self.__dict__.get("_index")
        if index is None:
            index = self.__dict__["_index"] = {c.ref: c for c in self.excluded}
        cand = index.get(ref)
        return None if cand is None else frozenset(r.code for r in cand.reasons)


def _json(model: Any) -> bytes:
    """A model's JSON, as `model_dump_json()` gives it, without that method's argument handling
    (a fifth of the report's own time over 20,000 clients went there)."""
    return model.__pydantic_serializer__.to_json(model)


def signature(client: Any) -> tuple:
    """What matching reads of a client besides its needs: clients alike here match alike."""
    return (client.kind, client.hub, _json(client.profile))


def _lever_changes(cand, client: Any, need: m.Need, directory: Directory) -> list[tuple[str, Any]] | None:
    """What would lift every exclusion of this candidate for this client, or None if one cannot be
    lifted by changing the service (an eligibility rule, a membership, the kind of client)."""
    codes = {r.code for r in cand.reasons}
    if not codes <= LIFTABLE:
        return None
    p = client.profile
    s = cand.service
    changes: list[tuple[str, Any]] = []
    if "language" in codes:
        # a language the client speaks and writes first: it lifts a written plan's exclusion too
        spoken, written = p.languages.speaks, p.languages.reads_writes
        langs = [x for x in dict.fromkeys([*(x for x in spoken if x in written), *written, *spoken])
                 if x not in s.languages]
        # of the languages as good for the client, an official one first: a client who speaks
        # Spanish and French is served by the workshop in French, the easier change (coordinator 10, D7)
        both = [x for x in langs if x in spoken and x in written]
        langs = sorted(both, key=lambda x: x not in OFFICIAL) + [x for x in langs if x not in both]
        if not langs:
            return None
        changes.append(("language", langs[0]))
    if "fee" in codes:
        changes.append(("fee", "free"))
    if "schedule" in codes:
        times = [t for t in p.availability if not s.schedule or t not in s.schedule.times]
        if not times:
            return None
        changes.append(("times", times[0]))
    if "level" in codes:
        if need.level is None:
            return None
        changes.append(("level", need.level))
    if "stage" in codes:
        if not p.stage:
            return None
        changes.append(("stage", p.stage))
    if "expired" in codes:
        changes.append(("renewed", None))
    if "capacity" in codes:
        changes.append(("places", None))
    return changes


def _apply(service: m.Service, changes: list[tuple[str, Any]], directory: Directory, taken: dict,
           ref: str, today: dt.date) -> m.Service:
    update: dict[str, Any] = {}
    for what, value in changes:
        if what == "language":
            update["languages"] = list(service.languages) + [value]
        elif what == "fee":
            update["fees"] = "free"
        elif what == "times":
            sched = service.schedule or m.Schedule()
            update["schedule"] = sched.model_copy(update={"times": list(sched.times) + [value]})
        elif what == "level":
            order = directory.levels
            lv = service.levels
            lo, hi = (lv.from_, lv.to) if lv else (value, value)
            if order.get(value, 0) < order.get(lo, 0):
                lo = value
            if order.get(value, 0) > order.get(hi, 0):
                hi = value
            update["levels"] = m.LevelRange.model_validate({"from": lo, "to": hi})
        elif what == "stage":
            update["stages"] = list(service.stages) + [value]
        elif what == "renewed":
            horizon = containing(today).next().next().end
            update["valid"] = m.Validity.model_validate({"until": horizon.isoformat()})
        elif what == "places":
            cap = service.capacity
            update["capacity"] = cap.model_copy(update={"count": taken.get(ref, 0) + 1})
    return service.model_copy(update=update)


def funding_topic(directory: Directory, topic: str) -> bool:
    """A topic met by money (loans, grants): `financing`, or one whose services mostly give or lend
    it. A workshop does not lend money: the lever for such a gap is a fund, not a workshop."""
    if topic == "financing":
        return True
    own = [o for o in directory.by_topic.get(topic, ()) if o.service.topic == topic]
    giving = sum(1 for o in own if o.service.financing or "funding" in o.modes)
    return bool(own) and 2 * giving > len(own)


def _new_service(group: list[Unmet], directory: Directory) -> tuple[str, m.Service, list] | None:
    """A new free service on the topic and level of a demand gap, in the language most of its
    clients speak (and write, for a written topic such as the business plan), carried by the
    director of the hub most of them belong to: a workshop, or for a topic met by money a loan or
    microcredit fund (asking no business plan when some of the clients have none: §7.1d, a fund
    without the prerequisite that keeps them out)."""
    first = group[0]
    hubs = Counter(u.client.hub for u in group)
    hub = directory.hubs.get(hubs.most_common(1)[0][0])
    provider = hub.director if hub is not None and hub.director in directory.providers else None
    if provider is None:
        return None

    def usable(languages) -> list[str]:
        # help with a written document (a business plan) in a language the client writes too
        speaks, writes = languages.speaks or ["en"], languages.reads_writes
        if writes and directory.written(group[0].need.topic):
            return [x for x in speaks if x in writes] or list(writes)
        return list(speaks)

    spoken = Counter(lang for u in group for lang in usable(u.client.profile.languages))
    # the language most of them can use; of those as many can use, one the carrying provider
    # already works in, then an official one (a Spanish and French speaker: French, coordinator 10, D7)
    works_in = set(getattr(directory.providers.get(provider), "languages", None) or ())
    language = max(spoken, key=lambda x: (spoken[x], x in works_in, x in OFFICIAL))
    level = first.need.level
    fund = funding_topic(directory, first.need.topic)
    # a workshop at the times its clients can come (evenings, weekends): one with no time stated
    # was counted for an evening-only and a weekend-only client alike (newcomer 14, N14-4)
    times = [] if fund else list(dict.fromkeys(t for u in group for t in u.client.profile.availability or ()))
    service = m.Service.model_validate({
        "id": f"new-{'fund' if fund else 'workshop'}-{first.need.topic}-{level or 'any'}"[:64],
        "topic": first.need.topic, "modes": ["funding"] if fund else ["workshops"], "languages": [language],
        **({"levels": {"from": level, "to": level}} if level else {}), "fees": "free",
        **({"financing": [{"kind": "loan"}]} if fund else {}),
        **({"schedule": {"times": times}} if times else {}),
    })
    changes: list[tuple[str, Any]] = [("new", "fund" if fund else "workshops"), ("language", language)]
    if times:
        changes.append(("new-times", tuple(times)))
    # (a client whose business-plan step is under way will have the plan: coordinator 11, E1)
    if fund and any("business-plan" not in (after_open_steps(u.client, directory) or u.client).profile.has for u in group):
        changes.append(("no-plan", True))
    # what else kept these clients from the funds there are, said as what the new one must do (a
    # founding co-op refused by a fund for individuals, a business at a stage the funds do not take)
    if fund and any(u.client.kind != "individual" for u in group):
        changes.append(("organisations", True))
    # (not for a client whose business-plan step under way moves it past exploring an idea)
    if fund and any(r.code == "stage" for u in group
                    if (after_open_steps(u.client, directory) or u.client).profile.stage == u.client.profile.stage
                    for c in u.excluded for r in c.reasons):
        changes.append(("any-stage", True))
    if fund:
        return provider, service, changes + ([("level", level)] if level else [])
    return provider, service, changes + [("fee", "free")] + ([("level", level)] if level else [])


# which exclusion code each kind of change lifts
LIFT_CODE = {"language": "language", "fee": "fee", "times": "schedule", "level": "level", "stage": "stage",
             "renewed": "expired", "places": "capacity"}


def _could_meet(u: Unmet, ref: str, lifted: set, is_new: bool, changes: list) -> bool:
    """A quick necessary condition before matching is re-run for this need."""
    if is_new:
        wanted = dict(changes)
        spoken = u.client.profile.languages.speaks or u.client.profile.languages.reads_writes
        return (not spoken or wanted.get("language") in spoken) and \
            (wanted.get("level") is None or u.need.level in (None, wanted.get("level")))
    codes = u.codes(ref)
    return codes is None or codes <= lifted  # None: not judged before, let matching decide


def _met(nr) -> bool:
    return not nr.gap


def find_gaps(directory: Directory, clients: list[Any], network: m.Network | None, today: dt.date,
              populations: list[str] | None = None, hub: str | None = None,
              with_levers: bool = True, recorded_since: dt.date | None = None) -> GapReport:
    """Every gap of the directory for the given clients (already filtered to a hub if asked).
    `recorded_since`: the first day of closed cases whose recorded gaps count (the forum report
    passes its quarter's: two reports in a row must not count the same cases, see below)."""
    start_month = network.fiscal_year_start_month if network else 4
    hub_pop = {h.id: (h.population or h.field) for h in directory.hubs.values()}
    chosen = populations is not None
    if populations is None:
        if hub is not None:
            populations = [hub_pop.get(hub) or "general"]
        else:
            populations = sorted({p for p in hub_pop.values() if p} |
                                 {client_population(c, directory) for c in clients})
    pop_hub = {p: h for h, p in hub_pop.items()}
    grids = [coverage(directory, p, hub or pop_hub.get(p), today) for p in populations]
    shapes: dict[str, Shape] = {}
    cont = [g for grid in grids
            for g in continuum(directory, grid, hub or pop_hub.get(grid.population), today, shapes)]
    everyone = list(clients)
    taken = places_taken(everyone)
    supply = supply_risks(directory, everyone, today, start_month, taken)

    from cedta.clients.caseload import is_closed, met_by_outcomes, need_met  # open as `cedta status` says: closed files are no demand

    open_clients = [c for c in everyone if not is_closed(c, today)]
    # ... but a need a closed case left to a dropped step is a gap the coordinator recorded (§9: the
    # hubs document gaps for the forum): it stays in demand for two quarterly meetings
    # (the report counts its own quarter's alone: two quarters' worth, each report's figure less the
    # one before gave the quarter's exact count, one client, where the tables hid it: forum 13, #12)
    since = recorded_since or last_complete(today, start_month).start
    recorded = [r for r in (recorded_gaps(c, since, today) for c in everyone) if r is not None]
    if chosen:  # --population: the demand of clients of that population (by hub or by profile)
        wanted = set(populations)
        open_clients = [c for c in open_clients if client_population(c, directory) in wanted
                        or wanted & set(c.profile.populations)]
        recorded = [c for c in recorded if client_population(c, directory) in wanted
                    or wanted & set(c.profile.populations)]
    unmet: list[Unmet] = []
    met_keys: set[tuple[str, str, str]] = set()
    pending_keys: set[tuple[str, str, str]] = set()
    needs_total = 0
    matched: dict[tuple, Any] = {}  # clients alike in profile and needs are matched once
    documented: list[Unmet] = []
    waiting: list[tuple[str, str]] = []  # per need: (client, hub) whose open plan step will unlock a service
    interpreted: list[tuple[str, str]] = []  # per need met only through an interpreter: (client, hub)
    confirming: list[tuple[str, str]] = []  # per need with only services to confirm: (client, hub)
    asks: Counter = Counter()  # what the likeliest of those services asks (question code -> needs)
    later_of: dict[tuple, bool] = {}  # (signature once its steps are done, need, places) -> still a gap
    asking_of: dict[tuple, list[int]] = {}  # key -> the gaps a service leaves for want of a business plan
    for c, is_open in [(c, True) for c in open_clients] + [(c, False) for c in recorded]:
        c = as_matched(c, today, directory)  # as `match_client` reads it: the levers read the same profile
        pop = client_population(c, directory)
        sig = signature(c)
        needs = [_json(n) for n in sorted(c.needs, key=lambda n: n.priority)]  # matching's order
        own = own_places(c, directory, taken)  # its places in full services: its own, not taken from it
        tried = _tried_key(c)
        key = (sig, tuple(needs), own, tried)
        if key not in matched:
            base = (sig, tuple(needs), (), tried)
            if base not in matched:
                # kept: what demand and levers read (a met need's candidates and reasons go at once:
                # at 2,000 providers they held 150 MB until the end); matched as a client with no
                # place of its own, shared by every client alike
                matched[base] = [_kept(nr) for nr in match_client(_planless(c), directory, today, taken).needs]
            if own:  # a gap that one of its own full services leaves for capacity alone is matched
                # again with its places freed (a need met, or missed for more, stays as it is)
                refs = {ref for ref, _ in own}
                mine = others_taken(taken, c)
                facts = Facts(c, directory)
                matched[key] = [
                    _kept(match_need(nr.need, c, directory, today, mine, facts))
                    if nr.gap and any(x.ref in refs and all(r.code == "capacity" for r in x.reasons) for x in nr.excluded)
                    else nr for nr in matched[base]]
        later = None  # whether each need is still a gap once the plan's open steps are done
        if key not in asking_of:  # (once per key: the excluded services of 42,000 clients' gaps, walked once each)
            asking_of[key] = [i for i, nr in enumerate(matched[key]) if nr.gap and _asks_a_plan(nr)]
        asking = asking_of[key] if is_open else []
        if asking:  # (only a gap a service closes for want of a business plan: one need, rematched)
            after = after_open_steps(c, directory)
            if after is not None:
                later = {}
                for i in asking:
                    later_key = (signature(after), needs[i], key[2], key[3])
                    if later_key not in later_of:
                        later_of[later_key] = match_need(matched[key][i].need, after, directory, today,
                                                         others_taken(taken, after), Facts(after, directory)).gap
                    later[i] = later_of[later_key]
        met = met_by_outcomes(c, today)
        for i, (need_json, nr) in enumerate(zip(needs, matched[key])):
            needs_total += is_open
            if need_met(nr.need, met):  # an outcome met it (financing obtained elsewhere): no demand
                continue
            if not nr.gap:
                if is_open:
                    if nr.interpreted:  # the stop-gap (§6): not evidence a prioritised gap closed
                        interpreted.append((c.id, c.hub))
                    elif getattr(nr, "asks", None) is None:  # (met pending a question: no evidence either)
                        met_keys.add((pop, nr.need.topic, nr.need.level or "any"))
                    if nr.interpreted or getattr(nr, "asks", None) is not None:
                        pending_keys.add((pop, nr.need.topic, nr.need.level or "any"))
                    if getattr(nr, "asks", None) is not None:  # only services to confirm: the fee barrier (§9 g) and
                        confirming.append((c.id, c.hub))  # other questions, counted (coordinator 10, D8)
                        asks.update(nr.asks)
            elif later is not None and later.get(i) is False:
                # a fund that asks for the business plan a planned step is writing: the path is
                # there (§9), the need waits on the step; not demand, not a lever
                waiting.append((c.id, c.hub))
            else:
                gid = f"demand/{pop}/{nr.need.topic}/{nr.need.level or 'any'}"
                unmet.append(Unmet(c, nr.need, gid, nr.excluded, (sig, key[2], key[3]), need_json))
                if not is_open:
                    documented.append(unmet[-1])
    groups: dict[str, list[Unmet]] = {}
    for u in unmet:
        groups.setdefault(u.gap_id, []).append(u)
    demand = []
    codes_of: dict[int, tuple] = {}  # alike clients share one list of excluded services: read it once
    for gid, group in groups.items():
        _, pop, topic, level = gid.split("/")
        reasons: Counter = Counter()
        nearest: Counter = Counter()
        for u in group:
            codes = codes_of.get(id(u.excluded))
            if codes is None:
                codes = codes_of[id(u.excluded)] = _exclusion_codes(u.excluded)
            reasons.update(codes[0])
            nearest.update(codes[1])
            if not u.excluded:
                reasons["none"] += 1
                nearest["none"] += 1
        demand.append(Gap(gid, "demand", {"population": pop, "topic": topic, "level": level},
                          needs=len(group), clients=len({u.client.id for u in group}), reasons=reasons,
                          nearest=nearest, holders=[(u.client.id, u.client.hub) for u in group]))
    demand.sort(key=lambda g: (-g.needs, -g.clients, g.id))

    levers = find_levers(directory, groups, taken, today) if with_levers else []
    report = GapReport(today, populations, grids, cont, supply, demand, levers, [], needs_total,
                       len(unmet) - len(documented), len(open_clients), met_keys)
    report.pending_keys = pending_keys
    report.recorded = (len(documented), len({u.client.id for u in documented}), since)
    report.waiting = (len(waiting), len({cid for cid, _ in waiting}))
    report.interpreted = (len(interpreted), len({cid for cid, _ in interpreted}))
    report.waiting_holders, report.interpreted_holders = waiting, interpreted
    report.to_confirm = (len(confirming), len({cid for cid, _ in confirming}))
    report.to_confirm_asks, report.to_confirm_holders = dict(asks.most_common()), confirming
    report.recorded_holders = [(u.client.id, u.client.hub) for u in documented]
    report.all_populations = sorted({p for p in hub_pop.values() if p})
    report.shapes = shapes
    mine: dict[str, list] = {}
    for u in unmet:
        own = client_population(u.client, directory)
        for pop in dict.fromkeys(u.client.profile.populations):
            if pop != own:
                mine.setdefault(pop, []).append((u.client.id, u.client.hub))
    report.by_profile = {pop: (len(held), len({cid for cid, _ in held})) for pop, held in
                         sorted(mine.items(), key=lambda kv: (-len(kv[1]), kv[0]))}
    report.by_profile_holders = {pop: mine[pop] for pop in report.by_profile}  # (client, hub) per need
    # §6, §7.3: help at community hours. Clients free only on evenings or weekends, and what the
    # directory knows of its services' times (most record none: unknown, not "none")
    report.evening_holders = [(c.id, c.hub) for c in open_clients
                              if c.profile.availability and set(c.profile.availability) <= EVENING_TIMES]
    report.evening_only = len(report.evening_holders)
    for _, _, service in directory.services:
        report.evening_services += _evenings(service)
        report.timeless_services += _timeless(service)
    report.priorities = priority_states(network, report, groups, directory)
    return report


def _planless(client: Any) -> Any:
    """The client without its plan: matched as one who takes no place of its own (its profile as
    matching read it already: a business-plan step done is in it). Its dropped steps on a service
    stay: those services were tried, and are not met needs (coordinator 12, G1)."""
    from cedta.match.engine import tried_services

    tried = [s for steps in tried_services(client).values() for _, s in steps]
    if hasattr(client, "model_copy"):
        return client.model_copy(update={"plan": tried})
    import copy

    clone = copy.copy(client)
    clone.plan = tried
    return clone


def _tried_key(client: Any) -> tuple:
    """The services a client's dropped steps tried, for what is matched alike (as `tried_services`)."""
    from cedta.match.engine import tried_services

    return tuple(sorted((ref, s.topic, s.level or "") for ref, steps in tried_services(client).items()
                        for _, s in steps))


def _asks_a_plan(nr: NeedResult) -> bool:
    """Whether a service this gap's need misses asks for what a plan step gives (a business plan)."""
    from cedta.match.engine import STEP_GIVES

    wanted = {f for gives in STEP_GIVES.values() for f in gives}
    return any(rule.kind == "has" and wanted & set(rule.body.all)
               for c in nr.excluded for rule in c.service.eligibility)


class _Met(NeedResult):
    """A met need as the gaps keep it: no candidates (at 2,000 providers they held 150 MB), and
    whether every fit rests on an interpreter."""

    __slots__ = ("interpreted", "asks")


def _kept(nr: NeedResult) -> NeedResult:
    """A need's result as the gaps keep it: a gap whole (demand and levers read it), a met need
    lighter (`_Met`)."""
    if nr.gap:
        return nr
    kept = _Met(nr.need)
    # met only through an interpreter: every fit does (a need with only services to confirm is
    # counted with those, once, not here too: coordinator 15, C15-2)
    kept.interpreted = bool(nr.matches) and all(any(r.code == "interpreter" for r in c.reasons) for c in nr.matches)
    # only services to confirm: what the likeliest of them asks (its question codes), else None
    kept.asks = frozenset(q.code for q in nr.to_confirm[0].questions) if not nr.matches and nr.to_confirm else None
    return kept


def recorded_gaps(client: Any, since: dt.date, today: dt.date | None = None) -> Any | None:
    """A case closed on or after `since` (and by `today`, when given; consent kept) with needs it
    left to a dropped step and no step done on the same topic: the client with those needs only
    (the gaps its coordinator recorded), else None."""
    from cedta.clients.caseload import closed_on, met_by_outcomes, need_met

    if client.consent.withdrawn is not None or not client.plan:
        return None
    closed = closed_on(client, today)
    if closed is None or closed < since:
        return None
    # (steps dropped because the client left the program, that day, record no gap)
    left = {o.date for o in getattr(client, "outcomes", None) or () if o.kind == "left-program"}
    from cedta.clients.caseload import takes_up

    dropped = [s for s in client.plan if s.status == "dropped" and getattr(s, "dropped", None) not in left]
    done = [s for s in client.plan if s.status == "done"]
    met = met_by_outcomes(client, today)  # (the loan obtained elsewhere: met, not a gap recorded)
    needs = [n for n in client.needs if any(takes_up(s, n) for s in dropped) and not any(takes_up(s, n) for s in done)
             and not need_met(n, met)]
    if not needs:
        return None
    if hasattr(client, "model_copy"):
        return client.model_copy(update={"needs": needs})
    return SimpleNamespace(**{**vars(client), "needs": needs})


def _exclusion_codes(excluded: list) -> tuple[set, set]:
    """(every code the excluded services gave, the codes of the nearest misses: the services whose
    codes weigh least, as `match --summary` ranks them, all of them when several tie)."""
    from cedta.match.engine import miss_weight

    every: set = set()
    best = None
    near: set = set()
    for cand in excluded:
        codes = {r.code for r in cand.reasons}
        every |= codes
        weight = miss_weight(codes)
        if best is None or weight < best:
            best, near = weight, set(codes)
        elif weight == best:
            near |= codes
    return every, near


def find_levers(directory: Directory, groups: dict[str, list[Unmet]], taken: dict,
                today: dt.date) -> list[Lever]:
    """Candidate changes from the excluded services of unmet needs, each tried by re-running
    matching on every unmet need of its topic; ranked by needs met, then fewer changes."""
    proposals: dict[tuple, tuple[str, m.Service, list]] = {}
    for group in groups.values():
        seen: set = set()
        for u in group:
            if (u.signature, u.need_key) in seen:
                continue  # a client alike in every matched fact proposes the same changes
            seen.add((u.signature, u.need_key))
            for cand in u.excluded:
                changes = _lever_changes(cand, u.client, u.need, directory)
                if not changes:
                    continue
                key = (cand.ref, tuple(sorted(changes, key=repr)))
                if key not in proposals:
                    proposals[key] = (cand.provider, cand.service, changes)
        new = _new_service(group, directory)
        if new is not None:
            provider, service, changes = new
            proposals[(f"{provider}/{service.id}", tuple(sorted(changes, key=repr)))] = \
                (provider, service, changes)
    # unmet needs by topic, alike ones (same need, clients alike in every matched fact) together
    by_topic: dict[str, dict[tuple, list[Unmet]]] = {}
    for group in groups.values():
        for u in group:
            by_topic.setdefault(u.need.topic, {}).setdefault((u.signature, u.need_key), []).append(u)
    # per group of alike needs: how many, whose, which gap, which hub (the signature holds the hub)
    summary = {key: (len(alike), frozenset(u.client.id for u in alike), alike[0].gap_id, alike[0].client.hub)
               for per_topic in by_topic.values() for key, alike in per_topic.items()}
    # The trial directory holds the changed service alone. Exact, not an approximation: every need
    # re-run here is unmet, so every other service of its topic excludes it, and a service is judged
    # on its own (the client, the need, the vocabulary, the hubs, places taken), never against the
    # others; so the need is met in the full directory with the change iff the changed service fits
    # it (or fits pending questions), and met outright iff it fits. Re-running matching against the
    # whole directory cost (services) per need per lever: quadratic in the size of the network.
    bare = replace(directory, offers={}, by_topic={})
    levers = []
    for (ref, _), (provider, service, changes) in proposals.items():
        is_new = changes[0][0] == "new"
        changed = service if is_new else _apply(service, changes, directory, taken, ref, today)
        trial = bare.with_service(provider, changed)
        # Only needs this change could meet are re-run: a need stays unmet while the changed
        # service keeps an exclusion the change does not lift (changes only lift exclusions).
        lifted = {LIFT_CODE.get(what, what) for what, _ in changes}
        met, sure = [], 0
        # every topic the service meets (a self-employment program meets business-plan needs, a fund
        # financing ones): the needs of its own topic only were tried (review 11, Y4)
        tried = [item for t in sorted(topics_met(changed)) for item in by_topic.get(t, {}).items()]
        for key, alike in tried:
            u = alike[0]
            if not _could_meet(u, ref, lifted, is_new, changes):
                continue
            result = match_need(u.need, u.client, trial, today, others_taken(taken, u.client))
            if _met(result):
                met.append(key)
                sure += len(alike) if result.matches else 0
        if met:
            # alike needs share a hub and a gap: count them by group, not one by one
            groups_met = [summary[k] for k in met]
            levers.append(Lever(ref, provider, changed, changes, is_new,
                                sum(g[0] for g in groups_met),
                                len(set().union(*(g[1] for g in groups_met))),
                                sorted({g[2] for g in groups_met}), sure,
                                sum(g[0] for g in groups_met
                                    if provider in directory.hub_members.get(g[3], ())),
                                met=frozenset(met)))
    levers = _grouped(levers)
    # ties: needs met outright, then by the client's own hub (a partner already at the table)
    levers.sort(key=lambda lv: (-lv.needs, -lv.clients, -lv.sure, -lv.in_hub, lv.new, len(lv.changes), lv.ref))
    return _per_gap(levers)[:MAX_LEVERS]


def _per_gap(levers: list[Lever]) -> list[Lever]:
    """One lever per set of gaps: the best leads, the others that meet needs of the very same gaps,
    or of some of them, are its `others` (the forum weighs them together, and the list keeps room
    for other gaps: a gap is not the line of a fund in English and again of one in French,
    coordinator 11, E15)."""
    leads: dict[tuple, Lever] = {}
    out: list[Lever] = []
    for lv in levers:
        lead = leads.get(tuple(lv.gaps))
        if lead is None:
            wanted = set(lv.gaps)
            lead = next((o for o in out if wanted <= set(o.gaps)), None)
        if lead is None:
            leads[tuple(lv.gaps)] = lv
            out.append(lv)
        else:
            lead.others.append(lv)
    return out


def _grouped(levers: list[Lever]) -> list[Lever]:
    """One lever for the same change to several services of one provider when each alone would
    meet the very same needs: the forum asks the provider once, and the list keeps room for other
    choices. The first service (by ref) leads; the others are its alternatives."""
    groups: dict[tuple, list[Lever]] = {}
    for lv in levers:
        key = (lv.provider, lv.new, tuple(lv.changes), lv.met, lv.sure)
        groups.setdefault(key, []).append(lv)
    out = []
    for group in groups.values():
        group.sort(key=lambda lv: lv.ref)
        lead = group[0]
        lead.alternatives = [lv.ref for lv in group[1:]]
        out.append(lead)
    return out


# ---- the forum's priorities --------------------------------------------------------------------

def recognised(gap_id: str, directory: Directory) -> bool:
    """Whether cedta could ever produce this id: every part names a known population, topic,
    level, stage, provider or service (an id that names nothing real is a typo, never 'closed')."""
    vocab = directory.vocab
    parts = gap_id.split("/")
    kind = parts[0]

    def pop(x: str) -> bool:
        return x == "general" or vocab.has("populations", x) or vocab.has("sectors", x)

    if kind in ("coverage", "coverage-low-cost", "coverage-evenings") and len(parts) == 4:
        return pop(parts[1]) and vocab.has("topics", parts[2]) and vocab.has("levels", parts[3])
    if kind == "demand" and len(parts) == 4:
        return pop(parts[1]) and vocab.has("topics", parts[2]) and \
            (parts[3] == "any" or vocab.has("levels", parts[3]))
    if kind == "continuum" and len(parts) >= 3 and pop(parts[1]):
        what, rest = parts[2], parts[3:]
        if what == "no-mentoring":
            return not rest
        if what in ("beginner-only", "user-pays"):
            return len(rest) == 1 and vocab.has("topics", rest[0])
        if what == "no-follow-through":
            return len(rest) == 1 and rest[0] in STAGE_ORDER[1:]
        return False
    if kind == "supply" and len(parts) == 4 and parts[1] in ("ending", "capacity"):
        # a known provider is enough: a service that ended may since have left the directory
        return parts[2] in directory.providers
    return False


def priority_states(network: m.Network | None, report: GapReport,
                    groups: dict[str, list[Unmet]], directory: Directory | None = None) -> list[PriorityState]:
    """Where each prioritised gap stands. A forum strikes off what reads "closed", so "closed" is said
    only when nothing of the gap remains; an id that no longer appears because a wider gap took its
    place is still open, and the wider gap is named:

    - coverage/P/T/L: open while no service; narrower when services exist but none free or cheap
      (or, times recorded, none on evenings or weekends);
    - coverage-low-cost/P/T/L, coverage-evenings/P/T/L: wider when no service at all is left on
      the cell; evenings: undetermined when the services there record no times;
    - demand/P/T/L: open while a need of the kind waits (the gap's line counts them); with no
      client waiting, still open ("idle") while the population's coverage cell is empty, and
      closed only when an open client's need of the kind is met (else idle: nobody has it now);
    - continuum/P/beginner-only/T: wider when the topic has no service at any level now;
    - continuum/P/no-follow-through/S: wider when S still has no service and the services now stop
      at an earlier stage; narrower when S is served but a later stage is not;
    - continuum/P/user-pays/T: wider when no voluntary-sector service on T is left at all;
    - supply/ending|capacity/R: wider when the service has ended or left the directory.

    Also: unknown (an id cedta does not produce: a typo), outside (a population this run does not
    look at). A priority dated after the day of the gaps (a past quarter's last day) is left out."""
    if network is None:
        return []
    pops = set(report.populations)
    known = set(report.all_populations) or pops
    present = {g.id: g for g in report.gaps}
    grids = {g.population: g for g in report.grids}
    if directory is not None:
        # a coverage priority on a group within a population looked at here (Métis, part of the
        # Indigenous hub's population) has its own grid made for it: it was "not examined here"
        # in every run but `--population metis` (newcomer 15, N15-1)
        from cedta.records.eligibility import within

        for p in network.priorities:
            parts = p.gap.split("/")
            pop = parts[1] if len(parts) == 4 and parts[0].startswith("coverage") else None
            if pop and pop not in grids and pop in directory.vocab.terms("populations") \
                    and within([pop], directory.vocab) & pops:
                grids[pop] = coverage(directory, pop, None, report.today)
    states = []
    for p in network.priorities:
        if p.date > report.today:  # chosen after the day these gaps are of: not yet a priority then
            continue
        gap = present.get(p.gap)
        parts = p.gap.split("/")
        kind = parts[0]
        status, now = _standing(p.gap, parts, gap, report, grids, directory)
        if status in ("closed", "unknown", "idle") and kind != "supply" and len(parts) > 1 and parts[1] in known - pops:
            # a population this run (--hub, --population) does not look at: not "no client waiting
            # for now" of a gap whose clients it did not count (coordinator 13, C13-1)
            status, now = "outside", []
        if gap is None and directory is not None:
            if not recognised(p.gap, directory):
                status, now = "unknown", []
            elif status == "unknown" and kind != "supply":
                status = "outside"  # a real population no hub serves and no client belongs to
        states.append(PriorityState(p, status, gap, now))
    return states


def _standing(gap_id: str, parts: list[str], gap: Gap | None, report: GapReport, grids: dict[str, Grid],
              directory: Directory | None) -> tuple[str, list[tuple[str, dict]]]:
    """(status, what stands now in its place) for one prioritised gap id; see `priority_states`."""
    kind = parts[0]
    if kind.startswith("coverage") and len(parts) == 4:
        grid = grids.get(parts[1])
        key = (parts[2], parts[3])
        if grid is None or key not in grid.all:
            return "unknown", []
        whole = (f"coverage/{parts[1]}/{parts[2]}/{parts[3]}", {})
        if kind == "coverage":
            if grid.all[key] == 0:
                return "open", []
            if grid.low_cost[key] == 0:
                return "narrower", [(f"coverage-low-cost/{parts[1]}/{parts[2]}/{parts[3]}", {})]
            if grid.evenings[key] == 0 and grid.evenings_known(key):
                return "narrower", [(f"coverage-evenings/{parts[1]}/{parts[2]}/{parts[3]}", {})]
            return "closed", []
        if grid.all[key] == 0:
            return "wider", [whole]
        if kind == "coverage-low-cost":
            return ("open", []) if grid.low_cost[key] == 0 else ("closed", [])
        if kind == "coverage-evenings":
            if grid.evenings[key]:
                return "closed", []
            return ("open", []) if grid.evenings_known(key) else ("undetermined", [])
        return "unknown", []
    if kind == "demand" and len(parts) == 4:
        _, pop, topic, level = parts
        if gap is not None:
            # still open while a need waits: that other clients' needs of the kind are met says
            # nothing of what the forum's work changed (they may have been met before it chose)
            return "open", []
        grid = grids.get(pop)
        if grid is not None:
            levels = grid.levels if level == "any" else [level]
            if levels and all(grid.all.get((topic, lv), 1) == 0 for lv in levels):
                if level == "any":
                    return "idle", [(f"coverage/{pop}/{topic}/*", {"ids": [f"coverage/{pop}/{topic}/{lv}" for lv in levels]})]
                return "idle", [(f"coverage/{pop}/{topic}/{level}", {})]
        # closed only on evidence: an open client's need of the kind is met now. With nobody having
        # the need, the services the population's grid counts may still not take the clients who
        # had it (a founding co-op the loan fund refuses): still open, no one waiting
        def alike(k) -> bool:
            return k[0] == pop and k[1] == topic and (level == "any" or k[2] == level)

        met = any(alike(k) for k in report.met_keys)
        if met and any(alike(k) for k in report.pending_keys):
            # another client's need of the kind has only services to confirm (a referral that may not
            # be in Spanish) or an interpreter: the gap is not closed for them (coordinator 15, C15-10)
            return "open", []
        return ("closed", []) if met else ("idle", [])
    if kind == "continuum" and len(parts) >= 3:
        pop, what = parts[1], parts[2]
        shape, grid = report.shapes.get(pop), grids.get(pop)
        if shape is None or grid is None:
            return "unknown", []
        if gap is not None:
            return "open", []
        mine = [g for g in report.continuum if g.params.get("population") == pop]
        if what == "beginner-only" and len(parts) == 4:
            topic = parts[3]
            if all(grid.all.get((topic, lv), 1) == 0 for lv in grid.levels):
                return "wider", [(f"coverage/{pop}/{topic}/*",
                                  {"ids": [f"coverage/{pop}/{topic}/{lv}" for lv in grid.levels]})]
            return "closed", []
        if what == "no-follow-through" and len(parts) == 4 and parts[3] in STAGE_ORDER:
            at = STAGE_ORDER.index(parts[3])
            stops = [g for g in mine if g.params.get("what") == "no-follow-through"]
            if shape.by_stage.get(parts[3], 0) == 0:
                earlier = [g for g in stops if STAGE_ORDER.index(g.params["stage"]) < at]
                return ("wider", [(g.id, g.params) for g in earlier]) if earlier else ("open", [])
            later = [g for g in stops if STAGE_ORDER.index(g.params["stage"]) > at]
            return ("narrower", [(g.id, g.params) for g in later]) if later else ("closed", [])
        if what == "user-pays" and len(parts) == 4:
            topic = parts[3]
            if topic not in shape.voluntary:  # no voluntary-sector help on it left at all
                if all(grid.all.get((topic, lv), 1) == 0 for lv in grid.levels):
                    return "wider", [(f"coverage/{pop}/{topic}/*",
                                      {"ids": [f"coverage/{pop}/{topic}/{lv}" for lv in grid.levels]})]
                return "wider", [(f"continuum/{pop}/no-voluntary/{topic}", {})]
            return "closed", []
        if what == "no-mentoring":
            return "closed", []
        return "unknown", []
    if kind == "supply" and len(parts) == 4:
        if gap is not None:
            return "open", []
        ref = f"{parts[2]}/{parts[3]}"
        offer = directory.offer(ref) if directory is not None else None
        if offer is None:
            if directory is not None and parts[2] in directory.providers:
                return "wider", [(f"supply/gone/{ref}", {})]
            return "unknown", []
        until = offer.service.valid.until if offer.service.valid else None
        if until is not None and until < report.today:
            return "wider", [(f"supply/ended/{ref}", {"until": until.isoformat()})]
        return "closed", []
    return "unknown", []
