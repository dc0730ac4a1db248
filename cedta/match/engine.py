"""Matching one client's needs against the directory: for each need, the services that fit (ranked,
with the reasons why), those to confirm (with the questions to ask) and those left out (with reason
codes), and whether the need is a gap (nothing fits, nothing to confirm) with its nearest misses.

The hot path reads plain attributes of records already validated: no validation, no copies, and only
the services of the need's topic are looked at.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from cedta.match.directory import MODE_FAMILIES, Directory, Offer
from cedta.messages import MESSAGES
from cedta.records import eligibility as el
from cedta.records import model as m

# The exclusion reason codes, the order they are shown in, and how heavy each is when the nearest
# misses of a gap are ranked (a lighter reason is easier to lift: a fee can be waived, a language not).
EXCLUSION_CODES = ("language", "level", "fee", "schedule", "eligibility", "membership", "capacity",
                   "expired", "stage", "client-kind")
WEIGHT = {"language": 3, "eligibility": 3, "client-kind": 3, "expired": 3, "membership": 2, "fee": 2,
          "level": 2, "capacity": 2, "schedule": 1, "stage": 1}

# What each fitting reason adds to a service's score; the near ("with that said") ones add less.
SCORE = {"language": 3.0, "level": 3.0, "level-near": 1.0, "fee": 2.0, "schedule": 2.0, "mode": 2.0,
         "mode-near": 1.0, "stage": 1.0, "population": 1.5, "hub": 1.0, "eligibility": 0.5}

OPEN_STEPS = ("planned", "active")

# Rules about a person (age, Employment Insurance, a job, school): a service that has them is for
# individuals, and an organisation is left out for `client-kind` rather than asked about its age.
PERSON_RULES = frozenset({"age", "ei", "employment", "returning_to_school", "foreign_trained_professional"})


@dataclass(frozen=True)
class Reason:
    """One reason, in English and French. `code` is an exclusion code (language, level, fee, ...) or,
    for a fitting reason, what fits (language, level, fee, schedule, mode, stage, population, hub,
    eligibility); `near` marks a fitting reason that is only close ("with that said")."""

    code: str
    en: str
    fr: str
    near: bool = False

    def text(self, lang: str = "en") -> str:
        return self.fr if lang == "fr" else self.en


@dataclass
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


@dataclass
class NeedResult:
    need: m.Need
    matches: list[Candidate] = field(default_factory=list)
    to_confirm: list[Candidate] = field(default_factory=list)
    excluded: list[Candidate] = field(default_factory=list)
    gap: bool = False
    nearest: list[Candidate] = field(default_factory=list)


@dataclass
class MatchResult:
    client_id: str | None
    needs: list[NeedResult] = field(default_factory=list)


# ---- words ------------------------------------------------------------------------------------

def _reason(code: str, key: str, near: bool = False, **params: Any) -> Reason:
    en, fr = MESSAGES[key]
    p_en = {k: (v[0] if isinstance(v, tuple) else v) for k, v in params.items()}
    p_fr = {k: (v[1] if isinstance(v, tuple) else v) for k, v in params.items()}
    return Reason(code, en.format_map(p_en), fr.format_map(p_fr), near)


def _ask(code: str, key: str, **params: Any) -> Reason:
    """A question to ask, as a sentence."""
    r = _reason(code, key, **params)
    return Reason(code, _capital(r.en), _capital(r.fr))


def money(amount: float, currency: str = "CAD") -> tuple[str, str]:
    """`$1,500` / `1 500 $` (Canadian dollars); `25 EUR` otherwise."""
    text = f"{amount:,.2f}" if amount != int(amount) else f"{int(amount):,}"
    fr = text.replace(",", "\u202f").replace(".", ",")
    if currency != "CAD":
        return f"{text} {currency}", f"{fr} {currency}"
    return f"${text}", f"{fr} $"


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

def judge(offer: Offer, client: Any, need: m.Need, directory: Directory, today: dt.date,
          taken: dict[str, int] | None) -> tuple[list[Reason], list[Reason], list[Reason], float]:
    """One service against one need of one client: (fitting reasons, exclusions, questions, score)."""
    vocab = directory.vocab
    p = client.profile
    service = offer.service
    fits: list[Reason] = []
    out: list[Reason] = []
    ask: list[Reason] = []
    score = 0.0

    # validity at today's date
    valid = service.valid
    if valid is not None:
        if valid.until is not None and valid.until < today:
            out.append(_reason("expired", "reason-expired", date=valid.until.isoformat()))
        elif valid.from_ is not None and valid.from_ > today:
            out.append(_reason("expired", "reason-not-yet", date=valid.from_.isoformat()))

    # language: spoken, and read for a service that is only written material
    speaks = p.languages.speaks
    reads = p.languages.reads_writes
    if offer.written_only:
        if reads:
            common = [x for x in service.languages if x in reads]
            if common:
                fits.append(_reason("language", "reason-language-reads",
                                    language=_labels(vocab, "languages", common)))
                score += SCORE["language"]
            else:
                out.append(_reason("language", "reason-language-written",
                                   languages=_labels(vocab, "languages", service.languages),
                                   reads=_labels(vocab, "languages", reads)))
        else:
            ask.append(_ask("language", "question-reads",
                               languages=_or_labels(vocab, "languages", service.languages)))
    elif speaks:
        common = [x for x in service.languages if x in speaks]
        if common:
            fits.append(_reason("language", "reason-language-fit", language=_labels(vocab, "languages", common)))
            score += SCORE["language"]
        else:
            out.append(_reason("language", "reason-language",
                               languages=_labels(vocab, "languages", service.languages),
                               speaks=_labels(vocab, "languages", speaks)))
    else:
        ask.append(_ask("language", "question-language",
                           languages=_or_labels(vocab, "languages", service.languages)))

    # level: inside the range fits; one level away ranks lower, with that said; further is left out
    want = directory.levels.get(need.level) if need.level else None
    if want is not None and offer.level_from is not None and offer.level_to is not None:
        lv = service.levels
        start = (vocab.label("levels", lv.from_, "en"), vocab.label("levels", lv.from_, "fr"))
        end = (vocab.label("levels", lv.to, "en"), vocab.label("levels", lv.to, "fr"))
        level = (vocab.label("levels", need.level, "en"), vocab.label("levels", need.level, "fr"))
        if offer.level_from <= want <= offer.level_to:
            if lv.from_ == lv.to:
                fits.append(_reason("level", "reason-level-exact", level=level))
            else:
                fits.append(_reason("level", "reason-level-fit", level=level,
                                    range=(f"{start[0]}–{end[0]}", f"{start[1]} à {end[1]}")))
            score += SCORE["level"]
        elif offer.level_from == want + 1:
            fits.append(_reason("level", "reason-level-near-above", near=True, start=start))
            score += SCORE["level-near"]
        elif offer.level_to == want - 1:
            fits.append(_reason("level", "reason-level-near-below", near=True, end=end))
            score += SCORE["level-near"]
        elif offer.level_from > want:
            out.append(_reason("level", "reason-level-above", start=start, level=level))
        else:
            out.append(_reason("level", "reason-level-below", end=end, level=level))

    # fee against the budget, member prices for members
    member = offer.provider.id in p.memberships
    budget = p.budget.max_fee if p.budget is not None else None
    fees = service.fees
    if fees == "free":
        fits.append(_reason("fee", "reason-fee-free"))
        score += SCORE["fee"]
    elif isinstance(fees, str):  # unknown, user-pays
        if budget is not None:
            ask.append(_ask("fee", "question-fee", fee=MESSAGES[f"fee-{fees}"], budget=money(budget)))

    else:
        prices = [x for x in (offer.price_everyone,
                              offer.price_members if member else offer.price_non_members) if x is not None]
        if not prices:
            # only member prices, and the client is not a member
            out.append(_reason("membership", "reason-membership-fee", org=_provider_name(offer)))
        else:
            price = min(prices)
            if price == 0:
                fits.append(_reason("fee", "reason-fee-free"))
                score += SCORE["fee"]
            elif budget is None:
                pass
            elif price <= budget:
                if member and offer.price_members is not None and price == offer.price_members:
                    fits.append(_reason("fee", "reason-fee-members", price=money(price, offer.currency)))
                else:
                    fits.append(_reason("fee", "reason-fee-fit", price=money(price, offer.currency),
                                        budget=money(budget)))
                score += SCORE["fee"]
            else:
                out.append(_reason("fee", "reason-fee", price=money(price, offer.currency), budget=money(budget)))

    # schedule against the client's availability
    free = p.availability
    if free and offer.times:
        common = [t for t in service.schedule.times if t in free]
        if common:
            fits.append(_reason("schedule", "reason-schedule-fit", times=_labels(vocab, "times", common)))
            score += SCORE["schedule"]
        else:
            out.append(_reason("schedule", "reason-schedule",
                               times=_labels(vocab, "times", service.schedule.times),
                               free=_labels(vocab, "times", free)))

    # preferred mode, or a neighbouring one
    preferred = p.preferred_modes
    if preferred:
        same = [x for x in service.modes if x in preferred]
        if same:
            fits.append(_reason("mode", "reason-mode-fit", mode=_labels(vocab, "modes", same)))
            score += SCORE["mode"]
        else:
            near = _neighbour(offer.modes, preferred)
            if near:
                pref = _labels(vocab, "modes", [near[1]])
                fits.append(_reason("mode", "reason-mode-near", near=True,
                                    mode=_labels(vocab, "modes", [near[0]]),
                                    preferred=(_lower(pref[0]), _lower(pref[1]))))
                score += SCORE["mode-near"]

    # the client's stage among the service's stages
    if service.stages and p.stage:
        if p.stage in service.stages:
            fits.append(_reason("stage", "reason-stage-fit", stage=_labels(vocab, "stages", [p.stage])))
            score += SCORE["stage"]
        else:
            out.append(_reason("stage", "reason-stage", stages=_or_labels(vocab, "stages", service.stages),
                               stage=_labels(vocab, "stages", [p.stage])))

    # a population focus the client belongs to
    focus = [x for x in service.populations if x != "general" and x in p.populations]
    if focus:
        words = _labels(vocab, "populations", focus)
        fits.append(_reason("population", "reason-population-fit",
                            population=(_lower(words[0]), _lower(words[1]))))
        score += SCORE["population"]

    # the provider is a member of the client's hub
    hub = getattr(client, "hub", None)
    if hub and offer.provider.id in directory.hub_members.get(hub, ()):
        h = directory.hubs.get(hub)
        fits.append(_reason("hub", "reason-hub-fit",
                            hub=(h.name.get("en"), h.name.get("fr")) if h else (hub, hub)))
        score += SCORE["hub"]

    # eligibility rules: pass, fail (an exclusion), or ask (a question)
    for rule in service.eligibility:
        verdict = el.evaluate(rule, client, today, vocab)
        rule_en, rule_fr = el.describe(rule, "en", vocab), el.describe(rule, "fr", vocab)
        if rule.kind in PERSON_RULES and client.kind != "individual":
            out.append(_failed(rule, rule_en, rule_fr, client, directory, today))
        elif verdict.outcome == el.PASS:
            fits.append(Reason("eligibility", f"meets: {rule_en}", f"admissible : {rule_fr}"))
            score += SCORE["eligibility"]
        elif verdict.outcome == el.FAIL:
            out.append(_failed(rule, rule_en, rule_fr, client, directory, today))
        else:
            ask.append(_question(rule, verdict, rule_en, rule_fr, client))

    # places known to be taken by other clients' open plan steps
    cap = service.capacity
    if cap is not None and taken:
        used = taken.get(offer.ref, 0)
        if used >= cap.count:
            per = {"year": ("year", "an"), "month": ("month", "mois"), "session": ("session", "séance"),
                   "program": ("program", "programme")}[cap.per]
            out.append(_reason("capacity", "reason-capacity", count=str(cap.count), per=per, taken=str(used)))

    return fits, out, ask, score


def _provider_name(offer: Offer) -> tuple[str, str]:
    name = offer.provider.name
    return name.get("en"), name.get("fr")


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
    code = "client-kind" if kind == "client_kind" else "eligibility"
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
                          f"Is the client receiving Employment Insurance, or did they in the last {n} years? ({rule_en})",
                          f"Le client reçoit-il de l’assurance-emploi, ou en a-t-il reçu au cours des {n} "
                          f"dernières années ? ({rule_fr})")
        if body.within_years == 0:
            return Reason("eligibility", f"Is the client receiving Employment Insurance? ({rule_en})",
                          f"Le client reçoit-il de l’assurance-emploi ? ({rule_fr})")
        n = body.not_within_years
        return Reason("eligibility", f"Has the client received Employment Insurance in the last {n} years? ({rule_en})",
                      f"Le client a-t-il reçu de l’assurance-emploi au cours des {n} dernières années ? ({rule_fr})")
    if kind == "age" and p.birth_year is None:
        return Reason("eligibility", f"How old is the client? ({rule_en})", f"Quel âge a le client ? ({rule_fr})")
    if kind == "employment" and p.employment is None:
        return Reason("eligibility", f"Is the client working, and how many hours a week? ({rule_en})",
                      f"Le client travaille-t-il, et combien d’heures par semaine ? ({rule_fr})")
    en, fr = _capital(verdict.en), _capital(_typo(verdict.fr))
    if "(" in en:
        return Reason("eligibility", en, fr)
    return Reason("eligibility", f"{en} ({rule_en})", f"{fr} ({rule_fr})")


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

def _client_kind_check(offer: Offer, client: Any) -> Reason | None:
    """A service whose financing is only for another kind of client (a loan for organisations) is
    left out for `client-kind` even without an explicit rule."""
    kinds = {f.client_kind for f in offer.service.financing}
    if offer.service.financing and None not in kinds and client.kind not in kinds:
        return Reason("client-kind", "financing only for another kind of client",
                      "financement réservé à un autre type de clientèle")
    return None


def match_need(need: m.Need, client: Any, directory: Directory, today: dt.date,
               taken: dict[str, int] | None = None) -> NeedResult:
    result = NeedResult(need)
    for offer in directory.by_topic.get(need.topic, ()):
        fits, out, ask, score = judge(offer, client, need, directory, today, taken)
        kind_reason = _client_kind_check(offer, client)
        if kind_reason is not None and not any(r.code == "client-kind" for r in out):
            out.append(kind_reason)
        cand = Candidate(offer.ref, offer.provider.id, offer.service, round(score, 2))
        if out:
            out.sort(key=lambda r: EXCLUSION_CODES.index(r.code))
            cand.reasons = out
            result.excluded.append(cand)
        elif ask:
            cand.reasons = fits
            cand.questions = ask
            result.to_confirm.append(cand)
        else:
            cand.reasons = fits
            result.matches.append(cand)
    result.matches.sort(key=lambda c: -c.score)
    result.to_confirm.sort(key=lambda c: (len(c.questions), -c.score))
    result.gap = not result.matches and not result.to_confirm
    if result.gap:
        result.nearest = sorted(result.excluded, key=_miss_weight)[:3]
    return result


def _miss_weight(c: Candidate) -> tuple:
    return (len(c.reasons), sum(WEIGHT.get(r.code, 2) for r in c.reasons), -c.score)


def match_client(client: Any, directory: Directory, today: dt.date,
                 taken: dict[str, int] | None = None) -> MatchResult:
    """Every need of `client` (by priority, then as written) against the directory."""
    needs = sorted(client.needs, key=lambda n: n.priority)
    return MatchResult(getattr(client, "id", None),
                       [match_need(n, client, directory, today, taken) for n in needs])


def places_taken(clients: Iterable[Any]) -> dict[str, int]:
    """Open (planned or active) plan steps per service ref, over the given clients."""
    counts: dict[str, int] = {}
    for c in clients:
        for step in getattr(c, "plan", ()) or ():
            if step.service and step.status in OPEN_STEPS:
                counts[step.service] = counts.get(step.service, 0) + 1
    return counts


# ---- JSON ---------------------------------------------------------------------------------------

def _reasons_json(reasons: list[Reason], lang: str) -> list[dict]:
    return [{"code": r.code, "detail": r.text(lang)} for r in reasons]


def result_json(result: MatchResult, lang: str = "en") -> dict:
    """The JSON contract of `cedta match --format json` (see the README)."""
    needs = []
    for n in result.needs:
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
                          "reasons": _reasons_json(c.reasons, lang)} for c in n.excluded],
            "gap": n.gap,
            "nearest": [c.ref for c in n.nearest],
        })
    return {"client": result.client_id, "needs": needs}
