"""What every import shares: the problems found in an input file (with table or sheet, row and column),
provider records written as YAML in the canonical layout, and the plan of an import checked as a
whole before anything is written (the validator on the directory as it would be, and the change as
`cedta diff` words it). Pure apart from reading the data directory through `cedta.io.store`.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from cedta.io.store import DataRoot, ReadResult, RecordFile
from cedta.io.yamlread import YamlProblem, parse


class InputError(Exception):
    """An input file that cannot be read at all (missing table, wrong encoding, ...): nothing is written."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code, self.params = code, params


@dataclass
class Problem:
    """One value or row of the input that cannot be mapped; `where` names the table or sheet."""

    code: str
    where: str
    row: int | None = None
    column: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def place(self) -> str:
        parts = [self.where]
        if self.row is not None:
            parts.append(str(self.row))
        if self.column:
            parts.append(self.column)
        return ":".join(parts)


def slug(text: str, taken: set[str] | None = None, fallback: str = "item") -> str:
    """An id from a name: lowercase ASCII letters, digits and hyphens, unique among `taken`; a name
    with none of them (`日本語の組織`, `!!!`) gives `fallback` (`organisation`, the service's topic)."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    base = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-") or fallback
    if taken is None:
        return base
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def _scalar_width(v: Any) -> int:
    text = "true" if v is True else "false" if v is False else str(v)
    quoted = isinstance(v, str) and _needs_quotes(text)
    return len(text) + (2 + text.count("'") + text.count('"') if quoted else 0)


def _flow_width(v: Any) -> int:
    """An upper bound of the width of `v` written in flow style."""
    if isinstance(v, dict):
        return 2 + sum(len(str(k)) + 2 + _flow_width(x) for k, x in v.items()) + 2 * max(len(v) - 1, 0)
    if isinstance(v, list):
        return 2 + sum(_flow_width(x) for x in v) + 2 * max(len(v) - 1, 0)
    return _scalar_width(v)


def _child_shape(shape: Any, key: Any, value: Any) -> Any:
    """What the schema expects under `key` of a value of `shape` (see `cedta.review.fmt`)."""
    from cedta.review.fmt import _fields, _pick

    shape = _pick(shape, value)
    if isinstance(shape, type):
        return _fields(shape).get(key, "any")
    if isinstance(shape, tuple) and shape[0] in ("dict", "list"):
        return shape[1]
    return "any"


def _flowed(value: Any, indent: int = 0, room: int = 100, shape: Any = "any") -> Any:
    """ruamel nodes laid out as `cedta fmt` lays them out: a collection of scalars (or a mapping of
    such collections) in flow style when its line fits in 100 columns, block style otherwise. An ISO
    date becomes a date only where the schema (`shape`) expects one; any other text YAML 1.1 would
    not read back as this very text is quoted."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def shallow(v: Any) -> bool:
        if isinstance(v, dict):
            return all(not isinstance(x, (dict, list)) for x in v.values())
        if isinstance(v, list):
            return all(not isinstance(x, (dict, list)) for x in v)
        return True

    if isinstance(value, dict):
        flow = all(shallow(v) for v in value.values()) and _flow_width(value) <= room
        node = CommentedMap()
        for k, v in value.items():
            inner = _child_shape(shape, k, value)
            node[k] = _flowed(v, indent + 2, 100 - indent - len(str(k)) - 2, inner) if not flow \
                else _flowed(v, 0, 10 ** 6, inner)
        if flow:
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        flow = all(not isinstance(x, (dict, list)) for x in value) and _flow_width(value) <= room
        node = CommentedSeq([_flowed(v, indent + 4, 100 - indent - 4, _child_shape(shape, None, value))
                             for v in value])
        if flow:
            node.fa.set_flow_style()
        return node
    if type(value) is float and value.is_integer() and abs(value) < 2 ** 53:
        return int(value)  # a whole amount as a person writes it: 45, not 45.0
    if isinstance(value, str) and shape == "date" and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)  # written plain, as `cedta fmt` writes dates
        except ValueError:
            pass
    if isinstance(value, str) and type(value) is str and _needs_quotes(value):
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

        if any(not c.isprintable() or c in "\u2028\u2029\ufeff" for c in value):
            return DoubleQuotedScalarString(value)  # escapes for control characters and line breaks
        return SingleQuotedScalarString(value)
    return value


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PLAIN_RISK = re.compile(r"^[-+.~0-9a-zA-Z:_ ]{1,40}$")
# A first character that is a YAML indicator (`? x`, `- x`, `&x`, `*x`, `!x`, `%x`, `@x`, `#x`, `|`,
# `>`, quotes, brackets) or a character plain text cannot hold anywhere: written quoted.
_INDICATOR_START = set("-?:,[]{}#&*!|>'\"%@`")


@functools.lru_cache(maxsize=65536)  # the same words (topics, modes, languages) over thousands of records
def _needs_quotes(text: str) -> bool:
    """True when `text` written plain might not read back as this very text, in block or in flow
    style, with YAML 1.1 (cedta's reader) or 1.2: it is quoted then. Quoting more than needed costs
    nothing (`cedta fmt` keeps quotes), quoting less breaks the file."""
    if not text or text != text.strip() or text[0] in _INDICATOR_START:
        return True
    if any(c in ":#,[]{}" or not c.isprintable() or c in "\u2028\u2029\ufeff" for c in text):
        return True
    from cedta.io.yamlread import read_as_text

    return not read_as_text(text) or _risky(text)


def _risky(text: str) -> bool:
    """True when YAML 1.1 (cedta's reader) would read this plain text as something else: yes, no, on,
    off, null, 0123, 1e3, 12:30, a date."""
    if not _PLAIN_RISK.match(text):
        return False
    import yaml

    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) != text
    except yaml.YAMLError:
        return True


def record_yaml(data: dict, kind: str = "provider") -> str:
    """A record as YAML text in the canonical layout of `cedta fmt`: dumped once, in the schema's key
    order, with short collections in flow style and text YAML 1.1 would misread quoted; checked by
    reading it back (and handed to `cedta fmt`'s formatter when a line runs long or the check fails)."""
    from cedta.io.store import round_trip_yaml
    from cedta.records import model
    from cedta.review.fmt import format_text

    yaml = round_trip_yaml()
    yaml.width = 4096
    buf = io.StringIO()
    yaml.dump(_flowed(data, shape=model.KINDS.get(kind, "any")), buf)
    text = buf.getvalue()
    long_flow = any(len(line) > 100 and ("{" in line or "[" in line) for line in text.splitlines())
    try:
        same = not long_flow and _norm(parse(text).data) == _norm(data)
    except YamlProblem:
        same = False
    return text if same else format_text(text, kind).text


def _same_record(record: Any, data: dict) -> bool:
    from pydantic import ValidationError

    try:
        return type(record).model_validate(data) == record
    except ValidationError:  # not valid: the validator will say why
        return False


def _norm(value: Any) -> Any:
    """Data as JSON would hold it: dates as ISO text, integral floats as ints."""
    if isinstance(value, dict):
        return {str(k): _norm(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_norm(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value if not isinstance(value, str) else str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


DEFAULT_LIKE = (False, "unknown", "everyone", "CAD", [])


def _merge_into(old: Any, new: Any, shape: Any = "any") -> Any:
    """`new` written over ruamel round-trip data `old`, keeping the nodes (and their comments) whose
    values do not change; list items with an `id` are matched by id."""
    if _norm(old) == _norm(new):
        return old
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [k for k in old if k not in new]:
            if _norm(old[key]) not in DEFAULT_LIKE:  # `category: false`, `fees: unknown` written out stay
                del old[key]
        for key, value in new.items():
            inner = _child_shape(shape, key, new)
            old[key] = _merge_into(old[key], value, inner) if key in old else _flowed(value, shape=inner)
        return old
    if isinstance(old, list) and isinstance(new, list) and all(isinstance(x, dict) and "id" in x for x in old + new):
        by_id = {x["id"]: x for x in old}
        inner = _child_shape(shape, None, new)
        merged = [_merge_into(by_id[x["id"]], x, inner) if x["id"] in by_id else _flowed(x, shape=inner)
                  for x in new]
        old[:] = merged
        return old
    return _flowed(new, shape=shape)


def _merged_text(root: DataRoot, path: Path, data: dict, kind: str = "provider") -> str | None:
    """The file's text with `data` merged in, comments kept; None when the file cannot be round-tripped."""
    from cedta.io.store import dump_round_trip, round_trip_yaml
    from cedta.records import model
    from cedta.review.fmt import format_text

    from ruamel.yaml import YAMLError

    try:
        yaml = round_trip_yaml()
        old = yaml.load(root.text_of(root.record_file(path)))
        if not isinstance(old, dict):
            return None
        text = dump_round_trip(_merge_into(old, data, model.KINDS.get(kind, "any")), yaml)
    except (YAMLError, YamlProblem, OSError):  # ruamel is stricter than the reader in places (a tab after a
        return None  # colon): the record is written afresh, and the import says its comments went
    return format_text(text, kind).text


def _has_comments(root: DataRoot, path: Path) -> bool:
    try:
        return any(line.lstrip().startswith("#") or " #" in line
                   for line in root.text_of(root.record_file(path)).splitlines())
    except (OSError, ValueError, YamlProblem):
        return False


def plain_record(record: Any) -> dict:
    """A record as the data of its file: aliases as keys, defaults left out, dates as ISO text."""
    return record.model_dump(mode="json", by_alias=True, exclude_unset=True)


@dataclass
class Plan:
    """The files an import would write, checked against the directory as it would then be."""

    files: dict[Path, str]  # absolute path → text
    errors: list = field(default_factory=list)  # Diagnostic: in the files to be written
    comparison: Any = None  # cedta.review.diff.Comparison: the change, as cedta diff shows it
    vocab: Any = None
    comments_lost: list = field(default_factory=list)  # shown paths written afresh, their comments gone
    read: dict = field(default_factory=dict)  # absolute path → its bytes before planning, or ABSENT:
    # a file changed meanwhile (another import, an editor's save) is not overwritten (hostile 11, 19)


def vocab_with(root: DataRoot, current: list, additions: dict[str, dict[str, dict]]) -> tuple[Path, str] | None:
    """data/vocab.yaml with the terms of `additions` added (a term already there gains the new aliases);
    comments kept. None when nothing is to add."""
    from cedta.records import model as m

    if not additions:
        return None
    path = root.path / "vocab.yaml"
    old = next((r for r in current if r.file.path == path), None)
    data = dict(old.document.data) if old is not None and old.document is not None and \
        isinstance(old.document.data, dict) else {}
    data = {k: dict(v or {}) for k, v in data.items()}
    for category, terms in additions.items():
        bucket = data.setdefault(category, {})
        for term_id, entry in terms.items():
            if term_id not in bucket:
                bucket[term_id] = entry
            else:
                have = dict(bucket[term_id] or {})
                aliases = list(have.get("aliases") or []) + \
                    [a for a in entry.get("aliases", []) if a not in (have.get("aliases") or [])]
                if aliases:
                    have["aliases"] = aliases
                have.update({k: entry[k] for k in ("hidden", "speaks", "written", "part_of") if k in entry})
                bucket[term_id] = have
    order = list(m.VocabExtension.model_fields)
    fields = list(m.VocabTerm.model_fields)  # en, fr, aliases, hidden, speaks, written: all kept
    data = {k: {t: {f: e[f] for f in fields if f in (e or {})} for t, e in data[k].items()}
            for k in sorted(data, key=lambda c: order.index(c) if c in order else len(order))}
    if old is not None and old.document is not None:
        text = _merged_text(root, path, data, "vocab")
        if text is not None:
            return path, text
    return path, record_yaml(data, "vocab")


def files_before(root: DataRoot) -> dict:
    """The bytes of the files an import may write (providers, vocab.yaml), to take before anything
    is read to plan from them: a file changed after is not overwritten (`Plan.read`)."""
    read: dict = {}
    for folder, pattern in (("providers", "*.yaml"), (".", "vocab.yaml")):
        for p in (root.path / folder).glob(pattern) if (root.path / folder).is_dir() else ():
            try:
                read[Path(os.path.abspath(p))] = p.read_bytes()
            except OSError:
                pass
    return read


def check_plan(root: DataRoot, records: dict[str, dict], today: dt.date, label: str = "import",
               terms: dict[str, dict[str, dict]] | None = None, read: dict | None = None) -> Plan:
    """Provider records (id → data) as files under `root` (and the network's own terms a package brings,
    into data/vocab.yaml), validated with every other record of the directory, and compared with the
    directory as it is."""
    from cedta.diagnostics import ERROR
    from cedta.records import checks
    from cedta.review import diff

    read = read if read is not None else files_before(root)
    current = [root.read(f) for f in root.files()] if root.path.is_dir() else []
    files: dict[Path, str] = {}
    new_results: list[ReadResult] = []
    vocab_file = vocab_with(root, current, terms or {})
    if vocab_file is not None:
        path, text = vocab_file
        files[path] = text
        rf = RecordFile("vocab", path, root.shown(path))
        try:
            new_results.append(ReadResult(rf, document=parse(text)))
        except YamlProblem as problem:
            new_results.append(ReadResult(rf, problem=problem))
    known = {r.file.path: r for r in current}
    lost: list[str] = []
    unreadable: list = []
    old_records = checks.load_dataset([r for r in current if r.file.kind in ("provider", "vocab")]
                                      + new_results).providers
    for pid, data in records.items():
        path = root.path / "providers" / f"{pid}.yaml"
        old = old_records.get(pid)
        if old is not None and old.path == root.shown(path) and _same_record(old.record, data):
            continue  # unchanged: the file (and its comments) is left alone
        text = None
        if path in known and known[path].problem is not None:
            # a file that does not read (a tab after a colon) is not overwritten: what it holds,
            # comments and all, would be lost; said with its problem, as validate says it
            unreadable.append(checks.problem_diagnostic(root.shown(path), known[path].problem))
            continue
        if path in known and known[path].document is not None:
            text = _merged_text(root, path, data)
            if text is None and _has_comments(root, path):
                lost.append(root.shown(path))
        text = files[path] = text if text is not None else record_yaml(data)
        rf = RecordFile("provider", path, root.shown(path))
        try:
            new_results.append(ReadResult(rf, document=parse(text)))
        except YamlProblem as problem:
            new_results.append(ReadResult(rf, problem=problem))
    replaced = set(files)
    after = [r for r in current if r.file.path not in replaced] + new_results
    ds = checks.load_dataset(after)
    shown = {root.shown(p) for p in files}
    errors = unreadable + [d for d in checks.validate(ds, today) if d.severity == ERROR and d.path in shown]
    base, _ = diff.snapshot(root.shown(root.path), current)
    head, _ = diff.snapshot(label, after)
    from cedta.io.store import ABSENT

    expected = {path: read.get(Path(os.path.abspath(path)), ABSENT) for path in files}
    return Plan(files, errors, diff.compare(base, head), ds.vocab, lost, expected)


def write_plan(root: DataRoot, plan: Plan) -> None:
    """Write the planned files, each atomically through the data root's writer, as one change: if a
    write fails half-way (disk full, a file made read-only), the files already written get their
    former text back and the new ones are removed, so that the directory is as it was; then the
    error propagates."""
    import os

    before: dict[Path, str | None] = {}
    for path in plan.files:
        target = root.confine(Path(path))
        before[path] = target.read_text(encoding="utf-8") if target.is_file() else None
    written: list[Path] = []
    try:
        for path, text in plan.files.items():
            root.write_text(path, text, expected=plan.read.get(path))
            written.append(path)
    except BaseException:
        for path in reversed(written):
            try:
                if before[path] is None:
                    os.unlink(root.confine(Path(path)))
                else:
                    root.write_text(path, before[path])
            except OSError:
                pass  # the first error is the one to report
        raise


# A spreadsheet evaluates a cell that starts with one of these as a formula (CSV injection): every CSV
# cedta writes (`export csv`, the tables of `export hsds`) gives such a cell a leading apostrophe,
# which Excel and LibreOffice show as text, and which `import providers` and `import hsds` take off
# again. A plain number (`-5`, `+1.5`) is left as it is: read as a formula it is that number.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?\Z")


def inert(value: Any) -> Any:
    """A cell as written to a CSV file: text that a spreadsheet would run as a formula, with `'` before;
    and so is a text whose own apostrophes come before such a start (`'@Home`), so that `uninert`,
    which takes one off, gives it back as it was (hostile 13, 10: the name lost its apostrophe)."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_START) and \
            not _PLAIN_NUMBER.match(value) and (value.startswith(FORMULA_START) or value.startswith("'")):
        return "'" + value
    return value


def uninert(value: str) -> str:
    """A cell as read from a CSV file: the apostrophe `inert` put before a formula-like text taken off."""
    return value[1:] if value.startswith("'") and value[1:].lstrip("'").startswith(FORMULA_START) else value


def csv_text(rows: list[list[Any]], delimiter: str = ",") -> str:
    """CSV text, every text cell made `inert`."""
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n", delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if v is None else inert(v) for v in row])
    return buf.getvalue()


def nfc(text: str) -> str:
    """Text in Unicode's composed form (NFC): `é` one character, as cedta writes it, whatever the tool
    that saved the file did (a PDF copy, some Mac tools write `e` + U+0301)."""
    return text if text.isascii() or unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


JSON_DEPTH = 64  # levels of nesting in a JSON value cedta reads (its own go 4 deep)


def json_value(text: str) -> Any:
    """A JSON text's value, every string in it (keys too) in NFC. Raises ValueError (with `.msg`,
    `.lineno`, `.colno` when the JSON decoder knows the place) for text that is not JSON, for a
    number of more than 4,300 digits and for nesting deeper than JSON_DEPTH levels, never a
    RecursionError."""
    import json

    try:
        value = json.loads(text)
    except RecursionError:
        raise JsonTooDeep() from None
    # walked without recursion: the decoder accepts ~1,000 levels, which later code may not
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > JSON_DEPTH:
                raise JsonTooDeep()
            children = item.values() if isinstance(item, dict) else item
            stack.extend((x, depth + 1) for x in children if isinstance(x, (dict, list, str)))
    return _nfc_json(value)


class JsonTooDeep(ValueError):
    def __init__(self):
        super().__init__(f"nested more than {JSON_DEPTH} levels")


def _nfc_json(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {nfc(k): _nfc_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc_json(v) for v in value]
    return value


LINE_LIMIT = 4 * 1024 * 1024  # bytes in one line of an input file
INPUT_LIMIT = 512 * 1024 * 1024  # bytes in a whole input file


def decoded_lines(path: Path, where: str) -> Iterator[str]:
    """The lines of a UTF-8 text file (a BOM is allowed), read one at a time; a byte that is not
    UTF-8 raises `InputError("not-utf8")` with its line and column."""
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise InputError("input-unreadable", path=str(path), reason=exc.strerror or str(exc)) from None
    with fh:
        number, total = 0, 0
        while True:
            # a line at a time, each bounded: /dev/zero or an endless pipe is refused, not read whole
            raw = fh.readline(LINE_LIMIT + 1)
            if not raw:
                return
            number += 1
            total += len(raw)
            if b"\x00" in raw:
                from cedta.io.yamlread import wide_unicode

                wide = wide_unicode(raw + fh.read(200)) if number == 1 else None
                if wide:
                    raise InputError("input-utf16", where=where, encoding=wide)
                raise InputError("input-binary", where=where, row=number)
            if len(raw) > LINE_LIMIT or total > INPUT_LIMIT:
                raise InputError("input-too-large", where=where, row=number, line_limit=LINE_LIMIT,
                                 limit=INPUT_LIMIT)
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                column = len(raw[:exc.start].decode("utf-8", errors="replace")) + 1
                raise InputError("input-not-utf8", where=where, row=number, column=column,
                                 byte=f"0x{raw[exc.start]:02X}") from None


CSV_CELL_LIMIT = 131072  # characters in one CSV cell (the csv module's default)


def csv_rows(path: Path, where: str, delimiter: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for each row of a CSV file, streamed, each cell in NFC; the delimiter
    (comma, semicolon or tab) is taken from the first lines when not given."""
    import csv
    import itertools

    lines = decoded_lines(path, where)
    head = list(itertools.islice(lines, 20))
    if not head:
        return
    if delimiter is None:
        # from the first lines, not the first alone: a title typed above the headers has none
        counts = {d: max(x.count(d) for x in head) for d in (",", ";", "\t")}
        delimiter = max(counts, key=lambda d: (counts[d], d == ","))
    # strict: a quote left open swallowed every later row into one cell, blamed on the file's last
    # line as "Topic empty", and the rows before it were written (hostile 13, 18)
    reader = csv.reader(itertools.chain(head, lines), delimiter=delimiter, strict=True)
    started = 1  # the line the row being read starts on
    while True:
        # the csv module's cell limit is process-wide and other libraries raise it: hold ours while
        # a row is parsed, so that a huge cell is refused the same way whatever ran before
        previous = csv.field_size_limit(CSV_CELL_LIMIT)
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise InputError("input-cell-too-large", where=where, row=reader.line_num,
                                 limit=CSV_CELL_LIMIT) from None
            if "new-line character seen in unquoted field" in str(exc):
                raise InputError("input-csv-cr", where=where, row=reader.line_num) from None
            if "unexpected end of data" in str(exc):
                raise InputError("input-csv-open-quote", where=where, row=started) from None
            if "expected after" in str(exc):  # `"a"b`: a quote inside a quoted cell, not doubled
                raise InputError("input-csv-stray-quote", where=where, row=reader.line_num) from None
            raise InputError("input-csv", where=where, row=reader.line_num, detail=str(exc)) from None
        finally:
            csv.field_size_limit(previous)
        yield reader.line_num, [nfc(c) for c in row]
        started = reader.line_num + 1


def _replace(src, dst) -> None:
    import os

    os.replace(src, dst)


def _mode_of(target: Path) -> int:
    """The permissions a package file gets: those of the file it replaces, as every export keeps
    them (`store.output_mode`: a CSV made owner-only stays so), else the usual ones."""
    from cedta.io.store import NotRegular, output_mode

    try:
        return output_mode(target)
    except NotRegular:  # (a link or a read-only file there: the new file gets the usual permissions)
        import os

        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def write_package(folder: Path, files: dict[str, Any], stale: set[str] = frozenset()) -> None:
    """Write several files into `folder` as one (each given as its text, or as a function that
    writes it into an open text file: a 186 MB services.json is not held twice as text in memory):
    each is written to a temporary file first; then the
    files being replaced, and the `stale` names of an older export that this one does not write, are
    moved aside, and the new ones renamed into place. If anything fails, the older files come back
    and nothing of the new export stays: the folder holds the old package or the new, never a mix.
    Files of other names in the folder are left alone."""
    import os
    import tempfile

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    # what an export killed mid-swap left (`.services.csv.x1y2.cedta-tmp`, `.cedta-old`): this one's own
    # names only, never another file of the folder (hostile pass 11, 5)
    names = set(files) | set(stale)
    for left in os.listdir(folder):
        if left.startswith(".") and left.endswith((".cedta-tmp", ".cedta-old")) and \
                left[1:].rsplit(".", 2)[0] in names:
            try:
                os.unlink(folder / left)
            except OSError:
                pass
    staged: dict[str, str] = {}
    aside: dict[str, str] = {}
    placed: list[str] = []
    reserved: list[str] = []
    try:
        for name, text in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".cedta-tmp", dir=folder)
            staged[name] = tmp
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                if callable(text):
                    text(fh)
                else:
                    fh.write(text)
            os.chmod(tmp, _mode_of(folder / name))
        for name in sorted(set(files) | set(stale)):
            if (folder / name).is_file():
                fd, backup = tempfile.mkstemp(prefix=f".{name}.", suffix=".cedta-old", dir=folder)
                os.close(fd)
                reserved.append(backup)
                _replace(folder / name, backup)
                aside[name] = backup
        for name, tmp in staged.items():
            _replace(tmp, folder / name)
            placed.append(name)
    except BaseException:
        for name in placed:
            if name not in aside:
                (folder / name).unlink(missing_ok=True)
        for name, backup in aside.items():
            os.replace(backup, folder / name)
        aside.clear()
        raise
    finally:
        for tmp in list(staged.values()) + list(aside.values()) + reserved:
            if os.path.exists(tmp):
                os.unlink(tmp)


def write_binary(target: Path, data: bytes) -> None:
    """Write a binary export (XLSX) atomically: a temporary file beside the target, renamed over it."""
    from cedta.io.store import write_output

    write_output(target, data)
