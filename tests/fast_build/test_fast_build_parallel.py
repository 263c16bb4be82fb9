"""Reading and writing in several processes makes exactly the site one process
makes, and exactly the site Pelican makes without fast_build."""

from __future__ import annotations

import runpy

from fastsite import WIDE_LOG, differences
from sitebuild import REPO


# Without Pelican's cache every build reads every file, in the workers too.
COLD = {"LOAD_CONTENT_CACHE": False}


def test_two_and_three_processes_write_the_same_bytes_as_one(big_site, tmp_path):
    # With the search index, whose documents the processes render between them.
    one = big_site.build(output=tmp_path / "one", FAST_BUILD_PROCESSES=1, SEARCH_INDEX=True, **COLD)
    assert one.ok, one.log
    assert (one.output / "pagefind" / "parts.json").is_file()
    for processes in (2, 3):
        many = big_site.build(output=tmp_path / f"many-{processes}", FAST_BUILD_PROCESSES=processes,
                              SEARCH_INDEX=True, **COLD)
        assert many.ok, many.log
        assert differences(one.output, many.output) == []
    page = one.page("learning-in-public/")
    assert "Writing where others can read it" in page.find(class_="essay-body").get_text()


def test_the_site_is_the_same_without_fast_build(big_site, tmp_path):
    plugins = [p for p in runpy.run_path(str(REPO / "pelicanconf.py"))["PLUGINS"] if p != "fast_build"]
    fast = big_site.build(output=tmp_path / "fast", **COLD)
    plain = big_site.build(output=tmp_path / "plain", PLUGINS=plugins, **COLD)
    assert fast.ok, fast.log
    assert plain.ok, plain.log
    assert differences(fast.output, plain.output) == []
    # The listings fast_build renders from one fragment per essay.
    assert len(fast.page("tag/learning/").select("article.summary")) >= 1


def test_broken_files_are_reported_the_same_with_workers(big_site, tmp_path):
    # Spread over the list of files, so that the workers read some of them.
    broken = sorted(big_site.content.glob("*.md"))[::9]
    for path in broken:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\nDate: ", "\nDate: someday ", 1), encoding="utf-8")
    logs = {}
    for processes in (1, 2):
        build = big_site.build(output=tmp_path / f"out-{processes}", env=WIDE_LOG,
                               FAST_BUILD_PROCESSES=processes, **COLD)
        assert not build.ok
        assert not build.output.exists()
        logs[processes] = build.log
    for path in broken:
        assert f"{path.name}, line" in logs[2]
        assert "is not a date" in logs[2]
    assert problem_lines(logs[1]) == problem_lines(logs[2])


def problem_lines(log: str) -> list[str]:
    """The lines of content_checks' report (Pelican's log adds times and sources around them)."""
    report = log[log.index("BuildError"):]
    return [line.strip() for line in report.splitlines()[1:] if line.strip()]


def test_an_unusable_process_count_stops_the_build_with_the_fix(big_site):
    build = big_site.build(env=WIDE_LOG, FAST_BUILD_PROCESSES=0)
    assert not build.ok
    assert "FAST_BUILD_PROCESSES must be a whole number of at least 1" in build.log
