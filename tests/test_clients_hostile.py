"""What a hostile tester typed at the client's path, and what it must say: a clear message in the
reader's language, exit 2 for what was typed wrong, nothing written, never a traceback."""

from __future__ import annotations

import pytest

CLIENT = "clients/c-0001.yaml"
STORE = ".private/identities.yaml"


def _unchanged(data, before: str) -> None:
    assert data.read(CLIENT) == before


@pytest.mark.parametrize("day", ["20260301", "2026W101", "2026-060", " 2026-03-01x", "2026-3-1"])
def test_a_date_is_written_yyyy_mm_dd_only(data, cedta, day):
    before = data.read(CLIENT)
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--date", day)
    assert r.exit_code == 2, r.output
    assert "YYYY-MM-DD" in r.output and "Traceback" not in r.output
    _unchanged(data, before)


@pytest.mark.parametrize("lang,word", [("en", "control character"), ("fr", "caractère de contrôle")])
def test_a_note_with_a_control_character_is_refused_as_typed(data, cedta, lang, word):
    before = data.read(CLIENT)
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", "a\x07b\x1b[31mred", lang=lang)
    assert r.exit_code == 2, r.output
    assert word in r.output and "U+0007" in r.output
    _unchanged(data, before)


def test_a_note_may_hold_emoji_and_right_to_left_text(data, cedta):
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", "مرحبا 🎉 עברית\tok")
    assert r.exit_code == 0, r.output
    assert cedta(data, "validate").exit_code == 0
    import yaml  # the note is in the file as typed (review 10, V10: the test never looked)

    contacts = yaml.safe_load(data.read(CLIENT))["contacts"]
    assert contacts[-1]["note"] == "مرحبا 🎉 עברית\tok", contacts[-1]


@pytest.mark.parametrize("lang,word", [("en", "DATE goes with --done"), ("fr", "DATE va avec --done")])
def test_a_date_with_active_says_so_in_one_language(data, cedta, lang, word):
    r = cedta(data, "step", "c-0001", "1", "--active", "2026-03-01", lang=lang)
    assert r.exit_code == 2
    assert word in r.output
    other = "DATE va avec" if lang == "en" else "DATE goes with"
    assert other not in r.output


@pytest.mark.parametrize("amount,shown", [(".inf", ".inf"), ("nan", "nan"), ("1e999", "1e999"), ("-5", "-5"),
                                          ("abc", "abc"), ("15 00", "15 00"), ("1 5 0 0", "1 5 0 0")])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_bad_amount_is_refused_in_the_readers_language(data, cedta, amount, shown, lang):
    before = data.read(CLIENT)
    r = cedta(data, "outcome", "c-0001", "financing-obtained", "--amount", amount, lang=lang)
    assert r.exit_code == 2, r.output
    assert ("montant" if lang == "fr" else "amount") in r.output
    assert "Input should be" not in r.output and "-5.0" not in r.output
    assert f"`{shown}`" in r.output or f"« {shown} »" in r.output
    _unchanged(data, before)


@pytest.mark.parametrize("amount,stored", [("1 500", "1500"), ("12000.50", "12000.5"), ("$2,000", "2000"),
                                           ("2 000,50 $", "2000.5"), ("2\u2009000 $", "2000"),
                                           ("1 500 000", "1500000")])
def test_an_amount_is_read_as_a_coordinator_writes_it(data, cedta, amount, stored):
    r = cedta(data, "outcome", "c-0001", "financing-obtained", "--amount", amount)
    assert r.exit_code == 0, r.output
    assert f"amount: {stored}" in data.read(CLIENT)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_private_folder_that_is_a_file_is_reported(data, cedta, lang):
    data.write(".private", "not a folder\n")
    before = data.read(CLIENT)
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", lang=lang)
    assert r.exit_code == 2, r.output
    assert "data/.private" in r.output.replace(str(data.root), "data") or ".private" in r.output
    assert ("not a folder" if lang == "en" else "pas un dossier") in r.output
    _unchanged(data, before)
    answers = data.root.parent / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: business-plan}]\n")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", lang=lang)
    assert r.exit_code == 2, r.output
    assert len(list((data.root / "clients").iterdir())) == 1


@pytest.mark.parametrize("content,en,fr", [
    (b": : [\n", "line", "ligne"),
    (b"- a\n- b\n", "not a mapping of client ids", "pas une table d"),
    (b"\x98\x00\xff binary", "not UTF-8", "pas du texte en UTF-8"),
])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_corrupted_identity_store_is_reported_in_the_readers_language(data, cedta, content, en, fr, lang):
    data.write(STORE, content)
    r = cedta(data, "show", "c-0001", "--identity", lang=lang)
    assert r.exit_code == 2, r.output
    assert (fr if lang == "fr" else en) in r.output
    assert "codec" not in r.output and "while parsing" not in r.output
    # forget withdraws the consent all the same, says the entry is left, and leaves the store as it is
    # (hostile pass 10b, 7: withdrawn consent does not wait for the store to be fixed)
    r = cedta(data, "forget", "c-0001", "--yes", lang=lang)
    assert r.exit_code == 1 and (fr if lang == "fr" else en) in r.output, r.output
    assert (data.root / STORE).read_bytes() == content and "withdrawn:" in data.read(CLIENT)


def test_an_answers_file_from_notepad_with_a_bom_and_crlf_is_read(data, cedta):
    answers = data.root.parent / "answers.yaml"
    answers.write_bytes(b"\xef\xbb\xbfkind: individual\r\nhub: francophones\r\nconsent: true\r\n"
                        b"needs: [{topic: business-plan}]\r\n")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", "c-0002")
    assert r.exit_code == 0, r.output
    assert cedta(data, "validate").exit_code == 0
    written = data.read("clients/c-0002.yaml")  # the record as the answers said (review 10, V10)
    assert "\r" not in written and "\ufeff" not in written and "hub: francophones" in written
    assert "topic: business-plan" in written


@pytest.mark.parametrize("lang,word", [("en", "unknown organisation `nobody`"), ("fr", "organisme inconnu « nobody »")])
def test_an_unknown_by_is_a_usage_error(data, cedta, lang, word):
    answers = data.root.parent / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: business-plan}]\n")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "nobody", lang=lang)
    assert r.exit_code == 2, r.output
    assert word in r.output and "answers.yaml:1:1" not in r.output


@pytest.mark.parametrize("lang,word", [("en", "No such file"), ("fr", "fichier ou dossier introuvable")])
def test_a_missing_answers_file_is_said_in_the_readers_language(data, cedta, lang, word):
    r = cedta(data, "intake", "--answers", str(data.root.parent / "nope.yaml"), lang=lang)
    assert r.exit_code == 2
    assert word in r.output


def test_show_of_a_file_with_errors_shows_it_and_exits_1(data, cedta):
    data.write(CLIENT, data.read(CLIENT).replace("hub: francophones", "hub: nowhere"))
    r = cedta(data, "show", "c-0001")
    assert r.exit_code == 1
    assert "error unknown-hub" in r.stderr and "Client c-0001" in r.stdout


def test_forget_a_file_with_errors_still_forgets(data, cedta):
    answers = data.root.parent / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nidentity: {name: Jo Doe}\n"
                       "needs: [{topic: business-plan, note: wants evening help}]\n")
    assert cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", "c-0002").exit_code == 0
    path = "clients/c-0002.yaml"
    data.write(path, data.read(path).replace("hub: francophones", "hub: nowhere"))
    r = cedta(data, "forget", "c-0002", "--yes")
    assert r.exit_code == 0, r.output
    text = data.read(path)
    assert "withdrawn: 2026-11-26" in text and "evening" not in text and "hub: nowhere" in text
    assert "c-0002" not in data.read(STORE)


@pytest.mark.parametrize("lang,word", [("en", "run `cedta forget` again"), ("fr", "relancez « cedta forget »")])
def test_forget_a_file_that_does_not_parse_removes_the_identity_and_says_what_is_left(data, cedta, lang, word):
    answers = data.root.parent / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nidentity: {name: Jo Doe}\n"
                       "needs: [{topic: business-plan}]\n")
    assert cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", "c-0002").exit_code == 0
    data.write("clients/c-0002.yaml", "id: [\n")
    r = cedta(data, "forget", "c-0002", "--yes", lang=lang)
    assert r.exit_code == 1
    assert word in r.stderr and "yaml-syntax" in r.stderr
    assert data.read("clients/c-0002.yaml") == "id: [\n"
    assert "c-0002" not in data.read(STORE)


def test_show_in_french_writes_money_and_punctuation_the_french_way(data, cedta):
    data.write(CLIENT, data.read(CLIENT).replace("  has: [business-idea]\n", "  has: [business-idea]\n  budget: {max_fee: 15000}\n"))
    assert cedta(data, "outcome", "c-0001", "financing-obtained", "--amount", "12 500,50").exit_code == 0
    assert cedta(data, "forget", "c-0001", "--yes").exit_code == 0
    out = cedta(data, "show", "c-0001", lang="fr").stdout
    assert "Budget (tarif maximal) : 15\u202f000 $" in out
    assert "12\u202f500,50 $" in out
    assert "partagé avec le centre ; retiré le 2026-11-26" in out
    out = cedta(data, "show", "c-0001").stdout
    assert "Budget (highest fee): $15,000" in out and "$12,500.50" in out
    assert "shared with the hub; withdrawn 2026-11-26" in out


@pytest.mark.parametrize("args,en,fr", [
    (("log", "c-0001", "--org", "acme-centre", "--minutes", "abc"), "minutes are a whole number from 0 to 10000, not abc",
     "les minutes sont un nombre entier de 0 à 10\u202f000, pas « abc »"),
    (("log", "c-0001", "--org", "acme-centre", "--minutes", "1e3"), "not 1e3", "pas « 1e3 »"),
    (("outcome", "c-0001", "jobs-created", "--count", "two"), "the count is a whole number above 0, not two",
     "le nombre est un entier supérieur à 0, pas two"),
    (("evaluate", "c-0001", "--satisfaction", "4.5"), "satisfaction is a whole number from 1 to 5, not 4.5",
     "la satisfaction est un nombre entier de 1 à 5, pas 4.5"),
    (("evaluate", "c-0001", "--satisfaction", "99999999999999999999"), "not 99999999999999999999",
     "pas 99999999999999999999"),
    # two signs were a ValueError traceback (review 10, V4)
    (("log", "c-0001", "--org", "acme-centre", "--minutes=--5"), "not --5", "pas « --5 »"),
    (("evaluate", "c-0001", "--satisfaction=--4"), "satisfaction is a whole number from 1 to 5, not --4", "pas --4"),
    (("outcome", "c-0001", "jobs-created", "--count=--2"), "the count is a whole number above 0, not --2", "pas --2"),
    (("log", "c-0001", "--org", "acme-centre", "--minutes", "30.0"), "a whole number from 0 to 10000, not 30.0", "pas « 30.0 »"),
])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_number_option_that_is_not_a_number_gets_its_own_message(data, cedta, args, en, fr, lang):
    before = data.read(CLIENT)
    r = cedta(data, *args, lang=lang)
    assert r.exit_code == 2, r.output
    assert (fr if lang == "fr" else en) in r.output
    assert "Input should be" not in r.output
    _unchanged(data, before)


def test_a_target_before_the_intake_is_refused(data, cedta):
    before = data.read(CLIENT)
    r = cedta(data, "plan", "c-0001", "add", "--topic", "marketing", "--target", "1999-01-01")
    assert r.exit_code == 2
    assert "target date: 1999-01-01 is before the intake (2026-02-03)" in r.output
    _unchanged(data, before)


@pytest.mark.parametrize("word,written", [("yes", True), ("oui", True), ("non", False), ("maybe", False)])
def test_consent_written_as_a_word_in_answers(data, cedta, word, written):
    answers = data.root.parent / "answers.yaml"
    answers.write_text(f"kind: individual\nhub: francophones\nconsent: {word}\nneeds: [{{topic: business-plan}}]\n")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", "c-0002")
    assert r.exit_code == (0 if written else 1), r.output
    assert "octal" not in r.output and "datetime" not in r.output
    assert (data.root / "clients" / "c-0002.yaml").exists() is written
    if not written:
        assert "no consent" in r.output


@pytest.mark.parametrize("args", [("log", "c-0001", "--org", "acme-centre", "--note", "came back"),
                                  ("plan", "c-0001", "add", "--topic", "marketing"),
                                  ("step", "c-0001", "1", "--active"),
                                  ("outcome", "c-0001", "business-started"),
                                  ("evaluate", "c-0001", "--notes", "fine")])
@pytest.mark.parametrize("lang,word", [("en", "withdrew consent on 2026-11-26"), ("fr", "a retiré son consentement le 2026-11-26")])
def test_a_forgotten_client_takes_no_new_entry(data, cedta, args, lang, word):
    assert cedta(data, "forget", "c-0001", "--yes").exit_code == 0
    before = data.read(CLIENT)
    r = cedta(data, *args, lang=lang)
    assert r.exit_code == 2, r.output
    assert word in r.output
    _unchanged(data, before)
    assert cedta(data, "forget", "c-0001", "--yes").exit_code == 0  # forget itself still runs


def test_forget_removes_the_identity_entry_under_the_lock_intakes_hold(data, cedta, monkeypatch):
    from filelock import FileLock, Timeout

    from cedta.clients import identity
    from cedta.clients.context import EDIT_LOCK

    held = []
    real = identity.remove

    def checking(root, client_id):
        try:
            FileLock(str(data.root / ".private" / EDIT_LOCK), timeout=0).acquire()
            held.append(False)
        except Timeout:
            held.append(True)
        return real(root, client_id)

    monkeypatch.setattr(identity, "remove", checking)
    assert cedta(data, "forget", "c-0001", "--yes").exit_code == 0
    assert held == [True]


# ---- what cedta writes, cedta reads back: text a YAML 1.1 reader takes for something else is quoted --

YAML11_WORDS = ["no", "yes", "on", "off", "12:30", "0123", "1_000", "2026-01-01", "~", "=", "1e3", "0x1F"]


@pytest.mark.parametrize("word", YAML11_WORDS)
def test_a_note_that_yaml_1_1_reads_as_another_type_is_written_quoted(data, cedta, word):
    assert cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", word).exit_code == 0
    assert cedta(data, "plan", "c-0001", "add", "--topic", "marketing", "--note", word).exit_code == 0
    r = cedta(data, "validate")
    assert r.exit_code == 0 and "yaml11" not in r.output, r.output
    text = data.read(CLIENT)
    assert f"note: '{word}'" in text


def test_an_intake_with_norwegian_and_yaml_1_1_notes_writes_a_file_cedta_reads(data, cedta):
    answers = data.root.parent / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\n"
                       "profile: {languages: {speaks: ['no'], reads_writes: ['no']}}\n"
                       "needs:\n  - {topic: business-plan, note: 'yes'}\n  - {topic: marketing, note: '12:30'}\n")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", "c-0002")
    assert r.exit_code == 0, r.output
    text = data.read("clients/c-0002.yaml")
    assert "speaks: ['no']" in text and "note: 'yes'" in text and "note: '12:30'" in text
    assert cedta(data, "validate").exit_code == 0
    assert cedta(data, "show", "c-0002").exit_code == 0


# ---- forget: comments are free text too; on a terminal it asks first ---------------------------------

def test_forget_removes_every_comment_but_the_editors_schema_line(data, cedta):
    text = data.read(CLIENT)
    text = "# yaml-language-server: $schema=../../schemas/client.schema.json\n# going through a divorce\n" + \
        text.replace("needs:", "needs:  # sees Dr. Smith on Tuesdays", 1)
    data.write(CLIENT, text)
    r = cedta(data, "forget", "c-0001", "--yes")
    assert r.exit_code == 0 and "notes and comments removed" in r.output, r.output
    after = data.read(CLIENT)
    assert after.startswith("# yaml-language-server: $schema=../../schemas/client.schema.json\n")
    assert "divorce" not in after and "Smith" not in after and after.count("#") == 1
    assert cedta(data, "validate").exit_code == 0


def _forget_on_a_terminal(data, answer: bytes, *extra: str) -> tuple[int, str]:
    """Run `cedta forget` in a pseudo-terminal, type `answer`, return its exit code and output."""
    import os
    import pty
    import subprocess
    import sys

    from tests.conftest import TODAY

    leader, follower = pty.openpty()
    child = subprocess.Popen([sys.executable, "-m", "cedta", "--today", TODAY, "--data", str(data.root),
                              "forget", "c-0001", *extra], stdin=follower, stdout=follower, stderr=follower,
                             env={**os.environ, "CEDTA_NO_CACHE": "1"})
    os.close(follower)
    out = b""
    typed = False
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        if not typed and b"[y/N]" in out:
            os.write(leader, answer)
            typed = True
    os.close(leader)
    return child.wait(timeout=60), out.decode("utf-8", "replace")


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="pseudo-terminal test on Linux")
def test_forget_on_a_terminal_asks_first_and_no_keeps_everything(data):
    before = data.read(CLIENT)
    code, out = _forget_on_a_terminal(data, b"n\n")
    assert code == 1 and "cannot be undone" in out and "Nothing changed." in out, out
    assert data.read(CLIENT) == before
    code, out = _forget_on_a_terminal(data, b"y\n")
    assert code == 0 and "consent withdrawn" in out, out
    assert data.read(CLIENT) != before


# ---- a done step keeps its date unless reopened on purpose -------------------------------------------

@pytest.mark.parametrize("command", [["step", "c-0001", "{n}", "--active"], ["step", "c-0001", "{n}", "--dropped"],
                                     ["plan", "c-0001", "drop", "{n}"]])
@pytest.mark.parametrize("lang,word", [("en", "--reopen"), ("fr", "--reopen")])
def test_a_done_step_is_not_reopened_by_a_wrong_number(data, cedta, command, lang, word):
    assert cedta(data, "step", "c-0001", "1", "--done", "2026-03-12").exit_code == 0
    before = data.read(CLIENT)
    r = cedta(data, *[c.replace("{n}", "1") for c in command], lang=lang)
    assert r.exit_code == 2 and word in r.output and "2026-03-12" in r.output, r.output
    assert data.read(CLIENT) == before
    r = cedta(data, *[c.replace("{n}", "1") for c in command], "--reopen")
    assert r.exit_code == 0, r.output
    assert "done: 2026-03-12" not in data.read(CLIENT)


def test_done_with_two_different_dates_is_a_usage_error(data, cedta):
    before = data.read(CLIENT)
    r = cedta(data, "step", "c-0001", "1", "--done", "2026-05-05", "--date", "2026-06-06")
    assert r.exit_code == 2 and "2026-05-05" in r.output and "2026-06-06" in r.output
    assert data.read(CLIENT) == before
    assert cedta(data, "step", "c-0001", "1", "--done", "2026-05-05", "--date", "2026-05-05").exit_code == 0


@pytest.mark.parametrize("args,field", [(["financing-obtained", "--amount", "15 000 000 000"], "amount"),
                                        (["jobs-created", "--count", "500000"], "count")])
def test_an_implausible_outcome_is_written_with_a_warning_validate_repeats(data, cedta, args, field):
    r = cedta(data, "outcome", "c-0001", *args)
    assert r.exit_code == 0 and "warning outcome-implausible" in r.output and f"`{field}: " in r.output
    r = cedta(data, "validate")
    assert r.exit_code == 0 and "outcome-implausible" in r.output


def test_a_private_folder_linked_outside_the_data_is_not_touched(data, cedta, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    outside.chmod(0o755)
    (data.root / ".private").symlink_to(outside)
    before = data.read(CLIENT)
    for lang, word in (("en", "outside the data directory"), ("fr", "hors du dossier de données")):
        r = cedta(data, "log", "c-0001", "--org", "acme-centre", lang=lang)
        assert r.exit_code == 2 and word in r.output, r.output
    assert data.read(CLIENT) == before and list(outside.iterdir()) == []
    assert (outside.stat().st_mode & 0o777) == 0o755


# ---- needs after intake --------------------------------------------------------------------------

def test_a_need_found_after_intake_is_added_and_removed(data, cedta):
    r = cedta(data, "need", "c-0001", "add", "--topic", "Mercatique", "--level", "beginner", lang="fr")
    assert r.exit_code == 0 and "besoin 2 ajouté (Marketing, priorité 2)" in r.output, r.output
    assert "{topic: marketing, level: beginner, priority: 2, added: 2026-11-26}" in data.read(CLIENT)
    r = cedta(data, "need", "c-0001", "add", "--topic", "marketing", "--level", "beginner")
    assert r.exit_code == 2 and "already has the need Marketing" in r.output
    r = cedta(data, "need", "c-0001", "drop", "--topic", "marketing")
    assert r.exit_code == 0 and "need removed (Marketing, beginner)" in r.output
    assert "marketing" not in data.read(CLIENT)
    r = cedta(data, "need", "c-0001", "drop", "--topic", "marketing")
    assert r.exit_code == 2 and "has no need Marketing" in r.output
    assert cedta(data, "validate").exit_code == 0


def test_a_step_on_a_topic_that_is_not_a_need_says_so(data, cedta):
    r = cedta(data, "plan", "c-0001", "add", "--topic", "networking")
    assert r.exit_code == 0 and "not among the client's needs" in r.output
    assert "cedta need c-0001 add --topic networking" in r.output
    r = cedta(data, "plan", "c-0001", "add", "--topic", "business-plan")
    assert "not among" not in r.output


@pytest.mark.skipif(not __import__("os").path.exists("/dev/zero"), reason="no /dev/zero here")
def test_an_endless_answers_file_is_too_large_not_a_hang(data, cedta):
    r = cedta(data, "intake", "--answers", "/dev/zero", "--by", "acme-centre")
    assert r.exit_code == 1 and "file-too-large" in r.output


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u202a"])
def test_a_note_with_a_bidirectional_override_is_refused(data, cedta, char):
    before = data.read(CLIENT)
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", f"fee paid {char}00001$")
    assert r.exit_code == 2 and f"U+{ord(char):04X}" in r.output
    _unchanged(data, before)


def test_an_intake_dated_before_the_consent_or_by_another_org_than_by_is_refused(data, cedta, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: {given: 2026-11-20}\n"
                       "intake: {date: 2019-05-05, by: acme-centre}\nneeds: [{topic: business-plan}]\n")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "beta-coop", "--id", "c-2019-0001")
    assert r.exit_code == 1
    assert "answers.yaml:3:" in r.output and "consent-after-intake" in r.output
    assert "answers.yaml:4:" in r.output and "intake-by-differs" in r.output
    data.write(CLIENT, data.read(CLIENT).replace("consent: {given: 2026-02-03", "consent: {given: 2026-02-04", 1))
    r = cedta(data, "validate")
    assert r.exit_code == 0 and "warning consent-after-intake" in r.output


def test_a_provider_gone_from_the_directory_does_not_freeze_its_clients(data, cedta):
    """Past contacts and steps keep the ids of a provider that closed; every write was refused."""
    data.write(CLIENT, data.read(CLIENT).replace("contacts:\n", "contacts:\n  - {date: 2026-02-05, org: gone-org}\n", 1))
    assert "unknown-provider" in cedta(data, "validate").output
    r = cedta(data, "log", "c-0001", "--org", "acme-centre")
    assert r.exit_code == 0, r.output
    r = cedta(data, "log", "c-0001", "--org", "gone-org")  # a new reference to it is still refused
    assert r.exit_code == 2


def test_a_hub_gone_from_the_directory_does_not_freeze_its_clients(data, cedta):
    """Hostile pass 3, H24b: a hub file removed (or renamed) made every write to its clients refused."""
    (data.root / "hubs" / "francophones.yaml").unlink()
    assert "unknown-hub" in cedta(data, "validate").output
    r = cedta(data, "log", "c-0001", "--org", "acme-centre")
    assert r.exit_code == 0, r.output
    assert cedta(data, "validate").output.count("error unknown-hub") == 1  # said, not made worse


def test_a_need_a_step_takes_up_is_not_dropped(data, cedta):
    """A need met or abandoned stays on record: dropping it rewrote past quarters' reports (hostile H34)."""
    before = data.read(CLIENT)
    r = cedta(data, "need", "c-0001", "drop", "--topic", "business-plan")
    assert r.exit_code == 2 and "step 1 of the plan (in progress) takes up the need Business plan development" in r.output
    assert data.read(CLIENT) == before
    # a level-less need noted by mistake does not free the beginner need the step took up (hostile 11, 16)
    plan = "  - {topic: business-plan, level: beginner, service: acme-centre/business-plan-workshops, "
    assert plan in before
    # (written by hand: `need add` refuses a need of a topic the client has at a level: review 14, R14-4)
    assert cedta(data, "need", "c-0001", "add", "--topic", "business-plan").exit_code == 2
    data.write(CLIENT, before.replace("needs:\n", "needs:\n  - {topic: business-plan, priority: 5}\n", 1))
    r = cedta(data, "need", "c-0001", "drop", "--topic", "business-plan", "--level", "beginner")
    assert r.exit_code == 2 and "takes up the need" in r.output, r.output
    r = cedta(data, "need", "c-0001", "drop", "--topic", "business-plan", "--level", "none")
    assert r.exit_code == 0 and "need removed (Business plan development)" in r.output, r.output
    assert data.read(CLIENT) == before
    assert cedta(data, "need", "c-0001", "add", "--topic", "business-plan", "--level", "advanced").exit_code == 0
    r = cedta(data, "need", "c-0001", "drop", "--topic", "business-plan", "--level", "advanced")
    assert r.exit_code == 0 and "need removed (Business plan development, advanced)" in r.output, r.output


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="signals as on Linux")
def test_a_terminal_closed_during_an_intake_stops_it_as_ctrl_c_does(data):
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import TODAY

    child = subprocess.Popen([sys.executable, "-m", "cedta", "--today", TODAY, "--data", str(data.root), "intake",
                              "--by", "acme-centre"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env={**os.environ, "CEDTA_NO_CACHE": "1"})
    time.sleep(1.5)  # waiting for the first answer
    child.send_signal(signal.SIGHUP)
    out, err = child.communicate(timeout=30)
    assert child.returncode == 129 and b"stopped by signal 1" in err  # 128 + SIGHUP (hostile pass 9, N)
    assert sorted(p.name for p in (data.root / "clients").iterdir()) == ["c-0001.yaml"]


def test_done_again_with_another_date_needs_reopen(data, cedta):
    """Hostile pass 4, K1: --done on a done step replaced its date with today's."""
    assert cedta(data, "step", "c-0001", "1", "--done", "2026-03-12").exit_code == 0
    before = data.read(CLIENT)
    r = cedta(data, "step", "c-0001", "1", "--done")
    assert r.exit_code == 2 and "2026-03-12" in r.output and "--reopen" in r.output
    assert data.read(CLIENT) == before
    assert cedta(data, "step", "c-0001", "1", "--done", "2026-03-12").exit_code == 0  # the same: fine
    assert cedta(data, "step", "c-0001", "1", "--done", "2026-04-01", "--reopen").exit_code == 0
    assert "done: 2026-04-01" in data.read(CLIENT)


def test_a_private_gitignore_that_ignores_less_is_warned_and_written_again(data, cedta, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: business-plan}]\n"
                       "identity: {name: Jean Tremblay}\n")
    assert cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre").exit_code == 0
    ignore = data.root / ".private" / ".gitignore"
    ignore.write_text("*\n!identities.yaml\n")
    assert "warning private-not-ignored" in cedta(data, "validate").output
    assert cedta(data, "log", "c-0001", "--org", "acme-centre").exit_code == 0
    assert ignore.read_text().splitlines()[-1] == "*" and "!" not in ignore.read_text()


def test_a_private_gitignore_that_is_a_link_is_replaced_never_written_through(data, cedta, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("not cedta's\n")
    private = data.root / ".private"
    private.mkdir(mode=0o700, exist_ok=True)
    (private / ".gitignore").symlink_to(outside)
    answers = tmp_path / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: business-plan}]\n"
                       "identity: {name: Jean Tremblay}\n")
    assert cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre").exit_code == 0
    assert outside.read_text() == "not cedta's\n"  # the file the link named is untouched
    ignore = private / ".gitignore"
    assert not ignore.is_symlink() and ignore.read_text().splitlines()[-1] == "*"
    assert not [p for p in private.iterdir() if p.name.endswith(".cedta-tmp")]


@pytest.mark.parametrize("command", [["outcome", "c-0001", "business-started"],
                                     ["evaluate", "c-0001", "--satisfaction", "3"],
                                     ["log", "c-0001", "--org", "acme-centre"]])
def test_today_before_the_intake_is_refused_as_a_typed_date_is(data, cedta, command):
    """Hostile pass 4, K14: with --today (or CEDTA_TODAY) before the intake, the default date was not
    checked; validate now also warns about outcomes and evaluations dated before the intake."""
    from typer.testing import CliRunner

    from cedta.cli import app

    before = data.read(CLIENT)
    r = CliRunner().invoke(app, ["--today", "2000-01-01", "--data", str(data.root), *command])
    assert r.exit_code == 2 and "before the intake" in r.output
    assert data.read(CLIENT) == before
    data.write(CLIENT, before.replace("evaluation:", "evaluation:\n  - {date: 2000-01-01, satisfaction: 3}", 1)
               if "evaluation:" in before else before + "evaluation:\n  - {date: 2000-01-01, satisfaction: 3}\n")
    assert "warning dated-before-intake" in cedta(data, "validate").output


def test_need_drop_level_none_names_the_need_without_a_level(data, cedta):
    assert cedta(data, "need", "c-0001", "add", "--topic", "marketing").exit_code == 0
    assert cedta(data, "need", "c-0001", "add", "--topic", "marketing", "--level", "beginner").exit_code == 2
    text = data.read(CLIENT)  # (both, written by hand: a need twice, which `need drop` mends)
    data.write(CLIENT, text.replace("needs:\n", "needs:\n  - {topic: marketing, level: beginner, priority: 3}\n", 1))
    assert cedta(data, "need", "c-0001", "drop", "--topic", "marketing").exit_code == 2
    assert cedta(data, "need", "c-0001", "drop", "--topic", "marketing", "--level", "none").exit_code == 0
    assert "{topic: marketing, level: beginner" in data.read(CLIENT)


def test_an_amount_past_a_trillion_is_refused_so_the_report_never_sums_to_infinity(data, cedta):
    """Two outcomes of 1e308 dollars passed validate with a warning and the report's JSON said
    `Infinity`, which JSON.parse refuses (hostile pass 8, J)."""
    r = cedta(data, "outcome", "c-0001", "financing-obtained", "--amount", "2000000000000")
    assert r.exit_code == 2 and "from 0 to 1,000,000,000,000" in r.output
    text = data.read(CLIENT)
    data.write(CLIENT, text + "outcomes:\n  - {date: 2026-08-01, kind: financing-obtained, amount: 1.0e+308}\n"
               if "outcomes:" not in text else text.replace(
                   "outcomes:\n", "outcomes:\n  - {date: 2026-08-01, kind: financing-obtained, amount: 1.0e+308}\n", 1))
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "`amount` must be at most" in r.output


def test_a_contact_after_today_and_a_client_taken_in_later_are_not_counted_back(data, cedta):
    """A contact logged in a time zone a day ahead showed "-7 days ago" and kept the client off the
    stalled list; `--today` set back listed clients not taken in yet, -113 days (hostile pass 8, F)."""
    assert cedta(data, "log", "c-0001", "--org", "acme-centre", "--date", "2026-11-26").exit_code == 0
    r = cedta(data, "--today", "2026-11-20", "show", "c-0001")
    line = r.stdout.split("last contact")[1].split("\n")[0]
    assert r.exit_code == 0 and "(-" not in line and "2026-11-26" not in line, line
    r = cedta(data, "--today", "2026-01-21", "status")
    assert r.exit_code == 0 and "c-0001" not in r.stdout  # taken in on 2026-02-03


@pytest.mark.parametrize("args,option", [
    (["step", "c-0001", "1", "--done", ""], "DATE"), (["step", "c-0001", "1", "--dropped", "--date", " "], "--date"),
    (["plan", "c-0001", "drop", "1", "--date", ""], "--date"), (["log", "c-0001", "--org", "acme-centre", "--mode", ""], "--mode"),
    (["plan", "c-0001", "add", "--topic", "marketing", "--level", ""], "--level"),
    (["plan", "c-0001", "add", "--topic", "marketing", "--target", ""], "--target"),
    (["need", "c-0001", "add", "--topic", "marketing", "--level", ""], "--level"),
    (["outcome", "c-0001", "jobs-created", "--count", ""], "--count"),
    (["outcome", "c-0001", "financing-obtained", "--amount", ""], "--amount"),
    (["evaluate", "c-0001", "--satisfaction", ""], "--satisfaction"),
])
def test_an_option_typed_empty_is_refused_not_read_as_today_or_none(data, cedta, args, option):
    """`step --done ''` recorded today and `log --mode ''` no mode, rc 0 (hostile pass 8, Y)."""
    before = data.read(CLIENT)
    r = cedta(data, *args)
    assert r.exit_code == 2 and (f"{option} is empty" in r.output or "argument of `step` is empty" in r.output), r.output
    assert data.read(CLIENT) == before


def test_a_terminal_escape_in_the_identity_store_is_not_sent_to_the_terminal(data, cedta):
    """A name written as "Amira \\e]0;PWNED\\a" reached the terminal raw (hostile pass 8, S)."""
    private = data.root / ".private"
    private.mkdir(mode=0o700, exist_ok=True)
    (private / ".gitignore").write_text("*\n", encoding="utf-8")
    store = private / "identities.yaml"
    store.write_text('c-0001: {name: "Amira \\e]0;PWNED\\a Haddad"}\n', encoding="utf-8")
    store.chmod(0o600)
    r = cedta(data, "show", "c-0001", "--identity")
    assert r.exit_code == 0, r.output
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout and "Amira \ufffd]0;PWNED\ufffd Haddad" in r.stdout
    r = cedta(data, "validate")
    assert "identity-control-character" in r.output and "`c-0001`" in r.output


def test_a_day_the_calendar_lacks_and_an_id_with_a_line_end_are_named_as_such(data, cedta, tmp_path):
    """`--date 2026-02-29` read "is not a date; write YYYY-MM-DD" (it is written so); `--id
    $'c-2026-0102\\n'` passed the option's check and was blamed on the answers file; an id over 64
    characters read as if its letters were wrong (hostile pass 8, T, N, V)."""
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--date", "2026-02-29")
    assert r.exit_code == 2 and "2026-02-29 is not a day of the calendar" in r.output
    answers = tmp_path / "a.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nprofile: {stage: idea}\n", encoding="utf-8")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", "c-2026-0102\n")
    assert r.exit_code == 2 and "is not a client id" in r.output and "a.yaml" not in r.output
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", "c-" + "a" * 70)
    assert r.exit_code == 2 and "64 characters at most" in r.output


def test_an_identity_store_linked_outside_is_refused_alike_and_said(data, cedta, tmp_path):
    """A store kept elsewhere through a link was read by `show` and the name checks but refused by
    `forget` ("… is outside the data directory", of a path inside it): consent could not be
    withdrawn, and validate said nothing (hostile pass 8, AA)."""
    outside = tmp_path / "ids.yaml"
    outside.write_text("c-0001: {name: Amira Haddad}\n", encoding="utf-8")
    private = data.root / ".private"
    private.mkdir(mode=0o700, exist_ok=True)
    (private / ".gitignore").write_text("*\n", encoding="utf-8")
    (private / "identities.yaml").symlink_to(outside)
    for args, code in ((["show", "c-0001", "--identity"], 2), (["forget", "c-0001", "--yes"], 1)):
        r = cedta(data, *args)  # (forget withdraws the consent in the file all the same: hostile 10b, 7)
        assert r.exit_code == code and "is a link to a file outside the data folder" in r.output, r.output
        assert "Amira" not in r.output
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "identity-store-unreadable" in r.output and "is a link to a file outside" in r.output
    assert outside.read_text(encoding="utf-8") == "c-0001: {name: Amira Haddad}\n"


def test_standard_output_full_is_said_not_a_traceback(data):
    """Hostile pass 9, B: `> /dev/full` gave a traceback and exit 1, even after a writer had saved
    its change (a retry then logged the contact twice)."""
    import os
    import subprocess
    import sys

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    from tests.conftest import TODAY

    env = {**os.environ, "CEDTA_NO_CACHE": "1"}
    for args, lang in ((["validate"], "en"), (["log", "c-0001", "--org", "acme-centre"], "fr"), (["--help"], "en")):
        with open("/dev/full", "w") as full:
            run = subprocess.run([sys.executable, "-m", "cedta", "--lang", lang, "--today", TODAY, "--data",
                                  str(data.root), *args], stdout=full, stderr=subprocess.PIPE, env=env)
        err = run.stderr.decode()
        assert run.returncode == 2 and "Traceback" not in err, err
        assert ("cannot write to standard output" if lang == "en" else "impossible d’écrire sur la sortie standard") in err
        assert "No space left" not in err or lang == "en"  # the system's reason in the asked language
    assert data.read(CLIENT).count("org: acme-centre}") >= 1


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="a shell's `>&-`")
def test_standard_output_closed_is_said_not_success(data, tmp_path):
    """Hostile pass 9b, #21: with standard output closed (`>&-`) every command exited 0, its output
    (an export, a report) sent nowhere. Now it fails as `cat` does there: said on stderr, exit 2;
    a command whose output goes to a file still works."""
    import os
    import subprocess
    import sys

    from tests.conftest import TODAY

    env = {**os.environ, "CEDTA_NO_CACHE": "1"}
    base = f'"{sys.executable}" -m cedta --today {TODAY} --data "{data.root}"'
    for args, lang, said in (("show c-0001", "en", "cannot write to standard output (Bad file descriptor"),
                             ("export csv -o -", "en", "cannot write to standard output"),
                             ("status", "fr", "impossible d’écrire sur la sortie standard (descripteur de fichier fermé)")):
        run = subprocess.run(["bash", "-c", f"{base} --lang {lang} {args} >&-"], capture_output=True, text=True, env=env)
        assert run.returncode == 2 and said in run.stderr and "Traceback" not in run.stderr, (args, run.stderr)
    out = tmp_path / "r.md"
    run = subprocess.run(["bash", "-c", f'{base} report -o "{out}" >&-'], capture_output=True, text=True, env=env)
    assert run.returncode == 0 and out.exists() and "Traceback" not in run.stderr, run.stderr
    # a writer is refused before it writes: it could not say what it did (review 10b, R6)
    before = data.read(CLIENT)
    run = subprocess.run(["bash", "-c", f"{base} --lang en --no-cache log c-0001 --org acme-centre --note x >&-"],
                         capture_output=True, text=True, env=env)  # (global options before the command too)
    assert run.returncode == 2 and "standard output is closed: this command would change files" in run.stderr
    assert data.read(CLIENT) == before
    # what changes nothing is not refused as a writer (hostile pass 10b, 14)
    run = subprocess.run(["bash", "-c", f"{base} log --help >&-"], capture_output=True, text=True, env=env)
    assert run.returncode == 2 and "would change files" not in run.stderr and "cannot write to standard output" in run.stderr


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="ulimit as on Linux")
def test_an_export_stopped_by_a_file_size_limit_says_so_without_a_traceback(data, tmp_path):
    """Hostile pass 9, A: the clean message was followed by openpyxl's "Exception ignored" traceback."""
    import os
    import subprocess
    import sys

    out = tmp_path / "x.xlsx"
    run = subprocess.run(["bash", "-c", f'ulimit -f 2; "{sys.executable}" -m cedta --data "{data.root}" export xlsx -o "{out}"'],
                         capture_output=True, text=True, env={**os.environ, "CEDTA_NO_CACHE": "1"})
    assert run.returncode == 2 and "cannot write" in run.stderr and "Traceback" not in run.stderr, run.stderr
    assert not out.exists()


def test_forget_says_what_is_left_when_the_client_file_cannot_be_written(data, cedta, monkeypatch):
    """Hostile pass 9, D: the identity entry was gone, the notes stayed, and the message said only
    "cannot write"."""
    answers = data.root.parent / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nidentity: {name: Jo Doe}\n"
                       "needs: [{topic: business-plan}]\n")
    assert cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", "c-0002").exit_code == 0
    from cedta.clients import path
    from cedta.io.store import StoreError

    def refused(*args, **kwargs):
        raise StoreError("write-failed", str(data.root / "clients" / "c-0002.yaml"), reason="Operation not permitted")

    monkeypatch.setattr(path, "edit_client", refused)
    r = cedta(data, "forget", "c-0002", "--yes")
    assert r.exit_code == 2 and "its notes remain; run `cedta forget c-0002` again" in r.stderr


@pytest.mark.parametrize("where", ["middle", "end", "flow"])
def test_a_tab_left_in_unquoted_text_is_said_by_validate_and_no_writer_crashes(data, cedta, where):
    """Hostile pass 10, N: `note: Plan<TAB>sent` (a cell pasted from a spreadsheet) passed
    `validate --strict`, then every writer ended in ruamel's ScannerError traceback."""
    text = data.read(CLIENT)
    line = {"middle": "  - date: 2026-09-01\n    org: acme-centre\n    note: Plan\tsent\n",
            "end": "  - date: 2026-09-01\n    org: acme-centre\n    note: Plan sent\t\n",
            "flow": "  - {date: 2026-09-01, org: acme-centre}\t\n"}[where]
    if "contacts:\n" in text:
        data.write(CLIENT, text.replace("contacts:\n", "contacts:\n" + line, 1))
    else:
        data.write(CLIENT, text + "contacts:\n" + line)
    before = data.read(CLIENT)
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "error tab-in-text: a tab inside unquoted text" in r.output, r.output
    r = cedta(data, "log", "c-0001", "--org", "acme-centre")
    assert r.exit_code in (1, 2) and "Traceback" not in r.output and "tab-in-text" in r.output, r.output
    assert data.read(CLIENT) == before


def test_a_file_the_editor_cannot_read_is_said_with_its_line_not_a_traceback(data, cedta, monkeypatch):
    """What the strict reader takes and ruamel does not, whatever it is: a message with the line."""
    from ruamel.yaml.error import MarkedYAMLError, StringMark

    from cedta.clients import path

    real = path.round_trip_yaml

    def refusing():
        yaml = real()

        def load(text):
            raise MarkedYAMLError(problem="found something odd", problem_mark=StringMark("", 30, 3, 4, text, 30))
        yaml.load = load
        return yaml

    monkeypatch.setattr(path, "round_trip_yaml", refusing)
    before = data.read(CLIENT)
    r = cedta(data, "plan", "c-0001", "add", "--topic", "marketing")
    assert r.exit_code == 2 and ":4:5: cedta's editor cannot read this file (found something odd)" in r.output, r.output
    assert data.read(CLIENT) == before


def test_a_client_saved_as_yml_is_named_not_taken_for_another(data, cedta, tmp_path):
    """Hostile pass 10, E: with `c-0001.yml`, commands said "unknown client (did you mean
    c-0002?)", someone else, and `intake --id c-0001` wrote a second file for the id."""
    (data.root / "clients" / "c-0001.yaml").rename(data.root / "clients" / "c-0001.yml")
    r = cedta(data, "log", "c-0001", "--org", "acme-centre")
    assert r.exit_code == 2 and "client `c-0001` is saved as clients/c-0001.yml, which cedta does not read" in r.output, r.output
    answers = tmp_path / "a.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: marketing}]\n")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", "c-0001")
    assert r.exit_code == 2 and "saved as clients/c-0001.yml" in r.output, r.output
    assert not (data.root / "clients" / "c-0001.yaml").exists()
    out = cedta(data, "validate").output
    assert "warning stray-record-rename: `c-0001.yml` is not read by cedta (records end in .yaml, in small letters): " \
           "rename it data/clients/c-0001.yaml" in out, out
    r = cedta(data, "match", "c-0001")  # (match had its own lookup: hostile pass 10b, 5)
    assert r.exit_code == 2 and "saved as clients/c-0001.yml" in r.output, r.output


def test_a_clients_folder_named_with_a_capital_stops_every_command(data, cedta, tmp_path):
    """Hostile pass 10b, #14's capital case, and 11, 11: `Clients/` (as macOS and Windows let a
    person name it) was "unknown client"; the report counted 0 clients and intake started a second
    clients/ beside it, validate only warning."""
    (data.root / "clients").rename(data.root / "Clients")
    answers = tmp_path / "a.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: marketing}]\n")
    for args in (("validate",), ("show", "c-0001"), ("report",), ("status",),
                 ("intake", "--answers", str(answers), "--by", "acme-centre")):
        r = cedta(data, *args)
        assert r.exit_code == 2 and "Clients is not read by cedta, which reads clients/ in small letters: " \
            "rename it clients" in r.output, (args, r.output)
    assert not (data.root / "clients").exists()
    r = cedta(data, "match", "c-0001", lang="fr")
    assert r.exit_code == 2 and "Clients n’est pas lu par cedta, qui lit clients/ en minuscules" in r.output, r.output
    # both folders (what the old intake left): the records are split, and the report left some out (11b, R7)
    (data.root / "clients").mkdir()
    r = cedta(data, "report")
    assert r.exit_code == 2 and "Clients and" in r.output and "both exist: cedta reads clients/ only" in r.output, r.output


@pytest.mark.parametrize("args,said", [
    (("log", "c-0001", "--org", "acme-centre", "--note", "first part", "--note", "second part"),
     "--note is given twice (`first part`, then `second part`): give it once"),
    (("outcome", "c-0001", "financing-obtained", "--amount", "5000", "--amount=50000"), "--amount is given twice"),
    (("log", "c-0001", "--org", "acme-centre", "--data", "elsewhere"), "--data is given twice"),
    (("match", "c-0001", "--plan", "-f", "text", "-yfjson"), "-f is given twice"),  # a cluster (10b, #15)
])
def test_an_option_given_twice_is_refused_not_the_last_kept(data, cedta, args, said):
    """Hostile pass 10, B: `--note a --note b` lost a, `--amount 5000 --amount 50000` recorded 50000,
    `--data A ... --data B` wrote into B, all in silence."""
    before = data.read(CLIENT)
    r = cedta(data, *args)
    assert r.exit_code == 2 and said in r.output and "nothing was done" in r.output, r.output
    _unchanged(data, before)
    # the same value twice, and --lang twice (an alias overridden), are fine
    assert cedta(data, "show", "c-0001", "--today", "2026-11-26", "--today", "2026-11-26").exit_code == 0
    assert "Client c-0001" in cedta(data, "--lang", "fr", "show", "c-0001").output


@pytest.mark.parametrize("typed,minutes", [("+30", 30), ("\uff13\uff10", 30), ("\u0663\u0660", 30)])
def test_a_whole_number_is_read_with_a_plus_sign_or_in_any_digits(data, cedta, typed, minutes):
    """Hostile pass 10, H: `--minutes +30` and fullwidth `３０` were "not between 0 and 10000"
    while `--amount` took the same digits."""
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--minutes", typed)
    assert r.exit_code == 0, r.output
    assert f"minutes: {minutes}" in data.read(CLIENT)


def test_an_invisible_character_in_a_value_is_named_in_the_message(data, cedta):
    """Hostile pass 10, C: "unknown term `consulting​` (did you mean `consulting`?)" showed two
    words alike; a zero-width space pasted with the word is now shown where it is."""
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--mode", "consulting\u200b")
    assert r.exit_code == 2 and "`consulting<U+200B>`" in r.output, r.output
    data.write(CLIENT, data.read(CLIENT).replace("hub: francophones", "hub: franco\u200bphones", 1))
    assert "`franco<U+200B>phones`" in cedta(data, "validate").output
    # a name in a report's sentence is printed as stored (review 10b, R4: "Acme Cen<U+00AD>tre")
    data.write(CLIENT, data.read(CLIENT).replace("hub: franco\u200bphones", "hub: francophones", 1))
    data.write("providers/acme-centre.yaml", data.read("providers/acme-centre.yaml").replace("Acme", "Ac\u00adme"))
    assert "<U+" not in cedta(data, "report", "--format", "json").output


@pytest.mark.parametrize("args,option", [(("\u2014lang", "fr", "status"), "--lang"),
                                         (("log", "c-0001", "\u2014org", "acme-centre"), "--org"),
                                         (("step", "c-0001", "1", "--done", "\u2013reopen"), "--reopen")])
def test_an_option_pasted_with_a_long_dash_is_named(data, cedta, args, option):
    """Hostile pass 10, F: `—lang fr status` said "No such command '—lang'. Did you mean 'plan'?";
    `—org` said "Missing option '--org'"."""
    before = data.read(CLIENT)
    r = cedta(data, *args)
    assert r.exit_code == 2 and f"starts with a long dash pasted from a document: type it with hyphens, {option}" in r.output
    _unchanged(data, before)
    # a note that starts with a dash is a note
    assert cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", "\u2014no cohort this year").exit_code == 0


@pytest.mark.parametrize("typed", ["C-0001", "c-0001.yaml", "clients/c-0001.yaml"])
def test_a_client_named_by_its_file_or_in_capitals_gets_a_did_you_mean(data, cedta, typed):
    """Hostile pass 10, M5: `show C-2026-0001` and `show c-2026-0001.yaml` got no did-you-mean."""
    r = cedta(data, "show", typed)
    assert r.exit_code == 2 and "(did you mean `c-0001`?)" in r.output, r.output


def test_a_tab_in_an_answers_file_is_taken_and_written_quoted(data, cedta, tmp_path):
    """Review 10b, R3: the tab-in-text check refused intake answers filled from a spreadsheet,
    though cedta only reads them and writes the record afresh (the tab quoted)."""
    answers = tmp_path / "a.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\n"
                       "needs:\n  - topic: business-plan\n    note: Plan\tsent\n", encoding="utf-8")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre")
    assert r.exit_code == 0, r.output
    assert cedta(data, "validate").exit_code == 0
    assert cedta(data, "match", "--profile", str(answers)).exit_code == 0


def test_forget_removes_the_notes_even_when_the_identity_store_does_not_read(data, cedta):
    """Hostile pass 10b, 7: with a tab in the identity store, `forget` did nothing at all (exit 2)
    and the notes stayed; withdrawn consent does not wait for the store to be fixed."""
    data.write(CLIENT, data.read(CLIENT).replace("contacts:\n", "contacts:\n  - {date: 2026-09-01, org: acme-centre, note: Met at the fair.}\n", 1)
               if "contacts:\n" in data.read(CLIENT) else data.read(CLIENT) + "contacts:\n  - {date: 2026-09-01, org: acme-centre, note: Met at the fair.}\n")
    (data.root / ".private").mkdir(exist_ok=True)
    (data.root / ".private" / "identities.yaml").write_text("c-0001:\n  name: [Jean\n", encoding="utf-8")
    r = cedta(data, "forget", "c-0001", "--yes")
    assert r.exit_code == 1 and "identity entry NOT removed: the identity store does not read" in r.output, r.output
    assert "Met at the fair" not in data.read(CLIENT) and "withdrawn:" in data.read(CLIENT)


def test_a_client_s_identity_in_a_provider_hub_or_network_file_is_an_error(data, cedta, tmp_path):
    """Hostile pass 11, 1: a client's name, phone or e-mail written in a provider's notes, a hub's
    comment or a forum decision passed validate (only client files were read for them), and the
    forum report printed the decision. An organisation's own public phone is not looked at."""
    answers = tmp_path / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: business-plan}]\n"
                       "identity: {name: Kojo Annan, phone: 613-555-0155, email: kojo.annan@example.org}\n")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre")
    assert r.exit_code == 0, r.output
    assert cedta(data, "validate").exit_code == 0
    provider = data.read("providers/acme-centre.yaml")
    data.write("providers/acme-centre.yaml", provider.replace(
        "kind: non-profit\n", "kind: non-profit\nnotes: {en: Kojo Annan got his loan here., fr: Prêt.}\n"
        "# the centre's own line: 613-555-0100\n", 1))
    data.write("hubs/francophones.yaml", data.read("hubs/francophones.yaml") + "# call back at 613 555 0155\n")
    data.write("network.yaml", data.read("network.yaml") + "# kojo.annan@example.org asked for the report\n")
    r = cedta(data, "validate")
    out = r.output
    assert r.exit_code == 1
    assert "acme-centre.yaml:4:" in out and "warning identity-name-in-directory: this line writes a client's full name" in out, out
    assert "acme-centre.yaml:5:" not in out  # the centre's own phone
    assert "francophones.yaml" in out and "writes a phone number of a client" in out, out
    assert "network.yaml" in out and "writes an e-mail address of a client" in out, out
    assert "Kojo" not in out and "0155" not in out and "613-555-0100" not in out
    # a forum representative who is a client's namesake: public by design, not looked at (review 11b, R2)
    hub = data.read("hubs/francophones.yaml").replace("# call back at 613 555 0155\n", "")
    data.write("hubs/francophones.yaml", hub.replace("Rep A (fictitious)", "Kojo Annan"))
    assert "francophones.yaml" not in cedta(data, "validate").output


def test_an_identity_store_with_a_client_twice_or_a_split_name_still_guards_the_name(data, cedta, tmp_path):
    """Hostile pass 11, 21 and 22: two entries for one client (stores pasted together) let YAML keep
    the last, and the first one's name went unguarded; a name written as first_name/last_name (or
    prénom/nom) was never looked for."""
    answers = tmp_path / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: business-plan}]\n"
                       "identity: {name: Kojo Annan}\n")
    assert cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", "c-2026-62vfy").exit_code == 0
    store = data.root / ".private" / "identities.yaml"
    kept = store.read_text(encoding="utf-8")
    store.write_text(kept + "c-2026-62vfy:\n  name: Second Name Entry\n", encoding="utf-8")
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "identities.yaml:5:1: error identity-store-unreadable" in r.output \
        and "written twice" in r.output, r.output
    r = cedta(data, "log", "c-2026-62vfy", "--org", "acme-centre", "--note", "Kojo Annan called")
    assert r.exit_code == 2 and "Kojo" not in data.read("clients/c-2026-62vfy.yaml")
    store.write_text(kept + "c-0001:\n  prénom: Ama\n  nom: Boateng\n", encoding="utf-8")
    r = cedta(data, "log", "c-2026-62vfy", "--org", "acme-centre", "--note", "met Ama Boateng")
    assert r.exit_code == 2, r.output
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", "Ama Boateng called")
    assert r.exit_code == 2, r.output


def test_no_identity_is_kept_for_a_client_whose_consent_is_withdrawn(data, cedta, tmp_path):
    """Hostile pass 11, 13: a store restored from a backup brought back a forgotten client's name
    without a word from validate, and intake stored the name of answers whose consent is withdrawn."""
    answers = tmp_path / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: business-plan}]\n"
                       "identity: {name: Kojo Annan, phone: 613-555-0155}\n")
    assert cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", "c-2026-62vfy").exit_code == 0
    store = data.root / ".private" / "identities.yaml"
    backup = store.read_text(encoding="utf-8")
    r = cedta(data, "forget", "c-2026-62vfy", "-y")
    assert r.exit_code == 0, r.output
    assert cedta(data, "validate").exit_code == 0
    store.write_text(backup, encoding="utf-8")  # the backup restored
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "error identity-after-withdrawal" in r.output \
        and "`cedta forget c-2026-62vfy` removes them" in r.output, r.output
    withdrawn = tmp_path / "withdrawn.yaml"
    withdrawn.write_text("kind: individual\nhub: francophones\nneeds: [{topic: business-plan}]\n"
                         "consent: {given: 2026-09-01, withdrawn: 2026-09-02}\nidentity: {name: Ama Boateng}\n")
    before = store.read_text(encoding="utf-8")
    r = cedta(data, "intake", "--answers", str(withdrawn), "--by", "acme-centre")
    assert r.exit_code == 1 and "consent is withdrawn in these answers" in r.output, r.output
    assert store.read_text(encoding="utf-8") == before


def test_a_private_folder_another_account_closed_is_said_not_a_traceback(data, cedta, tmp_path, monkeypatch):
    """Hostile pass 11, 3: a second account on a shared data folder (data/.private made 0700 by the
    colleague who took the first intake) got a PermissionError traceback from intake and
    `show --identity`."""
    import pathlib

    answers = tmp_path / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: business-plan}]\n"
                       "identity: {name: Kojo Annan}\n")
    assert cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre").exit_code == 0
    real = pathlib.Path.is_symlink

    def closed(self):
        if self.name == "identities.yaml":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(pathlib.Path, "is_symlink", closed)
    for args in (("show", "c-0001", "--identity"), ("intake", "--answers", str(answers), "--by", "acme-centre")):
        r = cedta(data, *args)
        assert r.exit_code == 2 and "Permission denied" in r.output and "Traceback" not in r.output, (args, r.output)


def test_forget_names_the_copies_that_still_hold_the_notes(data, cedta):
    """Hostile pass 11, 7: `forget` said "notes and comments removed" beside `c-0001.yaml.orig` (what
    git mergetool leaves) and `c-0001.yaml~` (an editor's backup), which keep them."""
    text = data.read(CLIENT)
    data.write("clients/c-0001.yaml.orig", text)
    data.write("clients/c-0001.yaml~", text)
    data.write("clients/c-0010.yaml.orig", "id: c-0010\n")  # another client's: not named
    r = cedta(data, "forget", "c-0001", "-y")
    assert r.exit_code == 1, r.output
    assert "copies of the file still hold its notes: data/clients/c-0001.yaml.orig, data/clients/c-0001.yaml~" \
        in r.output and "c-0010" not in r.output, r.output


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="signals as on Linux")
def test_a_stop_during_the_write_waits_for_it_and_says_it_is_written(data, cedta, monkeypatch, tmp_path):
    """Hostile pass 11, 6: a Ctrl-C at the rename wrote the client file and the identity entry and
    said "interrupted; nothing written"; a SIGTERM there wrote the contact and exited 143, so a
    script that retries logged it twice."""
    import os
    import signal

    from cedta.io import store

    real = store.DataRoot.write_text

    def stopped(self, *args, **kwargs):
        os.kill(os.getpid(), signal.SIGTERM)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(store.DataRoot, "write_text", stopped)
    before = data.read(CLIENT).count("date:")
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", "Call")
    assert r.exit_code == 0 and "it is written whole" in r.output, r.output
    assert data.read(CLIENT).count("date:") == before + 1
    answers = tmp_path / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: business-plan}]\n"
                       "identity: {name: Kojo Annan}\n")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", "c-2026-62vfy")
    assert r.exit_code == 0 and "it is written whole" in r.output, r.output
    assert (data.root / "clients" / "c-2026-62vfy.yaml").exists()
    assert "Kojo" in (data.root / ".private" / "identities.yaml").read_text(encoding="utf-8")


def test_a_percent_answer_may_keep_its_sign():
    """Newcomer 11, NC11-7 (12): `100%` at "Share of the business owned by Indigenous people
    (percent)" was refused as not a whole number."""
    from rich.console import Console

    from cedta.cli.clients import _Asker

    ask = _Asker("en", Console(file=__import__("io").StringIO()))
    ask.raw = lambda question: "100%"
    assert ask.integer("Share (percent)", 0, 100) == 100
    ask.raw = lambda question: " 40 % "
    assert ask.integer("Share (percent)", 0, 100) == 40


def test_a_note_back_in_a_withdrawn_file_is_an_error_until_forget_runs_again(data, cedta):
    """Hostile 12, #1: a branch merged after `forget` brought a contact's note back into the file of
    a client who withdrew consent; validate, fmt and diff passed it."""
    assert cedta(data, "forget", "c-0001", "-y").exit_code == 0
    assert cedta(data, "validate").exit_code == 0
    text = data.read("clients/c-0001.yaml")
    assert "contacts:\n" in text
    data.write("clients/c-0001.yaml", text.replace("contacts:\n", "contacts:\n  - {date: 2026-11-20, org: acme-centre, "
                                                                   "note: Talked about her family.}\n", 1) + "# a word kept\n")
    r = cedta(data, "validate")
    assert r.exit_code == 1 and r.output.count("consent-withdrawn-note") == 2, r.output
    assert "run `cedta forget c-0001` again" in r.output
    assert cedta(data, "forget", "c-0001", "-y").exit_code == 0
    assert cedta(data, "validate").exit_code == 0
    assert "Talked" not in data.read("clients/c-0001.yaml")


def test_forget_keeps_the_schema_directive_alone_not_the_words_after_it(data, cedta):
    """Hostile 12b, #5: "# yaml-language-server: $schema=... Amira moved to Gatineau with Karim"
    kept whole after `forget`, and validate said nothing of it."""
    text = data.read("clients/c-0001.yaml")
    data.write("clients/c-0001.yaml", "# yaml-language-server: $schema=../schemas/client.json   Amira moved "
                                      "to Gatineau with Karim\n" + text)
    assert cedta(data, "forget", "c-0001", "-y").exit_code == 0
    after = data.read("clients/c-0001.yaml")
    assert after.startswith("# yaml-language-server: $schema=../schemas/client.json\n") and "Karim" not in after
    assert cedta(data, "validate").exit_code == 0
    data.write("clients/c-0001.yaml", after.replace("client.json\n", "client.json  moved to Gatineau\n", 1))
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "consent-withdrawn-note" in r.output


def test_a_note_of_invisible_characters_only_is_empty(data, cedta):
    """Hostile 12, 9c: a note made only of a zero-width space was logged; a space or a no-break
    space was refused as empty."""
    before = data.read(CLIENT)
    for invisible in ("\u200b", "\u200b\u2060", "\ufeff"):
        r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", invisible)
        assert r.exit_code == 2 and "the text is empty" in r.output, r.output
    assert data.read(CLIENT) == before


def test_forget_names_the_other_files_that_still_write_the_client_s_name(data, cedta, tmp_path):
    """Hostile 13, 23: a note in another client's file named the client; forget removed the identity
    entry, and with it what the guard looks for: the name stayed in git with no error. Forget now
    says where (file and line, never the name), exit 1."""
    assert cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", "Met Maria Lopez today").exit_code == 0
    answers = tmp_path / "a.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nidentity: {name: Maria Lopez}\n"
                       "needs:\n  - {topic: marketing}\n", encoding="utf-8")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", "c-2026-m2")
    assert r.exit_code == 0, r.output
    r = cedta(data, "forget", "c-2026-m2", "--yes")
    assert r.exit_code == 1 and "identity entry removed" in r.stdout, r.output
    assert "still write this client's name" in r.stderr and "c-0001.yaml:" in r.stderr
    assert "Maria" not in r.output


def test_a_file_naming_another_client_takes_no_new_entry_and_intake_says_where(data, cedta, tmp_path):
    """Hostile 13, 22: a referral note "Met Maria Lopez", then Maria taken in: `validate` said the
    note's file had an error, yet `log` wrote into it without a word, and intake said nothing."""
    assert cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", "Met Maria Lopez").exit_code == 0
    answers = tmp_path / "a.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nidentity: {name: Maria Lopez}\n"
                       "needs:\n  - {topic: marketing}\n", encoding="utf-8")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", "c-2026-m2")
    assert r.exit_code == 0 and "already written in other client files" in r.stderr and "c-0001.yaml:" in r.stderr
    assert "Maria" not in r.output
    before = data.read("clients/c-0001.yaml")
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--minutes", "5")
    assert r.exit_code == 1 and "other-identity-in-client" in r.output and "already has errors" in r.output
    assert data.read("clients/c-0001.yaml") == before
    assert cedta(data, "forget", "c-0001", "--yes").exit_code == 0  # forget is never held back


@pytest.mark.parametrize("stored, written", [
    ({"name": "Łukasz Wałęsa-Øster"}, "Lukasz Walesa-Oster"), ({"name": "Hans Strauß"}, "Hans Strauss"),
    ({"name": "Seán O'Brien"}, "Sean OBrien"), ({"name": "Seán OBrien"}, "Séan O'Brien"), ({"name": "أميرة حداد"}, "أميرة حداد"),
    ({"name": "王小明"}, "王小明来电了"), ({"name": "Amira Haddad"}, "AMIRA HADDAD"), ({"name": "Li Wu"}, "Li Wu came"),
    ({"name": "Dạ Lê"}, "Da Le called"), ({"name": "Amira Layla Haddad"}, "Amira Haddad"),
    ({"phone": "613-555-0199"}, "call 613 555 01 99"), ({"phone": "(613) 555-0199"}, "613.555.0199"),
    ({"address": "12 Elm St"}, "lives at 12 Elm St"), ({"email": "Li.Wu@Example.org"}, "li.wu@example.org"),
])
def test_forget_finds_the_name_elsewhere_however_it_is_written(data, cedta, stored, written):
    """The first look at each file's bytes (50,000 files: 160 s for the full check of each) misses
    none of the ways the guard reads a name, a phone, an address or an e-mail (review 13, R13-1:
    "Li Wu", a phone written in pairs and an address were missed)."""
    from cedta.clients.identity import written_elsewhere as _written_elsewhere
    from cedta.io.store import DataRoot
    from cedta.records import checks

    data.write("clients/c-0001.yaml", data.read("clients/c-0001.yaml").replace(
        "minutes: 120}", f'minutes: 120, note: "Referred: {written}"}}'))
    root = DataRoot(data.root)
    doc = root.read(next(f for f in root.files({"client"}) if f.stem == "c-0001")).document
    expected = checks.identity_leaks(doc, "x", stored) + (
        checks.other_names(doc, "x", checks.names_index({"c-0999": stored}), "c-0001") if "name" in stored else [])
    assert expected, "the guard itself finds it"
    found = _written_elsewhere(root, "c-0999", stored)
    assert found and "c-0001.yaml:" in found[0], found
