"""Hostile checks of what the cache remembers and of the fast YAML reading: a warm run must say exactly
what `CEDTA_NO_CACHE=1` and the strict reader say."""

from __future__ import annotations

import gc
import json
import os
import time

import pytest

from cedta.io import fastparse, yamlread

OLD = time.time_ns() - 3600 * 10**9


pytestmark = pytest.mark.usefixtures("cache_dir")  # a cache of its own (conftest)


def age(data) -> None:
    for p in data.root.rglob("*.yaml"):
        os.utime(p, ns=(OLD, OLD))


def found(cedta, data, *args) -> list[tuple]:
    result = cedta(data, *args, "validate", "--format", "json")
    out = json.loads(result.stdout)
    del result
    gc.collect()  # the run's DataRoot goes away: its cache is written
    return sorted((d["path"].split("/")[-1], d["code"], d["line"], d["column"]) for d in out["diagnostics"])


def test_a_directory_file_that_cannot_be_read_is_reported_where_its_problem_now_is(data, cedta, monkeypatch):
    # A provider with a tab indent on line 3; a comment line added at the top moves it to line 4.
    # The directory's findings are keyed by each file's content hash, but for a file that cannot be
    # read only by its problem's code and params (not its line and column): the warm run said 3.
    provider = data.read("providers/acme-centre.yaml")
    lines = provider.splitlines(keepends=True)
    broken = "".join(lines[:2]) + "\t" + "".join(lines[2:])
    data.write("providers/acme-centre.yaml", broken)
    age(data)
    first = found(cedta, data)
    assert ("acme-centre.yaml", "tab-indent", 3, 1) in first
    data.write("providers/acme-centre.yaml", "# a comment on top\n" + broken)
    warm = found(cedta, data)
    monkeypatch.setenv("CEDTA_NO_CACHE", "1")
    cold = found(cedta, data)
    assert ("acme-centre.yaml", "tab-indent", 4, 1) in cold
    assert warm == cold


@pytest.mark.skipif(fastparse._parser() is False, reason="yaml_rs is not installed")
@pytest.mark.parametrize("text", [
    "k: [a, :\u00a0b]\n",
    "k: {n: :\u00a0b}\n",
    "k: [:\u3000b]\n",
    "{:\u2003}\n",
])
def test_a_colon_then_a_unicode_space_in_a_flow_collection_is_refused_as_the_strict_reader_does(text):
    # libyaml refuses `:` at the start of a flow node when a non-break space (or another Unicode
    # space, which is no YAML blank) follows; `_COLON_WORD` looks ahead with `\S`, which in Python
    # treats U+00A0, U+3000, U+2003... as spaces, so the fast reading is taken as proven.
    with pytest.raises(yamlread.YamlProblem):
        yamlread.parse_strict(text)
    with pytest.raises(yamlread.YamlProblem):
        yamlread.parse(text)


@pytest.mark.skipif(fastparse._parser() is False, reason="yaml_rs is not installed")
def test_a_client_with_a_colon_and_a_non_break_space_in_a_flow_mapping_is_a_syntax_error(data, cedta, monkeypatch):
    client = data.read("clients/c-0001.yaml")
    old = "{date: 2026-02-10, org: acme-centre,"
    assert old in client
    data.write("clients/c-0001.yaml", client.replace(old, "{date: 2026-02-10, note: :\u00a0voir, org: acme-centre,"))
    monkeypatch.setenv("CEDTA_NO_CACHE", "1")
    fast = found(cedta, data)
    monkeypatch.setattr(fastparse, "ENABLED", False)  # the strict reader only
    strict = found(cedta, data)
    assert ("c-0001.yaml", "yaml-syntax") in {f[:2] for f in strict}
    assert fast == strict

