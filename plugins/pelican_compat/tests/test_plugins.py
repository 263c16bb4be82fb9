"""A plugin in PLUGINS that is not running stops Pelican with which, why and the fix.

Real Pelican objects with real plugin folders: `ours` stands for any of the
site's plugins (they all call `check_plugins_loaded()` first in `register()`).
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pelican.plugins
import pytest
from pelican import Pelican
from pelican.settings import read_settings

from pelican_compat.plugins import PluginsNotLoaded

OURS = """
from pelican_compat.plugins import check_plugins_loaded

def register():
    check_plugins_loaded()
"""
FINE = "def register():\n    pass\n"


@pytest.fixture
def plugin_folder(tmp_path):
    """A PLUGIN_PATHS folder; the modules made in it are forgotten afterwards."""
    folder = tmp_path / "plugins"
    folder.mkdir()
    before = set(sys.modules)
    yield folder
    for name in set(sys.modules) - before:
        del sys.modules[name]


def plugin(folder: Path, name: str, code: str) -> None:
    package = folder.joinpath(*name.split("."))
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(textwrap.dedent(code), encoding="utf-8")


def start(folder: Path, plugins: list) -> Pelican:
    settings = read_settings(None, override={
        "PATH": str(folder), "OUTPUT_PATH": str(folder.parent / "output"),
        "PLUGIN_PATHS": [str(folder)], "PLUGINS": plugins})
    return Pelican(settings)


def refusal(folder: Path, plugins: list) -> str:
    with pytest.raises(PluginsNotLoaded) as stopped:
        start(folder, plugins)
    return str(stopped.value)


def test_plain_dotted_and_namespace_plugins_that_load_pass(plugin_folder, tmp_path, monkeypatch):
    plugin(plugin_folder, "ours_a", OURS)
    plugin(plugin_folder, "package_b", "")
    plugin(plugin_folder, "package_b.inner", FINE)
    # A namespace plugin, as `pip install pelican-<name>` puts one in pelican/plugins/.
    namespace = tmp_path / "namespace"
    plugin(namespace, "tidy_c", FINE)
    monkeypatch.setattr(pelican.plugins, "__path__", [*pelican.plugins.__path__, str(namespace)])
    for listed in (["ours_a", "package_b.inner", "tidy_c"],
                   ["ours_a", "package_b.inner", "pelican.plugins.tidy_c"]):
        started = start(plugin_folder, listed)
        assert len(started.plugins) == 3


def test_each_plugin_that_did_not_load_is_named_with_its_reason_and_fix(plugin_folder):
    plugin(plugin_folder, "ours_d", OURS)
    plugin(plugin_folder, "needs_lib", "import lib_that_is_not_installed\n" + FINE)
    plugin(plugin_folder, "needs_soup", "def register():\n    import bs4.not_a_module\n")
    plugin(plugin_folder, "broken_register", "def register():\n    raise ValueError('bad setting X')\n")
    # Listed before the plugin that checks: the check still sees them.
    message = refusal(plugin_folder, ["no_such_plugin", "needs_lib", "needs_soup",
                                      "broken_register", "ours_d", "pelican.plugins.absent"])
    assert message.startswith("5 plugins in PLUGINS did not load")
    lines = message.splitlines()
    for name in ("no_such_plugin", "needs_lib", "needs_soup", "broken_register",
                 "pelican.plugins.absent"):
        assert sum(line.startswith(f"  - {name}:") for line in lines) == 1, message
    assert "- no_such_plugin: there is no plugin of that name" in message
    assert "correct the name in PLUGINS" in message
    assert "pip install pelican-no-such-plugin" in message
    assert "- needs_lib: it needs the module `lib_that_is_not_installed`" in message
    assert "`pip install -e .`" in message
    # Named by the package that provides the module, not the module.
    assert "- needs_soup: it needs the module `bs4.not_a_module`" in message
    assert "pip install beautifulsoup4" in message
    assert "- broken_register: its register() failed: ValueError: bad setting X" in message
    assert "- pelican.plugins.absent: there is no plugin of that name" in message
    assert "ours_d" not in message


def test_a_plugin_of_ours_that_cannot_import_its_dependency_reports_itself(plugin_folder):
    # As reader_response without lxml: the dependency is imported in register(),
    # after the check is connected.
    plugin(plugin_folder, "ours_alone", OURS + "    import lxml_is_missing_here\n")
    message = refusal(plugin_folder, ["ours_alone"])
    assert "- ours_alone: it needs the module `lxml_is_missing_here`" in message
