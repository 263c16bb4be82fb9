"""A reply's Markdown as the page shows it: what a stranger typed, with nothing that runs."""

from __future__ import annotations

from pelican.plugins.reader_response.archive import split_metadata
from pelican.plugins.reader_response.render import reply_html


def test_a_reply_keeps_its_words_and_loses_what_runs():
    html = reply_html('Hi <script>alert(1)</script>*there* [me](javascript:alert(1)) '
                      '<img src=x onerror=alert(1)> [site](https://example.org/)')
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    assert "<em>there</em>" in html
    assert 'href="https://example.org/"' in html and 'rel="nofollow ugc noopener noreferrer"' in html


def test_relative_links_follow_the_page_only_when_its_address_is_known():
    assert 'href="https://blog.example/post/#reply-2"' in reply_html(
        "[earlier](#reply-2)", "https://blog.example/post/")
    # A site with neither SITEURL nor FEED_DOMAIN: the link stays as written.
    assert 'href="#reply-2"' in reply_html("[earlier](#reply-2)", "/post/")


def test_a_metadata_line_ends_only_at_a_line_feed():
    fields, body = split_metadata("Author: Ann\u2028Date: 1999-01-01\nDate: 2024-01-01\n\nHi.")
    assert fields["author"][0] == "Ann\u2028Date: 1999-01-01"  # one field, for the reader to refuse
    assert fields["date"] == ("2024-01-01", 2) and body == "Hi."
