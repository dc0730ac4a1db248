"""Loaded records made lighter: a network of 50,000 clients holds a million small pydantic records.

`compact(record)` gives each record's set of field names (pydantic keeps one per record, ≈ 200
bytes, half of a loaded client) one shared object per distinct set, read-only, and keeps one copy
of each short text (ids, terms) and date. The record reads, dumps, copies and pickles the same.
Pure: no printing, no file access.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from pydantic import BaseModel


def _holds(annotation: Any, kinds: tuple) -> bool:
    """True when an annotation can hold a value of one of `kinds` (through Optional, list...)."""
    import typing

    if isinstance(annotation, type) and issubclass(annotation, kinds):
        return True
    return any(_holds(arg, kinds) for arg in typing.get_args(annotation))


class _SharedFieldSet(set):
    """The names of the fields a record sets, one object shared by every record that sets the same
    names: a pydantic record keeps a set of its own (≈ 200 bytes), half of a loaded client's memory
    at 23 small records a client. Read-only: pydantic copies it for `model_copy`; assigning a field
    of a shared record raises instead of changing the others."""

    __slots__ = ()

    def _refuse(self, *args, **kwargs):
        raise TypeError("a loaded record is read-only: use model_copy(update=...)")

    add = update = discard = remove = pop = clear = _refuse
    difference_update = intersection_update = symmetric_difference_update = _refuse
    __ior__ = __iand__ = __isub__ = __ixor__ = _refuse

    def __copy__(self):
        return set(self)

    def __deepcopy__(self, memo):
        return set(self)

    def __reduce__(self):
        return (set, (list(self),))


_SHARED: dict[frozenset, _SharedFieldSet] = {}
_WORDS: dict[Any, Any] = {}  # short texts (ids, terms) and dates seen in records: one copy each


@functools.lru_cache(maxsize=None)
def _nested(cls: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The fields of a record class that can hold records, and those that can hold text or dates."""
    models, texts = [], []
    for name, fld in cls.model_fields.items():
        if _holds(fld.annotation, (BaseModel,)):
            models.append(name)
        elif _holds(fld.annotation, (str, dt.date)):
            texts.append(name)
    return tuple(models), tuple(texts)


def compact(node: Any) -> Any:
    """The same record, lighter: its field-name sets shared with every other record alike (see
    above), and its short texts (ids, terms) and dates one copy for all the records that hold them."""
    fields = node.__pydantic_fields_set__
    names = frozenset(fields)
    shared = _SHARED.get(names)
    if shared is None:
        shared = _SHARED[names] = _SharedFieldSet(names)
    object.__setattr__(node, "__pydantic_fields_set__", shared)
    values = node.__dict__
    models, texts = _nested(type(node))
    words = _WORDS
    for name in texts:
        value = values[name]
        if (type(value) is str and len(value) <= 40) or type(value) is dt.date:
            values[name] = words.setdefault(value, value)
        elif type(value) is list:
            values[name] = [words.setdefault(v, v) if type(v) is str and len(v) <= 40 else v for v in value]
    for name in models:
        value = values[name]
        if type(value) is list:
            for item in value:
                if isinstance(item, BaseModel):
                    compact(item)
        elif isinstance(value, BaseModel):
            compact(value)
    return node


