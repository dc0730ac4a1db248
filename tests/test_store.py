"""The one writer: atomic, locked, confined to the data root; round-trip edits keep comments."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from cedta.io.store import DataRoot, StoreError


def test_write_text_replaces_atomically_and_leaves_no_temp_files(data):
    root = DataRoot(data.root)
    target = data.root / "clients" / "c-0001.yaml"
    root.write_text(target, "id: c-0001\n")
    assert target.read_text() == "id: c-0001\n"
    assert [p.name for p in target.parent.iterdir()] == ["c-0001.yaml"]


def test_write_text_keeps_the_file_mode(data):
    root = DataRoot(data.root)
    target = data.root / "providers" / "beta-coop.yaml"
    os.chmod(target, 0o640)
    root.write_text(target, "id: beta-coop\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_private_files_are_owner_only(data):
    root = DataRoot(data.root)
    target = data.root / ".private" / "c-0001.yaml"
    root.write_text(target, "name: Fictitious Person\n", private=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700


@pytest.mark.parametrize("rel", ["../outside.yaml", "../../etc/x.yaml"])
def test_write_outside_the_root_is_refused(data, rel):
    root = DataRoot(data.root)
    with pytest.raises(StoreError) as exc:
        root.write_text(data.root / rel, "x: 1\n")
    assert exc.value.code == "outside-data"
    assert not (data.root / rel).exists()


def test_write_through_a_symlinked_folder_leading_out_is_refused(data, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, data.root / "clients" / "linked")
    root = DataRoot(data.root)
    with pytest.raises(StoreError):
        root.write_text(data.root / "clients" / "linked" / "c-9.yaml", "id: c-9\n")
    assert list(elsewhere.iterdir()) == []


def test_a_failed_write_leaves_the_old_file(data, monkeypatch):
    root = DataRoot(data.root)
    target = data.root / "clients" / "c-0001.yaml"
    before = target.read_text()

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(StoreError) as exc:
        root.write_text(target, "id: broken\n")
    assert exc.value.code == "write-failed"
    assert target.read_text() == before
    assert [p.name for p in target.parent.iterdir()] == ["c-0001.yaml"]


def test_edit_record_round_trips_comments_and_order(data):
    root = DataRoot(data.root)
    target = data.write("providers/beta-coop.yaml",
                        "# A co-operative (fictitious)\nid: beta-coop\nname: {fr: Coop Bêta}  # French only\n"
                        "kind: co-operative\nlanguages: [fr]\nservices: []\n")

    def add_english(doc):
        doc["languages"].append("en")

    root.edit_record(target, add_english)
    text = target.read_text()
    assert text.startswith("# A co-operative (fictitious)\nid: beta-coop\n")
    assert "# French only" in text
    assert "languages: [fr, en]" in text


def test_python_dash_m_and_version():
    out = subprocess.run([sys.executable, "-m", "cedta", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("cedta ")


def test_help_lists_commands_in_both_languages(cedta):
    r = cedta(None, "--help")
    assert r.exit_code == 0
    for word in ("validate", "schema", "vocab", "Vérifie"):
        assert word in r.stdout or word in cedta(None, "validate", "--help").stdout


# ---- reading: one lstat per file, the folder's place checked once, a read sized by the file ------

def _read_problem(data, rel):
    root = DataRoot(data.root)
    rf = next(f for f in root.files() if f.shown.endswith(rel))
    return root.read(rf)


def test_a_record_folder_linked_outside_refuses_each_file(data, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "c-0009.yaml").write_text((data.root / "clients" / "c-0001.yaml").read_text())
    for p in (data.root / "clients").iterdir():
        p.unlink()
    (data.root / "clients").rmdir()
    (data.root / "clients").symlink_to(outside, target_is_directory=True)
    r = _read_problem(data, "clients/c-0009.yaml")
    assert r.problem is not None and r.problem.code == "symlink-outside"


def test_a_link_to_a_file_inside_is_read(data):
    target = data.root / "clients" / "c-0001.yaml"
    kept = data.root / "c-0001.copy"
    target.rename(kept)
    target.symlink_to(kept)
    r = _read_problem(data, "clients/c-0001.yaml")
    assert r.problem is None and r.document.data["id"] == "c-0001"


def test_a_file_whose_size_is_not_told_is_read_whole(data, monkeypatch):
    """/proc-like files say 0 bytes; a file may grow between the size and the read."""
    from cedta.io import store

    real_fstat = os.fstat
    monkeypatch.setattr(store.os, "fstat", lambda fd: os.stat_result((*real_fstat(fd)[:6], 0, *real_fstat(fd)[7:])))
    monkeypatch.setenv("CEDTA_NO_CACHE", "1")
    r = _read_problem(data, "clients/c-0001.yaml")
    assert r.problem is None and r.document.data["id"] == "c-0001"


def test_a_file_that_grows_past_the_limit_while_read_is_refused(data, monkeypatch):
    from cedta.io import store

    big = data.root / "clients" / "c-0001.yaml"
    big.write_text("id: c-0001\nnotes: " + "x" * (store.MAX_BYTES + 10) + "\n")
    real_fstat = os.fstat
    monkeypatch.setattr(store.os, "fstat", lambda fd: os.stat_result((*real_fstat(fd)[:6], 100, *real_fstat(fd)[7:])))
    monkeypatch.setenv("CEDTA_NO_CACHE", "1")
    r = _read_problem(data, "clients/c-0001.yaml")
    assert r.problem is not None and r.problem.code == "file-too-large"
