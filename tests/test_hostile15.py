"""Hostile pass 15: what a hostile tester found in the fifteenth session."""

from __future__ import annotations

import time

import pytest


@pytest.fixture
def shipped_copy(tmp_path):
    """The shipped data, clients included."""
    import shutil
    from pathlib import Path

    root = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", root, ignore=shutil.ignore_patterns(".*"))
    return root


def committed(data) -> None:
    """The data folder committed to a throw-away git repository (its parent), for `diff`."""
    import subprocess

    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
    for args in (["init", "-q"], ["add", "data"], ["commit", "-qm", "base"]):
        subprocess.run(git + args, cwd=data.parent, check=True)


def _with_store(root, cedta, tmp_path):
    answers = tmp_path / "a1.yaml"
    answers.write_text('kind: individual\nhub: immigrants\nconsent: true\nidentity: {name: Zora Quill, phone: '
                       '"613-555-0177"}\nneeds:\n  - {topic: marketing}\n', encoding="utf-8")
    r = cedta(root, "intake", "--answers", str(answers), "--by", "ociso", "--id", "c-2026-zq001")
    assert r.exit_code == 0, r.output
    return root / ".private" / "identities.yaml"


def test_aliases_in_the_identity_store_are_refused_not_expanded(shipped_copy, cedta, tmp_path):
    """H15-1: 694 bytes of nested aliases in one identity entry cost every command 43 s and 455 MB
    (the fields read as text expanded them to ten million words)."""
    store = _with_store(shipped_copy, cedta, tmp_path)
    lines = ["c-2026-0004:", "  name: Amira Haddad", "  x0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"  x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 8)]
    with store.open("a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    started = time.perf_counter()
    r = cedta(shipped_copy, "validate")
    assert time.perf_counter() - started < 10
    assert r.exit_code == 1 and "identities.yaml:8:" in r.output and "anchor and an alias" in r.output, r.output
    r = cedta(shipped_copy, "log", "c-2026-0002", "--org", "ociso", "--minutes", "5", "--note", "ok")
    assert r.exit_code == 2 and "identity store" in r.output, r.output
    assert time.perf_counter() - started < 20


def test_a_field_written_as_a_list_is_named(shipped_copy, cedta, tmp_path):
    """H15-1 (its warning): `has its `…` written as a list` did not name the field `x3`."""
    store = _with_store(shipped_copy, cedta, tmp_path)
    with store.open("a", encoding="utf-8") as f:
        f.write("c-2026-0004:\n  name: Amira Haddad\n  x3: [a, b]\n")
    r = cedta(shipped_copy, "validate")
    assert "has its `x3` written as a list or a mapping" in r.output, r.output


@pytest.mark.parametrize("field", ["Name", "full name", "nom complet", "NAME", "full_name", "Nom complet"])
def test_a_name_under_a_field_written_by_hand_is_guarded(shipped_copy, cedta, field):
    """H15-2: a name written under `Name:`, `full name:`, `nom complet:` was not guarded: the note
    with the client's name was written to the tracked file and `validate` said nothing."""
    (shipped_copy / ".private").mkdir()
    (shipped_copy / ".private" / "identities.yaml").write_text(f'c-2026-0004:\n  "{field}": Zora Quill\n',
                                                                encoding="utf-8")
    before = (shipped_copy / "clients" / "c-2026-0004.yaml").read_text(encoding="utf-8")
    r = cedta(shipped_copy, "log", "c-2026-0004", "--org", "ociso", "--minutes", "5", "--note", "Zora Quill came")
    assert r.exit_code != 0, r.output
    assert (shipped_copy / "clients" / "c-2026-0004.yaml").read_text(encoding="utf-8") == before


def test_split_names_merge_keys_and_unread_fields(shipped_copy, cedta):
    """H15-2: `Prénom:`/`Nom:` capitalised, a merge key `<<: {name: …}`, `adresse:`; and a field
    cedta reads as none of its own is said (its value is guarded nowhere)."""
    (shipped_copy / ".private").mkdir()
    store = shipped_copy / ".private" / "identities.yaml"
    store.write_text("c-2026-0004:\n  Prénom: Zora\n  Nom: Quill\nc-2026-0003:\n  <<: {name: Amira Haddad}\n"
                     "c-2026-0002:\n  name: Olu Bello\n  adresse: 1234 Rideau Street\n  telefon: 613 555 0188\n",
                     encoding="utf-8")
    for cid, note in (("c-2026-0004", "Zora Quill came"), ("c-2026-0003", "Amira Haddad called"),
                      ("c-2026-0002", "Visited at 1234 Rideau Street")):
        r = cedta(shipped_copy, "log", cid, "--org", "ociso", "--minutes", "5", "--note", note)
        assert r.exit_code != 0, (cid, r.output)
    r = cedta(shipped_copy, "validate")
    assert "has a field `telefon` that cedta does not read" in r.output, r.output


def test_one_client_twice_in_the_store_whatever_the_case(shipped_copy, cedta):
    """H15-3: `c-2026-0004:` and `C-2026-0004:` in one store: `forget` removed one and left the
    other with the name; `validate` said nothing of the pair."""
    (shipped_copy / ".private").mkdir()
    store = shipped_copy / ".private" / "identities.yaml"
    store.write_text("c-2026-0004:\n  phone: 613-555-0100\nC-2026-0004:\n  name: Quentin Zebulon\n", encoding="utf-8")
    r = cedta(shipped_copy, "validate")
    assert r.exit_code == 1 and "identities.yaml:3:1: error identity-store-unreadable" in r.output, r.output
    r = cedta(shipped_copy, "forget", "c-2026-0004", "--yes")
    assert r.exit_code != 0 and "Quentin" in store.read_text(encoding="utf-8"), r.output
    # a key with blanks around it is that client's: forget removes it
    store.write_text('"c-2026-0004 ":\n  name: Quentin Zebulon\nc-2026-0003:\n  name: Amira Haddad\n', encoding="utf-8")
    r = cedta(shipped_copy, "forget", "c-2026-0004", "--yes")
    assert r.exit_code == 0, r.output
    assert "Quentin" not in store.read_text(encoding="utf-8") and "Amira" in store.read_text(encoding="utf-8")


def test_forget_takes_out_text_under_keys_the_record_does_not_know(shipped_copy, cedta):
    """H15-8: `note:` in `intake:` or a hand-added `languages_note:` stayed in the tracked file
    after `forget`, which said "already forgotten" of a client it had just forgotten."""
    f = shipped_copy / "clients" / "c-2026-0001.yaml"
    text = f.read_text(encoding="utf-8")
    text = text.replace("intake: {date: 2026-01-20, by: ottawa-ced-network}",
                        "intake: {date: 2026-01-20, by: ottawa-ced-network, note: SECRET6 intake}")
    text = text.replace("\nprofile:\n", "\nprofile:\n  languages_note: SECRET7\n")
    f.write_text(text, encoding="utf-8")
    assert text.count("SECRET") == 2
    r = cedta(shipped_copy, "forget", "c-2026-0001", "--yes", "--today", "2026-11-27")
    assert r.exit_code == 0, r.output
    assert "consent withdrawn on 2026-11-27" in r.stdout and "already" not in r.stdout, r.output
    assert "intake.note, profile.languages_note" in r.stderr
    assert "SECRET" not in f.read_text(encoding="utf-8")
    assert cedta(shipped_copy, "validate", str(f)).exit_code == 0


def test_need_drop_mends_a_need_line_written_twice(shipped_copy, cedta):
    """H15-5: the same need line twice (a paste, a merge): `need drop` asked for --level and refused
    it when given, while every writer and the report refused the file."""
    f = shipped_copy / "clients" / "c-2026-0001.yaml"
    line = "  - {topic: financing, level: beginner, priority: 3}"
    text = f.read_text(encoding="utf-8")
    assert line in text
    f.write_text(text.replace(line, line + "\n  - {topic: financing, level: beginner, priority: 4, note: second loan}"),
                 encoding="utf-8")
    assert cedta(shipped_copy, "validate", str(f)).exit_code == 1
    r = cedta(shipped_copy, "need", "c-2026-0001", "drop", "--topic", "financing", "--level", "beginner")
    assert r.exit_code == 0 and "the later copy removed" in r.stdout, r.output
    after = f.read_text(encoding="utf-8")
    assert line in after and "second loan" not in after
    assert cedta(shipped_copy, "validate", str(f)).exit_code == 0


def test_a_terms_own_label_wins_over_another_terms_alias(shipped_copy, cedta):
    """H15-6: an alias `Ateliers` given to consulting took workshops' own French label: contacts,
    answers and `find` read "Ateliers" as consulting, while the warning said the alias did nothing."""
    vocab = shipped_copy / "vocab.yaml"
    text = vocab.read_text(encoding="utf-8")
    assert "    aliases: [Consultations, Services de consultation]" in text
    vocab.write_text(text.replace("    aliases: [Consultations, Services de consultation]",
                                  "    aliases: [Consultations, Services de consultation, Ateliers]"), encoding="utf-8")
    r = cedta(shipped_copy, "validate")
    assert "the alias `Ateliers` of `consulting` (modes) is already a wording of `workshops`" in r.output, r.output
    r = cedta(shipped_copy, "log", "c-2026-0002", "--org", "ociso", "--minutes", "5", "--mode", "Ateliers")
    assert r.exit_code == 0, r.output
    modes = [x.strip() for x in (shipped_copy / "clients" / "c-2026-0002.yaml").read_text(encoding="utf-8").splitlines()
             if x.strip().startswith("mode:")]
    assert modes[-1] == "mode: workshops", modes
    from cedta.records.vocab import builtin

    v = builtin()
    v.extend({"modes": {"consulting": {"aliases": ["Ateliers"]}}})
    assert v.lookup("modes", "Ateliers") == "workshops" and v.lookup("modes", "ateliers") == "workshops"


def test_a_new_term_whose_id_was_an_alias_is_read_alike_whatever_the_case(shipped_copy, cedta):
    """H15-7: a network mode `atelier` (a built-in alias of workshops): `--mode atelier` wrote
    atelier, `--mode Atelier` workshops; `validate` said nothing."""
    vocab = shipped_copy / "vocab.yaml"
    vocab.write_text(vocab.read_text(encoding="utf-8").replace(
        "modes:\n", "modes:\n  atelier:\n    en: Drop-in studio\n    fr: Atelier libre\n", 1), encoding="utf-8")
    r = cedta(shipped_copy, "validate")
    assert "warning vocab-wording-taken: `atelier`, a wording of `atelier` (modes), was an alias of `workshops`" in r.output
    from cedta.records.vocab import builtin

    v = builtin()
    v.extend({"modes": {"atelier": {"en": "Drop-in studio", "fr": "Atelier libre"}}})
    assert {v.lookup("modes", w) for w in ("atelier", "Atelier", "ATELIER")} == {"atelier"}


def test_a_language_id_that_is_no_iso_code_is_said_so(shipped_copy, cedta):
    """Newcomer 15, N15-4: `michif` as a language id was refused with "lowercase letters, digits and
    hyphens", a rule it meets; the rule is an ISO 639 code."""
    vocab = shipped_copy / "vocab.yaml"
    text = vocab.read_text(encoding="utf-8")
    at = text.index("\nlanguages:\n") + len("\nlanguages:\n")
    vocab.write_text(text[:at] + "  michif: {en: Michif, fr: mitchif}\n" + text[at:], encoding="utf-8")
    r = cedta(shipped_copy, "validate", lang="fr")
    assert "error bad-language-id: « michif » n’est pas un identifiant de langue : une langue se nomme par son " \
           "code ISO 639, 2 ou 3 lettres minuscules" in r.output, r.output


def test_a_hub_around_a_sector_is_named_by_the_sectors_label(shipped_copy, cedta):
    """Newcomer 15, N15-6: a hub with `field: mining` read « Couverture : mining » in gaps and the report."""
    (shipped_copy / "vocab.yaml").write_text((shipped_copy / "vocab.yaml").read_text(encoding="utf-8")
                                             + "\nsectors:\n  mining: {en: Mining, fr: Secteur minier}\n", encoding="utf-8")
    (shipped_copy / "hubs" / "mines.yaml").write_text("id: mines\nname: {en: Mining hub, fr: Centre minier}\n"
                                                      "field: mining\ndirector: ociso\nmembers: [ociso]\n", encoding="utf-8")
    r = cedta(shipped_copy, "gaps", "--hub", "mines", lang="fr")
    assert r.exit_code == 0 and "Couverture : Secteur minier" in r.stdout and "mining :" not in r.stdout, r.output
    r = cedta(shipped_copy, "report", "--hub", "mines", "--quarter", "2026Q2")
    assert r.exit_code == 0 and "Mining:" in r.stdout and "usable by: mining" not in r.stdout, r.output


@pytest.mark.parametrize("where", ["providers/ids.txt", "hubs/ids.yml", "providers/.ids.yaml", "hubs/extra/ids.yml"])
def test_a_copy_of_the_identity_store_beside_the_directory_is_found(shipped_copy, cedta, where):
    """H15-10: a copy of the identity store in data/providers/ or data/hubs/ under another name
    passed `validate` (exit 0): the loose files were searched in data/ and data/clients/ only."""
    (shipped_copy / ".private").mkdir()
    store = "c-2026-0004:\n  name: Zora Quill\n  phone: 613-555-0177\n"
    (shipped_copy / ".private" / "identities.yaml").write_text(store, encoding="utf-8")
    target = shipped_copy / where
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(store, encoding="utf-8")
    r = cedta(shipped_copy, "validate")
    assert r.exit_code == 1 and f"{where}:3:1: error identity-in-directory" in r.output, r.output
    assert "613-555-0177" not in r.output
    # without the store (a CI run): the phone is still said, as a warning
    (shipped_copy / ".private" / "identities.yaml").unlink()
    r = cedta(shipped_copy, "validate")
    assert f"{where}:3:1: warning identifier-in-directory-stray" in r.output, r.output


def test_exports_and_the_report_refuse_a_clients_phone_in_the_directory(shipped_copy, cedta, tmp_path):
    """H15-11: `export hsds` and `export sqlite` published a client's name and phone that validate
    had just flagged in a provider's notes (identity-in-directory), exit 0."""
    (shipped_copy / ".private").mkdir()
    (shipped_copy / ".private" / "identities.yaml").write_text(
        "c-2026-0004:\n  name: Zora Quill\n  phone: 613-555-0177\n", encoding="utf-8")
    cco = shipped_copy / "providers" / "cco.yaml"
    text = cco.read_text(encoding="utf-8")
    assert "    Provincial body promoting co-operatives;" in text
    cco.write_text(text.replace("    Provincial body promoting co-operatives;",
                                "    Zora Quill, 613-555-0177, was referred here. Provincial body promoting co-operatives;", 1),
                   encoding="utf-8")
    for args, out in ((["export", "hsds", "--out", str(tmp_path / "hx")], tmp_path / "hx"),
                      (["export", "sqlite", "--out", str(tmp_path / "hx.db")], tmp_path / "hx.db"),
                      (["export", "csv", "--out", str(tmp_path / "hx.csv")], tmp_path / "hx.csv"),
                      (["report", "--quarter", "2026Q2", "--out", str(tmp_path / "r.md")], tmp_path / "r.md")):
        r = cedta(shipped_copy, *args)
        assert r.exit_code == 1 and "cco.yaml:14:7: error identity-in-directory" in r.output, (args, r.output)
        assert not out.exists() and "613-555-0177" not in r.output


def test_diff_says_a_clients_phone_in_a_hub_as_a_risk_and_names_the_hub_by_its_id(shipped_copy, cedta):
    """H15-12: `diff` (the pull request's comment) printed "Immigrants hub (Zora Quill 613-555-0177)"
    and counted 0 risks, where `validate` says an error."""
    committed(shipped_copy)
    (shipped_copy / ".private").mkdir()
    (shipped_copy / ".private" / ".gitignore").write_text("*\n", encoding="utf-8")
    (shipped_copy / ".private" / "identities.yaml").write_text(
        "c-2026-0004:\n  name: Zora Quill\n  phone: 613-555-0177\n", encoding="utf-8")
    hub = shipped_copy / "hubs" / "immigrants.yaml"
    text = hub.read_text(encoding="utf-8")
    assert "name: {en: Immigrants and ethnic minorities hub" in text
    hub.write_text(text.replace("name: {en: Immigrants and ethnic minorities hub",
                                "name: {en: Immigrants hub (Zora Quill 613-555-0177)"), encoding="utf-8")
    r = cedta(shipped_copy, "diff", "HEAD", "--format", "markdown")
    assert r.exit_code == 1, r.output
    assert "data/hubs/immigrants.yaml:2 writes a client's phone number" in r.stdout or \
        "hubs/immigrants.yaml:2 writes a client's phone number" in r.stdout, r.stdout
    assert "613-555-0177" not in r.stdout and "Zora" not in r.stdout, r.stdout
    assert "**immigrants**" in r.stdout


def test_two_hubs_with_one_name_are_warned_of(shipped_copy, cedta):
    """H15-13: two hubs named « Centre francophone » passed validate; the report had two columns
    headed alike and an answers file's `hub: Centre francophone` stopped working."""
    text = (shipped_copy / "hubs" / "francophones.yaml").read_text(encoding="utf-8")
    (shipped_copy / "hubs" / "franco-east.yaml").write_text(text.replace("id: francophones", "id: franco-east"),
                                                             encoding="utf-8")
    r = cedta(shipped_copy, "validate", lang="fr")
    assert "warning same-name: « Francophone hub » est aussi le nom de « franco-east »" in r.output, r.output


def test_an_import_reads_a_bounded_number_of_rows(shipped_copy, cedta, tmp_path, monkeypatch):
    """H15-9: 300,000 one-cell rows (a 1.5 MB workbook, a 930 KB CSV) cost an import 15 s and 540 MB:
    nothing bounded the rows read."""
    from cedta.interop import sheets

    monkeypatch.setattr(sheets, "MAX_ROWS", 50)
    out = tmp_path / "big.csv"
    assert cedta(shipped_copy, "export", "csv", "--out", str(out)).exit_code == 0
    with out.open("a", encoding="utf-8") as f:
        f.write("x\n" * 200)
    r = cedta(shipped_copy, "import", "providers", str(out), "--dry-run")
    assert r.exit_code == 1 and "over 50 rows (at row" in r.output, r.output


def test_a_clients_name_and_phone_in_the_vocabulary_are_found(shipped_copy, cedta, tmp_path):
    """H15-22: an alias `Zora Quill 613-555-0177` in vocab.yaml (and a comment) passed validate, went
    into the HSDS export, and `forget` did not name the file."""
    _with_store(shipped_copy, cedta, tmp_path)
    vocab = shipped_copy / "vocab.yaml"
    text = vocab.read_text(encoding="utf-8")
    vocab.write_text(text + "\n# Zora Quill 613-555-0177 asked for this\n", encoding="utf-8")
    r = cedta(shipped_copy, "validate")
    assert r.exit_code == 1 and "vocab.yaml:" in r.output and "error identity-in-directory" in r.output, r.output
    r = cedta(shipped_copy, "export", "hsds", "--out", str(tmp_path / "hx"))
    assert r.exit_code == 1 and not (tmp_path / "hx").exists(), r.output
    r = cedta(shipped_copy, "forget", "c-2026-zq001", "--yes")
    assert r.exit_code == 1 and "vocab.yaml" in r.output, r.output


def test_a_programs_end_past_the_last_date_there_is_is_no_traceback(shipped_copy, cedta):
    """H15-19: a 520-week program with today near the year 9999: OverflowError, after the step was
    written, in `plan add --target` and `match --plan --target`."""
    f = shipped_copy / "providers" / "ymca-ywca-enterprise-centre.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("schedule: {duration_weeks: 52}",
                                                       "schedule: {duration_weeks: 520}"), encoding="utf-8")
    r = cedta(shipped_copy, "plan", "c-2026-0001", "add", "--topic", "self-employment", "--service",
              "ymca-ywca-enterprise-centre/self-employment-benefit-program", "--target", "+30", "--today", "9998-06-01")
    assert r.exit_code == 0 and "Traceback" not in r.output and r.exception is None, r.output
    r = cedta(shipped_copy, "match", "c-2026-0004", "--plan", "--yes", "--target", "+30", "--today", "9998-06-01")
    assert r.exit_code in (0, 1) and (r.exception is None or isinstance(r.exception, SystemExit)), r.output
    assert "Traceback" not in r.output and "OverflowError" not in repr(r.exception)


@pytest.mark.parametrize("kind", ["hsds", "csv", "xlsx"])
def test_every_export_refuses_what_validate_rejects(shipped_copy, cedta, tmp_path, kind):
    """H15-17: a provider's topic typo `busines-plan` became an HSDS taxonomy term and a CSV value,
    exit 0; `export sqlite` refused the same folder."""
    f = shipped_copy / "providers" / "cco.yaml"
    text = f.read_text(encoding="utf-8")
    assert "topic: business-plan" in text
    f.write_text(text.replace("topic: business-plan", "topic: busines-plan", 1), encoding="utf-8")
    out = tmp_path / ("hx" if kind == "hsds" else f"x.{kind}")
    r = cedta(shipped_copy, "export", kind, "--out", str(out))
    assert r.exit_code == 1 and "unknown term `busines-plan`" in r.output and not out.exists(), r.output


def test_import_hsds_does_not_follow_a_table_linked_out_of_the_package(shipped_copy, cedta, tmp_path):
    """H15-20: a table of the package that is a link to a file elsewhere was read (a `../` path in
    datapackage.json was refused)."""
    import os

    pkg = tmp_path / "pkg"
    assert cedta(shipped_copy, "export", "hsds", "--out", str(pkg)).exit_code == 0
    elsewhere = tmp_path / "elsewhere.csv"
    os.replace(pkg / "organizations.csv", elsewhere)
    os.symlink(elsewhere, pkg / "organizations.csv")
    r = cedta(tmp_path / "new", "init", str(tmp_path / "new"), "--no-git")
    r = cedta(tmp_path / "new" / "data", "import", "hsds", str(pkg), "--dry-run")
    assert r.exit_code != 0 and "leaves the package's folder" in r.output, r.output


def test_diff_says_a_clients_history_removed_as_a_risk(shipped_copy, cedta):
    """H15-24: deleting a client file (a $12,000 loan, a business started) and cutting an outcome
    from another read "2 records changed, 0 risks": past quarters' reports change."""
    committed(shipped_copy)
    (shipped_copy / "clients" / "c-2026-0004.yaml").unlink()
    f = shipped_copy / "clients" / "c-2026-0003.yaml"
    lines = f.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, x in enumerate(lines) if x.startswith("outcomes:"))
    del lines[at + 1]  # its first outcome
    f.write_text("".join(lines), encoding="utf-8")
    r = cedta(shipped_copy, "diff", "HEAD")
    text = " ".join(r.stdout.split())
    assert "client c-2026-0004: the file is removed, and with it" in text, text
    assert "client c-2026-0003: a contact, outcome or evaluation removed" in text, text


@pytest.mark.parametrize("value", ["Démarrage : accompagnement", "Démarrage: accompagnement"])
def test_a_french_colon_inside_braces_is_said_as_such(shipped_copy, cedta, value):
    """Newcomer 15, N15-15: `name: {en: "Start-up coaching", fr: Démarrage : accompagnement}` was
    "indented 4 spaces, the key above 2" (the line was aligned), and in vocab.yaml "unclosed brace?"."""
    f = shipped_copy / "providers" / "cco.yaml"
    lines = f.read_text(encoding="utf-8").split("\n")
    at = next(i for i, x in enumerate(lines) if x.startswith("    name:"))
    lines[at] = f'    name: {{en: "Start-up coaching", fr: {value}}}'
    f.write_text("\n".join(lines), encoding="utf-8")
    r = cedta(shipped_copy, "validate", str(f), lang="fr")
    assert f"error yaml-colon-in-flow: entre {{ }}, « {value} » contient un deux-points" in r.output, r.output
    assert f'fr: "{value}"' in r.output


def test_a_vocabulary_error_names_the_value_at_fault(shipped_copy, cedta):
    """Newcomer 15, N15-5: `part_of: [autochtones]`, `speaks: [en, michif]` were said without the
    value at fault or the term meant, one error a run; `speaks` on a region had the same message."""
    vocab = shipped_copy / "vocab.yaml"
    s = vocab.read_text(encoding="utf-8")
    i = s.index("\nlanguages:\n") + len("\nlanguages:\n")
    s = s[:i] + "  crg: {en: Michif, fr: mitchif}\n" + s[i:]
    i = s.index("\nregions:\n") + len("\nregions:\n")
    s = s[:i] + "  nord: {en: North, fr: Nord, speaks: [fr]}\n" + s[i:]
    s += "\npopulations:\n  metis: {en: Métis, fr: Métis, part_of: [autochtones], speaks: [en, michif]}\n"
    vocab.write_text(s, encoding="utf-8")
    r = cedta(shipped_copy, "validate", lang="fr")
    assert "« autochtones » n’est pas une population dont elle peut faire partie" in r.output, r.output
    assert "(vouliez-vous dire « indigenous » ?)" in r.output and "(vouliez-vous dire « crg » ?)" in r.output
    assert "error vocab-populations-only: « speaks » de « nord » (régions) ne va qu’avec les populations" in r.output


def test_a_data_folder_named_by_cedta_data_is_said_when_data_is_here_too(shipped_copy, tmp_path, monkeypatch):
    """Newcomer 15, N15-7: CEDTA_DATA left in the environment silently won over ./data: validate
    passed on another network, `intake --by` named an "unknown" organisation."""
    import shutil

    from typer.testing import CliRunner

    from cedta.cli import app

    here = tmp_path / "here"
    shutil.copytree(shipped_copy, here / "data")
    monkeypatch.chdir(here)
    r = CliRunner().invoke(app, ["validate"], env={"CEDTA_DATA": str(shipped_copy)})
    assert f"reading the data folder {shipped_copy}, which CEDTA_DATA names, not ./data" in r.stderr, r.output
    r = CliRunner().invoke(app, ["--data", str(shipped_copy), "validate"], env={"CEDTA_DATA": ""})
    assert "CEDTA_DATA" not in r.stderr


def test_a_step_dated_done_before_it_was_added_is_warned_of(shipped_copy, cedta):
    """H15-21: a step added today could be dated done or dropped months earlier without a word,
    changing a quarter already reported."""
    cedta(shipped_copy, "plan", "c-2026-0002", "add", "--topic", "marketing", "--today", "2026-11-27")
    r = cedta(shipped_copy, "step", "c-2026-0002", "4", "--done", "2026-05-01", "--today", "2026-11-27")
    assert r.exit_code == 0 and "step 4 is marked 2026-05-01, before it was added to the plan (2026-11-27)" in r.stderr, r.output
    r = cedta(shipped_copy, "step", "c-2026-0002", "4", "--done", "2026-11-27", "--reopen", "--today", "2026-11-27")
    assert "before it was added" not in r.stderr


def test_an_outcome_dated_before_its_need_was_recorded_is_said(shipped_copy, cedta):
    """H15-18: `need add financing` (today), then `outcome financing-obtained --date` a week before:
    the outcome met nothing, and gaps counted the need as demand, without a word."""
    cedta(shipped_copy, "need", "c-2026-0002", "add", "--topic", "financing", "--today", "2026-11-27")
    r = cedta(shipped_copy, "outcome", "c-2026-0002", "financing-obtained", "--amount", "5000", "--date", "2026-11-20",
              "--today", "2026-11-27")
    assert r.exit_code == 0 and "the outcome is dated 2026-11-20, before the need Business financing" in r.stderr, r.output


def test_a_client_id_that_spells_another_clients_name_is_refused(shipped_copy, cedta, tmp_path):
    """H15-16: `intake --id c-2026-zoraquill`, with Zora Quill another client's name in the store,
    was written without a word; validate said nothing of the file name, in git for good."""
    (shipped_copy / ".private").mkdir()
    (shipped_copy / ".private" / "identities.yaml").write_text("c-2026-0004:\n  name: Zora Quill\n", encoding="utf-8")
    answers = tmp_path / "a.yaml"
    answers.write_text("kind: individual\nhub: immigrants\nconsent: true\nneeds:\n  - {topic: marketing}\n", encoding="utf-8")
    r = cedta(shipped_copy, "intake", "--answers", str(answers), "--by", "ociso", "--id", "c-2026-zoraquill")
    assert r.exit_code == 2 and "spells another client's full name" in r.output, r.output
    copy = shipped_copy / "clients" / "c-2026-zora-quill.yaml"
    copy.write_text((shipped_copy / "clients" / "c-2026-0002.yaml").read_text(encoding="utf-8").replace(
        "id: c-2026-0002", "id: c-2026-zora-quill"), encoding="utf-8")
    r = cedta(shipped_copy, "validate")
    assert "c-2026-zora-quill.yaml:1:1: error other-name-in-id" in r.output, r.output


def test_review_15_store_fields_twice_keys_printed_and_an_unreadable_store(shipped_copy, cedta, tmp_path):
    """R15-11: `phone:` and `téléphone:` in one entry made the whole store unreadable (forget and
    intake blocked). R15-7: a field typed as a name or a phone was printed by validate. R15-14: an
    unreadable store switched the exports' guard off."""
    (shipped_copy / ".private").mkdir()
    store = shipped_copy / ".private" / "identities.yaml"
    store.write_text('c-2026-0002:\n  name: Olu Bello\n  phone: 613-555-0101\n  téléphone: 613-555-0102\n'
                     'c-2026-0003:\n  name: Amira Haddad\n  Fatima Quill: mother, 613-555-0199\n  "613-555-0123": sister\n',
                     encoding="utf-8")
    r = cedta(shipped_copy, "validate")
    assert "Fatima" not in r.output and "613-555" not in r.output, r.output
    r = cedta(shipped_copy, "forget", "c-2026-0002", "--yes")
    assert r.exit_code == 0 and "Olu" not in store.read_text(encoding="utf-8"), r.output
    store.write_text("c-2026-0004: [unclosed\n", encoding="utf-8")
    cco = shipped_copy / "providers" / "cco.yaml"
    text = cco.read_text(encoding="utf-8")
    cco.write_text(text.replace("    Provincial body promoting co-operatives;",
                                "    Zora Quill, 613-555-0177, was referred here. Provincial body promoting co-operatives;", 1),
                   encoding="utf-8")
    r = cedta(shipped_copy, "export", "hsds", "--out", str(tmp_path / "hx"))
    assert r.exit_code == 1 and not (tmp_path / "hx").exists() and "identity store" in r.output, r.output


def test_review_15_plan_rename_surrogates_family_name_first(shipped_copy, cedta):
    """R15-3: two needs added after a done loan step were both given the loan fund in one run. R15-1:
    a surrogate escape was read by the fast reading, refused by the strict one. R15-6: an id spelling
    another client's name family name first passed. R15-10: a client file renamed with its id was
    "removed, and with it 11 contacts"."""
    from cedta.clients import identity
    from cedta.records import checks

    cid = "c-2026-0004"
    for level in ("advanced", "beginner"):
        r = cedta(shipped_copy, "need", cid, "add", "--topic", "financing", "--level", level, "--today", "2026-11-27")
        assert r.exit_code == 0, r.output
    r = cedta(shipped_copy, "match", cid, "--plan", "--yes", "--format", "json", "--today", "2026-11-27")
    import json

    services = [s["service"] for s in json.loads(r.stdout)["steps"]]
    assert services and len(services) == len(set(services)), (services, r.stdout[-1500:])
    assert identity._fast_entries('c-1:\n  name: "\\ud83d\\ude00"\n') is None
    names = checks.joined_names({"c-2026-0004": {"name": "Zora Quill"}})
    assert checks.other_id_names("c-2026-quill-zora", names) == "c-2026-0004"
    assert checks.other_id_names("c-2026-0001", names) is None
