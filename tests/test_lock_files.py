"""A lock file that is a folder or a link (a sync tool's doing, or a hostile one) stops a writer with
a message naming the lock, exit 2, never a traceback; the link's target is never touched
(hostile pass 5, P10)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("lock", [".private/.clients.lock", ".cedta.lock"])
@pytest.mark.parametrize("shape", ["folder", "link"])
def test_a_lock_that_is_not_a_file_is_named(data, cedta, tmp_path, lock, shape):
    where = data.root / lock
    where.parent.mkdir(parents=True, exist_ok=True)
    if where.exists():
        where.unlink()
    target = tmp_path / "victim.txt"
    if shape == "folder":
        where.mkdir()
    else:
        where.symlink_to(target)
    before = data.read("clients/c-0001.yaml")
    r = cedta(data, "log", "c-0001", "--org", "acme-centre")
    assert r.exit_code == 2, r.output
    assert f"cannot take the lock data/{lock}:" in r.output and "remove it and try again" in r.output
    assert data.read("clients/c-0001.yaml") == before
    assert not target.exists()
    r = cedta(data, "log", "c-0001", "--org", "acme-centre", lang="fr")
    assert r.exit_code == 2 and f"impossible de prendre le verrou data/{lock}" in r.output
