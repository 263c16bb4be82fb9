"""The archive's rules on a reply's text and date, shared by the sync, the importer and the reader."""

import datetime

import pytest

from safe_input.replies import DEFAULT_MAX_DEPTH, date_problem, nesting, text_problem

NOW = datetime.datetime(2026, 12, 5, 8, 0, tzinfo=datetime.timezone.utc)


@pytest.mark.parametrize("text, depth", [
    ("Plain words.\n\nMore words.", 0),
    ("> quoted\n>> twice\n> > > three", 3),
    ("- a\n  - b\n    - c", 3),
    ("1. one\n2) two", 1),
    ("- - - - deep on one line", 4),
    (">" * 65_000, 65_000),
    ("- " * 20_000, 20_000),
    ("---\n* * *\n-not a list\n4.5 apples", 3),  # rules are not lists; '* * *' errs deep
    ("<ul><li>" * 30, 30),
    ("<blockquote>a</blockquote>" * 50 + "<br><p>x<p>y<hr>", 1),
    ("a < b and c<d, <em>x</em> <i\nclass=x>", 1),
])
def test_nesting_counts_quotes_lists_and_html(text, depth):
    assert nesting(text) == depth


@pytest.mark.parametrize("text, problem", [
    ("", "the reply has no text"),
    (" \n\t\n", "the reply has no text"),
    ("é" * 50_001, "the reply is 100,002 bytes, over the limit of 100,000"),
    (">" * 65_000, "the reply nests 65000 levels deep (quotes, lists or HTML elements), "
                   "over the limit of 20"),
    ("1. " * 21, "nests 21 levels deep"),
    ("<div>" * 21, "nests 21 levels deep"),
])
def test_text_problem_names_what_is_wrong(text, problem):
    assert problem in text_problem(text)


def test_a_reply_within_the_limits_passes():
    assert text_problem("> " * DEFAULT_MAX_DEPTH + "quoted deep\n\n" + "a" * 99_000) is None
    assert text_problem("x" * 10, max_bytes=9) == "the reply is 10 bytes, over the limit of 9"
    assert text_problem("> > x", max_depth=1).startswith("the reply nests 2 levels")


def test_a_date_more_than_a_day_ahead_is_a_typo():
    assert date_problem(NOW + datetime.timedelta(hours=23), NOW) is None
    assert date_problem(datetime.datetime(2024, 1, 1), NOW) is None  # no zone: compared as UTC
    assert (date_problem(datetime.datetime(2099, 1, 1, tzinfo=datetime.timezone.utc), NOW)
            == "the reply is dated 2099-01-01, more than a day after 2026-12-05: a typo'd year?")
