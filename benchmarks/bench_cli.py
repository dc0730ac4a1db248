"""Benchmark: wall time of whole `cedta` commands, as a user runs them (process start included).

Run:  python benchmarks/bench_cli.py [--runs 15] [--data data]
Prints min / median / max seconds per command and writes nothing. Not part of the test suite.
A synthetic directory scales the data (x10 providers and clients) to see how validate grows.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def cedta_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("cedta")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "cedta"]


def timed(args: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t)
    return times


def scaled_copy(data: Path, factor: int) -> Path:
    """A copy of the data with every provider and client repeated `factor` times under new ids."""
    out = Path(tempfile.mkdtemp(prefix="cedta-bench-")) / "data"
    shutil.copytree(data, out)
    for folder in ("providers", "clients"):
        for f in sorted((data / folder).glob("*.yaml")):
            text = f.read_text(encoding="utf-8")
            for i in range(1, factor):
                new_id = f"{f.stem}-x{i}"
                (out / folder / f"{new_id}.yaml").write_text(
                    text.replace(f"id: {f.stem}\n", f"id: {new_id}\n", 1), encoding="utf-8")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--data", default=str(REPO / "data"))
    ap.add_argument("--scale", type=int, default=10)
    opts = ap.parse_args()
    data = Path(opts.data)
    base = cedta_cmd()
    big = scaled_copy(data, opts.scale)
    n_files = len(list(data.glob("*/*.yaml"))) + len(list(data.glob("*.yaml")))
    n_big = len(list(big.glob("*/*.yaml"))) + len(list(big.glob("*.yaml")))
    cases = {
        "python -c pass (floor)": [sys.executable, "-c", "pass"],
        "cedta --version": base + ["--version"],
        "cedta --help": base + ["--help"],
        f"cedta validate ({n_files} files)": base + ["--data", str(data), "validate"],
        f"cedta validate --format json ({n_files} files)": base + ["--data", str(data), "validate", "--format", "json"],
        f"cedta validate (x{opts.scale}: {n_big} files)": base + ["--data", str(big), "validate"],
        f"cedta fmt --check ({n_files} files)": base + ["--data", str(data), "fmt", "--check"],
        "cedta diff HEAD (no change)": base + ["--data", str(data), "diff", "HEAD"],
    }
    print(f"{'command':52} {'min':>7} {'median':>7} {'max':>7}   ({opts.runs} runs, {os.cpu_count()} cores)")
    for name, args in cases.items():
        t = timed(args, opts.runs)
        print(f"{name:52} {min(t):7.3f} {statistics.median(t):7.3f} {max(t):7.3f}")
    shutil.rmtree(big.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
