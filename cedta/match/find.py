"""The directory filtered for a coordinator answering the phone (`cedta find`): by topic, mode,
language, level, fee, time of day, population, stage, region, hub, provider and words of the names
and notes (in both languages, accents and case ignored); and each service's fee and schedule in a
few words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cedta.match.directory import Directory, Offer
from cedta.records.eligibility import within
from cedta.records.vocab import fold


@dataclass
class Filters:
    topic: str | None = None
    mode: str | None = None
    language: str | None = None
    level: str | None = None
    free: bool = False
    max_fee: float | None = None
    evenings: bool = False
    weekends: bool = False
    population: str | None = None
    stage: str | None = None
    provider: str | None = None
    text: str | None = None
    region: str | None = None  # open to a client of this region: no region rule, or one that names it
    hub: str | None = None     # offered by a member organisation of this hub


def open_to_region(rules, region: str) -> bool:
    """False when the eligibility rules leave out a client of `region` whatever else is true of them:
    a region rule that does not name it, or a choice (`any_of`) of which no branch can take them."""
    for rule in rules or ():
        kind = rule.kind
        if kind == "region" and region not in rule.region.in_:
            return False
        if kind == "any_of" and not any(open_to_region([branch], region) for branch in rule.any_of):
            return False
    return True


def _current(offer: Offer, today: dt.date) -> bool:
    v = offer.service.valid
    return v is None or ((v.until is None or v.until >= today) and (v.from_ is None or v.from_ <= today))


def lowest_price(offer: Offer) -> float | None:
    """The lowest stated price anyone pays (0 for free); None when the fee is not stated."""
    if offer.service.fees == "free":
        return 0.0
    prices = [p for p in (offer.price_everyone, offer.price_non_members, offer.price_members) if p is not None]
    return min(prices) if prices else None


def _words(offer: Offer) -> str:
    s, p = offer.service, offer.provider
    parts = [s.id, p.id]
    for b in (s.name, s.notes, p.name, p.notes):  # (a provider's notes say whom it serves: "caterers")
        if b is not None:
            parts += [b.en or "", b.fr or ""]
    return fold(" ".join(parts))


def find_services(directory: Directory, filters: Filters, today: dt.date) -> list[Offer]:
    """The services offered at `today` that pass every filter given, in directory order."""
    f = filters
    pool = directory.by_topic.get(f.topic, []) if f.topic else list(directory.offers.values())
    words = fold(f.text).split() if f.text else []
    want_level = directory.levels.get(f.level) if f.level else None
    # a population and those it is part of (`part_of`: Franco-Ontarians find francophones' services)
    wanted = within([f.population], directory.vocab) if f.population else None
    members = directory.hub_members.get(f.hub, frozenset()) if f.hub else None
    found = []
    for o in pool:
        s = o.service
        if not _current(o, today):
            continue
        if f.mode and f.mode not in o.modes:
            continue
        if f.language and o.languages and f.language not in o.languages:
            continue  # (languages not stated: kept, said "languages not stated", to ask)
        if want_level is not None and o.level_from is not None and not (o.level_from <= want_level <= o.level_to):
            continue
        if f.free or f.max_fee is not None:
            price = lowest_price(o)
            limit = 0.0 if f.free else f.max_fee
            if f.free and f.max_fee is not None:
                limit = min(limit, f.max_fee)
            if price is None or price > limit or (price > 0 and o.currency != "CAD"):
                continue  # (a price in another currency is not a number of dollars: hostile 10b, 9)
        if f.evenings and "evenings" not in o.times:
            continue
        if f.weekends and "weekends" not in o.times:
            continue
        if wanted is not None and wanted.isdisjoint(s.populations):
            continue
        if f.stage and s.stages and f.stage not in s.stages:
            continue
        if f.provider and o.provider.id != f.provider:
            continue
        if f.region and not open_to_region(s.eligibility, f.region):
            continue
        if members is not None and o.provider.id not in members:
            continue
        if words:
            hay = _words(o)
            if not all(w in hay for w in words):
                continue
        found.append(o)
    return found


def fee_words(offer: Offer, vocab, lang: str) -> str:
    """`free`, `$25 a session of 30 min`, `$75–$300 an hour`, `$10 (members), $100 (non-members)`,
    `fee charged, amount not stated`."""
    from cedta.messages import MESSAGES

    fees = offer.service.fees
    i = 1 if lang == "fr" else 0
    if isinstance(fees, str):
        return MESSAGES[f"fee-{fees}"][i]
    from cedta.match.engine import option_words

    parts = []
    for o in fees:
        if o.amount == 0:
            text = MESSAGES["fee-free"][i]
        else:  # with its range, unit and length, as matching words it: `$25 a session of 30 min`
            text = option_words(o, vocab)[i]
        if o.applies_to != "everyone":
            text += f" ({MESSAGES['fee-' + o.applies_to][i]})"
        parts.append(text)
    return ", ".join(parts)


def schedule_words(offer: Offer, vocab, lang: str) -> str:
    """`year-round, evenings`, `once a year, 36 weeks`; empty when the directory says nothing."""
    s = offer.service
    parts = []
    if s.schedule is not None:
        if s.schedule.frequency:
            parts.append(vocab.label("schedules", s.schedule.frequency, lang))
        parts += [vocab.label("times", t, lang) for t in s.schedule.times]
        if s.schedule.duration_weeks:
            n = str(s.schedule.duration_weeks)
            if s.schedule.duration_weeks_min:
                n = f"{s.schedule.duration_weeks_min} à {n}" if lang == "fr" else f"{s.schedule.duration_weeks_min}–{n}"
            parts.append(f"{n} semaines" if lang == "fr" else f"{n} weeks")
    if s.intake:
        parts.append(vocab.label("intakes", s.intake, lang))
    return ", ".join(parts)


def level_words(offer: Offer, vocab, lang: str) -> str:
    lv = offer.service.levels
    if lv is None:
        return ""
    if lv.from_ == lv.to:
        return vocab.label("levels", lv.from_, lang)
    sep = " à " if lang == "fr" else "–"
    return vocab.label("levels", lv.from_, lang) + sep + vocab.label("levels", lv.to, lang)
