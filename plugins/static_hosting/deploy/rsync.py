"""rsync over SSH: `rsync -rlz --checksum --delete output/ user@host:/path/`.

--checksum compares contents, not times: every build rewrites every file,
but only the files whose bytes changed are sent. The plan is the same
command with --dry-run; the deploy then passes --max-delete with the plan's
count, so that should the destination have gained files since, rsync makes
no more deletions than the plan listed (it counts them; it cannot be given
their names).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .report import DeployError, Report

# rsync's item codes, then the path: `>f+++++++++ a/b.html`, `*deleting   old.html`.
OUT_FORMAT = "%i %n"
CODE_WIDTH = 11
MAX_DELETE_REACHED = 25  # rsync's exit status


def where(options: dict) -> str:
    return f"the rsync target {options['target']}"


def command(output: Path, options: dict, *extra: str) -> list[str]:
    argv = ["rsync", "-rlz", "--checksum", "--delete", f"--out-format={OUT_FORMAT}", *extra]
    if options["ssh"] and ":" in options["target"]:
        argv += ["-e", options["ssh"]]
    for pattern in options["exclude"]:
        argv += ["--exclude", pattern]
    return argv + [f"{output}/", options["target"]]


def run(output: Path, options: dict, *extra: str) -> Report:
    """What rsync did, or with --dry-run would do."""
    done = subprocess.run(command(output, options, *extra), capture_output=True, text=True)
    if done.returncode == MAX_DELETE_REACHED:
        raise DeployError(f"rsync to {options['target']} stopped after as many deletions as the "
                          "plan listed: the target holds files that were not there when the deploy "
                          "was planned. See the new plan with --dry-run, then publish again.\n"
                          f"{done.stderr.strip()}")
    if done.returncode != 0:
        raise DeployError(f"rsync to {options['target']} failed (exit {done.returncode}):\n"
                          f"{done.stderr.strip()}")
    report = Report("rsync", dry_run="--dry-run" in extra)
    for line in done.stdout.splitlines():
        change, path = line[:CODE_WIDTH], line[CODE_WIDTH + 1:]
        if path.endswith("/"):
            # Folders are listed too; the report names the files in them.
            report.deleted_folders += change.startswith("*deleting")
        elif change.startswith("*deleting"):
            report.deleted.append(path)
        elif change[1:2] == "f" and change[:1] in ("<", ">"):
            report.uploaded.append(path)
    report.unchanged = sum(1 for p in output.rglob("*") if p.is_file()) - len(report.uploaded)
    return report


def plan(output: Path, options: dict, settings: dict) -> Report:
    del settings  # rsync needs only its own options
    if not options["target"]:
        raise DeployError("DEPLOY_RSYNC has no 'target': set it, e.g. "
                          "DEPLOY_RSYNC = {'target': 'me@example.org:/var/www/site/'}")
    if shutil.which("rsync") is None:
        raise DeployError("rsync is not installed: `apt-get install rsync`")
    return run(output, options, "--dry-run")


def deploy(output: Path, options: dict, settings: dict, planned: Report) -> Report:
    del settings  # rsync finds the differences again as it sends them
    # rsync counts each deleted folder as one more deletion.
    return run(output, options, f"--max-delete={len(planned.deleted) + planned.deleted_folders}")
