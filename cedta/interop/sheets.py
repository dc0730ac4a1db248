"""Spreadsheets in and out: one row per service in the columns of the report's annexes (organisation,
topic, mode, language, level, fees, availability) plus the service's id, headers and words in English or
French, mapped through the vocabulary, its labels and its aliases.

Reading streams the file (CSV row by row, XLSX in openpyxl's read-only mode). What makes the file
unreadable as a whole (an encoding other than UTF-8, headers that are missing or merged, formulas, dates,
several sheets with none chosen) is a `Problem` in `Sheet.blocking`: nothing is imported. A row whose
cells cannot be mapped is a `Problem` in `Merged.unmapped`: that row is left out, the others imported.
Importing merges each row into the provider and service it names: fields the sheet does not carry
(populations, eligibility, notes...) stay as they are; services not in the sheet are kept.
"""

from __future__ import annotations

import datetime as dt
import math
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from cedta.interop.common import InputError, Problem, csv_rows, nfc, slug, uninert as _uninert
from cedta.records import model as m
from cedta.records.vocab import fold

COLUMNS = ("organisation", "topic", "mode", "language", "level", "fees", "availability", "service")
HEADERS = {
    "organisation": ("Organisation", "Organisme"), "topic": ("Topic", "Sujet"), "mode": ("Mode", "Mode"),
    "language": ("Language", "Langue"), "level": ("Level", "Niveau"), "fees": ("Fees", "Frais"),
    "availability": ("Availability", "Disponibilité"), "service": ("Service id", "Identifiant du service"),
}
HEADER_WORDS = {
    "organisation": ["organisation", "organization", "organisme", "provider", "fournisseur", "org",
                     "organisme responsable", "nom de l'organisme"],
    "topic": ["topic", "sujet", "theme", "subject", "domaine", "besoin", "need",
              "assistance technique : sujet", "technical assistance: topic", "ta topic"],
    "mode": ["mode", "modes", "mode de prestation", "mode of delivery", "delivery", "prestation",
             "assistance technique : mode", "technical assistance: mode", "ta mode"],
    "language": ["language", "languages", "langue", "langues", "langue(s)", "language(s)"],
    "level": ["level", "levels", "niveau", "niveaux"],
    "fees": ["fees", "fee", "cost", "costs", "frais", "cout", "couts", "tarif", "tarifs", "prix", "price",
             "droits"],
    "availability": ["availability", "disponibilite", "horaire", "schedule", "frequency", "frequence",
                     "calendrier", "quand", "when"],
    "service": ["service id", "identifiant du service", "service", "id", "identifiant"],
}
REQUIRED = ("organisation", "topic", "mode", "language")
# a Language cell for a service whose languages its source does not state (`languages: []`)
NOT_STATED = ("not stated", "non précisée")
_NOT_STATED_WORDS = {"not stated", "non précisée", "non precisee", "non précisé", "unknown", "inconnue", "?"}
FREE = {"free", "gratuit", "gratuite", "0", "$0", "0 $", "aucun", "none", "sans frais"}
USER_PAYS = {"fees apply", "fees apply (amount not stated)", "des frais s'appliquent",
             "des frais s'appliquent (montant non precise)", "user-pays", "utilisateur-payeur",
             "payant", "some fees apply", "some fee apply", "des droits sont factures",
             "facturation a la seance"}
UNKNOWN = {"", "unknown", "inconnu", "?", "n/a", "s.o."}
UNIT_WORDS = {"h": "hour", "hr": "hour", "hour": "hour", "hours": "hour", "heure": "hour", "l'heure": "hour",
              "session": "session", "seance": "session", "la seance": "session", "workshop": "workshop",
              "atelier": "workshop", "l'atelier": "workshop", "program": "program", "programme": "program",
              "module": "module", "year": "year", "an": "year", "annee": "year", "par an": "year",
              "month": "month", "mois": "month", "par mois": "month", "each": "item", "unit": "item"}
SPLIT = re.compile(r"\s*(?:,|/|\+|\bet\b|\band\b|&)\s*")
LIMIT_CELL = 4000


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# ---- export ------------------------------------------------------------------------------------------

def level_words(levels: m.LevelRange | None, lang: str, vocab) -> str:
    if levels is None:
        return ""
    lo, hi = vocab.label("levels", levels.from_, lang), vocab.label("levels", levels.to, lang)
    if levels.from_ == levels.to:
        return lo
    return f"de {lo} à {hi}" if lang == "fr" else f"{lo} to {hi}"


def availability_words(schedule: m.Schedule | None, lang: str, vocab) -> str:
    if schedule is None:
        return ""
    words = [vocab.label("schedules", schedule.frequency, lang)] if schedule.frequency else []
    words += [vocab.label("times", x, lang) for x in schedule.times]
    return "; ".join(words)


def service_row(provider: m.Provider, service: m.Service, lang: str, vocab) -> list[str]:
    from cedta.interop.hsds import fees_words

    return [
        provider.name.get(lang),
        vocab.label("topics", service.topic, lang),
        "; ".join(vocab.label("modes", x, lang) for x in service.modes),
        "; ".join(vocab.label("languages", x, lang) for x in service.languages) or NOT_STATED[lang == "fr"],
        level_words(service.levels, lang, vocab),
        fees_words(service.fees, lang, vocab) or "",
        availability_words(service.schedule, lang, vocab),
        f"{provider.id}/{service.id}",
    ]


def rows(providers: list[m.Provider], lang: str, vocab) -> Iterator[list[str]]:
    """The header row in `lang`, then one row per service."""
    yield [HEADERS[c][1 if lang == "fr" else 0] for c in COLUMNS]
    for provider in providers:
        for service in provider.services:
            yield service_row(provider, service, lang, vocab)


def csv_export(providers: list[m.Provider], lang: str, vocab, delimiter: str = ",") -> str:
    """CSV text with a byte-order mark, so that Excel reads it as UTF-8 (`;` between cells is what
    Excel expects where the decimal mark is a comma, as in French). A cell that a spreadsheet would
    run as a formula is written with a leading apostrophe (`common.inert`), taken off on import."""
    from cedta.interop.common import csv_text

    return "\ufeff" + csv_text(list(rows(providers, lang, vocab)), delimiter)


def xlsx_export(providers: list[m.Provider], lang: str, vocab) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Services"
    widths = [0] * len(COLUMNS)
    for n, row in enumerate(rows(providers, lang, vocab), 1):
        sheet.append(row)
        for column, value in enumerate(row, 1):  # text stays text: `=...` in a name is never a formula
            if isinstance(value, str) and value.startswith("="):  # (the row by number: `max_row`
                sheet.cell(row=n, column=column).data_type = "s"  # scans every cell: quadratic)
        widths = [max(w, min(len(str(v)), 60)) for w, v in zip(widths, row)]
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for i, w in enumerate(widths):
        sheet.column_dimensions[column_letter(i)].width = w + 2
    sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


# ---- reading ------------------------------------------------------------------------------------------

@dataclass
class Sheet:
    """The rows of a spreadsheet, by column name, with where each came from."""

    where: str  # file name, and the sheet's name for XLSX
    columns: dict[str, int] = field(default_factory=dict)  # column → index
    header_lang: str | None = None
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    blocking: list[Problem] = field(default_factory=list)


def _header_key(text: str) -> str:
    """A header as compared: without case, accents, punctuation or extra spaces."""
    return " ".join(re.sub(r"[:;()_\-–—.*]", " ", fold(text)).split())


KNOWN_HEADERS = {_header_key(w): c for c, words in HEADER_WORDS.items() for w in words} | {
    _header_key(w): c for c, pair in HEADERS.items() for w in pair}


def _title_row(cells: list[str]) -> bool:
    """A title above the header row ("Annexe A", a merged cell across the columns): one non-empty
    cell that is not a header."""
    filled = [c for c in cells if c.strip()]
    return len(filled) == 1 and _header_key(filled[0]) not in KNOWN_HEADERS


def _header(sheet: Sheet, line: int, cells: list[str]) -> None:
    known = KNOWN_HEADERS
    last = max((i for i, v in enumerate(cells) if v.strip()), default=-1)
    fr_votes = en_votes = 0
    for i, raw in enumerate(cells[: last + 1]):
        text = _header_key(raw)
        if not text:
            sheet.blocking.append(Problem("sheet-empty-header", sheet.where, line, column_letter(i)))
            continue
        column = known.get(text)
        if column is None:
            sheet.blocking.append(Problem("sheet-unknown-header", sheet.where, line, column_letter(i),
                                          {"value": raw.strip(), "known": ", ".join(HEADERS[c][0] for c in COLUMNS)}))
            continue
        if column in sheet.columns:
            sheet.blocking.append(Problem("sheet-duplicate-header", sheet.where, line, column_letter(i),
                                          {"value": raw.strip(), "first": column_letter(sheet.columns[column])}))
            continue
        sheet.columns[column] = i
        fr_votes += text in {_header_key(HEADERS[column][1])} | {_header_key(w) for w in HEADER_WORDS[column] if w in (
            "organisme", "sujet", "langue", "langues", "niveau", "niveaux", "frais", "disponibilite", "droits",
            "assistance technique : sujet", "assistance technique : mode")}
        en_votes += text == _header_key(HEADERS[column][0]) and text != _header_key(HEADERS[column][1])
    missing = [c for c in REQUIRED if c not in sheet.columns]
    if missing and not any(p.code == "sheet-empty-header" for p in sheet.blocking):
        sheet.blocking.append(Problem("sheet-missing-columns", sheet.where, line, None,
                                      {"columns": ", ".join(HEADERS[c][0] for c in missing)}))
    if fr_votes != en_votes:
        sheet.header_lang = "fr" if fr_votes > en_votes else "en"


MAX_ROWS = 20_000  # rows of services read from one sheet: the annexes hold a few hundred


def _add_rows(sheet: Sheet, source: Iterator[tuple[int, list[str]]]) -> None:
    titles = 0
    for line, cells in source:
        if not any(c.strip() for c in cells):
            continue  # empty rows are skipped
        if len(sheet.rows) >= MAX_ROWS:  # 300,000 one-cell rows cost 15 s and 540 MB (hostile 15, H15-9)
            from cedta.interop.common import InputError

            raise InputError("sheet-too-many-rows", path=sheet.where, line=line, limit=MAX_ROWS)
        if not sheet.columns and not sheet.blocking:
            if titles < 5 and _title_row(cells):
                titles += 1
                continue
            _header(sheet, line, cells)
            continue
        if sheet.blocking and not sheet.columns:
            return
        width = max(sheet.columns.values()) + 1
        extra = [i for i, c in enumerate(cells) if i >= width and c.strip()]
        if extra:
            sheet.blocking.append(Problem("sheet-cell-outside", sheet.where, line, column_letter(extra[0]),
                                          {"value": cells[extra[0]][:60]}))
            continue
        sheet.rows.append((line, cells))


def read_csv(path: Path) -> Sheet:
    sheet = Sheet(path.name)
    _add_rows(sheet, ((line, [_uninert(c) for c in cells]) for line, cells in csv_rows(path, path.name)))
    if not sheet.columns and not sheet.blocking:
        sheet.blocking.append(Problem("sheet-empty", sheet.where))
    return sheet


XLSX_COLUMNS = 256  # columns read in a sheet: the annexes have 8; a value further right is refused
XLSX_LIMIT = 512 * 1024 * 1024  # bytes of a workbook unpacked (sheets, shared strings, styles...)
# bytes of its table of shared strings unpacked: openpyxl reads it whole, into Python strings, before
# the first row (34 MB of one-letter strings, 84 KB zipped, took 21 s and 240 MB: hostile 14, 8); a
# directory of 50,000 services holds a few MB of distinct texts
XLSX_STRINGS_LIMIT = 16 * 1024 * 1024


def _xlsx_rows(book, ws) -> Iterator[tuple[int, list[dict]]]:
    """(row number, cells) for each row the sheet's XML holds, each cell a dict of `row`, `column`,
    `value`, `data_type`. The rows are read to the end of the data, whatever range the sheet
    declares (`<dimension>`): a sheet written by a tool that declares `A1` or `A1:H3` is read whole,
    and one that declares `A1:XFD1048576` costs only the rows and cells it holds (openpyxl's rows
    would be padded to the declared width, and the missing rows filled in, one by one)."""
    source = None
    try:
        from openpyxl.worksheet._reader import WorkSheetParser

        source = book._archive.open(ws._worksheet_path)
        parser = WorkSheetParser(source, ws._shared_strings, data_only=False, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        parser.parse_cell = _each_cell_alone(parser)
    except (ImportError, AttributeError, TypeError):  # another openpyxl: its own rows, the extent reset
        if source is not None:
            source.close()
        ws.reset_dimensions()
        for row in ws.iter_rows(min_row=1, min_col=1):
            cells = [{"row": c.row, "column": c.column, "value": c.value, "data_type": c.data_type}
                     for c in row if getattr(c, "row", None) and c.value is not None]
            if cells:
                yield cells[0]["row"], cells
        return
    with source:
        yield from parser.parse()


def _each_cell_alone(parser):
    """openpyxl's reading of one cell, except that a cell whose value its type cannot hold (`NaN`
    or `12abc` in a number cell, a shared-string index past the end, a date that is not one) comes
    back as its raw text marked `unreadable`, to be refused with its cell, instead of ending the
    whole workbook's reading with Python's words and no cell."""
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.worksheet._reader import VALUE_TAG

    read_one = parser.parse_cell

    def cell(element):
        try:
            return read_one(element)
        except (ValueError, IndexError, KeyError, TypeError, OverflowError):
            coordinate = element.get("r")
            try:
                row, column = coordinate_to_tuple(coordinate) if coordinate else (parser.row_counter, parser.col_counter)
            except (ValueError, TypeError):
                raise
            return {"row": row, "column": column, "value": element.findtext(VALUE_TAG, "") or "",
                    "data_type": "unreadable", "style_id": 0}

    return cell


def _xlsx_cell_text(sheet: Sheet, line: int, column: int, cell: dict) -> str:
    v = cell["value"]
    if cell.get("data_type") == "unreadable":
        sheet.blocking.append(Problem("sheet-cell-unreadable", sheet.where, line, column_letter(column),
                                      {"value": str(v)[:60]}))
        return ""
    if cell.get("data_type") == "f":
        sheet.blocking.append(Problem("sheet-formula", sheet.where, line, column_letter(column),
                                      {"value": str(v)[:60]}))
        return ""
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        shown = v.date().isoformat() if isinstance(v, dt.datetime) else v.isoformat()
        sheet.blocking.append(Problem("sheet-date", sheet.where, line, column_letter(column), {"value": shown}))
        return ""
    if isinstance(v, bool):  # TRUE made an organisation named "yes": refused with its cell
        sheet.blocking.append(Problem("sheet-boolean", sheet.where, line, column_letter(column), {}))
        return ""
    if isinstance(v, float) and not math.isfinite(v):  # an infinite fee read "fees unknown"
        sheet.blocking.append(Problem("sheet-not-text", sheet.where, line, column_letter(column), {"value": str(v)}))
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return nfc(str(v))


def read_xlsx(path: Path, sheet_name: str | None) -> Sheet:
    import warnings
    import zipfile
    from xml.etree.ElementTree import ParseError
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        fh = open(path, "rb")  # a handle, not the name: openpyxl would refuse a workbook named .csv
    except OSError as exc:
        raise InputError("input-unreadable", path=str(path), reason=exc.strerror or str(exc)) from None
    unreadable = (BadZipFile, InvalidFileException, KeyError, IndexError, OSError, ValueError, TypeError,
                  ParseError, EOFError, zipfile.LargeZipFile, NotImplementedError)
    try:
        # a few kilobytes can unpack to gigabytes: the sizes the archive declares are what it can
        # give (Python's zip reader stops there), so they bound what is read
        archive = zipfile.ZipFile(fh)
        members = archive.infolist()
        unpacked = sum(info.file_size for info in members)
        # the table of texts by its content type, whatever its part is called (`xl/strs.xml` was
        # read whole for 14 s: review 14, R14-16)
        named = {"xl/sharedstrings.xml"}
        types = next((i for i in members if i.filename == "[Content_Types].xml"), None)
        if types is not None and types.file_size <= 1 << 20:
            import re as _re

            text = archive.read(types).decode("utf-8", "replace")
            for tag in _re.findall(r"<Override\b[^>]*>", text):
                if "sharedStrings" in tag:
                    part = _re.search(r'PartName="/?([^"]+)"', tag)
                    if part:
                        named.add(part.group(1).lower())
        strings = sum(info.file_size for info in members if info.filename.lower() in named)
    except unreadable as exc:
        fh.close()
        raise InputError("sheet-not-xlsx", path=str(path), reason=str(exc) or type(exc).__name__) from None
    if unpacked > XLSX_LIMIT:
        fh.close()
        raise InputError("sheet-too-large", path=str(path), size=unpacked // 2 ** 20, limit=XLSX_LIMIT // 2 ** 20)
    if strings > XLSX_STRINGS_LIMIT:
        fh.close()
        raise InputError("sheet-strings-too-large", path=str(path), size=strings // 2 ** 20,
                         limit=XLSX_STRINGS_LIMIT // 2 ** 20)
    fh.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about what it drops (styles, extensions)
            book = load_workbook(fh, read_only=True, data_only=False)
    except unreadable as exc:
        fh.close()
        raise InputError("sheet-not-xlsx", path=str(path), reason=str(exc) or type(exc).__name__) from None
    try:
        names = book.sheetnames
        if sheet_name is None:
            visible = [ws.title for ws in book.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
            if len(visible) != 1:
                raise InputError("sheet-choose", path=str(path), sheets=", ".join(names))
            sheet_name = visible[0]
        elif sheet_name not in names:
            same = [n for n in names if nfc(n) == nfc(sheet_name)]  # one of them typed decomposed
            if not same:  # `services` for a sheet named `Services`: case aside, when only one matches
                same = [n for n in names if nfc(n).casefold() == nfc(sheet_name).casefold()]
            if len(same) != 1:
                raise InputError("sheet-not-found", path=str(path), sheet=sheet_name, sheets=", ".join(names))
            sheet_name = same[0]
        ws = book[sheet_name]
        sheet = Sheet(f"{path.name}[{nfc(sheet_name)}]")

        def cells() -> Iterator[tuple[int, list[str]]]:
            for line, row in _xlsx_rows(book, ws):
                values: list[str] = []
                outside = False
                for cell in row:
                    if cell.get("value") is None:
                        continue
                    column = cell["column"] - 1
                    if column >= XLSX_COLUMNS:
                        if not outside:
                            outside = True
                            sheet.blocking.append(Problem("sheet-cell-outside", sheet.where, line,
                                                          column_letter(column),
                                                          {"value": str(cell["value"])[:60]}))
                        continue
                    if column >= len(values):
                        values.extend([""] * (column + 1 - len(values)))
                    values[column] = _xlsx_cell_text(sheet, line, column, cell)
                yield line, values

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                _add_rows(sheet, cells())
        except unreadable as exc:  # a sheet's XML broken further down (a shared string not there...)
            raise InputError("sheet-not-xlsx", path=str(path), reason=str(exc) or type(exc).__name__) from None
        if not sheet.columns and not sheet.blocking:
            sheet.blocking.append(Problem("sheet-empty", sheet.where))
        return sheet
    finally:
        book.close()
        fh.close()


def read(path: Path, sheet_name: str | None = None) -> Sheet:
    """A CSV file or an XLSX workbook, told apart by what the file holds rather than its name (a
    workbook saved as `.csv`, a CSV renamed `.xlsx`); an old `.xls` workbook is refused with what to do."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputError("input-unreadable", path=str(path), reason=exc.strerror or str(exc)) from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError("sheet-old-xls", path=str(path))
    if head.startswith(b"PK\x03\x04") or (path.suffix.lower() in (".xlsx", ".xlsm") and head.startswith(b"PK")):
        return read_xlsx(path, sheet_name)
    if path.suffix.lower() in (".xlsx", ".xlsm") and sheet_name is None:
        try:
            sheet = read_csv(path)  # a CSV renamed .xlsx reads as the CSV it is
        except InputError:
            sheet = None
        if sheet is None or sheet.blocking:
            raise InputError("sheet-text-named-xlsx", path=str(path))
        return sheet
    if sheet_name is not None:
        raise InputError("sheet-only-xlsx", path=str(path))
    return read_csv(path)


# ---- mapping rows onto providers ----------------------------------------------------------------------

@dataclass
class Merged:
    providers: dict[str, dict]  # id → record data, only the providers the sheet touches
    unmapped: list[Problem]
    services: int = 0
    origins: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # id → service id → rows
    # a new organisation whose name is close to a known one's (row, name, known id): said, to check
    alike: list[tuple[int, str, str]] = field(default_factory=list)


def rows_to_blame(errors: list, texts: dict[str, str], merged: Merged) -> dict[int, Any] | None:
    """The sheet rows behind the errors of the provider files an import would write (`texts`: file as
    shown → its text): an error inside a service's item is that service's rows, one elsewhere in the
    file every row of the provider. Row → the first error it makes; None when an error is in a file
    no row of the sheet made (data/vocab.yaml...), which leaving rows out would not mend."""
    blamed: dict[int, Any] = {}
    for d in errors:
        pid = Path(d.path).stem if Path(d.path).parent.name == "providers" else None
        rows = merged.origins.get(pid) if pid is not None else None
        if not rows:
            return None
        service = None
        lines = texts.get(d.path, "").splitlines()
        for text in lines[: max(d.line, 1)]:
            item = re.match(r"^  - id: ['\"]?([a-z0-9][a-z0-9-]*)", text)
            if item:
                service = item.group(1)
            elif text and not text.startswith(" "):
                service = None  # a top-level key after the services
        lines_of = rows.get(service) if service in rows else sorted({n for ns in rows.values() for n in ns})
        for line in lines_of:
            blamed.setdefault(line, d)
    return blamed


# words of a coordinator's sheet that name several terms at once (newcomer 11, NC11-8): an alias can
# name one term only
_BILINGUAL = frozenset({"bilingual", "bilingue", "english and french", "anglais et francais", "en/fr", "fr/en"})
_ALL_LEVELS = frozenset({"all levels", "tous les niveaux", "tous niveaux", "any level", "all"})


def _terms(vocab, category: str, text: str) -> list[str] | None:
    """Terms named in a cell: the whole cell, or its parts split on ; , / and 'et' / 'and'; a
    "Bilingual" language cell is English and French."""
    whole = vocab.lookup(category, text)
    if whole:
        return [whole]
    if category == "languages" and fold(text).strip(" .") in _BILINGUAL:
        return ["en", "fr"]
    found = []
    for part in (p.strip() for p in text.split(";") if p.strip()):
        term = vocab.lookup(category, part)
        pieces = [term] if term else [vocab.lookup(category, x) for x in SPLIT.split(part) if x.strip()]
        if not pieces or None in pieces:
            return None
        found += [x for x in pieces if x not in found]
    return found or None


def _level(vocab, text: str) -> str | None:
    """A level, also in the feminine (`débutante`, `avancée`)."""
    found = vocab.lookup("levels", text)
    if found is None and fold(text).endswith("e"):
        found = vocab.lookup("levels", text.strip()[:-1])
    return found


def _levels(vocab, text: str) -> dict | None:
    single = _level(vocab, text)
    if single:
        return {"from": single, "to": single}
    if fold(text).strip(" .") in _ALL_LEVELS:  # "All levels", « Tous les niveaux » (NC11-8)
        order = list(vocab.terms("levels"))
        if order:
            return {"from": order[0], "to": order[-1]}
    match = re.match(r"^(?:de |from |d')?\s*(.+?)\s+(?:a|to|au|jusqu'a)\s+(.+)$|^(.+?)\s*[-–]\s*(.+)$", fold(text))
    if match:
        lo_text, hi_text = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        lo, hi = _level(vocab, lo_text), _level(vocab, hi_text)
        if lo and hi:
            return {"from": lo, "to": hi}
    return None


def _money(text: str) -> float | None:
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    digits = re.sub(r"(?<=\d)[ ,](?=\d{3}\b)", "", text)
    try:
        x = float(digits.replace(",", "."))
    except ValueError:
        return None
    return int(x) if x.is_integer() else x


STOP_WORDS = {"a", "an", "per", "par", "la", "le", "l", "les", "de", "du", "d", "each", "chaque", "the", "for",
              "pour", "cad", "and", "et", "to", "a"}
NUMBER = re.compile(r"\d[\d \u00a0\u202f,.]*\d|\d")


def _fold_in_place(text: str) -> str:
    """`fold` character by character, so that positions in the result are positions in `text`."""
    import unicodedata

    out = []
    for ch in text.replace("\u2019", "'"):
        bare = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)).lower()
        out.append(bare if len(bare) == 1 else ch.lower()[:1] or " ")
    return "".join(out)


# Currencies a price cell may name (a symbol or the ISO code): what is not named is dollars (CAD)
_CURRENCY_SIGNS = (("US$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("$", "CAD"))
_CURRENCY_CODES = frozenset("CAD USD EUR GBP CHF JPY CNY AUD NZD MXN BRL INR XOF XAF MAD DZD TND HTG".split())


# a currency named beside a price: a sign, `$ US`/`US$`, `$ CA`, or an ISO code next to a figure or a sign
_NAMED_CURRENCY = re.compile(
    r"US\s?\$|\$\s?US\b|(?<=\d)\s?US\b|CAN?\s?\$|\$\s?CAN?\b|(?<=\d)\s?CAN?\b|[€£¥]"
    r"|(?:(?<=\d)|(?<=\d\s)|(?<=[$€£¥])|(?<=[$€£¥]\s))(?:" + "|".join(sorted(_CURRENCY_CODES)) + r")\b"
    r"|\b(?:" + "|".join(sorted(_CURRENCY_CODES)) + r")(?=\s?[\d$€£¥])")


def _currency(part: str) -> tuple[str | None, list[tuple[int, int]]]:
    """The currency a price cell names (`€40`, `40 EUR`, `US$40`, `40 $ US`; `$ CA` is dollars),
    or None (dollars), and where it is named (a code elsewhere is a word of the label: "CAD
    drafting"; review 11b, R8)."""
    found, spans = None, []
    for m in _NAMED_CURRENCY.finditer(part):
        text = m.group().replace(" ", "")
        code = "USD" if "US" in text else "CAD" if "CA" in text else \
            dict(_CURRENCY_SIGNS).get(text, text if text in _CURRENCY_CODES else None)
        if code is not None:
            found = found or code
            spans.append(m.span())
    return found, spans


def _cost_option(vocab, part: str) -> dict | None:
    """One price as written in a cell: `$45 an hour, follow-up`, `25 $ la séance, 30 minutes`,
    `$40 to $90 a session, non-members`, `$ 25/3h atelier`, `1 345 $ pour le programme, 5 séances`."""
    numbers = list(NUMBER.finditer(part))
    if not numbers:
        return None
    first = numbers[0]
    amount = _money(first.group().strip(" ,."))
    if amount is None:
        return None
    option: dict[str, Any] = {"amount": amount}
    used = [first.span()]
    rest_numbers = numbers[1:]
    if rest_numbers:
        between = _fold_in_place(part[first.end():rest_numbers[0].start()])
        if re.fullmatch(r"\s*(?:us\$|[$€£¥]|(?:" + "|".join(c.lower() for c in sorted(_CURRENCY_CODES)) +
                        r")(?=\s))?\s*(to|a|-|–)\s*(?:us\$|[$€£¥])?\s*", between):
            high = _money(rest_numbers[0].group().strip(" ,."))
            if high is None:
                return None
            option = {"min": amount, "max": high}
            used.append((first.end(), rest_numbers[0].end()))
            rest_numbers = rest_numbers[1:]
    for n in rest_numbers:
        after = _fold_in_place(part[n.end():])
        count = _money(n.group().strip(" ,."))
        if not isinstance(count, int):
            return None
        duration = re.match(r"\s*(h|hr|hrs|hours?|heures?)\b", after)
        minutes = re.match(r"\s*(min|minutes?)\b", after)
        sessions = re.match(r"\s*(sessions?|seances?)\b", after)
        if duration:
            option["minutes"] = count * 60
            used.append((n.start(), n.end() + duration.end()))
        elif minutes:
            option["minutes"] = count
            used.append((n.start(), n.end() + minutes.end()))
        elif sessions:
            option["sessions"] = count
            used.append((n.start(), n.end() + sessions.end()))
        else:
            return None
    rest = "".join(" " if any(a <= i < b for a, b in used) else ch for i, ch in enumerate(part))
    # the currency named, kept as the price's (it had gone into the label, and 40 EUR read as $40:
    # hostile pass 11, 11)
    currency, named = _currency(part)  # (`rest` has the figures blanked: the code is found beside them)
    if currency is not None and currency != "CAD":
        option["currency"] = currency
    rest = "".join(" " if any(a <= i < b for a, b in named) else ch for i, ch in enumerate(rest))
    rest = re.sub(r"[$€£¥]", " ", rest)
    folded = _fold_in_place(rest)
    units = [(fold(t.en), t.id) for t in vocab.terms("fee_units").values()] + \
        [(fold(t.fr), t.id) for t in vocab.terms("fee_units").values()]
    for words, unit in sorted(units, key=lambda x: -len(x[0])):
        pattern = r"\s+".join(re.escape(w) for w in words.split())
        found = re.search(rf"(?<![\w'])({pattern})(?![\w'])", folded)
        if found:
            option["unit"] = unit
            rest = rest[:found.start()] + " " * (found.end() - found.start()) + rest[found.end():]
            break
    label_words = []
    for token in re.finditer(r"[^\s,/·•()]+", rest):
        word = fold(token.group()).strip("'’")
        if not word or word in STOP_WORDS:
            continue
        if word in ("non-members", "non-membres", "nonmembers"):
            option["applies_to"] = "non-members"
        elif word in ("members", "membres"):
            option["applies_to"] = "members"
        elif "unit" not in option and word in UNIT_WORDS:
            option["unit"] = UNIT_WORDS[word]
        else:
            label_words.append(token.group().strip("'’"))
    if label_words:
        option["label"] = " ".join(label_words)
    return option


def _alike(label: str, known: tuple) -> bool:
    """Whether a label read back from a sheet is one of `known` (the wording the export wrote, read
    back with its small words: "plus cost of breakfast" for "plus the cost of breakfast")."""
    import difflib

    from cedta.records.vocab import fold

    return any(k and (label == k or difflib.SequenceMatcher(None, fold(label), fold(k)).ratio() >= 0.85)
               for k in known)


def _fees(vocab, text: str) -> Any:
    """A fees cell: free, user-pays, unknown, or prices separated by `;`, `·` or `+`."""
    key = fold(text)
    if key in FREE:
        return "free"
    if key in USER_PAYS:
        return "user-pays"
    if key in UNKNOWN:
        return "unknown"
    options = []
    for part in (p.strip() for p in re.split(r"[;·•+\n]", text) if p.strip()):
        if re.match(r"[-−–]\s*[$€]?\s*\d", part) or re.search(r"[$€]\s*[-−–]\s*\d", part):
            return None  # a negative price (`-5`, `$ -20`): not a fee; said, never read as $5
        option = _cost_option(vocab, part)
        if option is None:
            return None
        options.append(option)
    return options or None


def _availability(vocab, text: str) -> dict | None:
    """An availability cell: a frequency and times (`Year-round; evenings`); an intake written there
    (`Premier arrivé, premier servi`) is taken too, under the key `intake`."""
    schedule: dict[str, Any] = {}

    def take(part: str) -> bool:
        frequency = vocab.lookup("schedules", part)
        if frequency and "frequency" not in schedule:
            schedule["frequency"] = frequency
            return True
        time = vocab.lookup("times", part)
        if time:
            schedule.setdefault("times", []).append(time)
            return True
        intake = vocab.lookup("intakes", part)
        if intake and "intake" not in schedule:
            schedule["intake"] = intake
            return True
        return False

    for part in (p.strip() for p in re.split(r"[;·•\n]", text) if p.strip()):
        if not take(part) and not all(take(x.strip()) for x in part.split(",") if x.strip()):
            return None
    return schedule


SERVICE_ORDER = list(m.Service.model_fields)
PROVIDER_ORDER = [f.alias or k for k, f in m.Provider.model_fields.items()]


def _ordered(data: dict, cls) -> dict:
    keys = [f.alias or k for k, f in cls.model_fields.items()]
    return {k: data[k] for k in keys if k in data} | {k: v for k, v in data.items() if k not in keys}


class _RememberedLookups:
    """The vocabulary with its `lookup` remembered per wording: a sheet repeats the same few words
    (topics, modes, languages) over thousands of rows, and each lookup folds every term's labels."""

    def __init__(self, vocab):
        self._vocab, self._seen = vocab, {}

    def lookup(self, category: str, wording: str) -> str | None:
        key = (category, wording)
        if key not in self._seen:
            self._seen[key] = self._vocab.lookup(category, wording)
        return self._seen[key]

    def __getattr__(self, name: str):
        return getattr(self._vocab, name)


_EXCEL_ERROR = re.compile(r"#(?:DIV/0!|N/A|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!"
                          r"|UNKNOWN!|BUSY!|CONNECT!|EXTERNAL!|PYTHON!|DIV/0|NOMBRE!|VALEUR!|REF|NOM\?|NUL!)\Z",
                          re.I)  # (and their French names)


def merge(sheet: Sheet, providers: dict[str, m.Provider], vocab, lang: str) -> Merged:
    """Each row into the provider and service it names (new ones created), fields the sheet lacks kept."""
    from cedta.interop.common import plain_record
    from cedta.interop.hsds import fees_words

    vocab = _RememberedLookups(getattr(vocab, "_vocab", vocab))
    name_lang = sheet.header_lang or lang
    by_name: dict[str, str] = {}
    for pid, p in providers.items():
        for text in (pid, p.name.en, p.name.fr):
            if text:
                by_name.setdefault(fold(text), pid)
    touched: dict[str, dict] = {}
    origins: dict[str, dict[str, list[int]]] = {}
    unmapped: list[Problem] = []
    named_alike: list[tuple[int, str, str]] = []
    count = 0
    new_ids: set[str] = set(providers)

    def cell(cells: list[str], column: str) -> str:
        i = sheet.columns.get(column)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    for line, cells in sheet.rows:
        problems: list[Problem] = []

        def bad(column: str, code: str = "sheet-unmapped", **params) -> None:
            text = cell(cells, column)
            i = sheet.columns.get(column)
            category = {"topic": "topics", "mode": "modes", "language": "languages", "level": "levels",
                        "availability": "schedules"}.get(column)
            if category and text and "suggestion" not in params:
                hint = vocab.suggest(category, text)
                if hint:
                    params["suggestion"] = hint
            problems.append(Problem(code, sheet.where, line,
                                    f"{column_letter(i)} ({HEADERS[column][1 if lang == 'fr' else 0]})"
                                    if i is not None else None,
                                    {"value": text[:80], **params}))

        if any(len(c) > LIMIT_CELL for c in cells):
            problems.append(Problem("sheet-cell-too-long", sheet.where, line, None, {"limit": LIMIT_CELL}))
            unmapped += problems
            continue
        errors = [(i, c) for i, c in enumerate(cells) if _EXCEL_ERROR.match(c.strip())]
        if errors:  # `#DIV/0!` in Fees read as a price of $0 ("free"): a formula's error, said
            for i, c in errors:
                problems.append(Problem("sheet-error-value", sheet.where, line, column_letter(i), {"value": c.strip()}))
            unmapped += problems
            continue
        org = cell(cells, "organisation")
        ref = cell(cells, "service")
        if not org:
            bad("organisation", "sheet-empty-cell")
        topic = vocab.lookup("topics", cell(cells, "topic")) if cell(cells, "topic") else None
        if topic is None:
            bad("topic", "sheet-empty-cell" if not cell(cells, "topic") else "sheet-unmapped")
        modes = _terms(vocab, "modes", cell(cells, "mode")) if cell(cells, "mode") else None
        if modes is None:
            bad("mode", "sheet-empty-cell" if not cell(cells, "mode") else "sheet-unmapped")
        languages = _terms(vocab, "languages", cell(cells, "language")) if cell(cells, "language") else None
        if languages is None and cell(cells, "language").strip().lower() in _NOT_STATED_WORDS:
            languages = []  # said so in the sheet: matching asks
        if languages is None:
            bad("language", "sheet-empty-cell" if not cell(cells, "language") else "sheet-unmapped")
        levels = None
        if cell(cells, "level"):
            levels = _levels(vocab, cell(cells, "level"))
            if levels is None:
                bad("level")
        schedule = None
        if cell(cells, "availability"):
            schedule = _availability(vocab, cell(cells, "availability"))
            if schedule is None:
                bad("availability")
        pid = by_name.get(fold(org)) if org else None
        ref_owner = providers.get(ref.partition("/")[0]) if ref else None
        if ref_owner is not None and fold(org) in {fold(x) for x in (ref_owner.id, ref_owner.name.en,
                                                                    ref_owner.name.fr) if x}:
            pid = ref_owner.id  # two organisations of the same name: the service id says which
        if ref and ref_owner is None and "/" in ref and pid is not None:
            named = ref.partition("/")[0]
            if named != pid and named not in providers and re.fullmatch(m.SLUG_PATTERN, named):
                # two organisations of one name (regional branches): the service id says this row's is
                # another, new one (started by this row, or by an earlier row of the sheet)
                pid = named if named in touched else None
        if ref:
            ref_pid, _, ref_sid = ref.partition("/")
            if not re.fullmatch(m.SLUG_PATTERN, ref_pid) or (ref_sid and not re.fullmatch(m.SLUG_PATTERN, ref_sid)):
                bad("service", "sheet-bad-ref")
            elif pid is not None and ref_sid and ref_pid != pid:
                bad("service", "sheet-ref-other-org", org=pid)
            elif not ref_sid:
                ref_sid, ref_pid = ref_pid, pid
        if problems:
            unmapped += problems
            continue
        if pid is None:
            # a new organisation: the id its service ids give (`ottawa-ced-network/...`, as `export csv`
            # writes them), else one from its name
            given = ref.partition("/")[0] if ref and "/" in ref else None
            if given and re.fullmatch(m.SLUG_PATTERN, given) and given not in new_ids:
                pid = given
                new_ids.add(pid)
            else:
                pid = slug(org, new_ids, fallback="organisation") if fold(org) not in by_name else by_name[fold(org)]
            if pid not in providers:
                close = _close_provider(org, providers)
                if close is not None:
                    named_alike.append((line, org, close))
            by_name[fold(org)] = pid
            touched[pid] = {"id": pid, "name": {name_lang: org}, "kind": "non-profit", "services": []}
        elif pid not in touched:
            touched[pid] = plain_record(providers[pid])
            touched[pid].setdefault("services", [])
        data = touched[pid]
        services = data["services"]
        existing = None
        written = origins.get(pid, {})  # services this sheet's earlier rows wrote: each row is one service
        if ref:
            existing = next((s for s in services if s["id"] == ref_sid), None)
            if existing is not None and existing["id"] in written:
                bad("service", "sheet-service-twice", row=written[existing["id"]][0])
                unmapped += problems
                continue
        else:
            # a row with no id updates the service of its topic and modes, unless an earlier row of
            # this sheet wrote that one (one row per language or level: a service each, none lost)
            # of several (two business-plan consultations, one in French), the one this row
            # describes best: its languages, then its levels (a re-sorted sheet moves nothing)
            alike = [s for s in services if s["topic"] == topic and s["modes"] == modes and s["id"] not in written]
            existing = max(alike, key=lambda s: (s.get("languages") == languages,
                                                 (s.get("levels") or None) == (levels or None),
                                                 -alike.index(s)), default=None)
        old_model = None
        if pid in providers and existing is not None:
            old_model = next((s for s in providers[pid].services if s.id == existing["id"]), None)
        fees_text = cell(cells, "fees")
        if old_model is not None and fees_text in {fees_words(old_model.fees, x, vocab) or "" for x in ("en", "fr")}:
            fees = old_model.fees if isinstance(old_model.fees, str) else [plain_record(o) for o in old_model.fees]
        else:
            # `1.500 $` (a dollar and a half, or fifteen hundred) and, in a French sheet, `1,500 $`:
            # read one way here, refused by `outcome --amount` (hostile 13, 19): said, not guessed
            ambiguous = re.search(r"(?<![\d.,])\d{1,3}" + ("[.,]" if name_lang == "fr" else "[.]") + r"\d{3}(?![\d.,])",
                                  fees_text or "")
            fees = None if ambiguous else _fees(vocab, fees_text)
            if fees is None:
                bad("fees", "sheet-ambiguous-amount" if ambiguous else "sheet-unmapped")
                unmapped += problems
                continue
            before = old_model.fees if old_model is not None and not isinstance(old_model.fees, str) else []
            for n, option in enumerate(fees if isinstance(fees, list) else []):
                old = plain_record(before[n]) if n < len(before) else None
                if old is not None and {k: v for k, v in option.items() if k != "label"} == \
                        {k: v for k, v in old.items() if k != "label"}:
                    fees[n] = old  # an option the edit did not touch stays as it was, both languages
                    continue  # (one price edited lost the French labels of all: hostile pass 10b, 1)
                if "label" not in option:
                    continue
                was = before[n].label if n < len(before) else None
                option["label"] = ({k: v for k, v in (("en", was.en), ("fr", was.fr)) if v}
                                   if was and _alike(option["label"], (was.en, was.fr)) else {name_lang: option["label"]})
        if existing is None:
            taken = {s["id"] for s in services}
            # `networking-events`, not `networking-networking-events` (newcomer 14, N14-11)
            base = modes[0] if modes[0].startswith(f"{topic}-") or modes[0] == topic else f"{topic}-{modes[0]}"
            sid = ref_sid if ref and ref_sid not in taken else slug(base, taken)
            existing = {"id": sid}
            services.append(existing)
        existing.update({"topic": topic, "modes": modes, "languages": languages})
        if levels:
            existing["levels"] = levels
        else:
            existing.pop("levels", None)
        if fees == "unknown":
            existing.pop("fees", None)
        else:
            existing["fees"] = fees
        if schedule and "intake" in schedule:
            existing["intake"] = schedule.pop("intake")
        if schedule:
            kept = {k: v for k, v in (existing.get("schedule") or {}).items() if k not in ("frequency", "times")}
            existing["schedule"] = {**schedule, **kept}
        elif "schedule" in existing:
            kept = {k: v for k, v in existing["schedule"].items() if k not in ("frequency", "times")}
            if kept:
                existing["schedule"] = kept
            else:
                del existing["schedule"]
        services[services.index(existing)] = _ordered(existing, m.Service)
        origins.setdefault(pid, {}).setdefault(existing["id"], []).append(line)
        count += 1
    # a new organisation whose every row was left out is not made (a row said "left out" still wrote
    # the organisation, with no service: hostile 13, 4)
    touched = {k: v for k, v in touched.items() if k in providers or v["services"]}
    return Merged({k: _ordered(v, m.Provider) for k, v in touched.items()}, unmapped, count, origins, named_alike)


def _close_provider(name: str, providers: dict[str, m.Provider]) -> str | None:
    """The id of a known organisation whose name is close to `name` (one a shorter spelling of the
    other, or alike at 85%), when one is: « Centre franco-ontarien des entreprises » for « … de
    Sudbury » made a second organisation without a word (newcomer 12, NC12-15)."""
    import difflib

    mine = " ".join(fold(name).split())
    if len(mine) < 6:
        return None
    best, score = None, 0.0
    for pid, p in providers.items():
        for text in (p.name.en, p.name.fr):
            if not text:
                continue
            theirs = " ".join(fold(text).split())
            ratio = difflib.SequenceMatcher(None, mine, theirs).ratio()
            if theirs.startswith(mine + " ") or mine.startswith(theirs + " "):
                ratio = max(ratio, 0.9)
            if ratio >= 0.85 and ratio > score:
                best, score = pid, ratio
    return best
