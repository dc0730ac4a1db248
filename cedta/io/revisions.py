"""The record files of a data directory at a git revision, or in the working tree, read and parsed
for `cedta diff`. Glue between `gitrepo` (git), `store` (files on disk) and `yamlread` (parsing)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from cedta.io.gitrepo import Repo
from cedta.io.store import FOLDERS, PRIVATE_DIR, SINGLE_FILES, DataRoot, ReadResult, RecordFile
from cedta.io.yamlread import YamlProblem, decode, parse


def at_revision(root: DataRoot, repo: Repo, commit: str, kinds: set[str] | None = None) -> list[ReadResult]:
    """Every record file under the data directory as it was at `commit` (only those of `kinds`, when
    given: "provider", "hub", "client", "network", "vocab"). When `kinds` names only folder kinds,
    git lists only those folders: the forum's history reads providers without listing 50,000 clients."""
    folder = repo.relative(root.path)
    prefix = f"{folder}/" if folder else ""
    if kinds is not None and kinds <= set(FOLDERS.values()):
        listing: dict[str, str] = {}
        for sub, kind in FOLDERS.items():
            if kind in kinds:
                listing.update(repo.files(commit, prefix + sub))
    else:
        listing = repo.files(commit, folder)
    chosen: list[tuple[RecordFile, str]] = []
    cut = len(prefix)
    for rel, blob in sorted(listing.items()):
        inside = rel[cut:]
        kind = _kind(inside)
        if kind is not None and (kinds is None or kind in kinds):
            path = root.path.joinpath(*inside.split("/"))
            chosen.append((RecordFile(kind, path, root.shown(path)), blob))
    contents = repo.blobs([blob for _, blob in chosen])
    results = []
    for rf, blob in chosen:
        try:
            results.append(ReadResult(rf, document=parse(decode(contents[blob]))))
        except YamlProblem as problem:
            results.append(ReadResult(rf, problem=problem))
    return results


def in_working_tree(root: DataRoot) -> list[ReadResult]:
    return [root.read(f) for f in root.files()]


def other_files(root: DataRoot, repo: Repo, base: str, head: str | None,
                private: list | None = None) -> list[tuple[str, str]]:
    """Files changed under the data directory that are not records (a .yml, an image, a README).
    Those under `.private/` (the identity store, force-added: hostile 14, 7) go to `private`, by
    path alone, when a list is given."""
    folder = repo.relative(root.path)
    found = []
    for status, path in repo.changed_paths(base, head, folder):
        inside = [n[len(folder) + 1:] if folder else n for n in path.split(" -> ")]
        if any(Path(n).parts[:1] == (".private",) for n in inside):
            if private is not None and status != "D":  # (taken out of git: what it should be)
                private.append((status, root.shown(root.path / inside[-1])))
            continue
        if all(root.kind_of(root.path / n) for n in inside):
            continue  # records: compared by `diff`, renames included
        if all(Path(n).name == ".cedta.lock" or n.endswith(".cedta-tmp") for n in inside) and status == "?":
            continue  # cedta's own lock and a write's leftover, not yet committed: not the user's files
        found.append((status, " -> ".join(root.shown(root.path / n) for n in inside)))
    return found


# ---- only what changed ----------------------------------------------------------------------------

DIRECTORY_KINDS = ("network", "vocab", "provider", "hub")


@dataclass
class Sides:
    """The files `diff` compares: each side's changed files, plus files identical on both sides
    (read once, given to both) that the comparison needs for names and risks."""

    base: list[ReadResult]
    head: list[ReadResult]
    unchanged: set[tuple[str, str]] = field(default_factory=set)  # (kind, stem) read once
    changed: int = 0  # record files that differ
    complete: bool = False  # True when every file was read on both sides


def _kind(inside: str) -> str | None:
    """The record kind of a path inside the data directory (as `DataRoot.kind_of`, on text: no
    file system call, so that 50,000 paths cost milliseconds)."""
    parts = inside.split("/")
    if not parts[-1] or parts[-1].startswith(".") or parts[0] == PRIVATE_DIR:
        return None
    if len(parts) == 1:
        return SINGLE_FILES.get(parts[0])
    if len(parts) == 2 and parts[0] in FOLDERS and parts[1].endswith(".yaml") and len(parts[1]) > 5:
        return FOLDERS[parts[0]]
    return None


def _records(folder: str, paths) -> dict[str, str]:
    """Repository path → kind, for the record files among `paths`."""
    found = {}
    cut = len(folder) + 1 if folder else 0
    for rel in paths:
        kind = _kind(rel[cut:])
        if kind is not None:
            found[rel] = kind
    return found


def _working_tree(root: DataRoot, folder: str) -> dict[str, str]:
    """Repository path → kind of the record files in the working tree (what `DataRoot.files` lists)."""
    prefix = f"{folder}/" if folder else ""
    found = {}
    for name, kind in SINGLE_FILES.items():
        if os.path.lexists(root.path / name):
            found[prefix + name] = kind
    for sub, kind in FOLDERS.items():
        try:
            names = os.listdir(root.path / sub)
        except OSError:
            continue
        for name in names:
            if name.endswith(".yaml") and not name.startswith(".") and len(name) > 5:
                found[f"{prefix}{sub}/{name}"] = kind
    return found


def _stem(rel: str) -> str:
    return rel.rsplit("/", 1)[-1][:-5]


def _parse_blobs(repo: Repo, chosen: list[tuple[RecordFile, str]]) -> list[ReadResult]:
    contents = repo.blobs([blob for _, blob in chosen])
    results = []
    for rf, blob in chosen:
        try:
            results.append(ReadResult(rf, document=parse(decode(contents[blob]))))
        except YamlProblem as problem:
            results.append(ReadResult(rf, problem=problem))
    return results


def _mentioning(repo: Repo, commit: str | None, folder: str, words: list[str]) -> set[str] | None:
    """Repository paths of client files (at `commit`, or in the working tree) whose text holds any of
    `words`; None when git cannot say (then every client is read)."""
    if not words:
        return set()
    from cedta.io.gitrepo import GitError, _name, _run

    clients = f"{folder}/clients" if folder else "clients"
    args = ["grep", "-l", "-z", "-F", "--no-color"]
    args += ["--untracked"] if commit is None else []
    # A backslash too: a double-quoted YAML value may write an id with escapes ("immi\x67rants",
    # "ocri\x2Fmarketing") or split it with a `\` at a line's end; such a file is read as well.
    for w in [*words, "\\"]:
        args += ["-e", w]
    args += [commit] if commit else []
    args += ["--", clients]
    try:
        out = _run(args, repo.root, check=False)
    except GitError:
        return None
    prefix = f"{commit}:" if commit else ""
    return {_name(p)[len(prefix):] if prefix and _name(p).startswith(prefix) else _name(p)
            for p in out.split(b"\0") if p}


def changed_sides(root: DataRoot, repo: Repo, base: str, head: str | None) -> Sides:
    """The files to compare between `base` and `head` (None: the working tree), reading only the
    record files that changed, the directory (providers, hubs) once, and the unchanged client files
    a risk needs: those that mention a changed provider (a service removed or closed while their
    plan uses it) or a changed hub (removed while clients belong to it)."""
    folder = repo.relative(root.path)
    cut = len(folder) + 1 if folder else 0
    made: dict[str, RecordFile] = {}

    def record(rel: str) -> RecordFile:  # made only for the files read
        if rel not in made:
            path = root.path / rel[cut:]
            made[rel] = RecordFile(base_files.get(rel) or head_files[rel], path, root.shown(path))
        return made[rel]

    base_blobs = repo.files(base, folder)
    base_files = _records(folder, base_blobs)
    from_base: set[str] = set()  # left out by a sparse checkout: as committed, read from `base`
    if head is None:
        head_files, head_blobs = _working_tree(root, folder), None
        if set(base_files) - set(head_files):
            from_base = (repo.not_checked_out(folder) & set(base_files)) - set(head_files)
            head_files.update((p, base_files[p]) for p in from_base)
    else:
        head_blobs = repo.files(head, folder)
        head_files = _records(folder, head_blobs)
    changed = set(base_files) ^ set(head_files)
    for _, path in repo.changed_paths(base, head, folder):
        changed.update(path.split(" -> "))
    changed &= set(base_files) | set(head_files)
    kind_of = lambda rel: base_files.get(rel) or head_files[rel]
    # What diff says of an unchanged client (its schema problems, the risks naming it) depends on
    # the providers and hubs it names, never on network.yaml or vocab.yaml (terms are checked by
    # `validate`, not by the schema): no client is read for them. Reading every file on both sides
    # for a network or vocabulary change took 38 s and 2.7 GB at 50,000 clients. CEDTA_DIFF_ALL=1
    # reads every file (to compare, in tests and when in doubt).
    from cedta.io import env_flag

    if env_flag("CEDTA_DIFF_ALL"):
        results_head = in_working_tree(root) if head is None else at_revision(root, repo, head)
        return Sides(at_revision(root, repo, base), results_head, changed=len(changed), complete=True)

    def read_head(paths: list[str]) -> list[ReadResult]:
        if head is None:
            if from_base:  # (a path git left out of the working tree is never among `changed`)
                sparse = [p for p in paths if p in from_base]
                return [root.read(record(p)) for p in paths if p not in from_base] + \
                    _parse_blobs(repo, [(record(p), base_blobs[p]) for p in sparse])
            return [root.read(record(p)) for p in paths]
        return _parse_blobs(repo, [(record(p), head_blobs[p]) for p in paths])

    stems = lambda kind: [_stem(p) for p in changed if kind_of(p) == kind]
    words = [f"{s}/" for s in stems("provider")] + stems("hub")
    wanted = _mentioning(repo, head, folder, words)
    if from_base and wanted is not None and words:  # (git grep skips what is not checked out)
        at_base = _mentioning(repo, base, folder, words)
        wanted = None if at_base is None else wanted | (at_base & from_base)
    shared = [p for p in head_files if p not in changed and p in base_files and (
        head_files[p] in DIRECTORY_KINDS or wanted is None or p in wanted)]
    shared_results = read_head(shared)
    base_changed = [p for p in sorted(changed) if p in base_files]
    head_changed = [p for p in sorted(changed) if p in head_files]
    base_results = _parse_blobs(repo, [(record(p), base_blobs[p]) for p in base_changed])
    head_results = read_head(head_changed)
    return Sides(base_results + shared_results, head_results + shared_results,
                 {(head_files[p], _stem(p)) for p in shared}, changed=len(changed))
