"""The output folder only ever holds a complete build: a good build replaces it
(keeping what Pelican itself would keep), a failed one leaves it as it was."""

from __future__ import annotations

import pytest

from sitebuild import tree_state

POST = "Title: A post\nDate: 2024-01-10 09:00\n\n{text}\n"
BROKEN = "Date: 2024-02-01\n\nThis post has no title.\n"


def put(folder, files: dict) -> None:
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")


def assert_failed_build_changes_nothing(site, **build_options):
    output = site.root / "output"
    before = tree_state(output)
    site.write("broken.md", BROKEN)

    build = site.build(**build_options)

    assert build.returncode != 0, build.log
    assert "content/broken.md" in build.log
    assert tree_state(output) == before
    assert not (site.root / "output.building").exists()


def test_without_deleting_the_output_files_pelican_does_not_write_stay(site):
    output = site.root / "output"
    put(output, {".git/HEAD": "ref: refs/heads/main\n", "notes.txt": "the author's own file",
                 "a-post/old-picture.txt": "left from an older build"})
    site.write("a-post.md", POST.format(text="First version."))

    build = site.build(DELETE_OUTPUT_DIRECTORY=False)

    assert build.ok, build.log
    assert "First version." in build.text("a-post/")
    assert (output / ".git/HEAD").read_text() == "ref: refs/heads/main\n"
    assert (output / "notes.txt").read_text() == "the author's own file"
    assert (output / "a-post/old-picture.txt").exists()
    assert not (site.root / "output.building").exists()

    site.write("a-post.md", POST.format(text="Second version."))
    build = site.build(DELETE_OUTPUT_DIRECTORY=False)
    assert build.ok, build.log
    assert "Second version." in build.text("a-post/")
    assert (output / "notes.txt").exists()

    assert_failed_build_changes_nothing(site, DELETE_OUTPUT_DIRECTORY=False)


@pytest.mark.parametrize("publish", [False, True], ids=["pelicanconf", "publishconf"])
def test_deleting_the_output_keeps_only_the_retained_names(site, publish):
    output = site.root / "output"
    put(output, {".git/HEAD": "ref: refs/heads/main\n", "CNAME": "blog.example.org\n",
                 "stale.html": "from a post since deleted", "old-post/index.html": "old"})
    site.write("a-post.md", POST.format(text="First version."))
    options = {"publish": publish, "DELETE_OUTPUT_DIRECTORY": True,
               "OUTPUT_RETENTION": [".git", "CNAME"]}

    build = site.build(**options)

    assert build.ok, build.log
    assert "First version." in build.text("a-post/")
    assert (output / ".git/HEAD").read_text() == "ref: refs/heads/main\n"
    assert (output / "CNAME").read_text() == "blog.example.org\n"
    assert not (output / "stale.html").exists()
    assert not (output / "old-post").exists()
    assert not (site.root / "output.building").exists()

    assert_failed_build_changes_nothing(site, **options)


def test_the_projects_own_site_builds_for_production_without_leftovers(project_site):
    build = project_site.build(publish=True)

    assert build.ok, build.log
    assert build.path("mutual-learning/").exists()
    assert sorted(p.name for p in project_site.root.iterdir() if p.name.startswith("output")) \
        == ["output"]
