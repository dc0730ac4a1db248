"""A financing offer whose amount the source does not state (the YMCA-YWCA youth program's weekly
allowance, report l.187) is recorded, shown by `match` and worded by `diff` without a crash."""

from __future__ import annotations

import json
import subprocess

import pytest

from cedta.records import model


def test_an_offer_may_leave_the_amount_unstated_but_not_give_both():
    offer = model.FinancingOffer.model_validate({"kind": "allowance", "per": "week"})
    assert offer.amount is None and offer.up_to is None and offer.per == "week"
    with pytest.raises(Exception):
        model.FinancingOffer.model_validate({"kind": "loan", "up_to": 10, "amount": 5})


ALLOWANCE_SERVICE = """\
  - id: youth-program
    topic: business-plan
    modes: [workshops]
    languages: [en, fr]
    levels: {from: beginner, to: advanced}
    fees: free
    financing:
      - {kind: allowance, per: week, label: {en: for each week attended, fr: pour chaque semaine de présence}}
"""


def test_match_says_the_amount_is_not_stated(data, cedta):
    data.write("providers/acme-centre.yaml", data.read("providers/acme-centre.yaml") + ALLOWANCE_SERVICE)
    r = cedta(data, "match", "c-0001")
    assert r.exit_code == 0, r.output
    assert "weekly allowance (amount not stated) (for each week attended)" in " ".join(r.stdout.split())
    fr = cedta(data, "match", "c-0001", lang="fr")
    assert "allocation hebdomadaire (montant non précisé)" in " ".join(fr.stdout.split())


def test_diff_words_an_offer_without_amount(data, cedta):
    def git(*args):
        subprocess.run(["git", "-C", str(data.root.parent), *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "add", "-A")
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "base")
    data.write("providers/acme-centre.yaml", data.read("providers/acme-centre.yaml") + ALLOWANCE_SERVICE)
    r = cedta(data, "diff")
    assert r.exit_code == 0, r.output
    fr = cedta(data, "diff", lang="fr")
    assert fr.exit_code == 0, fr.output
    edited = data.read("providers/acme-centre.yaml").replace("{kind: allowance, per: week,", "{kind: allowance, amount: 50, per: week,")
    data.write("providers/acme-centre.yaml", edited)
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qam", "amount")
    data.write("providers/acme-centre.yaml", edited.replace("amount: 50, ", ""))
    r = cedta(data, "diff", "HEAD")
    assert r.exit_code == 0, r.output
    assert "allowance $50 a week" in r.stdout and "allowance (amount not stated) a week" in r.stdout


def test_a_living_allowance_does_not_meet_a_business_financing_need(data, cedta):
    """The YMCA-YWCA youth program's weekly allowance counted as "business financing": the plan then
    gave the young entrepreneurs' financing program no step (coordinator pass 8, K10)."""
    data.write("providers/acme-centre.yaml", data.read("providers/acme-centre.yaml") + ALLOWANCE_SERVICE + """\
  - id: youth-loans
    topic: financing
    modes: [funding]
    languages: [en, fr]
    levels: {from: beginner, to: advanced}
    fees: free
    financing:
      - {kind: loan, up_to: 5000}
""")
    client = data.read("clients/c-0001.yaml").replace(
        "  - {topic: business-plan, level: beginner, priority: 1}\n",
        "  - {topic: business-plan, level: beginner, priority: 1}\n  - {topic: financing, level: beginner, priority: 2}\n")
    data.write("clients/c-0001.yaml", client)
    r = cedta(data, "match", "c-0001", "--format", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    financing = out["needs"][1]
    offered = [c["service"] for c in financing["matches"] + financing["to_confirm"]]
    assert "acme-centre/youth-loans" in offered and "acme-centre/youth-program" not in offered
