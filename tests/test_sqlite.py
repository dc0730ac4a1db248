"""`cedta export sqlite FILE.db`: tables with keys and indexes, a README table, client facts without
identifiers or notes, small counts suppressed, the file replaced atomically."""

from __future__ import annotations

import sqlite3
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_shipped_directory_as_a_database(tmp_path, cedta):
    db_path = tmp_path / "cedta.db"
    result = cedta(REPO / "data", "export", "sqlite", str(db_path))
    assert result.exit_code == 0, result.output
    assert "40 providers, 181 services" in result.output
    db = sqlite3.connect(db_path)
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    described = {r[0] for r in db.execute("SELECT name FROM README")}
    assert tables == described
    assert db.execute("SELECT count(*) FROM service").fetchone()[0] == 181
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"service_topic", "service_language_language", "eligibility_rule_kind"} <= indexes
    # a question an analyst asks: French services on business plans
    french = db.execute("""SELECT count(*) FROM service s JOIN service_language l ON l.service_ref = s.ref
                           WHERE s.topic = 'business-plan' AND l.language = 'fr'""").fetchone()[0]
    assert french > 0
    rule = db.execute("SELECT description_en, description_fr FROM eligibility_rule WHERE kind = 'age'").fetchone()
    assert rule[0].startswith("age") and "ans" in rule[1]


def test_no_client_identifier_or_note_leaves_and_small_counts_are_suppressed(tmp_path, cedta):
    db_path = tmp_path / "cedta.db"
    assert cedta(REPO / "data", "export", "sqlite", str(db_path)).exit_code == 0
    db = sqlite3.connect(db_path)
    client_ids = {p.stem for p in (REPO / "data" / "clients").glob("*.yaml")}
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'client%'"):
        columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
        assert not {"id", "client_id", "note", "notes", "birth_year", "amount"} & set(columns)
        for row in db.execute(f"SELECT * FROM {table}"):
            assert not client_ids & {str(v) for v in row}
    raw = db_path.read_bytes()
    assert b"interpreter" not in raw and b"c-2026-0001" not in raw
    small = db.execute("SELECT clients, suppressed FROM client_count WHERE suppressed = 1").fetchall()
    assert small and all(n is None for n, _ in small)
    shown = db.execute("SELECT min(clients) FROM client_count WHERE suppressed = 0").fetchone()[0]
    assert shown >= 5


def test_re_running_replaces_the_file_and_leaves_no_temporary_file(tmp_path, cedta, data):
    db_path = tmp_path / "out.db"
    db_path.write_bytes(b"")  # (empty: replaced; a file of another tool is not: hostile 14, 10)
    assert cedta(data, "export", "sqlite", str(db_path)).exit_code == 0
    assert cedta(data, "export", "sqlite", str(db_path)).exit_code == 0
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM provider").fetchone()[0] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out.db"]


def test_the_old_database_s_write_ahead_log_is_not_replayed_into_the_new_one(tmp_path, cedta, data):
    """Hostile pass 11, 15: the -wal/-shm of the database replaced stayed beside the new file, and
    SQLite replayed the old edits into it (or found it malformed)."""
    db_path = tmp_path / "out.db"
    assert cedta(data, "export", "sqlite", str(db_path)).exit_code == 0
    old = sqlite3.connect(db_path)
    old.execute("PRAGMA journal_mode=WAL")
    old.execute("PRAGMA wal_autocheckpoint=0")
    old.execute("UPDATE provider SET name_en = 'STALE'")
    old.commit()
    wal = tmp_path / "out.db-wal"
    assert wal.exists() and wal.stat().st_size > 0
    saved = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("out.db-")}
    old.close()  # (closing checkpoints and removes the log: put it back, as a crash leaves it)
    for name, content in saved.items():
        (tmp_path / name).write_bytes(content)
    assert cedta(data, "export", "sqlite", str(db_path)).exit_code == 0
    assert not wal.exists() and not (tmp_path / "out.db-shm").exists()
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert "STALE" not in [r[0] for r in db.execute("SELECT name_en FROM provider")]


def test_a_folder_or_a_file_in_the_way_is_a_usage_error(tmp_path, cedta, data):
    result = cedta(data, "export", "sqlite", str(tmp_path))
    assert result.exit_code == 2 and "is a folder" in result.output
    (tmp_path / "f").write_text("x")
    result = cedta(data, "export", "sqlite", str(tmp_path / "f" / "x.db"), lang="fr")
    assert result.exit_code == 2 and "pas un dossier" in result.output


def test_a_lone_small_count_of_a_partition_gets_a_complementary_one():
    """Kinds add up to a hub's clients: one hidden kind alone could be worked out from the total."""
    from cedta.interop.sqlite import _suppressed

    counts = {("h", "kind", "individual"): 9, ("h", "kind", "organisation"): 2,
              ("h", "population", "women"): 3, ("h", "population", "youth"): 8,
              ("g", "kind", "individual"): 7, ("g", "kind", "organisation"): 6}
    hidden = _suppressed(counts, 5)
    assert ("h", "kind", "organisation") in hidden and ("h", "kind", "individual") in hidden
    assert ("h", "population", "women") in hidden and ("h", "population", "youth") not in hidden
    assert not any(key[0] == "g" for key in hidden)


def test_contacts_and_outcomes_carry_the_report_s_quarter(tmp_path, cedta, data):
    """The quarter is named as `cedta report --quarter` names it (fiscal year from April by default):
    a contact of 2026-02-10 is in 2025Q4, an outcome of 2026-08-15 in 2026Q2 (not 2026-Q3)."""
    data.write("clients/c-0001.yaml", data.read("clients/c-0001.yaml").replace(
        "minutes: 120}", "minutes: 120}\noutcomes:\n  - {date: 2026-08-15, kind: business-started}"))
    out = tmp_path / "d.db"
    r = cedta(data, "export", "sqlite", str(out))
    assert r.exit_code == 0, r.output
    db = sqlite3.connect(out)
    assert db.execute("SELECT quarter FROM client_contact").fetchall() == [("2025Q4",)]
    assert db.execute("SELECT quarter FROM client_outcome").fetchall() == [("2026Q2",)]


def test_broken_files_refuse_the_export_all_said_at_once(tmp_path, cedta, data):
    """The clients are read one at a time (no record kept), yet every error `validate` finds is said,
    the directory's and the clients' in one list, and nothing is written: an unknown hub or term in
    a client too (the export wrote such rows, with no hub)."""
    data.write("providers/beta-coop.yaml", data.read("providers/beta-coop.yaml") + "colour: blue\n")
    client = data.read("clients/c-0001.yaml")
    data.write("clients/c-0002.yaml", client.replace("id: c-0001", "id: c-0002")
               .replace("birth_year: 1990", "birth_year: nineteen-ninety"))
    data.write("clients/c-0003.yaml", client.replace("id: c-0001", "id: c-0003").replace("hub: francophones", "hub: nohub"))
    data.write("clients/c-0004.yaml", client.replace("id: c-0001", "id: c-0004").replace("topic: business-plan, level",
                                                                                        "topic: notatopic, level"))
    out = tmp_path / "d.db"
    r = cedta(data, "export", "sqlite", str(out))
    assert r.exit_code == 1
    for where in ("beta-coop.yaml", "c-0002.yaml", "c-0003.yaml:3", "unknown-hub", "c-0004.yaml", "unknown-term"):
        assert where in r.output, (where, r.output)
    assert not out.exists()
    v = cedta(data, "validate")
    assert v.output.count(" error ") == r.output.count(" error ")  # what validate finds, no more, no less
