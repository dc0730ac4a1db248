"""Benchmark: whole cedta processes on synthetic networks of 1,000 / 10,000 / 50,000 clients.

    benchmarks/run [--max-clients 50000] [--runs 3] [--work DIR] [--out FILE] [--no-tools]

For each size: generate the network once (benchmarks/generate.py, seeded; reused while the generator
and the size are the same), commit it in a git repository of its own, then run the commands in
rounds, each round every command once (interleaved, so a machine busy with other work slows all of
them alike), and report the median wall time, the median CPU time (user + system, of the process
and its children: steadier than wall time on a shared machine) and the peak memory (max RSS).

Commands: `cedta --help`; `validate` cold (empty cache: worker processes parse, one per CPU; and
with `CEDTA_JOBS=1`, one process), without the cache (CEDTA_NO_CACHE=1: the
reader as it was), and warm (cache filled, one client file changed); `validate` of one file;
`match` for one client and `match --all --summary`; `report` for one quarter (warm, no cache, cold); `diff HEAD` with one
file changed; `fmt --check`. Beside them, for ratios: a bare `yaml.load(CSafeLoader)` of the same
files, check-jsonschema with the schemas `cedta schema` exports, and yamllint (those two installed
in a throwaway venv in the work folder; skipped with a note when that fails). Commands that do not
exist yet are skipped with a note. The expensive ones (`fmt --check`, the two tools) run once per
size and only up to --tools-max clients.

Writes a Markdown report to --out (default: stdout) and the raw figures to WORK/results.json.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

TODAY = "2026-11-26"
QUARTER = "2026Q2"
EDITED = "# benchmark edit {n}\n"


def cedta_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("cedta")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "cedta"]


def run_once(args: list[str], cwd: Path, env: dict, stdin=None) -> dict:
    """Wall time, CPU time and max RSS of one whole process (os.wait4 gives its own rusage)."""
    t = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, stdin=stdin)
    err = b""
    if proc.stderr is not None:
        err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 1024 / 1024
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": rss,
            "rc": proc.returncode, "err": err[-400:].decode("utf-8", "replace")}


class Bench:
    def __init__(self, opts):
        self.opts = opts
        self.work = Path(opts.work).resolve()
        self.work.mkdir(parents=True, exist_ok=True)
        self.cedta = cedta_cmd()
        self.results: dict[str, dict[str, list[dict]]] = {}  # command -> size -> runs
        self.notes: list[str] = []
        self.commands = self._commands()

    def _commands(self) -> set[str]:
        out = subprocess.run(self.cedta + ["--help"], capture_output=True, text=True,
                             env={**os.environ, "COLUMNS": "200"}).stdout
        return {line.split()[1] for line in out.splitlines()
                if line.startswith("│ ") and len(line.split()) > 2}

    def env(self, cache: Path | None, jobs: int | None = None) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CEDTA_")}
        env.update({"CEDTA_TODAY": TODAY, "PYTHONDONTWRITEBYTECODE": "", "COLUMNS": "120"})
        if jobs is not None:
            env["CEDTA_JOBS"] = str(jobs)
        if cache is None:
            env["CEDTA_NO_CACHE"] = "1"
        else:
            env["CEDTA_CACHE_DIR"] = str(cache)
        return env

    def record(self, name: str, size: int, r: dict) -> None:
        self.results.setdefault(name, {}).setdefault(str(size), []).append(r)
        (self.work / "results.json").write_text(json.dumps(  # as it goes: a long run can be read early
            {"results": self.results, "notes": self.notes}, indent=1))
        if r["rc"] not in (0, 1):
            self.notes.append(f"`{name}` at {size:,} clients exited {r['rc']}: {r['err'].strip()[-200:]}")

    # ---- the network ---------------------------------------------------------------------------

    def network(self, size: int) -> Path:
        folder = self.work / f"n{size}"
        stamp = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:12] + f"-{size}"
        marker = folder / ".generated"
        if not (marker.exists() and marker.read_text() == stamp):
            print(f"generating {size:,} clients in {folder}", file=sys.stderr)
            if folder.exists():
                shutil.rmtree(folder)
            generate.generate(folder, size)
            git = ["git", "-C", str(folder), "-c", "user.name=bench", "-c", "user.email=bench@example.org"]
            subprocess.run(git + ["init", "-q", "-b", "main"], check=True)
            (folder / ".gitignore").write_text(".generated\n")
            subprocess.run(git + ["add", "-A"], check=True)
            subprocess.run(git + ["commit", "-q", "-m", "generated"], check=True)
            marker.write_text(stamp)
        return folder

    def edit(self, net: Path, n: int) -> Path:
        """Change one client file (a comment at its end), so the working tree differs from HEAD."""
        p = sorted((net / "data" / "clients").iterdir())[0]
        text = p.read_text(encoding="utf-8").split("# benchmark edit")[0]
        p.write_text(text + EDITED.format(n=n), encoding="utf-8")
        return p

    # ---- measuring -----------------------------------------------------------------------------

    def measure_size(self, size: int) -> None:
        net = self.network(size)
        data = net / "data"
        files = sum(1 for _ in data.rglob("*.yaml"))
        print(f"{size:,} clients: {files:,} files", file=sys.stderr)
        base = self.cedta + ["--data", str(data), "--today", TODAY]
        warm_cache = self.work / f"cache-{size}"
        clients = sorted(p.stem for p in (data / "clients").iterdir())
        one_client = clients[len(clients) // 2]
        bare = [sys.executable, "-c", BARE_LOAD, str(data)]
        runs = self.opts.runs if size <= 10000 else max(1, self.opts.runs_50k)
        # fill the warm cache once: the parse cache and findings (validate), and what match and
        # diff remember of the directory and the places taken (their first run builds it)
        run_once(base + ["validate"], net, self.env(warm_cache))
        if "match" in self.commands:
            run_once(base + ["match", one_client], net, self.env(warm_cache))
        run_once(base + ["diff", "HEAD"], net, self.env(warm_cache))
        for i in range(runs):
            print(f"  round {i + 1}/{runs}", file=sys.stderr)
            cold = self.work / "cache-cold"
            shutil.rmtree(cold, ignore_errors=True)
            self.record("validate (cold: empty cache)", size, run_once(base + ["validate"], net, self.env(cold)))
            shutil.rmtree(cold, ignore_errors=True)
            self.record("validate (cold, one process: CEDTA_JOBS=1)", size,
                        run_once(base + ["validate"], net, self.env(cold, jobs=1)))
            shutil.rmtree(cold, ignore_errors=True)
            self.record("validate (no cache: CEDTA_NO_CACHE=1)", size,
                        run_once(base + ["validate"], net, self.env(None)))
            run_once(base + ["validate"], net, self.env(warm_cache))  # warm, whatever ran before
            self.edit(net, i)
            self.record("validate (warm: one file changed)", size,
                        run_once(base + ["validate"], net, self.env(warm_cache)))
            self.record("validate of one client file (warm)", size, run_once(
                base + ["validate", str(data / "clients" / f"{one_client}.yaml")], net, self.env(warm_cache)))
            self.record("validate of one client file (no cache)", size, run_once(
                base + ["validate", str(data / "clients" / f"{one_client}.yaml")], net, self.env(None)))
            self.record("bare `yaml.load(CSafeLoader)` of the same files", size, run_once(bare, net, self.env(None)))
            self.record("diff HEAD, one file changed (warm)", size,
                        run_once(base + ["diff", "HEAD"], net, self.env(warm_cache)))
            if "match" in self.commands:
                self.record("match one client (warm)", size,
                            run_once(base + ["match", one_client], net, self.env(warm_cache)))
                self.record("match --all --summary (warm)", size,
                            run_once(base + ["match", "--all", "--summary"], net, self.env(warm_cache)))
            if "report" in self.commands:
                self.record(f"report --quarter {QUARTER} (warm)", size, run_once(
                    base + ["report", "--quarter", QUARTER, "--format", "json"], net, self.env(warm_cache)))
                self.record(f"report --quarter {QUARTER} (no cache)", size, run_once(
                    base + ["report", "--quarter", QUARTER, "--format", "json"], net, self.env(None)))
                shutil.rmtree(cold, ignore_errors=True)
                self.record(f"report --quarter {QUARTER} (cold: empty cache)", size, run_once(
                    base + ["report", "--quarter", QUARTER, "--format", "json"], net, self.env(cold)))
                shutil.rmtree(cold, ignore_errors=True)
        if "match" not in self.commands:
            self.notes.append("`match` does not exist yet: skipped.")
        if "report" not in self.commands:
            self.notes.append("`report` does not exist yet: skipped.")
        if size <= self.opts.tools_max:
            self.record("fmt --check", size, run_once(base + ["fmt", "--check"], net, self.env(warm_cache)))
            if not self.opts.no_tools:
                self.tools(size, net, data)
        else:
            self.notes.append(f"`fmt --check` and the tools: not run at {size:,} clients "
                              f"(--tools-max {self.opts.tools_max}); they grow linearly.")

    def tools(self, size: int, net: Path, data: Path) -> None:
        venv = self.work / "tools-venv"
        bin_ = venv / ("Scripts" if os.name == "nt" else "bin")
        if not (bin_ / "yamllint").exists() or not (bin_ / "check-jsonschema").exists():
            try:
                subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
                subprocess.run([str(bin_ / "python"), "-m", "pip", "install", "-q", "check-jsonschema",
                                "yamllint"], check=True, capture_output=True, timeout=600)
            except (subprocess.SubprocessError, OSError) as exc:
                self.notes.append(f"check-jsonschema and yamllint could not be installed ({exc}): skipped.")
                self.opts.no_tools = True
                return
        schemas = self.work / "schemas"
        subprocess.run(self.cedta + ["--data", str(data), "schema", "--out", str(schemas)],
                       check=True, capture_output=True, env=self.env(None))
        env = self.env(None)
        # check-jsonschema: one process per kind and per batch of files (the argument list has a limit)
        total = {"wall": 0.0, "cpu": 0.0, "rss_mb": 0.0, "rc": 0, "err": ""}
        for kind, folder in (("provider", "providers"), ("hub", "hubs"), ("client", "clients")):
            paths = sorted(str(p) for p in (data / folder).glob("*.yaml"))
            for i in range(0, len(paths), 5000):
                r = run_once([str(bin_ / "check-jsonschema"), "--schemafile",
                              str(schemas / f"{kind}.schema.json"), *paths[i:i + 5000]], net, env)
                total["wall"] += r["wall"]
                total["cpu"] += r["cpu"]
                total["rss_mb"] = max(total["rss_mb"], r["rss_mb"])
                if r["rc"] not in (0, 1):
                    total["rc"], total["err"] = r["rc"], r["err"]
        self.record("check-jsonschema (exported schemas)", size, total)
        config = "{extends: default, rules: {line-length: disable, document-start: disable}}"
        self.record("yamllint", size, run_once([str(bin_ / "yamllint"), "-d", config, str(data)], net, env))

    def help_runs(self) -> None:
        for _ in range(max(5, self.opts.runs)):
            self.record("cedta --help", 0, run_once(self.cedta + ["--help"], REPO, self.env(None)))
            self.record("python -c pass (the floor)", 0,
                        run_once([sys.executable, "-c", "pass"], REPO, self.env(None)))

    # ---- the report ----------------------------------------------------------------------------

    def summary(self, name: str, size: int) -> dict | None:
        runs = [r for r in self.results.get(name, {}).get(str(size), []) if r["rc"] in (0, 1)]
        if not runs:  # none, or every run failed or was stopped (see the notes)
            return None
        return {"wall": statistics.median(r["wall"] for r in runs),
                "cpu": statistics.median(r["cpu"] for r in runs),
                "rss_mb": max(r["rss_mb"] for r in runs), "runs": len(runs)}

    def markdown(self, sizes: list[int]) -> str:
        load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
        lines = [
            f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.node() or 'this machine'}: "
            f"{os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}; "
            f"load average at the end {load[0]:.1f}. Median wall seconds (median CPU seconds) / peak MB; "
            f"runs per figure in the last column.", "",
            "| command | " + " | ".join(f"{s:,} clients" for s in sizes) + " | runs |",
            "|---|" + "---:|" * len(sizes) + "---:|",
        ]
        help_ = self.summary("cedta --help", 0)
        floor = self.summary("python -c pass (the floor)", 0)
        for name, s in (("cedta --help", help_), ("python -c pass (the floor)", floor)):
            if s:
                lines.append(f"| `{name}` | {s['wall']:.3f} ({s['cpu']:.3f}) / {s['rss_mb']:.0f} MB"
                             + " |" * (len(sizes) - 1) + f" | {s['runs']} |")
        for name in self.results:
            if name in ("cedta --help", "python -c pass (the floor)"):
                continue
            cells, n = [], 0
            for size in sizes:
                s = self.summary(name, size)
                cells.append("–" if s is None else f"{s['wall']:.2f} ({s['cpu']:.2f}) / {s['rss_mb']:.0f} MB")
                n = max(n, s["runs"] if s else 0)
            lines.append(f"| {name} | " + " | ".join(cells) + f" | {n} |")
        lines += ["", "Ratios (medians of wall time; CPU time in brackets):", "",
                  "| ratio | " + " | ".join(f"{s:,}" for s in sizes) + " |",
                  "|---|" + "---:|" * len(sizes)]
        pairs = [
            ("cold validate / bare CSafeLoader parse", "validate (cold: empty cache)",
             "bare `yaml.load(CSafeLoader)` of the same files"),
            ("cold validate in one process / bare CSafeLoader parse", "validate (cold, one process: CEDTA_JOBS=1)",
             "bare `yaml.load(CSafeLoader)` of the same files"),
            ("no-cache validate / bare CSafeLoader parse", "validate (no cache: CEDTA_NO_CACHE=1)",
             "bare `yaml.load(CSafeLoader)` of the same files"),
            ("warm validate / cold validate", "validate (warm: one file changed)", "validate (cold: empty cache)"),
            ("warm validate / no-cache validate", "validate (warm: one file changed)",
             "validate (no cache: CEDTA_NO_CACHE=1)"),
            ("fmt --check / cold validate", "fmt --check", "validate (cold: empty cache)"),
            ("check-jsonschema / cold validate", "check-jsonschema (exported schemas)", "validate (cold: empty cache)"),
            ("yamllint / cold validate", "yamllint", "validate (cold: empty cache)"),
        ]
        for label, a, b in pairs:
            cells = []
            for size in sizes:
                sa, sb = self.summary(a, size), self.summary(b, size)
                cells.append("–" if not (sa and sb) else
                             f"{sa['wall'] / sb['wall']:.2f}× ({sa['cpu'] / sb['cpu']:.2f}×)")
            if any(c != "–" for c in cells):
                lines.append(f"| {label} | " + " | ".join(cells) + " |")
        if self.notes:
            lines += ["", *[f"- {n}" for n in dict.fromkeys(self.notes)]]
        return "\n".join(lines) + "\n"


BARE_LOAD = """
import sys, pathlib, yaml
for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):
    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-clients", type=int, default=50000, help="stop after this size (1000, 10000 or 50000)")
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--runs", type=int, default=3, help="rounds per size up to 10,000 clients")
    ap.add_argument("--runs-50k", type=int, default=1, help="rounds at 50,000 clients")
    ap.add_argument("--tools-max", type=int, default=10000,
                    help="largest size for fmt --check, check-jsonschema and yamllint")
    ap.add_argument("--no-tools", action="store_true", help="skip check-jsonschema and yamllint")
    ap.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "cedta-bench"))
    ap.add_argument("--out", default="-")
    opts = ap.parse_args(argv)
    sizes = [int(s) for s in opts.sizes.split(",") if int(s) <= opts.max_clients]
    bench = Bench(opts)
    bench.help_runs()
    for size in sizes:
        bench.measure_size(size)
        (bench.work / "results.json").write_text(json.dumps(
            {"results": bench.results, "notes": bench.notes}, indent=1))
    text = bench.markdown(sizes)
    if opts.out == "-":
        sys.stdout.write(text)
    else:
        Path(opts.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
