"""The interactive `cedta intake`, driven by feeding its prompts: consent first, every choice from the
vocabulary, each answer checked on the spot with another try, `?` for a fact not known, a summary to
confirm, then the next command; Ctrl-C or the end of input writes nothing and exits 130."""

from __future__ import annotations


import pytest
import yaml

from cedta.cli.clients import _Asker

ENGLISH = [
    "y",                      # consent
    "",                       # scope: the default, the hub
    "1",                      # kind: individual
    "1",                      # hub: the only one
    "",                       # intake by: the hub's director (default)
    "Francophones, 2",        # populations, by label and by number (2: immigrants)
    "fr, English",            # speaks (a long list: searched)
    "?",                      # reads and writes: not known
    "nineteen", "1985",       # birth year: refused, then taken
    "1",                      # EI: never
    "2", "200", "20",         # employed; 200 hours refused; 20
    "?",                      # a professional trained abroad: not known
    "?",                      # region
    "idea",                   # stage, by id
    "1",                      # has a business idea
    "-4", "50",               # budget: refused, then 50
    "evenings",               # availability
    "workshops, consulting",  # preferred modes
                              # (returning to school: not asked at 41)
    "marketting", "business-plan", "beginner", "",  # need 1: a typo refused; level; priority 1 by default
    "y",                      # another need
    "mark", "?", "2",         # need 2: found by searching; level not known; priority 2
    "n",                      # no more needs
    "Jo Tremblay", "", "", "",  # identity: a name only
    "y",                      # write it
]


def _run(data, answers, lang="en", args=()):
    from typer.testing import CliRunner

    from cedta.cli import app

    return CliRunner().invoke(app, ["--today", "2026-11-26", "--lang", lang, "--data", str(data.root), "intake", *args],
                              input="\n".join(answers) + "\n")


def _new_clients(data):
    return sorted(p.stem for p in (data.root / "clients").iterdir() if p.stem != "c-0001")


def test_an_interactive_intake_in_english(data, cedta):
    r = _run(data, ENGLISH)
    assert r.exit_code == 0, r.output
    (cid,) = _new_clients(data)
    out = r.stdout
    assert out.index("consented") < out.index("Kind of client")  # consent first
    assert "`nineteen` is not a whole number from 1900 to 2026" in out
    assert "`200` is not a whole number from 0 to 168" in out
    assert "No match for `marketting`; did you mean Marketing (`marketing`)? Try again." in out
    assert "Summary" in out and "Identity (kept apart): Name" in out
    assert f"cedta match {cid}" in out and "Tremblay" not in data.read(f"clients/{cid}.yaml")
    c = yaml.safe_load(data.read(f"clients/{cid}.yaml"))
    assert c["intake"] == {"date": __import__("datetime").date(2026, 11, 26), "by": "acme-centre"}
    assert c["consent"]["scope"] == "hub"
    assert c["profile"] == {"populations": ["francophones", "immigrants"], "languages": {"speaks": ["fr", "en"]},
                            "birth_year": 1985, "ei": {"status": "never"},
                            "employment": {"status": "employed", "hours_per_week": 20}, "stage": "idea",
                            "has": ["business-idea"], "budget": {"max_fee": 50}, "availability": ["evenings"],
                            "preferred_modes": ["workshops", "consulting"]}
    assert c["needs"] == [{"topic": "business-plan", "level": "beginner", "priority": 1},
                          {"topic": "marketing", "priority": 2}]
    assert "Jo Tremblay" in data.read(".private/identities.yaml")
    assert cedta(data, "validate").exit_code == 0


def test_an_interactive_intake_in_french(data):
    answers = ["o", "", "2", "1", "2", "?", "français", "?", "1", "?", "?", "démarrage", "", "", "", "",
               "comptabilite", "", "", "n", "", "", "", "", "o"]
    r = _run(data, answers, lang="fr")
    assert r.exit_code == 0, r.output
    assert "Le client consent-il" in r.stdout and "organisme ou groupe" in r.stdout
    assert "Type d’organisme" in r.stdout and "Résumé" in r.stdout and "ensuite : cedta --lang fr match" in r.stdout
    # a name typed `d'entreprise` in its file reads as the default under the list does (newcomer 13, N13-17)
    assert "Centre d’entreprise Acme (acme-centre)" in r.stdout and "Centre d'entreprise" not in r.stdout
    (cid,) = _new_clients(data)
    c = yaml.safe_load(data.read(f"clients/{cid}.yaml"))
    assert c["kind"] == "organisation" and c["intake"]["by"] == "beta-coop"
    assert c["profile"] == {"languages": {"speaks": ["fr"]}, "region": "ottawa", "stage": "start-up"}
    assert c["needs"] == [{"topic": "accounting", "priority": 1}]
    assert not (data.root / ".private" / "identities.yaml").exists()


def test_a_word_found_in_two_terms_is_asked_about_not_taken(data):
    """Coordinator 13, C13-13: « subvention » took financing (« prêts et subventions ») at once; an
    arts group looking for grants means fundraising (alias « Demandes de subvention »)."""
    answers = ["o", "", "2", "1", "2", "?", "français", "?", "1", "?", "?", "démarrage", "", "", "", "",
               "subvention", "fundraising", "", "", "n", "", "", "", "", "o"]
    r = _run(data, answers, lang="fr")
    assert r.exit_code == 0, r.output
    assert "2 résultats" in r.stdout, r.stdout
    assert "Financement/rédaction de propositions (fundraising)" in r.stdout
    assert "Financement d’entreprise (prêts et subventions) (financing)" in r.stdout
    (cid,) = _new_clients(data)
    assert yaml.safe_load(data.read(f"clients/{cid}.yaml"))["needs"] == [{"topic": "fundraising", "priority": 1}]


def test_a_group_not_incorporated_yet_is_asked_what_it_founds_and_a_question_mark_is_unknown(data):
    """`?` at the organisation type leaves it unknown (it used to mean "a group founding one" and
    asked what it was founding); "not incorporated yet" is an answer of its own."""
    head = ["o", "", "2", "1", "2", "?", "français", "?", "1"]
    tail = ["?", "démarrage", "", "", "", "", "comptabilite", "", "", "n", "", "", "", "", "o"]
    r = _run(data, head + ["pas encore"] + ["coopérative"] + tail, lang="fr")
    assert r.exit_code == 0, r.output
    assert "pas encore constitué (un groupe qui le fonde)" in r.stdout
    assert "quel type d’organisme fonde-t-il ?" in r.stdout
    (cid,) = _new_clients(data)
    c = yaml.safe_load(data.read(f"clients/{cid}.yaml"))
    assert c["profile"]["founding"] == "co-operative" and "org_type" not in c["profile"]
    (data.root / "clients" / f"{cid}.yaml").unlink()
    r = _run(data, head + ["?"] + tail, lang="fr")
    assert r.exit_code == 0, r.output
    assert "fonde-t-il" not in r.stdout
    (cid,) = _new_clients(data)
    c = yaml.safe_load(data.read(f"clients/{cid}.yaml"))
    assert "founding" not in c["profile"] and "org_type" not in c["profile"]


def test_no_consent_writes_nothing(data):
    r = _run(data, ["n"])
    assert r.exit_code == 1 and "nothing written" in r.stdout.lower()
    assert _new_clients(data) == []


def test_declining_the_summary_writes_nothing(data):
    r = _run(data, ENGLISH[:-1] + ["n"])
    assert r.exit_code == 0 and "Nothing written." in r.stdout
    assert _new_clients(data) == []


def test_ctrl_c_or_the_end_of_input_writes_nothing_and_exits_130(data, monkeypatch):
    r = _run(data, ENGLISH[:12])  # piped answers end in the middle: a usage problem, not Ctrl-C
    assert r.exit_code == 2 and "the answers on standard input ran out" in r.stderr
    assert "--answers FILE" in r.stderr and _new_clients(data) == []
    calls = []

    def interrupted(*args):  # typed at a terminal, then Ctrl-C
        calls.append(1)
        if len(calls) == 5:
            raise KeyboardInterrupt
        return ENGLISH[len(calls) - 1]

    monkeypatch.setattr(_Asker, "line", interrupted)
    r = _run(data, [], lang="fr")
    assert r.exit_code == 130 and r.stderr.strip() == "cedta: interrompu ; rien n’a été écrit"
    assert _new_clients(data) == [] and not (data.root / ".private" / "identities.yaml").exists()


def test_a_look_alike_is_flagged_before_confirming(data):
    assert _run(data, ENGLISH).exit_code == 0
    (first,) = _new_clients(data)
    again = ENGLISH.copy()
    again[again.index("Jo Tremblay")] = "JO  TREMBLAY"
    r = _run(data, again)
    assert r.exit_code == 0 and f"looks like {first}" in r.stdout
    assert r.stdout.index("looks like") < r.stdout.index("Write this file?")


def test_a_superscript_or_other_digit_like_answer_is_asked_again(data):
    from tests.test_intake_interactive import ENGLISH as answers

    for at in (2, 8):  # a choice (kind) and a number (birth year)
        r = _run(data, answers[:at] + ["²"] + answers[at:])
        assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
        assert r.exit_code == 0, r.output


def test_a_bad_id_is_refused_before_the_first_question(data):
    for bad in ("../x", "C-1", "c-2026-0001/../../etc"):
        r = _run(data, ["y"], args=("--id", bad))
        assert r.exit_code == 2, r.output
        assert "is not a client id" in r.output and "consented" not in r.output



@pytest.mark.parametrize("typed, fee", [("$1,500", 1500), ("1 500", 1500), ("5 000 $", 5000),
                                        ("2 000,50 $", 2000.5), ("12,50", 12.5), ("$1,500.50", 1500.5)])
def test_a_budget_is_read_as_dollars_are_written(data, typed, fee):
    """`$1,500` was read as $1.50 (every comma taken as a decimal mark) and `5 000 $` refused."""
    at = ENGLISH.index("-4")
    r = _run(data, ENGLISH[:at] + [typed] + ENGLISH[at + 2:])
    assert r.exit_code == 0, r.output
    (cid,) = _new_clients(data)
    assert yaml.safe_load(data.read(f"clients/{cid}.yaml"))["profile"]["budget"] == {"max_fee": fee}


def test_a_term_is_found_by_its_alias_or_its_other_language_label(data):
    """`mercat` finds Marketing by its alias (Mercatique, the report's word) when no id or label holds it."""
    at = ENGLISH.index("mark")
    r = _run(data, ENGLISH[:at] + ["mercat"] + ENGLISH[at + 1:])
    assert r.exit_code == 0, r.output
    (cid,) = _new_clients(data)
    assert [n["topic"] for n in yaml.safe_load(data.read(f"clients/{cid}.yaml"))["needs"]] == \
        ["business-plan", "marketing"]


def test_answers_piped_in_that_keep_being_refused_stop_the_intake(data, cedta, monkeypatch):
    """`yes | cedta intake` looped for ever on "No match for `y`" (hostile pass 3)."""
    r = _run(data, ["y"] * 50, args=("--by", "acme-centre"))
    assert r.exit_code == 2 and "refused 3 times in a row" in r.output
    assert sorted(p.name for p in (data.root / "clients").iterdir()) == ["c-0001.yaml"]


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="/dev/zero and fd 0 as on Linux")
@pytest.mark.parametrize("stdin, says", [("closed", "ran out before the intake was complete"),
                                         ("zero", "longer than 10000 characters")])
def test_an_intake_whose_input_is_closed_or_endless_stops_with_nothing_written(data, stdin, says):
    """Fuzz pass (session 6): standard input closed (cron, CI) gave a traceback (input(): lost
    sys.stdin); /dev/zero was read for ever, 1.5 GB after 10 s."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    before = sorted(p.name for p in (data.root / "clients").iterdir())
    cmd = [sys.executable, "-m", "cedta", "--today", "2026-11-26", "--data", str(data.root), "intake"]
    here = Path(__file__).resolve().parents[1]
    if stdin == "closed":
        r = subprocess.run(cmd, preexec_fn=lambda: os.close(0), capture_output=True, cwd=here, timeout=60)
    else:
        with open("/dev/zero", "rb") as zero:
            r = subprocess.run(cmd, stdin=zero, capture_output=True, cwd=here, timeout=60)
    assert r.returncode == 2 and b"Traceback" not in r.stderr, r.stderr.decode(errors="replace")[-600:]
    assert says in r.stderr.decode()
    assert sorted(p.name for p in (data.root / "clients").iterdir()) == before


def test_a_term_found_by_searching_is_said_back(data):
    """`mark` at a topic question took Marketing without a word (newcomer pass 7, #10): what a search
    picked is said back; an id, a label or a number is not repeated."""
    r = _run(data, ENGLISH)
    assert r.exit_code == 0, r.output
    assert "  → Marketing\n" in r.stdout
    assert "  → French" not in r.stdout and "  → Francophones" not in r.stdout


def test_questions_that_do_not_apply_are_not_asked(data):
    """Coordinator passes 8 (K11) and 9 (C8): "returning to school?" asked of a client of 41 (the
    rule that asks it is a youth program's), "a professional trained abroad?" of a client recorded
    as francophone and not an immigrant."""
    answers = ENGLISH.copy()
    answers[answers.index("Francophones, 2")] = "Francophones, 3"  # francophone, a woman
    at = answers.index("20") + 1
    del answers[at]  # the trained-abroad answer: not asked
    r = _run(data, answers)
    assert r.exit_code == 0, r.output
    assert "trained abroad" not in r.stdout and "returning to school" not in r.stdout.lower()
    young = ENGLISH.copy()
    young[young.index("1985")] = "2004"
    young.insert(young.index("workshops, consulting") + 1, "n")  # 22: asked
    r = _run(data, young)
    assert r.exit_code == 0, r.output
    assert "school" in r.stdout.lower()


def test_a_client_who_speaks_neither_official_language_is_asked_about_an_interpreter(data, cedta):
    answers = ENGLISH.copy()
    answers[answers.index("fr, English")] = "es"
    # after reads and writes: the interpreter's language; the client's own is asked again (session 10)
    answers[answers.index("es") + 2:answers.index("es") + 2] = ["Spanish", "French"]
    r = _run(data, answers)
    assert r.exit_code == 0, r.output
    said = " ".join(r.stdout.split())
    assert "Languages of help the hub can interpret for the client" in said
    assert "The client speaks Spanish: name the languages of the help to interpret (often en, fr)." in said
    (cid,) = _new_clients(data)
    c = yaml.safe_load(data.read(f"clients/{cid}.yaml"))
    assert c["profile"]["languages"] == {"speaks": ["es"], "interpreter": ["fr"]}
    assert "With an interpreter: French" in cedta(data, "show", cid).stdout
    assert "interpret" not in _run(data, ENGLISH).stdout  # French and English: not asked


def test_a_wrong_answer_to_a_question_that_takes_a_question_mark_says_so(data):
    """Hostile pass 10, M1: "trained abroad? [y/n/?]" answered `maybe` said "Answer y or n.",
    leaving out the `?` it offers."""
    answers = ENGLISH.copy()
    at = answers.index("?", answers.index("20"))  # trained abroad
    answers[at:at] = ["maybe"]
    r = _run(data, answers)
    assert r.exit_code == 0 and "Answer y or n, or ? if not known." in r.output, r.output


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "latin-1"},
                                 {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
                                 # UTF-8 with surrogateescape: bytes that are not UTF-8 passed as surrogates (hostile 12, #4)
                                 {"LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"}])
def test_piped_answers_are_read_as_utf8_whatever_the_locale(data, env):
    """Hostile 11, #12: under PYTHONIOENCODING=latin-1, or LC_ALL=C without locale coercion, the
    name was stored as mojibake or lone surrogates, which the privacy guard no longer finds; bytes
    that are not UTF-8 at all are refused with what to do, nothing written."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    here = Path(__file__).resolve().parents[1]
    cmd = [sys.executable, "-m", "cedta", "--today", "2026-11-26", "--data", str(data.root), "intake"]
    answers = ENGLISH[:ENGLISH.index("Jo Tremblay")] + ["Zoé Ñúñez", "", "", "", "y"]
    full = {**os.environ, **env}
    r = subprocess.run(cmd, input=("\n".join(answers) + "\n").encode("utf-8"), capture_output=True, cwd=here,
                       env=full, timeout=60)
    assert r.returncode == 0, r.stderr.decode(errors="replace")[-600:]
    assert "name: Zoé Ñúñez" in data.read(".private/identities.yaml")
    before = sorted(p.name for p in (data.root / "clients").iterdir())
    answers[answers.index("Zoé Ñúñez")] = "Zoé Ñúñez"
    r = subprocess.run(cmd, input=("\n".join(answers) + "\n").encode("latin-1"), capture_output=True, cwd=here,
                       env=full, timeout=60)
    assert r.returncode == 2 and b"Traceback" not in r.stderr
    assert "an answer is not UTF-8 text" in r.stderr.decode("utf-8", errors="replace")
    assert sorted(p.name for p in (data.root / "clients").iterdir()) == before


def test_a_note_typed_under_an_ascii_locale_is_read_as_the_utf8_it_is(data):
    """Hostile 12, 9e: under LC_ALL=C without locale coercion, a UTF-8 --note was refused as "not
    UTF-8 (check the terminal's encoding)": Python had decoded the argument's bytes as ASCII."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    here = Path(__file__).resolve().parents[1]
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    cmd = [sys.executable, "-m", "cedta", "--today", "2026-11-26", "--data", str(data.root), "log", "c-0001",
           "--org", "acme-centre", "--note", "Réunion à l'atelier"]
    r = subprocess.run(cmd, capture_output=True, cwd=here, env=env, timeout=60)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    assert "note: Réunion à l'atelier" in data.read("clients/c-0001.yaml")


def test_an_enter_alone_at_a_question_that_takes_unknown_is_said_back(data):
    """Coordinator 12, G8: an extra Enter at the birth year was taken as not known without a word,
    and the next answer landed on the next question."""
    at = ENGLISH.index("nineteen")
    answers = ENGLISH[:at] + [""] + ENGLISH[at + 2:]  # Enter at the birth year
    r = _run(data, answers)  # (the answers after it no longer fit the questions: only the echo matters)
    assert "Birth year (1900-2026; ? if not known) >   → not known" in r.stdout, r.stdout


def test_hours_typed_with_their_unit_are_read(data):
    """Newcomer 12, NC12-16: « 35 h » was refused at the hours of work a week."""
    at = ENGLISH.index("200")
    r = _run(data, ENGLISH[:at] + ["35 h"] + ENGLISH[at + 2:])
    assert r.exit_code == 0, r.output
    import yaml

    new = sorted(p.stem for p in (data.root / "clients").iterdir() if p.stem != "c-0001")
    assert yaml.safe_load(data.read(f"clients/{new[0]}.yaml"))["profile"]["employment"]["hours_per_week"] == 35


def test_an_e_mail_answer_that_is_no_address_is_asked_again(data):
    """Hostile 13, 24: an e-mail answer `123 Rideau St #4: apt` was stored as the e-mail."""
    answers = list(ENGLISH)
    at = answers.index("Jo Tremblay")
    answers[at:at + 4] = ["Jo Tremblay", "", "123 Rideau St #4: apt", "jo@example.org", ""]
    r = _run(data, answers)
    assert r.exit_code == 0, r.output
    assert "is not shaped like an e-mail address" in r.stdout
    store = data.read(".private/identities.yaml")
    assert "jo@example.org" in store and "Rideau" not in store
