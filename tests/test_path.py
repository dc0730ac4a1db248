"""The path commands: plan, step, log, outcome, evaluate, forget; what they write and what they refuse."""

from __future__ import annotations

import pytest
import yaml


def _client(data, cid="c-0001"):
    return yaml.safe_load(data.read(f"clients/{cid}.yaml"))


def test_plan_add_move_drop(data, cedta):
    r = cedta(data, "plan", "c-0001", "add", "--topic", "Marketing", "--level", "beginner",
              "--service", "acme-centre/marketing-consulting", "--target", "2027-01-31")
    assert r.exit_code == 0, r.output
    assert "step 2 added (Marketing)" in r.stdout
    plan = _client(data)["plan"]
    assert plan[1] == {"topic": "marketing", "level": "beginner", "service": "acme-centre/marketing-consulting",
                       "target": __import__("datetime").date(2027, 1, 31), "status": "planned",
                       "added": __import__("datetime").date(2026, 11, 26)}  # a past quarter leaves it out
    assert "  - {topic: marketing, level: beginner" in data.read("clients/c-0001.yaml")  # flow like the others
    r = cedta(data, "plan", "c-0001", "move", "2", "1", lang="fr")
    assert r.exit_code == 0 and "l’étape 2 est maintenant l’étape 1" in r.stdout
    assert [s["topic"] for s in _client(data)["plan"]] == ["marketing", "business-plan"]
    r = cedta(data, "plan", "c-0001", "drop", "1", "--note", "Found another way.")
    assert r.exit_code == 0 and _client(data)["plan"][0]["status"] == "dropped"
    assert cedta(data, "validate").exit_code == 0


def test_step_active_done_with_a_date_and_dropped(data, cedta):
    assert cedta(data, "step", "c-0001", "1", "--done", "2026-11-20").exit_code == 0
    step = _client(data)["plan"][0]
    assert step["status"] == "done" and str(step["done"]) == "2026-11-20"
    assert cedta(data, "step", "c-0001", "1", "--active").exit_code == 2  # a done step: --reopen
    assert cedta(data, "step", "c-0001", "1", "--active", "--reopen").exit_code == 0
    assert "done" not in _client(data)["plan"][0]
    r = cedta(data, "step", "c-0001", "1", "--done")
    assert r.exit_code == 0 and str(_client(data)["plan"][0]["done"]) == "2026-11-26"
    r = cedta(data, "step", "c-0001", "1", "--dropped", "--reopen", "--note", "moved away", lang="fr")
    assert r.exit_code == 0 and "abandonnée" in r.stdout


def test_log_outcome_evaluate(data, cedta):
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--date", "2026-11-20", "--mode", "consulting",
              "--minutes", "30", "--note", "Reviewed the cash-flow table.")
    assert r.exit_code == 0, r.output
    assert "contact of 2026-11-20 logged (2 contacts)" in r.stdout
    assert _client(data)["contacts"][-1]["note"] == "Reviewed the cash-flow table."
    r = cedta(data, "outcome", "c-0001", "financing-obtained", "--amount", "15000", "--date", "2026-11-21")
    assert r.exit_code == 0 and "financing obtained" in r.stdout
    assert _client(data)["outcomes"] == [{"date": __import__("datetime").date(2026, 11, 21),
                                          "kind": "financing-obtained", "amount": 15000}]
    r = cedta(data, "outcome", "c-0001", "jobs-created", "--count", "2", lang="fr")
    assert r.exit_code == 0 and "emplois créés" in r.stdout
    assert "— emplois créés : 2" in cedta(data, "show", "c-0001", lang="fr").stdout  # not "— nombre 2"
    r = cedta(data, "evaluate", "c-0001", "--satisfaction", "4", "--notes", "Useful workshops.")
    assert r.exit_code == 0 and _client(data)["evaluation"][0]["satisfaction"] == 4
    assert cedta(data, "validate").exit_code == 0


def test_unknown_ids_come_with_a_did_you_mean(data, cedta):
    before = data.read("clients/c-0001.yaml")
    cases = [
        (("log", "c-0002", "--org", "acme-centre"), "unknown client `c-0002` (did you mean `c-0001`?)"),
        (("log", "c-0001", "--org", "acme-center"), "acme-centre"),
        (("log", "c-0001", "--org", "acme-centre", "--service", "acme-centre/marketing-consultng"),
         "acme-centre/marketing-consulting"),
        (("log", "c-0001", "--org", "beta-coop", "--service", "acme-centre/marketing-consulting"), "not one of"),
        (("log", "c-0001", "--org", "acme-centre", "--mode", "worksops"), "workshops"),
        (("plan", "c-0001", "add", "--topic", "marketting"), "marketing"),
        (("plan", "c-0001", "add", "--topic", "marketing", "--service", "acme-centre/business-plan-workshops"),
         "offers"),
        (("outcome", "c-0001", "busines-started"), "business-started"),
        (("status", "--hub", "francophone"), "francophones"),
        (("show", "C-0001"), "not a client id"),
    ]
    for args, expected in cases:
        r = cedta(data, *args)
        assert r.exit_code == 2, (args, r.output)
        assert expected in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.output
    assert data.read("clients/c-0001.yaml") == before


def test_bad_dates_and_step_numbers(data, cedta):
    before = data.read("clients/c-0001.yaml")
    cases = [
        (("log", "c-0001", "--org", "acme-centre", "--date", "2026-13-01"), "not a date"),
        (("log", "c-0001", "--org", "acme-centre", "--date", "yesterday"), "not a date"),
        (("log", "c-0001", "--org", "acme-centre", "--date", "2026-11-27"), "in the future"),
        (("log", "c-0001", "--org", "acme-centre", "--date", "2026-01-01"), "before the intake (2026-02-03)"),
        (("step", "c-0001", "1", "--done", "2026-01-01"), "before the intake"),
        (("step", "c-0001", "1", "--done", "2027-01-01"), "in the future"),
        (("step", "c-0001", "3", "--active"), "there is no step 3 (the plan has 1 step)"),
        (("step", "c-0001", "0", "--active"), "there is no step 0"),
        (("step", "c-0001", "1"), "choose one of"),
        (("step", "c-0001", "1", "--active", "--done"), "choose one of"),
        (("plan", "c-0001", "move", "1", "4"), "there is no step 4"),
        (("plan", "c-0001", "add", "--topic", "marketing", "--target", "soon"), "not a date"),
        (("evaluate", "c-0001", "--satisfaction", "6"), "1 to 5"),
        (("evaluate", "c-0001"), "--satisfaction"),
        (("outcome", "c-0001", "financing-obtained", "--amount", "-5"), "zero or more"),
        (("log", "c-0001", "--org", "acme-centre", "--minutes", "-3"), "a whole number from 0 to 10000"),
    ]
    for args, expected in cases:
        r = cedta(data, *args)
        assert r.exit_code == 2, (args, r.output)
        assert expected in r.stderr, (args, r.stderr)
    assert data.read("clients/c-0001.yaml") == before
    r = cedta(data, "step", "c-0001", "3", "--active", lang="fr")
    assert "il n’y a pas d’étape 3 (le plan compte 1 étape)" in r.stderr


def test_identifiers_in_notes_are_refused_like_validate_refuses_them(data, cedta):
    before = data.read("clients/c-0001.yaml")
    for args in [("log", "c-0001", "--org", "acme-centre", "--note", "call 613-555-0199"),
                 ("evaluate", "c-0001", "--notes", "wrote to jo@example.org"),
                 ("outcome", "c-0001", "business-started", "--note", "SIN 123 456 789"),
                 ("step", "c-0001", "1", "--active", "--note", "(613) 555 0199")]:
        r = cedta(data, *args)
        assert r.exit_code == 2 and "direct identifiers" in r.stderr, (args, r.stderr)
        assert "555" not in r.stderr and "example.org" not in r.stderr
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", "appeler au 613-555-0199", lang="fr")
    assert "numéro de téléphone" in r.stderr
    assert data.read("clients/c-0001.yaml") == before


def test_a_client_file_with_errors_is_reported_and_not_touched(data, cedta):
    # (a hub gone from the directory does not freeze its clients: another error here)
    broken = data.read("clients/c-0001.yaml").replace("kind: individual", "kind: robot")
    assert broken != data.read("clients/c-0001.yaml")
    data.write("clients/c-0001.yaml", broken)
    r = cedta(data, "log", "c-0001", "--org", "acme-centre")
    assert r.exit_code == 1
    assert "c-0001.yaml:2:7: error unknown-term" in r.stderr and "already has errors" in r.stderr
    assert data.read("clients/c-0001.yaml") == broken


def test_forget_removes_notes_and_identity_keeps_counts(data, cedta):
    data.write("../a.yaml", """\
kind: individual
hub: francophones
consent: {given: 2026-11-01}
intake: {date: 2026-11-01, by: acme-centre}
identity: {name: Jo Doe, phone: 613-555-0100}
profile: {birth_year: 1990}
needs:
  - {topic: marketing, note: Wants to sell online.}
""")
    r = cedta(data, "intake", "--answers", str(data.root.parent / "a.yaml"), "--id", "c-0009")
    assert r.exit_code == 0, r.output
    cedta(data, "plan", "c-0009", "add", "--topic", "marketing", "--note", "Start with the basics.")
    cedta(data, "plan", "c-0009", "add", "--topic", "business-plan")
    cedta(data, "step", "c-0009", "2", "--done", "2026-11-20")
    cedta(data, "log", "c-0009", "--org", "acme-centre", "--minutes", "60", "--note", "First meeting.")
    cedta(data, "outcome", "c-0009", "business-started", "--note", "Opened a stall.")
    cedta(data, "evaluate", "c-0009", "--satisfaction", "5", "--notes", "Great.")
    r = cedta(data, "forget", "c-0009", "--yes")
    assert r.exit_code == 0, r.output
    assert "identity entry removed" in r.stdout
    text = data.read("clients/c-0009.yaml")
    for gone in ("Wants to sell", "Start with", "First meeting", "Opened a stall", "Great."):
        assert gone not in text
    c = yaml.safe_load(text)
    assert str(c["consent"]["withdrawn"]) == "2026-11-26"
    assert [s["status"] for s in c["plan"]] == ["dropped", "done"]
    assert c["contacts"][0]["minutes"] == 60 and c["outcomes"][0]["kind"] == "business-started"
    assert c["evaluation"][0]["satisfaction"] == 5
    assert "c-0009" not in data.read(".private/identities.yaml")
    assert cedta(data, "validate").exit_code == 0
    r = cedta(data, "forget", "c-0009", "--yes", lang="fr")
    assert r.exit_code == 0 and "déjà oublié" in r.stdout
    assert cedta(data, "forget", "c-0404", "--yes").exit_code == 2


@pytest.mark.parametrize("args, says", [
    (["jobs-created", "--count", "0"], "--count 0: a `jobs-created` outcome records something that happened"),
    (["financing-obtained", "--amount", "0"], "--amount 0: a `financing-obtained` outcome"),
    (["business-started", "--count", "4"], "--count is for jobs-created, jobs-retained, not for `business-started`"),
    (["jobs-retained", "--amount", "500"], "--amount is for financing-obtained, not for `jobs-retained`"),
    (["jobs-created"], "jobs-created needs --count N, how many jobs"),  # (coordinator 14, C14-20)
])
def test_an_outcome_refuses_a_figure_the_report_would_not_count(data, cedta, args, says):
    before = data.read("clients/c-0001.yaml")
    r = cedta(data, "outcome", "c-0001", *args)
    assert r.exit_code == 2 and says in r.output
    assert data.read("clients/c-0001.yaml") == before


def test_an_outcome_in_a_file_with_a_figure_the_report_would_not_count_is_a_warning(data, cedta):
    data.write("clients/c-0001.yaml", data.read("clients/c-0001.yaml") + (
        "outcomes:\n"
        "  - {date: 2026-03-01, kind: business-started, count: 3}\n"
        "  - {date: 2026-03-02, kind: jobs-created, count: 0}\n"
        "  - {date: 2026-03-03, kind: financing-obtained, amount: 0}\n"
        "  - {date: 2026-03-04, kind: jobs-retained, count: 2}\n"))
    r = cedta(data, "validate")
    assert r.exit_code == 0, r.output
    assert "c-0001.yaml:20:55: warning outcome-field-unused: `count` is not counted for the outcome " \
           "`business-started` (only for jobs-created, jobs-retained)" in r.output
    assert "c-0001.yaml:21:51: warning outcome-zero: the outcome `jobs-created` gives `count: 0`" in r.output
    assert "warning outcome-zero: the outcome `financing-obtained` gives `amount: 0`" in r.output
    assert r.output.count("outcome-zero") == 2 and r.output.count("outcome-field-unused") == 1
    r = cedta(data, "validate", lang="fr")
    assert "« count » n’est pas compté pour le résultat « business-started »" in r.output


def test_the_remembered_directory_follows_a_provider_change(data, cedta, cache_dir):
    """The path commands remember the loaded directory in the cache (2,000 providers validated for
    each contact logged): a service removed or added since is seen at once."""
    ok = cedta(data, "plan", "c-0001", "add", "--topic", "marketing", "--service", "acme-centre/marketing-consulting")
    assert ok.exit_code == 0, ok.output
    assert any(n.startswith("client-directory") for n in _cache_names(cache_dir))
    acme = data.read("providers/acme-centre.yaml")
    data.write("providers/acme-centre.yaml", acme.replace("id: marketing-consulting", "id: marketing-advice"))
    gone = cedta(data, "plan", "c-0001", "add", "--topic", "marketing", "--service", "acme-centre/marketing-consulting")
    assert gone.exit_code == 2 and "marketing-advice" in gone.output  # unknown now, with did-you-mean
    again = cedta(data, "plan", "c-0001", "add", "--topic", "marketing", "--service", "acme-centre/marketing-advice")
    assert again.exit_code == 0, again.output


def _cache_names(folder):
    return [p.name for p in folder.rglob("*") if p.is_file()]


@pytest.mark.parametrize("args, says", [
    (["log", "c-0001", "--org", "acme-centre", "--service", ""], "--service is empty"),
    (["plan", "c-0001", "add", "--topic", "marketing", "--service", ""], "--service is empty"),
    (["log", "c-0001", "--org", "acme-centre", "--service", "nowhere"], "is not a service reference"),
    (["log", "c-0001", "--org", "acme-centre", "--note", "x" * 4001], "4001 characters, more than a note may hold"),
    (["evaluate", "c-0001", "--satisfaction", "4", "--notes", "y" * 4001], "more than a note may hold"),
    (["log", "c-0001", "--org", "acme-centre", "--note", "caf\udce9 cr\udce8me"], "not UTF-8"),
])
def test_a_bad_option_value_is_named_as_the_option_not_found_in_a_file_that_was_never_written(data, cedta, args, says):
    """Fuzz pass 2 (session 6), G and H: an empty --service, a note over 4,000 characters or a note in
    Latin-1 bytes were reported as errors at a line of a file that does not exist on disk (exit 1)."""
    before = data.read("clients/c-0001.yaml")
    r = cedta(data, *args)
    assert r.exit_code == 2 and says in r.output, r.output
    assert data.read("clients/c-0001.yaml") == before and "would make" not in r.output


def test_a_steps_target_is_set_and_cleared(data, cedta):
    """`match --plan` writes steps with no target and no command set one (coordinator pass 8, K9)."""
    assert cedta(data, "plan", "c-0001", "add", "--topic", "marketing", "--note", "first").exit_code == 0
    r = cedta(data, "plan", "c-0001", "target", "2", "2027-01-31")
    assert r.exit_code == 0 and "step 2 (Marketing) is due by 2027-01-31" in r.stdout, r.output
    assert "{topic: marketing, target: 2027-01-31, status: planned, added: 2026-11-26, note: first}" \
        in data.read("clients/c-0001.yaml")
    r = cedta(data, "plan", "c-0001", "target", "2", "--clear", lang="fr")
    assert r.exit_code == 0 and "n’a plus d’échéance" in r.stdout
    assert "{topic: marketing, status: planned, added: 2026-11-26, note: first}" in data.read("clients/c-0001.yaml")
    assert cedta(data, "plan", "c-0001", "target", "2").exit_code == 2
    r = cedta(data, "plan", "c-0001", "target", "2", "2000-01-01")
    assert r.exit_code == 2 and "before the intake" in r.output


def test_a_done_steps_target_is_not_changed(data, cedta):
    """Hostile pass 8b, F8: a done step's target was changed silently (a wrong step number)."""
    assert cedta(data, "step", "c-0001", "1", "--done", "2026-11-20").exit_code == 0
    before = data.read("clients/c-0001.yaml")
    r = cedta(data, "plan", "c-0001", "target", "1", "2027-01-01")
    assert r.exit_code == 2 and "step 1 is done: its target no longer counts" in r.output
    assert data.read("clients/c-0001.yaml") == before
    r = cedta(data, "plan", "c-0001", "target", "1", "")
    assert r.exit_code == 2 and ("DATE is empty" in r.output or "argument of `target` is empty" in r.output)


def test_a_dropped_step_is_reopened_only_with_reopen_and_forget_dates_its_drops(data, cedta):
    """Hostile pass 8b, F12 and F13: `step --active` on a step dropped in September erased its day
    and changed a past quarter's report; `forget` dropped open steps with no day."""
    assert cedta(data, "step", "c-0001", "1", "--dropped", "2026-09-30").exit_code == 0
    before = data.read("clients/c-0001.yaml")
    r = cedta(data, "step", "c-0001", "1", "--active")
    assert r.exit_code == 2 and "step 1 was dropped on 2026-09-30; add --reopen" in r.output
    assert data.read("clients/c-0001.yaml") == before
    assert cedta(data, "step", "c-0001", "1", "--active", "--reopen").exit_code == 0
    assert "dropped:" not in data.read("clients/c-0001.yaml")
    r = cedta(data, "forget", "c-0001", "--yes")
    assert r.exit_code == 0, r.output
    assert "status: dropped, dropped: 2026-11-26" in data.read("clients/c-0001.yaml")
    assert cedta(data, "validate").exit_code == 0


def test_a_steps_new_note_is_added_after_its_note(data, cedta):
    """`--note` on a step that has a note keeps the earlier one: the reason a step was planned is
    not lost to the reason it was dropped."""
    assert cedta(data, "step", "c-0001", "1", "--active", "--note", "Asked for evening sessions.").exit_code == 0
    assert _client(data)["plan"][0]["note"] == "Asked for evening sessions."
    r = cedta(data, "plan", "c-0001", "drop", "1", "--note", "No evening cohort this year.")
    assert r.exit_code == 0, r.output
    assert _client(data)["plan"][0]["note"] == "Asked for evening sessions. — No evening cohort this year."
    assert cedta(data, "step", "c-0001", "1", "--dropped", "--note", "No evening cohort this year.").exit_code == 0
    assert _client(data)["plan"][0]["note"].count("No evening cohort") == 1  # the same note twice: once
    before = data.read("clients/c-0001.yaml")
    r = cedta(data, "step", "c-0001", "1", "--dropped", "--note", "x" * 3990, lang="fr")
    assert r.exit_code != 0 and "la note de l’étape et celle-ci feraient" in r.stderr
    assert data.read("clients/c-0001.yaml") == before
    assert cedta(data, "validate").exit_code == 0


def test_a_service_named_by_its_organisations_name_or_in_capitals_is_taken_as_its_id(data, cedta):
    """Hostile pass 9, F: `--service CCO/x` (as `--org` takes it) was a KeyError traceback."""
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--service", "ACME-CENTRE/marketing-consulting")
    assert r.exit_code == 0, r.output
    assert "service: acme-centre/marketing-consulting" in data.read("clients/c-0001.yaml")
    r = cedta(data, "plan", "c-0001", "add", "--topic", "marketing", "--service",
              "Acme Enterprise Centre/marketing-consulting")
    assert r.exit_code == 0, r.output
    assert _client(data)["plan"][-1]["service"] == "acme-centre/marketing-consulting"
    r = cedta(data, "plan", "c-0001", "add", "--topic", "marketing", "--service", "Nobody Inc/x")
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert cedta(data, "validate").exit_code == 0


def test_a_target_on_a_client_with_no_plan_is_said_not_a_traceback(data, cedta):
    """Hostile pass 9, P: `plan ID target 1 DATE` on a client just taken in was a KeyError."""
    text = data.read("clients/c-0001.yaml")
    start = text.index("plan:")
    data.write("clients/c-0001.yaml", text[:start] + text[text.index("contacts:"):])
    for args in (["2027-01-01"], ["--clear"]):
        r = cedta(data, "plan", "c-0001", "target", "1", *args)
        assert r.exit_code == 2 and "there is no step 1" in r.output and "Traceback" not in r.output


@pytest.mark.parametrize("typed,lang,recorded", [
    ("0,500", "en", None), ("1,500", "fr", None), ("1,500", "en", 1500), ("1,50", "fr", 1.5),
    ("1,000,50", "en", None), ("1,500,5", "fr", None),  # (review 9, F2: 100050, 15005)
    ("2 000,50", "fr", 2000.5), ("1,234,567.89", "en", 1234567.89)])
def test_an_amount_is_read_as_it_is_written_or_refused_when_it_could_be_two(data, cedta, typed, lang, recorded):
    """Hostile pass 9, K: `0,500` was recorded as 500, and in French `1,500` as 1500."""
    r = cedta(data, "outcome", "c-0001", "financing-obtained", "--amount", typed, lang=lang)
    if recorded is None:
        assert r.exit_code == 2 and "financing-obtained" not in data.read("clients/c-0001.yaml")
    else:
        assert r.exit_code == 0, r.output
        assert _client(data)["outcomes"][-1]["amount"] == recorded


@pytest.mark.parametrize("args", [
    ("log", "c-0001", "--org", "acme-centre", "--minutes", "5"),
    ("need", "c-0001", "add", "--topic", "marketing"),
    ("plan", "c-0001", "add", "--topic", "marketing"),
    ("outcome", "c-0001", "business-plan-completed", "--date", "2026-11-01"),
])
def test_writers_keep_an_end_marker_its_comments_and_crlf_line_ends(data, cedta, args):
    """Hostile 13, 6 and 7: every client writer dropped a `...` end marker and the comments after it
    (fmt keeps them), and turned a CRLF file into LF on every line."""
    from tests.conftest import CLIENT

    text = CLIENT.rstrip("\n") + "\n...\n# after the end: kept\n"
    data.write("clients/c-0001.yaml", text)
    r = cedta(data, *args)
    assert r.exit_code == 0, r.output
    after = data.read("clients/c-0001.yaml")
    assert after.endswith("\n...\n# after the end: kept\n") and after != text
    path = data.root / "clients" / "c-0001.yaml"
    path.write_bytes(CLIENT.replace("\n", "\r\n").encode())
    r = cedta(data, *args)
    assert r.exit_code == 0, r.output
    raw = path.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") and len(raw) > len(CLIENT)
    assert cedta(data, "validate").exit_code == 0


@pytest.mark.parametrize("args, words", [
    (("log", "c-0001", "--org", "acme-centre", "--minutes", "30"), "the same contact"),
    (("evaluate", "c-0001", "--satisfaction", "4"), "an evaluation of 2026-11-26 is already recorded"),
    (("plan", "c-0001", "add", "--topic", "marketing"), "is already open in the plan"),
])
def test_the_same_contact_evaluation_or_open_step_twice_needs_again(data, cedta, args, words):
    """Newcomer 13, N13-1 and N13-2, hostile 13, 24: run twice, a contact, an evaluation or a plan
    step was written twice without a word, and counted twice in the forum's report (as `outcome`
    refused already)."""
    assert cedta(data, *args).exit_code == 0
    before = data.read("clients/c-0001.yaml")
    r = cedta(data, *args)
    assert r.exit_code == 2 and words in r.output and "--again" in r.output, r.output
    assert data.read("clients/c-0001.yaml") == before
    assert cedta(data, *args, "--again").exit_code == 0
    assert data.read("clients/c-0001.yaml") != before


def test_a_contact_through_a_service_needs_no_org(data, cedta):
    """Coordinator 13, C13-22 / newcomer 13, N13-18: `log --service P/S` without --org was refused
    with Typer's bare "Missing option '--org'", though the service names its provider."""
    r = cedta(data, "log", "c-0001", "--service", "acme-centre/business-plan-workshops", "--minutes", "45")
    assert r.exit_code == 0, r.output
    assert _client(data)["contacts"][-1]["org"] == "acme-centre"
    r = cedta(data, "log", "c-0001")
    assert r.exit_code == 2 and "--org" in r.output and "--service" in r.output, r.output


def test_match_plan_target_is_a_program_s_end_when_the_program_lasts_longer(data, cedta):
    """Coordinator 13, C13-15: `match --plan --target +60` gave a 36-week program a 60-day target;
    the client read stalled while attending it. Its target is the program's end, said so."""
    from tests.conftest import CLIENT, PROVIDER

    data.write("providers/acme-centre.yaml", PROVIDER.replace(
        "schedule: {frequency: year-round, times: [evenings]}",
        "schedule: {frequency: year-round, times: [evenings], duration_weeks: 36}", 1))
    data.write("clients/c-0001.yaml", CLIENT.replace(
        "  - {topic: business-plan, level: beginner, service: acme-centre/business-plan-workshops, target: 2026-12-31, status: active}\n",
        "").replace("plan:\n", "").replace(
        "contacts:\n  - {date: 2026-02-10, org: acme-centre, service: acme-centre/business-plan-workshops, mode: workshops, minutes: 120}\n",
        "contacts:\n  - {date: 2026-11-20, org: acme-centre}\n"))
    r = cedta(data, "match", "c-0001", "--plan", "--target", "+60", "--yes")
    assert r.exit_code == 0, r.output
    said = " ".join(r.stdout.split())
    assert "target 2027-08-05 (a 36-week program: its end, not --target)" in said, said
    # and the last line does not say every step got --target's date (coordinator 14, C14-6)
    assert "1 step added to the plan of c-0001; its target date is the program's end (step 1 (2027-08-05)), " \
           "not 2027-01-25" in said, said
    step = _client(data)["plan"][0]
    assert str(step["target"]) == "2027-08-05"


def test_a_comment_above_a_record_written_as_one_flow_mapping_stays(data, cedta):
    """Hostile 13, 21: `# Keep` above a record written as one `{...}` ending in a comment was lost
    by `fmt` and by every writer (without the end comment it stayed); forget still takes it out."""
    flow = ("# Flow client\n{id: c-0001, kind: individual, hub: francophones, intake: {date: 2026-02-03, by: acme-centre}, "
            "consent: {given: 2026-02-03, scope: hub}, needs: [{topic: marketing}]}  # end\n")
    data.write("clients/c-0001.yaml", flow)
    assert cedta(data, "log", "c-0001", "--org", "acme-centre", "--minutes", "3").exit_code == 0
    after = data.read("clients/c-0001.yaml")
    assert after.startswith("# Flow client\n{id: c-0001") and "minutes: 3" in after and "# end" in after, after
    assert cedta(data, "fmt", str(data.root / "clients" / "c-0001.yaml")).exit_code == 0
    assert data.read("clients/c-0001.yaml").startswith("# Flow client\n")
    assert cedta(data, "forget", "c-0001", "--yes").exit_code == 0
    assert "#" not in data.read("clients/c-0001.yaml")


def test_a_flow_record_under_the_editor_s_schema_line_keeps_its_comments_and_forget_the_line(data, cedta):
    """Review 13, R13-4: with the schema line first (as every template writes it), the comments
    above a one-line record were still lost by the writers; forget keeps the directive alone."""
    flow = ("# yaml-language-server: $schema=../../schemas/client.schema.json  mine\n# Flow client\n"
            "{id: c-0001, kind: individual, hub: francophones, intake: {date: 2026-02-03, by: acme-centre}, "
            "consent: {given: 2026-02-03, scope: hub}, needs: [{topic: marketing}]}  # end\n")
    data.write("clients/c-0001.yaml", flow)
    assert cedta(data, "log", "c-0001", "--org", "acme-centre", "--minutes", "3").exit_code == 0
    assert data.read("clients/c-0001.yaml").startswith(flow.split("{")[0])
    r = cedta(data, "forget", "c-0001", "--yes")
    assert r.exit_code == 0, r.output
    after = data.read("clients/c-0001.yaml")
    assert after.startswith("# yaml-language-server: $schema=../../schemas/client.schema.json\n{") and after.count("#") == 1


def test_outcome_errors_name_the_kinds_in_french_by_their_labels(data, cedta):
    """Coordinator 13, C13-11: « --count est pour jobs-created, jobs-retained, pas pour
    « business-started » »: English ids in a French sentence."""
    r = cedta(data, "outcome", "c-0001", "business-started", "--count", "3", lang="fr")
    assert r.exit_code == 2 and "pas pour « entreprise lancée »" in r.output and "business-started" not in r.output, r.output
