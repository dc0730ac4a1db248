"""What every import shares: the problems found in an input file (with table or sheet, row and column),
provider records written as YAML in the canonical layout, and the plan of an import checked as a
whole before anything is written (the validator on the directory as it would be, and the change as
`cedta diff` words it). Pure apart from reading the data directory through `cedta.io.store`.
"""

from __future__ import annotations

import datetime as dt
import io
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


def slug(text: str, taken: set[str] | None = None) -> str:
    """An id from a name: lowercase ASCII letters, digits and hyphens, unique among `taken`."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    base = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-") or "item"
    if taken is None:
        return base
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def _flowed(value: Any) -> Any:
    """ruamel nodes: short mappings of scalars and lists of scalars in flow style, as the shipped files."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        node = CommentedMap()
        for k, v in value.items():
            node[k] = _flowed(v)
        if all(not isinstance(v, (dict, list)) for v in value.values()) and len(value) <= 6:
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        node = CommentedSeq([_flowed(v) for v in value])
        if all(not isinstance(v, (dict, list)) for v in value):
            node.fa.set_flow_style()
        elif all(isinstance(v, dict) and all(not isinstance(x, (dict, list)) for x in v.values())
                 for v in value) and len(value) > 0:
            pass
        return node
    return value


def record_yaml(data: dict, kind: str = "provider") -> str:
    """A record as YAML text in the canonical layout of `cedta fmt`."""
    from cedta.io.store import dump_round_trip
    from cedta.review.fmt import format_text

    text = dump_round_trip(_flowed(data))
    formatted = format_text(text, kind)
    return formatted.text


def plain_record(record: Any) -> dict:
    """A record as the data of its file: aliases as keys, defaults left out, dates as ISO text."""
    return record.model_dump(mode="json", by_alias=True, exclude_defaults=True)


@dataclass
class Plan:
    """The files an import would write, checked against the directory as it would then be."""

    files: dict[Path, str]  # absolute path → text
    errors: list = field(default_factory=list)  # Diagnostic: in the files to be written
    comparison: Any = None  # cedta.review.diff.Comparison: the change, as cedta diff shows it
    vocab: Any = None


def check_plan(root: DataRoot, records: dict[str, dict], today: dt.date, label: str = "import") -> Plan:
    """Provider records (id → data) as files under `root`, validated with every other record of the
    directory, and compared with the directory as it is."""
    from cedta.diagnostics import ERROR
    from cedta.records import checks
    from cedta.review import diff

    current = [root.read(f) for f in root.files()] if root.path.is_dir() else []
    files: dict[Path, str] = {}
    new_results: list[ReadResult] = []
    for pid, data in records.items():
        path = root.path / "providers" / f"{pid}.yaml"
        text = record_yaml(data)
        files[path] = text
        rf = RecordFile("provider", path, root.shown(path))
        try:
            new_results.append(ReadResult(rf, document=parse(text)))
        except YamlProblem as problem:
            new_results.append(ReadResult(rf, problem=problem))
    replaced = set(files)
    after = [r for r in current if r.file.path not in replaced] + new_results
    ds = checks.load_dataset(after)
    shown = {root.shown(p) for p in files}
    errors = [d for d in checks.validate(ds, today) if d.severity == ERROR and d.path in shown]
    base, _ = diff.snapshot(root.shown(root.path), current)
    head, _ = diff.snapshot(label, after)
    return Plan(files, errors, diff.compare(base, head), ds.vocab)


def write_plan(root: DataRoot, plan: Plan) -> None:
    """Write the planned files, each atomically through the data root's writer."""
    for path, text in plan.files.items():
        root.write_text(path, text)


def csv_text(rows: list[list[Any]]) -> str:
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def decoded_lines(path: Path, where: str) -> Iterator[str]:
    """The lines of a UTF-8 text file (a BOM is allowed), read one at a time; a byte that is not
    UTF-8 raises `InputError("not-utf8")` with its line and column."""
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise InputError("input-unreadable", path=str(path), reason=exc.strerror or str(exc)) from None
    with fh:
        for number, raw in enumerate(fh, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if b"\x00" in raw:
                raise InputError("input-binary", where=where, row=number)
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                column = len(raw[:exc.start].decode("utf-8", errors="replace")) + 1
                raise InputError("input-not-utf8", where=where, row=number, column=column,
                                 byte=f"0x{raw[exc.start]:02X}") from None


def csv_rows(path: Path, where: str, delimiter: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for each row of a CSV file, streamed; the delimiter (comma, semicolon or
    tab) is taken from the first line when not given."""
    import csv
    import itertools

    lines = decoded_lines(path, where)
    first = next(lines, None)
    if first is None:
        return
    if delimiter is None:
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        delimiter = max(counts, key=lambda d: (counts[d], d == ","))
    reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise InputError("input-csv", where=where, row=reader.line_num, problem=str(exc)) from None
