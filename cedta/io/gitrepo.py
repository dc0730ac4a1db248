"""Git access for `cedta diff` and `cedta init`: the only module that runs `git`.

Small and dull on purpose: find the repository around a folder, resolve revisions, find the merge
base with the main branch, list and read the files of a folder at a revision. Every failure is a
`GitError` with a message code (see `messages.py`), never a traceback.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

MAIN_BRANCHES = ("main", "master", "origin/main", "origin/master", "origin/HEAD")


class GitError(Exception):
    def __init__(self, code: str, **params: str):
        super().__init__(code)
        self.code, self.params = code, params


# Git reads the repository's own configuration, and some settings there name a command git runs:
# `core.fsmonitor` on any read of the index, a `filter.<name>.clean` when a changed file is compared,
# `gpg.program` when `log.showSignature` is on, a hook (`post-index-change`), the ssh command or
# credential helper of a partial clone's lazy fetch. A data folder received with its `.git` (a zip from a
# colleague) must not run anything when cedta reads it: these are switched off for every git cedta
# runs, and the filters the configuration names are found once per repository and made empty.
_SAFE = ["-c", "core.fsmonitor=false", "-c", "log.showSignature=false", "-c", f"core.hooksPath={os.devnull}",
         # a partial clone fetches missing files from its remote when asked for them, through the
         # repository's own ssh command or credential helper: cedta reads only what is here
         "-c", "protocol.allow=never", "-c", "credential.helper=", "-c", "core.sshCommand=false"]
# Where git looks is cedta's choice (the data folder's repository), not what the environment left
# set: a hook or `rebase --exec` sets GIT_DIR, and `init` or `diff` then went to another repository.
_KEPT_GIT_VARIABLES = {"GIT_EXEC_PATH", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_SSL_CAINFO", "GIT_SSL_NO_VERIFY",
                       "GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CEILING_DIRECTORIES"}
_EPOCH_DAY = 719163  # date(1970, 1, 1).toordinal()
_filters: dict[str, list[str]] = {}  # repository folder -> the -c options that empty its filters


def _env() -> dict[str, str]:
    # the user's own configuration given through the environment stays (`GIT_CONFIG_COUNT` and its
    # keys and values: a `safe.directory` for a shared folder, say); where git looks does not
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in _KEPT_GIT_VARIABLES
           or k.startswith(("GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_")) or k in ("GIT_CONFIG_COUNT", "GIT_CONFIG_PARAMETERS")}
    env.update(GIT_TERMINAL_PROMPT="0", LC_ALL="C", GIT_NO_LAZY_FETCH="1")
    return env


def _no_filters(cwd: Path) -> list[str]:
    """`-c filter.<name>.clean=` (and smudge, process, required) for every filter the configuration
    seen from `cwd` names; none runs."""
    key = str(cwd)
    found = _filters.get(key)
    if found is None:
        try:
            done = subprocess.run(["git", *_SAFE, "config", "--null", "--get-regexp", r"^filter\."], cwd=cwd,
                                  capture_output=True, env=_env(), timeout=120)
            listed = done.stdout if done.returncode == 0 else b""
        except (OSError, subprocess.TimeoutExpired):
            listed = b""
        names = set()
        for item in listed.split(b"\0"):
            name = item.partition(b"\n")[0].decode("utf-8", "surrogateescape")
            if name.startswith("filter.") and name.count(".") >= 2:
                names.add(name[len("filter."):name.rindex(".")])
        found = _filters[key] = [option for n in sorted(names) for option in
                                 ("-c", f"filter.{n}.clean=", "-c", f"filter.{n}.smudge=",
                                  "-c", f"filter.{n}.process=", "-c", f"filter.{n}.required=false")]
    return found


def _run(args: list[str], cwd: Path, stdin: bytes | None = None, check: bool = True) -> bytes:
    try:
        done = subprocess.run(["git", *_SAFE, *_no_filters(cwd), *args], cwd=cwd, input=stdin,
                              capture_output=True, env=_env(), timeout=120)
    except FileNotFoundError:
        raise GitError("git-missing") from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError("git-failed", command=" ".join(args[:2]), reason=str(exc)) from None
    if check and done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        if any("dubious ownership" in line for line in reason):  # safe.directory: git refuses it
            raise GitError("git-not-owned", path=str(cwd))
        raise GitError("git-failed", command=" ".join(args[:2]), reason=reason[-1] if reason else "")
    return done.stdout


def _status(args: list[str], cwd: Path) -> int:
    """The exit status of a git command whose answer is its status (128 when git cannot run)."""
    try:
        return subprocess.run(["git", *_SAFE, *_no_filters(cwd), *args], cwd=cwd, capture_output=True,
                              env=_env(), timeout=120).returncode
    except (OSError, subprocess.TimeoutExpired):
        return 128


def ignores_path(path: Path) -> bool | None:
    """Whether the git repository around `path` ignores it (`git add -A` would not take it); None
    when there is no repository (or no git) to ask."""
    try:
        path = Path(path).resolve()
        repo = Repo.around(path.parent)
        return repo.ignores(path.relative_to(Path(repo.root).resolve()).as_posix())
    except (GitError, ValueError, OSError):
        return None


def tracked_under(folder: Path) -> list[str] | None:
    """The files git tracks under `folder` (paths from the repository's root), whatever the
    .gitignore files say (a file forced in with `git add -f` stays tracked and goes into every
    `git commit -a`); None when there is no repository (or no git) to ask."""
    try:
        folder = Path(folder).resolve()
        repo = Repo.around(folder if folder.is_dir() else folder.parent)
        rel = folder.relative_to(Path(repo.root).resolve()).as_posix()
        out = _run(["ls-files", "-z", "--", rel], repo.root, check=False)
    except (GitError, ValueError, OSError):
        return None
    return [_name(x) for x in out.split(b"\0") if x]


def _name(raw: bytes) -> str:
    """A path as git gives it: UTF-8, with any other byte kept as the file system keeps it (the
    same `surrogateescape` form `os.listdir` gives), so names not in UTF-8 never raise."""
    return raw.decode("utf-8", "surrogateescape")


@dataclass(frozen=True)
class Repo:
    root: Path  # the working tree's top folder

    @classmethod
    def around(cls, folder: Path) -> Repo:
        """The repository that holds `folder`."""
        probe = Path(folder)
        while not probe.exists() and probe != probe.parent:
            probe = probe.parent
        try:
            out = _run(["rev-parse", "--show-toplevel"], probe if probe.is_dir() else probe.parent)
        except GitError as exc:
            if exc.code == "git-not-owned":
                raise GitError("git-not-owned", path=str(folder)) from None
            if exc.code == "git-failed":
                # a worktree whose repository was moved or pruned: its `.git` file names a folder
                # that is gone (git: "not a git repository: /x/.git/worktrees/wt")
                gone = re.search(r"not a git repository: (.+)$", exc.params.get("reason", ""))
                if gone and any((up / ".git").is_file() for up in (probe, *probe.parents)):
                    raise GitError("repo-gone", path=str(folder), git_dir=gone.group(1).strip()) from None
                raise GitError("not-a-repo", path=str(folder)) from None
            raise
        return cls(Path(_name(out.rstrip(b"\n"))))  # a folder named in Latin-1 reads as the file system names it

    def relative(self, folder: Path) -> str:
        """`folder` as a path inside the repository, with forward slashes ('' for the top)."""
        rel = Path(os.path.realpath(folder)).relative_to(os.path.realpath(self.root))
        return "" if str(rel) == "." else rel.as_posix()

    def commit(self, revision: str) -> str:
        """The full commit id a revision names."""
        if revision.startswith("-"):
            raise GitError("bad-revision", revision=revision)
        out = _run(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"],
                   self.root, check=False)
        sha = out.decode("ascii", "replace").strip()
        if not re.fullmatch(r"[0-9a-f]{40}(?:[0-9a-f]{24})?", sha):  # one commit, not a range's list
            raise GitError("bad-revision", revision=revision)
        return sha

    def main_branch(self) -> str:
        for name in MAIN_BRANCHES:
            out = _run(["rev-parse", "--verify", "--quiet", f"{name}^{{commit}}"], self.root, check=False)
            if out.strip():
                return name
        raise GitError("no-main-branch")

    def merge_base(self, a: str, b: str) -> str:
        out = _run(["merge-base", a, b], self.root, check=False).decode("ascii", "replace").strip()
        if not out:
            raise GitError("no-merge-base", base=a, head=b)
        return out

    def has_head(self) -> bool:
        return bool(_run(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], self.root,
                         check=False).strip())

    def has_commits(self) -> bool:
        """True when any branch or tag holds a commit (HEAD may not: an orphan branch)."""
        return bool(_run(["for-each-ref", "--count=1", "--format=%(objectname)", "refs/heads", "refs/tags",
                          "refs/remotes"], self.root, check=False).strip())

    def commit_before(self, day) -> str | None:
        """The last commit on HEAD's first-parent line made before `day` (a date) began, if any.
        A commit's day is the one its committer's clock showed (`%ci`), so the answer is the same on
        a laptop in Ottawa and on a CI machine in UTC. Dates that a wrong clock put out of order
        are mended first (`_mended`): one commit dated 2001 between two of 2026 no longer hides the
        commits before it (`rev-list --before` stopped at it: "no change" for the quarter), nor one
        dated 2031 every commit after it."""
        line = self.__dict__.get("_first_parent_line")
        if line is None:
            out = _run(["log", "--first-parent", "--reverse", "--format=%H %ct %ci", "HEAD"], self.root,
                       check=False)
            commits, stamps, offsets = [], [], []
            for text in out.decode("ascii", "replace").splitlines():
                parts = text.split()
                try:
                    stamp, zone = int(parts[1]), parts[-1]  # %ci: 2026-09-30 22:00:00 -0400
                    offset = (1 if zone[0] == "+" else -1) * (int(zone[1:3]) * 3600 + int(zone[3:5]) * 60)
                except (IndexError, ValueError):
                    continue
                commits.append(parts[0])
                stamps.append(stamp)
                offsets.append(offset)
            made = _mended(stamps)
            self.__dict__["dates_mended"] = made != stamps  # the reader is told (forum.history)
            local: list[int] = []  # seconds on the committer's clock; a mended date keeps its parent's
            for i, when in enumerate(made):
                local.append(when + offsets[i] if when == stamps[i] else (local[-1] if local else when))
            line = self.__dict__["_first_parent_line"] = list(zip(commits, local))
        limit = (day.toordinal() - _EPOCH_DAY) * 86400  # the day's start on the committer's clock
        found = None
        for commit, when in line:
            if when >= limit:
                break
            found = commit
        return found

    def shallow(self) -> bool:
        """Whether this clone is shallow (CI checkouts fetch one commit by default): older commits,
        and the main branch, may be missing from it."""
        out = _run(["rev-parse", "--is-shallow-repository"], self.root, check=False)
        return out.strip() == b"true"

    def ignored(self, folder: str) -> bool:
        """Whether git ignores `folder` (a path inside the repository): a `.gitignore` names it, so
        its files are in no commit unless forced in."""
        return bool(folder) and self.ignores(folder + "/")

    def ignores(self, path: str) -> bool:
        """Whether git ignores `path` (inside the repository, with `/`): `git add` would not take it."""
        return _status(["check-ignore", "-q", "--", path], self.root) == 0

    def first_commit_date(self) -> str | None:
        """The date (YYYY-MM-DD) of the first commit on HEAD's first-parent line, if any."""
        first = self.first_commit()
        return first[1] if first else None

    def first_commit(self) -> tuple[str, str] | None:
        """(id, date YYYY-MM-DD) of the first commit on HEAD's first-parent line, if any."""
        out = _run(["log", "--first-parent", "--reverse", "--format=%H %cs", "HEAD"], self.root, check=False)
        lines = out.decode("ascii", "replace").split("\n", 1)
        parts = lines[0].split() if lines else []
        return (parts[0], parts[1]) if len(parts) == 2 else None

    def files(self, commit: str, folder: str) -> dict[str, str]:
        """Path → blob id of every file under `folder` at `commit`."""
        args = ["ls-tree", "-r", "-z", "--full-tree", commit]
        if folder:
            args += ["--", folder]
        found = {}
        links = {}
        for entry in _run(args, self.root).split(b"\0"):
            if not entry:
                continue
            meta, _, path = entry.partition(b"\t")
            mode, kind, blob = meta.decode("ascii", "replace").split()
            if kind == "blob" and mode == "120000":
                links[_name(path)] = blob
            elif kind == "blob":
                found[_name(path)] = blob
        if links:  # a record committed as a symbolic link: its target's content, as the work tree reads it
            found.update(self._link_targets(commit, links))  # (it was read as text: "not a mapping": hostile 13, 16)
        return found

    def _link_targets(self, commit: str, links: dict[str, str]) -> dict[str, str]:
        """Link path → blob id of the file it points to at `commit`, for links that point inside the
        repository at a file (a chain of links followed up to 8 deep); the others are left out."""
        import posixpath

        texts = self.blobs(list(dict.fromkeys(links.values())))
        out = {}
        for path, blob in links.items():
            target, seen = path, 0
            text = texts.get(blob, b"").decode("utf-8", "replace")
            while seen < 8:
                seen += 1
                target = posixpath.normpath(posixpath.join(posixpath.dirname(target), text))
                if target.startswith("../") or target == ".." or posixpath.isabs(target):
                    break  # outside the repository: not read
                line = _run(["ls-tree", "-z", "--full-tree", commit, "--", target], self.root, check=False)
                meta = line.split(b"\t", 1)[0].decode("ascii", "replace").split()
                if len(meta) != 3 or meta[1] != "blob":
                    break
                if meta[0] != "120000":
                    out[path] = meta[2]
                    break
                text = self.blobs([meta[2]]).get(meta[2], b"").decode("utf-8", "replace")
        return out

    def blobs(self, ids: list[str]) -> dict[str, bytes]:
        """The contents of blobs, read in one `git cat-file --batch`."""
        if not ids:
            return {}
        out = _run(["cat-file", "--batch"], self.root, stdin="".join(i + "\n" for i in ids).encode())
        found, pos = {}, 0
        for blob in ids:
            header_end = out.index(b"\n", pos)
            parts = out[pos:header_end].split()
            size = int(parts[2])
            found[blob] = out[header_end + 1: header_end + 1 + size]
            pos = header_end + 1 + size + 1
        return found

    def changed_paths(self, base: str, head: str | None, folder: str) -> list[tuple[str, str]]:
        """(status letter, path) of files changed under `folder`, untracked ones included when
        comparing with the working tree; a rename gives ('R', 'old -> new')."""
        args = ["diff", "--name-status", "-z", "-M", base] + ([head] if head else [])
        args += ["--", folder or "."]
        parts = _run(args, self.root).split(b"\0")
        found, i = [], 0
        while i < len(parts) and parts[i]:
            status = parts[i].decode("ascii", "replace")[:1]
            if status in "RC":
                found.append((status, f"{_name(parts[i + 1])} -> {_name(parts[i + 2])}"))
                i += 3
            else:
                found.append((status, _name(parts[i + 1])))
                i += 2
        if head is None:
            untracked = _run(["ls-files", "--others", "--exclude-standard", "-z", "--", folder or "."],
                             self.root)
            found += [("?", _name(p)) for p in untracked.split(b"\0") if p]
        return found

    def not_checked_out(self, folder: str) -> set[str]:
        """Paths under `folder` that a sparse checkout leaves out of the working tree (git's
        skip-worktree bit): absent on disk, yet neither removed nor changed."""
        out = _run(["ls-files", "-t", "-z", "--", folder or "."], self.root)
        return {_name(p[2:]) for p in out.split(b"\0") if p[:2] == b"S "}

    def init(self) -> None:
        _run(["init", "-q"], self.root)


def _mended(dates: list[int]) -> list[int]:
    """Commit dates in line order, each out-of-order one taken as its parent's: the dates kept are
    the longest run of the line that never goes back in time (the one ending earliest when several
    are as long), the others are a clock's errors. Never decreasing."""
    import bisect

    tails: list[int] = []  # the smallest last date of a run of each length so far
    ends: list[int] = []   # and the index of that last commit
    before = [-1] * len(dates)
    for i, when in enumerate(dates):
        k = bisect.bisect_right(tails, when)
        if k:
            before[i] = ends[k - 1]
        if k == len(tails):
            tails.append(when)
            ends.append(i)
        else:
            tails[k], ends[k] = when, i
    kept: set[int] = set()
    i = ends[-1] if ends else -1
    while i != -1:
        kept.add(i)
        i = before[i]
    first = next((dates[i] for i in range(len(dates)) if i in kept), 0)
    made: list[int] = []
    for i, when in enumerate(dates):
        made.append(when if i in kept else (made[-1] if made else first))
    return made
