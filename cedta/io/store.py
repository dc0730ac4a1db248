"""The only module that touches files.

Reads: finds the record files of a data directory and parses each with the strict, positional reader
(`yamlread`). Writes: one function, `write_text`, writes a temporary file beside the target and renames
it over, under a lock, and refuses any path outside the data root. `edit_record` round-trips a file
through ruamel.yaml so comments, key order and quoting survive a change.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from cedta.io.yamlread import MAX_BYTES, Document, YamlProblem, decode

FOLDERS = {"providers": "provider", "hubs": "hub", "clients": "client"}
SINGLE_FILES = {"network.yaml": "network", "vocab.yaml": "vocab"}
PRIVATE_DIR = ".private"
LOCK_NAME = ".cedta.lock"
# A write in progress is `.NAME.XXXXXXXX.cedta-tmp` beside its target; one that outlives its writer
# (kill -9, power cut) is removed by the next write in that folder. Git ignores `.*.cedta-tmp`.
TMP_SUFFIX = ".cedta-tmp"  # only names with it are cedta's own temporary files, removed by the next
# write: an older form (`.name.yaml.` + 8 characters) also fits a person's backup, `.x.yaml.20261126`
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f]")
ABSENT = "\0absent"  # `expected=ABSENT`: the file must not exist yet


def content_hash(content: str | bytes) -> str:
    """The SHA-256 of a file's content (text is taken as UTF-8), to pass as `expected`."""
    import hashlib

    return hashlib.sha256(content.encode("utf-8") if isinstance(content, str) else content).hexdigest()


class StoreError(Exception):
    """An I/O problem: a missing data directory, an unreadable file, a path outside the root."""

    def __init__(self, code: str, path: str = "", **params: Any):
        super().__init__(code)
        self.code, self.path, self.params = code, path, params


def printable(text: str) -> str:
    """A name not in UTF-8 (`caf\xe9.yaml`) or with a control character (a newline, a terminal
    escape) is shown with U+FFFD: printing it must neither raise nor break a line or a terminal."""
    if text.isascii() and text.isprintable():
        return text
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _UNPRINTABLE.sub("\ufffd", text) if _UNPRINTABLE.search(text) else text


def _lexists(p: Path) -> bool:
    """True when something (a file, a folder, a broken link) is at `p`; an unreachable path counts."""
    try:
        os.lstat(p)
        return True
    except FileNotFoundError:
        return False
    except OSError:
        return True  # there, but cannot be looked at: reading it will say why


def _listing(d: Path) -> list[str] | None:
    """The sorted names in a folder; None when it is not a folder or cannot be listed."""
    try:
        return sorted(os.listdir(d))
    except OSError:
        return None


def _record_name(name: str) -> bool:
    """The name of a record file in a record folder: `x.yaml`, not hidden."""
    return name.endswith(".yaml") and not name.startswith(".") and len(name) > 5


def record_stems(folder: Path) -> list[str]:
    """The names, less `.yaml`, of a record folder's record files, sorted (as `DataRoot.files` lists
    them, without a Path each); [] when the folder cannot be listed."""
    return [name[:-5] for name in _listing(folder) or () if _record_name(name)]


def _editor_file(name: str) -> bool:
    """vim's swap file (`.x.yaml.swp`): the .gitignore `cedta init` writes keeps it out of git, and
    the editor holds it while a client file is open (reported, it blocked the pre-commit hook)."""
    return name.endswith((".swp", ".swo"))


def _is_leftover(name: str) -> bool:
    return name.startswith(".") and name.endswith(TMP_SUFFIX)


@dataclass(frozen=True)
class RecordFile:
    kind: str  # network, vocab, provider, hub, client
    path: Path  # absolute
    shown: str  # as shown to the user: relative to the data root's parent

    @property
    def stem(self) -> str:
        return self.path.stem


@dataclass
class ReadResult:
    file: RecordFile
    document: Document | None = None
    problem: YamlProblem | None = None


class DataRoot:
    """A data directory: `data/` with network.yaml, vocab.yaml, providers/, hubs/, clients/."""

    def __init__(self, path: str | os.PathLike):
        self.given = Path(path)
        # `..` after a link (`bc/..`, bc -> ../B/clients) is B's data to the shell and git, and was
        # the folder beside the link here: resolved as the system resolves it (hostile 13, 11)
        self.path = Path(os.path.realpath(path) if ".." in Path(path).parts else os.path.abspath(path))

    def _data_near(self) -> str | None:
        """Where a data directory is, when `--data` named the folder around it, one inside it, or
        a folder that does not exist while the working folder is one: how to name it (newcomer 11,
        NC11-3)."""
        def is_data(p: Path) -> bool:  # its network.yaml or vocab.yaml, or both record folders of the directory
            try:
                if (p / "provider.yaml").is_file() or (p / "client.yaml").is_file():
                    return False  # `templates/` (network.yaml beside provider.yaml): not data (newcomer 13, N13-6)
                return any((p / m).is_file() for m in SINGLE_FILES) or all((p / f).is_dir() for f in ("providers", "hubs"))
            except OSError:
                return False

        given = str(self.given).rstrip("/\\") or "."
        if is_data(self.path / "data"):
            return os.path.join(given, "data")
        if self.path.name in FOLDERS and is_data(self.path.parent):
            return os.path.dirname(given) or "."
        if not self.path.exists():
            # run from inside the repository (`data/clients/`, `schemas/`, `templates/`): the data
            # directory above, named from here
            here = Path.cwd()
            for up in [here, *list(here.parents)[:3]]:
                for candidate in (up, up / "data"):
                    if is_data(candidate):
                        return os.path.relpath(candidate) if candidate != here else "."
        return None

    def check(self) -> None:
        try:
            if not self.path.exists():
                near = self._data_near()
                raise StoreError("no-data-dir", str(self.given),
                                 **({"hint_code": "hint-data-here", "right": near} if near else {}))
            if not self.path.is_dir():
                raise StoreError("data-not-dir", str(self.given))
            names = os.listdir(self.path)
            for name in names:
                # `Clients/` (a capital, as macOS and Windows let a person name it, then moved to a
                # Linux machine): its records would be read by nothing, the report would count 0
                # clients, and intake would start a second folder (hostile pass 11, 11)
                if name.lower() in FOLDERS and name != name.lower():
                    right = self.path / name.lower()
                    if not os.path.exists(right):
                        raise StoreError("folder-case", str(self.given), name=name, right=name.lower())
                    if not os.path.samefile(self.path / name, right):  # both (a case-insensitive disk: one)
                        # records split between two folders: the report would leave out one's (review 11b, R7)
                        raise StoreError("folder-case-both", str(self.given), name=name, right=name.lower())
            markers = [*SINGLE_FILES, *FOLDERS]
            if not any((self.path / name).exists() for name in markers):
                near = self._data_near()
                raise StoreError("not-data-dir-near" if near else "not-data-dir", str(self.given),
                                 **({"right": near} if near else {}))
        except OSError as exc:
            raise StoreError("data-unreadable", str(self.given), reason=exc.strerror or str(exc)) from None

    def shown(self, p: Path) -> str:
        """A path as diagnostics show it: the way to it from the working directory, so that an
        editor opens that very file (`--data data`: `data/clients/x.yaml`; `--data ../x/data`:
        `../x/data/clients/x.yaml`; `--data .`: `clients/x.yaml`); from `/` when an absolute
        `--data` lies outside the working directory (`data/clients/x.yaml` named another network's
        file, the one beside the working directory)."""
        absolute = os.path.abspath(p)
        cwd = self.__dict__.get("_cwd")
        if cwd is None:
            try:
                cwd = self._cwd = os.getcwd()
            except OSError:
                cwd = self._cwd = ""
        text = absolute
        if cwd and (not self.given.is_absolute() or absolute == cwd
                    or absolute.startswith(cwd.rstrip(os.sep) + os.sep)):
            try:
                text = os.path.relpath(absolute, cwd)
            except ValueError:  # another drive (Windows)
                pass
        return printable(Path(text).as_posix())

    def prefix(self, folder: Path) -> str:
        """What `shown` puts before the names of a folder's files (`data/clients/`; nothing when
        the folder is the working directory)."""
        text = self.shown(folder)
        return "" if text == "." else text.rstrip("/") + "/"

    def inside(self, p: Path) -> bool:
        """True when `p`, symlinks resolved, stays inside the data root."""
        real_root = self.__dict__.get("_real_root")
        if real_root is None:
            real_root = self._real_root = os.path.normcase(os.path.realpath(self.path))
        real = os.path.normcase(os.path.realpath(p))
        return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)

    def kind_of(self, p: Path) -> str | None:
        rel = Path(os.path.abspath(p)).relative_to(self.path)
        if len(rel.parts) == 1:
            return SINGLE_FILES.get(rel.name)
        if len(rel.parts) == 2 and rel.parts[0] in FOLDERS and rel.suffix == ".yaml":
            return FOLDERS[rel.parts[0]]
        return None

    def record_file(self, p: Path) -> RecordFile:
        absolute = Path(os.path.abspath(p))
        try:
            absolute.relative_to(self.path)
        except ValueError:
            raise StoreError("outside-data", str(p), root=str(self.given)) from None
        kind = self.kind_of(absolute)
        if kind is None:
            raise StoreError("not-a-record", self.shown(absolute))
        return RecordFile(kind, absolute, self.shown(absolute))

    def files(self, kinds: set[str] | None = None) -> Iterator[RecordFile]:
        """Every record file, in a stable order: network, vocab, providers, hubs, clients.

        Never raises: a record folder that cannot be listed (no permission) comes back as one
        RecordFile naming the folder, whose `read` gives the problem `unreadable-folder`."""
        for name, kind in SINGLE_FILES.items():
            p = self.path / name
            if (kinds is None or kind in kinds) and _lexists(p):
                yield RecordFile(kind, p, self.shown(p))
        for folder, kind in FOLDERS.items():
            if kinds is not None and kind not in kinds:
                continue
            d = self.path / folder
            names = _listing(d)
            if names is None:
                if _lexists(d):
                    yield RecordFile(kind, d, self.shown(d))
                continue
            prefix = self.prefix(d)  # (50,000 names: one `relpath` for the folder)
            for name in names:
                if _record_name(name):
                    yield RecordFile(kind, d / name, prefix + printable(name))

    def strays(self) -> Iterator[Path]:
        """Files and folders in the record folders that cedta will not read (a `.yml`, a backup, a
        hidden `.notes.yaml`, a `.old/` folder...): git would commit them all the same. Not the
        README.md that `cedta init` writes, the leftovers of an interrupted write (`leftovers`),
        nor `.gitkeep` and `.DS_Store`."""
        for folder in FOLDERS:
            d = self.path / folder
            for name in _listing(d) or ():
                if _record_name(name):
                    continue
                if name in ("README.md", ".gitkeep", ".DS_Store") or _is_leftover(name) or _editor_file(name):
                    continue
                yield d / name

    def misplaced(self) -> Iterator[Path]:
        """YAML files and folders holding YAML in the data folder itself that cedta does not read
        (`data/c-2026-0002.yaml`, `data/client/`): records out of their folder, missing from every
        command. Not the record folders and files, `.private`, `.git`, nor `templates/` and
        `schemas/` (a data folder that is the repository's root)."""
        for name in _listing(self.path) or ():
            p = self.path / name
            if name in FOLDERS or name in SINGLE_FILES or name.startswith(".") or name in ("templates", "schemas"):
                continue
            if name.lower().endswith((".yaml", ".yml")) and not os.path.isdir(p):
                yield p
            elif os.path.isdir(p) and not os.path.islink(p) and any(
                    n.lower().endswith((".yaml", ".yml")) for n in _listing(p) or ()):
                yield p

    def loose_texts(self, limit: int = 16_000_000, most: int = 5000) -> Iterator[tuple[Path, str | None]]:
        """The text of every file in the clients' folder that is not a record (strays, README.md),
        of the files in folders there (a `.old/` copy of the clients), and of what else the data
        folder holds beside its records (`data/notes.txt`, `data/misc/`), links not followed; at
        most `most` files, the first `limit` bytes of each, undecodable bytes replaced; (file, None)
        says a file was not read whole (over `limit`), or, last, that the search stopped there. (Providers and hubs publish
        their own phones and e-mails: their folders are not searched.)"""
        # the clients' folder, and what else lies in the data folder (not the record folders or files,
        # not data/.private/, which holds identities by design, nor a .git folder)
        starts = [self.path / "clients" / name for name in _listing(self.path / "clients") or ()
                  if not _record_name(name)]
        starts += [self.path / name for name in _listing(self.path) or ()
                   if (name not in FOLDERS or not os.path.isdir(self.path / name)) and name not in SINGLE_FILES
                   and name not in (".private", ".git", ".cedta.lock")]
        return _texts_under(starts, limit, most)

    def directory_stray_texts(self, limit: int = 16_000_000, most: int = 5000) -> Iterator[tuple[Path, str | None]]:
        """As `loose_texts`, the files of the providers' and hubs' folders that are not records
        (`providers/ids.txt`, `hubs/extra/ids.yml`, a `.ids.yaml`): git commits them with the
        directory, and a copy of the identity store there passed every check (hostile 15, H15-10)."""
        starts = [self.path / folder / name for folder in ("providers", "hubs")
                  for name in _listing(self.path / folder) or () if not _record_name(name)
                  and name not in ("README.md", ".gitkeep")]
        return _texts_under(starts, limit, most)

    def leftovers(self) -> Iterator[Path]:
        """Temporary files an interrupted write left behind (the next write there removes them)."""
        for d in [self.path, *(self.path / f for f in FOLDERS)]:
            for name in _listing(d) or ():
                if _is_leftover(name):
                    yield d / name

    def _folder_inside(self, folder: str) -> bool:
        """`inside` for a folder, asked once per folder and run (every client file shares one)."""
        known = self.__dict__.setdefault("_folders_inside", {})
        answer = known.get(folder)
        if answer is None:
            answer = known[folder] = self.inside(folder)
        return answer

    def _raw(self, rf: RecordFile) -> bytes:
        """The bytes of a record file; raises YamlProblem for what cannot or must not be read."""
        if rf.path.name in FOLDERS and rf.path.parent == self.path and os.path.lexists(rf.path) \
                and not os.path.isdir(rf.path):  # `files` gave a record folder that is a file
            raise YamlProblem("folder-is-a-file", name=rf.path.name)
        try:
            # A regular file (no link) in a folder inside the root is inside: one `lstat`, not a
            # `realpath` of every file. Anything else (a link, a folder, a FIFO) is looked at in full.
            try:
                st = os.lstat(rf.path)
                plain = stat.S_ISREG(st.st_mode) and self._folder_inside(os.path.dirname(rf.path))
            except OSError:
                plain = False
            if not plain:
                if not self.inside(rf.path):
                    raise YamlProblem("symlink-outside")
                if rf.path.name in FOLDERS and rf.path.parent == self.path and rf.path.is_dir():
                    os.listdir(rf.path)  # `files` gave the folder itself: it could not be listed
                    raise YamlProblem("not-a-file")
                if not rf.path.is_file():  # a folder, a FIFO (reading it would block), a device
                    raise YamlProblem("not-a-file")
            with open(rf.path, "rb", buffering=0) as fh:
                size = os.fstat(fh.fileno()).st_size
                if size > MAX_BYTES:
                    raise YamlProblem("file-too-large", size=size, limit=MAX_BYTES)
                # read what the size says (a read of MAX_BYTES would allocate 1 MB for every file),
                # then on until the end, in case the file grew or its size was not told
                chunks, total, want = [], 0, size + 1
                while True:
                    chunk = fh.read(min(want, MAX_BYTES + 1 - total))
                    if not chunk:
                        break
                    chunks.append(chunk)
                    total += len(chunk)
                    if total > MAX_BYTES:
                        raise YamlProblem("file-too-large", size=max(size, total), limit=MAX_BYTES)
                    want = 1 << 16
                return chunks[0] if len(chunks) == 1 else b"".join(chunks)
        except OSError as exc:
            code = "unreadable-folder" if rf.path.name in FOLDERS and rf.path.parent == self.path \
                else "unreadable"
            raise YamlProblem(code, reason=exc.strerror or str(exc)) from None

    def read(self, rf: RecordFile) -> ReadResult:
        """Read and parse one record file; problems come back in the result, never raised."""
        try:
            from cedta.io import cache  # the parse cache (CEDTA_NO_CACHE=1: parse every file)

            return ReadResult(rf, document=cache.read_document(self, rf))
        except YamlProblem as problem:
            return ReadResult(rf, problem=problem)

    def text_of(self, rf: RecordFile) -> str:
        """The text of one record file, as written (for `cedta fmt`); raises YamlProblem."""
        return decode(self._raw(rf))

    # ---- writing -------------------------------------------------------------------------------

    def confine(self, target: Path) -> Path:
        absolute = Path(os.path.abspath(target))
        try:
            absolute.relative_to(self.path)
        except ValueError:
            raise StoreError("outside-data", str(target), root=str(self.given)) from None
        try:
            if absolute.exists() and not self.inside(absolute):
                raise StoreError("outside-data", str(target), root=str(self.given))
            if not self.inside(absolute.parent) and absolute.parent.exists():
                raise StoreError("outside-data", str(target), root=str(self.given))
        except OSError as exc:  # a folder on the way that cannot be searched
            raise StoreError("write-failed", self.shown(absolute), reason=exc.strerror or str(exc)) from None
        return absolute

    def write_text(self, target: Path, text: str, private: bool = False,
                   expected: str | bytes | None = None) -> None:
        """Write `text` to `target` atomically, under the data root's lock.

        `expected` is what the caller read and changed: the text (or bytes) itself, or its
        `content_hash`, or `ABSENT` for a file that must not exist yet. Under the lock, just before
        the rename, the file is compared with it; if someone changed it meanwhile (an editor's
        save during a long `fmt`), nothing is written and StoreError("changed-on-disk") is raised.
        A record file over the size the reader accepts is refused (`too-large-to-write`). A record
        that is a symbolic link (inside the data directory) is written through to its target, so
        the link stays. Temporary files an interrupted write left in the folder are removed."""
        from filelock import FileLock, Timeout

        absolute = self.confine(target)
        shown = self.shown(absolute)
        data = text.encode("utf-8")
        if len(data) > MAX_BYTES and not private and self.kind_of(absolute) is not None:
            raise StoreError("too-large-to-write", shown, size=len(data), limit=MAX_BYTES)
        try:
            absolute.parent.mkdir(parents=True, exist_ok=True)
            if private:
                os.chmod(absolute.parent, 0o700)
            lock = FileLock(str(self.path / LOCK_NAME), timeout=10)
            try:
                lock.acquire()
            except OSError as exc:  # (Timeout is not an OSError) a folder or a link in its place
                raise StoreError("lock-failed", self.shown(self.path / LOCK_NAME),
                                 reason=exc.strerror or str(exc)) from None
            try:
                final = Path(os.path.realpath(absolute)) if absolute.is_symlink() else absolute
                _remove_leftovers(final.parent)
                mode = 0o600 if private else None
                if final.exists() and mode is None:
                    mode = final.stat().st_mode & 0o777
                fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=TMP_SUFFIX, dir=final.parent)
                try:
                    with os.fdopen(fd, "wb") as fh:
                        fh.write(data)
                        fh.flush()
                        os.fsync(fh.fileno())
                    os.chmod(tmp, mode if mode is not None else 0o644)
                    if expected is not None and not _still(final, expected):
                        raise StoreError("changed-on-disk", shown)
                    os.replace(tmp, final)
                finally:
                    if os.path.exists(tmp):
                        os.unlink(tmp)
            finally:
                lock.release()
        except Timeout:
            raise StoreError("locked", shown) from None
        except OSError as exc:
            raise StoreError("write-failed", shown, reason=exc.strerror or str(exc)) from None

    def edit_record(self, target: Path, change: Callable[[Any], Any]) -> None:
        """Round-trip a record through ruamel.yaml, apply `change` to its data, write it back.

        The write happens only if the file is still what was read (see `write_text`); a file that
        cannot be read raises StoreError("unreadable" or the reader's problem code)."""
        yaml = round_trip_yaml()
        absolute = self.confine(target)
        try:
            text = decode(absolute.read_bytes())
        except OSError as exc:
            raise StoreError("unreadable", self.shown(absolute), reason=exc.strerror or str(exc)) from None
        except YamlProblem as problem:
            raise StoreError(problem.code, self.shown(absolute), **problem.params) from None
        data = yaml.load(text)
        result = change(data)
        self.write_text(absolute, dump_round_trip(result if result is not None else data, yaml),
                        expected=text)


def _still(path: Path, expected: str | bytes) -> bool:
    """True when the file at `path` still holds `expected` (content, its hash, or ABSENT)."""
    try:
        with open(path, "rb") as fh:
            current = fh.read()
    except FileNotFoundError:
        return expected == ABSENT
    if expected == ABSENT:
        return False
    if isinstance(expected, str) and len(expected) == 64 and re.fullmatch(r"[0-9a-f]{64}", expected):
        return content_hash(current) == expected or current == expected.encode()
    return current == (expected.encode("utf-8") if isinstance(expected, str) else expected)


_CLEANED: set[str] = set()  # folders whose leftovers this process has removed


def _remove_leftovers(folder: Path) -> None:
    """Remove temporary files of writes that died (called under the lock: no write is running),
    once per folder and process: `fmt` writing 1,000 files listed 50,000 names for each."""
    key = os.path.abspath(folder)
    if key in _CLEANED:
        return
    _CLEANED.add(key)
    for name in _listing(folder) or ():
        if _is_leftover(name):
            try:
                os.unlink(folder / name)
            except OSError:
                pass


def round_trip_yaml():
    """ruamel.yaml's round-trip reader and writer, set up as cedta writes records. Text that a YAML
    1.1 reader (cedta's own: `no` is false there, `12:30` a number) would not read back as text is
    written quoted: ruamel writes YAML 1.2, where `no` and `12:30` are text."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Representer = _text_representer()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    yaml.preserve_quotes = True
    return yaml


_REPRESENTER = None


def _text_representer():
    """A round-trip representer that quotes the text YAML 1.1 would read as something else."""
    global _REPRESENTER
    if _REPRESENTER is None:
        from ruamel.yaml.representer import RoundTripRepresenter

        from cedta.io.yamlread import read_as_text

        class TextRepresenter(RoundTripRepresenter):
            def represent_str(self, data):
                if type(data) is str and not read_as_text(data) and "\n" not in data:
                    return self.represent_scalar("tag:yaml.org,2002:str", data, style="'")
                return super().represent_str(data)

        TextRepresenter.add_representer(str, TextRepresenter.represent_str)
        _REPRESENTER = TextRepresenter
    return _REPRESENTER


def dump_round_trip(data: Any, yaml=None) -> str:
    import io

    yaml = yaml or round_trip_yaml()
    buf = io.StringIO()
    yaml.dump(data, buf)
    text = buf.getvalue()
    # a file saved with CRLF: ruamel.yaml keeps the CR at the end of each comment it read, and
    # writes LF elsewhere; one line end per file, LF
    return text.replace("\r\n", "\n") if "\r" in text else text


class NotRegular(OSError):
    """The path given for an export holds something other than a regular file (`what`: "link",
    "folder" or "special": a pipe, a socket, a device)."""

    def __init__(self, what: str):
        import errno

        super().__init__(errno.EEXIST, f"{what} is there; only a regular file is replaced")
        self.what = what


def output_mode(target: Path) -> int:
    """The permissions an export written to `target` gets: those of the regular file it replaces
    (a report kept owner-only stays so), else the usual ones for a new file (0666 less the umask).
    Raises NotRegular for a target that exists and is not a regular file: a link, a folder, a pipe
    or a device is not replaced by a file (`-o /dev/null` run as root would replace the device)."""
    import stat

    try:
        st = os.lstat(target)
    except FileNotFoundError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask
    if not stat.S_ISREG(st.st_mode):
        raise NotRegular("link" if stat.S_ISLNK(st.st_mode) else "folder" if stat.S_ISDIR(st.st_mode)
                         else "special")
    if not st.st_mode & 0o222:  # made read-only to keep it: not replaced (even by root)
        raise NotRegular("read-only")
    return stat.S_IMODE(st.st_mode)


def write_output(target: Path, text: str | bytes) -> None:
    """Write an export (schemas, reports, spreadsheets) atomically to a path the user chose: text as
    UTF-8 with LF line ends, bytes as they are. Only a regular file (or nothing) is replaced, and it
    keeps its permissions (`output_mode`)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = output_mode(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with (os.fdopen(fd, "wb") if isinstance(text, bytes)
              else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as fh:
            fh.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _texts_under(starts: list, limit: int, most: int) -> Iterator[tuple[Path, str | None]]:
    """The text of every regular file at or under `starts` (links not followed; see `loose_texts`)."""
    import stat

    seen = 0
    for start in starts:
        if _is_leftover(start.name) or start.name == ".DS_Store" or _editor_file(start.name):
            continue
        stack = [start]
        while stack:
            p = stack.pop()
            try:
                st = os.lstat(p)
            except OSError:
                continue
            if stat.S_ISDIR(st.st_mode):
                stack.extend(p / n for n in reversed(_listing(p) or ()))
            elif stat.S_ISREG(st.st_mode):
                if seen >= most:
                    yield p, None
                    return
                seen += 1
                try:
                    with open(p, "rb") as fh:
                        yield p, fh.read(limit).decode("utf-8", "replace")
                except OSError:
                    continue
                if st.st_size > limit:
                    yield p, None
