"""Benchmark: matching (`cedta match`), not part of the test suite.

Run:  python benchmarks/bench_match.py [--services 10000] [--clients 10000] [--runs 7] [--work DIR]
      [--skip-one] [--skip-group] [--whole-only]

1. One client against N synthetic services, in-process: the shipped services copied under new ids
   (same topics, modes, fees, rules), N in all. Loading (pydantic) and building the directory's
   index are timed apart from matching itself; matching is the median of --runs runs, for the
   shipped §6 client (three needs, every service of those topics judged) and for a client whose need
   has all N services on its topic (the worst case of the topic index).
2. `cedta match --all --summary` over M synthetic clients (benchmarks/generate.py, the same seed as
   the other benchmarks): the whole command as a user runs it (wall, CPU and peak memory, beside
   `match` of one client and `find`, which loads the directory alone), and in-process the part
   that is matching and counting, apart from reading and validating the files.
Prints seconds; writes only under --work (a temporary folder by default).
"""

from __future__ import annotations

import argparse
import gc
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
TODAY = dt.date(2026, 11, 26)


def _shipped():
    from cedta.io.store import DataRoot
    from cedta.records import checks

    root = DataRoot(REPO / "data")
    return checks.load_dataset([root.read(f) for f in root.files()])


def synthetic_providers(ds, services: int, one_topic: str | None = None) -> list:
    """Provider records holding `services` services in all: the shipped services, copied."""
    from cedta.records import model as m

    shipped = [(e.record, s) for e in ds.providers.values() for s in e.record.services]
    per_provider = 25
    providers, n, k = [], 0, 0
    while n < services:
        base, _ = shipped[(k * per_provider) % len(shipped)]
        batch = []
        for j in range(min(per_provider, services - n)):
            _, s = shipped[(n + j) % len(shipped)]
            data = s.model_dump(by_alias=True, exclude_none=True)
            data["id"] = f"{s.id[:50]}-s{n + j}"
            if one_topic:
                data["topic"] = one_topic
            batch.append(data)
        provider = base.model_dump(by_alias=True, exclude_none=True)
        provider.update(id=f"{base.id}-p{k}", services=batch)
        providers.append(m.Provider.model_validate(provider))
        n += len(batch)
        k += 1
    return providers


def one_client(opts) -> None:
    from cedta.match import Directory, match_client

    ds = _shipped()
    hubs = [e.record for e in ds.hubs.values()]
    client = ds.clients["c-2026-0001"].record
    for label, topic in (("spread over the topics", None), ("all on the need's topic", "business-plan")):
        t = time.perf_counter()
        providers = synthetic_providers(ds, opts.services, topic)
        loading = time.perf_counter() - t
        t = time.perf_counter()
        directory = Directory.build(providers, hubs, ds.network.record, ds.vocab, TODAY)
        build = time.perf_counter() - t
        gc.freeze()  # as `cedta match` does once the records are loaded
        runs = []
        for _ in range(opts.runs):
            t = time.perf_counter()
            result = match_client(client, directory, TODAY)
            runs.append(time.perf_counter() - t)
        judged = sum(len(n.matches) + len(n.to_confirm) + len(n.excluded) for n in result.needs)
        print(f"one client, {opts.services} services {label}: services judged {judged}; "
              f"load (pydantic) {loading:.3f} s, index {build * 1000:.1f} ms, "
              f"match min {min(runs) * 1000:.1f} / median {statistics.median(runs) * 1000:.1f} / "
              f"max {max(runs) * 1000:.1f} ms")


def _whole(cmd: list[str]) -> tuple[float, float, int]:
    """One run of a whole command: wall seconds, CPU seconds (user + system), peak RSS in KB."""
    import os

    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return time.perf_counter() - t, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def group_summary(opts) -> None:
    import generate

    work = Path(opts.work or tempfile.mkdtemp(prefix="cedta-bench-match-"))
    data = work / "data"
    if not (data / "clients").is_dir() or len(list((data / "clients").glob("*.yaml"))) != opts.clients:
        t = time.perf_counter()
        generate.generate(work, opts.clients)
        print(f"generated {opts.clients} clients in {time.perf_counter() - t:.1f} s ({data})")
    exe = Path(sys.executable).with_name("cedta")
    cmd = [str(exe) if exe.exists() else sys.executable, "--today", TODAY.isoformat(), "--data", str(data),
           "match", "--all", "--summary", "--format", "json"]
    if not exe.exists():
        cmd[1:1] = ["-m", "cedta"]
    base = cmd[:cmd.index("match")]
    one = sorted((data / "clients").glob("*.yaml"))[0].stem
    for label, args in (("match --all --summary", ["match", "--all", "--summary", "--format", "json"]),
                        (f"match {one} (one client)", ["match", one, "--format", "json"]),
                        ("find --topic accounting (the directory alone)", ["find", "--topic", "accounting"])):
        rows = [_whole(base + args) for _ in range(max(1, opts.runs // 2))]
        walls, cpus, rss = zip(*rows)
        print(f"cedta {label}, {opts.clients} clients: whole command wall min {min(walls):.2f} / median "
              f"{statistics.median(walls):.2f} s, CPU min {min(cpus):.2f} / median {statistics.median(cpus):.2f} s, "
              f"peak RSS {max(rss) / 1024:.0f} MB")
    if opts.whole_only:
        return

    from cedta.io.store import DataRoot
    from cedta.match import Directory, match_client, places_taken
    from cedta.match.summary import summarize, summarize_clients
    from cedta.records import checks

    root = DataRoot(data)
    t = time.perf_counter()
    results = [root.read(f) for f in root.files()]
    read = time.perf_counter() - t
    t = time.perf_counter()
    ds = checks.load_dataset(results)
    load = time.perf_counter() - t
    gc.freeze()
    t = time.perf_counter()
    directory = Directory.build((e.record for e in ds.providers.values()), (e.record for e in ds.hubs.values()),
                                ds.network.record, ds.vocab, TODAY)
    clients = [e.record for e in ds.clients.values()]
    taken = places_taken(clients)
    summary = summarize_clients(clients, directory, TODAY, taken)
    matching = time.perf_counter() - t
    classes = sum(len(directory.classes(topic)) for topic in directory.by_topic)
    print(f"  in-process: read and parse {read:.2f} s, validate (pydantic) {load:.2f} s, "
          f"index + match + count {matching:.2f} s ({len(directory.offers)} services in {classes} classes "
          f"of alike services, {sum(len(c.needs) for c in clients)} needs, {len(summary.groups)} rows)")
    # The reference path (every service judged, full results) on the first 1,000 clients, to show
    # what the classes and the early stop save on this synthetic network of copied providers.
    t = time.perf_counter()
    summarize((match_client(c, directory, TODAY, taken) for c in clients[:1000]), directory.levels)
    full = time.perf_counter() - t
    t = time.perf_counter()
    summarize_clients(clients[:1000], directory, TODAY, taken)
    fast = time.perf_counter() - t
    print(f"  1,000 clients: match_client + summarize {full:.2f} s, summarize_clients {fast:.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--services", type=int, default=10000)
    ap.add_argument("--clients", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--work", default=None, help="folder for the generated network (kept between runs)")
    ap.add_argument("--skip-group", action="store_true")
    ap.add_argument("--skip-one", action="store_true", help="skip the in-process one-client part")
    ap.add_argument("--whole-only", action="store_true",
                    help="group part: the whole commands only (CPU and peak memory), not the in-process split")
    opts = ap.parse_args()
    if not opts.skip_one:
        one_client(opts)
    if not opts.skip_group:
        group_summary(opts)


if __name__ == "__main__":
    main()
