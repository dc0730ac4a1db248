"""`cedta fmt`'s quick canonical check (`review/canonical.py`) and the cache of canonical files.

The quick check may only ever say "canonical" when ruamel's round trip (`format_text(fast=False)`)
leaves the text unchanged: held to that on every shipped file, on a generated network and on
random edits of canonical files (hypothesis).
"""

from __future__ import annotations

import gc
import importlib.util
import io
import json
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st
from typer.testing import CliRunner

from cedta.cli import app
from cedta.io.store import round_trip_yaml
from cedta.review import canonical
from cedta.review.canonical import is_canonical
from cedta.review.fmt import format_text

runner = CliRunner()
REPO = Path(__file__).parents[1]
SHIPPED = REPO / "data"
FOLDER_KINDS = {"clients": "client", "providers": "provider", "hubs": "hub"}


def kind_of(path: Path) -> str:
    return FOLDER_KINDS.get(path.parent.name, path.stem)


def ruamel_keeps(text: str, kind: str) -> bool:
    result = format_text(text, kind, fast=False)
    return result.problem is None and not result.changed and result.text == text


def record_files(data: Path) -> list[Path]:
    return sorted(p for p in data.rglob("*.yaml") if ".private" not in p.parts)


# ---- agreement with ruamel on real files -----------------------------------------------------------

def test_every_shipped_file_agrees_with_ruamel():
    files = record_files(SHIPPED)
    quick = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        if is_canonical(text, kind_of(path)):
            quick += 1
            assert ruamel_keeps(text, kind_of(path)), path
    assert quick >= len(files) - 2, "the quick check should prove nearly every shipped file canonical"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    spec = importlib.util.spec_from_file_location("cedta_generate", REPO / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["cedta_generate"] = module
    spec.loader.exec_module(module)
    try:
        return module.generate(tmp_path_factory.mktemp("net"), 30, None, 1)
    finally:
        sys.modules.pop("cedta_generate", None)


def test_generated_network_files_agree_with_ruamel(generated):
    files = record_files(generated)
    assert len(files) > 60
    proven = [p for p in files if is_canonical(p.read_text(encoding="utf-8"), kind_of(p))]
    assert len(proven) >= len(files) - 2
    # every client; the generated providers are the shipped ones under new ids: one in four
    for path in [p for p in proven if p.parent.name != "providers"] + proven[::4]:
        assert ruamel_keeps(path.read_text(encoding="utf-8"), kind_of(path)), path


# ---- random edits of canonical files ------------------------------------------------------------

VALUES = [
    "yes", "no", "on", "off", "Yes", "NO", "y", "n", "true", "false", "True", "FALSE", "null", "~", "Null",
    "''", '""', "0", "-0", "0123", "012", "1e3", "12:30", "1_000", "0x1F", "0o17", ".5", "1.", "1.50",
    "16.95", "-3", "+3", "123456789012345678901", "2021-02-30", "2021-1-5", "2021-01-05", "2021-01-05T10:00",
    "2021-01-05 10:00:00", "'2021-01-05'", '"2021-01-05"', "-", "- x", "#x", "@x", "$x", "(x)", "/x",
    "_x", "x y", "10 issues", "3 4", "1500 $", "1 #x", "é", "Zürich", "N", "'quoted'", '"double"',
    '"a\\tb"', '"a\\\\b"', '"say \\"hi\\""', "'it''s'", '"\\u00e9"', "'a\"b'", "[]", "{}", "[a, b]",
    "{a: 1}", "[yes, no]", "[en, 'no']", "{from: beginner, to: advanced}", "{to: advanced, from: beginner}",
    "[a,b]", "{ a: 1 }", "[ a ]", "x:y", "x: y", "a,b", "?x", "x?", "%x", "!x", "&x", "*x", "|", ">",
    "'  padded  '", "' '", "'#'", "x " * 60, "[" + ", ".join(["word"] * 30) + "]", "...", "---", "<<", "=",
    ".inf", ".nan", "NaN", "0.0", "1.0", "2.5e-3", "0.5", "3.14159", "100.25", "-2.5", "12345.6789",
    "123456789012345678", "1234567890123456789", "1 - 2", "a - b", "x: ", "a #b", "a# b", "a'b", 'a"b',
    "(a) b", "$ 5", "_", "/", "x\u0085y", "ok\u00a0ok", "😀", "'😀'", '"\\x85"', "x\u2028y", "ok\ufeff",
]


def _value_span(line: str) -> tuple[int, int] | None:
    """Where the value of a `key: value` or `- value` line stands."""
    stripped = line.lstrip(" ")
    start = len(line) - len(stripped)
    if stripped.startswith("- "):
        start += 2
        stripped = stripped[2:]
    colon = stripped.find(": ")
    if colon > 0 and " " not in stripped[:colon] and stripped[:1] not in "'\"{[":
        start += colon + 2
    if start >= len(line):
        return None
    return start, len(line)


def mutate(text: str, edits: list[tuple[str, int, int]]) -> str:
    lines = text.split("\n")[:-1]
    for what, at, k in edits:
        if not lines:
            break
        i = at % len(lines)
        line = lines[i]
        if what == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif what == "comment":
            lines.insert(i + k % 2, " " * (k % 9) + "#" + " note" * (k % 3) + " " * (k % 2 * (k // 7 % 3)))
        elif what == "eol-comment":
            lines[i] = line + " " * (1 + k % 3) + "# note"
        elif what == "trailing":
            lines[i] = line + " " * (1 + k % 2)
        elif what == "blank":
            lines.insert(i + k % 2, "" if k % 4 else " ")
        elif what == "indent":
            lines[i] = " " * (1 + k % 3) + line if k % 2 else line[min(1 + k % 3, len(line) - len(line.lstrip(" "))):]
        elif what == "value":
            span = _value_span(line)
            if span:
                lines[i] = line[:span[0]] + VALUES[k % len(VALUES)]
        elif what == "quote":
            span = _value_span(line)
            if span:
                v = line[span[0]:]
                if v[:1] in "'\"" and v[-1:] == v[:1] and len(v) > 1:
                    v = v[1:-1]
                elif k % 2:
                    v = "'" + v.replace("'", "''") + "'"
                else:
                    v = '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
                lines[i] = line[:span[0]] + v
        elif what == "flow-to-block":
            span = _value_span(line)
            if span and line[span[0]:][:1] == "[" and line.endswith("]") and line.lstrip().startswith(("- ", "{")) is False:
                items = [x.strip() for x in line[span[0] + 1:-1].split(",") if x.strip()]
                indent = len(line) - len(line.lstrip(" ")) + 2 * (1 + k % 2)
                lines[i:i + 1] = [line[:span[0]].rstrip()] + [" " * indent + "- " + x for x in items]
        elif what == "block-to-flow":
            if line.endswith(":") and i + 1 < len(lines) and lines[i + 1].lstrip().startswith("- "):
                j, items = i + 1, []
                while j < len(lines) and lines[j].lstrip().startswith("- ") and ": " not in lines[j]:
                    items.append(lines[j].lstrip()[2:])
                    j += 1
                if items:
                    lines[i:j] = [line + " [" + ", ".join(items) + "]"]
        elif what == "header":
            if line.rstrip().endswith((">-", "|-", ">", "|")):
                head = line.rsplit(" ", 1)[0]
                lines[i] = head + " " + [">", ">-", "|", "|-", ">+", ">2-", "|-  # c", ">-\t"][k % 8]
        elif what == "join" and i + 1 < len(lines):
            lines[i:i + 2] = [line + " " + lines[i + 1].strip()]
        elif what == "split":
            cut = line.find(" ", len(line) - len(line.lstrip(" ")) + 1 + k % max(len(line), 1))
            if cut > 0:
                lines[i:i + 1] = [line[:cut], " " * (len(line) - len(line.lstrip(" ")) + 2 * (k % 3)) + line[cut + 1:]]
        elif what == "dup":
            lines.insert(i, line)
        elif what == "delete":
            del lines[i]
        elif what == "marker":
            lines.insert(0 if k % 2 else len(lines), ["---", "...", "--- # c", "%YAML 1.1\n---"][k % 4])
        elif what == "tab":
            lines[i] = line.replace("  ", "\t", 1) if k % 2 else line.replace(": ", ":\t", 1)
        elif what == "anchor":
            span = _value_span(line)
            if span:
                lines[i] = line[:span[0]] + ["&a ", "!!str ", "!x ", "*a"][k % 4] + line[span[0]:]
    return "\n".join(lines) + ("\n" if k % 17 else "")


EDITS = ["swap", "comment", "eol-comment", "trailing", "blank", "indent", "value", "quote", "flow-to-block",
         "block-to-flow", "header", "join", "split", "dup", "delete", "marker", "tab", "anchor"]
# Canonical bases small enough for a quick ruamel round trip, covering comments, folded text,
# flow and block lists, quoted text, dates, numbers and the three main record kinds.
BASES = [
    ("client", "clients/c-2026-0001.yaml"),
    ("client", "clients/c-2026-0005.yaml"),
    ("hub", "hubs/francophones.yaml"),
    ("network", "network.yaml"),
]
_BASE_TEXTS: dict[str, str] = {}


def _base(rel: str) -> str:
    if rel not in _BASE_TEXTS:
        text = (SHIPPED / rel).read_text(encoding="utf-8")
        if rel.startswith("hubs/") or rel == "network.yaml":
            text = "\n".join(text.split("\n")[:70]).rsplit("\n", 1)[0] + "\n"  # the first entries
        _BASE_TEXTS[rel] = text
    return _BASE_TEXTS[rel]


PROVIDER = """\
# a provider with a folded note
id: test-centre
name: {en: Test Centre, fr: Centre test}
kind: non-profit
category: true
languages: [en, 'no']
source:
  where: "§4.1.7"
  line: 12
services:
  # the first service
  - id: marketing-workshops
    name: {en: "Marketing", fr: 'Mise en marché'}
    topic: marketing
    modes: [workshops]
    languages: [en]
    levels: {from: beginner, to: advanced}
    fees:
      - {amount: 16.95, unit: session}
    valid: {until: 2027-03-31}
    notes:
      en: >-
        Short workshops on marketing, in English, ten a year; the rest of the
        text goes on for a while.
      fr: |-
        Ateliers courts.
        Dix par année.
    source:
      where: '12:30'
      line: 12
  - id: mentoring
    topic: mentoring
    modes:
      - consulting
      - mentoring
# end
"""


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(BASES + [("provider", None)]),
       st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 10**6), st.integers(0, 10**6)),
                min_size=1, max_size=3))
def test_quick_canonical_implies_ruamel_leaves_it(base, edits):
    kind, rel = base
    text = mutate(_base(rel) if rel else PROVIDER, edits)
    if is_canonical(text, kind):
        assert ruamel_keeps(text, kind), text


@settings(max_examples=200, deadline=None)
@given(st.from_regex(canonical._TEXT, fullmatch=True), st.booleans())
def test_text_the_quick_check_writes_plain_is_text_to_both_readers(value, flow):
    """What `_plain_text` lets through is a string to PyYAML (YAML 1.1) and to ruamel (1.2), and
    ruamel writes it back plain, as it was."""
    if not canonical._plain_text(value, flow):
        return
    text = f"k: [{value}]\n" if flow else f"k: {value}\n"
    expected = {"k": [value] if flow else value}
    assert yaml.safe_load(text) == expected
    rt = round_trip_yaml()
    rt.width = 4096
    data = rt.load(text)
    assert data == expected and all(type(v) is str for v in (data["k"] if flow else [data["k"]]))
    out = io.StringIO()
    rt.dump(data, out)
    assert out.getvalue() == text


def test_the_bases_are_canonical_and_proven_so():
    for kind, rel in BASES + [("provider", None)]:
        text = _base(rel) if rel else PROVIDER
        assert is_canonical(text, kind), rel
        assert ruamel_keeps(text, kind), rel


@pytest.mark.parametrize("text", [
    "id: x\nname: {en: A, fr: B}\nkind: non-profit\n",            # canonical: proven
])
def test_a_small_canonical_provider_is_proven(text):
    assert is_canonical(text, "provider")
    assert ruamel_keeps(text, "provider")


SERVICE = "id: x\nservices:\n  - id: a\n"


@pytest.mark.parametrize("text, why, canonical", [
    ("kind: non-profit\nid: x\n", "key order", False),
    ("id: x\nlanguages: [en, no]\n", "text YAML 1.1 reads as false", False),
    ("id: x\ncategory: yes\n", "yes for true", False),
    (SERVICE + "    valid: {until: '2027-03-31'}\n", "a quoted date", False),
    (SERVICE + "    levels: {to: advanced, from: beginner}\n", "key order in a flow mapping", False),
    ("id: x\nservices:\n- id: a\n", "a list not indented under its key", False),
    ("id: x\nname:   {en: A}\n", "spaces", False),
    ("id:  x\n", "two spaces after the colon", False),
    ("\nid: x\n", "a blank first line", False),
    ("id: x\nlanguages: [" + ", ".join(["en"] * 40) + "]\n", "a flow list past 100 columns", False),
    ("id: x  # the id\n", "an end-of-line comment", True),
    ("---\nid: x\n", "a document start", False),
    ("id: x\nnotes: ~\n", "a null", None),
    ("id: &a x\n", "an anchor", None),
])
def test_what_the_quick_check_does_not_prove(text, why, canonical):
    """Not proven canonical: ruamel decides (and rewrites the file when it is not)."""
    assert not is_canonical(text, "provider"), why
    if canonical is not None:
        assert ruamel_keeps(text, "provider") is canonical, why


# ---- the CLI: quick path and cache -----------------------------------------------------------------

def make_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data, ignore=shutil.ignore_patterns(".private"))
    return data


def run(data: Path, *args: str, cache: Path | None = None, no_cache: bool = False) -> SimpleNamespace:
    """One `cedta` run; its DataRoot is gone afterwards, so what it cached is written, as at exit."""
    env = {"CEDTA_CACHE_DIR": str(cache) if cache else "", "CEDTA_NO_CACHE": "1" if no_cache else ""}
    result = runner.invoke(app, ["--data", str(data), *args], env=env)
    seen = SimpleNamespace(exit_code=result.exit_code, stdout=result.stdout, output=result.output)
    del result
    gc.collect()
    return seen


def test_fmt_check_on_shipped_data_with_and_without_cache(tmp_path, monkeypatch):
    data = make_data(tmp_path)
    cache = tmp_path / "cache"
    for no_cache in (True, False, False):  # cold without cache, cold filling it, warm
        result = run(data, "fmt", "--check", "--format", "json", cache=cache, no_cache=no_cache)
        assert result.exit_code == 0, result.output
        out = json.loads(result.stdout)
        assert out["ok"] and out["changed"] == [] and out["files"] == len(record_files(data))
    assert list(cache.rglob("canonical.bin")), "the canonical set is written beside the parse cache"


def test_a_file_known_canonical_is_not_formatted_again(tmp_path, monkeypatch):
    data = make_data(tmp_path)
    cache = tmp_path / "cache"
    assert run(data, "fmt", "--check", cache=cache).exit_code == 0
    calls = []
    import cedta.review.fmt as fmt_module

    real = fmt_module.format_text
    monkeypatch.setattr(fmt_module, "format_text", lambda *a, **k: calls.append(a) or real(*a, **k))
    assert run(data, "fmt", "--check", cache=cache).exit_code == 0
    assert calls == [], "every file came from the canonical set"


def test_a_messy_file_is_found_then_rewritten_then_remembered(tmp_path, monkeypatch):
    data = make_data(tmp_path)
    cache = tmp_path / "cache"
    target = data / "providers" / "rga.yaml"
    original = target.read_text(encoding="utf-8")
    messy = original.replace("id: rga\n", "", 1) + "id: rga\n"  # the id last: fmt moves it up
    target.write_text(messy, encoding="utf-8")
    assert run(data, "fmt", "--check", cache=cache).exit_code == 1
    result = run(data, "fmt", "--check", "--format", "json", cache=cache)
    assert [Path(p).name for p in json.loads(result.stdout)["changed"]] == ["rga.yaml"], "never stale"
    assert run(data, "fmt", cache=cache).exit_code == 0
    assert target.read_text(encoding="utf-8") != messy
    import cedta.review.fmt as fmt_module

    calls = []
    real = fmt_module.format_text
    monkeypatch.setattr(fmt_module, "format_text", lambda *a, **k: calls.append(a) or real(*a, **k))
    result = run(data, "fmt", "--check", cache=cache)
    assert result.exit_code == 0, result.output
    assert calls == [], "the rewritten file was remembered as canonical"


def test_the_same_text_under_another_kind_is_judged_again(tmp_path):
    """Canonical for a hub (`kind` is no hub field: it goes last), not for a provider."""
    data = make_data(tmp_path)
    cache = tmp_path / "cache"
    text = "id: zz-test\nnotes: {en: Z, fr: Z}\nkind: non-profit\n"
    hub = data / "hubs" / "zz-test.yaml"
    hub.write_text(text, encoding="utf-8")
    assert run(data, "fmt", "--check", str(hub), cache=cache).exit_code == 0
    assert run(data, "fmt", "--check", str(hub), cache=cache).exit_code == 0  # now from the cache
    provider = data / "providers" / "zz-test.yaml"
    provider.write_text(text, encoding="utf-8")
    result = run(data, "fmt", "--check", "--format", "json", str(provider), cache=cache)
    assert result.exit_code == 1
    assert [Path(p).name for p in json.loads(result.stdout)["changed"]] == ["zz-test.yaml"]
