"""The fast reader (`cedta.io.fastparse`, through `yamlread.parse`) gives exactly what the strict reader
gives: the same data (values, types, key order), the same YAML 1.1 surprises and comments, the same
positions when asked, and the same error (code, line, column) for a file it refuses; and it is in fact
used for plain record files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cedta.io import fastparse, yamlread
from cedta.io.yamlread import YamlProblem, parse, parse_strict

REPO = Path(__file__).resolve().parents[1]
IN_CI = bool(os.environ.get("CI"))
HAVE_FAST = fastparse._parser() is not False
needs_fast = pytest.mark.skipif(not HAVE_FAST, reason="yaml_rs is not installed: the strict reader is used")


def same(a, b) -> bool:
    """Equal, with the same types all the way down and the same key order."""
    if type(a) is not type(b):
        return False
    if type(a) is dict:
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if type(a) is list:
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if type(a) is float:
        return repr(a) == repr(b)
    return a == b


def outcome(read, text: str):
    try:
        doc = read(text)
    except YamlProblem as exc:
        return ("problem", exc.code, exc.line, exc.column, exc.params)
    return ("doc", doc)


def assert_same_reading(text: str) -> bool:
    """parse(text) and parse_strict(text) agree in every respect; True when the fast reader read it."""
    fast, strict = outcome(parse, text), outcome(parse_strict, text)
    if strict[0] == "problem" or fast[0] == "problem":
        assert fast == strict, text
        return False
    f, s = fast[1], strict[1]
    assert same(f.data, s.data), text
    assert f.surprises == s.surprises, text
    assert f.positions == s.positions and f.key_positions == s.key_positions, text
    proven = fastparse.load(text, yamlread.MAX_DEPTH)
    if proven is fastparse.NOT_PROVEN:
        return False
    assert same(proven, s.data), text
    return True


def shipped_files() -> list[Path]:
    found = [REPO / "cedta" / "records" / "vocab.yaml"]
    for folder in ("data", "tests/fixtures", "templates"):
        found += sorted(p for p in (REPO / folder).rglob("*") if p.suffix in (".yaml", ".yml"))
    return found


def test_every_shipped_file_reads_the_same():
    files = shipped_files()
    assert len(files) > 50
    fast = sum(assert_same_reading(p.read_bytes().decode("utf-8")) for p in files)
    if HAVE_FAST:
        clients = [p for p in files if p.parent.name == "clients"]
        assert fast >= len(clients) // 2, "the fast reader should read most shipped files"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("net")
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), "--clients", "60", str(out)],
                   check=True, capture_output=True)
    return out / "data"


def test_a_generated_network_reads_the_same(generated):
    files = sorted(generated.rglob("*.yaml"))
    fast = sum(assert_same_reading(p.read_text(encoding="utf-8")) for p in files)
    if HAVE_FAST:
        assert fast >= 0.9 * len(list(generated.glob("clients/*.yaml"))), fast


# ---- what the fast reader must leave to the strict one -------------------------------------------

REFUSED = [
    # YAML 1.1 surprises and 1.1/1.2 differences
    "a: yes", "a: No", "a: on", "a: OFF", "a: 0123", "a: 00", "a: 0o12", "a: 0x1f", "a: 0b101", "a: 1_000",
    "a: 1e3", "a: 1.0e3", "a: .5", "a: +.5", "a: -.5", "a: +1", "a: 1.", "a: 12:30", "a: 190:20:30.15",
    "a: .inf", "a: -.Inf", "a: .nan", "a: 1e999", "a: 2026-1-5", "a: 2026-01-05 10:00:00",
    "a: 2026-01-05T10:00:00Z", "a: 2026-02-30", "a: =", "a: <<", "<<: {b: 1}",
    # quoted texts that look like something else, and keys that are not plain text
    "a: '2026-01-05'", 'a: "12"', "a: 'yes'", "a: 'null'", "a: ''", "a: '~'", "1: a", "true: a", "null: a",
    "~: a", "2026-01-05: a", "'yes': a", ": a",
    # what the strict reader refuses or treats apart
    "a: &x 1\nb: *x", "a: !!str 1", "a: !custom x", "%YAML 1.1\n---\na: 1", "---\na: 1", "a: 1\n---\nb: 2",
    "a: 1\n...\n", "a:\tb", "a:\n\t- b", "a: 1\na: 2", "a: 1\n'a': 2", "a: |\n  x\n", "a: >-\n  x\n",
    'a: "\\x1b[31m"', 'a: "x\\ty"', "<<<<<<< HEAD\na: 1\n=======\na: 2\n>>>>>>> b\n", "? a\n: b", "a: @x",
    "a: `x", "a: :x", "", "# only a comment\n", "just text", "- - - - - - - - - - - - - - - - - - - - - - - - -"
    " - - - - - - - - - - x", "a: x\x85y", "a: x\u2028y", "a: \x07", "\ufeffa: 1", "a: 1\rb: 2",
    "a: 'x' y", "a: b: c", "[a, , b]",
]


@pytest.mark.parametrize("text", REFUSED)
def test_the_fast_reader_leaves_these_to_the_strict_one(text):
    assert fastparse.load(text, yamlread.MAX_DEPTH) is fastparse.NOT_PROVEN
    assert_same_reading(text)


PLAIN = [
    "a: 1\nb: -3\nc: 1.5\nd: 0\ne: 2026-01-05\nf: text\ng: ~\nh: null\ni:\nj: true\nk: False\n",
    "id: c-1\nneeds:\n  - {topic: business-plan, level: beginner, priority: 1}\n  - topic: marketing\n",
    "a: [1, 2.25, 2026-12-31, x y]\nb: {c: d, e: [f]}\n",
    "# a comment\na: b  # another\nc: 'quoted, # not a comment'\nd: \"double\"\n",
    "name: {en: Réseau DÉC d’Ottawa, fr: 東京 😀}\nnote: a plain text\n  over two lines\n",
    "a: 1\r\nb: [x, y]\r\n# c\r\n",
    "a: 12345678901234567890123\nb: -0.0\nc: 0.1000000000000000055511151231257827\n",
    "a: it's fine\nb: R&D and C#\nc: y\nd: n\n",
    "- a\n- b: c\n  d: 2026-01-05\n- [x]\n",
]


@needs_fast
@pytest.mark.parametrize("text", PLAIN)
def test_the_fast_reader_reads_plain_files(text):
    assert fastparse.load(text, yamlread.MAX_DEPTH) is not fastparse.NOT_PROVEN
    assert assert_same_reading(text)


@needs_fast
def test_deep_nesting_never_reaches_the_fast_parser():
    """A Rust parser recurses per level: `- - - …` some thousands deep would overflow its stack."""
    text = "- " * 100_000 + "x\n"
    assert fastparse.plain_enough(text) is None
    block = "".join(" " * i + "k:\n" for i in range(300)) + " " * 300 + "k: 1\n"
    assert fastparse.plain_enough(block) is None
    with pytest.raises(YamlProblem) as exc:
        parse(text)
    assert exc.value.code == "too-deep"


def test_depth_limit_is_the_strict_one():
    for depth in (30, 31, 32, 33, 34):
        text = "".join("  " * i + "k:\n" for i in range(depth - 1)) + "  " * (depth - 1) + "k: 1\n"
        assert_same_reading(text)
        flow = "a: " + "[" * (depth - 1) + "1" + "]" * (depth - 1)
        assert_same_reading(flow)


def test_without_yaml_rs_the_strict_reader_is_used(monkeypatch):
    monkeypatch.setattr(fastparse, "_loads", False)
    doc = parse("a: 2026-01-05\n")
    assert type(doc) is yamlread.Document and doc.positions[("a",)] == (1, 4)


def test_switched_off_the_strict_reader_is_used(monkeypatch):
    monkeypatch.setattr(fastparse, "ENABLED", False)
    assert type(parse("a: 1\n")) is yamlread.Document


@needs_fast
def test_positions_are_found_when_asked():
    doc = parse("a: 1\nb:\n  - {c: x, d: 2026-01-05}\n")
    assert type(doc) is not yamlread.Document  # read fast, positions not yet known
    assert "positions" not in vars(doc)
    assert doc.where(("b", 0, "d")) == (3, 15)
    assert doc.where(("b",), key=True) == (2, 1)


# ---- the CLI says the same thing either way ------------------------------------------------------

def test_validate_points_at_the_same_places(data, cedta, monkeypatch):
    data.write("clients/c-0001.yaml", data.read("clients/c-0001.yaml").replace(
        "birth_year: 1990", "birth_year: 1990\n  region: 12\n  stage_x: idea"))
    data.write("clients/c-0002.yaml", data.read("clients/c-0001.yaml").replace("c-0001", "c-0002")
               .replace("minutes: 120", "minutes: many"))
    fast = cedta(data, "validate")
    monkeypatch.setattr(fastparse, "ENABLED", False)
    strict = cedta(data, "validate")
    assert fast.exit_code == strict.exit_code == 1
    assert fast.output == strict.output
    assert "c-0001.yaml:10:" in fast.output and "c-0002.yaml:" in fast.output


# ---- generated texts with tricky scalars ---------------------------------------------------------

TRICKY = ["yes", "no", "No", "ON", "off", "y", "n", "Y", "true", "False", "TRUE", "tRUE", "null", "Null", "NULL",
          "~", "", "0", "-0", "+1", "7", "-12", "0123", "007", "0o12", "0x1f", "0b11", "1_000", "1e3", "1E3",
          "1.0e3", "6.8523015e+5", ".5", "+.5", "-.5", "1.", "1.5", "-2.25", "0.1", "1.10", "12:30", "1:2:3",
          "2026-01-05", "2026-1-5", "2026-02-30", "2026-13-01", "2026-01-05 10:00", "2026-01-05T10:00:00Z",
          ".inf", "-.inf", ".NaN", "=", "<<", "12 apples", "3rd", "x", "hello world", "it's", "R&D", "C#",
          "a:b", "http://x.y/z", "é", "東京", "😀", "d’Ottawa", "-x", "--", "x -", "a, b", "[x]", "{x}",
          "# not", "x # c", "&a", "*a", "!t", "|", ">", "?", "%", "@", "`", "'", '"', "\\", "\t", "\x07",
          "x\ny", "x\n\ny", "  lead", "trail  ", "123456789012345678901234567890", "1e999", "0.0", "-0.0"]


def scalar(text: str, style: str) -> str:
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if style == "literal":
        return "|-\n" + "\n".join("  " + line for line in text.split("\n")) if text else "|-"
    return text.replace("\n", "\n\n  ")  # plain: a blank line keeps a line break


scalars = st.builds(scalar, st.sampled_from(TRICKY) | st.text(max_size=8),
                    st.sampled_from(["plain", "plain", "plain", "single", "double", "literal"]))
keys = st.sampled_from(["a", "id", "date", "note", "yes", "1", "x y", "é", "2026-01-05", "a:b", "'q'"]) | scalars


def flow(node) -> str:
    if isinstance(node, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in node.items()) + "}"
    if isinstance(node, list):
        return "[" + ", ".join(flow(v) for v in node) + "]"
    return node if "\n" not in node else node.replace("\n", " ")


def block(node, indent: int, step: int) -> str:
    pad = " " * indent
    if isinstance(node, dict):
        if not node:
            return pad + "{}\n"
        out = ""
        for k, v in node.items():
            if isinstance(v, (dict, list)) and v:
                out += f"{pad}{k}:\n" + block(v, indent + step, step)
            else:
                out += f"{pad}{k}: {flow(v) if isinstance(v, (dict, list)) else v.replace(chr(10), chr(10) + pad)}\n"
        return out
    if isinstance(node, list):
        if not node:
            return pad + "[]\n"
        out = ""
        for v in node:
            if isinstance(v, (dict, list)) and v:
                out += f"{pad}- " + block(v, indent + 2, step).lstrip(" ")
            else:
                out += f"{pad}- {flow(v) if isinstance(v, (dict, list)) else v.replace(chr(10), chr(10) + pad)}\n"
        return out
    return pad + node + "\n"


# Texts the fast reader takes (and a few it refuses), to test the edge of what it accepts.
BENIGN = ["x", "hello world", "business-plan", "c-2026-0001", "0", "7", "-12", "90", "123456789012345678901234567890",
          "1.5", "-2.25", "0.1", "1.10", "0.0", "-0.0", "2026-01-05", "1999-12-31", "2024-02-29", "2023-02-29",
          "true", "False", "null", "~", "", "it's", "R&D", "C#", "a:b", "http://x.y/z?q=1", "-x", "--", "x -",
          "a, b", "x]", "x}", "é", "Réseau DÉC d’Ottawa", "東京", "😀", "n", "y", "note: no", "x #y", "x  y",
          "trail ", "x\ny", "x\n\ny", "Yes we can", "nulle", "onion", "offre", "0 a", "1 2"]


def spaced(text: str, draw) -> str:
    """Harmless changes of layout: spaces before colons, after dashes and at line ends, blank lines."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(0, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        change = draw(st.sampled_from(["colon", "dash", "trail", "blank", "comment"]))
        if change == "colon":
            lines[i] = lines[i].replace(": ", "  : ", 1)
        elif change == "dash":
            lines[i] = lines[i].replace("- ", "-   ", 1)
        elif change == "trail":
            lines[i] += draw(st.sampled_from([" ", "   ", "  # c", " #", "\t"]))
        elif change == "blank":
            lines.insert(i, draw(st.sampled_from(["", "  ", "#", "  # indented comment"])))
        else:
            lines.insert(i, "# " + draw(st.sampled_from(BENIGN + TRICKY)))
    return "\n".join(lines)


def trees(leaves, keys):
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(keys, inner, max_size=4), max_leaves=12)


@st.composite
def documents(draw, leaves, keys) -> str:
    tree = trees(leaves, keys)
    root = draw(st.dictionaries(keys, tree, min_size=1, max_size=5) | st.lists(tree, min_size=1, max_size=4))
    text = spaced(block(root, 0, draw(st.sampled_from([2, 4]))), draw)
    if draw(st.integers(0, 4)) == 0:  # a few characters changed anywhere
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.sampled_from(TRICKY[:60] + [" ", "\n", ": ", "- ", "  ", "[", "]", "{", ","])) \
                + text[at + draw(st.integers(0, 3)):]
    if draw(st.integers(0, 6)) == 0:
        text = text.replace("\n", "\r\n")
    return text


benign = st.builds(scalar, st.sampled_from(BENIGN), st.sampled_from(["plain"] * 6 + ["single", "double"]))
benign_keys = st.sampled_from(["a", "id", "date", "note", "x y", "é", "k-1", "'q'", '"k"', "Yes we can", "n"])
EXAMPLES = int(os.environ.get("CEDTA_FASTPARSE_EXAMPLES", 50 if IN_CI else 80))  # more for a long hunt


@settings(max_examples=EXAMPLES, deadline=None, derandomize=IN_CI, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents(scalars, keys))
def test_generated_texts_read_the_same(text):
    event("read fast" if assert_same_reading(text) else "read strict")


@settings(max_examples=EXAMPLES, deadline=None, derandomize=IN_CI, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents(benign, benign_keys))
def test_generated_plain_texts_read_the_same(text):
    event("read fast" if assert_same_reading(text) else "read strict")


# ---- every short word, in every place a scalar can stand -----------------------------------------

def test_short_words_read_the_same():
    """Every word of one or two characters that could start or make a number, bool or null."""
    alphabet = "019_-+.eExob:~nyY"
    words = [a + b for a in alphabet for b in [""] + list(alphabet)]
    for w in words:
        for text in (f"a: {w}", f"- {w}", f"a: [{w}]", f"a: {{b: {w}}}", f"{w}: a"):
            assert_same_reading(text)


# ---- real files, slightly damaged ----------------------------------------------------------------

SEEDS = [p.read_text(encoding="utf-8") for p in sorted((REPO / "data" / "clients").glob("*.yaml"))[:8]]
DAMAGE = [" ", "  ", "\n", ": ", "- ", "-", ":", ",", "[", "]", "{", "}", "'", '"', "#", " #", "x", "é", "0", "1",
          "2026-01-05", "yes", "~", "null", "?", "|", ">", "&a", "*a", "!", "%", "\t", "\r\n", "...", "---", "0123",
          "_1", "\n  ", "\n- ", "{a: 1}", "[1, 2]", ":}", "\\"]


@st.composite
def damaged(draw) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(DAMAGE)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 6)):]
    return text


@settings(max_examples=EXAMPLES, deadline=None, derandomize=IN_CI, suppress_health_check=[HealthCheck.too_slow])
@given(text=damaged())
def test_damaged_files_read_the_same(text):
    event("read fast" if assert_same_reading(text) else "read strict")
