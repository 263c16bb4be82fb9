"""pelican.plugins.atomic_output on a plain Pelican site: the output folder only ever
holds a complete build. A good build replaces it (keeping what Pelican itself would
keep); a build that fails half-way leaves it as it was, where Pelican alone leaves a
half-written site.

The failure is a typo in a theme template, met when the archives page is written,
after the posts: Pelican has then already rewritten their pages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sitebuild import PlainSite, tree_state

PLUGIN = "pelican.plugins.atomic_output"
POST = "Title: A post\nDate: 2024-01-10 09:00\n\n{text}\n"
TYPO = ('{% extends "!simple/archives.html" %}'
        "{% block content %}{{ dates_typo.first }}{% endblock %}")
# Wide enough that Pelican's log keeps each message on one line.
WIDE = {**os.environ, "COLUMNS": "400"}


def plain_site(tmp_path: Path, plugins=(PLUGIN,), **settings) -> PlainSite:
    """A site on a theme of its own that extends Pelican's simple theme."""
    theme = tmp_path / "theme"
    (theme / "templates").mkdir(parents=True)
    (theme / "static").mkdir()
    return PlainSite(tmp_path / "site", PLUGINS=list(plugins), THEME=str(theme), **settings)


def typo_in_theme(site: PlainSite, typo: bool = True) -> None:
    template = Path(site.settings["THEME"]) / "templates" / "archives.html"
    if typo:
        template.write_text(TYPO, encoding="utf-8")
    else:
        template.unlink()


def put(folder: Path, files: dict) -> None:
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")


def assert_failed_build_changes_nothing(site: PlainSite, **settings) -> None:
    output = site.root / "output"
    before = tree_state(output)
    site.write("a-post.md", POST.format(text="A version never published."))
    typo_in_theme(site)

    build = site.build(env=WIDE, **settings)

    assert build.returncode != 0, build.log
    assert "'dates_typo' is undefined" in build.log
    assert f"The build did not finish; {output} still holds the last good site." in build.log
    assert tree_state(output) == before
    assert not (site.root / "output.building").exists()
    typo_in_theme(site, False)


def test_without_the_plugin_the_same_failure_leaves_a_half_written_site(tmp_path):
    site = plain_site(tmp_path, plugins=())
    site.write("a-post.md", POST.format(text="First version."))
    assert site.build().ok
    site.write("a-post.md", POST.format(text="Second version."))
    typo_in_theme(site)

    build = site.build()

    assert build.returncode != 0
    assert "Second version." in build.text("a-post/")  # written before the build failed


def test_without_deleting_the_output_files_pelican_does_not_write_stay(tmp_path):
    site = plain_site(tmp_path)
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


def test_deleting_the_output_keeps_only_the_retained_names(tmp_path):
    site = plain_site(tmp_path)
    output = site.root / "output"
    put(output, {".git/HEAD": "ref: refs/heads/main\n", "CNAME": "blog.example.org\n",
                 "stale.html": "from a post since deleted", "old-post/index.html": "old"})
    site.write("a-post.md", POST.format(text="First version."))
    settings = {"DELETE_OUTPUT_DIRECTORY": True, "OUTPUT_RETENTION": [".git", "CNAME"]}

    build = site.build(**settings)

    assert build.ok, build.log
    assert "First version." in build.text("a-post/")
    assert (output / ".git/HEAD").read_text() == "ref: refs/heads/main\n"
    assert (output / "CNAME").read_text() == "blog.example.org\n"
    assert not (output / "stale.html").exists()
    assert not (output / "old-post").exists()
    assert not (site.root / "output.building").exists()

    assert_failed_build_changes_nothing(site, **settings)


def test_a_run_killed_between_the_two_renames_gets_the_old_site_back(tmp_path):
    site = plain_site(tmp_path)
    output = site.root / "output"
    site.write("a-post.md", POST.format(text="First version."))
    assert site.build().ok
    before = tree_state(output)
    # What a run killed in the middle of the swap leaves: no output, the old site
    # set aside, and a staging folder.
    output.rename(site.root / "output.previous")
    put(site.root / "output.building", {"a-post/index.html": "half"})
    typo_in_theme(site)

    build = site.build()  # fails too

    assert build.returncode != 0 and "'dates_typo' is undefined" in build.log
    assert tree_state(output) == before
    assert sorted(p.name for p in site.root.iterdir() if p.name.startswith("output")) == ["output"]


def test_with_the_content_inside_the_output_it_steps_aside_and_says_so(tmp_path):
    site = plain_site(tmp_path)
    site.write("a-post.md", POST.format(text="First version."))
    build = site.build(env=WIDE, output=site.root)  # the content folder is site/content

    assert build.ok, build.log
    assert "atomic_output is off: the content folder" in build.log
    assert (site.content / "a-post.md").exists() and build.path("a-post/").exists()


# Runs Pelican's own `run()` on one Pelican object each time a line arrives on
# stdin, as `pelican --autoreload` does.
RUNNER = """
import json, sys
from pelican import Pelican
from pelican.settings import read_settings
settings_file, output = sys.argv[1:]
pelican = Pelican(read_settings(settings_file, override={"OUTPUT_PATH": output}))
for _ in sys.stdin:
    try:
        pelican.run()
        result = {"ok": True}
    except Exception as exc:
        result = {"ok": False, "error": type(exc).__name__}
    print("RESULT " + json.dumps(result), flush=True)
"""


def test_repeated_runs_on_one_pelican_object(tmp_path):
    site = plain_site(tmp_path)
    output = site.root / "output"
    runner = subprocess.Popen(
        [sys.executable, "-c", RUNNER, str(site.settings_file(False, {})), str(output)],
        cwd=site.root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def run() -> dict:
        runner.stdin.write("run\n")
        runner.stdin.flush()
        for line in runner.stdout:
            if line.startswith("RESULT "):
                return json.loads(line.removeprefix("RESULT "))
        raise AssertionError("the runner stopped")

    try:
        site.write("a-post.md", POST.format(text="First version."))
        assert run() == {"ok": True}
        good = tree_state(output)

        site.write("a-post.md", POST.format(text="Second version."))
        typo_in_theme(site)
        assert run() == {"ok": False, "error": "UndefinedError"}
        assert tree_state(output) == good

        # The same object builds again once the theme is fixed: nothing of
        # the failed run is left over to fail this one.
        typo_in_theme(site, False)
        assert run() == {"ok": True}
        assert "Second version." in (output / "a-post/index.html").read_text(encoding="utf-8")
        assert not (site.root / "output.building").exists()
    finally:
        runner.stdin.close()
        runner.wait(timeout=60)
