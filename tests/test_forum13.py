"""The shared forum report against a representative who subtracts (forum 13): a reason's count, a
by-population count or the capacity line beside a gap must not give the few clients they leave out,
a hidden lever lists no other ways (a provider's languages named the hidden one), and "at least N"
is no rank. Real CLI on the shipped directory with crafted clients."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

SHIPPED = Path(__file__).resolve().parents[1] / "data"


from tests.test_coordinator10 import ottawa  # noqa: E402,F401 - the shipped directory without its clients


def client(root: Path, cid: str, *, speaks=("es",), populations=("immigrants",), topic="business-plan",
           day="2026-08-10", hub="immigrants", kind="individual", plan=None) -> None:
    data = {"id": cid, "kind": kind, "hub": hub, "intake": {"date": day, "by": "ottawa-ced-network"},
            "consent": {"given": day, "scope": "network"},
            "profile": {"populations": list(populations),
                        "languages": {"speaks": list(speaks), "reads_writes": list(speaks)},
                        "birth_year": 1985, "ei": {"status": "never"},
                        "employment": {"status": "unemployed", "hours_per_week": 0}, "region": "ottawa",
                        "stage": "idea", "has": ["business-idea"], "budget": {"max_fee": 500},
                        "availability": ["weekdays"]},
            "needs": [{"topic": topic, "level": "beginner", "priority": 1}],
            "contacts": [{"date": day, "org": "ottawa-ced-network", "mode": "consulting", "minutes": 60}]}
    if plan:
        data["plan"] = plan
    (root / "clients" / f"{cid}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def report(cedta, root, *args, lang="en"):
    r = cedta(root, "report", "--quarter", "2026Q2", *args, lang=lang)
    assert r.exit_code == 0, r.output
    return r.stdout


def test_a_by_population_count_beside_a_gap_does_not_give_the_one_left_out(ottawa, cedta):
    """Forum 13, #4: "Women (5 needs of 5 clients)" beside the only gap, "6 needs of 6 clients":
    exactly one of the six Spanish speakers waiting is not a woman."""
    for k in range(6):
        client(ottawa, f"c-2026-04{k:02d}", populations=("immigrants", "women") if k < 5 else ("immigrants",))
    shared = report(cedta, ottawa)
    assert "6 needs of 6 clients" in shared
    assert "Women (a hidden number of clients)" in shared and "Women (5" not in shared
    for hub in ("immigrants", "francophones"):
        assert "Women (5" not in report(cedta, ottawa, "--hub", hub)
    payload = json.loads(report(cedta, ottawa, "--format", "json"))
    assert [(x["needs"], x["clients"]) for x in payload["by_profile"]] == [("x", "x")]
    assert "Women (5 needs of 5 clients)" in report(cedta, ottawa, "--no-suppress")  # the internal report
    # with a complement of 5 or more, the count is said
    for k in range(6, 11):
        client(ottawa, f"c-2026-04{k:02d}")
    assert "Women (5 needs of 5 clients)" in report(cedta, ottawa)


def test_a_reason_s_count_does_not_give_the_few_it_leaves_out(ottawa, cedta):
    """Forum 13, #2: "6 needs of 6 clients; why: client kind 6, level 6, language 5": the one client
    not held back by language, and that the Spanish workshop meets exactly 5 ("at least 2" beside)."""
    for k in range(6):
        client(ottawa, f"c-2026-05{k:02d}", speaks=("es",) if k < 5 else ("en",), topic="feasibility-studies")
    shared = report(cedta, ottawa)
    line = next(x for x in shared.splitlines() if x.strip().startswith("6 needs of 6 clients"))
    assert "why:" in line and not any(ch.isdigit() for ch in line.split("why:")[1]), line
    assert "language 5" in report(cedta, ottawa, "--no-suppress")
    fr = report(cedta, ottawa, lang="fr")
    assert "de au moins" not in fr and "d’au moins" in fr  # (forum 13, #3)
    # "at least N" is a bound, not a rank: the lever is not numbered (forum 13, #7)
    lever = next(x for x in shared.splitlines() if "at least" in x and "would meet" in x)
    assert lever.lstrip().startswith("- "), lever


def test_the_capacity_line_of_a_shared_report_gives_no_count_of_steps(ottawa, cedta):
    """Forum 13, #6: "7 open plan steps for 5 places", exact in a report whose tables were all "x":
    a hub that knows its own 5 had the other's 2."""
    step = [{"topic": "business-plan", "level": "beginner", "status": "active",
             "service": "cco/business-plan-consulting-social-economy"}]
    for k in range(7):
        client(ottawa, f"c-2026-06{k:02d}", speaks=("fr",), hub="francophones" if k < 5 else "immigrants",
               populations=("francophones",) if k < 5 else ("immigrants",), plan=step)
    internal = report(cedta, ottawa, "--no-suppress")
    assert "7 open plan steps for 5 places" in internal
    for args in ((), ("--hub", "francophones"), ("--format", "json")):
        out = report(cedta, ottawa, *args)
        assert "7 open plan steps" not in out and "more open plan steps than its 5 places" in out, args


def test_a_hidden_lever_lists_no_other_way(tmp_path, cedta):
    """Forum 13, #8: under "… were offered in their language (not named: too few clients)", an other
    way "… (OCCSC) were open to the advanced level" named the language: OCCSC works in Chinese."""
    root = tmp_path / "data"
    shutil.copytree(SHIPPED, root, ignore=shutil.ignore_patterns(".*"))
    shared = report(cedta, root)
    section = shared.split("Levers: changes")[1].split("\nDirectory changes")[0].splitlines()
    hidden = [i for i, x in enumerate(section) if x.lstrip().startswith("- ") and "<5 clients" in x]
    assert hidden
    for i in hidden:
        after = section[i + 1] if i + 1 < len(section) else ""
        assert not after.strip().startswith(("or:", "and ")), (section[i], after)
    payload = json.loads(report(cedta, root, "--format", "json"))
    assert all(not lv["alternatives"] and not lv["more"] for lv in payload["levers"] if lv["rank"] is None
               and lv["clients"] in ("x", "<5"))
    internal = report(cedta, root, "--no-suppress")
    assert "or: " in internal


def test_gaps_recorded_in_closed_cases_are_counted_in_their_own_quarter_only(ottawa, cedta):
    """Forum 13, #12: the 2026Q1 report said 5 needs recorded as gaps in cases closed since January
    1, the 2026Q2 report 6 since April 1: 6 - 5 gave the one case closed in July-September that the
    tables hid. Each report counts its own quarter's closed cases."""
    def closed(cid: str, day: str) -> None:
        client(ottawa, cid, day="2026-04-20", plan=[{"topic": "business-plan", "level": "beginner",
                                                     "status": "dropped", "dropped": day,
                                                     "note": "No service in Spanish."}])
    for k in range(5):
        closed(f"c-2026-07{k:02d}", "2026-05-15")  # fiscal 2026Q1 (April-June)
    closed("c-2026-0799", "2026-08-15")  # fiscal 2026Q2 (July-September)

    def recorded(quarter: str):
        r = cedta(ottawa, "report", "--quarter", quarter, "--no-suppress", "--format", "json")
        assert r.exit_code == 0, r.output
        return json.loads(r.stdout)["gaps_apart"].get("recorded")

    assert recorded("2026Q1") == 5
    assert recorded("2026Q2") == 1


def test_calendar_quarters_that_overlap_the_fiscal_ones_are_not_shared(ottawa, cedta):
    """Forum 13, #1: with a fiscal year from May, fiscal May-July less calendar April-June (both
    shared) gave July's new clients, exactly those the July-September report hid."""
    net = ottawa / "network.yaml"
    net.write_text(net.read_text(encoding="utf-8").replace("fiscal_year_start_month: 4",
                                                           "fiscal_year_start_month: 5"), encoding="utf-8")
    client(ottawa, "c-2026-0800")
    r = cedta(ottawa, "report", "--calendar", "--quarter", "2026Q3")
    assert r.exit_code == 2 and "overlap" in r.output and "--no-suppress" in r.output, r.output
    assert cedta(ottawa, "report", "--calendar", "--quarter", "2026Q3", "--no-suppress").exit_code == 0
    assert cedta(ottawa, "report", "--quarter", "2026Q1").exit_code == 0  # the fiscal ones are the shared ones
    net.write_text(net.read_text(encoding="utf-8").replace("fiscal_year_start_month: 5",
                                                           "fiscal_year_start_month: 7"), encoding="utf-8")
    assert cedta(ottawa, "report", "--calendar", "--quarter", "2026Q3").exit_code == 0  # aligned: the same quarters


def test_a_hub_s_gaps_do_not_say_no_client_waits_on_another_population_s_priority(tmp_path, cedta):
    """Coordinator 13, C13-1: `gaps --hub francophones` said of the immigrants' priority "still open
    (no client waiting for now)", though the network run counted a client waiting on it."""
    root = tmp_path / "data"
    shutil.copytree(SHIPPED, root, ignore=shutil.ignore_patterns(".*"))
    for args in (("--hub", "francophones"), ("--population", "francophones")):
        r = cedta(root, "gaps", *args, "--format", "json")
        assert r.exit_code == 0, r.output
        states = {p["gap"]: p["status"] for p in json.loads(r.stdout)["priorities"]}
        assert states["demand/immigrants/business-plan/beginner"] == "outside", states
    network = json.loads(cedta(root, "gaps", "--format", "json").stdout)
    assert {p["gap"]: p["status"] for p in network["priorities"]}["demand/immigrants/business-plan/beginner"] == "open"


def test_an_absurd_count_is_refused_and_a_huge_total_does_not_stall_the_suppression(ottawa, cedta):
    """Hostile 13, 13: `outcome jobs-created --count 10^29` was accepted, then the report ended in an
    OverflowError (the suppression's bit sets were as wide as the total; 10^8 took 300 MB)."""
    client(ottawa, "c-2026-0900")
    r = cedta(ottawa, "outcome", "c-2026-0900", "jobs-created", "--count", "1" + "0" * 29, "--date", "2026-08-20")
    assert r.exit_code == 1 and "at most 1000000" in r.output, r.output
    from cedta.suppress import Table, suppress

    t = Table("jobs", ["jobs"], ["a", "b", "n"], col_total="n")
    t.add("jobs", "a", 3, "c1")
    t.add("jobs", "b", 10 ** 12, "c2")
    t.add("jobs", "n", 3 + 10 ** 12, "c1")
    suppress([t], 5)  # returns at once; a cell it cannot solve is hidden, never shown
    assert not t.cell("jobs", "a").shown


def test_a_group_s_fund_to_confirm_after_its_plan_waits_on_the_plan_in_match_as_in_gaps(ottawa, cedta):
    """Coordinator 13, C13-2: for a group founding a co-op, the loan fund is "to confirm" once its
    business plan is written: `gaps` counted the need as waiting on the plan step, `match --plan`
    called it a gap to record, and a coordinator who recorded it gave the forum a gap."""
    (ottawa / "clients" / "c-2026-0101.yaml").write_text(
        "id: c-2026-0101\nkind: organisation\nhub: francophones\n"
        "intake: {date: 2026-07-10, by: cco}\nconsent: {given: 2026-07-10, scope: hub}\n"
        "profile:\n  populations: [francophones]\n  languages: {speaks: [fr], reads_writes: [fr]}\n"
        "  region: ottawa\n  founding: co-operative\n  stage: idea\n  has: [business-idea]\n"
        "  budget: {max_fee: 500}\n"
        "needs:\n  - {topic: business-plan, level: beginner, priority: 1}\n"
        "  - {topic: financing, level: beginner, priority: 2}\n", encoding="utf-8")
    r = cedta(ottawa, "--today", "2026-07-10", "match", "c-2026-0101", "--plan", "--yes", "--format", "json")
    assert r.exit_code == 0, r.output
    unplanned = {u["topic"]: u for u in json.loads(r.stdout)["unplanned"]}
    assert unplanned["financing"]["why"] in ("waits-new-confirm", "waits-new"), unplanned
    out = json.loads(cedta(ottawa, "--today", "2026-07-10", "match", "c-2026-0101", "--format", "json").stdout)
    financing = next(n for n in out["needs"] if n["topic"] == "financing")
    assert financing["gap"] and financing["waits_on"] and financing["waits_on"]["steps"] == [1], financing
    text = cedta(ottawa, "--today", "2026-07-10", "match", "c-2026-0101").stdout
    assert "Waits on plan step 1" in text
    gaps = json.loads(cedta(ottawa, "--today", "2026-07-10", "gaps", "--format", "json").stdout)
    assert not any(g["id"].endswith("/financing/beginner") for g in gaps["demand"]), gaps["demand"]


def _values(mark, cap: int | None, threshold: int = 5, opaque: bool = False) -> list[int]:
    """What a reader knows a shown figure can be: exact, "<5" 1..4 (0..4 in a line of "<5"), "x" 0
    or 5 and more (any number in a row of "x" only: `opaque`), never above the cap."""
    top = 60 if cap is None else cap
    if isinstance(mark, int):
        found = [mark]
    elif mark == "<5":
        found = list(range(0, threshold))
    elif opaque:
        found = list(range(0, 61))
    else:
        found = [0] + list(range(threshold, 61))
    return [v for v in found if v <= top]


def _solutions(row: dict, caps: dict, hubs: list[str], known: dict) -> list[dict]:
    import itertools

    opaque = all(v == "x" for v in row.values())
    choices = [[known[h]] if h in known else _values(row[h], caps.get(h), opaque=opaque) for h in hubs]
    network = _values(row["network"], caps.get("network"), opaque=opaque)
    return [dict(zip(hubs, combo)) for combo in itertools.product(*choices) if sum(combo) in network]


def test_a_hub_s_active_count_bounds_its_cells_and_no_hidden_one_is_pinned_by_it(ottawa, cedta):
    """Forum 13, #5: each table was suppressed alone, but a hub's needs, new clients and outcomes
    are among its active clients, which the Clients table shows: with Marketing "x x <5 | 17" and
    active francophones 5, the immigrants hub (knowing its own 10) had F = 5 and W = 2. Solved here
    by brute force, every hub in turn as the reader who knows its own figures."""
    hubs_dir = ottawa / "hubs"
    (hubs_dir / "women.yaml").write_text((hubs_dir / "immigrants.yaml").read_text(encoding="utf-8")
                                         .replace("id: immigrants", "id: women").replace("population: immigrants", "population: women"),
                                         encoding="utf-8")
    plan = {"marketing": "ottawa-ced-network/marketing-workshops", "networking": "ottawa-ced-network/networking-workshops",
            "accounting": "ottawa-ced-network/accounting-workshops"}
    n = 0
    for hub, topic, count in (("francophones", "marketing", 5), ("immigrants", "marketing", 10),
                              ("immigrants", "accounting", 3), ("women", "marketing", 2), ("women", "networking", 4)):
        for k in range(count):
            n += 1
            client(ottawa, f"c-2026-9{n:03d}", hub=hub, populations=(hub,), speaks=("en",), topic=topic,
                   day=f"2026-0{6 + k % 2}-{k + 1:02d}",  # some new this quarter (July), some not (June)
                   plan=[{"topic": topic, "level": "beginner", "service": plan[topic], "status": "active"}])
            if k % 3 == 0:  # an outcome in the quarter for some: the outcome rows are not all 0
                path = ottawa / "clients" / f"c-2026-9{n:03d}.yaml"
                path.write_text(path.read_text(encoding="utf-8") + "outcomes:\n"
                                "  - {date: 2026-08-15, kind: business-plan-completed}\n", encoding="utf-8")
    r = cedta(ottawa, "report", "--quarter", "2026Q2", "--format", "json")
    assert r.exit_code == 0, r.output
    tables = json.loads(r.stdout)["tables"]
    hubs = [h for h in tables["clients"]["rows"][0]["cells"] if h != "network"]
    active = next(x for x in tables["clients"]["rows"] if x["key"] == "active")["cells"]
    caps = {h: (v if isinstance(v, int) else 4 if v == "<5" else None) for h, v in active.items()}
    exact = json.loads(cedta(ottawa, "report", "--quarter", "2026Q2", "--format", "json", "--no-suppress").stdout)["tables"]
    assert any(isinstance(v, int) and v > 0 for x in exact["outcomes"]["rows"] for v in x["cells"].values())
    for code in ("clients", "needs", "outcomes"):
        truths = {x["key"]: x for x in exact[code]["rows"]}
        for row in tables[code]["rows"]:
            if code == "clients" and row["key"] != "new":
                continue  # (the active row is the cap; stalled and closed are not among the active)
            truth = truths[row["key"]]
            cells = row["cells"]
            for reader in [None] + hubs:
                known = {reader: truth["cells"][reader]} if reader else {}
                found = _solutions(cells, caps, hubs, known)
                for h in hubs:
                    if h != reader and not isinstance(cells[h], int) and truth["cells"][h] > 0:
                        assert len({s[h] for s in found}) > 1, (code, row["key"], reader, h, cells, active)


def test_a_client_who_gave_an_evaluation_in_the_quarter_is_active(ottawa, cedta):
    """Forum 13, #11: a client whose only word in the quarter was an evaluation counted among the
    evaluated, but not among the active clients."""
    client(ottawa, "c-2026-0950", day="2026-04-10")
    path = ottawa / "clients" / "c-2026-0950.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "evaluation:\n  - {date: 2026-08-20, satisfaction: 1}\n",
                    encoding="utf-8")
    exact = json.loads(cedta(ottawa, "report", "--quarter", "2026Q2", "--no-suppress", "--format", "json").stdout)
    active = next(x for x in exact["tables"]["clients"]["rows"] if x["key"] == "active")["cells"]
    assert active["network"] == 1, active
