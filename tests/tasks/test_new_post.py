"""`invoke new-post` starts a draft that builds, and becomes a post once published."""

import subprocess
import sys
from pathlib import Path

from sitebuild import REPO

INVOKE = Path(sys.executable).parent / "invoke"


def new_post(content: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(INVOKE), "new-post", *args, "--content", str(content)],
                          cwd=REPO, capture_output=True, text=True, timeout=60)


def test_new_post_is_a_draft_that_builds_and_publishes(site):
    made = new_post(site.content, "Testing Ideas Together", "--roles", "coach,leader")
    assert made.returncode == 0, made.stderr
    source = site.content / "testing-ideas-together.md"
    assert "Roles: coach,leader" in source.read_text()

    draft = site.build()
    assert draft.ok, draft.log
    assert draft.path("drafts/testing-ideas-together/").exists()
    assert not draft.path("testing-ideas-together/").exists()

    source.write_text(source.read_text().replace("Status: draft\n", ""))
    published = site.build()
    assert published.ok, published.log
    page = published.page("testing-ideas-together/")
    assert page.h1.get_text(strip=True) == "Testing Ideas Together"
    assert page.select_one('.role-links a[href$="/roles/leader/"]')


def test_new_post_refuses_to_overwrite(site):
    assert new_post(site.content, "Twice").returncode == 0
    again = new_post(site.content, "Twice")
    assert again.returncode != 0
    assert "already exists" in again.stderr + again.stdout
