"""Commands of the match stage (see cedta/match/): `cedta match` (one client, a walk-in's profile,
a group with `--summary`, a proposed plan with `--plan`) and `cedta find`; registered on the app of
`cli.app`.

What is read: the network, the vocabulary, the providers and the hubs, plus only the clients asked
for. Other clients' files are read only to count places taken (`capacity`), and only when a service
of a topic the client needs has a capacity.
"""

# No `from __future__ import annotations`: typer would eval every annotation string at start-up.

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from cedta.cli.app import (
    EXIT_DATA, EXIT_OK, EXIT_USAGE, Format, Settings, app, complete_client, complete_hub, complete_provider,
    complete_term, data_root, fail,
)


def _msg(code: str, lang: str, **params) -> str:
    from cedta.messages import render_message

    return render_message(code, params, lang)


def _err(text: str) -> None:
    typer.echo(text, err=True)


# ---- loading -------------------------------------------------------------------------------------

class _Loaded:
    """The directory (built for matching), the dataset of the clients read with it (`ds`: their
    records and diagnostics, the vocabulary, the hubs' ids, what failed to load), and the files
    left out for errors."""

    def __init__(self, ds, directory, skipped):
        self.ds = ds
        self.directory = directory
        self.skipped = skipped


def _load(settings: Settings, root, client_files: list) -> _Loaded:
    """Read the directory, the hubs, the network, the vocabulary and the given client files.

    Files with errors are skipped (their records are left out of matching) and named on stderr."""
    from cedta.records import checks

    directory, hub_ids, broken, skipped = _directory(settings, root)
    ds = checks.load_dataset([root.read(f) for f in client_files], directory.vocab)
    ds.hubs = dict.fromkeys(hub_ids)  # (ids only: matching reads the hubs from the directory)
    ds.broken |= broken
    _check_clients(ds)
    skipped = sorted(set(skipped) | {d.path for d in ds.diagnostics if d.severity == "error"})
    return _Loaded(ds, directory, skipped)


def _directory(settings: Settings, root) -> tuple:
    """The directory built for matching, the hubs' ids as loaded, what failed to load and the
    directory files with errors: (directory, hub ids, broken, skipped paths).

    Remembered in the cache (`cache.keep_blob`) under a key made of the content hash of every
    directory file as the parse cache checked it (or its read problem) and of the code that builds
    it: a directory of 2,000 providers comes back unpickled (about 0.2 s) instead of validated and
    built (0.8 s). Any change to a provider, hub, network or vocabulary file, or to the model, the
    checks or matching, makes another key; without a cache nothing is remembered."""
    import gc
    import pickle
    import zlib

    from cedta.io import cache
    from cedta.match import Directory
    from cedta.records import checks

    results = [root.read(f) for f in root.files({"network", "vocab", "provider", "hub"})]
    key = _directory_key(results)
    # The records live until the command ends: the cycle collector is kept from walking them again
    # and again while they are built or unpickled and while matching allocates (3x faster on
    # 10,000 services).
    if key is not None:
        packed = cache.recall_blob(root, "match-directory", key)
        if isinstance(packed, bytes):
            gc.disable()
            try:
                found = pickle.loads(zlib.decompress(packed))
            except Exception:
                found = None
            finally:
                gc.enable()
            if isinstance(found, tuple) and len(found) == 4 and isinstance(found[0], Directory):
                gc.freeze()
                found[0].today = settings.today
                return found
    ds = checks.load_dataset(results)
    skipped = sorted({d.path for d in ds.diagnostics if d.severity == "error"})
    gc.freeze()
    network = ds.network.record if ds.network else None
    directory = Directory.build((e.record for e in ds.providers.values()), (e.record for e in ds.hubs.values()),
                                network, ds.vocab, settings.today)
    found = (directory, list(ds.hubs), set(ds.broken), skipped)
    if key is not None:
        try:
            cache.keep_blob(root, "match-directory", key,
                            zlib.compress(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL), 1))
        except Exception:  # (a record that cannot be pickled: nothing remembered)
            pass
    return found


def _directory_key(results: list) -> bytes | None:
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


def _lower(label: str) -> str:
    """A label inside an English sentence: `Workshops` → `workshops` (not `CD-ROMs` or `ICT`)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _check_clients(ds, hubs=None, hubs_broken: bool | None = None) -> None:
    """The clients read are checked as `validate` checks their own values: unknown vocabulary terms and
    an unknown hub are errors (a client who "speaks zz" is not matched as if zz were a language). A
    client with such errors is left out of matching, like a file that does not load. `hubs` and
    `hubs_broken` are the directory's when `ds` holds clients only (read one at a time)."""
    import difflib

    from cedta.diagnostics import ERROR, Diagnostic
    from cedta.records import checks

    vocab = ds.vocab
    if hubs is None:
        hubs = ds.hubs
    if hubs_broken is None:
        hubs_broken = any(kind == "hub" for kind, _ in ds.broken)
    for cid, entry in list(ds.clients.items()):
        found = []
        for path, category, term in checks.iter_terms(entry.record):
            if not vocab.has(category, term):
                params = {"category": category, "term": term, "hint_code": "hint-extend-vocab"}
                hint = vocab.suggest(category, term)
                if hint:
                    params["suggestion"] = hint
                found.append(Diagnostic(ERROR, "unknown-term", entry.path, *entry.doc.where(path), params))
        hub = entry.record.hub
        if hub is not None and hub not in hubs and not hubs_broken:
            close = difflib.get_close_matches(hub, list(hubs), n=1, cutoff=0.5)
            found.append(Diagnostic(ERROR, "match-unknown-hub", entry.path, *entry.doc.where(("hub",)),
                                    {"hub": hub, **({"suggestion": close[0]} if close else {})}))
        if found:
            ds.diagnostics.extend(found)
            del ds.clients[cid]


def _stream_clients(root, loaded: _Loaded, files, bad: list):
    """The valid client records of `files`, read, checked and given out one at a time (each record
    and its document are dropped once the caller is done with it: memory does not grow with the
    clients). The shown paths of files with errors are appended to `bad`; each file yields at most
    one record (pairs of (file, record))."""
    from cedta.records import checks

    vocab = loaded.ds.vocab
    hubs = loaded.ds.hubs
    hubs_broken = any(kind == "hub" for kind, _ in loaded.ds.broken)
    for f in files:
        one = checks.load_dataset([root.read(f)], vocab)
        _check_clients(one, hubs, hubs_broken)
        if any(d.severity == "error" for d in one.diagnostics):
            bad.append(f.shown)
        for entry in one.clients.values():
            yield f, entry.record


def _packed(records: list):
    """Records packed by `_group_records`, unpacked one at a time (each packed copy let go once read)."""
    import pickle
    import zlib

    for i, packed in enumerate(records):
        records[i] = None
        yield pickle.loads(zlib.decompress(packed))


def _group_records(root, loaded: _Loaded, hub: str | None, bad: list):
    """The records of every client (or of one hub's) and the places taken, without holding every
    client at once. When a service has a capacity, a first pass counts the places taken over every
    valid client (as `_taken` does) and keeps the chosen records packed (pickled and compressed,
    about 1.3 KB a client, against tens of KB for a record and its document); the matching pass
    unpacks them one at a time. Otherwise one pass reads, checks and gives out each client.
    Returns (records, taken)."""
    import pickle
    import zlib

    from cedta.match import places_taken

    files = list(root.files({"client"}))
    chosen = (lambda rec: True) if not hub else (lambda rec: rec.hub == hub)
    directory = loaded.directory
    if not any(o.service.capacity for offers in directory.by_topic.values() for o in offers):
        return (rec for _, rec in _stream_clients(root, loaded, files, bad) if chosen(rec)), None
    counts: dict[str, int] = {}
    topics: set[str] = set()
    keep = []
    for f, rec in _stream_clients(root, loaded, files, bad):
        for ref, n in places_taken([rec]).items():
            counts[ref] = counts.get(ref, 0) + n
        if chosen(rec):
            keep.append(zlib.compress(pickle.dumps(rec, protocol=pickle.HIGHEST_PROTOCOL), 1))
            topics.update(n.topic for n in rec.needs)
    needed = any(o.service.capacity for t in topics for o in directory.by_topic.get(t, ()))
    return _packed(keep), (counts if needed else None)


def _say_skipped(loaded: _Loaded, lang: str, clients: set[str] = frozenset()) -> None:
    """Name on stderr the directory files left out because they have errors."""
    for path in loaded.skipped:
        if path not in clients:
            _err(_msg("match-skipped", lang, path=path))


def _client_diagnostics(loaded: _Loaded, shown: str, lang: str) -> bool:
    """Print the errors of one client file; True when it has any."""
    from cedta.render import diagnostic_line

    errors = [d for d in loaded.ds.diagnostics if d.path == shown and d.severity == "error"]
    for d in errors:
        _err(diagnostic_line(d, lang))
    return bool(errors)


def _client_file(root, client_id: str, lang: str):
    """The file of a client named on the command line; exit 2 with did-you-mean when unknown."""
    import difflib
    import re

    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", client_id) or len(client_id) > 64:
        # shown cut short, and with control characters (a newline pasted in) made visible
        shown = client_id if len(client_id) <= 40 else client_id[:40] + "…"
        raise fail("match-bad-id", lang, client=shown.encode("unicode_escape").decode("ascii", "replace")
                   if not shown.isprintable() else shown)
    path = root.path / "clients" / f"{client_id}.yaml"
    if not (path.exists() or path.is_symlink()):
        import os

        known = [f.stem for f in root.files({"client"})]
        close = difflib.get_close_matches(client_id, known, n=5, cutoff=0.5)
        if close:  # among the closest, the one that shares the longest start, then the first
            best = max(difflib.SequenceMatcher(None, client_id, c).ratio() for c in close)
            tied = [c for c in close if difflib.SequenceMatcher(None, client_id, c).ratio() == best]
            close = sorted(tied, key=lambda c: (-len(os.path.commonprefix([client_id, c])), c))
        raise fail("match-unknown-client", lang, client=client_id,
                   **({"suggestion": close[0]} if close else {}))
    return root.record_file(path)


def _taken(root, loaded: _Loaded, clients: list, all_loaded: bool) -> dict[str, int] | None:
    """Places taken per service by open plan steps. Other clients' files are read only when a
    service of a topic these clients need has a capacity."""
    from cedta.match import places_taken

    topics = {n.topic for c in clients for n in c.needs}
    if not any(o.service.capacity for t in topics for o in loaded.directory.by_topic.get(t, ())):
        return None
    if all_loaded:
        return places_taken(e.record for e in loaded.ds.clients.values())
    # Only the places of these topics' services with a capacity can change a verdict (a capacity is
    # at least 1: a service none of whose places is counted is never full). Each file is read and
    # dropped in turn; only a file with an open-looking step on one of those services is validated.
    refs = {o.ref for t in topics for o in loaded.directory.by_topic.get(t, ()) if o.service.capacity}
    return {ref: n for ref, n in _places_counted(root, loaded).items() if ref in refs}


def _places_counted(root, loaded: _Loaded) -> dict[str, int]:
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
        value = place(root.record_file(folder / name)) or None
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

    return hashlib.blake2b(sweep.code_stamp() + Path(engine.__file__).read_bytes(), digest_size=16).digest()


def _places_of_file(root, loaded: _Loaded):
    """The places one client file takes ({service ref: open steps}; {} for a file with errors or
    without a step naming a service)."""
    from cedta.match import places_taken
    from cedta.records import checks

    vocab = loaded.ds.vocab

    def places(f) -> dict:
        r = root.read(f)
        data = r.document.data if r.problem is None else None
        steps = data.get("plan") if isinstance(data, dict) else None
        if not isinstance(steps, list) or not any(
                isinstance(step, dict) and isinstance(step.get("service"), str) for step in steps):
            return {}
        one = checks.load_dataset([r], vocab)
        return places_taken(e.record for e in one.clients.values())

    return places


def _read_walk_in(settings: Settings, root, source: str, vocab, hubs=()):
    """A walk-in's profile from FILE or stdin ('-'), checked like a client file; exit 1 with
    diagnostics (file:line:col) when it has errors, 2 when it cannot be read."""
    from pydantic import ValidationError

    from cedta.diagnostics import ERROR, Diagnostic
    from cedta.io.yamlread import MAX_BYTES, YamlProblem, decode, parse
    from cedta.records import checks
    from cedta.records import model as m
    from cedta.render import diagnostic_line

    lang = settings.lang
    shown = "<stdin>" if source == "-" else source
    try:
        # at most one byte over the limit is read: /dev/zero or an endless pipe is "too large", not a hang
        if source == "-":
            raw = (sys.stdin.buffer.read(MAX_BYTES + 1) if hasattr(sys.stdin, "buffer")
                   else sys.stdin.read(MAX_BYTES + 1).encode("utf-8"))
        else:
            p = Path(source)
            if p.is_dir():
                raise fail("match-profile-unreadable", lang, path=shown, reason=_msg("match-is-a-folder", lang))
            with p.open("rb") as fh:
                raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise fail("match-profile-unreadable", lang, path=shown, reason=exc.strerror or str(exc)) from None
    problems: list = []
    doc = None
    try:
        doc = parse(decode(raw))
    except YamlProblem as problem:
        problems.append(checks.problem_diagnostic(shown, problem))
    record = None
    if doc is not None:
        data = doc.data
        if not isinstance(data, dict):
            problems.append(Diagnostic(ERROR, "not-a-mapping", shown, *doc.where(()),
                                       {"kind": "client", "got": type(data).__name__}))
        else:
            try:
                record = m.WalkIn.model_validate(m.walk_in_data(data))
            except ValidationError as exc:
                problems += list(checks._schema_diagnostics(exc, doc, shown, m.WalkIn, "walk-in"))
            if record is not None:
                for path, category, term in checks.iter_terms(record):
                    if not vocab.has(category, term):
                        params = {"category": category, "term": term, "hint_code": "hint-extend-vocab"}
                        hint = vocab.suggest(category, term)
                        if hint:
                            params["suggestion"] = hint
                        problems.append(Diagnostic(ERROR, "unknown-term", shown, *doc.where(path), params))
                if record.hub is not None and record.hub not in hubs:
                    import difflib

                    close = difflib.get_close_matches(record.hub, list(hubs), n=1, cutoff=0.5)
                    problems.append(Diagnostic(ERROR, "match-unknown-hub", shown, *doc.where(("hub",)),
                                               {"hub": record.hub, **({"suggestion": close[0]} if close else {})}))
    if problems:
        for d in sorted(problems, key=Diagnostic.sort_key):
            _err(diagnostic_line(d, lang))
        raise typer.Exit(EXIT_DATA)
    return record


# ---- the human view --------------------------------------------------------------------------------

def _yes(question: str, lang: str) -> bool:
    """A yes or no in the user's language: y, yes, o, oui; n, no, non or nothing (the default) for no."""
    hint = "[o/N]" if lang == "fr" else "[y/N]"
    while True:
        answer = typer.prompt(f"{question} {hint}", default="", show_default=False).strip().lower()
        if answer in ("", "n", "no", "non"):
            return False
        if answer in ("y", "yes", "o", "oui"):
            return True
        typer.echo(_msg("match-plan-yes-no", lang), err=True)


def _console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def _service_label(directory, ref: str, lang: str) -> str:
    offer = directory.offer(ref)
    if offer is None:
        return ref
    s, p = offer.service, offer.provider
    name = s.name.get(lang) if s.name else s.id
    return f"{name} — {p.name.get(lang)}"


def _profile_line(client, vocab, lang: str) -> str:
    from cedta.match.engine import money

    p = client.profile
    parts = []
    if p.languages.speaks:
        parts.append(_msg("match-speaks", lang, languages=", ".join(vocab.label("languages", x, lang)
                                                                  for x in p.languages.speaks)))
    if p.languages.reads_writes:
        parts.append(_msg("match-reads", lang, languages=", ".join(vocab.label("languages", x, lang)
                                                                 for x in p.languages.reads_writes)))
    if p.budget is not None:
        parts.append(_msg("match-budget", lang, budget=money(p.budget.max_fee)[1 if lang == "fr" else 0]))
    if p.availability:
        parts.append(_msg("match-free", lang, times=", ".join(vocab.label("times", x, lang) for x in p.availability)))
    if p.preferred_modes:
        parts.append(_msg("match-prefers", lang, modes=", ".join(_lower(vocab.label("modes", x, lang)) if lang == "en"
                                                               else vocab.label("modes", x, lang)
                                                               for x in p.preferred_modes)))
    if p.stage:
        parts.append(_msg("match-stage", lang, stage=vocab.label("stages", p.stage, lang)))
    return " · ".join(parts)


def _line(console, text, indent: int, style: str | None = None, first: str | None = None) -> None:
    """One line of the view, indented; a line too long wraps under its own indent (after `first`,
    a mark such as "✓ " that hangs in the margin)."""
    from rich.text import Text

    if isinstance(text, str):
        text = Text(text, style=style or "")
    lead = first if isinstance(first, Text) else Text(first or "")
    hang = indent + len(lead)
    width = max(20, console.width - hang)
    for i, piece in enumerate(text.wrap(console, width)):
        piece.rstrip()
        out = Text(" " * indent) + (lead if i == 0 else Text(" " * len(lead))) + piece
        console.print(out, no_wrap=True, crop=False, overflow="ignore")


# The services shown per list (fits, to confirm) when no --limit is given: a network of 2,000
# providers fits 50 services to one need; the rest are counted on one line.
LIMIT = 10


def _render_result(console, result, client, loaded: _Loaded, lang: str, show_excluded: bool,
                   limit: int | None = LIMIT) -> None:
    """One client's match as a coordinator reads it: per need, the best `limit` fits and services
    to confirm (None: every one) with a line counting the others, the services left out counted
    per reason (`show_excluded`: listed)."""
    from collections import Counter

    from rich.text import Text

    d = loaded.directory
    vocab = d.vocab
    head = Text()
    who = result.client_id or _msg("match-walk-in", lang)
    head.append(who, style="bold")
    head.append(" · " + vocab.label("client_kinds", client.kind, lang))
    hub = d.hubs.get(client.hub) if getattr(client, "hub", None) else None
    if hub is not None:
        head.append(" · " + hub.name.get(lang))
    _line(console, head, 0)
    line = _profile_line(client, vocab, lang)
    if line:
        _line(console, line, 0, "dim")
    if not result.needs:
        console.print()
        _line(console, _msg("match-no-needs", lang, client=who), 0)
        return
    for i, n in enumerate(result.needs, 1):
        console.print()
        need = Text(f"{i}. ", style="bold")
        need.append(vocab.label("topics", n.need.topic, lang), style="bold")
        if n.need.level:
            need.append(" · " + vocab.label("levels", n.need.level, lang))
        need.append(" · " + _msg("match-priority", lang, priority=n.need.priority), style="dim")
        _line(console, need, 0)
        if n.need.note:
            _line(console, n.need.note, 3, "dim italic")
        if n.matches:
            _line(console, _msg("match-fits", lang, count=len(n.matches)), 3, "bold green")
            for c in n.matches[:limit]:
                _candidate(console, c, d, lang, "✓", "green")
            if limit is not None and len(n.matches) > limit:
                _line(console, _msg("match-more-fits", lang, count=len(n.matches) - limit), 3, "dim")
        if n.to_confirm:
            _line(console, _msg("match-to-confirm", lang, count=len(n.to_confirm)), 3, "bold yellow")
            for c in n.to_confirm[:limit]:
                _candidate(console, c, d, lang, "?", "yellow")
            if limit is not None and len(n.to_confirm) > limit:
                _line(console, _msg("match-more-to-confirm", lang, count=len(n.to_confirm) - limit), 3, "dim")
        if n.gap:
            if not n.excluded:
                _line(console, _msg("match-gap-none", lang), 3, "bold red")
            else:
                _line(console, _msg("match-gap", lang), 3, "bold red")
                for c in n.nearest:
                    _candidate(console, c, d, lang, "✗", "red")
        shown = set(id(c) for c in n.nearest) if n.gap else set()
        rest = [c for c in n.excluded if id(c) not in shown]
        if rest and show_excluded:
            _line(console, _msg("match-left-out", lang, count=len(rest)), 3, "bold")
            for c in rest:
                _candidate(console, c, d, lang, "✗", "dim")
        elif rest:
            counts = Counter(code for c in rest for code in dict.fromkeys(r.code for r in c.reasons))
            words = ", ".join(f"{_msg('code-' + code, lang)} {k}" for code, k in counts.most_common())
            _line(console, _msg("match-left-out-counted", lang, count=len(rest), reasons=words), 3, "dim")


def _candidate(console, c, d, lang: str, mark: str, style: str) -> None:
    from rich.text import Text

    t = Text(_service_label(d, c.ref, lang))
    t.append(f"  {c.ref}", style="dim")
    _line(console, t, 3, first=Text(mark + " ", style=style))
    for q in c.questions:
        _line(console, q.text(lang), 5, "yellow", first=Text("→ ", style="yellow"))
    plain = [r for r in c.reasons if not r.near]
    near = [r for r in c.reasons if r.near]
    if plain:
        _line(console, " · ".join(r.text(lang) for r in plain), 5, "dim" if mark == "✓" else "")
    for r in near:
        _line(console, r.text(lang), 5, "italic")


def _render_summary(console, summary, vocab, lang: str, threshold: int | None) -> None:
    from rich.text import Text

    from cedta.match.summary import shared, suppress

    if not summary.clients:
        _line(console, _msg("match-no-clients", lang), 0, "")
        return
    _line(console, _msg("match-summary-head", lang, count=suppress(summary.clients, threshold)), 0, "bold")
    if threshold:
        _line(console, _msg("match-summary-shareable", lang, threshold=threshold), 0, "dim")
    from cedta.records.vocab import fold  # "Élaboration" sorts with the E's, not after "Travail"

    levels = list(vocab.terms("levels"))
    rows = sorted(shared(summary, threshold), key=lambda g: (
        fold(vocab.label("topics", g["topic"], lang)), levels.index(g["level"]) if g["level"] in levels else -1))

    def counted(code: str, n) -> str:  # a reason with its count
        return f"{_msg('code-' + code, lang)} {n}"

    for g in rows:
        console.print()
        head = Text(vocab.label("topics", g["topic"], lang), style="bold")
        if g["level"]:
            head.append(" · " + vocab.label("levels", g["level"], lang))
        head.append(" · " + _msg("match-summary-clients", lang, count=g["clients"]))
        _line(console, head, 0)
        counts = Text()
        counts.append(_msg("match-summary-fit", lang, n=g["with_fit"]), style="green")
        counts.append(" · ")
        counts.append(_msg("match-summary-confirm", lang, n=g["only_to_confirm"]), style="yellow")
        counts.append(" · ")
        counts.append(_msg("match-summary-none", lang, n=g["without"]), style="red" if g["without"] else "")
        _line(console, counts, 3)
        if g["reasons"] is None:  # "none" hidden: whether there are reasons would tell if it is 0
            continue
        reasons = [counted(code, n) for code, n in g["reasons"].items()]
        if g["no_service"]:
            reasons.insert(0, _msg("match-no-service", lang, count=g["no_service"]))
        if reasons:
            _line(console, _msg("match-summary-why", lang, reasons=", ".join(reasons)), 3)
        if g["nearest"]:
            near = ", ".join(counted(code, n) for code, n in g["nearest"].items())
            _line(console, _msg("match-summary-nearest", lang, reasons=near), 3)


# ---- cedta match ------------------------------------------------------------------------------------

@app.command()
def match(
    ctx: typer.Context,
    clients: Annotated[Optional[list[str]], typer.Argument(
        metavar="CLIENT-ID", autocompletion=complete_client,
        help="Client ids (data/clients/<id>.yaml). / Identifiants de clients.")] = None,
    profile: Annotated[Optional[str], typer.Option(
        "--profile", metavar="FILE",
        help="Match a walk-in: a YAML file with the keys kind, profile and needs of a client record ('-': stdin). "
             "/ Jumeler une personne sans dossier : fichier YAML (kind, profile, needs ; '-' : entrée standard).")] = None,
    hub: Annotated[Optional[str], typer.Option(
        "--hub", autocompletion=complete_hub, help="Every client of this hub. / Toute la clientèle de ce centre.")] = None,
    all_clients: Annotated[bool, typer.Option("--all", help="Every client. / Toute la clientèle.")] = False,
    summary: Annotated[bool, typer.Option(
        "--summary", help="Count per need topic and level instead of listing services. / Dénombrer par besoin "
                          "plutôt que lister les services.")] = False,
    shareable: Annotated[bool, typer.Option(
        "--shareable", help="With --summary: counts under the network's small_cell_threshold shown as <N. "
                            "/ Avec --summary : petits nombres masqués (<N).")] = False,
    excluded: Annotated[bool, typer.Option(
        "--excluded", help="List every service left out, with its reasons. / Lister chaque service écarté.")] = False,
    plan: Annotated[bool, typer.Option(
        "--plan", help="Propose one plan step per need (the best fit) and write it after confirmation. "
                       "/ Proposer une étape par besoin et l'écrire après confirmation.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="With --plan: write without asking. / Avec --plan : écrire sans demander.")] = False,
    limit: Annotated[Optional[int], typer.Option(
        "--limit", metavar="N", min=1,
        help=f"Show the best N fits and N services to confirm per need (default {LIMIT}); the others are counted. "
             f"/ Montrer les N meilleurs par besoin (défaut {LIMIT}).")] = None,
    all_candidates: Annotated[bool, typer.Option(
        "--all-candidates", help="Show every fit and every service to confirm. / Montrer tous les services qui "
                                 "conviennent ou sont à confirmer.")] = False,
    format: Annotated[Format, typer.Option("--format", "-f", help="text or json. / text ou json.")] = Format.text,
) -> None:
    """Match clients' needs to the directory's services, with the reasons why and why not.

    Jumelle les besoins de la clientèle aux services du répertoire, avec les raisons.
    """
    settings: Settings = ctx.obj
    lang = settings.lang
    ids = list(dict.fromkeys(clients or []))
    if profile is not None and (ids or hub or all_clients):
        raise fail("match-profile-alone", lang)
    if not ids and profile is None and not hub and not all_clients:
        raise fail("match-nothing", lang)
    if hub and all_clients:
        raise fail("match-hub-or-all", lang)
    if ids and (hub or all_clients):  # ids would win and --hub/--all be ignored without a word
        raise fail("match-ids-or-group", lang)
    if shareable and not summary:
        raise fail("match-shareable-summary", lang)
    if shareable and not all_clients:  # a hub's or named clients' counts, subtracted from the
        raise fail("match-shareable-all", lang)  # network's, would give the others away
    if plan and (len(ids) != 1 or hub or all_clients or summary or profile is not None):
        raise fail("match-plan-one", lang)
    if yes and not plan:
        raise fail("match-yes-plan", lang)
    if excluded and summary:
        raise fail("match-excluded-summary", lang)
    if limit is not None and all_candidates:
        raise fail("match-limit-or-all", lang)
    if (limit is not None or all_candidates) and (format is Format.json or summary or plan):
        raise fail("match-limit-text", lang)
    shown = None if all_candidates else (limit or LIMIT)

    root = data_root(settings)
    from cedta.match import match_client, result_json

    streamed = bool(hub or all_clients) and not ids

    if profile is not None:
        loaded = _load(settings, root, [])
        walk_in = _read_walk_in(settings, root, profile, loaded.ds.vocab, loaded.directory.hubs)
        _say_skipped(loaded, lang)
        taken = _taken(root, loaded, [walk_in], all_loaded=False)
        records = [walk_in]
    elif streamed:
        # every client (or a hub's), one at a time: the directory is read once and shared, each
        # client is read, checked, matched or counted, and dropped
        loaded = _load(settings, root, [])
        _say_skipped(loaded, lang)
        if hub and hub not in loaded.directory.hubs:
            import difflib

            close = difflib.get_close_matches(hub, list(loaded.directory.hubs), n=1, cutoff=0.5)
            raise fail("match-unknown-hub", lang, hub=hub, **({"suggestion": close[0]} if close else {}))
        bad: list = []
        records, taken = _group_records(root, loaded, hub, bad)
        if not summary:  # listed one client at a time too; only whether there is any is needed first
            import itertools

            first = next(records, None)
            records = [] if first is None else itertools.chain([first], records)

        def say_bad():  # once every file is read
            if bad:
                _err(_msg("match-clients-skipped", lang, count=len(bad)))
    else:
        if hub or all_clients:  # ids and a hub (or --all): every client file is read, as before
            client_files = list(root.files({"client"}))
        else:
            client_files = [_client_file(root, cid, lang) for cid in ids]
        loaded = _load(settings, root, client_files)
        client_paths = {f.shown for f in client_files}
        _say_skipped(loaded, lang, client_paths)
        if hub and hub not in loaded.directory.hubs:
            import difflib

            close = difflib.get_close_matches(hub, list(loaded.directory.hubs), n=1, cutoff=0.5)
            raise fail("match-unknown-hub", lang, hub=hub, **({"suggestion": close[0]} if close else {}))
        broken = False
        for f in client_files:
            broken = _client_diagnostics(loaded, f.shown, lang) or broken
        if broken and not summary:
            raise typer.Exit(EXIT_DATA)
        chosen_records = [loaded.ds.clients[cid].record for cid in ids if cid in loaded.ds.clients]
        taken = _taken(root, loaded, chosen_records, all_loaded=bool(hub or all_clients))
        records = chosen_records

    if summary:
        from cedta.match.summary import summarize_clients, summary_json

        threshold = None
        if shareable:
            net = loaded.directory.network
            threshold = net.small_cell_threshold if net is not None else 5
        # one client at a time, one service per class of alike services: only the counts are kept
        s = summarize_clients(records, loaded.directory, settings.today, taken)
        if streamed:
            say_bad()  # known once every file is read
        if format is Format.json:
            import json

            typer.echo(json.dumps(summary_json(s, threshold), ensure_ascii=False, indent=2))
        else:
            _render_summary(_console(), s, loaded.directory.vocab, lang, threshold)
        raise typer.Exit(EXIT_OK)

    if not records:
        typer.echo(_msg("match-no-clients", lang), err=format is Format.json)
        if format is Format.json:
            typer.echo("[]")
        if streamed:
            say_bad()
        return
    if streamed:  # each client matched, shown and dropped in turn
        _list_streamed(records, loaded, settings, taken, format, excluded, shown)
        say_bad()
        return
    chosen = [(c, match_client(c, loaded.directory, settings.today, taken)) for c in records]
    if plan:
        _propose_plan(settings, root, loaded, chosen[0][0], chosen[0][1], yes, format)
        return

    if format is Format.json:
        import json

        out = [result_json(r, lang) for _, r in chosen]
        typer.echo(json.dumps(out[0] if len(out) == 1 and (profile is not None or len(ids) == 1) else out,
                              ensure_ascii=False, indent=2))
        return
    console = _console()
    for i, (client, result) in enumerate(chosen):
        if i:
            console.rule(style="dim")
        _render_result(console, result, client, loaded, lang, excluded, shown)


def _list_streamed(records, loaded: _Loaded, settings: Settings, taken, format: Format, excluded: bool,
                   limit: int | None = LIMIT) -> None:
    """`match --all` / `--hub` without `--summary`: the same output as matching every client first
    (a JSON list indented as `json.dumps(list, indent=2)` writes it), one client at a time."""
    from cedta.match import match_client, result_json

    lang = settings.lang
    if format is Format.json:
        import json

        typer.echo("[", nl=False)
        for i, c in enumerate(records):
            item = json.dumps(result_json(match_client(c, loaded.directory, settings.today, taken), lang),
                              ensure_ascii=False, indent=2)
            typer.echo(("," if i else "") + "\n" + "\n".join("  " + line for line in item.split("\n")), nl=False)
        typer.echo("\n]")
        return
    console = _console()
    for i, c in enumerate(records):
        if i:
            console.rule(style="dim")
        _render_result(console, match_client(c, loaded.directory, settings.today, taken), c, loaded, lang, excluded,
                       limit)


# ---- cedta match --plan ------------------------------------------------------------------------------

def _propose_plan(settings: Settings, root, loaded: _Loaded, client, result, yes: bool, format: Format) -> None:
    from cedta.match.plan import propose_steps

    lang = settings.lang
    vocab = loaded.directory.vocab
    steps = propose_steps(client, result, loaded.directory.levels)
    if format is Format.json and not yes:
        raise fail("match-plan-json-yes", lang)
    if not steps:
        code = "match-no-needs" if not client.needs else "match-plan-nothing"
        typer.echo(_msg(code, lang, client=client.id), err=format is Format.json)
        if format is Format.json:
            import json

            typer.echo(json.dumps({"client": client.id, "written": False, "steps": []}, ensure_ascii=False, indent=2))
        return
    console = _console()
    if format is Format.text:
        console.print(_msg("match-plan-head", lang, client=client.id, count=len(steps)))
        from rich.text import Text

        for s in steps:
            line = Text(vocab.label("topics", s["topic"], lang), style="bold")
            if s.get("level"):
                line.append(f" · {vocab.label('levels', s['level'], lang)}")
            line.append(" → " + _service_label(loaded.directory, s["service"], lang))
            line.append(f"  {s['service']}", style="dim")
            _line(console, line, 2, first="+ ")
    if not yes:
        try:
            answer = _yes(_msg("match-plan-ask", lang), lang)
        except (typer.Abort, EOFError):
            typer.echo("", err=True)
            raise fail("match-plan-confirm", lang) from None
        if not answer:
            typer.echo(_msg("match-plan-not-written", lang))
            return
    from cedta.clients.context import ClientError
    from cedta.clients.path import edit_client
    from cedta.io.store import StoreError
    from cedta.render import diagnostic_line

    def change(data):
        from cedta.match.plan import append_steps

        append_steps(data, steps)

    try:
        outcome = edit_client(root, client.id, change, today=settings.today)
    except ClientError as exc:
        raise fail(exc.code, lang, **exc.params) from None
    except StoreError as exc:
        raise fail(exc.code, lang, path=exc.path, **exc.params) from None
    for d in outcome.diagnostics:
        _err(diagnostic_line(d, lang))
    if not outcome.written:
        _err(_msg("match-plan-refused", lang, client=client.id))
        raise typer.Exit(EXIT_DATA)
    if format is Format.json:
        import json

        typer.echo(json.dumps({"client": client.id, "written": True, "steps": steps}, ensure_ascii=False, indent=2))
    else:
        typer.echo(_msg("match-plan-written", lang, client=client.id, count=len(steps)))


# ---- cedta find --------------------------------------------------------------------------------------

@app.command()
def find(
    ctx: typer.Context,
    topic: Annotated[Optional[str], typer.Option("--topic", autocompletion=complete_term("topics"),
                                                 help="A topic (id, English or French label). / Un sujet.")] = None,
    mode: Annotated[Optional[str], typer.Option("--mode", autocompletion=complete_term("modes"),
                                                help="A mode. / Un mode.")] = None,
    language: Annotated[Optional[str], typer.Option("--language", autocompletion=complete_term("languages"),
                                                    help="A language (es, Spanish, espagnol). / Une langue.")] = None,
    level: Annotated[Optional[str], typer.Option("--level", autocompletion=complete_term("levels"),
                                                 help="A level inside the service's range. / Un niveau.")] = None,
    free: Annotated[bool, typer.Option("--free", help="Free services only. / Services gratuits seulement.")] = False,
    max_fee: Annotated[Optional[str], typer.Option("--max-fee", metavar="X",
                                                     help="Lowest stated price at most X. / Prix le plus bas d'au plus X.")] = None,
    evenings: Annotated[bool, typer.Option("--evenings", help="Offered in the evening. / Offert en soirée.")] = False,
    weekends: Annotated[bool, typer.Option("--weekends", help="Offered on weekends. / Offert la fin de semaine.")] = False,
    population: Annotated[Optional[str], typer.Option("--population", autocompletion=complete_term("populations"),
                                                      help="Made for this population. / Conçu pour cette population.")] = None,
    stage: Annotated[Optional[str], typer.Option("--stage", autocompletion=complete_term("stages"),
                                                 help="Open to this business stage. / Ouvert à cette étape.")] = None,
    provider: Annotated[Optional[str], typer.Option("--provider", autocompletion=complete_provider,
                                                    help="One provider's services. / Les services d'un organisme.")] = None,
    text: Annotated[Optional[str], typer.Option("--text", metavar="WORDS",
                                                help="Words of the names and notes, in either language, accents ignored. "
                                                     "/ Mots des noms et notes, accents ignorés.")] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="text or json. / text ou json.")] = Format.text,
) -> None:
    """Find services in the directory: one line per service.

    Cherche des services dans le répertoire : une ligne par service.
    """
    settings: Settings = ctx.obj
    lang = settings.lang
    import math

    if max_fee is not None:  # read here, so that every bad amount gets the same words in both languages
        import re

        # 1500, 1,500, 1 500 $, $1,500.50, and the French decimal comma 12,50
        raw = re.sub(r"[\s$\u00a0\u202f]", "", max_fee)
        raw = raw.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", raw) else raw.replace(",", ".", 1)
        try:
            amount = float(raw) if re.fullmatch(r"[0-9.eE+-]+", raw) else math.nan
        except ValueError:
            amount = math.nan
        if not math.isfinite(amount) or amount < 0:
            shown = max_fee if len(max_fee) <= 40 else max_fee[:40] + "…"
            raise fail("find-bad-fee", lang, value=shown)
        max_fee = amount + 0.0  # -0 is 0
    root = data_root(settings)
    loaded = _load(settings, root, [])
    _say_skipped(loaded, lang)
    vocab = loaded.directory.vocab

    def term(category: str, value: Optional[str], option: str) -> Optional[str]:
        if value is None:
            return None
        found = vocab.lookup(category, value)
        if found is None:
            # a word a caller types: the start of one term's label, in either language, accents ignored
            # ("financement" → financing; "mentorat" → mentoring); several: say which
            import unicodedata

            def fold(text: str) -> str:
                text = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
                return "".join(c for c in text if not unicodedata.combining(c)).strip()

            want = fold(value)
            starts = [t for t in vocab.terms(category) if want and any(
                fold(vocab.label(category, t, lg)).startswith(want) for lg in ("en", "fr"))] if len(want) >= 3 else []
            if len(starts) == 1:
                return starts[0]
            if len(starts) > 1:
                raise fail("find-ambiguous-term", lang, option=option, value=value,
                           terms=", ".join((f"« {t} »" if lang == "fr" else f"`{t}`") + f" ({vocab.label(category, t, lang)})"
                                         for t in starts[:6]))
            hint = vocab.suggest(category, value)
            raise fail("find-unknown-term", lang, option=option, value=value,
                       **({"suggestion": hint} if hint else {}))
        return found

    from cedta.match.find import Filters, fee_words, find_services, level_words, schedule_words

    if provider is not None and provider not in loaded.directory.providers:
        import difflib

        close = difflib.get_close_matches(provider, list(loaded.directory.providers), n=1, cutoff=0.5)
        raise fail("find-unknown-provider", lang, provider=provider, **({"suggestion": close[0]} if close else {}))
    filters = Filters(
        topic=term("topics", topic, "--topic"), mode=term("modes", mode, "--mode"),
        language=term("languages", language, "--language"), level=term("levels", level, "--level"),
        free=free, max_fee=max_fee, evenings=evenings, weekends=weekends,
        population=term("populations", population, "--population"), stage=term("stages", stage, "--stage"),
        provider=provider, text=text,
    )
    found = find_services(loaded.directory, filters, settings.today)
    rows = []
    for o in found:
        s = o.service
        rows.append({
            "service": o.ref, "provider": o.provider.id,
            "name": s.name.get(lang) if s.name else None,
            "provider_name": o.provider.name.get(lang),
            "topic": s.topic,
            "modes": list(s.modes),
            "languages": list(s.languages),
            "levels": {"from": s.levels.from_, "to": s.levels.to} if s.levels else None,
            "fee": fee_words(o, vocab, lang),
            "schedule": schedule_words(o, vocab, lang),
        })
    if format is Format.json:
        import json

        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo(_msg("find-none", lang))
        return
    for o, r in zip(found, rows):
        parts = [r["service"], r["provider_name"],
                 ", ".join(vocab.label("languages", x, lang) for x in o.service.languages),
                 level_words(o, vocab, lang), r["fee"], r["schedule"]]
        typer.echo(" · ".join(p for p in parts if p))
    typer.echo(_msg("find-count", lang, count=len(rows)))
