"""Hostile pass 14 (and what was left of pass 13): bad input and the files people write."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_diff import repo  # noqa: F401 (a fixture: a network repository, a branch checked out)

SHIPPED = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def shipped(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(SHIPPED, root, ignore=shutil.ignore_patterns(".*"))
    return root


PLAN = """\
plan:
{d}# STEP-A: about the networking step
{d}- topic: networking
{d}  level: beginner
{d}  service: ottawa-ced-network/networking-workshops
{d}  status: done
{d}  done: 2026-03-12
{d}- topic: business-plan
{d}  level: beginner
{d}  service: ottawa-ced-network/business-plan-workshops
{d}  status: active
{d}  note: Attends with a volunteer interpreter.
{d}    # deeper: about the note, stays with its step

{d}# STEP-C: about mentoring, keep with it
{d}# second line of it
{d}- topic: mentoring  # eol-C
{d}  level: beginner
{d}  service: ottawa-ced-network/mentoring-consulting
{d}  status: planned
"""


@pytest.mark.parametrize("dash", ["  ", ""])
@pytest.mark.parametrize("after", ["# about the contacts\ncontacts:\n  - {date: 2026-03-12, org: ottawa-ced-network, mode: workshops}\n",
                                   "# the end of the file\n"])
def test_plan_move_takes_the_comment_lines_above_a_step_with_it(shipped, cedta, dash, after):
    """H13-14: the comment lines above a step stayed where they were, above another step."""
    path = shipped / "clients" / "c-2026-0001.yaml"
    text = path.read_text(encoding="utf-8")
    head = text[:text.index("plan:\n")]
    path.write_text(head + PLAN.format(d=dash) + after, encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    r = cedta(shipped, "plan", "c-2026-0001", "move", "3", "1")
    assert r.exit_code == 0, r.output
    moved = path.read_text(encoding="utf-8")
    plan = moved[moved.index("plan:\n"):]
    assert plan.startswith(f"plan:\n{dash}# STEP-C: about mentoring, keep with it\n{dash}# second line of it\n"
                           f"{dash}- topic: mentoring  # eol-C\n"), plan
    assert f"{dash}# STEP-A: about the networking step\n{dash}- topic: networking\n" in plan
    assert "    # deeper: about the note, stays with its step\n" in plan
    assert plan.index("deeper") > plan.index("- topic: business-plan")
    assert moved.endswith(after)  # the comment above the next key (or at the end) stays there
    assert sorted(moved.splitlines()) == sorted(before.splitlines())  # every line kept, none added
    assert cedta(shipped, "plan", "c-2026-0001", "move", "1", "3").exit_code == 0
    back = path.read_text(encoding="utf-8")  # and back: every line where it was (a blank line may move)
    assert [line for line in back.splitlines() if line.strip()] == [line for line in before.splitlines() if line.strip()]


@pytest.mark.parametrize("identity,refused", [
    ('identity: {name: Jo Tremblay, address: "12 Main St #4"}', None),  # a quoted `#` elsewhere on the line
    ("identity: {name: Jo Tremblay}  # a comment after the mapping", None),
    ("identity: {name: 'Jo #2 Tremblay'}", None),
    ("identity:\n  name: Jo Tremblay\n  address: 12 Main St #4", "address"),  # cut: refused until quoted
    ("identity:\n  name: Jo Tremblay  # the client", "name"),
])
def test_a_comment_cuts_an_identity_value_only_right_after_it(shipped, cedta, tmp_path, identity, refused):
    """Hostile 13: `{name: Jo, address: "12 Main St #4"}` was refused as a name cut by a comment."""
    answers = tmp_path / "a.yaml"
    answers.write_text("kind: individual\nhub: immigrants\nconsent: {given: 2026-11-20, scope: hub}\n"
                       f"{identity}\nneeds: [{{topic: marketing}}]\n", encoding="utf-8")
    r = cedta(shipped, "intake", "--answers", str(answers), "--by", "ociso")
    if refused is None:
        assert r.exit_code == 0, r.output
    else:
        assert r.exit_code == 1 and f"identity-comment-cut: identity `{refused}`" in r.output, r.output


def test_an_organisation_named_without_latin_letters_gets_an_id_that_says_what_it_is(cedta, data, tmp_path):
    """Hostile 13, #24: `日本語の組織` and `!!!` became the providers `item` and `item-2`."""
    sheet = tmp_path / "s.csv"
    sheet.write_text("Organisme,Sujet,Mode,Langue,Niveau,Frais,Disponibilité\n"
                     "日本語の組織,Mercatique,Ateliers,Français,,Gratuit,\n"
                     "!!!,Réseautage,Ateliers,Français,,Gratuit,\n", encoding="utf-8")
    r = cedta(data, "import", "providers", str(sheet), lang="fr")
    assert r.exit_code == 0, r.output
    made = sorted(p.name for p in (data.root / "providers").iterdir())
    assert "organisation.yaml" in made and "organisation-2.yaml" in made and "item.yaml" not in made
    assert "日本語の組織" in (data.root / "providers" / "organisation.yaml").read_text(encoding="utf-8")
    assert cedta(data, "validate").exit_code == 0


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("args", [("schema", "--out", "{p}"), ("export", "hsds", "--out", "{p}"),
                                  ("report", "--out", "{p}/r.md"), ("export", "csv", "--out", "{p}/s.csv")])
def test_a_pipe_where_a_folder_goes_is_not_called_a_file(cedta, data, tmp_path, args):
    """Hostile 13, #24: `schema --out FIFO` said "FIFO is a file, not a folder"."""
    import os

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    r = cedta(data, *[a.format(p=pipe) for a in args])
    assert r.exit_code == 2 and "pipe is not a folder" in r.output and "is a file" not in r.output, r.output


def test_show_says_an_identity_entry_is_there_but_not_readable(cedta, data):
    """Hostile 13, #24: an entry hand-edited into a list read as "no identity entry" in `show --identity`."""
    (data.root / ".private").mkdir(exist_ok=True)
    (data.root / ".private" / "identities.yaml").write_text("c-0001: [a, b]\n", encoding="utf-8")
    r = cedta(data, "show", "c-0001", "--identity")
    assert r.exit_code == 0, r.output
    assert "the identity entry for c-0001 in data/.private/identities.yaml is not written as fields" in r.stdout
    assert "no identity entry" not in r.stdout


@pytest.mark.parametrize("order", ["languages-first", "populations-first"])
def test_a_population_may_speak_a_language_the_network_adds_below_it(cedta, data, order):
    """Newcomer 14, N14-1: `speaks: [en, crg]` was refused when `languages:` (adding Michif) came
    after `populations:`, the order `cedta fmt` writes: fmt turned a valid file into an invalid one."""
    languages = "languages:\n  crg: {en: Michif, fr: mitchif}\n"
    populations = "populations:\n  metis: {en: Métis, fr: Métis, part_of: [indigenous], speaks: [en, crg]}\n"
    data.write("vocab.yaml", languages + populations if order == "languages-first" else populations + languages)
    r = cedta(data, "validate")
    assert r.exit_code == 0 and "vocab-speaks" not in r.output, r.output
    assert cedta(data, "fmt").exit_code == 0
    r = cedta(data, "validate")
    assert r.exit_code == 0 and "vocab-speaks" not in r.output, r.output


def test_forget_does_not_write_through_a_file_that_is_another_clients(shipped, cedta):
    """H14-11: with c-2026-0003.yaml a link to c-2026-0004.yaml, `forget c-2026-0003` withdrew
    c-2026-0004's consent, stripped its notes and dropped its open steps."""
    import os

    clients = shipped / "clients"
    (clients / "c-2026-0003.yaml").unlink()
    os.symlink("c-2026-0004.yaml", clients / "c-2026-0003.yaml")
    before = (clients / "c-2026-0004.yaml").read_bytes()
    r = cedta(shipped, "forget", "c-2026-0003", "--yes")
    assert r.exit_code == 1 and "id-mismatch" in r.output, r.output
    assert (clients / "c-2026-0004.yaml").read_bytes() == before


def test_forget_names_the_directory_files_that_write_the_client(shipped, cedta, tmp_path):
    """H14-9: the client's name and phone in a provider's comment and a hub's stayed after `forget`,
    which named other client files only (exit 0); with the entry gone, nothing flagged them."""
    answers = tmp_path / "a.yaml"
    answers.write_text("kind: individual\nhub: immigrants\nconsent: true\nidentity: {name: Zora Quill, "
                       "phone: \"613-555-0177\", email: zora.q@example.org}\nneeds:\n  - {topic: marketing}\n",
                       encoding="utf-8")
    assert cedta(shipped, "intake", "--answers", str(answers), "--by", "ociso", "--id", "c-2026-zq001").exit_code == 0
    cco = shipped / "providers" / "cco.yaml"
    cco.write_text(cco.read_text(encoding="utf-8").replace(
        "\nsource:", "\n# Referred Zora Quill here on 2026-11-20\nsource:", 1), encoding="utf-8")
    hub = shipped / "hubs" / "immigrants.yaml"
    hub.write_text(hub.read_text(encoding="utf-8").replace(
        "\nmembers:", "\n# Call back at 613 555 0177\nmembers:", 1), encoding="utf-8")
    r = cedta(shipped, "forget", "c-2026-zq001", "--yes")
    assert r.exit_code == 1, r.output
    assert "data/providers/cco.yaml:" in r.stderr and "data/hubs/immigrants.yaml:" in r.stderr
    assert "Zora" not in r.output and "0177" not in r.output


_KEYCAPS = "".join(d + "\ufe0f\u20e3" if d.isdigit() else d for d in "613 555 0142")


@pytest.mark.parametrize("note", [
    f"Call her at {_KEYCAPS}", "Call 613-5\u030155-0142", "Call 613-5\ufe0055-0142", "Write to ann\ufe00@exa\ufe00mple.org",
    "SIN 046 4\ufe0054 286", "Call 613-5\U000e002055-0142", "Call 613-5\U0001d17355-0142", "Call 613-5\u180b55-0142",
    "SIN 046 4\u033254 286",
])
def test_marks_and_format_characters_hide_no_phone_email_or_sin(shipped, cedta, note):
    """H14-3: keycaps, variation selectors, combining marks and tag characters inside a phone, an
    e-mail or a SIN let it into a tracked client file, and validate said nothing."""
    before = (shipped / "clients" / "c-2026-0002.yaml").read_bytes()
    r = cedta(shipped, "log", "c-2026-0002", "--org", "ociso", "--minutes", "5", "--note", note)
    assert r.exit_code == 2 and "direct identifiers do not belong in client files" in r.output, r.output
    assert (shipped / "clients" / "c-2026-0002.yaml").read_bytes() == before
    (shipped / "clients" / "c-2026-0002.yaml").write_text(
        before.decode("utf-8") + f"# {note}\n", encoding="utf-8")
    r = cedta(shipped, "validate")
    assert r.exit_code == 1 and "c-2026-0002.yaml" in r.output, r.output


@pytest.mark.parametrize("directive", ["%YAML 1.1\n---\n", ""])
@pytest.mark.parametrize("typed,key", [("minutes: 2:30:00", "minutes"), ("minutes: 1:30", "minutes")])
def test_fmt_does_not_settle_a_value_yaml_1_1_and_1_2_read_apart(shipped, cedta, directive, typed, key):
    """H14-2: under a `%YAML 1.1` line, `fmt` wrote `minutes: 2:30:00` as `minutes: 9000` (150 hours):
    the value `validate` asks a person to decide, decided, and nothing left to flag it."""
    path = shipped / "clients" / "c-2026-0002.yaml"
    text = path.read_text(encoding="utf-8")
    assert "minutes: 90\n" in text
    path.write_text(directive + text.replace("minutes: 90\n", typed + "\n", 1), encoding="utf-8")
    before = path.read_bytes()
    r = cedta(shipped, "fmt", str(path))
    assert r.exit_code == 1 and "fmt-ambiguous" in r.output and typed.split(": ")[1] in r.output, r.output
    assert path.read_bytes() == before
    assert cedta(shipped, "validate", str(path)).exit_code == 1  # still for a person to settle


def test_the_same_need_written_twice_is_an_error_not_counted_twice(shipped, cedta):
    """H14-5: a need written twice (a merge of two branches' `need add`) passed validate and gaps and
    the report counted it twice."""
    path = shipped / "clients" / "c-2026-0001.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("needs:\n", "needs:\n  - {topic: business-plan, level: beginner, priority: 4}\n", 1),
                    encoding="utf-8")
    r = cedta(shipped, "validate")
    assert r.exit_code == 1 and "need-twice" in r.output and "c-2026-0001.yaml:22:" in r.output, r.output
    assert cedta(shipped, "report").exit_code == 1  # (a shared report is never built on data validate rejects)


@pytest.mark.parametrize("args,option,after", [
    (("evaluate", "c-2026-0002", "--notes", "--satisfaction", "4"), "--notes", "--satisfaction"),
    (("log", "c-2026-0002", "--org", "ociso", "--note", "--again"), "--note", "--again"),
    (("need", "c-2026-0002", "add", "--topic", "marketing", "--note", "--priority", "2"), "--note", "--priority"),
    (("report", "--out", "--no-suppress"), "--out", "--no-suppress"),
    (("export", "csv", "--out", "--lang"), "--out", "--lang"),
    (("gaps", "--out", "-f"), "--out", "-f"),
])
def test_an_option_is_not_taken_for_the_value_missing_before_it(shipped, cedta, tmp_path, args, option, after):
    """H14-1: `--note --again` stored the note "--again" in a tracked client file; `report --out
    --no-suppress` wrote a file named `--no-suppress`."""
    before = {p: p.read_bytes() for p in shipped.rglob("*") if p.is_file()}
    r = cedta(shipped, *args)
    assert r.exit_code == 2 and f"{option} is followed by {after}, an option, not its value" in r.output, r.output
    assert {p: p.read_bytes() for p in shipped.rglob("*") if p.is_file()} == before
    assert not list(shipped.parent.glob("-*"))


def test_a_value_that_starts_with_a_dash_is_still_given_with_an_equals_sign(shipped, cedta):
    r = cedta(shipped, "log", "c-2026-0002", "--org", "ociso", "--note=--again, as agreed")
    assert r.exit_code == 0, r.output
    assert "--again, as agreed" in (shipped / "clients" / "c-2026-0002.yaml").read_text(encoding="utf-8")
    r = cedta(shipped, "log", "c-2026-0002", "--org", "ociso", "--again", "--note", "-5% on the fee, and -f is no option here")
    assert r.exit_code == 0, r.output


def test_diff_says_first_that_the_identity_store_is_committed(repo):
    """H14-7: a commit that force-added data/.private/identities.yaml was not in `diff` at all (the
    pull-request comment said "1 record changed, 0 risks"); it is the first risk, by path alone."""
    from tests.test_diff import cedta as diff_cedta
    from tests.test_diff import git, write

    write(repo, "data/.private/identities.yaml", "c-2026-0012:\n  name: \"Zora Quill\"\n  phone: \"613-555-0177\"\n")
    git(repo, "add", "-f", "data/.private/identities.yaml")
    git(repo, "commit", "-qm", "oops")
    for fmt in ("text", "markdown", "json"):
        r = diff_cedta(repo, "diff", "main", "HEAD", "--format", fmt)
        assert r.exit_code == 0, r.output
        assert "data/.private/identities.yaml is in the commits" in r.stdout, r.stdout
        assert "Zora" not in r.stdout and "0177" not in r.stdout
    text = diff_cedta(repo, "diff", "main", "HEAD").stdout
    assert text.index("Risks to check") < text.index("identities.yaml") and "1 risk to check" in text


def test_diff_says_what_changed_in_an_entry_edited_in_place(repo):
    """H14-6: an edited contact read "1 contact logged; 1 contact removed", and a loan of $12,000
    made $1,200,000 "1 outcome recorded; 1 outcome removed", with no word of what changed."""
    from tests.test_diff import cedta as diff_cedta
    from tests.test_diff import edit, git

    path = "data/clients/c-2026-0012.yaml"
    text = (repo / path).read_text(encoding="utf-8")
    assert "contacts:" in text
    (repo / path).write_text(text + "outcomes:\n  - {date: 2026-09-15, kind: financing-obtained, amount: 12000}\n",
                             encoding="utf-8")
    git(repo, "commit", "-qam", "an outcome")
    edit(repo, path, "amount: 12000}", "amount: 1200000}")
    r = diff_cedta(repo, "diff", "HEAD")
    assert r.exit_code == 0, r.output
    assert "outcome of 2026-09-15 (financing obtained) changed: amount $12,000 → $1,200,000" in r.stdout, r.stdout
    assert "removed" not in r.stdout and "recorded" not in r.stdout
    edit(repo, path, "amount: 1200000}", "amount: 1300000, note: A bank loan.}")
    r = diff_cedta(repo, "diff", "HEAD")
    assert "amount $12,000 → $1,300,000, its note changed" in r.stdout, r.stdout  # (review 14, R14-2)


@pytest.mark.parametrize("char", ["\u200b", "\u2060", "\u3164", "\ufeff"])
def test_init_refuses_a_name_its_own_validate_would_refuse(tmp_path, cedta, char):
    """H14-4: `init --name` with a zero-width space wrote a network.yaml the fresh repository's
    first `validate` refused."""
    r = cedta(None, "init", str(tmp_path / "n"), "--no-git", "--name", f"Zero{char}Width Network")
    assert r.exit_code == 2 and f"U+{ord(char):04X}" in r.output, r.output
    assert not (tmp_path / "n").exists()


@pytest.mark.parametrize("part", ["sharedStrings.xml", "strs.xml"])  # (renamed: review 14, R14-16)
def test_a_workbook_whose_table_of_texts_unpacks_too_large_is_refused_before_it_is_read(data, cedta, tmp_path, part):
    """H14-8: 2,000,000 one-letter shared strings (84 KB zipped, 34 MB unpacked) cost
    `import providers --dry-run` 21 s and 240 MB for a sheet of one cell."""
    import zipfile

    book = tmp_path / "bomb.xlsx"
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          '<Override PartName="/xl/PART" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
          '</Types>')
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct.replace("PART", part))
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="PART"/></Relationships>'.replace("PART", part))
        z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')
        z.writestr(f"xl/{part}", '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   + "<si><t>a</t></si>" * 1_100_000 + "</sst>")
    assert book.stat().st_size < 200_000
    r = cedta(data, "import", "providers", str(book), "--dry-run")  # (refused from the sizes declared)
    assert r.exit_code == 1 and "table of texts" in r.output and "over the 16 MB" in r.output, r.output


def test_export_sqlite_replaces_only_a_database_cedta_wrote(data, cedta, tmp_path):
    """H14-10: `export sqlite --out an.db` wiped an analyst's own tables."""
    import sqlite3

    theirs = tmp_path / "an.db"
    db = sqlite3.connect(theirs)
    db.execute("CREATE TABLE my_analysis (x)")
    db.execute("INSERT INTO my_analysis VALUES (42)")
    db.commit()
    db.close()
    before = theirs.read_bytes()
    r = cedta(data, "export", "sqlite", "--out", str(theirs))
    assert r.exit_code == 2 and "is not a database cedta wrote" in r.output, r.output
    assert theirs.read_bytes() == before
    notes = tmp_path / "notes.db"
    notes.write_text("my notes\n")
    assert cedta(data, "export", "sqlite", "--out", str(notes)).exit_code == 2
    ours = tmp_path / "ours.db"
    assert cedta(data, "export", "sqlite", "--out", str(ours)).exit_code == 0
    assert cedta(data, "export", "sqlite", "--out", str(ours)).exit_code == 0  # its own: replaced again


def test_small_things_seen_on_the_way(data, cedta, tmp_path):
    """H14-12: `--service /x` said "unknown organisation ``"; `init` made a folder with a line break
    in its name; `show --identity --format json` dropped --identity in silence; a provider's name
    holding `@octocat` mentioned the user in a Markdown report pasted into GitHub."""
    r = cedta(data, "log", "c-0001", "--service", "/business-plan-workshops", "--minutes", "5")
    assert r.exit_code == 2 and "`/business-plan-workshops` is not a service reference" in r.output, r.output
    r = cedta(None, "init", str(tmp_path / "a\nb"), "--no-git")
    assert r.exit_code == 2 and "line break" in r.output and not (tmp_path / "a\nb").exists()
    r = cedta(data, "show", "c-0001", "--identity", "--format", "json")
    assert r.exit_code == 0 and "--identity is left out of --format json" in r.stderr
    from cedta.forum.render import md_escape

    assert "@octocat" not in md_escape("Acme @octocat") and "@\u2060octocat" in md_escape("Acme @octocat")


def test_a_topic_at_any_level_beside_the_same_topic_at_one_is_a_need_twice(shipped, cedta):
    """Review 14, R14-4: `networking` with no level beside `networking, beginner` passed, and gaps
    listed both rows for one client."""
    r = cedta(shipped, "need", "c-2026-0001", "add", "--topic", "business-plan")
    assert r.exit_code == 2 and "already has the need" in r.output, r.output
    path = shipped / "clients" / "c-2026-0001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("needs:\n", "needs:\n  - {topic: business-plan, priority: 4}\n", 1),
                    encoding="utf-8")
    r = cedta(shipped, "validate")
    assert r.exit_code == 1 and "need-twice" in r.output, r.output


def test_the_identity_store_is_read_with_libyaml_and_parsed_once_a_run(data, monkeypatch):
    """BENCHMARKS (fourteenth session): at 50,000 clients one intake read the 3.3 MB store seven
    times in pure-Python YAML (183 s). It is read with libyaml's BaseLoader (the same reading: every
    value the text typed), and a text already parsed in the run is not parsed again."""
    import yaml

    from cedta.clients import identity

    if hasattr(yaml, "CBaseLoader"):
        assert identity._loader() is yaml.CBaseLoader
    from cedta.io.store import DataRoot

    root = DataRoot(data.root)
    identity.put(root, "c-0001", {"name": "Kojo Annan", "phone": "0145236712"})
    calls = []
    real = yaml.load
    monkeypatch.setattr(yaml, "load", lambda *a, **k: calls.append(1) or real(*a, **k))
    for _ in range(3):
        assert identity.get(root, "c-0001") == {"name": "Kojo Annan", "phone": "0145236712"}  # (text, not a number)
    assert len(calls) <= 1  # parsed once at most, however often it is read
    (data.root / ".private" / "identities.yaml").write_text("c-0001: {name: Ama Owusu, phone: '0145236712'}\n")
    before = len(calls)
    assert identity.get(root, "c-0001")["name"] == "Ama Owusu" and len(calls) == before + 1  # changed: read again
    identity.get(root, "c-0001")
    assert len(calls) == before + 1
