"""Eligibility rules: each kind passes, fails, or asks for a missing fact, and says why in both languages."""

from __future__ import annotations

import datetime as dt

import pytest

from cedta.records import model as m
from cedta.records.eligibility import ASK, FAIL, PASS, evaluate
from cedta.records.vocab import builtin

TODAY = dt.date(2026, 11, 26)
VOCAB = builtin()


def client(kind="individual", **profile) -> m.Client:
    return m.Client.model_validate({
        "id": "c-1", "kind": kind, "hub": "h",
        "intake": {"date": "2026-01-05", "by": "p"}, "consent": {"given": "2026-01-05"},
        "profile": profile,
    })


def rule(**body) -> m.EligibilityRule:
    return m.EligibilityRule.model_validate(body)


CASES = [
    # (rule, client profile, expected outcome)
    (rule(age={"min": 15, "max": 30}), client(birth_year=2007), PASS),      # 18 or 19
    (rule(age={"min": 15, "max": 30}), client(birth_year=1980), FAIL),
    (rule(age={"min": 15, "max": 30}), client(birth_year=1995), ASK),       # 30 or 31: the birthday decides
    (rule(age={"min": 15, "max": 30}), client(), ASK),
    (rule(ei={"within_years": 3}), client(ei={"status": "current"}), PASS),
    (rule(ei={"within_years": 3}), client(ei={"status": "past", "ended": "2024-10-01"}), PASS),
    (rule(ei={"within_years": 3}), client(ei={"status": "past", "ended": "2020-10-01"}), FAIL),
    (rule(ei={"within_years": 3}), client(ei={"status": "never"}), FAIL),
    (rule(ei={"within_years": 3}), client(), ASK),
    (rule(ei={"not_within_years": 3}), client(ei={"status": "never"}), PASS),
    (rule(ei={"not_within_years": 3}), client(ei={"status": "past", "ended": "2025-01-01"}), FAIL),
    (rule(employment={"status": "unemployed"}), client(employment={"status": "unemployed"}), PASS),
    (rule(employment={"status": "unemployed"}), client(employment={"status": "employed", "hours_per_week": 35}), FAIL),
    (rule(employment={"max_hours_per_week": 12}), client(employment={"status": "student", "hours_per_week": 10}), PASS),
    (rule(employment={"max_hours_per_week": 12}), client(employment={"status": "employed", "hours_per_week": 20}), FAIL),
    (rule(employment={"max_hours_per_week": 12}), client(employment={"status": "employed"}), ASK),
    (rule(member_of={"org": "chamber"}), client(memberships=["chamber"]), PASS),
    (rule(member_of={"org": "chamber"}), client(), FAIL),
    (rule(client_kind={"in": ["organisation"]}), client(kind="organisation"), PASS),
    (rule(client_kind={"in": ["organisation"]}), client(), FAIL),
    (rule(org_type={"in": ["co-operative", "social-enterprise"]}), client(kind="organisation", org_type="co-operative"), PASS),
    (rule(org_type={"in": ["co-operative"]}), client(kind="organisation", org_type="business"), FAIL),
    (rule(org_type={"in": ["co-operative"]}), client(kind="organisation"), ASK),
    (rule(population={"in": ["disabilities"]}), client(populations=["disabilities", "women"]), PASS),
    (rule(population={"in": ["disabilities"]}), client(populations=["women"]), FAIL),
    (rule(has={"all": ["business-plan"]}), client(has=["business-idea", "business-plan"]), PASS),
    (rule(has={"all": ["business-plan"]}), client(has=["business-idea"]), FAIL),
    (rule(region={"in": ["ottawa"]}), client(region="ottawa"), PASS),
    (rule(region={"in": ["ottawa"]}), client(region="outaouais"), FAIL),
    (rule(region={"in": ["ottawa"]}), client(), ASK),
    (rule(reads_writes={"any": ["en", "fr"]}), client(languages={"speaks": ["es", "en"], "reads_writes": ["es"]}), FAIL),
    (rule(reads_writes={"any": ["en", "fr"]}), client(languages={"reads_writes": ["fr"]}), PASS),
    (rule(reads_writes={"any": ["en", "fr"]}), client(), ASK),
    (rule(returning_to_school={"value": True}), client(returning_to_school=True), PASS),
    (rule(returning_to_school={"value": True}), client(returning_to_school=False), FAIL),
    (rule(returning_to_school={"value": True}), client(), ASK),
    # OLSI / Global Skills (§4.1.2 l.166)
    (rule(foreign_trained_professional={"value": True}), client(foreign_trained_professional=True), PASS),
    (rule(foreign_trained_professional={"value": True}), client(foreign_trained_professional=False), FAIL),
    (rule(foreign_trained_professional={"value": True}), client(), ASK),
    # Aboriginal Business Canada (§4.1.7 l.196): majority Indigenous ownership
    (rule(indigenous_owned={"min_percent": 51}), client(kind="organisation", indigenous_ownership_percent=60), PASS),
    (rule(indigenous_owned={"min_percent": 51}), client(kind="organisation", indigenous_ownership_percent=50), FAIL),
    (rule(indigenous_owned={"min_percent": 51}), client(kind="organisation"), ASK),
    (rule(indigenous_owned={"min_percent": 51}), client(populations=["indigenous"]), PASS),
    (rule(indigenous_owned={"min_percent": 51}), client(populations=["women"]), FAIL),
    (rule(indigenous_owned={"min_percent": 51}), client(), ASK),
    # Ottawa Community Loan Fund (§4.1.1 l.154): individuals or non-profits
    (rule(any_of=[{"client_kind": {"in": ["individual"]}}, {"org_type": {"in": ["non-profit", "charity"]}}]),
     client(), PASS),
    (rule(any_of=[{"client_kind": {"in": ["individual"]}}, {"org_type": {"in": ["non-profit", "charity"]}}]),
     client(kind="organisation", org_type="non-profit"), PASS),
    (rule(any_of=[{"client_kind": {"in": ["individual"]}}, {"org_type": {"in": ["non-profit", "charity"]}}]),
     client(kind="organisation", org_type="business"), FAIL),
    (rule(any_of=[{"client_kind": {"in": ["individual"]}}, {"org_type": {"in": ["non-profit", "charity"]}}]),
     client(kind="organisation"), ASK),
    # CCO (§4.2.3 l.227): a group founding a co-operative qualifies
    (rule(org_type={"in": ["co-operative"], "founding": True}), client(kind="organisation", founding="co-operative"), PASS),
    (rule(org_type={"in": ["co-operative"], "founding": True}), client(kind="organisation", org_type="co-operative"), PASS),
    (rule(org_type={"in": ["co-operative"], "founding": True}),
     client(kind="organisation", org_type="non-profit", founding="business"), FAIL),
    (rule(org_type={"in": ["co-operative"], "founding": True}), client(kind="organisation", org_type="non-profit"), FAIL),
    (rule(org_type={"in": ["co-operative"], "founding": True}), client(kind="organisation", founding="business"), FAIL),
    (rule(org_type={"in": ["co-operative"], "founding": True}), client(kind="organisation"), ASK),
    (rule(org_type={"in": ["co-operative"]}), client(kind="organisation", founding="co-operative"), ASK),
]


@pytest.mark.parametrize("r,c,expected", CASES)
def test_rule_outcomes_and_bilingual_reasons(r, c, expected):
    verdict = evaluate(r, c, TODAY, VOCAB)
    assert verdict.outcome == expected, verdict
    assert verdict.reason("en") and verdict.reason("fr")
    assert verdict.reason("en") != verdict.reason("fr")


def test_every_rule_kind_is_covered():
    assert {r.kind for r, _, _ in CASES} == set(m.RULE_KINDS)


def test_reasons_name_the_terms_in_the_reader_language():
    v = evaluate(rule(reads_writes={"any": ["en", "fr"]}),
                 client(languages={"reads_writes": ["es"]}), TODAY, VOCAB)
    assert "English or French" in v.reason("en")
    assert "anglais ou français" in v.reason("fr")


@pytest.mark.parametrize("body,fragment", [
    ({}, "exactly one of"),
    ({"age": {"min": 15}, "ei": {"within_years": 3}}, "found: age, ei"),
    ({"age": {"min": 40, "max": 30}}, "above"),
    ({"ei": {"within_years": 3, "not_within_years": 1}}, "exactly one"),
    ({"any_of": [{"age": {"min": 18}}]}, "at least 2"),
    ({"indigenous_owned": {"min_percent": 0}}, "greater than or equal to 1"),
])
def test_malformed_rules_are_refused(body, fragment):
    with pytest.raises(Exception) as exc:
        m.EligibilityRule.model_validate(body)
    assert fragment in str(exc.value)


def test_malformed_rule_in_a_file_points_at_its_line(data, cedta):
    from tests.conftest import PROVIDER
    data.write("providers/acme-centre.yaml", PROVIDER.replace(
        "      - age: {min: 18}", "      - age: {min: 18}\n        ei: {within_years: 3}"))
    r = cedta(data, "validate")
    assert r.exit_code == 1
    assert "acme-centre.yaml:24:9: error rule-exactly-one:" in r.stdout
    assert "exactly one of" in r.stdout


@pytest.mark.parametrize("body,en,fr", [
    ({"foreign_trained_professional": {"value": True}}, "professionals trained abroad", "professionnels formés à l’étranger"),
    ({"indigenous_owned": {"min_percent": 51}}, "at least 51% Indigenous-owned", "détenue à au moins 51 % par des Autochtones"),
    ({"org_type": {"in": ["co-operative"], "founding": True}}, "for co-operative, or a group founding one",
     "pour : coopérative, ou un groupe qui en fonde une"),  # (coordinator pass 10, D12: « une »)
    ({"org_type": {"in": ["non-profit", "charity"], "founding": True}},
     "for non-profit or charity, or a group founding one",
     "pour : organisme sans but lucratif ou organisme de bienfaisance, ou un groupe qui en fonde un"),
    ({"org_type": {"in": ["co-operative", "non-profit"], "founding": True}},
     "for co-operative or non-profit, or a group founding one",
     "pour : coopérative ou organisme sans but lucratif, ou un groupe qui fonde l’un d’eux"),
    ({"any_of": [{"client_kind": {"in": ["individual"]}}, {"org_type": {"in": ["non-profit"]}}]},
     "either for individual, or for non-profit", "soit pour : particulier, soit pour : organisme sans but lucratif"),
])
def test_the_new_rule_kinds_are_described_in_both_languages(body, en, fr):
    from cedta.records.eligibility import describe

    assert describe(rule(**body), "en", VOCAB) == en
    assert describe(rule(**body), "fr", VOCAB) == fr


def test_a_program_length_can_be_a_range():
    s = m.Schedule.model_validate({"duration_weeks": 156, "duration_weeks_min": 52})
    assert (s.duration_weeks_min, s.duration_weeks) == (52, 156)
    for bad in ({"duration_weeks_min": 52}, {"duration_weeks": 52, "duration_weeks_min": 156}):
        with pytest.raises(Exception):
            m.Schedule.model_validate(bad)
