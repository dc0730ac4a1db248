"""The identity store's fast reading (`identity._fast_entries`, yaml_rs) gives exactly what the
strict reading (libyaml's BaseLoader) gives, or gives up: checked on texts generated around every
rule (values a YAML 1.2 reader types otherwise, escapes, flow and block styles, comments, odd
characters, keys twice)."""

from __future__ import annotations

import random

import pytest
import yaml

from cedta.clients import identity

VALUES = ["Amira Haddad", "613-555-0142", "0145236712", "+16135550142", "No", "yes", "~", "null", "", "true",
          "1e3", "0x1F", "1_000", "12:30", "2026-01-05", "a: b", "a #b", "'quoted'", '"dq"', "O'Brien",
          "Côté", "Łukasz", "名字", "x\\u00f4y", "\\t", "\\/", "\\\\u00f4", "[a, b]", "{first: A, last: B}",
          "- item", "*alias", "&anchor x", "!tag x", "|", ">", "%x", "@x", "`x", "a\tb", "multi\n    line",
          "3.14", ".5", "-", "--", "a,b", "é\u0301", "\u00a0lead", "trail ", "#", "a:b", "?"]
KEYS = ["name", "phone", "email", "address", "note", "Name", "full name", "prénom", "nom", "x1", "<<", "name"]


def _quoted(value: str, style: int) -> str:
    if style == 0:
        return value
    if style == 1:
        return "'" + value.replace("'", "''") + "'"
    return '"' + value.replace('"', '\\"') + '"'


def _store(rng: random.Random) -> str:
    lines = []
    for i in range(rng.randint(0, 6)):
        key = rng.choice([f"c-2026-{i:04d}", f"C-2026-{i:04d}", f"c-2026-{rng.randint(0, 3):04d}", "c-2026-0001 "])
        if rng.random() < 0.15:
            lines.append(f"{key}: {rng.choice(VALUES)}")
            continue
        if rng.random() < 0.15:
            lines.append(f"{key}: {{name: {rng.choice(VALUES)}, phone: {rng.choice(VALUES)}}}")
            continue
        lines.append(f"{key}:")
        for _ in range(rng.randint(0, 4)):
            value = _quoted(rng.choice(VALUES), rng.randint(0, 2))
            comment = rng.choice(["", "", "  # note", " #x"])
            lines.append(f"  {rng.choice(KEYS)}: {value}{comment}")
    text = "\n".join(lines) + rng.choice(["\n", "", "\n\n# end\n"])
    if rng.random() < 0.1:
        text = text.replace("\n", "\r\n")
    return text


def _strict(text: str):
    try:
        return yaml.load(text, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    except Exception:
        return "error"


@pytest.mark.parametrize("seed", range(4))
def test_the_fast_reading_is_the_strict_one_or_none(seed):
    rng = random.Random(seed)
    fast_used = 0
    for _ in range(1500):
        text = _store(rng)
        fast = identity._fast_entries(text)
        if fast is None:
            continue
        fast_used += 1
        strict = _strict(text)
        assert strict != "error", text
        assert fast == (strict or {}), (text, fast, strict)
    assert fast_used > 100  # the fast reading is used, not always refused


def test_a_store_cedta_writes_is_read_fast():
    entries = {f"c-2026-{i:04d}": {"name": f"Côté O'Brien {i}", "phone": f"613-555-{i:04d}",
                                   "note": "No: call after 5 # not a comment"} for i in range(50)}
    text = "".join(identity._entry_text(cid, e) for cid, e in entries.items())
    assert identity._fast_entries(text) == entries


def test_the_fast_fold_and_normalise_are_the_per_character_ones():
    """`fold` and `normalise` take ASCII and Latin text at C speed (review 15, R15-17): the same
    result as the per-character rules, for every code point of the ranges French, keyboards and
    hostile texts use, alone and between letters and digits."""
    import unicodedata

    from cedta.records import checks
    from cedta.suggest import _PLAIN_LETTERS, fold

    def fold_slow(text):
        if not text.isascii():
            text = text.translate(_PLAIN_LETTERS)
        text = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("\u2011", "-"))
        text = "".join(c for c in text if not unicodedata.combining(c))
        return " ".join(text.lower().split())

    def normalise_slow(text):
        if text.isascii():
            return checks._DIGIT_SLIPS.sub(checks._digit_slip, text.replace("\t", " "))
        text = unicodedata.normalize("NFKC", text).translate(checks._INVISIBLE)
        kept = []
        for c in text:
            kind = unicodedata.category(c)
            if kind in checks._UNSEEN:
                continue
            kept.append("-" if kind == "Pd" or c in "\u2212\u2043" else " " if c.isspace() else c)
        return checks._DIGIT_SLIPS.sub(checks._digit_slip, "".join(kept))

    for cp in list(range(0x0, 0x3000)) + list(range(0xfb00, 0xfffe)):
        c = chr(cp)
        if 0xd800 <= cp <= 0xdfff:
            continue
        for text in (c, f"Côté{c}é", f"61{c}3-555-0142", f"a{c}"):
            assert fold(text) == fold_slow(text), hex(cp)
            assert checks.normalise(text) == normalise_slow(text), hex(cp)
