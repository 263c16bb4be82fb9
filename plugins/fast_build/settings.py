"""The fast_build plugin's settings and their defaults (README.md: "Speed")."""

from __future__ import annotations

import os

DEFAULTS = {
    # Processes that read and write the site: None uses every core, 1 builds
    # in one process as Pelican alone does. Output is the same either way.
    "FAST_BUILD_PROCESSES": None,
}

# Below this many files to read (or pages to write), starting a second
# process costs more than it saves.
MIN_PARALLEL_FILES = 40


def apply_defaults(settings: dict) -> None:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)


def processes(settings: dict) -> int:
    wanted = settings.get("FAST_BUILD_PROCESSES")
    if not hasattr(os, "fork"):
        return 1
    if wanted is None:
        return os.cpu_count() or 1
    if not isinstance(wanted, int) or isinstance(wanted, bool) or wanted < 1:
        raise ValueError(
            f"FAST_BUILD_PROCESSES must be a whole number of at least 1 or None, not {wanted!r}; "
            "e.g. FAST_BUILD_PROCESSES = 2 (or None for every core)")
    return wanted
