"""atomic_output in the project's own site (its own tests, on a plain Pelican, are in
plugins/atomic_output/tests): a post content_checks refuses leaves the published
site as it was, and a production build leaves no staging folder behind."""

from __future__ import annotations

from sitebuild import tree_state

BROKEN = "Date: 2024-02-01\n\nThis post has no title.\n"


def test_a_broken_post_leaves_the_published_site_as_it_was(site):
    output = site.root / "output"
    site.write("a-post.md", "Title: A post\nDate: 2024-01-10 09:00\n\nFirst version.\n")
    options = {"publish": True, "DELETE_OUTPUT_DIRECTORY": True, "OUTPUT_RETENTION": [".git"]}
    assert site.build(**options).ok
    before = tree_state(output)
    site.write("broken.md", BROKEN)

    build = site.build(**options)

    assert build.returncode != 0, build.log
    assert "content/broken.md" in build.log
    assert tree_state(output) == before
    assert not (site.root / "output.building").exists()


def test_the_projects_own_site_builds_for_production_without_leftovers(project_site):
    build = project_site.build(publish=True)

    assert build.ok, build.log
    assert build.path("mutual-learning/").exists()
    assert sorted(p.name for p in project_site.root.iterdir() if p.name.startswith("output")) \
        == ["output"]
