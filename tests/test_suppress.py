"""Small-cell suppression: primary (<N), complementary cells so that nothing hidden can be worked
out from the totals (the subtraction attack), linked rows, money, and the report end to end."""

from __future__ import annotations

import itertools
import re
import json

from cedta.suppress import HIDDEN, SHOWN, SMALL, Table, recoverable, suppress
from tests.test_report import report_data  # noqa: F401 - the fixture


def one_way(values: dict[str, int]) -> Table:
    """One row: hubs and the network total; the value is the number of clients."""
    t = Table("t", ["new"], list(values) + ["network"], col_total="network", hubs=True)
    n = 0
    for hub, count in values.items():
        for _ in range(count):
            n += 1
            t.add("new", hub, 1, f"c{n}")
    return t


def attack(values: list, total) -> list:
    """What a reader recovers by subtraction: a row with one hidden cell and its total shown."""
    hidden = [i for i, v in enumerate(values) if not isinstance(v, (int, float))]
    if len(hidden) == 1 and isinstance(total, (int, float)):
        return [total - sum(v for v in values if isinstance(v, (int, float)))]
    return []


def test_primary_small_counts_shown_as_less_than_n():
    t = one_way({"a": 3, "b": 7, "c": 0})
    suppress([t], 5)
    assert t.cell("new", "a").state == SMALL
    assert t.shown_value("new", "a", 5) == "<5"
    # a zero in a line with a hidden cell is hidden too, else "x" would always mean 1 or more
    assert t.cell("new", "c").state == HIDDEN and t.shown_value("new", "c", 5) == "x"
    t = one_way({"a": 6, "b": 7, "c": 0})
    suppress([t], 5)
    assert t.cell("new", "c").state == SHOWN and t.shown_value("new", "c", 5) == 0  # nobody is no one


def test_subtraction_attack_on_a_row_total_fails():
    # Without complementary suppression: network 10 - b 7 = a 3.
    t = one_way({"a": 3, "b": 7})
    suppress([t], 5)
    shown = [t.shown_value("new", h, 5) for h in ("a", "b")]
    total = t.shown_value("new", "network", 5)
    assert shown[0] == "<5"
    assert attack(shown, total) == []
    assert recoverable(t) == []


def test_complementary_cell_is_the_smallest_other_one():
    t = one_way({"a": 2, "b": 9, "c": 6, "d": 20})
    suppress([t], 5)
    # c complements a; b too, so that hub a, knowing its own 2, cannot read c's 6 (forum 12, #2)
    assert [t.cell("new", h).state for h in "abcd"] == [SMALL, HIDDEN, HIDDEN, SHOWN]
    assert t.shown_value("new", "c", 5) == "x"  # hidden, but not small: not written <5
    assert t.shown_value("new", "network", 5) == 37


def test_two_way_table_no_cell_recoverable_from_rows_or_columns():
    # contacts by organisation (rows, with a total row) and hub (columns, with the network total)
    t = Table("c", ["o1", "o2", "o3", "total"], ["a", "b", "network"], col_total="network",
              row_total="total", client_count=False)
    n = itertools.count()
    for org, hub, clients in [("o1", "a", 1), ("o1", "b", 8), ("o2", "a", 7), ("o2", "b", 6),
                              ("o3", "a", 9), ("o3", "b", 5)]:
        for _ in range(clients):
            t.add(org, hub, 2, f"k{next(n)}")  # two contacts each
    suppress([t], 5)
    assert t.cell("o1", "a").state == SMALL and t.shown_value("o1", "a", 5) == "x"  # contacts, not clients
    assert recoverable(t) == []
    # brute force the subtraction attack on every row and column of the shown table
    rows, cols = ["o1", "o2", "o3"], ["a", "b"]
    for r in rows + ["total"]:
        assert attack([t.shown_value(r, c, 5) for c in cols], t.shown_value(r, "network", 5)) == []
    for c in cols + ["network"]:
        assert attack([t.shown_value(r, c, 5) for r in rows], t.shown_value("total", c, 5)) == []


def test_bridge_between_two_hidden_blocks_is_closed():
    # every line holds two hidden cells, yet a cell joining two separate rectangles is recoverable:
    # the check is on cycles (bridges), not on counts per line
    t = Table("b", ["r1", "r2", "r3", "r4", "T"], ["c1", "c2", "c3", "c4", "N"], col_total="N", row_total="T",
              client_count=False)
    t.fill()
    for key in t.cells:
        t.cells[key].value, t.cells[key].clients = 50, 50
    for key in [("r1", "c1"), ("r1", "c2"), ("r2", "c1"), ("r2", "c2"), ("r3", "c3"), ("r3", "c4"),
                ("r4", "c3"), ("r4", "c4"), ("r2", "c3")]:
        t.cells[key].state = HIDDEN
    assert ("r2", "c3") in recoverable(t)
    suppress([t], 5)
    assert recoverable(t) == []


def test_linked_rows_hide_the_same_cells():
    by_org = Table("org", ["o1", "o2", "total"], ["a", "b", "network"], col_total="network", row_total="total",
                   client_count=False)
    by_mode = Table("mode", ["m1", "total"], ["a", "b", "network"], col_total="network", row_total="total",
                    client_count=False)
    for i, (org, hub) in enumerate([("o1", "a")] * 2 + [("o2", "a")] * 6 + [("o1", "b")] * 6 + [("o2", "b")] * 6):
        by_org.add(org, hub, 1, f"k{i}")
        by_mode.add("m1", hub, 1, f"k{i}")
    suppress([by_org, by_mode], 5, links=[[(by_org, "total"), (by_mode, "total")]])
    for col in ("a", "b", "network"):
        assert by_org.cell("total", col).state == SHOWN or by_mode.cell("total", col).state != SHOWN
        assert (by_org.cell("total", col).shown) == (by_mode.cell("total", col).shown)
    assert recoverable(by_org) == [] and recoverable(by_mode) == []


def test_money_over_few_clients_is_hidden():
    t = Table("f", ["amount"], ["a", "b", "network"], col_total="network", client_count=False, money=True,
              hubs=True)
    t.add("amount", "a", 12000, "c1")
    for i in range(6):
        t.add("amount", "b", 1000, f"d{i}")
    suppress([t], 5)
    assert t.shown_value("amount", "a", 5) == "x"
    assert t.shown_value("amount", "b", 5) == "x"  # else 18000 - 6000 gives a away
    # and the total: hub a, knowing its own 12000, would read b's 6000 (forum 12, #2)
    assert t.shown_value("amount", "network", 5) == "x"


# ---- the report, end to end ----------------------------------------------------------------------

def _numbers(values: list) -> bool:
    return all(isinstance(v, (int, float)) for v in values)


def test_report_json_resists_subtraction(report_data, cedta):
    out = json.loads(cedta(report_data, "report", "--quarter", "2026Q2", "--format", "json").stdout)
    assert out["suppressed"] is True and out["threshold"] == 5
    hubs = [c["id"] for c in out["columns"] if c["id"] != "network"]
    seen_small = False
    for code, table in out["tables"].items():
        body = [r for r in table["rows"] if not r["total"]]
        total_row = next((r for r in table["rows"] if r["total"]), None)
        for row in table["rows"]:
            cells = [row["cells"][h] for h in hubs]
            seen_small |= any(v == "<5" for v in cells)
            for v in cells + [row["cells"]["network"]]:
                assert v in ("<5", "x") or isinstance(v, (int, float)) and (v == 0 or v >= 5 or not table["client_count"])
            assert attack(cells, row["cells"]["network"]) == [], (code, row)
        if total_row:
            for col in hubs + ["network"]:
                assert attack([r["cells"][col] for r in body], total_row["cells"][col]) == [], (code, col)
    assert seen_small
    # the financing total of the francophone hub rests on one client: hidden, and so is the other
    money = out["tables"]["financing"]["rows"][0]["cells"]
    assert money["francophones"] == "x" and money["immigrants"] == "x"


def test_hub_reports_cannot_be_subtracted_from_the_network(report_data, cedta):
    whole = json.loads(cedta(report_data, "report", "--quarter", "2026Q2", "--format", "json").stdout)
    one = json.loads(cedta(report_data, "report", "--quarter", "2026Q2", "--hub", "francophones",
                           "--format", "json").stdout)
    other = json.loads(cedta(report_data, "report", "--quarter", "2026Q2", "--hub", "immigrants",
                             "--format", "json").stdout)
    for code in whole["tables"]:
        for a, b, n in zip(one["tables"][code]["rows"], other["tables"][code]["rows"],
                           whole["tables"][code]["rows"]):
            values = [a["cells"]["francophones"], b["cells"]["immigrants"]]
            assert attack(values, n["cells"]["network"]) == [], (code, a["key"])
            assert a["cells"]["network"] == n["cells"]["network"]


def test_no_suppress_gives_exact_counts_and_says_internal(report_data, cedta):
    result = cedta(report_data, "report", "--quarter", "2026Q2", "--no-suppress")
    assert result.exit_code == 0
    assert "INTERNAL" in result.stdout and "<5" not in result.stdout


def test_a_hubs_internal_report_shows_the_network_as_shared(report_data, cedta):
    """Forum 12, #2: `--hub H --no-suppress` printed the network column exactly: another hub's
    $200,000 loan in a report marked only "do not share outside the hub"."""
    exact = json.loads(cedta(report_data, "report", "--quarter", "2026Q2", "--no-suppress", "--format", "json").stdout)
    shared = json.loads(cedta(report_data, "report", "--quarter", "2026Q2", "--format", "json").stdout)
    hub = next(iter(exact["tables"]["clients"]["rows"][0]["cells"]))
    internal = json.loads(cedta(report_data, "report", "--quarter", "2026Q2", "--no-suppress", "--hub", hub,
                                "--format", "json").stdout)
    assert "the network's column" in internal["privacy_text"]
    hidden = 0
    for code, table in internal["tables"].items():
        e_rows = {r["key"]: r for r in exact["tables"][code]["rows"]}
        s_rows = {r["key"]: r for r in shared["tables"][code]["rows"]}
        for row in table["rows"]:
            assert row["cells"][hub] == e_rows[row["key"]]["cells"][hub], (code, row)  # the hub's own: exact
            assert row["cells"]["network"] == s_rows[row["key"]]["cells"]["network"], (code, row)  # as shared
            hidden += not isinstance(row["cells"]["network"], (int, float))
    assert hidden  # (the data has small counts: the test would hold nothing otherwise)


def test_random_tables_leave_nothing_recoverable():
    import random

    rng = random.Random(7)
    for _ in range(200):
        rows = [f"r{i}" for i in range(rng.randint(1, 5))]
        cols = [f"c{i}" for i in range(rng.randint(1, 4))]
        both = rng.random() < 0.6
        t = Table("r", rows + (["T"] if both else []), cols + ["N"], col_total="N",
                  row_total="T" if both else None, client_count=rng.random() < 0.5)
        k = itertools.count()
        for r in rows:
            for c in cols:
                for _ in range(rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 15])):
                    t.add(r, c, 1, f"k{next(k)}")
        suppress([t], 5)
        assert recoverable(t) == []
        for (r, c), cell in t.cells.items():
            if 0 < cell.clients < 5:
                assert cell.state == SMALL


def test_gap_list_and_levers_show_no_small_count(report_data, cedta):
    out = json.loads(cedta(report_data, "report", "--quarter", "2026Q2", "--format", "json").stdout)
    rows = [g for g in out["gaps"] if "clients" in g] + out["levers"]
    assert rows
    for row in rows:
        clients, needs = row["clients"], row["needs"]
        assert clients in ("<5", "x") or clients == 0 or clients >= 5, row
        assert needs == "x" or (isinstance(needs, int) and isinstance(clients, int)), row
    text = cedta(report_data, "report", "--quarter", "2026Q2").stdout
    assert "<5 clients" in text and not re.search(r"\b[1-4] (needs?|clients?)\b", text)


def test_a_hub_that_knows_its_own_cells_cannot_read_another_hubs():
    """Forum 12, #2 and review 12, R4: "<5", "<5", total 6: the hub with 3 read the other's 3; "<5"
    three times, total 5: the hub with 3 read two 1s. Brute force over lines of 2 to 4 hubs: for each
    hub as the reader, its own cell known, every other hidden cell above 0 keeps two possible values
    ("<5" is 1 to 4, or 0 to 4 in a line whose total reads "<5"; "x" is 0 or 5 and more)."""
    import itertools
    import random

    def choices(mark, top, small_line, opaque=False):
        if isinstance(mark, (int, float)):
            return [int(mark)]
        if mark == "<5":
            return list(range(0 if small_line else 1, 5))
        if opaque:  # a row of x only: each may be any number
            return list(range(0, top + 1))
        return [0] + list(range(5, top + 1))

    rng = random.Random(12)
    for size in (2, 3, 4):
        for _ in range(120):
            values = {h: rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9]) for h in "abcd"[:size]}
            t = one_way(values)
            suppress([t], 5)
            marks = {h: t.shown_value("new", h, 5) for h in values}
            total = t.shown_value("new", "network", 5)
            top = sum(values.values()) + 6
            small_line = total == "<5"
            opaque = all(m == "x" for m in [*marks.values(), total])
            for own in values:
                others = [h for h in values if h != own]
                options = {h: set() for h in others}
                for combo in itertools.product(*(choices(marks[h], top, small_line, opaque) for h in others)):
                    whole = values[own] + sum(combo)
                    if whole in (choices(total, top, False, opaque) if total != "<5" else range(1, 5)):
                        for h, v in zip(others, combo):
                            options[h].add(v)
                for h in others:
                    assert values[h] in options[h], (values, marks, total)
                    if not isinstance(marks[h], (int, float)) and values[h] > 0:
                        assert len(options[h]) >= 2, (own, values, marks, total, options)

def test_a_lever_whose_count_is_hidden_does_not_name_the_clients_language(report_data, cedta):
    """Forum 12, #3: "if the workshop were offered in Tigrinya: would meet the needs of <5
    clients" told the forum the written language of one client."""
    text = report_data.read("clients/i1.yaml").replace("speaks: [es], reads_writes: [es]",
                                                        "speaks: [ti], reads_writes: [ti]")
    report_data.write("clients/i1.yaml", text)
    exact = json.loads(cedta(report_data, "report", "--quarter", "2026Q2", "--no-suppress", "--format", "json").stdout)
    assert any(v == "ti" for lv in exact["levers"] for _, v in lv["changes"])  # (the lever exists)
    for fmt in ("json", "markdown", "html"):
        for lang in ("en", "fr"):
            out = cedta(report_data, "report", "--quarter", "2026Q2", "--format", fmt, lang=lang).stdout
            assert "Tigrinya" not in out and "tigrigna" not in out.lower() and '"ti"' not in out, (fmt, lang)
    shared = json.loads(cedta(report_data, "report", "--quarter", "2026Q2", "--format", "json").stdout)
    assert any("their language (not named: too few clients)" in lv["text"] for lv in shared["levers"])


def test_a_lever_that_meets_all_but_a_few_of_its_gaps_needs_says_at_least(tmp_path, cedta):
    """Forum 12, #5: the gap "23 needs of 23 clients" and its lever "would meet 21 needs of 21
    clients" told that exactly 2 clients of the gap do not speak Spanish."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "net"
    subprocess.run([sys.executable, str(root / "benchmarks" / "generate.py"), str(out), "--clients", "300"],
                   check=True, capture_output=True, timeout=120)
    data = out / "data"
    moved = 0
    for path in sorted((data / "clients").glob("c-2021-*.yaml")):
        text = path.read_text(encoding="utf-8")
        if "speaks: [es], reads_writes: [es]" in text and moved < 2:
            path.write_text(text.replace("speaks: [es], reads_writes: [es]", "speaks: [pt], reads_writes: [pt]"),
                            encoding="utf-8")
            moved += 1
    assert moved == 2
    shared = json.loads(cedta(data, "report", "--quarter", "2026Q2", "--format", "json").stdout)
    exact = json.loads(cedta(data, "report", "--quarter", "2026Q2", "--format", "json", "--no-suppress").stdout)
    gaps = {g["id"]: g for g in exact["gaps"]}
    found = 0
    for lv, ex in zip(shared["levers"], exact["levers"]):
        gap_needs = sum(gaps[g]["needs"] for g in ex["gaps"] if g in gaps and isinstance(gaps[g].get("needs"), int))
        if 0 < gap_needs - ex["needs"] < 5:
            found += 1
            assert not isinstance(lv["needs"], int) and str(lv["clients"]).startswith("at least"), lv
    assert found


def test_levers_whose_count_is_hidden_are_not_numbered_as_ranked(report_data, cedta):
    """Forum 12, #6: five levers of "<5" numbered 1 to 5 under "changes that would meet the most
    needs", in gap id order: a forum member read lever 1 as the best buy."""
    shared = json.loads(cedta(report_data, "report", "--quarter", "2026Q2", "--format", "json").stdout)
    hidden = [lv for lv in shared["levers"] if not isinstance(lv["needs"], int)]
    assert hidden and all(lv["rank"] is None for lv in hidden) and shared["levers_unranked_text"]
    md = cedta(report_data, "report", "--quarter", "2026Q2", "--format", "markdown").stdout
    section = md.split("## Levers")[1].split("\n## ")[0]
    assert "not ranked" in section or "No lever is ranked" in section
    for lv in hidden[:5]:
        line = next(x for x in section.splitlines() if x.endswith(f"(`{lv['gaps'][0]}`)") and lv["text"][:30] in x)
        assert line.startswith("- "), line
    html = cedta(report_data, "report", "--quarter", "2026Q2", "--format", "html").stdout
    assert 'class="unranked"' in html


def test_a_lever_hidden_as_x_is_not_ranked_and_does_not_name_the_language(report_data, cedta):
    """Review 12, R6: a lever whose count read "x" (it meets a hidden gap) was numbered as ranked and
    named the small gap's language: "x" starts with a letter, as "at least 19" does."""
    from cedta.forum.report import _at_least

    assert _at_least("at least 19") and _at_least("au moins 19")
    assert not _at_least("x") and not _at_least("<5") and not _at_least(7)
    for cid in ("i1",):
        text = report_data.read(f"clients/{cid}.yaml").replace("speaks: [es], reads_writes: [es]",
                                                               "speaks: [ti], reads_writes: [ti]")
        report_data.write(f"clients/{cid}.yaml", text)
    shared = json.loads(cedta(report_data, "report", "--quarter", "2026Q2", "--format", "json").stdout)
    hidden = [lv for lv in shared["levers"] if not isinstance(lv["needs"], int) and not _at_least(lv["clients"])]
    assert hidden
    for lv in hidden:
        assert lv["rank"] is None and "Tigrinya" not in lv["text"], lv
