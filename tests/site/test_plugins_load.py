"""A plugin in PLUGINS that cannot load stops the build, and the last good site stays.

Pelican itself only logs "Cannot load plugin" and builds a site without it
(without reader_response, every reply file became an untitled article).
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import subprocess
import sys
import tomllib

import pytest
from sitebuild import REPO, Site, free_port, tree_state

sys.path.insert(0, str(REPO))
from pelicanconf import PLUGIN_PATHS, PLUGINS  # noqa: E402

# Wide enough that Pelican's log keeps each message on one line.
WIDE_LOG = {**os.environ, "COLUMNS": "400"}
ESSAY = """\
    Title: Learning in Public
    Date: 2024-06-01 09:00
    Slug: learning-in-public

    Writing where others can read it changes what you notice.
    """


def good_site(tmp_path) -> Site:
    site = Site(tmp_path / "site")
    site.write("learning-in-public.md", ESSAY)
    return site


def test_a_plugin_that_cannot_import_or_does_not_exist_stops_the_build(tmp_path):
    site = good_site(tmp_path)
    first = site.build(env=WIDE_LOG)
    assert first.ok, first.log
    before = tree_state(first.output)

    extra = tmp_path / "more-plugins"
    (extra / "gallery").mkdir(parents=True)
    (extra / "gallery" / "__init__.py").write_text(
        "import photo_library_not_installed\n\ndef register():\n    pass\n", encoding="utf-8")
    site.write("learning-in-public.md", ESSAY.replace("changes", "really changes"))
    build = site.build(env=WIDE_LOG, PLUGINS=[*PLUGINS, "gallery", "galery_typo"],
                       PLUGIN_PATHS=[*PLUGIN_PATHS, str(extra)])

    assert build.returncode != 0
    assert "2 plugins in PLUGINS did not load, so the build stopped" in build.log
    assert "- gallery: it needs the module `photo_library_not_installed`" in build.log
    assert "pip install photo_library_not_installed" in build.log
    assert "- galery_typo: there is no plugin of that name" in build.log
    assert "Fix: correct the name in PLUGINS" in build.log
    assert "Traceback" not in build.log
    # Nothing of the half-loaded build reached the output.
    assert tree_state(first.output) == before


@pytest.mark.parametrize("plugin", PLUGINS)
def test_each_of_the_sites_plugins_runs_the_check(tmp_path, plugin):
    # Whichever of them a site uses, alone, a missing plugin beside it is caught.
    build = good_site(tmp_path).build(env=WIDE_LOG, PLUGINS=[plugin, "galery_typo"])
    assert build.returncode != 0
    assert "- galery_typo: there is no plugin of that name" in build.log, build.log
    assert not build.output.exists()


def test_reader_response_without_lxml_names_the_package_to_install(tmp_path):
    # What a site installed without lxml (it was only in the test extras) got:
    # every reply file read as an untitled article, and no error.
    site = good_site(tmp_path)
    site.write("replies/learning-in-public/1.md", """\
        Author: Ann
        Date: 2024-06-02 10:00

        I tried it and it worked.
        """)
    settings = site.settings_file(False, {})
    settings.write_text(settings.read_text(encoding="utf-8")
                        + "sys.modules['lxml'] = None  # as if lxml were not installed\n",
                        encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "pelican", str(site.content), "-s", str(settings),
         "-o", str(tmp_path / "output")],
        cwd=site.root, capture_output=True, text=True, env=WIDE_LOG, timeout=600)
    log = proc.stdout + proc.stderr

    assert proc.returncode != 0
    assert "1 plugin in PLUGINS did not load" in log
    assert "- pelican.plugins.reader_response: it needs the module `lxml`" in log
    assert "`pip install -e .`" in log and "pip install lxml" in log
    assert "Traceback" not in log
    assert not (tmp_path / "output").exists()


def test_the_dev_server_refuses_to_start_with_a_plugin_missing(tmp_path):
    site = good_site(tmp_path)
    settings = site.settings_file(False, {"PLUGINS": [*PLUGINS, "galery_typo"]})
    proc = subprocess.run(
        [sys.executable, str(REPO / "plugins" / "fast_build"), str(site.content),
         "-s", str(settings), "-o", str(tmp_path / "served"), "--port", str(free_port())],
        cwd=site.root, capture_output=True, text=True, env=WIDE_LOG, timeout=120)
    log = proc.stdout + proc.stderr

    assert proc.returncode == 1
    assert "- galery_typo: there is no plugin of that name" in log
    assert "Traceback" not in log


def test_every_module_the_plugins_import_is_a_declared_dependency():
    # lxml was imported by reader_response but listed only in the test extras.
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    main = {requirement_name(r) for r in project["dependencies"]}
    publish = {requirement_name(r) for r in project["optional-dependencies"]["publish"]}
    ours = {p.name for p in (REPO / "plugins").iterdir() if p.is_dir()} | {"safe_input"}
    providers = importlib.metadata.packages_distributions()
    undeclared = []
    for source in sorted((REPO / "plugins").rglob("*.py")):
        if "tests" in source.parts:
            continue
        # The deploy targets run from `invoke publish`, which needs the publish extra.
        allowed = main | publish if "deploy" in source.parts else main
        for module in imported_modules(source):
            if module in sys.stdlib_module_names or module in ours:
                continue
            names = {requirement_name(d) for d in providers.get(module, [])}
            if not names & allowed:
                undeclared.append(f"{source.relative_to(REPO)}: {module} ({', '.join(names)})")
    assert undeclared == []


def test_every_packaged_plugin_declares_what_it_imports():
    # Installed on its own (tests/packaging), a package has only what its pyproject declares.
    manifests = sorted((REPO / "plugins").glob("*/pyproject.toml"))
    projects = {m.parent: tomllib.loads(m.read_text(encoding="utf-8"))["project"] for m in manifests}
    ours = {}  # module -> the distribution of ours that holds it
    for folder, project in projects.items():
        for package in [*folder.glob("*/__init__.py"), *folder.glob("pelican/plugins/*/__init__.py")]:
            ours[package.parent.relative_to(folder).as_posix().replace("/", ".")] = project["name"]
    providers = importlib.metadata.packages_distributions()
    undeclared = []
    for folder, project in projects.items():
        allowed = {requirement_name(r) for r in [project["name"], *project["dependencies"]]}
        for source in sorted(folder.rglob("*.py")):
            if "tests" in source.relative_to(folder).parts:
                continue
            for module in imported_modules(source, dotted=True):
                top = module.split(".")[0]
                if top in sys.stdlib_module_names:
                    continue
                holder = ours.get(".".join(module.split(".")[:3])) or ours.get(top)
                names = {holder} if holder else set(providers.get(top, []))
                if not {requirement_name(n) for n in names} & allowed:
                    undeclared.append(f"{source.relative_to(REPO)}: {module} ({', '.join(names)})")
    assert undeclared == []


def requirement_name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement).group()).lower()


def imported_modules(source, dotted: bool = False) -> set[str]:
    """The absolute imports of a module: top-level names, or the full dotted names."""
    found = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.add(node.module)
    return found if dotted else {name.split(".")[0] for name in found}
