"""The parse cache is unpickled, which runs code: it is read only from folders that are the user's
own, and that no other user may write in (hostile pass 5, P9: a world-writable cache folder owned
by `nobody` made root run a planted command during a plain `validate`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="ownership is a POSIX notion here")


class Planted:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (self.marker.touch, ())


def _plant(cache_dir: Path, data_root: Path, marker: Path) -> None:
    """A shard that runs `marker.touch()` when unpickled, where cedta would look for it."""
    from cedta.io import cache
    from cedta.io.store import DataRoot

    os.environ["CEDTA_CACHE_DIR"] = str(cache_dir)
    try:
        root = DataRoot(data_root)
        pc = cache.for_root(root)
        assert pc is not None
        for n in range(cache.SHARDS):
            pc.shards[n] = {"x": Planted(marker)}
            pc.dirty.add(n)
        pc.flush()
    finally:
        cache._caches.clear()


def _validate(data_root: Path, cache_dir: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CEDTA_")}
    env["CEDTA_CACHE_DIR"] = str(cache_dir)
    return subprocess.run([sys.executable, "-m", "cedta", "--today", "2026-11-26", "--data", str(data_root),
                           "validate"], capture_output=True, text=True, env=env, timeout=120)


def test_a_cache_folder_others_may_write_in_is_not_read(data, tmp_path, monkeypatch):
    cache_dir = tmp_path / "shared-cache"
    marker = tmp_path / "pwned"
    monkeypatch.setenv("CEDTA_CACHE_DIR", str(cache_dir))
    _plant(cache_dir, data.root, marker)
    cache_dir.chmod(0o777)  # anyone may put files there (no sticky bit)
    r = _validate(data.root, cache_dir)
    assert r.returncode == 0, r.stderr
    assert not marker.exists()
    assert f"parse cache not used: {cache_dir} belongs to another user or others may write in it" in r.stderr
    env = {k: v for k, v in os.environ.items() if not k.startswith("CEDTA_")}
    env["CEDTA_CACHE_DIR"] = str(cache_dir)
    fr = subprocess.run([sys.executable, "-m", "cedta", "--lang", "fr", "--today", "2026-11-26", "--data",
                         str(data.root), "validate"], capture_output=True, text=True, env=env, timeout=120)
    assert f"cedta : cache d’analyse non utilisé : {cache_dir} appartient à un autre utilisateur" in fr.stderr
    assert "parse cache" not in fr.stderr and not marker.exists()
    cache_dir.chmod(0o755)  # the user's own again: read (the planted shard runs: it is theirs)
    r = _validate(data.root, cache_dir)
    assert "parse cache not used" not in r.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a folder away")
def test_a_cache_folder_of_another_user_is_not_read(data, tmp_path, monkeypatch):
    import pwd

    cache_dir = tmp_path / "their-cache"
    marker = tmp_path / "pwned"
    monkeypatch.setenv("CEDTA_CACHE_DIR", str(cache_dir))
    _plant(cache_dir, data.root, marker)
    nobody = pwd.getpwnam("nobody").pw_uid
    for p in [cache_dir, *cache_dir.rglob("*")]:
        os.chown(p, nobody, -1, follow_symlinks=False)
    r = _validate(data.root, cache_dir)
    assert r.returncode == 0, r.stderr
    assert not marker.exists()
    assert "parse cache not used" in r.stderr


def test_a_sticky_shared_parent_is_fine_and_the_user_cache_is_trusted(data, tmp_path):
    shared = tmp_path / "tmp-like"
    shared.mkdir()
    shared.chmod(0o1777)  # as /tmp: anyone may add, nobody may replace another's folder
    r = _validate(data.root, shared / "mine")
    assert r.returncode == 0 and "parse cache not used" not in r.stderr
    assert (shared / "mine").is_dir()


def test_where_ownership_means_nothing_the_cache_is_trusted(tmp_path, monkeypatch):
    """On Windows (no getuid) the check said "not trusted" (True, not None): the cache was never
    used and every command ended with a warning naming "True" (review 7)."""
    from cedta.io import cache

    monkeypatch.delattr(os, "getuid")
    assert cache._untrusted(tmp_path / "cache", [tmp_path / "cache" / "x"]) is None


def test_a_worker_dates_an_entry_from_before_it_read_the_file(data, monkeypatch):
    """An entry is dated before its file is read, as the sequential read dates it: a `forget` that
    purges the file while a worker parses it is later than the entry, so the entry is dropped
    (review 7: the worker dated it after, and the notes came back)."""
    import time

    from cedta.io import prewarm
    from cedta.io.store import DataRoot

    root = DataRoot(data.root)
    read_at = []
    real = root._raw

    def slow(rf):
        time.sleep(0.02)
        read_at.append(time.time_ns())
        return real(rf)

    monkeypatch.setattr(root, "_raw", slow)
    prewarm._worker.update(root=root, derive=None)
    (f,) = list(root.files({"client"}))
    (entry,) = prewarm._parse_chunk([(str(f.path), f.kind, f.shown, "k")])
    assert entry[2] < read_at[0]  # (key, fingerprint, when, ...): dated before the read
