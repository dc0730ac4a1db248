"""Eligibility rules checked against a client: each rule passes, fails, or cannot be decided because
a fact is missing from the client's profile ("ask"), and says why in English and French.
Pure: a rule, a client and today's date in; a verdict out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cedta.records import model as m

PASS, FAIL, ASK = "pass", "fail", "ask"


@dataclass(frozen=True)
class Verdict:
    outcome: str  # pass, fail or ask
    en: str
    fr: str

    def reason(self, lang: str = "en") -> str:
        return self.fr if lang == "fr" else self.en



# organisation types whose French name is feminine (coopérative, entreprise, association)
_FEMININE_TYPES = frozenset({"co-operative", "social-enterprise", "business", "association"})


def _founds_fr(types) -> str:
    """« qui en fonde un », « … une » or « qui fonde l’un d’eux », as the French names of `types` ask."""
    feminine = {t in _FEMININE_TYPES for t in types}
    return "qui en fonde une" if feminine == {True} else "qui en fonde un" if feminine == {False} else "qui fonde l’un d’eux"


def _years(n: int) -> str:
    """"1 year", "3 years" (not "within 1 years": newcomer 12, NC12-2)."""
    return f"{n} year" if n == 1 else f"{n} years"


def _ans(n: int) -> str:
    return f"{n} an" if n == 1 else f"{n} ans"


def _annees(n: int) -> str:
    """« de la dernière année », « des 3 dernières années »."""
    return "de la dernière année" if n == 1 else f"des {n} dernières années"


def _within_years(ended: dt.date, today: dt.date, n: int) -> bool:
    """Whether `ended` is within `n` years of `today`, by the calendar: a claim that ended on
    2023-11-27 is within 3 years on 2026-11-27, whatever the leap days between (review 11, Y7)."""
    try:
        since = today.replace(year=today.year - n)
    except ValueError:  # 29 February, in a year without one
        since = today.replace(year=today.year - n, day=28)
    return ended >= since


def _join(items, lang: str, vocab=None, category: str | None = None) -> str:
    words = [vocab.label(category, i, lang) if vocab and category else str(i) for i in items]
    last = " ou " if lang == "fr" else " or "
    if len(words) <= 2:
        return last.join(words)
    return ", ".join(words[:-1]) + last + words[-1]  # a, b or c


def within(populations, vocab=None) -> frozenset:
    """Recorded populations with those they are part of (`part_of` in the network's vocabulary:
    an Anishinaabe client is Indigenous, a Franco-Ontarian francophone)."""
    pops = frozenset(populations)
    if vocab is None or not pops:
        return pops
    terms = vocab.terms("populations")
    wider = {w for x in pops for w in getattr(terms.get(x), "part_of", ())}
    while wider - pops:
        pops = pops | wider
        wider = {w for x in pops for w in getattr(terms.get(x), "part_of", ())}
    return pops


def evaluate(rule: m.EligibilityRule, client: m.Client, today: dt.date, vocab=None,
             populations: frozenset | None = None) -> Verdict:
    """Check one rule against one client. `populations`: the client's, with those they are part
    of, when the caller has them (else worked out from `vocab`)."""
    p = client.profile
    kind, body = rule.kind, rule.body

    if kind == "age":
        span_en = (f"{body.min}-{body.max}" if body.min is not None and body.max is not None
                   else f"{body.min} or older" if body.min is not None else f"{body.max} or younger")
        span_fr = (f"{body.min} à {body.max} ans" if body.min is not None and body.max is not None
                   else f"{body.min} ans ou plus" if body.min is not None else f"{body.max} ans ou moins")
        if p.birth_year is None:
            return Verdict(ASK, f"ask the client's age (must be {span_en})",
                           f"demander l'âge du client (doit avoir {span_fr})")
        # Only the birth year is kept: the age is known to within one year.
        young, old = today.year - p.birth_year - 1, today.year - p.birth_year
        lo = body.min if body.min is not None else 0
        hi = body.max if body.max is not None else 200
        if lo <= young and old <= hi:
            return Verdict(PASS, f"age {old} is within {span_en}", f"âge de {old} ans : dans la tranche {span_fr}")
        if old < lo or young > hi:
            return Verdict(FAIL, f"age {old} is outside {span_en}", f"âge de {old} ans : hors de la tranche {span_fr}")
        return Verdict(ASK, f"born in {p.birth_year}: check the birthday against {span_en}",
                       f"né(e) en {p.birth_year} : vérifier la date d'anniversaire ({span_fr})")

    if kind == "ei":
        if p.ei is None:
            return Verdict(ASK, "ask about Employment Insurance (EI)", "demander la situation d'assurance-emploi (AE)")
        if body.within_years is not None:
            n = body.within_years
            want_en = "a current EI claimant" if n == 0 else f"an EI claimant now or within {_years(n)}"
            want_fr = "prestataire actuel de l'AE" if n == 0 else f"prestataire de l'AE actuel ou {_annees(n)}"
            ok = p.ei.status == "current" or (
                p.ei.status == "past" and n > 0 and _within_years(p.ei.ended, today, n))
        else:
            n = body.not_within_years
            want_en = f"not on EI now nor within {_years(n)}"
            want_fr = f"ne pas avoir touché d'AE depuis {_ans(n)} ni maintenant"
            ok = p.ei.status == "never" or (
                p.ei.status == "past" and not _within_years(p.ei.ended, today, n))
        have_en = {"never": "never on EI", "current": "on EI now"}.get(
            p.ei.status, f"EI ended {p.ei.ended}")
        have_fr = {"never": "jamais prestataire de l'AE", "current": "prestataire de l'AE actuellement"}.get(
            p.ei.status, f"AE terminée le {p.ei.ended}")
        return Verdict(PASS if ok else FAIL, f"{have_en}; the service wants {want_en}",
                       f"{have_fr} ; le service exige : {want_fr}")

    if kind == "employment":
        e = p.employment
        if e is None:
            return Verdict(ASK, "ask about employment", "demander la situation d'emploi")
        if body.status is not None and e.status != body.status:
            return Verdict(FAIL, f"{e.status}; the service wants {body.status}",
                           f"situation : {e.status} ; le service exige : {body.status}")
        if body.max_hours_per_week is not None:
            if e.hours_per_week is None:
                if e.status == "unemployed":
                    return Verdict(PASS, "unemployed", "sans emploi")
                return Verdict(ASK, f"ask hours worked a week (at most {body.max_hours_per_week})",
                               f"demander les heures travaillées par semaine (au plus {body.max_hours_per_week})")
            if e.hours_per_week > body.max_hours_per_week:
                return Verdict(FAIL, f"works {e.hours_per_week} h a week, over {body.max_hours_per_week}",
                               f"travaille {e.hours_per_week} h par semaine, plus de {body.max_hours_per_week}")
        return Verdict(PASS, f"employment fits ({e.status})", f"situation d'emploi conforme ({e.status})")

    if kind == "member_of":
        if body.org in p.memberships:
            return Verdict(PASS, f"member of {body.org}", f"membre de {body.org}")
        return Verdict(FAIL, f"members of {body.org} only", f"réservé aux membres de {body.org}")

    if kind == "client_kind":
        ok = client.kind in body.in_
        wanted = _join(body.in_, "en", vocab, "client_kinds")
        return Verdict(PASS if ok else FAIL, f"for {wanted}" + ("" if ok else f", not {client.kind}"),
                       f"pour : {_join(body.in_, 'fr', vocab, 'client_kinds')}")

    if kind == "org_type":
        # With `founding`, a group founding such an organisation qualifies: it has no type of its
        # own yet (`org_type` unset) and says what it founds (`founding`).
        if body.founding and p.founding in body.in_ and p.org_type not in body.in_:
            return Verdict(PASS, f"founding a {_join([p.founding], 'en', vocab, 'org_types')}",
                           f"fonde : {_join([p.founding], 'fr', vocab, 'org_types')}")
        also_en = ", or a group founding one" if body.founding else ""
        also_fr = f", ou un groupe {_founds_fr(body.in_)}" if body.founding else ""
        if client.kind == "individual" and p.org_type is None:
            # a person, not an organisation: the rule is about the kind of client (§4.2.3: these
            # services are for organisations and groups)
            return Verdict(FAIL, f"for organisations ({_join(body.in_, 'en', vocab, 'org_types')}{also_en}); "
                                 "the client is an individual",
                           f"pour les organismes ({_join(body.in_, 'fr', vocab, 'org_types')}{also_fr}) ; "
                           "le client est un particulier")
        if p.org_type is None and p.founding is not None and not body.founding:
            # a group founding something the rule does not name as foundable: the provider decides
            founding_en = _join([p.founding], 'en', vocab, 'org_types')
            founding_fr = _join([p.founding], 'fr', vocab, 'org_types')
            return Verdict(ASK, f"ask whether the service takes a group founding a {founding_en} (it is for "
                                f"{_join(body.in_, 'en', vocab, 'org_types')})",
                           f"demander si le service accepte un groupe fondateur (projet : {founding_fr} ; le service s'adresse à : "
                           f"{_join(body.in_, 'fr', vocab, 'org_types')})")
        if p.org_type is None and not (body.founding and p.founding is not None):
            return Verdict(ASK, f"ask what type of organisation the client is (the service is for "
                                f"{_join(body.in_, 'en', vocab, 'org_types')}{also_en})",
                           f"demander quel type d'organisme est le client (le service s'adresse à : "
                           f"{_join(body.in_, 'fr', vocab, 'org_types')}{also_fr})")
        ok = p.org_type in body.in_
        if p.org_type is None:  # founding something else
            return Verdict(FAIL, f"reserved for {_join(body.in_, 'en', vocab, 'org_types')}; founding a {p.founding}",
                           f"réservé : {_join(body.in_, 'fr', vocab, 'org_types')} ; fonde : {p.founding}")
        return Verdict(PASS if ok else FAIL,
                       f"reserved for {_join(body.in_, 'en', vocab, 'org_types')}" + ("" if ok else f"; this is a {p.org_type}"),
                       f"réservé : {_join(body.in_, 'fr', vocab, 'org_types')}" + ("" if ok else f" ; ici : {p.org_type}"))

    if kind == "population":
        pops = populations if populations is not None else within(p.populations, vocab)
        ok = any(x in pops for x in body.in_)
        return Verdict(PASS if ok else (FAIL if p.populations else ASK),
                       f"for {_join(body.in_, 'en', vocab, 'populations')}",
                       f"pour : {_join(body.in_, 'fr', vocab, 'populations')}")

    if kind == "has":
        missing = [x for x in body.all if x not in p.has]
        if not missing:
            return Verdict(PASS, f"has {', '.join(body.all)}", f"a : {', '.join(body.all)}")
        return Verdict(FAIL, f"requires {', '.join(missing)}", f"exige : {', '.join(missing)}")

    if kind == "region":
        if p.region is None:
            return Verdict(ASK, "ask the client's region", "demander la région du client")
        ok = p.region in body.in_
        return Verdict(PASS if ok else FAIL, f"serves {_join(body.in_, 'en', vocab, 'regions')}",
                       f"dessert : {_join(body.in_, 'fr', vocab, 'regions')}")

    if kind == "reads_writes":
        if not p.languages.reads_writes:
            return Verdict(ASK, "ask which languages the client reads and writes",
                           "demander les langues que le client lit et écrit")
        ok = any(x in p.languages.reads_writes for x in body.any)
        return Verdict(PASS if ok else FAIL,
                       f"requires reading and writing {_join(body.any, 'en', vocab, 'languages')}",
                       f"exige de lire et d'écrire : {_join(body.any, 'fr', vocab, 'languages')}")

    if kind == "returning_to_school":
        if p.returning_to_school is None:
            return Verdict(ASK, "ask whether the client returns to school", "demander si le client retourne aux études")
        ok = p.returning_to_school == body.value
        return Verdict(PASS if ok else FAIL,
                       "for students returning to school" if body.value else "not for students returning to school",
                       "pour les élèves qui retournent aux études" if body.value else "pas pour les élèves qui retournent aux études")

    if kind == "foreign_trained_professional":
        if p.foreign_trained_professional is None:
            return Verdict(ASK, "ask whether the client is a professional trained abroad",
                           "demander si le client est un professionnel formé à l'étranger")
        ok = p.foreign_trained_professional == body.value
        return Verdict(PASS if ok else FAIL,
                       "for professionals trained abroad" if body.value else "not for professionals trained abroad",
                       "pour les professionnels formés à l'étranger" if body.value
                       else "pas pour les professionnels formés à l'étranger")

    if kind == "indigenous_owned":
        n = body.min_percent
        share = p.indigenous_ownership_percent
        indigenous = "indigenous" in (populations if populations is not None else within(p.populations, vocab))
        if share is None and client.kind == "individual" and p.populations:
            # an individual's own business: owned by an Indigenous person or not (an Anishinaabe
            # person too, when the network's vocabulary makes that population part of `indigenous`)
            if indigenous:
                return Verdict(PASS, "an Indigenous person starting a business",
                               "une personne autochtone qui fonde une entreprise")
            return Verdict(FAIL, "the client is not Indigenous", "le client n'est pas autochtone")
        if share is None and p.populations:
            # an organisation's recorded populations are taken as the answer, as a person's are
            # (coordinator pass 10, D5: a co-op of immigrant women was asked its Indigenous share,
            # and its need for capital never reached the forum); a share recorded overrides them
            if indigenous:
                return Verdict(ASK, f"ask the share of the business owned by Indigenous people (at least {n}%)",
                               f"demander la part de l'entreprise détenue par des Autochtones (au moins {n} %)")
            return Verdict(FAIL, "the record does not name Indigenous people among its populations "
                                 "(record indigenous_ownership_percent if they own it)",
                           "le dossier ne compte pas les Autochtones parmi ses populations "
                           "(notez indigenous_ownership_percent s'ils en sont propriétaires)")
        if share is None:
            return Verdict(ASK, f"ask the share of the business owned by Indigenous people (at least {n}%)",
                           f"demander la part de l'entreprise détenue par des Autochtones (au moins {n} %)")
        ok = share >= n
        return Verdict(PASS if ok else FAIL, f"{share}% Indigenous-owned; the service wants at least {n}%",
                       f"détenue à {share} % par des Autochtones ; le service exige au moins {n} %")

    if kind == "any_of":
        verdicts = [evaluate(r, client, today, vocab, populations) for r in body]
        for outcome in (PASS, ASK):
            chosen = [v for v in verdicts if v.outcome == outcome]
            if chosen:
                return Verdict(outcome, " or ".join(v.en for v in chosen), " ou ".join(v.fr for v in chosen))
        return Verdict(FAIL, " and ".join(v.en for v in verdicts), " et ".join(v.fr for v in verdicts))

    raise ValueError(f"unknown rule kind {kind}")  # unreachable: the model admits only known kinds


def describe(rule: m.EligibilityRule, lang: str = "en", vocab=None) -> str:
    """What a rule asks, in a few words: `age 15–30`, `EI claimant now or within 3 years`."""
    fr = lang == "fr"
    kind, body = rule.kind, rule.body
    if kind == "age":
        if body.min is not None and body.max is not None:
            return f"{body.min} à {body.max} ans" if fr else f"age {body.min}–{body.max}"
        if body.min is not None:
            return f"{body.min} ans ou plus" if fr else f"age {body.min} or older"
        return f"{body.max} ans ou moins" if fr else f"age {body.max} or younger"
    if kind == "ei":
        if body.within_years is not None:
            n = body.within_years
            if n == 0:
                return "prestataire actuel de l’AE" if fr else "current EI claimant"
            return (f"prestataire de l’AE actuel ou {_annees(n)}" if fr
                    else f"EI claimant now or within {_years(n)}")
        n = body.not_within_years
        return (f"pas d’AE depuis {_ans(n)}" if fr else f"not on EI within {_years(n)}")
    if kind == "employment":
        parts = []
        if body.status:
            status = {"unemployed": ("unemployed", "sans emploi"), "employed": ("employed", "en emploi"),
                      "self-employed": ("self-employed", "travailleur autonome"),
                      "student": ("student", "aux études")}[body.status]
            parts.append(status[1] if fr else status[0])
        if body.max_hours_per_week is not None:
            parts.append(f"au plus {body.max_hours_per_week} h de travail par semaine" if fr
                         else f"at most {body.max_hours_per_week} h of work a week")
        return ", ".join(parts)
    if kind == "member_of":
        return f"membres de {body.org}" if fr else f"members of {body.org}"
    if kind == "org_type" and body.founding:
        words = _join(body.in_, lang, vocab, "org_types")
        return (f"pour : {words}, ou un groupe {_founds_fr(body.in_)}" if fr
                else f"for {words}, or a group founding one")
    if kind == "foreign_trained_professional":
        if body.value:
            return "professionnels formés à l’étranger" if fr else "professionals trained abroad"
        return "pas les professionnels formés à l’étranger" if fr else "not professionals trained abroad"
    if kind == "indigenous_owned":
        n = body.min_percent
        return (f"détenue à au moins {n} % par des Autochtones" if fr
                else f"at least {n}% Indigenous-owned")
    if kind == "any_of":
        parts = [describe(r, lang, vocab) for r in body]  # "either for individual, or for non-profit" (coordinator 11, E10)
        return ("soit " + ", soit ".join(parts)) if fr else ("either " + ", or ".join(parts))
    if kind in ("client_kind", "org_type", "population", "region"):
        category = {"client_kind": "client_kinds", "org_type": "org_types", "population": "populations",
                    "region": "regions"}[kind]
        return ("pour : " if fr else "for ") + _join(body.in_, lang, vocab, category)
    if kind == "has":
        words = {"business-idea": ("a business idea", "une idée d’entreprise"),
                 "business-plan": ("a business plan", "un plan d’entreprise")}
        items = [words[x][1 if fr else 0] for x in body.all]
        return ("doit avoir " if fr else "has ") + (" et " if fr else " and ").join(items)
    if kind == "reads_writes":
        return ("lit et écrit " if fr else "reads and writes ") + _join(body.any, lang, vocab, "languages")
    if kind == "returning_to_school":
        if body.value:
            # (a rule, not a fact of the client: « critère non rempli — retourne aux études » read as one: C13-9)
            return "retour aux études exigé" if fr else "returning to school"
        return "ne retourne pas aux études" if fr else "not returning to school"
    return kind
