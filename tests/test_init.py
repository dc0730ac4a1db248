"""`cedta init`: a new network's repository that validates, never overwriting a file; the hooks."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from cedta.cli import app
from cedta.scaffold import PRE_COMMIT, WORKFLOW

runner = CliRunner()
REPO = Path(__file__).parents[1]


def test_fresh_repository_validates_and_is_canonical(tmp_path):
    target = tmp_path / "gatineau"
    r = runner.invoke(app, ["init", str(target), "--name", "Réseau DÉC de Gatineau"])
    assert r.exit_code == 0, r.output
    for rel in (".gitignore", ".pre-commit-config.yaml", ".github/workflows/cedta.yml",
                "data/network.yaml", "data/vocab.yaml", "data/clients/README.md"):
        assert (target / rel).is_file(), rel
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


def test_never_overwrites(tmp_path):
    target = tmp_path / "net"
    (target / "data").mkdir(parents=True)
    (target / "data/network.yaml").write_text("id: mine\n")
    r = runner.invoke(app, ["--lang", "fr", "init", str(target), "--no-git"])
    assert r.exit_code == 2 and "existe déjà" in r.stderr
    assert (target / "data/network.yaml").read_text() == "id: mine\n"
    assert not (target / ".gitignore").exists()  # nothing written at all
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
