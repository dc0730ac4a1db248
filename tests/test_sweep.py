"""`cedta validate` checks clients one at a time against the directory and remembers each client's
findings in the cache: what it remembers is never served once the directory, the date, the file or
the code changed."""

from __future__ import annotations

import gc
import json
import os
import time

import pytest

from cedta.records import sweep

OLD = time.time_ns() - 3600 * 10**9


pytestmark = pytest.mark.usefixtures("cache_dir")  # a cache of its own (conftest)


@pytest.fixture
def checked(monkeypatch):
    """Counts the client files really checked (not served from the cache)."""
    calls: list[str] = []
    real = sweep._checked

    def counting(r, facts, today):
        calls.append(r.file.stem)
        return real(r, facts, today)

    monkeypatch.setattr(sweep, "_checked", counting)
    return calls


def age(data) -> None:
    for p in data.root.rglob("*.yaml"):
        os.utime(p, ns=(OLD, OLD))


def codes(cedta, data, *args) -> list[tuple[str, str]]:
    result = cedta(data, *args, "validate", "--format", "json")
    found = json.loads(result.stdout)
    del result  # (its traceback holds the run's DataRoot)
    gc.collect()  # the run's DataRoot goes away: its cache is written
    return sorted((d["path"].split("/")[-1], d["code"]) for d in found["diagnostics"])


def more_clients(data, n: int) -> None:
    client = data.read("clients/c-0001.yaml")
    for i in range(2, n + 2):
        data.write(f"clients/c-{i:04d}.yaml", client.replace("id: c-0001", f"id: c-{i:04d}"))


def test_unchanged_clients_are_not_checked_again_and_a_changed_one_is(data, cedta, checked):
    more_clients(data, 3)
    age(data)
    first = codes(cedta, data)
    assert len(checked) == 4
    checked.clear()
    assert codes(cedta, data) == first
    assert checked == []
    data.write("clients/c-0002.yaml", data.read("clients/c-0002.yaml").replace("hub: francophones", "hub: nowhere"))
    assert ("c-0002.yaml", "unknown-hub") in codes(cedta, data)
    assert checked == ["c-0002"]


@pytest.mark.parametrize("change, code", [
    # a service a client's plan and contact use is removed from its provider
    (("providers/acme-centre.yaml", "  - id: business-plan-workshops", "  - id: renamed-workshops"), "unknown-service"),
    # the provider the client's intake names is broken
    (("providers/acme-centre.yaml", "kind: non-profit", "kind: [non-profit"), "unknown-service"),
])
def test_a_directory_change_is_seen_in_every_client(data, cedta, checked, change, code):
    more_clients(data, 2)
    age(data)
    before = codes(cedta, data)
    assert not [c for c in before if c[0].startswith("c-")]
    rel, old, new = change
    data.write(rel, data.read(rel).replace(old, new))
    after = codes(cedta, data)
    clients = {name for name, c in after if name.startswith("c-")}
    if code == "unknown-service" and "[" in new:  # a broken provider is reported there, not at each client
        assert clients == set() and any(c == "yaml-syntax" or name == "acme-centre.yaml" for name, c in after)
    else:
        assert clients == {"c-0001.yaml", "c-0002.yaml", "c-0003.yaml"}
        assert all((n, code) in after for n in clients)
    data.write(rel, data.read(rel).replace(new, old))
    assert codes(cedta, data) == before


def test_a_removed_hub_is_seen_in_every_client(data, cedta):
    more_clients(data, 1)
    age(data)
    assert codes(cedta, data) == []
    hub = data.read("hubs/francophones.yaml")
    (data.root / "hubs" / "francophones.yaml").unlink()
    assert {("c-0001.yaml", "unknown-hub"), ("c-0002.yaml", "unknown-hub")} <= set(codes(cedta, data))
    data.write("hubs/francophones.yaml", hub)
    assert codes(cedta, data) == []


def test_a_new_vocabulary_term_is_seen_by_unchanged_clients(data, cedta):
    data.write("clients/c-0001.yaml", data.read("clients/c-0001.yaml").replace("stage: idea", "stage: dreaming"))
    age(data)
    assert ("c-0001.yaml", "unknown-term") in codes(cedta, data)
    data.write("vocab.yaml", "stages:\n  dreaming: {en: Dreaming, fr: Rêve}\n")
    assert ("c-0001.yaml", "unknown-term") not in codes(cedta, data)


def test_the_date_checked_against_is_part_of_the_key(data, cedta, checked):
    age(data)
    assert ("c-0001.yaml", "future-date") not in codes(cedta, data)
    assert ("c-0001.yaml", "future-date") in codes(cedta, data, "--today", "2026-02-05")
    assert ("c-0001.yaml", "future-date") not in codes(cedta, data)


def test_damaged_directory_findings_are_ignored(data, cedta, cache_dir, checked):
    data.write("hubs/francophones.yaml", data.read("hubs/francophones.yaml").replace("director: acme-centre", "director: nobody"))
    age(data)
    first = codes(cedta, data)
    assert ("francophones.yaml", "unknown-provider") in first
    for blob in cache_dir.rglob("directory-check.bin"):
        raw = bytearray(blob.read_bytes())
        raw[-5] ^= 0xFF
        blob.write_bytes(bytes(raw))
    assert codes(cedta, data) == first


def test_one_file_and_all_files_agree_and_the_client_is_reused(data, cedta, checked):
    more_clients(data, 1)
    data.write("clients/c-0002.yaml", data.read("clients/c-0002.yaml").replace("birth_year: 1990", "birth_year: 2090"))
    age(data)
    everything = codes(cedta, data)
    checked.clear()
    result = cedta(data, "validate", str(data.root / "clients" / "c-0002.yaml"), "--format", "json")
    found = json.loads(result.stdout)
    assert result.exit_code == 0 and found["files"] == 1
    assert [("c-0002.yaml", d["code"]) for d in found["diagnostics"]] == \
        [c for c in everything if c[0] == "c-0002.yaml"] == [("c-0002.yaml", "future-date")]
    assert checked == []


def test_no_cache_checks_every_client_each_time(data, cedta, checked, monkeypatch):
    monkeypatch.setenv("CEDTA_NO_CACHE", "1")
    more_clients(data, 1)
    age(data)
    first = codes(cedta, data)
    second = codes(cedta, data)
    assert first == second and checked == ["c-0001", "c-0002"] * 2


def test_another_version_of_the_checks_checks_every_client_again(data, cedta, checked, monkeypatch):
    more_clients(data, 1)
    age(data)
    codes(cedta, data)
    checked.clear()
    monkeypatch.setattr(sweep, "_CODE", b"another version of the checks")
    codes(cedta, data)
    assert sorted(checked) == ["c-0001", "c-0002"]


def report(cedta, data, *args) -> tuple[int, str]:
    result = cedta(data, "report", "--quarter", "2026Q1", "--no-suppress", "--format", "json", *args)
    out = (result.exit_code, result.stdout)
    del result
    gc.collect()
    return out


def test_the_report_reads_the_same_records_with_and_without_the_cache(data, cedta, monkeypatch):
    more_clients(data, 3)
    age(data)
    monkeypatch.setenv("CEDTA_NO_CACHE", "1")
    plain = report(cedta, data)
    monkeypatch.setenv("CEDTA_NO_CACHE", "")
    cold, warm = report(cedta, data), report(cedta, data)
    assert plain[0] == 0 and plain == cold == warm
    # one client changed: the warm run sees its new record, and its new error stops the report
    data.write("clients/c-0002.yaml", data.read("clients/c-0002.yaml").replace("hub: francophones", "hub: nowhere"))
    code, _ = report(cedta, data)
    assert code == 1
    data.write("clients/c-0002.yaml", data.read("clients/c-0002.yaml").replace("hub: nowhere", "hub: francophones"))
    assert report(cedta, data) == plain


def test_loaded_client_records_share_their_field_sets_but_stay_usable(data):
    import datetime as dt

    from cedta.io.store import DataRoot

    more_clients(data, 1)
    root = DataRoot(data.root)
    ds, found = sweep.load_checked(root, root.files(), dt.date(2026, 11, 26), "data/network.yaml")
    one, two = ds.clients["c-0001"].record, ds.clients["c-0002"].record
    assert one.__pydantic_fields_set__ is two.__pydantic_fields_set__
    assert one.model_dump(exclude_unset=True)["id"] == "c-0001"
    copy = one.model_copy(update={"hub": "elsewhere"})
    assert copy.hub == "elsewhere" and one.hub == "francophones"
    with pytest.raises(TypeError):
        one.hub = "elsewhere"  # would change every record sharing the set: refused
    assert two.hub == "francophones"
