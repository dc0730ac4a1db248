"""What a forum reads in the continuum and in a service's focus: a stage is followed through by a
service open without joining anything; a program for immigrant artists asks about the arts
(coordinator pass 8, K2 and K6)."""

from __future__ import annotations

import json

GROWTH = """\
  - id: peer-group
    topic: management-advice
    modes: [facilitation]
    languages: [en, fr]
    levels: {from: intermediate, to: advanced}
    fees: free
    stages: [start-up, growth, established]
    populations: [francophones]
    eligibility:
      - {member_of: {org: acme-centre}}
  - id: start-up-coaching
    topic: management-advice
    modes: [consulting]
    languages: [en, fr]
    levels: {from: beginner, to: advanced}
    fees: free
    stages: [start-up]
"""


def _states(cedta, data):
    r = cedta(data, "gaps", "--format", "json")
    assert r.exit_code == 0, r.output
    return {g["id"] for g in json.loads(r.stdout)["continuum"]}


def test_a_members_only_group_does_not_follow_a_stage_through(data, cedta):
    data.write("providers/acme-centre.yaml", data.read("providers/acme-centre.yaml") + GROWTH)
    ids = _states(cedta, data)
    assert "continuum/francophones/no-follow-through/growth" in ids
    data.write("providers/acme-centre.yaml", data.read("providers/acme-centre.yaml").replace(
        "    eligibility:\n      - {member_of: {org: acme-centre}}\n", ""))
    ids = _states(cedta, data)
    assert not any(i.startswith("continuum/francophones/no-follow-through/") for i in ids), ids


ARTISTS = """\
  - id: artists-marketing
    name: {en: Coalition for immigrant artists, fr: Coalition des artistes immigrants}
    topic: business-plan
    modes: [consulting]
    languages: [en, fr]
    levels: {from: beginner, to: advanced}
    fees: free
    populations: [immigrants, arts-culture]
    eligibility:
      - {population: {in: [immigrants]}}
"""


def test_a_program_for_immigrant_artists_asks_an_immigrant_about_the_arts(data, cedta):
    """Its rule on immigrants made the arts unasked: an IT start-up got it as its first fit."""
    data.write("providers/acme-centre.yaml", data.read("providers/acme-centre.yaml") + ARTISTS)
    client = data.read("clients/c-0001.yaml").replace("populations: [francophones]",
                                                      "populations: [francophones, immigrants]")
    data.write("clients/c-0001.yaml", client)
    out = json.loads(cedta(data, "match", "c-0001", "--format", "json").stdout)["needs"][0]
    assert "acme-centre/artists-marketing" not in [c["service"] for c in out["matches"]]
    asked = next(c for c in out["to_confirm"] if c["service"] == "acme-centre/artists-marketing")
    assert any("Heritage, arts and culture" in q for q in asked["questions"]), asked
    data.write("clients/c-0001.yaml", client.replace("[francophones, immigrants]", "[francophones, immigrants, arts-culture]"))
    out = json.loads(cedta(data, "match", "c-0001", "--format", "json").stdout)["needs"][0]
    assert "acme-centre/artists-marketing" in [c["service"] for c in out["matches"]]
    data.write("clients/c-0001.yaml", client.replace("[francophones, immigrants]", "[francophones, arts-culture]"))
    out = json.loads(cedta(data, "match", "c-0001", "--format", "json", "--excluded").stdout)["needs"][0]
    assert "acme-centre/artists-marketing" in [c["service"] for c in out["excluded"]]  # the rule decides


def test_a_youth_program_does_not_ask_an_organisations_age(data, cedta):
    """A group founding a co-operative was asked "How old is the client?" (coordinator pass 8, K7)."""
    data.write("providers/acme-centre.yaml", data.read("providers/acme-centre.yaml") + """\
  - id: youth-plan
    topic: business-plan
    modes: [consulting]
    languages: [en, fr]
    levels: {from: beginner, to: advanced}
    fees: free
    populations: [youth]
    eligibility:
      - {population: {in: [youth]}}
""")
    client = data.read("clients/c-0001.yaml").replace("kind: individual", "kind: organisation").replace(
        "  birth_year: 1990\n", "").replace("  ei: {status: never}\n", "") + "".replace("", "")
    client = client.replace("  stage: idea\n", "  stage: idea\n  founding: co-operative\n")
    data.write("clients/c-0001.yaml", client)
    r = cedta(data, "match", "c-0001", "--format", "json", "--excluded")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)["needs"][0]
    assert "acme-centre/youth-plan" not in [c["service"] for c in out["to_confirm"]]
    assert "acme-centre/youth-plan" in [c["service"] for c in out["excluded"]]
    assert "How old" not in cedta(data, "match", "c-0001").stdout
