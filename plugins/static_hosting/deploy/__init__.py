"""Deploy a built site: `invoke publish --to rsync|ghpages|s3` calls `publish()`.

Each target is a module with
- `where(options)`: the destination, in words, for messages;
- `plan(output, options, settings) -> Report`: what a deploy would upload and
  delete, found without changing anything at the destination;
- `deploy(output, options, settings, plan) -> Report`: do it, deleting
  nothing the plan did not list.
It reads its options from one setting (DEPLOY_RSYNC, DEPLOY_GHPAGES,
DEPLOY_S3 in publishconf.py); unset options take the defaults below. All of
them upload only what changed, so the site must build byte-identically
(it does: no build times in the output).

Every deploy is planned first: a plan that deletes more than
DEPLOY_MAX_DELETES files stops before anything is sent or deleted, since that
many deletions usually mean the destination holds more than this site (a
shared folder, a bucket root) rather than that the site lost its files.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from .report import DeployError, Report

DEFAULTS = {
    "rsync": ("DEPLOY_RSYNC", {"target": None, "ssh": "ssh", "exclude": []}),
    "ghpages": ("DEPLOY_GHPAGES", {"repo": ".", "remote": "origin", "branch": "gh-pages",
                                   "message": "Publish the site", "cname": None, "push": True}),
    "s3": ("DEPLOY_S3", {"bucket": None, "prefix": "", "endpoint_url": None, "region": None,
                         "delete": True}),
}
TARGETS = tuple(DEFAULTS)
# As in the plugin's settings, for settings that did not load the plugin.
MAX_DELETES = 256
SHOWN = 10  # deletions named in the message that stops a deploy


def options_for(target: str, settings: dict) -> dict:
    if target not in DEFAULTS:
        raise DeployError(f"unknown deploy target {target!r}: use one of {', '.join(TARGETS)}")
    key, defaults = DEFAULTS[target]
    given = settings.get(key) or {}
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise DeployError(f"{key} has unknown option(s) {', '.join(unknown)}; "
                          f"its options are {', '.join(defaults)}")
    return {**defaults, **given}


def max_deletes(settings: dict) -> int:
    limit = settings.get("DEPLOY_MAX_DELETES", MAX_DELETES)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
        raise DeployError(f"DEPLOY_MAX_DELETES must be a whole number of files, 0 or more, "
                          f"not {limit!r}: e.g. DEPLOY_MAX_DELETES = {MAX_DELETES}")
    return limit


def load_settings(path: Path | str) -> dict:
    """The settings a build with this file uses, plugin defaults included.

    Creating the Pelican object loads the plugins and sends `initialized`,
    as a build does, without building anything.
    """
    from pelican import Pelican
    from pelican.settings import read_settings

    return Pelican(read_settings(str(path))).settings


def publish(target: str, output: Path | str, settings: dict, *,
            dry_run: bool = False, force: bool = False) -> Report:
    """Deploy the built site in `output` to `target`.

    `settings` as `load_settings()` returns them: the target's options and the
    plugins' defaults (file types and cache lifetimes) come from there.
    With `dry_run`, return the plan and change nothing; with `force`, go on
    even when the plan deletes more than DEPLOY_MAX_DELETES files.
    """
    output = Path(output)
    if not (output / "index.html").is_file():
        raise DeployError(f"{output} holds no built site (no index.html): build it first "
                          "with `invoke publish` or `pelican content -s publishconf.py -o output`")
    options = options_for(target, settings)
    limit = max_deletes(settings)
    module = importlib.import_module(f"{__name__}.{target}")
    plan = module.plan(output, options, settings)
    if dry_run:
        return plan
    if len(plan.deleted) > limit and not force:
        shown = ", ".join(plan.deleted[:SHOWN]) + (", …" if len(plan.deleted) > SHOWN else "")
        raise DeployError(
            f"Nothing was changed: publishing to {module.where(options)} would delete "
            f"{len(plan.deleted)} file(s) there, more than DEPLOY_MAX_DELETES ({limit}) allows: "
            f"{shown}. Is that folder, bucket prefix or branch the site's own? If it also holds "
            f"something else, point the target at the site's own place. To see the whole plan, run "
            f"`invoke publish --to {target} --dry-run`; if these deletions are right, run again "
            f"with --force (or raise DEPLOY_MAX_DELETES).")
    return module.deploy(output, options, settings, plan)


__all__ = ["DeployError", "Report", "TARGETS", "load_settings", "publish"]
