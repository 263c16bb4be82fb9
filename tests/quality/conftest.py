"""Production builds the quality gates check, each built once per test session.

* `project` — the project's own content.
* `corpus` — the project's content plus ~30 generated essays with threaded
  replies (benchmarks/corpus.py), for pagination, long listings and feeds
  with many entries.
* `twin_builds` — two clean builds of the corpus site for reproducibility.

Each is built with publishconf.py (the production settings, whatever PLUGINS
they hold at the time). `project` and `corpus` get a SITEURL pointing at a
static server on loopback whose port is reserved before the build, so
absolute URLs, feed links and the crawl all stay on the served copy.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quality_sites import ServedSite, add_corpus, build_or_fail, generate_corpus, \
    production_env, serve_build
from sitebuild import Build, Site


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory) -> Path:
    return generate_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def project(tmp_path_factory):
    httpd, served = serve_build(tmp_path_factory.mktemp("project"), "project", None)
    yield served
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory, corpus_dir):
    httpd, served = serve_build(tmp_path_factory.mktemp("corpus-site"), "corpus", corpus_dir)
    yield served
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session", params=["project", "corpus"])
def served(request) -> ServedSite:
    """Each of the two served production builds in turn."""
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="session")
def twin_builds(tmp_path_factory, corpus_dir) -> tuple[Build, Build]:
    """Two clean production builds of the same content with the default production SITEURL,
    from content folders and into output folders at different paths."""
    builds = []
    for folder in ("first", "second/elsewhere"):
        site = Site(tmp_path_factory.mktemp("twin") / folder / "site", copy_project_content=True)
        add_corpus(site, corpus_dir)
        builds.append(build_or_fail(site, output=site.root / f"out-{len(builds)}",
                                    env=production_env()))
    return builds[0], builds[1]
