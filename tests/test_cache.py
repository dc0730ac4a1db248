"""The parse cache is never served stale: changed, deleted, renamed, truncated or corrupted files,
damaged shards, another version's cache, a file made unreadable or replaced by a link."""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path

import pytest

from cedta.io import cache
from cedta.io.store import DataRoot
from cedta.io.yamlread import decode, parse

OLD = time.time_ns() - 3600 * 10**9  # an hour ago: older than the racy window


pytestmark = pytest.mark.usefixtures("cache_dir")  # a cache of its own (conftest)


@pytest.fixture(autouse=True)
def _from_the_data_folder(tmp_path, monkeypatch):
    """Files are named from the working directory (`data/clients/x.yaml`): run beside the data."""
    monkeypatch.chdir(tmp_path)


def age(data) -> None:
    """Give every data file an old modification time, as files are between two runs."""
    for p in data.root.rglob("*.yaml"):
        os.utime(p, ns=(OLD, OLD))


def run(data) -> tuple[dict, cache.ParseCache]:
    """One 'run': a fresh DataRoot reads every file, then writes its cache back."""
    root = DataRoot(data.root)
    results = {r.file.shown: r for r in (root.read(f) for f in root.files())}
    pc = cache.for_root(root)
    cache.flush(root)
    return results, pc


def plain(results: dict) -> dict:
    return {k: (r.document.data, r.document.surprises) if r.document else r.problem.code
            for k, r in results.items()}


def test_second_run_is_served_from_the_cache_with_the_same_data_and_positions(data):
    age(data)
    first, pc1 = run(data)
    assert pc1.parsed == len(first) and pc1.served == 0
    second, pc2 = run(data)
    assert pc2.parsed == 0 and pc2.served == len(first)
    assert plain(second) == plain(first)
    for shown, r in second.items():
        fresh = parse(decode((data.root.parent / shown).read_bytes()))
        assert r.document.positions == fresh.positions
        assert r.document.key_positions == fresh.key_positions
        assert r.document.where(("id",)) == fresh.where(("id",))


def test_one_changed_file_is_the_only_one_parsed_again(data):
    age(data)
    run(data)
    data.write("clients/c-0001.yaml", data.read("clients/c-0001.yaml").replace("1990", "1991"))
    results, pc = run(data)
    assert pc.parsed == 1 and pc.served == len(results) - 1
    assert results["data/clients/c-0001.yaml"].document.data["profile"]["birth_year"] == 1991


def test_same_size_same_times_changed_content_is_caught_by_the_hash(data, monkeypatch):
    # The worst case for a cache keyed by file status: same size, same modification time (a
    # clock with a coarse step, or a tool that restores it), and no other status field to tell.
    monkeypatch.setattr(cache, "_fingerprint", lambda st: (st.st_size, st.st_mtime_ns))
    p = data.root / "clients/c-0001.yaml"
    run(data)  # files written just now: within the racy window
    before = p.stat().st_mtime_ns
    p.write_text(p.read_text(encoding="utf-8").replace("1990", "1991"), encoding="utf-8")
    os.utime(p, ns=(before, before))
    results, _ = run(data)
    assert results["data/clients/c-0001.yaml"].document.data["profile"]["birth_year"] == 1991


def test_restored_times_on_an_old_file_still_change_its_status(data):
    age(data)
    run(data)
    p = data.root / "clients/c-0001.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("1990", "1991"), encoding="utf-8")
    os.utime(p, ns=(OLD, OLD))  # same size, same mtime as cached; the change time moved
    results, _ = run(data)
    assert results["data/clients/c-0001.yaml"].document.data["profile"]["birth_year"] == 1991


def test_touched_but_unchanged_file_is_not_parsed_again(data):
    age(data)
    run(data)
    os.utime(data.root / "clients/c-0001.yaml")  # new times, same bytes: the hash says so
    _, pc = run(data)
    assert pc.parsed == 0


def test_deleted_file_is_gone(data, cedta):
    age(data)
    run(data)
    (data.root / "clients/c-0001.yaml").unlink()
    results, _ = run(data)
    assert "data/clients/c-0001.yaml" not in results
    root = DataRoot(data.root)
    gone = root.read(root.record_file(data.root / "clients/c-0001.yaml"))
    assert gone.document is None and gone.problem is not None


def test_renamed_file_is_read_under_its_new_name(data, cedta):
    age(data)
    run(data)
    os.rename(data.root / "clients/c-0001.yaml", data.root / "clients/c-0002.yaml")
    result = cedta(data, "validate")
    assert result.exit_code == 1
    assert "data/clients/c-0002.yaml:1:5" in result.stdout  # the id no longer matches the name
    assert "c-0001.yaml" not in result.stdout


def test_truncated_file_is_parsed_again(data):
    age(data)
    run(data)
    p = data.root / "clients/c-0001.yaml"
    p.write_bytes(p.read_bytes()[:40])
    os.utime(p, ns=(OLD, OLD))
    results, _ = run(data)
    r = results["data/clients/c-0001.yaml"]
    assert r.document is None or "profile" not in r.document.data


def test_file_made_invalid_reports_the_problem_with_its_position(data, cedta):
    age(data)
    run(data)
    data.write("clients/c-0001.yaml", data.read("clients/c-0001.yaml") + "id: again\n")
    result = cedta(data, "validate")
    assert result.exit_code == 1 and "duplicate" in result.stdout


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "garbage", "other-stamp"])
def test_damaged_shards_are_ignored(data, cache_dir, damage):
    age(data)
    first, _ = run(data)
    shards = sorted(cache_dir.rglob("shard-*.bin"))
    assert shards
    for s in shards:
        blob = s.read_bytes()
        if damage == "flip":
            s.write_bytes(blob[:-10] + bytes(b ^ 0xFF for b in blob[-10:]))
        elif damage == "truncate":
            s.write_bytes(blob[: len(blob) // 2])
        elif damage == "empty":
            s.write_bytes(b"")
        elif damage == "garbage":
            s.write_bytes(os.urandom(len(blob)))
        else:
            s.write_bytes(blob.replace(cache.version_stamp().encode(), b"0" * 16, 1))
    second, pc = run(data)
    assert pc.served == 0 and plain(second) == plain(first)
    third, pc = run(data)  # and the damaged shards were rewritten
    assert pc.served == len(first)


def test_a_shard_with_right_checksum_but_wrong_content_is_ignored(data, cache_dir):
    import pickle

    age(data)
    first, _ = run(data)
    for s in cache_dir.rglob("shard-*.bin"):
        body = pickle.dumps(["not", "a", "dict"])
        s.write_bytes(cache.MAGIC + cache.version_stamp().encode() + b"\n" + cache.digest(body) + body)
    second, pc = run(data)
    assert pc.served == 0 and plain(second) == plain(first)


def test_another_version_does_not_read_this_cache(data, monkeypatch):
    age(data)
    run(data)
    monkeypatch.setattr(cache, "_VERSION", "another-version")
    _, pc = run(data)
    assert pc.served == 0


def test_no_cache_variable_parses_everything_and_writes_nothing(data, cache_dir, monkeypatch):
    monkeypatch.setenv("CEDTA_NO_CACHE", "1")
    age(data)
    results, pc = run(data)
    assert pc is None and not cache_dir.exists()
    assert all(r.document.positions for r in results.values())


def test_unreadable_file_is_reported_not_served(data):
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    age(data)
    run(data)
    p = data.root / "clients/c-0001.yaml"
    p.chmod(0)
    try:
        results, _ = run(data)
        assert results["data/clients/c-0001.yaml"].problem.code == "unreadable"
    finally:
        p.chmod(0o644)


def test_file_replaced_by_a_link_outside_is_refused(data, tmp_path):
    age(data)
    run(data)
    outside = tmp_path / "outside.yaml"
    outside.write_text(data.read("clients/c-0001.yaml"), encoding="utf-8")
    p = data.root / "clients/c-0001.yaml"
    p.unlink()
    p.symlink_to(outside)
    results, _ = run(data)
    assert results["data/clients/c-0001.yaml"].problem.code == "symlink-outside"


def test_two_runs_at_once_leave_a_readable_cache(data, cache_dir):
    age(data)
    roots = [DataRoot(data.root), DataRoot(data.root)]
    for root in roots:  # both read before either writes
        for f in root.files():
            root.read(f)
    for root in roots:
        cache.flush(root)
    assert not list(cache_dir.rglob(".shard-*"))  # no temporary file left
    _, pc = run(data)
    assert pc.served == len(list(DataRoot(data.root).files()))


def test_cache_folder_that_cannot_be_written_is_no_cache(data, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CEDTA_CACHE_DIR", str(blocker / "cache"))
    age(data)
    first, _ = run(data)
    second, pc = run(data)
    assert pc.served == 0 and plain(second) == plain(first)


def test_validate_says_the_same_with_and_without_the_cache(data, cedta, monkeypatch):
    data.write("clients/c-0001.yaml", data.read("clients/c-0001.yaml").replace(
        "birth_year: 1990", "birth_year: 1990\n  stage: nowhere").replace("  stage: idea\n", ""))
    age(data)
    outputs = []
    for env in ("1", "", ""):  # no cache; cold cache; warm cache
        monkeypatch.setenv("CEDTA_NO_CACHE", env)
        result = cedta(data, "validate", "--format", "json")
        gc.collect()  # the run's DataRoot goes away: its cache is written
        outputs.append((result.exit_code, result.stdout))
    assert outputs[0] == outputs[1] == outputs[2]
    line = data.read("clients/c-0001.yaml").splitlines().index("  stage: nowhere") + 1
    assert outputs[0][0] == 1 and f'"line": {line},' in outputs[0][1]


def test_canonical_texts_are_remembered_by_content_and_version(data, monkeypatch):
    root = DataRoot(data.root)
    text = data.read("clients/c-0001.yaml")
    assert not cache.known_canonical(root, text)
    cache.remember_canonical(root, text)
    del root
    gc.collect()  # the DataRoot goes away: the set is written
    root = DataRoot(data.root)
    assert cache.known_canonical(root, text)
    assert not cache.known_canonical(root, text.replace("1990", "1991"))
    monkeypatch.setattr(cache, "_VERSION", "another-version")
    assert not cache.known_canonical(DataRoot(data.root), text)


def test_damaged_canonical_set_is_ignored(data, cache_dir):
    root = DataRoot(data.root)
    text = data.read("clients/c-0001.yaml")
    cache.remember_canonical(root, text)
    del root
    gc.collect()
    for f in cache_dir.rglob("canonical.bin"):
        blob = f.read_bytes()
        f.write_bytes(blob[:-3] + b"xyz")
    assert not cache.known_canonical(DataRoot(data.root), text)


def test_one_client_file_loads_only_the_directory_and_its_own_shard(data):
    for i in range(40):
        data.write(f"clients/c-{i:04d}.yaml", data.read("clients/c-0001.yaml").replace("c-0001", f"c-{i:04d}"))
    age(data)
    run(data)
    root = DataRoot(data.root)
    for f in root.files({"network", "vocab", "provider", "hub"}):
        root.read(f)
    root.read(root.record_file(data.root / "clients/c-0007.yaml"))
    loaded = set(cache.for_root(root).shards)
    assert len([n for n in loaded if n >= cache.DIRECTORY_SHARDS]) == 1


def test_caches_of_gone_data_directories_and_old_versions_are_pruned(data, cache_dir, tmp_path, monkeypatch):
    import shutil

    other = tmp_path / "other"
    shutil.copytree(data.root, other / "data")
    run(type(data)(other / "data"))  # a second data directory gets its own cache
    assert len([p for p in cache_dir.iterdir() if p.is_dir()]) == 1
    shutil.rmtree(other)  # that data directory is gone
    (cache_dir / ".pruned").unlink()  # and a day has passed
    monkeypatch.setattr(cache, "_VERSION", "another-version")
    run(data)
    kept = [p for p in cache_dir.iterdir() if p.is_dir()]
    assert len(kept) == 1  # the gone directory's cache was removed
    assert [p.name for p in kept[0].iterdir() if p.is_dir()] == ["another-version"]
    assert (kept[0] / "source").read_text() == os.path.realpath(data.root)


def test_a_cache_directory_that_holds_other_folders_never_loses_them(data, tmp_path, monkeypatch):
    """Fuzz pass (session 6), Z0: with CEDTA_CACHE_DIR naming a folder of the user's (`.`, the home
    folder, `/`), the daily prune removed every folder in it without a cedta `source` file: a
    tester's `CEDTA_CACHE_DIR=/` emptied /etc."""
    home = tmp_path / "home"
    (home / "docs").mkdir(parents=True)
    (home / "docs" / "letter.txt").write_text("keep me\n")
    (home / ".git").mkdir()
    (home / "0123456789abcdef0123").mkdir()  # looks like one of cedta's, but cedta did not make it
    (home / "0123456789abcdef0123" / "mine.txt").write_text("keep me too\n")
    gone = home / "aaaaaaaaaaaaaaaaaaaa"  # cedta's, for a data directory that no longer exists
    (gone / "0123456789abcdef").mkdir(parents=True)
    (gone / "source").write_text(str(tmp_path / "deleted-clone"))
    monkeypatch.setenv("CEDTA_CACHE_DIR", str(home))
    age(data)
    run(data)
    assert (home / "docs" / "letter.txt").read_text() == "keep me\n" and (home / ".git").is_dir()
    assert (home / "0123456789abcdef0123" / "mine.txt").exists()
    assert not gone.exists()  # what cedta made for a deleted clone does go
    made = [p for p in home.iterdir() if p.is_dir() and p.name not in ("docs", ".git", "0123456789abcdef0123")]
    assert len(made) == 1 and (made[0] / "source").is_file()
    # inside a work tree (`CEDTA_CACHE_DIR=.` at a repository's root), git ignores what it holds
    assert (made[0] / ".gitignore").read_text().splitlines()[-1] == "*" and (made[0] / "CACHEDIR.TAG").exists()
    import shutil

    monkeypatch.chdir(home)
    monkeypatch.setenv("CEDTA_CACHE_DIR", ".")  # relative: the same folder, the same care
    shutil.rmtree(made[0])  # a first write again, and a prune (it runs when a cache is made)
    (home / ".pruned").unlink()
    run(data)
    assert (home / "docs" / "letter.txt").exists() and (home / ".git").is_dir()
    assert (home / "0123456789abcdef0123" / "mine.txt").exists()


def test_a_folder_that_looks_like_a_cache_but_holds_other_files_is_kept(data, tmp_path, monkeypatch):
    """Fuzz pass 2 (session 6): a folder named like cedta's, with a `source` file, lost a thesis."""
    home = tmp_path / "home"
    mine = home / "aaaaaaaaaaaaaaaaaaaa"
    mine.mkdir(parents=True)
    (mine / "source").write_text(str(tmp_path / "gone"))
    (mine / "thesis.txt").write_text("keep me\n")
    old = time.time() - 60 * 24 * 3600
    for p in (mine, mine / "source", mine / "thesis.txt"):
        os.utime(p, (old, old))
    monkeypatch.setenv("CEDTA_CACHE_DIR", str(home))
    age(data)
    run(data)
    assert (mine / "thesis.txt").read_text() == "keep me\n"


def test_a_cache_folder_given_with_a_tilde_is_in_the_home_folder(monkeypatch, tmp_path):
    """Hostile pass 9, L: `CEDTA_CACHE_DIR="~/x"` made a folder named `~` in the working directory."""
    from cedta.io import cache

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CEDTA_CACHE_DIR", "~/cedta-cache")
    assert cache.user_cache_dir() == tmp_path / "home" / "cedta-cache"


def test_a_cache_folder_that_cannot_be_expanded_is_not_made_in_the_working_folder(monkeypatch, tmp_path):
    """Hostile pass 9b, #15: `~nosuchuser/cx` and ` ~/cx` made folders in the working directory."""
    from cedta.io import cache

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CEDTA_CACHE_DIR", " ~/cx")
    assert cache.user_cache_dir() == tmp_path / "home" / "cx"
    monkeypatch.setenv("CEDTA_CACHE_DIR", "~nosuchuser-cedta/cx")
    assert "~" not in str(cache.user_cache_dir())


def test_on_off_variables_read_one_way_and_no_cache_wins(tmp_path, monkeypatch):
    """Review 10, V9: `CEDTA_NO_CACHE=0 cedta --no-cache` used the cache; five variables had five
    ideas of "off" (`CEDTA_DEBUG=0` was on)."""
    import shutil
    import subprocess
    import sys

    from cedta.io import env_flag

    for value, default, on in (("", False, False), ("  ", True, True), ("0", True, False), ("off", True, False),
                               ("FALSE", True, False), ("no", True, False), ("1", False, True), ("yes", False, True)):
        monkeypatch.setenv("CEDTA_X", value)
        assert env_flag("CEDTA_X", default) is on, (value, default)
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", data)
    cache = tmp_path / "cache"
    env = {**os.environ, "CEDTA_NO_CACHE": "0", "CEDTA_CACHE_DIR": str(cache)}
    run = subprocess.run([sys.executable, "-m", "cedta", "--no-cache", "--data", str(data), "validate"],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert not cache.exists() or not any(cache.rglob("*.bin")), sorted(cache.rglob("*"))


def test_a_relative_xdg_cache_home_or_an_empty_home_never_puts_the_cache_in_the_working_folder(monkeypatch, tmp_path):
    """Hostile pass 11, 17: XDG_CACHE_HOME=relcache (or '~/.cache' from a unit file) put the pickled
    records, notes and all, in the working directory: inside the data repository."""
    import sys

    import pytest

    from cedta.io import cache

    if sys.platform in ("win32", "darwin"):
        pytest.skip("the XDG folders are Linux's")
    monkeypatch.delenv("CEDTA_CACHE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    for xdg, home in (("relcache", None), ("~/.cache", None), ("", ""), ("", "relhome"), ("", "/")):
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
        if home is not None:
            monkeypatch.setenv("HOME", home)
        found = cache.user_cache_dir()
        assert found.is_absolute() and str(tmp_path) not in str(found) and str(found) != "/.cache/cedta", (xdg, home, found)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.user_cache_dir() == tmp_path / "xdg" / "cedta"
