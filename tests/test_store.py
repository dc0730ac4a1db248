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
