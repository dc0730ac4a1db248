"""Newcomer pass 12: a network from another city whose vocabulary makes its own groups part of the
built-in populations (`part_of`): an Anishinaabe client is Indigenous, a Franco-Ontarian is a
francophone, for every rule and view, not for "made for" alone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

SHIPPED = Path(__file__).resolve().parents[1] / "data"

GROUPS = """
populations:
  anishinaabe: {en: Anishinaabe people, fr: Anishinaabés, part_of: [indigenous]}
  franco-ontarians: {en: Franco-Ontarians, fr: Franco-Ontariens, part_of: [francophones], speaks: [fr]}
"""


@pytest.fixture
def network(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(SHIPPED, root, ignore=shutil.ignore_patterns("clients", ".*"))
    (root / "clients").mkdir()
    text = (root / "vocab.yaml").read_text(encoding="utf-8")
    assert "\npopulations:" not in text
    (root / "vocab.yaml").write_text(text + GROUPS, encoding="utf-8")
    return root


def walk_in(tmp_path, populations: str, kind: str = "individual") -> str:
    path = tmp_path / "walk.yaml"
    path.write_text(f"kind: {kind}\nprofile:\n  populations: [{populations}]\n  languages: {{speaks: [en, fr]}}\n"
                    "  stage: start-up\nneeds: [{topic: financing, level: beginner}]\n", encoding="utf-8")
    return str(path)


def services(out: dict, key: str) -> list[str]:
    return [m["service"] for n in out["needs"] for m in n[key]]


def test_a_population_part_of_indigenous_meets_an_indigenous_ownership_rule(network, tmp_path, cedta):
    """NC12-1: "not met: at least 51% Indigenous-owned (the client is not Indigenous)" for an
    Anishinaabe person; an Anishinaabe organisation was refused, not asked its share."""
    ref = "aboriginal-business-canada/start-up-growth-funding"
    person = json.loads(cedta(network, "match", "--profile", walk_in(tmp_path, "anishinaabe"), "--format", "json").stdout)
    assert ref in services(person, "matches")
    org = json.loads(cedta(network, "match", "--profile", walk_in(tmp_path, "anishinaabe", "organisation"),
                           "--format", "json").stdout)
    assert ref in services(org, "to_confirm")
    other = json.loads(cedta(network, "match", "--profile", walk_in(tmp_path, "immigrants"), "--format", "json").stdout)
    assert ref not in services(other, "matches") + services(other, "to_confirm")


def test_find_and_coverage_read_the_populations_a_group_is_part_of(network, cedta):
    """NC12-8 and NC12-5: `find --population franco-ontarians` found nothing, and the coverage grid of
    Franco-Ontarians left out every service made for francophones."""
    wide = cedta(network, "find", "--population", "francophones").stdout
    narrow = cedta(network, "find", "--population", "franco-ontarians").stdout
    assert "No service matches" not in narrow and narrow == wide
    gaps = json.loads(cedta(network, "gaps", "--population", "franco-ontarians", "--format", "json").stdout)
    francophones = json.loads(cedta(network, "gaps", "--population", "francophones", "--format", "json").stdout)

    def grid(payload) -> dict:
        return {row["topic"]: row["all"] for row in payload["coverage"][0]["rows"]}

    assert grid(gaps) == grid(francophones)
    assert sum(map(sum, grid(gaps).values())) > 0


def test_a_networks_own_topic_is_said_by_its_label_and_a_broken_provider_by_its_file(network, cedta):
    """NC12-11: `need add` and `plan add` said a topic of data/vocab.yaml by its id ("need 3
    added (mining-supply-chain)"); hostile 12, #5: a provider whose file does not read made the
    writers suggest another organisation, without a word of its file."""
    vocab = network / "vocab.yaml"
    text = vocab.read_text(encoding="utf-8")
    assert "\ntopics:\n" in text
    vocab.write_text(text.replace("\ntopics:\n", "\ntopics:\n  mining-supply-chain: {en: Mining supply chain, "
                                                  "fr: Chaîne d'approvisionnement minière}\n", 1), encoding="utf-8")
    client = network / "clients" / "c-2026-0301.yaml"
    client.write_text("id: c-2026-0301\nkind: individual\nhub: francophones\n"
                      "intake: {date: 2026-08-04, by: ottawa-ced-network}\nconsent: {given: 2026-08-04, scope: hub}\n"
                      "profile: {populations: [francophones], languages: {speaks: [fr]}}\n"
                      "needs: [{topic: marketing, level: beginner, priority: 1}]\n", encoding="utf-8")
    assert cedta(network, "validate").exit_code == 0, cedta(network, "validate").output
    r = cedta(network, "need", "c-2026-0301", "add", "--topic", "mining-supply-chain")
    assert r.exit_code == 0 and "(Mining supply chain, priority 2)" in r.stdout, r.output
    r = cedta(network, "plan", "c-2026-0301", "add", "--topic", "mining-supply-chain", lang="fr")
    assert r.exit_code == 0 and "(Chaîne d’approvisionnement minière)" in r.stdout.replace("'", "’"), r.output
    provider = network / "providers" / "rdee-ontario.yaml"
    provider.write_text(provider.read_text(encoding="utf-8") + "  broken: [\n", encoding="utf-8")
    r = cedta(network, "log", "c-2026-0301", "--org", "rdee-ontario")
    assert r.exit_code == 2 and "its file" in r.output and "rdee-ontario.yaml does not read" in r.output, r.output
    assert "did you mean" not in r.output


def test_a_price_is_said_when_no_budget_is_recorded(network, tmp_path, cedta):
    """NC12-7: with no budget recorded (`?` at intake), a $120 program was a plain fit, its price
    unsaid; NC12-2: "$120 for the program for 4 sessions", "not on EI within 1 years"."""
    provider = network / "providers" / "rdee-ontario.yaml"
    text = provider.read_text(encoding="utf-8")
    assert "    fees: free\n" in text
    provider.write_text(text.replace("    fees: free\n", "    fees: [{amount: 120, unit: program, sessions: 4}]\n", 1),
                        encoding="utf-8")
    assert cedta(network, "validate").exit_code == 0, cedta(network, "validate").output
    walk = tmp_path / "walk.yaml"
    walk.write_text("kind: individual\nprofile: {populations: [francophones], languages: {speaks: [fr], "
                    "reads_writes: [fr]}}\nneeds: [{topic: business-plan, level: beginner}]\n", encoding="utf-8")
    said = " ".join(cedta(network, "match", "--profile", str(walk), "--all-candidates").stdout.split())
    assert "with that said: $120 for the program of 4 sessions; no budget recorded (ask what the client can pay)" in said, said
    fr = " ".join(cedta(network, "match", "--profile", str(walk), "--all-candidates", lang="fr").stdout.split())
    assert "cela dit : 120 $ le programme de 4 séances ; aucun budget noté" in fr, fr


def test_the_same_outcome_twice_is_refused_unless_again(network, cedta):
    """Coordinator 12, G4: `outcome ID financing-obtained --amount 12000` run twice doubled the
    forum's financing total without a word."""
    (network / "clients" / "c-2026-0302.yaml").write_text(
        "id: c-2026-0302\nkind: individual\nhub: francophones\nintake: {date: 2026-08-04, by: ottawa-ced-network}\n"
        "consent: {given: 2026-08-04, scope: hub}\nprofile: {populations: [francophones]}\n"
        "needs: [{topic: financing, level: beginner, priority: 1}]\n", encoding="utf-8")
    args = ("outcome", "c-2026-0302", "financing-obtained", "--amount", "12000", "--date", "2026-11-20")
    assert cedta(network, *args).exit_code == 0
    r = cedta(network, *args)
    assert r.exit_code == 2 and "the same outcome (financing obtained, 2026-11-20" in r.output, r.output
    assert (network / "clients" / "c-2026-0302.yaml").read_text(encoding="utf-8").count("12000") == 1
    assert cedta(network, *args, "--again").exit_code == 0
    assert (network / "clients" / "c-2026-0302.yaml").read_text(encoding="utf-8").count("12000") == 2


def test_plan_add_warns_when_matching_leaves_the_client_out_of_the_service(network, cedta):
    """NC12-4: a step on a service `match` leaves the client out of (a language not spoken, a rule
    not met) was added without a word; `diff` flags the same mismatch as a risk."""
    (network / "clients" / "c-2026-0303.yaml").write_text(
        "id: c-2026-0303\nkind: individual\nhub: immigrants\nintake: {date: 2026-08-04, by: ottawa-ced-network}\n"
        "consent: {given: 2026-08-04, scope: hub}\nprofile: {populations: [immigrants], languages: {speaks: [es]}}\n"
        "needs: [{topic: business-plan, level: beginner, priority: 1}]\n", encoding="utf-8")
    r = cedta(network, "plan", "c-2026-0303", "add", "--topic", "business-plan", "--level", "beginner",
              "--service", "ottawa-ced-network/business-plan-workshops")
    assert r.exit_code == 0 and "step 1 added" in r.stdout
    assert "matching leaves this client out of ottawa-ced-network/business-plan-workshops" in r.output
    assert "the client speaks Spanish" in r.output


def test_a_wrong_price_or_rule_shape_is_told_the_form_to_write(network, cedta):
    """NC12-13: `fees: $25 per session` was told "expected one of: free, user-pays, unknown", `fees: [25]`
    that `fees` should be a mapping; a rule `age: 18+` that it should be "a mapping of keys"."""
    provider = network / "providers" / "rdee-ontario.yaml"
    text = provider.read_text(encoding="utf-8")
    for wrong in ("$25 per session", "[25]", "25"):
        provider.write_text(text.replace("    fees: free\n", f"    fees: {wrong}\n", 1), encoding="utf-8")
        r = cedta(network, "validate", str(provider))
        assert r.exit_code == 1 and "a price is written as a list: fees: [{amount: 25, unit: session}]" in r.output, r.output
    r = cedta(network, "validate", str(provider), lang="fr")
    assert "un prix s’écrit en liste" in r.output.replace("'", "’")
    provider.write_text(text, encoding="utf-8")
    fund = network / "providers" / "aboriginal-business-canada.yaml"
    fund.write_text(fund.read_text(encoding="utf-8").replace("{indigenous_owned: {min_percent: 51}}", "{age: 18+}"),
                    encoding="utf-8")
    r = cedta(network, "validate", str(fund))
    assert r.exit_code == 1 and "written as: - {age: {min: 18}}" in r.output, r.output


def test_a_french_sheet_reads_the_usual_words_for_weekends_and_financing(tmp_path, cedta):
    """NC12-6: « fin de semaine » got "did you mean « on-demand »", « Samedi » and « Week-end » were
    refused, « Financement d'entreprise » and « Prêts et subventions » as a topic were not financing."""
    root = tmp_path / "data"
    shutil.copytree(SHIPPED, root, ignore=shutil.ignore_patterns("clients", ".*"))
    (root / "clients").mkdir()
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Organisme;Sujet;Mode;Langue;Niveau;Frais;Disponibilité\n"
                     "Collège du Nord;Financement d'entreprise;Ateliers;Français;Débutant;Gratuit;fin de semaine\n"
                     "Collège du Nord;Prêts et subventions;Ateliers;Français;Débutant;Gratuit;Samedi\n"
                     "Collège du Nord;Marketing;Ateliers;Français;Débutant;Gratuit;Week-end\n", encoding="utf-8")
    r = cedta(root, "import", "providers", str(sheet), "--dry-run", lang="fr")
    assert r.exit_code == 0 and "rangée ignorée" not in r.output and "ne correspond" not in r.output, r.output
    assert cedta(root, "import", "providers", str(sheet), lang="fr").exit_code == 0
    written = next((root / "providers").glob("college-du-nord*.yaml")).read_text(encoding="utf-8")
    assert written.count("topic: financing") == 2 and written.count("weekends") >= 3, written


def test_a_persons_facts_on_an_organisation_are_warned(network, cedta):
    """Hostile 12, 9f: an organisation's record with a birth year and an EI status passed without a
    word; matching reads them for nobody."""
    (network / "clients" / "c-2026-0304.yaml").write_text(
        "id: c-2026-0304\nkind: organisation\nhub: francophones\nintake: {date: 2026-08-04, by: ottawa-ced-network}\n"
        "consent: {given: 2026-08-04, scope: hub}\nprofile: {populations: [francophones], org_type: co-operative, "
        "birth_year: 1980, ei: {status: never}}\nneeds: [{topic: marketing, level: beginner, priority: 1}]\n",
        encoding="utf-8")
    r = cedta(network, "validate")
    assert r.output.count("person-fact-for-organisation") == 2, r.output
    assert "`birth_year` is a person's fact, and this client is an organisation" in r.output


def test_an_import_says_when_a_new_organisation_is_named_nearly_as_a_known_one(tmp_path, cedta):
    """NC12-15: « Centre franco-ontarien des entreprises » for « … de Sudbury » made a second
    organisation without a word."""
    root = tmp_path / "data"
    shutil.copytree(SHIPPED, root, ignore=shutil.ignore_patterns("clients", ".*"))
    (root / "clients").mkdir()
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Organisation,Topic,Mode,Language,Level,Fees,Availability\n"
                     "Economic Development and Employability Network of Ontario,Marketing,Workshops,French,Beginner,Free,Evenings\n"
                     "New Place Entirely,Marketing,Workshops,French,Beginner,Free,Evenings\n", encoding="utf-8")
    r = cedta(root, "import", "providers", str(sheet), "--dry-run")
    assert r.exit_code == 0, r.output
    assert "sheet.csv:2: `Economic Development and Employability Network of Ontario` makes a new organisation" in r.output
    assert "(`rdee-ontario`)" in r.output and "New Place Entirely` makes" not in r.output
