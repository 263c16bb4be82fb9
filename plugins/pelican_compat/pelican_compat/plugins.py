"""Every plugin in PLUGINS is running, or the build stops saying which, why and how to fix it.

Pelican 4 logs "Cannot load plugin" (no such plugin, or its import failed)
and "Cannot register plugin" (its `register()` raised), then builds the
site without it: a half-built site that looks like a finished one (without
reader_response, every reply file becomes an untitled article). Each of the
site's plugins calls `check_plugins_loaded()` first thing in its
`register()`; on `initialized` the plugins PLUGINS listed are compared with
the ones that registered, once per Pelican object however many plugins
asked for it.
"""

from __future__ import annotations

import logging
import weakref

from pelican import signals
from pelican.plugins._utils import get_plugin_name, load_legacy_plugin

from . import initialising_pelican

NAMESPACE = "pelican.plugins."

# Where Python's module name and the package to install differ, for the
# modules the site's plugins use.
PACKAGES = {"bs4": "beautifulsoup4", "dateutil": "python-dateutil",
            "slugify": "python-slugify", "yaml": "PyYAML"}

# PLUGINS as the settings listed them, by Pelican object: Pelican replaces
# the setting with the plugins that registered before `initialized`.
_listed: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# Why a plugin's register() failed, by plugin name (from Pelican's log).
_register_errors: dict[str, BaseException] = {}


class PluginsNotLoaded(Exception):
    """Plugins in PLUGINS that are not running; the message says why and how to fix each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        count = len(problems)
        heading = (f"{count} plugin{'s' if count != 1 else ''} in PLUGINS did not load, so the "
                   "build stopped (Pelican would have built the site without "
                   f"{'them' if count != 1 else 'it'}):")
        super().__init__("\n".join([heading, *problems]))


def check_plugins_loaded() -> None:
    """Call first in a plugin's `register()`, before anything that can fail to import."""
    pelican = initialising_pelican()
    if pelican is not None and pelican not in _listed:
        _listed[pelican] = list(pelican.settings.get("PLUGINS") or [])
    signals.initialized.connect(_check)  # once: blinker keeps one connection per receiver


def _check(pelican) -> None:
    """`initialized`: stop the build if a plugin PLUGINS listed is not running."""
    listed = _listed.pop(pelican, None)
    if not listed:
        return
    running = {get_plugin_name(plugin) for plugin in pelican.plugins}
    try:
        problems = [_why_not(plugin, pelican.settings.get("PLUGIN_PATHS") or [])
                    for plugin in listed if not _is_running(plugin, running)]
    finally:
        _register_errors.clear()  # this build's; the next one logs its own
    if problems:
        raise PluginsNotLoaded(problems)


def _is_running(plugin, running: set[str]) -> bool:
    if not isinstance(plugin, str):
        return get_plugin_name(plugin) in running
    return plugin in running or NAMESPACE + plugin in running


def _why_not(plugin, paths: list[str]) -> str:
    name = plugin if isinstance(plugin, str) else get_plugin_name(plugin)
    error = _register_errors.get(name) or _register_errors.get(NAMESPACE + name)
    stage = "register()"
    if error is None and isinstance(plugin, str):
        stage = "import"
        try:
            # Pelican's own loader again, for the error it only logged.
            load_legacy_plugin(plugin, paths)
        except ImportError as failed:
            error = failed
    if error is None:
        return (f"  - {name}: it was imported, but its register() failed (Pelican's error "
                "above says why).\n    Fix: correct the plugin, or take it out of PLUGINS.")
    missing = error.name if isinstance(error, ImportError) else ""
    short = name.removeprefix(NAMESPACE)
    if stage == "import" and (missing is None or short == missing
                              or short.startswith(missing + ".")):
        folders = ", ".join(paths) or "none"
        distribution = "pelican-" + short.replace("_", "-")
        return (f"  - {name}: there is no plugin of that name (PLUGIN_PATHS: {folders}; "
                "nor an installed package).\n"
                "    Fix: correct the name in PLUGINS, add the folder that holds it to "
                f"PLUGIN_PATHS, or install it (`pip install {distribution}` for a plugin "
                "from pelican-plugins).")
    if isinstance(error, ModuleNotFoundError) and not missing.startswith(short + "."):
        package = PACKAGES.get(missing.split(".")[0], missing.split(".")[0])
        return (f"  - {name}: it needs the module `{missing}`, which is not installed.\n"
                f"    Fix: install the site's dependencies (`pip install -e .` in the site's "
                f"folder, whose pyproject.toml lists them), or `pip install {package}`.")
    return (f"  - {name}: its {stage} failed: {type(error).__name__}: {error}\n"
            "    Fix: correct the plugin, or take it out of PLUGINS.")


def _note_register_errors(record: logging.LogRecord) -> bool:
    if record.msg == "Cannot register plugin `%s`" and record.exc_info and record.args:
        error = record.exc_info[1]
        _register_errors[str(record.args[0])] = error
        if isinstance(error, ImportError):
            record.exc_info = None  # the message that stops the build explains it
    return True


def _without_traceback(record: logging.LogRecord) -> bool:
    # Pelican logs the exception that ends a build with its traceback; for
    # this one the message is the whole story.
    if record.exc_info and isinstance(record.exc_info[1], PluginsNotLoaded):
        record.exc_info = None
    return True


# Installed when a plugin that checks is imported: Pelican imports every plugin
# before it calls any register(), so the errors of plugins listed before ours
# are seen too. addFilter skips a filter the logger already has.
logging.getLogger("pelican").addFilter(_note_register_errors)
logging.getLogger("pelican").addFilter(_without_traceback)
