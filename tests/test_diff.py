"""`cedta diff`: what changed between two git revisions, in the domain's words, with the risks."""

from __future__ import annotations

import json
import os
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
def repo(tmp_path: Path, monkeypatch) -> Path:
    """A network repository: one commit on main, then a branch `change` checked out; the tests run
    from it (files named `data/...`, as a reviewer sees them)."""
    repo = tmp_path / "net"
    repo.mkdir()
    monkeypatch.chdir(repo)
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
           "fee $25 → $40 a session" in r.stdout
    assert "(main)" in r.stdout and "working tree" in r.stdout
    fr = cedta(repo, "--lang", "fr", "diff")
    # one kind of apostrophe in a French line: the data's names take the phrases' ’
    assert "Centre d’entrepreneuriat de l’OCRI / ateliers de mercatique : " in fr.stdout
    assert "ateliers de mercatique : français ajouté ; tarif 25 $ → 40 $ la séance" in fr.stdout
    assert "'" not in fr.stdout
    assert fr.stdout.rstrip().endswith("\n1 enregistrement modifié, 0 risque à vérifier")
    assert r.stdout.rstrip().endswith("\n1 record changed, 0 risks to check")  # no "0 files not compared"


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
    assert "c-2026-0012: profile updated; step 2 done; 2 contacts logged" in r.stdout
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
    assert "business plan consulting is removed but client c-2026-0012 has an open plan step" in out
    assert "c-2026-0012" in out
    assert "Francophone hub changes director: RDEE Ontario → OCRI Entrepreneurship Centre" in out
    assert "forum representative Rep A moves from RDEE Ontario to OCRI" in out
    # in French, without the articles a name would need (« passe de Coopérative … à Centre … »: NC11-7)
    fr = " ".join(cedta(repo, "--lang", "fr", "diff").stdout.split())
    assert "Rep A, qui siège au forum, représentait RDEE Ontario et représente désormais Centre" in fr, fr
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
    assert any("consent withdrawn but plan step 2 is still open" in t for t in texts)
    assert any("now ends on 2026-06-30" in t for t in texts)
    client = next(r for r in payload["records"] if r["kind"] == "client")
    assert client["text"] == "c-2026-0012: consent withdrawn on 2026-05-01"


def test_a_change_that_makes_a_service_unfit_for_an_enrolled_client_is_a_risk(repo):
    """Newcomer 11, NC11-6: a fee raised over the budget, or the only language the enrolled client
    speaks taken away, was a change with no risk, while `match` then called the need a gap."""
    edit(repo, "data/clients/c-2026-0012.yaml", "languages: {speaks: [fr]}}",
         "languages: {speaks: [fr]}, budget: {max_fee: 0}}")
    git(repo, "commit", "-qam", "budget")
    edit(repo, "data/providers/ocri.yaml", "    languages: [en, fr]\n    fees: free\n",
         "    languages: [en]\n    fees:\n      - {amount: 40, unit: session}\n")
    payload = json.loads(cedta(repo, "diff", "main", "--format", "json").stdout)
    codes = {r["code"] for r in payload["risks"]}
    assert {"risk-service-unfit-fee", "risk-service-unfit-language"} <= codes, payload["risks"]
    texts = " ".join(r["text"] for r in payload["risks"])
    assert "now costs more than the budget of client c-2026-0012, who has an open plan step in it" in texts
    fr = cedta(repo, "--lang", "fr", "diff", "main").stdout
    assert "n’est plus offert dans une langue que parle le client c-2026-0012" in " ".join(fr.split()), fr


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
    assert "+ CCO: new organisation, 1 service" in out
    assert "> RDEE Ontario: renamed from rdee, content unchanged" in out
    assert "after: data/hubs/francophones.yaml:3:1: yaml-syntax" in out and "yaml-syntax" in out
    assert "data/clients/c-2026-0099.yaml" in out and "binary-file" in out
    assert "  + data/logo.png: new file, not a record" in out
    # each count is the number of files its section lists: two unreadable records, one other file
    assert out.rstrip().endswith("2 records changed, 0 risks to check, 2 files not compared, 1 other file")
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


def test_an_orphan_branch_and_a_worktree_whose_repository_is_gone_are_named(tmp_path, monkeypatch):
    """An orphan branch has no commit though the repository has: said so, not "no commit yet";
    a worktree whose repository was pruned is not "not inside a git repository" (hostile 10 M2, M3).
    `diff` stops (exit 2); the report says why it has no directory changes."""
    import shutil

    repo = tmp_path / "net"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", repo / "data")
    monkeypatch.chdir(repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "network")
    git(repo, "worktree", "add", "-q", "--detach", str(tmp_path / "wt"), "main")
    git(repo, "checkout", "-q", "--orphan", "lonely")
    r = cedta(repo, "diff", "main")
    assert r.exit_code == 2 and "the branch checked out has no commit yet" in r.stderr
    r = cedta(repo, "--lang", "fr", "report", "--quarter", "2026Q1")
    assert r.exit_code == 0 and "La branche extraite n’a encore aucun commit" in r.stdout, r.output
    shutil.rmtree(repo / ".git" / "worktrees" / "wt")
    r = runner.invoke(app, ["--data", str(tmp_path / "wt" / "data"), "diff"])
    assert r.exit_code == 2 and "whose repository is gone or was moved" in r.stderr
    assert "git worktree repair" in r.stderr and "not inside a git repository" not in r.stderr
    r = runner.invoke(app, ["--data", str(tmp_path / "wt" / "data"), "report", "--quarter", "2026Q1"])
    assert r.exit_code == 0 and "whose repository is gone or was moved" in r.stdout, r.output


def test_compare_is_pure():
    """The diff logic takes records and returns change objects: no git, no files."""
    from cedta.records import model
    from cedta.review import diff

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


def test_renamed_records_are_said_renamed_and_still_referred_to(repo):
    """A provider whose file and id change: the Directory says renamed, and so do the risks (the
    hub and the client's plan still use the old id), instead of "removed"."""
    git(repo, "mv", "data/providers/ocri.yaml", "data/providers/ocri-ottawa.yaml")
    edit(repo, "data/providers/ocri-ottawa.yaml", "id: ocri\n", "id: ocri-ottawa\n")
    git(repo, "mv", "data/hubs/francophones.yaml", "data/hubs/franco.yaml")
    edit(repo, "data/hubs/franco.yaml", "id: francophones\n", "id: franco\n")
    r = cedta(repo, "diff")
    out = r.stdout
    assert "> OCRI Entrepreneurship Centre: renamed from ocri, content unchanged" in out
    assert "removed" not in out
    assert 'OCRI Entrepreneurship Centre is renamed from "ocri" to "ocri-ottawa", but hub "franco" ' \
           "still refers to it by its old id" in out
    assert 'business plan consulting is now "ocri-ottawa/business-plan-consulting" (its organisation ' \
           'was renamed) but an open plan step of client c-2026-0012 still refers to ' \
           '"ocri/business-plan-consulting"' in out
    assert 'Francophone hub is renamed from "francophones" to "franco", but client c-2026-0012 ' \
           "still refers to it by its old id" in out
    codes = {x["code"] for x in json.loads(cedta(repo, "diff", "--format", "json").stdout)["risks"]}
    assert codes == {"risk-provider-renamed", "risk-service-renamed", "risk-hub-renamed"}
    fr = cedta(repo, "--lang", "fr", "diff").stdout
    assert "identifiant changé (ancien : ocri), contenu inchangé" in fr
    assert "change d’identifiant (« ocri » → « ocri-ottawa »), mais le centre « franco » le désigne " \
           "encore par l’ancien, « ocri »" in fr
    assert "retiré" not in fr


def test_renamed_director_gives_one_risk(repo):
    git(repo, "mv", "data/providers/rdee.yaml", "data/providers/rdee-ontario.yaml")
    edit(repo, "data/providers/rdee-ontario.yaml", "id: rdee\n", "id: rdee-ontario\n")
    payload = json.loads(cedta(repo, "diff", "--format", "json").stdout)
    assert [x["code"] for x in payload["risks"]] == ["risk-provider-renamed"]


def test_french_wording_singular_plural_and_punctuation(repo):
    # two languages added, a used service removed, a member provider removed, an unreadable file
    edit(repo, "data/providers/ocri.yaml", "    languages: [en]\n", "    languages: [en, fr, es]\n")
    text = (repo / "data/providers/ocri.yaml").read_text()
    (repo / "data/providers/ocri.yaml").write_text(text[: text.index("  - id: business-plan-consulting")])
    (repo / "data/providers/rdee.yaml").unlink()
    write(repo, "data/clients/c-2026-0013.yaml", "id: c-2026-0013\nkind: [\n")
    fr = cedta(repo, "--lang", "fr", "diff").stdout
    assert "français et espagnol ajoutés" in fr
    assert "est retiré, mais le client c-2026-0012 a une étape prévue ou en cours qui l’utilise" in fr
    assert "RDEE Ontario est retiré, mais reste membre ou organisme responsable du centre " \
           "« francophones »" in fr
    assert "organisme retiré (il n’avait aucun service)" in fr
    assert "  ? après : data/clients/c-2026-0013.yaml:" in fr
    assert "(s)" not in fr and "(e)" not in fr
    assert "3 enregistrements modifiés, 3 risques à vérifier, 1 fichier non comparé" in fr
    en = cedta(repo, "diff").stdout
    assert "French and Spanish added" in en
    assert 'RDEE Ontario is removed but is still a member or the director of hub "francophones"' in en
    assert "(s)" not in en
    assert "3 records changed, 3 risks to check, 1 file not compared" in en


def test_redefined_builtin_term_reads_as_a_relabel(repo):
    write(repo, "data/vocab.yaml", "topics:\n  networking: {en: Networking, fr: Réseautage}\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "vocab")
    write(repo, "data/vocab.yaml",
          "topics:\n  networking: {en: Networking, fr: Réseautage}\n"
          "  marketing: {en: Marketing and sales, fr: Mercatique et ventes}\n"
          "modes:\n  workshops: {aliases: [Atelier pratique]}\n")
    r = cedta(repo, "diff", "HEAD")
    assert "topics: built-in term marketing relabelled Marketing → Marketing and sales" in r.stdout
    assert 'modes: other wording for workshops: "Atelier pratique"' in r.stdout
    assert "added" not in r.stdout
    fr = cedta(repo, "--lang", "fr", "diff", "HEAD").stdout
    assert "sujets : libellé du terme de base marketing : Marketing → Mercatique et ventes" in fr
    assert "modes de prestation : nouvelle variante pour workshops : « Atelier pratique »" in fr
    # a new term of its own is an addition
    write(repo, "data/vocab.yaml", "topics:\n  networking: {en: Networking, fr: Réseautage}\n"
                                   "  events: {en: Events, fr: Événements}\n")
    r = cedta(repo, "diff", "HEAD")
    assert "topics: new term events (Events)" in r.stdout


def test_french_reads_naturally_on_common_edits(repo):
    edit(repo, "data/providers/ocri.yaml", "    modes: [workshops]\n",
         "    modes: [workshops, consulting]\n    valid: {until: 2027-03-31}\n"
         "    schedule: {frequency: monthly, times: [evenings]}\n")
    edit(repo, "data/hubs/francophones.yaml", "  - {name: Rep B, org: ocri, since: 2026-01-01}\n",
         "  - {name: Rep B, org: ocri, since: 2026-01-01}\n  - {name: Rep C, org: rdee, since: 2026-06-01}\n")
    write(repo, "data/network.yaml", "id: net\nname: {en: Net, fr: Réseau}\nforum: {meets: monthly}\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "network")
    edit(repo, "data/network.yaml", "meets: monthly", "meets: quarterly")
    fr = cedta(repo, "--lang", "fr", "diff", "main").stdout \
        + cedta(repo, "--lang", "fr", "diff", "HEAD").stdout
    # a term list is quoted (no "ajout d’en soirée"); a group of fields set reads field by field
    assert "modes de prestation : ajout de « Services de consultation »" in fr
    assert "moments : ajout de « en soirée »" in fr and "offert jusqu’au : désormais 2027-03-31" in fr
    assert "forum : arrivée de Rep C, qui représente RDEE Ontario" in fr
    # a term replaced by another reads as one change (« en semaine au lieu d'en soirée »: NC11-7)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "evenings")
    edit(repo, "data/providers/ocri.yaml", "times: [evenings]", "times: [weekdays]")
    en = " ".join(cedta(repo, "diff", "HEAD").stdout.split())
    fr2 = " ".join(cedta(repo, "--lang", "fr", "diff", "HEAD").stdout.split())
    assert "times: weekdays instead of evenings" in en, en
    assert "moments : « en semaine » au lieu de « en soirée »" in fr2, fr2
    assert "le forum se réunit : tous les mois → tous les trimestres" in fr
    assert "{" not in fr and "'" not in fr
    en = cedta(repo, "diff", "main").stdout
    assert "modes: Consulting services added" in en and "available until set to 2027-03-31" in en
    assert "new forum representative Rep C, for RDEE Ontario" in en


def test_financing_offer_change_in_words(repo):
    edit(repo, "data/providers/ocri.yaml", "    languages: [en]\n",
         "    languages: [en]\n    financing:\n      - {kind: loan, up_to: 15000}\n")
    git(repo, "commit", "-qam", "loan")
    edit(repo, "data/providers/ocri.yaml", "up_to: 15000", "up_to: 20000")
    r = cedta(repo, "diff", "HEAD")
    assert "financing loan up to $15,000 → loan up to $20,000" in r.stdout
    r = cedta(repo, "--lang", "fr", "diff", "HEAD")
    assert "financement prêt jusqu’à 15\u202f000 $ → prêt jusqu’à 20\u202f000 $" in r.stdout


def test_eligibility_rules_in_words(repo):
    edit(repo, "data/providers/ocri.yaml", "    languages: [en]\n",
         "    languages: [en]\n    eligibility:\n      - {ei: {within_years: 3}}\n      - {age: {min: 15, max: 30}}\n")
    r = cedta(repo, "diff")
    assert 'eligibility: added "EI claimant now or within 3 years" and "age 15–30"' in r.stdout, r.stdout
    fr = cedta(repo, "--lang", "fr", "diff").stdout
    assert "« prestataire de l’AE actuel ou des 3 dernières années » et « 15 à 30 ans »" in fr, fr


def test_capacity_and_coordinator_in_words(repo):
    edit(repo, "data/providers/ocri.yaml", "    languages: [en]\n",
         "    languages: [en]\n    capacity: {count: 5, per: year, unit: organisations}\n")
    git(repo, "commit", "-qam", "capacity")
    edit(repo, "data/providers/ocri.yaml", "count: 5, per: year, unit: organisations", "count: 20, per: year, unit: participants")
    r = cedta(repo, "diff", "HEAD")
    assert "capacity 5 organisations a year → 20 participants a year" in r.stdout, r.stdout
    assert "capacité : 5 organismes par année → 20 participants par année" in cedta(repo, "--lang", "fr", "diff", "HEAD").stdout
    edit(repo, "data/hubs/francophones.yaml", "members: [rdee, ocri]\n",
         "members: [rdee, ocri]\ncoordinator: {name: Coordinator (fictitious), org: rdee}\n")
    git(repo, "commit", "-qam", "coordinator")
    edit(repo, "data/hubs/francophones.yaml", "org: rdee}", "org: ocri}")
    r = cedta(repo, "diff", "HEAD")
    assert "OCRI Entrepreneurship Centre" in r.stdout and "rdee →" not in r.stdout, r.stdout


# ---- diff reads only what changed -------------------------------------------------------------

def _count_parses(monkeypatch) -> list[str]:
    """Record every YAML parse that diff makes (blobs and working-tree files alike)."""
    from cedta.io import cache, revisions

    seen: list[str] = []
    for module in (cache, revisions):
        real = module.parse

        def counting(text, _real=real):
            seen.append(text.partition("\n")[0])
            return _real(text)
        monkeypatch.setattr(module, "parse", counting)
    return seen


def _more_clients(repo: Path, n: int, service: str | None = None) -> None:
    for i in range(n):
        cid = f"c-2026-{1000 + i}"
        text = CLIENT.replace("c-2026-0012", cid)
        if service is None:
            text = text.replace("ocri/", "none-such/").replace("org: ocri", "org: rdee")
        write(repo, f"data/clients/{cid}.yaml", text)


@pytest.mark.parametrize("commit", [False, True])
def test_one_changed_provider_reads_the_directory_and_only_the_clients_that_use_it(repo, monkeypatch, commit):
    monkeypatch.setenv("CEDTA_NO_CACHE", "1")
    _more_clients(repo, 30)  # clients who never used ocri
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "more clients")
    git(repo, "branch", "-f", "main")
    edit(repo, "data/providers/ocri.yaml", "  - id: business-plan-consulting\n",
         "  - id: business-plan-advice\n")
    if commit:
        git(repo, "commit", "-qam", "rename a service")
    seen = _count_parses(monkeypatch)
    r = cedta(repo, "diff", *(["main", "change"] if commit else []))
    assert r.exit_code == 0, r.output
    # the risk is found through the unchanged client who uses the service
    # ocri twice (one per side), rdee and the hub once, the one client who uses ocri once
    assert len(seen) == 5, seen
    assert not any("c-2026-10" in s for s in seen)
    # the risk is found through the unchanged client who uses the service
    assert "business plan consulting is removed but client c-2026-0012 has an open plan step" in r.stdout


def test_one_changed_client_in_a_large_network_reads_that_client_and_the_directory(repo, monkeypatch):
    monkeypatch.setenv("CEDTA_NO_CACHE", "1")
    _more_clients(repo, 30)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "more clients")
    git(repo, "branch", "-f", "main")
    edit(repo, "data/clients/c-2026-1005.yaml", "birth_year: 1984", "birth_year: 1985")
    seen = _count_parses(monkeypatch)
    r = cedta(repo, "diff")
    assert r.exit_code == 0, r.output
    assert "c-2026-1005: profile updated" in r.stdout
    assert "1 record changed" in r.stdout
    assert len(seen) == 5, seen  # the client on both sides; two providers and the hub once


def test_removed_hub_still_counts_its_unchanged_clients(repo):
    (repo / "data/hubs/francophones.yaml").unlink()
    r = cedta(repo, "diff", "--format", "json")
    payload = json.loads(r.stdout)
    assert any(risk.get("code", "").startswith("risk-hub-removed") or "hub" in json.dumps(risk)
               for risk in payload["risks"]), payload


def test_a_vocabulary_change_reads_no_client(repo, monkeypatch):
    """What diff says of an unchanged client never depends on the vocabulary (terms are checked by
    `validate`): vocab.yaml and the directory are read, not the clients."""
    monkeypatch.setenv("CEDTA_NO_CACHE", "1")
    write(repo, "data/vocab.yaml", "topics:\n  bee-keeping: {en: Bee keeping, fr: Apiculture}\n")
    seen = _count_parses(monkeypatch)
    r = cedta(repo, "diff")
    assert "Traceback" not in r.output
    assert len(seen) == 4, seen  # vocab.yaml at the head; two providers and the hub once


@pytest.mark.parametrize("change", ["vocab-added", "vocab-removed", "vocab-broken", "network"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_reading_every_file_says_the_same(repo, monkeypatch, change, fmt):
    """CEDTA_DIFF_ALL=1 reads every file on both sides, as diff once did for these changes."""
    monkeypatch.setenv("CEDTA_NO_CACHE", "1")
    write(repo, "data/vocab.yaml", "topics:\n  bee-keeping: {en: Bee keeping, fr: Apiculture}\n")
    write(repo, "data/network.yaml", "id: net\nname: {en: Net, fr: Réseau}\nsmall_cell_threshold: 5\n")
    edit(repo, "data/clients/c-2026-0012.yaml", "hub: francophones", "hub: francophones\n# uses bee-keeping")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "vocab and network")
    git(repo, "branch", "-f", "main")
    if change == "vocab-added":
        write(repo, "data/vocab.yaml", "topics:\n  bee-keeping: {en: Bees, fr: Abeilles}\n  sheep: {en: Sheep, fr: Moutons}\n")
    elif change == "vocab-removed":
        write(repo, "data/vocab.yaml", "topics: {}\n")
    elif change == "vocab-broken":
        write(repo, "data/vocab.yaml", "topics: [broken\n")
    else:
        edit(repo, "data/network.yaml", "small_cell_threshold: 5", "small_cell_threshold: 7")
    (repo / "data/hubs/francophones.yaml").unlink()  # and a risk that names the clients
    some = cedta(repo, "diff", "--format", fmt)
    monkeypatch.setenv("CEDTA_DIFF_ALL", "1")
    every = cedta(repo, "diff", "--format", fmt)
    assert (some.exit_code, some.output) == (every.exit_code, every.output)
    assert "c-2026-0012" in some.output


def test_an_edited_note_reads_note_changed_not_added_and_removed(repo):
    """Editing only a contact's note is one note changed, never "1 contact logged; 1 contact removed"."""
    edit(repo, "data/clients/c-2026-0012.yaml", "note: First workshop.}", "note: First workshop and fees explained.}")
    r = cedta(repo, "diff")
    assert r.exit_code == 0, r.output
    assert "c-2026-0012: 1 contact's note changed" in r.stdout
    assert "logged" not in r.stdout and "removed" not in r.stdout
    assert "fees explained" not in r.stdout
    fr = cedta(repo, "--lang", "fr", "diff")
    assert "note de 1 contact modifiée" in fr.stdout


def test_a_network_change_does_not_read_every_client(repo, monkeypatch):
    """A client's findings never depend on network.yaml: changing it reads it and the directory,
    not the clients (at 50,000 clients it read every file on both sides: 38 s and 2.7 GB)."""
    monkeypatch.setenv("CEDTA_NO_CACHE", "1")
    write(repo, "data/network.yaml", "id: net\nname: {en: Net, fr: Réseau}\nsmall_cell_threshold: 5\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "network")
    git(repo, "branch", "-f", "main")
    edit(repo, "data/network.yaml", "small_cell_threshold: 5", "small_cell_threshold: 7")
    seen = _count_parses(monkeypatch)
    r = cedta(repo, "diff")
    assert r.exit_code == 0, r.output
    assert "small-cell threshold 5 → 7" in r.stdout
    assert len(seen) == 5, seen  # network.yaml on both sides; two providers and the hub once


def test_a_client_naming_its_hub_with_an_escape_is_not_missed(repo, monkeypatch):
    """`git grep` sees raw text: a client writing `hub: "francophone\\x73"` holds no `francophones`,
    yet belongs to the hub. Files with a backslash are read too, so the risk still names it."""
    monkeypatch.setenv("CEDTA_NO_CACHE", "1")
    edit(repo, "data/clients/c-2026-0012.yaml", "hub: francophones", 'hub: "francophone\\x73"')
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "escaped hub")
    git(repo, "branch", "-f", "main")
    (repo / "data/hubs/francophones.yaml").unlink()
    r = cedta(repo, "diff")
    assert "c-2026-0012" in r.stdout, r.stdout
    monkeypatch.setenv("CEDTA_DIFF_ALL", "1")
    assert cedta(repo, "diff").stdout == r.stdout


def test_a_range_as_git_diff_takes_it(repo):
    """Fuzz pass (session 6), Z6: `diff HEAD~1..HEAD` gave a raw git failure with a commit id."""
    edit(repo, "data/clients/c-2026-0012.yaml", "birth_year: 1984", "birth_year: 1985")
    git(repo, "commit", "-q", "-am", "birth year")
    both = cedta(repo, "diff", "main", "change").stdout
    assert "c-2026-0012" in both
    for given in ("main..change", "main..", "main...change"):
        r = cedta(repo, "diff", given)
        assert r.exit_code == 0 and r.stdout.split("\n", 1)[1] == both.split("\n", 1)[1], (given, r.output)
    r = cedta(repo, "diff", "nope..change")
    assert r.exit_code == 2 and "unknown revision `nope`" in r.stderr
    r = cedta(repo, "diff", "main..change", "main")  # a range and a second revision: not a revision
    assert r.exit_code == 2 and "unknown revision `main..change`" in r.stderr


def test_a_pull_request_comment_mentions_nobody_and_links_no_issue(repo):
    """A record naming `@octocat` or `#123` (a provider's name, a note) would ping that user or link
    that issue in the pull-request comment `diff -f markdown` writes (hostile pass 5, M4)."""
    edit(repo, "data/providers/ocri.yaml", "{en: OCRI Entrepreneurship Centre,", "{en: 'OCRI @octocat team #123 GH-12',")
    r = cedta(repo, "diff", "--format", "markdown")
    assert r.exit_code == 0, r.output
    assert "@octocat" not in r.stdout and "#123" not in r.stdout
    assert "@\u2060octocat" in r.stdout and "#\u2060123" in r.stdout
    assert "GH-12" not in r.stdout and "GH\u2060-12" in r.stdout
    assert "@octocat" in cedta(repo, "diff").stdout  # the terminal shows the name as it is


def test_a_web_or_mail_address_keeps_working_in_the_markdown(repo):
    """The word joiner landed inside `page#contact` and `info@example.org` (review 7)."""
    edit(repo, "data/providers/ocri.yaml", "{en: OCRI Entrepreneurship Centre,",
         "{en: 'OCRI https://example.org/page#contact info@example.org @team',")
    r = cedta(repo, "diff", "--format", "markdown")
    assert "https://example.org/page\\#contact" in r.stdout and "info@example.org" in r.stdout
    assert "\u2060contact" not in r.stdout and "@\u2060team" in r.stdout


def test_a_data_folder_moved_since_base_is_said_not_taken_for_all_new(repo):
    """`git mv data network-data`: BASE holds nothing at the new path, and every record read as new
    without a word (hostile pass 5, P2)."""
    git(repo, "mv", "data", "network-data")
    r = runner.invoke(app, ["--data", str(repo / "network-data"), "diff", "main"])
    assert "holds no network, provider or hub under" in r.stderr
    assert "the data folder was moved or added since" in r.stderr
    r = cedta(repo, "diff")  # nothing of the kind where the folder did not move
    assert "holds no network" not in r.output


def test_a_data_folder_git_ignores_is_said_not_taken_for_all_new(repo):
    """`data/` in the repository's .gitignore: no commit holds the records, and diff said the folder
    "was moved or added since" (hostile pass 5, M6)."""
    git(repo, "rm", "-r", "-q", "--cached", "data")
    write(repo, ".gitignore", "data/\n")
    git(repo, "add", ".gitignore")
    git(repo, "commit", "-q", "-m", "data out of git")
    r = cedta(repo, "diff", "HEAD")
    assert "git ignores data (a .gitignore names it)" in r.stderr
    assert "moved or added" not in r.stderr
    r = runner.invoke(app, ["--lang", "fr", "--data", str(repo / "data"), "diff", "HEAD"])
    assert "git ignore data (un .gitignore le nomme)" in r.stderr


def test_a_shallow_clone_is_named_when_a_revision_is_missing(repo, tmp_path, monkeypatch):
    """A CI checkout fetches one commit: `diff HEAD~1` said only "unknown revision" (hostile 5, M7)."""
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "change", repo.as_uri(), str(shallow)],
                   check=True, capture_output=True)
    monkeypatch.chdir(shallow)
    r = cedta(shallow, "diff", "HEAD~1")
    assert r.exit_code == 2
    assert "unknown revision `HEAD~1` (this clone is shallow: `git fetch --unshallow`" in r.stderr
    r = runner.invoke(app, ["--lang", "fr", "--data", str(shallow / "data"), "diff", "HEAD~1"])
    assert "(ce clone est superficiel" in r.stderr
    r = cedta(repo, "diff", "no-such-branch")  # a full clone: no hint
    assert r.exit_code == 2 and "shallow" not in r.stderr


def test_the_repositorys_own_config_runs_no_command(repo, tmp_path):
    """A data folder received with its .git (a zip from a colleague): `core.fsmonitor`, a clean
    filter and `gpg.program` under `log.showSignature` named a script, and `diff` ran it (hostile
    pass 8, A)."""
    log = tmp_path / "ran.log"
    script = tmp_path / "hook.sh"
    script.write_text(f'#!/bin/sh\necho ran >> "{log}"\ncat\n', encoding="utf-8")
    script.chmod(0o755)
    git(repo, "config", "core.fsmonitor", str(script))
    git(repo, "config", "filter.evil.clean", str(script))
    git(repo, "config", "filter.evil.required", "true")
    git(repo, "config", "log.showSignature", "true")
    git(repo, "config", "gpg.program", str(script))
    (repo / ".git" / "info").mkdir(exist_ok=True)
    (repo / ".git" / "info" / "attributes").write_text("*.yaml filter=evil\n", encoding="utf-8")
    hook = repo / ".git" / "hooks" / "post-index-change"  # git runs it when a read refreshes the index
    hook.parent.mkdir(exist_ok=True)
    hook.write_text(script.read_text(encoding="utf-8"), encoding="utf-8")
    hook.chmod(0o755)
    for f in (repo / "data" / "providers").iterdir():
        os.utime(f)
    edit(repo, "data/providers/ocri.yaml", "{amount: 25, unit: session}", "{amount: 40, unit: session}")
    r = cedta(repo, "diff", "main")
    assert r.exit_code == 0, r.output
    assert "fee $25 → $40" in r.stdout
    import datetime as dt

    from cedta.io.gitrepo import Repo

    assert Repo.around(repo / "data").commit_before(dt.date(2100, 1, 1))  # the report's `git log`
    assert not log.exists(), log.read_text()


def test_git_variables_of_the_environment_do_not_move_cedta_to_another_repository(repo, tmp_path, monkeypatch):
    """GIT_DIR (set inside git hooks and `rebase --exec`) sent `diff` to another repository's
    history, and `init --git` re-initialised that one (hostile pass 8, E)."""
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other))
    edit(repo, "data/providers/ocri.yaml", "{amount: 25, unit: session}", "{amount: 40, unit: session}")
    r = cedta(repo, "diff", "main")
    assert r.exit_code == 0, r.output
    assert "1 record changed" in r.stdout and "fee $25 → $40" in r.stdout
    r = runner.invoke(app, ["init", str(tmp_path / "newnet"), "--name", "New Net", "--git"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "newnet" / ".git").is_dir()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give the folder away")
def test_a_repository_git_refuses_for_its_owner_is_said_so(repo, tmp_path):
    """`safe.directory`: git refuses a repository another user owns, and cedta called it "not inside
    a git repository" (hostile pass 8, B)."""
    import shutil as sh

    other = tmp_path / "theirs"
    sh.copytree(repo, other, symlinks=True)
    subprocess.run(["chown", "-R", "nobody", str(other)], check=True)
    r = cedta(other, "diff", "main")
    assert r.exit_code == 2
    assert "git refuses the repository of" in r.stderr and "safe.directory" in r.stderr
    assert "not inside a git repository" not in r.stderr


def test_a_hook_of_the_repository_does_not_run(repo, tmp_path):
    """`post-index-change` runs when a read refreshes the index: `diff` ran a received .git's hook
    (hostile pass 8, A2)."""
    log = tmp_path / "hook.log"
    hook = repo / ".git" / "hooks" / "post-index-change"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text(f'#!/bin/sh\necho ran >> "{log}"\n', encoding="utf-8")
    hook.chmod(0o755)
    for f in (repo / "data" / "providers").iterdir():
        os.utime(f, (f.stat().st_mtime + 5, f.stat().st_mtime + 5))
    r = cedta(repo, "diff", "main")
    assert r.exit_code == 0, r.output
    assert not log.exists()


@pytest.mark.skipif(os.name != "posix", reason="a file name in Latin-1 bytes is a POSIX thing")
def test_a_repository_folder_not_named_in_utf8_reads(repo, tmp_path):
    """`réseau` written in Latin-1 (an old archive unpacked): `Repo.around` raised UnicodeDecodeError
    (hostile pass 8, Z)."""
    import shutil as sh

    odd = tmp_path / os.fsdecode(b"r\xe9seau")
    sh.copytree(repo, odd, symlinks=True)
    edit(odd, "data/providers/ocri.yaml", "{amount: 25, unit: session}", "{amount: 40, unit: session}")
    r = cedta(odd, "diff", "main")
    assert r.exit_code == 0, r.output
    assert "fee $25 → $40" in r.stdout


def test_a_markdown_comment_stays_under_githubs_limit(repo):
    """2,000 client files changed made a 108,882-character comment: GitHub refuses over 65,536, and
    the shipped workflow then skipped validation (hostile pass 8, P)."""
    for i in range(900):
        write(repo, f"data/clients/c-2026-{i:04d}.yaml", CLIENT.replace("c-2026-0012", f"c-2026-{i:04d}"))
    write(repo, "data/clients/c-2026-0899.yaml", "id: c-2026-0899\nneeds: [\n")  # cannot be read: kept in the cut
    r = cedta(repo, "diff", "--format", "markdown")
    assert "c-2026-0899.yaml" in r.stdout.split("more lines are not shown")[1], r.stdout[-2000:]
    assert r.exit_code == 1, r.output  # a file on the HEAD side cannot be read
    assert len(r.stdout) < 65_536
    assert "more lines are not shown: a pull-request comment holds 60,000 characters at most" in r.stdout
    assert r.stdout.rstrip().endswith("· cedta diff</sub>")
    assert "client" in r.stdout and len(r.stdout) > 50_000


def test_a_need_reprioritised_reads_as_such_not_added_and_removed(repo):
    """Priorities swapped read "1 need added; 1 need removed" (hostile pass 8, Q)."""
    edit(repo, "data/clients/c-2026-0012.yaml", "plan:\n", "needs:\n  - {topic: marketing, priority: 1}\n"
         "  - {topic: business-plan, priority: 2}\nplan:\n")
    git(repo, "commit", "-q", "-am", "needs")
    edit(repo, "data/clients/c-2026-0012.yaml", "{topic: marketing, priority: 1}", "{topic: marketing, priority: 3}")
    r = cedta(repo, "diff", "HEAD")
    assert r.exit_code == 0, r.output
    assert "1 need's priority changed" in r.stdout and "need added" not in r.stdout and "need removed" not in r.stdout


def test_languages_recorded_as_not_stated_are_said_so(repo):
    """`languages: [en]` → `[]` read only "English removed" (review 8, #11)."""
    edit(repo, "data/providers/ocri.yaml", "    languages: [en]\n", "    languages: []\n")
    r = cedta(repo, "diff")
    assert r.exit_code == 0, r.output
    assert "English removed; languages now recorded as not stated (matching asks)" in r.stdout


def test_a_sparse_checkout_without_the_client_files_is_not_every_client_removed(repo):
    """Hostile pass 8, K: with the client files left out by `git sparse-checkout`, diff read every
    client as removed. Files git does not check out are as committed, and a risk still sees them."""
    git(repo, "sparse-checkout", "set", "--no-cone", "/data/providers/", "/data/hubs/", "/.gitignore")
    assert not (repo / "data/clients").exists()
    r = cedta(repo, "diff")
    assert r.exit_code == 0, r.output
    assert "removed" not in r.stdout and r.stdout.rstrip().endswith("0 records changed, 0 risks to check")
    text = (repo / "data/providers/ocri.yaml").read_text()
    (repo / "data/providers/ocri.yaml").write_text(text[: text.index("  - id: business-plan-consulting")])
    out = cedta(repo, "diff").stdout
    assert "business plan consulting is removed but client c-2026-0012 has an open plan step" in out
    assert "client record removed" not in out and "1 record changed, 1 risk to check" in out


def test_a_day_set_on_an_old_need_is_not_a_need_added_and_removed(repo):
    """Hostile pass 9b, #18: `added:` set on a need read "1 need added; 1 need removed"."""
    edit(repo, "data/clients/c-2026-0012.yaml", "plan:\n", "needs:\n  - {topic: marketing, priority: 1}\nplan:\n")
    git(repo, "commit", "-qam", "a need")
    edit(repo, "data/clients/c-2026-0012.yaml", "{topic: marketing, priority: 1}", "{topic: marketing, priority: 1, added: 2026-11-01}")
    out = cedta(repo, "diff", "HEAD").stdout
    assert "need added" not in out and "need removed" not in out, out


def test_an_amount_is_said_as_written_not_rounded_to_six_digits(repo):
    """Review 10, V1: `:g` wrote 12345.67 as 12345.7 and 1234567 as 1.23457e+06 ($1,234,570)."""
    edit(repo, "data/providers/ocri.yaml", "{amount: 25, unit: session}", "{amount: 12345.67, unit: session}")
    r = cedta(repo, "diff")
    assert r.exit_code == 0 and "$25 → $12,345.67" in r.output, r.output
    edit(repo, "data/providers/ocri.yaml", "{amount: 12345.67, unit: session}", "{amount: 1234567.0, unit: session}")
    r = cedta(repo, "diff")
    assert "$25 → $1,234,567" in r.output, r.output


def test_a_representative_s_dates_changed_are_said(repo):
    """Review 10, V3: removing a representative's `until`, or changing `since`, read as "No change
    to the records", though both dates decide the quarter's roster."""
    edit(repo, "data/hubs/francophones.yaml", "{name: Rep A, org: rdee, since: 2026-01-01}",
         "{name: Rep A, org: rdee, since: 2026-01-01, until: 2026-12-31}")
    git(repo, "commit", "-qam", "until")
    edit(repo, "data/hubs/francophones.yaml", "since: 2026-01-01, until: 2026-12-31}", "since: 2026-02-01}")
    r = cedta(repo, "diff", "HEAD")
    assert r.exit_code == 0, r.output
    said = " ".join(r.output.split())
    assert "forum representative Rep A serves since 2026-02-01 (was 2026-01-01)" in said, said
    assert "forum representative Rep A serves with no end date (was until 2026-12-31)" in said, said
    r = runner.invoke(app, ["--lang", "fr", "--data", str(repo / "data"), "diff", "HEAD"])
    assert "forum : Rep A siège sans date de fin (c’était jusqu’au 2026-12-31)" in " ".join(r.output.split())


def test_a_change_under_a_cent_is_shown_with_its_figures(repo):
    """Hostile pass 10b, 11: 10.004 → 10.001 read "$10.00 → $10.00"."""
    edit(repo, "data/providers/ocri.yaml", "{amount: 25, unit: session}", "{amount: 10.004, unit: session}")
    git(repo, "commit", "-qam", "price")
    edit(repo, "data/providers/ocri.yaml", "{amount: 10.004, unit: session}", "{amount: 10.001, unit: session}")
    r = cedta(repo, "diff", "HEAD")
    assert "10.004 → 10.001 CAD" in r.output, r.output


def test_a_forum_priority_added_reads_in_words_not_as_yaml(repo):
    """Newcomer 12, NC12-14: `diff` showed a priority added to network.yaml as a raw YAML dump
    ({gap: ..., decision: {en: ..., fr: ...}, owner: ...}), English keys and both languages."""
    write(repo, "data/network.yaml", "id: net\nname: {en: Net, fr: Réseau}\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "network")
    write(repo, "data/network.yaml", "id: net\nname: {en: Net, fr: Réseau}\npriorities:\n"
          "  - {gap: demand/francophones/marketing/beginner, date: 2026-06-18, "
          "decision: {en: Ask RDEE for a workshop, fr: Demander un atelier à RDÉE}, owner: rdee}\n")
    en = " ".join(cedta(repo, "diff", "HEAD").stdout.split())
    fr = " ".join(cedta(repo, "--lang", "fr", "diff", "HEAD").stdout.split())
    assert "{gap:" not in en and "decision:" not in en, en
    assert '`demand/francophones/marketing/beginner`, 2026-06-18, "Ask RDEE for a workshop", RDEE Ontario' in en, en
    assert "« Demander un atelier à RDÉE »" in fr and "Ask RDEE" not in fr, fr


def test_a_record_committed_as_a_link_is_read_through_it_between_revisions(repo):
    """Hostile 13, 16: `diff BASE HEAD` read a record committed as a symbolic link as its text
    ("not-a-mapping") where `diff BASE` (the work tree) followed it; a change made through the
    link is seen in both."""
    import os

    (repo / "data" / "providers" / "rdee.yaml").rename(repo / "data" / "rdee.real")
    os.symlink("../rdee.real", repo / "data" / "providers" / "rdee.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "link")
    for args in (("diff", "main", "change"), ("diff", "main")):
        r = cedta(repo, *args)
        assert r.exit_code == 0 and "not-a-mapping" not in r.output and "No change to the records" in r.output, r.output
    text = (repo / "data" / "rdee.real").read_text(encoding="utf-8")
    (repo / "data" / "rdee.real").write_text(text.replace("id: rdee", "id: rdee  # through the link"), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "edit")
    r = cedta(repo, "diff", "main", "change")
    assert r.exit_code == 0 and "not-a-mapping" not in r.output, r.output
