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


def test_new_post_writes_no_empty_field(site):
    assert new_post(site.content, "Quiet Start").returncode == 0
    source = site.content / "quiet-start.md"
    header = source.read_text().split("\n\n")[0].splitlines()
    assert all(line.split(":", 1)[1].strip() for line in header), header
    assert not any(line.startswith(("Summary:", "Tags:", "Roles:")) for line in header)

    source.write_text(source.read_text().replace("Status: draft\n", ""))
    built = site.build()
    assert built.ok, built.log
    entry = next(a for a in built.page("").select("article")
                 if "Quiet Start" in a.get_text())
    summary = entry.select_one(".p-summary")
    assert summary is not None and summary.get_text(strip=True)


def test_new_post_with_a_summary_shows_it_on_the_home_page(site):
    made = new_post(site.content, "Said Briefly", "--summary", "Two sentences. At most.")
    assert made.returncode == 0, made.stderr
    source = site.content / "said-briefly.md"
    source.write_text(source.read_text().replace("Status: draft\n", ""))
    built = site.build()
    assert built.ok, built.log
    assert "Two sentences. At most." in built.page("").get_text()


def test_new_post_refuses_to_overwrite(site):
    assert new_post(site.content, "Twice").returncode == 0
    again = new_post(site.content, "Twice")
    assert again.returncode != 0
    assert "already exists" in again.stderr + again.stdout
