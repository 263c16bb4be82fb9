"""rsync over SSH: `rsync -rlz --checksum --delete output/ user@host:/path/`.

--checksum compares contents, not times: every build rewrites every file,
but only the files whose bytes changed are sent.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .report import DeployError, Report


def command(output: Path, options: dict) -> list[str]:
    argv = ["rsync", "-rlz", "--checksum", "--delete", "--itemize-changes"]
    if options["ssh"] and ":" in options["target"]:
        argv += ["-e", options["ssh"]]
    for pattern in options["exclude"]:
        argv += ["--exclude", pattern]
    return argv + [f"{output}/", options["target"]]


def deploy(output: Path, options: dict, settings: dict) -> Report:
    del settings  # rsync needs only its own options
    if not options["target"]:
        raise DeployError("DEPLOY_RSYNC has no 'target': set it, e.g. "
                          "DEPLOY_RSYNC = {'target': 'me@example.org:/var/www/site/'}")
    if shutil.which("rsync") is None:
        raise DeployError("rsync is not installed: `apt-get install rsync`")
    done = subprocess.run(command(output, options), capture_output=True, text=True)
    if done.returncode != 0:
        raise DeployError(f"rsync to {options['target']} failed (exit {done.returncode}):\n"
                          f"{done.stderr.strip()}")
    report = Report("rsync")
    for line in done.stdout.splitlines():
        change, _, path = line.partition(" ")
        if change == "*deleting":
            report.deleted.append(path.strip())
        elif change[1:2] == "f" and change[:1] in ("<", ">"):
            report.uploaded.append(path)
    report.unchanged = sum(1 for p in output.rglob("*") if p.is_file()) - len(report.uploaded)
    return report
