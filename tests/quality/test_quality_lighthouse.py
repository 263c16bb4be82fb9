"""Lighthouse on the served article page: scores recorded, accessibility 100, page weight ≤ 30 KB.

The scores (performance, accessibility, best practices, SEO) and the page
weight are printed and written to lighthouse-scores.json in the test's
temp folder; the full report is lighthouse-report.json beside it. The page
is served without compression, so the weight is the most a reader downloads.
"""

from __future__ import annotations

import json

import pytest

from checkers import lighthouse

# "30 KB" in Lighthouse's own unit (KiB), for the page and everything it loads.
MAX_PAGE_BYTES = 30 * 1024


@pytest.mark.slow
@pytest.mark.browser
def test_article_page_scores_and_weight(project, tmp_path):
    url = project.page_url(project.article_with_replies())

    scores = lighthouse(url, tmp_path / "lighthouse-report.json")

    (tmp_path / "lighthouse-scores.json").write_text(json.dumps({"url": url, **scores}, indent=1))
    print(f"Lighthouse {url}: " + ", ".join(f"{k} {v}" for k, v in scores.items()
                                            if k != "failed-audits"))
    assert scores["accessibility"] == 100, \
        f"accessibility {scores['accessibility']}; failed audits: {scores['failed-audits']}"
    assert scores["total-byte-weight"] <= MAX_PAGE_BYTES, (
        f"the article page weighs {scores['total-byte-weight']:.0f} bytes with what it loads,"
        f" over {MAX_PAGE_BYTES}; see {tmp_path / 'lighthouse-report.json'}")
