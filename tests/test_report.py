"""`cedta report`: counts against hand-computed figures, formats, both languages, --out, the
git-history section on a real temporary repository."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest
import yaml

HUB_I = """\
id: immigrants
name: {en: Immigrants hub, fr: Centre des immigrants}
population: immigrants
director: acme-centre
members: [acme-centre, beta-coop]
forum_representatives:
  - {name: Rep C (fictitious), org: acme-centre, since: 2026-01-01}
"""

# Quarter 2026Q2 (fiscal, April start) is 2026-07-01 .. 2026-09-30; stalled after 60 days.
CLIENTS = {
    # new and active; last contact 07-05, 87 days before 09-30: stalled at the quarter's end
    "f1": """\
id: f1
kind: individual
hub: francophones
intake: {date: 2026-07-05, by: acme-centre}
consent: {given: 2026-07-05, scope: hub}
profile: {populations: [francophones], languages: {speaks: [fr], reads_writes: [fr]}}
needs:
  - {topic: business-plan, level: beginner}
plan:
  - {topic: business-plan, level: beginner, service: acme-centre/business-plan-workshops, target: 2026-12-31, status: active}
contacts:
  - {date: 2026-07-05, org: acme-centre, mode: workshops}
""",
    # active, closed on 09-20 (its only step done), a business plan and $5,000 of financing
    "f2": """\
id: f2
kind: individual
hub: francophones
intake: {date: 2026-03-01, by: acme-centre}
consent: {given: 2026-03-01, scope: hub}
profile: {populations: [francophones], languages: {speaks: [fr, en], reads_writes: [fr]}}
needs:
  - {topic: marketing, level: beginner}
plan:
  - {topic: marketing, level: beginner, service: acme-centre/marketing-consulting, status: done, done: 2026-09-20}
contacts:
  - {date: 2026-08-10, org: acme-centre, mode: consulting}
  - {date: 2026-09-20, org: acme-centre, mode: consulting}
outcomes:
  - {date: 2026-09-20, kind: business-plan-completed}
  - {date: 2026-09-25, kind: financing-obtained, amount: 5000}
""",
    # no activity in the quarter; last contact 06-25: stalled
    "f3": """\
id: f3
kind: individual
hub: francophones
intake: {date: 2026-01-10, by: acme-centre}
consent: {given: 2026-01-10, scope: hub}
needs:
  - {topic: accounting}
plan:
  - {topic: business-plan, target: 2027-06-30, status: planned}
contacts:
  - {date: 2026-06-25, org: acme-centre, mode: consulting}
""",
    # new and active, two phone calls with Bêta; not stalled
    "i1": """\
id: i1
kind: individual
hub: immigrants
intake: {date: 2026-08-01, by: beta-coop}
consent: {given: 2026-08-01, scope: hub}
profile: {populations: [immigrants], languages: {speaks: [es], reads_writes: [es]}}
needs:
  - {topic: business-plan, level: beginner}
  - {topic: marketing, level: beginner}
plan:
  - {topic: business-plan, level: beginner, target: 2027-01-01, status: planned}
contacts:
  - {date: 2026-08-01, org: beta-coop, mode: phone-email}
  - {date: 2026-09-15, org: beta-coop, mode: phone-email}
""",
    # active: a workshop, a step done, 3 jobs, $2,500; a step overdue since 08-31: stalled
    "i2": """\
id: i2
kind: individual
hub: immigrants
intake: {date: 2026-04-01, by: acme-centre}
consent: {given: 2026-04-01, scope: hub}
needs:
  - {topic: feasibility-studies}
plan:
  - {topic: business-plan, service: acme-centre/business-plan-workshops, status: done, done: 2026-07-20}
  - {topic: marketing, target: 2026-08-31, status: active}
contacts:
  - {date: 2026-07-20, org: acme-centre, mode: workshops}
outcomes:
  - {date: 2026-08-30, kind: jobs-created, count: 3}
  - {date: 2026-09-01, kind: financing-obtained, amount: 2500}
""",
}


@pytest.fixture
def report_data(data):
    (data.root / "clients" / "c-0001.yaml").unlink()
    data.write("hubs/immigrants.yaml", HUB_I)
    for cid, text in CLIENTS.items():
        data.write(f"clients/{cid}.yaml", text)
    return data


def report_json(cedta, data, *args, lang="en"):
    quarter = [] if "--quarter" in args else ["--quarter", "2026Q2"]  # (an option twice is refused)
    result = cedta(data, "report", *quarter, "--format", "json", *args, lang=lang)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def cells(out, code, key):
    row = next(r for r in out["tables"][code]["rows"] if r["key"] == key)
    return row["cells"]


def test_steps_dropped_in_the_quarter_are_counted_beside_those_done(report_data, cedta):
    """Coordinator 13, C13-18: a step dropped in the quarter (workshops by day only, for a client who
    comes in the evening) left no trace in the report."""
    i1 = report_data.read("clients/i1.yaml")
    report_data.write("clients/i1.yaml", i1.replace(
        "  - {topic: business-plan, level: beginner, target: 2027-01-01, status: planned}\n",
        "  - {topic: business-plan, level: beginner, target: 2027-01-01, status: planned}\n"
        "  - {topic: marketing, level: beginner, service: acme-centre/marketing-consulting, status: dropped,"
        " dropped: 2026-09-10, note: Daytime only.}\n"))
    f3 = report_data.read("clients/f3.yaml")  # dropped before the quarter: not its
    report_data.write("clients/f3.yaml", f3.replace(
        "  - {topic: business-plan, target: 2027-06-30, status: planned}\n",
        "  - {topic: business-plan, target: 2027-06-30, status: planned}\n"
        "  - {topic: marketing, status: dropped, dropped: 2026-06-20}\n"))
    out = report_json(cedta, report_data, "--no-suppress")
    assert cells(out, "steps", "dropped") == {"francophones": 0, "immigrants": 1, "network": 1}
    assert cells(out, "steps", "done") == {"francophones": 1, "immigrants": 1, "network": 2}
    assert cells(out, "clients", "active") == {"francophones": 2, "immigrants": 2, "network": 4}  # unchanged
    fr = cedta(report_data, "report", "--quarter", "2026Q2", "--no-suppress", lang="fr").stdout
    assert "Étapes du plan terminées et abandonnées" in fr and "étapes abandonnées" in fr


def test_shipped_fixture_is_valid(report_data, cedta):
    result = cedta(report_data, "validate")
    assert " 0 error" in result.stdout, result.stdout


def test_counts_against_hand_computed_figures(report_data, cedta):
    out = report_json(cedta, report_data, "--no-suppress")
    assert [c["id"] for c in out["columns"]] == ["francophones", "immigrants", "network"]
    assert cells(out, "clients", "new") == {"francophones": 1, "immigrants": 1, "network": 2}
    assert cells(out, "clients", "active") == {"francophones": 2, "immigrants": 2, "network": 4}
    assert cells(out, "clients", "stalled") == {"francophones": 2, "immigrants": 1, "network": 3}
    assert cells(out, "clients", "closed") == {"francophones": 1, "immigrants": 0, "network": 1}
    assert cells(out, "needs", "business-plan") == {"francophones": 1, "immigrants": 1, "network": 2}
    assert cells(out, "needs", "marketing") == {"francophones": 1, "immigrants": 1, "network": 2}
    assert cells(out, "needs", "feasibility-studies") == {"francophones": 0, "immigrants": 1, "network": 1}
    assert "accounting" not in [r["key"] for r in out["tables"]["needs"]["rows"]]  # f3 was not active
    assert cells(out, "contacts-org", "acme-centre") == {"francophones": 3, "immigrants": 1, "network": 4}
    assert cells(out, "contacts-org", "beta-coop") == {"francophones": 0, "immigrants": 2, "network": 2}
    assert cells(out, "contacts-org", "total") == {"francophones": 3, "immigrants": 3, "network": 6}
    assert cells(out, "contacts-mode", "workshops") == {"francophones": 1, "immigrants": 1, "network": 2}
    assert cells(out, "contacts-mode", "consulting") == {"francophones": 2, "immigrants": 0, "network": 2}
    assert cells(out, "contacts-mode", "phone-email") == {"francophones": 0, "immigrants": 2, "network": 2}
    assert cells(out, "steps", "done") == {"francophones": 1, "immigrants": 1, "network": 2}
    assert cells(out, "steps", "dropped") == {"francophones": 0, "immigrants": 0, "network": 0}
    assert cells(out, "outcomes", "business-plan-completed") == {"francophones": 1, "immigrants": 0, "network": 1}
    assert cells(out, "outcomes", "financing-obtained") == {"francophones": 1, "immigrants": 1, "network": 2}
    assert cells(out, "outcomes", "business-started") == {"francophones": 0, "immigrants": 0, "network": 0}
    assert cells(out, "financing", "amount") == {"francophones": 5000, "immigrants": 2500, "network": 7500}
    assert cells(out, "jobs", "jobs-created") == {"francophones": 0, "immigrants": 3, "network": 3}
    assert cells(out, "jobs", "jobs-retained") == {"francophones": 0, "immigrants": 0, "network": 0}


def test_evaluations_are_counted_per_hub(report_data, cedta):
    """Coordinator pass 11, E18: the evaluations, the fifth part of §9's plan, reached no report."""
    clients = sorted(p.stem for p in (report_data.root / "clients").glob("*.yaml"))
    for cid, satisfaction, day in ((clients[0], "5", "2026-08-01"), (clients[1], "2", "2026-08-02"),
                                   (clients[2], "4", "2026-10-02")):  # the last one in the next quarter
        r = cedta(report_data, "evaluate", cid, "--satisfaction", satisfaction, "--date", day)
        assert r.exit_code == 0, r.output
    out = report_json(cedta, report_data, "--no-suppress")
    hubs = {cid: yaml.safe_load(report_data.read(f"clients/{cid}.yaml"))["hub"] for cid in clients[:2]}
    evaluated = {"francophones": 0, "immigrants": 0}
    for cid in clients[:2]:
        evaluated[hubs[cid]] += 1
    assert cells(out, "evaluations", "evaluated") == {**evaluated, "network": 2}
    satisfied = {"francophones": 0, "immigrants": 0, hubs[clients[0]]: 1}
    assert cells(out, "evaluations", "satisfied") == {**satisfied, "network": 1}
    text = cedta(report_data, "report", "--quarter", "2026Q2", "--no-suppress", lang="fr").stdout
    assert "Clients ayant évalué l’aide reçue" in text and "Clients satisfaits (4 ou 5 sur 5)" in text
    shared = report_json(cedta, report_data)
    assert cells(shared, "evaluations", "evaluated")["network"] == "x"  # (totals both ways: every hidden cell "x")


def test_with_a_threshold_of_one_nothing_is_hidden(report_data, cedta):
    report_data.write("network.yaml", report_data.read("network.yaml").replace(
        "small_cell_threshold: 5", "small_cell_threshold: 1"))
    out = report_json(cedta, report_data)
    assert out["suppressed"] and cells(out, "clients", "active")["network"] == 4


def test_one_hub(report_data, cedta):
    out = report_json(cedta, report_data, "--hub", "immigrants", "--no-suppress")
    assert [c["id"] for c in out["columns"]] == ["immigrants", "network"]
    assert out["title"] == "Hub Forum report, 2026Q2: Immigrants hub"
    assert [h["hub"] for h in out["roster"]["hubs"]] == ["immigrants"]
    demand = [g["id"] for g in out["gaps"] if g["id"].startswith("demand/")]
    assert demand and all(g.startswith("demand/immigrants/") for g in demand)


def test_unknown_hub_is_a_usage_error(report_data, cedta):
    result = cedta(report_data, "report", "--hub", "nowhere")
    assert result.exit_code == 2 and "nowhere" in result.stderr and "francophones" in result.stderr


def test_roster_and_ending_services(report_data, cedta):
    report_data.write("providers/acme-centre.yaml", report_data.read("providers/acme-centre.yaml").replace(
        "    populations: [general]\n", "    populations: [general]\n    valid: {until: 2026-11-30}\n"))
    out = report_json(cedta, report_data)
    assert out["next_quarter"] == "2026Q3"
    assert [e["service"] for e in out["ending_next_quarter"]] == ["acme-centre/business-plan-workshops"]
    franco = next(h for h in out["roster"]["hubs"] if h["hub"] == "francophones")
    assert [r["name"] for r in franco["representatives"]] == ["Rep A (fictitious)", "Rep B (fictitious)"]
    immigrants = next(h for h in out["roster"]["hubs"] if h["hub"] == "immigrants")
    assert immigrants["seats_text"] == "1 seat of 2 filled"
    assert out["roster"]["extra_members"] == [{"org": "acme-centre", "count": 1, "name": "Acme Enterprise Centre"}]


def test_priorities_first_with_their_progress(report_data, cedta):
    report_data.write("network.yaml", report_data.read("network.yaml") + """\
priorities:
  - {gap: demand/immigrants/marketing/beginner, date: 2026-06-01, decision: Find a Spanish marketing workshop., owner: beta-coop}
  - {gap: coverage/francophones/accounting/advanced, date: 2026-06-01, decision: Look for one.}
  - {gap: supply/ending/acme-centre/gone, date: 2026-06-01, decision: Keep it.}
""")
    out = report_json(cedta, report_data, "--no-suppress")
    first = out["gaps"][:3]
    assert [g["id"] for g in first] == ["demand/immigrants/marketing/beginner",
                                        "coverage/francophones/accounting/advanced",
                                        "supply/ending/acme-centre/gone"]
    # the service the third priority was about is no longer in the directory: not "closed"
    assert [g["status"] for g in first] == ["open", "open", "wider"]
    assert first[2]["status_text"] == "still open (now wider: Acme Enterprise Centre / gone is no longer in the directory)"
    assert first[0]["needs"] == 1 and "Find a Spanish marketing workshop." in first[0]["priority"]["text"]
    assert "Bêta" in first[0]["priority"]["text"]


def test_terminal_markdown_and_html(report_data, cedta):
    text = cedta(report_data, "report", "--quarter", "2026Q2").stdout
    for heading in ("Clients", "Needs by topic", "Contacts by organisation", "Contacts by mode",
                    "Plan steps completed and dropped", "Outcomes", "Gaps", "Directory changes", "Services ending",
                    "Forum roster"):
        assert heading in text
    md = cedta(report_data, "report", "--quarter", "2026Q2", "--format", "markdown").stdout
    assert md.startswith("# Hub Forum report, 2026Q2")
    assert "| new clients | 0 | <5 | <5 |" not in md  # i1 is new: 1 each side
    assert re.search(r"\| new clients \| <5 \| <5 \| <5 \|", md)
    html = cedta(report_data, "report", "--quarter", "2026Q2", "--format", "html").stdout
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, flags=re.I)
    assert "<script" not in html and "@import" not in html and "url(" not in html
    assert 'class="heat"' in html and 'class="b unknown"' in html  # heat map, and no bar for a hidden figure
    assert 'style="width: 0%"' not in html  # (drawn as an empty bar, a hidden figure read as 0: forum 13, #9)
    assert "`" not in html  # a command in a sentence is set as <code>, not between backticks (newcomer 14, N14-12)
    internal = cedta(report_data, "report", "--quarter", "2026Q2", "--format", "html", "--no-suppress").stdout
    assert 'class="b" style="width: 100%"' in internal and 'class="b unknown"' not in internal  # bars


def test_french_report(report_data, cedta):
    text = cedta(report_data, "report", "--quarter", "2026Q2", lang="fr").stdout
    assert text.startswith("Rapport du Forum des centres, 2026T2")  # (T: trimestre; coordinator 13, C13-12)
    assert "2026T2 de l’exercice" in text and "prochain (2026T3)" in text and "2026Q" not in text
    data = json.loads(cedta(report_data, "report", "--quarter", "2026T2", "--format", "json", lang="fr").stdout)
    assert data["quarter"]["code"] == "2026Q2" and data["next_quarter"] == "2026Q3"  # the codes stay the codes
    assert data["next_quarter_text"] == "2026T3"
    for phrase in ("Clientèle", "nouveaux clients", "Contacts par organisme", "Résultats",
                   "Lacunes", "Membres du forum", "Centre d’entreprise Acme", "Diffusable"):
        assert phrase in text, phrase
    assert "Clients\n" not in text and "Forum roster" not in text
    html = cedta(report_data, "report", "--quarter", "2026Q2", "--format", "html", lang="fr").stdout
    assert '<html lang="fr">' in html and "Membres du forum" in html


def test_a_french_report_writes_every_name_with_one_apostrophe(report_data, cedta):
    """Newcomer 13, N13-17: `Centre d'entreprise Acme` (as typed in its file) read with a straight
    apostrophe in the contacts table and a curly one in the roster."""
    assert "Centre d'entreprise Acme" in report_data.read("providers/acme-centre.yaml")
    for fmt in ("terminal", "markdown", "html", "json"):
        out = cedta(report_data, "report", "--quarter", "2026Q2", "--no-suppress", "--format", fmt, lang="fr").stdout
        assert "Centre d’entreprise Acme" in out and "Centre d'entreprise Acme" not in out, fmt
        assert "d&#39;entreprise" not in out and "d\\u0027" not in out


def test_out_writes_the_file_atomically(report_data, cedta, tmp_path):
    target = tmp_path / "out" / "forum.html"
    result = cedta(report_data, "report", "--quarter", "2026Q2", "--format", "html", "--out", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in target.parent.iterdir()] == ["forum.html"]  # no temporary file left
    blocked = tmp_path / "file"
    blocked.write_text("x")
    bad = cedta(report_data, "report", "--out", str(blocked / "r.md"))
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_network_template_overrides_the_default(report_data, cedta):
    folder = report_data.root.parent / "templates" / "report"
    folder.mkdir(parents=True)
    (folder / "report.md.j2").write_text("Custom {{ quarter.code }} {{ tables.clients.rows[0].cells.network }}\n")
    assert cedta(report_data, "report", "--quarter", "2026Q2", "--format", "markdown").stdout == "Custom 2026Q2 <5\n"
    (folder / "report.md.j2").write_text("{% for %}\n")
    broken = cedta(report_data, "report", "--format", "markdown")
    assert broken.exit_code == 2 and "report.md.j2" in broken.stderr and "Traceback" not in broken.output
    (folder / "report.md.j2").write_text("{{ no_such_thing.at_all }}\n")
    broken = cedta(report_data, "report", "--format", "markdown")
    assert broken.exit_code == 2 and "Traceback" not in broken.output


def test_data_errors_exit_1(report_data, cedta):
    report_data.write("clients/i1.yaml", CLIENTS["i1"].replace("kind: individual", "kind: [bad"))
    result = cedta(report_data, "report")
    assert result.exit_code == 1 and "i1.yaml" in result.stderr and "Traceback" not in result.output


# ---- directory changes from git history ------------------------------------------------------------

def _git(root, *args, date=None):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")
    if date:
        env.update(GIT_AUTHOR_DATE=f"{date}T12:00:00", GIT_COMMITTER_DATE=f"{date}T12:00:00")
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def _marketing_in_french(report_data) -> None:
    """The one directory change the history tests commit: Acme's marketing consulting in French too."""
    acme = report_data.read("providers/acme-centre.yaml")
    report_data.write("providers/acme-centre.yaml", acme.replace(
        "    languages: [en]\n    levels: {from: beginner, to: beginner}",
        "    languages: [en, fr]\n    levels: {from: beginner, to: beginner}"))


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_directory_changes_from_git_history(report_data, cedta):
    repo = report_data.root.parent
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "start", date="2026-03-15")
    _marketing_in_french(report_data)
    _git(repo, "commit", "-q", "-am", "marketing in French", date="2026-08-15")
    report_data.write("providers/beta-coop.yaml", report_data.read("providers/beta-coop.yaml").replace(
        "services: []", "services:\n  - {id: coop-advice, topic: management-advice, modes: [consulting], languages: [fr]}"))
    _git(repo, "commit", "-q", "-am", "after the quarter", date="2026-10-15")

    out = report_json(cedta, report_data)
    changes = out["directory_changes"]
    assert changes["available"] is True
    assert len(changes["lines"]) == 1
    line = changes["lines"][0]
    assert line["id"] == "acme-centre/marketing-consulting" and line["mark"] == "~"
    assert "French added" in line["text"]
    fr = report_json(cedta, report_data, lang="fr")
    assert "français ajouté" in fr["directory_changes"]["lines"][0]["text"]
    # the quarter before: nothing changed in it
    before = json.loads(cedta(report_data, "report", "--quarter", "2026Q1", "--format", "json").stdout)
    assert before["directory_changes"]["available"] and before["directory_changes"]["lines"] == []
    assert "No change" in before["directory_changes"]["text"]
    # the quarter the history begins in (January-March 2026, first commit March 15): read from that
    # first commit, and said so (newcomer 12, NC12-18: a new network's first report read nothing)
    begun = json.loads(cedta(report_data, "report", "--quarter", "2025Q4", "--format", "json").stdout)
    assert begun["directory_changes"]["available"] is True
    assert "begins during the quarter, on March 15, 2026" in begun["directory_changes"]["text"]
    # a quarter before the history began: said plainly
    old = json.loads(cedta(report_data, "report", "--quarter", "2025Q3", "--format", "json").stdout)
    assert old["directory_changes"]["available"] is False
    assert "starts on March 15, 2026" in old["directory_changes"]["text"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_history_begun_on_the_quarters_first_day_reads_that_quarter(report_data, cedta):
    """Coordinator pass 9, C7: a repository whose first commit is July 1 (fiscal 2026Q2's first
    day) read "the history starts on July 1, after the quarter began": that commit is its start."""
    repo = report_data.root.parent
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "start", date="2026-07-01")
    _marketing_in_french(report_data)
    _git(repo, "commit", "-q", "-am", "marketing in French", date="2026-08-15")
    changes = report_json(cedta, report_data)["directory_changes"]
    assert changes["available"] is True, changes
    assert [x["id"] for x in changes["lines"]] == ["acme-centre/marketing-consulting"]
    # a day later is still "after the quarter began"
    older = json.loads(cedta(report_data, "report", "--quarter", "2026Q1", "--format", "json").stdout)
    assert older["directory_changes"]["available"] is False


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_commit_with_a_wrong_clock_hides_no_change(report_data, cedta):
    """A commit dated 2001 after one of August 2026 (a laptop whose clock was reset): the quarter's
    changes before it are still found (hostile pass 5, P1: "No change to the directory")."""
    repo = report_data.root.parent
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "start", date="2026-06-01")
    _marketing_in_french(report_data)
    _git(repo, "commit", "-q", "-am", "marketing in French", date="2026-08-01")
    report_data.write("network.yaml", report_data.read("network.yaml") + "# a comment\n")
    _git(repo, "commit", "-q", "-am", "wrong clock", date="2001-01-01")
    report_data.write("network.yaml", report_data.read("network.yaml") + "# another\n")
    _git(repo, "commit", "-q", "-am", "later", date="2026-10-05")
    changes = report_json(cedta, report_data)["directory_changes"]
    assert changes["available"] is True
    assert [line["id"] for line in changes["lines"]] == ["acme-centre/marketing-consulting"]
    assert "Some commit dates in the history go back in time" in changes["text"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_data_folder_moved_during_the_quarter_is_said_not_every_provider_new(report_data, cedta):
    """`git mv old-data data` in August: the quarter's start held no provider at data/, and the
    report said every organisation was new (hostile pass 5, P2)."""
    repo = report_data.root.parent
    (repo / "old").mkdir()
    _git(repo, "init", "-q")
    report_data.root.rename(repo / "old" / "data")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "start", date="2026-06-01")
    _git(repo, "mv", "old/data", "data")
    _git(repo, "commit", "-q", "-m", "moved", date="2026-08-01")
    changes = report_json(cedta, report_data)["directory_changes"]
    assert changes["available"] is False and changes["why"] == "folder-absent" and changes["lines"] == []
    assert "the data folder was moved or added later" in changes["text"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_commit_with_a_clock_years_ahead_hides_no_change_after_it(report_data, cedta):
    """The mirror of the wrong clock: a commit dated 2031 between January and August 2026 made every
    later commit count as 2031, and the quarter read "no change" (review 7)."""
    repo = report_data.root.parent
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "start", date="2026-01-10")
    report_data.write("network.yaml", report_data.read("network.yaml") + "# a comment\n")
    _git(repo, "commit", "-q", "-am", "clock ahead", date="2031-05-01")
    _marketing_in_french(report_data)
    _git(repo, "commit", "-q", "-am", "marketing in French", date="2026-08-15")
    changes = report_json(cedta, report_data)["directory_changes"]
    assert changes["available"] is True
    assert [line["id"] for line in changes["lines"]] == ["acme-centre/marketing-consulting"]
    assert "Some commit dates in the history go back in time" in changes["text"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_network_whose_first_providers_came_in_the_quarter_has_them_new(report_data, cedta):
    """A network started earlier (network.yaml and a hub committed, no provider yet) whose directory
    came in during the quarter: every organisation is new, not "the folder was moved" (review 7)."""
    repo = report_data.root.parent
    providers = {p.name: p.read_text(encoding="utf-8") for p in (report_data.root / "providers").iterdir()}
    for name in providers:
        (report_data.root / "providers" / name).unlink()
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "start", date="2026-03-10")
    for name, text in providers.items():
        report_data.write(f"providers/{name}", text)
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "the directory", date="2026-08-15")
    changes = report_json(cedta, report_data)["directory_changes"]
    assert changes["available"] is True and changes["why"] is None
    assert {line["id"] for line in changes["lines"]} >= {"acme-centre", "beta-coop"}


def test_data_not_in_git_is_said_plainly(report_data, cedta, tmp_path):
    if shutil.which("git") is not None:
        probe = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=report_data.root, capture_output=True)
        if probe.returncode == 0:
            pytest.skip("tmp_path is inside a git repository")
    out = report_json(cedta, report_data)
    assert out["directory_changes"]["available"] is False
    assert "not in a git repository" in out["directory_changes"]["text"]


def test_a_missing_network_file_is_named_where_it_is_looked_for(tmp_path, cedta):
    """`--data ../another-city` without network.yaml (an HSDS import gives providers only): the
    message names another-city/network.yaml, not data/network.yaml (newcomer pass 7, #6)."""
    from tests.conftest import Data

    city = Data(tmp_path / "another-city")
    (city.root / "network.yaml").unlink()
    r = cedta(city, "report")
    assert r.exit_code == 2
    assert "another-city/network.yaml is missing" in r.output and "data/network.yaml" not in r.output
    r = cedta(city, "report", lang="fr")
    assert "another-city/network.yaml est absent" in r.output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_data_folder_out_of_git_is_said_not_no_change(report_data, cedta):
    """A repository with a long history whose data folder was never committed (or that .gitignore
    names): both ends of the quarter hold nothing, and the report said "No change to the directory
    during the quarter" (hostile pass 5, M6)."""
    repo = report_data.root.parent
    _git(repo, "init", "-q")
    (repo / "README").write_text("the network's repository\n", encoding="utf-8")
    _git(repo, "add", "README")
    _git(repo, "commit", "-q", "-m", "start", date="2026-01-10")
    changes = report_json(cedta, report_data)["directory_changes"]
    assert changes["available"] is False and changes["why"] == "folder-not-committed"
    assert "the data folder is not committed" in changes["text"] and "No change" not in changes["text"]
    (repo / ".gitignore").write_text("data/\n", encoding="utf-8")
    _git(repo, "add", ".gitignore")
    _git(repo, "commit", "-q", "-m", "ignore the data", date="2026-02-10")
    changes = report_json(cedta, report_data, lang="fr")["directory_changes"]
    assert changes["why"] == "folder-ignored"
    assert "git ignore le dossier des données" in changes["text"]


@pytest.mark.skipif(shutil.which("git") is None or not hasattr(__import__("time"), "tzset"),
                    reason="git is not installed, or time zones cannot be changed here")
def test_a_commit_counts_on_the_day_its_committer_saw_whatever_the_machines_time_zone(report_data, cedta,
                                                                                       monkeypatch):
    """A change committed in Ottawa on the evening of September 30 (the fiscal 2026Q2's last day) is
    in 2026Q2 on a laptop in Ottawa and was in 2026Q3 on a CI machine in UTC (hostile pass 8, C)."""
    import time

    repo = report_data.root.parent
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "start", date="2026-03-15")
    _marketing_in_french(report_data)
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_AUTHOR_DATE="2026-09-30T22:00:00-04:00",
               GIT_COMMITTER_DATE="2026-09-30T22:00:00-04:00")
    subprocess.run(["git", "commit", "-q", "-am", "evening in Ottawa"], cwd=repo, env=env, check=True)
    seen = {}
    for zone in ("UTC", "America/Toronto", "Pacific/Kiritimati", "Etc/GMT+12"):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        try:
            changes = report_json(cedta, report_data)["directory_changes"]
            later = report_json(cedta, report_data, "--quarter", "2026Q3")
        finally:
            monkeypatch.delenv("TZ")
            time.tzset()
        seen[zone] = ([line["id"] for line in changes["lines"]],
                      later["directory_changes"]["lines"])
    assert set(map(repr, seen.values())) == {repr((["acme-centre/marketing-consulting"], []))}, seen


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_shallow_clone_and_a_missing_git_are_said_as_such(report_data, cedta, monkeypatch, tmp_path):
    """A CI clone of depth 1 read "the history starts on ..." with no hint, and no git on the PATH
    read "the data is not in a git repository" (hostile pass 8, O/O2)."""
    repo = report_data.root.parent
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "start", date="2026-03-15")
    _marketing_in_french(report_data)
    _git(repo, "commit", "-q", "-am", "marketing in French", date="2026-10-15")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(shallow)], check=True, capture_output=True)
    changes = report_json(cedta, _at(report_data, shallow / "data"))["directory_changes"]
    assert changes["why"] == "shallow" and "This clone is shallow" in changes["text"]
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    changes = report_json(cedta, report_data)["directory_changes"]
    assert changes["why"] == "git-missing" and "git is not installed" in changes["text"]


def _at(data, root):
    """The same fixture object, pointed at another data folder."""
    import copy

    other = copy.copy(data)
    other.root = root
    return other


def test_a_capacity_gap_hides_a_small_count_of_open_steps(report_data, cedta):
    """"2 open plan steps for 1 places": the shared report printed how many clients' steps used a
    service when they were few (hostile pass 8, I)."""
    acme = report_data.read("providers/acme-centre.yaml")
    report_data.write("providers/acme-centre.yaml", acme.replace(
        "    intake: registration\n", "    intake: registration\n    capacity: {count: 1, per: program, unit: clients}\n", 1))
    r = cedta(report_data, "plan", "f2", "add", "--topic", "business-plan",
              "--service", "acme-centre/business-plan-workshops")
    assert r.exit_code == 0, r.output
    # (the quarter in progress: a step added in November is not in July-September's report)
    shared = cedta(report_data, "report", "--quarter", "2026Q3")
    assert shared.exit_code == 0, shared.output
    # how many, when few, is not said: "<5 for 1 place" would be 2 to 4 (and "<5 for 3" 4: review 11, Y14)
    lines = [ln for ln in shared.stdout.splitlines() if "one place" in ln]
    assert lines and all("more open plan steps than its one place" in ln for ln in lines), shared.stdout
    assert "for 1 place" not in shared.stdout
    internal = cedta(report_data, "report", "--quarter", "2026Q3", "--no-suppress")
    assert "2 open plan steps for 1 place" in internal.stdout
    assert "1 places" not in shared.stdout + internal.stdout


def test_an_out_extension_no_format_names_is_refused(report_data, cedta, tmp_path):
    """`report -o r.pdf` wrote terminal text into a file a PDF reader cannot open (hostile pass 8, L)."""
    for command in ("report", "gaps"):
        r = cedta(report_data, command, "--out", str(tmp_path / "r.pdf"))
        assert r.exit_code == 2 and "the format is named by the extension" in r.output
        assert not (tmp_path / "r.pdf").exists()
    assert ".txt, .md or .json" in cedta(report_data, "gaps", "--out", str(tmp_path / "g.docx")).output
    r = cedta(report_data, "report", "--quarter", "2026Q2", "--out", str(tmp_path / "r.pdf"), "--format", "terminal")
    assert r.exit_code == 0 and (tmp_path / "r.pdf").exists()  # asked for in so many words
    r = cedta(report_data, "gaps", "--out", str(tmp_path / "g.htm"), lang="fr")
    assert r.exit_code == 2 and ".txt, .md ou .json" in r.output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_provider_file_unreadable_at_an_end_of_the_quarter_is_said_not_no_change(report_data, cedta):
    """A provider file broken at the quarter's start and fixed (and changed) by its end: the report
    said "No change to the directory" (hostile pass 8, H)."""
    repo = report_data.root.parent
    acme = report_data.read("providers/acme-centre.yaml")
    report_data.write("providers/acme-centre.yaml", acme.replace("kind: non-profit", "kind: [non-profit"))
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "broken", date="2026-06-20")
    report_data.write("providers/acme-centre.yaml", acme)
    _git(repo, "commit", "-q", "-am", "fixed", date="2026-08-20")
    changes = report_json(cedta, report_data)["directory_changes"]
    assert "1 provider file could not be read at the quarter's start or end (data/providers/acme-centre.yaml)" \
        in changes["text"]


def test_an_out_named_only_by_an_extension_takes_that_format(report_data, cedta, tmp_path):
    """Hostile pass 8b, F2: `-o out/.md` wrote terminal text; `gaps -o out/.html` was written."""
    r = cedta(report_data, "report", "--quarter", "2026Q2", "--out", str(tmp_path / ".md"))
    assert r.exit_code == 0 and (tmp_path / ".md").read_text(encoding="utf-8").startswith("# ")
    assert cedta(report_data, "gaps", "--out", str(tmp_path / ".html")).exit_code == 2


def test_a_hubs_report_lists_only_the_levers_for_its_clients(report_data, cedta):
    """A lever that meets only another hub's needs is not in a hub's report; the note says the
    counts are the network's."""
    every = report_json(cedta, report_data, "--no-suppress")
    # (by service and gaps: a hub's report words a lever whose network count is hidden without its language)
    hubs_of = {(tuple(lv["services"]), tuple(lv["gaps"])): {g.split("/")[1] for g in lv["gaps"]} for lv in every["levers"]}
    assert {"francophones", "immigrants"} <= set().union(*hubs_of.values())
    assert every["levers_note"] is None
    for hub in ("francophones", "immigrants"):
        out = report_json(cedta, report_data, "--hub", hub, "--no-suppress")
        assert out["levers"] and all(hub in hubs_of[(tuple(lv["services"]), tuple(lv["gaps"]))] for lv in out["levers"])
        assert len(out["levers"]) < len(every["levers"])
        assert "counted over the whole network" in out["levers_note"]
    text = cedta(report_data, "report", "--hub", "immigrants", "--lang", "fr", "--format", "markdown").stdout
    assert "comptés sur tout le réseau" in text


def test_a_need_or_step_added_after_the_quarter_leaves_its_report_as_it_was(report_data, cedta):
    """Coordinator pass 9, C4: a need added in November to a case closed in September reopened it
    in the July-September report (closed 5 -> <5, one more stalled, one more financing need, a
    new gap): needs and steps carry the day they were added, and a past quarter leaves them out."""
    before = report_json(cedta, report_data, "--no-suppress")
    r = cedta(report_data, "need", "f2", "add", "--topic", "financing", "--level", "intermediate")
    assert r.exit_code == 0, r.output
    assert "added: 2026-11-26" in report_data.read("clients/f2.yaml")
    r = cedta(report_data, "plan", "f2", "add", "--topic", "financing", "--level", "intermediate")
    assert r.exit_code == 0, r.output
    after = report_json(cedta, report_data, "--no-suppress")
    for code in ("clients", "needs", "steps"):
        assert after["tables"][code] == before["tables"][code], code
    assert [g["id"] for g in after["gaps"]] == [g["id"] for g in before["gaps"]]
    assert cedta(report_data, "validate").exit_code == 0
    # without the days (a file edited by hand), the past quarter would read them back into September
    undated = "\n".join(line.replace(", added: 2026-11-26", "") for line in report_data.read("clients/f2.yaml").split("\n")
                        if line.strip() != "added: 2026-11-26")
    report_data.write("clients/f2.yaml", undated)
    assert "added" not in undated
    assert report_json(cedta, report_data, "--no-suppress")["tables"]["clients"] != before["tables"]["clients"]


def test_a_quarter_still_running_counts_stalled_files_as_of_today(report_data, cedta):
    """Coordinator pass 9, C8: "stalled at the quarter's end" for a quarter that has not ended."""
    running = cedta(report_data, "report", "--quarter", "2026Q3", lang="fr").stdout
    assert "au point mort à ce jour" in running and "à la fin du trimestre" not in running
    assert "stalled at the quarter's end" in cedta(report_data, "report", "--quarter", "2026Q2").stdout


def test_a_step_entered_late_for_work_done_in_the_quarter_counts_there(report_data, cedta):
    """Review 9, F11: a step added in November, done in September, was counted completed in
    July-September while the case's closing was not."""
    before = report_json(cedta, report_data, "--no-suppress")
    assert cedta(report_data, "plan", "f1", "add", "--topic", "marketing").exit_code == 0
    assert cedta(report_data, "step", "f1", "2", "--done", "2026-09-10").exit_code == 0
    after = report_json(cedta, report_data, "--no-suppress")
    assert cells(after, "steps", "done")["network"] == cells(before, "steps", "done")["network"] + 1


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_commit_dated_after_today_counts_in_the_quarter_in_progress(report_data, cedta):
    """Hostile pass 10, G: a commit a clock dated in February 2027 was left out of the quarter in
    progress in November 2026: "No change to the directory" while HEAD had the change."""
    repo = report_data.root.parent
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "start", date="2026-09-15")
    _marketing_in_french(report_data)
    _git(repo, "commit", "-q", "-am", "marketing in French", date="2027-02-01")
    out = report_json(cedta, report_data, "--quarter", "2026Q3")  # October–December 2026, in progress
    changes = out["directory_changes"]
    assert [line["id"] for line in changes["lines"]] == ["acme-centre/marketing-consulting"], changes
    assert "the last commit: the quarter is not over" in changes["text"], changes["text"]


def test_a_tilde_the_shell_left_in_out_is_the_home_folder(report_data, cedta, tmp_path, monkeypatch):
    """Hostile pass 11, 20: `--out=~/q2.md` (bash expands no `~` after `=`) wrote into a folder
    named `~` in the working directory, and said "written to ~/q2.md"."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    r = cedta(report_data, "report", "--quarter", "2026Q2", "--out=~/q2.md")
    assert r.exit_code == 0 and (home / "q2.md").is_file(), r.output
    assert str(home / "q2.md") in r.output
    r = cedta(report_data, "export", "sqlite", "-o", "~/n.db")
    assert r.exit_code == 0 and (home / "n.db").is_file(), r.output
    assert not (report_data.root.parent / "~").exists() and not os.path.exists("~")


def test_an_empty_default_quarter_says_where_the_clients_are(data, cedta, tmp_path):
    """Newcomer 11, NC11-4: a new network's first report, of the last complete quarter, was all zeros
    without a word, its clients taken in since, in the quarter in progress."""
    (data.root / "clients" / "c-0001.yaml").unlink()
    answers = tmp_path / "a.yaml"
    answers.write_text("kind: individual\nhub: francophones\nconsent: true\nneeds: [{topic: marketing}]\n")
    assert cedta(data, "intake", "--answers", str(answers), "--by", "acme-centre").exit_code == 0
    r = cedta(data, "report")
    assert r.exit_code == 0 and "note: no client was new or active in 2026Q2" in r.stderr \
        and "`cedta report --quarter 2026Q3`" in r.stderr, r.stderr
    r = cedta(data, "report", "--quarter", "2026Q2")  # asked for: no note
    assert r.exit_code == 0 and "note:" not in r.stderr


def test_a_hubs_report_gives_no_count_under_another_populations_priority(cedta):
    """Forum 12, #8: the francophone hub's report showed "<5 clients" under the immigrants' priority
    gap, where its own count is 0 (its 0 read "<5" beside a small network total)."""
    from pathlib import Path

    shipped = Path(__file__).resolve().parents[1] / "data"
    fr = json.loads(cedta(shipped, "report", "--hub", "francophones", "--format", "json").stdout)
    im = json.loads(cedta(shipped, "report", "--hub", "immigrants", "--format", "json").stdout)
    other = [g for g in fr["gaps"] if g.get("priority") and g["id"].startswith("demand/immigrants/")]
    assert other and all("clients" not in g and "needs" not in g for g in other), other
    own = [g for g in im["gaps"] if g.get("priority") and g["id"].startswith("demand/immigrants/")]
    assert own and all("clients" in g for g in own)


def test_the_report_counts_unmet_needs_by_the_clients_own_populations(report_data, cedta):
    """Coordinator 12, G3: `gaps` said "by the clients' own populations: women 4 needs of 2 clients"
    but the forum's report, which plans the hubs to come (§9), had nothing of it."""
    text = report_data.read("clients/i1.yaml").replace("populations: [immigrants]", "populations: [immigrants, women]")
    report_data.write("clients/i1.yaml", text)
    exact = report_json(cedta, report_data, "--no-suppress", "--quarter", "2026Q3")
    assert [x["population"] for x in exact["by_profile"]] == ["women"]
    assert exact["by_profile"][0]["clients"] == 1 and "Women (" in exact["gaps_text"]
    shared = report_json(cedta, report_data, "--quarter", "2026Q3")
    assert shared["by_profile"][0]["clients"] == "<5"
    fr = report_json(cedta, report_data, "--quarter", "2026Q3", lang="fr")
    assert "Selon les populations des clients eux-mêmes" in fr["gaps_text"] and "Femmes (<5 clients)" in fr["gaps_text"]


def test_a_french_quarter_written_with_a_t_is_read_and_html_sets_commands_as_code(report_data, cedta):
    """Newcomer 12, NC12-16: `--quarter 2026T3` (trimestre) was refused; the HTML report showed the
    gap section's `cedta gaps` with its backticks."""
    a = report_json(cedta, report_data, "--quarter", "2026T2")
    b = report_json(cedta, report_data, "--quarter", "2026Q2")
    assert a["quarter"] == b["quarter"]
    from pathlib import Path

    shipped = Path(__file__).resolve().parents[1] / "data"
    html = cedta(shipped, "report", "--quarter", "2026Q2", "--format", "html").stdout
    assert "<code>cedta gaps</code>" in html and "`cedta" not in html
