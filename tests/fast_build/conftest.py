"""Fixtures of the fast_build tests (helpers in fastsite.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fastsite import ESSAYS, UNSUMMARISED, DevServer
from sitebuild import free_port
from sitebuild import REPO, Site


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    """The benchmark's synthetic essays and replies (benchmarks/corpus.py), made once."""
    out = tmp_path_factory.mktemp("corpus")
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "corpus.py"), "--essays", str(ESSAYS),
                    "--replies", "2", "--seed", "7", str(out)], check=True, capture_output=True)
    return out / "content"


@pytest.fixture
def big_site(tmp_path, corpus) -> Site:
    site = Site(tmp_path / "site")
    shutil.copytree(corpus, site.content, dirs_exist_ok=True)
    site.write("learning-in-public.md", UNSUMMARISED)
    return site


@pytest.fixture
def dev_server(big_site):
    server = DevServer(big_site, free_port())
    yield server
    server.stop()
