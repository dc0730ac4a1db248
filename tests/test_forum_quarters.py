"""Quarters: fiscal (network's fiscal_year_start_month) and calendar, parsing and bad values."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from cedta.forum import quarters as q


def test_fiscal_quarters_start_in_april():
    first = q.parse("2026Q1", 4)
    assert (first.start, first.end) == (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    fourth = q.parse("2026Q4", 4)
    assert (fourth.start, fourth.end) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert q.parse("2026q3", 4).start == dt.date(2026, 10, 1)
    assert q.parse("2026-Q2", 4).months("en") == "July–September 2026"
    assert q.parse("2026Q4", 4).months("fr") == "janvier à mars 2027"


def test_calendar_quarters():
    third = q.parse("2026Q3", 1)
    assert (third.start, third.end) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert third.calendar and not q.parse("2026Q3", 4).calendar


def test_containing_and_last_complete():
    assert q.containing(dt.date(2026, 11, 26), 4).code == "2026Q3"
    assert q.containing(dt.date(2027, 2, 1), 4).code == "2026Q4"
    assert q.containing(dt.date(2026, 3, 31), 4).code == "2025Q4"
    assert q.last_complete(dt.date(2026, 11, 26), 4).code == "2026Q2"
    assert q.last_complete(dt.date(2026, 11, 26), 1).code == "2026Q3"
    assert q.last_complete(dt.date(2026, 1, 1), 1).code == "2025Q4"
    assert q.parse("2026Q4", 4).next().code == "2027Q1"


@pytest.mark.parametrize("bad", ["2026Q5", "2026Q0", "Q3", "2026", "abcd", "", "26Q1", "2026Q3x", "-1"])
def test_bad_quarter_is_a_usage_error(data, cedta, bad):
    result = cedta(data, "report", "--quarter", bad)
    assert result.exit_code == 2
    assert ("2026Q3" if bad else "--quarter is empty") in result.stderr and "Traceback" not in result.output


def test_bad_quarter_in_french(data, cedta):
    result = cedta(data, "report", "--quarter", "2026Q9", lang="fr")
    assert result.exit_code == 2 and "trimestre" in result.stderr


def test_report_says_which_quarters_apply(data, cedta):
    fiscal = json.loads(cedta(data, "report", "--format", "json").stdout)
    assert fiscal["quarter"]["code"] == "2026Q2"  # --today 2026-11-26: July-September is the last complete
    assert fiscal["quarter"]["start"] == "2026-07-01" and not fiscal["quarter"]["calendar"]
    assert "fiscal year starting in April" in fiscal["quarter"]["text"]
    calendar = json.loads(cedta(data, "report", "--calendar", "--format", "json").stdout)
    assert calendar["quarter"]["code"] == "2026Q3" and calendar["quarter"]["calendar"]
    assert calendar["quarter"]["start"] == "2026-07-01"
    assert "calendar quarter" in calendar["quarter"]["text"]
    fr = cedta(data, "report", "--quarter", "2026Q1", lang="fr")
    assert "exercice commençant en avril (avril à juin 2026)" in fr.stdout


def test_fiscal_year_start_month_from_the_network(data, cedta):
    data.write("network.yaml", data.read("network.yaml").replace("fiscal_year_start_month: 4",
                                                                 "fiscal_year_start_month: 7"))
    out = json.loads(cedta(data, "report", "--quarter", "2026Q1", "--format", "json").stdout)
    assert (out["quarter"]["start"], out["quarter"]["end"]) == ("2026-07-01", "2026-09-30")


def test_quarters_take_the_years_today_takes(data, cedta):
    """Fuzz pass (session 6): `--quarter 9998Q3` was refused as not "such as 2026Q3" while `--today
    9998-12-31` is accepted; the message now gives the years."""
    from typer.testing import CliRunner

    from cedta.cli import app

    r = CliRunner().invoke(app, ["--today", "9998-12-31", "--data", str(data.root), "report", "-q", "9998Q3"])
    assert r.exit_code == 0, r.output
    bad = cedta(data, "report", "-q", "1898Q4")
    assert bad.exit_code == 2 and "from 1899 to 9998" in bad.output
    # the quarter a first --today defaults to (January 1900 ends the fiscal year 1899's Q3) is taken
    # (hostile 12, 9d: the note suggested `--quarter 1899Q4`, which was refused)
    early = CliRunner().invoke(app, ["--today", "1900-01-01", "--data", str(data.root), "report"])
    assert early.exit_code == 0 and "1899Q3" in early.output, early.output
    suggested = CliRunner().invoke(app, ["--today", "1900-01-01", "--data", str(data.root), "report", "-q", "1899Q4"])
    assert suggested.exit_code == 0, suggested.output
