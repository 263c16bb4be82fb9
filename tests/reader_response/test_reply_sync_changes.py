"""`sync_replies` and what changed at the provider after a reply was archived:
edits and deletions are reported and followed only with `update`; a reply that
answers an archived reply Isso does not have (imported, e-mailed) is filed
under it; a thread that is empty at the provider never empties the archive."""

from __future__ import annotations

import pytest

from hostile_isso import HostileIsso, comment, thread
from pelican.plugins.reader_response.sync import sync_replies

POST = "Title: First Post\nDate: 2024-01-01 10:00\nSlug: first-post\n\nAn essay.\n"
IMPORTED = ("Author: Jane\nDate: 2012-05-01 10:00\nSource: wordpress\n\n"
            "An old reply from the WordPress days.\n")


@pytest.fixture
def provider():
    servers = []

    def start(answers: dict) -> HostileIsso:
        servers.append(HostileIsso(answers))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def blog(site):
    site.write("first-post.md", POST)
    return site


def settings_for(site, server) -> str:
    return str(site.settings_file(False, {"REPLIES_COMMENTS": {"provider": "isso",
                                                               "url": server.url}}))


def archive(site):
    return site.content / "replies" / "first-post"


def test_an_answer_to_an_imported_reply_is_filed_under_it(blog, provider):
    blog.write("replies/first-post/wp-7.md", IMPORTED)
    server = provider({"/first-post/": thread(
        comment(1, "[@Jane](#reply-wp-7) I still agree with you.", author="Ann"),
        comment(2, "[@Nobody](#reply-wp-99) Not a reply here.", author="Cy"))})
    sync_replies(settings_for(blog, server), progress=False)
    assert "Parent: wp-7\n" in (archive(blog) / "isso-1.md").read_text()
    assert "Parent:" not in (archive(blog) / "isso-2.md").read_text()
    built = blog.build()
    assert built.ok, built.log
    jane = built.page("first-post/").select_one("#reply-wp-7")
    assert jane.select_one(".reply-children #reply-isso-1")


def test_edits_at_the_provider_are_reported_and_followed_only_when_asked(blog, provider):
    server = provider({"/first-post/": thread(comment(1, "First words.", author="Ann"))})
    settings = settings_for(blog, server)
    sync_replies(settings, progress=False)
    archived = archive(blog) / "isso-1.md"
    server.answers["/first-post/"] = thread(
        comment(1, "Better words.", author="Ann", modified=comment(1)["created"] + 60))

    report = sync_replies(settings, progress=False)
    assert report.edited == [archived] and "First words." in archived.read_text()
    assert "1 edited at the provider (left as archived)" in str(report)

    report = sync_replies(settings, progress=False, update=True)
    assert report.edited == [archived]
    assert archived.read_text().endswith("\n\nBetter words.\n")
    assert archived.read_text().startswith("Author: Ann\n")
    assert sync_replies(settings, progress=False, update=True).edited == []


def test_an_archived_reply_the_author_corrected_is_not_called_edited(blog, provider):
    server = provider({"/first-post/": thread(comment(1, "Teh words.", author="Ann"))})
    settings = settings_for(blog, server)
    sync_replies(settings, progress=False)
    archived = archive(blog) / "isso-1.md"
    archived.write_text(archived.read_text().replace("Teh", "The"))
    assert sync_replies(settings, progress=False, update=True).edited == []
    assert "The words." in archived.read_text()


def test_deletions_are_reported_and_followed_only_when_asked(blog, provider):
    server = provider({"/first-post/": thread(
        comment(1, "Keep me.", author="Ann"),
        comment(2, "Delete me.", author="Bo", replies=[comment(3, "An answer to Bo.")]))})
    settings = settings_for(blog, server)
    sync_replies(settings, progress=False)
    assert "Parent: isso-2" in (archive(blog) / "isso-3.md").read_text()
    server.answers["/first-post/"] = thread(comment(1, "Keep me.", author="Ann"),
                                            comment(3, "An answer to Bo."))

    report = sync_replies(settings, progress=False)
    assert report.gone == [archive(blog) / "isso-2.md"]
    assert (archive(blog) / "isso-2.md").exists()

    sync_replies(settings, progress=False, update=True)
    assert not (archive(blog) / "isso-2.md").exists()
    assert "Parent:" not in (archive(blog) / "isso-3.md").read_text()
    built = blog.build()
    assert built.ok, built.log
    assert "An answer to Bo." in built.page("first-post/").get_text()


def test_a_thread_empty_at_the_provider_never_empties_the_archive(blog, provider):
    server = provider({"/first-post/": thread(comment(1, "Keep me.", author="Ann"))})
    settings = settings_for(blog, server)
    sync_replies(settings, progress=False)
    # Another server, or a new database: the thread is not there at all.
    server.answers["/first-post/"] = thread()
    report = sync_replies(settings, progress=False, update=True)
    assert report.gone == [archive(blog) / "isso-1.md"]
    assert (archive(blog) / "isso-1.md").exists()
