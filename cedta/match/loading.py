"""What matching reads: the directory built for matching (remembered in the cache), the clients
asked for, checked as `validate` checks their values, a group's clients streamed in bounded memory,
and the places each capacity-limited service has taken (remembered per client file). No printing:
`cli/match.py` says what was left out and why.
"""

from __future__ import annotations

from pathlib import Path


class Loaded:
    """The directory (built for matching), the dataset of the clients read with it (`ds`: their
    records and diagnostics, the vocabulary, the hubs' ids, what failed to load), and the files
    left out for errors."""

    def __init__(self, ds, directory, skipped):
        self.ds = ds
        self.directory = directory
        self.skipped = skipped


def load(today, root, client_files: list) -> Loaded:
    """Read the directory, the hubs, the network, the vocabulary and the given client files.

    Files with errors are skipped (their records are left out of matching) and named on stderr."""
    from cedta.records import checks

    directory, hub_ids, broken, skipped = load_directory(today, root)
    ds = checks.load_dataset([root.read(f) for f in client_files], directory.vocab)
    ds.hubs = dict.fromkeys(hub_ids)  # (ids only: matching reads the hubs from the directory)
    ds.broken |= broken
    check_clients(ds)
    skipped = sorted(set(skipped) | {d.path for d in ds.diagnostics if d.severity == "error"})
    return Loaded(ds, directory, skipped)


def load_directory(today, root) -> tuple:
    """The directory built for matching, the hubs' ids as loaded, what failed to load and the
    directory files with errors: (directory, hub ids, broken, skipped paths).

    Remembered in the cache (`cache.keep_blob`) under a key made of the content hash of every
    directory file as the parse cache checked it (or its read problem) and of the code that builds
    it: a directory of 2,000 providers comes back unpickled (about 0.2 s) instead of validated and
    built (0.8 s). Any change to a provider, hub, network or vocabulary file, or to the model, the
    checks or matching, makes another key; without a cache nothing is remembered."""
    import gc

    from cedta.io import cache
    from cedta.match import Directory
    from cedta.records import checks

    results = [root.read(f) for f in root.files({"network", "vocab", "provider", "hub"})]
    key = directory_key(results)
    # The records live until the command ends: the cycle collector is kept from walking them again
    # and again while they are built or unpickled and while matching allocates (3x faster on
    # 10,000 services).
    if key is not None:
        found = cache.recall_records(root, "match-directory", key)
        if isinstance(found, tuple) and len(found) == 4 and isinstance(found[0], Directory):
            gc.freeze()
            found[0].today = today
            return found
    ds = checks.load_dataset(results)
    skipped = sorted({d.path for d in ds.diagnostics if d.severity == "error"})
    gc.freeze()
    network = ds.network.record if ds.network else None
    directory = Directory.build((e.record for e in ds.providers.values()), (e.record for e in ds.hubs.values()),
                                network, ds.vocab, today)
    found = (directory, list(ds.hubs), set(ds.broken), skipped)
    if key is not None:
        cache.keep_records(root, "match-directory", key, found)
    return found


def directory_key(results: list) -> bytes | None:
    """What the directory built from `results` depends on: each file's shown path and content hash
    (or its read problem), and the code (model, checks, vocabulary, matching, pydantic). None when
    a file's hash is not known (no cache)."""
    import hashlib

    import pydantic

    from cedta.match import directory as directory_module
    from cedta.records import compact, sweep

    h = hashlib.blake2b(sweep.code_stamp(), digest_size=20)
    h.update(pydantic.VERSION.encode())
    for module in (directory_module, compact):
        h.update(Path(module.__file__).read_bytes())
    h.update(Path(__file__).read_bytes())  # this module: what is remembered, and how
    for r in results:
        h.update(f"\0{r.file.kind}\0{r.file.shown}\0".encode("utf-8", "surrogateescape"))
        if r.problem is not None:
            p = r.problem
            h.update(repr((p.code, p.line, p.column, sorted(p.params.items(), key=str))).encode(
                "utf-8", "surrogateescape"))
            continue
        d = getattr(r.document, "digest", None)
        if not isinstance(d, bytes) or not d:
            return None
        h.update(d)
    return h.digest()


def check_clients(ds, hubs=None, hubs_broken: bool | None = None) -> None:
    """The clients read are checked as `validate` checks their own values: unknown vocabulary terms and
    an unknown hub are errors (a client who "speaks zz" is not matched as if zz were a language). A
    client with such errors is left out of matching, like a file that does not load. `hubs` and
    `hubs_broken` are the directory's when `ds` holds clients only (read one at a time)."""
    from cedta.records import checks

    vocab = ds.vocab
    if hubs is None:
        hubs = ds.hubs
    if hubs_broken is None:
        hubs_broken = any(kind == "hub" for kind, _ in ds.broken)
    for cid, entry in list(ds.clients.items()):
        found = checks.value_diagnostics(entry.record, entry.doc, entry.path, vocab, hubs, hubs_broken)
        if found:
            ds.diagnostics.extend(found)
            # left out of matching, its open steps still hold their places, as every file that
            # loads counts for them (`_places_counted`; review 11, Y13)
            ds.__dict__.setdefault("left_out", []).append(entry.record)
            del ds.clients[cid]


def stream_clients(root, loaded: Loaded, files, bad: list, places: dict | None = None):
    """The valid client records of `files`, read, checked and given out one at a time (each record
    and its document are dropped once the caller is done with it: memory does not grow with the
    clients). The shown paths of files with errors are appended to `bad`; each file yields at most
    one record (pairs of (file, record))."""
    from cedta.match import places_taken
    from cedta.records import checks

    vocab = loaded.ds.vocab
    hubs = loaded.ds.hubs
    hubs_broken = any(kind == "hub" for kind, _ in loaded.ds.broken)
    for f in files:
        one = checks.load_dataset([root.read(f)], vocab)
        check_clients(one, hubs, hubs_broken)
        if any(d.severity == "error" for d in one.diagnostics):
            bad.append(f.shown)
        if places is not None:  # every record that loads holds its places, matched or not (Y13)
            for record in [e.record for e in one.clients.values()] + one.__dict__.get("left_out", []):
                for ref, n in places_taken([record]).items():
                    places[ref] = places.get(ref, 0) + n
        for entry in one.clients.values():
            yield f, entry.record


def unpacked(records: list):
    """Records packed by `group_records`, unpacked one at a time (each packed copy let go once read)."""
    import pickle
    import zlib

    for i, packed in enumerate(records):
        records[i] = None
        yield pickle.loads(zlib.decompress(packed))


def group_records(root, loaded: Loaded, hub: str | None, bad: list):
    """The records of every client (or of one hub's) and the places taken, without holding every
    client at once. When a service has a capacity, a first pass counts the places taken over every
    valid client (as `places_taken_for` does) and keeps the chosen records packed (pickled and compressed,
    about 1.3 KB a client, against tens of KB for a record and its document); the matching pass
    unpacks them one at a time. Otherwise one pass reads, checks and gives out each client.
    Returns (records, taken)."""
    import pickle
    import zlib

    files = list(root.files({"client"}))
    chosen = (lambda rec: True) if not hub else (lambda rec: rec.hub == hub)
    directory = loaded.directory
    if not any(o.service.capacity for offers in directory.by_topic.values() for o in offers):
        return (rec for _, rec in stream_clients(root, loaded, files, bad) if chosen(rec)), None
    counts: dict[str, int] = {}
    topics: set[str] = set()
    keep = []
    for f, rec in stream_clients(root, loaded, files, bad, places=counts):
        if chosen(rec):
            keep.append(zlib.compress(pickle.dumps(rec, protocol=pickle.HIGHEST_PROTOCOL), 1))
            topics.update(n.topic for n in rec.needs)
    needed = any(o.service.capacity for t in topics for o in directory.by_topic.get(t, ()))
    return unpacked(keep), (counts if needed else None)


def places_taken_for(root, loaded: Loaded, clients: list, all_loaded: bool) -> dict[str, int] | None:
    """Places taken per service by open plan steps. Other clients' files are read only when a
    service of a topic these clients need has a capacity."""
    from cedta.match import places_taken

    topics = {n.topic for c in clients for n in c.needs}
    if not any(o.service.capacity for t in topics for o in loaded.directory.by_topic.get(t, ())):
        return None
    if all_loaded:
        return places_taken([e.record for e in loaded.ds.clients.values()] + loaded.ds.__dict__.get("left_out", []))
    # Only the places of these topics' services with a capacity can change a verdict (a capacity is
    # at least 1: a service none of whose places is counted is never full). Each file is read and
    # dropped in turn; only a file with an open-looking step on one of those services is validated.
    refs = {o.ref for t in topics for o in loaded.directory.by_topic.get(t, ()) if o.service.capacity}
    return {ref: n for ref, n in _places_counted(root, loaded).items() if ref in refs}


def places_now(root) -> dict[str, int]:
    """Open plan steps per service ref over every client file (as `_places_counted` counts them)."""
    return _places_counted(root, None)


def _places_counted(root, loaded: Loaded | None) -> dict[str, int]:
    """Open plan steps per service ref over every client file (nothing for a file with errors),
    remembered in the cache with each file's size, times and inode, trusted as the parse cache
    trusts them (`cache.per_file`; a file modified within `cache.RACY_NS` of being counted is
    counted again): a file unchanged since is not opened. The folder is listed once and each file
    `lstat`ed by name (no `Path` or record object per file: 52,004 files in about 0.15 s, where
    `root.files` and `per_file` took 0.5 s); when nothing changed the remembered total is used."""
    import os
    import time

    from cedta.io import cache

    place = _places_of_file(root, loaded)
    stamp = _places_stamp()
    folder = root.path / "clients"
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(".yaml") and not n.startswith(".") and len(n) > 5)
    except OSError:
        names = None
    if names is None or cache.for_root(root) is None:  # no cache, or a folder that cannot be listed
        return _summed(cache.per_file(root, "places-taken", stamp, root.files({"client"}), place).values())
    from cedta.io.store import RecordFile

    prefix = root.prefix(folder)  # (50,000 names: no Path walk and `relpath` each)
    prints = _fingerprints(folder, names)
    # every file as counted, none of them in the racy window then: the total, from a small blob
    # (the names and fingerprints packed, not 50,000 tuples to unpickle)
    packed = _packed_prints(names, prints)
    quick = cache.recall_blob(root, "places-total", stamp) if packed is not None else None
    if isinstance(quick, tuple) and len(quick) == 2 and quick[0] == packed:
        return quick[1]
    known = cache.recall_blob(root, "places-counted", stamp)
    old: dict = {}
    if isinstance(known, dict):
        try:
            old = {n: (p, made, v) for n, p, made, v in zip(known["names"], known["prints"], known["made"],
                                                           known["places"])}
        except (KeyError, TypeError):
            old = {}
    made_at: list = []
    values: list = []
    now = time.time_ns()
    for name, fp in zip(names, prints):
        before = old.get(name)
        if fp is not None and before is not None and before[0] == fp and before[1] - fp[1] > cache.RACY_NS:
            made_at.append(before[1])
            values.append(before[2])
            continue
        # (a file changed while it is read has new times, or is in the racy window: counted again)
        value = place(RecordFile("client", folder / name, prefix + name)) or None
        made_at.append(now)
        values.append(value)
    trusted = all(fp is not None and made - fp[1] > cache.RACY_NS for fp, made in zip(prints, made_at))
    total = _summed(v for v in values if v)
    cache.keep_blob(root, "places-counted", stamp, {"names": names, "prints": prints, "made": made_at,
                                                    "places": values, "total": total, "trusted": trusted})
    cache.keep_blob(root, "places-total", stamp, (packed, total) if trusted and packed is not None else None)
    return total


def _packed_prints(names: list[str], prints: list) -> bytes | None:
    """The names and fingerprints of a folder's files as one bytes string (None when a file has no
    fingerprint or a figure does not fit 64 bits): equal strings, equal files."""
    import array
    import itertools

    if None in prints:
        return None
    try:
        figures = array.array("q", itertools.chain.from_iterable(prints)).tobytes()
    except OverflowError:
        return None
    return "\0".join(names).encode("utf-8", "surrogateescape") + b"\0\0" + figures


def _fingerprints(folder: Path, names: list[str]) -> list:
    """(size, mtime, ctime, inode) of each regular file of `folder` named, as the parse cache keys a
    file; None for anything else (a link, a folder, a file gone). Each name `lstat`ed relative to
    the open folder where the system allows it (a shorter path walk: about 10% less)."""
    import os
    import stat

    regular = stat.S_ISREG
    prints: list = []
    add = prints.append
    fd = None
    if os.stat in os.supports_dir_fd and os.stat in os.supports_follow_symlinks:
        try:
            fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError:
            fd = None
    try:
        if fd is not None:
            look = os.stat
            for name in names:
                try:
                    st = look(name, dir_fd=fd, follow_symlinks=False)
                except OSError:
                    add(None)
                    continue
                add((st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) if regular(st.st_mode) else None)
        else:
            base = os.path.join(folder, "")
            look = os.lstat
            for name in names:
                try:
                    st = look(base + name)
                except OSError:
                    add(None)
                    continue
                add((st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) if regular(st.st_mode) else None)
    finally:
        if fd is not None:
            os.close(fd)
    return prints


def _summed(places) -> dict[str, int]:
    counts: dict[str, int] = {}
    for one in places:
        for ref, n in one.items():
            counts[ref] = counts.get(ref, 0) + n
    return counts


def _places_stamp() -> bytes:
    """What the places a file takes depend on besides the file: the checks, the model, matching."""
    import hashlib

    from cedta.match import engine
    from cedta.records import sweep

    return hashlib.blake2b(sweep.code_stamp() + Path(engine.__file__).read_bytes() + Path(__file__).read_bytes(),
                           digest_size=16).digest()


def _places_of_file(root, loaded: Loaded):
    """The places one client file takes ({service ref: open steps}; {} for a file with errors or
    without a step naming a service)."""
    from cedta.match import places_taken
    from cedta.records import checks

    def places(f) -> dict:
        r = root.read(f)
        data = r.document.data if r.problem is None else None
        steps = data.get("plan") if isinstance(data, dict) else None
        if not isinstance(steps, list) or not any(
                isinstance(step, dict) and isinstance(step.get("service"), str) for step in steps):
            return {}
        # a record that loads, as `load_dataset` loads it (schema errors: no record, no places);
        # the privacy scan adds findings, never takes the record away: not run here
        record = checks._validate_document("client", r.document, f.shown, f.stem, [], scan=False)
        return places_taken([record]) if record is not None else {}

    return places
