"""The canonical layout of a record file (`cedta fmt`). Pure: text in, text out; no file access.

The layout, so that a pull request diff shows only what changed:
- keys in the schema's order (the field order of the record classes in `model`, with their aliases
  such as `from` and `in`); keys the schema does not know keep their order, after the known ones;
- two-space indentation, list items indented by two under their key, no line wrapping;
- block style; a flow collection its author wrote (`{en: ..., fr: ...}`, `[en, fr]`) stays flow,
  on one line, while that line fits in 100 columns, and turns to block style beyond; folded and
  literal text keep their line breaks;
- text that YAML 1.1 (the reader cedta uses) or YAML 1.2 (most other tools) would read as something
  else is quoted where the schema expects text: `'no'`, `'on'`, `'1e3'`, `'0123'`, `'12:30'`;
  yes/no/on/off where the schema expects true/false are written `true`/`false`; dates are ISO;
- comments are kept, and a comment line above a key moves with that key.

`format_text` refuses to return a layout whose data differs from the input's (beyond the quoting
and date fixes it made on purpose): the caller then leaves the file alone. A text already in this
layout is recognised without the ruamel round trip when `canonical.is_canonical` can prove it.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any

from cedta.io.yamlread import DOC_END, LEAD_THEN_FLOW, YamlProblem, parse

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DOC_START = re.compile(r"^---[ \t]*(#.*)?$", re.M)
MAX_VALUES = 20_000  # the largest shipped record holds about 1,000 values


@dataclass
class Formatted:
    """The outcome of formatting one file's text."""

    text: str  # the canonical text (the input itself when it could not be formatted)
    changed: bool = False
    problem: YamlProblem | None = None
    fixes: list[tuple[tuple, str]] = field(default_factory=list)  # (path, "quoted" | "bool" | "date")


# ---- the schema's shape --------------------------------------------------------------------------

def _shape(annotation: Any) -> Any:
    """A small description of what a field holds: 'str', 'bool', 'date', 'number', 'any',
    a record class, ('list', shape), ('dict', shape) or ('union', [shapes])."""
    from pydantic import BaseModel

    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _shape(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        options = [_shape(a) for a in typing.get_args(annotation) if a is not type(None)]
        return options[0] if len(options) == 1 else ("union", options)
    if origin is typing.Literal:
        values = typing.get_args(annotation)
        return "str" if all(isinstance(v, str) for v in values) else "any"
    if origin is list:
        return ("list", _shape(typing.get_args(annotation)[0]))
    if origin is dict:
        return ("dict", _shape(typing.get_args(annotation)[1]))
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return annotation
        if annotation is bool:
            return "bool"
        if annotation is str:
            return "str"
        if annotation in (int, float):
            return "number"
        if annotation is dt.date:
            return "date"
    return "any"


def _pick(shape: Any, value: Any) -> Any:
    """The option of a union that fits the value written in the file."""
    if not (isinstance(shape, tuple) and shape[0] == "union"):
        return shape
    for option in shape[1]:
        is_map = isinstance(option, type) or (isinstance(option, tuple) and option[0] == "dict")
        is_list = isinstance(option, tuple) and option[0] == "list"
        if isinstance(value, dict) and is_map or isinstance(value, list) and is_list:
            return option
        if not isinstance(value, (dict, list)) and not is_map and not is_list:
            return option
    return "any"


@functools.lru_cache(maxsize=None)
def _fields(cls: type) -> dict[str, Any]:
    """Key (alias) → shape, in the schema's order."""
    return {(f.alias or name): _shape(f.annotation) for name, f in cls.model_fields.items()}


# ---- the text of plain scalars, as written ---------------------------------------------------------

def _plain_scalars(text: str) -> dict[tuple, str]:
    """Path → the text of every plain (unquoted) scalar value."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    found: dict[tuple, str] = {}
    stack: list[list] = []  # [is_mapping, path, next index or pending key]
    for ev in yaml.parse(text, Loader=loader):
        if isinstance(ev, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            path: tuple | None = ()
            if stack:
                frame = stack[-1]
                if frame[0]:  # mapping: keys and values alternate
                    if frame[2] is None:
                        frame[2] = ev.value if isinstance(ev, yaml.ScalarEvent) else ""
                        continue
                    path, frame[2] = frame[1] + (frame[2],), None
                else:
                    path = frame[1] + (frame[2],)
                    frame[2] += 1
            if isinstance(ev, yaml.ScalarEvent):
                if not ev.style and ev.implicit[0]:
                    found[path] = ev.value
            else:
                stack.append([isinstance(ev, yaml.MappingStartEvent), path, None if
                              isinstance(ev, yaml.MappingStartEvent) else 0])
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
    return found


def _yaml11(text: str) -> Any:
    """What YAML 1.1 (PyYAML, cedta's reader) makes of a plain scalar."""
    import yaml

    tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False))
    node = yaml.ScalarNode(tag, text)
    try:
        return yaml.constructor.SafeConstructor().construct_object(node)
    except (ValueError, yaml.YAMLError, OverflowError):
        return text


# ---- comments that travel with their key ----------------------------------------------------------

def _split_token(value: str) -> tuple[str, str]:
    """A comment token after a value: (end-of-line comment, the full lines below it)."""
    if value.startswith("\n"):
        return "", value[1:]
    head, _, rest = value.partition("\n")
    return head + "\n", rest


def _trailing_holder(node: Any) -> tuple[Any, Any, int] | None:
    """Where ruamel keeps the comment lines that follow the last value of a block collection."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap) and len(node) and not node.fa.flow_style():
        last = list(node)[-1]
        inner = _trailing_holder(node[last])
        return inner if inner is not None else (node, last, 2)
    if isinstance(node, CommentedSeq) and len(node) and not node.fa.flow_style():
        last = len(node) - 1
        inner = _trailing_holder(node[last])
        return inner if inner is not None else (node, last, 0)
    return None


def _take_end_lines(node: Any) -> str:
    """Remove and return the comment lines ruamel keeps at the end of a block collection whose last
    item is a flow collection (`- {topic: x}` then `# a comment`): they lead the next key."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    taken = ""
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node) and not node.fa.flow_style():
        end = getattr(node.ca, "end", None)
        if end:
            taken += "".join(t.value for t in end if hasattr(t, "value"))
            node.ca.end = []
        node = node[list(node)[-1]] if isinstance(node, CommentedMap) else node[-1]
    return taken


def _take_lines_below(owner: Any, key: Any) -> str:
    """Remove and return the comment lines below the value of `key` (they lead the next key)."""
    holder = _trailing_holder(owner[key])
    container, k, slot = holder if holder is not None else (owner, key, 2)
    entry = container.ca.items.get(k)
    end = _take_end_lines(owner[key])
    if not entry or entry[slot] is None:
        return end
    eol, below = _split_token(entry[slot].value)
    if eol:
        entry[slot].value = eol
    else:
        entry[slot] = None
        if not any(entry):
            del container.ca.items[k]
    return below + end


def _put_lines_below(owner: Any, key: Any, lines: str) -> None:
    from ruamel.yaml.tokens import CommentToken
    from ruamel.yaml.error import CommentMark

    if not lines:
        return
    holder = _trailing_holder(owner[key])
    container, k, slot = holder if holder is not None else (owner, key, 2)
    entry = container.ca.items.setdefault(k, [None, None, None, None])
    if entry[slot] is None:
        entry[slot] = CommentToken("\n" + lines, CommentMark(0), None)
    else:
        eol, below = _split_token(entry[slot].value)
        entry[slot].value = (eol or "\n") + below + lines


def _reorder(node: Any, order: list[str], top: bool = False) -> bool:
    """Put the keys of a ruamel mapping in `order` (unknown keys last), comments following."""
    keys = list(node)
    rank = {k: i for i, k in enumerate(order)}
    wanted = sorted(keys, key=lambda k: (rank.get(k, len(order)), keys.index(k)))
    if wanted == keys:
        return False
    # Comment lines below key i belong above key i+1; those below the last key end the mapping.
    leading = {keys[i + 1]: _take_lines_below(node, keys[i]) for i in range(len(keys) - 1)}
    if not top:  # lines above a nested mapping's first key belong to that key
        leading[keys[0]] = _take_lines_above(node)
    closing = _take_lines_below(node, keys[-1])
    items = [(k, node[k], node.ca.items.pop(k, None)) for k in wanted]
    for k in keys:
        del node[k]
    for k, v, comment in items:
        node[k] = v
        if comment is not None:
            node.ca.items[k] = comment
    for i, k in enumerate(wanted[:-1]):
        _put_lines_below(node, k, leading.get(wanted[i + 1], ""))
    _put_lines_below(node, wanted[-1], closing)
    first_leading = leading.get(wanted[0], "")
    if first_leading and top:  # above the record's first key, under the file's heading comment
        from ruamel.yaml.error import CommentMark
        from ruamel.yaml.tokens import CommentToken

        entry = node.ca.items.setdefault(wanted[0], [None, None, None, None])
        entry[1] = [CommentToken(first_leading, CommentMark(0), None)]
    elif first_leading:  # above a nested mapping's (new) first key
        _put_lines_above(node, first_leading)
    return True


def _take_lines_above(node: Any) -> str:
    """Remove and return the comment lines above a nested mapping's first key (with indentation)."""
    c = node.ca.comment
    lines = ""
    if c and c[0] is not None:  # `key:  # note` then lines: ruamel keeps them with the note
        eol, lines = _split_token(c[0].value)
        if lines:
            c[0].value = eol
    if not c or len(c) < 2 or not c[1]:
        return lines
    lines += "".join(" " * t.column + t.value if t.value.startswith("#") else t.value for t in c[1])
    c[1].clear()  # in place: the parent's slot 3 holds the same list, and ruamel may write that one
    return lines


def _put_lines_above(node: Any, lines: str) -> None:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    if not lines:
        return
    if node.ca.comment and node.ca.comment[0] is not None:  # after the note on the key's line
        eol, below = _split_token(node.ca.comment[0].value)
        node.ca.comment[0].value = (eol or "\n") + lines + below
        return
    body = lines.lstrip("\n")
    blank = lines[: len(lines) - len(body)]
    col = len(body) - len(body.lstrip(" "))
    tokens = [CommentToken(blank + body[col:], CommentMark(col), None)]
    if node.ca.comment and len(node.ca.comment) > 1 and node.ca.comment[1] is not None:
        node.ca.comment[1][:0] = tokens  # in place, for the same reason
    else:
        node.ca.comment = [node.ca.comment[0] if node.ca.comment else None, tokens]


def _lines_above_in_one_place(node: Any) -> None:
    """ruamel keeps the lines above a nested mapping's first key twice (the mapping's own
    `ca.comment` and its parent's slot 3 for that key) or, in a list, in the list's slot 1 for the
    item; keep them in the mapping alone, so they can move with the key they stand above."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        pairs = [(k, 3) for k in node]
    elif isinstance(node, CommentedSeq):
        pairs = [(i, 1) for i in range(len(node))]
    else:
        return
    for k, slot in pairs:
        child = node[k]
        entry = node.ca.items.get(k)
        if isinstance(child, CommentedMap) and not child.fa.flow_style():
            mine = child.ca.comment[1] if child.ca.comment and len(child.ca.comment) > 1 else None
            if slot == 1 and entry and entry[1]:  # in a list: the mapping holds them
                if not mine:
                    child.ca.comment = [child.ca.comment[0] if child.ca.comment else None, list(entry[1])]
                entry[1] = None
                if not any(entry):
                    del node.ca.items[k]
            elif slot == 3:  # in a mapping: one list, shared by the mapping and its parent's slot
                shared = entry[3] if entry and entry[3] is not None else mine
                if shared is None:
                    shared = []
                if entry is None:
                    entry = node.ca.items.setdefault(k, [None, None, None, None])
                entry[3] = shared
                child.ca.comment = [child.ca.comment[0] if child.ca.comment else None, shared]
        _lines_above_in_one_place(child)


def _settle(node: Any) -> None:
    """Comment lines that followed a flow collection (kept in the slot after it) must follow its
    last key once it is written in block style, or ruamel writes them after a lone `-`."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        pairs = [(k, 2) for k in node]
    elif isinstance(node, CommentedSeq):
        pairs = [(i, 0) for i in range(len(node))]
    else:
        return
    if _is_flow(node):
        return
    for k, slot in pairs:
        child = node[k]
        entry = node.ca.items.get(k)
        if slot == 0 and isinstance(child, CommentedMap) and not _is_flow(child) and len(child) \
                and entry and entry[0] is not None and entry[0].value.startswith("#"):
            # `- {...}  # note` turned to block style: the note goes to the end of the first key's line
            first = next(iter(child))
            eol, below = _split_token(entry[0].value)
            mine = child.ca.items.setdefault(first, [None, None, None, None])
            if not isinstance(child[first], (CommentedMap, CommentedSeq)) and mine[2] is None:
                from ruamel.yaml.error import CommentMark
                from ruamel.yaml.tokens import CommentToken

                mine[2] = CommentToken(" " + eol, CommentMark(0), None)  # two spaces before `#`
                entry[0].value = "\n" + below
            elif not any(mine):
                del child.ca.items[first]
        if isinstance(child, (CommentedMap, CommentedSeq)) and not _is_flow(child) and len(child) \
                and entry and entry[slot] is not None and entry[slot].value.startswith("\n") \
                and _trailing_holder(child) is not None:
            lines = entry[slot].value[1:]
            entry[slot] = None
            if not any(entry):
                del node.ca.items[k]
            _put_lines_below(node, k, lines)
        _settle(child)


# ---- long flow collections become block style ------------------------------------------------

MAX_LINE = 100


def _is_flow(node: Any) -> bool:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    return isinstance(node, (CommentedMap, CommentedSeq)) and bool(node.fa.flow_style())


def _flow_len(node: Any) -> int:
    """The length of `node` written as one flow line (close enough to decide on wrapping)."""
    if isinstance(node, dict):
        return 2 + sum(len(str(k)) + 2 + _flow_len(v) for k, v in node.items()) + 2 * max(len(node) - 1, 0)
    if isinstance(node, list):
        return 2 + sum(_flow_len(v) for v in node) + 2 * max(len(node) - 1, 0)
    if isinstance(node, str):
        from ruamel.yaml.scalarstring import ScalarString

        return len(node) + (2 if isinstance(node, ScalarString) else 0)
    if isinstance(node, bool) or node is None:
        return 5
    return len(str(node))


def _unflow_long(node: Any, col: int) -> None:
    """Turn to block style every flow collection whose line would pass MAX_LINE columns.

    `col` is where the keys (of a mapping) or the dashes (of a sequence) of this block node stand.
    Only data decides, so formatting twice gives the same result.
    """
    if isinstance(node, dict):
        for key, value in node.items():
            if _is_flow(value) and col + len(str(key)) + 2 + _flow_len(value) > MAX_LINE:
                value.fa.set_block_style()
            if isinstance(value, (dict, list)) and not _is_flow(value):
                _unflow_long(value, col + 2)
    elif isinstance(node, list):
        for item in node:
            if _is_flow(item) and col + 2 + _flow_len(item) > MAX_LINE:
                item.fa.set_block_style()
            if isinstance(item, (dict, list)) and not _is_flow(item):
                _unflow_long(item, col + 2)


# ---- the walk ----------------------------------------------------------------------------------

class _Walk:
    def __init__(self, plain: dict[tuple, str]):
        self.plain = plain
        self.fixes: list[tuple[tuple, str]] = []
        self.expected: dict[tuple, Any] = {}  # path → the value the formatted file must hold

    def value(self, node: Any, shape: Any, path: tuple) -> Any:
        """Visit a value; return a replacement for it, or the value itself."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq
        from ruamel.yaml.scalarstring import ScalarString, SingleQuotedScalarString

        shape = _pick(shape, node)
        if isinstance(node, CommentedMap):
            if isinstance(shape, type):
                fields = _fields(shape)
                _reorder(node, list(fields), top=not path)
                for k in list(node):
                    node[k] = self.value(node[k], fields.get(k, "any"), path + (k,))
            elif isinstance(shape, tuple) and shape[0] == "dict":
                for k in list(node):
                    node[k] = self.value(node[k], shape[1], path + (k,))
            return node
        if isinstance(node, CommentedSeq):
            inner = shape[1] if isinstance(shape, tuple) and shape[0] == "list" else "any"
            for i in range(len(node)):
                node[i] = self.value(node[i], inner, path + (i,))
            return node
        text = self.plain.get(path)
        if text is None or isinstance(node, ScalarString):
            if shape == "date" and isinstance(node, str) and _ISO_DATE.match(node):
                try:
                    day = dt.date.fromisoformat(str(node))
                except ValueError:
                    return node
                self._fix(path, "date", day)
                return day
            return node
        read11 = _yaml11(text)
        if shape == "str" and read11 is not None and (
                not isinstance(read11, str) or not isinstance(node, str)):
            self._fix(path, "quoted", text)
            return SingleQuotedScalarString(text)
        if shape == "bool" and isinstance(read11, bool) and text not in ("true", "false"):
            self._fix(path, "bool", read11)
            return read11
        if shape == "date" and isinstance(read11, dt.date) and not isinstance(read11, dt.datetime) \
                and text != read11.isoformat():
            self._fix(path, "date", read11)
            return read11
        return node

    def _fix(self, path: tuple, what: str, expected: Any) -> None:
        self.fixes.append((path, what))
        self.expected[path] = expected


def _same(before: Any, after: Any, expected: dict[tuple, Any], path: tuple = ()) -> bool:
    if path in expected:
        return after == expected[path] and type(after) is type(expected[path])
    if isinstance(before, dict):
        return isinstance(after, dict) and before.keys() == after.keys() and all(
            _same(before[k], after[k], expected, path + (k,)) for k in before)
    if isinstance(before, list):
        return isinstance(after, list) and len(before) == len(after) and all(
            _same(b, a, expected, path + (i,)) for i, (b, a) in enumerate(zip(before, after)))
    return before == after and type(before) is type(after)


def format_text(text: str, kind: str, *, fast: bool = True) -> Formatted:
    """The canonical layout of a record of `kind` (network, vocab, provider, hub, client).

    A text that `canonical.is_canonical` proves already canonical is returned as it is, without the
    ruamel round trip (about 40 times faster); `fast=False` always takes the round trip."""
    if fast:
        from cedta.review.canonical import is_canonical

        if is_canonical(text, kind):
            return Formatted(text)
    from cedta.records import model
    from cedta.io.store import round_trip_yaml

    try:
        original = parse(text)
    except YamlProblem as problem:
        return Formatted(text, problem=problem)
    if not isinstance(original.data, dict):  # text, a list: not a record, nothing to lay out
        return Formatted(text, problem=YamlProblem("fmt-not-a-record"))
    values = len(original.positions)
    if values > MAX_VALUES:  # ruamel takes ~65 µs and ~2 kB a value: bound the work, leave the file
        return Formatted(text, problem=YamlProblem("fmt-too-many-values", count=values, limit=MAX_VALUES))
    # Comments after a `...` document-end marker: ruamel drops them; keep that tail as written.
    end = DOC_END.search(text)
    head, tail = "", ""
    if end is not None and "#" in text[end.start():]:
        text, tail = text[:end.start()], text[end.start():]
        tail = tail if tail.endswith("\n") else tail + "\n"
    start = _DOC_START.search(text)  # and so are comments before (or on) a `---` line
    if start is not None and "#" in text[:start.end()]:
        head, text = text[:start.end() + 1], text[start.end() + 1:]
    elif (lead := LEAD_THEN_FLOW.match(text)) and "#" in lead.group(1):
        # and comments above a record written as one `{...}` that ends in a comment (ruamel drops
        # them then: hostile 13, 21)
        head, text = lead.group(1), text[lead.end():]
    yaml = round_trip_yaml()
    yaml.width = 4096  # never re-wrap: a long line stays one line, so diffs stay small
    try:
        data = yaml.load(text)
        walk = _Walk(_plain_scalars(text))
        if isinstance(data, dict):
            _lines_above_in_one_place(data)
            walk.value(data, model.KINDS.get(kind, "any"), ())
            _unflow_long(data, 0)
            _settle(data)
        out = io.StringIO()
        yaml.dump(data, out)
    except Exception as exc:  # ruamel's reader is stricter than libyaml in places (tabs)
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
        return Formatted(text, problem=YamlProblem("fmt-unreadable", line, col, problem=problem))
    result = head + (out.getvalue() if head else out.getvalue().lstrip("\n")) + tail
    # one line end, LF: a CRLF file's comments keep their CR through ruamel (a mixed file otherwise)
    result = result.replace("\r\n", "\n")
    text = head + text + tail
    try:
        reread = parse(result)
    except YamlProblem:  # its position would point into cedta's own output, not the user's file
        return Formatted(text, problem=YamlProblem("fmt-unsafe"))
    # a value YAML 1.1 and 1.2 read apart (`2:30:00`: 9000 or text) that `validate` asks a person to
    # settle is not settled by the layout: under a `%YAML 1.1` line ruamel wrote `9000` (hostile 14, 2)
    same = _same(original.data, reread.data, walk.expected)
    settled = [p for p in original.surprises if isinstance(p, tuple) and p not in walk.expected
               and (p not in reread.surprises or not same)]
    if not same and not settled:
        return Formatted(text, problem=YamlProblem("fmt-unsafe"))
    if settled:
        line, col = original.where(settled[0])
        return Formatted(text, problem=YamlProblem("fmt-ambiguous", line, col, value=str(original.surprises[settled[0]])))
    return Formatted(result, changed=result != text, fixes=walk.fixes)
