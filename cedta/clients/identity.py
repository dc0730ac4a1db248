"""The identity store: clients' names and contact details, kept out of git in `data/.private/`
(git-ignored; the folder owner-only 0700, the file 0600), keyed by client id. Client files never hold
them. Owns reading and writing the store, removing an entry (`forget`), the look-alike check at
intake (same name and birth year, accents and case ignored), and finding where other client files
still write a client's identifiers (`written_elsewhere`, for intake and forget).

Writes go through `DataRoot.write_text(..., private=True)`; the store is one YAML file.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any

from cedta.clients.context import ABSENT, ClientError, private_dir, write
from cedta.io.store import DataRoot
from cedta.records.vocab import fold

STORE_NAME = "identities.yaml"
FIELDS = ("name", "phone", "email", "address", "note")
ALIASES = {"e-mail": "email", "mail": "email", "courriel": "email", "telephone": "phone", "tel": "phone",
           "phone number": "phone", "nom": "name", "full name": "name", "nom complet": "name",
           "adresse": "address", "notes": "note", "text": "note", "texte": "note", "free_text": "note"}


def store_path(root: DataRoot) -> Path:
    return root.path / ".private" / STORE_NAME


STORE_LIMIT = 16 * 1024 * 1024  # a store over this is not a list of names: refuse it rather than parse it
FIELD_LIMIT = 1000  # characters in one identity field (a name, an address...)


def load_store(root: DataRoot) -> dict[str, dict[str, str]]:
    """Every identity entry written as a mapping of fields; an absent store is empty. The store is
    this machine's, never shared. Keys and fields are read as a person may type them by hand: a key
    with capitals or blanks around it (`C-2026-0004:`) is that client's; `Name`, `full name`,
    `nom complet`, `adresse` are the fields an answers file takes them for (hostile 15, H15-2); a
    name written in two fields (`first_name`/`last_name`, `prénom`/`nom`) is read as the `name`
    the checks look for (hostile pass 11, 22)."""
    return {entry_key(k): entry_fields(entry) for k, entry in _load(root)[0].items() if isinstance(entry, dict)}


def entry_key(key: Any) -> str:
    """A store key as the client id it names: capitals and blanks around it aside (hostile 12, 9b)."""
    return str(key).strip().lower()


# the fields a name split in two is written under by hand, given name first
_SPLIT_NAME = ("first_name", "firstname", "given_name", "first", "prenom", "middle_name",
               "last_name", "lastname", "family_name", "surname", "last", "nom", "nom_de_famille")


def field_name(key: Any) -> str:
    """A field of an entry as cedta reads it: `Name`, `full name`, `nom complet` → name, `Prénom` →
    prenom (a part of a split name), `adresse` → address; any other, folded."""
    return _field_name(str(key))


@functools.lru_cache(maxsize=1024)  # (a store of 50,000 entries has a handful of field names)
def _field_name(key: str) -> str:
    folded = fold(key).strip()
    if folded in FIELDS:
        return folded
    under = re.sub(r"[\s-]+", "_", folded)
    if under in _SPLIT_NAME:
        return under
    return ALIASES.get(folded) or ALIASES.get(under.replace("_", " ")) or under


def entry_fields(entry: dict) -> dict[str, str]:
    """An entry's fields as text under the names cedta reads (`field_name`); a merge key's mapping
    (`<<: {name: …}`) gives its fields too; a name split in two is joined as `name`."""
    fields: dict[str, str] = {}
    merged: list = []
    for f, v in entry.items():
        if f == "<<" and isinstance(v, (dict, list)):
            merged += [v] if isinstance(v, dict) else [x for x in v if isinstance(x, dict)]
            continue
        name = field_name(f)
        if name not in fields or not fields[name]:  # (`Name` and `name` both: `validate` says it twice)
            fields[name] = _as_text(v)
    for more in merged:
        for f, v in entry_fields(more).items():
            fields.setdefault(f, v)
    if not fields.get("name"):
        parts = [fields[f] for f in _SPLIT_NAME if fields.get(f)]
        if parts:
            fields["name"] = " ".join(parts)
    return fields


def unread_fields(root: DataRoot) -> list[tuple[str, str]]:
    """(client id, field) of each field of an entry that cedta reads as none of its fields: its
    value is guarded nowhere (`telefon:`, `Rue:`)."""
    known = set(FIELDS) | set(_SPLIT_NAME)
    return [(entry_key(k), str(f)) for k, entry in _load(root)[0].items() if isinstance(entry, dict)
            for f in entry if f != "<<" and field_name(f) not in known]


def _as_text(value: Any) -> str:
    """A field as text: a name typed as a mapping or a list by hand (`{first: Amira, last: Haddad}`)
    is its words in order, not Python's spelling of it (`validate` warns about it)."""
    if isinstance(value, dict):
        return " ".join(t for t in (_as_text(v) for v in value.values()) if t)
    if isinstance(value, list):
        return " ".join(t for t in (_as_text(v) for v in value) if t)
    return "" if value is None or value in ("~", "null") else str(value)  # (a null, read as text)


def unshaped_fields(root: DataRoot) -> list[tuple[str, str]]:
    """(client id, field) of each field written as a mapping or a list instead of one text."""
    return [(k, str(f)) for k, entry in _load(root)[0].items() if isinstance(entry, dict)
            for f, v in entry.items() if isinstance(v, (dict, list))]


def odd_entries(root: DataRoot) -> list[tuple[str, int]]:
    """The entries typed as something else than a mapping of fields (`c-2026-0100: Amira Haddad
    613-555-0142`, a list): (client id, line). Unread by the checks, yet a person's name."""
    entries, text = _load(root)
    odd = [k for k, entry in entries.items() if not isinstance(entry, dict)]
    lines = text.splitlines() if isinstance(text, str) else []
    found = []
    for k in odd:
        at = max((n for n, line in enumerate(lines, 1)  # the last one: the one YAML keeps
                  if line.lstrip("'\"").startswith(k) and line.lstrip("'\"")[len(k):].lstrip("'\" ").startswith(":")),
                 default=1)
        found.append((k, at))
    return found


@functools.lru_cache(maxsize=1)
def _loader() -> Any:
    """PyYAML's BaseLoader (every value the text typed), in libyaml's C when there is one: the same
    reading, 30 times faster (a store of 50,000 entries, 3.3 MB, read seven times by one intake
    took 180 s in Python). yaml is imported only then."""
    import yaml

    return getattr(yaml, "CBaseLoader", yaml.BaseLoader)


_PARSED: dict[str, tuple[str, dict[str, Any]]] = {}  # path -> (text, entries): parsed once a run


def _copies(entries: dict[str, Any]) -> dict[str, Any]:
    """The entries with each mapping copied: what a caller changes is not what the run remembers."""
    return {k: (dict(v) if isinstance(v, dict) else v) for k, v in entries.items()}


def _remember(root: DataRoot, text: str, entries: dict[str, Any]) -> None:
    """The store just written: its text reads back as `entries` (checked before writing)."""
    _PARSED[str(store_path(root))] = (text, _copies(entries))


def _load(root: DataRoot) -> tuple[dict[str, Any], Any]:
    """Every entry as written (a mapping of fields, or whatever else was typed by hand) and what was
    read (the text, or ABSENT), to pass as `expected` when saving: an entry written in another shape
    is kept as it is by `put`, and removed by `remove`, never dropped in passing. The file is read
    (and checked) every time; its text is parsed once a run while it stays the same, the entries
    given as copies."""
    import yaml

    path = store_path(root)
    shown = root.shown(path)
    try:
        if (path.is_symlink() or path.parent.is_symlink()) and not root.inside(path):
            # kept elsewhere through a link: read but never written (writes stay in the data folder),
            # so consent could not be withdrawn; refused alike everywhere, and said so
            raise ClientError("identity-store-link", path=shown)
        if not path.is_file():
            if path.exists() or path.is_symlink():
                raise ClientError("client-private-unusable", path=shown, errno=21, reason="Is a directory")
            return {}, ABSENT
    except OSError as exc:  # a .private another account made 0700 (hostile pass 11, 3): said, no traceback
        raise ClientError("client-private-unusable", path=root.shown(path.parent), errno=exc.errno or 0,
                          reason=exc.strerror or str(exc)) from None
    try:
        if path.stat().st_size > STORE_LIMIT:
            raise ClientError("identity-store-too-large", path=shown, limit=STORE_LIMIT)
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise ClientError("identity-store-not-utf8", path=shown) from None
    except OSError as exc:
        raise ClientError("client-private-unusable", path=shown, errno=exc.errno or 0,
                          reason=exc.strerror or str(exc)) from None
    if "\x00" in text:
        raise ClientError("identity-store-not-utf8", path=shown)
    known = _PARSED.get(str(path))
    if known is not None and known[0] == text:
        return _copies(known[1]), text
    fast = _fast_entries(text)
    if fast is not None:  # (every value text, no key twice, nothing libyaml would read otherwise)
        _remember(root, text, fast)
        return _copies(fast), text
    try:
        # every value as the text typed: `0145236712` is a phone number, not YAML 1.1's octal 26557898,
        # `No` a note, not False, `+1613…` keeps its sign (hostile 12, #2 and #3)
        data = yaml.load(text, Loader=_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        raise ClientError("identity-store-bad-yaml", path=shown, line=(mark.line + 1) if mark else 1,
                          column=(mark.column + 1) if mark else 1) from None
    except (ValueError, RecursionError):
        raise ClientError("identity-store-bad-yaml", path=shown, line=1, column=1) from None
    if data is None:
        return {}, text
    if not isinstance(data, dict):
        raise ClientError("identity-store-not-mapping", path=shown)
    _no_duplicates(text, shown)
    entries = {str(k): entry for k, entry in data.items()}
    _PARSED[str(path)] = (text, entries)
    return _copies(entries), text


def _fast_entries(text: str) -> dict[str, Any] | None:
    """The store read by `yaml_rs` (Rust, as `fastparse` reads records), when that is provably the
    reading BaseLoader gives: the text passes `fastparse`'s screen (no anchor, alias, tag, block
    scalar, directive, odd character or flow collection libyaml reads otherwise), no key is written
    twice (`yaml_rs` refuses it), and every key and value comes out as text (a number, a boolean or
    a null that BaseLoader would have kept as typed sends the store to the strict reader); else
    None. A store of 50,000 entries: about 0.3 s, where BaseLoader and the duplicate check took 6 s."""
    from cedta.io import fastparse

    loads = fastparse._parser() if fastparse.ENABLED else None
    if not loads or "<<" in text:  # (a merge key: the strict reader's)
        return None
    simple = fastparse.plain_enough(text, numbers=False, limit=STORE_LIMIT)
    if simple is None:
        return None
    try:
        data = loads(simple, **fastparse._options)
    except BaseException as exc:  # a parse error, a key twice, or a panic in the extension
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        return None
    if data is None:
        return {}
    if type(data) is not dict:
        return None
    # one client twice once capitals and blanks are aside, one field twice once read as cedta reads
    # fields: the strict reader says where (identity-store-duplicate)
    if len({entry_key(k) for k in data}) != len(data):
        return None
    stack = [data]
    while stack:
        node = stack.pop()
        if type(node) is dict:
            for k, v in node.items():
                if type(k) is not str:
                    return None
                stack.append(v)
        elif type(node) is list:
            stack.extend(node)
        elif type(node) is not str:
            return None
    return data


def _no_duplicates(text: str, shown: str) -> None:
    """A client id (or a field of one entry) written twice: YAML keeps the last, and the first one's
    name would no longer be guarded (two stores pasted together: hostile pass 11, 21)."""
    import yaml

    try:
        node = yaml.compose(text, Loader=_loader())
    except (yaml.YAMLError, ValueError, RecursionError):
        return  # (read above: what composes loads)
    if not isinstance(node, yaml.MappingNode):
        return
    if "&" in text or "*" in text:
        _no_aliases(node, shown)
    # a client's key as it is read: `C-2026-0004` beside `c-2026-0004` is one client twice
    # (hostile 15, H15-3); a field twice only as written (`phone:` and `téléphone:` are two fields,
    # the first one kept: review 15, R15-11)
    for mapping, read_as in [(node, entry_key)] + [(v, str) for _, v in node.value
                                                   if isinstance(v, yaml.MappingNode)]:
        seen: dict = {}
        for key, _ in mapping.value:
            if not isinstance(key, yaml.ScalarNode) or key.value == "<<":
                continue
            said = read_as(key.value)
            if said in seen:
                first, raw = seen[said]
                raise ClientError("identity-store-duplicate" if raw == key.value else "identity-store-same-client",
                                  path=shown, line=key.start_mark.line + 1, column=key.start_mark.column + 1,
                                  first=first)
            seen[said] = (key.start_mark.line + 1, key.value)


def _no_aliases(node: Any, shown: str) -> None:
    """An alias (`*a`) stands for what its anchor holds: a few hundred bytes of nested aliases are
    millions of words once a field is read as text (hostile 15, H15-1: 43 s and 455 MB a command).
    Nothing a person types needs one: refused at the line of the first alias. (A composed alias is
    the node of its anchor met a second time.)"""
    import yaml

    seen: set[int] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if id(n) in seen:
            raise ClientError("identity-store-alias", path=shown, line=n.start_mark.line + 1,
                              column=n.start_mark.column + 1)
        seen.add(id(n))
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack += (k, v)
        elif isinstance(n, yaml.SequenceNode):
            stack += n.value


def _save(root: DataRoot, entries: dict[str, Any], expected: Any) -> None:
    import yaml

    private_dir(root)
    text = ("# Identity store: names and contact details of clients, keyed by client id.\n"
            "# Owner-only, git-ignored; never copy it into data/clients/.\n")
    text += yaml.safe_dump(entries, allow_unicode=True, sort_keys=True, default_flow_style=False) if entries else ""
    if len(text.encode("utf-8")) > STORE_LIMIT:  # never write what the reader would then refuse
        raise ClientError("identity-store-too-large", path=root.shown(store_path(root)), limit=STORE_LIMIT)
    write(root, store_path(root), text, private=True, expected=expected)
    os.chmod(store_path(root), 0o600)


_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_identity(raw: Any) -> tuple[dict[str, str], list[tuple[tuple, str, dict]]]:
    """The identity block of an answers file: (entry, problems as (path, code, params))."""
    problems: list[tuple[tuple, str, dict]] = []
    if raw is None:
        return {}, problems
    if not isinstance(raw, dict):
        return {}, [((), "identity-not-mapping", {})]
    entry: dict[str, str] = {}
    for key, value in raw.items():
        from cedta.records.vocab import fold

        name = ALIASES.get(fold(str(key)), fold(str(key)))  # `téléphone`, `Courriel`: accents and case aside
        if name not in FIELDS:
            problems.append(((key,), "identity-unknown-key", {"key": key, "allowed": ", ".join(FIELDS)}))
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, (dict, list)):
            problems.append(((key,), "identity-not-text", {"key": key}))
            continue
        if not isinstance(value, str):
            # a phone `0145236712` read as octal 26557898, `+1613…` without its sign, `No` as False:
            # the text typed cannot be told back, so it is asked for in quotes (hostile 12, #3)
            kind = "yes/no" if isinstance(value, bool) else "date" if hasattr(value, "isoformat") else "number"
            kind_fr = {"yes/no": "oui/non", "date": "date", "number": "nombre"}[kind]
            problems.append(((key,), "identity-not-quoted", {"key": key, "value": value, "kind": kind,
                                                              "kind_fr": kind_fr}))
            continue
        text = " ".join(str(value).split()) if name != "note" else str(value).strip()
        if name in entry and entry[name] != text:  # `nom` and `name` both given: which one?
            problems.append(((key,), "identity-twice", {"key": key, "field": name}))
            continue
        if len(text) > FIELD_LIMIT:  # a name or an address, not a document: the store stays readable
            problems.append(((key,), "identity-too-long", {"key": key, "limit": FIELD_LIMIT}))
            continue
        if any(c in _BIDI for c in text):  # "fee \u202e00001$" shows as "fee $10000" (hostile 10b, 4)
            problems.append(((key,), "text-bidi-control", {}))
            continue
        if name == "email" and not email_like(text):  # an address typed in the e-mail's place (hostile 13, 24)
            problems.append(((key,), "identity-not-email", {"key": key}))
            continue
        entry[name] = text
    return entry, problems


def email_like(text: str) -> bool:
    """Whether a text is shaped like an e-mail address: one `@`, something before it, a dot after it,
    no space."""
    import re

    return re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text) is not None


def entry_ids(root: DataRoot) -> set[str]:
    """The ids the store holds an entry for, whatever its shape."""
    return {entry_key(k) for k in _load(root)[0]}


def get(root: DataRoot, client_id: str) -> dict[str, str] | None:
    return load_store(root).get(client_id)


def has(root: DataRoot, client_id: str) -> bool:
    """Whether the store holds an entry for `client_id`, whatever its shape."""
    return entry_key(client_id) in entry_ids(root)


def _entry_text(client_id: str, entry: dict[str, str]) -> str:
    """One entry as YAML, every value quoted: read back as the same text, whatever it looks like."""
    import json
    import re

    key = client_id if re.fullmatch(r"[a-z][a-z0-9-]*", client_id) else json.dumps(client_id, ensure_ascii=False)
    return f"{key}:\n" + "".join(
        f"  {field}: {json.dumps(str(value), ensure_ascii=False)}\n" for field, value in entry.items())


def _reads_as(text: str, entries: dict[str, Any]) -> bool:
    """Whether `text` reads back as exactly `entries` (the check of an edit made on the text)."""
    import yaml

    fast = _fast_entries(text)  # (the same reading, when provable: 0.6 s at 50,000 entries, not 4.7)
    if fast is not None:
        return fast == entries
    try:
        data = yaml.load(text, Loader=_loader()) or {}
    except (yaml.YAMLError, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and {str(k): v for k, v in data.items()} == entries


def put(root: DataRoot, client_id: str, entry: dict[str, str]) -> None:
    """Add (or replace) a client's entry. A new one is added at the end of the file as written
    (in its line ends): the other entries, their comments and their values stay byte for byte; an
    entry already there for this id (left behind by a file removed by hand) is replaced, its own
    lines and the comments about it first taken out as `remove` takes them (review 12, R3: the key
    written twice made the store unreadable)."""
    entries, read = _load(root)
    old = entries.get(client_id)
    entries[client_id] = entry
    if isinstance(read, str) and read.strip():
        base = read
        if old is not None:
            base = _without_entry(read, client_id, old if isinstance(old, dict) else {})
        if base is not None:
            newline = "\r\n" if "\r\n" in base else "\n"
            if base and not base.endswith("\n"):
                base += newline
            text = base + _entry_text(client_id, entry).replace("\n", newline)
            if _reads_as(text, entries):
                _write(root, text, read)
                _remember(root, text, entries)  # (read back as these: not parsed again)
                return
    _save(root, entries, read)


def remove(root: DataRoot, client_id: str) -> bool:
    """Remove a client's entry, whatever its shape; True when there was one. Only its lines go (its
    key, what is indented under it, the comment lines right above it): every other entry, value
    and comment stays as written (a forget rewrote the whole store: other clients' comments were
    lost and their values changed, hostile 12, #2)."""
    entries, read = _load(root)
    if client_id not in entries:  # typed with capitals or blanks around it (hostile 12, 9b; 15, H15-3)
        client_id = next((k for k in entries if entry_key(k) == entry_key(client_id)), client_id)
    if client_id not in entries:
        return False
    old = entries.pop(client_id)
    if isinstance(read, str):
        text = _without_entry(read, client_id, old if isinstance(old, dict) else {})
        if text is not None and _reads_as(text, entries):
            _write(root, text, read)
            _remember(root, text, entries)  # (read back as these: not parsed again)
            return True
    _save(root, entries, read)
    return True


def _without_entry(text: str, client_id: str, identity: dict) -> str | None:
    """`text` without the lines of `client_id`'s entry (its key and what is indented under it) and
    without every comment line, anywhere in the store, that names the client: its id, or its name,
    phone, e-mail or address as the privacy guard finds them (review 12, R2: "# Amira Haddad:
    second phone …" under her entry, or above the first one, stayed after `forget`). Other
    comments stay. None when the entry's lines cannot be told apart."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""  # (Notepad's: kept, and not part of the first key)
    lines = text[len(bom):].splitlines(keepends=True)
    keys = [i for i, line in enumerate(lines)
            if line[:1] not in (" ", "\t", "#", "\n", "\r", "") and _key_of(line) == client_id]
    if len(keys) != 1:
        return None
    start = end = keys[0]
    end += 1
    while end < len(lines) and (lines[end][:1] in (" ", "\t") or not lines[end].strip()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():  # the blank lines after it stay
        end -= 1
    # the comment lines right above the entry are about it (the store's own header aside), and so
    # are those right below it that end in a blank line or the file's end (not right above the next
    # entry: those are the next one's)
    while start > 0 and lines[start - 1].startswith("#") and not lines[start - 1].startswith(_HEADER):
        start -= 1
    below = end
    while below < len(lines) and lines[below].startswith("#"):
        below += 1
    if below > end and (below == len(lines) or not lines[below].strip()):
        end = below
    kept = lines[:start] + lines[end:]
    return bom + "".join(line for line in kept
                         if not (line.lstrip().startswith("#") and _about(line, client_id, identity)))


_HEADER = ("# Identity store: ", "# Owner-only, git-ignored")  # the two lines `_save` starts the file with


def _about(comment: str, client_id: str, identity: dict) -> bool:
    """Whether a comment line names this client (its id, or its identity as the guard reads it)."""
    import re

    if re.search(rf"(?<![\w-]){re.escape(client_id)}(?![\w-])", comment, re.IGNORECASE):  # (not c-2026-00011)
        return True
    from types import SimpleNamespace

    from cedta.records.checks import identity_leaks

    fields = {k: v for k, v in entry_fields(identity).items() if v.strip()}  # (as `load_store` reads them)
    if not any(ch.isdigit() for ch in fields.get("address", "")):
        fields.pop("address", None)  # "Ottawa" alone names no one: other clients' comments say it too
    if not fields:
        return False
    doc = SimpleNamespace(data={"text": comment.lstrip().lstrip("#")}, surprises={},
                          where=lambda path, key=False: (1, 1))
    return bool(identity_leaks(doc, "", fields, comments=False))


def _key_of(line: str) -> str | None:
    """The key a top-level line starts (`c-2026-0004:`, `'c-2026-0004':`), or None."""
    stripped = line.rstrip("\r\n")
    for quote in ("'", '"'):
        if stripped.startswith(quote):
            close = stripped.find(quote, 1)
            return stripped[1:close] if close > 0 and stripped[close + 1:].lstrip().startswith(":") else None
    key, colon, _ = stripped.partition(":")
    return key.strip() if colon else None


def _write(root: DataRoot, text: str, expected: Any) -> None:
    private_dir(root)
    if len(text.encode("utf-8")) > STORE_LIMIT:
        raise ClientError("identity-store-too-large", path=root.shown(store_path(root)), limit=STORE_LIMIT)
    write(root, store_path(root), text, private=True, expected=expected)
    os.chmod(store_path(root), 0o600)


def lookalikes(root: DataRoot, name: str | None, birth_year: int | None, birth_years: dict[str, int | None],
               exclude: str | None = None) -> list[str]:
    """Ids of clients with the same name (accents, case and spacing ignored) and birth year."""
    if not name or birth_year is None:
        return []
    key = fold(name)
    return sorted(cid for cid, entry in load_store(root).items()
                  if cid != exclude and fold(str(entry.get("name") or "")) == key
                  and birth_years.get(cid) == birth_year)


def written_elsewhere(root: DataRoot, client_id: str, entry: dict | None) -> list[str]:
    """The places (file:line) in other client files whose notes or comments write this client's name,
    phone, e-mail or address as the identity entry records them, and in the provider, hub and
    network files that write its name, phone or e-mail: `forget` removes the entry, and with
    it what the checks look for, so they are said now (the identifiers themselves never are)."""
    if not entry:
        return []
    import re

    from cedta.records import checks
    from cedta.records.vocab import fold

    # a first look at each file's bytes for what the checks need to find at the least, so that only
    # the few files that may hold one are read as records (50,000 clients: the full check of every
    # file took 160 s): the name's first and last words (the checks find the name in order, surname
    # first, or without its middle names), the phone's last 7 digits (any separators), the e-mail,
    # an address's longest word; each letter with its accented forms, in any case (the bytes are
    # searched as they are: folding 25,000 files of French text took 6 s); a name or an address in
    # another script: every file is checked
    folded_name = fold(str(entry.get("name") or ""))
    name_words = re.findall(r"[^\W_]+", folded_name)
    folded_address = fold(str(entry.get("address") or ""))
    address_words = sorted(re.findall(r"[^\W_\d]+", folded_address), key=len)
    look_first = folded_name.isascii() and folded_address.isascii()
    # a word of 3 letters or more is looked for inside others ("brien" in OBrien and O'Brien); a
    # shorter one as a word of its own ("Li Wu": "li" is in every "client")
    looks = [_loose(w, alone=len(w) < 3) for w in dict.fromkeys([name_words[0], name_words[-1]])] if name_words else []
    digits = re.sub(r"\D", "", str(entry.get("phone") or ""))[-7:].encode()
    email = str(entry.get("email") or "").strip().lower().encode("utf-8", "replace")
    street = _loose(address_words[-1]) if address_words else None
    places = []
    # the provider, hub and network files too: git shares them with every member organisation, and
    # `validate` flags the client's name or phone there only while the entry exists (hostile 14, 9)
    marks = checks.identity_marks({client_id: entry})
    for rf in root.files({"client", "provider", "hub", "network", "vocab"}):
        if rf.kind == "client" and rf.stem == client_id:
            continue
        try:
            raw = rf.path.read_bytes()
        except OSError:
            continue
        if look_first:
            raw = raw.lower()  # (ASCII letters only: the accented ones stay, and `_loose` lists both cases)
            if not ((looks and all(x.search(raw) for x in looks))
                    or (len(digits) >= 4 and digits in raw.translate(None, b" .()/-\t"))  # (separators out, at C speed)
                    or (email and email in raw) or (street is not None and street.search(raw))):
                continue
        doc = root.read(rf).document
        if doc is None:
            continue
        if rf.kind != "client":
            places += sorted({f"{d.path}:{d.line}" for d in checks.directory_identity_leaks(doc, rf.shown, marks)})
            continue
        found = checks.identity_leaks(doc, rf.shown, entry)
        if entry.get("name"):
            found += checks.other_names(doc, rf.shown, checks.names_index({client_id: entry}), rf.stem)
        places += sorted({f"{d.path}:{d.line}" for d in found})
    return places


def _loose(word: str, alone: bool = False):
    """A bytes pattern for a folded word as a file may write it: any case, each letter with its
    accented forms in UTF-8 (é, É, ł, ø...); `alone`: not inside a longer word."""
    import re

    variants = _accented()
    parts = []
    for ch in word:
        forms = [re.escape(ch.encode())] + [re.escape(v.encode()) for v in variants.get(ch, ())]
        parts.append(b"(?:" + b"|".join(forms) + b")" if len(forms) > 1 else forms[0])
    body = b"(?:'|\xe2\x80\x99)?".join(parts)  # (an apostrophe inside: O'Brien for OBrien)
    if alone:
        body = rb"(?<![a-z0-9])" + body + rb"(?![a-z0-9])"
    return re.compile(body)  # (searched in the bytes lowered: ASCII letters; the accented ones, both cases, are listed)


_ACCENTED: dict = {}


def _accented() -> dict:
    """Base letter -> the Latin letters (U+00C0 to U+024F) that fold to it, both cases."""
    if not _ACCENTED:
        import unicodedata

        from cedta.suggest import _PLAIN_LETTERS

        for cp in range(0xC0, 0x250):
            ch = chr(cp)
            base = unicodedata.normalize("NFKD", ch.translate(_PLAIN_LETTERS)).encode("ascii", "ignore").decode().lower()
            if len(base) == 1 and base.isalpha():
                _ACCENTED.setdefault(base, []).append(ch)
    return _ACCENTED


def directory_leaks(root: DataRoot, names: bool = True, unreadable: bool = True) -> list:
    """What `validate` finds where a provider, hub, network or vocabulary file writes a
    client's name, phone or e-mail as the store records it (an error for a phone or an e-mail, a
    warning for a name; without `names`, the errors only): an export or a shared report is not made
    from them (hostile 15, H15-11). Nothing when the store is absent or cannot be read (`validate`
    says why). Remembered in the cache (the findings only: no name, no number) while the directory
    files and the store are unchanged: at 50,000 entries and 2,000 providers the search costs
    seconds, the look-up nothing."""
    import hashlib
    import time

    from cedta.io import cache
    from cedta.records.checks import directory_identity_leaks, identity_marks
    from cedta.records.sweep import code_stamp

    path = store_path(root)
    try:
        st = os.stat(path)
    except OSError:
        return []
    results = [root.read(rf) for rf in root.files({"network", "vocab", "provider", "hub"})]
    digests = [(r.file.shown, getattr(r.document, "digest", None)) for r in results]
    key = None
    # trusted only when every file has a digest (the cache is on) and the store was not written
    # within the racy window (a change in the same tick keeps its size and times)
    if all(d for _, d in digests) and time.time_ns() - st.st_mtime_ns > cache.RACY_NS:
        h = hashlib.blake2b(code_stamp() + Path(__file__).read_bytes(), digest_size=16)
        h.update(repr((sorted(digests), names, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)).encode(
            "utf-8", "surrogateescape"))
        key = h.digest()
        kept = cache.recall_blob(root, "directory-leaks", key)
        if isinstance(kept, list):
            return kept
    try:
        store = load_store(root)
    except (ClientError, OSError, ValueError) as exc:
        # a store that cannot be read leaves the directory unchecked: an export or a shared report is
        # not made then (review 15, R15-14); `validate` says it already (`unreadable=False`)
        if not unreadable:
            return []
        from cedta.diagnostics import ERROR, Diagnostic

        params = getattr(exc, "params", {}) or {}
        return [Diagnostic(ERROR, "identity-store-unreadable", root.shown(path), params.get("line", 1),
                           params.get("column", 1), {"what": "store-unusable"})]
    found = []
    if store:
        marks = identity_marks(store, names=names)
        for r in results:
            if r.document is not None:
                found += directory_identity_leaks(r.document, r.file.shown, marks)
    if key is not None:
        cache.keep_blob(root, "directory-leaks", key, found)
    return found
