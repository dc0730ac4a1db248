"""Levers as a forum reads them: the same change to several services of one provider that meet the
very same needs is one lever (the provider is asked once); a lever that only makes a need fit
pending a question says so; the French reads as French (topics quoted, no dangling agreement)."""

from __future__ import annotations

import json

from tests.test_gaps import SPANISH, every_lever  # noqa: F401

TWIN = """\
  - id: business-plan-coaching
    topic: business-plan
    modes: [consulting]
    languages: [en, fr]
    levels: {from: beginner, to: advanced}
    fees: free
    schedule: {frequency: year-round, times: [evenings]}
    intake: registration
    populations: [general]
"""


def _spanish(data, twin: bool = True):
    (data.root / "clients" / "c-0001.yaml").unlink()
    for i in (1, 2, 3):
        data.write(f"clients/s{i}.yaml", SPANISH.format(id=f"s{i}"))
    if twin:
        text = data.read("providers/acme-centre.yaml")
        data.write("providers/acme-centre.yaml", text.replace("  - id: marketing-consulting\n",
                                                              TWIN + "  - id: marketing-consulting\n"))
    return data


def _gaps(cedta, data, lang="en"):
    result = cedta(data, "gaps", "--format", "json", lang=lang)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_same_change_to_two_services_of_one_provider_is_one_lever(data, cedta):
    out = _gaps(cedta, _spanish(data))
    spanish = [lv for lv in out["levers"] if lv["changes"] == [["language", "es"]]
               and lv["service"].startswith("acme-centre/business-plan")]
    assert len(spanish) == 1
    lv = spanish[0]
    assert lv["services"] == ["acme-centre/business-plan-coaching", "acme-centre/business-plan-workshops"]
    assert (lv["needs"], lv["clients"]) == (3, 3)
    assert lv["text"].startswith("If any one of “Business plan development (consulting services)” or "
                                 "“Business plan development (workshops)” (Acme Enterprise Centre) were offered in Spanish")
    fr = _gaps(cedta, data, lang="fr")
    lv = next(x for x in fr["levers"] if x["services"] == spanish[0]["services"])
    assert lv["text"].startswith("Si l’un des services « Élaboration de plan d’entreprise")
    assert "(Centre d’entreprise Acme) était offert en espagnol" in lv["text"]


def test_a_lone_service_is_not_grouped(data, cedta):
    out = _gaps(cedta, _spanish(data, twin=False))
    top = out["levers"][0]
    assert top["services"] == [top["service"]]


def test_french_gap_and_lever_wording(data, cedta):
    out = _gaps(cedta, _spanish(data, twin=False), lang="fr")
    texts = [d["text"] for d in out["demand"]]
    assert "Francophones : aucun service adapté sur « Élaboration de plan d’entreprise » (débutant)" in texts
    new = next(lv["text"] for lv in out["levers"] if lv["new"])
    assert new.startswith("Un nouvel atelier gratuit sur « ") and "(organisme : Centre d’entreprise Acme)" in new
    assert " : (" not in new and "donné par :" not in new
    for x in out["continuum"]:
        assert " offert seulement" not in x["text"]  # no agreement with a feminine topic to get wrong


def test_report_status_words_in_french(data, cedta):
    data.write("network.yaml", data.read("network.yaml") + """\
priorities:
  - {gap: demand/francophones/business-plan/beginner, date: 2026-06-18, decision: Trouver un atelier.}
""")
    _spanish(data, twin=False)
    out = _gaps(cedta, data, lang="fr")
    assert out["priorities"][0]["status_text"] == "non comblée"
    report = cedta(data, "report", lang="fr").stdout
    assert "dossiers au point mort à la fin du trimestre" in report


def test_a_lever_that_only_makes_a_need_fit_pending_a_question_says_so(data, cedta):
    # the marketing consultation asks for age 18 or more, and the clients' files give no age
    out = _gaps(cedta, _spanish(data, twin=False))
    mk = next(lv for lv in every_lever(out) if lv["service"] == "acme-centre/marketing-consulting")
    assert mk["text"].endswith("(pending the clients' answers to a question)")
    bp = next(lv for lv in every_lever(out) if lv["service"] == "acme-centre/business-plan-workshops")
    assert "pending" not in bp["text"]
    fr = _gaps(cedta, data, lang="fr")
    mk = next(lv for lv in every_lever(fr) if lv["service"] == "acme-centre/marketing-consulting")
    assert mk["text"].endswith("(sous réserve de la réponse des clients à une question)")


def test_each_lever_names_the_gaps_it_narrows(data, cedta):
    _spanish(data, twin=False)
    text = cedta(data, "gaps").stdout
    line = next(x for x in text.splitlines() if "(Acme Enterprise Centre) were offered in Spanish" in x
                and "Business plan" in x)
    assert line.endswith("[demand/francophones/business-plan/beginner]")
    md = cedta(data, "report", "--format", "markdown").stdout
    assert "(`demand/francophones/business-plan/beginner`)" in md.split("## Levers", 1)[1]


FINANCING = """\
id: {id}
kind: individual
hub: francophones
intake: {{date: 2026-09-01, by: acme-centre}}
consent: {{given: 2026-09-01, scope: hub}}
profile:
  populations: [francophones]
  languages: {{speaks: [fr], reads_writes: [fr]}}
  has: {has}
needs:
  - {{topic: financing, level: beginner}}
"""


def test_a_financing_gap_gets_a_fund_not_a_workshop(data, cedta):
    data.write("clients/m1.yaml", FINANCING.format(id="m1", has="[business-idea]"))
    out = _gaps(cedta, data)
    line = next(lv for lv in out["levers"] if lv["gaps"] == ["demand/francophones/financing/beginner"])
    assert line["new"] and line["changes"][0] == ["new", "fund"]
    assert line["text"] == ("A loan or microcredit fund in French that asks no business plan first (Business financing "
                            "(loans and grants), beginner; to find or set up, hub director: Acme Enterprise Centre)")
    assert "workshop" not in json.dumps(every_lever(out))
    fr = _gaps(cedta, data, lang="fr")
    assert fr["levers"][0]["text"].startswith("Un fonds de prêts ou de microcrédit en français, sans plan d’entreprise "
                                              "exigé au départ (« Financement d’entreprise")
    # with a business plan in hand, the fund need not be said to ask none
    data.write("clients/m1.yaml", FINANCING.format(id="m1", has="[business-idea, business-plan]"))
    text = _gaps(cedta, data)["levers"][0]["text"]
    assert text.startswith("A loan or microcredit fund in French (") and "business plan" not in text


def test_one_lever_line_per_gap_with_the_other_ways_folded(data, cedta):
    out = _gaps(cedta, _spanish(data))
    gaps = [tuple(lv["gaps"]) for lv in out["levers"]]
    assert len(gaps) == len(set(gaps))  # no gap has two lines
    bp = next(lv for lv in out["levers"] if lv["gaps"] == ["demand/francophones/business-plan/beginner"])
    assert bp["alternatives"], bp  # the new workshop is another way to the same gap
    assert any(alt["new"] for alt in bp["alternatives"])
    assert all(alt["or_text"].startswith("or: ") for alt in bp["alternatives"])
    text = cedta(data, "gaps").stdout
    assert "       or: a new free workshop by Acme Enterprise Centre on Business plan development (beginner) in Spanish" in text
    assert "ou : un nouvel atelier gratuit" in cedta(data, "gaps", lang="fr").stdout
    report = cedta(data, "report", "--no-suppress").stdout.split("Levers", 1)[1]
    assert "       or: a new free workshop by Acme Enterprise Centre" in report


SAME_NAME = """\
  - id: business-plan-workshops-newcomers
    name: {en: Business plan development (workshops), fr: Élaboration de plan d’entreprise (ateliers)}
    topic: business-plan
    modes: [workshops]
    languages: [en]
    levels: {from: beginner, to: beginner}
    fees: free
    populations: [immigrants]
"""


def test_two_services_of_one_name_are_told_apart_by_words_not_ids(data, cedta):
    text = data.read("providers/acme-centre.yaml").replace(
        "  - id: business-plan-workshops\n",
        "  - id: business-plan-workshops\n    name: {en: Business plan development (workshops), "
        "fr: Élaboration de plan d’entreprise (ateliers)}\n")
    data.write("providers/acme-centre.yaml", text + SAME_NAME)
    for i in (1, 2):  # Spanish-speaking immigrants: both workshops are levers, named apart
        data.write(f"clients/s{i}.yaml", SPANISH.format(id=f"s{i}"))
    for lang, tail in (("en", "— Immigrants and ethnic minorities"), ("fr", "— Immigrants et minorités ethniques")):
        out = _gaps(cedta, data, lang=lang)
        texts = " ".join(x["text"] for x in every_lever(out))
        assert tail in texts and "[business-plan-workshops" not in texts, texts
