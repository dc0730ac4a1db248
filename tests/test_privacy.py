"""Privacy: no direct identifier in a client file, however it is written and wherever it stands
(issue 11). Each class has several spellings; the shipped data must stay clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from cedta.records.checks import identifier_key, normalise, personal_kind

PHONES = [
    "613–555–0199",  # en dashes
    "613—555—0199",  # em dashes
    "613/555-0199",
    "613\u200b555\u200b0199",  # zero-width spaces
    "613\u2060555\u20600199",  # word joiners
    "613\u202e555\u202c0199",  # bidi controls
    "613 555 01 99",
    "+33 1 23 45 67 89",
    "0033 1 23 45 67 89",
    "+1 (613) 555-0199",
    "(613)555-0199",
    "1-613-555-0199",
    "613.555.0199",
    "6135550199",
    "６１３-５５５-０１９９",  # full-width digits
    "613\u2011555\u20110199",  # non-breaking hyphens
    "613\u00a0555\u00a00199",  # no-break spaces
    "613_555_0199",  # underscores (hostile pass 10, L)
    "613-555-O199",  # a letter O for the zero
    "613 555 O199",
    "613 - 555 - 0199",
    "+49 (0)30 1234 5678",
    "555-0199",
    "6 1 3 5 5 5 0 1 9 9",
    "(613)5550199",  # no separator after the bracket
    "(613) 5550199",
    "( 613 )5550199",
    "(613 )5550199",
    "( 613)5550199",
    "+1(613)5550199",
    "1 (613)5550199",
    "[613]5550199",
    "{613}5550199",
    "(613 5550199",
    "(613)-5550199",
    "613 5550199",  # the local number's two groups written as one
    "613-5550199",
    "613555 0199",
    "+1-613-5550199",
    "1 613 5550199",
]
EMAILS = [
    "maria@example.org",
    "maria [at] example [dot] org",
    "maria(at)example.org",
    "maria at example dot org",
    "maria {at} example {dot} com",
    "maria (arobase) exemple (point) ca",
    "MARIA [AT] EXAMPLE [DOT] ORG",
    "m.garcia@ex\u200bample.org",
    "maria＠example.org",  # full-width at sign
]
SINS = ["046 454 286", "046-454-286", "046.454.286", "046454286", "046\u2013454\u2013286", "０４６ ４５４ ２８６"]
SAFE = [
    "2026-01-20", "c-2026-0001", "2026-01-20 2026-03-12", "from 2026-01-20 to 2026-03-31", "15000",
    "$1,500", "20 000 $ en 2026, 15 000 $ en 2027", "born 1981", "2019 2020 2021 2022", "12 345 678",
    "c-2026-0001, c-2026-0002, c-2026-0003", "Intake at the hub; idea of a catering business.",
    "attends at ottawa-ced-network", "meeting at 10:30 on 2026/04/16", "loan 15000 then 20000 then 25000",
    "data/providers/ottawa-ced-network.yaml", "(2026) 12 sessions", "2026 1234567", "loan 1 5000000",
    "in 2026: 1500000",
]


@pytest.mark.parametrize("text", PHONES)
def test_phone_numbers_however_written(text):
    assert personal_kind(f"call her at {text} please") == "phone"


@pytest.mark.parametrize("text", EMAILS)
def test_email_addresses_however_obfuscated(text):
    assert personal_kind(f"write to {text} after") == "email"


@pytest.mark.parametrize("text", SINS)
def test_social_insurance_numbers_however_written(text):
    assert personal_kind(f"SIN {text}") == "sin"


@pytest.mark.parametrize("text", SAFE)
def test_dates_amounts_ids_and_years_are_not_identifiers(text):
    assert personal_kind(text) is None


@pytest.mark.parametrize("key", ["courriel", "Courriel", "nom", "Nom", "prénom", "Prenom", "téléphone",
                                 "telephone", "Téléphone", "adresse", "NAS", "nas", "telephone_number",
                                 "Telephone-Number", "telephone number", "contact", "e-mail", "E_Mail",
                                 "phone_number", "date_de_naissance", "code postal", "first_name",
                                 "last-name", "given name", "ｅｍａｉｌ"])
def test_identifier_keys_in_any_language_and_spelling(key):
    assert identifier_key(key)


@pytest.mark.parametrize("key", ["contacts", "note", "notes", "id", "hub", "kind", "profile", "date", "org"])
def test_schema_keys_are_not_identifier_keys(key):
    assert not identifier_key(key)


def test_normalise_removes_invisible_characters_and_unifies_dashes_and_spaces():
    assert normalise("a\u200bb\u2013c\u00a0d\u202ee\ufeff") == "ab-c de"


def _client(data, old, new):
    text = data.read("clients/c-0001.yaml")
    assert old in text
    data.write("clients/c-0001.yaml", text.replace(old, new))


@pytest.mark.parametrize("where,old,new,code", [
    ("note", "minutes: 120}", "minutes: 120, note: 'Call 613–555–0199'}", "identifier-in-note"),
    ("note-zw", "minutes: 120}", "minutes: 120, note: \"Call 613\u200b555\u200b0199\"}", "identifier-in-note"),
    ("any value", "stage: idea", "stage: 'maria(at)example.org'", "identifier-in-text"),
    ("list item", "has: [business-idea]", "has: [business-idea, '046.454.286']", "identifier-in-text"),
    ("comment", "kind: individual", "kind: individual  # Maria Garcia, 613-555-0199", "identifier-in-comment"),
    ("comment line", "kind: individual", "# courriel: maria [at] example [dot] org\nkind: individual", "identifier-in-comment"),
    ("key", "kind: individual", "kind: individual\n'613-555-0199': yes", "identifier-in-text"),
    ("French key", "kind: individual", "kind: individual\ncourriel: x", "identifier-in-client"),
    ("accented key", "kind: individual", "kind: individual\nprénom: x", "identifier-in-client"),
    ("NAS key", "kind: individual", "kind: individual\nNAS: x", "identifier-in-client"),
    ("nested key", "stage: idea", "stage: idea\n  téléphone: x", "identifier-in-client"),
    ("contact key", "kind: individual", "kind: individual\ncontact: x", "identifier-in-client"),
    ("telephone_number", "kind: individual", "kind: individual\ntelephone_number: x", "identifier-in-client"),
])
def test_validate_finds_identifiers_everywhere_in_a_client_file(data, cedta, where, old, new, code):
    _client(data, old, new)
    for lang in ("en", "fr"):
        result = cedta(data, "validate", lang=lang)
        assert result.exit_code == 1, result.output
        assert f"error {code}" in result.output, result.output
        for secret in ("613", "maria", "046"):
            assert secret not in result.output.lower().replace("c-0001", "")  # never printed


def test_an_identifier_key_is_reported_once_not_also_as_unknown(data, cedta):
    _client(data, "kind: individual", "kind: individual\ncourriel: x")
    result = cedta(data, "validate")
    assert "identifier-in-client" in result.output and "unknown-key" not in result.output


def test_a_client_id_and_file_name_holding_a_phone(data, cedta):
    text = data.read("clients/c-0001.yaml").replace("id: c-0001", "id: maria-garcia-613-555-0199")
    (data.root / "clients" / "c-0001.yaml").unlink()
    data.write("clients/maria-garcia-613-555-0199.yaml", text)
    result = cedta(data, "validate")
    assert result.exit_code == 1 and "error identifier-in-id" in result.output
    assert result.output.count("identifier-in-id") == 1


def test_an_id_that_differs_from_its_file_name_is_scanned_too(data, cedta):
    _client(data, "id: c-0001", "id: garcia-6135550199")
    result = cedta(data, "validate")
    assert "identifier-in-id" in result.output


def test_the_shipped_data_stays_clean(cedta):
    root = Path(__file__).resolve().parents[1] / "data"
    result = cedta(root, "validate")
    assert "identif" not in result.output, result.output


def test_provider_files_may_hold_public_contact_details(data, cedta):
    text = data.read("providers/beta-coop.yaml") + "# office: 613-555-0100, info@beta.example.org\n"
    data.write("providers/beta-coop.yaml", text)
    assert cedta(data, "validate").exit_code == 0


# ---- the identity store (data/.private/) ------------------------------------------------------

def _store(data, entry: str) -> None:
    data.write(".private/identities.yaml", "c-0001:\n" + entry)


@pytest.mark.parametrize("entry,written,what", [
    ("  name: María García\n", "note: 'Met maria GARCIA at the hub'", "name"),
    ("  name: María García\n", "note: 'Met Maria  Garcia.'", "name"),
    ("  phone: 613-555-0123\n", "note: 'Call (613) 555 0123'", "phone"),
    ("  email: mgarcia@example.org\n", "note: 'mgarcia@example.org'", "email"),
    ("  address: 12 Rue Principale\n", "note: 'lives at 12 rue principale, Ottawa'", "address"),
])
def test_validate_finds_the_clients_own_identity_without_printing_it(data, cedta, entry, written, what):
    _store(data, entry)
    _client(data, "minutes: 120}", f"minutes: 120, {written}}}")
    result = cedta(data, "validate")
    assert result.exit_code == 1
    assert "error identity-in-client" in result.output
    for secret in ("garcia", "0123", "mgarcia", "principale"):
        assert secret not in result.output.lower()
    fr = cedta(data, "validate", lang="fr")
    assert "data/.private/" in fr.output


def test_the_identity_in_a_comment_is_found(data, cedta):
    _store(data, "  name: Jean Tremblay\n")
    _client(data, "kind: individual", "kind: individual  # Jean Tremblay's file")
    assert "identity-in-client" in cedta(data, "validate").output


def test_another_clients_identity_is_said_as_another_clients(data, cedta):
    """Not "this client's identity": another client's name (a referral), said as such (hostile 8, M)."""
    data.write(".private/identities.yaml", "c-0999:\n  name: Jean Tremblay\n")
    _client(data, "kind: individual", "kind: individual  # see Jean Tremblay's file")
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "other-identity-in-client" in r.output and " identity-in-client" not in r.output


@pytest.mark.parametrize("stored,written", [
    ("Łukasz Wałęsa-Øster", "Lukasz Walesa-Oster"),  # letters that do not decompose (hostile 11, 3)
    ("Hans Strauß", "Hans Strauss"),
    ("Aicha N'Diaye", "Aicha N'Diaye"),  # an apostrophe inside a name (25)
    ("Seán O'Brien", "Sean OBrien"),
    ("Amira Layla Haddad", "Amira Haddad"),  # a middle name left out (26)
    ("أميرة حداد", "أميرة حداد"),  # a script without capitals (24)
    ("王小明", "王小明来电了"),  # a script without spaces
])
def test_a_name_is_found_however_a_keyboard_or_a_script_writes_it(data, cedta, stored, written):
    """Another client's name in a note, and the client's own in its file: both refused by validate."""
    data.write(".private/identities.yaml", f'c-0999:\n  name: "{stored}"\nc-0001:\n  name: "{stored}"\n')
    _client(data, "kind: individual", f'kind: individual  # {written}')
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "identity-in-client" in r.output, r.output
    data.write(".private/identities.yaml", f'c-0999:\n  name: "{stored}"\n')
    before = data.read("clients/c-0001.yaml")
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", f"met {written}")
    # refused: the file has the error already (exit 1, hostile 13, 22), or the note would add it (2)
    assert r.exit_code in (1, 2) and data.read("clients/c-0001.yaml") == before, r.output


def test_a_name_s_first_and_last_words_apart_in_a_note_are_not_the_name(data, cedta):
    """Review 11b, R6: with Nguyen Van An, Le Thi Hoa and Marie Claire Dubois stored, "Mrs Nguyen asked
    for an interpreter", "Hoa a apporté le plan" and "Marie ... Dubois Accounting" were refused."""
    data.write(".private/identities.yaml", "c-0001:\n  name: Nguyen Van An\nc-0998:\n  name: Le Thi Hoa\n"
               "c-0999:\n  name: Marie Claire Dubois\n")
    for note in ("Mrs Nguyen asked for an interpreter", "Hoa a apporté le plan d'affaires révisé",
                 "Marie (hub volunteer) sent her to Dubois Accounting"):
        r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", note)
        assert r.exit_code == 0, (note, r.output)
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", "Nguyen An called")
    assert r.exit_code == 2, r.output


@pytest.mark.parametrize("number", ["613·555·0142", "613 • 555 • 0142", "613,555,0142", "613:555:0142",
                                    "613|555|0142", "613~555~0142", "SIN 046/454/286"])
def test_a_number_grouped_with_other_separators_is_refused(data, cedta, number):
    """Hostile pass 11, 23: a middle dot, a bullet, commas, a colon, a bar or a tilde between the
    groups passed; and a SIN with slashes."""
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", f"call {number}")
    assert r.exit_code == 2, r.output


def test_an_unreadable_identity_store_is_an_error_not_a_crash(data, cedta):
    # an error since the fuzz pass (Z4): every client file then goes unchecked against the names
    data.write(".private/identities.yaml", "c-0001: [unclosed\n")
    result = cedta(data, "validate")
    assert "identity-store-unreadable" in result.output and "Traceback" not in result.output
    assert result.exit_code == 1


@pytest.mark.parametrize("text, kind", [
    ("call six one three five five five zero one nine nine", "phone"),
    ("six-one-three, five-five-five, oh-one-nine-nine", "phone"),
    ("SIX ONE THREE 555 0199", "phone"),
    ("613 five five five 0199", "phone"),
    ("appeler au six un trois cinq cinq cinq zéro un neuf neuf", "phone"),
    ("Zéro-un-neuf-neuf", None),
    ("NAS : un deux trois quatre cinq six sept huit neuf", "sin"),
])
def test_digits_said_as_words_are_read_as_digits(text, kind):
    assert personal_kind(text) == kind


@pytest.mark.parametrize("text", [
    "Un, deux, trois: one two three four five six. She has one child and two dogs.",
    "un rendez-vous avec une conseillère, deux fois par mois, puis trois ateliers",
    "Six workshops, one on one, two hours; seven clients; nine of ten done; five stars.",
    "On 2026-01-05 she met one, two or three advisers; five sessions in 2025 and six in 2026.",
    "In 2024 one, in 2025 two, in 2026 three.",
    "Drop-in hours Mon 9:00-12:00 / 13:00-17:00",  # times (review 11b, R1)
    "09:00-10:30 12:00-13:30",
    "Tue 09:30 10:45 12:00",
    "Loan tiers 250/500/750 dollars",  # no SIN: its check digit fails
    "budget 1,500,000; grants of 12,500,000",
])
def test_numbers_in_ordinary_sentences_are_not_read_as_a_phone(text):
    assert personal_kind(text) is None


def test_validate_finds_a_phone_number_said_as_words(data, cedta):
    data.write("clients/c-0001.yaml", data.read("clients/c-0001.yaml").replace(
        "priority: 1}", "priority: 1, note: 'call six one three five five five zero one nine nine'}"))
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "identifier-in-note" in r.output and "six one three" not in r.output


# ---- the writing commands refuse what validate would then refuse --------------------------------

@pytest.mark.parametrize("command", [
    ["log", "c-0001", "--org", "acme-centre", "--note", "Jean  TREMBLAY came in"],
    ["outcome", "c-0001", "business-started", "--note", "opened at 12 rue Principale"],
    ["evaluate", "c-0001", "--satisfaction", "4", "--notes", "jean tremblay is happy"],
    ["plan", "c-0001", "add", "--topic", "marketing", "--note", "for Jean Tremblay"],
    ["step", "c-0001", "1", "--active", "--note", "called Jean Tremblay"],
])
@pytest.mark.parametrize("lang,word", [("en", "nothing written"), ("fr", "rien n’est écrit")])
def test_a_note_holding_the_clients_own_identity_is_refused_before_writing(data, cedta, command, lang, word):
    data.write(".private/identities.yaml", "c-0001:\n  name: Jean Tremblay\n  address: 12 rue Principale\n")
    before = data.read("clients/c-0001.yaml")
    r = cedta(data, *command, lang=lang)
    assert r.exit_code == 2, r.output
    assert word in r.output and "Tremblay" not in r.output and "Principale" not in r.output
    assert data.read("clients/c-0001.yaml") == before
    other = [c if c not in ("Jean  TREMBLAY came in", "opened at 12 rue Principale", "jean tremblay is happy",
                            "for Jean Tremblay", "called Jean Tremblay") else "met Jean" for c in command]
    assert cedta(data, *other).exit_code == 0  # a first name alone is not the recorded name
    assert cedta(data, "validate").exit_code == 0


def test_an_edit_is_not_blocked_by_a_leak_already_in_the_file(data, cedta):
    data.write(".private/identities.yaml", "c-0001:\n  name: Jean Tremblay\n")
    data.write("clients/c-0001.yaml", data.read("clients/c-0001.yaml").replace(
        "id: c-0001\n", "id: c-0001\n# Jean Tremblay\n"))
    assert cedta(data, "validate").exit_code == 1
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", "follow-up")
    assert r.exit_code == 0, r.output  # this change adds nothing: validate still names the comment
    assert "identity-in-client" in cedta(data, "validate").output


def test_an_intake_answer_repeating_the_identity_is_refused_with_its_line(data, cedta, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\n"
                       "needs:\n  - {topic: business-plan, note: for Jean Tremblay}\n"
                       "identity: {name: Jean Tremblay}\n")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", "c-0002")
    assert r.exit_code == 1 and "answers.yaml:5:" in r.output and "identity-in-answers" in r.output
    assert not (data.root / "clients" / "c-0002.yaml").exists()
    answers.write_text(answers.read_text().replace(", note: for Jean Tremblay", ""))
    assert cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", "c-0002").exit_code == 0


@pytest.mark.parametrize("chosen", ["jean-tremblay", "tremblay-jean-1981"])
def test_an_intake_id_holding_the_name_given_is_refused(data, cedta, tmp_path, chosen):
    answers = tmp_path / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: business-plan}]\n"
                       "identity: {name: Jean Tremblay}\n")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", chosen)
    assert r.exit_code == 2 and "in git for good" in r.output, r.output
    assert not (data.root / "clients" / f"{chosen}.yaml").exists()


def test_an_intake_id_not_shaped_like_a_pseudonym_is_written_with_a_warning(data, cedta, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: business-plan}]\n")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", "jt-1981")
    assert r.exit_code == 0 and "warning client-id-not-pseudonym" in r.output
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", "c-2026-0777")
    assert r.exit_code == 0 and "pseudonym" not in r.output


def test_a_name_written_surname_first_is_found_too(data, cedta):
    data.write(".private/identities.yaml", "c-0001:\n  name: Jean Tremblay\n")
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", "Tremblay, Jean called back")
    assert r.exit_code == 2, r.output
    data.write("clients/c-0001.yaml", data.read("clients/c-0001.yaml").replace("id: c-0001\n", "id: c-0001\n# TREMBLAY Jean\n"))
    assert "identity-in-client" in cedta(data, "validate").output


# ---- files in the record folders that are not records: named, and read for identifiers -------------

def test_hidden_and_loose_files_in_the_client_folder_are_named_and_searched(data, cedta):
    clients = data.root / "clients"
    (clients / ".notes.yaml").write_text("name: Maria Gonzalez\nphone: 613-555-0199\nnothing here\n")
    (clients / "notes.txt").write_text("call back at 613 555 0199\n")
    (clients / ".old").mkdir()
    (clients / ".old" / "x.txt").write_text("courriel: maria@example.org\n")
    (clients / ".gitkeep").write_text("")
    r = cedta(data, "validate")
    assert r.exit_code == 1
    out = r.output
    assert "warning stray-file: file `.notes.yaml`" in out and "warning stray-folder: folder `.old`" in out
    assert ".gitkeep" not in out
    for where in (".notes.yaml:1:1", ".notes.yaml:2:1", "notes.txt:1:1", ".old/x.txt:1:1"):
        assert f"{where}: error identifier-in-loose-file" in out, out
    assert ".notes.yaml:3:1" not in out and "Gonzalez" not in out and "613" not in out
    fr = cedta(data, "validate", lang="fr").output
    assert "le dossier « .old »" in fr and "identifier-in-loose-file: ce fichier n’est pas un enregistrement de cedta" in fr


def test_an_identity_field_of_a_megabyte_is_refused_and_the_store_stays_readable(data, cedta, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: business-plan}]\n"
                       f"identity: {{name: {'A' * 1_000_000}}}\n")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", "c-2026-0002")
    assert r.exit_code == 1 and "identity-too-long" in r.output and "Traceback" not in r.output
    assert not (data.root / "clients" / "c-2026-0002.yaml").exists()


def test_forget_leaves_no_note_in_the_parse_cache(data, cedta, cache_dir):
    assert cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", "Yak-unique secret").exit_code == 0
    assert cedta(data, "validate").exit_code == 0
    import gc

    def cached():  # (the cache is written back when a run's data root goes away)
        gc.collect()
        return [p for p in cache_dir.rglob("*") if p.is_file() and b"Yak-unique" in p.read_bytes()]
    assert cached()  # the parse cache keeps parsed files (the test would prove nothing otherwise)
    assert cedta(data, "forget", "c-0001", "--yes").exit_code == 0
    assert cached() == []


def test_a_run_going_on_during_forget_does_not_write_the_notes_back(data, cedta, cache_dir):
    """A `validate` that read the client's file before `forget` and writes its cache after put the
    purged notes back (hostile pass 5, P16: H25 back through a race). Forget notes the key; a
    later write leaves the older entry out, and a read of the file as forget left it is kept."""
    import gc

    from cedta.io import cache
    from cedta.io.store import DataRoot

    assert cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", "Yak-unique secret").exit_code == 0
    gc.collect()
    running = DataRoot(data.root)  # the other run: it reads every file, then writes later
    for f in running.files():
        running.read(f)
    pc = cache.for_root(running)
    pc.dirty.update(range(cache.SHARDS))  # it has more to write (other files it parsed)
    assert cedta(data, "forget", "c-0001", "--yes").exit_code == 0
    gc.collect()
    pc.flush()  # the other run ends now
    assert [p for p in cache_dir.rglob("*") if p.is_file() and b"Yak-unique" in p.read_bytes()] == []
    assert cedta(data, "validate").exit_code == 0
    gc.collect()
    again = DataRoot(data.root)
    served = [f for f in again.files({"client"}) if cache.for_root(again).shard(
        cache._shard_of(cache.for_root(again).key_of(again, f))).get(cache.for_root(again).key_of(again, f))]
    assert served  # the file as forget left it is cached again


def test_a_cache_folder_inside_the_data_directory_is_not_used(data, cedta, monkeypatch):
    monkeypatch.setenv("CEDTA_CACHE_DIR", str(data.root / ".cache"))
    monkeypatch.delenv("CEDTA_NO_CACHE", raising=False)
    assert cedta(data, "validate").exit_code == 0
    assert not (data.root / ".cache").exists()


def test_the_identity_store_carries_its_own_gitignore_and_orphans_are_named(data, cedta, tmp_path):
    """A repository whose .gitignore does not name data/.private/ (a copy of the sample data) took
    the names into git with `git add -A` (hostile pass 3, H37)."""
    answers = tmp_path / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: business-plan}]\n"
                       "identity: {name: Jean Tremblay}\n")
    assert cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", "c-2026-0002").exit_code == 0
    assert (data.root / ".private" / ".gitignore").read_text().splitlines()[-1] == "*"
    (data.root / "clients" / "c-2026-0002.yaml").unlink()
    r = cedta(data, "validate")
    assert "warning identity-without-client" in r.output and "c-2026-0002" in r.output and "Tremblay" not in r.output
    r = cedta(data, "forget", "c-2026-0002", "--yes")
    assert r.exit_code == 0 and "identity entry removed (there is no client file)" in r.output
    assert "Tremblay" not in (data.root / ".private" / "identities.yaml").read_text()
    (data.root / ".private" / ".gitignore").unlink()
    assert "warning private-not-ignored" in cedta(data, "validate").output


@pytest.mark.skipif(__import__("shutil").which("git") is None, reason="git is not installed")
def test_git_add_all_does_not_take_the_identity_store(data, cedta, tmp_path):
    import subprocess

    subprocess.run(["git", "init", "-q", str(data.root)], check=True)
    answers = tmp_path / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: business-plan}]\n"
                       "identity: {name: Jean Tremblay}\n")
    assert cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre").exit_code == 0
    status = subprocess.run(["git", "-C", str(data.root), "status", "--porcelain", "--untracked-files=all"],
                            capture_output=True, text=True, check=True).stdout
    assert ".private" not in status and "clients/" in status


@pytest.mark.skipif(__import__("shutil").which("git") is None, reason="git is not installed")
def test_an_identity_store_git_already_tracks_is_an_error_and_intake_says_so(data, cedta, tmp_path):
    """Hostile pass 10, I: a store forced into git once (`git add -f`) went into every `git commit
    -a` while intake said "(this machine only, not in git)" and validate --strict passed."""
    import subprocess

    def git(*args):
        return subprocess.run(["git", "-C", str(data.root), "-c", "user.name=t", "-c", "user.email=t@example.org",
                               *args], capture_output=True, text=True, check=True).stdout

    git("init", "-q")
    answers = tmp_path / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: business-plan}]\n"
                       "identity: {name: Jean Tremblay}\n")
    assert cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre").exit_code == 0
    assert cedta(data, "validate").exit_code == 0
    git("add", "-A")
    git("add", "-f", ".private/identities.yaml")
    git("commit", "-qm", "init")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre")
    assert r.exit_code == 0 and "but git tracks that file: the name goes into the next commit" in r.output, r.output
    assert "not in git" not in r.output
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "error private-tracked: git tracks 1 file(s) of the identity store's folder " \
        "(.private/identities.yaml)" in r.output, r.output
    assert "git rm --cached .private/identities.yaml" in r.output
    git("rm", "-r", "-q", "--cached", ".private")
    assert cedta(data, "validate").exit_code == 0
    # its .gitignore tracked alone holds no name: no error (hostile pass 10b, 8)
    git("add", "-f", ".private/.gitignore")
    assert cedta(data, "validate").exit_code == 0


def test_loose_files_beside_the_records_are_searched_too(data, cedta):
    (data.root / ".notes").write_text("Maria Gonzalez 613-555-0199\n")
    (data.root / "misc").mkdir()
    (data.root / "misc" / "a.txt").write_text("SIN 046 454 286\n")
    r = cedta(data, "validate")
    assert r.exit_code == 1 and ".notes:1:1: error identifier-in-loose-file" in r.output
    assert "misc/a.txt:1:1: error identifier-in-loose-file" in r.output


def test_an_identity_field_given_twice_differently_is_refused(data, cedta, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: business-plan}]\n"
                       "identity: {name: Jean Tremblay, nom: Marie Tremblay}\n")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre")
    assert r.exit_code == 1 and "identity-twice" in r.output and "Marie" not in r.output


@pytest.mark.parametrize("chosen", ["c-2026-haddad", "c-2026-amira", "c-2026-amirahaddad", "c-2026-ahaddad"])
def test_an_intake_id_holding_one_word_of_the_name_is_refused(data, cedta, tmp_path, chosen):
    """Hostile pass 4, K5: the surname alone, or the name run together, passed."""
    answers = tmp_path / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: business-plan}]\n"
                       "identity: {name: Amira Haddad}\n")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", chosen)
    assert r.exit_code == 2 and "in git for good" in r.output, r.output


def test_validate_finds_a_surname_in_a_client_file_name(data, cedta):
    data.write("clients/c-2026-ochoa.yaml", data.read("clients/c-0001.yaml").replace("id: c-0001", "id: c-2026-ochoa"))
    data.write(".private/identities.yaml", "c-2026-ochoa:\n  name: Maria Ochoa\n")
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "c-2026-ochoa.yaml:1:1: error identity-in-client" in r.output


def test_a_big_or_late_loose_file_is_read_or_said_unread(data, cedta):
    """Hostile pass 4, K17: a loose file over 1 MB, or past the 500th, was skipped in silence."""
    (data.root / "clients" / "h.txt").write_text("x" * 5_000_000 + "\n613-555-0133\n")
    r = cedta(data, "validate")
    assert "h.txt:2:1: error identifier-in-loose-file" in r.output


def test_french_identity_keys_with_accents_and_vim_swap_files(data, cedta, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: business-plan}]\n"
                       "identity: {Nom: Jean Roy, téléphone: 613 555 0100}\n")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre")
    assert r.exit_code == 0, r.output
    (data.root / "clients" / ".c-0001.yaml.swp").write_text("call 613-555-0100\n")  # vim, a file open
    r = cedta(data, "validate")
    assert r.exit_code == 0 and ".swp" not in r.output


def test_an_orphan_identity_key_that_is_not_an_id_is_counted_not_shown_and_forget_removes_it(data, cedta):
    data.write(".private/identities.yaml", "Jean Tremblay:\n  phone: 613-555-0199\n")
    r = cedta(data, "validate")
    assert "identity-without-client" in r.output and "Tremblay" not in r.output and "+1" in r.output
    assert cedta(data, "forget", "Jean Tremblay", "--yes").exit_code == 0
    assert "Tremblay" not in data.read(".private/identities.yaml")


@pytest.mark.parametrize("note", ["Lives at 123 Rideau St", "Rideau Street 123", "123, rue Rideau", "Met AmiraHaddad"])
def test_an_address_in_any_order_and_a_name_run_together_are_found(data, cedta, note):
    """Hostile pass 4, K22."""
    data.write(".private/identities.yaml", "c-0001:\n  name: Amira Haddad\n  address: 123 Rideau Street\n")
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", note)
    assert r.exit_code == 2, r.output


def test_an_address_number_alone_or_the_street_alone_is_not_an_address(data, cedta):
    data.write(".private/identities.yaml", "c-0001:\n  name: Amira Haddad\n  address: 123 Rideau Street\n")
    for note in ("Session 123 of the series", "Workshop on Rideau at the library"):
        assert cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", note).exit_code == 0


def _with_identity(data, cedta, tmp_path, cid="c-0100"):
    answers = tmp_path / "answers.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: business-plan}]\n"
                       "identity: {name: Amira Haddad, phone: 613-555-0142}\n")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", "--id", cid)
    assert r.exit_code == 0, r.output
    return data.root / ".private" / "identities.yaml"


@pytest.mark.parametrize("entry", ["Amira Haddad 613-555-0142", "[Amira Haddad, 613-555-0142]"])
def test_an_identity_entry_typed_in_another_shape_is_named_kept_and_forgotten(data, cedta, tmp_path, entry):
    """Fuzz pass (session 6), Z3: an entry that is not a mapping of fields was invisible: validate
    said nothing, forget said "nothing to remove" and left the name, and the next intake dropped it."""
    store = _with_identity(data, cedta, tmp_path)
    store.write_text(store.read_text() + f"c-0200: {entry}\n")
    out = cedta(data, "validate").stdout
    assert "identities.yaml:6:1: warning identity-entry-not-fields" in out and "c-0200" in out and "Haddad" not in out
    _with_identity(data, cedta, tmp_path, cid="c-0101")  # another write keeps it as it was
    import yaml

    kept = yaml.safe_load(store.read_text())["c-0200"]
    assert kept == yaml.safe_load(f"x: {entry}")["x"]  # the value as typed, not dropped
    r = cedta(data, "forget", "c-0200", "--yes")
    assert r.exit_code == 0 and "identity entry removed" in r.stdout
    assert "c-0200" not in store.read_text() and "c-0100" in store.read_text()


def test_an_unreadable_identity_store_stops_new_notes_and_is_an_error_with_its_line(data, cedta, tmp_path):
    """Fuzz pass (session 6), Z4, Z5: a stray character in the store switched off the name-in-note
    guard (the name went into git); validate named the folder and a Python class."""
    store = _with_identity(data, cedta, tmp_path)
    store.write_text(store.read_text() + "{\n")
    r = cedta(data, "log", "c-0100", "--org", "acme-centre", "--note", "Amira Haddad called")
    assert r.exit_code == 2 and "cannot be read" in r.output and "Haddad" not in data.read("clients/c-0100.yaml")
    assert cedta(data, "log", "c-0100", "--org", "acme-centre").exit_code == 0  # no note: nothing to check
    v = cedta(data, "validate")
    assert v.exit_code == 1 and "identities.yaml:7:1: error identity-store-unreadable" in v.stdout
    assert "(not valid YAML)" in v.stdout and "Error" not in v.stdout.replace("error", "")
    fr = cedta(data, "validate", lang="fr").stdout
    assert "(YAML invalide)" in fr


def test_a_file_named_after_a_client_or_a_phone_is_an_error(data, cedta):
    """`data/Amira Haddad - budget.txt` passed validate and `diff -f markdown` printed its name in the
    pull request; `data/clients/613-555-0142.txt` was only a stray file (hostile pass 8, X)."""
    private = data.root / ".private"
    private.mkdir(mode=0o700, exist_ok=True)
    (private / ".gitignore").write_text("*\n", encoding="utf-8")
    (private / "identities.yaml").write_text("c-0001: {name: Amira Haddad}\n", encoding="utf-8")
    (private / "identities.yaml").chmod(0o600)
    (data.root / "Amira Haddad - budget.txt").write_text("x\n", encoding="utf-8")
    (data.root / "clients" / "613-555-0142.txt").write_text("x\n", encoding="utf-8")
    (data.root / "minutes.txt").write_text("x\n", encoding="utf-8")
    r = cedta(data, "validate")
    assert r.exit_code == 1
    lines = [ln for ln in r.stdout.splitlines() if "identifier-in-file-name" in ln]
    assert len(lines) == 2, r.stdout
    assert any("Amira Haddad - budget.txt" in ln and "a client's name" in ln for ln in lines)
    assert any("613-555-0142.txt" in ln and "a phone number" in ln for ln in lines)
    fr = cedta(data, "validate", lang="fr")
    assert "le nom du fichier montre le nom d'un client" in fr.stdout.replace("’", "'")


def test_another_clients_full_name_in_a_note_or_a_comment_is_refused(data, cedta):
    """"Referred by her cousin Amira Haddad" (another client's name) passed `log` and validate: only
    the client's own name was looked for (hostile pass 8, M)."""
    private = data.root / ".private"
    private.mkdir(mode=0o700, exist_ok=True)
    (private / ".gitignore").write_text("*\n", encoding="utf-8")
    (private / "identities.yaml").write_text("c-0002: {name: Amira Haddad}\n", encoding="utf-8")
    (private / "identities.yaml").chmod(0o600)
    before = data.read("clients/c-0001.yaml")
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", "Referred by her cousin AMIRA haddad")
    assert r.exit_code == 2 and "another client's full name" in r.output and "Haddad" not in r.output
    assert data.read("clients/c-0001.yaml") == before
    assert cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", "Referred by c-0002").exit_code == 0
    data.write("clients/c-0001.yaml", data.read("clients/c-0001.yaml") + "# called Haddad, Amira back\n")
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "other-identity-in-client" in r.output and "Haddad" not in r.output


def test_a_referral_name_in_intake_answers_is_refused_and_ordinary_words_are_not_a_name(data, cedta, tmp_path):
    """`intake --answers` wrote "Cousin of Zora Quill" (another client) into the new file; and "we
    hope young parents" was refused for a client named Hope Young (review 8, #1 and #3)."""
    private = data.root / ".private"
    private.mkdir(mode=0o700, exist_ok=True)
    (private / ".gitignore").write_text("*\n", encoding="utf-8")
    (private / "identities.yaml").write_text("c-0001: {name: Zora Quill}\nc-0002: {name: Hope Young}\n", encoding="utf-8")
    (private / "identities.yaml").chmod(0o600)
    answers = tmp_path / "a.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nidentity: {name: Yves Brun, note: cousin of Zora Quill}\n"
                       "profile: {stage: idea}\nneeds:\n  - {topic: marketing, note: Cousin of Zora Quill}\n", encoding="utf-8")
    before = sorted(p.name for p in (data.root / "clients").iterdir())
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre")
    assert r.exit_code == 1 and "other-identity-in-client" in r.output and "Quill" not in r.output
    assert sorted(p.name for p in (data.root / "clients").iterdir()) == before
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", "--note", "We hope young parents can join the evening group.")
    assert r.exit_code == 0, r.output
    (data.root / "hope-for-young-parents.txt").write_text("x\n", encoding="utf-8")  # not the name, word after word
    assert "identifier-in-file-name" not in cedta(data, "validate").output


def test_a_file_git_ignores_is_not_said_to_be_in_git(data, cedta):
    """Hostile pass 8b, F4: `scans/Grace Lee.pdf` that .gitignore names was "in git" and failed validate."""
    import shutil
    import subprocess

    if shutil.which("git") is None:
        import pytest

        pytest.skip("git is not installed")
    private = data.root / ".private"
    private.mkdir(mode=0o700, exist_ok=True)
    (private / ".gitignore").write_text("*\n", encoding="utf-8")
    (private / "identities.yaml").write_text("c-0001: {name: Grace Lee}\n", encoding="utf-8")
    (private / "identities.yaml").chmod(0o600)
    subprocess.run(["git", "init", "-q", str(data.root.parent)], check=True, capture_output=True)
    (data.root / "Grace Lee.pdf").write_text("x\n", encoding="utf-8")
    assert "identifier-in-file-name" in cedta(data, "validate").output
    (data.root / ".gitignore").write_text("*.pdf\n", encoding="utf-8")
    assert "identifier-in-file-name" not in cedta(data, "validate").output


def test_empty_global_options_are_refused(data, cedta):
    """Hostile pass 8b, F3: `--lang ''` was English and `--data ''` the current folder, silently."""
    from typer.testing import CliRunner

    from cedta.cli import app

    for args in (["--lang", "", "validate"], ["--data", "", "validate"]):
        r = CliRunner().invoke(app, args)
        assert r.exit_code == 2 and ("empty / vide" in r.output or "--lang is empty" in r.output), r.output


def test_a_file_extension_is_not_read_as_an_email_domain(data, cedta):
    """Hostile pass 8b, F14: `contacts@hub.pdf` was "an e-mail" in a file's name."""
    (data.root / "contacts@hub.pdf").write_text("x\n", encoding="utf-8")
    (data.root / "amira@example.org.txt").write_text("x\n", encoding="utf-8")
    out = cedta(data, "validate").output
    assert "amira@example.org.txt:1:1: error identifier-in-file-name" in out
    assert "contacts@hub.pdf:1:1: error identifier-in-file-name" not in out


def test_an_identity_field_typed_as_a_mapping_reads_as_its_words(data, cedta, tmp_path):
    """Hostile pass 8b, F15: `name: {first: Amira, last: Haddad}` printed Python's "{'first': ...}",
    validate said nothing, and the other-client-name check skipped it."""
    store = _with_identity(data, cedta, tmp_path)
    store.write_text(store.read_text() + "c-0001:\n  name: {first: Nadia, last: Benali}\n")
    shown = cedta(data, "show", "c-0001", "--identity").stdout
    assert "Nadia Benali" in shown and "{" not in shown.split("Nadia")[0].splitlines()[-1]
    out = cedta(data, "validate").stdout
    assert "warning identity-field-not-text" in out and "c-0001" in out and "`name`" in out
    assert "Benali" not in out
    r = cedta(data, "log", "c-0100", "--org", "acme-centre", "--note", "Referred to Nadia Benali's coop.")
    assert r.exit_code != 0  # another client's name, as the store holds it


def test_validating_one_file_says_when_the_identity_store_cannot_be_read(data, cedta, tmp_path):
    """Hostile pass 9, O: with the store unreadable, `validate FILE` said the file was clean though
    the other-client-name check had not run."""
    _with_identity(data, cedta, tmp_path)
    (data.root / ".private" / "identities.yaml").write_text("c-0100: {name: [unclosed\n", encoding="utf-8")
    r = cedta(data, "validate", str(data.root / "clients" / "c-0001.yaml"))
    assert r.exit_code == 1 and "identity-store-unreadable" in r.stdout


def test_a_direction_override_typed_by_hand_is_refused_as_the_writers_refuse_it(data, cedta):
    """Hostile pass 10, A: U+202E typed into a client note (or a vocabulary label) passed validate,
    and `show` printed "fee paid $10000" for a file that stores "fee paid 00001$"; the writers
    refused it already (H23). A label on two lines passed too."""
    text = data.read("clients/c-0001.yaml")
    assert "contacts:\n" in text
    data.write("clients/c-0001.yaml", text.replace(
        "contacts:\n", "contacts:\n  - {date: 2026-09-01, org: acme-centre, note: \"fee paid \u202e00001$ \u202c\"}\n", 1))
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "error text-bidi-control: a direction override or isolate" in r.output, r.output
    data.write("clients/c-0001.yaml", text)
    data.write("vocab.yaml", "topics:\n  farming:\n    en: \"Farming\\nand more\"\n    fr: Agriculture\n")
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "vocab.yaml" in r.output and "one line" in r.output, r.output
