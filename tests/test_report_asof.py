"""A past quarter's report gives the gaps and levers of the quarter's last day (F9 of the
coordinator's session): a client taken in after the quarter is not in them, a client whose last
step was done after the quarter still counts as open then, and the section says what it is."""

from __future__ import annotations

from tests.test_report import report_data  # noqa: F401 - the fixture

import json

CLIENT = """\
id: {id}
kind: individual
hub: francophones
intake: {{date: {intake}, by: acme-centre}}
consent: {{given: {intake}, scope: hub}}
profile:
  populations: [francophones]
  languages: {{speaks: [fr], reads_writes: [fr]}}
needs:
  - {{topic: accounting, level: beginner}}
{plan}"""


def _report(cedta, data, *args, lang="en"):
    result = cedta(data, "report", "--format", "json", "--no-suppress", *args, lang=lang)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _demand(out) -> dict:
    return {g["id"]: g for g in out["gaps"] if g["id"].startswith("demand/")}


def test_a_client_taken_in_after_the_quarter_is_not_in_its_gaps(data, cedta):
    # 2026Q2 (fiscal, April start) is July to September; this client came on October 5
    data.write("clients/late.yaml", CLIENT.format(id="late", intake="2026-10-05", plan=""))
    past = _report(cedta, data, "--quarter", "2026Q2")
    assert "demand/francophones/accounting/beginner" not in _demand(past)
    assert past["gaps_as_of"] == "2026-09-30"
    assert past["gaps_text"].startswith("Gaps and levers as of the quarter's last day, September 30, 2026, over the clients whose file was open then")
    assert all("francophones/accounting" not in g for lv in past["levers"] for g in lv["gaps"])
    # the current quarter, in progress: today's gaps, and it says so
    now = _report(cedta, data, "--quarter", "2026Q3")
    assert _demand(now)["demand/francophones/accounting/beginner"]["needs"] == 1
    assert (now["gaps_as_of"], now["gaps_text"]) == ("2026-11-26", "Gaps and levers as of November 26, 2026, over the clients whose file is open (not only those active this quarter, whom the tables above count).")
    text = cedta(data, "report", "--quarter", "2026Q2", lang="fr").stdout
    assert "Lacunes et leviers au dernier jour du trimestre, le 30 septembre 2026, sur la clientèle dont le dossier était alors ouvert" in text


def test_a_file_closed_after_the_quarter_was_open_at_its_end(data, cedta):
    # her only step was done on October 20: open on September 30, closed today
    plan = "plan:\n  - {topic: accounting, level: beginner, status: done, done: 2026-10-20}\n"
    data.write("clients/early.yaml", CLIENT.format(id="early", intake="2026-08-01", plan=plan))
    past = _report(cedta, data, "--quarter", "2026Q2")
    assert _demand(past)["demand/francophones/accounting/beginner"]["needs"] == 1
    now = _report(cedta, data, "--quarter", "2026Q3")
    assert "demand/francophones/accounting/beginner" not in _demand(now)


def test_a_quarter_in_progress_counts_nothing_dated_after_today(report_data, cedta):
    """Hostile 12b, #4: the report of the quarter in progress ("counts up to November 27") counted a
    financing outcome dated December 10."""
    import json

    text = report_data.read("clients/i1.yaml") + "outcomes:\n  - {date: 2026-12-10, kind: financing-obtained, amount: 25000}\n"
    report_data.write("clients/i1.yaml", text)
    out = json.loads(cedta(report_data, "report", "--quarter", "2026Q3", "--no-suppress", "--format", "json",
                           "--today", "2026-11-27").stdout)
    row = next(r for r in out["tables"]["financing"]["rows"] if r["key"] == "amount")
    assert row["cells"]["network"] == 0, row
    later = json.loads(cedta(report_data, "report", "--quarter", "2026Q3", "--no-suppress", "--format", "json",
                             "--today", "2026-12-31").stdout)
    assert next(r for r in later["tables"]["financing"]["rows"] if r["key"] == "amount")["cells"]["network"] == 25000
