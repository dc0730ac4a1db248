"""The record files of a data directory at a git revision, or in the working tree, read and parsed
for `cedta diff`. Glue between `gitrepo` (git), `store` (files on disk) and `yamlread` (parsing)."""

from __future__ import annotations

from pathlib import Path

from cedta.io.gitrepo import Repo
from cedta.io.store import DataRoot, ReadResult, RecordFile
from cedta.io.yamlread import YamlProblem, decode, parse


def at_revision(root: DataRoot, repo: Repo, commit: str) -> list[ReadResult]:
    """Every record file under the data directory as it was at `commit`."""
    folder = repo.relative(root.path)
    listing = repo.files(commit, folder)
    chosen: list[tuple[RecordFile, str]] = []
    for rel, blob in sorted(listing.items()):
        inside = rel[len(folder) + 1:] if folder else rel
        path = root.path / inside
        parts = Path(inside).parts
        if parts and parts[0] == ".private" or Path(inside).name.startswith("."):
            continue
        kind = root.kind_of(path)
        if kind is not None:
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


def other_files(root: DataRoot, repo: Repo, base: str, head: str | None) -> list[tuple[str, str]]:
    """Files changed under the data directory that are not records (a .yml, an image, a README)."""
    folder = repo.relative(root.path)
    found = []
    for status, path in repo.changed_paths(base, head, folder):
        inside = [n[len(folder) + 1:] if folder else n for n in path.split(" -> ")]
        if any(Path(n).parts[:1] == (".private",) for n in inside):
            continue
        if all(root.kind_of(root.path / n) for n in inside):
            continue  # records: compared by `diff`, renames included
        found.append((status, " -> ".join(root.shown(root.path / n) for n in inside)))
    return found
