"""What every client operation stands on: the directory, hubs, network and vocabulary loaded once,
the client files found by id, the checks of what a coordinator types (ids with did-you-mean, dates,
terms, notes) and `ClientError`, the one exception these operations raise for bad input.

Pure apart from reading through `cedta.io.store`; no printing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import stat
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from cedta.io.store import PRIVATE_DIR, DataRoot, ReadResult, RecordFile, record_stems
from cedta.records import checks
from cedta.records import model as m

_CLIENT_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")  # \Z: not before a final line end, as $ is
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # YYYY-MM-DD only: not 20260301, 2026-W10-1 or 2026-060
EDIT_LOCK = ".clients.lock"


class ClientError(Exception):
    """Bad input for a client operation: a code of `cedta.messages` and its parameters."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code, self.params = code, params


@dataclass
class Context:
    """The records a client operation checks against: everything but the other clients."""

    root: DataRoot
    today: dt.date
    directory: list[ReadResult]
    ds: checks.Dataset

    @property
    def vocab(self):
        return self.ds.vocab

    @property
    def network(self) -> m.Network | None:
        return self.ds.network.record if self.ds.network else None

    def with_client(self, result: ReadResult) -> checks.Dataset:
        """A dataset of the directory plus one client read (or about to be written)."""
        one = checks.load_dataset([result], self.ds.vocab)
        one.network, one.providers, one.hubs = self.ds.network, self.ds.providers, self.ds.hubs
        one.broken |= self.ds.broken
        return one

    def diagnose(self, result: ReadResult) -> list:
        """Every diagnostic about one client file that `cedta validate` gives from the file and the
        directory, checked as validate's sweep checks each client, against a summary of the
        directory (checking the whole dataset again checked 2,000 providers twice for one contact
        logged). The identity store's checks are the writers' own (`path._new_identity_leaks`)."""
        from cedta.diagnostics import Diagnostic
        from cedta.records import sweep

        facts = self.__dict__.get("_facts")
        if facts is None:
            facts = self.__dict__["_facts"] = sweep.directory_facts(self.ds)
        _, found = sweep.check_client(result, facts, self.today)
        return checks.cap_per_file(sorted(found, key=Diagnostic.sort_key))

    # ---- what a coordinator types ---------------------------------------------------------------

    def _broken(self, kind: str, folder: str, record_id: str) -> None:
        """A record whose own file does not read (or has errors) is not "unknown": said so, with
        its file, rather than another one suggested (hostile 12, #5)."""
        if (kind, record_id) in self.ds.broken:
            path = self.root.shown(self.root.path / folder / f"{record_id}.yaml")
            raise ClientError("client-record-broken", id=record_id, path=path)

    def hub(self, hub_id: str) -> str:
        if hub_id not in self.ds.hubs:
            self._broken("hub", "hubs", hub_id)
            raise ClientError("client-unknown-hub", hub=hub_id, **_close(hub_id, self.ds.hubs))
        return hub_id

    def org(self, org_id: str) -> str:
        """The provider id for an id, or for a wording that names one provider alone: its id or
        name in any case and with or without accents, or the short name in its name's brackets
        (`RDÉE`, `rdée ontario`, `OCISO`). Otherwise an error, with the closest ids."""
        if org_id in self.ds.providers:
            return org_id
        from cedta.suggest import orgs_named

        hits = orgs_named(org_id, {pid: e.record for pid, e in self.ds.providers.items()})
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise ClientError("client-org-ambiguous", org=org_id, ids=", ".join(hits))
        self._broken("provider", "providers", org_id)
        raise ClientError("client-unknown-org", org=org_id, **_close(org_id, self.ds.providers))

    def service_ref(self, ref: str) -> str:
        """The reference `provider/service` with the provider named as `org` takes it (`CCO/x`,
        `RDÉE/x` name cco, rdee-ontario), its service checked (`service`)."""
        provider_id, slash, service_id = ref.partition("/")
        if not slash or not provider_id.strip() or not service_id.strip():  # (`/x`: hostile 14, 12)
            raise ClientError("client-bad-service-ref", value=ref)
        ref = f"{self.org(provider_id)}/{service_id}"
        self.service(ref)
        return ref

    def service(self, ref: str) -> m.Service:
        provider_id, slash, service_id = ref.partition("/")
        if not slash or not provider_id.strip() or not service_id.strip():
            raise ClientError("client-bad-service-ref", value=ref)
        provider_id = self.org(provider_id)
        ref = f"{provider_id}/{service_id}"
        service = self.ds.service(ref)
        if service is None:
            ids = [s.id for s in self.ds.providers[provider_id].record.services]
            close = difflib.get_close_matches(service_id, ids, n=1, cutoff=0.5)
            raise ClientError("client-unknown-service", service=ref,
                              **({"suggestion": f"{provider_id}/{close[0]}"} if close else {}))
        return service

    def term(self, category: str, wording: str) -> str:
        """The term id for an id, a label or an alias of the vocabulary in force."""
        found = self.vocab.lookup_loose(category, wording)
        if found is None:
            found = self._label_start(category, wording)
        if found is None:
            hint = self.vocab.suggest(category, wording)
            raise ClientError("client-unknown-term", category=category, term=wording,
                              **({"suggestion": hint} if hint else {"hint_code": "client-see-vocab"}))
        if self.vocab.terms(category)[found].hidden:  # the network no longer offers it: not for new entries
            raise ClientError("client-hidden-term", category=category, term=found)
        return found

    def _label_start(self, category: str, wording: str) -> str | None:
        """The one term whose label, in either language, starts with `wording` (3 letters or more,
        case, accents and apostrophes aside: `téléphone` for Téléphone/courriel), as `find` takes
        it; several: refused, naming them (`financement`: fundraising or financing: coordinator 14,
        C14-5)."""
        from cedta.records.vocab import fold

        want = fold(str(wording).replace("’", "'")).strip()
        if len(want) < 3:
            return None
        starts = [t for t, term in self.vocab.shown(category).items()
                  if any(fold(str(label or "").replace("’", "'")).startswith(want) for label in (term.en, term.fr))]
        if len(starts) > 1:
            raise ClientError("client-ambiguous-term", category=category, term=wording,
                              terms=", ".join(f"{t} ({self.vocab.label(category, t, 'fr')} / {self.vocab.label(category, t, 'en')})"
                                              for t in starts[:6]))
        return starts[0] if starts else None

    def date(self, text: str | dt.date | None, *, not_before: dt.date | None = None,
             what: str = "date", future: bool = False) -> dt.date:
        """A date typed by a coordinator: ISO, not after today (unless `future`), not before intake."""
        if text is None:  # today (or --today): before the intake all the same when it is
            text = self.today
        if isinstance(text, dt.date):
            when = text
        else:
            typed = str(text).strip()
            if not _ISO_DAY.match(typed):
                raise ClientError("client-bad-date", text=text, field=what)
            try:
                when = dt.date.fromisoformat(typed)
            except ValueError:  # 2026-02-29, 2026-04-31: the shape is right, the day is not
                month, day = int(typed[5:7]), int(typed[8:10])
                code = "client-no-such-day" if 1 <= month <= 12 and 28 < day <= 31 else "client-bad-date"
                raise ClientError(code, text=typed, field=what) from None
        if not future and when > self.today:
            raise ClientError("client-future-date", date=when.isoformat(), today=self.today.isoformat(),
                              field=what)
        if not_before is not None and when < not_before:
            raise ClientError("client-date-before-intake", date=when.isoformat(),
                              intake=not_before.isoformat(), field=what)
        return when


# bidirectional embeddings, overrides and isolates: the text shown is not the text stored
# ("fee \u202e00001$" reads "fee $10000"); the marks U+200E/U+200F stay allowed
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


NOTE_LIMIT = 4000  # characters of a note, as the model's `Text`


def note(text: str | None, what: str = "note") -> str | None:
    """A free-text note, refused when it holds an identifier, exactly as `cedta validate` refuses it."""
    if text is None:
        return None
    text = text.strip()
    if not text.strip("\u200b\u200c\u200d\u2060\ufeff\u00ad"):  # (nothing but invisible characters: hostile 12, 9c)
        raise ClientError("client-empty-note", field=what)
    if len(text) > NOTE_LIMIT:  # the model's limit, said as the option's, before any file is made
        raise ClientError("client-note-too-long", field=what, limit=NOTE_LIMIT, length=len(text))
    if any(0xDC80 <= ord(c) <= 0xDCFF for c in text):
        # an argument's bytes as Python decoded them under an ASCII locale (LC_ALL=C): UTF-8 read
        # again as UTF-8 (hostile 12, 9e); bytes that are not UTF-8 (a Latin-1 terminal) are refused
        import os

        try:
            text = os.fsencode(text).decode("utf-8")
        except (UnicodeError, ValueError):
            raise ClientError("client-note-not-utf8", field=what) from None
    control = next((c for c in text if (ord(c) < 32 and c not in "\t\n") or 0x7f <= ord(c) < 0xa0
                    or c in "\u2028\u2029\ufffe\uffff" or c in _BIDI_CONTROLS), None)
    if control is not None:  # the YAML file could not hold it; say so before trying to write
        raise ClientError("client-control-in-note", field=what, char=f"U+{ord(control):04X}")
    kind = checks._personal_text(text)  # the validator's own test, so the two never disagree
    if kind:
        raise ClientError("client-identifier-in-note", field=what, what=kind)
    return text


def amount_of(text: str, lang: str = "en") -> int | float:
    """An amount of dollars as a coordinator types it (`numbers.amount_value`); ClientError with the
    words to say when it cannot be read."""
    from cedta.numbers import AmountError, amount_value

    try:
        return amount_value(text, lang)
    except AmountError as exc:
        code = "client-amount-ambiguous" if exc.code == "ambiguous" else "client-bad-amount-text"
        raise ClientError(code, amount=str(text)) from None


def _close(value: str, known: Iterable[str]) -> dict[str, str]:
    from cedta.suggest import close_ids

    close = close_ids(value, known)
    return {"suggestion": close[0]} if close else {}


def load(root: DataRoot, today: dt.date) -> Context:
    """Read the network, vocabulary, providers and hubs (not the clients)."""
    results = [root.read(f) for f in root.files({"network", "vocab", "provider", "hub"})]
    ds, facts = _directory_dataset(root, results)
    ctx = Context(root, today, results, ds)
    ctx.__dict__["_facts"] = facts
    return ctx


def _directory_dataset(root: DataRoot, results: list[ReadResult]) -> tuple[checks.Dataset, checks.Dataset]:
    """The directory's records loaded and checked as `load_dataset` gives them, remembered in the
    cache under the key matching remembers its directory by (every directory file's content hash,
    the code): at 2,000 providers, unpickled in about 0.2 s instead of validated in 0.9 s for each
    contact logged), with the summary a client is checked against (`sweep.directory_facts`).
    The entries keep no document (a client operation reads none of theirs)."""
    from cedta.io import cache
    from cedta.match.loading import directory_key

    key = directory_key(results)
    if key is not None:
        found = cache.recall_records(root, "client-directory", key)
        if isinstance(found, tuple) and len(found) == 2 and all(isinstance(x, checks.Dataset) for x in found):
            return found
    from cedta.records.sweep import directory_facts

    ds = checks.load_dataset(results)
    facts = directory_facts(ds)
    if key is not None:
        light = checks.Dataset(
            vocab=ds.vocab, diagnostics=list(ds.diagnostics), broken=set(ds.broken),
            network=checks.Entry(ds.network.record, None, ds.network.path, ds.network.kind)
            if ds.network is not None else None,
            providers={k: checks.Entry(e.record, None, e.path, e.kind) for k, e in ds.providers.items()},
            hubs={k: checks.Entry(e.record, None, e.path, e.kind) for k, e in ds.hubs.items()})
        cache.keep_records(root, "client-directory", key, (light, facts))
    return ds, facts


def client_ids(root: DataRoot) -> list[str]:
    """The ids of the client files (their names, as `DataRoot.files` lists them: no Path each)."""
    return record_stems(root.path / "clients")


def client_file(root: DataRoot, client_id: str) -> RecordFile:
    """The file of an existing client, or ClientError with a did-you-mean."""
    if not _CLIENT_ID.match(client_id or "") or len(client_id) > 64:
        # `C-2026-0001`, `c-2026-0001.yaml`, `data/clients/c-2026-0001.yaml`: the id it names
        # (hostile pass 10, M5)
        meant = os.path.basename(str(client_id or "").strip()).lower()
        meant = meant[:-5] if meant.endswith(".yaml") else meant[:-4] if meant.endswith(".yml") else meant
        known = meant != client_id and _CLIENT_ID.match(meant) and (root.path / "clients" / f"{meant}.yaml").exists()
        raise ClientError("client-bad-id", id=client_id, **({"suggestion": meant} if known else {}))
    path = root.path / "clients" / f"{client_id}.yaml"
    if not (path.exists() or path.is_symlink()):
        other = misnamed_client(root, client_id)
        if other is not None:  # `c-2026-0005.yml`: not another client's did-you-mean (hostile 10, E)
            raise ClientError("client-misnamed", client=client_id, name=other)
        raise ClientError("unknown-client", client=client_id, **_close(client_id, client_ids(root)))
    return root.record_file(path)


def misnamed_client(root: DataRoot, client_id: str) -> str | None:
    """Where a file in clients/ holds this id under a name cedta does not read, shown from the data
    folder (`clients/c-2026-0005.yml`, `clients/C-2026-0005.YAML`), if there is one. (A `Clients/`
    folder stops every command first: `DataRoot.check`.)"""
    want = client_id.lower()
    try:
        names = os.listdir(root.path / "clients")
    except OSError:
        return None
    for name in sorted(names):
        stem, dot, ext = name.rpartition(".")
        if dot and stem.lower() == want and ext.lower() in ("yaml", "yml") and name != f"{client_id}.yaml":
            return f"clients/{name}"
    return None


def private_dir(root: DataRoot) -> Path:
    """data/.private/, created owner-only."""
    folder = root.path / PRIVATE_DIR
    shown = root.shown(folder)
    if folder.exists() and not folder.is_dir():
        raise ClientError("client-private-not-folder", path=shown)
    if (folder.is_symlink() or folder.exists()) and not root.inside(folder):
        # a link to a folder elsewhere: nothing is created or made owner-only there
        raise ClientError("client-private-outside", path=shown, data=root.shown(root.path) or ".")
    try:
        if not folder.is_dir():
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        keep_out = folder / ".gitignore"
        said: list[str] = []
        try:
            st = os.lstat(keep_out)
            if stat.S_ISREG(st.st_mode) and st.st_size <= 65536:  # not a link, a pipe, /dev/zero
                said = keep_out.read_text(encoding="utf-8", errors="replace").split()
        except OSError:
            pass
        if "*" not in said or any(x.startswith("!") for x in said):
            # git ignores the folder whatever the repository's own .gitignore says (written again
            # when someone made it ignore less); written beside and renamed over, so a link there
            # is replaced, never written through
            fd, tmp = tempfile.mkstemp(prefix=".gitignore.", suffix=".cedta-tmp", dir=folder)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write("# cedta: names and contact details of clients never go into git\n*\n")
                os.chmod(tmp, 0o600)
                os.replace(tmp, keep_out)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
    except OSError as exc:
        raise ClientError("client-private-unusable", path=shown, errno=exc.errno or 0,
                          reason=exc.strerror or str(exc)) from None
    return folder


def write(root: DataRoot, path: Path, text: str, *, expected: Any = None, private: bool = False) -> None:
    """`DataRoot.write_text` with `expected`: what was read (its text), or `ABSENT` for a new file.
    If the file changed on disk since (an editor's save), nothing is written and StoreError
    ("changed-on-disk") is raised; the edit lock only serialises cedta's own writers."""
    from cedta.io import store

    root.write_text(path, text, private=private, expected=store.ABSENT if expected is ABSENT else expected)


ABSENT = object()  # pass as `expected` when the file must not exist yet


@contextmanager
def edit_lock(root: DataRoot, timeout: float = 60) -> Iterator[None]:
    """Serialises read-change-write of client files between cedta processes.

    `DataRoot.write_text` locks each write; this lock spans the read, the check and the write, so
    that two coordinators logging contacts at once never lose one. It lives in data/.private/ (git
    ignores it) and is distinct from the store's own lock, which `write_text` takes inside it."""
    from filelock import FileLock, Timeout

    where = private_dir(root) / EDIT_LOCK
    lock = FileLock(str(where), timeout=timeout, mode=0o600, poll_interval=0.005)
    try:
        lock.acquire()
    except Timeout:
        raise ClientError("locked", path=root.shown(root.path / "clients")) from None
    except OSError as exc:  # a folder or a link where the lock file goes
        raise ClientError("lock-failed", path=root.shown(where), reason=exc.strerror or str(exc)) from None
    try:
        yield
    finally:
        lock.release()
