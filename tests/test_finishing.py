"""Finishing leftovers of issue 11 and its siblings: each test is a repro that failed before."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("phone", ["(613)5550142", "( 613 )5550142", "(613 ) 5550142", "+1(613)5550142"])
def test_validate_finds_a_phone_number_with_a_bracketed_area_code_glued_to_the_rest(data, cedta, phone):
    text = data.read("clients/c-0001.yaml")
    data.write("clients/c-0001.yaml", text.replace("kind: individual", f"kind: individual\nstage_note: 'call {phone}'", 1))
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "identifier-in-text" in r.stdout + r.stderr
    assert phone not in r.stdout + r.stderr


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_log_refuses_a_note_with_a_phone_number_glued_to_its_bracketed_area_code(data, cedta, lang):
    before = data.read("clients/c-0001.yaml")
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", "call back (613)5550142", lang=lang)
    assert r.exit_code != 0
    assert data.read("clients/c-0001.yaml") == before
    assert "5550142" not in r.stdout + r.stderr
