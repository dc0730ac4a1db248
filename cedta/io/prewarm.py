"""A cold read in parallel: the files the parse cache does not hold yet, parsed by worker processes.

Reading a record file the first time is mostly parsing and checking it (about 0.4 ms a file, the
same work for every file, none of it shared): a network of 20,000 clients on a fresh clone spends
most of its first `report` there. `prewarm(root, files, derive)` hands the files the cache lacks to
worker processes (one per CPU this process may use, `CEDTA_JOBS` to choose, 1 for none) in chunks;
each worker reads and parses its files exactly as `cache.ParseCache.read` would (the same checks of
links, size and encoding, the same reader) and gives back the cache entries, with whatever
`derive(record_file, document)` makes of each document (`sweep` passes the validation of a client
file, so the findings are ready too). The entries go into the cache as a sequential read would
have put them there; the sequential read that follows then finds every file cached.

Nothing here decides anything: a file a worker cannot read or parse (a YAML error, a link outside,
a file that changed while it was read) is simply not stored, and the sequential read meets it and
reports it. Workers that cannot be started, or that fail, leave the rest to the sequential read.
Without the cache (`CEDTA_NO_CACHE=1`), with one CPU, or for fewer than `PARALLEL_MIN` files to
parse, nothing is started. Pure: no printing.
"""

from __future__ import annotations

import os
import pickle
import stat
import sys
import time
from pathlib import Path
from typing import Any, Callable

from cedta.io import cache as _cache

PARALLEL_MIN = 1_000  # files to parse before worker processes pay for their start (about 0.1 s each)
CHUNK = 250  # files per task: a chunk's results come back together
MAX_JOBS = 16

_worker: dict[str, Any] = {}  # in a worker process: its DataRoot and the derive function


def jobs() -> int:
    """How many worker processes a cold read may use: `CEDTA_JOBS`, else the CPUs this process may
    run on (at most MAX_JOBS); 1 means none."""
    given = os.environ.get("CEDTA_JOBS", "").strip()
    if given:
        try:
            return max(1, min(int(given), MAX_JOBS))
        except ValueError:
            return 1
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover (macOS, Windows)
        count = os.cpu_count() or 1
    return max(1, min(count, MAX_JOBS))


def _start(root_path: str, derive: Callable | None, parent: int) -> None:
    """A worker's start: its own DataRoot over the same folder, and a watch on its parent: a worker
    must not outlive the command (killed by SIGTERM or SIGHUP, the pool gets no chance to stop its
    workers, which would wait forever on the result pipe, holding the command's stdout open)."""
    from cedta.io.store import DataRoot

    _worker["root"] = DataRoot(root_path)
    _worker["derive"] = derive
    if sys.platform.startswith("linux"):
        try:  # the kernel kills this worker when the process that started it dies
            import ctypes
            import signal

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except Exception:
            pass
    import threading

    def watch() -> None:  # everywhere else (and in case prctl failed): look every half second
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="cedta-parent-watch", daemon=True).start()


def _parse_chunk(chunk: list[tuple[str, str, str, str]]) -> list[tuple]:
    """In a worker: the cache entries (key, fingerprint, time, digest, payload, derived) of the files
    of `chunk` that read cleanly and did not change while read; the others are left out."""
    from cedta.io.store import RecordFile
    from cedta.io.yamlread import YamlProblem, decode, parse

    root, derive = _worker["root"], _worker["derive"]
    out = []
    for path, kind, shown, key in chunk:
        rf = RecordFile(kind, Path(path), shown)
        read_at = time.time_ns()  # before the read, as `ParseCache.read` stamps: a `forget` meanwhile wins
        try:
            before = os.lstat(path)
            if not stat.S_ISREG(before.st_mode):
                continue
            raw = root._raw(rf)
            document = parse(decode(raw))
            document.size = len(raw)
            payload = pickle.dumps((document.data, document.surprises), protocol=pickle.HIGHEST_PROTOCOL)
            after = os.lstat(path)
        except (YamlProblem, OSError, RecursionError, MemoryError, ValueError, TypeError):
            continue  # the sequential read meets it again, and says what it is
        if _cache._fingerprint(after) != _cache._fingerprint(before):
            continue
        derived = None
        if derive is not None:
            try:
                derived = derive(rf, document)
            except Exception:  # the sequential read derives it again, and raises there if it must
                derived = None
        out.append((key, _cache._fingerprint(before), read_at, _cache.digest(raw), payload, derived))
    return out


def _context():
    """`fork` where it is safe and cheap (Linux, no other thread running), else `spawn`."""
    import multiprocessing
    import threading

    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def prewarm(root, files, derive: Callable | None = None,
            progress: Callable[[int], None] | None = None) -> int:
    """Parse in worker processes the files of `files` the cache of `root` does not hold, and store
    their entries (see the module); returns how many were stored. `derive(rf, document)` -> (key,
    pickled value) is stored beside each entry, as `CachedDocument.keep` would; it must pickle (a
    module-level function, or a partial of one). `progress(n)`: files done so far."""
    ready = stream(root, files, derive, progress)
    for _ in ready:
        pass
    return ready.stored


class stream:
    """`prewarm` as it goes: an iterator over how many of `files` (in their order) are ready to be
    read, growing as each chunk of the workers' results is stored; then `stored`. The caller reads
    file `i` once a number above `i` has come (the workers parse further files meanwhile: the
    reading, the records built and the workers' parsing share the CPUs instead of taking turns).
    The last number is `len(files)`. `close()` stops the workers early."""

    def __init__(self, root, files, derive: Callable | None = None,
                 progress: Callable[[int], None] | None = None):
        self.stored = 0
        self._steps = self._run(root, list(files), derive, progress)

    def __iter__(self):
        return self

    def __next__(self) -> int:
        return next(self._steps)

    def close(self) -> None:
        self._steps.close()

    def _run(self, root, files: list, derive, progress):
        parse_cache = _cache.for_root(root)
        workers = jobs()
        if parse_cache is None or workers < 2:
            yield len(files)
            return
        todo = []
        at = []  # the index in `files` of each file to parse
        for i, rf in enumerate(files):
            key = parse_cache.key_of(root, rf)
            if key not in parse_cache.shard(_cache._shard_of(key)):
                todo.append((str(rf.path), rf.kind, rf.shown, key))
                at.append(i)
        if len(todo) < PARALLEL_MIN:
            yield len(files)
            return
        workers = min(workers, -(-len(todo) // CHUNK))
        chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]
        done = 0
        from concurrent.futures import ProcessPoolExecutor

        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_start,
                                     initargs=(str(root.path), derive, os.getpid())) as pool:
                tasks = [pool.submit(_parse_chunk, chunk) for chunk in chunks]
                try:
                    for chunk, task in zip(chunks, tasks):
                        for key, fingerprint, when, digest, payload, derived in task.result():
                            n = _cache._shard_of(key)
                            parse_cache.shard(n)[key] = (fingerprint, when, digest, payload, derived)
                            parse_cache.dirty.add(n)
                            self.stored += 1
                            parse_cache.parsed += 1
                        done += len(chunk)
                        if progress is not None:
                            progress(done)
                        # every file before the next one to parse is now in the cache, or was
                        # already (a file the workers left out is read by the caller, as always)
                        yield at[done] if done < len(at) else len(files)
                finally:  # the caller stopped early, or a worker failed: tasks not begun are dropped
                    for task in tasks:
                        task.cancel()
        except Exception:  # workers that could not start or died: the caller's read does the rest
            pass
        yield len(files)
