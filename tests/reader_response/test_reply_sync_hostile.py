"""`sync_replies` against a hostile or broken comment provider (a stand-in Isso on
127.0.0.1): nothing is written outside the archive, no field is forged, a broken
answer stops the sync in one line with nothing written, a stalled or flooding
server ends, and the good comments are archived and shown once-escaped."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from hostile_isso import HostileIsso, comment, dribble, flood, thread
from pelican.plugins.reader_response.sync import SyncError, sync_replies
from sitebuild import REPO

FIRST = "Title: First Post\nDate: 2024-01-01 10:00\nSlug: first-post\n\nAn essay.\n"
SECOND = "Title: Second Post\nDate: 2024-02-01 10:00\nSlug: second-post\n\nAnother.\n"
QUIET = "Title: Quiet Post\nDate: 2024-03-01 10:00\nSlug: quiet-post\n\nNo replies yet.\n"
GOOD = comment(1, "A good reply.", author="Ann")


@pytest.fixture
def blog(site):
    site.write("first-post.md", FIRST)
    site.write("second-post.md", SECOND)
    site.write("quiet-post.md", QUIET)
    return site


@pytest.fixture
def provider():
    servers = []

    def start(answers: dict, **options) -> HostileIsso:
        servers.append(HostileIsso(answers, **options))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def settings_for(site, server, **settings) -> str:
    return str(site.settings_file(False, {
        "REPLIES_COMMENTS": {"provider": "isso", "url": server.url}, **settings}))


def files_under(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8", errors="replace")
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_hostile_values_are_held_and_the_good_comments_archived(blog, provider, tmp_path):
    server = provider({"/first-post/": thread(
        comment(1, "Good words.", author="Tom &amp; Jerry",
                website="https://tom.example/?a=1&amp;b=2",
                replies=[comment(2, "An answer.", author="Ann", parent=1)]),
        comment("../../../../x", "Traversal."),
        comment("x/../../../../tmp/x", "Traversal to /tmp."),
        comment(3, "Forging.", author="Eve\u2028Author: Bob (site owner)",
                website="https://eve.example/\rDate: 1999-01-01"),
        comment("4\nParent: 1", "A forged id."),
        comment(5, "", replies=[comment(8, "Answer to an empty one.", parent=5)]),
        comment(6, ">" * 65_000),
        comment(7, "Hi.", website="javascript:alert(1)"),
        comment(9, "Forged parent field.", parent="1\u2028Author: Bob"),
        comment(10, "Answers an unsafe id.",
                replies=[comment(11, "Deeper.", parent="../../x")]),
        comment(12, "Too long. " * 11_000),
    )})
    settings = settings_for(blog, server)
    outside_tmp = Path("/tmp/x.md").exists()
    before = files_under(tmp_path)

    report = sync_replies(settings, progress=False)

    replies = blog.content / "replies"
    after = files_under(tmp_path)
    new = sorted(set(after) - set(before))
    assert new == [f"site/content/replies/first-post/isso-{n}.md"
                   for n in (1, 10, 11, 2, 3, 7, 8, 9)]
    assert Path("/tmp/x.md").exists() == outside_tmp
    files = files_under(replies / "first-post")
    assert files["isso-1.md"].startswith(
        "Author: Tom & Jerry\nDate: ")  # Isso's escaping undone once
    assert "URL: https://tom.example/?a=1&b=2\n" in files["isso-1.md"]
    assert "Parent: isso-1\n" in files["isso-2.md"]
    assert files["isso-3.md"].split("\n")[0] == "Author: Eve Author: Bob (site owner)"
    assert "1999" not in files["isso-3.md"] and "URL:" not in files["isso-3.md"]
    assert "Parent" not in files["isso-8.md"]  # its parent was skipped: moved up
    assert "Parent" not in files["isso-9.md"]
    assert "Parent: isso-10\n" in files["isso-11.md"]
    assert "URL:" not in files["isso-7.md"]
    notes = "\n".join(report.skipped)
    for expected in [
        'comment "../../../../x": its id is not a number',
        'comment "x/../../../../tmp/x": its id is not a number',
        'comment "4\\nParent: 1": its id is not a number',
        "comment 5: the reply has no text",
        "comment 6: the reply nests 65000 levels deep",
        "comment 12: the reply is 109,999 bytes, over the limit of 100,000",
        'comment 7: website "javascript:alert(1)" dropped',
        'comment 3: website "https://eve.example/\\rDate: 1999-01-01" dropped',
    ]:
        assert expected in notes
    assert all("\n" not in note for note in report.skipped)

    build = blog.build()
    assert build.ok, build.log
    page = build.text("first-post/")
    assert "Tom &amp; Jerry" in page and "&amp;amp;" not in page
    assert 'href="https://tom.example/?a=1&amp;b=2"' in page
    shown = build.page("first-post/")
    (tom,) = [r for r in shown.select("#replies article.reply") if "Good words." in r.get_text()]
    assert "Tom & Jerry" in tom.get_text() and "Tom &amp; Jerry" not in tom.get_text()


@pytest.mark.parametrize("answer, message", [
    ([GOOD], "Isso's answer for thread /second-post/: the answer is a list, not an object"),
    ({"replies": "abc"}, "Isso's answer for thread /second-post/: `replies` is the text "
                         "\"abc\", not a list"),
    ({"total_replies": 0}, "Isso's answer for thread /second-post/: `replies` is missing"),
    (thread(GOOD, {"text": "no id", "created": 1.0}),
     "Isso's answer for thread /second-post/: replies[2] has no `id`"),
    (thread(comment(2, created=1e20)),
     "Isso's answer for thread /second-post/: comment 2 has `created` 1e+20, not a time"),
    (thread(comment(2, created="yesterday")),
     "Isso's answer for thread /second-post/: comment 2 has `created` \"yesterday\", not a time"),
    (thread(comment(2, replies=["x"])),
     "Isso's answer for thread /second-post/: replies[1].replies[1] is the text \"x\", "
     "not a comment"),
    (b"<html>Not Isso</html>", "did not answer with JSON for thread /second-post/"),
    (b"[" * 100_000, "did not answer with JSON for thread /second-post/"),
])
def test_a_broken_answer_stops_the_sync_in_one_line_and_writes_nothing(
        blog, provider, tmp_path, answer, message):
    # The good thread comes first: nothing of it may be written either.
    server = provider({"/first-post/": thread(GOOD), "/second-post/": answer})
    settings = settings_for(blog, server)
    before = files_under(tmp_path)
    with pytest.raises(SyncError) as raised:
        sync_replies(settings, progress=False)
    said = str(raised.value)
    assert message in said and "nothing was changed" in said.lower() and "\n" not in said
    assert files_under(tmp_path) == before


@pytest.mark.parametrize("counts, message", [
    ({"a": 1}, "answered the comment counts with an object, not a list of 3 counts"),
    ([1, 1], "answered the comment counts with a list, not a list of 3 counts"),
    ([1, "many", 0], "answered the comment counts with a list, not a list of 3 counts"),
])
def test_broken_counts_stop_the_sync(blog, provider, tmp_path, counts, message):
    server = provider({"/first-post/": thread(GOOD)}, counts=counts)
    settings = settings_for(blog, server)
    before = files_under(tmp_path)
    with pytest.raises(SyncError, match=message):
        sync_replies(settings, progress=False)
    assert files_under(tmp_path) == before and server.fetched == []


def test_only_threads_with_comments_are_fetched(blog, provider):
    server = provider({"/second-post/": thread(GOOD)})
    report = sync_replies(settings_for(blog, server), progress=False)
    assert server.fetched == ["/second-post/"]
    assert [p.name for p in report.added] == ["isso-1.md"]
    assert (report.threads, report.fetched) == (3, 1)


def test_a_stalled_server_ends_at_the_deadline(blog, provider, tmp_path):
    # One byte every 2 s never trips a per-read timeout of 3 s; the whole answer's does.
    server = provider({"/first-post/": dribble(2.0)})
    settings = settings_for(blog, server, REPLIES_SYNC_TIMEOUT=3)
    before = files_under(tmp_path)
    with pytest.raises(SyncError) as raised:
        sync_replies(settings, progress=False)
    assert str(raised.value) == (
        f"Isso at {server.url} did not finish its answer for thread /first-post/ within 3 s "
        "(REPLIES_SYNC_TIMEOUT); nothing was changed.")
    assert files_under(tmp_path) == before


def test_a_flooding_server_is_cut_off_at_the_size_cap(blog, provider, tmp_path):
    server = provider({"/first-post/": flood(300)})
    settings = settings_for(blog, server)
    before = files_under(tmp_path)
    with pytest.raises(SyncError) as raised:
        sync_replies(settings, progress=False)
    assert str(raised.value) == (f"Isso at {server.url} sent more than 20 MB for thread "
                                 "/first-post/; stopped reading. Nothing was changed.")
    assert files_under(tmp_path) == before


def test_files_of_earlier_syncs_are_repaired_once_and_edits_kept(blog, provider):
    old = ("Author: Tom &amp; Jerry\nDate: 2024-01-05T10:00:00+00:00\n"
           "URL: https://tom.example/?a=1&amp;b=2\nSource: isso\n\nGood words.\n")
    edited = old.replace("Author: Tom &amp; Jerry", "Author: T. &amp; J. (edited)")
    written = blog.write("replies/first-post/isso-1.md", old)
    kept = blog.write("replies/first-post/isso-2.md", edited)
    by_hand = blog.write("replies/first-post/3.md", old)  # not written by the sync
    escaped = {"author": "Tom &amp; Jerry", "website": "https://tom.example/?a=1&amp;b=2"}
    server = provider({"/first-post/": thread(comment(1, "Good words.", **escaped),
                                              comment(2, "Good words.", **escaped))})
    settings = settings_for(blog, server)

    report = sync_replies(settings, progress=False)

    assert report.repaired == [written, kept]
    assert written.read_text(encoding="utf-8") == old.replace("&amp;", "&")
    # Line by line: the edited name stays, the URL line the sync wrote is repaired.
    assert kept.read_text(encoding="utf-8") == edited.replace("1&amp;b", "1&b")
    assert by_hand.read_text(encoding="utf-8") == old
    assert sync_replies(settings, progress=False).repaired == []
    assert written.read_text(encoding="utf-8") == old.replace("&amp;", "&")


def test_the_task_prints_one_line_and_fails(blog, provider):
    server = provider({"/first-post/": {"replies": "abc"}})
    settings = settings_for(blog, server)
    run = subprocess.run([str(REPO / ".venv/bin/invoke"), "sync-replies", "--settings", settings],
                         cwd=REPO, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "COLUMNS": "200"})
    assert run.returncode != 0
    assert run.stderr.strip().splitlines() == [
        "sync-replies: Isso's answer for thread /first-post/: `replies` is the text \"abc\", "
        "not a list; nothing was changed. Is the url in REPLIES_COMMENTS an Isso server?"]
    assert "Traceback" not in run.stdout + run.stderr


@pytest.mark.parametrize("settings, message", [
    ({"REPLIES_SYNC_TIMEOUT": "soon"},
     "REPLIES_SYNC_TIMEOUT is 'soon'; give a number of seconds, such as 30."),
    ({"REPLIES_COMMENTS": {"provider": "isso", "url": "http://127.0.0.1:1/", "bogus": 1}},
     "REPLIES_COMMENTS (isso) is not usable: 'bogus' is not an option of isso"),
])
def test_bad_sync_settings_are_one_line(blog, settings, message):
    with pytest.raises(SyncError) as raised:
        sync_replies(str(blog.settings_file(False, settings)), progress=False)
    assert str(raised.value).startswith(message) and "\n" not in str(raised.value)
