"""The only module that touches files.

Reads: finds the record files of a data directory and parses each with the strict, positional reader
(`yamlread`). Writes: one function, `write_text`, writes a temporary file beside the target and renames
it over, under a lock, and refuses any path outside the data root. `edit_record` round-trips a file
through ruamel.yaml so comments, key order and quoting survive a change.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from cedta.io.yamlread import Document, YamlProblem, decode, parse

FOLDERS = {"providers": "provider", "hubs": "hub", "clients": "client"}
SINGLE_FILES = {"network.yaml": "network", "vocab.yaml": "vocab"}
PRIVATE_DIR = ".private"
LOCK_NAME = ".cedta.lock"


class StoreError(Exception):
    """An I/O problem: a missing data directory, an unreadable file, a path outside the root."""

    def __init__(self, code: str, path: str = "", **params: Any):
        super().__init__(code)
        self.code, self.path, self.params = code, path, params


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
        self.path = Path(os.path.abspath(path))

    def check(self) -> None:
        if not self.path.exists():
            raise StoreError("no-data-dir", str(self.given))
        if not self.path.is_dir():
            raise StoreError("data-not-dir", str(self.given))
        markers = [*SINGLE_FILES, *FOLDERS]
        if not any((self.path / name).exists() for name in markers):
            raise StoreError("not-data-dir", str(self.given))

    def shown(self, p: Path) -> str:
        """A path as diagnostics show it: relative to the data root's parent."""
        try:
            return Path(os.path.abspath(p)).relative_to(self.path.parent).as_posix()
        except ValueError:
            return Path(p).as_posix()

    def inside(self, p: Path) -> bool:
        """True when `p`, symlinks resolved, stays inside the data root."""
        try:
            Path(os.path.realpath(p)).relative_to(os.path.realpath(self.path))
            return True
        except ValueError:
            return False

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
        """Every record file, in a stable order: network, vocab, providers, hubs, clients."""
        for name, kind in SINGLE_FILES.items():
            p = self.path / name
            if (kinds is None or kind in kinds) and (p.exists() or p.is_symlink()):
                yield RecordFile(kind, p, self.shown(p))
        for folder, kind in FOLDERS.items():
            if kinds is not None and kind not in kinds:
                continue
            d = self.path / folder
            if not d.is_dir():
                continue
            for p in sorted(d.iterdir()):
                if p.suffix == ".yaml" and not p.name.startswith("."):
                    yield RecordFile(kind, p, self.shown(p))

    def strays(self) -> Iterator[Path]:
        """Files in the record folders that cedta will not read (a `.yml`, a backup...)."""
        for folder in FOLDERS:
            d = self.path / folder
            if d.is_dir():
                for p in sorted(d.iterdir()):
                    if p.suffix != ".yaml" and not p.name.startswith(".") and p.name != "README.md":
                        yield p

    def _raw(self, rf: RecordFile) -> bytes:
        """The bytes of a record file; raises YamlProblem for what cannot or must not be read."""
        if not self.inside(rf.path):
            raise YamlProblem("symlink-outside")
        if not rf.path.is_file():  # a folder, a FIFO (reading it would block), a device
            raise YamlProblem("not-a-file")
        try:
            with open(rf.path, "rb") as fh:
                return fh.read(2 * 1024 * 1024 + 1)
        except OSError as exc:
            raise YamlProblem("unreadable", reason=exc.strerror or str(exc)) from None

    def read(self, rf: RecordFile) -> ReadResult:
        """Read and parse one record file; problems come back in the result, never raised."""
        try:
            return ReadResult(rf, document=parse(decode(self._raw(rf))))
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
        if absolute.exists() and not self.inside(absolute):
            raise StoreError("outside-data", str(target), root=str(self.given))
        if not self.inside(absolute.parent) and absolute.parent.exists():
            raise StoreError("outside-data", str(target), root=str(self.given))
        return absolute

    def write_text(self, target: Path, text: str, private: bool = False) -> None:
        """Write `text` to `target` atomically, under the data root's lock."""
        from filelock import FileLock, Timeout

        absolute = self.confine(target)
        absolute.parent.mkdir(parents=True, exist_ok=True)
        if private:
            os.chmod(absolute.parent, 0o700)
        try:
            with FileLock(str(self.path / LOCK_NAME), timeout=10):
                mode = 0o600 if private else None
                if absolute.exists() and mode is None:
                    mode = absolute.stat().st_mode & 0o777
                fd, tmp = tempfile.mkstemp(prefix=f".{absolute.name}.", dir=absolute.parent)
                try:
                    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                        fh.write(text)
                        fh.flush()
                        os.fsync(fh.fileno())
                    os.chmod(tmp, mode if mode is not None else 0o644)
                    os.replace(tmp, absolute)
                except BaseException:
                    if os.path.exists(tmp):
                        os.unlink(tmp)
                    raise
        except Timeout:
            raise StoreError("locked", self.shown(absolute)) from None
        except OSError as exc:
            raise StoreError("write-failed", self.shown(absolute), reason=exc.strerror or str(exc)) from None

    def edit_record(self, target: Path, change: Callable[[Any], Any]) -> None:
        """Round-trip a record through ruamel.yaml, apply `change` to its data, write it back."""
        yaml = round_trip_yaml()
        absolute = self.confine(target)
        data = yaml.load(absolute.read_text(encoding="utf-8"))
        result = change(data)
        self.write_text(absolute, dump_round_trip(result if result is not None else data, yaml))


def round_trip_yaml():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    yaml.preserve_quotes = True
    return yaml


def dump_round_trip(data: Any, yaml=None) -> str:
    import io

    yaml = yaml or round_trip_yaml()
    buf = io.StringIO()
    yaml.dump(data, buf)
    return buf.getvalue()


def write_output(target: Path, text: str) -> None:
    """Write an export (schemas, reports) atomically to a path the user chose."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
