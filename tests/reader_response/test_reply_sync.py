"""`sync_replies` copies comments from a live Isso into the reply archive: new ones
only, threaded, without private data, and nothing at all when Isso is down."""

from __future__ import annotations

import pytest

from pelican.plugins.reader_response.sync import SyncError, sync_replies

FIRST = "Title: First Post\nDate: 2024-01-01 10:00\nSlug: first-post\n\nAn essay.\n"
SECOND = "Title: Second Post\nDate: 2024-02-01 10:00\nSlug: second-post\n\nAnother.\n"
ARCHIVED = "Author: Ann\nDate: 2024-01-05 10:00\n\nAn archived reply.\n"


@pytest.fixture
def blog(site):
    site.write("first-post.md", FIRST)
    site.write("second-post.md", SECOND)
    site.write("replies/first-post/1.md", ARCHIVED)
    return site


def settings_for(site, isso) -> str:
    return str(site.settings_file(False, {"REPLIES_COMMENTS": {"provider": "isso", "url": isso.url}}))


def archive(site) -> dict[str, str]:
    root = site.content / "replies"
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_sync_archives_new_replies_threaded_and_without_private_data(blog, isso_server):
    isso = isso_server.start("http://127.0.0.1:1")
    top = isso.post("/first-post/", "I *disagree*, politely.", author="Cleo",
                    email="cleo@example.org", website="https://cleo.example/")
    isso.post("/first-post/", "Me too.", parent=top["id"])
    isso.post("/second-post/", "No name given.")

    report = sync_replies(settings_for(blog, isso), progress=False)

    assert len(report.added) == 3
    files = archive(blog)
    assert files["first-post/1.md"] == ARCHIVED
    cleo = files[f"first-post/isso-{top['id']}.md"]
    assert "Author: Cleo\n" in cleo and "URL: https://cleo.example/\n" in cleo
    assert "Source: isso\n" in cleo and cleo.rstrip().endswith("I *disagree*, politely.")
    (answer,) = [text for name, text in files.items() if "Me too." in text]
    assert f"Parent: isso-{top['id']}\n" in answer
    assert "Author: Anonymous\n" in files[next(n for n in files if n.startswith("second-post/"))]
    everything = "".join(files.values())
    assert "cleo@example.org" not in everything and "127.0.0.1" not in everything

    build = blog.build()
    assert build.ok, build.log
    page = build.page("first-post/")
    (cleo_reply,) = [r for r in page.select("#replies ol.replies > li > article.reply")
                     if "Cleo" in r.get_text()]
    assert "Me too." in cleo_reply.select_one(".reply-children").get_text()
    assert cleo_reply.select_one("em").get_text() == "disagree"


def test_sync_again_adds_only_new_replies_and_keeps_edits(blog, isso_server):
    isso = isso_server.start("http://127.0.0.1:1")
    first = isso.post("/first-post/", "Original words.", author="Dee")
    settings = settings_for(blog, isso)
    sync_replies(settings, progress=False)
    edited = blog.content / "replies" / "first-post" / f"isso-{first['id']}.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Original", "Edited"),
                      encoding="utf-8")

    isso.post("/first-post/", "A later thought.", author="Eve")
    report = sync_replies(settings, progress=False)

    assert [p.name for p in report.added] == [f"isso-{first['id'] + 1}.md"]
    assert report.already_archived == 1
    assert "Edited words." in edited.read_text(encoding="utf-8")
    assert sync_replies(settings, progress=False).added == []


def test_unreachable_provider_is_reported_and_changes_nothing(blog, isso_server):
    before = archive(blog)
    with pytest.raises(SyncError, match="cannot reach Isso at http://127.0.0.1:.*Nothing was changed"):
        sync_replies(settings_for(blog, isso_server), progress=False)
    assert archive(blog) == before


def test_isso_escaping_is_undone_once_so_the_page_shows_what_was_typed(blog, isso_server):
    isso = isso_server.start("http://127.0.0.1:1")
    posted = isso.post("/second-post/", "Cat & mouse.", author="Tom & Jerry <TJ>",
                       website="https://tom.example/?a=1&b=2")
    assert posted["author"] == "Tom &amp; Jerry &lt;TJ&gt;"  # how Isso keeps it

    sync_replies(settings_for(blog, isso), progress=False)

    text = (blog.content / "replies" / "second-post" / f"isso-{posted['id']}.md").read_text()
    assert text.startswith("Author: Tom & Jerry <TJ>\n")
    assert "URL: https://tom.example/?a=1&b=2\n" in text
    build = blog.build()
    assert build.ok, build.log
    source = build.text("second-post/")
    assert "Tom &amp; Jerry &lt;TJ&gt;" in source and "&amp;amp;" not in source
    assert 'href="https://tom.example/?a=1&amp;b=2"' in source
    (reply,) = build.page("second-post/").select("#replies article.reply")
    assert "Tom & Jerry <TJ>" in reply.get_text()
