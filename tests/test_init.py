"""`cedta init`: a new network's repository that validates, never overwriting a file; the hooks."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from cedta.cli import app
from cedta.review.fmt import format_text
from cedta.review.scaffold import PRE_COMMIT, TEMPLATES, WORKFLOW

runner = CliRunner()
REPO = Path(__file__).parents[1]


def test_fresh_repository_validates_and_is_canonical(tmp_path):
    target = tmp_path / "gatineau"
    r = runner.invoke(app, ["init", str(target), "--name", "Réseau DÉC de Gatineau"])
    assert r.exit_code == 0, r.output
    for rel in (".gitignore", ".pre-commit-config.yaml", ".github/workflows/cedta.yml",
                "data/network.yaml", "data/vocab.yaml", "templates/README.md",
                "schemas/client.schema.json", "templates/client.yaml"):
        assert (target / rel).is_file(), rel
    for folder in ("providers", "hubs", "clients"):  # empty: only records go there
        assert (target / "data" / folder).is_dir() and not list((target / "data" / folder).iterdir())
    assert "data/.private/" in (target / ".gitignore").read_text().splitlines()
    assert "id: reseau-dec-de-gatineau" in (target / "data/network.yaml").read_text()
    assert (target / ".git").exists()
    data = str(target / "data")
    r = runner.invoke(app, ["--data", data, "validate", "--strict"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["--data", data, "fmt", "--check"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["--data", data, "diff"])
    assert r.exit_code == 2 and "no commit yet" in r.stderr


@pytest.mark.parametrize("names", [
    ["--name", "Winnipeg Community Enterprise Network", "--name-fr", "Réseau d'entreprise communautaire de Winnipeg"],
    ["--name", "Réseau d'entreprise communautaire de Winnipeg et des environs: '#1' \"CED\""],
])
def test_a_long_name_is_written_in_the_layout_fmt_check_expects(tmp_path, names):
    """Newcomer 14, N14-8: a realistic name made a network.yaml that failed the `fmt --check` init
    installs in CI and pre-commit (its name on one 104-column line)."""
    target = tmp_path / "wpg"
    assert runner.invoke(app, ["init", str(target), "--no-git", *names]).exit_code == 0
    r = runner.invoke(app, ["--data", str(target / "data"), "fmt", "--check"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["--data", str(target / "data"), "validate", "--strict"])
    assert r.exit_code == 0, r.output
    written = yaml.safe_load((target / "data/network.yaml").read_text(encoding="utf-8"))
    assert written["name"]["en"] == names[1]


def test_never_overwrites(tmp_path):
    target = tmp_path / "net"
    (target / "templates").mkdir(parents=True)
    (target / "templates/provider.yaml").write_text("id: mine\n")
    r = runner.invoke(app, ["--lang", "fr", "init", str(target), "--no-git"])
    assert r.exit_code == 2 and "provider.yaml existe déjà" in r.stderr
    assert (target / "templates/provider.yaml").read_text() == "id: mine\n"
    assert sorted(p.name for p in target.rglob("*")) == ["provider.yaml", "templates"]  # nothing written
    (tmp_path / "file").write_text("x")
    r = runner.invoke(app, ["init", str(tmp_path / "file")])
    assert r.exit_code == 2 and "not a directory" in r.stderr
    r = runner.invoke(app, ["init", str(tmp_path / "x"), "--id", "Not A Slug"])
    assert r.exit_code == 2


def test_hook_and_workflow_files_are_valid_and_in_step():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} >= {"cedta-validate", "cedta-fmt"}
    assert all(h["entry"].startswith("cedta ") for h in hooks)
    assert (REPO / "templates/github-workflow-cedta.yml").read_text() == WORKFLOW
    workflow = yaml.safe_load(WORKFLOW)
    steps = " ".join(s.get("run", "") for s in workflow["jobs"]["review"]["steps"])
    assert "cedta diff" in steps and "--format markdown" in steps and "cedta validate" in steps
    config = yaml.safe_load(PRE_COMMIT)
    assert [h["id"] for h in config["repos"][0]["hooks"]] == ["cedta-validate", "cedta-fmt"]


PLACES = {"network": "network.yaml", "vocab": "vocab.yaml", "provider": "providers/new-provider.yaml",
          "hub": "hubs/new-hub.yaml", "client": "clients/c-2026-0000.yaml"}


@pytest.fixture
def fresh(tmp_path) -> Path:
    target = tmp_path / "new net"
    r = runner.invoke(app, ["init", str(target), "--no-git"])
    assert r.exit_code == 0, r.output
    return target


def test_schemas_are_what_cedta_schema_writes(fresh, tmp_path):
    r = runner.invoke(app, ["--data", str(fresh / "data"), "schema", "--out", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    for kind in PLACES:
        written = (fresh / "schemas" / f"{kind}.schema.json").read_text()
        assert written == (tmp_path / "out" / f"{kind}.schema.json").read_text(), kind


@pytest.mark.parametrize("kind", list(PLACES))
def test_templates_resolve_match_their_schema_and_are_canonical(fresh, kind):
    text = (fresh / "templates" / f"{kind}.yaml").read_text(encoding="utf-8")
    assert text == TEMPLATES[kind]
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    place = fresh / "data" / PLACES[kind]
    schema_path = (place.parent / first.split("$schema=", 1)[1]).resolve()
    assert schema_path == (fresh / "schemas" / f"{kind}.schema.json").resolve()
    schema = json.loads(schema_path.read_text())
    doc = json.loads(json.dumps(yaml.safe_load(text), default=str))  # dates as ISO text
    jsonschema.validate(doc, schema)
    assert format_text(text, kind).changed is False


def test_templates_copied_into_data_validate(fresh):
    root = fresh / "data"
    for kind, rel in PLACES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(fresh / "templates" / f"{kind}.yaml", root / rel)
    r = runner.invoke(app, ["--data", str(root), "validate"])
    assert r.exit_code == 0, r.output
    # valid, and what is left to fill in is said, with its line (newcomer pass 9, S9-8)
    assert "hubs/new-hub.yaml:4:12: warning placeholder: `New hub` is the template's placeholder" in r.output
    assert "Representative A (placeholder)" in r.output
    r = runner.invoke(app, ["--data", str(root), "fmt", "--check"])
    assert r.exit_code == 0, r.output


def test_generated_files_point_to_what_the_user_has(fresh):
    for path in fresh.rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            assert "records.md" not in path.read_text(encoding="utf-8"), path
    guide = (fresh / "templates/README.md").read_text()
    assert "cedta vocab" in guide and "cp templates/provider.yaml data/providers/<id>.yaml" in guide
    assert "data/.private/" in guide and "cedta schema" in guide


def test_closing_message_quotes_paths_and_asks_for_the_install_source(tmp_path):
    target = tmp_path / "my network" / "ta data"
    r = runner.invoke(app, ["init", str(target), "--no-git"])
    assert r.exit_code == 0, r.output
    line = next(x for x in r.stderr.splitlines() if "validate" in x)
    command = line.split(": ", 1)[1]
    assert shlex.split(command) == ["cedta", "--data", str(target / "data"), "validate"]
    assert "set CEDTA_PACKAGE in .github/workflows/cedta.yml" in r.stderr
    assert "git+https://<host>/<owner>/cedta@<tag-or-commit>" in r.stderr
    fr = runner.invoke(app, ["--lang", "fr", "init", str(tmp_path / "autre réseau"), "--no-git"])
    assert "renseignez CEDTA_PACKAGE dans .github/workflows/cedta.yml" in fr.stderr
    assert "cedta --data '" in fr.stderr and "(s)" not in fr.stderr


def test_workflow_installs_cedta_from_an_explicit_git_source():
    workflow = yaml.safe_load(WORKFLOW)
    package = workflow["env"]["CEDTA_PACKAGE"]
    assert package.startswith("cedta @ git+https://") and "<tag-or-commit>" in package
    install = next(s for s in workflow["jobs"]["review"]["steps"] if s.get("name") == "Install cedta")
    assert "::error" in install["run"] and 'pip install "$CEDTA_PACKAGE"' in install["run"]
    hooks_comment = (REPO / ".pre-commit-hooks.yaml").read_text()
    assert "rev: <tag-or-commit>" in hooks_comment and "no release tag yet" in hooks_comment
    assert "a tag or a commit of cedta" in PRE_COMMIT


def test_repository_templates_are_the_ones_init_writes():
    """templates/ (for this repository's users) and scaffold.TEMPLATES (for `cedta init`) cannot drift."""
    from cedta.review.scaffold import TEMPLATES

    repo = Path(__file__).resolve().parents[1] / "templates"
    for kind, text in TEMPLATES.items():
        assert (repo / f"{kind}.yaml").read_text(encoding="utf-8") == text, kind
