"""`cedta export hsds` and `cedta import hsds`: the package validates against the official HSDS 3.0
schemas (tests/fixtures/hsds-3.0, copied with their licence), ids are stable, the shipped directory
comes back unchanged through an export and an import, and bad packages are refused whole."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from cedta.interop import hsds_tables

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "data"
OFFICIAL = Path(__file__).parent / "fixtures" / "hsds-3.0"


def official_resources() -> dict:
    package = json.loads((OFFICIAL / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: r for r in package["resources"]}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from typer.testing import CliRunner

    from cedta.cli import app

    out = tmp_path_factory.mktemp("hsds")
    result = CliRunner().invoke(app, ["--today", "2026-11-26", "--data", str(SHIPPED), "export", "hsds",
                                      "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def test_the_descriptors_cedta_carries_are_the_official_ones():
    official = official_resources()
    for name, resource in hsds_tables.RESOURCES.items():
        assert resource == official[name], name


def test_the_export_validates_with_frictionless_against_the_official_schemas(exported, tmp_path):
    import frictionless

    ours = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in ours["resources"]]
    assert set(names) >= {"organization", "service", "language", "cost_option", "schedule", "taxonomy",
                          "taxonomy_term", "attribute"}
    official = official_resources()
    # The package, with each table's schema replaced by the official one (foreign keys to tables the
    # export does not produce dropped), must validate: types, formats, uuids, enums, keys.
    for resource in ours["resources"]:
        schema = json.loads(json.dumps(official[resource["name"]]["schema"]))
        schema["foreignKeys"] = [fk for fk in schema.get("foreignKeys", [])
                                 if fk["reference"]["resource"] in names]
        if not schema["foreignKeys"]:
            del schema["foreignKeys"]
        assert resource["schema"] == schema
        resource["schema"] = schema
    checked = tmp_path / "checked"
    shutil.copytree(exported, checked)
    (checked / "datapackage.json").write_text(json.dumps(ours), encoding="utf-8")
    report = frictionless.validate(str(checked / "datapackage.json"))
    assert report.stats["tasks"] == len(names)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_the_export_carries_what_hsds_has_no_column_for(exported):
    def rows(name):
        with open(exported / name, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    services = rows("services.csv")
    assert len(services) == 181
    terms = {t["id"]: t for t in rows("taxonomy_terms.csv")}
    codes = {t["code"] for t in terms.values()}
    assert {"topics/business-plan", "modes/workshops", "levels/beginner", "stages/idea",
            "populations/immigrants", "eligibility/age"} <= codes
    used = {terms[a["taxonomy_term_id"]]["code"] for a in rows("attributes.csv")}
    assert {"topics/marketing", "populations/francophones", "eligibility/ei", "cedta/financing"} <= used
    # eligibility description in both languages, ages in their columns
    described = [s for s in services if s["eligibility_description"]]
    assert described and all(" / " in s["eligibility_description"] for s in described)
    assert any(s["minimum_age"] for s in services)


def test_ids_are_stable_from_one_export_to_the_next(exported, tmp_path, cedta):
    result = cedta(SHIPPED, "export", "hsds", "--out", str(tmp_path))
    assert result.exit_code == 0
    for name in ("organizations.csv", "services.csv", "attributes.csv", "taxonomy_terms.csv"):
        assert (tmp_path / name).read_bytes() == (exported / name).read_bytes()


def test_hsds_json_services_follow_the_compiled_schema(tmp_path, cedta):
    import jsonschema

    assert cedta(SHIPPED, "export", "hsds", "--out", str(tmp_path), "--format", "json").exit_code == 0
    services = json.loads((tmp_path / "services.json").read_text(encoding="utf-8"))
    schema = json.loads((OFFICIAL / "schema" / "compiled" / "service.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for service in services[:40]:
        errors = list(validator.iter_errors(service))
        assert not errors, errors[0].message
    assert services[0]["organization"]["name"] and "languages" in services[0]


def test_round_trip_gives_back_the_shipped_directory(exported, tmp_path, cedta):
    from cedta.io.store import DataRoot
    from cedta.review import diff

    target = tmp_path / "data"
    target.mkdir()  # empty: the network's own terms come with the package's taxonomy
    result = cedta(target, "import", "hsds", str(exported))
    assert result.exit_code == 0, result.output
    assert "wrote 41 files (181 services read)" in result.output

    def snap(path):
        root = DataRoot(path)
        return diff.snapshot(str(path), [root.read(f) for f in root.files({"provider", "vocab"})])

    (before, errors_before), (after, errors_after) = snap(SHIPPED), snap(target)
    assert not errors_before and not errors_after
    assert before.providers == after.providers
    assert before.terms == after.terms  # data/vocab.yaml: the network's terms and aliases
    assert diff.compare(before, after).empty
    # the files are written in the canonical layout, whole amounts as a person writes them
    assert cedta(target, "fmt", "--check").exit_code == 0
    assert "up_to: 15000}" in (target / "providers" / "ottawa-community-loan-fund.yaml").read_text()
    assert not any(re.search(r"\b\d+\.0\b", p.read_text()) for p in (target / "providers").iterdir())
    # the package does not claim the specification's licence for the network's data
    package = json.loads((exported / "datapackage.json").read_text())
    assert "license" not in package and "homepage" not in package
    # and re-importing over it changes nothing
    again = cedta(target, "import", "hsds", str(exported / "datapackage.json"), "--dry-run")
    assert again.exit_code == 0 and "No change to the records." in again.output


def test_dry_run_writes_nothing_and_words_the_change_as_cedta_diff(exported, tmp_path, cedta):
    target = tmp_path / "data"
    target.mkdir()
    shutil.copy(SHIPPED / "vocab.yaml", target / "vocab.yaml")
    result = cedta(target, "import", "hsds", str(exported), "--dry-run", lang="fr")
    assert result.exit_code == 0, result.output
    assert "nouvel organisme" in result.output and "rien n’a été écrit" in result.output
    assert not (target / "providers").exists()


def _small_package(tmp_path: Path, cedta, data) -> Path:
    out = tmp_path / "pkg"
    assert cedta(data, "export", "hsds", "--out", str(out)).exit_code == 0
    return out


def test_a_package_without_its_service_table_is_refused(tmp_path, cedta, data):
    pkg = _small_package(tmp_path, cedta, data)
    descriptor = json.loads((pkg / "datapackage.json").read_text())
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "service"]
    (pkg / "datapackage.json").write_text(json.dumps(descriptor))
    result = cedta(data, "import", "hsds", str(pkg))
    assert result.exit_code == 1
    assert "no service table" in result.output


def test_services_pointing_to_a_missing_organisation_are_refused_with_their_row(tmp_path, cedta, data):
    pkg = _small_package(tmp_path, cedta, data)
    before = data.read("providers/acme-centre.yaml")
    text = (pkg / "services.csv").read_text()
    lines = text.splitlines()
    cells = lines[2].split(",")
    cells[1] = "00000000-0000-4000-8000-000000000000"
    lines[2] = ",".join(cells)
    (pkg / "services.csv").write_text("\n".join(lines) + "\n")
    result = cedta(data, "import", "hsds", str(pkg))
    assert result.exit_code == 1
    assert "services.csv:3:organization_id: organization 00000000-0000-4000-8000-000000000000 is not" in result.output
    assert "nothing written" in result.output
    assert data.read("providers/acme-centre.yaml") == before


def test_a_foreign_package_maps_terms_through_the_vocabulary_and_lists_the_rest(tmp_path, cedta, data):
    pkg = tmp_path / "foreign"
    pkg.mkdir()
    descriptor = {"name": "x", "resources": [
        {"name": n, "path": hsds_tables.RESOURCES[n]["path"]}
        for n in ("organization", "service", "language", "taxonomy_term", "attribute")]}
    (pkg / "datapackage.json").write_text(json.dumps(descriptor))
    o, s1, s2 = ("11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222",
                 "33333333-3333-4333-8333-333333333333")
    t1, t2, t3 = ("44444444-4444-4444-8444-444444444444", "55555555-5555-4555-8555-555555555555",
                  "66666666-6666-4666-8666-666666666666")
    (pkg / "organizations.csv").write_text(f"id,name,description\n{o},Gamma Help Centre,Helps people.\n")
    (pkg / "services.csv").write_text(
        f"id,organization_id,name,status,minimum_age\n{s1},{o},Plan clinic,active,18\n"
        f"{s2},{o},Tax help,active,\n")
    (pkg / "languages.csv").write_text(f"id,service_id,code\n{t1},{s1},fra\n{t2},{s2},en\n")
    (pkg / "taxonomy_terms.csv").write_text(
        f"id,name,description\n{t1},Plan d'affaires,x\n{t2},Ateliers,x\n{t3},Tax preparation,x\n")
    (pkg / "attributes.csv").write_text(
        f"id,link_id,taxonomy_term_id,link_entity\n"
        f"a1111111-1111-4111-8111-111111111111,{s1},{t1},service\n"
        f"a2222222-2222-4222-8222-222222222222,{s1},{t2},service\n"
        f"a3333333-3333-4333-8333-333333333333,{s2},{t3},service\n")
    result = cedta(data, "import", "hsds", str(pkg))
    assert result.exit_code == 1, result.output
    assert "attributes.csv:4:taxonomy_term_id: term `Tax preparation` matches no term" in result.output
    assert "services.csv:3:name: service `Tax help` left out: no topic, mode could be mapped" in result.output
    written = data.read("providers/gamma-help-centre.yaml")
    assert "topic: business-plan" in written and "modes: [workshops]" in written
    assert "languages: [fr]" in written and "age: {min: 18}" in written


@pytest.mark.parametrize("args, code, words", [
    (("import", "hsds", "nowhere"), 2, "nowhere"),
    (("export", "hsds", "--out", "FILE"), 2, "is a file, not a folder"),
])
def test_paths_that_do_not_work(tmp_path, cedta, data, args, code, words):
    (tmp_path / "FILE").write_text("x")
    args = tuple(str(tmp_path / a) if a in ("nowhere", "FILE") else a for a in args)
    result = cedta(data, *args)
    assert result.exit_code == code
    assert words in result.output


def test_an_export_of_a_broken_directory_is_refused(tmp_path, cedta, data):
    data.write("providers/acme-centre.yaml", "id: acme-centre\nname: {en: A}\nkind: nonsense: [\n")
    result = cedta(data, "export", "hsds", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert not (tmp_path / "out").exists()


def test_names_and_alternate_names_follow_the_chosen_language(tmp_path, cedta, data):
    assert cedta(data, "export", "hsds", "--out", str(tmp_path), lang="fr").exit_code == 0
    with open(tmp_path / "organizations.csv", encoding="utf-8", newline="") as fh:
        acme = next(r for r in csv.DictReader(fh) if "Acme" in r["name"])
    assert acme["name"] == "Centre d'entreprise Acme"
    assert acme["alternate_name"] == "Acme Enterprise Centre"


@pytest.mark.parametrize("damage, words", [
    (lambda pkg: (pkg / "datapackage.json").write_text("[1, 2"), "datapackage.json:1:6: not valid JSON"),
    (lambda pkg: (pkg / "datapackage.json").write_text("[1, 2]"), "lists no resources"),
    (lambda pkg: (pkg / "organizations.csv").unlink(), "table organization: file"),
    (lambda pkg: (pkg / "attributes.csv").write_text(
        (pkg / "attributes.csv").read_text().replace(',"{', ',"{{', 1)), "attributes.csv:"),
    (lambda pkg: (pkg / "organizations.csv").write_bytes(
        (pkg / "organizations.csv").read_bytes().replace(b"Acme", b"Acm\xe9")), "byte 0xE9 is not UTF-8"),
])
def test_damaged_packages_are_refused_whole(tmp_path, cedta, data, damage, words):
    pkg = _small_package(tmp_path, cedta, data)
    damage(pkg)
    before = data.read("providers/acme-centre.yaml")
    result = cedta(data, "import", "hsds", str(pkg))
    assert result.exit_code == 1, result.output
    assert words in result.output and "Traceback" not in result.output
    assert data.read("providers/acme-centre.yaml") == before


def test_a_french_package_imported_in_english_files_its_names_under_french(tmp_path, cedta):
    """The package says its names' language (`cedta_language`): a French export imported by an English
    run filed French names as `name.en` (newcomer pass N16)."""
    from cedta.io.store import DataRoot
    from cedta.review import diff

    out = tmp_path / "hsds-fr"
    assert cedta(SHIPPED, "export", "hsds", "--out", str(out), lang="fr").exit_code == 0
    assert json.loads((out / "datapackage.json").read_text())["cedta_language"] == "fr"
    target = tmp_path / "data"
    target.mkdir()
    assert cedta(target, "import", "hsds", str(out), lang="en").exit_code == 0

    def snap(path):
        root = DataRoot(path)
        return diff.snapshot(str(path), [root.read(f) for f in root.files({"provider", "vocab"})])

    (before, _), (after, _) = snap(SHIPPED), snap(target)
    assert diff.compare(before, after).empty


def test_an_edited_package_is_read_where_other_tools_edit_it(exported, tmp_path):
    """Hostile pass 9, E: cedta's own attribute rows overrode the columns another tool edits: a
    price changed in cost_options.csv read "No change", a service set inactive said nothing, and a
    renamed organisation got its old name as notes."""
    import csv
    import shutil

    from typer.testing import CliRunner

    from cedta.cli import app

    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data)

    def edited(name: str, change) -> Path:
        package = tmp_path / name
        shutil.copytree(exported, package)
        change(package)
        return package

    def rewrite(path: Path, column: str, old: str, new: str, first_only=True) -> None:
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        for row in rows:
            if row[column] == old:
                row[column] = new
                if first_only:
                    break
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)

    def dry(package: Path) -> str:
        r = CliRunner().invoke(app, ["--today", "2026-11-26", "--data", str(data), "import", "hsds", str(package),
                                     "--dry-run"], catch_exceptions=False)
        return r.output

    out = dry(edited("cost", lambda p: rewrite(p / "cost_options.csv", "amount", "75", "90")))
    assert "→ $90" in out and "No change" not in out
    out = dry(edited("status", lambda p: rewrite(p / "services.csv", "status", "active", "inactive")))
    assert "marked `inactive`" in out
    out = dry(edited("renamed", lambda p: rewrite(p / "organizations.csv", "name", "Aboriginal Business Canada",
                                                  "ABC Renamed")))
    assert "name reworded" in out and "notes" not in out


def test_a_networks_term_settings_come_back_through_a_package(tmp_path, cedta, data):
    """Newcomer pass 9, S9-5: `speaks:` of a network's population, `hidden:` on a built-in region and
    `written: false` on a built-in topic were lost by an export and an import."""
    data.write("vocab.yaml", "populations:\n  franco-ontarians: {en: Franco-Ontarians, fr: Franco-Ontariens, speaks: [fr]}\n"
                             "regions:\n  ottawa: {hidden: true}\ntopics:\n  business-plan: {written: false}\n")
    assert cedta(data, "validate").exit_code == 0
    package = tmp_path / "pkg"
    assert cedta(data, "export", "hsds", "--out", str(package)).exit_code == 0
    target = tmp_path / "other" / "data"
    target.mkdir(parents=True)
    assert cedta(target, "import", "hsds", str(package)).exit_code == 0
    import yaml

    back = yaml.safe_load((target / "vocab.yaml").read_text())
    assert back["populations"]["franco-ontarians"]["speaks"] == ["fr"]
    assert back["regions"]["ottawa"] == {"hidden": True}
    assert back["topics"]["business-plan"] == {"written": False}


def test_a_packages_term_setting_of_the_wrong_shape_is_left_out_not_a_traceback():
    """Hostile pass 9b, #24: `"part_of": 5` in a package's labels attribute was a TypeError."""
    from cedta.records.vocab import builtin

    vocab = builtin()
    assert vocab.extend({"populations": {"x": {"en": "X", "fr": "X", "speaks": 5, "part_of": 7, "aliases": 9}}}) == []
    term = vocab.terms("populations")["x"]
    assert (term.speaks, term.part_of, term.aliases) == ((), (), ())


def test_an_amount_goes_out_and_back_as_written(tmp_path, cedta):
    """Review 10, V1: the export wrote 12345.67 as 12345.7 (`:g`), and the import took that back."""
    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data)
    path = data / "providers" / "ocri-entrepreneurship-centre.yaml"
    text = path.read_text(encoding="utf-8")
    assert "{amount: 45, unit: hour," in text
    path.write_text(text.replace("{amount: 45, unit: hour,", "{amount: 12345.67, unit: hour,", 1), encoding="utf-8")
    assert cedta(data, "export", "hsds", "--out", str(tmp_path / "pkg")).exit_code == 0
    amounts = [row["amount"] for row in csv.DictReader((tmp_path / "pkg" / "cost_options.csv").open(encoding="utf-8"))]
    assert "12345.67" in amounts and "12345.7" not in amounts
    back = tmp_path / "back"
    shutil.copytree(SHIPPED, back)
    r = cedta(back, "import", "hsds", str(tmp_path / "pkg"))
    assert r.exit_code == 0, r.output
    assert "{amount: 12345.67, unit: hour," in (back / "providers" / "ocri-entrepreneurship-centre.yaml").read_text(encoding="utf-8")


def test_an_import_never_rewrites_a_file_it_cannot_keep_the_comments_of_without_a_word(tmp_path, cedta, monkeypatch):
    """Review 10, V6: a provider file with a tab after a colon (validate: tab-separator) was rewritten
    whole by `import hsds`, its 13 comment lines gone, exit 0; and where ruamel could not read a
    file the reader reads, the comments went without a word."""
    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data)
    assert cedta(data, "export", "hsds", "--out", str(tmp_path / "pkg")).exit_code == 0
    path = data / "providers" / "small-business-association-of-canada.yaml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("\nlanguages: [", "\nlanguages:\t[", 1)
    assert broken != text and "#" in text
    path.write_text(broken, encoding="utf-8")
    r = cedta(data, "import", "hsds", str(tmp_path / "pkg"))
    assert r.exit_code == 1 and "tab used as a separator" in r.output, r.output
    assert path.read_text(encoding="utf-8") == broken
    # a file the reader reads but the round-trip writer cannot: written afresh, and said
    path.write_text(text.replace("{amount: 100,", "{amount: 101,", 1), encoding="utf-8")
    from ruamel.yaml import YAMLError

    from cedta.io import store

    real = store.round_trip_yaml

    def refusing():
        yaml = real()
        def load(stream):
            raise YAMLError("cannot")
        yaml.load = load
        return yaml

    monkeypatch.setattr(store, "round_trip_yaml", refusing)
    r = cedta(data, "import", "hsds", str(tmp_path / "pkg"))
    assert r.exit_code == 0, r.output
    assert "small-business-association-of-canada.yaml: written afresh, without its comments" in r.output, r.output


def test_money_is_written_one_way_in_every_output(tmp_path, cedta):
    """Review 10, V2: six formatters; the HSDS export wrote a euro price as "$1,500.50 EUR" and
    "1 500.50 $ EUR" (a dollar sign on euros, a decimal point in French)."""
    from cedta.numbers import money

    assert money(1500.5, "EUR", "en") == "1,500.50 EUR" and money(1500.5, "EUR", "fr") == "1\u202f500,50 EUR"
    assert money(15000, "CAD", "fr") == "15\u202f000 $" and money(12345.678, "CAD", "en", whole=True) == "$12,346"
    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data)
    path = data / "providers" / "ocri-entrepreneurship-centre.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{amount: 45, unit: hour,", "{amount: 1500.5, currency: EUR, unit: hour,", 1), encoding="utf-8")
    assert cedta(data, "export", "hsds", "--out", str(tmp_path / "pkg")).exit_code == 0
    said = [row["amount_description"] for row in csv.DictReader((tmp_path / "pkg" / "cost_options.csv").open(encoding="utf-8"))
            if row["amount"] == "1500.5"]
    assert said and "1,500.50 EUR" in said[0] and "1\u202f500,50 EUR" in said[0] and "$" not in said[0], said


def test_an_export_again_keeps_the_permissions_its_files_were_given(tmp_path, cedta):
    """Review 10, V14: `export hsds` made files the user had set owner-only (0600) readable by all
    again (0644), where `export csv` keeps them."""
    import os
    import stat

    out = tmp_path / "pkg"
    assert cedta(SHIPPED, "export", "hsds", "--out", str(out)).exit_code == 0
    for p in out.glob("*.csv"):
        p.chmod(0o600)
    assert cedta(SHIPPED, "export", "hsds", "--out", str(out)).exit_code == 0
    assert {stat.S_IMODE(os.stat(p).st_mode) for p in out.glob("*.csv")} == {0o600}


def test_an_amount_another_tool_wrote_is_read_or_stops_the_import(tmp_path, cedta):
    """Hostile pass 10b, 2: `1,234.50` (or `abc`) in cost_options.csv, without cedta's own copy,
    deleted the price ("cost option without an amount left out") and the import went on."""
    pkg = tmp_path / "pkg"
    assert cedta(SHIPPED, "export", "hsds", "--out", str(pkg)).exit_code == 0
    costs = pkg / "cost_options.csv"
    crows = list(csv.DictReader(costs.open(encoding="utf-8")))
    target = next(r for r in crows if r["amount"] == "45")
    attributes = pkg / "attributes.csv"
    rows = list(csv.DictReader(attributes.open(encoding="utf-8")))
    with attributes.open("w", encoding="utf-8", newline="") as fh:  # another tool's edit: cedta's copy gone
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows(r for r in rows if r.get("link_id") != target["id"])

    def write(amount):
        target["amount"] = amount
        with costs.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, list(crows[0]))
            writer.writeheader()
            writer.writerows(crows)

    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data)
    write("1,234.50")
    r = cedta(data, "import", "hsds", str(pkg), "--dry-run")
    assert "→ $1,234.50 (follow-up)" in r.output, r.output  # (read as a person's amount is)
    write("abc")
    before = (data / "providers" / "ocri-entrepreneurship-centre.yaml").read_text(encoding="utf-8")
    r = cedta(data, "import", "hsds", str(pkg))
    assert r.exit_code != 0 and "the amount `abc` cannot be read" in r.output, r.output
    assert (data / "providers" / "ocri-entrepreneurship-centre.yaml").read_text(encoding="utf-8") == before


def test_a_utf16_json_file_in_a_package_is_named_as_such(tmp_path, cedta):
    """Hostile pass 10b, 13: a UTF-16 datapackage.json was called a Windows-1252 file."""
    pkg = tmp_path / "pkg"
    assert cedta(SHIPPED, "export", "hsds", "--out", str(pkg)).exit_code == 0
    text = (pkg / "datapackage.json").read_text(encoding="utf-8")
    (pkg / "datapackage.json").write_text(text, encoding="utf-16")
    r = cedta(SHIPPED, "import", "hsds", str(pkg), "--dry-run")
    assert r.exit_code != 0 and "UTF-16" in r.output and "Windows-1252" not in r.output, r.output


def test_an_export_into_a_folder_of_the_user_s_own_tables_is_refused_and_leftovers_are_cleared(tmp_path, cedta, data):
    """Hostile pass 11, 18 and 5: `export hsds -o FOLDER` into a folder that is no earlier export
    replaced the user's own services.csv without a word; an export killed mid-swap left hidden
    .cedta-tmp and .cedta-old files that no later export removed."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "services.csv").write_text("my,own\n", encoding="utf-8")
    r = cedta(data, "export", "hsds", "-o", str(mine))
    assert r.exit_code == 2 and "holds services.csv but no datapackage.json" in r.output, r.output
    assert (mine / "services.csv").read_text(encoding="utf-8") == "my,own\n"
    out = tmp_path / "out"
    assert cedta(data, "export", "hsds", "-o", str(out)).exit_code == 0
    for left in (".services.csv.ab12cd.cedta-tmp", ".organizations.csv.ef34gh.cedta-old", ".notes.txt.cedta-old"):
        (out / left).write_text("x", encoding="utf-8")
    assert cedta(data, "export", "hsds", "-o", str(out)).exit_code == 0
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".notes.txt.cedta-old"]


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no named pipes here")
def test_a_pipe_or_folder_in_the_package_is_named_as_such_not_missing(exported, tmp_path, cedta):
    """Hostile 12, 9h: a FIFO (or a folder) where the descriptor or a table should be was called
    "missing"; it is there, and not a file: the import says so, and never blocks on the pipe."""
    import os

    target = tmp_path / "t"
    shutil.copytree(Path(__file__).parents[1] / "data", target / "data")
    for broken in ("datapackage.json", "services.csv"):
        package = tmp_path / f"p-{broken}"
        shutil.copytree(exported, package)
        (package / broken).unlink()
        os.mkfifo(package / broken)
        r = cedta(target / "data", "import", "hsds", str(package))
        assert r.exit_code == 2 and "is not a regular file" in r.output and "no datapackage" not in r.output, r.output
        assert "Traceback" not in r.output
    (package / "services.csv").unlink()
    (package / "services.csv").mkdir()
    r = cedta(target / "data", "import", "hsds", str(package), lang="fr")
    assert r.exit_code == 2 and "n’est pas un fichier ordinaire" in r.output, r.output


def _edit_attribute(package: Path, wanted, value: str) -> None:
    """Set the `value` of the first attribute row for which `wanted(row)` holds."""
    path = package / "attributes.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    row = next(r for r in rows if wanted(r))
    row["value"] = value
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, fieldnames=list(rows[0]))
        out.writeheader()
        out.writerows(rows)


@pytest.mark.parametrize("labels", ['{"aliases": "Cantonais"}', '{"aliases": 5}', '{"speaks": 5}',
                                    '{"aliases": ["ok", 3]}'])
def test_a_term_s_labels_of_the_wrong_kind_are_refused_with_their_row(exported, tmp_path, cedta, labels):
    """Hostile 13, 3: `{"aliases": "Cantonais"}` gave the language nine one-letter aliases (the
    language then answered to "a", "n", "s"), and a number ended in a traceback."""
    package = tmp_path / "p"
    shutil.copytree(exported, package)
    _edit_attribute(package, lambda r: r["value"].startswith('{"aliases"'), labels)
    target = tmp_path / "data"
    target.mkdir()
    r = cedta(target, "import", "hsds", str(package))
    assert r.exit_code == 1 and "a term's labels hold" in r.output and "attributes.csv:" in r.output, r.output
    assert not list(target.rglob("*.yaml"))  # nothing written


def test_names_of_the_wrong_kind_in_the_package_are_no_traceback(exported, tmp_path, cedta):
    """Hostile 13, 1 and 2: a resource whose `name` is a list, and a carried name holding a list,
    ended in `unhashable type`."""
    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "organizations.csv").write_text("id,name\no1,Org\n", encoding="utf-8")
    (odd / "datapackage.json").write_text('{"resources": [{"name": ["organization"], "path": "organizations.csv"}]}')
    target = tmp_path / "data"
    target.mkdir()
    r = cedta(target, "import", "hsds", str(odd), "--dry-run")
    assert r.exit_code == 1 and "no organization table" in r.output, r.output
    package = tmp_path / "p"
    shutil.copytree(exported, package)
    _edit_attribute(package, lambda r: r["link_type"] == "name" and r["link_entity"] == "organization",
                    '{"en": ["x"], "fr": "y"}')
    r = cedta(target, "import", "hsds", str(package), "--dry-run")
    assert r.exit_code in (0, 1) and "Traceback" not in r.output and "unhashable" not in r.output, r.output


def test_an_export_does_not_replace_another_tool_s_package(exported, tmp_path, cedta):
    """Hostile 13, 15: any datapackage.json was taken for an earlier cedta export: a 211 package's
    organizations.csv and services.csv were replaced, its locations left pointing at nothing; a
    `services.json` of another tool was replaced by the JSON export."""
    data = Path(__file__).parents[1] / "data"
    theirs = tmp_path / "211"
    theirs.mkdir()
    (theirs / "organizations.csv").write_text("id,name\no1,Their Org\n", encoding="utf-8")
    (theirs / "datapackage.json").write_text(
        '{"name": "211-export", "resources": [{"name": "organization", "path": "organizations.csv"}]}')
    r = cedta(data, "export", "hsds", "--out", str(theirs))
    assert r.exit_code == 2 and "did not write" in r.output, r.output
    assert (theirs / "organizations.csv").read_text(encoding="utf-8") == "id,name\no1,Their Org\n"
    json_theirs = tmp_path / "j"
    json_theirs.mkdir()
    (json_theirs / "services.json").write_text('[{"id": "their-1", "name": "Theirs"}]', encoding="utf-8")
    r = cedta(data, "export", "hsds", "--format", "json", "--out", str(json_theirs))
    assert r.exit_code == 2 and "Theirs" in (json_theirs / "services.json").read_text(encoding="utf-8")
    # cedta's own earlier export is replaced, as before
    again = tmp_path / "again"
    shutil.copytree(exported, again)
    assert cedta(data, "export", "hsds", "--out", str(again)).exit_code == 0
    assert cedta(data, "export", "hsds", "--format", "json", "--out", str(tmp_path / "js")).exit_code == 0
    assert cedta(data, "export", "hsds", "--format", "json", "--out", str(tmp_path / "js")).exit_code == 0


def test_an_import_never_replaces_a_provider_it_only_guessed_nor_strands_open_steps(exported, tmp_path, cedta):
    """Hostile 13, 26: another tool's package naming "Ottawa CED Network" replaced that provider's
    record whole (158 lines to 9: services, French name, notes), exit 0; and an import that removed
    services open plan steps use was written, `validate` failing after it."""
    target = tmp_path / "data"
    shutil.copytree(Path(__file__).parents[1] / "data", target)
    before = (target / "providers" / "ottawa-ced-network.yaml").read_bytes()
    cco = (target / "providers" / "cco.yaml").read_bytes()
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "organizations.csv").write_text("id,name\no1,CCO\n", encoding="utf-8")  # another "CCO"
    (theirs / "services.csv").write_text("id,organization_id,name\n", encoding="utf-8")
    (theirs / "datapackage.json").write_text('{"resources": [{"name": "organization", "path": "organizations.csv"}, '
                                             '{"name": "service", "path": "services.csv"}]}')
    r = cedta(target, "import", "hsds", str(theirs))
    assert r.exit_code == 1 and "a provider of the network" in r.output and "organizations.csv:2" in r.output, r.output
    assert (target / "providers" / "cco.yaml").read_bytes() == cco
    # cedta's own package, less a service an open step uses: the risk is said, nothing written
    package = tmp_path / "p"
    shutil.copytree(exported, package)
    with open(package / "services.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with open(package / "organizations.csv", encoding="utf-8", newline="") as fh:
        ottawa = next(o["id"] for o in csv.DictReader(fh) if o["name"] == "Ottawa CED Network")
    gone = {r["id"] for r in rows if r["organization_id"] == ottawa and r["name"] == "Business plan development (workshops)"}
    assert gone
    for table in package.glob("*.csv"):  # the service and the rows that hang on it
        with open(table, encoding="utf-8", newline="") as fh:
            all_rows = list(csv.DictReader(fh))
        if not all_rows:
            continue
        kept = [r for r in all_rows if r.get("id") not in gone and r.get("service_id") not in gone
                and r.get("link_id") not in gone]
        with open(table, "w", encoding="utf-8", newline="") as fh:
            out = csv.DictWriter(fh, fieldnames=list(all_rows[0]))
            out.writeheader()
            out.writerows(kept)
    r = cedta(target, "import", "hsds", str(package))
    assert "is removed but client" in r.output, r.output
    assert r.exit_code == 1 and "nothing written" in r.output, r.output
    assert (target / "providers" / "ottawa-ced-network.yaml").read_bytes() == before


def test_another_tool_s_package_imported_again_changes_nothing(exported, tmp_path, cedta):
    """Review 13, R13-5: a package with no cedta ids (a 211 export) imported a second time was
    refused whole: each organisation's name gave the id the first import had written."""
    package = tmp_path / "p"
    shutil.copytree(exported, package)
    with open(package / "organization_identifiers.csv", encoding="utf-8") as fh:
        header = fh.readline()
    (package / "organization_identifiers.csv").write_text(header, encoding="utf-8")
    target = tmp_path / "data"
    target.mkdir()
    first = cedta(target, "import", "hsds", str(package))
    assert "records changed" in first.output, first.output
    again = cedta(target, "import", "hsds", str(package))
    assert "0 records changed" in again.output and "a provider of the network" not in again.output, again.output
