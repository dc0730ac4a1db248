"""Writes that survive what happens on a shared machine: a writer killed (SIGKILL) in the middle of a
write leaves the old or the new file, never a mix; two processes logging 50 contacts each at the same
time on the same client lose none of the 100."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _python(code: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_writer_killed_mid_write_leaves_the_old_or_the_new_file(data):
    target = data.root / "clients" / "c-0001.yaml"
    base = data.read("clients/c-0001.yaml")
    # Two versions large enough (about 0.9 MB) that a write takes a while, and that differ everywhere.
    versions = [base + "".join(f"# {v} padding line {i:06d} {'x' * 40}\n" for i in range(15000)) for v in "AB"]
    target.write_text(versions[0], encoding="utf-8")
    writer = """
        import sys
        from pathlib import Path
        from cedta.io.store import DataRoot
        root, target = DataRoot(sys.argv[1]), Path(sys.argv[2])
        versions = [Path(sys.argv[3]).read_text(encoding="utf-8"), Path(sys.argv[4]).read_text(encoding="utf-8")]
        print("ready", flush=True)
        i = 1
        while True:
            root.write_text(target, versions[i % 2])
            i += 1
    """
    a, b = data.root.parent / "a.txt", data.root.parent / "b.txt"
    a.write_text(versions[0], encoding="utf-8")
    b.write_text(versions[1], encoding="utf-8")
    for delay in (0.05, 0.11, 0.17, 0.23, 0.31):
        proc = _python(writer, str(data.root), str(target), str(a), str(b))
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        assert target.read_text(encoding="utf-8") in versions  # never a mix of the two
    # what an interrupted write may leave is hidden from the record folder's readers
    assert [p.name for p in (data.root / "clients").iterdir() if not p.name.startswith(".")] == ["c-0001.yaml"]


def test_two_processes_logging_fifty_contacts_each_lose_none(data, cedta):
    logger = """
        import sys
        from typer.testing import CliRunner
        from cedta.cli import app
        runner = CliRunner()
        data, who = sys.argv[1], sys.argv[2]
        for i in range(50):
            r = runner.invoke(app, ["--today", "2026-11-26", "--data", data, "log", "c-0001", "--org", "acme-centre", "--again",
                                    "--minutes", str(i), "--note", f"writer {who} number {i}"])
            if r.exit_code != 0:
                print(r.output, file=sys.stderr)
                sys.exit(1)
    """
    procs = [_python(logger, str(data.root), who) for who in "AB"]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    contacts = yaml.safe_load(data.read("clients/c-0001.yaml"))["contacts"]
    assert len(contacts) == 1 + 100
    notes = {c.get("note") for c in contacts[1:]}
    assert notes == {f"writer {w} number {i}" for w in "AB" for i in range(50)}
    assert cedta(data, "validate").exit_code == 0
