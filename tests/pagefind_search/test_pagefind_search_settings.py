"""How the search index is split and run: the same index however many
Pagefind runs go at once, and clear errors for unusable settings."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

from sitebuild import REPO, Site, tree_state

sys.path.insert(0, str(REPO / "plugins"))

from pagefind_search import pagefind  # noqa: E402
from pagefind_search.pagefind import SearchIndexError, executable, runs_at_once  # noqa: E402


def index_digest(build) -> dict[str, str]:
    return {path.relative_to(build.output).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in build.files("pagefind/**/*")}


@pytest.fixture(scope="module")
def essays(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("search-settings") / "site")
    for number in range(6):
        site.write(f"essay-{number}.md", f"""
            Title: Essay {number}
            Date: 2024-01-0{number + 1}

            Words about listening, number {number}, and a zebra{number}.
        """)
    return site


def test_the_index_is_the_same_however_many_runs_go_at_once(essays, tmp_path):
    one = essays.build(output=tmp_path / "one", SEARCH_INDEX=True, SEARCH_PAGES_PER_INDEX=2,
                       SEARCH_INDEX_PROCESSES=1)
    three = essays.build(output=tmp_path / "three", SEARCH_INDEX=True, SEARCH_PAGES_PER_INDEX=2,
                         SEARCH_INDEX_PROCESSES=3)
    assert one.ok, one.log
    assert three.ok, three.log
    assert len(one.files("pagefind/*/fragment/*")) == 6
    assert index_digest(one) == index_digest(three)


def test_by_default_a_site_with_more_parts_than_cores_indexes_one_part_at_a_time():
    # Each Pagefind run holds its part in memory; a big site's writing outlasts the indexing anyway.
    cores = len(os.sched_getaffinity(0))
    assert runs_at_once(cores, None) == cores
    assert runs_at_once(cores + 1, None) == 1
    assert runs_at_once(cores + 1, 3) == 3


@pytest.mark.parametrize("setting, value", [
    ("SEARCH_INDEX_PROCESSES", 0),
    ("SEARCH_INDEX_PROCESSES", "2"),
    ("SEARCH_PAGES_PER_INDEX", 0),
])
def test_unusable_settings_stop_the_build_and_say_what_to_write(essays, tmp_path, setting, value):
    build = essays.build(output=tmp_path / "out", SEARCH_INDEX=True, **{setting: value})
    assert build.returncode == 1
    assert setting in build.log and f"not {value!r}" in build.log
    assert f"e.g. {setting} = " in build.log
    assert not build.output.exists()


def test_a_failing_index_run_fails_the_build_and_keeps_the_last_site(essays, tmp_path):
    output = tmp_path / "out"
    good = essays.build(output=output, SEARCH_INDEX=True)
    assert good.ok, good.log
    before = tree_state(output)
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: no space left on device' >&2\nexit 3\n")
    broken.chmod(0o755)
    build = essays.build(output=output, SEARCH_INDEX=True,
                         env={**os.environ, "PAGEFIND_BINARY_PATH": str(broken), "COLUMNS": "400"})
    assert build.returncode == 1
    assert "Pagefind could not index the essays" in build.log
    assert "exit 3" in build.log and "no space left on device" in build.log
    assert tree_state(output) == before
    assert not output.with_name("out.building").exists()
    # Nor is Pagefind's staging folder, beside the output, left behind.
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".search-parts")] == []


def test_the_build_runs_the_pagefind_that_the_set_up_commands_pin(monkeypatch):
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    lock = json.loads((REPO / "tools" / "pagefind" / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/pagefind"]["version"]
    shown = subprocess.run([executable(), "--version"], capture_output=True, text=True, check=True)
    assert shown.stdout.split() == ["pagefind", pinned]


def test_a_pip_only_install_indexes_with_pypis_pagefind(monkeypatch, tmp_path):
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    monkeypatch.setattr(pagefind, "NPM_FOLDER", tmp_path / "node_modules")
    binary = executable()
    assert "site-packages" in str(binary)
    shown = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True)
    assert shown.stdout.split()[0] == "pagefind"


def test_without_pagefind_the_error_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    monkeypatch.setattr(pagefind, "NPM_FOLDER", tmp_path / "node_modules")
    monkeypatch.setattr(pagefind, "pypi_executable", lambda: None)
    with pytest.raises(SearchIndexError) as error:
        executable()
    assert "pip install 'pagefind[extended]'" in str(error.value)
    assert "npm ci --prefix tools/pagefind" in str(error.value)
    assert "SEARCH_INDEX = False" in str(error.value)
