"""Small-cell suppression for reports shared outside a hub.

A `Table` holds cells keyed by (row, column); each cell has a value (a count of clients, contacts,
jobs, or a dollar amount) and the number of distinct clients behind it. Columns are the hubs plus
the network, which is their total; some tables also have a total row.

Rules (`suppress`):
- primary: a cell that rests on 1 to threshold-1 clients is hidden ("<N" for a count of clients,
  "x" for any other value: a count of contacts or jobs, a dollar total); and a total of amounts
  (dollars, jobs) that one or two clients dominate (`DOMINANCE_SHARE`), whatever the clients behind it;
- secondary (complementary): more cells are hidden until no hidden cell can be worked out from the
  totals. With totals in one direction, every row (or column) holds 0 or at least 2 hidden cells. With
  totals both ways, the hidden cells of the table with its margins form a bipartite graph (rows and
  columns as nodes, hidden cells as edges); a hidden cell is recoverable by adding and subtracting
  exactly when its edge is a bridge (on no cycle), so cells are hidden until no edge is a bridge.
  Only cells above 0 count and are chosen: a hidden 0 can only go up, so a cycle through two of
  them can be stuck (a column whose total is 0 gives its hidden cells away, and the cycle with
  them). On a cycle of cells above 0, every cell can go one up or down: two possible values.
  Complementary cells are chosen small first, inside the table before its totals (`_two_way`:
  near-linear in the cells);
- bounds: "<N" tells a reader that a cell holds 1 to N-1 clients, and an "x" in a table of
  client counts that it holds none or at least N (a small one would read "<N"). With the total
  shown, those bounds alone can pin a cell down ("<5", "<5", total 8: both are 4; "<5", "x",
  total 6: the "x" is 5 and the "<5" is 1). Each line of a client-count table is therefore solved
  over those bounds, and more cells are hidden (the total last) until every hidden cell could
  still take at least two values;
  A table with totals both ways (the evaluations: three kinds of clients and the clients who
  evaluated, by hub) marks its small cells "x" like the others: solved over the rows and the
  columns at once, "<5" and "x" pinned cells no line alone pins (5, "<5", "<5", 7 down a column
  gave two 1s; a 3 × 2 table gave every cell: forum 12, #1). With every hidden cell "x", a reader
  knows only that it is 0 or more, and the cycles of `_two_way` are exactly what protects them;
- opaque rows: a row of hubs whose cells are all hidden, and whose marks alone still pin a cell
  for a hub that knows its own ("<5", "<5", "x" for 1 + 4 = 5: "x" is 0 or 5 and more, so the hub
  with 1 reads 4), reads "x" throughout; a reader sees a row of x only and knows that there each
  may be any number (the rule depends on what is seen: a row all "x");
- insiders: each hub knows its own cells, so each line of hubs is solved again with each hub's own
  cell known (`_insiders`), over the same bounds, and more cells are hidden (inside the line
  first, else the total) until no other hidden cell above 0 has a single possible value; for
  amounts, the other hidden cells together must still be safe; in a table with totals both ways,
  a row with a hidden hub cell hides its network cell. A hub's internal report (`--hub H
  --no-suppress`) shows its own column exact and the network's as the shared report does;
- amounts (dollars, jobs): the hidden cells of a line, whose sum is the total less the shown
  cells, are hidden until that sum is safe as one cell would be (threshold and dominance): two
  hidden hubs of one client each, one of whom knows its own amount, gave the other's away;
- a line of a client-count table whose total is itself small ("<N": 1 to N-1 clients in all) shows
  every cell as "<N", its zeros too ("fewer than N" is true of them): otherwise N-1 cells of one
  client each, "<3" + "<3" = "<3", would be pinned to 1 by the marks alone, and hiding more could
  not help. The rule depends on the total only, so it tells a reader nothing the total does not; in
  such a line a reader knows only that each cell is 0 to N-1;
- `link` makes rows of different tables that hold the same figures (the total contacts by hub in two
  tables) hide the same cells, so one table cannot give away what the other hides; `same` does it
  for single cells (a count of clients that is a cell of two tables).

- zeros: in a line (a row, or a column of a table with totals both ways) that holds a hidden cell
  above 0, every zero is hidden too. A reader who knew that every "x" is 1 or more could pin hidden
  cells down ("x" five times in a column whose total is 5: each is 1; a cycle of hidden cells with
  a 1 on each side is stuck both ways). Every hidden cell on a cycle has another hidden cell in its
  row and in its column, so had it been 0 it would be hidden: the reader cannot rule out 0 for it,
  and a cycle of hidden cells above 0 lets each of them go one up or down. A reader may still work
  out that some "x" is 0 (a row whose shown 0s say it holds no hidden cell above 0, or whose hidden
  cells add up to 0): that tells what a shown 0 tells. Other zeros stay shown ("nobody" identifies
  no one).
Pure: no printing, no files.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Hashable

SHOWN, SMALL, HIDDEN = "shown", "small", "hidden"


@dataclass
class Cell:
    value: float = 0
    clients: int = 0  # distinct clients behind the value
    state: str = SHOWN

    @property
    def shown(self) -> bool:
        return self.state == SHOWN


@dataclass
class Table:
    """Rows × columns of cells; `col_total` is the column that sums the others (the network),
    `row_total` the row that sums the others, if any. `client_count`: the values count clients."""

    code: str
    rows: list[Hashable]
    columns: list[Hashable]
    col_total: Hashable | None = None
    row_total: Hashable | None = None
    client_count: bool = True
    money: bool = False
    clients_shown: bool = False  # values are not client counts, but each cell's clients are shown
    # beside them ("<5 clients", "6 clients", "x"): the bounds rule then holds for the clients
    dominance: bool = False  # values are amounts summed over clients (dollars, jobs): see DOMINANCE_SHARE
    hubs: bool = False  # the columns are hubs, each of which knows its own cells: see `_insiders`
    # rows shown all "x", where an "x" may be any number (see the module: "opaque rows")
    opaque_rows: set = field(default_factory=set)
    # a row (of this or another table) whose cell in the same column is at least each cell of this
    # table's `capped_rows` (None: every row), as the reader knows (`_cap`): new, needs and outcomes
    # count active clients, so a hub's shown "active" bounds them (forum 13, #5)
    cap_source: tuple | None = None  # (table, row)
    capped_rows: set | None = None
    cells: dict[tuple[Hashable, Hashable], Cell] = field(default_factory=dict)

    def cell(self, row: Hashable, col: Hashable) -> Cell:
        found = self.cells.get((row, col))
        if found is None:
            found = self.cells[(row, col)] = Cell()
        return found

    def add(self, row: Hashable, col: Hashable, value: float, client: Hashable,
            seen: dict | None = None) -> None:
        """Add `value` for `client` to a cell and to the totals (column and row)."""
        cols = [col] + ([self.col_total] if self.col_total is not None and col != self.col_total else [])
        rows = [row] + ([self.row_total] if self.row_total is not None and row != self.row_total else [])
        for r in rows:
            for c in cols:
                cell = self.cell(r, c)
                cell.value += value
                if self.dominance:
                    shares = self._shares.setdefault((r, c), {})
                    shares[client] = shares.get(client, 0) + value
                key = (self.code, r, c)
                clients = self._clients.setdefault(key, set())
                if client not in clients:
                    clients.add(client)
                    cell.clients += 1

    def __post_init__(self) -> None:
        self._clients: dict = {}
        self._shares: dict = {}  # (row, col) -> {client: amount}, for the dominance rule

    def fill(self) -> None:
        for r in self.rows:
            for c in self.columns:
                self.cell(r, c)

    def shown_value(self, row: Hashable, col: Hashable, threshold: int) -> str | float:
        """The value as it may be shown: the number, '<N' or 'x'."""
        cell = self.cell(row, col)
        if cell.state == SHOWN:
            return cell.value
        if cell.state == SMALL and self.client_count and self.row_total is None and row not in self.opaque_rows:
            return f"<{threshold}"
        return "x"  # (a table with totals both ways marks no cell "<N": see the module, "bounds")


def _lines(table: Table) -> list[list[tuple]]:
    """The groups of cells that sum to a total shown in the same group."""
    lines = []
    if table.col_total is not None:
        lines += [[(r, c) for c in table.columns] for r in table.rows]
    if table.row_total is not None:
        lines += [[(r, c) for r in table.rows] for c in table.columns]
    return lines


def _pick(table: Table, candidates: list[tuple]) -> tuple:
    """The complementary cell to hide: inside the table before totals, non-zero before zero,
    smallest first, then the first in order."""
    order = {k: i for i, k in enumerate(candidates)}

    def cost(key: tuple) -> tuple:
        r, c = key
        total = (r == table.row_total) + (c == table.col_total)
        value = table.cells[key].value
        return (total, value == 0, value, order[key])

    return min(candidates, key=cost)


def _bridges(table: Table, positive: bool = False) -> list[tuple]:
    """Hidden cells that are bridges of the hidden-cell graph (`positive`: of the hidden cells above
    0 alone), in the order of the table's cells. One depth-first walk (Tarjan's bridges, linear in the hidden
    cells); it was a walk per hidden cell, cubic over a table of many organisations."""
    hidden = [k for k, cell in table.cells.items() if not cell.shown and (not positive or cell.value > 0)]
    adjacency: dict = {}
    for r, c in hidden:
        adjacency.setdefault(("r", r), []).append(("c", c))
        adjacency.setdefault(("c", c), []).append(("r", r))
    disc: dict = {}
    low: dict = {}
    bridges: set = set()
    timer = 0
    for root in adjacency:
        if root in disc:
            continue
        disc[root] = low[root] = timer
        timer += 1
        stack = [(root, None, iter(adjacency[root]))]
        while stack:
            node, parent, rest = stack[-1]
            for nxt in rest:
                if nxt == parent:
                    continue  # the edge back (tables have one cell per row and column pair)
                if nxt in disc:
                    if disc[nxt] < low[node]:
                        low[node] = disc[nxt]
                else:
                    disc[nxt] = low[nxt] = timer
                    timer += 1
                    stack.append((nxt, node, iter(adjacency[nxt])))
                    break
            else:
                stack.pop()
                if parent is not None:
                    if low[node] < low[parent]:
                        low[parent] = low[node]
                    if low[node] > disc[parent]:
                        bridges.add((parent[1], node[1]) if parent[0] == "r" else (node[1], parent[1]))
    return [k for k in hidden if k in bridges]


class _Bridges:
    """The bridges of a growing graph, kept as edges are added (bridges found online: the
    2-edge-connected components in one union-find, the forest of bridges between them re-rooted
    smaller into larger; O(n log n) over all additions). `bridges` holds the bridges' labels."""

    def __init__(self, n: int) -> None:
        self.par = [-1] * n  # parent component in the bridge forest
        self.label: list = [None] * n  # the bridge to the parent
        self.ecc = list(range(n))  # 2-edge-connected components
        self.cc = list(range(n))  # connected components
        self.size = [1] * n
        self.seen = [0] * n
        self.visit = 0
        self.bridges: set = set()

    @staticmethod
    def _find(parent: list[int], v: int) -> int:
        """The root of `v` in a union-find forest, the path on the way pointed at it."""
        root = v
        while parent[root] != root:
            root = parent[root]
        while parent[v] != root:
            parent[v], v = root, parent[v]
        return root

    def _ecc(self, v: int) -> int:
        return self._find(self.ecc, v)

    def _cc(self, v: int) -> int:
        return self._find(self.cc, v)

    def add(self, a: int, b: int, label) -> None:
        a, b = self._ecc(a), self._ecc(b)
        if a == b:
            return
        ca, cb = self._cc(a), self._cc(b)
        if ca != cb:  # two trees joined: a new bridge; the smaller tree re-rooted at a
            if self.size[ca] > self.size[cb]:
                a, b, ca, cb = b, a, cb, ca
            v, child, child_label = a, -1, None
            while v != -1:
                p = self._ecc(self.par[v]) if self.par[v] != -1 else -1
                lab = self.label[v]
                self.par[v], self.label[v], self.cc[v] = child, child_label, a
                child, child_label, v = v, lab, p
            self.size[a] = self.size[ca]
            self.par[a], self.label[a], self.cc[a] = b, label, b
            self.size[cb] += self.size[a]
            self.bridges.add(label)
            return
        # a cycle: every bridge on the tree path from a to b is a bridge no more
        self.visit += 1
        visit, seen = self.visit, self.seen
        path_a, path_b, lca = [], [], -1
        while lca == -1:
            if a != -1:
                a = self._ecc(a)
                path_a.append(a)
                if seen[a] == visit:
                    lca = a
                    break
                seen[a] = visit
                a = self.par[a]
            if b != -1:
                b = self._ecc(b)
                path_b.append(b)
                if seen[b] == visit:
                    lca = b
                    break
                seen[b] = visit
                b = self.par[b]
        for path in (path_a, path_b):
            for v in path:
                self.ecc[v] = lca
                if v == lca:
                    break
                self.bridges.discard(self.label[v])


def _two_way(table: Table) -> bool:
    """Complementary cells of a table with totals both ways: a rectangle through each loose cell
    (a bridge of the graph of hidden cells above 0), the cheapest first (see `_secondary`).

    Same choice as a scan of every rectangle after every step, in near-linear time: the bridges are
    kept as cells are hidden (`_Bridges`), and for each pair of columns (c, c2) a heap over the rows
    holds what hiding the row's two corners (r2, c) and (r2, c2) would cost; hiding cells only
    lowers costs, so stale entries are dropped when they come up. A hidden rectangle is a cycle, so
    hiding it never makes a new bridge: the loose cells are taken in one pass, in table order."""
    cells = table.cells
    rows, columns = table.rows, table.columns
    row_total, col_total = table.row_total, table.col_total
    row_at = {r: i for i, r in enumerate(rows)}
    col_at = {c: i for i, c in enumerate(columns)}
    nrows = len(rows)
    graph = _Bridges(nrows + len(columns))
    hidden = [k for k, cell in cells.items() if not cell.shown and cell.value > 0 and k[0] in row_at
              and k[1] in col_at]
    for r, c in hidden:
        graph.add(row_at[r], nrows + col_at[c], (r, c))
    if not graph.bridges:
        return False
    INVALID = None

    def corner(r, c):
        """What hiding a cell costs: nothing if hidden, (1, totals, value) if shown; a cell at 0
        cannot be used (a hidden 0 in a line whose total is shown can be worked out, and with it
        the rest of the cycle)."""
        cell = cells[(r, c)]
        if cell.value <= 0:
            return INVALID
        if not cell.shown:
            return (0, 0, 0)
        return (1, (r == row_total) + (c == col_total), cell.value)

    def pair_cost(r2, c, c2):
        a, b = corner(r2, c2), corner(r2, c)
        if a is INVALID or b is INVALID:
            return INVALID
        return (a[0] + b[0], a[1] + b[1], a[2] + b[2])

    heaps: dict = {}

    def heap(c, c2):
        found = heaps.get((c, c2))
        if found is None:
            found = []
            for i, r2 in enumerate(rows):
                cost = pair_cost(r2, c, c2)
                if cost is not INVALID:
                    found.append((cost, i))
            heapq.heapify(found)
            heaps[(c, c2)] = found
        return found

    def best_row(c, c2, skip: int):
        """The cheapest row for columns (c, c2) other than row `skip`: (cost, row index) or None."""
        h = heap(c, c2)
        held = None
        result = None
        while h:
            cost, i = h[0]
            if pair_cost(rows[i], c, c2) != cost:
                heapq.heappop(h)  # stale: the row's cost has fallen since
                continue
            if i == skip:
                held = heapq.heappop(h)
                continue
            result = (cost, i)
            break
        if held is not None:
            heapq.heappush(h, held)
        return result

    def hide(r, c):
        cells[(r, c)].state = HIDDEN
        i = row_at[r]
        for (a, b), h in heaps.items():
            if a == c or b == c:
                cost = pair_cost(r, a, b)
                if cost is not INVALID:
                    heapq.heappush(h, (cost, i))
        graph.add(i, nrows + col_at[c], (r, c))

    changed = False
    for key in hidden:
        if key not in graph.bridges:
            continue
        r, c = key
        i = row_at[r]
        best, best_key = None, None
        for j, c2 in enumerate(columns):
            if c2 == c:
                continue
            side = corner(r, c2)
            if side is INVALID:
                continue
            found = best_row(c, c2, i)
            if found is None:
                continue
            cost, i2 = found
            total = (cost[0] + side[0], cost[1] + side[1], cost[2] + side[2])
            order = (total, i2, j)
            if best_key is None or order < best_key:
                best_key, best = order, (rows[i2], c2)
        if best is None:  # no rectangle can hold it (a single row or column): never loop forever
            continue
        r2, c2 = best
        for k in ((r, c2), (r2, c2), (r2, c)):
            if cells[k].shown:
                hide(*k)
                changed = True
    return changed


def _secondary(table: Table) -> bool:
    """Hide complementary cells; True if any was hidden."""
    changed = False
    if table.col_total is not None and table.row_total is not None:
        return _two_way(table)
    while True:
        step = False
        for line in _lines(table):
            hidden = [k for k in line if not table.cells[k].shown]
            if len(hidden) == 1:
                shown = [k for k in line if table.cells[k].shown]
                if shown:
                    table.cells[_pick(table, shown)].state = HIDDEN
                    step = changed = True
        if not step:
            return changed


def _bounds(table: Table, key: tuple, threshold: int, top: int) -> list[tuple[int, int]]:
    """What a reader knows of a cell, as intervals of values: exact when shown, 1..N-1 for "<N",
    0 or N and more for an "x" among client counts, anything for another hidden value."""
    cell = table.cells[key]
    counts = (table.client_count or table.clients_shown) and table.row_total is None \
        and not _opaque_row(table, key[0])
    if cell.shown:
        v = int(cell.clients if table.clients_shown else cell.value)
        return [(v, v)]
    if counts and cell.state == SMALL:
        r, c = key
        if c != table.col_total and _small_line(table, r):
            found = [(0, threshold - 1)]  # a line with a small total: its zeros read "<N" too
        else:
            found = [(1, threshold - 1)]
    elif counts:
        found = [(0, 0), (threshold, top)]
    else:
        found = [(0, top)]
    cap = _cap(table, key, threshold)
    if cap is not None:  # never more than the capping cell, as far as the reader knows it
        found = [(lo, min(hi, cap)) for lo, hi in found if lo <= cap] or [(0, 0)]
    return found


def _cap(table: Table, key: tuple, threshold: int) -> int | None:
    """The most a cell can hold as a reader sees the capping cell of its column (`cap_source`):
    its figure when shown, N-1 when "<N"; None when there is no such cell or it is hidden."""
    if table.cap_source is None or (table.capped_rows is not None and key[0] not in table.capped_rows):
        return None
    source, row = table.cap_source
    if (source is table and key[0] == row) or (row, key[1]) not in source.cells:
        return None
    capping = source.cells[(row, key[1])]
    if capping.shown:
        return int(capping.value)
    if capping.state == SMALL:
        return threshold - 1
    return None


def _opaque_row(table: Table, row: Hashable) -> bool:
    """A row a reader sees as "x" throughout (every cell hidden, none marked "<N"), where an "x"
    may be any number: made so on purpose (`opaque_rows`), or so by itself; the reader cannot tell
    which (see the module: "opaque rows")."""
    if row in table.opaque_rows:
        return True
    if table.col_total is None or table.row_total is not None:
        return False
    return all(table.cells[(row, c)].state == HIDDEN for c in table.columns if (row, c) in table.cells)


MAX_SOLVED = 1 << 24  # a line's total above which `_pinned` does not solve (its bit sets would take megabytes)


def _add(mask: int, intervals: list[tuple[int, int]], top: int) -> int:
    """The sums a + b, a in `mask`, b in the intervals (capped at top), as a bit set."""
    out = 0
    limit = (1 << (top + 1)) - 1
    for lo, hi in intervals:
        if lo > top:
            continue
        hi = min(hi, top)
        part, width = mask << lo, 1
        while 2 * width <= hi - lo + 1:  # shifts 0 .. width-1 by doubling
            part |= part << width
            width *= 2
        part |= part << (hi - lo + 1 - width)
        out |= part & limit
    return out


def _reverse(mask: int, top: int) -> int:
    return int(format(mask, f"0{top + 1}b")[::-1], 2)


def _pinned(table: Table, line: list[tuple], total: tuple, threshold: int, positive_only: bool = False) -> bool:
    """Whether the bounds of this line (cells summing to `total`) leave a hidden cell, or a hidden
    total, a single possible value (`positive_only`: a cell above 0; a 0 worked out tells what a
    shown 0 tells)."""
    keys = line + [total]
    if all(table.cells[k].shown for k in keys):
        return False
    def value(k):
        return int(table.cells[k].clients if table.clients_shown else table.cells[k].value)

    shown_sum = sum(value(k) for k in line if table.cells[k].shown)
    if table.cells[total].shown:
        top = value(total)
    else:
        top = shown_sum + (len(keys) + 2) * max(threshold, 1) + 1
    if top > MAX_SOLVED:  # sums as bit sets this wide: taken as pinned, so more is hidden, never less
        return True
    bounds = {k: _bounds(table, k, threshold, top) for k in keys}
    for k in keys:
        if table.cells[k].shown:
            continue
        if k == total:
            sums = 1
            for other in line:
                sums = _add(sums, bounds[other], top)
            possible = sums & _add(1, bounds[k], top)
        else:
            # v is possible when v + (the others' sum) is a possible total: v in total - others
            reach = _reverse(_add(1, bounds[total], top), top)
            for other in line:
                if other != k:
                    reach = _add(reach, bounds[other], top)
            possible = _reverse(reach & ((1 << (top + 1)) - 1), top) & _add(1, bounds[k], top)
        if possible.bit_count() < 2 and not (positive_only and (
                value(k) == 0 or (k == total and not sum(value(x) for x in line if not table.cells[x].shown)))):
            return True
    return False


def _one_way_counts(table: Table) -> bool:
    """A table of client counts (or with its clients shown) with totals one way: `_bounded`'s."""
    return bool((table.client_count or table.clients_shown) and table.col_total is not None
                and table.row_total is None)


def _small_line(table: Table, row: Hashable) -> bool:
    """A line of such a table whose total rests on 1 to N-1 clients (primary suppression)."""
    return _one_way_counts(table) and table.cells[(row, table.col_total)].state == SMALL \
        and table.cells[(row, table.col_total)].clients > 0


def _bounded(table: Table, threshold: int) -> bool:
    """Hide more cells of a client-count table until its bounds pin no hidden cell down."""
    if not _one_way_counts(table):
        return False
    changed = False
    for r in table.rows:
        line = [(r, c) for c in table.columns if c != table.col_total]
        total = (r, table.col_total)
        while _pinned(table, line, total, threshold):
            shown = [k for k in line + [total] if table.cells[k].shown]
            if not shown:
                break  # everything hidden already: nothing more to do
            table.cells[_pick(table, shown)].state = HIDDEN
            changed = True
    return changed


def _hidden_together(table: Table, threshold: int) -> bool:
    """Hide more cells of an amounts table (dollars, jobs) until the hidden cells of each line, taken
    together, are safe as one cell would be: their sum is the total less the shown cells, so it
    must rest on `threshold` clients or more and not be dominated (`dominated`). Otherwise one of
    two hidden hubs, knowing its own $10,000, reads the other's $200,000 loan (forum 12, #4)."""
    if not table.dominance or table.col_total is None or table.row_total is not None:
        return False
    changed = False
    for r in table.rows:
        line = [(r, c) for c in table.columns if c != table.col_total]
        total = (r, table.col_total)
        while _unsafe_group(table, [k for k in line if not table.cells[k].shown], total, threshold):
            shown = [k for k in line if table.cells[k].shown and table.cells[k].value > 0]
            table.cells[_pick(table, shown) if shown else total].state = HIDDEN
            changed = True
    return changed


def _insiders(table: Table, threshold: int) -> bool:
    """Hide more cells until a hub that knows its own cells cannot work out another hub's (forum 12,
    #2; review 12, R1 and R4). Each hub in turn is taken as the reader, its hidden cell as known:
    - a line of hubs and its total: solved over the bounds of the marks as `_bounded` solves it
      ("<5", "<5", total 6: the hub with 3 reads the other's 3; "<5" three times, total 5: the hub
      with 3 reads two 1s), and for amounts the other hidden cells together must still rest on
      `threshold` clients and not be dominated (one of them knowing its $10,000 read the rest);
      another cell is hidden, inside the line first, else the total;
    - a table with totals both ways (contacts by organisation, the evaluations): a row with a
      hidden hub cell hides its network cell too (two hubs: the network's 7 less one's own 4 gave
      the other's 3); `_two_way` then closes the cycles."""
    if not table.hubs or table.col_total is None:
        return False
    changed = False
    if table.row_total is not None:
        for r in table.rows:  # (the total row too: "61, x, x, 92" gave one hub the other's 2)
            net = table.cells[(r, table.col_total)]
            if net.shown and any(not table.cells[(r, c)].shown and table.cells[(r, c)].value > 0
                                 for c in table.columns if c != table.col_total):
                net.state = HIDDEN
                changed = True
        return changed
    for r in table.rows:
        line = [(r, c) for c in table.columns if c != table.col_total]
        total = (r, table.col_total)
        while True:
            leak = False
            for own in line:
                cell = table.cells[own]
                if cell.shown:
                    continue
                rest = [k for k in line if k != own and not table.cells[k].shown]
                if not rest and table.cells[total].shown:
                    continue  # (nothing else hidden: its own cell is all it can know)
                saved, cell.state = cell.state, SHOWN
                try:
                    leak = _pinned(table, line, total, threshold, positive_only=True) or \
                        _unsafe_group(table, rest, total, threshold)
                finally:
                    cell.state = saved
                if leak:
                    break
            if not leak:
                break
            shown = [k for k in line if table.cells[k].shown and table.cells[k].value > 0]
            if not shown and not table.cells[total].shown:
                # all hidden, and the marks' own meaning still pins a cell ("<5", "<5", "x" for
                # 1 + 4 = 5: the hub with 1 reads 4; hostile 12b, #1): the row reads "x" throughout,
                # where an "x" may be any number
                if r in table.opaque_rows:
                    break
                table.opaque_rows.add(r)
                for k in line + [total]:
                    if table.cells[k].state == SMALL:
                        table.cells[k].state = HIDDEN
                changed = True
                continue
            table.cells[_pick(table, shown) if shown else total].state = HIDDEN
            changed = True
    return changed


def _unsafe_group(table: Table, hidden: list, total: tuple, threshold: int) -> bool:
    """For amounts: whether hidden cells whose sum a reader can work out (the total shown) rest on
    fewer than `threshold` clients, or are dominated."""
    if not table.dominance or not hidden or not table.cells[total].shown:
        return False
    clients: set = set()
    shares: dict = {}
    for k in hidden:
        clients |= table._clients.get((table.code, *k), set())
        for who, v in table._shares.get(k, {}).items():
            shares[who] = shares.get(who, 0) + v
    amount = sum(table.cells[k].value for k in hidden)
    return amount > 0 and (len(clients) < threshold or dominated(shares, amount))


def _hide_zeros(table: Table) -> bool:
    """Hide every zero of each line that holds a hidden cell above 0 (see the module: "zeros")."""
    changed = False
    for line in _lines(table):
        if not any(not table.cells[k].shown and (table.cells[k].value > 0 or table.cells[k].clients > 0)
                   for k in line):
            continue
        for k in line:
            cell = table.cells[k]
            if cell.shown and cell.value == 0 and cell.clients == 0:
                cell.state = HIDDEN
                changed = True
    return changed


# The dominance rule for amounts (a (2, 85 %) rule, as statistical agencies use): a total of which
# the two largest contributions make more than 85 % is hidden like a small cell, whatever the number
# of clients behind it. Seven clients, one of whom got $250,000 of $262,500, would otherwise publish
# that loan to within a few thousand dollars (and the second largest could work out the largest).
DOMINANCE_TOP = 2
DOMINANCE_SHARE = 0.85


def dominated(shares: dict, total: float) -> bool:
    """Whether the largest contributions to a total make more than its allowed share."""
    if total <= 0:
        return False
    top = sorted((v for v in shares.values() if v > 0), reverse=True)[:DOMINANCE_TOP]
    return sum(top) > DOMINANCE_SHARE * total


def suppress(tables: list[Table], threshold: int,
             links: list[list[tuple[Table, Hashable]]] = (),
             same: list[list[tuple[Table, Hashable, Hashable]]] = ()) -> None:
    """Hide small cells of `tables` and enough others that none can be recovered (see module).
    `links`: groups of rows (of different tables) that hold the same figures; `same`: groups of
    cells that hold the same figure: a cell of a group hidden, the whole group is."""
    for table in tables:
        table.fill()
        for cell in table.cells.values():
            if 0 < cell.clients < threshold:
                cell.state = SMALL
        if table.dominance:
            for key, cell in table.cells.items():
                if cell.state == SHOWN and dominated(table._shares.get(key, {}), cell.value):
                    cell.state = SMALL
        if _one_way_counts(table):
            for r in table.rows:
                if _small_line(table, r):  # every cell "<N", zeros included (see the module)
                    for c in table.columns:
                        table.cells[(r, c)].state = SMALL
    while True:
        changed = False
        for table in tables:
            changed |= _secondary(table)
            changed |= _bounded(table, threshold)
            changed |= _hidden_together(table, threshold)
            changed |= _insiders(table, threshold)
        for group in links:
            for table, row in group:
                for col in table.columns:
                    if any(not other.cell(orow, col).shown for other, orow in group) and \
                            table.cell(row, col).shown:
                        table.cell(row, col).state = HIDDEN
                        changed = True
        for group in same:
            if any(not table.cell(row, col).shown for table, row, col in group):
                for table, row, col in group:
                    if table.cell(row, col).shown:
                        table.cell(row, col).state = HIDDEN
                        changed = True
        if not changed:
            for table in tables:  # last: hidden zeros protect nothing, and need nothing
                changed |= _hide_zeros(table)
            if not changed:
                return


def recoverable(table: Table) -> list[tuple]:
    """Hidden cells a reader could still work out from the shown cells and totals (for tests)."""
    if table.col_total is not None and table.row_total is not None:
        return _bridges(table, positive=True)  # a hidden 0 protects nothing (see `_two_way`)
    found = []
    for line in _lines(table):
        hidden = [k for k in line if not table.cells[k].shown]
        if len(hidden) == 1:
            found += hidden
    return found
