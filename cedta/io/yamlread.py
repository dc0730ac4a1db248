"""Safe, strict YAML reading with positions.

Builds plain Python data from libyaml's event stream (fast, C) and records the line and column of
every key and value, so that any later finding can point at its place. It refuses what a data file
never needs and what hurts silently: anchors and aliases (an alias bomb), custom tags, several
documents, duplicate keys. It also remembers plain scalars that YAML 1.1 reads in surprising ways
(`no` → false, `0123` → 83) so that a type error there can say "quote it".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from cedta.io import fastparse

try:  # libyaml when present; the pure-Python parser otherwise
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple  # a path into the data: keys and list indexes

MAX_BYTES = 1024 * 1024
# What ruamel's round trip drops, that `fmt` and the client writers set apart and put back as written:
# a `...` end marker with what follows it, and the comments above a record written as one `{...}`
DOC_END = re.compile(r"^\.\.\.[ \t]*(#.*)?$", re.M)
LEAD_THEN_FLOW = re.compile(r"((?:[ \t]*(?:#[^\n]*)?\n)+)(?=\{)")
MAX_DEPTH = 32  # records nest six or seven levels; deeper is a mistake or an attack
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "!",
}
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(\s|$)", re.M)
_TAB_INDENT = re.compile(r"^ *\t", re.M)
# A tab after a key's colon, after a dash or before a comment: libyaml takes it, ruamel and others don't.
_TAB_SEPARATOR = re.compile(r"^ *(?:- +)*[\w-]+:(\t)|^ *(-\t)|\S(\t)[ \t]*#", re.M)
_BOOL_WORDS = {"true", "false"}
_INF = float("inf")
# `Document.surprises[COMMENTS]`: the comments of the file as (line, column, text). No path into
# the data starts with -1, so this entry never stands for a value.
COMMENTS = (-1,)
_COMMENT = re.compile(r"#(?<![^ \t\n]#)([^\n]*)")  # a `#` at a line's start or after a blank
_ESCAPED_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TAG_FITS = {"tag:yaml.org,2002:map": yaml.MappingStartEvent, "tag:yaml.org,2002:seq": yaml.SequenceStartEvent}


class YamlProblem(Exception):
    """A file that cannot be read as one strict YAML document."""

    def __init__(self, code: str, line: int = 1, column: int = 1, **params: Any):
        super().__init__(code)
        self.code, self.line, self.column, self.params = code, line, column, params


@dataclass
class Document:
    """The data of one file and where each piece of it stands."""

    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # value positions
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    surprises: dict[Path_, str] = field(default_factory=dict)  # path -> the plain text as written

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that has one."""
        table = self.key_positions if key else self.positions
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if not key and p in self.key_positions:
                return self.key_positions[p]
            p = p[:-1]
        return self.positions.get((), (1, 1))


_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()


def _surprising(text: str, value: Any) -> bool:
    """True when YAML 1.1 reads this plain text as something a person may not have meant."""
    if isinstance(value, bool):
        return text.lower() not in _BOOL_WORDS
    if isinstance(value, int):
        t = text.lstrip("+-")
        return (len(t) > 1 and t.startswith("0")) or ":" in t or "_" in t
    if isinstance(value, float):
        return ":" in text or "_" in text or value != value or value in (_INF, -_INF)  # 1e999 too
    return False


def wide_unicode(raw: bytes) -> str | None:
    """"UTF-32" or "UTF-16" when bytes look like text in that encoding (Excel's "Unicode Text",
    Notepad's "Unicode"), else None: a byte order mark, or NULs where ASCII text would have them."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    head = raw[:200]
    if len(head) >= 8 and sum(head[i:i + 4].count(0) == 3 for i in range(0, len(head) - 3, 4)) >= len(head) // 4 - 1:
        return "UTF-32"  # (three NULs in every four bytes: ASCII in UTF-32, either byte order)
    return "UTF-16" if utf16(raw) else None


def utf16(raw: bytes) -> bool:
    """Whether bytes look like UTF-16 text (Excel's "Unicode Text", Notepad's "Unicode"): its byte
    order mark, or every other byte NUL at the start, as ASCII text in UTF-16 is."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = raw[:200]
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    # one half NUL, the other text (a file of NULs, what a power cut leaves, is no UTF-16: review 10b, R5)
    return (odd.count(0) >= len(odd) - 1 and even.count(0) <= 1) or (even.count(0) >= len(even) - 1 and odd.count(0) <= 1)


def decode(raw: bytes) -> str:
    """Bytes to text, refusing what a data file must not be."""
    if len(raw) > MAX_BYTES:
        if len(raw) == MAX_BYTES + 1:  # a read stopped one byte past the limit: the size is not known
            raise YamlProblem("file-too-large-over", limit=MAX_BYTES)  # ("1048577 bytes" of 3 MB: hostile 13, 17)
        raise YamlProblem("file-too-large", size=len(raw), limit=MAX_BYTES)
    if raw.startswith(b"\xef\xbb\xbf"):
        raise YamlProblem("bom")
    if b"\x00" in raw:
        wide = wide_unicode(raw)
        raise YamlProblem("utf16-file", encoding=wide) if wide else YamlProblem("binary-file")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem("not-utf8", line, column) from None


def parse(text: str, editable: bool = True) -> Document:
    """Parse one strict YAML document into data plus positions; raise YamlProblem otherwise.

    A plain file is read by `fastparse` (the same data, proven, several times faster) and its
    positions are found by the strict reader only when one is asked for; any other file, and any
    file with an error, is read by `parse_strict`. `editable=False`: a file cedta only reads (intake
    answers, a walk-in profile), which may hold what its editor could not rewrite (a tab in text)."""
    data = fastparse.load(text, MAX_DEPTH)
    if data is fastparse.NOT_PROVEN:
        return parse_strict(text, editable)
    return _FastDocument(data, _comments(text), text)


_NO_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):(?=[^\s:/])(\S.*)$")
_KEY = re.compile(r"^(\s*)(?:-\s+)?[A-Za-z_][\w-]*:(?:\s|$)")
# inside { }, a value not in quotes that holds a colon followed by a space (French puts a space
# before it: `fr: Démarrage : accompagnement`): libyaml ends the key there
_COLON_IN_FLOW = re.compile(r"""([{,]\s*)([\w-]+):\s+([^"'\s{},\[\]][^{},"']*?\s?:(?:\s[^{},]*)?)(?=\s*[,}])""")


def _slip(text: str, line: int) -> "YamlProblem | None":
    """The commonest slips behind a syntax error near `line`, said in the person's terms (libyaml
    names the line after, and its advice to quote does not fix them): indentation of no-break
    spaces (pasted from a word processor), a key with no space after its colon (`topic:marketing`),
    a key indented deeper than the one above it."""
    lines = text.split("\n")
    for n, ln in enumerate(lines, 1):
        if ln[:1] == "\u00a0" or (ln.lstrip(" ")[:1] == "\u00a0"):
            return YamlProblem("yaml-nbsp-indent", n, 1)
    for n, ln in enumerate(lines, 1):  # the first line that holds something, indented: under nothing
        if not ln.strip() or ln.lstrip().startswith("#") or ln.startswith(("---", "%")):
            continue
        if ln[:1] == " " and n < line:  # (a key uncommented without its category: newcomer 13, N13-7)
            return YamlProblem("yaml-indented-start", n, len(ln) - len(ln.lstrip(" ")) + 1,
                               key=ln.strip().split(":", 1)[0][:60])
        break
    for n in (line - 1, line):
        if 1 <= n <= len(lines):
            m = _NO_SPACE.match(lines[n - 1])
            if m and not lines[n - 1].lstrip().startswith("#"):
                return YamlProblem("yaml-colon-space", n, len(m.group(1)) + 1,
                                   written=f"{m.group(2)}:{m.group(3)}", fixed=f"{m.group(2)}: {m.group(3)}")
    for n in (line - 1, line):  # `fr: Démarrage : accompagnement` inside { } (newcomer 15, N15-15)
        if 1 <= n <= len(lines) and "{" in lines[n - 1] and len(lines[n - 1]) <= 2000 \
                and not lines[n - 1].lstrip().startswith("#"):  # (a long line: quadratic, R15-15)
            m = _COLON_IN_FLOW.search(lines[n - 1])
            if m:
                value = m.group(3).strip()
                return YamlProblem("yaml-colon-in-flow", n, m.start(3) + 1, text=value[:80],
                                   fixed=f'{m.group(2)}: "{value[:80]}"')
    if 2 <= line <= len(lines):
        here, above = _KEY.match(lines[line - 1]), None
        for k in range(line - 2, -1, -1):  # the nearest line above that holds something
            if lines[k].strip() and not lines[k].lstrip().startswith("#"):
                above = _KEY.match(lines[k])
                break
        if here and above and len(here.group(1)) > len(above.group(1)) and \
                lines[k].rstrip().split(":", 1)[1].strip():  # the key above has its value: no child
            return YamlProblem("yaml-indent-deeper", line, len(here.group(1)) + 1,
                               key=lines[line - 1].strip().split(":", 1)[0], spaces=len(here.group(1)),
                               above=len(above.group(1)))
    return None


def _tab_in_plain_text(text: str) -> None:
    """A tab left in unquoted text (`note: Plan<TAB>sent`, a value ending in a tab pasted from a
    spreadsheet): libyaml reads it, but cedta's editor (ruamel) and other YAML tools refuse the
    file, so every command that writes the client would fail on it (hostile pass 10, N). Said
    here, so that `validate` and the writers agree. Only a file holding a tab pays for the look."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        for _ in YAML(typ="rt").scan(text):
            pass
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        if mark is not None and text[mark.index:mark.index + 1] == "\t":
            raise YamlProblem("tab-in-text", mark.line + 1, mark.column + 1) from None
    except YAMLError:  # anything else the scanner dislikes is the strict reader's to judge
        return


def parse_strict(text: str, editable: bool = True) -> Document:
    """Parse one strict YAML document from libyaml's events, every position noted."""
    m = _CONFLICT.search(text) if ("<<<<<<<" in text or "=======" in text or ">>>>>>>" in text) else None
    if m:
        line = text.count("\n", 0, m.start()) + 1
        raise YamlProblem("conflict-marker", line, 1)
    has_tab = "\t" in text
    m = _TAB_INDENT.search(text) if has_tab else None
    if m:
        line = text.count("\n", 0, m.start()) + 1
        raise YamlProblem("tab-indent", line, m.end() - m.start())
    m = _TAB_SEPARATOR.search(text) if has_tab else None
    if m:
        at = next(m.start(g) for g in (1, 2, 3) if m.start(g) >= 0)
        at += m.group(2) is not None  # the tab after the dash
        line = text.count("\n", 0, at) + 1
        raise YamlProblem("tab-separator", line, at - text.rfind("\n", 0, at))
    if has_tab and editable:
        _tab_in_plain_text(text)
    if "\u00a0" in text:  # no-break spaces as indentation read as part of a key (`    topic`): said
        m = re.search("^ *\u00a0", text, re.M)
        if m:
            raise YamlProblem("yaml-nbsp-indent", text.count("\n", 0, m.start()) + 1, 1)
    doc = Document(data=None)
    loader = _Loader(text)
    try:
        _build(loader, doc)
    except YamlProblem as problem:
        raise _cut_at_comma(text, problem) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join((exc.problem or exc.context or "").split())
        raise (_slip(text, line) or YamlProblem("yaml-syntax", line, col, problem=problem)) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise YamlProblem("control-character", line, column, char=f"U+{exc.character:04X}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem("yaml-syntax", problem=" ".join(str(exc).split())) from None
    finally:
        loader.dispose()
    doc.surprises.update(_comments(text))
    return doc


def _cut_at_comma(text: str, problem: YamlProblem) -> YamlProblem:
    """`{en: Loans up to $15,000, fr: …}`: the comma ends the value inside the braces, and `000` is
    read as a key (a number, refused as one). Said as what it is, not as a key to quote (newcomer 11,
    NC11-1)."""
    if problem.code != "key-not-text":
        return problem
    lines = text.split("\n")
    if not 0 < problem.line <= len(lines):
        return problem
    line = lines[problem.line - 1]
    before = line[:problem.column - 1]
    if before.endswith(",") and before[-2:-1].isdigit() and "{" in before:
        start = before.rfind(":", 0, len(before) - 1)
        cut = before[start + 1:-1].strip() if start >= 0 else before[:-1].strip()
        whole = f"{cut},{problem.params.get('text', '')}"
        if re.fullmatch(r"[-+]?\d+,(?:\d{1,2}|\d{4,})", whole):  # `hours_per_week: 37,5`: a decimal comma
            point = whole.replace(",", ".")
            low = int(float(point)) if abs(float(point)) < 1e15 else point
            return YamlProblem("flow-comma-number", problem.line, problem.column, text=whole, point=point,
                               low=low, high=low + 1 if isinstance(low, int) else point)
        return YamlProblem("flow-comma", problem.line, problem.column, text=whole)
    return problem


def _comments(text: str) -> dict:
    """`{COMMENTS: ((line, column, text), ...)}`, for the privacy scan of client files (kept where
    the cache keeps data), or {} when the file has no comment."""
    if "#" not in text:
        return {}
    found, line, last = [], 1, 0
    for m in _COMMENT.finditer(text):
        line += text.count("\n", last, m.start())
        last = m.start()
        found.append((line, m.start() - text.rfind("\n", 0, m.start()), m.group(1)))
    return {COMMENTS: tuple(found)} if found else {}


class _FastDocument(Document):
    """A document read by `fastparse`: the strict reader finds its positions, from its text, the
    first time one is asked for (most files have no finding and never need them)."""

    def __init__(self, data: Any, surprises: dict, text: str):
        self.data = data
        self.surprises = surprises
        self._text = text

    def __getattr__(self, name: str):
        if name in ("positions", "key_positions"):
            text = self.__dict__.pop("_text", None)
            full = None
            if text is not None:
                try:
                    full = parse_strict(text)
                except YamlProblem:  # cannot happen for a text fastparse read; no position then
                    full = None
            self.positions = full.positions if full is not None else {}
            self.key_positions = full.key_positions if full is not None else {}
            return self.__dict__[name]
        raise AttributeError(name)


def _pos(event) -> tuple[int, int]:
    return (event.start_mark.line + 1, event.start_mark.column + 1)


_Scalar, _SeqStart, _MapStart = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
_Ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _build(loader, doc: Document) -> None:
    """Fold libyaml's events into plain data, noting where each key and value stands."""
    documents = 0
    stack: list[list] = []  # frames: [container, path, pending key or _NO_KEY]
    positions, key_positions = doc.positions, doc.key_positions
    root_set = False
    while loader.check_event():
        ev = loader.get_event()
        kind = type(ev)
        if kind in _Ends:
            stack.pop()
            continue
        if kind is not _Scalar and kind is not _SeqStart and kind is not _MapStart:
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlProblem("several-documents", *_pos(ev))
            elif kind is yaml.AliasEvent:
                raise YamlProblem("alias", *_pos(ev))
            continue
        if ev.anchor is not None:
            raise YamlProblem("anchor", *_pos(ev), anchor=ev.anchor)
        if ev.tag is not None and ev.tag not in _STANDARD_TAGS:
            raise YamlProblem("custom-tag", *_pos(ev), tag=ev.tag)
        if ev.tag is not None and ev.tag != "!" and _TAG_FITS.get(ev.tag, _Scalar) is not kind:
            # `needs: !!map` over a list, `!!str` over a mapping: a tag that contradicts what follows
            raise YamlProblem("tag-mismatch", *_pos(ev), tag=ev.tag.replace("tag:yaml.org,2002:", "!!"))
        mark = ev.start_mark
        where = (mark.line + 1, mark.column + 1)
        if kind is _Scalar:
            value, surprising = _scalar(ev)
        else:
            value, surprising = ([] if kind is _SeqStart else {}), False
        # place the value
        if not stack:
            doc.data, path, root_set = value, (), True
            positions[()] = where
        else:
            frame = stack[-1]
            container = frame[0]
            if type(container) is list:
                path = frame[1] + (len(container),)
                container.append(value)
                positions[path] = where
            elif frame[2] is _NO_KEY:  # this scalar is a key
                if kind is not _Scalar:
                    raise YamlProblem("complex-key", *where)
                if type(value) is not str:
                    raise YamlProblem("key-not-text", *where, text=ev.value)
                key_path = frame[1] + (value,)
                if value in container:
                    raise YamlProblem("duplicate-key", *where, key=value,
                                      first=key_positions.get(key_path, (0, 0))[0])
                frame[2] = value
                key_positions[key_path] = where
                continue
            else:
                path = frame[1] + (frame[2],)
                container[frame[2]] = value
                frame[2] = _NO_KEY
                positions[path] = where
        if surprising:
            doc.surprises[path] = ev.value
        if kind is not _Scalar:
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem("too-deep", *where, limit=MAX_DEPTH)
            stack.append([value, path, _NO_KEY])
    if not root_set:
        raise YamlProblem("empty-file")


class _NoKey:
    __slots__ = ()


_NO_KEY = _NoKey()


_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers


def read_as_text(text: str) -> bool:
    """True when `text`, written plain (unquoted), is read back as this very text: no YAML 1.1 type
    claims it (`no`, `yes`, `on`, `12:30`, `0123`, `1_000`, `2026-01-01`, `~`, `=` are not text)."""
    if text == "":
        return False
    return not any(regexp.match(text) for _, regexp in _IMPLICIT.get(text[:1], ()))


def _scalar(ev) -> tuple[Any, bool]:
    """The value of a scalar event, and whether YAML 1.1 reads its plain text surprisingly."""
    if ev.tag is None or ev.tag == "!":
        if not ev.implicit[0]:
            if ev.style == '"' and _ESCAPED_CONTROL.search(ev.value):  # "\x1b[31m", "\x00": escapes
                char = _ESCAPED_CONTROL.search(ev.value).group()
                raise YamlProblem("control-character", *_pos(ev), char=f"U+{ord(char):04X}")
            return ev.value, False  # quoted or block text: a string, as written
        text = ev.value
        for tag, regexp in _IMPLICIT.get(text[:1] if text else "", ()):
            if regexp.match(text):
                break
        else:
            return text, False  # plain text that no implicit type claims: a string
    else:
        tag = ev.tag
    if tag == "tag:yaml.org,2002:null" and ev.value not in ("", "~", "null", "Null", "NULL"):
        raise YamlProblem("bad-scalar", *_pos(ev), text=ev.value)  # `!!null hello` would drop the text
    node = yaml.ScalarNode(tag, ev.value, ev.start_mark, ev.end_mark, ev.style)
    try:
        value = _constructor.construct_object(node, deep=True)
    except Exception:  # a tag forced on text it cannot read (`!!timestamp hello`, `!!bool maybe`)
        if tag == "tag:yaml.org,2002:timestamp":
            raise YamlProblem("bad-date", *_pos(ev), text=ev.value) from None
        raise YamlProblem("bad-scalar", *_pos(ev), text=ev.value) from None
    finally:  # PyYAML keeps every node it built and its value: about 9 KB a file, never freed
        _constructor.constructed_objects.clear()
        _constructor.recursive_objects.clear()
    plain = ev.implicit[0] and ev.tag is None and not ev.style
    return value, plain and _surprising(ev.value, value)
