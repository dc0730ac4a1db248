"""A cold read in worker processes (`io/prewarm.py`) gives exactly what the sequential read gives:
the same findings, the same report, the same cache; files it cannot read are left to the sequential
read, and workers that fail change nothing but the time."""

from __future__ import annotations

import gc
import os
import time

import pytest

from cedta.io import cache, prewarm

OLD = time.time_ns() - 3600 * 10**9


pytestmark = pytest.mark.usefixtures("cache_dir")  # a cache of its own (conftest)


@pytest.fixture
def parallel(monkeypatch):
    """Workers for any number of files (the real minimum is there for time, not for correctness)."""
    monkeypatch.setattr(prewarm, "PARALLEL_MIN", 1)
    monkeypatch.setattr(prewarm, "CHUNK", 3)
    monkeypatch.setenv("CEDTA_JOBS", "2")


def network(data) -> None:
    """Fourteen clients: clean ones, one with a YAML error, one with a phone number, one with an
    unknown term, one with a wrong service, one empty, one a link to a file outside."""
    client = data.read("clients/c-0001.yaml")
    for i in range(2, 9):
        data.write(f"clients/c-{i:04d}.yaml", client.replace("id: c-0001", f"id: c-{i:04d}"))
    data.write("clients/c-0009.yaml", client.replace("id: c-0001", "id: c-0009") + "needs: [\n")
    data.write("clients/c-0010.yaml", client.replace("id: c-0001", "id: c-0010")
               + "notes: call 613-555-0199 after 5\n")
    data.write("clients/c-0011.yaml", client.replace("id: c-0001", "id: c-0011").replace("business-idea", "a-dream"))
    data.write("clients/c-0012.yaml", client.replace("id: c-0001", "id: c-0012").replace(
        "acme-centre/business-plan-workshops", "acme-centre/no-such-service"))
    data.write("clients/c-0013.yaml", "")
    outside = data.root.parent / "outside.yaml"
    outside.write_text(client.replace("id: c-0001", "id: c-0014"), encoding="utf-8")
    (data.root / "clients" / "c-0014.yaml").symlink_to(outside)
    for p in data.root.rglob("*.yaml"):
        if not p.is_symlink():
            os.utime(p, ns=(OLD, OLD))


def spy(monkeypatch, after_first=None) -> list:
    """The `prewarm.stream`s a command makes, as they were used (`stored`: the entries the workers
    gave); `after_first()` runs when the first chunk is stored, before the command reads a file."""
    made = []
    real = prewarm.stream

    class Spying:
        def __init__(self, *a, **k):
            self.inner = real(*a, **k)
            made.append(self.inner)
            self.first = True

        def __iter__(self):
            return self

        def __next__(self):
            ready = next(self.inner)
            if self.first and after_first is not None:
                after_first()
            self.first = False
            return ready

        def close(self):
            self.inner.close()

    monkeypatch.setattr(prewarm, "stream", Spying)
    return made


def run(cedta, data, *args):
    result = cedta(data, *args)
    out = (result.exit_code, result.stdout)
    del result
    gc.collect()  # the run's DataRoot goes away: its cache is written
    return out


def sequential(cedta, data, monkeypatch, tmp_path, *args):
    monkeypatch.setenv("CEDTA_JOBS", "1")
    monkeypatch.setenv("CEDTA_CACHE_DIR", str(tmp_path / "cache-sequential"))
    try:
        return run(cedta, data, *args)
    finally:
        monkeypatch.setenv("CEDTA_JOBS", "2")
        monkeypatch.setenv("CEDTA_CACHE_DIR", str(tmp_path / "cache"))


@pytest.mark.parametrize("args", [("validate",), ("validate", "--format", "json"),
                                  ("report", "--quarter", "2025Q4"), ("status",)])
def test_the_parallel_read_gives_what_the_sequential_read_gives(data, cedta, parallel, monkeypatch,
                                                              tmp_path, args):
    network(data)
    expected = sequential(cedta, data, monkeypatch, tmp_path, *args)
    assert expected[0] in (0, 1)
    first = run(cedta, data, *args)  # workers parse and check every client file
    second = run(cedta, data, *args)  # all from the cache the workers filled
    assert first == expected
    assert second == expected


def test_workers_fill_the_cache_with_entries_and_findings(data, cedta, parallel, monkeypatch):
    network(data)
    streams = spy(monkeypatch)
    run(cedta, data, "validate")
    # 14 client files; the YAML error, the empty file and the link outside are left to the sequential read
    assert [s.stored for s in streams] == [11]
    from cedta.records import sweep

    checked = []
    real_checked = sweep._checked
    monkeypatch.setattr(sweep, "_checked", lambda r, f, t: checked.append(r.file.stem) or real_checked(r, f, t))
    run(cedta, data, "validate")
    assert [s.stored for s in streams] == [11, 0]  # nothing left to parse
    assert sorted(checked) == ["c-0009", "c-0013", "c-0014"]  # only what has no entry is checked again


def test_the_files_are_read_while_the_workers_parse_the_next_ones(data, cedta, parallel, monkeypatch):
    """The command reads the first chunk's files before the workers are done with the last chunk."""
    network(data)
    from cedta.io.store import DataRoot

    root = DataRoot(data.root)
    files = list(root.files({"client"}))
    steps = prewarm.stream(root, files)
    first = next(steps)
    assert 0 < first < len(files)  # a chunk of 3 files is ready; the rest is still being parsed
    assert list(steps)[-1] == len(files)
    assert steps.stored == 11


def test_workers_that_fail_leave_the_work_to_the_sequential_read(data, cedta, parallel, monkeypatch, tmp_path):
    network(data)
    expected = sequential(cedta, data, monkeypatch, tmp_path, "validate")

    def broken(chunk):
        raise RuntimeError("a worker dies")

    monkeypatch.setattr(prewarm, "_parse_chunk", broken)
    assert run(cedta, data, "validate") == expected


def test_a_file_changed_after_the_workers_read_it_is_read_again(data, cedta, parallel, monkeypatch):
    network(data)

    def edit():  # c-0003 is in the first chunk: stored, not yet read by the command
        p = data.root / "clients" / "c-0003.yaml"
        p.write_text(p.read_text(encoding="utf-8").replace("business-idea", "a-dream"), encoding="utf-8")

    streams = spy(monkeypatch, after_first=edit)
    code, out = run(cedta, data, "validate")
    assert streams and streams[0].stored == 11
    assert "c-0003.yaml" in out and "a-dream" in out


@pytest.mark.parametrize("given, expected", [("1", 1), ("3", 3), ("0", 1), ("-2", 1), ("many", 1), ("999", 16)])
def test_cedta_jobs_is_read_safely(monkeypatch, given, expected):
    monkeypatch.setenv("CEDTA_JOBS", given)
    assert prewarm.jobs() == expected


def test_nothing_is_started_without_the_cache(data, monkeypatch, parallel):
    from cedta.io.store import DataRoot

    monkeypatch.setenv("CEDTA_NO_CACHE", "1")
    root = DataRoot(data.root)
    assert prewarm.prewarm(root, list(root.files({"client"}))) == 0
    assert cache.for_root(root) is None


def test_spawned_workers_give_the_same(data, cedta, parallel, monkeypatch, tmp_path):
    """Where `fork` is not used (macOS, Windows, or a thread running, e.g. the progress bar), workers
    are spawned: they import cedta afresh and get the directory's summary pickled."""
    import multiprocessing

    network(data)
    expected = sequential(cedta, data, monkeypatch, tmp_path, "validate")
    monkeypatch.setattr(prewarm, "_context", lambda: multiprocessing.get_context("spawn"))
    streams = spy(monkeypatch)
    assert run(cedta, data, "validate") == expected
    assert [s.stored for s in streams] == [11]
