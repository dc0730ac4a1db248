"""Coverage grids as the report (§7) reads them (F8, F14 of the coordinator's session): a service
made for other populations is no coverage for this one; the voluntary sector is organisations, so
services reserved to organisations count for it; evening/weekend coverage is "?" when the services
record no times, and the demand counts the clients who can come only then."""

from __future__ import annotations

import json

IMMIGRANT_ACCOUNTING = """\
  - id: newcomer-accounting
    name: {en: Bookkeeping for newcomers, fr: Tenue de livres pour nouveaux arrivants}
    topic: accounting
    modes: [workshops]
    languages: [en, fr]
    levels: {from: beginner, to: beginner}
    fees: free
    populations: [immigrants]
"""

COOP_FEASIBILITY = """\
  - id: coop-feasibility
    name: {en: Feasibility studies for co-operatives, fr: Études de faisabilité pour coopératives}
    topic: feasibility-studies
    modes: [consulting]
    languages: [fr, en]
    levels: {from: beginner, to: advanced}
    fees: free
    populations: [social-economy]
    eligibility:
      - {org_type: {in: [co-operative]}}
"""

EVENING_ONLY = """\
id: {id}
kind: individual
hub: francophones
intake: {{date: 2026-09-01, by: acme-centre}}
consent: {{given: 2026-09-01, scope: hub}}
profile:
  populations: [francophones]
  languages: {{speaks: [fr], reads_writes: [fr]}}
  availability: {availability}
needs:
  - {{topic: business-plan, level: beginner}}
"""


def _with(data, *services: str):
    data.write("providers/acme-centre.yaml", data.read("providers/acme-centre.yaml") + "".join(services))
    return data


def _gaps(cedta, data, *args, lang="en"):
    result = cedta(data, "gaps", "--format", "json", *args, lang=lang)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _row(out, population, topic):
    grid = next(c for c in out["coverage"] if c["population"] == population)
    return next(r for r in grid["rows"] if r["topic"] == topic)


def test_a_service_for_immigrants_is_no_coverage_for_francophones(data, cedta):
    _with(data, IMMIGRANT_ACCOUNTING)
    assert _row(_gaps(cedta, data, "-p", "immigrants"), "immigrants", "accounting")["all"] == [1, 0, 0]
    fr = _gaps(cedta, data, "-p", "francophones")
    assert _row(fr, "francophones", "accounting")["all"] == [0, 0, 0]
    assert "coverage/francophones/accounting/beginner" in _row(fr, "francophones", "accounting")["gaps"]
    # a service for everyone counts for every population
    assert _row(fr, "francophones", "business-plan")["all"] == [1, 1, 1]
    text = cedta(data, "gaps", "-p", "francophones").stdout
    assert next(x for x in text.splitlines() if x.strip().startswith("Accounting")).split()[1:] == \
        [".", "/", ".", "/", "."] * 3


def test_the_voluntary_sector_grid_counts_services_for_organisations(data, cedta):
    _with(data, COOP_FEASIBILITY)
    out = _gaps(cedta, data, "-p", "social-economy")
    # reserved to co-operatives: counted for the voluntary sector (a co-operative is one of it)
    assert _row(out, "social-economy", "feasibility-studies")["all"] == [1, 1, 1]
    # the business-plan workshops are for everyone, organisations included
    assert _row(out, "social-economy", "business-plan")["all"] == [1, 1, 1]
    # and it is nobody's coverage among individuals
    fr = _gaps(cedta, data, "-p", "francophones")
    assert _row(fr, "francophones", "feasibility-studies")["all"] == [0, 0, 0]


def test_evenings_are_unknown_when_no_time_is_recorded(data, cedta):
    data.write("providers/acme-centre.yaml", data.read("providers/acme-centre.yaml").replace(
        "    schedule: {frequency: year-round, times: [evenings]}\n", "    schedule: {frequency: year-round}\n"))
    out = _gaps(cedta, data)
    row = _row(out, "francophones", "business-plan")
    assert row["evenings"] == [0, 0, 0] and row["evenings_unknown"] == [1, 1, 1]
    assert row["evenings_shown"] == ["?", "?", "?"]
    text = cedta(data, "gaps").stdout
    line = next(x for x in text.splitlines() if x.strip().startswith("Business plan development"))
    assert line.split()[-3:] == ["1", "/", "?"]
    assert '"?": none known, and some of the services record no times' in text
    assert "« ? » : aucun connu" in cedta(data, "gaps", lang="fr").stdout


def test_evenings_counted_when_the_directory_records_them(data, cedta):
    row = _row(_gaps(cedta, data), "francophones", "business-plan")
    assert row["evenings"] == [1, 1, 1] and row["evenings_shown"] == ["1", "1", "1"]


def test_demand_counts_the_clients_who_can_come_only_on_evenings_or_weekends(data, cedta):
    data.write("clients/e1.yaml", EVENING_ONLY.format(id="e1", availability="[evenings, weekends]"))
    data.write("clients/e2.yaml", EVENING_ONLY.format(id="e2", availability="[weekends]"))
    data.write("clients/e3.yaml", EVENING_ONLY.format(id="e3", availability="[weekdays, evenings]"))
    out = _gaps(cedta, data)
    assert out["evenings"] == {"clients_only_then": 2, "services_known": 1, "services_without_times": 1}
    text = cedta(data, "gaps").stdout
    assert ("Evenings and weekends: 2 clients with an open file can come only then; "
            "services of the directory known to run then: 1; with no times recorded: 1.") in text
    fr = cedta(data, "gaps", lang="fr").stdout
    assert "Soirs et fins de semaine : 2 clients aux dossiers ouverts ne peuvent venir qu’à ces moments" in fr


def test_unmet_needs_counted_by_the_clients_own_populations(data, cedta):
    # a young francophone in the francophone hub: youth have no hub of their own in the pilot
    data.write("clients/y1.yaml", EVENING_ONLY.format(id="y1", availability="[weekdays]").replace(
        "populations: [francophones]", "populations: [francophones, youth]").replace(
        "topic: business-plan", "topic: accounting"))
    out = _gaps(cedta, data)
    assert out["by_profile"] == [{"population": "youth", "label": "Youth", "needs": 1, "clients": 1}]
    assert "By the clients' own populations, besides their hub's: Youth (1 need of 1 client)." in cedta(data, "gaps").stdout
    assert "hors celle de leur centre : Jeunes (1 besoin de 1 client)." in cedta(data, "gaps", lang="fr").stdout
