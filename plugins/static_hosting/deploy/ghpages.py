"""A GitHub Pages branch, with ghp-import: one commit per publish, then a push.

ghp-import commits the output folder as the whole tree of the branch (with
`.nojekyll`, so GitHub serves folders that start with `_`); git stores only
the files whose content changed, and the push sends only those. A publish
that changes nothing makes no commit and pushes nothing.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from .report import DeployError, Report


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise DeployError(f"git {' '.join(args)} failed in {repo}:\n{done.stderr.strip()}")
    return done


def ghp_import() -> str:
    """The ghp-import command of this Python environment."""
    found = Path(sys.executable).with_name("ghp-import")
    if found.exists():
        return str(found)
    if shutil.which("ghp-import"):
        return "ghp-import"
    raise DeployError("ghp-import is not installed: `.venv/bin/pip install ghp-import`")


def branch_head(repo: Path, branch: str) -> str | None:
    done = git(repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}", check=False)
    return done.stdout.strip() or None


def where(options: dict) -> str:
    return f"branch {options['branch']!r} of {Path(options['repo']).resolve()}"


def checked_repo(options: dict) -> Path:
    repo = Path(options["repo"]).resolve()
    if git(repo, "rev-parse", "--git-dir", check=False).returncode != 0:
        raise DeployError(f"DEPLOY_GHPAGES 'repo' ({repo}) is not a git repository: "
                          "point it at your clone of the site's repository")
    current = git(repo, "symbolic-ref", "--quiet", "--short", "HEAD", check=False).stdout.strip()
    if current == options["branch"]:
        raise DeployError(f"DEPLOY_GHPAGES 'branch' {current!r} is the branch checked out in {repo}: "
                          "publishing would replace its files with the built site. Publish to a "
                          "branch of its own, e.g. 'branch': 'gh-pages'")
    return repo


def object_format(repo: Path) -> str:
    return git(repo, "rev-parse", "--show-object-format", check=False).stdout.strip() or "sha1"


def blob_id(algorithm: str, data: bytes) -> str:
    """The id git gives this content, computed without writing into the repository."""
    return hashlib.new(algorithm, b"blob %d\0" % len(data) + data).hexdigest()


def branch_blobs(repo: Path, branch: str) -> dict[str, str]:
    listing = git(repo, "ls-tree", "-r", "-z", branch).stdout.split("\0")[:-1]
    blobs = {}
    for entry in listing:
        meta, path = entry.split("\t", 1)
        blobs[path] = meta.split()[2]
    return blobs


def plan(output: Path, options: dict, settings: dict) -> Report:
    """The output as ghp-import commits it (with .nojekyll and CNAME) against the branch's tree."""
    del settings  # the branch takes the output as it is
    repo = checked_repo(options)
    algorithm = object_format(repo)
    files = {p.relative_to(output).as_posix(): p for p in sorted(output.rglob("*")) if p.is_file()}
    blobs = {rel: blob_id(algorithm, path.read_bytes()) for rel, path in files.items()}
    blobs[".nojekyll"] = blob_id(algorithm, b"")
    if options["cname"]:
        blobs["CNAME"] = blob_id(algorithm, f"{options['cname']}\n".encode())
    head = branch_head(repo, options["branch"])
    published = branch_blobs(repo, head) if head else {}
    report = Report("ghpages", dry_run=True)
    for rel, blob in blobs.items():
        if published.get(rel) == blob:
            report.unchanged += 1
        else:
            report.uploaded.append(rel)
    report.deleted = sorted(set(published) - set(blobs))
    return report


def deploy(output: Path, options: dict, settings: dict, planned: Report) -> Report:
    del settings  # the commit holds the output and nothing else: the plan
    repo = checked_repo(options)
    branch, remote = options["branch"], options["remote"]
    if options["push"]:
        # Continue the published branch's history, not a stale local copy.
        git(repo, "fetch", "--quiet", remote, branch, check=False)
    before = branch_head(repo, branch)
    argv = [ghp_import(), "--no-jekyll", "--branch", branch, "--message", options["message"]]
    if options["cname"]:
        argv += ["--cname", options["cname"]]
    done = subprocess.run([*argv, str(output.resolve())], cwd=repo, capture_output=True, text=True)
    if done.returncode != 0:
        raise DeployError(f"ghp-import into {repo} ({branch}) failed:\n"
                          f"{(done.stderr or done.stdout).strip()}")
    if before and tree(repo, before) == tree(repo, branch):
        # ghp-import commits even when nothing changed; drop that empty commit.
        git(repo, "update-ref", f"refs/heads/{branch}", before)
    if options["push"]:
        git(repo, "push", "--quiet", remote, branch)
    return Report("ghpages", uploaded=planned.uploaded, deleted=planned.deleted,
                  unchanged=planned.unchanged)


def tree(repo: Path, commit: str) -> str:
    return git(repo, "rev-parse", f"{commit}^{{tree}}").stdout.strip()
