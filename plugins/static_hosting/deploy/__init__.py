"""Deploy a built site: `invoke publish --to rsync|ghpages|s3` calls `publish()`.

Each target is a module with `deploy(output, options, settings) -> Report`
and reads its options from one setting (DEPLOY_RSYNC, DEPLOY_GHPAGES,
DEPLOY_S3 in publishconf.py); unset options take the defaults below. All of
them upload only what changed, so the site must build byte-identically
(it does: no build times in the output).
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


def load_settings(path: Path | str) -> dict:
    """The settings a build with this file uses, plugin defaults included.

    Creating the Pelican object loads the plugins and sends `initialized`,
    as a build does, without building anything.
    """
    from pelican import Pelican
    from pelican.settings import read_settings

    return Pelican(read_settings(str(path))).settings


def publish(target: str, output: Path | str, settings: dict) -> Report:
    """Deploy the built site in `output` to `target`.

    `settings` as `load_settings()` returns them: the target's options and the
    plugins' defaults (file types and cache lifetimes) come from there.
    """
    output = Path(output)
    if not (output / "index.html").is_file():
        raise DeployError(f"{output} holds no built site (no index.html): build it first "
                          "with `invoke publish` or `pelican content -s publishconf.py -o output`")
    options = options_for(target, settings)
    module = importlib.import_module(f"{__name__}.{target}")
    return module.deploy(output, options, settings)


__all__ = ["DeployError", "Report", "TARGETS", "load_settings", "publish"]
