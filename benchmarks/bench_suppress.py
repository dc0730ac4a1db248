"""Benchmark of small-cell suppression (`cedta.suppress`) on the report's largest tables.

Run:  python benchmarks/bench_suppress.py [--rows 100 400 1600 6400] [--hubs 3] [--runs 3] [--seed 1]
                                          [--module PATH]

Builds, for each size, the two linked tables `cedta report` suppresses together: contacts by
organisation and hub (`--rows` organisations, a total row, the network column) and contacts by mode
and hub (8 modes), with seeded random counts shaped like a large network's (most organisations see a
few clients in one or two hubs, so many cells are small), then times `suppress` alone (CPU time of
this process, `time.process_time`; the tables are rebuilt before each run and their building is not
timed). Prints the median, the hidden cells and a check that no hidden cell is a bridge.
`--module` times another copy of the module (a file path), for before/after figures.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def load(path: str | None):
    if path is None:
        from cedta import suppress
        return suppress
    spec = importlib.util.spec_from_file_location("suppress_under_test", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def tables(mod, rows: int, hubs: int, seed: int):
    """The contacts-by-organisation and contacts-by-mode tables of one quarter, filled the way
    `forum.activity` fills them (one `add` per contact)."""
    rng = random.Random(seed)
    cols = [f"hub{i}" for i in range(hubs)] + ["network"]
    orgs = [f"org{i:05d}" for i in range(rows)]
    modes = [f"mode{i}" for i in range(8)]
    by_org = mod.Table("contacts-org", orgs + ["total"], list(cols), col_total="network",
                       row_total="total", client_count=False)
    by_mode = mod.Table("contacts-mode", modes + ["total"], list(cols), col_total="network",
                        row_total="total", client_count=False)
    client = 0
    for org in orgs:
        for hub in cols[:-1]:
            if rng.random() < 0.5:
                continue  # this organisation saw nobody from this hub
            for _ in range(rng.choice([1, 1, 2, 3, 4, 6, 9, 15])):
                client += 1
                for _ in range(rng.choice([1, 1, 1, 2, 3])):
                    mode = rng.choice(modes)
                    by_org.add(org, hub, 1, f"c{client}")
                    by_mode.add(mode, hub, 1, f"c{client}")
    by_org.fill()
    by_mode.fill()
    return by_org, by_mode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[100, 400, 1600, 6400])
    ap.add_argument("--hubs", type=int, default=3)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threshold", type=int, default=5)
    ap.add_argument("--module", help="a copy of suppress.py to time instead of cedta's")
    ap.add_argument("--timeout", type=float, default=120.0,
                    help="skip larger sizes once one run takes longer than this (s)")
    args = ap.parse_args()
    mod = load(args.module)
    print(f"{'organisations':>13} {'cells':>7} {'hidden':>7} {'CPU s (median)':>15}  runs")
    for n in args.rows:
        times = []
        for _ in range(args.runs):
            by_org, by_mode = tables(mod, n, args.hubs, args.seed)
            t = time.process_time()
            mod.suppress([by_org, by_mode], args.threshold,
                         links=[[(by_org, "total"), (by_mode, "total")]])
            times.append(time.process_time() - t)
            if times[-1] > args.timeout:
                break
        hidden = sum(not c.shown for t in (by_org, by_mode) for c in t.cells.values())
        loose = len(mod.recoverable(by_org)) + len(mod.recoverable(by_mode))
        cells = len(by_org.cells) + len(by_mode.cells)
        print(f"{n:>13,} {cells:>7,} {hidden:>7,} {statistics.median(times):>15.3f}  "
              f"{', '.join(f'{x:.3f}' for x in times)}" + (f"  RECOVERABLE: {loose}" if loose else ""))
        if times[-1] > args.timeout:
            print(f"(stopped: one run over {args.timeout:.0f} s)")
            break


if __name__ == "__main__":
    main()
