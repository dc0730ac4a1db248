"""The parse cache: each record file parsed once, its data kept in a fast binary form until it changes.

`read_document(root, rf)` is what `DataRoot.read` calls. It gives the same `Document` as
`yamlread.parse` (the same data, the same YAML 1.1 surprises, the same positions) and raises the
same `YamlProblem`s, but:

- A file whose bytes were parsed before comes from the cache (pickled plain data) instead of being
  parsed again. An entry is keyed by the file's path and checked against its size, modification
  and change times (ns) and inode; when any of these differ, or when the file was modified too
  close to the moment it was cached to trust the times (the "racy" case git knows), its bytes are
  read and compared by a BLAKE2 hash. A file is never served from an entry whose hash differs.
- Positions (line and column of every key and value) are not kept: they are about half of the
  memory a parsed file holds and are needed only to point at a finding. A document asked for a
  position parses its file again, once (`CachedDocument`).

Where: `$CEDTA_CACHE_DIR`, else the user's cache directory (`$XDG_CACHE_HOME/cedta`,
`~/.cache/cedta`, `~/Library/Caches/cedta`, `%LOCALAPPDATA%\\cedta\\Cache`), one folder per data
directory (a hash of its real path) and per cedta version and reader (a hash of this module's and
`yamlread`'s source), never inside the data repository: a cache is pickled, so it must never come
from a clone. Folders are created private (0700). `CEDTA_NO_CACHE=1` switches the cache off
(every file is parsed, positions kept, nothing is written).

Safe when: corrupted or truncated (each shard carries a hash of its body; anything unreadable is
ignored and rewritten), stale (above), written by two runs at once (a shard is written to a
temporary file and renamed over; an entry lost that way is parsed again next time), from another
version (another folder, and a version stamp in every shard), or not writable (nothing is cached).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import stat
import sys
import tempfile
import time
import weakref
import zlib
from pathlib import Path
from typing import Any

from cedta.io.yamlread import Document, YamlProblem, decode, parse, parse_strict

FORMAT = 3
SHARDS = 64  # records are spread over this many files, so one change rewrites 1/64 of the cache
MAGIC = b"cedta-parse-cache\n"
RACY_NS = 3_000_000_000  # a file modified this close to being cached is checked by hash next time
_DIGEST = 16


def disabled() -> bool:
    from cedta.io import env_flag

    return env_flag("CEDTA_NO_CACHE")


def user_cache_dir() -> Path:
    given = os.environ.get("CEDTA_CACHE_DIR")
    if given and given.strip():
        # `~/x` in quotes (the shell did not expand it) means the home folder, not a folder named `~`
        # in the working directory, a repository's, one `git add -A` from a commit
        path = os.path.expanduser(given.strip())
        if not path.startswith("~"):  # (`~nosuchuser/x`: not a folder to make here, the default instead)
            return Path(os.path.abspath(path))
    if sys.platform == "win32":  # pragma: no cover
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~\\AppData\\Local")
        return Path(base) / "cedta" / "Cache"
    if sys.platform == "darwin":  # pragma: no cover
        return Path(os.path.expanduser("~/Library/Caches/cedta"))
    # XDG_CACHE_HOME only when absolute, as the XDG spec says (a relative one, or one with a `~` left
    # unexpanded by a unit file, put pickled client records in the working directory: hostile 11, 17);
    # a HOME that is empty or relative is not a home either
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "cedta"
    home = os.environ.get("HOME", "").strip()
    if not home or not os.path.isabs(home) or home == "/":
        try:
            import pwd

            home = pwd.getpwuid(os.getuid()).pw_dir
        except (ImportError, KeyError, OSError):
            home = ""
    if not home or not os.path.isabs(home) or home == "/":
        import tempfile

        return Path(tempfile.gettempdir()) / f"cedta-cache-{os.getuid()}"
    return Path(home) / ".cache" / "cedta"


_VERSION: str | None = None


def version_stamp() -> str:
    """What a cache entry depends on besides the file: cedta, this module, the reader, Python."""
    global _VERSION
    if _VERSION is None:
        import cedta
        from cedta.io import yamlread

        h = hashlib.blake2b(digest_size=8)
        h.update(f"{FORMAT}|{cedta.__version__}|{sys.version_info[:2]}|{pickle.HIGHEST_PROTOCOL}".encode())
        try:  # the fast first reading and the parser under it (see yamlread.parse)
            from importlib.metadata import version

            h.update(f"|yaml-rs {version('yaml-rs')}".encode())
        except Exception:
            h.update(b"|no yaml-rs")
        fast = Path(yamlread.__file__).with_name("fastparse.py")
        for module_file in (__file__, yamlread.__file__, fast):
            try:
                h.update(Path(module_file).read_bytes())
            except OSError:
                h.update(str(time.time_ns()).encode())  # unknown source: a cache of its own
        _VERSION = h.hexdigest()
    return _VERSION


def digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=_DIGEST).digest()


def _fingerprint(st: os.stat_result) -> tuple:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


class CachedDocument(Document):
    """A document from the cache: its data unpickled when first used, its positions found again
    from its file the first time one is asked for, and a slot for what a higher layer derived
    from these exact bytes (`recall` / `keep`: e.g. a file's validation findings)."""

    def __init__(self, payload: bytes, source, digest: bytes = b"", slot=None, derived=None):
        self._payload = payload
        self._source = source  # () -> Document with positions, or None
        self.digest = digest  # BLAKE2 of the file's bytes
        self._slot = slot  # (ParseCache, shard, key) where the entry lives, or None
        self._derived = derived  # (key, pickled value) or None

    def __getattr__(self, name: str):
        if name in ("data", "surprises"):
            payload = self.__dict__["_payload"]
            if payload is not None:
                self.data, self.surprises = pickle.loads(payload)
            else:  # let go of (`release(everything=True)`): the file is parsed again
                source = self.__dict__.get("_source")
                full = source() if source is not None else None
                self.data, self.surprises = (full.data, full.surprises) if full is not None else (None, {})
            return self.__dict__[name]
        if name in ("positions", "key_positions"):
            source = self.__dict__.get("_source")
            full = source() if source is not None else None
            self.positions = full.positions if full is not None else {}
            self.key_positions = full.key_positions if full is not None else {}
            return self.__dict__[name]
        raise AttributeError(name)

    def release(self, everything: bool = False) -> None:
        """Forget the unpickled data (it comes back from the cache's bytes when used again); with
        `everything`, the cache's bytes too (the file is parsed again if the data is wanted)."""
        self.__dict__.pop("data", None)
        self.__dict__.pop("surprises", None)
        if everything:
            self._payload = None

    def recall(self, key: bytes) -> Any:
        """What `keep` stored under `key` for these bytes, or None."""
        derived = self._derived
        if derived is None or derived[0] != key:
            return None
        try:
            return pickle.loads(derived[1])
        except Exception:
            return None

    def keep(self, key: bytes, value: Any) -> None:
        """Store `value` for these bytes under `key` (one key per file: the latest wins)."""
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self._derived = (key, blob)
        if self._slot is None:
            return
        cache, n, key_path = self._slot
        entry = cache.shard(n).get(key_path)
        if entry is not None and entry[2] == self.digest:
            cache.shard(n)[key_path] = entry[:4] + (self._derived,)
            cache.dirty.add(n)


DIRECTORY_SHARDS = 8  # providers, hubs, network and vocab apart from the clients: validating or
# matching one client loads the directory's shards and one client shard, not the whole cache


def _shard_of(key: str) -> int:
    h = zlib.crc32(key.encode("utf-8", "surrogateescape"))
    if key.startswith("clients/"):
        return DIRECTORY_SHARDS + h % (SHARDS - DIRECTORY_SHARDS)
    return h % DIRECTORY_SHARDS


class ParseCache:
    """The cache of one data directory, as one run sees it; written back when the run lets go."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.stamp = version_stamp().encode()
        self.shards: dict[int, dict[str, tuple]] = {}
        self.dirty: set[int] = set()
        self.parsed = 0  # files parsed this run (the rest came from the cache): for tests, benchmarks
        self.served = 0
        self.dirs_inside: dict[str, bool] = {}
        self.source = ""  # the data directory's real path, written beside the versions for pruning

    # ---- shards on disk ------------------------------------------------------------------------

    def _path(self, shard: int) -> Path:
        return self.folder / f"shard-{shard:02d}.bin"

    def shard(self, n: int) -> dict[str, tuple]:
        entries = self.shards.get(n)
        if entries is None:
            entries = self.shards[n] = self._load(n)
        return entries

    def _load(self, n: int) -> dict[str, tuple]:
        try:
            with open(self._path(n), "rb") as fh:
                blob = fh.read()
        except OSError:
            return {}
        try:
            head = len(MAGIC) + len(self.stamp) + 1
            if not blob.startswith(MAGIC) or blob[len(MAGIC):head - 1] != self.stamp \
                    or blob[head - 1:head] != b"\n":
                return {}
            check, body = blob[head:head + _DIGEST], blob[head + _DIGEST:]
            if digest(body) != check:
                return {}
            entries = pickle.loads(body)
            if type(entries) is not dict:
                return {}
            _drop_forgotten(entries, self.forgotten())
            return entries
        except Exception:  # a damaged shard of any kind is an empty one
            return {}

    def forgotten(self) -> dict[str, int]:
        """The keys `forget` purged, with when (read once a run, and again before each write)."""
        found = self.__dict__.get("_forgotten")
        if found is None:
            found = self.__dict__["_forgotten"] = _read_tombstones(self.folder)
        return found

    def flush(self) -> None:
        """Write the shards this run changed (temporary file, then rename); never raises. An entry
        this run read before a `forget` purged it (a `validate` running meanwhile) is not written
        back: the purge is read again first."""
        if self.dirty and not self.folder.is_dir():
            _first_write(self.folder, self.source)
        if self.dirty:
            self.__dict__["_forgotten"] = _read_tombstones(self.folder)
        for n in sorted(self.dirty):
            _drop_forgotten(self.shards.get(n, {}), self.forgotten())
            try:
                body = pickle.dumps(self.shards.get(n, {}), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:
                continue
            # a cache that cannot be written is no cache: the next run parses again
            _write_atomic(self._path(n), MAGIC + self.stamp + b"\n" + digest(body) + body)
        self.dirty.clear()

    # ---- one file ------------------------------------------------------------------------------

    def _plain_file(self, path: Path) -> os.stat_result | None:
        """The file's status when it is a regular file (no link) in a folder inside the data root."""
        try:
            st = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        return st

    def key_of(self, root, rf) -> str:
        """A file's key in the cache: its path under the data root, with `/`."""
        path = str(rf.path)
        prefix = self.__dict__.get("_prefix")
        if prefix is None:
            prefix = self._prefix = str(root.path).rstrip(os.sep) + os.sep
        if path.startswith(prefix):  # (string slicing: `relative_to` was 0.3 s of 20,000 reads)
            key = path[len(prefix):]
            return key.replace(os.sep, "/") if os.sep != "/" else key
        return rf.path.relative_to(root.path).as_posix() if rf.path.is_absolute() else path

    def read(self, root, rf) -> Document:
        key = self.key_of(root, rf)
        path = str(rf.path)
        parent = path.rpartition(os.sep)[0] or str(rf.path.parent)
        inside = self.dirs_inside.get(parent)
        if inside is None:
            inside = self.dirs_inside[parent] = root.inside(rf.path.parent)
        st = self._plain_file(rf.path) if inside else None
        n = _shard_of(key)
        entry = self.shard(n).get(key) if st is not None else None
        now = time.time_ns()
        if entry is not None and entry[0] == _fingerprint(st) and entry[1] - st.st_mtime_ns > RACY_NS:
            return self._served(entry, root, rf, n, key)
        raw = root._raw(rf)  # every check of a fresh read: links, folders, size, permissions
        d = digest(raw)
        if entry is not None and entry[2] == d and st is not None:
            entry = self.shard(n)[key] = (_fingerprint(st), now, d, entry[3], entry[4])
            self.dirty.add(n)
            return self._served(entry, root, rf, n, key)
        document = parse(decode(raw))
        self.parsed += 1
        payload = pickle.dumps((document.data, document.surprises), protocol=pickle.HIGHEST_PROTOCOL)
        slot = None
        if st is not None:
            after = self._plain_file(rf.path)
            if after is not None and _fingerprint(after) == _fingerprint(st):
                self.shard(n)[key] = (_fingerprint(st), now, d, payload, None)
                self.dirty.add(n)
                slot = (self, n, key)
        cached = CachedDocument(payload, _reparse(root, rf), d, slot)
        cached.data, cached.surprises = document.data, document.surprises
        cached.size = len(raw)
        return cached

    def _served(self, entry: tuple, root, rf, n: int, key: str) -> Document:
        self.served += 1
        served = CachedDocument(entry[3], _reparse(root, rf), entry[2], (self, n, key), entry[4])
        served.size = entry[0][0]  # the file's size in bytes, as checked
        return served


def _reparse(root, rf):
    def source() -> Document | None:
        try:
            return parse_strict(decode(root._raw(rf)))  # positions come from the strict reader
        except YamlProblem:
            return None
    return source


_caches: "weakref.WeakKeyDictionary[Any, ParseCache | None]" = weakref.WeakKeyDictionary()
# A cache folder found not to be the user's own, or open to other users' writes: not used (its
# files are unpickled, which runs code); the CLI says so once.
refused: str | None = None


def _untrusted(top: Path, made: list[Path]) -> str | None:
    """The folder that keeps the cache from being read, or None when it may be read: the folders
    cedta makes (`made`) are the user's own, real folders, that nobody else may write in; the cache
    directory and every folder above it belong to the user or to the system, and no other user may
    replace what they hold (not writable by all, or sticky as /tmp is). Where ownership means
    nothing (Windows), None."""
    if not hasattr(os, "getuid"):  # (Windows: `test_cache_trust` runs this with getuid taken away)
        return None
    uid = os.getuid()
    for folder in made:
        try:
            st = os.lstat(folder)
        except (FileNotFoundError, NotADirectoryError):  # not made yet (or cannot be)
            continue
        except OSError:
            return str(folder)
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != uid or st.st_mode & 0o022:
            return str(folder)
    here = Path(os.path.realpath(top))
    while True:
        try:
            st = os.stat(here)
        except (FileNotFoundError, NotADirectoryError):  # made on the first write, by this user
            st = None
        except OSError:
            return str(here)
        if st is not None and (st.st_uid not in (uid, 0) or (st.st_mode & 0o002 and not st.st_mode & stat.S_ISVTX)):
            return str(here)
        if here.parent == here:
            return None
        here = here.parent


def for_root(root) -> ParseCache | None:
    """The cache of a DataRoot, made on first use and written back when the DataRoot goes away."""
    if disabled():
        return None
    try:
        return _caches[root]
    except KeyError:
        pass
    real = os.path.realpath(root.path)
    home = os.path.realpath(user_cache_dir())
    if home == real or home.startswith(real.rstrip(os.sep) + os.sep):
        return None  # a cache inside the data directory would put parsed client records in the tracked tree
    where = hashlib.blake2b(real.encode("utf-8", "surrogateescape"), digest_size=10).hexdigest()
    top = user_cache_dir()
    untrusted = _untrusted(top, [top / where, top / where / version_stamp()])
    if untrusted is not None:
        global refused
        refused = untrusted
        _caches[root] = None
        return None
    cache = ParseCache(top / where / version_stamp())
    cache.source = real
    _caches[root] = cache
    weakref.finalize(root, cache.flush)
    return cache


PRUNE_EVERY = 24 * 3600  # seconds between two looks at the whole cache directory
PRUNE_UNUSED = 30 * 24 * 3600  # a data directory's cache untouched this long is removed
# The folders cedta makes in the cache directory: one per data directory (20 hex digits, holding a
# `source` file that names it), one per version inside (16 hex digits). Nothing else is ever removed:
# CEDTA_CACHE_DIR may name any folder (`.`, the home folder, `/`), and a folder of the user's there
# has neither that name nor that file.
_DATA_FOLDER = re.compile(r"[0-9a-f]{20}")
_VERSION_FOLDER = re.compile(r"[0-9a-f]{16}")


_OWN_FILES = {"source", ".gitignore", "CACHEDIR.TAG"}


def _ours(entry: Path) -> bool:
    """A data directory's cache folder made by cedta: its name, its `source` file, and nothing in
    it but what cedta writes there (version folders of `.bin` files); no link anywhere."""
    if not (_DATA_FOLDER.fullmatch(entry.name) and not entry.is_symlink() and entry.is_dir()
            and (entry / "source").is_file() and not (entry / "source").is_symlink()):
        return False
    try:
        for item in entry.iterdir():
            if item.is_symlink():
                return False
            if item.name in _OWN_FILES and item.is_file():
                continue
            if not (_VERSION_FOLDER.fullmatch(item.name) and item.is_dir()):
                return False
            if any(p.is_symlink() or not p.is_file() or not (p.name.endswith(".bin") or ".tmp" in p.name)
                   for p in item.iterdir()):
                return False
    except OSError:
        return False
    return True


def _first_write(folder: Path, source: str) -> None:
    """A new version's folder: drop the other versions of this data directory's cache, note which
    data directory it is for, and now and then prune the caches of data directories that are gone
    (a temporary folder, a deleted clone) or unused for a month; only folders cedta made (see
    `_ours`) are ever removed. Never raises."""
    import shutil

    try:
        data_folder = folder.parent
        data_folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        for other in data_folder.iterdir():
            if other.name != folder.name and _VERSION_FOLDER.fullmatch(other.name) \
                    and other.is_dir() and not other.is_symlink():
                shutil.rmtree(other, ignore_errors=True)
        (data_folder / "source").write_text(source, encoding="utf-8", errors="surrogateescape")
        # parsed client records: never committed, never backed up, wherever CEDTA_CACHE_DIR points
        # (`.` at the root of the data repository puts the folder in the work tree)
        (data_folder / ".gitignore").write_text("# cedta's parse cache\n*\n", encoding="utf-8")
        (data_folder / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n"
                                                  "# cedta's parse cache: https://bford.info/cachedir/\n",
                                                  encoding="utf-8")
        top = data_folder.parent
        marker = top / ".pruned"
        now = time.time()
        try:
            if now - marker.stat().st_mtime < PRUNE_EVERY:
                return
        except OSError:
            pass
        marker.touch()
        for entry in top.iterdir():
            if entry == data_folder or not _ours(entry):
                continue
            try:
                gone = not os.path.isdir((entry / "source").read_text(encoding="utf-8", errors="surrogateescape"))
            except OSError:
                continue
            try:
                unused = now - max(p.stat().st_mtime for p in [entry, *entry.iterdir()]) > PRUNE_UNUSED
            except (OSError, ValueError):
                unused = True
            if gone or unused:
                shutil.rmtree(entry, ignore_errors=True)
    except OSError:
        pass


TOMBSTONES = "forgotten.bin"  # {key: time (ns)} of each entry `forget` purged, as JSON
TOMBSTONE_DAYS = 7  # kept this long: a run that read the entry before and writes after is shorter


def _read_tombstones(folder: Path) -> dict[str, int]:
    import json

    try:
        found = json.loads((folder / TOMBSTONES).read_text(encoding="ascii"))
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, str) and type(v) is int}


def _drop_forgotten(entries: dict, forgotten: dict[str, int]) -> None:
    """Entries cached before `forget` purged their key (a newer one, of the file as forget left it,
    stays)."""
    for key, when in forgotten.items():
        entry = entries.get(key)
        if entry is not None and (type(entry) is not tuple or len(entry) < 2 or not isinstance(entry[1], int)
                                  or entry[1] <= when):
            del entries[key]


def forget_file(root, rf) -> None:
    """Drop what the cache keeps of one file (its parsed data: `forget` removes a client's notes
    from the file, and they must not stay in the cache) and write that shard back now. The key is
    noted first (`forgotten.bin`, a week), so that a run that read the entry before, a `validate`
    going on meanwhile, does not write it back."""
    cache = for_root(root)
    if cache is None:
        return
    key = cache.key_of(root, rf)
    n = _shard_of(key)
    now = time.time_ns()
    if not cache.folder.is_dir():
        _first_write(cache.folder, cache.source)
    kept = {k: t for k, t in _read_tombstones(cache.folder).items() if now - t < TOMBSTONE_DAYS * 86400 * 10**9}
    kept[key] = now
    import json

    _write_atomic(cache.folder / TOMBSTONES, json.dumps(kept).encode("ascii"))
    cache.__dict__["_forgotten"] = kept
    if cache.shard(n).pop(key, None) is not None or cache._path(n).exists():
        cache.dirty.add(n)
        cache.flush()


def flush(root) -> None:
    """Write back what this run added to the cache of `root` now (it is also done at the end)."""
    cache = _caches.get(root)
    if cache is not None:
        cache.flush()


def let_go(root) -> None:
    """Write back what this run added, then drop the cache's entries from memory (a later read
    loads its shard again): for a command that keeps the records, not the parsed files."""
    cache = _caches.get(root)
    if cache is not None:
        cache.flush()
        cache.shards.clear()


def _write_atomic(path: Path, blob: bytes) -> None:
    """Write a cache file through a temporary file and a rename; never raises."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except Exception:
        pass


def recall_blob(root, name: str, key: bytes) -> Any:
    """A value a higher layer kept for the whole data directory under `name` and `key`, or None
    (no cache, another key, another version, or a damaged file)."""
    cache = for_root(root)
    if cache is None:
        return None
    try:
        blob = (cache.folder / f"{name}.bin").read_bytes()
        head = len(MAGIC) + len(cache.stamp) + 1
        if blob[:head] != MAGIC + cache.stamp + b"\n":
            return None
        body = blob[head + _DIGEST:]
        if digest(body) != blob[head:head + _DIGEST]:
            return None
        stored_key, value = pickle.loads(body)
        return value if stored_key == key else None
    except Exception:
        return None


def keep_blob(root, name: str, key: bytes, value: Any) -> None:
    """Keep `value` for the whole data directory under `name` (one key per name: the latest wins)."""
    cache = for_root(root)
    if cache is None:
        return
    if not cache.folder.is_dir():
        _first_write(cache.folder, cache.source)
    body = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
    _write_atomic(cache.folder / f"{name}.bin", MAGIC + cache.stamp + b"\n" + digest(body) + body)


def recall_records(root, name: str, key: bytes) -> Any:
    """Records kept by `keep_records` under `name` and `key`, unpickled with the cycle collector
    off (they hold no cycles, and thousands of small objects made it walk them again and again);
    None when not kept, another key, or damaged."""
    import gc

    packed = recall_blob(root, name, key)
    if not isinstance(packed, bytes):
        return None
    gc.disable()
    try:
        return pickle.loads(zlib.decompress(packed))
    except Exception:
        return None
    finally:
        gc.enable()


def keep_records(root, name: str, key: bytes, value: Any) -> None:
    """Keep records (pickled, compressed) for `recall_records`; nothing kept if they cannot be."""
    try:
        keep_blob(root, name, key, zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1))
    except Exception:  # (a record that cannot be pickled: nothing remembered)
        pass


def per_file(root, name: str, stamp: bytes, files, compute) -> dict[str, Any]:
    """`compute(rf)` for each record file, remembered from one run to the next by the file's size,
    times and inode (as the parse cache trusts them, racy window included): a file unchanged since
    is not even opened. For a small fact about every file (places a client takes) that a command
    needs from all of them. `stamp` says what the values depend on besides the file (the code);
    without a cache every file is computed. Returns {shown path: value}."""
    cache = for_root(root)
    if cache is None:
        return {rf.shown: compute(rf) for rf in files}
    known = recall_blob(root, name, stamp)
    if not isinstance(known, dict):
        known = {}
    kept: dict[str, tuple] = {}
    out: dict[str, Any] = {}
    now = time.time_ns()
    changed = False
    for rf in files:
        st = cache._plain_file(rf.path)
        old = known.get(rf.shown)
        if st is not None and old is not None and old[0] == _fingerprint(st) \
                and old[1] - st.st_mtime_ns > RACY_NS:
            out[rf.shown] = old[2]
            kept[rf.shown] = old
            continue
        value = out[rf.shown] = compute(rf)
        changed = True
        if st is not None:
            kept[rf.shown] = (_fingerprint(st), now, value)
    if changed or len(kept) != len(known):
        keep_blob(root, name, stamp, kept)
    return out


FREEZE_EVERY = 2000  # files


class _GcPacer:
    """Keeps Python's cycle collector from walking every record already read, again and again.

    Records hold no reference cycles, yet each full collection traverses all of them: 35% of a
    10,000-client `validate`. After every FREEZE_EVERY files read, the objects alive are moved out
    of the collector's reach (`gc.freeze`); they are handed back (`gc.unfreeze`) when the DataRoot
    that read them goes away. Small runs (tests, one file) never freeze anything.
    `CEDTA_GC_FREEZE=0` switches this off (for A/B measurements)."""

    def __init__(self):
        self.count = 0
        self.frozen = False
        from cedta.io import env_flag

        self.enabled = env_flag("CEDTA_GC_FREEZE", default=True)

    def tick(self, root) -> None:
        self.count += 1
        if not self.enabled or self.count % FREEZE_EVERY:
            return
        import gc

        if not self.frozen:
            gc.collect()  # once: what is garbage now must not be frozen with the rest
            self.frozen = True
            weakref.finalize(root, gc.unfreeze)
        gc.freeze()


_pacers: "weakref.WeakKeyDictionary[Any, _GcPacer]" = weakref.WeakKeyDictionary()


def read_document(root, rf) -> Document:
    """The parsed document of one record file, from the cache when its bytes are unchanged."""
    pacer = _pacers.get(root)
    if pacer is None:
        pacer = _pacers[root] = _GcPacer()
    pacer.tick(root)
    cache = for_root(root)
    if cache is None:
        raw = root._raw(rf)
        document = parse(decode(raw))
        document.size = len(raw)  # (a file this small cannot hold an over-long list: see checks)
        return document
    return cache.read(root, rf)


# ---- what `cedta fmt` found canonical --------------------------------------------------------------

def _fmt_stamp() -> bytes:
    """fmt's canonical form depends on fmt itself, the record model (key order) and the reader."""
    h = hashlib.blake2b(version_stamp().encode(), digest_size=8)
    package = Path(__file__).resolve().parents[1]  # read as files: io imports no higher layer
    try:
        for module_file in (package / "review" / "fmt.py", package / "review" / "canonical.py",
                            package / "records" / "model.py"):
            h.update(module_file.read_bytes())
    except OSError:
        h.update(str(time.time_ns()).encode())
    return h.hexdigest().encode()


class CanonicalSet:
    """Hashes of file contents `cedta fmt` left unchanged, so `fmt --check` can skip them next time
    without a ruamel round trip. Same safety as the parse cache: keyed by content (a BLAKE2 hash
    of the bytes), stamped with the versions of fmt, the model and the reader, written atomically,
    ignored when damaged; the same folder, the same `CEDTA_NO_CACHE`."""

    def __init__(self, folder: Path):
        self.path = folder / "canonical.bin"
        self.stamp = _fmt_stamp()
        self.known: set[bytes] = set()
        self.added: set[bytes] = set()
        try:
            blob = self.path.read_bytes()
            head = len(MAGIC) + len(self.stamp) + 1
            body = blob[head + _DIGEST:]
            if blob[:head] == MAGIC + self.stamp + b"\n" and digest(body) == blob[head:head + _DIGEST] \
                    and len(body) % _DIGEST == 0:
                self.known = {body[i:i + _DIGEST] for i in range(0, len(body), _DIGEST)}
        except OSError:
            pass

    def flush(self) -> None:
        if not self.added:
            return
        body = b"".join(sorted(self.known | self.added))
        _write_atomic(self.path, MAGIC + self.stamp + b"\n" + digest(body) + body)
        self.added.clear()


_canonical: "weakref.WeakKeyDictionary[Any, CanonicalSet | None]" = weakref.WeakKeyDictionary()


def _canonical_set(root) -> CanonicalSet | None:
    if disabled():
        return None
    if root not in _canonical:
        cache = for_root(root)
        found = _canonical[root] = CanonicalSet(cache.folder) if cache is not None else None
        if found is not None:
            weakref.finalize(root, found.flush)
    return _canonical[root]


def known_canonical(root, text: str) -> bool:
    """True when `cedta fmt` found exactly this text canonical before (fmt, model and reader alike)."""
    found = _canonical_set(root)
    return found is not None and digest(text.encode("utf-8", "surrogateescape")) in found.known


def remember_canonical(root, text: str) -> None:
    """Note that `cedta fmt` left this text unchanged (written back when the DataRoot goes away)."""
    found = _canonical_set(root)
    if found is not None:
        found.added.add(digest(text.encode("utf-8", "surrogateescape")))
