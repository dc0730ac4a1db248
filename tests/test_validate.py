"""`cedta validate`: every bad input gets a diagnostic with file and line and the right exit code."""

from __future__ import annotations

import json
import os

import pytest

from tests.conftest import CLIENT, HUB, NETWORK, PROVIDER


def codes(result) -> list[str]:
    return [d["code"] for d in json.loads(result.stdout)["diagnostics"]]


def validate_json(cedta, data, *paths):
    return cedta(data, "validate", "--format", "json", *paths)


def test_clean_data_exits_zero(data, cedta):
    r = cedta(data, "validate")
    assert r.exit_code == 0, r.stdout
    assert "5 file(s) checked: 0 error(s), 0 warning(s)" in r.stdout


def test_json_shape(data, cedta):
    data.write("clients/c-0001.yaml", CLIENT.replace("topic: business-plan, level", "topc: business-plan, level"))
    r = validate_json(cedta, data)
    assert r.exit_code == 1
    payload = json.loads(r.stdout)
    assert set(payload) >= {"ok", "errors", "warnings", "diagnostics"}
    assert payload["ok"] is False and payload["errors"] >= 1
    d = payload["diagnostics"][0]
    assert set(d) == {"severity", "code", "path", "line", "column", "message"}
    assert d["path"] == "data/clients/c-0001.yaml"


# ---- bad YAML: each case is (file content, expected code, expected line) -------------------------

BAD_FILES = [
    ("id: acme-centre\nname: {en: [unclosed\n", "yaml-syntax", 3),
    ("id: acme-centre\nname:\n\ten: Acme\n", "tab-indent", 3),
    ("id: acme-centre\nname: {en: A}\nkind:\tnon-profit\n", "tab-separator", 3),
    ("id: acme-centre\nname: {en: A}\nkind: non-profit\t# a comment\n", "tab-separator", 3),
    ("id: acme-centre\nid: acme-centre\nname: {en: A}\nkind: non-profit\n", "duplicate-key", 2),
    ("id: acme-centre\nname: &n {en: A}\nkind: non-profit\n", "anchor", 2),
    ("id: acme-centre\nname: !!python/object:os.system {en: A}\n", "custom-tag", 2),
    ("id: acme-centre\n---\nid: other\n", "several-documents", 2),
    ("", "empty-file", 1),
    ("# nothing but a comment\n", "empty-file", 1),
    ("id: acme-centre\n<<<<<<< HEAD\nkind: non-profit\n=======\nkind: charity\n>>>>>>> branch\n", "conflict-marker", 2),
    ("id: acme-centre\nname: {en: A}\nkind: non-profit\nlanguages: [en, no]\n", "yaml11-surprise", 4),
    ("id: acme-centre\nname: {en: A}\nkind: non-profit\nyes: 1\n", "key-not-text", 4),
    ("id: acme-centre\nname: {en: A}\nkind: non-profit\nsources: {}\n", "unknown-key", 4),
    ("id: acme-centre\nkind: non-profit\n", "missing-key", 1),
    ("id: acme-centre\nname: {en: A}\nkind: 42\n", "wrong-type", 3),
    ("- just\n- a list\n", "not-a-mapping", 1),
    ("id: acme-centre\nname: " + "[" * 900 + "]" * 900 + "\n", "too-deep", 2),
    ("id: acme-centre\nname: {en: A}\nkind: non-profit\nservices:\n  - id: x\n    topic: marketing\n    modes: [workshops]\n    languages: [en]\n    valid: {until: 2009-02-30}\n", "bad-date", 9),
]


@pytest.mark.parametrize("text,code,line", BAD_FILES, ids=[c for _, c, _ in BAD_FILES])
def test_bad_yaml_is_a_diagnostic_not_a_traceback(data, cedta, text, code, line):
    path = data.write("providers/acme-centre.yaml", text)
    before = path.read_bytes()
    r = validate_json(cedta, data, str(path))
    assert r.exit_code == 1, r.stdout
    diags = json.loads(r.stdout)["diagnostics"]
    hit = [d for d in diags if d["code"] == code]
    assert hit, diags
    assert hit[0]["line"] == line
    assert hit[0]["path"] == "data/providers/acme-centre.yaml"
    assert path.read_bytes() == before  # validate never changes a file


def test_text_output_is_path_line_column(data, cedta):
    data.write("providers/acme-centre.yaml", "id: acme-centre\nname: {en: A}\nkind: non-profit\nlanguages: [en, no]\n")
    r = cedta(data, "validate")
    assert r.exit_code == 1
    assert ("data/providers/acme-centre.yaml:4:17: error yaml11-surprise: `no` is read as false (YAML 1.1); "
            "quote it: 'no'") in r.stdout


def test_bom_and_not_utf8_and_binary(data, cedta):
    data.write("providers/acme-centre.yaml", b"\xef\xbb\xbf" + PROVIDER.encode())
    data.write("providers/beta-coop.yaml", b"id: beta-coop\nname: {fr: Coop B\xeata}\n")
    data.write("hubs/francophones.yaml", b"id: x\x00\n")
    r = validate_json(cedta, data)
    got = {(d["path"].split("/")[-1], d["code"], d["line"]) for d in json.loads(r.stdout)["diagnostics"]}
    assert ("acme-centre.yaml", "bom", 1) in got
    assert ("beta-coop.yaml", "not-utf8", 2) in got
    assert ("francophones.yaml", "binary-file", 1) in got
    assert r.exit_code == 1


def test_file_too_large(data, cedta):
    data.write("clients/c-0001.yaml", CLIENT + "# " + "x" * (1024 * 1024) + "\n")
    r = validate_json(cedta, data)
    assert "file-too-large" in codes(r) and r.exit_code == 1


def test_alias_bomb_is_refused_fast(data, cedta):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi"))
    data.write("providers/acme-centre.yaml", bomb)
    r = validate_json(cedta, data)
    assert "anchor" in codes(r)


def test_symlink_outside_data_is_refused(data, cedta, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: beta-coop\nname: {fr: x}\nkind: co-operative\n")
    target = data.root / "providers" / "beta-coop.yaml"
    target.unlink()
    os.symlink(secret, target)
    r = validate_json(cedta, data)
    assert "symlink-outside" in codes(r)


@pytest.mark.parametrize("name", ["Acme-Centre", "acme_centre", "-acme"])
def test_file_name_must_be_an_id(data, cedta, name):
    data.write(f"providers/{name}.yaml", PROVIDER.replace("id: acme-centre", f"id: {name.lower()}", 1))
    r = validate_json(cedta, data)
    assert "bad-file-name" in codes(r)


@pytest.mark.parametrize("bad", ["../etc", "Acme", "a/b"])
def test_ids_with_slash_dots_or_capitals(data, cedta, bad):
    data.write("providers/acme-centre.yaml", PROVIDER.replace("id: acme-centre", f"id: '{bad}'", 1))
    r = validate_json(cedta, data)
    assert "bad-id" in codes(r)


def test_id_must_equal_file_name(data, cedta):
    data.write("providers/acme-centre.yaml", PROVIDER.replace("id: acme-centre", "id: acme", 1))
    r = validate_json(cedta, data)
    assert "id-mismatch" in codes(r)


def test_unknown_key_suggests(data, cedta):
    data.write("clients/c-0001.yaml", CLIENT.replace("  birth_year:", "  birthyear:"))
    r = cedta(data, "validate")
    assert "unknown key `birthyear` (did you mean `birth_year`?)" in r.stdout
    assert "data/clients/c-0001.yaml:9:3:" in r.stdout


def test_unknown_term_suggests(data, cedta):
    data.write("providers/acme-centre.yaml", PROVIDER.replace("topic: marketing", "topic: marketting"))
    r = cedta(data, "validate")
    assert r.exit_code == 1
    assert "error unknown-term: unknown term `marketting` in topics (did you mean `marketing`?)" in r.stdout


def test_unknown_references(data, cedta):
    text = (CLIENT.replace("hub: francophones", "hub: francophone")
            .replace("by: acme-centre", "by: acme-center")
            .replace("service: acme-centre/business-plan-workshops, target", "service: acme-centre/business-plan-workshop, target"))
    data.write("clients/c-0001.yaml", text)
    r = cedta(data, "validate")
    assert "unknown hub `francophone` (did you mean `francophones`?)" in r.stdout
    assert "unknown provider `acme-center` (did you mean `acme-centre`?)" in r.stdout
    assert ("unknown service `acme-centre/business-plan-workshop` "
            "(did you mean `acme-centre/business-plan-workshops`?)") in r.stdout


def test_french_messages(data, cedta):
    data.write("providers/acme-centre.yaml", PROVIDER.replace("topic: marketing", "topic: marketting"))
    r = cedta(data, "validate", lang="fr")
    assert "terme inconnu « marketting » dans les sujets (vouliez-vous dire « marketing » ?)" in r.stdout
    assert "5 fichiers vérifiés : 1 erreur, aucun avertissement" in r.stdout


# ---- privacy ------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["name", "phone", "email", "address", "sin"])
def test_direct_identifiers_are_errors(data, cedta, key):
    data.write("clients/c-0001.yaml", CLIENT.replace("kind: individual", f"kind: individual\n{key}: something"))
    r = validate_json(cedta, data)
    assert "identifier-in-client" in codes(r) and r.exit_code == 1


@pytest.mark.parametrize("note", ["call her at 613-555-0199", "write to ana@example.org", "SIN 046 454 286",
                                  "cell 8195551234", "appeler (613) 555-0199", "NAS 046454286"])
def test_identifiers_in_notes_are_errors(data, cedta, note):
    data.write("clients/c-0001.yaml", CLIENT.replace("minutes: 120}", f"minutes: 120, note: '{note}'}}"))
    r = validate_json(cedta, data)
    assert "identifier-in-note" in codes(r)


# ---- the report's rules, as warnings --------------------------------------------------------------

def warnings_of(cedta, data):
    r = validate_json(cedta, data)
    payload = json.loads(r.stdout)
    return r, {d["code"] for d in payload["diagnostics"] if d["severity"] == "warning"}


def test_director_not_member(data, cedta):
    data.write("hubs/francophones.yaml", HUB.replace("members: [acme-centre, beta-coop]", "members: [beta-coop]"))
    r, w = warnings_of(cedta, data)
    assert "director-not-member" in w and r.exit_code == 0


def test_hub_without_two_representatives(data, cedta):
    data.write("hubs/francophones.yaml", HUB.replace("  - {name: Rep B (fictitious), org: beta-coop, since: 2026-01-01}\n", ""))
    r, w = warnings_of(cedta, data)
    assert "forum-seats" in w


def test_representative_whose_term_ended_does_not_count(data, cedta):
    data.write("hubs/francophones.yaml", HUB.replace("org: beta-coop, since: 2026-01-01}", "org: beta-coop, since: 2026-01-01, until: 2026-06-30}"))
    _, w = warnings_of(cedta, data)
    assert "forum-seats" in w


def test_representative_changes_organisation(data, cedta):
    data.write("hubs/francophones.yaml", HUB.replace("  - {name: Rep B (fictitious), org: beta-coop, since: 2026-01-01}",
               "  - {name: Rep B (fictitious), org: beta-coop, since: 2026-01-01}\n"
               "  - {name: Rep A (fictitious), org: beta-coop, since: 2026-06-01}"))
    _, w = warnings_of(cedta, data)
    assert "representative-moved" in w


def test_leadership_table_size_and_co_chairs(data, cedta):
    data.write("network.yaml", NETWORK + "leadership_table:\n  members:\n"
               "    - {name: M1, sector: voluntary}\n    - {name: M2, sector: public}\n  co_chairs: [M1]\n")
    _, w = warnings_of(cedta, data)
    assert {"leadership-size", "co-chairs"} <= w


def test_leadership_table_of_twelve_with_two_co_chairs_is_fine(data, cedta):
    members = "".join(f"    - {{name: M{i}, sector: private}}\n" for i in range(12))
    data.write("network.yaml", NETWORK + "leadership_table:\n  members:\n" + members + "  co_chairs: [M0, M1]\n")
    r, w = warnings_of(cedta, data)
    assert not w & {"leadership-size", "co-chairs", "co-chair-not-member"}, r.stdout


def test_service_past_end_date(data, cedta):
    data.write("providers/acme-centre.yaml", PROVIDER.replace("    intake: registration\n", "    intake: registration\n    valid: {until: 2009-12-31}\n"))
    _, w = warnings_of(cedta, data)
    assert "service-ended" in w


def test_plan_step_service_does_not_offer_topic(data, cedta):
    data.write("clients/c-0001.yaml", CLIENT.replace("  - {topic: business-plan, level: beginner, service", "  - {topic: marketing, level: beginner, service"))
    _, w = warnings_of(cedta, data)
    assert "step-topic-mismatch" in w


def test_contact_before_intake(data, cedta):
    data.write("clients/c-0001.yaml", CLIENT.replace("{date: 2026-02-10, org", "{date: 2026-01-10, org"))
    _, w = warnings_of(cedta, data)
    assert "contact-before-intake" in w


def test_date_in_future(data, cedta):
    data.write("clients/c-0001.yaml", CLIENT.replace("{date: 2026-02-10, org", "{date: 2027-02-10, org"))
    _, w = warnings_of(cedta, data)
    assert "future-date" in w


def test_consent_withdrawn_with_open_plan(data, cedta):
    data.write("clients/c-0001.yaml", CLIENT.replace("scope: hub}", "scope: hub, withdrawn: 2026-05-01}"))
    _, w = warnings_of(cedta, data)
    assert "consent-withdrawn-open-plan" in w


def test_strict_turns_warnings_into_exit_one(data, cedta):
    data.write("hubs/francophones.yaml", HUB.replace("members: [acme-centre, beta-coop]", "members: [beta-coop]"))
    assert cedta(data, "validate").exit_code == 0
    assert cedta(data, "validate", "--strict").exit_code == 1


def test_missing_network_is_a_warning(data, cedta):
    (data.root / "network.yaml").unlink()
    r = cedta(data, "validate")
    assert "data/network.yaml:1:1: warning no-network" in r.stdout and r.exit_code == 0


def test_vocabulary_extension_without_code(data, cedta):
    data.write("providers/acme-centre.yaml", PROVIDER.replace("topic: marketing", "topic: export-readiness"))
    assert cedta(data, "validate").exit_code == 1
    data.write("vocab.yaml", "topics:\n  export-readiness: {en: Export readiness, fr: Préparation à l'exportation}\n")
    r = cedta(data, "validate")
    assert r.exit_code == 0, r.stdout
    assert "Préparation à l'exportation" in cedta(data, "vocab", "topics").stdout


# ---- usage and I/O: exit 2 ----------------------------------------------------------------------

def test_missing_data_dir_exits_two(tmp_path, cedta):
    r = cedta(tmp_path / "nope", "validate")
    assert r.exit_code == 2
    assert "does not exist" in r.stderr


def test_path_outside_data_exits_two(data, cedta, tmp_path):
    other = tmp_path / "elsewhere.yaml"
    other.write_text("id: x\n")
    r = cedta(data, "validate", str(other))
    assert r.exit_code == 2 and "outside the data directory" in r.stderr


def test_nonexistent_path_exits_two(data, cedta):
    r = cedta(data, "validate", str(data.root / "clients" / "c-9999.yaml"))
    assert r.exit_code == 2 and "no such file" in r.stderr


def test_unknown_option_and_format_exit_two(data, cedta):
    assert cedta(data, "validate", "--format", "xml").exit_code == 2
    assert cedta(data, "validate", "--bogus").exit_code == 2
    assert cedta(data, "--lang", "de", "validate").exit_code == 2


def test_bad_today_exits_two(data, cedta):
    r = cedta(data, "--today", "2026-02-30", "validate")
    assert r.exit_code == 2


def test_paths_limit_what_is_reported(data, cedta):
    data.write("clients/c-0001.yaml", CLIENT.replace("hub: francophones", "hub: nowhere"))
    assert cedta(data, "validate", str(data.root / "providers")).exit_code == 0
    assert cedta(data, "validate", str(data.root / "clients" / "c-0001.yaml")).exit_code == 1


def test_stray_file_is_warned(data, cedta):
    data.write("providers/old.txt", "id: old\n")
    r = cedta(data, "validate")
    assert "warning stray-file: file `old.txt` is not read by cedta" in r.stdout
    # a record saved as .yml is told its right name (hostile pass 10, E)
    data.write("providers/old.yml", "id: old\n")
    r = cedta(data, "validate")
    assert "warning stray-record-rename: `old.yml` is not read by cedta (records end in .yaml, in small letters): " \
           "rename it data/providers/old.yaml" in r.stdout, r.stdout


def test_a_record_out_of_its_folder_is_said_with_where_it_goes(data, cedta):
    """Newcomer pass 9, S9-6: a client file at the data folder's root, or in data/client/, passed
    `validate` and was missing from every command; a provider copied into hubs/ got key errors with
    wrong did-you-means and never "move it"."""
    client = data.read("clients/c-0001.yaml")
    data.write("c-0002.yaml", client.replace("c-0001", "c-0002"))
    data.write("client/c-0003.yaml", client.replace("c-0001", "c-0003"))
    data.write("hubs/acme.yaml", data.read("providers/acme-centre.yaml"))
    out = cedta(data, "validate").stdout
    assert "data/c-0002.yaml:1:1: warning record-out-of-folder: `c-0002.yaml` is not read by cedta" in out
    assert "move it to data/clients/" in out and "data/client:1:1: warning record-out-of-folder" in out
    assert "data/hubs/acme.yaml:1:1: warning record-in-wrong-folder-provider: this file looks like a provider" in out
    fr = cedta(data, "validate", lang="fr").stdout
    assert "ce fichier ressemble à un organisme (ses clés) : les organismes vont dans data/providers/" in fr
    assert "déplacez-le dans data/clients/" in fr


def test_vocabulary_extension_adds_aliases_to_built_in_terms(data, cedta):
    data.write("vocab.yaml", "topics:\n  fundraising:\n    aliases: [Financement et rédaction de propositions]\n")
    r = cedta(data, "validate", "--strict")
    assert r.exit_code == 0, r.stdout
    from cedta.records import checks
    from cedta.io.store import DataRoot
    root = DataRoot(data.root)
    ds = checks.load_dataset([root.read(f) for f in root.files()])
    assert ds.vocab.lookup("topics", "financement et redaction de propositions") == "fundraising"


def test_new_vocabulary_term_needs_both_labels(data, cedta):
    data.write("vocab.yaml", "topics:\n  export-readiness: {en: Export readiness}\n")
    r = cedta(data, "validate")
    assert r.exit_code == 1
    assert "data/vocab.yaml:2:3: error vocab-needs-labels" in r.stdout


def test_redefining_a_built_in_term_is_a_warning(data, cedta):
    data.write("vocab.yaml", "topics:\n  marketing: {en: Promotion, fr: Promotion}\n")
    r = cedta(data, "validate")
    assert "warning vocab-redefines" in r.stdout and r.exit_code == 0


@pytest.mark.parametrize("old,new,code,fr", [
    ("    fees: free\n", "    fees:\n      - {min: 90, max: 40}\n", "min-above-max", "dépasse"),
    ("birth_year: 1990", "birth_year: 1800", "too-small", "au moins"),
    # a bound that excludes its limit says so: "`sessions` must be at least 0" of a 0 (hostile 13, 5)
    ("    fees: free\n", "    fees:\n      - {amount: 5, sessions: 0}\n", "too-small-strict",
     "« sessions » doit valoir plus de 0"),
    ("modes: [workshops]", "modes: []", "too-few", "au moins un élément"),
    ("ei: {status: never}", "ei: {status: past}", "ei-past-needs-ended", "exige"),
    ("    fees: free\n", "    fees: free\n    financing:\n      - {kind: loan, up_to: 10, amount: 5}\n", "financing-amount", "plafond"),
])
def test_model_rules_speak_both_languages(data, cedta, old, new, code, fr):
    from tests.conftest import PROVIDER
    rel = "providers/acme-centre.yaml" if old in PROVIDER else "clients/c-0001.yaml"
    data.write(rel, (PROVIDER if old in PROVIDER else CLIENT).replace(old, new, 1))
    r = cedta(data, "validate")
    assert f"error {code}:" in r.stdout, r.stdout
    assert code != "too-small-strict" or "`sessions` must be more than 0" in r.stdout
    assert fr in cedta(data, "validate", lang="fr").stdout


@pytest.mark.parametrize("where", ["empty", "clients"])
def test_a_folder_that_is_not_a_data_directory_exits_two(data, cedta, tmp_path, where):
    target = tmp_path / "empty" if where == "empty" else data.root / "clients"
    target.mkdir(exist_ok=True)
    r = cedta(target, "validate")
    assert r.exit_code == 2
    assert "is not a cedta data directory" in r.stderr


def test_unknown_term_without_a_close_match_says_how_to_extend(data, cedta):
    data.write("providers/acme-centre.yaml", PROVIDER.replace("topic: marketing", "topic: beekeeping"))
    r = cedta(data, "validate")
    assert ("unknown term `beekeeping` in topics (see `cedta vocab topics`; a network adds its own terms "
            "in data/vocab.yaml)") in r.stdout
    assert "consultez « cedta vocab topics »" in cedta(data, "validate", lang="fr").stdout


@pytest.mark.parametrize("old,new,en,fr", [
    ("birth_year: 1990", "birth_year: nineteen", "`birth_year` should be a whole number, not text",
     "« birth_year » devrait être un nombre entier, pas du texte"),
    ("{date: 2026-02-10, org", "{date: 05/11/2026, org", "`date` should be a date (YYYY-MM-DD), not text",
     "« date » devrait être une date (AAAA-MM-JJ), pas du texte"),
    ("minutes: 120}", "minutes: 90.5}", "`minutes` should be a whole number", "« minutes » devrait être un nombre entier"),
    ("minutes: 120}", "minutes: 120, note: 'tel. 6135550199'}", "holds a phone number", "contenir un numéro de téléphone"),
])
def test_type_messages_in_plain_words_in_both_languages(data, cedta, old, new, en, fr):
    data.write("clients/c-0001.yaml", CLIENT.replace(old, new))
    assert en in cedta(data, "validate").stdout
    assert fr in cedta(data, "validate", lang="fr").stdout


@pytest.mark.parametrize("value,ok", [("FR", True), ("fr_CA.UTF-8", True), ("en-CA", True), ("de", False), ("french", False)])
def test_lang_accepts_locale_spellings(data, value, ok):
    from typer.testing import CliRunner
    from cedta.cli import app
    r = CliRunner().invoke(app, ["--data", str(data.root), "--lang", value, "validate"])
    assert r.exit_code == (0 if ok else 2)
    if ok and value.lower().startswith("fr"):
        assert "fichiers vérifiés" in r.stdout


def test_a_term_listed_twice_is_a_warning(data, cedta):
    data.write("clients/c-0001.yaml", CLIENT.replace("speaks: [fr, en]", "speaks: [fr, en, fr]"))
    r = cedta(data, "validate")
    assert "data/clients/c-0001.yaml:8:32: warning duplicate-term: `fr` is listed twice" in r.stdout


def test_a_fifo_or_folder_named_yaml_is_reported_without_blocking(data, cedta):
    os.mkfifo(data.root / "providers" / "pipe.yaml")
    (data.root / "providers" / "folder.yaml").mkdir()
    r = validate_json(cedta, data)
    assert codes(r).count("not-a-file") == 2 and r.exit_code == 1


def test_validating_one_client_reads_no_other_client(data, cedta, monkeypatch):
    from cedta.io.store import DataRoot
    data.write("clients/c-0002.yaml", CLIENT.replace("id: c-0001", "id: c-0002"))
    read = []
    original = DataRoot.read
    monkeypatch.setattr(DataRoot, "read", lambda self, rf: read.append(rf.stem) or original(self, rf))
    r = cedta(data, "validate", str(data.root / "clients" / "c-0001.yaml"))
    assert r.exit_code == 0, r.stdout
    assert "c-0001" in read and "c-0002" not in read


def test_files_are_named_so_that_the_working_directory_opens_them(data, tmp_path, monkeypatch):
    """Hostile pass 4, K16: an absolute --data named files `data/clients/...`, which from the working
    directory is another network's file; `..` in --data was kept before the folder's name."""
    from typer.testing import CliRunner

    from cedta.cli import app

    text = data.read("clients/c-0001.yaml")
    data.write("clients/c-0001.yaml", text + "bogus: 1\n")
    elsewhere = tmp_path / "elsewhere" / "w"
    elsewhere.mkdir(parents=True)
    monkeypatch.chdir(elsewhere)

    def first_line(given: str) -> str:
        r = CliRunner().invoke(app, ["--today", "2026-11-26", "--data", given, "validate"])
        assert r.exit_code == 1, r.output
        return r.stdout.splitlines()[0].split(":", 1)[0]

    absolute = first_line(str(data.root))
    assert absolute == str(data.root / "clients" / "c-0001.yaml") and os.path.isfile(absolute)
    for given in ("../../data", "../../data/clients/.."):
        shown = first_line(given)
        assert shown == "../../data/clients/c-0001.yaml" and os.path.isfile(shown)
    monkeypatch.chdir(tmp_path)  # the data below the working directory: named from it
    assert first_line(str(data.root)) == "data/clients/c-0001.yaml"


def test_a_folder_or_file_named_through_a_link_to_the_data_is_checked(data, cedta, tmp_path):
    """Fuzz pass 2 (session 6), J: `validate lk/clients` (lk -> data) checked 0 files and exited 0
    while the files had errors."""
    link = tmp_path / "lk"
    link.symlink_to(data.root)
    data.write("clients/c-0001.yaml", data.read("clients/c-0001.yaml") + "bogus: 1\n")
    for given in (link / "clients", link, link / "clients" / "c-0001.yaml"):
        r = cedta(data, "validate", str(given))
        assert r.exit_code == 1 and "unknown-key" in r.stdout and not r.stdout.rstrip().endswith(
            "0 file(s) checked: 0 error(s), 0 warning(s)"), (given, r.stdout)
    r = cedta(link, "validate", str(data.root / "clients"))
    assert r.exit_code == 1 and "unknown-key" in r.stdout
    assert cedta(data, "validate", str(tmp_path)).exit_code == 2  # outside: refused, as before


def test_a_value_of_the_wrong_shape_gets_the_advice_of_its_own_field(data, cedta):
    """Hostile pass 9, C: `currency: usd`, `website: example.org` and a gap id in capitals were all
    told "use lowercase letters, digits and hyphens"."""
    acme = data.read("providers/acme-centre.yaml")
    data.write("providers/acme-centre.yaml", acme.replace(
        "      - {amount: 25, unit: session, minutes: 30}", "      - {amount: 25, unit: session, minutes: 30, currency: usd}")
        .replace("kind: non-profit\n", "kind: non-profit\nwebsite: example.org\n", 1))
    out = cedta(data, "validate").stdout
    assert "error bad-currency: `usd` is not a currency code" in out and "CAD or USD" in out
    assert "error bad-website: `example.org` is not a web address" in out
    assert "lowercase letters" not in out


@pytest.mark.parametrize("text,where,said", [
    ("id: x-prov\nname: {en: X, fr: X}\nkind:non-profit\nlanguages: [en]\nservices: []\n", "3:1",
     "`kind:non-profit` needs a space after the colon: `kind: non-profit`"),
    ("id: x-prov\nname: {en: X, fr: X}\nkind: non-profit\nlanguages: [en]\nservices:\n  - id: a\n    topic: marketing\n"
     "     modes: [workshops]\n", "8:6", "`modes:` is indented 5 spaces, the key above it 4"),
    ("id: x-prov\nname: {en: X, fr: X}\nkind: non-profit\nlanguages: [en]\nservices:\n  - id: a\n"
     "\u00a0\u00a0\u00a0\u00a0topic: marketing\n", "7:1", "indented with no-break spaces"),
    ("id: x-prov\nname: {en: X, fr: X}\nkind: non-profit\nlanguages: [en]\nservices:\n"
     "  - {id: a, topic:marketing, modes: [workshops], languages: [en]}\n", "6:13",
     "`topic:marketing` needs a space after the colon"),  # (hostile pass 9b, #23: in a flow mapping)
])
def test_the_commonest_yaml_slips_are_said_on_their_line(data, cedta, text, where, said):
    """Newcomer pass 9, S9-7: libyaml's "could not find expected ':'" named the line after the slip,
    and "quote the value" answered an extra space of indentation."""
    data.write("providers/x-prov.yaml", text)
    out = cedta(data, "validate").stdout
    assert f"data/providers/x-prov.yaml:{where}: error" in out and said in out, out


def test_a_copy_of_a_record_folder_is_not_told_to_move_into_it(data, cedta):
    """Review 9, F12: `clients-2026-10-backup/` was told "move it to data/clients/", which would
    overwrite today's files."""
    data.write("clients-2026-10-backup/c-0001.yaml", data.read("clients/c-0001.yaml"))
    out = cedta(data, "validate").stdout
    assert "warning records-folder-out: folder `clients-2026-10-backup` holds YAML files" in out
    assert "move it to data/clients/" not in out


def test_a_copy_of_network_or_vocab_or_an_unknown_yaml_gets_the_right_advice(data, cedta):
    """Hostile pass 9b, #5: `network.yml` was told "move it to data/clients, providers or hubs/",
    not a path, and `Network.YAML` was not flagged at all."""
    data.write("network.yml", data.read("network.yaml"))
    data.write("Vocab.YAML", "topics: {}\n")
    data.write("notes.yaml", "something: else\n")
    out = cedta(data, "validate").stdout
    assert "`network.yml` is not read by cedta: the file it seems to be is data/network.yaml" in out
    assert "`Vocab.YAML` is not read by cedta: the file it seems to be is data/vocab.yaml" in out
    assert "`notes.yaml` is not read by cedta: records are read only from data/clients/" in out
    assert "clients, providers or hubs/" not in out


def test_a_folder_cedta_does_not_read_is_refused_and_records_under_a_record_folder_are_counted(data, cedta):
    """Hostile pass 9b, #14: `validate data/client` (a record one folder off) and `validate
    data/clients/old` said "0 file(s) checked: 0 error(s)" and exited 0; a client moved into
    clients/old/ was said only as a generic stray folder though it vanished from every command."""
    (data.root / "client").mkdir()
    (data.root / "client" / "c-0009.yaml").write_text(data.read("clients/c-0001.yaml"))
    (data.root / "clients" / "old").mkdir()
    os.replace(data.root / "clients" / "c-0001.yaml", data.root / "clients" / "old" / "c-0001.yaml")
    for folder in ("client", "clients/old"):
        r = cedta(data, "validate", str(data.root / folder))
        assert r.exit_code == 2 and "is not a folder cedta reads records from" in r.output, r.output
        assert "file(s) checked" not in r.output
    r = cedta(data, "--lang", "fr", "validate", str(data.root / "clients" / "old"))
    assert r.exit_code == 2 and "n’est pas un dossier où cedta lit des enregistrements" in r.output
    everything = cedta(data, "validate").output
    assert ("warning stray-folder-records: folder `old` holds 1 .yaml file(s) that cedta does not read: "
            "records there are missing from every command") in everything, everything
    # the data folder itself, named, is the whole check (its warnings too), and an empty record
    # folder is a folder cedta reads: nothing to check there is no usage error
    assert cedta(data, "validate", str(data.root)).output == everything
    r = cedta(data, "validate", str(data.root / "clients"))  # (what it holds that is not read is said too)
    assert r.exit_code == 0 and r.output.strip().endswith("0 file(s) checked: 0 error(s), 1 warning(s)"), r.output
    assert "warning stray-folder-records" in r.output


def test_a_shape_error_does_not_hide_the_misspelt_terms_of_its_file(data, cedta, tmp_path):
    """Newcomer pass 9, S9-11: one wrong date hid every misspelt term of the same file (a record
    or intake answers): the newcomer fixed it, ran again, and met ten new errors."""
    text = data.read("clients/c-0001.yaml")
    assert "intake: {date: 2026-" in text and "topic: business-plan" in text
    data.write("clients/c-0001.yaml", text.replace("intake: {date: 2026-", "intake: {date: 12/11/2026, was: 2026-")
               .replace("topic: business-plan", "topic: buisness-plan"))
    out = cedta(data, "validate").stdout
    assert "unknown term `buisness-plan` in topics (did you mean `business-plan`?)" in out, out
    assert "`date` should be a date" in out or "wrong-type" in out, out
    answers = tmp_path / "a.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nprofile:\n  birth_year: 85\n"
                       "  languages: {speaks: [francais]}\nneeds: [{topic: marketting, level: debutant}]\n")
    r = cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre", lang="fr")
    said = r.output
    assert r.exit_code == 1 and "« birth_year » doit valoir au moins 1900" in said, said
    # (`francais` and `debutant` are labels without their accents: read as fr and beginner, as the
    # interactive intake reads them, coordinator 13, C13-20; a misspelling is still named)
    assert "terme inconnu « marketting »" in said and "francais" not in said and "debutant" not in said, said
    assert "2 problèmes dans les réponses" in said, said


def test_validate_of_a_record_folder_says_what_it_holds_that_is_not_read(data, cedta):
    """Hostile pass 10b, 6: `validate data/clients --strict` (a pre-commit hook) passed while
    clients/old/ held records no command reads; the whole-folder run warned."""
    (data.root / "clients" / "old").mkdir()
    (data.root / "clients" / "old" / "c-0009.yaml").write_text(data.read("clients/c-0001.yaml"))
    r = cedta(data, "validate", str(data.root / "clients"), "--strict")
    assert r.exit_code == 1 and "warning stray-folder-records" in r.output, r.output


def test_a_comma_inside_braces_is_said_to_cut_the_text(data, cedta):
    """Newcomer 11, NC11-1: `{en: Micro-loans up to $15,000, fr: …}` got "key `000` is not read as
    text; quote it: '000'", and quoting it gave "unknown key"."""
    provider = data.read("providers/acme-centre.yaml")
    data.write("providers/acme-centre.yaml", provider.replace(
        "name: {en: Acme Enterprise Centre, fr: Centre d'entreprise Acme}",
        "name: {en: Loans up to $15,000, fr: Prêts}"))
    r = cedta(data, "validate")
    assert r.exit_code == 1
    assert "error flow-comma: a comma inside { } ends a value: `Loans up to $15,000` was cut in two; put the " \
           "whole text in quotes: \"Loans up to $15,000\"" in r.output, r.output
    data.write("providers/acme-centre.yaml", provider.replace(
        "name: {en: Acme Enterprise Centre, fr: Centre d'entreprise Acme}",
        "name: {en: Smith, Jones and Co, fr: Smith et Jones}"))
    r = cedta(data, "validate", lang="fr")
    assert "clé inconnue « Jones and Co » (si c’est la suite d’un texte coupé à une virgule entre { }, mettez tout " \
           "le texte entre guillemets)" in r.output, r.output


@pytest.mark.parametrize("old,new", [
    ("    intake: registration\n", "    intake: registration\n    capacity: {count: 100000000000000000000000000000}\n"),
    ("      - {amount: 25, unit: session, minutes: 30}", "      - {amount: 25, unit: session, minutes: 30, sessions: 100000000000000000000000000000}"),
    ("    intake: registration\n", "    intake: registration\n    financing: [{kind: grant, amount: 1e308}]\n"),
])
def test_a_provider_number_past_plausible_is_an_error_not_an_export_traceback(data, cedta, tmp_path, old, new):
    """Hostile pass 11, 8: a capacity or a number of sessions of 10^29 passed validate and ended
    `export sqlite` in an OverflowError traceback; a grant of 1e308 was printed as 309 digits."""
    provider = data.read("providers/acme-centre.yaml")
    assert old in provider
    data.write("providers/acme-centre.yaml", provider.replace(old, new, 1))
    r = cedta(data, "validate")
    assert r.exit_code == 1 and "error too-large:" in r.output, r.output
    r = cedta(data, "export", "sqlite", str(tmp_path / "x.db"))
    assert r.exit_code == 1 and "Traceback" not in r.output, r.output


def test_a_data_option_one_folder_off_names_the_data_directory(data, cedta, tmp_path, monkeypatch):
    """Newcomer 11, NC11-3: `--data sudbury-ta` (the repository), `--data sudbury-ta/data/clients`, and
    `cedta validate` run inside data/ were told to start a network with `cedta init`."""
    repo = data.root.parent
    r = cedta(repo, "validate")
    assert r.exit_code == 2 and "is not a cedta data directory; the one you mean is --data" in r.output, r.output
    assert r.output.rstrip().endswith(str(data.root)) or "/data" in r.output
    r = cedta(data.root / "clients", "validate", lang="fr")
    assert r.exit_code == 2 and "celui que vous visez est --data" in r.output, r.output
    monkeypatch.chdir(data.root)
    from typer.testing import CliRunner

    from cedta.cli import app

    r = CliRunner().invoke(app, ["validate"])
    assert r.exit_code == 2 and "(the data directory is here: --data .)" in r.output, r.output


def test_an_ei_claim_ended_before_working_age_is_warned(data, cedta):
    """Hostile pass 11, 4: an EI end date of 1800-01-01 for a client born in 1990 passed."""
    text = data.read("clients/c-0001.yaml")
    data.write("clients/c-0001.yaml", text.replace("ei: {status: never}", "ei: {status: past, ended: 1800-01-01}"))
    r = cedta(data, "validate")
    assert "warning ei-before-working-age: Employment Insurance ended on 1800-01-01, for a client born in 1990" \
        in r.output, r.output
