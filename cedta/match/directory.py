"""The directory as matching sees it: every service of every provider, indexed by topic, with what
matching asks of it again and again (language, mode and time sets, the level range as positions,
the lowest price for members and non-members) worked out once.

`Directory.with_service` gives a copy with one service added or replaced, sharing everything else,
for the forum's levers ("if this workshop were offered in Spanish...").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable

from cedta.records import model as m
from cedta.records.topics import topics_met  # what a service meets: shared with the checks
from cedta.records.vocab import Vocabulary

# Modes that hand the client something to read: the client must read the service's language.
WRITTEN_MODES = frozenset({"guides", "online-resources", "magazine", "specialised-library"})

# Modes a client uses on their own, at any hour, and the mode of a program that gives money: the
# schedule is not asked about.
SELF_SERVE_MODES = frozenset({"guides", "online-resources", "videos", "magazine", "specialised-library",
                              "studies", "funding"})

# Neighbouring modes: a client who prefers one is near-served by another of the same family.
MODE_FAMILIES = (
    frozenset({"workshops", "facilitation", "study-tours", "site-visits", "networking-events"}),
    frozenset({"consulting", "mentoring", "follow-up", "phone-email"}),  # a referral is near no mode
    frozenset({"guides", "online-resources", "online-support", "videos", "resource-centre",
               "specialised-library", "magazine", "studies"}),
)


@dataclass(frozen=True)
class Offer:
    """One service with what matching needs of it, computed once when the directory is built."""

    ref: str
    provider: m.Provider
    service: m.Service
    languages: frozenset
    modes: frozenset
    written_only: bool
    times: frozenset
    level_from: int | None
    level_to: int | None
    # The lowest price for everyone, for members and for non-members (None: no such option).
    price_everyone: float | None
    price_members: float | None
    price_non_members: float | None
    currency: str
    focus: frozenset = frozenset()  # the populations the service is made for, besides `general`
    # `focus` as the client must meet it: its populations of people, then its fields (see FIELDS);
    # the client belongs to one of each group, or the service is asked about
    focus_groups: tuple = ()
    # the populations an eligibility rule decides (a rule on populations, Indigenous ownership, an
    # age rule for youth): the service is not asked about those; a focus it leaves to no rule (the
    # arts of a program for immigrant artists) still is
    decided: frozenset = frozenset()
    gives_money: bool = False       # a loan, grant or allowance program (no price to ask)
    self_serve: bool = False        # used at any hour (guides, online resources) or money: no schedule to ask



ALL_TIMES = frozenset({"weekdays", "evenings", "weekends"})


def schedule_times(service: m.Service) -> frozenset:
    """The times a service runs at: those its schedule records, and every time for one offered
    `any-time` (a website, a toll-free line, online resources: hostile pass 10b, 3)."""
    schedule = service.schedule
    if schedule is None:
        return frozenset()
    if schedule.frequency == "any-time":
        return ALL_TIMES | frozenset(schedule.times)
    return frozenset(schedule.times)

def _lowest(options: list[m.CostOption], applies: str) -> float | None:
    prices = [o.lowest() for o in options if o.applies_to == applies]
    return min(prices) if prices else None


def codes_key(offer: Offer) -> tuple:
    """Everything the reason codes of a service depend on (not its words, nor its rank): two
    services of a topic with the same key are left out, asked about or fitting alike for any
    client, so a group summary judges one of them for all (`summary.summarize_clients`)."""
    provider, service = offer.provider, offer.service
    member_priced = offer.price_members is not None or offer.price_non_members is not None
    return (
        service.valid.from_ if service.valid else None, service.valid.until if service.valid else None,
        offer.written_only, offer.languages, offer.level_from, offer.level_to,
        service.fees if isinstance(service.fees, str) else
        (offer.price_everyone, offer.price_members, offer.price_non_members, offer.currency),
        provider.id if member_priced else None,
        offer.times, frozenset(service.stages),
        tuple(r.model_dump_json(by_alias=True, exclude_none=True) for r in service.eligibility),
        offer.ref if service.capacity else None,
        tuple(sorted(str(f.client_kind) for f in service.financing)),
        offer.focus, offer.gives_money, service.topic,
    )


# Populations that are a field of activity rather than a group of people: a service made for
# `[agriculture, francophones]` (francophone farmers) is for those in both, not for every
# francophone; `[immigrants, women]` stays one group (either will do).
FIELDS = frozenset({"social-economy", "arts-culture", "agriculture"})


def focus_groups(populations) -> tuple:
    """A service's populations (besides `general`) as the groups a client must each belong to:
    its populations of people, then its fields."""
    focus = frozenset(x for x in populations if x != "general")
    return tuple(g for g in (focus - FIELDS, focus & FIELDS) if g)


def _population_decided(service: m.Service) -> frozenset:
    """The populations the service's rules already decide: those a rule on populations names,
    Indigenous people for a rule on Indigenous ownership, youth for an age rule on a service made
    for youth."""
    decided: set[str] = set()
    kinds = set()
    for rule in service.eligibility:
        kinds.add(rule.kind)
        if rule.kind == "population" and rule.population is not None:
            decided.update(rule.population.in_)
        elif rule.kind == "indigenous_owned":
            decided.add("indigenous")
    focus = {x for x in service.populations if x != "general"}
    if "age" in kinds and focus == {"youth"}:
        decided.add("youth")
    return frozenset(decided)


def make_offer(provider: m.Provider, service: m.Service, levels: dict[str, int]) -> Offer:
    fees = service.fees
    options = fees if isinstance(fees, list) else []
    lv = service.levels
    return Offer(
        ref=f"{provider.id}/{service.id}",
        provider=provider,
        service=service,
        languages=frozenset(service.languages),
        modes=frozenset(service.modes),
        written_only=bool(service.modes) and all(x in WRITTEN_MODES for x in service.modes),
        times=schedule_times(service),
        level_from=levels.get(lv.from_) if lv else None,
        level_to=levels.get(lv.to) if lv else None,
        price_everyone=_lowest(options, "everyone"),
        price_members=_lowest(options, "members"),
        price_non_members=_lowest(options, "non-members"),
        currency=options[0].currency if options else "CAD",
        focus=frozenset(x for x in service.populations if x != "general"),
        focus_groups=focus_groups(service.populations),
        decided=_population_decided(service),
        gives_money=bool(service.financing) or "funding" in service.modes,
        self_serve=bool(service.modes) and all(x in SELF_SERVE_MODES for x in service.modes),
    )


@dataclass
class Directory:
    """Every service of the directory, by topic, with the hubs, the network and the vocabulary."""

    offers: dict[str, Offer]                      # ref -> offer, in directory order
    by_topic: dict[str, list[Offer]]
    providers: dict[str, m.Provider]
    hub_members: dict[str, frozenset]             # hub id -> provider ids
    hubs: dict[str, m.Hub]
    network: m.Network | None
    vocab: Vocabulary
    today: dt.date
    levels: dict[str, int] = field(default_factory=dict)  # level id -> position (beginner 0, ...)

    @classmethod
    def build(cls, providers: Iterable[m.Provider], hubs: Iterable[m.Hub], network: m.Network | None,
              vocab: Vocabulary, today: dt.date) -> Directory:
        levels = {lid: i for i, lid in enumerate(vocab.terms("levels"))}
        offers: dict[str, Offer] = {}
        by_topic: dict[str, list[Offer]] = {}
        provs: dict[str, m.Provider] = {}
        for p in providers:
            provs[p.id] = p
            for s in p.services:
                offer = make_offer(p, s, levels)
                offers[offer.ref] = offer
                for topic in topics_met(s):
                    by_topic.setdefault(topic, []).append(offer)
        hubs = list(hubs)
        return cls(offers, by_topic, provs, {h.id: frozenset(h.members) for h in hubs},
                   {h.id: h for h in hubs}, network, vocab, today, levels)

    def written(self, topic: str) -> bool:
        """Whether the topic's product is a document the client writes (`written: true` in the
        vocabulary: a business plan, a grant proposal, a feasibility study)."""
        found = self.__dict__.get("_written")
        if found is None:
            found = self.__dict__["_written"] = frozenset(
                t for t, term in self.vocab.terms("topics").items() if getattr(term, "written", False))
        return topic in found

    def classes(self, topic: str) -> list[Offer]:
        """One service per `codes_key` among the topic's services (the first in directory order)."""
        cache = self.__dict__.setdefault("_classes", {})
        found = cache.get(topic)
        if found is None:
            seen: dict[tuple, Offer] = {}
            for o in self.by_topic.get(topic, ()):
                seen.setdefault(codes_key(o), o)
            found = cache[topic] = list(seen.values())
        return found

    @property
    def services(self) -> list[tuple[str, m.Provider, m.Service]]:
        return [(o.ref, o.provider, o.service) for o in self.offers.values()]

    def offer(self, ref: str) -> Offer | None:
        return self.offers.get(ref)

    def with_service(self, provider_id: str, service: m.Service) -> Directory:
        """A copy with `service` added to `provider_id` or replacing its service of the same id.

        The copy shares every other offer; only the changed topic lists are rebuilt."""
        provider = self.providers.get(provider_id)
        if provider is None:
            raise KeyError(provider_id)
        offer = make_offer(provider, service, self.levels)
        offers = dict(self.offers)
        old = offers.get(offer.ref)
        offers[offer.ref] = offer
        by_topic = dict(self.by_topic)
        old_topics = topics_met(old.service) if old is not None else []
        for topic in old_topics:
            by_topic[topic] = [o for o in by_topic.get(topic, []) if o.ref != offer.ref]
        for topic in topics_met(service):
            topic_list = list(by_topic.get(topic, []))
            if topic in old_topics:
                # keep the old position so that ties rank as before
                position = [o.ref for o in self.by_topic[topic]].index(offer.ref)
                topic_list.insert(position, offer)
            else:
                topic_list.append(offer)
            by_topic[topic] = topic_list
        return Directory(offers, by_topic, self.providers, self.hub_members, self.hubs, self.network,
                         self.vocab, self.today, self.levels)
