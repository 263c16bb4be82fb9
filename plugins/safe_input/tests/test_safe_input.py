"""The rules every plugin applies to values from outside."""

import pytest

from safe_input import (
    OutsideFolder, clean_title_html, inside, line_break_in, one_line, script_json, title_text,
    web_url,
)


@pytest.mark.parametrize("raw, text", [
    ('He said "hello" & left', 'He said "hello" & left'),
    ("Title <em>With</em> Markup", "Title With Markup"),
    ("Evil &lt;script&gt;alert(1)&lt;/script&gt;", "Evil <script>alert(1)</script>"),
    ("Tom &amp;amp; Jerry", "Tom &amp; Jerry"),  # decoded once, not twice
    ("one\u2028two\rthree", "one two three"),
])
def test_title_text_is_the_words_decoded_once(raw, text):
    assert title_text(raw) == text


def test_a_title_keeps_inline_markup_and_loses_anything_that_runs():
    assert clean_title_html("Title <em>With</em> Markup") == "Title <em>With</em> Markup"
    cleaned = clean_title_html('Evil <script>alert("t")</script><img src=x onerror=alert(1)>'
                               '<em onclick="x()">hi</em>')
    assert "<script" not in cleaned and "onerror" not in cleaned and "onclick" not in cleaned
    assert "<em>hi</em>" in cleaned
    assert clean_title_html('He said "hello" & left') == 'He said "hello" &amp; left'


@pytest.mark.parametrize("char", ["\r", "\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\x00"])
def test_no_line_break_survives_in_a_one_line_field(char):
    value = f"https://a.example/{char}Author: Bob (site owner)"
    assert line_break_in(value) == char
    cleaned = one_line(value)
    assert len(cleaned.splitlines()) == 1 and line_break_in(cleaned) is None


@pytest.mark.parametrize("url, kept", [
    ("https://reader.example.org/", True),
    ("http://", False),          # WordPress.com's "no website"
    ("javascript:alert(1)", False),
    ("https://a.example/\u2028Date: 1999", False),
    ("https://a.example/ x", False),
    ("ftp://a.example/", False),
    ("http://[::1", False),
])
def test_web_url(url, kept):
    assert (web_url(url) == url) is kept


def test_inside_refuses_every_way_out(tmp_path):
    root = tmp_path / "replies"
    root.mkdir()
    assert inside(root, "post", "isso-1.md") == (root / "post" / "isso-1.md").resolve()
    for parts in [("../../x",), ("x/../../../tmp/x",), ("/tmp/x",), ("post", ".."), (".",)]:
        with pytest.raises(OutsideFolder):
            inside(root, *parts)
    (root / "link").symlink_to(tmp_path)
    with pytest.raises(OutsideFolder):
        inside(root, "link", "x.md")


def test_script_json_cannot_end_the_script_element():
    text = str(script_json({"name": "</script><script>alert('x')</script> & \u2028"}))
    assert "<" not in text and ">" not in text and "'" not in text and "\u2028" not in text
    import json
    assert json.loads(text)["name"].startswith("</script>")
