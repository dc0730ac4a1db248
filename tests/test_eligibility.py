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
