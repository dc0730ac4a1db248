"""Where a gap the forum prioritised stands, kind by kind: "closed" only when nothing of it is left;
an id replaced by a wider gap is "still open (now wider: ...)", one replaced by a narrower gap is
"narrower (left: ...)" (F7 of the coordinator's session). Both languages, `gaps` and `report`."""

from __future__ import annotations

import json

import pytest

STAGED = """\
  - id: start-up-coaching
    name: {{en: Start-up coaching, fr: Accompagnement au démarrage}}
    topic: management
    modes: [consulting]
    languages: [fr]
    fees: free
    stages: {stages}
"""

ENDED = """\
  - id: old-series
    name: {en: Old series, fr: Ancienne série}
    topic: business-plan
    modes: [workshops]
    languages: [fr]
    fees: free
    valid: {until: 2026-10-01}
"""


def _with(data, *services: str):
    text = data.read("providers/acme-centre.yaml")
    data.write("providers/acme-centre.yaml", text + "".join(services))
    return data


def _prioritise(data, *gaps: str):
    lines = "".join(f"  - {{gap: {g}, date: 2026-06-18, decision: Work on it.}}\n" for g in gaps)
    data.write("network.yaml", data.read("network.yaml") + "priorities:\n" + lines)


def _states(cedta, data, lang="en") -> dict:
    result = cedta(data, "gaps", "--format", "json", lang=lang)
    assert result.exit_code == 0, result.output
    return {p["gap"]: p for p in json.loads(result.stdout)["priorities"]}


def test_services_stopping_earlier_make_the_priority_wider_never_closed(data, cedta):
    # services for francophones at the idea and start-up stages only: they stop before "growth",
    # so the gap the forum chose ("nothing for established") is now the wider "nothing after start-up"
    _with(data, STAGED.format(stages="[idea, start-up]"))
    _prioritise(data, "continuum/francophones/no-follow-through/established")
    p = _states(cedta, data)["continuum/francophones/no-follow-through/established"]
    assert p["status"] == "wider"
    assert [n["id"] for n in p["now"]] == ["continuum/francophones/no-follow-through/growth"]
    assert p["status_text"] == ("still open (now wider: no service made for the stage “growing” "
                                "follows those made for “starting up”)")
    fr = _states(cedta, data, lang="fr")["continuum/francophones/no-follow-through/established"]
    assert fr["status_text"] == ("non comblée (maintenant plus large : aucun service conçu pour l’étape "
                                 "« croissance » ne suit ceux conçus pour « démarrage »)")
    text = cedta(data, "gaps").stdout
    assert "→ still open (now wider: no service made for" in text and "→ closed" not in text
    report = cedta(data, "report", "--no-suppress").stdout
    assert "→ still open (now wider: no service made for the stage “growing”" in report


def test_a_later_stage_left_unserved_is_narrower_and_named(data, cedta):
    _with(data, STAGED.format(stages="[idea, start-up, growth]"))
    _prioritise(data, "continuum/francophones/no-follow-through/growth")
    p = _states(cedta, data)["continuum/francophones/no-follow-through/growth"]
    assert p["status"] == "narrower"
    assert p["status_text"] == ("narrower (left: no service made for the stage “established” "
                                "follows those made for “growing”)")


def test_closed_when_every_stage_is_served(data, cedta):
    _with(data, STAGED.format(stages="[idea, start-up, growth, established]"))
    _prioritise(data, "continuum/francophones/no-follow-through/established")
    p = _states(cedta, data)["continuum/francophones/no-follow-through/established"]
    assert (p["status"], p["status_text"], p["now"]) == ("closed", "closed", [])


def test_cheap_and_evening_views_widen_when_no_service_is_left(data, cedta):
    # no accounting service at all: "nothing free" and "nothing on evenings" are the wider "nothing"
    _prioritise(data, "coverage-low-cost/francophones/accounting/beginner",
                "coverage-evenings/francophones/accounting/beginner",
                "coverage-evenings/francophones/business-plan/beginner",
                "coverage/francophones/accounting/beginner")
    states = _states(cedta, data)
    low = states["coverage-low-cost/francophones/accounting/beginner"]
    assert low["status"] == "wider"
    assert low["status_text"] == "still open (now wider: no service on Accounting at beginner level)"
    assert states["coverage-evenings/francophones/accounting/beginner"]["status"] == "wider"
    # the business-plan workshops run on evenings (the directory says so): closed
    assert states["coverage-evenings/francophones/business-plan/beginner"]["status"] == "closed"
    assert states["coverage/francophones/accounting/beginner"]["status"] == "open"
    # and validate takes both views as kinds of gap (NC12-10: `priority-gap-kind` failed --strict)
    r = cedta(data, "validate", "--strict")
    assert r.exit_code == 0 and "priority-gap-kind" not in r.output, r.output


def test_evenings_unknown_when_the_services_record_no_times(data, cedta):
    data.write("providers/acme-centre.yaml", data.read("providers/acme-centre.yaml").replace(
        "    schedule: {frequency: year-round, times: [evenings]}\n", "    schedule: {frequency: year-round}\n"))
    _prioritise(data, "coverage-evenings/francophones/business-plan/beginner",
                "coverage/francophones/business-plan/beginner")
    states = _states(cedta, data)
    ev = states["coverage-evenings/francophones/business-plan/beginner"]
    assert ev["status"] == "undetermined"
    assert ev["status_text"] == "cannot tell: the services there record no times"
    # services exist, and one is free: nothing of the coverage gap is left
    assert states["coverage/francophones/business-plan/beginner"]["status"] == "closed"


def test_beginner_only_becomes_nothing_at_any_level(data, cedta):
    _prioritise(data, "continuum/francophones/beginner-only/accounting",
                "continuum/francophones/beginner-only/business-plan")
    states = _states(cedta, data)
    acc = states["continuum/francophones/beginner-only/accounting"]
    assert acc["status"] == "wider"
    assert acc["now"][0]["ids"] == ["coverage/francophones/accounting/beginner",
                                    "coverage/francophones/accounting/intermediate",
                                    "coverage/francophones/accounting/advanced"]
    assert acc["status_text"] == "still open (now wider: no service on Accounting at any level)"
    fr = _states(cedta, data, lang="fr")["continuum/francophones/beginner-only/accounting"]
    assert fr["status_text"] == "non comblée (maintenant plus large : aucun service sur « Comptabilité », à aucun niveau)"
    # business plan runs beginner to advanced: closed
    assert states["continuum/francophones/beginner-only/business-plan"]["status"] == "closed"


def test_user_pays_widens_when_no_voluntary_help_is_left(data, cedta):
    _prioritise(data, "continuum/francophones/user-pays/accounting",
                "continuum/francophones/user-pays/business-plan")
    states = _states(cedta, data)
    assert states["continuum/francophones/user-pays/accounting"]["status"] == "wider"
    assert states["continuum/francophones/user-pays/business-plan"]["status"] == "closed"  # free workshops


def test_demand_with_no_client_waiting_stays_open_while_nothing_serves_it(data, cedta):
    _prioritise(data, "demand/francophones/accounting/beginner", "demand/francophones/business-plan/beginner")
    states = _states(cedta, data)
    acc = states["demand/francophones/accounting/beginner"]
    assert acc["status"] == "idle"
    assert acc["status_text"] == ("still open (no client waits now, but still: no service on Accounting "
                                  "at beginner level)")
    fr = _states(cedta, data, lang="fr")["demand/francophones/accounting/beginner"]
    assert fr["status_text"].startswith("non comblée (aucun client n’attend pour l’instant, mais toujours : ")
    # the business-plan need is met and the cell has services: closed, said for what it is
    bp = states["demand/francophones/business-plan/beginner"]
    assert (bp["status"], bp["status_text"]) == (
        "closed", "closed (open clients' needs of this kind are met, none is left without a service)")


def test_demand_with_nobody_having_the_need_is_not_closed_on_the_grid_alone(data, cedta):
    """Coordinator pass 9, C0: a co-op's financing gap read "closed" two meetings after the case
    closed, because the grid counts the loan fund for people, which refuses a founding co-op. With
    no open client's need of the kind met, nothing shows the gap closed: still open, nobody waiting."""
    _prioritise(data, "demand/francophones/business-plan/intermediate")  # workshops run to advanced
    st = _states(cedta, data)["demand/francophones/business-plan/intermediate"]
    assert (st["status"], st["status_text"]) == ("idle", "still open (no client waits now)")


def test_a_supply_risk_that_happened_is_wider(data, cedta):
    _with(data, ENDED)
    _prioritise(data, "supply/ending/acme-centre/old-series", "supply/ending/acme-centre/business-plan-workshops")
    states = _states(cedta, data)
    ended = states["supply/ending/acme-centre/old-series"]
    assert ended["status"] == "wider"
    assert ended["status_text"] == "still open (now wider: Acme Enterprise Centre / Old series ended on October 1, 2026)"
    # still running, no end date: closed
    assert states["supply/ending/acme-centre/business-plan-workshops"]["status"] == "closed"


@pytest.mark.parametrize("mentoring, status", [(False, "open"), (True, "closed")])
def test_no_mentoring(data, cedta, mentoring, status):
    if mentoring:
        _with(data, STAGED.format(stages="[idea]").replace("modes: [consulting]", "modes: [mentoring]"))
    _prioritise(data, "continuum/francophones/no-mentoring")
    assert _states(cedta, data)["continuum/francophones/no-mentoring"]["status"] == status


def test_decisions_in_a_french_report_are_said_to_be_as_written(data, cedta):
    _prioritise(data, "coverage/francophones/accounting/beginner")
    fr = cedta(data, "report", "--no-suppress", lang="fr").stdout
    assert "Work on it. (texte tel que consigné dans network.yaml)" in fr
    en = cedta(data, "report", "--no-suppress").stdout
    assert "Work on it." in en and "as written" not in en


CAPPED = """\
  - id: small-clinic
    name: {{en: Small clinic, fr: Petite clinique}}
    topic: accounting
    modes: [consulting]
    languages: [fr]
    fees: free
    capacity: {{count: 1, per: year, unit: clients}}
{valid}"""

PLANNED = """\
id: {id}
kind: individual
hub: francophones
intake: {{date: 2026-09-01, by: acme-centre}}
consent: {{given: 2026-09-01, scope: hub}}
profile:
  populations: [francophones]
  languages: {{speaks: [fr], reads_writes: [fr]}}
needs:
  - {{topic: accounting, level: beginner}}
plan:
  - {{topic: accounting, level: beginner, service: acme-centre/small-clinic, status: planned}}
"""


@pytest.mark.parametrize("valid, status", [("", "open"), ("    valid: {until: 2026-11-01}\n", "wider")])
def test_capacity_risk_open_then_wider_when_the_service_ended(data, cedta, valid, status):
    _with(data, CAPPED.format(valid=valid))
    for i in (1, 2):  # two open steps for one place
        data.write(f"clients/p{i}.yaml", PLANNED.format(id=f"p{i}"))
    _prioritise(data, "supply/capacity/acme-centre/small-clinic")
    p = _states(cedta, data)["supply/capacity/acme-centre/small-clinic"]
    assert p["status"] == status
    if status == "wider":
        assert p["status_text"] == "still open (now wider: Acme Enterprise Centre / Small clinic ended on November 1, 2026)"


def test_demand_partly_met_is_still_open(data, cedta):
    # two French speakers need marketing; one also speaks English and takes the $25 consultation:
    # the other still waits, and that one client's need is met says nothing of what the forum did
    # (newcomer pass 7: "narrower" from the day the priority was chosen)
    for cid, speaks in (("d1", "[fr]"), ("d2", "[fr, en]")):
        text = PLANNED.format(id=cid).split("plan:")[0]
        data.write(f"clients/{cid}.yaml", text.replace("topic: accounting", "topic: marketing")
                   .replace("speaks: [fr]", f"speaks: {speaks}"))
    _prioritise(data, "demand/francophones/marketing/beginner")
    p = _states(cedta, data)["demand/francophones/marketing/beginner"]
    assert (p["status"], p["status_text"]) == ("open", "still open")


def test_coverage_with_services_but_none_cheap_is_narrower(data, cedta):
    # marketing for French speakers: one paid consultation ($60), nothing free or at most $50
    _with(data, """\
  - id: marketing-fr
    name: {en: Marketing advice, fr: Conseils en mercatique}
    topic: marketing
    modes: [consulting]
    languages: [fr]
    levels: {from: beginner, to: beginner}
    fees:
      - {amount: 60, unit: session}
""")
    _prioritise(data, "coverage/francophones/marketing/beginner")
    p = _states(cedta, data)["coverage/francophones/marketing/beginner"]
    assert p["status"] == "narrower"
    assert p["status_text"] == "narrower (left: nothing free or at most $50 on Marketing at beginner level)"


@pytest.mark.parametrize("decision, expected", [
    ("[Work on it]", "`decision` should be text, or a mapping with en and fr, not a list"),
    ("12", "`decision` should be text, or a mapping with en and fr, not a number"),
    ("{en: [Work]}", "`en` should be text, not a list"),
    ("{}", "give the text in English (en) or French (fr), or both"),
    ("''", "`decision` must not be empty"),
])
def test_a_decision_of_the_wrong_shape_is_one_plain_error(data, cedta, decision, expected):
    # one text or {en, fr}: pydantic judged both and named its own types ("constrained-str")
    data.write("network.yaml", data.read("network.yaml") +
               f"priorities:\n  - gap: coverage/francophones/accounting/beginner\n    date: 2026-06-18\n"
               f"    decision: {decision}\n")
    result = cedta(data, "validate")
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if " error " in line]
    assert len(errors) == 1 and expected in errors[0], result.stdout
    assert "network.yaml:" in errors[0] and "constrained" not in result.stdout and "Bilingual" not in result.stdout


def test_a_quarter_lists_only_the_priorities_chosen_by_its_end_and_validate_warns(data, cedta):
    """A forum reading its January-March report does not see the decisions it takes in June; a date
    after today and a gap prioritised twice are warnings (hostile pass 5, P7)."""
    gap = "coverage/francophones/accounting/beginner"
    data.write("network.yaml", data.read("network.yaml") + "priorities:\n"
               f"  - {{gap: {gap}, date: 2026-06-18, decision: Work on it.}}\n"
               f"  - {{gap: {gap}, date: 2027-09-17, decision: Again.}}\n")
    r = cedta(data, "validate")
    assert r.exit_code == 0
    assert (f"data/network.yaml:12:11: warning priority-twice: `{gap}` is prioritised twice (first on line 11)"
            in r.output)
    assert (f"data/network.yaml:12:60: warning priority-in-future: the priority on `{gap}` is dated 2027-09-17, "
            "after today (2026-11-26)") in r.output

    def chosen(quarter):
        out = json.loads(cedta(data, "report", "--quarter", quarter, "--format", "json").stdout)
        return [g["priority"]["date"] for g in out["gaps"] if g.get("priority")]

    assert chosen("2025Q4") == []  # January-March 2026: chosen in June
    assert chosen("2026Q1") == chosen("2026Q2") == ["2026-06-18"]  # never the one of 2027
    assert [p["date"] for p in _states(cedta, data).values()] == ["2026-06-18"]
