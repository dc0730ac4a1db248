"""Directory changes during a quarter, read from git history and worded as `cedta diff` words them.

The commits compared are the last commit on HEAD's first-parent line made before the quarter's first
day, and the last one made before the day after its last day. Only providers and their services are
compared (the directory); client files are never read. When the data is not in git, or the history
does not reach back to the quarter's start, the result says so instead. Git runs only in
`cedta.io.gitrepo` (`Repo.commit_before`, `Repo.first_commit_date`); the files at a commit are read by
`cedta.io.revisions.at_revision`, as `cedta diff` reads them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cedta.forum.quarters import Quarter


@dataclass
class DirectoryChanges:
    available: bool
    why: str | None = None  # not-a-repo, repo-gone, no-commit, no-commit-on-branch, before-history, folder-absent, folder-ignored,
    # folder-not-committed, not-owned, shallow, git-missing, git-failed
    base: str | None = None  # short commit ids
    head: str | None = None
    first_commit: str | None = None  # date of the first commit, when the history starts later
    lines: list[dict] = field(default_factory=list)  # {mark, text, kind, id, status}
    dates_mended: bool = False  # some commit dates went back in time: taken in the order of the commits
    unread: list[str] = field(default_factory=list)  # provider files unreadable at the quarter's start or end
    since_first: str | None = None  # the history begins during the quarter: compared from its first commit (that day)


def directory_changes(root, quarter: Quarter, lang: str, vocab, today: dt.date | None = None) -> DirectoryChanges:
    """What changed in the directory during `quarter`, each change worded as `cedta diff` does. For
    the quarter in progress (`today` within it), up to the last commit, whatever its date: a
    commit a clock put in the future is still this quarter's (hostile pass 10, G)."""
    from cedta.io import revisions
    from cedta.io.gitrepo import GitError, Repo
    from cedta.review import diff as d
    from cedta.review.diffrender import MARK, Words

    try:
        repo = Repo.around(root.path)
        if not repo.has_head():
            return DirectoryChanges(False, "no-commit-on-branch" if repo.has_commits() else "no-commit")
        base = repo.commit_before(quarter.start)
        running = today is not None and quarter.start <= today <= quarter.end
        head = repo.commit("HEAD") if running else repo.commit_before(quarter.end + dt.timedelta(days=1))
        if repo.ignored(repo.relative(root.path)):  # in no commit: every quarter would read "no change"
            return DirectoryChanges(False, "folder-ignored")
        since_first = None
        if base is None and head is not None and not repo.shallow():
            # a history begun during the quarter (a network that adopted cedta then): compared from its
            # first commit, the directory as the network began it, and said so (newcomer 12, NC12-18:
            # a new network's first report read no change at all)
            first = repo.first_commit()
            if first is not None and quarter.start.isoformat() <= first[1] <= (today or quarter.end).isoformat():
                base = first[0]
                if first[1] != quarter.start.isoformat():
                    since_first = first[1]
        if head is None or base is None:  # a shallow clone (CI) holds only its last commits
            return DirectoryChanges(False, "shallow" if repo.shallow() else "before-history",
                                    head=head[:7] if head else None, first_commit=repo.first_commit_date())
        old, old_errors = d.snapshot(base[:7], revisions.at_revision(root, repo, base, kinds={"provider"}))
        new, new_errors = (old, old_errors) if head == base else d.snapshot(
            head[:7], revisions.at_revision(root, repo, head, kinds={"provider"}))
    except GitError as exc:
        why = {"not-a-repo": "not-a-repo", "git-missing": "git-missing", "git-not-owned": "not-owned",
               "repo-gone": "repo-gone"}
        return DirectoryChanges(False, why.get(exc.code, "git-failed"))
    if not old.providers and new.providers and not _held_hubs(root, base):
        # nothing of the network at the quarter's start where the data is now (no provider, no
        # hub): the folder was moved, or added to this repository later, and "every organisation is
        # new" would not be true; a network started earlier whose first providers came in this
        # quarter has them all new, and says so
        return DirectoryChanges(False, "folder-absent", base[:7], head[:7])
    if not new.providers and not _held_hubs(root, head):
        # nothing of the network at the quarter's end either: the data was never committed there
        return DirectoryChanges(False, "folder-not-committed", base[:7], head[:7])
    cmp = d.compare(old, new)
    words = Words(lang, vocab, cmp.names, extra=cmp.labels)
    lines = [{"mark": MARK[r.status], "kind": r.kind, "id": r.id, "status": r.status,
              "text": f"{words.title(r)}{words.colon}{words.details(r)}"}
             for r in cmp.records if r.kind in ("provider", "service")]
    lines.sort(key=lambda x: (x["id"].split("/")[0], x["kind"] == "service", x["id"]))
    # a provider file that could not be read at either end: its changes are not in the lines
    unread = sorted({e.path for e in old_errors + new_errors if e.severity == "error"})
    return DirectoryChanges(True, None, base[:7], head[:7], None, lines,
                            dates_mended=bool(repo.__dict__.get("dates_mended")), unread=unread,
                            since_first=since_first)


def _held_hubs(root, commit: str) -> bool:
    """Whether the data folder held the network at `commit`: a hub, or network.yaml (a network
    started there with `cedta init`, with no provider yet). Read only when it held no provider."""
    from cedta.io import revisions
    from cedta.io.gitrepo import GitError, Repo

    try:
        repo = Repo.around(root.path)
        return bool(revisions.at_revision(root, repo, commit, kinds={"hub"})) or \
            bool(revisions.at_revision(root, repo, commit, kinds={"network"}))
    except GitError:
        return False
