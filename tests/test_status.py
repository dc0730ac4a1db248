"""`cedta status` (the caseload, stalled first and oldest first, with why) and `cedta show` (one page),
and the whole path of a client through the command line."""

from __future__ import annotations

import re

import json

import yaml

QUIET = """\
id: c-0002
kind: individual
hub: francophones
intake: {date: 2026-03-01, by: acme-centre}
consent: {given: 2026-03-01}
plan:
  - {topic: marketing, target: 2026-12-31}
contacts:
  - {date: 2026-04-01, org: acme-centre}
"""

CLOSED = """\
id: c-0003
kind: individual
hub: francophones
intake: {date: 2026-03-01, by: acme-centre}
consent: {given: 2026-03-01}
plan:
  - {topic: marketing, status: done, done: 2026-05-01}
"""

NEVER_SEEN = """\
id: c-0004
kind: organisation
hub: francophones
intake: {date: 2026-08-01, by: acme-centre}
consent: {given: 2026-08-01}
"""


def _data(data):
    data.write("clients/c-0002.yaml", QUIET)
    data.write("clients/c-0003.yaml", CLOSED)
    data.write("clients/c-0004.yaml", NEVER_SEEN)
    return data


def test_status_lists_stalled_clients_oldest_first_with_why(data, cedta):
    r = cedta(_data(data), "status")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0] == "Caseload on 2026-11-26: 3 open files, 3 stalled"
    ids = [line.split()[0] for line in lines[2:] if line.startswith("c-")]
    assert ids == ["c-0001", "c-0002", "c-0004"]  # last seen in February, in April, then intake in August
    assert "no contact for 239 days (since 2026-04-01; the limit is 60)" in r.stdout
    assert "no contact in the 117 days since intake (2026-08-01; the limit is 60)" in r.stdout
    assert "c-0003" not in r.stdout
    assert "c-0003" in cedta(data, "status", "--all").stdout


def test_status_in_french_and_json(data, cedta):
    r = cedta(_data(data), "status", lang="fr")
    assert "Dossiers au 2026-11-26 : 3 dossiers ouverts, 3 au point mort" in r.stdout
    assert "aucun contact depuis 239 jours" in r.stdout and "AU POINT MORT" in r.stdout
    r = cedta(data, "status", "--format", "json", "--all")
    payload = json.loads(r.stdout)
    first = payload["clients"][1]
    assert set(first) >= {"id", "hub", "stalled", "why", "last_contact", "days_since_contact", "next_target",
                          "current_step"}
    assert first["id"] == "c-0002" and first["stalled"] is True and first["current_step"] == 1
    assert first["last_contact"] == "2026-04-01" and first["days_since_contact"] == 239
    assert first["next_target"] == "2026-12-31"
    assert first["why"][0]["code"] == "stalled-no-contact" and "aucun contact" in first["why"][0]["fr"]
    closed = next(c for c in payload["clients"] if c["id"] == "c-0003")
    assert closed["stalled"] is False and closed["closed"] is True


def test_status_by_hub_and_a_client_file_with_errors(data, cedta):
    _data(data)
    data.write("clients/c-0005.yaml", "id: c-0005\nkind: individual\n")
    r = cedta(data, "status", "--hub", "francophones")
    assert r.exit_code == 0 and "c-0002" in r.stdout and "c-0005" not in r.stdout
    assert "1 client file has errors" in r.stderr
    r = cedta(data, "status", "--hub", "nowhere")
    assert r.exit_code == 2 and "unknown hub" in r.stderr


def test_show_one_page_in_english_and_french(data, cedta):
    r = cedta(_data(data), "show", "c-0002")
    assert r.exit_code == 0, r.output
    assert "Client c-0002 — individual" in r.stdout and "Hub: Francophone hub" in r.stdout
    assert "1. [planned] Marketing — target 2026-12-31" in r.stdout
    assert "STALLED" in r.stdout and "no contact for 239 days" in r.stdout
    r = cedta(data, "show", "c-0001", lang="fr")
    assert "Centre : Centre francophone" in r.stdout and "[en cours]" in r.stdout
    assert "Parle : français, anglais" in r.stdout
    r = cedta(data, "show", "c-0001", "--format", "json")
    assert json.loads(r.stdout)["state"]["current_step"] == 1


def test_show_flags_an_overdue_step(data, cedta):
    data.write("clients/c-0002.yaml", QUIET.replace("2026-12-31", "2026-10-31").replace("2026-04-01", "2026-11-20"))
    r = cedta(data, "show", "c-0002")
    assert "target 2026-10-31  ← OVERDUE" in r.stdout
    assert "step 1 (Marketing): target 2026-10-31 passed 26 days ago" in r.stdout


def test_show_a_broken_or_unknown_client(data, cedta):
    data.write("clients/c-0005.yaml", "id: c-0005\nkind: individual\n")
    r = cedta(data, "show", "c-0005")
    assert r.exit_code == 1 and "missing-key" in r.stderr
    r = cedta(data, "show", "c-0009")
    assert r.exit_code == 2 and "unknown client" in r.stderr


def test_the_whole_path_of_a_client(data, cedta):
    """Intake from answers, plan, log, step, outcome, evaluate, show, status with a stalled client, forget."""
    answers = data.write("../answers.yaml", """\
kind: individual
hub: francophones
consent: {given: 2026-09-01, scope: hub}
intake: {date: 2026-09-01, by: acme-centre}
identity: {name: Marie-Ève Côté, email: mec@example.org}
profile:
  populations: [francophones]
  languages: {speaks: [fr], reads_writes: [fr]}
  birth_year: 1979
  employment: {status: unemployed}
  stage: idea
needs:
  - {topic: business-plan, level: beginner, priority: 1}
  - {topic: marketing, level: beginner, priority: 2}
""")
    r = cedta(data, "intake", "--answers", str(answers))
    assert r.exit_code == 0, r.output
    cid = r.stdout.split("cedta match ")[1].split()[0]
    steps = [
        ("plan", cid, "add", "--topic", "business-plan", "--level", "beginner",
         "--service", "acme-centre/business-plan-workshops", "--target", "2026-10-31"),
        ("plan", cid, "add", "--topic", "marketing", "--service", "acme-centre/marketing-consulting",
         "--target", "2027-01-31"),
        ("log", cid, "--date", "2026-09-15", "--org", "acme-centre", "--service",
         "acme-centre/business-plan-workshops", "--mode", "workshops", "--minutes", "120"),
        ("step", cid, "1", "--active"),
    ]
    for args in steps:
        r = cedta(data, *args)
        assert r.exit_code == 0, (args, r.output)
    # two months later, nothing else happened: stalled, with both reasons
    r = cedta(data, "status")
    line = next(x for x in r.stdout.splitlines() if x.startswith(cid))
    assert "STALLED" in line
    assert "no contact for 72 days" in r.stdout and "step 1 (Business plan development): target 2026-10-31" in r.stdout
    for args in [("log", cid, "--org", "acme-centre", "--mode", "consulting", "--minutes", "45"),
                 ("step", cid, "1", "--done", "2026-11-25"),
                 ("outcome", cid, "business-plan-completed", "--date", "2026-11-25"),
                 ("step", cid, "2", "--active"),
                 ("evaluate", cid, "--satisfaction", "5")]:
        r = cedta(data, *args)
        assert r.exit_code == 0, (args, r.output)
    r = cedta(data, "status", "--format", "json")
    me = next(c for c in json.loads(r.stdout)["clients"] if c["id"] == cid)
    assert me["stalled"] is False and me["current_step"] == 2 and me["days_since_contact"] == 0
    r = cedta(data, "show", cid, lang="fr")
    assert "[terminée 2026-11-25]" in r.stdout and "plan d’entreprise terminé" in r.stdout
    assert "Côté" not in r.stdout
    assert "Marie-Ève Côté" in cedta(data, "show", cid, "--identity").stdout
    assert cedta(data, "validate").exit_code == 0
    r = cedta(data, "forget", cid, "--yes")
    assert r.exit_code == 0
    assert "not on this machine" not in cedta(data, "show", cid, "--identity").stdout
    assert "no identity entry" in cedta(data, "show", cid, "--identity").stdout
    r = cedta(data, "status", "--all", "--format", "json")
    me = next(c for c in json.loads(r.stdout)["clients"] if c["id"] == cid)
    assert me["closed"] is True and me["stalled"] is False
    assert cedta(data, "validate").exit_code == 0


def test_status_leaves_out_a_client_that_validate_rejects(data, cedta):
    """An unknown hub or term is an error for `cedta validate`: status leaves that client out too."""
    data.write("clients/c-0001.yaml", data.read("clients/c-0001.yaml").replace("hub: francophones", "hub: francophone"))
    r = cedta(data, "status", "--all")
    assert r.exit_code == 0, r.output
    assert "c-0001" not in r.stdout
    assert "1 client file has errors" in r.stderr or "client file" in r.stderr


UNMET = """\
id: c-0005
kind: individual
hub: francophones
intake: {date: 2026-10-01, by: acme-centre}
consent: {given: 2026-10-01}
needs:
  - {topic: financing, level: beginner, priority: 1}
  - {topic: marketing, level: beginner, priority: 2}
plan:
  - {topic: marketing, status: done, done: 2026-11-01}
contacts:
  - {date: 2026-11-01, org: acme-centre}
"""


def test_a_plan_done_with_a_need_left_without_a_step_is_not_closed(data, cedta):
    """Coordinator pass: the only step done, the priority-1 need (no service) without a step: the case
    read "closed" and left `status`, 25 days after the last contact."""
    data.write("clients/c-0005.yaml", UNMET)
    r = cedta(data, "status", "--format", "json")
    state = next(s for s in json.loads(r.stdout)["clients"] if s["id"] == "c-0005")
    assert state["closed"] is False and state["stalled"] is True
    assert state["why"][0]["code"] == "stalled-need-without-step" and state["why"][0]["topic"] == "financing"
    assert "the need Business financing" in cedta(data, "status").stdout
    assert "le besoin Financement" in cedta(data, "status", lang="fr").stdout
    # the gap recorded (a step added, then dropped with a note): closed
    assert cedta(data, "plan", "c-0005", "add", "--topic", "financing").exit_code == 0
    assert cedta(data, "plan", "c-0005", "drop", "2", "--note", "no service in French").exit_code == 0
    assert "c-0005" not in cedta(data, "status").stdout


def test_a_need_at_another_level_is_not_taken_up_by_the_first_level_s_step(data, cedta):
    """Review 11, Y16: a beginner marketing step done, then an intermediate marketing need added:
    the case read "closed", and its need was in no gap list."""
    data.write("clients/c-0005.yaml", UNMET.replace("  - {topic: financing, level: beginner, priority: 1}\n", "")
               .replace("  - {topic: marketing, status: done", "  - {topic: marketing, level: beginner, status: done"))
    assert "c-0005" not in cedta(data, "status").stdout  # closed: its one need taken up
    r = cedta(data, "need", "c-0005", "add", "--topic", "marketing", "--level", "intermediate")
    assert r.exit_code == 0, r.output
    r = cedta(data, "status", "--format", "json")
    state = next(s for s in json.loads(r.stdout)["clients"] if s["id"] == "c-0005")
    assert state["closed"] is False and state["why"][0]["code"] == "stalled-need-without-step", state


def test_a_client_who_left_the_program_is_closed(data, cedta):
    data.write("clients/c-0005.yaml", UNMET)
    assert cedta(data, "outcome", "c-0005", "left-program", "--date", "2026-11-20").exit_code == 0
    r = cedta(data, "status", "--format", "json")
    assert "c-0005" not in [s["id"] for s in json.loads(r.stdout)["clients"]]


def test_leaving_the_program_drops_the_open_steps_that_day_and_records_no_gap(data, cedta):
    """Coordinator pass 9, C6: a closed case kept its open steps, "overdue" in `show`, with a
    current step and a next target in `status --all`."""
    r = cedta(data, "outcome", "c-0001", "left-program", "--date", "2026-11-20")
    assert r.exit_code == 0, r.output
    assert "the open step 1 is dropped on 2026-11-20 (the client left the program)" in r.stdout
    step = yaml.safe_load(data.read("clients/c-0001.yaml"))["plan"][0]
    assert (step["status"], str(step["dropped"])) == ("dropped", "2026-11-20")
    shown = cedta(data, "show", "c-0001").stdout
    assert "OVERDUE" not in shown.upper() and "[dropped 2026-11-20]" in shown
    assert cedta(data, "validate").exit_code == 0
    # a need with no service, its step open when the client leaves: not a gap the coordinator
    # recorded (a step dropped with a note is; leaving the program is not)
    data.write("clients/c-0005.yaml", UNMET.replace("plan:\n", "plan:\n  - {topic: financing, status: planned}\n"))
    assert json.loads(cedta(data, "gaps", "--format", "json").stdout)["needs"]["unmet"] == 1
    assert cedta(data, "outcome", "c-0005", "left-program", "--date", "2026-11-20").exit_code == 0
    after = json.loads(cedta(data, "gaps", "--format", "json").stdout)["needs"]
    assert (after["recorded"], after["unmet"]) == (0, 0)


def test_show_names_a_steps_organisation_and_an_unnamed_service_by_topic_and_modes(data, cedta):
    """Coordinator pass F12: four organisations have a service of the same name; newcomer N7: a
    service imported from a sheet has no name, and its id was shown."""
    r = cedta(data, "show", "c-0001")
    assert "— Business plan development (workshops), Acme Enterprise Centre —" in r.stdout, r.stdout
    r = cedta(data, "match", "c-0001")
    assert "✓ Business plan development (workshops) — Acme Enterprise Centre" in r.stdout, r.stdout


def test_one_client_is_said_in_the_singular(data, cedta):
    """`1 clients` in both languages (newcomer pass 7, #9); French uses the singular for 0 as well."""
    r = cedta(data, "status")
    assert r.stdout.splitlines()[0].startswith("Caseload on 2026-11-26: 1 open file, ")
    r = cedta(data, "status", lang="fr")
    assert r.stdout.splitlines()[0].startswith("Dossiers au 2026-11-26 : 1 dossier ouvert, ")


def test_a_broken_network_file_is_said_not_passed_over(data, cedta):
    """status and show used the default stall limit in silence when network.yaml had errors
    (hostile pass 5)."""
    data.write("network.yaml", data.read("network.yaml").replace("stalled_after_days: 60", "stalled_after_days: [30]"))
    r = cedta(data, "status")
    assert r.exit_code == 0
    assert "data/network.yaml has errors (see cedta validate): its settings are not read" in r.stderr
    r = cedta(data, "show", "c-0001", lang="fr")
    assert "data/network.yaml contient des erreurs" in r.stderr


def test_the_caseload_says_open_files_and_a_file_with_no_plan_says_so(data, cedta):
    """« 18 clients » counted open files only; `show` said « en bonne voie » of a co-op with no plan;
    « permis » found no topic (coordinator pass 8, K11)."""
    r = cedta(data, "status", "--all")
    assert r.exit_code == 0 and re.match(r"Caseload on 2026-11-26: \d+ files? \(\d+ closed\), \d+ stalled$",
                                         r.stdout.splitlines()[0]), r.stdout
    text = data.read("clients/c-0001.yaml")
    data.write("clients/c-0001.yaml", text.split("plan:")[0] + "plan: []\n" if "plan:" in text else text)
    show = cedta(data, "show", "c-0001", lang="fr")
    assert "pas encore de plan" in show.stdout and "en bonne voie" not in show.stdout
    assert cedta(data, "find", "--topic", "permis").exit_code == 0


def test_plan_add_warns_when_a_capacity_limited_service_is_overbooked(data, cedta):
    """Newcomer pass 9, S9-2: a third step on a two-place program was written without a word."""
    data.write("providers/acme-centre.yaml", data.read("providers/acme-centre.yaml").replace(
        "    intake: registration\n", "    intake: registration\n    capacity: {count: 1, per: year}\n", 1))
    data.write("clients/c-0002.yaml", data.read("clients/c-0001.yaml").replace("id: c-0001", "id: c-0002")
               .replace("plan:\n  - {topic: business-plan, level: beginner, service: acme-centre/business-plan-workshops, "
                        "target: 2026-12-31, status: active}\n", ""))
    assert "service: acme-centre/business-plan-workshops, target" not in data.read("clients/c-0002.yaml")
    r = cedta(data, "plan", "c-0002", "add", "--topic", "business-plan",
              "--service", "acme-centre/business-plan-workshops")
    assert r.exit_code == 0, r.output
    assert "acme-centre/business-plan-workshops has 1 place, and 2 open plan steps now use it" in r.stderr
    r = cedta(data, "plan", "c-0002", "add", "--topic", "marketing", lang="fr")
    assert r.exit_code == 0 and "places" not in r.stderr


def test_a_list_cedta_makes_goes_where_fmt_puts_it(data, cedta):
    """Newcomer pass 9, S9-4: `plan add` on a client with no plan wrote `plan:` after `contacts:`, and
    the pre-commit hook's `fmt --check` then failed on a file nobody edited by hand."""
    data.write("clients/c-0002.yaml", data.read("clients/c-0001.yaml").replace("id: c-0001", "id: c-0002").replace(
        "plan:\n  - {topic: business-plan, level: beginner, service: acme-centre/business-plan-workshops, "
        "target: 2026-12-31, status: active}\n", ""))
    assert cedta(data, "fmt", str(data.root / "clients" / "c-0002.yaml")).exit_code == 0  # canonical first
    assert cedta(data, "fmt", "--check", str(data.root / "clients" / "c-0002.yaml")).exit_code == 0
    assert cedta(data, "plan", "c-0002", "add", "--topic", "marketing").exit_code == 0
    assert cedta(data, "outcome", "c-0002", "business-started", "--date", "2026-11-20").exit_code == 0
    text = data.read("clients/c-0002.yaml")
    assert text.index("plan:") < text.index("contacts:") < text.index("outcomes:")
    r = cedta(data, "fmt", "--check", str(data.root / "clients" / "c-0002.yaml"))
    assert r.exit_code == 0, r.output


def test_a_services_end_date_is_said_where_a_coordinator_plans(data, cedta):
    """Newcomer pass 9, S9-9: a program ending 2027-03-31 was planned to 2027-06-30 without a word."""
    data.write("providers/acme-centre.yaml", data.read("providers/acme-centre.yaml").replace(
        "    intake: registration\n", "    intake: registration\n    valid: {until: 2027-03-31}\n", 1))
    said = " ".join(cedta(data, "match", "c-0001").stdout.split())
    assert "with that said: offered until March 31, 2027 (a plan step's target must come before it)" in said
    r = cedta(data, "plan", "c-0001", "add", "--topic", "business-plan", "--service",
              "acme-centre/business-plan-workshops", "--target", "2027-06-30", "--again")
    assert r.exit_code == 0 and "is offered until 2027-03-31, before the step's target 2027-06-30" in r.stderr
    r = cedta(data, "plan", "c-0001", "target", "1", "2027-05-01", lang="fr")
    assert r.exit_code == 0 and "offert jusqu'au 2027-03-31" in r.stderr.replace("’", "'")
    r = cedta(data, "plan", "c-0001", "target", "1", "2027-03-01")
    assert r.exit_code == 0 and "offered until" not in r.stderr
    data.write("clients/c-0001.yaml", data.read("clients/c-0001.yaml").replace(
        "  - {topic: business-plan, level: beginner, priority: 1}\n",
        "  - {topic: business-plan, level: beginner, priority: 1}\n  - {topic: marketing, level: beginner, priority: 2}\n"))
    data.write("providers/acme-centre.yaml", data.read("providers/acme-centre.yaml").replace(
        "    schedule: {frequency: by-appointment}\n", "    schedule: {frequency: by-appointment}\n    valid: {until: 2027-01-31}\n", 1))
    r = cedta(data, "match", "c-0001", "--plan", "--target", "2027-02-28", "--yes")
    assert r.exit_code == 0 and "the service ends on 2027-01-31, before this target" in " ".join(r.stdout.split()), r.output


def test_leaving_on_a_day_before_later_work_or_twice_is_warned(data, cedta):
    """Hostile pass 9, Q: left-program dated before contacts recorded after it, or twice, said nothing."""
    r = cedta(data, "outcome", "c-0001", "left-program", "--date", "2026-02-05")
    assert r.exit_code == 0 and "yet work is recorded after it (until 2026-02-10)" in r.stderr
    r = cedta(data, "outcome", "c-0001", "left-program", "--date", "2026-11-20", lang="fr")
    assert r.exit_code == 0 and "deux départs" in r.stderr


def test_work_recorded_after_leaving_is_warned_and_a_closed_case_shows_nothing_overdue(data, cedta):
    """Hostile pass 9b, #3: a step reopened after left-program made a closed case show a next
    target and an OVERDUE step, with no warning."""
    assert cedta(data, "plan", "c-0001", "target", "1", "2026-11-01").exit_code == 0  # overdue on 11-26
    assert "OVERDUE" in cedta(data, "show", "c-0001").stdout
    assert cedta(data, "outcome", "c-0001", "left-program", "--date", "2026-10-01").exit_code == 0
    r = cedta(data, "step", "c-0001", "1", "--active", "--reopen")
    assert r.exit_code == 0 and "left the program on 2026-10-01" in r.stderr
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", lang="fr")
    assert r.exit_code == 0 and "a quitté le programme le 2026-10-01" in r.stderr
    shown = cedta(data, "show", "c-0001").stdout
    assert "OVERDUE" not in shown
    state = next(s for s in json.loads(cedta(data, "status", "--all", "--format", "json").stdout)["clients"]
                 if s["id"] == "c-0001")
    assert state["closed"] and state["next_target"] is None and state["current_step"] is None


def test_a_step_on_a_service_that_has_ended_is_warned(data, cedta):
    """Hostile pass 9b, #11: a step on a program that ended in October was written without a word."""
    data.write("providers/acme-centre.yaml", data.read("providers/acme-centre.yaml").replace(
        "    intake: registration\n", "    intake: registration\n    valid: {until: 2026-10-31}\n", 1))
    r = cedta(data, "plan", "c-0001", "add", "--topic", "business-plan", "--service", "acme-centre/business-plan-workshops", "--again")
    assert r.exit_code == 0 and "ended on 2026-10-31: choose another service" in r.stderr


def test_status_by_provider_lists_the_clients_with_an_open_step_there(data, cedta):
    """Coordinator 12, G10: "who have we sent to this organisation, and where do they stand?" The
    organisation is named by id or name; done and dropped steps do not count; an unknown one is said."""
    _data(data)
    data.write("clients/c-0002.yaml", QUIET.replace("  - {topic: marketing, target: 2026-12-31}",
                                                    "  - {topic: marketing, target: 2026-12-31}\n"
                                                    "  - {topic: business-plan, service: acme-centre/business-plan-workshops}"))
    data.write("clients/c-0003.yaml", CLOSED.replace("{topic: marketing, status: done, done: 2026-05-01}",
                                                     "{topic: business-plan, service: acme-centre/business-plan-workshops, "
                                                     "status: done, done: 2026-05-01}"))
    r = cedta(data, "status", "--provider", "acme-centre", "--all")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0] == "Caseload on 2026-11-26: 2 files (0 closed), 2 stalled"
    assert lines[1].startswith("Clients with an open plan step at ")
    rows = {line.split()[0]: line.split() for line in lines if line.startswith("c-")}
    assert set(rows) == {"c-0001", "c-0002"}  # c-0003's step there is done; c-0004 has none
    assert rows["c-0002"][2] == "2"  # the step at the organisation, not the current one (1)
    assert lines[2].split()[2] == "steps"
    payload = json.loads(cedta(data, "status", "--provider", "acme-centre", "-f", "json").stdout)
    assert {c["id"]: c["steps_with_provider"] for c in payload["clients"]} == {"c-0001": [1], "c-0002": [2]}
    fr = cedta(data, "status", "--provider", "acme-centre", lang="fr")
    assert "Clients dont une étape ouverte du plan est chez" in fr.stdout
    r = cedta(data, "status", "--provider", "nowhere")
    assert r.exit_code == 2 and "unknown organisation" in r.stderr


def test_a_network_s_own_topic_is_said_by_its_label_in_status_and_show(data, cedta):
    """Coordinator 13, C13-4: a step on a topic of data/vocab.yaml was said by its id in `status`
    ("step 3 (social-economy-model): target passed"), in English, French and JSON."""
    data.write("vocab.yaml", "topics:\n  social-economy-model:\n    en: Social economy model\n"
                             "    fr: Modèle d'économie sociale\n")
    data.write("clients/c-0002.yaml", QUIET.replace("{topic: marketing, target: 2026-12-31}",
                                                    "{topic: social-economy-model, target: 2026-10-31}"))
    r = cedta(data, "status")
    assert r.exit_code == 0 and "step 1 (Social economy model): target 2026-10-31 passed" in r.stdout, r.stdout
    assert "(Modèle d’économie sociale)" in cedta(data, "status", lang="fr").stdout
    payload = json.loads(cedta(data, "status", "--format", "json").stdout)
    why = next(c for c in payload["clients"] if c["id"] == "c-0002")["why"]
    assert any("Social economy model" in w["en"] and "Modèle" in w["fr"] for w in why)
    assert "(Social economy model)" in cedta(data, "show", "c-0002").stdout


def test_an_organisation_is_named_by_a_short_name_or_the_start_of_its_name(tmp_path, cedta):
    """Coordinator 13, C13-3 and newcomer 13, N13-9: `--org OCRI`, `--org YMCA` were unknown (and
    `ocri` suggested OCISO); « Carrefour entreprise » for the start of a name had no answer."""
    import shutil
    from pathlib import Path

    from cedta.suggest import orgs_named
    from cedta.records import model as m

    root = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", root, ignore=shutil.ignore_patterns(".*"))
    for wording in ("OCRI", "ocri", "YMCA", "ywca", "Family Services"):
        r = cedta(root, "status", "--provider", wording)
        assert r.exit_code == 0, (wording, r.output)
    r = cedta(root, "status", "--provider", "Ottawa")
    assert r.exit_code == 2 and "names several organisations" in r.output
    providers = {"carrefour": m.Provider.model_validate(
        {"id": "carrefour", "name": {"en": "Carrefour entreprise du Sud-Est"}, "kind": "non-profit"})}
    assert orgs_named("carrefour entreprise", providers) == ["carrefour"]
    assert orgs_named("Carre", providers) == []  # a whole word, not part of one
    assert orgs_named("Carrefour", providers) == ["carrefour"]  # a word of one name alone
    providers["wbn"] = m.Provider.model_validate({"id": "wbn", "name": {"en": "Women's Business Network"}, "kind": "non-profit"})
    providers["cwc"] = m.Provider.model_validate({"id": "cwc", "name": {"en": "Canadian Women in Communications"}, "kind": "non-profit"})
    assert sorted(orgs_named("Women", providers)) == ["cwc", "wbn"]  # several: said, none chosen (review 13, R13-9)


def test_show_says_the_stage_the_outcomes_give_beside_the_intake_s(data, cedta):
    """Coordinator 13, C13-17: after `outcome business-started`, `show` still said "exploring an
    idea", while matching read the client as starting up."""
    assert "Stage: exploring an idea" in cedta(data, "show", "c-0001").stdout
    assert cedta(data, "outcome", "c-0001", "business-started", "--date", "2026-11-20").exit_code == 0
    r = cedta(data, "show", "c-0001")
    assert "Stage: starting up (from the outcomes; exploring an idea at intake)" in r.stdout, r.stdout
    assert "démarrage (d’après les résultats ; exploration d’une idée à l’accueil)" in cedta(data, "show", "c-0001", lang="fr").stdout
    said = " ".join(cedta(data, "match", "c-0001").stdout.split())  # and the match's header line
    assert "stage: starting up (from the outcomes; exploring an idea at intake)" in said, said
