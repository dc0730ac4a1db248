"""Newcomer pass 14: a network started from nothing in another city (Winnipeg)."""

from __future__ import annotations

from cedta.forum.gaps import population_languages
from cedta.records.vocab import builtin
from tests.test_diff import repo  # noqa: F401 (a fixture: a network repository, a branch checked out)


def test_a_population_speaks_as_the_populations_it_is_part_of_when_it_says_nothing():
    """N14-6: young Franco-Manitobans (part of Franco-Manitobans, who speak French) were given the
    stand-in "English or French", and English-only services counted in their coverage."""
    vocab = builtin()
    vocab.extend({"populations": {
        "franco-manitobans": {"en": "Franco-Manitobans", "fr": "Franco-Manitobains", "speaks": ["fr"],
                              "part_of": ["francophones"]},
        "young-franco-manitobans": {"en": "Young Franco-Manitobans", "fr": "Jeunes Franco-Manitobains",
                                    "part_of": ["franco-manitobans", "youth"]},
        "saint-boniface": {"en": "Saint-Boniface", "fr": "Saint-Boniface", "part_of": ["francophones"]},
        "metis": {"en": "Métis", "fr": "Métis", "speaks": ["en", "fr"], "part_of": ["indigenous"]},
    }})
    assert population_languages("young-franco-manitobans", vocab) == ["fr"]
    assert population_languages("saint-boniface", vocab) == ["fr"]  # (francophones: French)
    assert population_languages("metis", vocab) == ["en", "fr"]  # its own word first
    assert population_languages("francophones", vocab) == ["fr"]
    assert population_languages("youth", vocab) == ["en", "fr"]


def test_a_new_workshop_lever_runs_when_its_clients_can_come(tmp_path, cedta):
    """N14-4: a new workshop with no time stated was counted for an evening-only and a weekend-only
    client alike ("would meet 2 needs of 2 clients"), though no one workshop time suits both."""
    import json
    import shutil
    from pathlib import Path

    root = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", root, ignore=shutil.ignore_patterns("clients", ".*"))
    (root / "clients").mkdir()
    for cid, when in (("c-2026-0401", "evenings"), ("c-2026-0402", "weekends")):
        (root / "clients" / f"{cid}.yaml").write_text(
            f"id: {cid}\nkind: individual\nhub: immigrants\nintake: {{date: 2026-08-04, by: ottawa-ced-network}}\n"
            f"consent: {{given: 2026-08-04, scope: hub}}\nprofile:\n  populations: [immigrants]\n"
            f"  languages: {{speaks: [en], reads_writes: [en]}}\n  availability: [{when}]\n"
            f"needs:\n  - {{topic: feasibility-studies, level: beginner}}\n", encoding="utf-8")
    out = json.loads(cedta(root, "gaps", "--format", "json").stdout)
    new = [lv for lv in out["levers"] if lv.get("new") and "demand/immigrants/feasibility-studies/beginner" in lv["gaps"]]
    assert new, out["levers"]
    assert ", evenings and weekends" in new[0]["text"], new[0]["text"]
    assert ["new-times", ["evenings", "weekends"]] in new[0]["changes"]
    fr = json.loads(cedta(root, "gaps", "--format", "json", lang="fr").stdout)
    assert any(", en soirée et en fin de semaine" in lv["text"] for lv in fr["levers"] if lv.get("new"))


def test_the_interactive_intake_offers_the_hub_s_population(data):
    """N14-5: a client of the francophone hub typed in as "femmes" alone was told the hub's own
    service is "made for Francophones, which the client's record does not list"."""
    import yaml
    from typer.testing import CliRunner

    from cedta.cli import app

    def run(populations: list[str]):
        answers = ["o", "", "2", "1", "2", *populations, "français", "?", "1", "?", "?", "démarrage", "", "", "", "",
                   "comptabilite", "", "", "n", "", "", "", "", "o"]
        return CliRunner().invoke(app, ["--today", "2026-11-26", "--lang", "fr", "--data", str(data.root), "intake"],
                                  input="\n".join(answers) + "\n")

    r = run(["femmes", ""])  # then Enter: yes, the hub's population too
    assert r.exit_code == 0, r.output
    assert "Le centre dessert la population Francophones : l’ajouter aux populations du client" in " ".join(r.stdout.split())
    (cid,) = sorted(p.stem for p in (data.root / "clients").iterdir() if p.stem != "c-0001")
    assert yaml.safe_load(data.read(f"clients/{cid}.yaml"))["profile"]["populations"] == ["francophones", "women"]
    (data.root / "clients" / f"{cid}.yaml").unlink()
    r = run([""])  # Enter at the question: the hub's population, the default
    assert r.exit_code == 0, r.output
    (cid,) = sorted(p.stem for p in (data.root / "clients").iterdir() if p.stem != "c-0001")
    assert yaml.safe_load(data.read(f"clients/{cid}.yaml"))["profile"]["populations"] == ["francophones"]


def test_diff_says_every_change_of_a_term_that_matching_reads(repo):
    """N14-2: un-hiding Ottawa, a population's `part_of` or `speaks`, a topic made written: "No change
    to the records", though each changes what fits or what `gaps` counts."""
    from tests.test_diff import cedta as diff_cedta
    from tests.test_diff import git, write

    write(repo, "data/vocab.yaml", "regions:\n  ottawa: {hidden: true}\npopulations:\n"
          "  metis: {en: Métis, fr: Métis, part_of: [indigenous]}\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "vocab")
    write(repo, "data/vocab.yaml", "regions: {}\npopulations:\n"
          "  metis: {en: Métis, fr: Métis, part_of: [indigenous, francophones], speaks: [en, fr]}\n"
          "topics:\n  marketing: {written: true}\n")
    r = diff_cedta(repo, "diff", "HEAD")
    assert r.exit_code == 0, r.output
    text = " ".join(r.stdout.split())
    assert "No change to the records" not in text
    assert "ottawa shown again" in text, text
    assert "populations: metis's speaks - → en and fr" in text
    assert "populations: metis's part_of indigenous → indigenous and francophones" in text
    assert "marketing now a written topic" in text


def test_a_mapping_written_otherwise_is_said_with_its_shape(data, cedta):
    """N14-10: `levels: beginner` took three runs to learn `{from: beginner, to: beginner}`."""
    text = data.read("providers/acme-centre.yaml")
    assert "levels: {from: beginner, to: advanced}" in text
    for wrong in ("levels: beginner", "levels: [beginner]", "levels: {from: beginner}"):
        data.write("providers/acme-centre.yaml", text.replace("levels: {from: beginner, to: advanced}", wrong, 1))
        r = cedta(data, "validate")
        assert r.exit_code == 1 and "(written as: levels: {from: beginner, to: advanced})" in r.output, (wrong, r.output)


def test_one_place_is_said_in_the_singular():
    """N14-14: "with that said: 1 groups a program", « 1 groupes par programme »."""
    from cedta.match.engine import _render

    assert _render("reason-capacity/1", {"count": "1", "per": ("program", "programme"), "taken": "1"}) == \
        ("full: 1 place a program, 1 taken", "complet : 1 place par programme, 1 prise")


def test_a_service_from_a_sheet_is_not_named_twice_after_its_topic(data, cedta, tmp_path):
    """N14-11: a networking row of mode « Activités de réseautage » became the service id
    `networking-networking-events`."""
    sheet = tmp_path / "s.csv"
    sheet.write_text("Organisme;Sujet;Mode;Langue;Niveau;Frais;Disponibilité\n"
                     "Conseil Saint-Boniface;Réseautage;Activités de réseautage;Français;;Gratuit;\n", encoding="utf-8")
    r = cedta(data, "import", "providers", str(sheet), lang="fr")
    assert r.exit_code == 0, r.output
    written = (data.root / "providers" / "conseil-saint-boniface.yaml").read_text(encoding="utf-8")
    assert "id: networking-events" in written and "networking-networking" not in written


def test_the_hub_the_intake_s_organisation_directs_is_the_default(data):
    """N14-14: `intake --by indigenous-business-circle` asked the hub with no default, though that
    organisation directs one hub."""
    import yaml
    from typer.testing import CliRunner

    from cedta.cli import app

    answers = ["o", "", "2", "", "?", "français", "?", "1", "?", "?", "démarrage", "", "", "", "",
               "comptabilite", "", "", "n", "", "", "", "", "o"]
    r = CliRunner().invoke(app, ["--today", "2026-11-26", "--lang", "fr", "--data", str(data.root), "intake",
                                 "--by", "acme-centre"], input="\n".join(answers) + "\n")
    assert r.exit_code == 0, r.output
    assert "par défaut : Centre francophone" in " ".join(r.stdout.split())
    (cid,) = sorted(p.stem for p in (data.root / "clients").iterdir() if p.stem != "c-0001")
    assert yaml.safe_load(data.read(f"clients/{cid}.yaml"))["hub"] == "francophones"
