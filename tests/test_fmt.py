"""`cedta fmt`: the canonical layout, idempotent, comments kept, --check changes nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cedta.cli import app
from cedta.review.fmt import format_text

runner = CliRunner()
SHIPPED = Path(__file__).parents[1] / "data"

MESSY_PROVIDER = """\
# A provider written by hand, keys in any order.
name: {en: Test Centre, fr: Centre test}  # bilingual name
# above kind
kind: non-profit
languages: [en, no]
# the services come below
services:
  - topic: marketing
    # why this id
    id: marketing-workshops
    modes: [workshops]
    languages: [en]
    levels: {to: advanced, from: beginner}
    valid: {until: '2027-03-31'}
    fees:
      - {unit: session, amount: 25}
    source:
      line: 12
      where: 12:30
category: yes
id: test-centre   # the file name
# end of file
"""

CANONICAL_PROVIDER = """\
# A provider written by hand, keys in any order.
id: test-centre   # the file name
name: {en: Test Centre, fr: Centre test}  # bilingual name
# above kind
kind: non-profit
category: true
languages: [en, 'no']
# the services come below
services:
    # why this id
  - id: marketing-workshops
    topic: marketing
    modes: [workshops]
    languages: [en]
    levels: {from: beginner, to: advanced}
    fees:
      - {amount: 25, unit: session}
    valid: {until: 2027-03-31}
    source:
      where: '12:30'
      line: 12
# end of file
"""


def make_data(tmp_path: Path, files: dict[str, str]) -> Path:
    data = tmp_path / "data"
    for rel, text in files.items():
        p = data / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return data


def test_schema_order_quoting_and_comments():
    result = format_text(MESSY_PROVIDER, "provider")
    assert result.problem is None
    assert result.text == CANONICAL_PROVIDER
    assert {what for _, what in result.fixes} == {"quoted", "bool", "date"}
    again = format_text(result.text, "provider")
    assert not again.changed and again.text == result.text


@pytest.mark.parametrize("word", ["no", "on", "yes", "off", "1e3", "0123", "12:30", "2026-01-02"])
def test_text_that_yaml_would_misread_is_quoted(word):
    text = f"id: x\nname: {{en: {word}}}\nkind: non-profit\n"
    result = format_text(text, "provider")
    assert f"name: {{en: '{word}'}}" in result.text


def test_numbers_stay_as_written_and_null_is_spelled_null():
    text = "id: c-1\nkind: individual\nhub: h\nintake: {date: 2026-01-05, by: o}\n" \
           "consent: {given: 2026-01-05}\nprofile: {birth_year: 1984, budget: {max_fee: 0}}\n" \
           "needs:\n  - {topic: marketing, level: ~}\n"
    result = format_text(text, "client")
    assert result.text == text.replace("level: ~", "level: null")


def test_fmt_writes_and_check_finds_nothing_after(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # files named from the working directory: data/providers/...
    data = make_data(tmp_path, {"providers/test-centre.yaml": MESSY_PROVIDER})
    r = runner.invoke(app, ["--data", str(data), "fmt", "--check"])
    assert r.exit_code == 1
    assert r.stdout.strip() == "data/providers/test-centre.yaml"
    assert (data / "providers/test-centre.yaml").read_text() == MESSY_PROVIDER  # untouched
    r = runner.invoke(app, ["--data", str(data), "fmt"])
    assert r.exit_code == 0, r.output
    assert (data / "providers/test-centre.yaml").read_text() == CANONICAL_PROVIDER
    assert not list((data / "providers").glob(".test-centre.yaml.*"))  # no temporary left
    r = runner.invoke(app, ["--data", str(data), "fmt", "--check"])
    assert r.exit_code == 0 and r.stdout == ""


def test_check_json(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # files named from the working directory: data/providers/...
    data = make_data(tmp_path, {"providers/test-centre.yaml": MESSY_PROVIDER,
                                "hubs/h.yaml": "id: h\nname: {en: H}\npopulation: women\n"
                                               "director: test-centre\nmembers: [test-centre]\n"})
    r = runner.invoke(app, ["--data", str(data), "fmt", "--check", "--format", "json"])
    assert r.exit_code == 1
    payload = json.loads(r.stdout)
    assert payload["ok"] is False and payload["files"] == 2
    assert payload["changed"] == ["data/providers/test-centre.yaml"]


def test_unreadable_file_is_reported_and_left_alone(tmp_path):
    broken = "id: broken\nname: {en: B\nkind: non-profit\n"
    data = make_data(tmp_path, {"providers/broken.yaml": broken,
                                "providers/test-centre.yaml": MESSY_PROVIDER})
    r = runner.invoke(app, ["--data", str(data), "fmt"])
    assert r.exit_code == 1
    assert "data/providers/broken.yaml:" in r.stderr and "yaml-syntax" in r.stderr
    assert (data / "providers/broken.yaml").read_text() == broken
    assert (data / "providers/test-centre.yaml").read_text() == CANONICAL_PROVIDER


def test_paths_and_french(tmp_path):
    data = make_data(tmp_path, {"providers/test-centre.yaml": MESSY_PROVIDER})
    r = runner.invoke(app, ["--data", str(data), "--lang", "fr", "fmt", "--check",
                            str(data / "providers")])
    assert r.exit_code == 1 and "fichiers à remettre en forme : 1" in r.stderr
    r = runner.invoke(app, ["--data", str(data), "fmt", str(tmp_path / "elsewhere.yaml")])
    assert r.exit_code == 2 and "Traceback" not in r.output
    (tmp_path / "outside.yaml").write_text("id: x\n")
    r = runner.invoke(app, ["--data", str(data), "fmt", str(tmp_path / "outside.yaml")])
    assert r.exit_code == 2 and "outside the data directory" in r.stderr


def test_binary_and_empty_files(tmp_path):
    data = make_data(tmp_path, {"hubs/empty.yaml": ""})
    (data / "hubs/bin.yaml").write_bytes(b"id: x\x00\x01")
    r = runner.invoke(app, ["--data", str(data), "fmt", "--check"])
    assert r.exit_code == 1
    assert "binary-file" in r.stderr and "empty-file" in r.stderr


def test_every_shipped_file_is_stable(tmp_path):
    """Formatting the shipped data twice changes nothing the second time."""
    if not SHIPPED.is_dir() or not any(SHIPPED.rglob("*.yaml")):
        pytest.skip("no shipped data folder")
    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data, ignore=shutil.ignore_patterns(".private"))
    from cedta.io.store import DataRoot

    root = DataRoot(data)
    for rf in root.files():
        text = rf.path.read_text(encoding="utf-8")
        first = format_text(text, rf.kind)
        assert first.problem is None, (rf.shown, first.problem.code, first.problem.params)
        if first.changed:
            second = format_text(first.text, rf.kind)
            assert not second.changed, rf.shown


def test_short_flow_stays_long_flow_turns_to_block():
    text = (
        "id: c-1\nkind: individual\nhub: h\n"
        "intake: {date: 2026-01-05, by: p}\n"
        "consent: {given: 2026-01-05, scope: hub}\n"
        "contacts:\n"
        "  - {date: 2026-02-10, org: p, minutes: 60}\n"
        "  - {date: 2026-02-11, org: p, service: p/a-service-with-a-rather-long-name, mode: workshops, minutes: 120}\n"
    )
    result = format_text(text, "client")
    assert "intake: {date: 2026-01-05, by: p}\n" in result.text
    assert "  - {date: 2026-02-10, org: p, minutes: 60}\n" in result.text
    assert "  - date: 2026-02-11\n    org: p\n    service: p/a-service-with-a-rather-long-name\n" in result.text
    assert all(len(line) <= 100 for line in result.text.splitlines())
    assert format_text(result.text, "client").changed is False


def test_shipped_data_is_in_canonical_form(tmp_path):
    data = Path(__file__).resolve().parents[1] / "data"
    if not any(data.glob("*/*.yaml")):
        pytest.skip("no shipped data")
    r = CliRunner().invoke(app, ["--data", str(data), "fmt", "--check"], catch_exceptions=False)
    assert r.exit_code == 0, r.stdout


def test_a_file_ruamel_cannot_read_is_reported_not_a_traceback(tmp_path):
    """libyaml accepts a tab before a comment; ruamel does not: fmt reports it and goes on."""
    from cedta.review.fmt import format_text as fmt_text

    result = fmt_text("id: acme\nkind: non-profit\t# a comment\n", "provider")
    assert result.problem is not None and result.problem.line == 2
    data = make_data(tmp_path, {"providers/acme.yaml": "id: acme\nname: {en: A}\nkind: non-profit\t# c\n",
                                "providers/beta.yaml": "name: {en: B}\nid: beta\nkind: charity\n"})
    r = CliRunner().invoke(app, ["--data", str(data), "fmt"], catch_exceptions=False)
    assert r.exit_code == 1
    assert "acme.yaml:3:17" in r.output
    assert (data / "providers" / "beta.yaml").read_text().startswith("id: beta\n")


def test_a_crlf_file_with_comments_comes_out_with_lf_only(data, cedta):
    """ruamel.yaml keeps the CR of each comment it read: fmt and the writers gave a file with both
    line ends, which `fmt --check` then called canonical (hostile pass 3)."""
    path = data.root / "clients" / "c-0001.yaml"
    text = "# a comment\n" + path.read_text().replace("needs:", "needs:  # and another", 1)
    path.write_bytes(text.replace("\n", "\r\n").encode())
    assert cedta(data, "fmt", "--check", str(path)).exit_code == 1
    assert cedta(data, "fmt", str(path)).exit_code == 0
    assert b"\r" not in path.read_bytes() and b"# and another" in path.read_bytes()
    assert cedta(data, "fmt", "--check", str(path)).exit_code == 0
    path.write_bytes(text.replace("\n", "\r\n").encode())
    assert cedta(data, "log", "c-0001", "--org", "acme-centre").exit_code == 0
    written = path.read_bytes()
    # a writer keeps the file's CRLF line ends, on every line, its own included: never both kinds
    # (hostile 13, 7: turning every line to LF changed every line of a diff); fmt makes them LF
    assert written.count(b"\r\n") == written.count(b"\n") and b"\r\r" not in written
    assert b"# and another" in written and written.count(b"\n") > text.count("\n")


@pytest.mark.parametrize("items", [
    "  - {topic: networking, level: beginner, priority: 1}\n",
    "  - topic: networking\n    level: beginner\n",
    "  - {topic: networking}\n  - {topic: marketing}\n",
])
def test_a_comment_above_a_key_moves_with_it_after_a_list(items):
    """Hostile pass 3, H27: after a list whose last item is written on one line, ruamel keeps the
    comment lines that follow at the list's end; fmt carried them to the end of the file."""
    text = ("needs:\n" + items + "# consent: given by phone, confirmed by letter\n"
            "consent: {scope: hub, given: 2026-01-20}\nhub: immigrants\nkind: individual\n"
            "intake: {by: ottawa-ced-network, date: 2026-01-20}\nid: c-2026-0200\n")
    result = format_text(text, "client")
    lines = result.text.splitlines()
    at = lines.index("# consent: given by phone, confirmed by letter")
    assert lines[at + 1].startswith("consent:"), result.text
    assert lines[-1].startswith("  ") and result.text.count("# consent") == 1
    assert not format_text(result.text, "client").changed
