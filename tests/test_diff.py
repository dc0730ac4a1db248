"""`cedta diff`: what changed between two git revisions, in the domain's words, with the risks."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cedta.cli import app

runner = CliRunner()

OCRI = """\
id: ocri
name: {en: OCRI Entrepreneurship Centre, fr: Centre d'entrepreneuriat de l'OCRI}
kind: non-profit
languages: [en, fr]
services:
  - id: marketing-workshops
    name: {en: marketing workshops, fr: ateliers de mercatique}
    topic: marketing
    modes: [workshops]
    languages: [en]
    fees:
      - {amount: 25, unit: session}
  - id: business-plan-consulting
    name: {en: business plan consulting, fr: consultations sur le plan d'entreprise}
    topic: business-plan
    modes: [consulting]
    languages: [en, fr]
    fees: free
"""
RDEE = "id: rdee\nname: {en: RDEE Ontario}\nkind: non-profit\nlanguages: [fr]\n"
HUB = """\
id: francophones
name: {en: Francophone hub, fr: Centre francophone}
population: francophones
director: rdee
members: [rdee, ocri]
forum_representatives:
  - {name: Rep A, org: rdee, since: 2026-01-01}
  - {name: Rep B, org: ocri, since: 2026-01-01}
"""
CLIENT = """\
id: c-2026-0012
kind: individual
hub: francophones
intake: {date: 2026-02-03, by: rdee}
consent: {given: 2026-02-03, scope: hub}
profile: {birth_year: 1984, languages: {speaks: [fr]}}
plan:
  - {topic: marketing, service: ocri/marketing-workshops, status: done, done: 2026-03-01}
  - {topic: business-plan, service: ocri/business-plan-consulting, status: active}
contacts:
  - {date: 2026-02-10, org: ocri, service: ocri/marketing-workshops, note: First workshop.}
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout


def write(repo: Path, rel: str, text: str) -> None:
    p = repo / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A network repository: one commit on main, then a branch `change` checked out."""
    repo = tmp_path / "net"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Test Reviewer")
    git(repo, "config", "user.email", "reviewer@example.org")
    write(repo, "data/providers/ocri.yaml", OCRI)
    write(repo, "data/providers/rdee.yaml", RDEE)
    write(repo, "data/hubs/francophones.yaml", HUB)
    write(repo, "data/clients/c-2026-0012.yaml", CLIENT)
    write(repo, ".gitignore", "data/.private/\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "directory")
    git(repo, "checkout", "-q", "-b", "change")
    return repo


def cedta(repo: Path, *args: str):
    return runner.invoke(app, ["--data", str(repo / "data"), *args])


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    p = repo / rel
    text = p.read_text(encoding="utf-8")
    assert old in text, old
    p.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fee_and_language_in_the_domains_words(repo):
    edit(repo, "data/providers/ocri.yaml", "{amount: 25, unit: session}", "{amount: 40, unit: session}")
    edit(repo, "data/providers/ocri.yaml", "    languages: [en]\n", "    languages: [en, fr]\n")
    r = cedta(repo, "diff")
    assert r.exit_code == 0, r.output
    assert "OCRI Entrepreneurship Centre / marketing workshops: French added; " \
           "fee 25 → 40 CAD a session" in r.stdout
    assert "(main)" in r.stdout and "working tree" in r.stdout
    fr = cedta(repo, "--lang", "fr", "diff")
    assert "Centre d'entrepreneuriat de l'OCRI / ateliers de mercatique : " in fr.stdout
    assert "ateliers de mercatique : français ajouté(s) ; tarif 25 → 40 CAD la séance" in fr.stdout


def test_client_summarised_without_personal_detail(repo):
    edit(repo, "data/clients/c-2026-0012.yaml", "status: active}", "status: done, done: 2026-04-02}")
    (repo / "data/clients/c-2026-0012.yaml").write_text(
        (repo / "data/clients/c-2026-0012.yaml").read_text()
        + "  - {date: 2026-03-10, org: ocri, note: Talked about the lease on Rideau St.}\n"
        + "  - {date: 2026-04-02, org: ocri, minutes: 60}\n")
    edit(repo, "data/clients/c-2026-0012.yaml", "birth_year: 1984", "birth_year: 1985")
    git(repo, "commit", "-qam", "client progress")
    r = cedta(repo, "diff", "main", "change")
    assert r.exit_code == 0, r.output
    assert "c-2026-0012: profile updated; step 2 done; 2 contact(s) logged" in r.stdout
    for secret in ("Rideau", "1985", "1984", "lease"):
        assert secret not in r.stdout
    payload = json.loads(cedta(repo, "diff", "main", "change", "--format", "json").stdout)
    assert "Rideau" not in json.dumps(payload) and "1985" not in json.dumps(payload)


def test_risks_flagged(repo):
    # the service an active plan uses disappears; the hub's director changes; a representative moves
    text = (repo / "data/providers/ocri.yaml").read_text()
    (repo / "data/providers/ocri.yaml").write_text(text[: text.index("  - id: business-plan-consulting")])
    edit(repo, "data/hubs/francophones.yaml", "director: rdee", "director: ocri")
    edit(repo, "data/hubs/francophones.yaml", "{name: Rep A, org: rdee", "{name: Rep A, org: ocri")
    r = cedta(repo, "diff")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "Risks to check" in out
    assert "business plan consulting is removed but 1 client(s) have an open plan step" in out
    assert "c-2026-0012" in out
    assert "Francophone hub changes director: RDEE Ontario → OCRI Entrepreneurship Centre" in out
    assert "forum representative Rep A moves from RDEE Ontario to OCRI" in out
    md = cedta(repo, "diff", "--format", "markdown").stdout
    assert md.startswith("### Changes to the network data")
    assert "> [!WARNING]" in md and "- `-` **OCRI Entrepreneurship Centre / business plan consulting**" in md
    payload = json.loads(cedta(repo, "diff", "--format", "json").stdout)
    codes = {r["code"] for r in payload["risks"]}
    assert codes == {"risk-service-removed", "risk-director-changed", "risk-representative-moved"}


def test_consent_withdrawn_and_closed_service(repo):
    edit(repo, "data/clients/c-2026-0012.yaml", "scope: hub}", "scope: hub, withdrawn: 2026-05-01}")
    edit(repo, "data/providers/ocri.yaml", "    fees: free\n", "    fees: free\n    valid: {until: 2026-06-30}\n")
    payload = json.loads(cedta(repo, "diff", "--format", "json").stdout)
    texts = [r["text"] for r in payload["risks"]]
    assert any("consent withdrawn but plan step(s) 2 are still open" in t for t in texts)
    assert any("now ends on 2026-06-30" in t for t in texts)
    client = next(r for r in payload["records"] if r["kind"] == "client")
    assert client["text"] == "c-2026-0012: consent withdrawn on 2026-05-01"


def test_new_records_renames_and_unreadable_files(repo):
    write(repo, "data/providers/cco.yaml", "id: cco\nname: {en: CCO}\nkind: co-operative\n"
                                          "services:\n  - {id: coop, topic: business-plan, "
                                          "modes: [consulting], languages: [fr]}\n")
    git(repo, "mv", "data/providers/rdee.yaml", "data/providers/rdee-ontario.yaml")
    edit(repo, "data/providers/rdee-ontario.yaml", "id: rdee", "id: rdee-ontario")
    write(repo, "data/hubs/francophones.yaml", "id: francophones\nname: {en: Broken\n")
    (repo / "data/clients/c-2026-0099.yaml").write_bytes(b"id: c\x00")
    (repo / "data/logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    r = cedta(repo, "diff")
    assert r.exit_code == 1, r.output  # the head side has files that cannot be read
    out = r.stdout
    assert "+ CCO: new organisation, 1 service(s)" in out
    assert "> RDEE Ontario: renamed from rdee, content unchanged" in out
    assert "after: data/hubs/francophones.yaml:3:1: yaml-syntax" in out and "yaml-syntax" in out
    assert "data/clients/c-2026-0099.yaml" in out and "binary-file" in out
    assert "data/logo.png: not a record file, not compared" in out
    assert "Francophone hub" not in out.split("Not compared")[0]  # not shown as removed
    assert "Traceback" not in r.output


def test_nothing_changed(repo):
    r = cedta(repo, "diff")
    assert r.exit_code == 0 and "No change to the records." in r.stdout


def test_bad_input_gives_a_message_and_exit_2(repo, tmp_path, monkeypatch):
    r = cedta(repo, "diff", "no-such-branch")
    assert r.exit_code == 2 and "unknown revision `no-such-branch`" in r.stderr
    r = cedta(repo, "--lang", "fr", "diff", "main", "nope")
    assert r.exit_code == 2 and "révision inconnue « nope »" in r.stderr
    r = cedta(repo, "diff", "--upload-pack=evil")
    assert r.exit_code == 2 and "Traceback" not in r.output
    plain = tmp_path / "plain" / "data"
    (plain / "providers").mkdir(parents=True)
    r = runner.invoke(app, ["--data", str(plain), "diff"])
    assert r.exit_code == 2 and "is not inside a git repository" in r.stderr
    git(repo, "branch", "-q", "-m", "main", "trunk")
    r = cedta(repo, "diff")
    assert r.exit_code == 2 and "no main branch" in r.stderr
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    r = cedta(repo, "diff", "trunk")
    assert r.exit_code == 2 and "git is not installed" in r.stderr


def test_compare_is_pure():
    """The diff logic takes records and returns change objects: no git, no files."""
    from cedta import diff, model

    def provider(fee: float):
        return model.Provider.model_validate({
            "id": "p", "name": {"en": "P"}, "kind": "non-profit",
            "services": [{"id": "s", "topic": "marketing", "modes": ["workshops"], "languages": ["en"],
                          "fees": [{"amount": fee, "unit": "session"}]}]})

    base = diff.Snapshot("a", providers={"p": provider(25)})
    head = diff.Snapshot("b", providers={"p": provider(40)})
    out = diff.compare(base, head)
    [record] = out.records
    assert (record.kind, record.id, record.status) == ("service", "p/s", "changed")
    assert [c.code for c in record.changes] == ["fees"]
