"""Coordinator pass 14 (and what was left of pass 13): a plan's proposal names a service to confirm
that fits as well as the step it proposes."""

from __future__ import annotations

import json

import pytest

from tests.test_coordinator10 import client, ottawa  # noqa: F401 (the shipped directory without its clients)

CO_OP = """\
kind: organisation
profile:
  populations: [francophones, agriculture, social-economy]
  languages: {speaks: [fr], reads_writes: [fr]}
  region: prescott-russell
  founding: co-operative
  stage: idea
  has: [business-idea]
  budget: {max_fee: 500}
  availability: [evenings, weekends]
  preferred_modes: [workshops, follow-up]
needs:
  - {topic: business-plan, level: beginner, priority: 1}
"""


def test_the_plan_names_the_accompaniment_made_for_a_founding_co_op(ottawa, cedta):
    """C13-6: a group founding a francophone co-op was proposed a business-plan workshop, and the
    CCO's accompaniment, made for it (founding a co-operative, francophone), its price only to ask,
    was not named."""
    client(ottawa, "c-2026-0101", "francophones", CO_OP.replace("kind: organisation\n", ""))
    path = ottawa / "clients" / "c-2026-0101.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: individual", "kind: organisation"),
                    encoding="utf-8")
    out = cedta(ottawa, "match", "c-2026-0101", "--plan", "--today", "2026-10-05", lang="fr")
    assert out.exit_code == 2 and "aucune réponse pour confirmer le plan" in out.output  # (no terminal here)
    text = " ".join(out.stdout.split())
    assert "+ Élaboration de plan d’entreprise · débutant" in text
    assert "? à confirmer, et convient au moins aussi bien : Accompagnement d’un à trois ans" in text
    assert "demander le prix (budget de 500 $)" in text
    assert "cedta plan c-2026-0101 add --service cco/co-operative-accompaniment" in text
    written = json.loads(cedta(ottawa, "match", "c-2026-0101", "--plan", "--yes", "--format", "json",
                               "--today", "2026-10-05").stdout)
    (step,) = written["steps"]
    assert step["ask_first"] == "cco/co-operative-accompaniment" and step["service"] != step["ask_first"]
    assert "ask_first" not in path.read_text(encoding="utf-8")  # said, not written in the plan


def test_a_membership_fee_for_large_businesses_says_what_the_others_pay(ottawa, tmp_path, cedta):
    """C13-16: a one-person start-up was quoted the Chamber's membership at the rate of businesses of
    more than 150 employees; the provider's note says the others' fee is not stated."""
    path = tmp_path / "p.yaml"
    path.write_text("kind: individual\nhub: francophones\nprofile:\n  populations: [francophones]\n  languages: {speaks: [fr, en], reads_writes: [fr, en]}\n"
                    "  stage: start-up\n  budget: {max_fee: 140}\n"
                    "needs: [{topic: accounting, level: intermediate}]\n", encoding="utf-8")
    for lang, said in (("en", "$2,750 membership a year (businesses with more than 150 employees); annual "
                              "membership fee (amount not stated for businesses of 150 employees or fewer)"),
                       ("fr", "2 750 $ par année d’adhésion (entreprises de plus de 150 employés) ; cotisation "
                              "annuelle (montant non précisé pour les entreprises de 150 employés ou moins)")):
        out = cedta(ottawa, "match", "--profile", str(path), lang=lang)
        assert out.exit_code == 0, out.output
        assert said in " ".join(out.stdout.split()).replace("\u202f", " ").replace("\u00a0", " "), out.stdout


LOAN = """\
profile:
  populations: [francophones, women]
  languages: {speaks: [fr, en], reads_writes: [fr]}
  birth_year: 1984
  ei: {status: never}
  employment: {status: employed, hours_per_week: 30}
  stage: start-up
  has: [business-idea, business-plan]
  budget: {max_fee: 0}
needs:
  - {topic: financing, level: beginner, priority: 1}
plan:
  - {topic: financing, level: beginner, service: ottawa-community-loan-fund/loans, status: dropped, dropped: 2026-11-10,
     note: Loan obtained from a caisse populaire.}
contacts:
  - {date: 2026-10-20, org: ottawa-community-loan-fund, mode: consulting, minutes: 60}
"""


@pytest.mark.parametrize("outcome,gap", [
    ("  - {date: 2026-11-10, kind: financing-obtained, amount: 8000}\n", False),
    ("  - {date: 2026-11-10, kind: jobs-created, count: 1}\n", True),  # (not the need's outcome: a gap recorded)
])
def test_a_need_met_by_an_outcome_is_no_gap(ottawa, cedta, outcome, gap):
    """C14-17: a client who got her loan from a caisse populaire, the loan fund's step dropped then
    with a note, was reported to the forum as an unmet financing need, with a lever to create a
    loan fund for her, in the report that counted her $8,000."""
    client(ottawa, "c-2026-0201", "francophones", LOAN + "outcomes:\n" + outcome, day="2026-10-02")
    gid = "demand/francophones/financing/beginner"
    out = json.loads(cedta(ottawa, "gaps", "--hub", "francophones", "--format", "json", "--today", "2027-01-05").stdout)
    assert (gid in [g["id"] for g in out["demand"]]) is gap, out["demand"]
    assert any(gid in lv["gaps"] for lv in out["levers"]) is gap
    report = json.loads(cedta(ottawa, "report", "--quarter", "2026Q3", "--no-suppress", "--format", "json",
                              "--today", "2027-01-05").stdout)
    assert (gid in [g["id"] for g in report["gaps"]]) is gap


def test_match_says_a_need_met_by_an_outcome_and_a_gap_already_recorded(ottawa, cedta):
    """C14-4 and C14-17: after the loan obtained elsewhere, and after a gap recorded (a step dropped
    with a note), `match` and `match --plan` still said « LACUNE … consigner la lacune »."""
    body = LOAN.replace("needs:\n  - {topic: financing, level: beginner, priority: 1}\n",
                        "needs:\n  - {topic: financing, level: beginner, priority: 1}\n"
                        "  - {topic: feasibility-studies, level: beginner, priority: 2}\n")
    body = body.replace("contacts:\n", "  - {topic: feasibility-studies, level: beginner, status: dropped, "
                                       "dropped: 2026-11-10, note: Nothing in French.}\ncontacts:\n")
    client(ottawa, "c-2026-0201", "francophones",
           body + "outcomes:\n  - {date: 2026-11-10, kind: financing-obtained, amount: 8000}\n", day="2026-10-02")
    text = " ".join(cedta(ottawa, "match", "c-2026-0201", "--today", "2027-01-05", lang="fr").stdout.split())
    assert "Comblé : financement obtenu le 2026-11-10 (un résultat consigné)" in text
    assert "Consignée comme lacune : l’étape 2 du plan a été abandonnée" in text
    assert text.count("LACUNE") == 1  # (the feasibility study's: still a gap, now said recorded)
    plan = " ".join(cedta(ottawa, "match", "c-2026-0201", "--plan", "--today", "2027-01-05", lang="fr").stdout.split())
    assert "comblé — financement obtenu le 2026-11-10" in plan and "une lacune, consignée (étape 2" in plan
    assert "consigner la lacune" not in plan
    out = json.loads(cedta(ottawa, "match", "c-2026-0201", "--plan", "--yes", "--format", "json",
                           "--today", "2027-01-05").stdout)
    assert [(u["topic"], u["why"]) for u in out["unplanned"]] == [("financing", "met"), ("feasibility-studies", "recorded")]
    assert out["unplanned"][0]["date"] == "2026-11-10" and out["unplanned"][1]["dropped_steps"] == [2]


def test_plan_proposed_again_waits_on_the_business_plan_step_already_written(ottawa, cedta):
    """C14-1: once `--plan` had written the business-plan step, running it again called the loan
    need a gap to record, while `match` said it waits on that step."""
    client(ottawa, "c-2026-0202", "francophones", """\
profile:
  populations: [francophones, women]
  languages: {speaks: [fr, en], reads_writes: [fr]}
  birth_year: 1984
  ei: {status: never}
  employment: {status: employed, hours_per_week: 30}
  stage: idea
  has: [business-idea]
  budget: {max_fee: 0}
needs:
  - {topic: business-plan, level: beginner, priority: 1}
  - {topic: financing, level: beginner, priority: 2}
""", day="2026-10-02")
    first = json.loads(cedta(ottawa, "match", "c-2026-0202", "--plan", "--yes", "--format", "json",
                             "--today", "2026-10-13").stdout)
    assert [s["topic"] for s in first["steps"]] == ["business-plan"]
    assert [(u["topic"], u["why"]) for u in first["unplanned"]] == [("financing", "waits-new")]
    again = json.loads(cedta(ottawa, "match", "c-2026-0202", "--plan", "--yes", "--format", "json",
                             "--today", "2026-10-14").stdout)
    assert [(u["topic"], u["why"], u.get("waits_on")) for u in again["unplanned"]] == [("financing", "waits", [1])]
    text = " ".join(cedta(ottawa, "match", "c-2026-0202", "--plan", "--today", "2026-10-14", lang="fr").stdout.split())
    assert "consigner la lacune" not in text and "étape 1" in text


@pytest.mark.parametrize("how", [("step", "c-0001", "1", "--dropped", "{day}"), ("plan", "c-0001", "drop", "1", "--date", "{day}")])
def test_a_dropped_step_keeps_its_day_without_reopen(data, cedta, how):
    """C14-2: dropping a dropped step again on another day moved its day, and the case's closing
    with it, out of a quarter the forum had seen."""
    import yaml

    assert cedta(data, "step", "c-0001", "1", "--dropped", "2026-11-20").exit_code == 0
    r = cedta(data, *[a.format(day="2026-11-25") for a in how], lang="fr")
    assert r.exit_code == 2 and "l'étape 1 a été abandonnée le 2026-11-20 ; ajoutez --reopen" in r.output.replace("’", "'")
    step = yaml.safe_load(data.read("clients/c-0001.yaml"))["plan"][0]
    assert str(step["dropped"]) == "2026-11-20"
    assert cedta(data, *[a.format(day="2026-11-25") for a in how], "--reopen").exit_code == 0
    assert str(yaml.safe_load(data.read("clients/c-0001.yaml"))["plan"][0]["dropped"]) == "2026-11-25"
    r = cedta(data, "step", "c-0001", "1", "--dropped", "--note", "A new note, the same day kept.")
    assert r.exit_code == 0 and str(yaml.safe_load(data.read("clients/c-0001.yaml"))["plan"][0]["dropped"]) == "2026-11-25"


def test_jobs_written_without_a_count_are_said_to_count_nothing(data, cedta):
    """C14-20: `outcome jobs-created` with no --count was taken, and the report added nothing."""
    data.write("clients/c-0001.yaml", data.read("clients/c-0001.yaml") + "outcomes:\n  - {date: 2026-11-20, kind: jobs-created}\n")
    r = cedta(data, "validate")
    assert r.exit_code == 0 and "warning outcome-jobs-uncounted" in r.output and "write `count: N`" in r.output


@pytest.fixture
def shipped_copy(tmp_path):
    """The shipped data, clients included."""
    import shutil
    from pathlib import Path

    root = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", root, ignore=shutil.ignore_patterns(".*"))
    return root


FRENCH_ANSWERS = """\
kind: particulier
hub: Centre francophone
consent: {given: 2026-10-02, scope: hub}
profile:
  populations: [femmes]
  languages: {speaks: [français], reads_writes: [français]}
  ei: {status: jamais}
  employment: {status: sans emploi}
  returning_to_school: non
  has: [une idée d’entreprise]
  availability: [en soirée, fin de semaine]
needs:
  - {topic: plan d'affaires, level: débutant}
"""


def test_answers_and_walk_ins_take_the_labels_the_interactive_intake_lists(ottawa, cedta, tmp_path):
    """C14-3: `hub: Centre francophone`, `ei: jamais`, `employment: sans emploi`, `returning_to_school:
    non`, `has: [une idée d’entreprise]` were refused in an answers file, though the interactive
    intake lists exactly these; and `match --profile` took none of the labels intake took."""
    import yaml

    answers = tmp_path / "fr.yaml"
    answers.write_text(FRENCH_ANSWERS, encoding="utf-8")
    r = cedta(ottawa, "intake", "--answers", str(answers), "--by", "rdee-ontario", "--id", "c-2026-0301",
              "--today", "2026-10-02", lang="fr")
    assert r.exit_code == 0, r.output
    c = yaml.safe_load((ottawa / "clients" / "c-2026-0301.yaml").read_text(encoding="utf-8"))
    assert c["hub"] == "francophones" and c["kind"] == "individual"
    assert c["profile"]["ei"] == {"status": "never"} and c["profile"]["employment"] == {"status": "unemployed"}
    assert c["profile"]["returning_to_school"] is False and c["profile"]["has"] == ["business-idea"]
    r = cedta(ottawa, "match", "--profile", str(answers), "--today", "2026-10-02", lang="fr")
    assert r.exit_code == 0 and "Élaboration de plan d’entreprise · débutant" in r.stdout, r.output


def test_a_long_list_is_shown_numbered_on_a_question_mark(data):
    """C14-8: the need's topic said « numéro ou nom » but no list was ever shown, numbers were
    refused, and `?` or Enter gave no list: no way out but Ctrl-C, which loses the whole intake."""
    import yaml
    from typer.testing import CliRunner

    from cedta.cli import app

    answers = ["o", "", "2", "1", "2", "?", "français", "?", "1", "?", "?", "démarrage", "", "", "", "",
               "?", "publicité", "", "", "n", "", "", "", "", "o"]
    r = CliRunner().invoke(app, ["--today", "2026-11-26", "--lang", "fr", "--data", str(data.root), "intake"],
                           input="\n".join(answers) + "\n")
    assert r.exit_code == 0, r.output
    text = " ".join(r.stdout.split())
    assert "tapez des lettres pour chercher · ? pour la liste complète" in text or \
        "tapez des lettres pour chercher ; ? pour la liste complète" in text, text[:3000]
    listing = r.stdout[r.stdout.index("Besoin 1 : sujet"):]
    assert "Études de faisabilité (feasibility-studies)" in listing  # the whole list, once `?` was typed
    (cid,) = sorted(p.stem for p in (data.root / "clients").iterdir() if p.stem != "c-0001")
    assert yaml.safe_load(data.read(f"clients/{cid}.yaml"))["needs"] == [{"topic": "marketing", "priority": 1}]


def test_writers_take_the_start_of_a_label_as_find_does_and_say_when_it_is_ambiguous(shipped_copy, cedta):
    """C14-5: `log --mode téléphone` was refused though `find --mode téléphone` takes it, and `need
    add --topic financement` steered to one of the two topics it could be."""
    r = cedta(shipped_copy, "log", "c-2026-0002", "--org", "ocri", "--mode", "téléphone", "--minutes", "15", lang="fr")
    assert r.exit_code == 0, r.output
    r = cedta(shipped_copy, "need", "c-2026-0002", "add", "--topic", "financement", lang="fr")
    assert r.exit_code == 2 and "« financement » peut désigner plusieurs termes" in r.output, r.output
    assert "fundraising" in r.output and "financing" in r.output


def test_outcome_says_the_figure_it_recorded(shipped_copy, cedta):
    """C14-11: « résultat consigné : financement obtenu », the amount as read not said."""
    r = cedta(shipped_copy, "outcome", "c-2026-0002", "financing-obtained", "--amount", "2 500,50 $", lang="fr")
    assert r.exit_code == 0 and "financement obtenu — 2 500,50 $" in r.stdout.replace("\u202f", " ").replace("\xa0", " ")
    r = cedta(shipped_copy, "outcome", "c-2026-0002", "jobs-created", "--count", "2")
    assert r.exit_code == 0 and "outcome recorded: jobs created — 2" in r.stdout


def test_plan_target_takes_days_from_today_and_warns_before_a_program_ends(shipped_copy, cedta):
    """C14-7 and C14-19: `plan target N +30` was refused; a 52-week program given a target in a
    month read stalled while attended, with no word."""
    r = cedta(shipped_copy, "plan", "c-2026-0004", "target", "1", "+20")
    assert r.exit_code == 0 and "is due by 2026-12-16" in r.stdout, r.output
    assert "this program lasts 52 weeks: the target 2026-12-16 comes before its end (about 2027-02-01)" in r.stderr
    assert cedta(shipped_copy, "plan", "c-2026-0004", "target", "1", "+99999").exit_code == 2


def test_french_wording_of_the_quarter(shipped_copy, cedta):
    """C14-14: « était ouvert au niveau avancé et ouvert à l’étape », « un interprète vers français »,
    « son échéance : `cedta plan …` »."""
    report = " ".join(cedta(shipped_copy, "report", lang="fr").stdout.split())
    assert "était ouvert au niveau avancé et à l’étape « entreprise établie »" in report
    assert "et ouvert à l’étape" not in report
    path = shipped_copy / "clients" / "c-2026-0001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "languages: {speaks: [es], reads_writes: [es]}", "languages: {speaks: [es], reads_writes: [es], interpreter: [fr]}"),
        encoding="utf-8")
    match = " ".join(cedta(shipped_copy, "match", "c-2026-0001", lang="fr").stdout.split())
    assert "aide en français avec un interprète" in match and "interprète vers" not in match, match[:400]


def test_stalled_lists_the_stalled_alone_and_the_next_target_is_still_to_come(shipped_copy, cedta):
    """C14-14: `cedta stalled`, the word coordinators use, was an unknown command; C14-12: a passed
    date read as the « prochaine échéance » beside one still to come."""
    import json

    r = cedta(shipped_copy, "stalled")
    assert r.exit_code == 0, r.output
    rows = [line for line in r.stdout.splitlines() if line.startswith("c-")]
    assert rows and all(line.rstrip().endswith("STALLED") for line in rows)
    assert r.stdout.splitlines()[0] == cedta(shipped_copy, "status").stdout.splitlines()[0]  # the caseload's counts
    same = cedta(shipped_copy, "status", "--stalled", "--format", "json")
    assert all(c["stalled"] for c in json.loads(same.stdout)["clients"])
    one = next(c for c in json.loads(cedta(shipped_copy, "status", "--format", "json").stdout)["clients"]
               if c["id"] == "c-2026-0001")
    assert one["stalled"] and one["next_target"] == "2027-03-31"  # (2026-06-30, passed, is said as overdue)


def test_a_referral_is_not_left_out_by_the_written_document_rule(ottawa, cedta):
    """C14-18: a business-plan referral in English was left out for a client who speaks English and
    writes French only, though a referral writes nothing with the client."""
    client(ottawa, "c-2026-0501", "francophones", """\
profile:
  populations: [francophones, immigrants, women]
  languages: {speaks: [fr, wo, en], reads_writes: [fr]}
  stage: idea
  has: [business-idea]
needs:
  - {topic: business-plan, level: beginner}
""")
    out = json.loads(cedta(ottawa, "match", "c-2026-0501", "--format", "json").stdout)
    need = out["needs"][0]
    ref = "ocri-entrepreneurship-centre/business-plan-referral"
    fits = {m["service"]: m for m in need["matches"] + need["to_confirm"]}
    assert ref in fits, [e["service"] for e in need.get("excluded", [])]
    assert ref in [m["service"] for m in need["to_confirm"]]  # to ask: the help it leads to (review 14, R14-8)
    text = " ".join(cedta(ottawa, "match", "c-2026-0501", "--all-candidates", lang="fr").stdout.split())
    assert "demander si l’aide vers laquelle ce service oriente est en français" in text


def test_an_unrecorded_fee_weighs_as_a_price_to_ask_among_services_to_confirm(ottawa, cedta):
    """C14-22: among services to confirm for a francophone co-op, an English program whose fee
    nobody recorded ranked above a French hub member's workshop whose fee is charged, amount
    unstated: both prices are to ask."""
    client(ottawa, "c-2026-0601", "francophones", """\
profile:
  populations: [francophones, social-economy]
  languages: {speaks: [fr, en], reads_writes: [fr]}
  founding: co-operative
  stage: idea
  has: [business-idea]
  budget: {max_fee: 500}
needs:
  - {topic: social-economy-model, level: beginner}
""")
    path = ottawa / "clients" / "c-2026-0601.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: individual", "kind: organisation"), encoding="utf-8")
    out = json.loads(cedta(ottawa, "match", "c-2026-0601", "--format", "json", "--today", "2026-10-13").stdout)
    order = [c["service"] for c in out["needs"][0]["to_confirm"]]
    convex, causeway = "groupe-convex/social-economy-model-workshops", "causeway-work-centre/social-enterprise-curriculum"
    assert convex in order and causeway in order, order
    assert order.index(convex) < order.index(causeway), order


def test_the_question_of_returning_to_school_does_not_repeat_its_rule(ottawa, cedta, tmp_path):
    """README replay 14, B1: "Ask whether the client returns to school (returning to school)"."""
    walk_in = tmp_path / "w.yaml"
    walk_in.write_text("kind: individual\nhub: francophones\nprofile:\n  birth_year: 2008\n"
                       "  languages: {speaks: [en, fr], reads_writes: [en, fr]}\n"
                       "needs:\n  - {topic: self-employment, level: beginner}\n", encoding="utf-8")
    for lang, said, repeated in (("en", "Ask whether the client returns to school", "(returning to school)"),
                                 ("fr", "Demander si le client retourne aux études", "(retour aux études exigé)")):
        text = " ".join(cedta(ottawa, "match", "--profile", str(walk_in), "--all-candidates", lang=lang).stdout.split())
        assert said in text and said + " " + repeated not in text, text[:600]


def test_an_outcome_meets_only_the_needs_there_were_then_and_closes_the_case(shipped_copy, cedta):
    """Review 14: a loan obtained in February met an expansion-loan need added in November (R14-1);
    a need an outcome met kept the case open and stalled (R14-15); `match --today` before the
    outcome said it met (R14-7)."""
    import json

    assert cedta(shipped_copy, "outcome", "c-2026-0001", "financing-obtained", "--date", "2026-02-10",
                 "--amount", "2000").exit_code == 0
    assert cedta(shipped_copy, "need", "c-2026-0001", "drop", "--topic", "financing").exit_code == 0
    assert cedta(shipped_copy, "need", "c-2026-0001", "add", "--topic", "financing", "--level", "intermediate").exit_code == 0
    text = " ".join(cedta(shipped_copy, "match", "c-2026-0001").stdout.split())
    assert "Met: financing obtained" not in text  # (the need came after the loan)
    # a need with no step that an outcome met, the other steps all done: the case closes, not stalled
    (shipped_copy / "clients" / "c-2026-0701.yaml").write_text(
        "id: c-2026-0701\nkind: individual\nhub: francophones\nintake: {date: 2026-08-04, by: rdee-ontario}\n"
        "consent: {given: 2026-08-04, scope: hub}\nprofile: {languages: {speaks: [fr], reads_writes: [fr]}}\n"
        "needs:\n  - {topic: business-plan, level: beginner}\n  - {topic: financing, level: beginner}\n"
        "plan:\n  - {topic: business-plan, level: beginner, status: done, done: 2026-10-01}\n"
        "contacts:\n  - {date: 2026-10-01, org: rdee-ontario}\n", encoding="utf-8")
    states = json.loads(cedta(shipped_copy, "status", "--all", "--format", "json").stdout)["clients"]
    assert next(c for c in states if c["id"] == "c-2026-0701")["stalled"]  # a need without a step
    assert cedta(shipped_copy, "outcome", "c-2026-0701", "financing-obtained", "--date", "2026-11-10",
                 "--amount", "5000").exit_code == 0
    states = json.loads(cedta(shipped_copy, "status", "--all", "--format", "json").stdout)["clients"]
    one = next(c for c in states if c["id"] == "c-2026-0701")
    assert one["closed"] and not one["stalled"], one
    early = " ".join(cedta(shipped_copy, "match", "c-2026-0701", "--today", "2026-11-01").stdout.split())
    assert "Met: financing obtained" not in early  # (--today before the outcome)


def test_a_phone_on_a_line_with_the_name_in_a_directory_file_is_an_error(shipped_copy, cedta, tmp_path):
    """Review 14, R14-9: the name (a warning) was looked for before the phone (an error): a provider
    comment "referred by NAME, PHONE" passed validate, exit 0."""
    answers = tmp_path / "a.yaml"
    answers.write_text("kind: individual\nhub: immigrants\nconsent: true\nidentity: {name: Amira Haddad, "
                       "phone: \"613-555-0142\"}\nneeds:\n  - {topic: marketing}\n", encoding="utf-8")
    assert cedta(shipped_copy, "intake", "--answers", str(answers), "--by", "ociso").exit_code == 0
    provider = shipped_copy / "providers" / "aboriginal-business-canada.yaml"
    provider.write_text(provider.read_text(encoding="utf-8") + "# referred by Amira Haddad, 613 555 0142\n",
                        encoding="utf-8")
    r = cedta(shipped_copy, "validate")
    assert r.exit_code == 1 and "error identity-in-directory" in r.output, r.output


def test_show_says_the_business_plan_the_outcomes_give(shipped_copy, cedta):
    """README replay 14, B2: `show` gave the stage the outcomes give, not the business plan."""
    assert cedta(shipped_copy, "outcome", "c-2026-0001", "business-plan-completed").exit_code == 0
    text = " ".join(cedta(shipped_copy, "show", "c-2026-0001").stdout.split())
    assert "Already has: a business idea, a business plan (from the outcomes; a business idea at intake)" in text, text
