"""Validation: parsed documents in, records and diagnostics out. Pure: no printing, no file access.

Three layers, each giving `Diagnostic`s that point at a file, line and column:
1. schema: each document against its record class in `model` (unknown keys with did-you-mean,
   wrong types with a "quote it" hint for YAML 1.1 surprises, missing keys);
2. references: vocabulary terms, providers, services and hubs named across files;
3. the report's rules, as warnings (hub director a member, two forum representatives, leadership
   table of 12-15 with two co-chairs, services past their end date, contacts before intake...).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import typing
from dataclasses import dataclass, field
from typing import Any, Iterator

from pydantic import BaseModel, ValidationError

from cedta.records import model as m
from cedta.records.compact import _holds, compact
from cedta.diagnostics import ERROR, WARNING, Diagnostic
from cedta.messages import MESSAGES
from cedta.records.vocab import Vocabulary, builtin
from cedta.io.yamlread import Document, YamlProblem

SLUG = re.compile(m.SLUG_PATTERN)
MAX_PER_FILE = 50  # diagnostics shown per file; the rest are counted in one `more-problems` line
MAX_ITEMS = 10_000  # items in one list of a record (the largest shipped list holds under 100)


def _longest_list(data: Any) -> tuple[tuple, int] | None:
    """(path, length) of the first list longer than MAX_ITEMS, else None."""
    stack: list[tuple[Any, tuple]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if type(node) is list:
            if len(node) > MAX_ITEMS:
                return path, len(node)
            stack.extend((v, path + (i,)) for i, v in enumerate(node) if type(v) in (dict, list))
        elif type(node) is dict:
            stack.extend((v, path + (k,)) for k, v in node.items() if type(v) in (dict, list))
    return None
_UNION_TAGS = {"keyword", "options"}
_LIMITS = {
    "greater_than_equal": "too-small", "greater_than": "too-small-strict", "less_than_equal": "too-large",
    "less_than": "too-large-strict", "too_short": "too-few", "string_too_short": "empty-text",
    "string_too_long": "text-too-long", "too_long": "too-many",
}


@dataclass
class Entry:
    """One record with the document it came from."""

    record: Any
    doc: Document
    path: str  # as shown
    kind: str
    facts: tuple | None = None  # (terms, dates) of the record, from one walk (`record_facts`)


@dataclass
class Dataset:
    vocab: Vocabulary
    network: Entry | None = None
    providers: dict[str, Entry] = field(default_factory=dict)
    hubs: dict[str, Entry] = field(default_factory=dict)
    clients: dict[str, Entry] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    broken: set[tuple[str, str]] = field(default_factory=set)  # (kind, file stem) that failed to load

    def service(self, ref: str) -> m.Service | None:
        provider_id, _, service_id = ref.partition("/")
        entry = self.providers.get(provider_id)
        if entry is None:
            return None
        return next((s for s in entry.record.services if s.id == service_id), None)

    @property
    def settings(self) -> m.Network:
        if self.network is not None:
            return self.network.record
        return m.Network(id="network", name=m.Bilingual(en="Network"))


# ---- loading ------------------------------------------------------------------------------------

def problem_diagnostic(path: str, problem: YamlProblem) -> Diagnostic:
    return Diagnostic(ERROR, problem.code, path, problem.line, problem.column, dict(problem.params))


def load_dataset(results: list, base_vocab: Vocabulary | None = None) -> Dataset:
    """Turn read results (see `store.ReadResult`) into records and schema diagnostics."""
    vocab = base_vocab or builtin()
    ds = Dataset(vocab=vocab)
    ordered = sorted(results, key=lambda r: r.file.kind != "vocab")  # the vocabulary first
    for r in ordered:
        f = r.file
        if r.problem is not None:
            ds.diagnostics.append(problem_diagnostic(f.shown, r.problem))
            ds.broken.add((f.kind, f.stem))
            continue
        record = _validate_document(f.kind, r.document, f.shown, f.stem, ds.diagnostics)
        if record is None:
            ds.broken.add((f.kind, f.stem))
            found = unloaded_terms(f.kind, r.document, f.shown, vocab, ("vocab", "vocab") in ds.broken)
            ds.diagnostics.extend(map(redact, found) if f.kind == "client" else found)
            continue
        if f.kind == "client":
            record = compact(record)  # lighter: fields-set and short texts shared (see `compact`)
            if hasattr(r.document, "release"):
                r.document.release()  # the record holds it now; the data comes back from the cache if asked
        entry = Entry(record, r.document, f.shown, f.kind)
        if f.kind == "vocab":
            for category, term_id, code, *more in vocab.extend(r.document.data):
                line, col = r.document.where((category, term_id), key=True)
                severity = WARNING if code in ("vocab-redefines", "vocab-alias-taken", "vocab-wording-taken") else ERROR
                ds.diagnostics.append(Diagnostic(
                    severity, code, f.shown, line, col, {"category": category, "term": term_id, **(more[0] if more else {})},
                ))
        elif f.kind == "network":
            ds.network = entry
        else:
            bucket = {"provider": ds.providers, "hub": ds.hubs, "client": ds.clients}[f.kind]
            # keyed by file name: two copies of a template (same id) are both checked
            bucket[f.stem if record.id != f.stem and SLUG.match(f.stem) else record.id] = entry
    return ds


def _validate_document(kind: str, doc: Document, shown: str, stem: str, out: list,
                       scan: bool = True) -> Any:
    """The record of a document, None when it does not load (its findings added to `out`);
    `scan=False` leaves out the privacy scan, which never takes a record away (matching's count of
    places taken loads every client file for its plan)."""
    cls = m.KINDS[kind]
    data = doc.data
    if not isinstance(data, dict):
        out.append(Diagnostic(ERROR, "not-a-mapping", shown, *doc.where(()),
                              {"kind": kind, "got": _type_name(data)}))
        return None
    if kind == "client" and scan:
        out.extend(privacy_scan(doc, shown, stem))
    # a list of more than MAX_ITEMS items takes at least two bytes an item (`[a,a,…]`, `- a`): a
    # smaller file (its size known from the cache) cannot hold one, and its tree is not walked
    size = getattr(doc, "size", None)
    longest = _longest_list(data) if size is None or size >= 2 * MAX_ITEMS else None
    if longest is not None:  # 400,000 `needs` items: one finding, not 400,000 (nor 500 MB of them)
        path, count = longest
        out.append(Diagnostic(ERROR, "too-many-items", shown, *doc.where(path), {"count": count,
                                                                               "limit": MAX_ITEMS}))
        return None
    named = kind in ("provider", "hub", "client")
    if named and (not SLUG.match(stem) or len(stem) > 64):
        out.append(Diagnostic(ERROR, "bad-file-name", shown, 1, 1, {"name": stem}))
        named = False
    try:
        record = cls.model_validate(data)
    except ValidationError as exc:
        found = _schema_diagnostics(exc, doc, shown, cls, kind)
        out.extend(map(redact, found) if kind == "client" else found)
        return None
    misread = list(_accepted_surprises(record, doc, shown))
    if misread:  # `minutes: 0123` taken as 83: the record is not what the person wrote
        out.extend(misread)
        return None
    if named and record.id != stem:  # reported, and the record still checked: all errors at once
        out.append(Diagnostic(ERROR, "id-mismatch", shown, *doc.where(("id",)),
                              {"id": record.id, "name": stem}))
    if kind in ("provider", "hub", "network"):
        out.extend(_placeholders(doc, shown))
    return record


# What `cedta init` and templates/ write for the network to replace: left as is, they reach the
# forum roster ("New hub (director: New provider)") without a word
PLACEHOLDER_TEXTS = frozenset({"New hub", "Nouveau centre", "New provider", "Nouveau fournisseur",
                               "New CED network", "Nouveau réseau DÉC"})
PLACEHOLDER_MARKS = ("(placeholder)", "(à remplacer)")


def _placeholders(doc: Document, shown: str) -> list[Diagnostic]:
    """A warning for each text of a provider, hub or network file still as its template wrote it."""
    found = []
    stack: list[tuple[Any, tuple]] = [(doc.data, ())]
    while stack:
        node, path = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for k, v in items:
            if isinstance(v, (dict, list)):
                stack.append((v, path + (k,)))
            elif isinstance(v, str) and (v in PLACEHOLDER_TEXTS or any(mark in v for mark in PLACEHOLDER_MARKS)):
                found.append(Diagnostic(WARNING, "placeholder", shown, *doc.where(path + (k,)), {"value": v}))
    return sorted(found, key=lambda d: (d.line, d.column))


# ---- privacy: direct identifiers in a client file ------------------------------------------------

# Keys that name a direct identifier, folded (lowercase, no accents, `-`/space/`.` as `_`), in
# English and French, beyond the model's own list.
IDENTIFIER_KEYS = {k.replace("-", "_") for k in m.IDENTIFIER_KEYS} | {
    "nom", "prenom", "prenoms", "nom_de_famille", "nom_complet", "courriel", "adresse_courriel",
    "telephone", "telephone_number", "phone_number", "numero_de_telephone", "tel", "cellulaire", "cell",
    "cellphone", "cell_phone", "mobile_phone", "home_phone", "work_phone", "fax", "telecopieur",
    "adresse", "adresse_postale", "street_address", "home_address", "mailing_address", "code_postal",
    "postcode", "zip", "zip_code", "nas", "numero_d_assurance_sociale", "social_insurance_number",
    "date_de_naissance", "naissance", "contact", "contact_name", "contact_info", "coordonnees",
    "email_address", "e_mail", "given_name", "family_name", "middle_name", "maiden_name", "nickname",
    "health_card", "ohip", "carte_sante", "passport", "passeport", "drivers_licence", "drivers_license",
    "permis_de_conduire", "client_name", "nom_du_client",
}
# Invisible characters removed before looking: zero-width, soft hyphen, bidirectional controls.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c"
                                    "\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061"
                                    "\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u206a\u206b\u206c"
                                    "\u206d\u206e\u206f\u3164\ufeff\uffa0"), None)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Phone numbers: after + or 00, groups of 1-4 digits; else groups of 1-3 digits (the last up to 4)
# with one to three separators between them (613-555-0199, (613) 555 01 99, 613 - 555 - 0199), or
# 10-15 digits in a row. Ten digits or more make a phone number, eight after + or 00. Dates are
# blanked first, and a year or an id's 4-digit group (c-2026-0001) cannot start a phone number.
_S = r"(?:[ .\-/]{1,3}|(?<=\)))"  # a separator; none needed after `)`: +49 (0)30 1234 5678
_PHONE = re.compile(rf"(?<!\d)(?<!\d[ .\-/])(?:(\+|00) ?\(?\d{{1,4}}\)?(?:{_S}\(?\d{{1,4}}\)?){{1,8}}"
                    rf"|\(?\d{{1,3}}\)?(?:{_S}\(?\d{{1,3}}\)?){{1,12}}{_S}\(?\d{{1,4}}\)?"
                    r"|\d{10,15})(?![ .\-/]?\d)")
# A bracket and the spaces around it, dropped to see a number whose area code is bracketed and glued
# to the rest ((613)5550142); then the digits left must run 10-15 in a row (8-15 after + or 00).
_BRACKET = re.compile(r"[ ]*[()\[\]{}][ ]*")
_BRACKETED_PHONE = re.compile(r"(?<![\d.\-/])(\+|00)?\d{8,15}(?![\d.\-/]?\d)")
_GLUED_PHONE = re.compile(r"(?<![\d.\-/])(?:(?:\+|00)\d{1,3}[ .\-/]{0,3}|1[ .\-/]{1,3})?"
                          r"(?:\d{3}[ .\-/]{1,3}\d{7}|\d{6}[ .\-/]{1,3}\d{4})(?![ .\-/]?\d)")
_DATE_LIKE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}")
_LOCAL_PHONE = re.compile(r"(?<![\d.\-/])\d{3}[.\-]\d{4}(?![\d.\-/]|-\d)")
_SIN = re.compile(r"(?<!\d)(?<!\d[ .\-/])\d{3}[ .\-]?\d{3}[ .\-]?\d{3}(?![ .\-/]?\d)")
# with slashes (046/454/286: hostile 11, 23), only when its check digit holds: "250/500/750" is no SIN
_SIN_SLASHED = re.compile(r"(?<![\d/])\d{3}/\d{3}/\d{3}(?![\d/])")


def _luhn(digits: str) -> bool:
    """Whether a number's check digit holds (the Luhn algorithm, as a SIN's does)."""
    total = 0
    for i, c in enumerate(reversed(digits)):
        n = int(c) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


_AT = re.compile(r"\s*[\[({<]\s*(?:at|arobase|arobas|@)\s*[\])}>]\s*")
_DOT = re.compile(r"\s*[\[({<]\s*(?:dot|point|\.)\s*[\])}>]\s*")
_SPELLED = re.compile(r"(?<=\w)\s+(?:at|arobase)\s+([\w-]+(?:\s+(?:dot|point)\s+[\w-]+)+)")


# Between digits, an underscore read as a dash and a letter O as a zero (613_555_0142, 613-555-O142):
# what a person types to slip a number past a check (hostile pass 10, L)
# (the pattern starts with a digit: a text without one is passed over at C speed, under 1 µs)
# Other separators between digits read as a dash too: a middle dot (French grouping), a bullet, a bar,
# a backslash, a tilde (613·555·0142, 613 • 555 • 0142: hostile pass 11, 23), and commas or colons
# that group 3, 3 and 4 digits, as no amount and no time is grouped (613,555,0142; 613:555:0142)
_DIGIT_SLIPS = re.compile(r"(\d)(_|[Oo]|[-. ][Oo]| ?[\u00b7\u2022] ?|[|\\~])(?=[-. ]?\d)"
                          r"|(?<![\d:])(\d{3})[,:](\d{3})[,:](\d{4})(?![\d,:])")  # (not a time: 9:00-12:00, review 11b R1)


def _digit_slip(m: re.Match) -> str:
    if m.group(3):  # 613,555,0142
        return f"{m.group(3)}-{m.group(4)}-{m.group(5)}"
    slip = m.group(2)
    return m.group(1) + ("-" if slip == "_" or not slip.strip(" -.").upper() == "O" else slip[:-1] + "0")


def normalise(text: str) -> str:
    """Text as a pattern should see it: NFKC (full-width digits, ligatures), invisible and
    bidirectional characters, marks and format characters removed, every dash `-` and every space ` `, an underscore between
    digits a dash and a letter O among digits a zero."""
    if text.isascii():
        text = text.replace("\t", " ")
        return _DIGIT_SLIPS.sub(_digit_slip, text)
    import unicodedata

    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    if _LATIN_TEXT.fullmatch(text):  # (French: no mark, format character, dash or space to respell)
        return _DIGIT_SLIPS.sub(_digit_slip, text.translate(_ASCII_SPACES))
    kept = []
    for c in text:
        kind = unicodedata.category(c)
        # marks left after NFKC (a keycap around a digit, a variation selector, an accent on a
        # digit) and format characters (tags): invisible inside 613-555-0142 (hostile 14, 3)
        if kind in _UNSEEN:
            continue
        kept.append("-" if kind == "Pd" or c in "\u2212\u2043" else " " if c.isspace() else c)
    return _DIGIT_SLIPS.sub(_digit_slip, "".join(kept))


_UNSEEN = frozenset({"Mn", "Me", "Cf"})
# ASCII and the Latin letters and signs up to U+024F, less the soft hyphen (taken out before) and
# U+00A0 (NFKC has made it a space): no character there is a mark, a format character, a dash other
# than `-` or a space other than the ASCII ones, so `normalise` has only those spaces to respell
_LATIN_TEXT = re.compile("[\x00-\x7f\u00a1-\u00ac\u00ae-\u024f\u2013\u2014\u2018\u2019\u201c\u201d\u2026]*")
# (and the typographic apostrophes, quotes, ellipsis and dashes of French text: the dashes read `-`)
_ASCII_SPACES = {**dict.fromkeys(map(ord, "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"), " "), 0x2013: "-", 0x2014: "-"}


_MAYBE_EMAIL = re.compile(r"@|[\[({<]\s*(?:at|arobase|arobas)\s*[\])}>]|\s(?:at|arobase)\s+[\w-]+\s+(?:dot|point)\s",
                          re.I)
_MAYBE_NUMBER = re.compile(r"\d(?:\D{0,6}\d){6}")  # seven digits, close together
# Digits as words, in English and French (`oh` for 0 as phone numbers are read aloud)
_DIGITS = {w: str(d) for d, ws in enumerate((
    "zero oh zéro", "one un une", "two deux", "three trois", "four quatre", "five cinq", "six",
    "seven sept", "eight huit", "nine neuf")) for w in ws.split()}
_DIGIT_WORD = re.compile(r"(?<![^\W\d_])(?:" + "|".join(sorted(_DIGITS, key=len, reverse=True)) + r")(?![^\W\d_])",
                         re.I)
_WORD_BREAKS = str.maketrans(dict.fromkeys(",.;:!?()[]{}'\"/-_", " "))
_SPOKEN_GAP = re.compile(r"(?<=\0\d)[\s,.\-/]{1,3}(?=\0?\d)|(?<=\d)[\s,.\-/]{1,3}(?=\0\d)")


@functools.lru_cache(maxsize=8192)
def personal_kind(text: str) -> str | None:
    """`email`, `phone` or `sin` when the text holds one (however written), else None."""
    if not text:
        return None
    t = normalise(text)
    if _MAYBE_EMAIL.search(t):
        low = _DOT.sub(".", _AT.sub("@", t.lower()))
        low = _SPELLED.sub(lambda mm: "@" + re.sub(r"\s+(?:dot|point)\s+", ".", mm.group(1)), low)
        if _EMAIL.search(low):
            return "email"
    words = sum(map(_DIGITS.__contains__, t.lower().translate(_WORD_BREAKS).split()))  # (C speed: a
    # regular expression over every text cost 12 µs a note)
    if words and words + sum(map(t.count, "0123456789")) >= 7:
        # six one three five five five zero one nine nine, 613 five five five 0199: digits said as
        # words are read again as digits, the spaces and dashes next to them dropped (6 1 3 -> 613)
        spoken = _DIGIT_WORD.sub(lambda mm: "\0" + _DIGITS[mm.group().lower()], t)
        spoken = _SPOKEN_GAP.sub("", spoken).replace("\0", "")
        kind = personal_kind(spoken)
        if kind:
            return kind
    if not _MAYBE_NUMBER.search(t):
        return None
    t = _DATE_LIKE.sub(" ; ", t)
    for mm in _PHONE.finditer(t):
        digits = sum(c.isdigit() for c in mm.group())
        if digits >= 10 or (mm.group(1) and digits >= 8):
            return "phone"
    # (613)5550142, ( 613 )5550142, +1(613)5550142: the area code in brackets, glued to the rest;
    # 613 5550142, 613555-0142: the local number's two groups written as one
    bare = _BRACKET.sub("", t) if any(c in t for c in "()[]{}") else t
    for mm in _BRACKETED_PHONE.finditer(bare):
        digits = sum(c.isdigit() for c in mm.group())
        if digits >= 10 or (mm.group(1) and digits >= 8):
            return "phone"
    if _GLUED_PHONE.search(bare):
        return "phone"
    if _SIN.search(t) or any(_luhn(m.group().replace("/", "")) for m in _SIN_SLASHED.finditer(t)):
        return "sin"
    if _LOCAL_PHONE.search(t):
        return "phone"
    return None


_KEY_LINE = re.compile(r"^\s*(?:-\s*)?[\"']?([^:#\"'\n]{1,40})[\"']?\s*[:=]\s*\S")


_KIND_KEYS = {"client": ("intake:", "consent:", "needs:"), "provider": ("services:",),
              "hub": ("director:", "forum_representatives:", "members:")}


def looks_like(text: str) -> str | None:
    """The kind of record a YAML text looks like, from its top-level keys (client, provider, hub),
    or None: to say where a file out of its folder belongs."""
    top = {line.split(":", 1)[0] + ":" for line in text.splitlines()[:400]
           if line[:1].isalpha() and ":" in line}
    scores = {kind: sum(k in top for k in keys) for kind, keys in _KIND_KEYS.items()}
    kind = max(scores, key=scores.get)
    return kind if scores[kind] else None


def loose_text_leaks(text: str, shown: str) -> list[Diagnostic]:
    """Lines of a file that is not a record (a stray note in data/clients/) that hold a phone
    number, an e-mail, a SIN, or a value under an identifier key (`name: ...`, `téléphone = ...`):
    git commits such a file with the records, and no other check reads it."""
    found = []
    for n, line in enumerate(text.splitlines(), 1):
        what = personal_kind(line)
        if what is None:
            m = _KEY_LINE.match(line)
            what = "identifier-key" if m and identifier_key(m.group(1).strip()) else None
        if what:
            found.append(Diagnostic(ERROR, "identifier-in-loose-file", shown, n, 1, {"what": what}))
    return found


def _personal_text(text: str | None) -> str | None:
    """The old name of `personal_kind` (the clients stage calls it)."""
    return personal_kind(text) if text else None


@functools.lru_cache(maxsize=4096)
def identifier_key(key: str) -> bool:
    """True when a key names a direct identifier (`Courriel`, `prénom`, `telephone-number`, `NAS`)."""
    from cedta.records.vocab import fold

    folded = re.sub(r"[\s.\-']+", "_", fold(normalise(key))).strip("_")
    return folded in IDENTIFIER_KEYS


# Keys and texts already found to hold no identifier: a set lookup in the walk, not a call of the
# (cached) functions for each of a file's few hundred keys and values. Bounded: cleared when full.
_CLEAN_KEYS: set[str] = set()
_CLEAN_TEXTS: set[str] = set()
_CLEAN_MAX = 200_000


def privacy_scan(doc: Document, shown: str, stem: str) -> Iterator[Diagnostic]:
    """Every direct identifier a client file shows: identifier keys, and e-mail addresses, phone
    and social insurance numbers anywhere: in values, in keys, in comments, in the id and file name."""
    from cedta.io.yamlread import COMMENTS

    kind = personal_kind(stem.replace("-", " ")) if stem else None  # maria-garcia-613-555-0199
    if kind:
        yield Diagnostic(ERROR, "identifier-in-id", shown, 1, 1, {"what": kind})
    data = doc.data
    if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"] != stem:
        kind = personal_kind(data["id"].replace("-", " "))
        if kind:
            yield Diagnostic(ERROR, "identifier-in-id", shown, *doc.where(("id",)), {"what": kind})
    clean_keys, clean_texts = _CLEAN_KEYS, _CLEAN_TEXTS
    if len(clean_texts) > _CLEAN_MAX:
        clean_texts.clear()
    stack: list[tuple[Any, tuple]] = [(data, ())] if isinstance(data, (dict, list)) else []
    while stack:  # paths are built for collections only: leaves are many, findings few
        node, path = stack.pop()
        items = node.items() if type(node) is dict else enumerate(node)
        for k, v in items:
            if type(k) is str and k not in clean_keys:
                if identifier_key(k):
                    yield Diagnostic(ERROR, "identifier-in-client", shown,
                                     *doc.where(path + (k,), key=True), {"key": k})
                elif personal_kind(k):
                    yield Diagnostic(ERROR, "identifier-in-text", shown,
                                     *doc.where(path + (k,), key=True), {"what": personal_kind(k)})
                elif len(clean_keys) < _CLEAN_MAX:
                    clean_keys.add(k)
            if type(v) is str:
                if v in clean_texts or (k == "id" and not path):
                    continue
                kind = personal_kind(v)
                if kind:
                    code = "identifier-in-note" if k in ("note", "notes") else "identifier-in-text"
                    yield Diagnostic(ERROR, code, shown, *doc.where(path + (k,)), {"what": kind})
                else:
                    clean_texts.add(v)
            elif type(v) is dict or type(v) is list:
                stack.append((v, path + (k,)))
    for line, column, text in doc.surprises.get(COMMENTS, ()):  # type: ignore[call-overload]
        kind = personal_kind(text)
        if kind:
            yield Diagnostic(ERROR, "identifier-in-comment", shown, line, column, {"what": kind})


HIDDEN = "•••"


def redact(d: Diagnostic) -> Diagnostic:
    """A diagnostic about a client file with any parameter that looks like an identifier hidden:
    `unknown-key` or `not-allowed` would otherwise print the phone number they are about."""
    hidden = {k: HIDDEN for k, v in d.params.items()
              if isinstance(v, str) and k not in ("what", "hint_code") and personal_kind(v)}
    if not hidden:
        return d
    return Diagnostic(d.severity, d.code, d.path, d.line, d.column, {**d.params, **hidden})


_STREET_TYPES = frozenset({"street", "avenue", "road", "drive", "boulevard", "crescent", "court", "place",
                           "lane", "terrace", "chemin", "route", "rang", "montee", "allee", "impasse",
                           "north", "south", "east", "west", "nord", "ouest", "unit", "suite", "apartment",
                           "appartement", "ottawa", "gatineau"})


def id_names(client_id: str, identity: dict[str, str]) -> str | None:
    """"name" when a client id holds a word of the client's own name (3 letters or more), joined or
    not, accents and hyphens ignored (`c-2026-haddad`, `c-2026-amirahaddad` for Amira Haddad); an id
    is the file's name, in git for good, so any name word in it is too many. Else None."""
    from cedta.records.vocab import fold

    name = identity.get("name")
    if not isinstance(name, str):
        return None
    joined = re.sub(r"[^a-z0-9]", "", fold(normalise(client_id)))
    words = [w for w in re.findall(r"[^\W_\d]+", fold(normalise(name))) if len(w) >= 3]
    return "name" if any(w in joined for w in words) else None


def joined_names(identities: dict) -> dict[str, str]:
    """Each client's full name as an id would spell it, in order and family name first
    (`zoraquill`, `quillzora` for Zora Quill; two words at least, 6 letters or more), to its client
    id: what `other_id_names` looks up."""
    from cedta.records.vocab import fold

    found: dict[str, str] = {}
    for cid, entry in identities.items():
        name = entry.get("name") if isinstance(entry, dict) else None
        if isinstance(name, str):
            words = re.findall(r"[^\W_\d]+", fold(normalise(name)))
            if len(words) >= 2 and len("".join(words)) >= 6:  # (`c-2026-quill-zora`: review 15, R15-6)
                for form in ("".join(words), "".join(words[1:] + words[:1]), "".join(reversed(words))):
                    found.setdefault(form, cid)
    return found


def other_id_names(client_id: str, spelt: dict[str, str]) -> str | None:
    """The id of another client whose full name `client_id` spells (`spelt`: `joined_names`), else
    None: an id is the file's name, in git for good (hostile 15, H15-16). The id's stretches of
    letters are looked up: an id is short, and 50,000 names are not each searched (review 15, R15-16)."""
    from cedta.records.vocab import fold

    joined = re.sub(r"[^a-z]", "", fold(normalise(client_id)))
    for start in range(len(joined)):
        for end in range(start + 6, len(joined) + 1):
            cid = spelt.get(joined[start:end])
            if cid is not None and cid != client_id:
                return cid
    return None


def file_name_leaks(names: list[tuple[str, str]], identities: dict) -> list[Diagnostic]:
    """Files of the data folder whose name shows an identifier (`613-555-0142.txt`, an e-mail) or a
    client's full name from the identity store (`Amira Haddad - budget.txt`): the name is in git,
    and in a pull request's list of other files. `names`: (file name, as shown)."""
    index = names_index(identities)  # names in order or surname first, word after word
    found = []
    for name, shown in names:
        stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name  # `contacts@hub.pdf` is no e-mail
        kind = personal_kind(stem) or personal_kind(re.sub(r"[_.]+", " ", stem))
        if not kind and index and name_found(name, index, capital=False):
            kind = "client-name"
        if kind:
            found.append(Diagnostic(ERROR, "identifier-in-file-name", shown, 1, 1, {"what": kind}))
    return found


_APOSTROPHE_IN_WORD = re.compile(r"(?<=[^\W\d_])['\u2019\u02bc`\u00b4](?=[^\W\d_])")
# Scripts written without spaces between words (a Chinese, Japanese or Korean name is found inside text)
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_UNSPACED_KEY = "\0unspaced"


def name_tokens(text: str, joined: bool = True) -> list[str]:
    """The words of a text as a name is matched: with `joined`, an apostrophe inside a word dropped
    (N'Diaye, O'Brien read as NDiaye, OBrien: hostile pass 11, 25); else split there, as
    "d'Amira" and "Tremblay's" are read."""
    text = normalise(text)
    return re.findall(r"[^\W_\d]+", _APOSTROPHE_IN_WORD.sub("", text) if joined else text)


def _capitalised(token: str) -> bool:
    """A word written as a name is: a capital first, or a script without capitals (Arabic, Devanagari:
    hostile pass 11, 24)."""
    first = token[:1]
    return first.isupper() or first.lower() == first.upper()


def names_index(identities: dict) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Every full name of the identity store (two words or more), written in order or surname
    first, and first and last name without the middle ones ("Amira Haddad" for Amira Layla Haddad:
    hostile pass 11, 26), by its first word: (the words, the client's id). A name in a script written
    without spaces (王小明) is under `_UNSPACED_KEY`, found inside a text. For `name_found`."""
    from cedta.records.vocab import fold

    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for cid, entry in identities.items():
        name = entry.get("name") if isinstance(entry, dict) else None
        words = tuple(fold(t) for t in name_tokens(name)) if isinstance(name, str) else ()
        if len(words) == 1 and len(words[0]) >= 2 and _UNSPACED.search(words[0]):
            index.setdefault(_UNSPACED_KEY, []).append((words, str(cid)))
        if len(words) >= 2 and all(len(w) >= 2 for w in words):
            seqs = {words, words[-1:] + words[:-1]}
            if len(words) >= 3:
                seqs |= {(words[0], words[-1]), (words[-1], words[0])}
            for seq in seqs:
                index.setdefault(seq[0], []).append((seq, str(cid)))
    return index


def name_found(text: str, index: dict, own: str = "", capital: bool = True) -> bool:
    """Whether `text` writes a full name of `index` (`names_index`) other than client `own`'s; with
    `capital`, one of its words at least written as a name is (a capital, or a script without
    capitals): "we hope young parents come" is not Hope Young."""
    from cedta.records.vocab import fold

    for joined in ((False, True) if _APOSTROPHE_IN_WORD.search(text) else (False,)):
        tokens = name_tokens(text, joined)
        words = [fold(t) for t in tokens]
        for i, w in enumerate(words):
            for seq, cid in index.get(w, ()):
                if cid != own and tuple(words[i:i + len(seq)]) == seq and (
                        not capital or any(_capitalised(t) for t in tokens[i:i + len(seq)])):
                    return True
    unspaced = index.get(_UNSPACED_KEY)
    if unspaced and _UNSPACED.search(text):
        joined = "".join(fold(t) for t in name_tokens(text))
        return any(cid != own and seq[0] in joined for seq, cid in unspaced)
    return False


_SHOWN_KEY = re.compile(r"[a-z][a-z_-]{0,30}[0-9]?")


def shown_key(key: Any) -> str:
    """A key a person typed, as a message may print it: lowercase letters (`telefon`, `x3`), else
    `…` (a key may itself be a name or a phone: `Fatima Quill:`, `"613-555-0123":`; review 15, R15-7)."""
    return key if isinstance(key, str) and _SHOWN_KEY.fullmatch(key) else "…"


def identity_marks(identities: dict, names: bool = True) -> tuple[dict, set, set]:
    """What `directory_identity_leaks` looks for: the identity store's full names (`names_index`;
    none without `names`: only the errors, a phone or an e-mail, are then looked for), its phone
    numbers (their last ten digits) and its e-mail addresses (folded)."""
    from cedta.records.vocab import fold

    phones, emails = set(), set()
    for entry in identities.values():
        if not isinstance(entry, dict):
            continue
        digits = re.sub(r"\D", "", normalise(str(entry.get("phone") or "")))
        if len(digits) >= 7:
            phones.add(digits[-10:])
        email = entry.get("email")
        if isinstance(email, str) and "@" in email:
            emails.add(fold(normalise(email)).strip())
    return (names_index(identities) if names else {}), phones, emails


_DIGIT_RUN = re.compile(r"\d(?:[^\w\n]{0,3}\d){6,}")
_EMAIL_LIKE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def directory_identity_leaks(doc: Document, shown: str, marks: tuple[dict, set, set]) -> list[Diagnostic]:
    """Where a provider, hub or network file (which git shares with every member organisation, and
    the forum report prints from) writes a client's full name, phone or e-mail as the identity
    store records it (hostile pass 11, 1). Public contact details of an organisation are not
    looked at: only what the store holds. Nothing found is printed."""
    from cedta.io.yamlread import COMMENTS
    from cedta.records.vocab import fold

    index, phones, emails = marks
    if doc is None or not (index or phones or emails):
        return []
    found: list[Diagnostic] = []

    def what(text: str) -> str | None:
        return _identity_kind(text, marks)

    stack: list[tuple[Any, tuple]] = [(doc.data, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            for k, v in node.items():
                stack.append((v, path + (k,)))
        elif isinstance(node, list):
            stack.extend((v, path + (i,)) for i, v in enumerate(node))
        elif isinstance(node, str):
            if any(p in _PEOPLE_IN_ROLES for p in path if isinstance(p, str)):
                continue  # a representative's or a member's name is public by design (review 11b, R2)
            kind = what(node)
            if kind:
                found.append(_directory_leak(shown, *doc.where(path), kind))
    for line, col, text in doc.surprises.get(COMMENTS, ()):  # type: ignore[call-overload]
        kind = what(text)
        if kind:
            found.append(_directory_leak(shown, line, col, kind))
    return found


def _identity_kind(text: str, marks: tuple[dict, set, set]) -> str | None:
    """What of a client the identity store records `text` writes: "phone" or "email" (before a name:
    a line with both was only a name's warning, exit 0: review 14, R14-9), "name", or None."""
    from cedta.records.vocab import fold

    index, phones, emails = marks
    t = normalise(text)
    if phones and any(re.sub(r"\D", "", m.group())[-10:] in phones for m in _DIGIT_RUN.finditer(t)):
        return "phone"
    if emails and "@" in t and any(fold(m.group()) in emails for m in _EMAIL_LIKE.finditer(t)):
        return "email"
    if index and name_found(text, index):
        return "name"
    return None


def directory_stray_leaks(text: str, shown: str, marks: tuple[dict, set, set] | None) -> list[Diagnostic]:
    """Lines of a file beside the providers or hubs that is not a record (`providers/ids.txt`): a
    client's name, phone or e-mail as the store records them, as in a directory record (an error,
    a name a warning); else a phone, an e-mail or a SIN of anyone, a warning (an organisation's own
    are public, but its record is where they belong): git shares the file all the same
    (hostile 15, H15-10)."""
    found = []
    for n, line in enumerate(text.splitlines(), 1):
        kind = _identity_kind(line, marks) if marks and any(marks) else None
        if kind:
            found.append(_directory_leak(shown, n, 1, kind))
            continue
        what = personal_kind(line)
        if what:
            found.append(Diagnostic(WARNING, "identifier-in-directory-stray", shown, n, 1, {"what": what}))
    return found


_PEOPLE_IN_ROLES = frozenset({"forum_representatives", "members", "co_chairs", "leadership_table", "director_contact"})


def _directory_leak(shown: str, line: int, col: int, kind: str) -> Diagnostic:
    """A phone or an e-mail of a client is an error; a name may be a namesake's (a fund named after
    someone), so a warning that says so (review 11b, R2)."""
    if kind == "name":
        return Diagnostic(WARNING, "identity-name-in-directory", shown, line, col, {})
    return Diagnostic(ERROR, "identity-in-directory", shown, line, col, {"what": kind})


def _texts(doc: Document, skip: tuple = (), notes_only: bool = False,
           comments: bool = True) -> list[tuple[tuple[int, int], str]]:
    """((line, column), text) of every key and text value of a document (`notes_only`: of its
    `note` and `notes` values only), and of its comments; `skip`: top-level keys left out."""
    from cedta.io.yamlread import COMMENTS

    texts: list[tuple[tuple[int, int], str]] = []
    top = doc.data
    if skip and isinstance(top, dict):
        top = {k: v for k, v in top.items() if k not in skip}
    stack: list[tuple[Any, tuple]] = [(top, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            for k, v in node.items():
                if notes_only:
                    if k in ("note", "notes") and isinstance(v, str):
                        texts.append((doc.where(path + (k,)), v))
                        continue
                else:
                    texts.append((doc.where(path + (k,), key=True), str(k)))
                if isinstance(v, (dict, list)) or not notes_only:
                    stack.append((v, path + (k,)))
        elif isinstance(node, list):
            stack.extend((v, path + (i,)) for i, v in enumerate(node))
        elif isinstance(node, str) and not notes_only:
            texts.append((doc.where(path), node))
    if comments:
        texts += [((line, col), text) for line, col, text in doc.surprises.get(COMMENTS, ())]  # type: ignore[call-overload]
    return texts


def other_names(doc: Document, shown: str, index: dict, own: str, skip: tuple = ()) -> list[Diagnostic]:
    """Where a client file's notes or comments write another client's full name, as the identity
    store records it (accents and punctuation ignored; "Amira Haddad", "Haddad, Amira"), one of its
    words at least with a capital as a name has: a referral written with the name ("we hope young
    parents come" is not Hope Young). The name is never printed. `skip`: top-level keys left out."""
    if not index or doc is None:
        return []
    texts = _texts(doc, skip, notes_only=True)
    found = []
    for (line, col), text in texts:
        if name_found(text, index, own):
            found.append(Diagnostic(ERROR, "other-identity-in-client", shown, line, col, {}))
    return found


def identity_leaks(doc: Document, shown: str, identity: dict[str, str], skip: tuple = (),
                   comments: bool = True) -> list[Diagnostic]:
    """Where a client file shows that client's own name, phone, e-mail or address as recorded in
    the identity store (accents, case, punctuation and spacing ignored); the identifier itself is
    never put in the diagnostic. `skip`: top-level keys not looked at (an intake's answers hold the
    identity itself); `comments`: whether comments are looked at."""
    from cedta.records.vocab import fold

    def words(text: str) -> str:
        # the words split at an apostrophe ("d'Amira"), then joined there (OBrien for O'Brien: 11, 25)
        text = normalise(text)
        split = " " + " ".join(re.findall(r"[^\W_]+", fold(text))) + " "
        if not _APOSTROPHE_IN_WORD.search(text):
            return split
        return split + " ".join(re.findall(r"[^\W_]+", fold(_APOSTROPHE_IN_WORD.sub("", text)))) + " "

    wanted = []
    for what in ("name", "email", "address"):
        value = identity.get(what)
        if isinstance(value, str):
            for needle in {" " + " ".join(re.findall(r"[^\W_]+", fold(v))) + " " for v in
                           (normalise(value), _APOSTROPHE_IN_WORD.sub("", normalise(value)))}:
                if len(needle.strip()) >= 4:
                    wanted.append((what, needle))
    phone = re.sub(r"\D", "", normalise(str(identity.get("phone") or "")))
    texts = _texts(doc, skip, comments=comments)
    found: list[Diagnostic] = []
    seen: set = set()
    name = identity.get("name")
    # a name of two or more words is also found in another order ("Tremblay, Jean", delgado-rosa-77)
    # or run together ("AmiraHaddad")
    # (its words with an apostrophe inside one joined: O'Brien is one word, OBrien)
    ordered = re.findall(r"[^\W_]+", fold(_APOSTROPHE_IN_WORD.sub("", normalise(name)))) if isinstance(name, str) else []
    name_words = set(ordered)
    name_words = name_words if len(name_words) >= 2 and all(len(x) >= 2 for x in name_words) else set()
    name_joined = "".join(ordered) if name_words and len("".join(name_words)) >= 6 else ""
    # first and last name without the middle ones (hostile pass 11, 26); a name in a script written
    # without spaces, found inside a text (王小明来电了: 24)
    # (side by side, in either order: "Mrs Nguyen asked for an interpreter" is not Nguyen Van An: 11b, R6)
    ends = (f" {ordered[0]} {ordered[-1]} ", f" {ordered[-1]} {ordered[0]} ") if len(ordered) >= 3 and name_words else ()
    unspaced = ordered[0] if len(ordered) == 1 and len(ordered[0]) >= 2 and _UNSPACED.search(ordered[0]) else ""
    # an address is also its number and its street's name in any order ("Rideau Street 123", "123
    # Rideau St"): the number with the longest word of 4 letters or more that is not a street type
    address = words(identity.get("address")) if isinstance(identity.get("address"), str) else ""
    numbers = [x for x in address.split() if x.isdigit()]
    names = sorted((x for x in address.split() if x.isalpha() and len(x) >= 4 and x not in _STREET_TYPES),
                   key=len, reverse=True)
    street = (numbers[0], names[0]) if numbers and names else None
    for (line, col), text in texts:
        w = words(text)
        hits = [what for what, needle in wanted if needle in w]
        if name_words and "name" not in hits and (name_words <= set(w.split()) or any(e in w for e in ends)
                                                  or (name_joined and name_joined in w.replace(" ", ""))):
            hits.append("name")
        if unspaced and "name" not in hits and unspaced in w.replace(" ", ""):
            hits.append("name")
        if street and "address" not in hits and street[0] in w.split() and street[1] in w.split():
            hits.append("address")
        if len(phone) >= 7 and phone[-7:] in re.sub(r"\D", "", normalise(text)):
            hits.append("phone")
        for what in hits:
            if (line, what) not in seen:
                seen.add((line, what))
                found.append(Diagnostic(ERROR, "identity-in-client", shown, line, col, {"what": what}))
    return found


def _type_name(value: Any) -> str:
    """A word for what a value is, translated when the message is rendered (messages.WORDS)."""
    if value is None:
        return "nothing"
    if isinstance(value, dt.datetime):
        return "datetime"
    if type(value) is float and value == value and not value.is_integer():
        return "decimal"  # `hours_per_week: 37.5`: "a whole number, not a decimal number" (C14-21)
    return {bool: "bool", int: "number", float: "number", str: "text", list: "list",
            dict: "mapping", dt.date: "date"}.get(type(value), "value")


def _value_at(data: Any, loc: tuple) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _text_or_bilingual(part: Any) -> type | None:
    """The type a member of `Text | Bilingual` (a priority's decision and note) is written as, from
    its name in an error's location (`constrained-str`, `function-after[_one(), Bilingual]`)."""
    if part == "constrained-str" or (isinstance(part, str) and part.endswith(", constrained-str]")):
        return str  # (`function-after[_shown_as_stored(), constrained-str]`: Text with its check)
    if isinstance(part, str) and (part == "Bilingual" or part.endswith(", Bilingual]")):
        return dict
    return None


def _union_branch(errors: list[dict], data: Any) -> list[dict]:
    """The errors of a `Text | Bilingual` value told once, for the member its value is written as:
    a mapping's errors are Bilingual's, a text's are the text's; any other value (a list, a number,
    nothing) is one wrong-type error. Pydantic reports every member (`constrained-str` should be
    text), naming its own types."""
    kept, told = [], set()
    for err in errors:
        loc = err["loc"]
        at = next((i for i, p in enumerate(loc) if _text_or_bilingual(p)), None)
        if at is None:
            kept.append(err)
            continue
        where, value = loc[:at], _value_at(data, loc[:at])
        if isinstance(value, _text_or_bilingual(loc[at])):
            kept.append({**err, "loc": where + loc[at + 1:]})
        elif not isinstance(value, (str, dict)) and where not in told:
            told.add(where)
            kept.append({**err, "loc": where, "type": "text_or_bilingual_type"})
    return kept


def _schema_diagnostics(exc: ValidationError, doc: Document, shown: str, cls: type, kind: str):
    seen: set = set()
    total = exc.error_count()
    errors = exc.errors(include_url=False, include_context=True, include_input=False)
    if any(_text_or_bilingual(p) for err in errors for p in err["loc"]):
        errors = _union_branch(errors, doc.data)
    for done, err in enumerate(errors):
        if len(seen) >= MAX_PER_FILE:  # 400,000 wrong list items: say how many more, stop working
            line, col = doc.where(tuple(p for p in err["loc"] if p not in _UNION_TAGS))
            yield Diagnostic(ERROR, "more-problems", shown, line, col, {"count": total - done})
            return
        loc = tuple(p for p in err["loc"] if p not in _UNION_TAGS)
        etype = err["type"]
        value = _value_at(doc.data, loc)
        if etype == "extra_forbidden":
            key = loc[-1]
            if kind == "client" and identifier_key(str(key)):
                continue  # already reported as identifier-in-client
            line, col = doc.where(loc, key=True)
            allowed = allowed_keys(cls, loc[:-1])
            glued = re.fullmatch(r"([A-Za-z_][\w-]*):(\S.*)", str(key))
            if glued and glued.group(1) in allowed:  # `{topic:marketing}`: one key, its value glued on
                yield Diagnostic(ERROR, "yaml-colon-space", shown, line, col,
                                 {"written": str(key), "fixed": f"{glued.group(1)}: {glued.group(2)}"})
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            params = {"key": key, "allowed": ", ".join(allowed)}
            if close:
                params["suggestion"] = close[0]
            elif value is None and " " in str(key).strip():
                # `{en: Smith, Jones and Co, fr: …}`: the rest of a text cut at a comma (newcomer 11, NC11-1)
                params["hint_code"] = "hint-flow-comma"
            d = Diagnostic(ERROR, "unknown-key", shown, line, col, params)
        elif etype == "missing":
            parent = _value_at(doc.data, loc[:-1])
            if isinstance(parent, dict) and any(str(k).startswith(f"{loc[-1]}:") for k in parent):
                continue  # `topic:marketing` is there, said as such (above or below)
            line, col = doc.where(loc[:-1])
            d = Diagnostic(ERROR, "missing-key", shown, line, col, {"key": loc[-1]})
        elif loc in doc.surprises:
            line, col = doc.where(loc)
            d = surprise_diagnostic(shown, line, col, doc.surprises[loc], value, loc,
                                    number=etype.startswith(_NUMBER_ERRORS) or etype in _BOUNDS)
        elif etype == "finite_number":
            line, col = doc.where(loc)
            d = Diagnostic(ERROR, "not-finite", shown, line, col,
                           {"key": _key(loc), "text": _yaml_repr(value), "read_as": _yaml_repr(value)})
        elif etype == "literal_error":
            line, col = doc.where(loc)
            expected = err.get("ctx", {}).get("expected", "")
            options = re.findall(r"'([^']*)'", expected)
            params = {"value": value, "expected": ", ".join(options) or expected}
            close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
            if close:
                params["suggestion"] = close[0]
            d = Diagnostic(ERROR, "not-allowed", shown, line, col, params)
        elif etype == "string_pattern_mismatch" and loc and loc[-1] == "[key]":  # a mapping's key
            line, col = doc.where(loc[:-1], key=True)
            # a language is an ISO 639 code: "lowercase letters, digits, hyphens" was a rule `michif`
            # meets (newcomer 15, N15-4)
            language = err.get("ctx", {}).get("pattern") == "^[a-z]{2,3}$"
            d = Diagnostic(ERROR, "bad-language-id" if language else "bad-id", shown, line, col,
                           {"value": loc[-2], "key": _key(loc[:-2])})
        elif etype == "string_pattern_mismatch" and isinstance(value, str):
            line, col = doc.where(loc)
            # the advice of the field's own shape: "use lowercase letters" is wrong for `usd`
            code = {"service": "bad-service-ref", "currency": "bad-currency", "website": "bad-website",
                    "gap": "bad-gap-id"}.get(str(loc[-1]), "bad-id")
            d = Diagnostic(ERROR, code, shown, line, col, {"value": value, "key": _key(loc)})
        elif etype in MESSAGES:  # raised by the model with a message code
            line, col = doc.where(loc)
            d = Diagnostic(ERROR, etype, shown, line, col, {**err.get("ctx", {}), "key": _key(loc)})
        elif etype in _LIMITS:
            line, col = doc.where(loc)
            ctx = err.get("ctx", {})
            limit = next((ctx[k] for k in ("ge", "gt", "le", "lt", "min_length", "max_length") if k in ctx), "")
            if isinstance(limit, float) and limit.is_integer():
                limit = int(limit)  # "at most 1000000000000", not "1000000000000.0"
            params = {"key": _key(loc), "limit": limit}
            if _LIMITS[etype] == "too-few":
                params["count"] = limit
            d = Diagnostic(ERROR, _LIMITS[etype], shown, line, col, params)
        elif etype.endswith("_type") or etype.endswith("_parsing") or etype in (
                "date_from_datetime_inexact", "int_from_float", "bool_parsing"):
            line, col = doc.where(loc)
            d = Diagnostic(ERROR, "wrong-type", shown, line, col,
                           {"key": _key(loc), "expected": _expected(etype), "got": _type_name(value)})
        else:
            line, col = doc.where(loc)
            msg = err["msg"]
            for prefix in ("Value error, ", "Assertion failed, "):
                msg = msg.removeprefix(prefix)
            d = Diagnostic(ERROR, "invalid", shown, line, col, {"key": _key(loc), "detail": msg})
        if d.code in ("not-allowed", "wrong-type", "invalid", "missing-key") and not d.params.get("hint_code") \
                and not d.params.get("suggestion"):
            # the form to write, where the message alone does not show it (a key missing: its mapping's)
            shape = _shape_hint(loc[:-1] if d.code == "missing-key" else loc)
            if shape:
                d = Diagnostic(d.severity, d.code, d.path, d.line, d.column, {**d.params, **shape})
        if (d.line, d.column, d.code) not in seen:
            seen.add((d.line, d.column, d.code))
            yield d


# the form of a value a wrong shape is told, by its key (newcomer 12, NC12-13: `fees: $25 per
# session` was told "expected one of: free, user-pays, unknown", `fees: [25]` that `fees` should
# be a mapping, and an eligibility rule `age: 18+` that it should be "a mapping of keys")
_SHAPES = {
    "fees": "fees: [{amount: 25, unit: session}]",
    "age": "- {age: {min: 18}}",
    "population": "- {population: {in: [indigenous]}}",
    "indigenous_owned": "- {indigenous_owned: {min_percent: 51}}",
    "ei": "- {ei: {within_years: 3}}",
    "employment": "- {employment: {status: unemployed}}",
    "member_of": "- {member_of: {org: PROVIDER-ID}}",
    "client_kind": "- {client_kind: {in: [individual]}}",
    "org_type": "- {org_type: {in: [co-operative]}}",
    "region": "- {region: {in: [ottawa]}}",
    "has": "- {has: {all: [business-plan]}}",
    "returning_to_school": "- {returning_to_school: {value: true}}",
    "foreign_trained_professional": "- {foreign_trained_professional: {value: true}}",
}
# the shape of a mapping a service, a client or a hub holds, said when it was written otherwise
# (`levels: beginner` took a newcomer three runs to learn: newcomer 14, N14-10)
_FIELD_SHAPES = {
    "levels": "levels: {from: beginner, to: advanced}",
    "schedule": "schedule: {frequency: monthly, times: [evenings]}",
    "capacity": "capacity: {count: 20, per: year, unit: places}",
    "valid": "valid: {from: 2026-01-01, until: 2027-03-31}",
    "languages": "languages: {speaks: [fr, en], reads_writes: [fr]}",
    "budget": "budget: {max_fee: 50}",
    "ei": "ei: {status: never}",
    "employment": "employment: {status: employed, hours_per_week: 20}",
    "intake": "intake: {date: 2026-11-20, by: PROVIDER-ID}",
    "consent": "consent: {given: 2026-11-20, scope: hub}",
    "name": "name: {en: English name, fr: nom français}",
    "membership": "membership: {fees: [{amount: 50, unit: membership-year}]}",
}


def _shape_hint(loc: tuple) -> dict:
    """{hint_code, shape} for a value under `fees` or an eligibility rule, else {}."""
    names = [p for p in loc if isinstance(p, str)]
    if "fees" in names:
        return {"hint_code": "hint-shape-fees", "shape": _SHAPES["fees"]}
    if "eligibility" in names:
        after = names[names.index("eligibility") + 1:]
        if after and after[0] in _SHAPES:
            return {"hint_code": "hint-shape", "shape": _SHAPES[after[0]]}
    if names and names[-1] in _FIELD_SHAPES and (names[-1] != "languages" or "profile" in names):
        return {"hint_code": "hint-shape", "shape": _FIELD_SHAPES[names[-1]]}
    return {}


def _record_value(record: Any, path: tuple) -> tuple[bool, Any]:
    """(found, value) of the validated record at a path of the file (keys by alias)."""
    node = record
    for part in path:
        if isinstance(node, BaseModel):
            name = next((n for n, f in type(node).model_fields.items() if (f.alias or n) == part), None)
            if name is None:
                return False, None
            node = getattr(node, name)
        elif isinstance(node, (list, tuple)) and isinstance(part, int) and part < len(node):
            node = node[part]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return False, None
    return True, node


def _accepted_surprises(record: Any, doc: Document, shown: str) -> Iterator[Diagnostic]:
    """Plain scalars YAML 1.1 read surprisingly that the schema took anyway: `0123` (octal, 83),
    `1:30` (base 60, 90), `1_000`, `yes` where a number is expected. Only yes/no/on/off where the
    schema wants true/false are what the person meant."""
    for path, text in doc.surprises.items():
        found, value = _record_value(record, path)
        if not found or isinstance(value, bool) or value is None:
            continue
        line, col = doc.where(path)
        yield surprise_diagnostic(shown, line, col, text, _value_at(doc.data, path), path, number=True)


def surprise_diagnostic(shown: str, line: int, col: int, text: str, read: Any, path: tuple,
                        number: bool) -> Diagnostic:
    """What YAML 1.1 made of `text`, and how to write what was meant: a number field gets the
    number (never "quote it"), a text field gets the quoted text."""
    params = {"text": text, "read_as": _yaml_repr(read), "key": _key(path)}
    if not number:
        code = "yaml11-surprise"
    elif isinstance(read, float) and (read != read or read in (float("inf"), float("-inf"))):
        code = "not-finite"
    elif isinstance(read, bool):
        code = "yaml11-bool-number"
    elif ":" in text:
        code = "yaml11-base60"
    elif text.lstrip("+-").lower().startswith(("0x", "0o", "0b")):
        code = "yaml11-radix"
    elif "_" in text:
        code = "yaml11-underscore"
        params["meant"] = text.replace("_", "")
    else:
        code = "yaml11-octal"
        sign = "-" if text.startswith("-") else ""
        params["meant"] = sign + (text.lstrip("+-").lstrip("0") or "0")
    return Diagnostic(ERROR, code, shown, line, col, params)


_NUMBER_ERRORS = ("int_", "float_", "decimal_", "finite_number")
_BOUNDS = ("greater_than_equal", "greater_than", "less_than_equal", "less_than", "multiple_of")


def _yaml_repr(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _key(loc: tuple) -> str:
    keys = [str(p) for p in loc if isinstance(p, str)]
    return keys[-1] if keys else "(top)"


def _expected(etype: str) -> str:
    """What a pydantic error type expected, as a word of messages.WORDS."""
    if etype.startswith("date"):
        return "date"
    if etype.startswith("int"):
        return "whole-number"
    if etype == "text_or_bilingual_type":
        return "text-or-en-fr"
    base = etype.removesuffix("_type").removesuffix("_parsing")
    return {"string": "text", "float": "number", "bool": "bool", "list": "list", "dict": "mapping",
            "model": "mapping", "model_attributes": "mapping"}.get(base, "value")


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The record class inside an annotation (through Optional, list, dict, Annotated, Union)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def allowed_keys(cls: type[BaseModel], loc: tuple) -> list[str]:
    """The keys a mapping may hold at `loc` inside a record of class `cls`."""
    current: type[BaseModel] | None = cls
    for part in loc:
        if current is None:
            return []
        if isinstance(part, int):
            continue
        fld = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
        if fld is None:
            if current is m.VocabExtension or current.__name__ == "VocabExtension":
                current = m.VocabTerm
            continue
        current = _model_in(fld.annotation)
    if current is None:
        return []
    return [f.alias or n for n, f in current.model_fields.items()]


# ---- walking records --------------------------------------------------------------------------

def _field_category(fld) -> tuple[str | None, bool]:
    """The vocabulary category of a field and whether it holds a list of terms."""
    extra = fld.json_schema_extra
    if isinstance(extra, dict) and "x-vocab" in extra:
        return extra["x-vocab"], False
    for arg in typing.get_args(fld.annotation):
        for meta in getattr(arg, "__metadata__", ()):
            extra = getattr(meta, "json_schema_extra", None)
            if isinstance(extra, dict) and "x-vocab" in extra:
                return extra["x-vocab"], True
    return None, False


@functools.lru_cache(maxsize=None)
def _term_fields(cls: type[BaseModel]) -> tuple[tuple[str, str, str | None], ...]:
    """(attribute, key in the file, vocabulary category or None) for each field of a record class."""
    return tuple((name, fld.alias or name, _field_category(fld)[0])
                 for name, fld in cls.model_fields.items())


@functools.lru_cache(maxsize=None)
def _walk_plan(cls: type[BaseModel]) -> tuple[tuple[str, str, str | None, bool], ...]:
    """The fields of a record class worth a walk: (attribute, key, vocabulary category or None,
    whether a date there counts for the future-date check); plain text and numbers are left out."""
    plan = []
    for name, key, category in _term_fields(cls):
        annotation = cls.model_fields[name].annotation
        if category or _holds(annotation, (BaseModel, dt.date)):
            plan.append((name, key, category, name != "target"))  # a target is meant to be ahead
    return tuple(plan)


def _walk(obj: Any, path: tuple, terms: list, dates: list) -> None:
    if type(obj) is list:
        for i, item in enumerate(obj):
            if isinstance(item, (BaseModel, list)):
                _walk(item, path + (i,), terms, dates)
        return
    in_vocab = isinstance(obj, m.VocabExtension)  # its terms are definitions, not uses
    for name, key, category, dated in _walk_plan(type(obj)):
        value = getattr(obj, name)
        if value is None:
            continue
        if category and not in_vocab and type(value) is str:
            terms.append((path + (key,), category, value))
        elif category and not in_vocab and type(value) is list:
            terms.extend((path + (key, i), category, v) for i, v in enumerate(value))
        elif isinstance(value, dt.date):
            if dated:
                dates.append((path + (key,), value))
        elif isinstance(value, (BaseModel, list)) and not in_vocab:
            _walk(value, path + (key,), terms, dates)


def record_facts(record: Any) -> tuple[list, list]:
    """One walk of a record: every (path, category, term) it uses and every (path, date) in it."""
    terms: list = []
    dates: list = []
    if isinstance(record, (BaseModel, list)):
        _walk(record, (), terms, dates)
    return terms, dates


def _facts(entry: "Entry") -> tuple[list, list]:
    if entry.facts is None:
        entry.facts = record_facts(entry.record)
    return entry.facts


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The record classes an annotation can hold (through Optional, list, unions)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [c for arg in typing.get_args(annotation) for c in _models_in(arg)]


def _raw_terms(cls: type[BaseModel], data: dict, path: tuple, terms: list) -> None:
    """Every (path, category, term) the data of a record that did not load uses, read by the
    record class's fields: where a field may hold only one kind of record, its data is read as that."""
    if issubclass(cls, m.VocabExtension):
        return
    for name, key, category, _ in _walk_plan(cls):
        value = data.get(key, data.get(name))
        if value is None:
            continue
        if category:
            if type(value) is str:
                terms.append((path + (key,), category, value))
            elif type(value) is list:
                terms.extend((path + (key, i), category, v) for i, v in enumerate(value) if type(v) is str)
            continue
        models = _models_in(cls.model_fields[name].annotation)
        if len(models) != 1:
            continue
        if type(value) is dict:
            _raw_terms(models[0], value, path + (key,), terms)
        elif type(value) is list:
            for i, item in enumerate(value):
                if type(item) is dict:
                    _raw_terms(models[0], item, path + (key, i), terms)


def unknown_term_params(vocab: Vocabulary, category: str, term: str) -> dict:
    """What an `unknown-term` finding says: the term, its category, the closest known term."""
    params = {"category": category, "term": term, "hint_code": "hint-extend-vocab"}
    hint = vocab.suggest(category, term)
    if hint:
        params["suggestion"] = hint
    return params


def unknown_hub_params(hub: str, hubs) -> dict:
    """What an `unknown-hub` finding says: the closest hub, or the hubs there are."""
    params = {"hub": hub}
    close = difflib.get_close_matches(hub, list(hubs), n=1, cutoff=0.5)
    if close:
        params["suggestion"] = close[0]
    else:
        params.update(hint_code="hint-valid-hubs", valid=_some(hubs))
    return params


def value_diagnostics(record: Any, doc: Document, shown: str, vocab: Vocabulary, hubs,
                      hubs_broken: bool = False) -> list[Diagnostic]:
    """The unknown terms and the unknown hub of a client (or walk-in) record, as `validate` says
    them: what matching checks of a record it reads without the whole directory's checks."""
    found = [Diagnostic(ERROR, "unknown-term", shown, *doc.where(path), unknown_term_params(vocab, category, term))
             for path, category, term in iter_terms(record) if not vocab.has(category, term)]
    hub = getattr(record, "hub", None)
    if hub is not None and hub not in hubs and not hubs_broken:
        found.append(Diagnostic(ERROR, "unknown-hub", shown, *doc.where(("hub",)), unknown_hub_params(hub, hubs)))
    return found


def unloaded_terms(kind: str, doc: Document, shown: str, vocab: Vocabulary, vocab_broken: bool) -> list[Diagnostic]:
    """The unknown terms of a file whose record did not load (its shape errors said apart), so
    that one wrong date does not hide ten misspelt terms until it is fixed (newcomer 9, S9-11)."""
    data = doc.data
    if vocab_broken or kind == "vocab" or not isinstance(data, dict):
        return []
    terms: list = []
    _raw_terms(m.KINDS[kind], data, (), terms)
    found = []
    for path, category, term in terms:
        if term in vocab.categories.get(category, _NO_TERMS):
            continue
        found.append(Diagnostic(ERROR, "unknown-term", shown, *doc.where(path),
                                unknown_term_params(vocab, category, term)))
    return found


def iter_terms(obj: Any, path: tuple = ()) -> Iterator[tuple[tuple, str, str]]:
    """Every (path, category, term) a record uses."""
    for p, category, term in record_facts(obj)[0]:
        yield path + p, category, term


# ---- cross-references and the report's rules -------------------------------------------------

class _Out:
    def __init__(self, ds: Dataset):
        self.items: list[Diagnostic] = []
        self.ds = ds

    def add(self, severity: str, code: str, entry: Entry, path: tuple, key: bool = False, **params):
        line, col = entry.doc.where(path, key=key)
        self.items.append(Diagnostic(severity, code, entry.path, line, col, params))


_NO_TERMS: dict = {}


def check_terms(entry: Entry, out: _Out) -> None:
    """Every vocabulary term a record uses is known; a term twice in one list is a warning."""
    ds = out.ds
    seen_in_list: set[tuple] = set()
    categories = ds.vocab.categories
    vocab_broken = ("vocab", "vocab") in ds.broken
    for path, category, term in _facts(entry)[0]:
        if type(path[-1]) is int:
            if (path[:-1], term) in seen_in_list:
                out.add(WARNING, "duplicate-term", entry, path, term=term)
            seen_in_list.add((path[:-1], term))
        known = categories.get(category, _NO_TERMS).get(term)
        if not vocab_broken and known is None:
            # (a vocabulary file with errors is reported there, not at every term it defines)
            out.add(ERROR, "unknown-term", entry, path, **unknown_term_params(ds.vocab, category, term))
        elif known is not None and known.hidden:
            # (what to write instead: a network that hid Ottawa's regions names its own: newcomer 13)
            out.add(WARNING, "hidden-term", entry, path, category=category, term=term, hint_code="hint-terms-in-force",
                    valid=_some(t for t, x in categories.get(category, {}).items() if not x.hidden))


def validate(ds: Dataset, today: dt.date, network_path: str = "data/network.yaml",
             has_clients: bool = False) -> list[Diagnostic]:
    """All diagnostics for a loaded dataset, sorted by file and line (`has_clients`: clients exist
    beside those loaded, as when `sweep` checks them one at a time)."""
    out = _Out(ds)
    entries = [e for e in (ds.network,) if e] + [
        *ds.providers.values(), *ds.hubs.values(), *ds.clients.values()
    ]
    for entry in entries:
        check_terms(entry, out)
    network_broken = any(kind == "network" for kind, _ in ds.broken)  # its problems are reported there
    if ds.network is None and not network_broken and (ds.providers or ds.hubs or ds.clients or has_clients):
        out.items.append(Diagnostic(WARNING, "no-network", network_path, 1, 1, {}))
    if ds.network is not None:
        _check_network(ds.network, out)
        _check_priorities(ds.network, out, today)
    for entry in ds.providers.values():
        _check_provider(entry, out, today)
    for entry in ds.hubs.values():
        _check_hub(entry, out, today)
    _check_representatives(ds, out)
    _check_names_apart(ds, out)
    for entry in ds.clients.values():
        _check_client(entry, out, today)
    clients = {e.path for e in ds.clients.values()}
    items = [redact(d) if d.path in clients else d for d in out.items]
    return cap_per_file(sorted(ds.diagnostics + items, key=Diagnostic.sort_key))


def _check_names_apart(ds: Dataset, out: _Out) -> None:
    """Two hubs (or two providers) with the same name in one language: the report's columns, the
    menus and an answers file's `hub: Centre francophone` cannot tell them apart (hostile 15, H15-13).
    A warning on the second, naming the first."""
    from cedta.records.vocab import fold

    for bucket in (ds.hubs, ds.providers):
        seen: dict[tuple[str, str], str] = {}
        for entry in bucket.values():
            name = getattr(entry.record, "name", None)
            for lang in ("en", "fr"):
                text = name.get(lang) if isinstance(name, dict) else getattr(name, lang, None) \
                    if name is not None and not isinstance(name, str) else name
                if not isinstance(text, str) or not text.strip():
                    continue
                key = (lang, fold(text))
                if key in seen and seen[key] != entry.record.id:
                    out.add(WARNING, "same-name", entry, ("name",), key=True, name=text, other=seen[key])
                    break
                seen.setdefault(key, entry.record.id)


def cap_per_file(diagnostics: list[Diagnostic], limit: int = MAX_PER_FILE) -> list[Diagnostic]:
    """At most `limit` diagnostics per file (sorted input), then one `more-problems` line."""
    kept: list[Diagnostic] = []
    count, path, more, first, errors = 0, None, 0, None, 0
    for d in diagnostics + [None]:
        if d is None or d.path != path:
            if more:  # `errors` and `warnings` let the summary count every finding, shown or not
                kept.append(Diagnostic(ERROR if errors else WARNING, "more-problems", path,
                                       first.line, first.column,
                                       {"count": more, "errors": errors, "warnings": more - errors}))
            if d is None:
                break
            count, path, more, first, errors = 0, d.path, 0, None, 0
        if d.code == "more-problems":
            n = d.params.get("count", 0)
            more += n
            errors += d.params.get("errors", n)
            first = first or d
            continue
        count += 1
        if count <= limit:
            kept.append(d)
        else:
            more += 1
            first = first or d
            errors += d.severity == ERROR
    return kept


@functools.lru_cache(maxsize=4096)
def _closest(value: str, known: tuple) -> str | None:
    """difflib's closest id, remembered: a provider removed leaves 1,224 references to it, each
    compared with 2,000 provider ids (150 s at 50,000 clients)."""
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    return close[0] if close else None


def _typo(written: str, known: str | None) -> bool:
    """Whether a reference reads as a slip of the keys for a known one (`ottawa-ced-netwrok`), not
    as one that left the directory: in a client's history too, a typo is an error (review 11b, R3)."""
    return bool(known) and difflib.SequenceMatcher(None, written, known.rpartition("/")[2]).ratio() >= 0.9


def _org(out: _Out, entry: Entry, path: tuple, org: str | None, history: bool = False) -> None:
    """An organisation a record names is in the directory. In a client's history (a past contact,
    a done or dropped step), one no longer there is a warning: an organisation that closed, a
    program removed when it ended, keep the client's record valid (newcomer 11, NC11-5)."""
    # A provider whose own file has errors is reported there, not at every reference to it.
    if org and org not in out.ds.providers and ("provider", org) not in out.ds.broken:
        params = {"org": org}
        known = out.__dict__.get("_provider_ids")
        if known is None:
            known = out._provider_ids = tuple(out.ds.providers)
        close = [c for c in (_closest(org, known),) if c]
        if close:
            params["suggestion"] = close[0]
        else:
            params.update(hint_code="hint-valid-providers", valid=_some(out.ds.providers))
        if history and not _typo(org, params.get("suggestion")):
            out.add(WARNING, "history-unknown-provider", entry, path, **params)
        else:
            out.add(ERROR, "unknown-provider", entry, path, **params)


def _some(ids, limit: int = 12) -> str:
    """Up to `limit` ids, sorted, for a hint (`a, b, c, … (40)`)."""
    ids = sorted(ids)
    if not ids:
        return "—"
    return ", ".join(ids[:limit]) + (f", … ({len(ids)})" if len(ids) > limit else "")


def _service(out: _Out, entry: Entry, path: tuple, ref: str | None, history: bool = False) -> m.Service | None:
    """The service a record names, or None; one not in the directory is an error, a warning in a
    client's history (see `_org`)."""
    if not ref:
        return None
    provider_id, _, service_id = ref.partition("/")
    if provider_id not in out.ds.providers:
        _org(out, entry, path, provider_id, history)
        return None
    service = out.ds.service(ref)
    if service is None:
        ids = [s.id for s in out.ds.providers[provider_id].record.services]
        params = {"service": ref}
        close = difflib.get_close_matches(service_id, ids, n=1, cutoff=0.5)
        if close:
            params["suggestion"] = f"{provider_id}/{close[0]}"
        if history and not _typo(service_id, close[0] if close else None):
            out.add(WARNING, "history-unknown-service", entry, path, **params)
        else:
            params["advice_code"] = "hint-service-ended"
            out.add(ERROR, "unknown-service", entry, path, **params)
    return service


def _check_network(entry: Entry, out: _Out) -> None:
    net: m.Network = entry.record
    seen: dict[str, int] = {}
    for i, seat in enumerate(net.forum.extra_members):
        _org(out, entry, ("forum", "extra_members", i, "org"), seat.org)
        if seat.org in seen:  # the roster would list it twice: its seats belong on one line
            out.add(WARNING, "extra-member-twice", entry, ("forum", "extra_members", i, "org"), org=seat.org,
                    first=entry.doc.where(("forum", "extra_members", seen[seat.org], "org"))[0])
        seen.setdefault(seat.org, i)
    table = net.leadership_table
    if table is None:
        return
    for i, member in enumerate(table.members):
        _org(out, entry, ("leadership_table", "members", i, "org"), member.org)
    n = len(table.members)
    if not table.size.min <= n <= table.size.max:
        out.add(WARNING, "leadership-size", entry, ("leadership_table", "members"), key=True,
                count=n, min=table.size.min, max=table.size.max)
    if len(table.co_chairs) != 2:
        out.add(WARNING, "co-chairs", entry, ("leadership_table", "co_chairs"), key=True,
                count=len(table.co_chairs))
    names = {mb.name for mb in table.members}
    for i, chair in enumerate(table.co_chairs):
        if chair not in names:
            out.add(WARNING, "co-chair-not-member", entry, ("leadership_table", "co_chairs", i),
                    name=chair)


# The gap ids `cedta gaps` prints (README, gaps): literal parts and slots, by kind.
GAP_KINDS = (
    ("coverage", "<population>", "<topic>", "<level>"),
    ("coverage-low-cost", "<population>", "<topic>", "<level>"),
    ("coverage-evenings", "<population>", "<topic>", "<level>"),
    ("continuum", "<population>", "beginner-only", "<topic>"),
    ("continuum", "<population>", "no-mentoring"),
    ("continuum", "<population>", "no-follow-through", "<stage>"),
    ("continuum", "<population>", "user-pays", "<topic>"),
    ("supply", "ending", "<provider>", "<service>"),
    ("supply", "capacity", "<provider>", "<service>"),
    ("demand", "<population>", "<topic>", "<level>"),
)


def _gap_kind(parts: list[str]) -> tuple[str, ...] | None:
    """The shape a gap id has (its literal parts in place, the right number of parts), or None."""
    for kind in GAP_KINDS:
        if len(kind) == len(parts) and all(k.startswith("<") or k == p for k, p in zip(kind, parts)):
            return kind
    return None


def _check_priorities(entry: Entry, out: _Out, today: dt.date | None = None) -> None:
    """Each forum priority names a gap that can exist: a known kind, and populations, topics,
    levels, stages, providers and services that the vocabulary and the directory hold; it is not
    dated after today (a report lists the priorities chosen by its quarter's end) and its gap is
    not prioritised twice."""
    net: m.Network = entry.record
    vocab = out.ds.vocab
    first: dict[str, int] = {}
    for i, priority in enumerate(net.priorities):
        if today is not None and priority.date > today:
            out.add(WARNING, "priority-in-future", entry, ("priorities", i, "date"), gap=priority.gap,
                    date=priority.date.isoformat(), today=today.isoformat())
        if priority.gap in first:
            out.add(WARNING, "priority-twice", entry, ("priorities", i, "gap"), gap=priority.gap,
                    first=entry.doc.where(("priorities", first[priority.gap], "gap"))[0])
        first.setdefault(priority.gap, i)
        _org(out, entry, ("priorities", i, "owner"), priority.owner)  # a provider id (docs/records.md)
        where = ("priorities", i, "gap")
        parts = priority.gap.split("/")
        kind = _gap_kind(parts)
        if kind is None:
            shapes = ["/".join(k) for k in GAP_KINDS]
            # the closest shape: by kind word, literal parts and number of parts
            scored = sorted(GAP_KINDS, key=lambda k: (-sum(a == b for a, b in zip(k, parts) if not a.startswith("<")),
                                                      k[0] != parts[0], abs(len(k) - len(parts))))
            out.add(WARNING, "priority-gap-kind", entry, where, gap=priority.gap,
                    suggestion="/".join(scored[0]), hint_code="hint-gap-kinds", valid="; ".join(shapes))
            continue
        # every part looked at in one run, each wording a person may use taken to its id (a hub's id
        # for its population, a label or an alias for its term): one warning, with the whole gap id
        # to write when every part is found (newcomer 15, N15-16)
        corrected, first_unknown, unresolved = list(parts), None, False
        for at, (slot, value) in enumerate(zip(kind, parts)):
            if not slot.startswith("<"):
                continue
            what = slot.strip("<>")
            category = None
            if what == "provider":
                known = list(out.ds.providers)
                if ("provider", value) in out.ds.broken:
                    unresolved = True
                    break
            elif what == "service":
                provider = out.ds.providers.get(corrected[kind.index("<provider>")])
                known = [sv.id for sv in provider.record.services] if provider else []
            else:
                category = {"population": "populations", "topic": "topics", "level": "levels",
                            "stage": "stages"}[what]
                known = list(dict.fromkeys(list(vocab.terms(category)) + {
                    # (a hub around a sector: its gaps are named by the sector, as `gaps` prints
                    # them; review 15, R15-5)
                    "population": ["general"] + [getattr(h.record, "field", None) for h in out.ds.hubs.values()
                                                 if h.record is not None and getattr(h.record, "field", None)],
                    "level": ["any"] if kind[0] == "demand" else []}.get(what, [])))
            if value in known:
                continue
            fixed = None
            if what == "population" and value in out.ds.hubs:
                hub = out.ds.hubs[value].record
                fixed = getattr(hub, "population", None) or getattr(hub, "field", None)
            if fixed is None and category is not None:
                fixed = _slug_of_wording(vocab, category, value) or \
                    vocab.lookup_words(category, value.replace("-", " ").replace("_", " "))
            if fixed is None:
                close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
                fixed = close[0] if close else None
            if first_unknown is None:
                first_unknown = (what, value, known)
            if fixed is None:
                unresolved = True
            else:
                corrected[at] = fixed
        if first_unknown is not None:
            what, value, known = first_unknown
            params = {"gap": priority.gap, "value": value}
            if not unresolved:
                params["suggestion"] = "/".join(corrected)
            else:
                params.update(hint_code="hint-gap-valid", valid=_some(known, 40))
            out.add(WARNING, f"priority-gap-unknown-{what}", entry, where, **params)


def _slug_of_wording(vocab: Vocabulary, category: str, value: str) -> str | None:
    """The one term a label or an alias of which, written as an id is (`plan-d-affaires` for « Plan
    d’affaires », `debutant` for « débutant »), is `value`; else None."""
    from cedta.records.vocab import fold

    found = {t.id for t in vocab.terms(category).values() for w in (t.en, t.fr, *t.aliases)
             if w and re.sub(r"[^a-z0-9]+", "-", fold(w).replace("’", "'")).strip("-") == value}
    return found.pop() if len(found) == 1 else None


def _level_index(out: _Out, level: str) -> int:
    return list(out.ds.vocab.terms("levels")).index(level) if out.ds.vocab.has("levels", level) else -1


# Ids the report keeps for columns and rows of its own: a hub `network` would be read as the
# network's total column (its figures replaced, a hidden cell found by subtraction), a provider
# `total` as the total row of contacts by organisation.
RESERVED_IDS = {"hub": frozenset({"network"}), "provider": frozenset({"total"})}


def _reserved(entry: Entry, out: _Out) -> None:
    if entry.record.id in RESERVED_IDS.get(entry.kind, ()):
        out.add(ERROR, "reserved-id", entry, ("id",), id=entry.record.id)


def _check_provider(entry: Entry, out: _Out, today: dt.date) -> None:
    provider: m.Provider = entry.record
    _reserved(entry, out)
    seen: dict[str, int] = {}
    for i, s in enumerate(provider.services):
        if s.id in seen:
            out.add(ERROR, "duplicate-service", entry, ("services", i, "id"), service=s.id,
                    first=entry.doc.where(("services", seen[s.id], "id"))[0])
        seen.setdefault(s.id, i)
        if s.levels and _level_index(out, s.levels.from_) > _level_index(out, s.levels.to) >= 0:
            out.add(ERROR, "level-range", entry, ("services", i, "levels"),
                    start=s.levels.from_, end=s.levels.to)
        if s.valid and s.valid.until and s.valid.until < today:
            out.add(WARNING, "service-ended", entry, ("services", i, "valid", "until"),
                    service=f"{provider.id}/{s.id}", until=s.valid.until.isoformat())
        for j, rule in enumerate(s.eligibility):
            _check_rule(out, entry, ("services", i, "eligibility", j), rule)


def _check_rule(out: _Out, entry: Entry, path: tuple, rule: m.EligibilityRule, depth: int = 0) -> None:
    """The references an eligibility rule makes, inside `any_of` too, checked like top-level ones."""
    if rule.member_of is not None:
        _org(out, entry, path + ("member_of", "org"), rule.member_of.org)
    if rule.any_of and depth < 20:  # the reader bounds the nesting; this bounds the recursion too
        for k, inner in enumerate(rule.any_of):
            _check_rule(out, entry, path + ("any_of", k), inner, depth + 1)


def _current(rep: m.Representative, today: dt.date) -> bool:
    return rep.since <= today and (rep.until is None or rep.until >= today)


def _check_hub(entry: Entry, out: _Out, today: dt.date) -> None:
    hub: m.Hub = entry.record
    _reserved(entry, out)
    _org(out, entry, ("director",), hub.director)
    for i, member in enumerate(hub.members):
        _org(out, entry, ("members", i), member)
    if hub.director not in hub.members:
        out.add(WARNING, "director-not-member", entry, ("director",), director=hub.director)
    if hub.coordinator and hub.coordinator.org:
        _org(out, entry, ("coordinator", "org"), hub.coordinator.org)
    for i, rep in enumerate(hub.forum_representatives):
        _org(out, entry, ("forum_representatives", i, "org"), rep.org)
        if rep.until and rep.until < rep.since:
            out.add(ERROR, "dates-reversed", entry, ("forum_representatives", i, "until"),
                    start=rep.since.isoformat(), end=rep.until.isoformat())
    wanted = out.ds.settings.forum.representatives_per_hub
    current = [r for r in hub.forum_representatives if _current(r, today)]
    if len(current) < wanted:
        out.add(WARNING, "forum-seats", entry, ("forum_representatives",), key=True,
                count=len(current), wanted=wanted)


def _check_representatives(ds: Dataset, out: _Out) -> None:
    """A representative stays with one organisation (§9): flag a name seen with two."""
    first: dict[str, tuple[str, str]] = {}
    for hub_entry in ds.hubs.values():
        for i, rep in enumerate(hub_entry.record.forum_representatives):
            key = " ".join(rep.name.lower().split())
            if key in first and first[key][0] != rep.org:
                out.add(WARNING, "representative-moved", hub_entry, ("forum_representatives", i, "org"),
                        name=rep.name, org=rep.org, before=first[key][0], where=first[key][1])
            first.setdefault(key, (rep.org, hub_entry.path))


# What the built-in outcome kinds carry: jobs a count, financing an amount, the others neither (a
# network's own kinds may carry either). The report adds these up: a count on another kind is lost.
def _topics_of(service: Any) -> list[str]:
    """The need topics a service meets (the directory facts carry them; a full record is asked)."""
    known = getattr(service, "topics", None)
    if known is not None:
        return known
    from cedta.records.topics import topics_met

    return topics_met(service)


# The most one client's outcome plausibly counts (above: a warning, the forum report adds it up)
PLAUSIBLE = {"amount": 5_000_000, "count": 1_000}

OUTCOME_FIELDS: dict[str, tuple[str, ...]] = {
    "jobs-created": ("count",), "jobs-retained": ("count",), "financing-obtained": ("amount",),
    "business-plan-completed": (), "business-started": (), "referral-completed": (), "left-program": (),
}


def _notes_after_withdrawal(entry: Entry, out: _Out, client: Any) -> None:
    """A note or a comment in the file of a client whose consent is withdrawn: `forget` removed
    them all, so one is back (a branch merged after the forget, a hand edit): an error until
    `cedta forget` runs again (hostile 12, #1)."""
    from cedta.io.yamlread import COMMENTS

    doc = entry.doc
    data = doc.data if doc is not None else None
    if not isinstance(data, dict):
        return
    for section in ("needs", "plan", "contacts", "outcomes", "evaluation"):
        items = data.get(section)
        for i, item in enumerate(items if isinstance(items, list) else ()):
            for key in ("note", "notes"):
                if isinstance(item, dict) and isinstance(item.get(key), str) and item[key].strip():
                    out.add(ERROR, "consent-withdrawn-note", entry, (section, i, key), id=client.id,
                            date=client.consent.withdrawn.isoformat())
    for line, column, text in doc.surprises.get(COMMENTS, ()):  # type: ignore[call-overload]
        if line == 1 and re.fullmatch(r"#?\s*yaml-language-server:\s*\S+\s*", text):
            continue  # the editor's schema line, which forget keeps (its directive alone)
        out.items.append(Diagnostic(ERROR, "consent-withdrawn-note", entry.path, line, column,
                                          {"id": client.id, "date": client.consent.withdrawn.isoformat()}))


def _check_client(entry: Entry, out: _Out, today: dt.date) -> None:
    client: m.Client = entry.record
    ds = out.ds
    if client.hub not in ds.hubs and ("hub", client.hub) not in ds.broken:
        out.add(ERROR, "unknown-hub", entry, ("hub",), **unknown_hub_params(client.hub, ds.hubs))
    _org(out, entry, ("intake", "by"), client.intake.by)
    for i, org in enumerate(client.profile.memberships):
        _org(out, entry, ("profile", "memberships", i), org)
    for path, when in _facts(entry)[1]:
        if when > today:
            out.add(WARNING, "future-date", entry, path, date=when.isoformat(), today=today.isoformat())
    if client.kind != "individual":  # a person's facts on an organisation (hostile 12, 9f): matching reads none
        p = client.profile
        for field in ("birth_year", "ei", "employment", "returning_to_school", "foreign_trained_professional"):
            if getattr(p, field, None) is not None:
                out.add(WARNING, "person-fact-for-organisation", entry, ("profile", field), field=field, kind=client.kind)
    if client.profile.birth_year and client.profile.birth_year > today.year:
        out.add(WARNING, "future-date", entry, ("profile", "birth_year"),
                date=str(client.profile.birth_year), today=today.isoformat())
    ei = client.profile.ei
    born = client.profile.birth_year
    if ei is not None and ei.ended is not None and born and ei.ended.year < born + 14:
        # an EI claim that ended before the client could work: a typo's year (hostile pass 11, 4)
        out.add(WARNING, "ei-before-working-age", entry, ("profile", "ei", "ended"),
                date=ei.ended.isoformat(), born=str(born))
    seen_needs: dict[tuple, int] = {}
    for i, need in enumerate(client.needs):
        # the same need twice (a merge of two branches' `need add`, which refuses it), or a topic at
        # any level beside the same topic at one: gaps and the report counted it twice (hostile 14,
        # 5; review 14, R14-4)
        twin = next((j for (topic, level), j in seen_needs.items() if topic == need.topic
                     and (level == need.level or level is None or need.level is None)), None)
        if twin is not None:
            out.add(ERROR, "need-twice", entry, ("needs", i), topic=need.topic, level=need.level or "-",
                    line=str(entry.doc.where(("needs", twin))[0]) if entry.doc is not None else "?")
        else:
            seen_needs[(need.topic, need.level)] = i
    spoken = client.profile.languages
    for i, language in enumerate(spoken.interpreter):  # (hostile 9b #13: odd values passed silently)
        if language in spoken.speaks:
            out.add(WARNING, "interpreter-spoken", entry, ("profile", "languages", "interpreter", i), language=language)
    if spoken.interpreter and not spoken.speaks:
        out.add(WARNING, "interpreter-without-speaks", entry, ("profile", "languages", "interpreter"))
    for i, step in enumerate(client.plan):
        service = _service(out, entry, ("plan", i, "service"), step.service,
                           history=step.status in ("done", "dropped"))
        if service is not None and step.topic not in _topics_of(service):
            out.add(WARNING, "step-topic-mismatch", entry, ("plan", i, "service"),
                    service=step.service, topic=step.topic, offers=service.topic)
        if step.status == "done" and step.done is None:
            out.add(WARNING, "done-without-date", entry, ("plan", i, "status"))
        for key in ("done", "dropped", "added"):  # a typo's year: the case would close before it opened
            when = getattr(step, key, None)
            if when is not None and when < client.intake.date:
                out.add(WARNING, "dated-before-intake", entry, ("plan", i, key), date=when.isoformat(),
                        intake=client.intake.date.isoformat())
    for i, need in enumerate(client.needs):
        if need.added is not None and need.added < client.intake.date:
            out.add(WARNING, "dated-before-intake", entry, ("needs", i, "added"), date=need.added.isoformat(),
                    intake=client.intake.date.isoformat())
    for i, contact in enumerate(client.contacts):
        _org(out, entry, ("contacts", i, "org"), contact.org, history=True)
        if contact.service and (contact.org in out.ds.providers or contact.service.partition("/")[0] != contact.org):
            # (an organisation not in the directory is said once, at `org`)
            _service(out, entry, ("contacts", i, "service"), contact.service, history=True)
        if contact.service and contact.service.partition("/")[0] != contact.org:
            out.add(WARNING, "contact-org-mismatch", entry, ("contacts", i, "service"),
                    service=contact.service, org=contact.org)
        if contact.date < client.intake.date:
            out.add(WARNING, "contact-before-intake", entry, ("contacts", i, "date"),
                    date=contact.date.isoformat(), intake=client.intake.date.isoformat())
    for key, items in (("outcomes", client.outcomes), ("evaluation", client.evaluation)):
        for i, item in enumerate(items):
            if item.date < client.intake.date:
                out.add(WARNING, "dated-before-intake", entry, (key, i, "date"), date=item.date.isoformat(),
                        intake=client.intake.date.isoformat())
    if client.consent.given > client.intake.date:  # a file kept (contacts, outcomes) before agreeing to it
        out.add(WARNING, "consent-after-intake", entry, ("consent", "given"),
                given=client.consent.given.isoformat(), intake=client.intake.date.isoformat())
    for i, o in enumerate(client.outcomes):
        if o.kind in ("jobs-created", "jobs-retained") and o.count is None:  # (coordinator 14, C14-20)
            out.add(WARNING, "outcome-jobs-uncounted", entry, ("outcomes", i, "kind"), kind=o.kind)
        for field, value in (("count", o.count), ("amount", o.amount)):
            if value is None:
                continue
            if o.kind in OUTCOME_FIELDS and field not in OUTCOME_FIELDS[o.kind]:
                out.add(WARNING, "outcome-field-unused", entry, ("outcomes", i, field), field=field, kind=o.kind,
                        kinds=", ".join(k for k, f in OUTCOME_FIELDS.items() if field in f))
            elif value == 0 and o.kind in OUTCOME_FIELDS:
                out.add(WARNING, "outcome-zero", entry, ("outcomes", i, field), field=field, kind=o.kind)
            elif value > PLAUSIBLE[field]:  # one client's outcome: a typo's extra zeros
                out.add(WARNING, "outcome-implausible", entry, ("outcomes", i, field), field=field,
                        value=int(value) if float(value).is_integer() else value, most=PLAUSIBLE[field])
    if client.consent.withdrawn and client.consent.given and client.consent.withdrawn < client.consent.given:
        out.add(ERROR, "consent-withdrawn-before-given", entry, ("consent", "withdrawn"),
                withdrawn=client.consent.withdrawn.isoformat(), given=client.consent.given.isoformat())
    if client.consent.withdrawn:
        open_steps = [s for s in client.plan if s.status in ("planned", "active")]
        if open_steps:
            out.add(WARNING, "consent-withdrawn-open-plan", entry, ("consent", "withdrawn"),
                    count=len(open_steps))
        _notes_after_withdrawal(entry, out, client)
    # identifiers in notes, values, keys and comments: `privacy_scan`, run while loading
