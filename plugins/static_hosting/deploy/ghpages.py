"""A GitHub Pages branch, with ghp-import: one commit per publish, then a push.

ghp-import commits the output folder as the whole tree of the branch (with
`.nojekyll`, so GitHub serves folders that start with `_`); git stores only
the files whose content changed, and the push sends only those. A publish
that changes nothing makes no commit and pushes nothing.
"""

from __future__ import annotations

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


def deploy(output: Path, options: dict, settings: dict) -> Report:
    del settings  # the branch takes the output as it is
    repo = Path(options["repo"]).resolve()
    if git(repo, "rev-parse", "--git-dir", check=False).returncode != 0:
        raise DeployError(f"DEPLOY_GHPAGES 'repo' ({repo}) is not a git repository: "
                          "point it at your clone of the site's repository")
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
    return changes(repo, before, branch)


def tree(repo: Path, commit: str) -> str:
    return git(repo, "rev-parse", f"{commit}^{{tree}}").stdout.strip()


def changes(repo: Path, before: str | None, branch: str) -> Report:
    report = Report("ghpages")
    listing = git(repo, "ls-tree", "-r", "--name-only", "-z", branch).stdout.split("\0")[:-1]
    if before is None:
        report.uploaded = listing
        return report
    fields = git(repo, "diff", "--name-status", "--no-renames", "-z", before, branch).stdout
    fields = fields.split("\0")[:-1]
    for status, path in zip(fields[::2], fields[1::2]):
        (report.deleted if status == "D" else report.uploaded).append(path)
    report.unchanged = len(listing) - len(report.uploaded)
    return report
