"""A bad reply file stops the build with a message naming the file, the field and the fix,
and the site built before stays as it was."""

from __future__ import annotations

import os
import shutil

import pytest

from sitebuild import Site

# A wide log, so that Pelican's console does not wrap the messages mid-sentence.
WIDE = {**os.environ, "COLUMNS": "400"}

POST = "Title: A Post\nDate: 2024-01-01 10:00\nSlug: a-post\n\nAn essay.\n"
GOOD = "Author: Ann\nDate: 2024-02-01 09:00\n\nA good reply.\n"

# (files to add, what the message must say); paths are relative to content/.
CASES = {
    "missing author": (
        {"replies/a-post/2.md": "Date: 2024-02-02\n\nWho wrote this?\n"},
        ["replies/a-post/2.md", "missing Author", "Author: Sam Reader"]),
    "missing date": (
        {"replies/a-post/2.md": "Author: Ann\n\nWhen was this?\n"},
        ["replies/a-post/2.md", "missing Date", "Date: 2024-05-01 14:30"]),
    "unparseable date": (
        {"replies/a-post/2.md": "Author: Ann\nDate: next tuesday-ish\n\nSoon.\n"},
        ["replies/a-post/2.md, line 2", "Date: 'next tuesday-ish' is not a date"]),
    "incomplete date": (
        {"replies/a-post/2.md": "Author: Ann\nDate: May 20\n\nWhich year?\n"},
        ["replies/a-post/2.md, line 2", "Date: 'May 20' is not a whole date"]),
    "unknown parent": (
        {"replies/a-post/2.md": "Author: Ann\nDate: 2024-02-02\nParent: 9\n\nAnswering whom?\n"},
        ["replies/a-post/2.md, line 3", "Parent: '9' is not a reply to this post", "known: 1"]),
    "slug matching no post": (
        {"replies/a-pots/1.md": GOOD},
        ["replies/a-pots", "no post has the slug 'a-pots'", "did you mean a-post"]),
    "not UTF-8": (
        {"replies/a-post/2.md": "Author: Ann\nDate: 2024-02-02\n\nCaf\xe9 au lait.\n".encode("latin-1")},
        ["replies/a-post/2.md, line 4", "not UTF-8", "re-save it with UTF-8"]),
    "URL that is not a web address": (
        {"replies/a-post/2.md": "Author: Ann\nDate: 2024-02-02\nURL: javascript:alert(1)\n\nHi.\n"},
        ["replies/a-post/2.md, line 3", "URL: 'javascript:alert(1)' is not a web address"]),
    "empty reply": (
        {"replies/a-post/2.md": "Author: Ann\nDate: 2024-02-02\n\n\n"},
        ["replies/a-post/2.md", "the reply has no text"]),
    "threading loop": (
        {"replies/a-post/2.md": "Author: Ann\nDate: 2024-02-02\nParent: 3\n\nTwo.\n",
         "replies/a-post/3.md": "Author: Bo\nDate: 2024-02-03\nParent: 2\n\nThree.\n"},
        ["replies/a-post/2.md, line 3", "Parent: '3' makes the thread loop back"]),
    # The archive's rules (safe_input.replies), for hand-written and tool-written files alike.
    "field forged with U+2028": (
        {"replies/a-post/2.md": "Author: Ann\nDate: 2024-02-02\n"
                                "URL: https://ann.example/\u2028Author: Bob (site owner)\n\nHi.\n"},
        ["replies/a-post/2.md, line 3", "URL: the line holds U+2028 (LINE SEPARATOR)",
         "keep each field on one line"]),
    "field forged with a bare CR": (
        {"replies/a-post/2.md": "Author: Ann\rDate: 1999-01-01\nDate: 2024-02-02\n\nHi.\n"},
        ["replies/a-post/2.md, line 1", "Author: the line holds U+000D"]),
    "date in the future": (
        {"replies/a-post/2.md": "Author: Ann\nDate: 2099-01-01 10:00\n\nFrom the future.\n"},
        ["replies/a-post/2.md, line 2", "Date: the reply is dated 2099-01-01, more than a day after",
         "a typo'd year?"]),
    "reply too long": (
        {"replies/a-post/2.md": "Author: Ann\nDate: 2024-02-02\n\n" + "words " * 17_000 + "\n"},
        ["replies/a-post/2.md", "the reply is 101,999 bytes, over the limit of 100,000",
         "REPLIES_MAX_BYTES"]),
    "file far too long": (
        {"replies/a-post/2.md": "Author: Ann\nDate: 2024-02-02\n\n" + "x" * 300_000 + "\n"},
        ["replies/a-post/2.md", "the file is 300,031 bytes, over the limit of 100,000"]),
    "reply nested too deep": (
        {"replies/a-post/2.md": "Author: Ann\nDate: 2024-02-02\n\n" + ">" * 65_000 + " deep\n"},
        ["replies/a-post/2.md", "the reply nests 65000 levels deep", "REPLIES_MAX_DEPTH"]),
    "file outside a post folder": (
        {"replies/3.md": GOOD},
        ["replies/3.md", "must sit in the folder of its post"]),
}


def said(log: str) -> str:
    """The build log with the terminal's line wrapping undone."""
    return " ".join(log.split())


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A good site, built once; each case works on a copy of it."""
    site = Site(tmp_path_factory.mktemp("good") / "site")
    site.write("a-post.md", POST)
    site.write("replies/a-post/1.md", GOOD)
    build = site.build()
    assert build.ok, build.log
    return site.root


@pytest.mark.parametrize("case", CASES)
def test_bad_reply_file_fails_the_build_and_keeps_the_old_site(built, tmp_path, case):
    shutil.copytree(built, tmp_path / "site")
    site = Site(tmp_path / "site")
    before = (site.root / "output" / "a-post" / "index.html").read_text()
    files, expected = CASES[case]
    for rel, data in files.items():
        if isinstance(data, bytes):
            site.write_bytes(rel, data)
        else:
            site.write(rel, data)
    second = site.build(env=WIDE)
    assert second.returncode != 0
    log = said(second.log)
    for text in expected:
        assert text in log, f"{text!r} missing from:\n{second.log}"
    assert "Traceback" not in second.log
    assert second.text("a-post/") == before


def test_every_problem_is_listed_at_once_even_without_content_checks(site):
    site.write("a-post.md", POST)
    for number, case in enumerate(["missing author", "unparseable date", "unknown parent"]):
        (data,) = CASES[case][0].values()
        site.write(f"replies/a-post/{number + 10}.md", data)
    build = site.build(PLUGINS=["pelican.plugins.reader_response"], env=WIDE)
    assert build.returncode != 0
    log = said(build.log)
    assert "3 problem(s) in the reply archive" in log
    for name in ("10.md", "11.md", "12.md"):
        assert f"replies/a-post/{name}" in log


def test_the_limits_are_settings(site):
    site.write("a-post.md", POST)
    site.write("replies/a-post/1.md", "Author: Ann\nDate: 2024-02-02\n\n> > > Three deep.\n")
    assert site.build(env=WIDE).ok
    build = site.build(REPLIES_MAX_DEPTH=2, env=WIDE)
    assert build.returncode != 0
    assert "the reply nests 3 levels deep (quotes, lists or HTML elements), over the limit of 2" \
        in said(build.log)


def test_a_bad_replies_setting_on_a_post_names_the_post(site):
    site.write("a-post.md", POST.replace("Slug: a-post\n", "Slug: a-post\nReplies: maybe\n"))
    build = site.build(env=WIDE)
    assert build.returncode != 0
    log = said(build.log)
    assert "a-post.md" in log and "Replies: 'maybe' is not a reply setting" in log


def test_windows_line_endings_and_separators_in_the_text_are_fine(site):
    # Only a break inside a metadata line is refused; CRLF files and a U+2028
    # in the reply's text (pasted from a word processor) still build.
    site.write("a-post.md", POST)
    site.write_bytes("replies/a-post/1.md", "Author: Ann\r\nDate: 2024-02-02\r\nURL: "
                     "https://ann.example/\r\n\r\nFirst line\u2028same paragraph.\r\n".encode())
    build = site.build(env=WIDE)
    assert build.ok, build.log
    (reply,) = build.page("a-post/").select("#replies article.reply")
    assert "Ann" in reply.get_text() and "same paragraph." in reply.get_text()
    assert reply.select_one('a[href="https://ann.example/"]')
