"""Benchmark of the forum stage: `cedta report` over a large network, `cedta gaps` with levers.

Run:  python benchmarks/bench_forum.py [--clients 20000] [--gaps-clients 1000] [--runs 3] [--seed 1]

Generates its own data with `benchmarks/generate.py` (seeded: same seed, same files) in a temporary
folder, commits it to a throw-away git repository (so the report reads the directory's history),
then times whole commands as a user runs them (process start included):

- `cedta report` (terminal text) over `--clients` clients: with no cache (`CEDTA_NO_CACHE=1`: every
  file parsed), cold (an empty cache: worker processes parse and check the clients, one per CPU),
  cold in one process (`CEDTA_JOBS=1`) and warm (the io parse cache filled by a first run);
- `cedta gaps` (with levers) over the shipped directory and `--gaps-clients` clients, cold and warm.

`--providers scale` grows the report's directory with its clients (one provider per 25, as
`benchmarks/run` does); the default, 40, keeps it fixed.

Prints wall time, CPU time (user + system of the child process) and peak memory: on a shared machine the wall
time also counts other people's work, the CPU time does not. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

TODAY = "2026-11-26"


def cedta_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("cedta")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "cedta"]


def run(args: list[str], env: dict) -> tuple[float, float, float]:
    """Wall s, CPU s (user + system) and peak memory (MB) of one child process (`os.wait4`: the
    child's own figures, not a running maximum over every child)."""
    t = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t
    if child.returncode != 0:
        sys.exit(f"failed ({child.returncode}): {' '.join(args)}\n{err.decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def git_commit(folder: Path) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.org",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.org",
               GIT_AUTHOR_DATE="2026-01-15T12:00:00", GIT_COMMITTER_DATE="2026-01-15T12:00:00")
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "generated"]):
        subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def measure(label: str, args: list[str], runs: int, cache_dir: Path) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith("CEDTA_")}
    nocache_env = dict(base, CEDTA_NO_CACHE="1")
    warm_env = dict(base, CEDTA_CACHE_DIR=str(cache_dir))
    empty = cache_dir.with_name(cache_dir.name + "-empty")
    cold_env = dict(base, CEDTA_CACHE_DIR=str(empty))
    serial_env = dict(cold_env, CEDTA_JOBS="1")
    run(args, warm_env)  # fills the cache

    def fresh(env):  # a cold run starts from an empty cache, every time
        shutil.rmtree(empty, ignore_errors=True)
        return run(args, env)

    for kind, env, go in (("no cache", nocache_env, run), ("cold (empty cache)", cold_env, fresh),
                          ("cold, one process (CEDTA_JOBS=1)", serial_env, fresh), ("warm", warm_env, run)):
        walls, cpus, peaks = zip(*(go(args, env) if go is run else go(env) for _ in range(runs)))
        print(f"| {label}, {kind} | {min(walls):.2f} | {statistics.median(walls):.2f} | "
              f"{min(cpus):.2f} | {statistics.median(cpus):.2f} | {max(peaks):,.0f} |", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20000)
    ap.add_argument("--gaps-clients", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--providers", default="40",
                    help="providers of the report's network: a number, or 'scale' for one per 25 clients "
                         "as benchmarks/run makes them (the directory then grows with the clients)")
    opts = ap.parse_args(argv)
    providers = max(40, opts.clients // 25) if opts.providers == "scale" else int(opts.providers)
    work = Path(tempfile.mkdtemp(prefix="cedta-bench-forum-"))
    try:
        big = generate(work / "big", opts.clients, providers=providers, seed=opts.seed)
        git_commit(work / "big")
        contacts = sum(len(re.findall(r"^  - (?:\{)?date: ", (f.read_text(encoding="utf-8").split("\ncontacts:", 1) + [""])[1]
                                      .split("\noutcomes:", 1)[0].split("\nevaluation:", 1)[0], flags=re.M))
                       for f in (big / "clients").glob("*.yaml"))
        small = generate(work / "small", opts.gaps_clients, providers=40, seed=opts.seed)
        print(f"report data: {opts.clients} clients, {contacts} contacts, {providers} providers; "
              f"gaps data: {opts.gaps_clients} clients; --today {TODAY}; runs: {opts.runs}")
        print("| command | wall min | wall median | CPU min | CPU median | peak MB |")
        print("|---|---:|---:|---:|---:|---:|")
        base = cedta_cmd() + ["--today", TODAY]
        measure(f"`cedta report` ({opts.clients} clients)", base + ["--data", str(big), "report"],
                opts.runs, work / "cache")
        measure(f"`cedta gaps` ({opts.gaps_clients} clients)", base + ["--data", str(small), "gaps"],
                opts.runs, work / "cache")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
