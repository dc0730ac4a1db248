"""The bounds attack: "<5" says 1 to 4 and, among client counts, "x" says 0 or at least 5; with the
total shown, those bounds alone must never pin a hidden cell down. Brute force over every line."""

from __future__ import annotations

import itertools
import random

from cedta.suppress import suppress
from tests.test_suppress import one_way

N = 5


def possible_values(shown: list, total, top: int) -> list[set]:
    """For each cell of a line (hubs then the total), every value a reader cannot rule out. A line
    whose total reads "<5" shows its zeros as "<5" too: there, a "<5" cell is 0 to 4."""
    small_line = total == f"<{N}"
    opaque = all(v == "x" for v in [*shown, total])  # a row of x only: each may be any number

    def choices(v, is_total=False):
        if isinstance(v, (int, float)):
            return [int(v)]
        if v == f"<{N}":
            return list(range(0 if small_line and not is_total else 1, N))
        if opaque:
            return list(range(0, top + 1))
        return [0] + list(range(N, top + 1))  # "x" among client counts: not a small one

    found = [set() for _ in range(len(shown) + 1)]
    for combo in itertools.product(*(choices(v) for v in shown)):
        t = sum(combo)
        if t in choices(total, is_total=True):
            for i, v in enumerate(combo):
                found[i].add(v)
            found[-1].add(t)
    return found


def check(values: dict[str, int]) -> None:
    t = one_way(values)
    suppress([t], N)
    shown = [t.shown_value("new", h, N) for h in values]
    total = t.shown_value("new", "network", N)
    sets = possible_values(shown, total, top=sum(values.values()) + 2 * N)
    for value, cell, options in zip(list(values.values()) + [sum(values.values())], shown + [total], sets):
        assert value in options, (values, shown, total)  # the truth stays possible
        if not isinstance(cell, (int, float)):
            assert len(options) >= 2, (values, shown, total, options)


def test_two_small_cells_and_their_total_do_not_give_both_away():
    # <5 + <5 = 8: both are 4. The total must be hidden.
    t = one_way({"a": 4, "b": 4})
    suppress([t], N)
    assert t.shown_value("new", "network", N) == "x"
    check({"a": 4, "b": 4})


def test_a_small_cell_beside_its_complement_is_not_pinned_by_the_x_bound():
    # <5 + x = 6, and an x is never 1..4: so x = 5 and the small cell is 1. Not any more.
    check({"a": 1, "b": 5})
    check({"a": 1, "b": 5, "c": 9})


def test_every_line_of_up_to_three_hubs_resists_the_bounds_attack():
    for values in itertools.product(range(0, 9), repeat=2):
        check(dict(zip("ab", values)))
    rng = random.Random(7)
    for _ in range(300):
        check(dict(zip("abc", (rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 9, 14]) for _ in range(3)))))


def test_the_gap_lists_clients_resist_the_bounds_attack_across_hub_reports():
    # the gap table's values are needs (hidden as x), but each hub's report shows the clients
    # beside them: "<5 clients" in hub a, "x" in hub b, "6 clients" for the network gave a = 1
    from cedta.suppress import Table

    t = Table("gaps", ["g"], ["a", "b", "network"], col_total="network", client_count=False, clients_shown=True)
    t.add("g", "a", 1, "a1")
    for i in range(5):
        t.add("g", "b", 1, f"b{i}")
    t.add("g", "b", 1, "b0")  # b0 has two needs on it
    suppress([t], N)

    def clients(col):
        cell = t.cell("g", col)
        return cell.clients if cell.shown else (f"<{N}" if cell.state == "small" else "x")

    shown = [clients("a"), clients("b")]
    total = clients("network")
    assert shown[0] == f"<{N}"
    sets = possible_values(shown, total, top=20)
    for cell, options in zip(shown + [total], sets):
        if not isinstance(cell, int):
            assert len(options) >= 2, (shown, total, options)


def _two_way_counts(grid: list[list[int]]):
    """A client-count table with totals both ways (the evaluations table): rows r0.., hubs h0..,
    a total row and the network column; each client in one cell."""
    from cedta.suppress import Table

    rows = [f"r{i}" for i in range(len(grid))]
    hubs = [f"h{j}" for j in range(len(grid[0]))]
    t = Table("ev", rows + ["total"], hubs + ["network"], col_total="network", row_total="total")
    n = itertools.count()
    for r, line in zip(rows, grid):
        for h, v in zip(hubs, line):
            for _ in range(v):
                t.add(r, h, 1, f"k{next(n)}")
    return t, rows, hubs


def _whole_table_options(t, rows, hubs, top: int) -> dict:
    """Every value a reader cannot rule out for each cell, from the whole shown table: every row
    and column sum at once, a hidden cell ("x", the only mark of such a table) being any value from
    0 (brute force over the inner cells, column by column)."""
    def choices(cell):
        v = t.shown_value(*cell, N)
        assert not (isinstance(v, str) and v.startswith("<")), "a table with totals both ways marks only x"
        return [int(v)] if isinstance(v, (int, float)) else list(range(0, top + 1))

    columns = []
    for h in hubs:
        cells = [(r, h) for r in rows]
        allowed = choices(("total", h))
        columns.append([combo for combo in itertools.product(*(choices(k) for k in cells)) if sum(combo) in allowed])
    options = {k: set() for k in t.cells}
    for picked in itertools.product(*columns):
        value = {(r, h): picked[j][i] for j, h in enumerate(hubs) for i, r in enumerate(rows)}
        for r in rows:
            value[(r, "network")] = sum(value[(r, h)] for h in hubs)
        for h in hubs:
            value[("total", h)] = sum(value[(r, h)] for r in rows)
        value[("total", "network")] = sum(value[("total", h)] for h in hubs)
        if all(value[k] in choices(k) for k in value):
            for k, v in value.items():
                options[k].add(v)
    return options


def test_a_table_with_totals_both_ways_resists_the_bounds_attack_down_its_columns():
    """Forum 12, #1: evaluations 5 satisfied, "<5" less satisfied, "<5" with no score, 7 evaluated
    in the network column: both "<5" were 1 (the bounds were solved along rows only); a 3 × 2 table
    solved rows and columns at once gave every cell. Such a table now marks every hidden cell "x"."""
    t, rows, hubs = _two_way_counts([[5, 0], [1, 0], [1, 0]])
    suppress([t], N)
    options = _whole_table_options(t, rows, hubs, top=8)
    for key, cell in t.cells.items():
        assert cell.value in options[key]
        if not cell.shown and cell.value > 0:  # (a hidden 0 worked out tells what a shown 0 tells)
            assert len(options[key]) >= 2, (key, {k: t.shown_value(*k, N) for k in t.cells})
    rng = random.Random(12)
    for _ in range(20):
        grid = [[rng.choice([0, 0, 1, 2, 3, 5, 6]) for _ in range(2)] for _ in range(3)]
        t, rows, hubs = _two_way_counts(grid)
        suppress([t], N)
        options = _whole_table_options(t, rows, hubs, top=sum(map(sum, grid)))
        for key, cell in t.cells.items():
            assert cell.value in options[key], (grid, key)
            if not cell.shown and cell.value > 0:
                assert len(options[key]) >= 2, (grid, key, {k: t.shown_value(*k, N) for k in t.cells})


def test_a_table_with_totals_both_ways_resists_a_hub_that_knows_its_own_column():
    """Review 12, R1: "Consulting services x x 7" in the shared report, and the hub's own 4 in its
    internal one: the other hub's hidden 3. With each hub as the reader (its column known), every
    other hidden cell above 0 keeps two possible values."""
    from cedta.suppress import Table

    rng = random.Random(121)
    for _ in range(30):
        grid = [[rng.choice([0, 1, 2, 3, 4, 6, 7]) for _ in range(2)] for _ in range(3)]
        rows, hubs = ["r0", "r1", "r2"], ["h0", "h1"]
        t = Table("c", rows + ["total"], hubs + ["network"], col_total="network", row_total="total",
                  client_count=False, hubs=True)
        n = itertools.count()
        for r, line in zip(rows, grid):
            for h, v in zip(hubs, line):
                for _ in range(v):
                    t.add(r, h, 1, f"k{next(n)}")
        suppress([t], N)
        top = sum(map(sum, grid))

        def choices(k):
            v = t.shown_value(*k, N)
            return [int(v)] if isinstance(v, (int, float)) else list(range(0, top + 1))

        for own, other in (("h0", "h1"), ("h1", "h0")):
            cells = [(r, other) for r in rows]
            options = {k: set() for k in cells}
            for combo in itertools.product(*(choices(k) for k in cells)):
                if sum(combo) not in choices(("total", other)):
                    continue
                value = dict(zip(cells, combo))
                ok = all(t.cell(r, own).value + value[(r, other)] in choices((r, "network")) for r in rows)
                ok = ok and sum(t.cell(r, own).value + value[(r, other)] for r in rows) in choices(("total", "network"))
                if ok:
                    for k, v in value.items():
                        options[k].add(v)
            for k in cells:
                assert t.cell(*k).value in options[k], (grid, k)
                if not t.cell(*k).shown and t.cell(*k).value > 0:
                    assert len(options[k]) >= 2, (grid, own, k, {x: t.shown_value(*x, N) for x in t.cells})
