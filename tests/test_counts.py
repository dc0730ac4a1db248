"""The summary and the JSON count every finding, also those a capped file does not show."""

from __future__ import annotations

import json

import pytest


def test_a_file_with_sixty_errors_counts_sixty(data, cedta):
    needs = "".join(f"  - {{topic: no-such-topic-{i}, level: beginner}}\n" for i in range(60))
    text = data.read("clients/c-0001.yaml").replace(
        "needs:\n  - {topic: business-plan, level: beginner, priority: 1}\n", "needs:\n" + needs)
    data.write("clients/c-0001.yaml", text)
    r = cedta(data, "validate")
    assert r.exit_code == 1
    assert "and 10 more problems in this file" in r.stdout
    assert ": 60 error(s)" in r.stdout
    payload = json.loads(cedta(data, "validate", "--format", "json").stdout)
    assert payload["errors"] == 60 and len(payload["diagnostics"]) == 51


def test_schema_is_never_written_inside_the_data_folder(data, cedta):
    r = cedta(data, "schema", "--out", str(data.root / "schemas"))
    assert r.exit_code == 2 and "inside the data folder" in r.stderr
    assert not (data.root / "schemas").exists()
    fr = cedta(data, "schema", "--out", str(data.root), lang="fr")
    assert fr.exit_code == 2 and "dans le dossier de données" in fr.stderr


def test_export_sqlite_takes_out_like_the_other_exports(data, cedta, tmp_path):
    r = cedta(data, "export", "sqlite", "--out", str(tmp_path / "x.db"))
    assert r.exit_code == 0, r.output
    assert (tmp_path / "x.db").is_file()
    assert cedta(data, "export", "sqlite").exit_code == 2


def test_evaluate_takes_note_like_the_other_path_commands(data, cedta):
    r = cedta(data, "evaluate", "c-0001", "--satisfaction", "4", "--note", "Clear advice.")
    assert r.exit_code == 0, r.output
    assert "Clear advice." in data.read("clients/c-0001.yaml")


def test_match_refuses_ids_with_a_group_option(data, cedta):
    for extra in (("--hub", "francophones"), ("--all",)):
        r = cedta(data, "match", "c-0001", *extra)
        assert r.exit_code == 2 and "one of them" in r.stderr, r.output
    fr = cedta(data, "match", "c-0001", "--all", lang="fr")
    assert fr.exit_code == 2 and "l’un des trois" in fr.stderr


def test_a_summary_of_no_client_says_so(data, cedta):
    (data.root / "clients" / "c-0001.yaml").unlink()
    r = cedta(data, "match", "--all", "--summary")
    assert r.exit_code == 0 and "No client to match." in r.stdout


def test_schema_does_not_write_through_a_linked_default_folder_nor_stop_half_way(data, cedta, tmp_path):
    """Hostile pass 8, U: a clone's `schemas` linked elsewhere was written through; a linked file
    stopped the run with four of five files replaced."""
    outside = tmp_path / "outside"
    outside.mkdir()
    schemas = data.root.parent / "schemas"
    schemas.symlink_to(outside)
    r = cedta(data, "schema")
    assert r.exit_code == 2 and "symbolic link" in r.stderr and "--out" in r.stderr
    assert list(outside.iterdir()) == []
    assert cedta(data, "schema", "--out", str(schemas), lang="fr").exit_code == 0  # asked: written there
    assert len(list(outside.iterdir())) == 5
    schemas.unlink()
    schemas.mkdir()
    (schemas / "client.schema.json").symlink_to(tmp_path / "victim.json")
    before = sorted(p.name for p in schemas.iterdir())
    r = cedta(data, "schema")
    assert r.exit_code == 2 and "client.schema.json" in r.stderr
    assert sorted(p.name for p in schemas.iterdir()) == before and not (tmp_path / "victim.json").exists()


@pytest.mark.parametrize("args", [["report", "-o", "reports/"], ["gaps", "--out", " "], ["export", "csv", "--out=exps/"]])
def test_an_output_file_named_as_a_folder_or_blank_is_refused_before_any_work(data, cedta, args):
    """Hostile pass 9, H: `report -o reports/` wrote a file named `reports`; `-o " "` a file named
    with a space."""
    before = sorted(p.name for p in data.root.parent.iterdir())  # (the commands run from there)
    r = cedta(data, *args)
    assert r.exit_code == 2 and ("ends with a slash" in r.stderr or "is blank" in r.stderr)
    assert sorted(p.name for p in data.root.parent.iterdir()) == before


@pytest.mark.parametrize("args", [["schema", "--out="], ["export", "hsds", "--out", " "]])
def test_a_blank_output_folder_is_refused_too(data, cedta, args):
    """Hostile pass 9b, #7: `schema --out=` wrote five files into the working folder."""
    before = sorted(p.name for p in data.root.parent.iterdir())
    r = cedta(data, *args)
    assert r.exit_code == 2 and "is blank" in r.stderr
    assert sorted(p.name for p in data.root.parent.iterdir()) == before
