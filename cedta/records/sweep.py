"""Validation of a whole data directory in bounded memory, reusing what the cache remembers.

`validate` (in `checks`) wants every record loaded at once; a network of 50,000 clients does not fit
that way. Clients never refer to each other, only to the directory (vocabulary, network, providers,
hubs), so `sweep` checks the directory first, then each client file on its own against a small
summary of the directory (`DirectoryFacts`), and drops the client before reading the next one.

With the parse cache (`io.cache`) on, two things are remembered:
- the directory's own findings and its summary, keyed by the directory files' content hashes, the
  date checked against and the checking code (`directory-check.bin` in the cache folder);
- each client file's findings, beside that file's cache entry, keyed by the same directory key
  and the file's name. A client whose bytes and directory are unchanged is not even unpickled.

Any change to a directory file, to the date, or to cedta's checking code changes the key, and every
client is checked again (from the parsed data the cache keeps). Pure: no printing.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import pickle
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable, Iterable

from cedta.diagnostics import ERROR, Diagnostic
from cedta.records import checks
from cedta.records.compact import compact

_CODE: bytes | None = None
# an id as intake draws it (c-2026-dggdx: 5 characters of 0-9a-z less i, l, o, u) or numbers: not
# looked at for name words (chance would match a 3-letter name in 1 of a few thousand)
_GENERATED = re.compile(r"^c-\d{4}-(?:[0-9abcdefghjkmnpqrstvwxyz]{5}|\d+)$")


def code_stamp() -> bytes:
    """A hash of the code a finding depends on (the model, the checks, the vocabulary)."""
    global _CODE
    if _CODE is None:
        import cedta

        h = hashlib.blake2b(cedta.__version__.encode(), digest_size=16)
        here = Path(__file__).resolve().parent
        for name in ("checks.py", "model.py", "vocab.py", "vocab.yaml", "eligibility.py", "sweep.py", "topics.py"):
            try:
                h.update((here / name).read_bytes())
            except OSError:
                h.update(name.encode() + b"?")
        for shared in ("diagnostics.py", "suggest.py"):  # (suggest: `fold`, which term look-ups use)
            try:
                h.update((here.parent / shared).read_bytes())
            except OSError:
                pass
        _CODE = h.digest()
    return _CODE


def directory_facts(ds: checks.Dataset) -> checks.Dataset:
    """What checking a client needs of the directory: provider ids with their services' ids and
    topics, hub ids, what failed to load, the vocabulary. Small, and picklable."""
    facts = checks.Dataset(vocab=ds.vocab, broken=set(ds.broken))
    from cedta.records.topics import topics_met

    for pid, entry in ds.providers.items():
        services = [SimpleNamespace(id=s.id, topic=s.topic, topics=topics_met(s)) for s in entry.record.services]
        facts.providers[pid] = SimpleNamespace(record=SimpleNamespace(services=services))
    facts.hubs = {hid: None for hid in ds.hubs}
    return facts


def _file_key(r) -> tuple:
    """A directory file as the key sees it: its name, and its content hash or its read problem."""
    if r.problem is not None:
        p = r.problem
        return (r.file.shown, r.file.kind, "problem", p.code, p.line, p.column, repr(sorted(p.params.items())))
    doc = r.document
    d = getattr(doc, "digest", None)
    if not d:  # no cache: nothing will be remembered anyway
        return (r.file.shown, r.file.kind, None)
    return (r.file.shown, r.file.kind, d)


def _checked(r, facts: checks.Dataset, today: dt.date) -> tuple[Any, list[Diagnostic]]:
    """The client's record (None when its file has schema errors) and every finding about it."""
    f = r.file
    if r.problem is not None:
        return None, [checks.problem_diagnostic(f.shown, r.problem)]
    found: list[Diagnostic] = []
    record = checks._validate_document("client", r.document, f.shown, f.stem, found)
    if record is None:  # its terms are still looked at: one shape error does not hide them
        found += [checks.redact(d) for d in checks.unloaded_terms(
            "client", r.document, f.shown, facts.vocab, ("vocab", "vocab") in facts.broken)]
    if record is not None:
        out = checks._Out(facts)
        entry = checks.Entry(record, r.document, f.shown, "client")
        checks.check_terms(entry, out)
        checks._check_client(entry, out, today)
        found += [checks.redact(d) for d in out.items]
    return record, found


def check_client(r, facts: checks.Dataset, today: dt.date) -> tuple[Any, list[Diagnostic]]:
    """One client file checked as `sweep` checks each (a writer checking the file it changes):
    its record (None with schema errors) and its findings, not yet sorted or capped."""
    return _checked(r, facts, today)


def _client_key(directory_key: bytes, shown: str) -> bytes:
    """The key a client file's findings are kept under: the directory's key and the file's name."""
    return hashlib.blake2b(directory_key + shown.encode("utf-8", "surrogateescape"), digest_size=16).digest()


def _derive(facts: checks.Dataset, today: dt.date, directory_key: bytes, rf, document) -> tuple[bytes, bytes]:
    """The findings about one client file, as `sweep` keeps them (run in a worker by `prewarm`)."""
    from cedta.io.store import ReadResult

    _, mine = _checked(ReadResult(rf, document=document), facts, today)
    return _client_key(directory_key, rf.shown), pickle.dumps(mine, protocol=pickle.HIGHEST_PROTOCOL)


def sweep(root, directory_files: Iterable, client_files: Iterable, today: dt.date,
          network_path: str, identities: dict | None = None,
          progress: Callable[[int], None] | None = None,
          keep: checks.Dataset | None = None,
          visit: Callable[[Any, Any, list[Diagnostic]], None] | None = None,
          keep_clients: bool = True) -> tuple[list[Diagnostic], checks.Dataset]:
    """All findings about the directory files and the client files, sorted and capped per file as
    `checks.validate` gives them, and the directory's facts. `identities` (client id -> identity
    entry) adds the identity-store checks; `progress(n)` is called as files are read. `keep`: a
    dataset that receives the directory's records and every client record without schema errors
    (see `load_checked`); `visit(record, file, findings)` is called instead for each such client
    record, which is then let go (a command that needs one figure per client keeps no record);
    with `keep` and `keep_clients=False`, `keep` receives the directory only."""
    from cedta.io import cache

    directory_results = [root.read(f) for f in directory_files]
    client_files = list(client_files)
    keyed = [_file_key(r) for r in directory_results]
    usable = all(k[2] is not None for k in keyed) and not cache.disabled()
    h = hashlib.blake2b(code_stamp(), digest_size=16)
    h.update(repr((today.isoformat(), network_path, bool(client_files), sorted(keyed))).encode(
        "utf-8", "surrogateescape"))
    directory_key = h.digest()
    kept = cache.recall_blob(root, "directory-check", directory_key) if usable else None
    ds = None
    if kept is not None:
        diagnostics, facts = kept
    else:
        ds = checks.load_dataset(directory_results)
        diagnostics = checks.validate(ds, today, network_path, has_clients=bool(client_files))
        facts = directory_facts(ds)
        if usable:
            cache.keep_blob(root, "directory-check", directory_key, (diagnostics, facts))
    if keep is not None:
        ds = ds or checks.load_dataset(directory_results)
        keep.vocab, keep.network, keep.providers, keep.hubs = ds.vocab, ds.network, ds.providers, ds.hubs
        keep.broken |= ds.broken
    del directory_results, ds
    found: list[Diagnostic] = list(diagnostics)
    ready = len(client_files)
    parsing = None
    if usable and client_files:
        # worker processes parse and check the files the cache lacks, chunk by chunk; each file is
        # read below once its chunk is in the cache, while the workers go on with the next ones
        from cedta.io import prewarm

        parsing = prewarm.stream(root, client_files, functools.partial(_derive, facts, today, directory_key))
        ready = 0
    try:
        found += _sweep_clients(root, client_files, facts, today, directory_key, usable, identities,
                                progress, keep, visit, keep_clients, parsing, ready)
    finally:
        if parsing is not None:
            parsing.close()
    return checks.cap_per_file(sorted(found, key=Diagnostic.sort_key)), facts


def _sweep_clients(root, client_files: list, facts, today, directory_key: bytes, usable: bool, identities,
                   progress, keep, visit, keep_clients: bool, parsing, ready: int) -> list[Diagnostic]:
    """The findings about each client file in turn (see `sweep`); `parsing`: the workers' progress
    (`prewarm.stream`), `ready`: how many files are in the cache already."""
    found: list[Diagnostic] = []
    count = len(client_files)
    others = checks.names_index(identities) if identities else {}
    spelt: dict | None = None  # full names as an id spells them, made when an id is not a drawn one
    for i, f in enumerate(client_files):
        while i >= ready:
            ready = next(parsing, count) if parsing is not None else count
        r = root.read(f)
        doc = r.document
        record = mine = None
        recalled = False
        if usable and doc is not None and hasattr(doc, "recall"):
            key = _client_key(directory_key, f.shown)
            mine = doc.recall(key)
            recalled = mine is not None
            if mine is None:
                record, mine = _checked(r, facts, today)
                doc.keep(key, mine)
        if mine is None:
            record, mine = _checked(r, facts, today)
        if (keep is not None or visit is not None) and doc is not None:
            if recalled:  # findings from the cache: build the record
                if any(d.severity == ERROR for d in mine):  # as `load_dataset` would, or not at all
                    record = checks._validate_document("client", doc, f.shown, f.stem, [])
                else:
                    record = checks.m.Client.model_validate(doc.data)  # the checks found it valid
            if record is None:
                if keep is not None:
                    keep.broken.add(("client", f.stem))
            elif keep is not None and keep_clients:
                keep.clients[f.stem if record.id != f.stem and checks.SLUG.match(f.stem) else record.id] = \
                    checks.Entry(compact(record), None, f.shown, "client")
            if record is not None and visit is not None:
                visit(record, f, mine)
        if doc is not None and hasattr(doc, "release"):
            # the record holds what is needed; the data comes back from the cache (or the file) if asked
            doc.release(everything=keep is not None or visit is not None)
        found += mine
        if others and doc is not None and r.problem is None:  # another client's name in a note
            found += checks.other_names(doc, f.shown, others, f.stem)
        if identities and not _GENERATED.match(f.stem):  # `c-2026-zoraquill`: another client's name
            if spelt is None:
                spelt = checks.joined_names(identities)
            if checks.other_id_names(f.stem, spelt):
                found.append(Diagnostic(ERROR, "other-name-in-id", f.shown, 1, 1, {}))
        if identities and doc is not None and isinstance(identities.get(f.stem), dict):
            found += checks.identity_leaks(doc, f.shown, identities[f.stem])
            consent = doc.data.get("consent") if isinstance(doc.data, dict) else None
            if isinstance(consent, dict) and consent.get("withdrawn"):
                # consent withdrawn, the name still kept (a store restored from a backup: hostile 11, 13)
                found.append(Diagnostic(ERROR, "identity-after-withdrawal", f.shown,
                                        *doc.where(("consent", "withdrawn")), {"id": f.stem}))
            if not _GENERATED.match(f.stem) and checks.id_names(f.stem, identities[f.stem]) and not any(
                    d.code == "identity-in-client" and d.line == 1 for d in found if d.path == f.shown):
                found.append(Diagnostic(ERROR, "identity-in-client", f.shown, 1, 1, {"what": "name"}))
        if progress is not None and i % 64 == 0:
            progress(i)
    return found


def load_checked(root, files: Iterable, today: dt.date, network_path: str,
                 progress: Callable[[int], None] | None = None) -> tuple[checks.Dataset, list[Diagnostic]]:
    """Every record of `files` loaded (clients without schema errors) and every finding about them,
    as `load_dataset` then `validate` give them, with the findings of unchanged files from the
    cache and each client's parsed data let go once its record is built. The client entries keep
    no document (`Entry.doc` is None): what needs positions has them in the findings."""
    files = list(files)
    directory = [f for f in files if f.kind != "client"]
    clients = [f for f in files if f.kind == "client"]
    from cedta.records.vocab import builtin

    ds = checks.Dataset(vocab=builtin())
    found, _ = sweep(root, directory, clients, today, network_path, progress=progress, keep=ds)
    from cedta.io import cache

    cache.let_go(root)  # the parsed files are no longer needed in memory, only the records
    return ds, found

