"""What a shared forum report shows next to the gap list must not give a hidden count away: the
levers' counts, which hub reports list a gap, and the order of the lists (review 11, Y5, Y12, Y15)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_coordinator10 import ottawa  # noqa: F401  (the shipped directory without its clients)

SPANISH = """\
profile:
  populations: [immigrants]
  languages: {{speaks: [es], reads_writes: [es]}}
  birth_year: 1980
  stage: idea
  has: [business-idea]
  budget: {{max_fee: 0}}
needs:
  - {{topic: {topic}, level: {level}, priority: 1}}
contacts:
  - {{date: 2026-08-10, org: ottawa-ced-network, mode: consulting, minutes: 30}}
"""


def client(root: Path, cid: str, hub: str, topic: str, level: str = "beginner") -> None:
    (root / "clients" / f"{cid}.yaml").write_text(
        f"id: {cid}\nkind: individual\nhub: {hub}\nintake: {{date: 2026-05-01, by: ottawa-ced-network}}\n"
        f"consent: {{given: 2026-05-01, scope: hub}}\n" + SPANISH.format(topic=topic, level=level), encoding="utf-8")


def report(cedta, root, *args) -> dict:
    r = cedta(root, "--today", "2026-11-27", "report", "--format", "json", *args)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def demand_row(out: dict, gap: str) -> dict:
    return next(g for g in out["gaps"] if g["id"] == gap)


def test_a_lever_over_a_hidden_gap_is_hidden_too(ottawa, cedta):
    """Y5: 6 beginner and 4 intermediate business-plan needs; a lever meeting both said "10 needs",
    so the intermediate "<5" was 10 - 6 = 4."""
    for i in range(6):
        client(ottawa, f"c-2026-020{i}", "immigrants", "business-plan", "beginner")
    for i in range(4):
        client(ottawa, f"c-2026-021{i}", "immigrants", "business-plan", "intermediate")
    out = report(cedta, ottawa)
    assert demand_row(out, "demand/immigrants/business-plan/beginner")["needs"] == 6
    assert demand_row(out, "demand/immigrants/business-plan/intermediate")["clients"] == "<5"
    both = [lv for lv in out["levers"] if "demand/immigrants/business-plan/intermediate" in lv["gaps"]]
    assert both and all(not isinstance(lv["needs"], int) and not isinstance(lv["clients"], int) for lv in both), both
    for lv in out["levers"]:
        for alt in lv["alternatives"]:
            if "demand/immigrants/business-plan/intermediate" in lv["gaps"]:
                assert not isinstance(alt["needs"], int), alt
    exact = report(cedta, ottawa, "--no-suppress")
    assert any(lv["needs"] == 10 for lv in exact["levers"])  # what the shared report must not say


def test_a_hub_report_lists_its_population_s_gaps_whatever_its_own_count(ottawa, cedta):
    """Y15: three hubs of one population with 5, 5 and 1 clients in a gap; each hub's report listed
    the gap only when the hub had a client in it, so its "x" was 5 or more: 11 - 5 - 5 = 1."""
    hub = (ottawa / "hubs" / "immigrants.yaml").read_text(encoding="utf-8")
    for side in ("east", "west"):
        (ottawa / "hubs" / f"immigrants-{side}.yaml").write_text(
            hub.replace("id: immigrants", f"id: immigrants-{side}"), encoding="utf-8")
    n = 0
    for h, count in (("immigrants", 5), ("immigrants-east", 5), ("immigrants-west", 1)):
        for _ in range(count):
            n += 1
            client(ottawa, f"c-2026-03{n:02d}", h, "business-plan", "intermediate")
    gap = "demand/immigrants/business-plan/intermediate"
    assert demand_row(report(cedta, ottawa, "--no-suppress"), gap)["needs"] == 11
    # shared, the network's 11 is hidden too: a hub that knows its own 5 would read 5 and 1 in the
    # others' "x" and "<5" (review 12, R4)
    assert demand_row(report(cedta, ottawa), gap)["needs"] == "x"
    seen = {h: demand_row(report(cedta, ottawa, "--hub", h), gap)["clients"]
            for h in ("immigrants", "immigrants-east", "immigrants-west")}
    assert seen["immigrants-west"] == "<5" and seen["immigrants"] == seen["immigrants-east"] == "x", seen
    # a hub with no client in it lists it all the same (its count may be 0): listing says nothing
    (ottawa / "clients" / "c-2026-0311.yaml").unlink()
    assert gap in [g["id"] for g in report(cedta, ottawa, "--hub", "immigrants-west")["gaps"]]
    # the reasons in a hub's report are kinds only: their counts would be the network's (Y10)
    assert demand_row(report(cedta, ottawa, "--hub", "immigrants"), gap)["reasons"] == "language"


def test_hidden_gaps_and_levers_are_listed_in_id_order_not_by_what_they_hide(ottawa, cedta):
    """Y12: four "<5" gaps of 4, 3, 2 and 1 clients were listed largest first."""
    n = 0
    for topic, count in (("strategic-planning", 4), ("marketing", 3), ("legal", 2), ("accounting", 1)):
        for _ in range(count):
            n += 1
            client(ottawa, f"c-2026-04{n:02d}", "immigrants", topic)
    out = report(cedta, ottawa)
    listed = [g["id"] for g in out["gaps"] if g["id"].startswith("demand/") and g["priority"] is None]
    assert listed == sorted(listed), listed
    hidden = [lv["gaps"] for lv in out["levers"] if not isinstance(lv["needs"], int)]
    assert hidden == sorted(hidden), hidden
    exact = report(cedta, ottawa, "--no-suppress")
    assert [g["id"] for g in exact["gaps"] if g["id"].startswith("demand/") and g["priority"] is None][0] \
        == "demand/immigrants/strategic-planning/beginner"  # ranked by needs where nothing is hidden


def test_a_client_who_left_after_the_quarter_is_still_in_its_gaps(ottawa, cedta):
    """Review 11, Y9: `left-program` recorded in October took the client out of July–September's gap
    list, though the activity counts kept the client open then."""
    for i in range(6):
        client(ottawa, f"c-2026-050{i}", "immigrants", "business-plan")
    gap = "demand/immigrants/business-plan/beginner"
    assert demand_row(report(cedta, ottawa, "--no-suppress"), gap)["needs"] == 6
    r = cedta(ottawa, "--today", "2026-11-27", "outcome", "c-2026-0500", "left-program", "--date", "2026-10-15")
    assert r.exit_code == 0, r.output
    assert demand_row(report(cedta, ottawa, "--no-suppress", "--quarter", "2026Q2"), gap)["needs"] == 6
    assert demand_row(report(cedta, ottawa, "--no-suppress", "--quarter", "2026Q3"), gap)["needs"] == 5
