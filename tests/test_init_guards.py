"""`cedta init` where it must not write (a data directory, a folder of one, a folder inside another
git repository), what it accepts as a name and an id, the .gitignore a repository already has, the
vocab.yaml it writes, and what `cedta diff` says of a new repository's files (real CLI, real git)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cedta.cli import app

runner = CliRunner()


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
                          cwd=repo, check=True, capture_output=True, text=True).stdout


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def network(tmp_path) -> Path:
    """A repository `cedta init` made (no git), whose data/ holds one provider."""
    target = tmp_path / "moncton"
    assert runner.invoke(app, ["init", str(target), "--no-git"]).exit_code == 0
    (target / "data/providers/cenb.yaml").write_text("id: cenb\nname: {en: CENB}\nkind: non-profit\n")
    return target


@pytest.mark.parametrize("where", ["data", "data/clients", "data/clients/new", "data/.private", "."])
def test_refused_in_or_over_an_existing_network(network, where):
    before = listing(network)
    r = runner.invoke(app, ["init", str(network / where), "--no-git"])
    assert r.exit_code == 2, r.output
    assert "nothing was written" in r.stderr
    assert ("already a cedta data directory" in r.stderr if where == "data" else
            "already holds a network" in r.stderr if where == "." else
            f"is inside the data directory {network / 'data'}" in r.stderr)
    assert listing(network) == before


def test_refusals_in_french(network):
    r = runner.invoke(app, ["--lang", "fr", "init", str(network / "data"), "--no-git"])
    assert r.exit_code == 2
    assert "est déjà un dossier de données cedta" in r.stderr and "rien n’a été écrit" in r.stderr
    r = runner.invoke(app, ["--lang", "fr", "init", str(network / "data/hubs"), "--no-git"])
    assert r.exit_code == 2 and "est dans le dossier de données" in r.stderr


def test_a_folder_named_clients_nearby_is_not_a_network(tmp_path):
    (tmp_path / "clients").mkdir()  # a home directory with a `clients` folder
    r = runner.invoke(app, ["init", str(tmp_path / "ta"), "--no-git"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "ta" / "data" / "network.yaml").is_file() and not list((tmp_path / "clients").iterdir())


def test_inside_another_repository_asks_for_a_choice(tmp_path):
    outer = tmp_path / "cedta-clone"
    outer.mkdir()
    git(outer, "init", "-q")
    r = runner.invoke(app, ["init", str(outer / "sudbury")])
    assert r.exit_code == 2
    assert f"inside the git repository {outer}" in r.stderr
    assert "only work at a repository's root" in r.stderr and "--git" in r.stderr and "--no-git" in r.stderr
    assert not (outer / "sudbury").exists()
    fr = runner.invoke(app, ["--lang", "fr", "init", str(outer / "sudbury")])
    assert fr.exit_code == 2 and "est dans le dépôt git" in fr.stderr and "racine d’un dépôt" in fr.stderr

    # --git: a repository of its own, where `cedta diff` no longer sees the outer one
    r = runner.invoke(app, ["init", str(outer / "sudbury"), "--git"])
    assert r.exit_code == 0, r.output
    assert (outer / "sudbury/.git").is_dir() and "a git repository of its own inside" in r.stderr
    r = runner.invoke(app, ["--data", str(outer / "sudbury/data"), "diff"])
    assert r.exit_code == 2 and "no commit yet" in r.stderr

    # --no-git: only the files, and a word on the CI and pre-commit files
    r = runner.invoke(app, ["init", str(outer / "timmins"), "--no-git"])
    assert r.exit_code == 0, r.output
    assert not (outer / "timmins/.git").exists()
    assert ".pre-commit-config.yaml only work once moved to that repository's root" in r.stderr


def test_existing_repository_root_with_a_gitignore(tmp_path):
    """A repository made on GitHub (README, licence, a Python .gitignore), cloned, then `init .`."""
    repo = tmp_path / "halifax-ta"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "README.md").write_text("# Halifax TA\n")
    (repo / ".gitignore").write_bytes(b"__pycache__/\r\n*.py[cod]\r\n.venv/")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Initial commit")
    r = runner.invoke(app, ["init", str(repo)])
    assert r.exit_code == 0, r.output
    assert "initialised" not in r.stderr  # it is a repository already
    assert (repo / "README.md").read_text() == "# Halifax TA\n"
    ignore = (repo / ".gitignore").read_bytes()
    assert ignore.startswith(b"__pycache__/\r\n*.py[cod]\r\n.venv/\r\n")
    assert b"\r\ndata/.private/\r\n" in ignore and b"\n" not in ignore.replace(b"\r\n", b"")
    lines = ignore.decode().splitlines()
    assert lines.count("data/.private/") == 1 and lines.count(".venv/") == 1  # theirs kept, not repeated
    assert f"added to the existing {repo / '.gitignore'}: data/.private/" in r.stderr
    # git now ignores the identity store
    (repo / "data/.private").mkdir()
    (repo / "data/.private/identities.yaml").write_text("c-1: {name: X}\n")
    assert "data/.private" not in git(repo, "status", "--porcelain", "--untracked-files=all")
    r = runner.invoke(app, ["--data", str(repo / "data"), "validate"])
    assert r.exit_code == 0 and "private-not-ignored" not in r.output, r.output
    assert "identity-without-client" in r.output  # c-1 has no client file


def test_gitignore_that_has_every_line_is_left_alone(tmp_path):
    target = tmp_path / "net"
    target.mkdir()
    text = "data/.private/\n.cedta.lock\ndata/.cedta.lock\n.*.cedta-tmp\n"
    (target / ".gitignore").write_text(text)
    r = runner.invoke(app, ["--lang", "fr", "init", str(target), "--no-git"])
    assert r.exit_code == 0, r.output
    assert (target / ".gitignore").read_text() == text
    assert "a déjà les lignes dont cedta a besoin" in r.stderr


@pytest.mark.parametrize("name", ["no", "yes", "on", "12:30", "0x1f", "2026-11-26", "1e3",
                                  'Réseau "DÉC" \\ du Grand Moncton', "Null"])
def test_names_yaml_would_misread_are_written_so_validate_accepts_them(tmp_path, name):
    target = tmp_path / "n"
    r = runner.invoke(app, ["init", str(target), "--name", name, "--no-git"])
    assert r.exit_code == 0, r.output
    doc = yaml.safe_load((target / "data/network.yaml").read_text())
    assert doc["name"] == {"en": name, "fr": name}
    assert isinstance(doc["id"], str)
    r = runner.invoke(app, ["--data", str(target / "data"), "validate", "--strict"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["--data", str(target / "data"), "fmt", "--check"])
    assert r.exit_code == 0, r.output


def test_id_yaml_would_misread_is_quoted(tmp_path):
    for network_id in ("no", "12", "2026-11-26"):
        target = tmp_path / network_id
        r = runner.invoke(app, ["init", str(target), "--id", network_id, "--no-git"])
        assert r.exit_code == 0, r.output
        assert f'id: "{network_id}"\n' in (target / "data/network.yaml").read_text()
        r = runner.invoke(app, ["--data", str(target / "data"), "validate", "--strict"])
        assert r.exit_code == 0, r.output


@pytest.mark.parametrize("option, value, message", [
    ("--name", "", "--name is empty"),  # (said before any command runs: hostile 13, 8-9)
    ("--name", "   ", "--name is empty"),
    ("--name", "line1\nline2", "control character (U+000A)"),
    ("--name-fr", "R\u00e9seau\u202e", "(U+202E)"),
    ("--name", "x" * 201, "the name has 201 characters; at most 200"),
    ("--id", "", "--id is empty"),
    ("--id", "Not A Slug", "`Not A Slug` is not an id"),
    ("--id", "a" * 65, "is not an id"),
])
def test_bad_values_are_usage_errors(tmp_path, option, value, message):
    r = runner.invoke(app, ["init", str(tmp_path / "n"), option, value, "--no-git"])
    assert r.exit_code == 2
    assert message in " ".join(r.stderr.replace("│", " ").split())
    assert not (tmp_path / "n").exists()


def test_bad_value_in_french(tmp_path):
    r = runner.invoke(app, ["--lang", "fr", "init", str(tmp_path / "n"), "--name", "a\tb", "--no-git"])
    assert r.exit_code == 2
    assert "contient un caractère invisible ou de contrôle (U+0009)" in " ".join(
        r.stderr.replace("│", " ").split())


def test_two_names(tmp_path):
    target = tmp_path / "moncton"
    r = runner.invoke(app, ["init", str(target), "--name", "Greater Moncton CED Network",
                            "--name-fr", "Réseau DÉC du Grand Moncton", "--no-git"])
    assert r.exit_code == 0, r.output
    doc = yaml.safe_load((target / "data/network.yaml").read_text())
    assert doc["name"] == {"en": "Greater Moncton CED Network", "fr": "Réseau DÉC du Grand Moncton"}
    assert doc["id"] == "greater-moncton-ced-network"
    assert "same in English and French" not in r.stderr
    one = runner.invoke(app, ["--lang", "fr", "init", str(tmp_path / "dieppe"), "--name", "Réseau de Dieppe",
                              "--no-git"])
    assert "« Réseau de Dieppe », est le même en anglais et en français" in one.stderr
    assert "--name-fr (français)" in one.stderr


def test_vocab_example_can_be_uncommented_and_says_to_run_schema(tmp_path):
    target = tmp_path / "n"
    assert runner.invoke(app, ["init", str(target), "--no-git"]).exit_code == 0
    vocab = target / "data/vocab.yaml"
    text = vocab.read_text()
    assert "run `cedta schema`" in text and "topics: {}" not in text
    # follow the file's own instructions: remove "# " in front of the example's lines
    start = text.index("# topics:")
    end = text.index("#\n", start)
    example = "".join(line[2:] + "\n" for line in text[start:end].splitlines())
    rest = text[end:].replace("\nregions: {}\n", "\nregions: {southeast-nb: {en: Southeast New Brunswick, "
                                                 "fr: Sud-Est du Nouveau-Brunswick}}\n")
    assert rest != text[end:]
    vocab.write_text(text[:start] + example + rest)
    r = runner.invoke(app, ["--data", str(target / "data"), "validate", "--strict"])
    assert r.exit_code == 0, r.output
    # in the canonical layout, as the pre-commit hook and the CI init installs check it (NC12-3)
    r = runner.invoke(app, ["--data", str(target / "data"), "fmt", "--check"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["--data", str(target / "data"), "vocab", "topics"])
    assert "export-readiness" in r.stdout
    r = runner.invoke(app, ["--data", str(target / "data"), "vocab", "regions"])
    assert "southeast-nb" in r.stdout
    # and, as it says, `cedta schema` brings the editor schemas up to date
    r = runner.invoke(app, ["--data", str(target / "data"), "schema"])
    assert r.exit_code == 0, r.output
    assert "export-readiness" in (target / "schemas/provider.schema.json").read_text()


def test_diff_lists_no_file_of_inits_own_and_counts_what_it_lists(tmp_path, monkeypatch):
    repo = tmp_path / "net"
    repo.mkdir()
    monkeypatch.chdir(repo)  # files named from the working directory: data/notes.txt
    git(repo, "init", "-q")
    git(repo, "commit", "-q", "--allow-empty", "-m", "empty")
    assert runner.invoke(app, ["init", str(repo)]).exit_code == 0
    data = str(repo / "data")
    r = runner.invoke(app, ["--data", data, "diff", "HEAD"])  # init's files, before they are committed
    assert r.exit_code == 0, r.output
    assert "Other files" not in r.stdout and "README" not in r.stdout
    assert r.stdout.rstrip().splitlines()[-1] == "1 record changed, 0 risks to check"
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "cedta init")
    (repo / "data/notes.txt").write_text("to do\n")
    (repo / "data/providers/logo.png").write_bytes(b"\x89PNG")
    r = runner.invoke(app, ["--data", data, "diff", "HEAD"])
    assert "  + data/notes.txt: new file, not a record" in r.stdout
    assert r.stdout.rstrip().splitlines()[-1] == "0 records changed, 0 risks to check, 2 other files"
    fr = runner.invoke(app, ["--lang", "fr", "--data", data, "diff", "HEAD", "--format", "markdown"])
    assert "- `+` data/notes.txt : nouveau fichier, pas un enregistrement" in fr.stdout
    assert "0 enregistrement modifié, 0 risque à vérifier, 2 autres fichiers" in fr.stdout


def test_a_link_to_nothing_is_named_and_nothing_is_written(tmp_path):
    """Hostile 12, 9i: `init` on a dangling symbolic link said "cannot write …/.gitignore: File
    exists"; it names the link and where it points, exit 2, and writes nothing (not even through it)."""
    link = tmp_path / "network"
    link.symlink_to(tmp_path / "elsewhere" / "net")
    for lang, words in (("en", "is a symbolic link to"), ("fr", "est un lien symbolique vers")):
        r = runner.invoke(app, ["--lang", lang, "init", str(link), "--no-git"])
        assert r.exit_code == 2 and words in r.output and "File exists" not in r.output, r.output
    assert not (tmp_path / "elsewhere").exists() and link.is_symlink()
    (tmp_path / "elsewhere" / "net").mkdir(parents=True)  # once the folder is there, the link is a way in
    assert runner.invoke(app, ["init", str(link), "--no-git"]).exit_code == 0
    assert (tmp_path / "elsewhere" / "net" / "data" / "network.yaml").is_file()


@pytest.mark.parametrize("where", ["templates", "schemas", ".github"])
def test_a_file_where_a_folder_goes_is_found_before_anything_is_written(tmp_path, where):
    """Hostile 13, 25: a file named `templates` stopped `init` half-way (".gitignore", "data/"
    written), and its next run then said the folder already held a network."""
    target = tmp_path / "n"
    target.mkdir()
    (target / where).write_text("mine\n")
    r = runner.invoke(app, ["init", str(target), "--no-git"])
    assert r.exit_code == 2 and "is not a directory" in r.output, r.output
    assert listing(target) == [where]


@pytest.mark.parametrize("where, right", [("templates", "../data"), ("schemas", "../data"), ("data/clients", ".."),
                                          ("data", ".")])
def test_validate_run_inside_the_repository_names_the_data_directory(network, where, right):
    """Newcomer 13, N13-6: from `templates/` the hint was `--data .` (its network.yaml beside
    provider.yaml), which read the templates as data; from `data/clients/` or `schemas/`, none."""
    import os

    here = os.getcwd()
    os.chdir(network / where)
    try:
        r = runner.invoke(app, ["validate"])
    finally:
        os.chdir(here)
    assert r.exit_code == 2 and f"the data directory is here: --data {right})" in r.output, r.output


def test_a_term_uncommented_without_its_category_is_said_at_its_line(network):
    """Newcomer 13, N13-7: following vocab.yaml's own comment, a term was uncommented without its
    `# populations:` line: "did not find expected <document start>" at an untouched line further
    down, and in French advice to add `---`."""
    vocab = network / "data" / "vocab.yaml"
    lines = vocab.read_text(encoding="utf-8").split("\n")
    start = next(i for i, x in enumerate(lines) if x.startswith("#   newcomers-from-rural-areas:"))
    for i in range(start, start + 3):
        lines[i] = lines[i][2:]
    vocab.write_text("\n".join(lines), encoding="utf-8")
    r = runner.invoke(app, ["--data", str(network / "data"), "validate"])
    assert r.exit_code == 1 and f"vocab.yaml:{start + 1}:3: error yaml-indented-start" in r.output, r.output
    assert "`populations:`" in r.output
    fr = runner.invoke(app, ["--lang", "fr", "--data", str(network / "data"), "validate"])
    assert "---" not in fr.output and "encore en commentaire" in fr.output
