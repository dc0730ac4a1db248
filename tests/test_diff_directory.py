"""`cedta diff` and the directory files identical on both sides: what is remembered of them from one
diff to the next (names, services, errors) is never stale, and the output is the same with or
without the cache, in the same order whatever the hash seed."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from tests.test_diff import CLIENT, cedta, edit, git, repo, write  # noqa: F401 - `repo` is a fixture


def _validated(monkeypatch) -> list[str]:
    """The shown paths of the files diff validates against the schema."""
    from cedta.records import checks

    seen: list[str] = []
    real = checks._validate_document

    def counting(kind, doc, shown, stem, out):
        seen.append(shown)
        return real(kind, doc, shown, stem, out)
    monkeypatch.setattr(checks, "_validate_document", counting)
    return seen


def _both(repo: Path, monkeypatch, *args: str) -> str:
    """diff's output with the cache, checked against the same diff without it."""
    r = cedta(repo, "diff", *args)
    monkeypatch.setenv("CEDTA_NO_CACHE", "1")
    plain = cedta(repo, "diff", *args)
    monkeypatch.delenv("CEDTA_NO_CACHE")
    assert (r.exit_code, r.stdout) == (plain.exit_code, plain.stdout)
    return r.stdout


def test_unchanged_providers_are_validated_once_then_remembered(repo, cache_dir, monkeypatch):
    edit(repo, "data/clients/c-2026-0012.yaml", "birth_year: 1984", "birth_year: 1985")
    first = cedta(repo, "diff", "--format", "json")
    assert first.exit_code == 0, first.output
    seen = _validated(monkeypatch)
    again = cedta(repo, "diff", "--format", "json")
    assert again.stdout == first.stdout
    # the client on both sides and the hub; the two providers come from what the first diff kept
    assert sorted(seen) == ["data/clients/c-2026-0012.yaml"] * 2 + ["data/hubs/francophones.yaml"]
    # a provider edited since: that one is validated again, the other still remembered
    edit(repo, "data/providers/rdee.yaml", "RDEE Ontario", "RDEE Ontario (Ottawa)")
    seen.clear()
    cedta(repo, "diff")
    assert "data/providers/ocri.yaml" not in seen


def test_a_provider_renamed_in_a_new_commit_is_named_anew(repo, cache_dir, monkeypatch):
    """The names of unchanged providers come from their content now, not from an earlier diff."""
    edit(repo, "data/clients/c-2026-0012.yaml", "birth_year: 1984", "birth_year: 1985")
    cedta(repo, "diff")
    git(repo, "checkout", "-q", "--", "data/clients/c-2026-0012.yaml")
    edit(repo, "data/providers/rdee.yaml", "RDEE Ontario", "RDEE Ontario Est")
    git(repo, "commit", "-qam", "rdee renamed")
    edit(repo, "data/hubs/francophones.yaml", "members: [rdee, ocri]", "members: [ocri]")
    out = _both(repo, monkeypatch, "HEAD")
    assert "member removed: RDEE Ontario Est" in out


def test_an_unchanged_invalid_provider_is_reported_on_both_sides_every_time(repo, cache_dir, monkeypatch):
    write(repo, "data/providers/broken.yaml", "id: broken\nname: {en: Broken}\nkind: non-profit\n"
                                              "languages: [en]\ncolour: blue\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "an invalid provider")
    edit(repo, "data/clients/c-2026-0012.yaml", "birth_year: 1984", "birth_year: 1985")
    outputs = [_both(repo, monkeypatch, "HEAD", "--format", "json") for _ in range(2)]
    assert outputs[0] == outputs[1]
    problems = json.loads(outputs[0])["problems"]
    assert [(p["side"], p["path"], p["line"], p["code"]) for p in problems] == [
        ("base", "data/providers/broken.yaml", 5, "unknown-key"),
        ("head", "data/providers/broken.yaml", 5, "unknown-key")]
    r = cedta(repo, "diff", "HEAD")
    assert r.exit_code == 1  # the head side has errors
    assert "c-2026-0012: profile updated" in r.stdout


def test_clients_at_risk_are_listed_in_file_order(repo, cache_dir, monkeypatch):
    """Unchanged clients are named in file name order, as when every file is read, not in the
    order of a set (which changes with the hash seed)."""
    ids = [f"c-2026-{n}" for n in (1017, 1003, 1029, 1011, 1000, 1024, 1008, 1021, 1014, 1005)]
    for cid in ids:
        write(repo, f"data/clients/{cid}.yaml", CLIENT.replace("c-2026-0012", cid))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "more clients")
    edit(repo, "data/providers/ocri.yaml", "  - id: business-plan-consulting\n",
         "  - id: business-plan-advice\n")
    payload = json.loads(_both(repo, monkeypatch, "HEAD", "--format", "json"))
    [risk] = [r for r in payload["risks"] if r["code"] == "risk-service-removed"]
    assert risk["params"]["clients"] == sorted(ids + ["c-2026-0012"])


def test_the_cycle_collector_is_back_on_after_diff(repo, cache_dir):
    assert gc.isenabled()
    edit(repo, "data/clients/c-2026-0012.yaml", "birth_year: 1984", "birth_year: 1985")
    assert cedta(repo, "diff").exit_code == 0
    assert gc.isenabled()
    assert cedta(repo, "diff", "no-such-revision").exit_code == 2
    assert gc.isenabled()
