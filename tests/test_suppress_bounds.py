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

    def choices(v, is_total=False):
        if isinstance(v, (int, float)):
            return [int(v)]
        if v == f"<{N}":
            return list(range(0 if small_line and not is_total else 1, N))
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
