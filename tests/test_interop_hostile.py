"""What a hostile tester fed `cedta export` and `cedta import`: files named for what they are not,
huge cells, many rows, folders that are files, a package written over an older one. A clear message
in the reader's language, the right exit code, never a half-written output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

HEADER = "Organisation,Topic,Mode,Language,Level,Fees,Availability\n"
ROW = "Coop Beta,Marketing,Workshops,French,Beginner,Free,\n"


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_workbook_named_csv_is_read_as_the_workbook_it_is(tmp_path, cedta, data):
    book = tmp_path / "services.xlsx"
    assert cedta(data, "export", "xlsx", "--out", str(book)).exit_code == 0
    misnamed = tmp_path / "services.csv"
    misnamed.write_bytes(book.read_bytes())
    r = cedta(data, "import", "providers", str(misnamed), "--dry-run")
    assert r.exit_code == 0, r.output
    assert "No change to the records." in r.output


def test_a_csv_named_xlsx_is_read_as_the_csv_it_is(tmp_path, cedta, data):
    misnamed = tmp_path / "new.xlsx"
    misnamed.write_text(HEADER + ROW, encoding="utf-8")
    r = cedta(data, "import", "providers", str(misnamed), "--dry-run")
    assert r.exit_code == 0, r.output
    assert "new service: Marketing" in r.output


@pytest.mark.parametrize("lang,word", [("en", "old Excel"), ("fr", "ancien classeur Excel")])
def test_an_old_xls_workbook_says_to_save_it_as_xlsx(tmp_path, cedta, data, lang, word):
    old = tmp_path / "services.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    before = _files(data.root)
    r = cedta(data, "import", "providers", str(old), lang=lang)
    assert r.exit_code == 1
    assert word in r.output and ".xlsx" in r.output
    assert _files(data.root) == before


@pytest.mark.parametrize("lang,word", [("en", "over 131072 characters"), ("fr", "plus de 131072 caractères")])
def test_a_huge_cell_is_reported_with_its_row_in_the_readers_language(tmp_path, cedta, data, lang, word):
    big = tmp_path / "big.csv"
    big.write_text(HEADER + "Coop Beta," + "x" * 200_000 + ",Workshops,French,,Free,\n", encoding="utf-8")
    before = _files(data.root)
    r = cedta(data, "import", "providers", str(big), lang=lang)
    assert r.exit_code == 1
    assert "big.csv:2" in r.output and word in r.output and "field limit" not in r.output
    assert _files(data.root) == before


def test_many_rows_look_each_word_up_once(tmp_path, cedta, data, monkeypatch):
    from cedta.records import vocab

    calls = []
    real = vocab.Vocabulary.lookup

    def counted(self, category, wording):
        calls.append((category, wording))
        return real(self, category, wording)

    monkeypatch.setattr(vocab.Vocabulary, "lookup", counted)
    many = tmp_path / "many.csv"
    many.write_text(HEADER + ROW * 3000, encoding="utf-8")
    r = cedta(data, "import", "providers", str(many), "--dry-run")
    assert r.exit_code == 0, r.output
    assert len(calls) < 200  # the same few words, not 3000 rows of them


def test_an_hsds_export_over_an_older_one_leaves_no_stale_table(tmp_path, cedta, data):
    out = tmp_path / "hsds"
    assert cedta(data, "export", "hsds", "--out", str(out), "--format", "json").exit_code == 0
    assert (out / "services.json").exists()
    (out / "notes-of-mine.txt").write_text("keep me\n")
    assert cedta(data, "export", "hsds", "--out", str(out)).exit_code == 0
    names = {p.name for p in out.iterdir()}
    assert "services.json" not in names  # the older export's file is not left beside the new package
    assert "datapackage.json" in names and "notes-of-mine.txt" in names
    assert not [n for n in names if n.startswith(".")]  # no temporary file left


def test_an_hsds_export_that_fails_half_way_leaves_the_older_package(tmp_path, cedta, data, monkeypatch):
    out = tmp_path / "hsds"
    assert cedta(data, "export", "hsds", "--out", str(out)).exit_code == 0
    before = _files(out)
    import os

    real = os.replace
    seen = []

    def failing(src, dst, *a, **k):
        seen.append(dst)
        if len(seen) == 3:
            raise OSError(28, "No space left on device")
        return real(src, dst, *a, **k)

    from cedta.interop import common

    monkeypatch.setattr(common, "_replace", failing)
    r = cedta(data, "export", "hsds", "--out", str(out), lang="fr")
    assert r.exit_code == 2
    assert "plus d’espace sur le disque" in r.output or "plus d'espace sur le disque" in r.output
    assert _files(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("lang,word", [("en", "give the package's folder"), ("fr", "donnez le dossier du paquet")])
def test_import_hsds_of_one_of_the_packages_tables_says_to_give_the_folder(tmp_path, cedta, data, lang, word):
    out = tmp_path / "hsds"
    assert cedta(data, "export", "hsds", "--out", str(out)).exit_code == 0
    r = cedta(data, "import", "hsds", str(out / "services.csv"), lang=lang)
    assert r.exit_code == 1
    assert word.replace("'", "’") in r.output or word in r.output
    assert "JSON" not in r.output


def test_an_import_that_fails_half_way_leaves_the_directory_as_it_was(tmp_path, cedta, data, monkeypatch):
    from cedta.io import store

    sheet = tmp_path / "two.csv"
    sheet.write_text(HEADER + ROW + "Brand New Org,Marketing,Workshops,French,,Free,\n"
                     "Another New Org,Marketing,Workshops,French,,Free,\n", encoding="utf-8")
    before = _files(data.root)
    real = store.DataRoot.write_text
    calls = []

    def failing(self, target, text, *a, **k):
        calls.append(target)
        if len(calls) == 2:
            raise store.StoreError("write-failed", str(target), reason="No space left on device")
        return real(self, target, text, *a, **k)

    monkeypatch.setattr(store.DataRoot, "write_text", failing)
    r = cedta(data, "import", "providers", str(sheet))
    assert r.exit_code == 2, r.output
    assert len(calls) >= 2
    after = _files(data.root)
    after.pop(".cedta.lock", None)
    before.pop(".cedta.lock", None)
    assert after == before


def test_a_broken_datapackage_json_is_said_in_french(tmp_path, cedta, data):
    out = tmp_path / "hsds"
    assert cedta(data, "export", "hsds", "--out", str(out)).exit_code == 0
    (out / "datapackage.json").write_text("{\n oops\n")
    r = cedta(data, "import", "hsds", str(out), lang="fr")
    assert r.exit_code == 1
    assert "datapackage.json:2:2 : JSON invalide : nom de propriété entre guillemets doubles attendu" in r.output
    assert "YAML" not in r.output


def test_a_file_full_of_bad_rows_is_told_by_its_first_ones(tmp_path, cedta, data):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "Coop Beta,Astrology,Workshops,French,,Free,\n" * 1000, encoding="utf-8")
    r = cedta(data, "import", "providers", str(bad), "--dry-run", lang="fr")
    assert r.exit_code == 1
    assert r.stderr.count("Astrology") == 200
    assert "... et 800 autres, non affichés" in r.stderr


@pytest.mark.parametrize("args", [("csv", "--out", "{data}/providers/x.csv"), ("xlsx", "--out", "{data}/x.xlsx"),
                                  ("sqlite", "{data}/clients/x.db"), ("hsds", "--out", "{data}/hsds"),
                                  ("hsds", "--out", "{data}")])
@pytest.mark.parametrize("lang,word", [("en", "is inside the data directory"), ("fr", "est dans le répertoire de données")])
def test_an_export_is_never_written_inside_the_data_directory(cedta, data, args, lang, word):
    before = _files(data.root)
    r = cedta(data, "export", *[a.format(data=data.root) for a in args], lang=lang)
    assert r.exit_code == 2, r.output
    assert word in r.output
    assert _files(data.root) == before


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_name_that_looks_like_a_formula_is_exported_as_text_and_comes_back(tmp_path, cedta, data, kind):
    provider = data.root / "providers" / "acme-centre.yaml"
    text = provider.read_text()
    import re

    first_name = re.search(r"^name: .*$", text, re.M).group(0)
    provider.write_text(text.replace(first_name, 'name: {en: "=HYPERLINK(\\"http://x\\",\\"y\\")", fr: "+1+1 Acme"}', 1))
    assert cedta(data, "validate").exit_code == 0
    out = tmp_path / f"s.{kind}"
    assert cedta(data, "export", kind, "--out", str(out)).exit_code == 0
    if kind == "csv":
        assert "'=HYPERLINK" in out.read_text(encoding="utf-8-sig")
    else:
        from openpyxl import load_workbook

        cells = [c for row in load_workbook(out).active.iter_rows() for c in row
                 if isinstance(c.value, str) and "HYPERLINK" in c.value]
        assert cells and all(c.data_type == "s" for c in cells)
    before = _files(data.root)
    r = cedta(data, "import", "providers", str(out))
    assert r.exit_code == 0, r.output
    assert "No change to the records." in r.output
    assert _files(data.root) == before


def test_import_hsds_of_a_json_export_says_what_it_reads(tmp_path, cedta, data):
    out = tmp_path / "hsds-json"
    assert cedta(data, "export", "hsds", "--out", str(out), "--format", "json").exit_code == 0
    for target in (out, out / "services.json"):
        r = cedta(data, "import", "hsds", str(target))
        assert r.exit_code == 1
        assert "HSDS JSON" in r.output and "import reads the tabular package" in r.output


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_spreadsheet_linked_to_an_endless_file_is_refused_not_read_whole(tmp_path, data, cedta):
    sheet = tmp_path / "zero.csv"
    sheet.symlink_to("/dev/zero")
    r = cedta(data, "import", "providers", str(sheet), "--dry-run")
    assert r.exit_code in (1, 2) and ("NUL" in r.output or "not a file" in r.output)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_sheet_that_is_a_pipe_is_refused_not_hung_on(tmp_path, data, cedta):
    """Hostile pass 4, K24: a named pipe hung for ever; /dev/stdin lost the sheet's start."""
    pipe = tmp_path / "sheet.csv"
    os.mkfifo(pipe)
    r = cedta(data, "import", "providers", str(pipe), "--dry-run")
    assert r.exit_code == 2 and "not a file" in r.output


def test_import_hsds_of_a_device_names_what_an_hsds_import_takes(data, cedta):
    r = cedta(data, "import", "hsds", "/dev/zero", "--dry-run")
    assert r.exit_code == 2 and "HSDS package" in r.output and "sheet" not in r.output
