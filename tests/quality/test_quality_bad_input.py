"""Hostile and broken input, one row per class of bad input the project knows.

Each row starts from a small site that built cleanly, adds one bad thing and
runs the author's command again (a production build, or the WordPress
import). The command must exit non-zero with a message naming the file and
field, and leave the previous output (and content) exactly as it was.
Hostile reply HTML is the one class that must build: it is sanitised.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from quality_sites import production_env
from sitebuild import REPO, Site

GOOD_POST = """\
    Title: A Good Essay
    Date: 2020-01-01 10:00
    Slug: good
    Tags: learning
    Roles: coach

    ## A Good Essay and the Coach

    Some text for coaches. What do you think?
"""
GOOD_REPLY = """\
    Author: Sam Reader
    Date: 2020-01-02 09:00

    A first reply.
"""


@dataclass
class Case:
    id: str
    files: dict[str, str | bytes] = field(default_factory=dict)
    settings: dict = field(default_factory=dict)
    expect: list[str] = field(default_factory=list)


SITE_CASES = [
    Case("post-missing-title", {"bad.md": "Date: 2020-01-02\n\nBody.\n"},
         expect=["content/bad.md", "Title: missing"]),
    Case("post-bad-date", {"bad.md": "Title: Bad\nDate: 2020-13-45\n\nBody.\n"},
         expect=["content/bad.md, line 2", 'Date: "2020-13-45" is not a date']),
    Case("post-not-utf8", {"bad.md": "Title: Café\nDate: 2020-01-02\n\nBody.\n".encode("latin-1")},
         expect=["content/bad.md, line 1", "not UTF-8"]),
    Case("post-duplicate-slug", {"bad.md": "Title: Other\nDate: 2020-01-02\nSlug: good\n\nBody.\n"},
         expect=["content/bad.md and content/good.md", "Slug:", "good/index.html"]),
    Case("post-empty-body", {"bad.md": "Title: Empty\nDate: 2020-01-02\n\n"},
         expect=["content/bad.md", "no text after its metadata"]),
    Case("reply-missing-author", {"replies/good/2.md": "Date: 2020-01-03\n\nHi.\n"},
         expect=["content/replies/good/2.md", "missing Author"]),
    Case("reply-unknown-parent",
         {"replies/good/2.md": "Author: Jo\nDate: 2020-01-03\nParent: 9\n\nHi.\n"},
         expect=["content/replies/good/2.md, line 3", "Parent: '9' is not a reply to this post"]),
    Case("reply-for-no-post", {"replies/no-such-post/1.md": "Author: Jo\nDate: 2020-01-03\n\nHi.\n"},
         expect=["content/replies/no-such-post", "no post has the slug 'no-such-post'"]),
    Case("reply-bad-date", {"replies/good/2.md": "Author: Jo\nDate: someday\n\nHi.\n"},
         expect=["content/replies/good/2.md, line 2", "Date: 'someday' is not a date"]),
    Case("reply-javascript-url",
         {"replies/good/2.md": "Author: Jo\nDate: 2020-01-03\nURL: javascript:alert(1)\n\nHi.\n"},
         expect=["content/replies/good/2.md, line 3", "URL: 'javascript:alert(1)' is not a web address"]),
    Case("provider-giscus-without-repo", settings={"REPLIES_COMMENTS": {"provider": "giscus"}},
         expect=["REPLIES_COMMENTS", "giscus needs 'repo'"]),
    Case("unknown-role", {"bad.md": "Title: Bad\nDate: 2020-01-02\nRoles: scrum-masterr\n\nBody.\n"},
         expect=["content/bad.md, line 3", "unknown role 'scrum-masterr'",
                 "did you mean 'scrum-master'?"]),
]

BILLION_LAUGHS = "".join(
    [' <!ENTITY lol "lol">\n']
    + [f' <!ENTITY lol{n} "{("&lol" + str(n - 1 or "") + ";") * 10}">\n' for n in range(1, 10)])
WXR_ITEM = ("<item><title>{title}</title><wp:post_name>imported</wp:post_name>"
            "<wp:post_type>post</wp:post_type><wp:status>publish</wp:status>"
            "<wp:post_date>2020-01-05 10:00:00</wp:post_date>"
            "<content:encoded><![CDATA[<p>Imported.</p>]]></content:encoded></item>")
WXR = ('<?xml version="1.0" encoding="UTF-8"?>\n{doctype}'
       '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
       ' xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n{items}\n</channel>\n</rss>\n')
WXR_CASES = [
    Case("wxr-malformed", {"export.xml": WXR.format(
        doctype="", items=WXR_ITEM.format(title="Broken").replace("</item>", "</itm>"))},
        expect=["export.xml: line 4", "malformed", "nothing was imported"]),
    Case("wxr-billion-laughs", {"export.xml": WXR.format(
        doctype=f"<!DOCTYPE rss [\n{BILLION_LAUGHS}]>\n", items=WXR_ITEM.format(title="&lol9;"))},
        expect=["export.xml: line 2", "DTD or entities", "nothing was imported"]),
    Case("wxr-external-entity", {"export.xml": WXR.format(
        doctype='<!DOCTYPE rss [ <!ENTITY secret SYSTEM "file://{secret}"> ]>\n',
        items=WXR_ITEM.format(title="&secret;"))},
        expect=["export.xml: line 2", "DTD or entities", "nothing was imported"]),
]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def one_line(log: str) -> str:
    """The log with rich's wrapping and columns undone, for matching a message."""
    return re.sub(r"\s+", " ", log)


def assert_untouched(before: dict[str, bytes], folder: Path, what: str) -> None:
    after = snapshot(folder)
    changed = sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n))
    assert not changed, f"the failed run changed the previous {what}: {changed[:20]}"


@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    """A small site and its production output, built cleanly once for every row."""
    site = Site(tmp_path_factory.mktemp("good") / "site")
    site.write("good.md", GOOD_POST)
    site.write("replies/good/1.md", GOOD_REPLY)
    build = site.build(publish=True, env=production_env())
    assert build.ok, build.log
    return site


def copy_of(site: Site, tmp_path: Path) -> Site:
    shutil.copytree(site.root, tmp_path / "site")
    return Site(tmp_path / "site")


@pytest.mark.parametrize("case", SITE_CASES, ids=lambda c: c.id)
def test_bad_site_input_stops_the_build_and_keeps_the_last_good_output(case, good_site, tmp_path):
    site = copy_of(good_site, tmp_path)
    before = snapshot(site.root / "output")
    for rel, data in case.files.items():
        site.write_bytes(rel, data) if isinstance(data, bytes) else site.write(rel, data)

    build = site.build(publish=True, env=production_env(), **case.settings)

    assert build.returncode != 0, f"the build succeeded on {case.id}:\n{build.log}"
    log = one_line(build.log)
    missing = [text for text in case.expect if text not in log]
    assert not missing, f"the error does not say {missing}:\n{build.log}"
    assert_untouched(before, site.root / "output", "output")


@pytest.mark.parametrize("case", WXR_CASES, ids=lambda c: c.id)
def test_bad_wordpress_export_is_refused_and_writes_nothing(case, good_site, tmp_path):
    site = copy_of(good_site, tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LOCAL-FILE\n")
    export = tmp_path / "export.xml"
    export.write_text(case.files["export.xml"].replace("{secret}", str(secret)))
    before = snapshot(site.root)

    # The author's command (README): invoke import-wordpress PATH. A separate
    # process with a timeout, so that an expanding entity fails rather than hangs.
    proc = subprocess.run(
        [str(REPO / ".venv" / "bin" / "invoke"), "import-wordpress", str(export),
         "--content", str(site.content)],
        cwd=REPO, capture_output=True, text=True, timeout=120, env=production_env())

    log = one_line(proc.stdout + proc.stderr)
    assert proc.returncode != 0, f"the import succeeded on {case.id}:\n{log}"
    missing = [text for text in case.expect if text not in log]
    assert not missing, f"the error does not say {missing}:\n{log}"
    assert_untouched(before, site.root, "content and output")
    assert "TOP-SECRET" not in log


HOSTILE_REPLY = """\
    Author: Mallory <script>alert('author')</script>
    Date: 2020-01-03 10:00

    Hello <script>alert('script')</script> and <img src=x onerror="alert('img')">.

    <svg onload="alert('svg')"><a xlink:href="javascript:alert('svg-a')">svg</a></svg>
    <math><mtext><table><mglyph><style><img src=x onerror=alert('math')></style></mglyph></table></mtext></math>

    [a link](javascript:alert('md')) and [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

    <iframe src="javascript:alert('iframe')"></iframe><form action="javascript:alert('form')"><button formaction="javascript:alert(1)">go</button></form>
    <a href="  JaVaScRiPt:alert('case')" style="color:red">styled</a><div onmouseover="alert('div')">hover</div>
    <p>Still readable text from Mallory.</p>
"""


# Elements no reply may bring into a page, whatever their attributes.
FOREIGN = ("script", "iframe", "frame", "object", "embed", "form", "input", "button", "textarea",
           "select", "style", "link", "meta", "base", "svg", "math")


def hostile_leftovers(html: str, site_url: str, *, reply_id: str | None = None) -> list[str]:
    """Script, event handlers and script URLs anywhere in `html`, and foreign elements inside
    the reply (the element with id `reply_id`, or the whole of `html` when it is one reply)."""
    soup = BeautifulSoup(html, "html.parser")
    # The reply's own text; its byline and the page's "Reply" button are ours.
    reply = soup.find(id=reply_id) if reply_id else soup
    if reply_id and reply is not None:
        reply = reply.select_one(".e-content")
    problems = [str(tag)[:160] for tag in (reply.find_all(FOREIGN) if reply else [])]
    for tag in soup.find_all(True):
        if tag.name == "script" and tag.get("type") != "application/ld+json" \
                and not (tag.get("src") or "").startswith(site_url):
            problems.append(str(tag)[:160])
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            squeezed = re.sub(r"\s", "", value).lower()
            if name.lower().startswith("on") or (
                    name.lower() in ("href", "src", "xlink:href", "action", "formaction")
                    and squeezed.startswith(("javascript:", "data:", "vbscript:"))):
                problems.append(f"<{tag.name} {name}={value[:80]!r}>")
    return sorted(set(problems))


def test_hostile_reply_html_builds_without_anything_executable(good_site, tmp_path):
    site = copy_of(good_site, tmp_path)
    site.write("replies/good/2.md", HOSTILE_REPLY)
    site_url = "https://hostile.example.org"

    build = site.build(publish=True, env=production_env(SITEURL=site_url), SITEURL=site_url)

    assert build.ok, build.log
    assert "Still readable text from Mallory." in build.text("good/")
    problems = []
    for path in build.files("**/*.html"):
        problems += [f"{path.relative_to(build.output)}: {p}" for p in hostile_leftovers(
            path.read_text(encoding="utf-8"), site_url, reply_id="reply-2")]
    for path in build.files("**/*.xml"):
        # Entry content is escaped HTML: read it as the HTML a feed reader renders.
        for element in BeautifulSoup(path.read_text(encoding="utf-8"), "xml").find_all(
                ["content", "summary", "description"]):
            problems += [f"{path.relative_to(build.output)}: {p}"
                         for p in hostile_leftovers(element.get_text(), site_url)]
    assert not problems, "hostile markup survived:\n" + "\n".join(problems[:30])
