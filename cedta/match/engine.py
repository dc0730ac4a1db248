"""Matching one client's needs against the directory: for each need, the services that fit (ranked,
with the reasons why), those to confirm (with the questions to ask) and those left out (with reason
codes), and whether the need is a gap (nothing fits, nothing to confirm) with its nearest misses.

The hot path reads plain attributes of records already validated: no validation, no copies, and only
the services of the need's topic are looked at.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from cedta import numbers
from cedta.match.directory import MODE_FAMILIES, Directory, Offer
from cedta.messages import MESSAGES
from cedta.records import eligibility as el
from cedta.records import model as m
from cedta.records.topics import topics_met

# The exclusion reason codes, the order they are shown in, and how heavy each is when the nearest
# misses of a gap are ranked (a lighter reason is easier to lift: a fee can be waived, a language not).
EXCLUSION_CODES = ("language", "level", "fee", "schedule", "eligibility", "membership", "capacity",
                   "expired", "stage", "client-kind", "tried")
WEIGHT = {"language": 3, "eligibility": 3, "client-kind": 3, "expired": 3, "membership": 2, "fee": 2,
          "level": 2, "capacity": 2, "schedule": 1, "stage": 1, "tried": 3}

# What each fitting reason adds to a service's score; the near ("with that said") ones add less.
# A service made for the client's population outweighs a known fee (a francophone farmer's union
# before a generic free workshop, §4.2.1, §5.7).
SCORE = {"language": 3.0, "level": 3.0, "level-near": 1.0, "fee": 2.0, "schedule": 2.0, "mode": 2.0,
         "mode-near": 1.0, "stage": 1.0, "population": 3.0, "hub": 1.0, "eligibility": 0.5,
         "eligibility-made-for": 3.0}

# Fee units of a rate (a price per hour, per session, per month...) rather than a price for the service:
# compared with the budget (the most the client can pay for one service), the reason says so.
RATE_UNITS = frozenset({"hour", "session", "month", "year", "membership-year", "membership-month"})

OPEN_STEPS = ("planned", "active")

# Rules about a person (age, Employment Insurance, a job, school): a service that has them is for
# individuals, and an organisation is left out for `client-kind` rather than asked about its age.
PERSON_RULES = frozenset({"age", "ei", "employment", "returning_to_school", "foreign_trained_professional"})


class Reason:
    """One reason, in English and French. `code` is an exclusion code (language, level, fee, ...) or,
    for a fitting reason, what fits (language, level, fee, schedule, mode, stage, population, hub,
    financing: the money the service gives this kind of client, eligibility); `near` marks a fitting reason that is only close ("with that said").

    The words are made when first read (`en`, `fr`, `text`): a summary over thousands of clients
    counts codes and never pays for sentences it does not show."""

    __slots__ = ("code", "near", "_en", "_fr", "_make")

    def __init__(self, code: str, en: str | None = None, fr: str | None = None, near: bool = False,
                 make: Any = None):
        self.code, self.near, self._en, self._fr, self._make = code, near, en, fr, make

    def _words(self) -> None:
        self._en, self._fr = self._make()
        self._make = None

    @property
    def en(self) -> str:
        if self._en is None:
            self._words()
        return self._en

    @property
    def fr(self) -> str:
        if self._fr is None:
            self._words()
        return self._fr

    def text(self, lang: str = "en") -> str:
        return self.fr if lang == "fr" else self.en

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Reason) and (self.code, self.near, self.en, self.fr)
                == (other.code, other.near, other.en, other.fr))

    def __hash__(self) -> int:
        return hash((self.code, self.near, self.en, self.fr))

    def __repr__(self) -> str:
        return f"Reason({self.code!r}, {self.en!r}, {self.fr!r}{', near=True' if self.near else ''})"


@dataclass(slots=True)
class Candidate:
    ref: str
    provider: str
    service: m.Service
    score: float = 0.0
    reasons: list[Reason] = field(default_factory=list)
    questions: list[Reason] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.reasons]


@dataclass(slots=True)
class NeedResult:
    need: m.Need
    matches: list[Candidate] = field(default_factory=list)
    to_confirm: list[Candidate] = field(default_factory=list)
    excluded: list[Candidate] = field(default_factory=list)
    gap: bool = False
    nearest: list[Candidate] = field(default_factory=list)


@dataclass(slots=True)
class MatchResult:
    client_id: str | None
    needs: list[NeedResult] = field(default_factory=list)


# ---- words ------------------------------------------------------------------------------------

class _Lazy:
    """Words made only when a reason is read: `_Lazy(f, *args)` gives f(*args), an (en, fr) pair."""

    __slots__ = ("f", "args")

    def __init__(self, f, *args):
        self.f, self.args = f, args

    def __call__(self) -> tuple[str, str]:
        return self.f(*self.args)


def _render(key: str, params: dict, capital: bool = False) -> tuple[str, str]:
    en, fr = MESSAGES[key]
    p_en, p_fr = {}, {}
    for k, v in params.items():
        if isinstance(v, _Lazy):
            v = v()
        if isinstance(v, tuple):
            p_en[k], p_fr[k] = v
        else:
            p_en[k] = p_fr[k] = v
    en, fr = en.format_map(p_en), fr.format_map(p_fr)
    return (_capital(en), _capital(fr)) if capital else (en, fr)


def _reason(code: str, key: str, near: bool = False, **params: Any) -> Reason:
    return Reason(code, near=near, make=_Lazy(_render, key, params))


def _fit(code: str, key: str, near: bool = False, **params: Any) -> tuple:
    """A fitting reason, kept as a tuple until the service is known not to be left out."""
    return code, key, near, params


def _fitting(f: tuple) -> Reason:
    code, key, near, params = f
    if key is None:
        return Reason(code, near=near, make=params)
    return Reason(code, near=near, make=_Lazy(_render, key, params))


def _reads_rule(service: m.Service) -> bool:
    """Whether an eligibility rule of the service asks what the client reads and writes (it asks it)."""
    return any(r.kind == "reads_writes" for r in service.eligibility)


def _ask(code: str, key: str, **params: Any) -> Reason:
    """A question to ask, as a sentence."""
    return Reason(code, make=_Lazy(_render, key, params, True))


def _money(amount: float, currency: str = "CAD") -> _Lazy:
    return _Lazy(money, amount, currency)


def _words(vocab, category: str, ids, conj: str = "and") -> _Lazy:
    """Labels of terms joined with and/or, made when read."""
    return _Lazy(_labels if conj == "and" else _or_labels, vocab, category, tuple(ids))


def money(amount: float, currency: str = "CAD") -> tuple[str, str]:
    """`$1,500` / `1 500 $` (Canadian dollars); `25 EUR` otherwise (`numbers.money`, both languages)."""
    return numbers.money(amount, currency, "en"), numbers.money(amount, currency, "fr")


def option_words(o: m.CostOption, vocab) -> tuple[str, str]:
    """One price with its range and unit: `$75–$300 an hour`, `25 $ la séance de 30 min`."""
    cur = o.currency
    if o.amount is not None:
        en, fr = money(o.amount, cur)
    elif o.min is not None and o.max is not None:
        (a_en, a_fr), (b_en, b_fr) = money(o.min, cur), money(o.max, cur)
        en, fr = f"{a_en}–{b_en}", f"{a_fr} à {b_fr}"
    elif o.min is not None:
        a_en, a_fr = money(o.min, cur)
        en, fr = f"from {a_en}", f"à partir de {a_fr}"
    else:
        a_en, a_fr = money(o.max, cur)
        en, fr = f"up to {a_en}", f"jusqu’à {a_fr}"
    whole_program = o.unit == "program" and o.sessions  # "$120 for the program of 4 sessions" (NC12-2)
    if whole_program:
        plural = "s" if o.sessions != 1 else ""
        en += f" for the program of {o.sessions} session{plural}"
        fr += f" le programme de {o.sessions} séance{plural}"
    elif o.unit:
        en += " " + vocab.label("fee_units", o.unit, "en")
        fr += " " + vocab.label("fee_units", o.unit, "fr")
    if o.minutes:
        n = o.minutes
        span = f"{n // 60} h" if n % 60 == 0 else (f"{n // 60} h {n % 60:02d}" if n > 60 else f"{n} min")
        if o.unit:
            en += f" of {span}"
            fr += f" de {span}"
        else:
            en += f" per {span}"
            fr += f" par tranche de {span}"
    if o.sessions and not whole_program:
        en += f" for {o.sessions} session{'s' if o.sessions != 1 else ''}"
        fr += f" pour {o.sessions} séance{'s' if o.sessions != 1 else ''}"
    return en, fr


def _price_option(offer: Offer, member: bool, price: float) -> m.CostOption | None:
    """The cost option that gives the client's lowest price (everyone's, or their own group's)."""
    fees = offer.service.fees
    own = "members" if member else "non-members"
    for groups in (("everyone", own), ("non-members",) if member else ()):  # (a member paying the public
        for o in fees if isinstance(fees, list) else ():                     # price: review 11b, R5)
            if o.applies_to in groups and o.lowest() == price:
                return o
    return None


def _fee_words(offer: Offer, member: bool, price: float, vocab) -> tuple[str, str]:
    o = _price_option(offer, member, price)
    return option_words(o, vocab) if o is not None else money(price, offer.currency)


def _is_rate(offer: Offer, member: bool, price: float) -> bool:
    o = _price_option(offer, member, price)
    return o is not None and (o.unit in RATE_UNITS or (o.minutes is not None and o.unit is None))


def gives_money(service: m.Service) -> bool:
    """A loan, grant or allowance program: the client is paid, there is no price to ask."""
    return bool(service.financing) or "funding" in service.modes


def _membership_words(offer: Offer, org_id: str, directory: Directory) -> tuple[str, str]:
    """`Canada-Lebanon Chamber of Commerce (fees for membership and for some meetings)`."""
    provider = directory.providers.get(org_id) or offer.provider
    name_en, name_fr = provider.name.get("en"), provider.name.get("fr")
    ms = provider.membership
    if ms is not None and ms.fees:
        # each fee with whom it is for ("$2,750 a year (businesses of more than 150 employees)";
        # "$10 a year (spouse)": coordinator 11, E4)
        pairs = []
        for o in ms.fees:
            en, fr = option_words(o, directory.vocab)
            label = o.label
            if label is not None:
                l_en, l_fr = label.get("en") or label.get("fr"), label.get("fr") or label.get("en")
                en, fr = (f"{en} ({l_en})" if l_en else en), (f"{fr} ({l_fr})" if l_fr else fr)
            pairs.append((en, fr))
        fee = ("; ".join(x[0] for x in pairs), " ; ".join(x[1] for x in pairs))
        if ms.note is not None and all(o.label is not None for o in ms.fees):
            # every fee is for someone ("businesses of more than 150 employees"): the note says what
            # the others pay, or that it is not stated (coordinator 13, C13-16)
            # (in its own language only: the fees already said, a French-only note printed in
            # English after them repeated them: coordinator 15, C15-8)
            fee = (f"{fee[0]}; {_note(ms.note.en)}" if ms.note.en else fee[0],
                   f"{fee[1]} ; {_note(_typo(ms.note.fr))}" if ms.note.fr else fee[1])
    elif ms is not None and ms.note is not None:
        fee = (_note(ms.note.get("en")), _note(_typo(ms.note.get("fr"))))
    else:
        fee = ("membership fee not recorded", "cotisation non consignée")
    return _render("question-membership", {"org": (name_en, name_fr), "fee": fee})


def _labels(vocab, category: str, ids: Iterable[str]) -> tuple[str, str]:
    ids = list(ids)
    en = [vocab.label(category, i, "en") for i in ids]
    fr = [vocab.label(category, i, "fr") for i in ids]
    return _and(en, "and"), _and(fr, "et")


def _or_labels(vocab, category: str, ids: Iterable[str]) -> tuple[str, str]:
    ids = list(ids)
    en = [vocab.label(category, i, "en") for i in ids]
    fr = [vocab.label(category, i, "fr") for i in ids]
    return _and(en, "or"), _and(fr, "ou")


def _and(words: list[str], conj: str) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {conj} " + words[-1]


# ---- the checks ---------------------------------------------------------------------------------

def _level_words(vocab, level: str) -> tuple[str, str]:
    return vocab.label("levels", level, "en"), vocab.label("levels", level, "fr")


def _range_words(vocab, low: str, high: str) -> tuple[str, str]:
    a, b = _level_words(vocab, low), _level_words(vocab, high)
    return f"{a[0]}–{b[0]}", f"{a[1]} à {b[1]}"


def _lowered(pair: tuple[str, str]) -> tuple[str, str]:
    return _lower(pair[0]), _lower(pair[1])


def _hub_words(directory: Directory, hub: str) -> tuple[str, str]:
    h = directory.hubs.get(hub)
    return (h.name.get("en"), h.name.get("fr")) if h else (hub, hub)


_PER = {"year": ("year", "an"), "month": ("month", "mois"), "session": ("session", "séance"),
        "program": ("program", "programme")}


# An organisation of these types (or a group founding one) belongs to the voluntary sector and social
# economy (§7, Annex B) whether or not its record lists the population.
SOCIAL_ECONOMY_TYPES = frozenset({"non-profit", "charity", "co-operative", "social-enterprise"})


# A person aged 15 to 29 is young for the report's youth programs (OCRI 15–29, YMCA-YWCA 15–30).
YOUTH_AGES = (15, 29)


def implied_populations(client: Any, today: dt.date, vocab: Any = None) -> frozenset:
    """The client's populations, with those they are part of (`part_of` in the vocabulary: a
    Franco-Ontarian is a francophone), `social-economy` for a non-profit, charity, co-operative or
    social enterprise (or a group founding one), and `youth` for a person aged 15 to 29."""
    p = client.profile
    pops = el.within(p.populations, vocab)
    if client.kind != "individual":
        if p.org_type in SOCIAL_ECONOMY_TYPES or p.founding in SOCIAL_ECONOMY_TYPES:
            pops = pops | {"social-economy"}
    elif p.birth_year is not None and YOUTH_AGES[0] <= today.year - p.birth_year - 1 \
            and today.year - p.birth_year <= YOUTH_AGES[1]:  # surely young, whatever the birthday
        pops = pops | {"youth"}  # (15 this year may be 14 still, 30 may be 29: `youth_unsure`)
    return pops


def youth_unsure(client: Any, today: dt.date) -> bool:
    """Whether a person's birth year leaves it open whether they are still (or already) of the
    youth programs' ages: born in 1996, in 2026 the person is 29 until the birthday, then 30."""
    year = client.profile.birth_year
    if year is None or client.kind != "individual":
        return False
    old = today.year - year
    return old - 1 == YOUTH_AGES[1] or old == YOUTH_AGES[0]


_UNITS = {"clients": ("clients", "clients"), "organisations": ("organisations", "organismes"),
          "groups": ("groups", "groupes"), "participants": ("participants", "participants")}
_UNIT = {"clients": ("client", "client"), "organisations": ("organisation", "organisme"),
         "groups": ("group", "groupe"), "participants": ("participant", "participant")}  # one ("1 group")


class Facts:
    """What matching asks of one client again and again, as sets, worked out once per client."""

    __slots__ = ("speaks", "reads", "free", "preferred", "populations", "memberships", "budget", "hub_members",
                 "individual", "interpreted", "tried")

    def __init__(self, client: Any, directory: Directory):
        p = client.profile
        self.speaks = frozenset(p.languages.speaks)
        self.reads = frozenset(p.languages.reads_writes)
        self.interpreted = frozenset(getattr(p.languages, "interpreter", ()) or ())
        self.free = frozenset(p.availability)
        self.preferred = frozenset(p.preferred_modes)
        self.populations = implied_populations(client, directory.today, directory.vocab)
        self.memberships = frozenset(p.memberships)
        self.budget = p.budget.max_fee if p.budget is not None else None
        hub = getattr(client, "hub", None)
        self.hub_members = directory.hub_members.get(hub, frozenset()) if hub else frozenset()
        self.individual = client.kind == "individual"
        self.tried = tried_services(client)


def tried_services(client: Any) -> dict[str, list[tuple[int, Any]]]:
    """The services of the plan steps the client dropped, with each step's number and step: tried,
    and not offered again for the need a step took up (coordinator 12, G1: a program dropped as
    "planned, not offered" came back as the first fit, and `--plan` wrote it back)."""
    found: dict[str, list[tuple[int, Any]]] = {}
    plan = getattr(client, "plan", None) or ()
    back = {s.service for s in plan if s.status != "dropped" and s.service}  # came back to it since
    for i, step in enumerate(plan, start=1):
        if step.status == "dropped" and step.service and step.service not in back:
            found.setdefault(step.service, []).append((i, step))
    return found


def _tried_step(f: "Facts", offer: Offer, need: Any) -> tuple[int, Any] | None:
    """The dropped step on this service that took up this need (as `caseload.takes_up` reads it)."""
    for number, step in f.tried.get(offer.ref, ()):
        if step.topic == need.topic and (step.level is None or need.level is None or step.level == need.level):
            return number, step
    return None


def judge(offer: Offer, client: Any, need: m.Need, directory: Directory, today: dt.date,
          taken: dict[str, int] | None, facts: Facts | None = None
          ) -> tuple[list[Reason], list[Reason], list[Reason], float]:
    """One service against one need of one client: (fitting reasons, exclusions, questions, score).

    Only plain comparisons here; the words of each reason are made when they are read."""
    vocab = directory.vocab
    p = client.profile
    f = facts or Facts(client, directory)
    service = offer.service
    fits: list[Reason] = []
    out: list[Reason] = []
    ask: list[Reason] = []
    score = 0.0

    # validity at today's date
    valid = service.valid
    if valid is not None:
        if valid.until is not None and valid.until < today:
            out.append(_reason("expired", "reason-expired", date=numbers.day_words(valid.until)))
        elif valid.from_ is not None and valid.from_ > today:
            out.append(_reason("expired", "reason-not-yet", date=numbers.day_words(valid.from_)))
        elif valid.until is not None:  # an end date: a plan step's target must come before it
            fits.append(_fit("ends", "reason-ends", near=True, date=numbers.day_words(valid.until)))

    # language: spoken, and read for a service that is only written material; a service whose
    # languages are not recorded is asked about, never guessed
    speaks, reads = f.speaks, f.reads
    if not offer.languages:
        ask.append(_ask("language", "question-language-unknown"))
    elif offer.written_only:
        if reads:
            if not reads.isdisjoint(offer.languages):
                common = [x for x in service.languages if x in reads]
                fits.append(_fit("language", "reason-language-reads", language=_words(vocab, "languages", common)))
                score += SCORE["language"]
            else:
                out.append(_reason("language", "reason-language-written",
                                   languages=_words(vocab, "languages", service.languages),
                                   reads=_words(vocab, "languages", p.languages.reads_writes)))
        else:
            ask.append(_ask("language", "question-reads", languages=_words(vocab, "languages", service.languages, "or")))
    elif speaks:
        if not speaks.isdisjoint(offer.languages):
            common = [x for x in service.languages if x in speaks]
            fits.append(_fit("language", "reason-language-fit", language=_words(vocab, "languages", common)))
            score += SCORE["language"]
        elif not f.interpreted.isdisjoint(offer.languages):  # followed through an interpreter: fits, said
            common = [x for x in service.languages if x in f.interpreted]
            fits.append(_fit("interpreter", "reason-language-interpreter", near=True,
                             language=_words(vocab, "languages", common),
                             speaks=_words(vocab, "languages", p.languages.speaks)))
            score += SCORE["level-near"]
        else:
            out.append(_reason("language", "reason-language",
                               languages=_words(vocab, "languages", service.languages),
                               speaks=_words(vocab, "languages", p.languages.speaks)))
    else:
        ask.append(_ask("language", "question-language", languages=_words(vocab, "languages", service.languages, "or")))
    if not reads and offer.languages and not offer.written_only and directory.written(need.topic) \
            and not (speaks and speaks.isdisjoint(offer.languages) and f.interpreted.isdisjoint(offer.languages)) \
            and not _reads_rule(service):
        # a written plan, and the client's written languages not recorded: said, as a caveat
        fits.append(_fit("language", "reason-reads-plan", near=True, topic=_words(vocab, "topics", [need.topic]),
                         languages=_words(vocab, "languages", service.languages, "or")))
    if reads and offer.languages and not offer.written_only and reads.isdisjoint(offer.languages) \
            and directory.written(need.topic) \
            and not (speaks and speaks.isdisjoint(offer.languages) and f.interpreted.isdisjoint(offer.languages)):
        # a business plan or a proposal is a document the client writes (§6: plans never written
        # by clients who could follow a workshop in French but not write in it). A whole program
        # that meets the need among other things (self-employment: a year of income support, its
        # own topic not a written one) is not lost for it: said, as a caveat, writing help to plan
        if set(service.modes) <= {"referral"}:
            # a referral is a conversation, in a language the client speaks; it writes nothing with
            # the client, so it is not left out (coordinator 14, C14-18); but the help it leads to
            # must be in a language the client writes: a question, not a fit (review 14, R14-8:
            # `gaps` counted the need met)
            ask.append(_ask("language", "question-writes-referral", topic=_words(vocab, "topics", [need.topic]),
                            reads=_words(vocab, "languages", p.languages.reads_writes)))
        elif service.topic != need.topic and not directory.written(service.topic):
            fits.append(_fit("language", "reason-writes-program", near=True,
                             topic=_words(vocab, "topics", [need.topic]),
                             languages=_words(vocab, "languages", service.languages),
                             reads=_words(vocab, "languages", p.languages.reads_writes)))
        else:
            out.append(_reason("language", "reason-language-written-product",
                               topic=_words(vocab, "topics", [need.topic]),
                               languages=_words(vocab, "languages", service.languages),
                               reads=_words(vocab, "languages", p.languages.reads_writes)))

    # level: inside the range fits; one level away ranks lower, with that said; further is left out
    want = directory.levels.get(need.level) if need.level else None
    low, high = offer.level_from, offer.level_to
    if want is not None and low is not None and high is not None:
        lv = service.levels
        if low <= want <= high:
            if low == high:
                fits.append(_fit("level", "reason-level-exact", level=_Lazy(_level_words, vocab, need.level)))
            else:
                fits.append(_fit("level", "reason-level-fit", level=_Lazy(_level_words, vocab, need.level),
                                    range=_Lazy(_range_words, vocab, lv.from_, lv.to)))
            score += SCORE["level"]
        elif low == want + 1:
            fits.append(_fit("level", "reason-level-near-above", near=True,
                                start=_Lazy(_level_words, vocab, lv.from_)))
            score += SCORE["level-near"]
        elif high == want - 1:
            fits.append(_fit("level", "reason-level-near-below", near=True, end=_Lazy(_level_words, vocab, lv.to)))
            score += SCORE["level-near"]
        elif low > want:
            out.append(_reason("level", "reason-level-above", start=_Lazy(_level_words, vocab, lv.from_),
                               level=_Lazy(_level_words, vocab, need.level)))
        else:
            out.append(_reason("level", "reason-level-below", end=_Lazy(_level_words, vocab, lv.to),
                               level=_Lazy(_level_words, vocab, need.level)))

    # fee against the budget, member prices for members (a service only priced for members: the
    # client can join, asked below). A program that gives money has no price to ask.
    budget = f.budget
    fees = service.fees
    join: str | None = None  # the organisation the client would have to join
    if fees == "free":  # (a loan is not "free": no fee to pay for it)
        fits.append(_fit("fee", "reason-fee-none" if offer.gives_money else "reason-fee-free"))
        score += SCORE["fee"]
    elif isinstance(fees, str):  # unknown, user-pays
        if budget is None and fees == "user-pays" and not offer.gives_money:
            # no budget recorded: the fee is said, to ask (newcomer 12, NC12-7: a priced service was a
            # plain fit with its price unsaid, though intake said "matching will ask later")
            fits.append(_fit("fee", "reason-fee-no-budget", near=True, price=MESSAGES["fee-user-pays"]))
        elif budget is None or (fees == "unknown" and offer.gives_money):
            pass
        elif fees == "unknown" and budget > 0:  # not recorded: most such services are free or cheap
            fits.append(_fit("fee", "reason-fee-not-recorded", near=True, budget=_money(budget)))
        else:
            ask.append(_ask("fee", "question-fee", fee=MESSAGES[f"fee-{fees}"], budget=_money(budget)))
    else:
        member = offer.provider.id in f.memberships
        own = offer.price_members if member else offer.price_non_members
        everyone = offer.price_everyone
        price = own if everyone is None else (everyone if own is None else min(own, everyone))
        if price is None and member:  # prices for non-members only: a member pays no more (review 11, Y6)
            price = offer.price_non_members
        if price is None and offer.price_members is not None:
            # only member prices, and the client is not a member: joining is asked about
            join = offer.provider.id
            member = True
            price = offer.price_members
        if not fees:  # `fees: []`: no price written, read as not recorded (review 11, Y6)
            if budget is None or offer.gives_money:
                pass
            elif budget > 0:
                fits.append(_fit("fee", "reason-fee-not-recorded", near=True, budget=_money(budget)))
            else:
                ask.append(_ask("fee", "question-fee", fee=MESSAGES["fee-unknown"], budget=_money(budget)))
        elif price == 0 and not getattr(_price_option(offer, member, price), "max", None):
            fits.append(_fit("fee", "reason-fee-free"))
            score += SCORE["fee"]
        elif budget is None and price is not None and price > 0 and not offer.gives_money:
            fits.append(_fit("fee", "reason-fee-no-budget", near=True,
                             price=_Lazy(_fee_words, offer, member, price, vocab)))
        elif budget is None or price is None:
            pass
        elif offer.currency != "CAD":  # 40 EUR is not $40: what it comes to is asked (hostile 10b, 9)
            ask.append(_ask("fee", "question-fee-currency", price=_Lazy(_fee_words, offer, member, price, vocab),
                            budget=_money(budget)))
        elif price <= budget:
            words = _Lazy(_fee_words, offer, member, price, vocab)
            option = _price_option(offer, member, price)
            if option is not None and option.max is not None and option.max > budget:
                # "$40–$150 a workshop": the lowest is within the budget, the highest is not; which
                # applies is asked, and it ranks after a price wholly within it (coordinator 11, E3)
                fits.append(_fit("fee", "reason-fee-range-over", near=True, price=words, budget=_money(budget)))
                score += SCORE["fee"] / 2
            elif join is not None:
                fits.append(_fit("fee", "reason-fee-members-join", price=words))
            elif member and price == offer.price_members:
                fits.append(_fit("fee", "reason-fee-members", price=words))
            elif _is_rate(offer, member, price):
                fits.append(_fit("fee", "reason-fee-rate", price=words, budget=_money(budget)))
            else:
                fits.append(_fit("fee", "reason-fee-fit", price=words, budget=_money(budget)))
            if not (option is not None and option.max is not None and option.max > budget):
                score += SCORE["fee"]
        elif not member and offer.price_members is not None and offer.price_members <= budget \
                and offer.currency == "CAD" and join is None:
            # over the budget for others, within it for members (free for members, $40 for others,
            # a $30 budget): joining is the way in, asked (newcomer 12, NC12-12: a gap before)
            fits.append(_fit("fee", "reason-fee-members-join",
                             price=_Lazy(_fee_words, offer, True, offer.price_members, vocab)))
            join = offer.provider.id
        else:
            out.append(_reason("fee", "reason-fee", price=_Lazy(_fee_words, offer, member, price, vocab),
                               budget=_money(budget)))

    # schedule against the client's availability
    free = f.free
    if free and offer.times:
        if not free.isdisjoint(offer.times):
            common = [t for t in ("weekdays", "evenings", "weekends") if t in offer.times and t in free]
            fits.append(_fit("schedule", "reason-schedule-fit", times=_words(vocab, "times", common)))
            score += SCORE["schedule"]
        else:
            out.append(_reason("schedule", "reason-schedule", times=_words(vocab, "times", sorted(offer.times)),
                               free=_words(vocab, "times", p.availability)))
    elif free and "weekdays" not in free and not offer.self_serve:
        # the client is free only evenings or weekends, and the directory does not say when the
        # service runs: a caveat, not a question (no service of the report's directory has its
        # hours recorded; a service runs on weekdays unless it says otherwise)
        fits.append(_fit("schedule", "reason-schedule-not-recorded", near=True,
                         free=_words(vocab, "times", p.availability, "or")))
    if service.schedule is not None and service.schedule.frequency == "once-a-year":
        fits.append(_fit("schedule", "reason-once-a-year", near=True))

    # preferred mode, or a neighbouring one
    preferred = f.preferred
    if preferred:
        if not preferred.isdisjoint(offer.modes):
            same = [x for x in service.modes if x in preferred]
            fits.append(_fit("mode", "reason-mode-fit", mode=_words(vocab, "modes", same)))
            score += SCORE["mode"]
        else:
            near = _neighbour(offer.modes, p.preferred_modes)
            if near:
                fits.append(_fit("mode", "reason-mode-near", near=True, mode=_words(vocab, "modes", [near[0]]),
                                    preferred=_Lazy(_lowered, _labels(vocab, "modes", [near[1]]))))
                score += SCORE["mode-near"]

    # the client's stage among the service's stages
    stage = p.stage
    if stage and service.stages:
        if stage in service.stages:
            fits.append(_fit("stage", "reason-stage-fit", stage=_words(vocab, "stages", [stage])))
            score += SCORE["stage"]
        else:
            out.append(_reason("stage", "reason-stage", stages=_words(vocab, "stages", service.stages, "or"),
                               stage=_words(vocab, "stages", [stage])))

    # the populations the service is made for: the client in one of them ranks it higher; in none
    # of them, it is asked whether the service takes others (unless a population rule decides it)
    # (a service made for a people and a field, francophone farmers, asks about the one the
    # client is not recorded in)
    if offer.focus:
        outside = [g for g in offer.focus_groups if g.isdisjoint(f.populations)]
        if not offer.focus.isdisjoint(f.populations):
            focus = [x for x in service.populations if x in offer.focus and x in f.populations]
            fits.append(_fit("population", "reason-population-fit",
                             population=_words(vocab, "populations", focus)))
            score += SCORE["population"]
        outside = [g for g in outside if g.isdisjoint(offer.decided)]  # a rule decides the others
        if outside:
            # the populations the coordinator recorded are taken as the answer: the question left is
            # the provider's (whether the service takes others); with none recorded, the client's too
            # (a person's birth year answers "youth": born in 1980, the provider is asked; review 11, Y1)
            aged = client.kind == "individual" and client.profile.birth_year is not None and \
                not youth_unsure(client, today) and all(g <= {"youth"} for g in outside)
            code = ("question-population-others" if client.profile.populations or aged else
                    "question-population-focus" if client.kind == "individual" else "question-population-org")
            ask.append(_ask("population", code,
                            populations=_words(vocab, "populations", [x for x in service.populations
                                                                       if any(x in g for g in outside)])))

    # the provider is a member of the client's hub
    if offer.provider.id in f.hub_members:
        fits.append(_fit("hub", "reason-hub-fit", hub=_Lazy(_hub_words, directory, client.hub)))
        score += SCORE["hub"]

    # a whole self-employment program met a business-plan or mentoring need: said why it is here
    if service.topic == "self-employment" and need.topic in PROGRAM_TOPICS:
        fits.append(_fit("program", "reason-whole-program", topic=_words(vocab, "topics", [service.topic])))

    # money the service gives or lends, for this kind of client (the amount is what a caller asks first)
    if service.financing:
        given = tuple(o for o in service.financing if o.client_kind in (None, client.kind))
        if given:
            fits.append(("financing", None, False, _Lazy(_financing_words, given)))

    # eligibility rules: pass, fail (an exclusion), or ask (a question). The outcome needs no words
    # (no vocabulary); the words are made, with the vocabulary, when the reason is read.
    if service.eligibility:
        individual = f.individual
        person: list = []  # rules about a person, against an organisation: said once, together
        made_for = False  # a rule met that says whom the service is made for: counted once
        for rule in service.eligibility:
            if rule.kind in PERSON_RULES and not individual:
                if not person:
                    out.append(Reason("client-kind", make=_Lazy(_person_words, person, vocab)))
                person.append(rule)
                continue
            outcome = _outcome(rule, client, today, f.populations)
            if outcome == el.PASS:
                fits.append(("eligibility", None, False, _Lazy(_met_words, rule, vocab)))
                if not made_for and _made_for(rule) and not (rule.kind == "population" and offer.focus
                                                               and not offer.focus.isdisjoint(f.populations)):
                    made_for = True  # (a population rule the service's own populations already counted: once)
                    score += SCORE["eligibility-made-for"]
                else:
                    score += SCORE["eligibility"]
            elif outcome == JOIN:
                ask.append(Reason("membership", make=_Lazy(_membership_words, offer, rule.body.org, directory)))
                if join == rule.body.org:
                    join = None  # asked once
            elif outcome == el.FAIL:
                out.append(Reason(_failed_code(rule, client), make=_Lazy(_failed_words, rule, client, directory, today)))
            else:
                ask.append(Reason("eligibility", make=_Lazy(_question_words, rule, client, today, vocab)))
    if join is not None:  # priced for members only, and no rule asked it already
        ask.append(Reason("membership", make=_Lazy(_membership_words, offer, join, directory)))

    # places known to be taken by other clients' open plan steps (`others_taken`: not its own)
    cap = service.capacity
    if cap is not None:
        used = taken.get(offer.ref, 0) if taken else 0
        if used >= cap.count:
            out.append(_reason("capacity", "reason-capacity" if cap.count != 1 else "reason-capacity/1",
                               count=str(cap.count), per=_PER[cap.per], taken=str(used)))
        else:  # few places: said, so that a coordinator calls early ("5 organisations a year", F16)
            fits.append(_fit("capacity", "reason-capacity-left", near=True, count=str(cap.count),
                             unit=(_UNITS if cap.count != 1 else _UNIT)[cap.unit], per=_PER[cap.per], taken=str(used)))

    if f.tried:
        tried = _tried_step(f, offer, need)
        if tried is not None:
            number, step = tried
            when = getattr(step, "dropped", None)
            out.append(_reason("tried", "reason-tried" if when else "reason-tried-undated", step=str(number),
                               date=numbers.day_words(when) if when else ""))

    if out:  # left out: the fitting reasons are not shown, so not made (the questions are: what
        return [], out, ask, score  # else would decide it, if what left it out were lifted)
    return [_fitting(f) for f in fits], out, ask, score


JOIN = "join"


def _made_for(rule: m.EligibilityRule) -> bool:
    """Whether a rule says whom a service is made for (professionals trained abroad, Indigenous
    owners, youth, EI claimants, the unemployed, people returning to school, a population), rather
    than a condition most clients meet (a region, a kind of client, reading English): a client who
    meets it ranks the service as one made for them, above generic help (OLSI before a general
    workshop for a foreign-trained engineer, §4.1.2; coordinator 11, E2)."""
    kind, body = rule.kind, rule.body
    if kind in ("foreign_trained_professional", "returning_to_school"):
        return bool(body.value)
    if kind in ("indigenous_owned", "population"):
        return True
    if kind == "ei":
        return body.within_years is not None
    if kind == "employment":
        return body.status == "unemployed"
    if kind == "age":
        return body.max is not None
    return False


def _outcome(rule: m.EligibilityRule, client: Any, today: dt.date, pops: frozenset) -> str:
    """`el.evaluate`'s outcome, as matching reads it: a membership the client does not have is
    something they can join (JOIN, asked about); a population rule is met by the populations the
    client's record implies (`implied_populations`), and a youth rule is not failed while a
    person's age is unknown (asked; an organisation is not young)."""
    kind = rule.kind
    if kind == "any_of":  # each choice as matching reads it (a youth rule met by the age: review 11, Y3)
        outcomes = [_outcome(r, client, today, pops) for r in rule.body]
        for outcome in (el.PASS, el.ASK, JOIN):
            if outcome in outcomes:
                return el.ASK if outcome == JOIN else outcome
        return el.FAIL
    outcome = el.evaluate(rule, client, today, populations=pops).outcome
    if outcome == el.PASS:
        return outcome
    if kind == "population":
        if not pops.isdisjoint(rule.body.in_):
            return el.PASS
        if outcome == el.FAIL and "youth" in rule.body.in_ and client.kind == "individual" and (
                client.profile.birth_year is None or youth_unsure(client, today)):
            return el.ASK  # an organisation has no age to ask; a birth year of 1996 may still be 29
        if outcome == el.ASK and set(rule.body.in_) == {"youth"} and client.kind == "individual" and \
                client.profile.birth_year is not None and not youth_unsure(client, today):
            return el.FAIL  # no population recorded, but the birth year says: not young (review 11, Y1)
    if outcome == el.FAIL and kind == "member_of":
        return JOIN
    return outcome



def judge_codes(offer: Offer, client: Any, need: m.Need, directory: Directory, today: dt.date,
                taken: dict[str, int] | None, facts: Facts) -> tuple[list[str], bool]:
    """`judge` reduced to what a summary counts: the exclusion codes (in `judge`'s order) and whether
    a question is left to ask. No reason, word or score is made. It follows `judge` branch for
    branch; a test holds the summaries made with it equal to those made from `match_client`."""
    service = offer.service
    out: list[str] = []
    ask = False
    f = facts

    valid = service.valid
    if valid is not None and ((valid.until is not None and valid.until < today)
                              or (valid.from_ is not None and valid.from_ > today)):
        out.append("expired")

    if not offer.languages:
        ask = True
    elif offer.written_only:
        if f.reads:
            if f.reads.isdisjoint(offer.languages):
                out.append("language")
        else:
            ask = True
    elif f.speaks:
        if f.speaks.isdisjoint(offer.languages) and f.interpreted.isdisjoint(offer.languages):
            out.append("language")
    else:
        ask = True
    if f.reads and offer.languages and not offer.written_only and f.reads.isdisjoint(offer.languages) and directory.written(need.topic) \
            and not (f.speaks and f.speaks.isdisjoint(offer.languages) and f.interpreted.isdisjoint(offer.languages)) \
            and not (service.topic != need.topic and not directory.written(service.topic)):
        if set(service.modes) <= {"referral"}:
            ask = True  # (the help a referral leads to: asked, as `judge` asks it)
        else:
            out.append("language")

    want = directory.levels.get(need.level) if need.level else None
    low, high = offer.level_from, offer.level_to
    if want is not None and low is not None and high is not None:
        if not (low <= want <= high or low == want + 1 or high == want - 1):
            out.append("level")

    budget = f.budget
    fees = service.fees
    if fees == "free":
        pass
    elif isinstance(fees, str):
        if budget is not None and not (fees == "unknown" and (offer.gives_money or budget > 0)):
            ask = True
    else:
        member = offer.provider.id in f.memberships
        own = offer.price_members if member else offer.price_non_members
        everyone = offer.price_everyone
        price = own if everyone is None else (everyone if own is None else min(own, everyone))
        if price is None and member:
            price = offer.price_non_members
        if price is None and offer.price_members is not None:  # members only: joining is asked about
            ask = True
            price = offer.price_members
        if not fees:  # `fees: []`: not recorded, as `judge` reads it
            if budget is not None and not offer.gives_money and budget <= 0:
                ask = True
        elif price and budget is not None and offer.currency != "CAD":
            ask = True  # what 40 EUR comes to is asked, as `judge` asks it (review 11, Y2)
        elif price and budget is not None and price > budget:
            if not member and offer.price_members is not None and offer.price_members <= budget:
                ask = True  # within the budget for members: joining is asked (as `judge`, NC12-12)
            else:
                out.append("fee")

    if f.free and offer.times and f.free.isdisjoint(offer.times):
        out.append("schedule")

    stage = client.profile.stage
    if stage and service.stages and stage not in service.stages:
        out.append("stage")

    if offer.focus and any(g.isdisjoint(f.populations) and g.isdisjoint(offer.decided) for g in offer.focus_groups):
        ask = True

    if service.eligibility:
        individual = f.individual
        person = False
        for rule in service.eligibility:
            if rule.kind in PERSON_RULES and not individual:
                if not person:
                    out.append("client-kind")
                person = True
                continue
            outcome = _outcome(rule, client, today, f.populations)
            if outcome == el.FAIL:
                out.append(_failed_code(rule, client))
            elif outcome != el.PASS:
                ask = True

    cap = service.capacity
    if cap is not None and taken and taken.get(offer.ref, 0) >= cap.count:
        out.append("capacity")
    if f.tried and _tried_step(f, offer, need) is not None:
        out.append("tried")
    return out, ask


_FINANCING = {"loan": ("loan", "prêt"), "grant": ("grant", "subvention"), "award": ("award", "bourse"),
              "allowance": ("allowance", "allocation")}


_OFTEN = {"week": ("weekly", "hebdomadaire"), "month": ("monthly", "mensuelle"), "year": ("yearly", "annuelle")}


def _financing_words(offers: tuple) -> tuple[str, str]:
    """`grant of $1,500 (start-up costs); loan of up to $15,000` in both languages."""
    en, fr = [], []
    for o in offers:
        kind_en, kind_fr = _FINANCING[o.kind]
        if o.up_to is None and o.amount is None:  # "weekly allowance (amount not stated)"
            often_en, often_fr = _OFTEN.get(o.per, ("", ""))
            e = f"{often_en} {kind_en} (amount not stated)".lstrip()
            f = f"{kind_fr} {often_fr} (montant non précisé)".replace("  ", " ")
        else:
            price_en, price_fr = money(o.up_to if o.up_to is not None else o.amount, o.currency)
            if o.up_to is not None:
                e, f = f"{kind_en} of up to {price_en}", f"{kind_fr} d’au plus {price_fr}"
            else:
                e, f = f"{kind_en} of {price_en}", f"{kind_fr} de {price_fr}"
            if o.per is not None:
                e += {"week": " a week", "month": " a month", "year": " a year"}[o.per]
                f += {"week": " par semaine", "month": " par mois", "year": " par année"}[o.per]
        if o.label is not None:
            e += f" ({o.label.get('en')})"
            f += f" ({_typo(o.label.get('fr'))})"
        en.append(e)
        fr.append(f)
    return "; ".join(en), " ; ".join(fr)


def _person_words(rules: list, vocab) -> tuple[str, str]:
    """`for individuals only (age 15–30, unemployed)`: the rules about a person an organisation
    cannot meet, in one reason."""
    en = ", ".join(el.describe(r, "en", vocab) for r in rules)
    fr = ", ".join(_typo(el.describe(r, "fr", vocab)) for r in rules)
    return _render("reason-person-rule", {"rule": (en, fr)})


def _met_words(rule: m.EligibilityRule, vocab) -> tuple[str, str]:
    return f"eligible ({el.describe(rule, 'en', vocab)})", f"admissible ({el.describe(rule, 'fr', vocab)})"


def _org_rule_for_a_person(rule: m.EligibilityRule, client: Any) -> bool:
    """An organisation-type rule against a person with no organisation: left out for `client-kind`."""
    return rule.kind == "org_type" and client.kind == "individual" and client.profile.org_type is None


def _failed_code(rule: m.EligibilityRule, client: Any = None) -> str:
    if client is not None and _org_rule_for_a_person(rule, client):
        return "client-kind"
    return {"member_of": "membership", "client_kind": "client-kind"}.get(rule.kind, "eligibility")


def _failed_words(rule: m.EligibilityRule, client: Any, directory: Directory, today: dt.date) -> tuple[str, str]:
    vocab = directory.vocab
    r = _failed(rule, el.describe(rule, "en", vocab), el.describe(rule, "fr", vocab), client, directory, today)
    return r.en, r.fr


def _question_words(rule: m.EligibilityRule, client: Any, today: dt.date, vocab) -> tuple[str, str]:
    if rule.kind == "population":  # not "For Youth (for Youth)"
        body = rule.body
        en_l, fr_l = _or_labels(vocab, "populations", tuple(body.in_))
        if "youth" in body.in_ and client.profile.birth_year is None:
            return (f"How old is the client? (only for {en_l})", f"Quel âge a le client ? (réservé à : {fr_l})")
        if "youth" in body.in_ and youth_unsure(client, today):
            year, (low, high) = client.profile.birth_year, YOUTH_AGES
            return (f"Born in {year}: check the birthday (only for {en_l}, aged {low} to {high})",
                    f"Né(e) en {year} : vérifier la date d’anniversaire (réservé à : {fr_l}, de {low} à {high} ans)")
        if len(body.in_) == 1:
            return (f"Ask whether the client is in this population: {en_l}",
                    f"Demander si le client fait partie de cette population : {fr_l}")
        return (f"Ask whether the client is in one of these populations: {en_l}",
                f"Demander si le client fait partie de l’une de ces populations : {fr_l}")
    verdict = el.evaluate(rule, client, today, vocab)
    q = _question(rule, verdict, el.describe(rule, "en", vocab), el.describe(rule, "fr", vocab), client)
    return q.en, q.fr


def _failed(rule: m.EligibilityRule, rule_en: str, rule_fr: str, client: Any, directory: Directory,
            today: dt.date) -> Reason:
    """A rule the client does not meet, in the words of `describe`, with the client's fact."""
    kind, body = rule.kind, rule.body
    if kind == "member_of":
        provider = directory.providers.get(body.org)
        name = (provider.name.get("en"), provider.name.get("fr")) if provider else (body.org, body.org)
        return _reason("membership", "reason-membership", org=name)
    if kind in PERSON_RULES and client.kind != "individual":
        return _reason("client-kind", "reason-person-rule", rule=(rule_en, rule_fr))
    if _org_rule_for_a_person(rule, client):
        verdict = el.evaluate(rule, client, today, directory.vocab)
        return Reason("client-kind", verdict.en, _typo(verdict.fr))
    code = "client-kind" if kind == "client_kind" else "eligibility"
    if kind == "population":  # not "not met: for: Youth"
        vocab = directory.vocab
        want = _or_labels(vocab, "populations", tuple(body.in_))
        pops = client.profile.populations
        if pops:
            return _reason(code, "reason-population-rule", populations=want,
                           client=_labels(vocab, "populations", tuple(pops)))
        return _reason(code, "reason-population-rule-none", populations=want)
    if kind == "any_of":  # what the client is on each matter: `organisation or group, business`
        parts = [_fact(r.kind, client, directory, today) for r in body]
        parts = list(dict.fromkeys(x for x in parts if x is not None))
        fact = (", ".join(x[0] for x in parts), ", ".join(x[1] for x in parts)) if parts else None
        if fact is not None:  # the client's side said as such, not as part of the rule (E10)
            return _reason(code, "reason-eligibility-client", rule=(rule_en, rule_fr), fact=fact)
    else:
        fact = _fact(kind, client, directory, today)
    if fact is None:
        return _reason(code, "reason-eligibility", rule=(rule_en, rule_fr))
    return _reason(code, "reason-eligibility-fact", rule=(rule_en, rule_fr), fact=fact)


_EMPLOYMENT = {"unemployed": ("unemployed", "sans emploi"), "employed": ("employed", "en emploi"),
               "self-employed": ("self-employed", "travailleur autonome"), "student": ("student", "aux études")}


def _fact(kind: str, client: Any, directory: Directory, today: dt.date) -> tuple[str, str] | None:
    """What the client's record says on the matter of a failed rule, in a few words."""
    p = client.profile
    vocab = directory.vocab
    if kind == "age" and p.birth_year is not None:
        age = today.year - p.birth_year
        return f"about {age}", f"environ {age} ans"
    if kind == "ei" and p.ei is not None:
        if p.ei.status == "past":
            return f"EI ended {p.ei.ended}", f"AE terminée le {p.ei.ended}"
        return {"never": ("never on EI", "jamais prestataire de l’AE"),
                "current": ("on EI now", "prestataire de l’AE actuellement")}[p.ei.status]
    if kind == "employment" and p.employment is not None:
        en, fr = _EMPLOYMENT[p.employment.status]
        if p.employment.hours_per_week is not None:
            h = p.employment.hours_per_week
            return f"{en}, {h} h a week", f"{fr}, {h} h par semaine"
        return en, fr
    if kind == "client_kind":
        return _labels(vocab, "client_kinds", [client.kind])
    if kind == "org_type" and p.org_type:
        return _labels(vocab, "org_types", [p.org_type])
    if kind == "region" and p.region:
        return _labels(vocab, "regions", [p.region])
    if kind == "indigenous_owned":
        if p.indigenous_ownership_percent is not None:
            n = p.indigenous_ownership_percent
            return f"{n}% Indigenous-owned", f"détenue à {n} % par des Autochtones"
        if client.kind == "individual" and p.populations:
            return "the client is not Indigenous", "le client n’est pas autochtone"
        if p.populations:  # an organisation's recorded populations, taken as the answer
            return ("Indigenous people are not among the populations recorded",
                    "les Autochtones ne figurent pas parmi les populations notées")
    if kind == "foreign_trained_professional" and p.foreign_trained_professional is not None:
        return (("trained abroad", "formé à l’étranger") if p.foreign_trained_professional
                else ("not trained abroad", "non formé à l’étranger"))
    if kind == "reads_writes" and p.languages.reads_writes:
        en, fr = _labels(vocab, "languages", p.languages.reads_writes)
        return f"reads {en}", f"lit : {fr}"
    return None


def _question(rule: m.EligibilityRule, verdict: el.Verdict, rule_en: str, rule_fr: str,
              client: Any) -> Reason:
    """What to ask the client before a rule can be decided, as a question, with the rule."""
    kind, body, p = rule.kind, rule.body, client.profile
    if kind == "ei" and p.ei is None:
        if body.within_years:
            n = body.within_years
            return Reason("eligibility",
                          f"Is the client receiving Employment Insurance, or did they in the last "
                          f"{'year' if n == 1 else f'{n} years'}? ({rule_en})",
                          f"Le client reçoit-il de l’assurance-emploi, ou en a-t-il reçu au cours "
                          f"{el._annees(n)} ? ({rule_fr})")
        if body.within_years == 0:
            return Reason("eligibility", f"Is the client receiving Employment Insurance? ({rule_en})",
                          f"Le client reçoit-il de l’assurance-emploi ? ({rule_fr})")
        n = body.not_within_years
        return Reason("eligibility", f"Has the client received Employment Insurance in the last "
                                     f"{'year' if n == 1 else f'{n} years'}? ({rule_en})",
                      f"Le client a-t-il reçu de l’assurance-emploi au cours {el._annees(n)} ? ({rule_fr})")
    if kind == "age" and p.birth_year is None:
        return Reason("eligibility", f"How old is the client? ({rule_en})", f"Quel âge a le client ? ({rule_fr})")
    if kind == "employment" and p.employment is None:
        return Reason("eligibility", f"Is the client working, and how many hours a week? ({rule_en})",
                      f"Le client travaille-t-il, et combien d’heures par semaine ? ({rule_fr})")
    en, fr = _capital(verdict.en), _capital(_typo(verdict.fr))
    if kind == "returning_to_school" and p.returning_to_school is None:
        # the question says the rule: not "… returns to school (returning to school)" (readme 14, B1)
        return Reason("eligibility", en, fr)
    if "(" in en or rule_en.lower() in en.lower() or rule_fr.lower() in fr.lower():
        # not « demander si le client retourne aux études (retourne aux études) »
        return Reason("eligibility", en, fr)
    return Reason("eligibility", f"{en} ({rule_en})", f"{fr} ({rule_fr})")


def _note(text: str) -> str:
    """A record's note inside a sentence: no final stop, no reference to the report (`(§4.1.3)`)."""
    text = re.sub(r"\s*\(§[^)]*\)", "", text).strip().rstrip(".").strip()
    return _lower(text)


def _lower(label: str) -> str:
    """A label inside a sentence: `Workshops` → `workshops` (not `CD-ROMs` or `ICT`)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _typo(text: str) -> str:
    return text.replace("'", "’")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _neighbour(modes: frozenset, preferred: list[str]) -> tuple[str, str] | None:
    for want in preferred:
        for family in MODE_FAMILIES:
            if want in family:
                for mode in sorted(modes):
                    if mode in family:
                        return mode, want
    return None


# ---- one client ---------------------------------------------------------------------------------

def client_kind_check(offer: Offer, client: Any) -> Reason | None:
    """A service whose financing is only for another kind of client (a loan for organisations) is
    left out for `client-kind` even without an explicit rule."""
    kinds = {f.client_kind for f in offer.service.financing}
    if offer.service.financing and None not in kinds and client.kind not in kinds:
        return Reason("client-kind", "financing only for another kind of client",
                      "financement réservé à un autre type de clientèle")
    return None


_ORDER = {code: i for i, code in enumerate(EXCLUSION_CODES)}


def _order(r: Reason) -> int:
    return _ORDER[r.code]


# Need topics a whole self-employment program meets besides its own (`cedta.records.topics.topics_met`).
PROGRAM_TOPICS = ("business-plan", "mentoring")


def considered(offer: Offer, need: m.Need, client: Any) -> bool:
    """Whether the service is judged for the need: a self-employment program meets a person's
    business-plan or mentoring need, not an organisation's (self-employment is a person's)."""
    return not (offer.service.topic == "self-employment" and need.topic in PROGRAM_TOPICS
                and client.kind != "individual")


def match_need(need: m.Need, client: Any, directory: Directory, today: dt.date,
               taken: dict[str, int] | None = None, facts: Facts | None = None) -> NeedResult:
    result = NeedResult(need)
    facts = facts or Facts(client, directory)
    for offer in directory.by_topic.get(need.topic, ()):
        if not considered(offer, need, client):
            continue
        fits, out, ask, score = judge(offer, client, need, directory, today, taken, facts)
        if offer.service.financing:
            kind_reason = client_kind_check(offer, client)
            if kind_reason is not None and not any(r.code == "client-kind" for r in out):
                out.append(kind_reason)
        cand = Candidate(offer.ref, offer.provider.id, offer.service, round(score, 2))
        if out:
            if len(out) > 1:
                out.sort(key=_order)
            cand.reasons = out
            cand.questions = ask  # what would still have to be asked, if what leaves it out were lifted
            result.excluded.append(cand)
        elif ask:
            cand.reasons = fits
            cand.questions = ask
            result.to_confirm.append(cand)
        else:
            cand.reasons = fits
            result.matches.append(cand)
    # a service at the need's level before one a level off, whatever else it adds (coordinator
    # pass 9: a growing business's intermediate marketing went to a beginners' workshop of its hub)
    # ... and help in a language the client speaks before help through an interpreter (the
    # interpreter is the stop-gap, §6: a Cantonese workshop a level off before an English one)
    result.matches.sort(key=lambda c: (_interpreted(c), _level_off(c), _referral_only(c), -c.score))
    # ... and, to confirm, a service made for a population the client's record does not list (its
    # populations recorded) after those with no such doubt: five women's networks filled the first
    # places for a man (coordinator 11, E11)
    recorded = bool(client.profile.populations)
    # a price nobody recorded is as much to ask as one known to be charged (coordinator 14, C14-22:
    # an English program of unknown fee headed a French hub member's workshop of unstated fee)
    result.to_confirm.sort(key=lambda c: (recorded and any(q.code == "population" for q in c.questions),
                                          len(c.questions) + any(r.code == "fee" and r.near for r in c.reasons),
                                          _interpreted(c), _level_off(c), -c.score))
    result.gap = not result.matches and not result.to_confirm
    if result.gap:
        result.nearest = sorted(result.excluded, key=lambda c: _miss_weight(c, client, today))[:3]
    return result


# Rules the client's path can meet (writing a business plan first: "grade 1, then grade 2", §9),
# as light as a stage when the nearest misses of a gap are ranked; an age or an ownership is not.
FIXABLE_RULES = frozenset({"has"})


def _miss_weight(c: Candidate, client: Any = None, today: dt.date | None = None) -> tuple:
    """The misses the client's path can lift first (a later stage, a business plan to write: the
    loan fund after the plan, §9 "grade 1, then grade 2"), then the fewest reasons, the lightest,
    and the best fit otherwise (hub, mode, population)."""
    codes = [r.code for r in c.reasons]
    count, weight = miss_weight(codes)
    fixable = codes.count("stage")
    if client is not None and "eligibility" in codes:
        for rule in c.service.eligibility:
            if rule.kind in FIXABLE_RULES and el.evaluate(rule, client, today).outcome == el.FAIL:
                fixable += 1
                weight -= WEIGHT["eligibility"] - WEIGHT["stage"]
    return (count - fixable, count, weight, -c.score)


def miss_weight(codes) -> tuple:
    return (len(codes), sum(WEIGHT.get(code, 2) for code in codes))


def as_matched(client: Any, today: dt.date | None = None, directory: Directory | None = None) -> Any:
    """The client as matching reads it: what its recorded outcomes (by `today`) show added to its
    profile. A `business-plan-completed` outcome means it has a business plan, and is past
    exploring an idea: starting up (a loan "to start a business" that asks for the plan is now
    for it); `business-started` means it is at least starting up. A coordinator who records the outcome is not then told that
    a fund "requires business-plan" (the profile said what was true at intake). The record is not
    changed: a copy is given (a record or a past quarter's stand-in alike)."""
    import copy
    from types import SimpleNamespace

    outcomes = getattr(client, "outcomes", None)
    profile = getattr(client, "profile", None)
    # a business-plan step done is the plan written, as its outcome says (a fund asking for the
    # plan then fits the need that waited on the step, outcome recorded or not)
    # (with the directory, a whole program done that wrote the plan too, as an open one waits on it:
    # review 15, R15-12)
    plan_done = any(s.status == "done" and (today is None or s.done is None or s.done <= today)
                    and "business-plan" in step_gives(s, directory)
                    for s in getattr(client, "plan", None) or ())
    if (not outcomes and not plan_done) or profile is None:
        return client
    kinds = {o.kind for o in outcomes or () if today is None or o.date <= today}
    if plan_done:
        kinds.add("business-plan-completed")
    has = list(profile.has)
    if "business-plan-completed" in kinds:
        for fact in ("business-idea", "business-plan"):
            if fact not in has:
                has.append(fact)
    stage = profile.stage
    if kinds & {"business-started", "business-plan-completed"} and stage in (None, "idea"):
        stage = "start-up"
    if has == list(profile.has) and stage == profile.stage:
        return client
    if hasattr(profile, "model_copy"):
        profile = profile.model_copy(update={"has": has, "stage": stage})
    else:
        profile = SimpleNamespace(**{**vars(profile), "has": has, "stage": stage})
    if hasattr(client, "model_copy"):
        return client.model_copy(update={"profile": profile})
    clone = copy.copy(client)
    clone.profile = profile
    return clone


# What a plan step gives the client once done, as the directory's rules ask it (`has`): a business
# plan written with help is the business plan a fund asks for (§9: grade 1, then grade 2)
STEP_GIVES = {"business-plan": ("business-idea", "business-plan")}


def step_gives(step: Any, directory: Directory | None = None) -> tuple[str, ...]:
    """What a plan step gives the client once done (`STEP_GIVES`): by its topic, or, with the
    directory, by a topic its service meets besides (a whole self-employment program, the step of a
    self-employment need, writes the business plan too: coordinator 15, C15-1)."""
    gives = STEP_GIVES.get(step.topic, ())
    if gives or directory is None or not getattr(step, "service", None):
        return gives
    offer = directory.offer(step.service)
    if offer is None:
        return ()
    return tuple(dict.fromkeys(f for t in topics_met(offer.service) for f in STEP_GIVES.get(t, ())))


def after_open_steps(client: Any, directory: Directory | None = None) -> Any | None:
    """The client as matching will read it once its open plan steps (planned or active) are done,
    when one gives what its profile lacks (a business-plan step: a business plan, and with it past
    exploring an idea, as `as_matched` reads a done step; coordinator 11, E1); else None. With the
    directory, a step gives what its service gives (`step_gives`)."""
    profile = getattr(client, "profile", None)
    if profile is None:
        return None
    gives = [f for s in getattr(client, "plan", None) or () if s.status in ("planned", "active")
             for f in step_gives(s, directory)]
    new = [f for f in dict.fromkeys(gives) if f not in profile.has]
    if not new:
        return None
    from types import SimpleNamespace

    has = [*profile.has, *new]
    stage = profile.stage
    if "business-plan" in new and stage in (None, "idea"):
        stage = "start-up"
    if hasattr(profile, "model_copy"):
        profile = profile.model_copy(update={"has": has, "stage": stage})
    else:
        profile = SimpleNamespace(**{**vars(profile), "has": has, "stage": stage})
    if hasattr(client, "model_copy"):
        return client.model_copy(update={"profile": profile})
    import copy

    clone = copy.copy(client)
    clone.profile = profile
    return clone


def _interpreted(c: Candidate) -> bool:
    """Whether a candidate fits only through an interpreter."""
    return any(r.code == "interpreter" for r in c.reasons)


def _referral_only(c: Candidate) -> bool:
    """Whether a candidate only refers the client elsewhere (its one mode `referral`): ranked after
    the fits that give the help itself, which `--plan` then proposes (coordinator pass 10, D11: a
    community centre's legal referral came before the lawyers at $25 an hour, within the budget)."""
    return bool(c.service.modes) and all(x == "referral" for x in c.service.modes)


def _level_off(c: Candidate) -> bool:
    """Whether a candidate fits the need only a level off (its level reason is a near one)."""
    return any(r.near and r.code == "level" for r in c.reasons)


def unlocked_by_steps(client: Any, result: "MatchResult", directory: Directory, today: dt.date,
                      taken: dict[str, int] | None = None) -> dict[int, tuple[list[int], list[str], bool]]:
    """The gaps of `result` (by index) that a service will meet once the client's open plan steps
    are done (`after_open_steps`): (those steps' numbers, 1 for the first; the services that fit
    then, or to confirm then when none fits; whether they are to confirm)."""
    if not any(n.gap for n in result.needs):
        return {}
    after = after_open_steps(client, directory)
    if after is None:
        return {}
    steps = [i for i, s in enumerate(getattr(client, "plan", None) or (), 1)
             if s.status in ("planned", "active") and step_gives(s, directory)]
    later = match_client(after, directory, today, taken).needs
    # (a need that then has only services to confirm waits on the step too, as `gaps` counts it: a
    # group's loan fund asking "does it lend to a founding group?" once the plan is written was
    # called a gap to record here, and the forum then counted what the coordinator recorded:
    # coordinator 13, C13-2); the third element says the services are to confirm
    return {i: (steps, [c.ref for c in (later[i].matches or later[i].to_confirm)], not later[i].matches)
            for i, n in enumerate(result.needs)
            if n.gap and i < len(later) and not later[i].gap and (later[i].matches or later[i].to_confirm)}


def match_client(client: Any, directory: Directory, today: dt.date,
                 taken: dict[str, int] | None = None) -> MatchResult:
    """Every need of `client` (by priority, then as written) against the directory, the client's
    profile as its outcomes show it (`as_matched`)."""
    client = as_matched(client, today, directory)
    needs = sorted(client.needs, key=lambda n: n.priority)
    facts = Facts(client, directory)
    taken = others_taken(taken, client)
    return MatchResult(getattr(client, "id", None),
                       [match_need(n, client, directory, today, taken, facts) for n in needs])


class _OthersTaken:
    """Places taken less one client's own open steps (read as `taken` is: `get`, truth)."""

    __slots__ = ("taken", "own")

    def __init__(self, taken: dict[str, int], own: dict[str, int]):
        self.taken, self.own = taken, own

    def get(self, ref: str, default: int = 0) -> int:
        return max(0, self.taken.get(ref, default) - self.own.get(ref, 0))

    def __bool__(self) -> bool:
        return bool(self.taken)


def own_places(client: Any, directory: Any, taken: dict[str, int] | None) -> tuple:
    """The client's own places that can change a verdict, as a memo key: in services full when its
    own steps are counted (`taken` at or over the capacity), where leaving them out may open a place.
    Alike clients with such steps are matched apart, all others alike (a key of every open step
    matched each client alone: the report at 50,000 clients took 2.7 times as long)."""
    if not taken:
        return ()
    full = directory.__dict__.get("_full")
    if full is None or full[0] is not taken:
        full = (taken, frozenset(ref for ref, n in taken.items()
                                 if (o := directory.offers.get(ref)) is not None and o.service.capacity is not None
                                 and n >= o.service.capacity.count))
        directory.__dict__["_full"] = full
    if not full[1]:
        return ()
    return tuple(sorted((ref, n) for ref, n in places_taken([client]).items() if ref in full[1]))


def others_taken(taken: dict[str, int] | None, client: Any) -> Any:
    """`taken` as one client sees it: its own open steps take no place from it (a client enrolled in a
    program of two places, both taken, one by itself, is not told the program is full)."""
    if not taken:
        return taken
    own = places_taken([client])
    if not any(ref in taken for ref in own):
        return taken
    return _OthersTaken(taken, own)


def places_taken(clients: Iterable[Any]) -> dict[str, int]:
    """Places taken per service ref over the given clients: a client with an open (planned or
    active) plan step on a service takes one place there, whatever the number of such steps."""
    counts: dict[str, int] = {}
    for c in clients:
        for ref in {step.service for step in getattr(c, "plan", ()) or () if step.service and step.status in OPEN_STEPS}:
            counts[ref] = counts.get(ref, 0) + 1
    return counts


# ---- JSON ---------------------------------------------------------------------------------------

def _reasons_json(reasons: list[Reason], lang: str) -> list[dict]:
    return [{"code": r.code, "detail": r.text(lang)} for r in reasons]


def result_json(result: MatchResult, lang: str = "en",
                unlocked: dict[int, tuple[list[int], list[str]]] | None = None) -> dict:
    """The JSON contract of `cedta match --format json` (see the README); `unlocked`: the gaps that
    wait on open plan steps (`unlocked_by_steps`), said as `waits_on`."""
    needs = []
    unlocked = unlocked or {}
    for i, n in enumerate(result.needs):
        waits = unlocked.get(i)
        needs.append({
            "topic": n.need.topic,
            "level": n.need.level,
            "priority": n.need.priority,
            "matches": [{"service": c.ref, "provider": c.provider, "score": c.score,
                         "reasons": _reasons_json(c.reasons, lang)} for c in n.matches],
            "to_confirm": [{"service": c.ref, "provider": c.provider, "score": c.score,
                            "questions": [q.text(lang) for q in c.questions],
                            "reasons": _reasons_json(c.reasons, lang)} for c in n.to_confirm],
            "excluded": [{"service": c.ref, "provider": c.provider,
                          "reasons": _reasons_json(c.reasons, lang),
                          "questions": [q.text(lang) for q in c.questions]} for c in n.excluded],
            "gap": n.gap,
            "nearest": [c.ref for c in n.nearest],
            # a gap a service meets once an open business-plan step is done: not one to record
            "waits_on": {"steps": waits[0], "services": waits[1], "to_confirm": waits[2]} if waits else None,
        })
    return {"client": result.client_id, "needs": needs}
