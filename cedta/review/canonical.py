"""A quick proof that a record file is already in `cedta fmt`'s canonical layout, without ruamel.

`is_canonical(text, kind)` walks libyaml's events (C), writes each line the canonical layout would
hold (schema key order, two-space indentation, lists indented by two under their key, flow
collections on one line while they fit, fmt's quoting rules) and compares it with the file's own
line, one by one. Full comment lines and blank lines are allowed between entries and copied as they
are (ruamel keeps them where they stand when no key moves). It answers True only when every line of
the file matched; whatever it does not know how to judge (end-of-line comments, anchors, tags,
nulls, scalars that YAML 1.1 and 1.2 read differently, text starting with a sign or a digit,
escapes, long lines, nested lists, explicit documents, anything odd) makes it answer False, and the
caller then asks `fmt.format_text` (ruamel), which decides. False therefore means "not proven",
never "not canonical". The test suite holds it to ruamel's verdict on every shipped and generated
file and on random edits of them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

import yaml

from cedta.io.yamlread import MAX_DEPTH
from cedta.review import fmt as _fmt

try:  # libyaml; without it the pure-Python parser (the same events, slower)
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover
    _Parser = None
_Scalar, _MapStart, _SeqStart = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_MapEnd, _SeqEnd = yaml.MappingEndEvent, yaml.SequenceEndEvent

MAX_WIDTH = 1000  # longer lines are left to ruamel (it folds text past 4,096 columns)
_INT = re.compile(r"0|-?[1-9][0-9]{0,17}")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]{0,5})\.[0-9]{0,5}[1-9]")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Text that YAML 1.1 (cedta's reader) and YAML 1.2 (ruamel) both read as a string, and that ruamel
# writes plain: a letter, `$`, `(`, `/` or `_` first, or a number and a space ("10 issues a year",
# "1500 $"); then printable characters only (no line breaks, no U+FEFF, nothing past U+FFFF).
_CHARS = "[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*"
_TEXT = re.compile("(?:[^\\W\\d_]|[$(/_]|[0-9]{1,9} (?! ))" + _CHARS)
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,99}")
_FLOW_INDICATOR = re.compile(r"[,\[\]{}:?#]")
_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}  # any case: bool or null somewhere
_PRINTABLE = re.compile(_CHARS)
_CONFLICT = ("<<<<<<<", "=======", ">>>>>>>")
_ODD_BREAKS = ("\x85", "\u2028", "\u2029", "\ufeff")  # line breaks to YAML 1.1, not to str.split


_GOOD_KEYS: set[str] = set()  # keys already found plain and safe (a data set uses few)


class _Unsure(Exception):
    """Raised anywhere the walk meets what it cannot judge, or a line that differs."""


def _pick(shape: Any, kind: str) -> Any:
    """`fmt._pick` for a value known only by its kind: 'map', 'list' or 'scalar'."""
    if not (isinstance(shape, tuple) and shape[0] == "union"):
        return shape
    for option in shape[1]:
        is_map = isinstance(option, type) or (isinstance(option, tuple) and option[0] == "dict")
        is_list = isinstance(option, tuple) and option[0] == "list"
        if kind == "map" and is_map or kind == "list" and is_list:
            return option
        if kind == "scalar" and not is_map and not is_list:
            return option
    return "any"


ANY = ("any", "any", "any")


def _child(shape: Any) -> tuple[Any, Any, Any]:
    """The shape a value must have when it is a scalar, a mapping or a list."""
    if shape == "any":
        return ANY
    return (_pick(shape, "scalar"), _pick(shape, "map"), _pick(shape, "list"))


@functools.lru_cache(maxsize=None)
def _record(cls: type) -> dict[str, tuple[int, tuple]]:
    """A record class's keys → (rank in the schema's order, `_child` of the field's shape)."""
    return {k: (i, _child(shape)) for i, (k, shape) in enumerate(_fmt._fields(cls).items())}


def _entries(shape: Any) -> tuple[dict | None, tuple]:
    """For a mapping of this shape: its record's fields (or None), and the shape of other values."""
    if isinstance(shape, type):
        return _record(shape), ANY
    if isinstance(shape, tuple) and shape[0] == "dict":
        return None, _child(shape[1])
    return None, ANY


def _items(shape: Any) -> tuple:
    """For a list of this shape: the shape of its items."""
    return _child(shape[1]) if isinstance(shape, tuple) and shape[0] == "list" else ANY


def _plain_text(v: str, flow: bool) -> bool:
    if not _TEXT.fullmatch(v) or v.lower() in _WORDS:
        return False
    if ": " in v or " #" in v or v.endswith((":", " ")):
        return False
    return not flow or _FLOW_INDICATOR.search(v) is None


def is_canonical(text: str, kind: str) -> bool:
    """True when `text` is sure to be what `fmt.format_text(text, kind)` leaves unchanged."""
    if not text or text[0] in "\n " or not text.endswith("\n") or "\t" in text or "\r" in text:
        return False
    if any(marker in text for marker in _CONFLICT) or "\n---" in text or "\n..." in text \
            or text.startswith(("---", "...", "%")) or any(c in text for c in _ODD_BREAKS):
        return False
    from cedta.records import model

    walk = _Walk(text)
    try:
        return walk.run(model.KINDS.get(kind, "any"))
    except Exception:  # _Unsure, a YAML error, or anything else unforeseen: ruamel decides
        return False
    finally:
        walk.close()


_TEXT_, _OTHER, _QUOTED = 0, 1, 2
_SCALARS: dict[tuple, tuple[str, int, int] | None] = {}  # (value, style, flow) → _scalar(...)


def _scalar(v: str, style: str | None, flow: bool) -> tuple[str, int, int] | None:
    """A scalar as fmt writes it, its length as `fmt._flow_len` counts it, and what it is: text
    (plain), another plain value (number, true/false, date) or quoted text; None when unsure."""
    if not style:  # plain ("" from libyaml, None from the Python parser)
        if _plain_text(v, flow):
            return v, len(v), _TEXT_
        if _INT.fullmatch(v) or v == "true" or v == "false":
            return v, (5 if v[0] in "tf" else len(v)), _OTHER
        if _DATE.fullmatch(v):
            try:
                dt.date.fromisoformat(v)
            except ValueError:
                return None
            return v, len(v), _OTHER
        if _FLOAT.fullmatch(v):
            return v, len(str(float(v))), _OTHER
        return None
    if not _PRINTABLE.fullmatch(v):
        return None  # escapes are for ruamel to judge
    if style == "'":
        return "'" + v.replace("'", "''") + "'", len(v) + 2, _QUOTED
    if style == '"':
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"', len(v) + 2, _QUOTED
    return None


def _scalar_text(ev: Any, shape: Any, flow: bool) -> tuple[str, int]:
    key = (ev.value, ev.style, flow)
    try:
        found = _SCALARS[key]
    except KeyError:
        found = _scalar(ev.value, ev.style, flow)
        if len(_SCALARS) < 100_000:
            _SCALARS[key] = found
    if found is None:
        raise _Unsure
    if found[2] == _OTHER and shape == "str":
        raise _Unsure  # fmt quotes what YAML would read as something other than text
    if found[2] == _QUOTED and shape == "date":
        raise _Unsure  # fmt turns quoted ISO dates into dates
    return found[0], found[1]


class _Walk:
    def __init__(self, text: str):
        self.lines = text.split("\n")
        self.end = len(self.lines) - 1  # the text ends with a line break: the last item is ""
        self.i = 0
        self.values = 0
        self.parser = _Parser(text) if _Parser is not None else yaml.SafeLoader(text)
        if not ("&" in text or "*" in text or "!" in text):  # no anchor, alias or tag can be there
            self._event = self.parser.get_event

    def close(self) -> None:
        self.parser.dispose()

    # ---- lines

    def _skip(self) -> None:
        """Step over full comment lines and blank lines."""
        lines, i, end = self.lines, self.i, self.end
        while i < end and (not lines[i] or lines[i].lstrip(" ")[:1] == "#"):
            i += 1
        self.i = i

    def _line(self, line: str) -> None:
        """The next line must be `line`, after any comment and blank lines (every call stands
        where an entry begins: a key, or a list item)."""
        i = self.i
        if self.lines[i] != line:  # (the last item of `lines` is "", never a line asked for)
            self._skip()
            i = self.i
            if i >= self.end or self.lines[i] != line:
                raise _Unsure
        if len(line) > MAX_WIDTH:
            raise _Unsure
        self.i = i + 1

    # ---- events

    def _event(self) -> Any:
        ev = self.parser.get_event()
        t = type(ev)
        if t is _Scalar or t is _MapStart or t is _SeqStart:
            if ev.anchor is not None or ev.tag is not None:
                raise _Unsure
            return ev
        if t is _MapEnd or t is _SeqEnd:
            return ev
        raise _Unsure  # an alias, or a second document

    def run(self, shape: Any) -> bool:
        p = self.parser
        ev = p.get_event()
        if not isinstance(ev, yaml.StreamStartEvent):
            raise _Unsure
        ev = p.get_event()
        if not isinstance(ev, yaml.DocumentStartEvent) or ev.explicit or ev.version or ev.tags:
            raise _Unsure
        ev = self._event()
        if type(ev) is not _MapStart or ev.flow_style:
            raise _Unsure
        self.values = 1
        self._block_map(0, _pick(shape, "map"), "", 1)
        ev = p.get_event()
        if not isinstance(ev, yaml.DocumentEndEvent) or ev.explicit:
            raise _Unsure
        if not isinstance(p.get_event(), yaml.StreamEndEvent):
            raise _Unsure
        if self.values > _fmt.MAX_VALUES:
            return False
        self._skip()
        return self.i == self.end

    # ---- block collections

    def _key(self, ev: Any, seen: set) -> str:
        """A key: plain, safe, not seen before in its mapping."""
        if type(ev) is not _Scalar or ev.style:
            raise _Unsure
        key = ev.value
        if key in seen:
            raise _Unsure
        if key not in _GOOD_KEYS:
            if not _KEY.fullmatch(key) or key.lower() in _WORDS:
                raise _Unsure
            if len(_GOOD_KEYS) < 10_000:
                _GOOD_KEYS.add(key)
        seen.add(key)
        return key

    def _block_map(self, col: int, shape: Any, first: str, depth: int) -> None:
        """The entries of a block mapping whose keys stand at `col`; `first` begins the first
        key's line ('- ' after its indentation in a list)."""
        if depth >= MAX_DEPTH - 1:
            raise _Unsure
        fields, other = _entries(shape)
        unknown = len(fields) if fields is not None else 0
        event, check = self._event, self._line
        seen: set = set()
        last = -1
        indent = " " * col
        head = first
        while True:
            ev = event()
            if type(ev) is _MapEnd:
                if not seen:
                    raise _Unsure
                return
            key = self._key(ev, seen)
            if fields is not None:
                rank, child = fields.get(key) or (unknown, ANY)
                if rank < last:
                    raise _Unsure  # fmt would move this key up
                last = rank
            else:
                child = other
            line = head + key + ":"
            head = indent
            ev = event()
            self.values += 1
            t = type(ev)
            if t is _Scalar:
                style = ev.style
                if style == ">" or style == "|":
                    self._block_text(ev, line, col + 2, child[0])
                else:
                    check(line + " " + _scalar_text(ev, child[0], False)[0])
            elif t is _MapStart:
                if ev.flow_style:
                    flow, length = self._flow(True, child[1], depth + 1)
                    if col + len(key) + 2 + length > _fmt.MAX_LINE:
                        raise _Unsure  # fmt writes it in block style
                    check(line + " " + flow)
                else:
                    check(line)
                    self._block_map(col + 2, child[1], " " * (col + 2), depth + 1)
            elif t is _SeqStart:
                if ev.flow_style:
                    flow, length = self._flow(False, child[2], depth + 1)
                    if col + len(key) + 2 + length > _fmt.MAX_LINE:
                        raise _Unsure
                    check(line + " " + flow)
                else:
                    check(line)
                    self._block_seq(col + 2, child[2], depth + 1)
            else:
                raise _Unsure

    def _block_seq(self, col: int, shape: Any, depth: int) -> None:
        """The items of a block sequence whose dashes stand at `col`."""
        if depth >= MAX_DEPTH - 1:
            raise _Unsure
        item = _items(shape)
        event, check = self._event, self._line
        dash = " " * col + "- "
        items = 0
        while True:
            ev = event()
            t = type(ev)
            if t is _SeqEnd:
                if not items:
                    raise _Unsure
                return
            items += 1
            self.values += 1
            if t is _Scalar:
                if ev.style == ">" or ev.style == "|":
                    raise _Unsure
                check(dash + _scalar_text(ev, item[0], False)[0])
            elif t is _MapStart and not ev.flow_style:
                self._block_map(col + 2, item[1], dash, depth + 1)
            elif (t is _MapStart or t is _SeqStart) and ev.flow_style:
                flow, length = self._flow(t is _MapStart, item[1] if t is _MapStart else item[2], depth + 1)
                if col + 2 + length > _fmt.MAX_LINE:
                    raise _Unsure
                check(dash + flow)
            else:
                raise _Unsure  # a list in a list: ruamel lays it out its own way

    def _block_text(self, ev: Any, line: str, col: int, shape: Any) -> None:
        """A folded (`>`) or literal (`|`) text: its lines must each stand at `col` and begin
        with a character other than a space, with no blank line and no trailing space."""
        if shape == "date":
            raise _Unsure
        value = ev.value
        clip = value.endswith("\n")
        if clip:
            value = value[:-1]
        if not value or value.endswith("\n"):
            raise _Unsure
        self._line(line + " " + ev.style + ("" if clip else "-"))
        lines, i, end = self.lines, self.i, self.end
        indent = " " * col
        body = []
        while i < end:
            text = lines[i]
            if not text.startswith(indent) or text[col:col + 1] in ("", " ") or text.endswith(" ") \
                    or len(text) > MAX_WIDTH or not _PRINTABLE.fullmatch(text):
                break
            body.append(text[col:])
            i += 1
        if (" " if ev.style == ">" else "\n").join(body) != value:
            raise _Unsure
        self.i = i

    # ---- flow collections

    def _flow(self, mapping: bool, shape: Any, depth: int) -> tuple[str, int]:
        """A flow collection (its start event read) on one line, and its length as
        `fmt._flow_len` counts it."""
        if depth >= MAX_DEPTH - 1:
            raise _Unsure
        event = self._event
        parts: list[str] = []
        length = 2
        if mapping:
            fields, other = _entries(shape)
            unknown = len(fields) if fields is not None else 0
            seen: set = set()
            last = -1
            while True:
                ev = event()
                if type(ev) is _MapEnd:
                    break
                key = self._key(ev, seen)
                if fields is not None:
                    rank, child = fields.get(key) or (unknown, ANY)
                    if rank < last:
                        raise _Unsure
                    last = rank
                else:
                    child = other
                text, n = self._flow_value(event(), child, depth)
                parts.append(key + ": " + text)
                length += len(key) + 2 + n
            opening, closing = "{", "}"
        else:
            item = _items(shape)
            while True:
                ev = event()
                if type(ev) is _SeqEnd:
                    break
                text, n = self._flow_value(ev, item, depth)
                parts.append(text)
                length += n
            opening, closing = "[", "]"
        if len(parts) > 1:
            length += 2 * (len(parts) - 1)
        return opening + ", ".join(parts) + closing, length

    def _flow_value(self, ev: Any, child: tuple, depth: int) -> tuple[str, int]:
        self.values += 1
        t = type(ev)
        if t is _Scalar:
            if ev.style == ">" or ev.style == "|":
                raise _Unsure
            return _scalar_text(ev, child[0], True)
        if t is _MapStart and ev.flow_style:
            return self._flow(True, child[1], depth + 1)
        if t is _SeqStart and ev.flow_style:
            return self._flow(False, child[2], depth + 1)
        raise _Unsure
