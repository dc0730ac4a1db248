"""A service whose source does not state its languages is recorded `languages: []` and asked about,
never guessed (coordinator pass 8, K1: a guess of English told a francophone there was no loan)."""

from __future__ import annotations

import json


def _not_stated(data):
    acme = data.read("providers/acme-centre.yaml")
    data.write("providers/acme-centre.yaml", acme.replace(
        "    modes: [workshops]\n    languages: [en, fr]\n", "    modes: [workshops]\n    languages: []\n", 1))


def test_matching_asks_the_languages_instead_of_leaving_the_service_out(data, cedta):
    _not_stated(data)
    assert cedta(data, "validate").exit_code == 0
    out = json.loads(cedta(data, "match", "c-0001", "--format", "json").stdout)["needs"][0]
    asked = [c for c in out["to_confirm"] if c["service"] == "acme-centre/business-plan-workshops"]
    assert asked and "Languages not recorded: ask the provider which languages it is given in" in asked[0]["questions"]
    fr = cedta(data, "match", "c-0001", lang="fr").stdout
    assert "Langues non consignées : demander au fournisseur" in " ".join(fr.split())
    summary = cedta(data, "match", "--all", "--summary", "--format", "json")
    assert summary.exit_code == 0, summary.output


def test_the_sheet_and_hsds_carry_not_stated_both_ways(data, cedta, tmp_path):
    _not_stated(data)
    sheet = tmp_path / "dir.csv"
    assert cedta(data, "export", "csv", "--out", str(sheet)).exit_code == 0
    assert ",not stated," in sheet.read_text(encoding="utf-8")
    r = cedta(data, "import", "providers", str(sheet), "--dry-run")
    assert r.exit_code == 0 and "0 records changed" in r.output and "the records already say this" in r.output, r.output
    package = tmp_path / "hsds"
    assert cedta(data, "export", "hsds", "--out", str(package)).exit_code == 0
    r = cedta(data, "import", "hsds", str(package), "--dry-run")
    assert r.exit_code == 0 and "0 records changed" in r.output and "the records already say this" in r.output, r.output


def test_find_by_language_keeps_a_service_whose_languages_are_not_stated(data, cedta):
    """`find --language fr` hid the loan fund recorded `languages: []` (hostile pass 8b, F1)."""
    _not_stated(data)
    r = cedta(data, "find", "--topic", "business-plan", "--language", "es")
    assert r.exit_code == 0 and "acme-centre/business-plan-workshops" in r.stdout and "languages not stated" in r.stdout


def test_coverage_does_not_count_a_service_whose_languages_are_not_stated(data, cedta):
    """Hostile pass 8b, F7: a service nobody knows to be in Spanish filled the Spanish speakers' grid."""
    before = json.loads(cedta(data, "gaps", "--format", "json").stdout)
    _not_stated(data)
    after = json.loads(cedta(data, "gaps", "--format", "json").stdout)

    def cell(out):
        grid = next(g for g in out["coverage"] if g["population"] == "francophones")
        row = next(r for r in grid["rows"] if r["topic"] == "business-plan")
        return row["all"][0]

    assert cell(before) >= 1 and cell(after) == cell(before) - 1
