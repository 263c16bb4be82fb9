"""Each kind of broken post stops the real `pelican` build with a message that
names the file and the field or line and says how to fix it, and leaves the
previously built site exactly as it was."""

from __future__ import annotations

import shutil

import pytest

from sitebuild import Site, tree_state

GOOD_SITE = {
    "first-essay.md": """\
        Title: First essay
        Date: 2024-01-10 09:00
        Tags: sample

        The first sample essay.
        """,
    "second-essay.md": """\
        Title: Second essay
        Date: 2024-01-20 09:00
        Tags: sample

        The second sample essay.
        """,
    # Pages need no date.
    "pages/about-us.md": """\
        Title: About us

        Who we are.
        """,
}

# (case, broken files, what the log must say about them)
CASES = [
    ("missing title", {"no-title.md": "Date: 2024-02-01\n\nText.\n"},
     ["content/no-title.md", "Title: missing", 'add the line "Title: Your title"']),
    ("misspelt title field", {"misspelt.md": "Titel: Typo\nDate: 2024-02-01\n\nText.\n"},
     ["content/misspelt.md, line 1", 'Title: missing; the metadata has "Titel"',
      'Rename "Titel" to "Title"']),
    ("missing date", {"no-date.md": "Title: Undated\n\nText.\n"},
     ["content/no-date.md", "Date: missing", '"Date: 2024-05-01 09:30"']),
    ("unparseable date", {"bad-date.md": "Title: Bad date\nDate: the day after tomorrow\n\nText.\n"},
     ["content/bad-date.md, line 2", 'Date: "the day after tomorrow" is not a date',
      "YYYY-MM-DD HH:MM", '"Date: 2024-05-01 09:30"']),
    ("unparseable date in reStructuredText",
     {"bad-date-rst.rst": "Bad rst date\n############\n\n:date: 2024-14-40\n\nText.\n"},
     ["content/bad-date-rst.rst, line 4", 'Date: "2024-14-40" is not a date',
      '":date: 2024-05-01 09:30"']),
    ("same slug as another post",
     {"copy-of-first.md": "Title: First essay\nDate: 2024-02-02\n\nAnother text.\n"},
     ["content/copy-of-first.md and content/first-essay.md",
      "would be written to the same file, first-essay/index.html", 'different "Slug:"']),
    ("page with the URL of a post", {"pages/second-essay.md": "Title: Second essay\n\nPage.\n"},
     ["content/pages/second-essay.md and content/second-essay.md",
      "same file, second-essay/index.html"]),
    ("post at the URL of a listing page",
     {"archives.md": "Title: Archives\nDate: 2024-02-06\n\nText.\n"},
     ["content/archives.md", "archives/index.html, which is the archives page",
      'different "Slug:"']),
    ("not UTF-8", {"latin-1.md": b"Title: Latin-1\nDate: 2024-02-03\n\nCaf\xe9 au lait.\n"},
     ["content/latin-1.md, line 4", "the file is not UTF-8: byte 4 of this line",
      "0xE9", "re-save the file as UTF-8"]),
    ("empty body", {"empty.md": "Title: Empty\nDate: 2024-02-04\n\n"},
     ["content/empty.md", "the post has no text after its metadata", '"Status: draft"']),
    ("malformed metadata header",
     {"broken-header.md": "Title: Broken header\nDate 2024-02-05\nTags: x\n\nText.\n"},
     ["content/broken-header.md, line 2",
      '"Date 2024-02-05" is not a metadata line of the form "Key: value"',
      '"Tags: x" below it is read as text', "put a blank line before it"]),
    ("unknown status", {"odd-status.md": "Title: Odd status\nDate: 2024-02-07\nStatus: pubished\n\nText.\n"},
     ["content/odd-status.md", 'Status: "pubished" is not a status',
      "use one of: published, hidden, draft, skip"]),
]


def write_files(site: Site, files: dict) -> None:
    for rel, text in files.items():
        if isinstance(text, bytes):
            site.write_bytes(rel, text)
        else:
            site.write(rel, text)


def terminal_text(log: str) -> str:
    # The terminal wraps long messages; read them as one line of words.
    return " ".join(log.split())


@pytest.fixture(scope="module")
def good_outputs(tmp_path_factory):
    """The good site built once with the development and once with the production settings."""
    site = Site(tmp_path_factory.mktemp("good") / "site")
    write_files(site, GOOD_SITE)
    outputs = {}
    for publish in (False, True):
        build = site.build(publish=publish, output=site.root / f"output-{publish}")
        assert build.ok, build.log
        assert "First essay" in build.text("first-essay/")
        assert "Who we are." in build.text("about-us/")
        assert not (site.root / f"output-{publish}.building").exists()
        outputs[publish] = build.output
    return outputs


def broken_build(tmp_path, good_outputs, files: dict, *, publish: bool):
    """Build the good site plus `files` into a copy of the good output."""
    site = Site(tmp_path / "site")
    write_files(site, GOOD_SITE)
    write_files(site, files)
    output = site.root / "output"
    shutil.copytree(good_outputs[publish], output, symlinks=True)
    before = tree_state(output)
    build = site.build(publish=publish, output=output)
    return build, before


@pytest.mark.parametrize("files,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_post_stops_the_build_and_keeps_the_old_site(tmp_path, good_outputs,
                                                             files, expected):
    build, before = broken_build(tmp_path, good_outputs, files, publish=False)

    assert build.returncode != 0, build.log
    text = terminal_text(build.log)
    for words in expected:
        assert words in text, f"{words!r} not in the log:\n{build.log}"
    assert "1 problem in" in text
    assert "Traceback" not in build.log
    assert tree_state(build.output) == before
    assert not build.output.with_name("output.building").exists()


def test_production_build_lists_every_broken_file_at_once(tmp_path, good_outputs):
    broken = {rel: text for _case, files, _expected in CASES for rel, text in files.items()}
    build, before = broken_build(tmp_path, good_outputs, broken, publish=True)

    assert build.returncode != 0, build.log
    text = terminal_text(build.log)
    assert f"{len(CASES)} problems in" in text
    for case, _files, expected in CASES:
        for words in expected:
            assert words in text, f"{case}: {words!r} not in the log:\n{build.log}"
    assert tree_state(build.output) == before
    assert not build.output.with_name("output.building").exists()


def test_drafts_may_be_undated_and_unfinished(site):
    site.write("idea.md", """\
        Title: An idea
        Status: draft
        """)
    site.write("published.md", """\
        Title: Published
        Date: 2024-03-01

        Text.
        """)

    build = site.build()

    assert build.ok, build.log
    assert build.path("drafts/an-idea/").exists()
