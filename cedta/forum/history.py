"""Directory changes during a quarter, read from git history and worded as `cedta diff` words them.

The commits compared are the last commit on HEAD's first-parent line made before the quarter's first
day, and the last one made before the day after its last day. Only providers and their services are
compared (the directory); client files are never read. When the data is not in git, or the history
does not reach back to the quarter's start, the result says so instead.

`cedta.io.gitrepo` has no query by date, and this stage may not add one there: `_commit_before`
runs `git rev-list` through that module's own runner, so git still runs from one place only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from cedta.forum.quarters import Quarter


@dataclass
class DirectoryChanges:
    available: bool
    why: str | None = None  # not-a-repo, no-commit, before-history, git-failed
    base: str | None = None  # short commit ids
    head: str | None = None
    first_commit: str | None = None  # date of the first commit, when the history starts later
    lines: list[dict] = field(default_factory=list)  # {mark, text, kind, id, status}


def _commit_before(repo, moment: dt.date) -> str | None:
    from cedta.io.gitrepo import _run

    out = _run(["rev-list", "-1", "--first-parent", f"--before={moment.isoformat()} 00:00:00",
                "HEAD"], repo.root, check=False)
    sha = out.decode().strip()
    return sha or None


def _first_commit_date(repo) -> str | None:
    from cedta.io.gitrepo import _run

    out = _run(["log", "--first-parent", "--reverse", "--format=%cs", "HEAD"], repo.root, check=False)
    lines = out.decode().split()
    return lines[0] if lines else None


def _providers_at(root, repo, commit: str) -> list:
    """The provider files of the data directory at `commit`, read like `cedta.io.revisions` does."""
    from cedta.io.store import ReadResult, RecordFile
    from cedta.io.yamlread import YamlProblem, decode, parse

    folder = repo.relative(root.path)
    sub = f"{folder}/providers" if folder else "providers"
    listing = repo.files(commit, sub)
    chosen = []
    for rel, blob in sorted(listing.items()):
        inside = rel[len(folder) + 1:] if folder else rel
        path = root.path / inside
        if Path(inside).name.startswith(".") or root.kind_of(path) != "provider":
            continue
        chosen.append((RecordFile("provider", path, root.shown(path)), blob))
    contents = repo.blobs([b for _, b in chosen])
    results = []
    for rf, blob in chosen:
        try:
            results.append(ReadResult(rf, document=parse(decode(contents[blob]))))
        except YamlProblem as problem:
            results.append(ReadResult(rf, problem=problem))
    return results


def directory_changes(root, quarter: Quarter, lang: str, vocab) -> DirectoryChanges:
    """What changed in the directory during `quarter`, each change worded as `cedta diff` does."""
    from cedta.io.gitrepo import GitError, Repo
    from cedta.review import diff as d
    from cedta.review.diffrender import MARK, Words

    try:
        repo = Repo.around(root.path)
        if not repo.has_head():
            return DirectoryChanges(False, "no-commit")
        base = _commit_before(repo, quarter.start)
        head = _commit_before(repo, quarter.end + dt.timedelta(days=1))
        if head is None:
            return DirectoryChanges(False, "before-history", first_commit=_first_commit_date(repo))
        if base is None:
            return DirectoryChanges(False, "before-history", head=head[:7],
                                    first_commit=_first_commit_date(repo))
        old, _ = d.snapshot(base[:7], _providers_at(root, repo, base))
        new, _ = d.snapshot(head[:7], _providers_at(root, repo, head))
    except GitError as exc:
        return DirectoryChanges(False, "not-a-repo" if exc.code in ("not-a-repo", "git-missing")
                                else "git-failed")
    cmp = d.compare(old, new)
    words = Words(lang, vocab, cmp.names, extra=cmp.labels)
    lines = [{"mark": MARK[r.status], "kind": r.kind, "id": r.id, "status": r.status,
              "text": f"{words.title(r)}{words.colon}{words.details(r)}"}
             for r in cmp.records if r.kind in ("provider", "service")]
    lines.sort(key=lambda x: (x["id"].split("/")[0], x["kind"] == "service", x["id"]))
    return DirectoryChanges(True, None, base[:7], head[:7], None, lines)
