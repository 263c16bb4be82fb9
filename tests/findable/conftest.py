"""The production site the SEO tests read: the project's content, small pages
so that paginated listings exist, built once per test worker."""

from __future__ import annotations

import pytest

from sitebuild import Site

SITEURL = "https://essays.example.org"


@pytest.fixture(scope="session")
def production(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("seo") / "site", copy_project_content=True)
    build = site.build(publish=True, SITEURL=SITEURL, FEED_DOMAIN=SITEURL, DEFAULT_PAGINATION=2)
    assert build.ok, build.log
    return build
