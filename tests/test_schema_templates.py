"""`cedta schema` and `templates/`: editors validate as you type against the same definitions."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
PLACES = {
    "network": "network.yaml",
    "vocab": "vocab.yaml",
    "provider": "providers/new-provider.yaml",
    "hub": "hubs/new-hub.yaml",
    "client": "clients/c-2026-0000.yaml",
}


def _jsonable(node):
    if isinstance(node, dict):
        return {k: _jsonable(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_jsonable(v) for v in node]
    if isinstance(node, dt.date):
        return node.isoformat()
    return node


def test_schema_writes_one_file_per_kind(tmp_path, cedta, data):
    r = cedta(data, "schema", "--out", str(tmp_path / "out"))
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(f"{k}.schema.json" for k in PLACES)


def test_schema_enums_follow_the_vocabulary_in_force(tmp_path, cedta, data):
    data.write("vocab.yaml", "topics:\n  export-readiness: {en: Export readiness, fr: Préparation à l'exportation}\n")
    r = cedta(data, "schema", "provider", "--out", "-")
    schema = json.loads(r.stdout)
    topic = schema["$defs"]["Service"]["properties"]["topic"]
    assert "export-readiness" in topic["enum"] and "marketing" in topic["enum"]


def test_schema_rejects_unknown_kind(cedta, data):
    r = cedta(data, "schema", "clients")
    assert r.exit_code == 2 and "unknown kind" in r.output


@pytest.mark.parametrize("kind", list(PLACES))
def test_template_has_modeline_that_resolves(kind):
    text = (REPO / "templates" / f"{kind}.yaml").read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    rel = first.split("$schema=", 1)[1]
    # the modeline is written for the file's place once copied into data/
    place = REPO / "data" / PLACES[kind]
    assert (place.parent / rel).resolve() == (REPO / "schemas" / f"{kind}.schema.json")


def test_templates_copied_into_a_data_dir_validate(tmp_path, cedta):
    root = tmp_path / "data"
    for kind, rel in PLACES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "templates" / f"{kind}.yaml", root / rel)
    r = cedta(root, "validate")
    assert r.exit_code == 0, r.stdout
    # their only warnings are what is left to fill in (the placeholders)
    warned = {line.split(": warning ")[1].split(":")[0] for line in r.stdout.splitlines() if ": warning " in line}
    assert warned == {"placeholder"}, r.stdout


@pytest.mark.parametrize("kind", list(PLACES))
def test_templates_match_the_exported_json_schema(kind, tmp_path, cedta, data):
    cedta(data, "schema", "--out", str(tmp_path))
    schema = json.loads((tmp_path / f"{kind}.schema.json").read_text())
    doc = yaml.safe_load((REPO / "templates" / f"{kind}.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(_jsonable(doc), schema)


def test_shipped_schemas_are_up_to_date(tmp_path, cedta):
    """schemas/ is generated from the shipped data's vocabulary: regenerate with `cedta schema`."""
    r = cedta(REPO / "data", "schema", "--out", str(tmp_path))
    assert r.exit_code == 0, r.output
    for kind in PLACES:
        fresh = (tmp_path / f"{kind}.schema.json").read_text()
        shipped = (REPO / "schemas" / f"{kind}.schema.json").read_text()
        assert fresh == shipped, f"schemas/{kind}.schema.json is stale: run `cedta schema`"


def test_shipped_data_matches_the_exported_json_schema():
    folders = {"providers": "provider", "hubs": "hub", "clients": "client"}
    checked = 0
    for folder, kind in folders.items():
        schema = json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text())
        for f in sorted((REPO / "data" / folder).glob("*.yaml")):
            jsonschema.validate(_jsonable(yaml.safe_load(f.read_text(encoding="utf-8"))), schema)
            checked += 1
    if checked == 0:
        pytest.skip("no shipped data yet")


@pytest.mark.parametrize("kind", list(PLACES))
def test_templates_are_in_the_canonical_layout(kind):
    from cedta.review.fmt import format_text

    result = format_text((REPO / "templates" / f"{kind}.yaml").read_text(encoding="utf-8"), kind)
    assert result.problem is None and not result.changed, result.text


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no named pipes here")
def test_schema_out_that_is_not_a_folder_is_said_so(tmp_path, cedta, data):
    import os

    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "file").write_text("keep me\n")
    for out in ("pipe", "file", "file/deeper"):
        r = cedta(data, "schema", "--out", str(tmp_path / out))
        assert r.exit_code == 2 and "Traceback" not in r.output
        said = "is not a folder" if out == "pipe" else "is a file, not a folder"  # (a pipe is no file)
        assert said in r.stderr and "File exists" not in r.stderr, r.stderr
    assert (tmp_path / "file").read_text() == "keep me\n"
