"""`true` and `false` are not numbers: pydantic's lax mode read them as 1 and 0 in every whole-number
and decimal field, so `small_cell_threshold: true` passed validate and set the threshold to 1 (no
count hidden any more). They are the wrong type, as `yes` already was (hostile pass 5, P5)."""

from __future__ import annotations

import pytest

from tests.conftest import CLIENT, NETWORK


@pytest.mark.parametrize("rel, old, new, key", [
    ("network.yaml", "small_cell_threshold: 5", "small_cell_threshold: true", "small_cell_threshold"),
    ("network.yaml", "fiscal_year_start_month: 4", "fiscal_year_start_month: true", "fiscal_year_start_month"),
    ("clients/c-0001.yaml", "birth_year: 1990", "birth_year: false", "profile.birth_year"),
    ("clients/c-0001.yaml", "priority: 1", "priority: true", "needs[0].priority"),
    ("clients/c-0001.yaml", "minutes: 120", "minutes: true", "contacts[0].minutes"),
])
def test_a_yes_no_where_a_number_goes_is_an_error(data, cedta, rel, old, new, key):
    text = {"network.yaml": NETWORK, "clients/c-0001.yaml": CLIENT}[rel]
    assert old in text
    data.write(rel, text.replace(old, new))
    r = cedta(data, "validate")
    assert r.exit_code == 1, r.output
    assert "should be a whole number, not true or false" in r.output
    r = cedta(data, "report", "--quarter", "2025Q4")
    assert r.exit_code == 1  # no report on a threshold of "true"


def test_a_decimal_field_refuses_a_yes_no_too(data, cedta):
    data.write("clients/c-0001.yaml", CLIENT.replace("  stage: idea\n", "  stage: idea\n  budget: {max_fee: true}\n"))
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "max_fee" in r.output and "not true or false" in r.output


def test_numbers_still_read(data, cedta):
    data.write("clients/c-0001.yaml", CLIENT.replace("  stage: idea\n", "  stage: idea\n  budget: {max_fee: 25}\n"))
    assert cedta(data, "validate").exit_code == 0
