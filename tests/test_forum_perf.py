"""The forum's shortcuts for large networks give the very answers of the plain computation they
replace (correctness only: nothing here is timed).

- levers re-run matching against a directory holding the changed service alone, not the whole
  directory with the change applied;
- suppression finds the recoverable hidden cells (bridges) in one depth-first walk, not one walk
  per hidden cell.
"""

from __future__ import annotations

import datetime as dt
import random

from cedta.forum import gaps as gaps_mod
from cedta.suppress import HIDDEN, SHOWN, SMALL, Table, _bridges, recoverable, suppress
from tests.test_forum_levers import _spanish

TODAY = dt.date(2026, 11, 26)


def _load(data):
    from cedta.io.store import DataRoot
    from cedta.match import Directory
    from cedta.records import checks

    root = DataRoot(data.root)
    ds = checks.load_dataset([root.read(f) for f in root.files()])
    network = ds.network.record if ds.network else None
    directory = Directory.build([e.record for e in ds.providers.values()], [e.record for e in ds.hubs.values()],
                                network, ds.vocab, TODAY)
    return directory, [e.record for e in ds.clients.values()], network


def _levers(report) -> list[tuple]:
    return [(lv.ref, lv.provider, lv.new, tuple(lv.changes), lv.needs, lv.clients, tuple(lv.gaps), lv.sure,
             lv.in_hub, tuple(lv.alternatives), lv.met, lv.service.model_dump_json()) for lv in report.levers]


def test_levers_against_the_changed_service_alone_equal_the_whole_directory(data, monkeypatch):
    directory, clients, network = _load(_spanish(data))
    fast = gaps_mod.find_gaps(directory, clients, network, TODAY)
    assert fast.levers  # the Spanish speakers' needs give levers to compare
    # the plain computation: every trial is the whole directory with the change applied
    monkeypatch.setattr(gaps_mod, "replace", lambda d, **_: d)
    plain = gaps_mod.find_gaps(directory, clients, network, TODAY)
    assert _levers(fast) == _levers(plain)


def test_levers_equal_on_the_shipped_clients(data, monkeypatch):
    directory, clients, network = _load(data)
    fast = gaps_mod.find_gaps(directory, clients, network, TODAY)
    monkeypatch.setattr(gaps_mod, "replace", lambda d, **_: d)
    plain = gaps_mod.find_gaps(directory, clients, network, TODAY)
    assert _levers(fast) == _levers(plain)


def _plain_bridges(table: Table) -> list[tuple]:
    """One walk per hidden cell: is its column reachable from its row without it?"""
    hidden = [k for k, cell in table.cells.items() if not cell.shown]
    found = []
    for r, c in hidden:
        others = [k for k in hidden if k != (r, c)]
        seen, stack = {("r", r)}, [("r", r)]
        while stack:
            kind, x = stack.pop()
            for r2, c2 in others:
                nxt = ("c", c2) if kind == "r" and r2 == x else ("r", r2) if kind == "c" and c2 == x else None
                if nxt is not None and nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        if ("c", c) not in seen:
            found.append((r, c))
    return found


def test_bridges_in_one_walk_equal_one_walk_per_hidden_cell():
    rnd = random.Random(12)
    for _ in range(300):
        rows, cols = [f"r{i}" for i in range(rnd.randint(1, 9))], [f"c{i}" for i in range(rnd.randint(1, 6))]
        table = Table("t", rows, cols)
        for r in rows:
            for c in cols:
                table.cell(r, c).state = rnd.choice([SHOWN, SHOWN, HIDDEN, SMALL])
        assert _bridges(table) == _plain_bridges(table)


def test_a_table_of_many_organisations_leaves_nothing_recoverable():
    """Contacts by organisation: a hundred rows and more, both totals, many small cells."""
    rnd = random.Random(3)
    hubs = ["east", "west", "north"]
    table = Table("contacts-org", [f"org-{i}" for i in range(120)] + ["total"], hubs + ["network"],
                  col_total="network", row_total="total", client_count=False)
    client = 0
    for i in range(120):
        for h in hubs:
            for _ in range(rnd.choice([0, 1, 2, 3, 6, 10])):
                client += 1
                table.add(f"org-{i}", h, 1, client)
    suppress([table], 5)
    small = [k for k, cell in table.cells.items() if 0 < cell.clients < 5]
    assert small and all(not table.cells[k].shown for k in small)
    assert recoverable(table) == []
    # every hidden cell above 0 lies on a cycle of hidden cells (the zeros hidden beside them need none)
    assert [k for k in _plain_bridges(table) if table.cells[k].value > 0] == []
