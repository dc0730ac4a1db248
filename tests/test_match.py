"""Matching, the pure core: each reason code, each rule kind passing, failing and asking, the ranking,
a gap with its nearest misses, fees to confirm, and the JSON contract, on small hand-made directories."""

from __future__ import annotations

import datetime as dt

import pytest

from cedta.match import EXCLUSION_CODES, Directory, match_client, places_taken, result_json
from cedta.records import model as m
from cedta.records.vocab import builtin

TODAY = dt.date(2026, 11, 26)
VOCAB = builtin()


def service(id="s", **kw) -> dict:
    base = {"id": id, "topic": "business-plan", "modes": ["workshops"], "languages": ["en", "fr"],
            "levels": {"from": "beginner", "to": "advanced"}, "fees": "free"}
    base.update(kw)
    return base


def directory(*services: dict, provider="p", hubs=(), **pkw) -> Directory:
    prov = m.Provider.model_validate({"id": provider, "name": {"en": "Provider P", "fr": "Organisme P"},
                                      "kind": "non-profit", "services": list(services), **pkw})
    hub_records = [m.Hub.model_validate(h) for h in hubs]
    return Directory.build([prov], hub_records, None, VOCAB, TODAY)


def client(needs=None, kind="individual", hub="h", plan=(), **profile) -> m.Client:
    profile.setdefault("languages", {"speaks": ["en"], "reads_writes": ["en"]})
    return m.Client.model_validate({
        "id": "c-1", "kind": kind, "hub": hub,
        "intake": {"date": "2026-01-05", "by": "p"}, "consent": {"given": "2026-01-05"},
        "profile": profile,
        "needs": needs if needs is not None else [{"topic": "business-plan", "level": "beginner"}],
        "plan": list(plan),
    })


def one(result):
    assert len(result.needs) == 1
    return result.needs[0]


def codes(cand):
    return [r.code for r in cand.reasons]


# ---- each exclusion code -----------------------------------------------------------------------

EXCLUDED = [
    ("language", service(languages=["fr"]), {}),
    ("level", service(levels={"from": "advanced", "to": "advanced"}), {}),
    ("fee", service(fees=[{"amount": 150}]), {"budget": {"max_fee": 0}}),
    ("schedule", service(schedule={"times": ["weekdays"]}), {"availability": ["evenings"]}),
    ("eligibility", service(eligibility=[{"age": {"min": 15, "max": 30}}]), {"birth_year": 1960}),
    ("expired", service(valid={"until": "2009-12-31"}), {}),
    ("stage", service(stages=["established"]), {"stage": "idea"}),
    ("client-kind", service(eligibility=[{"client_kind": {"in": ["organisation"]}}]), {}),
]


@pytest.mark.parametrize("code,svc,profile", EXCLUDED)
def test_each_exclusion_code_leaves_the_service_out_with_words_in_both_languages(code, svc, profile):
    need = one(match_client(client(**profile), directory(svc), TODAY))
    assert not need.matches and not need.to_confirm
    [cand] = need.excluded
    assert codes(cand) == [code]
    assert cand.reasons[0].en and cand.reasons[0].fr and cand.reasons[0].en != cand.reasons[0].fr
    assert need.gap and need.nearest == [cand]


@pytest.mark.parametrize("svc", [service(eligibility=[{"member_of": {"org": "p"}}]),
                                 service(fees=[{"amount": 10, "applies_to": "members"}])])
def test_members_only_is_something_the_client_can_join_so_it_is_asked_with_the_membership_fee(svc):
    # F5: a chamber or a women's network is joined for a fee; it was left out for "membership"
    d = directory(svc, membership={"fees": [{"min": 150, "max": 800, "unit": "membership-year"}]})
    need = one(match_client(client(), d, TODAY))
    assert not need.matches and not need.excluded
    [q] = need.to_confirm[0].questions
    assert q.code == "membership"
    assert q.en == "Membership required (Provider P): ask about joining — $150–$800 membership a year"
    assert q.fr == ("Adhésion exigée (Organisme P) : demander comment devenir membre — "
                    "150 $ à 800 $ par année d’adhésion")
    # a member is not asked
    assert one(match_client(client(memberships=["p"]), d, TODAY)).matches


def test_capacity_counts_other_clients_open_plan_steps():
    d = directory(service(capacity={"count": 2, "per": "year"}))
    step = {"topic": "business-plan", "service": "p/s", "status": "active"}
    others = [client(plan=[step]), client(plan=[dict(step, status="planned")]),
              client(plan=[dict(step, status="done")])]
    taken = places_taken(others)
    assert taken == {"p/s": 2}
    need = one(match_client(client(), d, TODAY, taken))
    assert codes(need.excluded[0]) == ["capacity"]
    assert "2 places a year, 2 taken" in need.excluded[0].reasons[0].en
    assert one(match_client(client(), d, TODAY, {"p/s": 1})).matches


def test_a_service_can_have_several_reasons_in_a_fixed_order():
    svc = service(languages=["fr"], fees=[{"amount": 150}], levels={"from": "advanced", "to": "advanced"})
    need = one(match_client(client(budget={"max_fee": 0}), directory(svc), TODAY))
    assert codes(need.excluded[0]) == ["language", "level", "fee"]
    assert need.excluded[0].reasons[0].en == "in French only; the client speaks English"
    assert need.excluded[0].reasons[2].en == "$150, over the budget of $0"
    assert need.excluded[0].reasons[2].fr == "150 $, au-delà du budget de 0 $"


def test_written_material_needs_a_language_the_client_reads():
    svc = service(modes=["guides"], languages=["en"])
    c = client(languages={"speaks": ["es", "en"], "reads_writes": ["es"]})
    need = one(match_client(c, directory(svc), TODAY))
    assert codes(need.excluded[0]) == ["language"]
    assert "written material" in need.excluded[0].reasons[0].en


def test_a_service_not_yet_offered_is_left_out_as_expired():
    need = one(match_client(client(), directory(service(valid={"from": "2027-01-01"})), TODAY))
    assert codes(need.excluded[0]) == ["expired"]
    assert "from January 1, 2027" in need.excluded[0].reasons[0].en and "1er janvier 2027" in need.excluded[0].reasons[0].fr


# ---- fitting reasons, closeness and ranking ---------------------------------------------------

def test_fitting_reasons_say_why():
    svc = service(schedule={"times": ["evenings"]}, stages=["idea"], populations=["immigrants"],
                  fees=[{"amount": 20}])
    hub = {"id": "h", "name": {"en": "Test hub", "fr": "Centre d’essai"}, "population": "immigrants",
           "director": "p", "members": ["p"]}
    c = client(availability=["evenings"], stage="idea", populations=["immigrants"], budget={"max_fee": 50},
               preferred_modes=["workshops"])
    [cand] = one(match_client(c, directory(svc, hubs=[hub]), TODAY)).matches
    assert codes(cand) == ["language", "level", "fee", "schedule", "mode", "stage", "population", "hub"]
    words = [r.text("en") for r in cand.reasons]
    assert "$20, within the budget of $50" in words
    assert "a member of the Test hub" in words
    assert "membre du Centre d’essai" in [r.text("fr") for r in cand.reasons]


def test_one_level_away_and_a_neighbouring_mode_rank_lower_with_that_said():
    exact = service("exact")
    above = service("above", levels={"from": "intermediate", "to": "advanced"})
    near_mode = service("near-mode", modes=["facilitation"])
    c = client(preferred_modes=["workshops"])
    need = one(match_client(c, directory(above, near_mode, exact), TODAY))
    assert [x.ref for x in need.matches] == ["p/exact", "p/near-mode", "p/above"]
    assert any(r.near and "with that said" in r.en and "one level above" in r.en for r in need.matches[2].reasons)
    assert any(r.near and r.code == "mode" for r in need.matches[1].reasons)
    assert need.matches[0].score > need.matches[1].score > need.matches[2].score


def test_member_prices_for_members():
    svc = service(fees=[{"amount": 100, "applies_to": "non-members"}, {"amount": 10, "applies_to": "members"}])
    d = directory(svc)
    assert one(match_client(client(budget={"max_fee": 20}, memberships=["p"]), d, TODAY)).matches
    # a non-member: over the budget at the public price, within it as a member: joining is asked
    # (newcomer 12, NC12-12: it was left out for its fee)
    need = one(match_client(client(budget={"max_fee": 20}), d, TODAY))
    [cand] = need.to_confirm
    assert [q.code for q in cand.questions] == ["membership"]
    assert any("for members" in r.en for r in cand.reasons)
    # over the budget as a member too: left out for its fee
    need = one(match_client(client(budget={"max_fee": 5}), d, TODAY))
    assert codes(need.excluded[0]) == ["fee"]


# ---- three-valued: to confirm ------------------------------------------------------------------

@pytest.mark.parametrize("fees", ["unknown", "user-pays"])
def test_a_fee_not_stated_against_a_budget_is_to_confirm(fees):
    need = one(match_client(client(budget={"max_fee": 0}), directory(service(fees=fees)), TODAY))
    assert not need.matches and not need.excluded and not need.gap
    [cand] = need.to_confirm
    assert [q.code for q in cand.questions] == ["fee"]
    assert "ask the price" in cand.questions[0].en and "demander le prix" in cand.questions[0].fr
    # no budget on record: nothing to hold against the fee
    assert one(match_client(client(), directory(service(fees=fees)), TODAY)).matches


def test_an_undecidable_rule_is_to_confirm_with_the_question_in_both_languages():
    svc = service(eligibility=[{"ei": {"within_years": 3}}])
    need = one(match_client(client(), directory(svc), TODAY))
    [cand] = need.to_confirm
    q = cand.questions[0]
    assert q.en.startswith("Is the client receiving Employment Insurance, or did they in the last 3 years?")
    assert q.fr.startswith("Le client reçoit-il de l’assurance-emploi")
    data = result_json(match_client(client(), directory(svc), TODAY), "fr")
    assert data["needs"][0]["to_confirm"][0]["questions"] == [q.fr]


RULES = [
    # (rule, passing profile, failing profile, asking profile)
    ({"age": {"min": 15, "max": 30}}, {"birth_year": 2000}, {"birth_year": 1960}, {}),
    ({"ei": {"within_years": 3}}, {"ei": {"status": "current"}}, {"ei": {"status": "never"}}, {}),
    ({"ei": {"not_within_years": 3}}, {"ei": {"status": "never"}}, {"ei": {"status": "current"}}, {}),
    ({"employment": {"status": "unemployed"}}, {"employment": {"status": "unemployed"}},
     {"employment": {"status": "employed"}}, {}),
    ({"employment": {"max_hours_per_week": 19}}, {"employment": {"status": "employed", "hours_per_week": 10}},
     {"employment": {"status": "employed", "hours_per_week": 30}}, {"employment": {"status": "employed"}}),
    # an individual with no organisation is not asked: left out for client-kind (test_match_profiles)
    ({"org_type": {"in": ["co-operative"]}}, {"org_type": "co-operative"}, {"org_type": "business"}, None),
    ({"population": {"in": ["youth"]}}, {"populations": ["youth"]}, {"populations": ["women"], "birth_year": 1960},
     {}),
    ({"has": {"all": ["business-plan"]}}, {"has": ["business-plan"]}, {"has": []}, None),
    ({"region": {"in": ["ottawa"]}}, {"region": "ottawa"}, {"region": "outaouais"}, {}),
    ({"reads_writes": {"any": ["fr"]}}, {"languages": {"speaks": ["en"], "reads_writes": ["fr"]}},
     {}, {"languages": {"speaks": ["en"]}}),
    ({"returning_to_school": {"value": True}}, {"returning_to_school": True}, {"returning_to_school": False}, {}),
]


@pytest.mark.parametrize("rule,passing,failing,asking", RULES, ids=[next(iter(r[0])) for r in RULES])
def test_each_rule_kind_passes_fails_and_asks(rule, passing, failing, asking):
    d = directory(service(eligibility=[rule]))
    assert one(match_client(client(**passing), d, TODAY)).matches
    need = one(match_client(client(**failing), d, TODAY))
    assert need.excluded and need.excluded[0].reasons[0].code in ("eligibility", "membership")
    if asking is not None:
        need = one(match_client(client(**asking), d, TODAY))
        assert need.to_confirm and need.to_confirm[0].questions[0].code == "eligibility"
        assert need.to_confirm[0].questions[0].fr


def test_a_failed_rule_is_named_in_the_words_of_describe_with_the_clients_fact():
    d = directory(service(eligibility=[{"ei": {"within_years": 3}}]))
    need = one(match_client(client(ei={"status": "never"}), d, TODAY))
    r = need.excluded[0].reasons[0]
    assert r.en == "not met: EI claimant now or within 3 years (never on EI)"
    assert r.fr.startswith("critère non rempli — prestataire de l’AE actuel")


# ---- gaps and nearest misses ------------------------------------------------------------------

def test_a_gap_lists_the_nearest_misses_fewest_and_lightest_reasons_first():
    far = service("far", languages=["fr"], levels={"from": "advanced", "to": "advanced"})
    lang = service("lang", languages=["fr"])
    sched = service("sched", schedule={"times": ["weekdays"]})
    need = one(match_client(client(availability=["evenings"]), directory(far, lang, sched), TODAY))
    assert need.gap
    assert [c.ref for c in need.nearest] == ["p/sched", "p/lang", "p/far"]


def test_a_topic_no_service_offers_is_a_gap_without_nearest():
    c = client(needs=[{"topic": "legal", "level": "advanced"}])
    need = one(match_client(c, directory(service()), TODAY))
    assert need.gap and need.nearest == [] and need.excluded == []


def test_needs_come_by_priority():
    c = client(needs=[{"topic": "legal", "priority": 3}, {"topic": "business-plan", "priority": 1}])
    r = match_client(c, directory(service()), TODAY)
    assert [n.need.topic for n in r.needs] == ["business-plan", "legal"]


# ---- the directory's copy for levers, and the JSON contract ------------------------------------

def test_with_service_replaces_one_service_in_a_copy():
    d = directory(service(languages=["fr"]), service("other", topic="legal"))
    c = client(languages={"speaks": ["es"], "reads_writes": ["es"]})
    assert one(match_client(c, d, TODAY)).gap
    lever = d.with_service("p", m.Service.model_validate(service(languages=["fr", "es"])))
    assert one(match_client(c, lever, TODAY)).matches
    assert one(match_client(c, d, TODAY)).gap  # the original is unchanged
    assert len(lever.services) == len(d.services) == 2
    added = d.with_service("p", m.Service.model_validate(service("new", languages=["es"])))
    assert [x.ref for x in one(match_client(c, added, TODAY)).matches] == ["p/new"]


def test_result_json_follows_the_contract():
    d = directory(service("fit"), service("out", languages=["fr"]),
                  service("ask", eligibility=[{"age": {"min": 18}}]))
    data = result_json(match_client(client(), d, TODAY), "en")
    assert data["client"] == "c-1"
    [need] = data["needs"]
    assert set(need) == {"topic", "level", "priority", "matches", "to_confirm", "excluded", "gap", "nearest", "waits_on"}
    assert need["matches"][0]["service"] == "p/fit" and need["matches"][0]["provider"] == "p"
    assert set(need["matches"][0]) == {"service", "provider", "score", "reasons"}
    assert set(need["matches"][0]["reasons"][0]) == {"code", "detail"}
    assert set(need["to_confirm"][0]) == {"service", "provider", "score", "questions", "reasons"}
    # an excluded service also lists what would still be asked if what leaves it out were lifted (F13)
    assert need["excluded"] == [{"service": "p/out", "provider": "p", "reasons": [
        {"code": "language", "detail": "in French only; the client speaks English"}], "questions": []}]
    assert need["gap"] is False and need["waits_on"] is None
    assert set(EXCLUSION_CODES) == {"language", "level", "fee", "schedule", "eligibility", "membership",
                                    "capacity", "expired", "stage", "client-kind", "tried"}


def test_rules_about_a_person_leave_an_organisation_out_for_client_kind():
    d = directory(service(eligibility=[{"age": {"min": 15, "max": 29}}, {"employment": {"status": "student"}}]))
    need = one(match_client(client(kind="organisation"), d, TODAY))
    # one reason for all the rules about a person (F15: "pour les particuliers : 15 à 30 ans · pour les
    # particuliers : sans emploi" read as two)
    assert codes(need.excluded[0]) == ["client-kind"]
    assert need.excluded[0].reasons[0].en == "for individuals only (age 15–29, student)"
    assert need.excluded[0].reasons[0].fr == "réservé aux particuliers (15 à 29 ans, aux études)"
    assert not need.to_confirm  # an organisation is not asked its age


def test_a_neighbouring_mode_is_named_in_lower_case_mid_sentence():
    [cand] = one(match_client(client(preferred_modes=["workshops"]), directory(service(modes=["facilitation"])),
                              TODAY)).matches
    assert "with that said: Facilitation, close to the preferred workshops" in [r.en for r in cand.reasons]


# ---- the group summary's fast path gives the same counts as matching each client ------------------

def _shipped_dataset():
    from pathlib import Path

    from cedta.io.store import DataRoot
    from cedta.records import checks

    root = DataRoot(Path(__file__).resolve().parents[1] / "data")
    return checks.load_dataset([root.read(f) for f in root.files()])


def _variants(ds):
    """The shipped clients, and each of them with other languages, budget, times, stage, EI..."""
    import itertools

    base = [e.record for e in ds.clients.values()]
    changes = [
        {"languages": {"speaks": ["es"], "reads_writes": ["es"]}},
        {"languages": {"speaks": ["fr"], "reads_writes": []}},
        {"budget": {"max_fee": 0}}, {"budget": {"max_fee": 50}}, {"availability": ["evenings"]},
        {"stage": "established"}, {"ei": {"status": "current"}}, {"birth_year": 2005},
        {"org_type": "business"}, {"founding": "co-operative"}, {"memberships": ["ottawa-chamber-of-commerce"]},
    ]
    out = list(base)
    for c, change in itertools.product(base, changes):
        profile = c.profile.model_dump(by_alias=True, exclude_none=True) | change
        out.append(c.model_copy(update={"profile": m.Profile.model_validate(profile)}))
    return out


def test_the_summary_fast_path_counts_like_matching_each_client():
    from cedta.match.summary import summarize, summarize_clients

    ds = _shipped_dataset()
    d = Directory.build([e.record for e in ds.providers.values()], [e.record for e in ds.hubs.values()],
                        ds.network.record, ds.vocab, TODAY)
    clients = _variants(ds)
    taken = places_taken(clients)
    slow = summarize((match_client(c, d, TODAY, taken) for c in clients), d.levels)
    fast = summarize_clients(clients, d, TODAY, taken)
    assert fast.clients == slow.clients == len(clients)
    assert [vars(g) for g in fast.groups] == [vars(g) for g in slow.groups]
    assert any(g.without for g in fast.groups) and any(g.only_to_confirm for g in fast.groups)


# ---- money given meets a financing need (hub review) ------------------------------------------

def test_a_service_that_gives_money_meets_a_financing_need_and_says_how_much():
    grant = service("summer", topic="self-employment", financing=[
        {"kind": "grant", "amount": 1500, "label": {"en": "start-up costs", "fr": "coûts de démarrage"}},
        {"kind": "loan", "up_to": 75000, "client_kind": "organisation"}])
    d = directory(grant)
    need = one(match_client(client(needs=[{"topic": "financing", "level": "beginner"}]), d, TODAY))
    [fit] = need.matches
    words = {r.code: (r.en, r.fr) for r in fit.reasons}
    # only the offers for this kind of client are named
    assert words["financing"] == ("grant of $1,500 (start-up costs)", "subvention de 1\u202f500 $ (coûts de démarrage)")
    # and the service still meets its own topic
    assert one(match_client(client(needs=[{"topic": "self-employment", "level": "beginner"}]), d, TODAY)).matches


def test_with_service_keeps_a_money_giving_service_under_both_topics_once():
    d = directory(service("a", topic="self-employment", financing=[{"kind": "grant", "amount": 10}]), service("b"))
    changed = m.Service.model_validate(service("a", topic="self-employment", languages=["fr"],
                                               financing=[{"kind": "grant", "amount": 20}]))
    d2 = d.with_service("p", changed)
    assert [o.ref for o in d2.by_topic["financing"]] == ["p/a"]
    assert [o.ref for o in d2.by_topic["self-employment"]] == ["p/a"]
    assert d2.by_topic["financing"][0].languages == frozenset({"fr"})
    plain = m.Service.model_validate(service("a", topic="self-employment"))
    assert d.with_service("p", plain).by_topic.get("financing") == []


def test_a_service_of_the_funding_mode_meets_a_financing_need():
    d = directory(service("mentoring-and-money", topic="mentoring", modes=["mentoring", "funding"]))
    need = one(match_client(client(needs=[{"topic": "financing", "level": "beginner"}]), d, TODAY))
    assert [c.ref for c in need.matches] == ["p/mentoring-and-money"]
