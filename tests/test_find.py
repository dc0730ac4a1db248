"""`cedta find`: each filter, accents ignored in --text, one line per service in the chosen language,
bad filter values with did-you-mean; on a small directory and on the shipped one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SHIPPED = Path(__file__).resolve().parents[1] / "data"

MORE = """\
  - id: export-workshops
    name: {en: Exporting to Québec, fr: Exporter au Québec}
    topic: marketing
    modes: [workshops]
    languages: [fr]
    levels: {from: intermediate, to: advanced}
    fees:
      - {amount: 40, unit: workshop}
      - {amount: 10, unit: workshop, applies_to: members}
    schedule: {frequency: monthly, times: [weekends]}
    stages: [growth]
    populations: [francophones]
    notes: {fr: Ateliers sur l’économie du Québec}
  - id: old-program
    topic: marketing
    modes: [workshops]
    languages: [en]
    fees: free
    valid: {until: 2009-12-31}
"""


@pytest.fixture
def richer(data):
    data.write("providers/acme-centre.yaml", data.read("providers/acme-centre.yaml") + MORE)
    return data


def refs(result) -> list[str]:
    return [line.split(" · ")[0] for line in result.stdout.splitlines() if " · " in line]


@pytest.mark.parametrize("args,expected", [
    ([], ["acme-centre/business-plan-workshops", "acme-centre/marketing-consulting", "acme-centre/export-workshops"]),
    (["--topic", "marketing"], ["acme-centre/marketing-consulting", "acme-centre/export-workshops"]),
    (["--topic", "Mercatique"], ["acme-centre/marketing-consulting", "acme-centre/export-workshops"]),
    (["--mode", "consulting"], ["acme-centre/marketing-consulting"]),
    (["--mode", "Ateliers"], ["acme-centre/business-plan-workshops", "acme-centre/export-workshops"]),
    (["--language", "fr"], ["acme-centre/business-plan-workshops", "acme-centre/export-workshops"]),
    (["--language", "anglais"], ["acme-centre/business-plan-workshops", "acme-centre/marketing-consulting"]),
    (["--level", "advanced"], ["acme-centre/business-plan-workshops", "acme-centre/export-workshops"]),
    (["--free"], ["acme-centre/business-plan-workshops"]),
    (["--max-fee", "10"], ["acme-centre/business-plan-workshops", "acme-centre/export-workshops"]),
    (["--max-fee", "30"], ["acme-centre/business-plan-workshops", "acme-centre/marketing-consulting",
                           "acme-centre/export-workshops"]),
    (["--evenings"], ["acme-centre/business-plan-workshops"]),
    (["--weekends"], ["acme-centre/export-workshops"]),
    (["--population", "francophones"], ["acme-centre/export-workshops"]),
    (["--stage", "idea"], ["acme-centre/business-plan-workshops", "acme-centre/marketing-consulting"]),
    (["--provider", "acme-centre", "--topic", "business-plan"], ["acme-centre/business-plan-workshops"]),
    (["--text", "quebec"], ["acme-centre/export-workshops"]),
    (["--text", "ÉCONOMIE du"], ["acme-centre/export-workshops"]),
    (["--text", "exporter quebec"], ["acme-centre/export-workshops"]),
    (["--text", "nothing like it"], []),
])
def test_each_filter(richer, cedta, args, expected):
    r = cedta(richer, "find", *args)
    assert r.exit_code == 0, r.output
    assert refs(r) == expected


def test_one_line_per_service_in_the_chosen_language(richer, cedta):
    r = cedta(richer, "find", "--topic", "marketing")
    # the fee keeps its length, as matching words it (N6)
    assert "acme-centre/marketing-consulting · Acme Enterprise Centre · English · beginner · $25 a session of 30 min · " \
           "by appointment" \
        in r.stdout
    assert "acme-centre/export-workshops · Acme Enterprise Centre · French · intermediate–advanced · " \
           "$40 a workshop, $10 a workshop (members) · monthly, weekends" in r.stdout
    assert r.stdout.rstrip().endswith("2 services")
    fr = cedta(richer, "find", "--topic", "marketing", lang="fr")
    assert "acme-centre/export-workshops · Centre d'entreprise Acme · français · intermédiaire à avancé · " \
           "40 $ l’atelier, 10 $ l’atelier (membres) · mensuel, en fin de semaine" in fr.stdout


def test_find_json(richer, cedta):
    out = json.loads(cedta(richer, "find", "--weekends", "--format", "json").stdout)
    assert out == [{
        "service": "acme-centre/export-workshops", "provider": "acme-centre", "name": "Exporting to Québec",
        "provider_name": "Acme Enterprise Centre", "topic": "marketing", "modes": ["workshops"],
        "languages": ["fr"], "levels": {"from": "intermediate", "to": "advanced"},
        "fee": "$40 a workshop, $10 a workshop (members)", "schedule": "monthly, weekends"}]


def test_nothing_found_says_so(richer, cedta):
    r = cedta(richer, "find", "--language", "es", lang="fr")
    assert r.exit_code == 0 and "Aucun service ne correspond à ces filtres." in r.stdout


@pytest.mark.parametrize("args,message", [
    (["--topic", "marketting"], "--topic: unknown term `marketting` (did you mean `marketing`?)"),
    (["--language", "klingon"], "--language: unknown term `klingon`"),
    (["--level", "expert"], "--level: unknown term `expert`"),
    (["--provider", "acne"], "--provider: no provider `acne`"),  # (`acme`, a word of one name alone, names it)
    (["--max-fee", "inf"], "--max-fee"),
])
def test_bad_filters_exit_2(richer, cedta, args, message):
    r = cedta(richer, "find", *args)
    assert r.exit_code == 2
    assert message in r.output


def test_find_on_the_shipped_directory(cedta):
    r = cedta(SHIPPED, "find", "--language", "zh")
    assert r.exit_code == 0
    assert any(ref.startswith("ottawa-chinese-community-services-centre/") for ref in refs(r))
    r = cedta(SHIPPED, "find", "--text", "economie sociale", "--free")
    assert r.exit_code == 0
    r = cedta(SHIPPED, "find", "--topic", "business-plan", "--language", "es")
    assert "No service matches these filters." in r.stdout  # the §6 finding, in one command


def test_text_searches_the_providers_notes_too(data, cedta):
    """`find --text traiteur` found nothing though a provider's notes say it runs a catering
    business (newcomer pass 7, #11)."""
    data.write("providers/beta-coop.yaml", data.read("providers/beta-coop.yaml").replace(
        "services: []", "notes: {fr: Exploite un service de traiteur.}\nservices:\n"
        "  - {id: coaching, topic: management, modes: [consulting], languages: [fr], fees: free}"))
    r = cedta(data, "find", "--text", "Traiteur")
    assert r.exit_code == 0, r.output
    assert "beta-coop/coaching" in r.stdout and "acme-centre" not in r.stdout


def test_find_by_region_and_hub_on_the_shipped_directory(cedta):
    """Newcomer 13, N13-16: a coordinator answering a call from Prescott-Russell lists what is open
    to that region (a region rule that names it, or none), and what a hub's members offer."""
    union = "union-des-cultivateurs-franco-ontariens/francophone-producer-support"
    hintonburg = "creative-neighbourhoods/"
    everything = refs(cedta(SHIPPED, "find"))
    prescott = refs(cedta(SHIPPED, "find", "--region", "prescott-russell"))
    assert union in prescott and not any(r.startswith(hintonburg) for r in prescott)
    assert len(prescott) == len(everything) - sum(r.startswith(hintonburg) for r in everything)
    renfrew = refs(cedta(SHIPPED, "find", "--region", "Comté de Renfrew", lang="fr"))  # (a label, in French)
    assert union not in renfrew and renfrew
    hub = refs(cedta(SHIPPED, "find", "--hub", "francophones", "--topic", "business-plan"))
    assert "cco/co-operative-accompaniment" in hub
    assert not any(r.startswith("ottawa-chinese-community-services-centre/") for r in hub)
    r = cedta(SHIPPED, "find", "--hub", "nowhere")
    assert r.exit_code == 2 and "no hub `nowhere` (hubs: francophones, immigrants)" in r.output
    r = cedta(SHIPPED, "find", "--region", "atlantis")
    assert r.exit_code == 2 and "--region: unknown term `atlantis`" in r.output


def test_a_choice_of_rules_leaves_a_region_out_only_when_no_branch_takes_it():
    from types import SimpleNamespace as NS

    from cedta.match.find import open_to_region

    def region(*names):
        return NS(kind="region", region=NS(in_=list(names)))

    def age():
        return NS(kind="age")

    assert open_to_region([], "ottawa") and open_to_region([age()], "ottawa")
    assert not open_to_region([region("renfrew")], "ottawa")
    assert open_to_region([NS(kind="any_of", any_of=[region("renfrew"), age()])], "ottawa")
    assert not open_to_region([NS(kind="any_of", any_of=[region("renfrew"), region("outaouais")])], "ottawa")
