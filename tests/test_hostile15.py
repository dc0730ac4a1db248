"""Hostile pass 15: what a hostile tester found in the fifteenth session."""

from __future__ import annotations

import time

import pytest


@pytest.fixture
def shipped_copy(tmp_path):
    """The shipped data, clients included."""
    import shutil
    from pathlib import Path

    root = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", root, ignore=shutil.ignore_patterns(".*"))
    return root


def _with_store(root, cedta, tmp_path):
    answers = tmp_path / "a1.yaml"
    answers.write_text('kind: individual\nhub: immigrants\nconsent: true\nidentity: {name: Zora Quill, phone: '
                       '"613-555-0177"}\nneeds:\n  - {topic: marketing}\n', encoding="utf-8")
    r = cedta(root, "intake", "--answers", str(answers), "--by", "ociso", "--id", "c-2026-zq001")
    assert r.exit_code == 0, r.output
    return root / ".private" / "identities.yaml"


def test_aliases_in_the_identity_store_are_refused_not_expanded(shipped_copy, cedta, tmp_path):
    """H15-1: 694 bytes of nested aliases in one identity entry cost every command 43 s and 455 MB
    (the fields read as text expanded them to ten million words)."""
    store = _with_store(shipped_copy, cedta, tmp_path)
    lines = ["c-2026-0004:", "  name: Amira Haddad", "  x0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"  x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 8)]
    with store.open("a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    started = time.perf_counter()
    r = cedta(shipped_copy, "validate")
    assert time.perf_counter() - started < 10
    assert r.exit_code == 1 and "identities.yaml:8:" in r.output and "anchor and an alias" in r.output, r.output
    r = cedta(shipped_copy, "log", "c-2026-0002", "--org", "ociso", "--minutes", "5", "--note", "ok")
    assert r.exit_code == 2 and "identity store" in r.output, r.output
    assert time.perf_counter() - started < 20


def test_a_field_written_as_a_list_is_named(shipped_copy, cedta, tmp_path):
    """H15-1 (its warning): `has its `…` written as a list` did not name the field `x3`."""
    store = _with_store(shipped_copy, cedta, tmp_path)
    with store.open("a", encoding="utf-8") as f:
        f.write("c-2026-0004:\n  name: Amira Haddad\n  x3: [a, b]\n")
    r = cedta(shipped_copy, "validate")
    assert "has its `x3` written as a list or a mapping" in r.output, r.output
