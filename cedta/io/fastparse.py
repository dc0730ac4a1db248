"""The fast first reading of a record file, for texts that provably read the same as under `yamlread`.

`yamlread` builds its data from libyaml's events in Python, noting every position: safe, but about as
slow as PyYAML itself. Most record files are plain: block mappings and lists, flow mappings on one
line, words, whole numbers, decimals and dates. For those, `load` asks `yaml_rs` (a YAML parser in
Rust, several times faster) for the data, then proves the result is exactly what the strict reader
would give (same values, same types, no YAML 1.1 surprise, no error), or gives up (`NOT_PROVEN`) and
the caller reads the file the strict way, which also produces every error message.

Why a proof is needed: `yaml_rs` reads YAML 1.2 (`no` stays text, `0123` is 123, `1e3` and `_1` are
numbers), accepts anchors, aliases, tags and a few things libyaml refuses (`{a:}`, flow collections
broken across lines in ways libyaml does not take), and cannot say whether a scalar was quoted. So
the text is first searched, comments left out, for anything that could read differently or be
refused:

- characters libyaml refuses or treats as line breaks, tabs, lone carriage returns, backslashes,
  merge-conflict markers, directives and document markers (`%`, `---`, `...`), a line starting
  with 200 spaces or dashes (nesting deep enough to overflow the Rust parser's stack);
- at the start of a node: anchors, aliases, tags, block scalars, complex keys, reserved characters
  (`& * ! | > ? % @` and a backtick) and a colon that starts a word; a colon before `,` `]` `}`;
- a flow collection not on one line (or nested more than twice, or holding a quote);
- a quote followed by a digit, sign or dot (a quoted date or number must stay text);
- any word that starts like a number (a digit, sign, dot or underscore) and is not a plain whole
  number (`12`, `-3`), a plain decimal (`1.5`) or a date (`2026-01-05`): `0123`, `1_000`, `12:30`,
  `1e3`, `.5`, `0x1f`, `_1` and `.inf` all send the file to the strict reader.

Then every value of the result is checked: keys must be text that YAML 1.1 would not read as
anything else; a text that YAML 1.1 reads as a date becomes that date (it can only have been written
plain, since no quoted text starts with a digit); any other text that YAML 1.1 would read as a
boolean, number or null (`yes`, `'true'`, `=`) gives up, since it may have been written either way;
numbers must be finite; nesting stays under the strict reader's depth limit. When `yaml_rs` is not
installed, or `CEDTA_FAST_READ=0`, `load` always gives up.

tests/test_fastparse.py checks all this against the strict reader: every shipped file, a generated
network, texts generated around each rule, and mutations of real files.
"""

from __future__ import annotations

import math
import os
import re
from datetime import date
from typing import Any

from yaml.resolver import Resolver

from cedta.io import env_flag

NOT_PROVEN = object()  # `load` could not prove the fast reading right: use the strict reader

ENABLED = env_flag("CEDTA_FAST_READ", default=True)

_loads: Any = None  # yaml_rs.loads, imported on first use
_options: dict[str, Any] = {}

# Characters libyaml accepts as printable, less the ones it treats as line breaks (NEL, LS, PS) and
# the byte order mark; no tab, no carriage return (a CRLF file is read with its CRs taken out).
_ODD_CHARACTER = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# A comment whose rest of line holds no quote: inside a quoted scalar, such a `#` only hides text
# of that same scalar, which stays text whatever it says. (Each pattern starts with the character it
# looks for, and looks behind for what precedes it: a regular expression that starts with `^|(?<=`
# tries every position of the text and cost more than the whole parse.)
_COMMENT = re.compile(r"""#(?<![^ \n]#)[^\n'"]*$""", re.M)
_DOCUMENT_MARK = re.compile(r"\n(?:%|---|\.\.\.)")
_NODE_INDICATOR = re.compile(r"[&*!|>?%@`](?<![^\s\[\]{},:].)")
_INDICATORS = "&*!|>?%@`"  # what `_NODE_INDICATOR` looks for: a text holding none needs no search


def _has_any(text: str, characters: str) -> bool:
    for c in characters:
        if c in text:
            return True
    return False


_COLON_WORD = re.compile(r":(?<![^\s\[\]{},:]:)(?=[^ \n])")  # `:x` at the start of a node
# Spaces to Unicode, not to YAML (whose white space is the space and the tab): Python's `\s` and
# `\S` take them for white space, so a text holding one is left to the strict reader.
_UNICODE_SPACE = re.compile("[\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_COLON_THEN_FLOW = re.compile(r":[\]},]")  # `{a:}`, `[a:, b]`: libyaml refuses them, yaml_rs does not
_QUOTED_NUMBER = re.compile(r"""['"]\s*[-+.0-9]""")
# The first character of a word that starts like a number (a digit, sign, dot or underscore: yaml_rs
# reads `_1`, `._5` and `+_1` as numbers) and is not a plain whole number, decimal or date
# (`-?(0|[1-9][0-9]*)(\.[0-9]+)?`, `[0-9]{4}-[0-9]{2}-[0-9]{2}`), nor a dash alone (a list item).
_END = r"(?=[\s\[\]{},]|\Z)"
_ODD_NUMBER = re.compile(
    r"""[-+._0-9](?<![^\s\[\]{},:'"].)"""
    r"""(?:(?<=[0-9])(?!(?:(?<=0)|(?<=[1-9])[0-9]*)(?:\.[0-9]+)?""" + _END +
    r"""|[0-9]{3}-[0-9]{2}-[0-9]{2}""" + _END + r""")"""
    r"""|(?<=[+._])"""
    r"""|(?<=-)(?!\s|\Z|(?:0|[1-9][0-9]*)(?:\.[0-9]+)?""" + _END + r"""))""")
# An opening bracket not closed, by a bracket of its kind, on its own line, with at most one level of
# brackets and no quote in between. When no opening bracket is such and the brackets of each kind
# are as many as their closing ones, every flow collection lies on one line, nested at most twice,
# without quotes: libyaml and yaml_rs differ on some flow collections over several lines (`{a: b,
# c\n  d: e}`). (`*+`: once the content is read, no going back to find a shorter one.)
_FLOW_TEXT = r"""[^\[\]{}\n'"]"""
_FLOW_INNER = r"\[" + _FLOW_TEXT + r"*+\]|\{" + _FLOW_TEXT + r"*+\}"
_OPEN_NOT_CLOSED = re.compile(r"\[(?:" + _FLOW_TEXT + "++|" + _FLOW_INNER + r")*+(?!\])"
                              r"|\{(?:" + _FLOW_TEXT + "++|" + _FLOW_INNER + r")*+(?!\})")
_MAX_CHARACTERS = 1024 * 1024  # what `yamlread.decode` lets through
# a backslash that is not `\uXXXX`, `\"` or `\\` inside a double-quoted text (`plain_enough` with
# numbers=False; the caller refuses a text with a backslash outside double quotes)
_OTHER_ESCAPE = re.compile(r'\\(?!u(?![dD][89a-fA-F])[0-9a-fA-F]{4}|["\\])')  # (a surrogate half: libyaml refuses it)
_CONFLICT_MARKS = ("<<<<<<<", "=======", ">>>>>>>")

_IMPLICIT = Resolver.yaml_implicit_resolvers  # YAML 1.1's plain-scalar types, by first character
# The texts YAML 1.1 reads as a boolean, null, merge key, value key or `!&*` when written plain (the
# patterns of `_IMPLICIT` for a first character that is not a digit, sign or dot: all fixed words).
_WORDS = frozenset("yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF "
                   "null Null NULL ~ = << ! & *".split()) | {""}
_NUMBERISH = frozenset("0123456789+-.")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_LONGEST_KEY = 512  # libyaml refuses a plain key over 1,024 characters: leave long ones to it
_DEEP_LINE = re.compile(r"\n[ -]{200}")  # see `plain_enough`
_DEEP_START = re.compile(r"[ -]{200}")
_good_keys: set[str] = set()  # keys already found plain: most files have the same few dozen


class _Refused(Exception):
    pass


def _parser():
    global _loads
    if _loads is None:
        try:
            import yaml_rs

            _options.update(parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error)
            _loads = yaml_rs.loads
        except Exception:  # not installed, or a build that does not load here: the strict reader
            _loads = False
    return _loads


def plain_enough(text: str, numbers: bool = True, limit: int = _MAX_CHARACTERS) -> str | None:
    """The text to give `yaml_rs` when nothing in `text` can read differently under YAML 1.1 or be
    refused by the strict reader, else None.

    It also keeps from `yaml_rs` what could crash it: a Rust parser recurses once per level and
    overflows its stack past some thousands of levels (`- - - … a`). Flow collections it refuses past
    255 levels; a block collection starts on a new line deeper in, or after a `- ` on the same line,
    and every two levels of block nesting move at least one column right, so a text where no line
    starts with 200 spaces or dashes nests under 660 levels.

    `numbers=False`: for a text whose every value must come out as text (the identity store, read
    with BaseLoader: `613-555-0142` is a phone), the rules about numbers are left to the caller,
    which refuses any value `yaml_rs` does not give as text; `limit`: its size (16 MB for the store)."""
    if len(text) > limit:
        return None
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")
    # `isprintable` (C speed) is false for every character `_ODD_CHARACTER` or `_UNICODE_SPACE`
    # looks for (controls, tab, NEL, line and paragraph separators, BOM, surrogates, non-characters,
    # Unicode spaces): when it holds, neither pattern can match
    printable = text.replace("\n", "").isprintable()
    if not printable and _ODD_CHARACTER.search(text):
        return None
    for mark in _CONFLICT_MARKS:
        if mark in text:
            return None
    body = _COMMENT.sub("", text) if "#" in text else text
    # (a backslash: the identity store's writers escape a name's letters \u00f4, which both readers
    # read alike inside double quotes; any other escape is the strict reader's)
    if ("\\" in body and (numbers or _OTHER_ESCAPE.search(body))) \
            or body.startswith(("%", "---", "...")) or _DOCUMENT_MARK.search(body) \
            or (not printable and _UNICODE_SPACE.search(body)) \
            or (_has_any(body, _INDICATORS) and _NODE_INDICATOR.search(body)) or _COLON_WORD.search(body) or _COLON_THEN_FLOW.search(body) \
            or (numbers and _ODD_NUMBER.search(body)) \
            or (numbers and ("'" in body or '"' in body) and _QUOTED_NUMBER.search(body)) \
            or _DEEP_START.match(text) or _DEEP_LINE.search(text):
        return None
    if ("[" in body or "{" in body or "]" in body or "}" in body) and (
            body.count("[") != body.count("]") or body.count("{") != body.count("}")
            or _OPEN_NOT_CLOSED.search(body)):
        return None
    return text


def load(text: str, max_depth: int) -> Any:
    """The data of `text` exactly as the strict reader would build it, or NOT_PROVEN."""
    if not ENABLED:
        return NOT_PROVEN
    loads = _loads if _loads is not None else _parser()
    if not loads:
        return NOT_PROVEN
    simple = plain_enough(text)
    if simple is None:
        return NOT_PROVEN
    try:
        data = loads(simple, **_options)
    except BaseException as exc:  # a parse error, or a panic in the extension (not an Exception)
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        return NOT_PROVEN
    try:
        if type(data) is dict:
            _check_mapping(data, max_depth - 1)
        elif type(data) is list:
            _check_list(data, max_depth - 1)
        else:  # an empty file, a lone scalar: rare, and the strict reader has rules for them
            return NOT_PROVEN
    except _Refused:
        return NOT_PROVEN
    return data


def _numberish(value: str) -> Any:
    """A text starting with a digit, sign or dot, as YAML 1.1 would read it written plain: a date
    becomes a date (no quoted text starts with a digit, so it was plain); any other text YAML 1.1
    reads as something else (written plain, or quoted: we cannot tell) is refused."""
    if _DATE.match(value):
        try:
            return date(int(value[:4]), int(value[5:7]), int(value[8:]))
        except ValueError:  # 2026-02-30: the strict reader says where
            raise _Refused from None
    for _tag, regexp in _IMPLICIT[value[0]]:
        if regexp.match(value):
            raise _Refused
    return value


def _key(key: Any) -> None:
    if type(key) is not str or len(key) > _LONGEST_KEY or key in _WORDS:
        raise _Refused
    if key[0] in _NUMBERISH:
        for _tag, regexp in _IMPLICIT[key[0]]:
            if regexp.match(key):
                raise _Refused
    if len(_good_keys) < 10_000:
        _good_keys.add(key)


def _check_mapping(node: dict, depth: int) -> None:
    if depth <= 0:
        raise _Refused
    for key, value in node.items():
        if key not in _good_keys:
            _key(key)
        kind = type(value)
        if kind is str:
            if value in _WORDS:
                raise _Refused
            if value[0] in _NUMBERISH:
                node[key] = _numberish(value)
        elif kind is dict:
            _check_mapping(value, depth - 1)
        elif kind is list:
            _check_list(value, depth - 1)
        elif kind is int or kind is bool or value is None:
            pass
        elif kind is not float or not math.isfinite(value):
            raise _Refused


def _check_list(node: list, depth: int) -> None:
    if depth <= 0:
        raise _Refused
    for i, value in enumerate(node):
        kind = type(value)
        if kind is str:
            if value in _WORDS:
                raise _Refused
            if value[0] in _NUMBERISH:
                node[i] = _numberish(value)
        elif kind is dict:
            _check_mapping(value, depth - 1)
        elif kind is list:
            _check_list(value, depth - 1)
        elif kind is int or kind is bool or value is None:
            pass
        elif kind is not float or not math.isfinite(value):
            raise _Refused
