"""No broken link, image, stylesheet, feed link or anchor; no link to the dev server in production.

LinkChecker crawls each production build over HTTP from its home page
(in file mode it silently skips root-relative links).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from pelican.settings import read_settings

from checkers import broken_links
from sitebuild import REPO


@pytest.mark.slow
def test_every_internal_link_and_anchor_resolves(served):
    broken = broken_links(served.page_url(""))
    assert not broken, f"LinkChecker: {len(broken)} broken links in the {served.name} build:\n" \
        + "\n".join(broken[:60])


def dev_hosts() -> set[str]:
    """host:port of everything the dev settings serve: the dev server, its feed domain, Isso."""
    dev = read_settings(str(REPO / "pelicanconf.py"))
    port = dev.get("PORT", 8000)
    hosts = {f"{dev.get('BIND') or '127.0.0.1'}:{port}", f"localhost:{port}", f"127.0.0.1:{port}"}
    comments = dev.get("REPLIES_COMMENTS") or {}
    for url in (dev.get("FEED_DOMAIN"), dev.get("SITEURL"), comments.get("url")):
        if url and urlsplit(url).netloc:
            hosts.add(urlsplit(url).netloc)
    return hosts


def test_production_build_never_points_at_the_dev_server(twin_builds):
    build = twin_builds[0]
    hosts = dev_hosts()
    leaks = []
    for path in build.files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            for host in hosts:
                if host in line:
                    at = line.index(host)
                    leaks.append(f"{path.relative_to(build.output)}:{number}: "
                                 f"…{line[max(0, at - 60):at + 60]}…")
    assert not leaks, f"the production build points at the dev server ({', '.join(sorted(hosts))}):\n" \
        + "\n".join(leaks[:40])
