"""Every generated page passes the Nu HTML Checker (vnu.jar from npm) with no errors."""

from __future__ import annotations

import pytest

from checkers import vnu_errors


@pytest.mark.slow
def test_every_page_is_valid_html(project, corpus):
    # One Java run over both builds: starting the checker costs more than checking.
    pages = project.build.files("**/*.html") + corpus.build.files("**/*.html")
    assert len(pages) > 40, f"only {len(pages)} pages were built"
    errors = vnu_errors(pages)
    assert not errors, f"Nu HTML Checker: {len(errors)} errors\n" + "\n".join(errors[:60])
