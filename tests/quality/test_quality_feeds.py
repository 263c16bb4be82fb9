"""Every feed of both production builds, read the way feed readers and validators read it.

feedparser must read each without a complaint (it only notices malformed
XML); Jing validates every Atom feed against RFC 4287's RELAX NG grammar;
the rules that grammar leaves out, RSS 2.0's required elements and the date
formats are checked here with parsers. Links inside entries must be
absolute, and ids must not change from one build to the next.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from checkers import jing_errors

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
# RFC 822 section 5 (with RFC 1123's four-digit year, as RSS 2.0 asks).
RFC822 = re.compile(
    r"(?:(?P<day>Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}(?::\d{2})? (?:[+-]\d{4}|UT|GMT|[ECMP][SD]T)")
URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action", "formaction")


def feeds_in(output: Path) -> dict[str, tuple[str, etree._Element]]:
    """Relative path -> ("atom" | "rss", parsed root) for every feed in the output."""
    found = {}
    for path in sorted(output.rglob("*.xml")):
        root = etree.parse(str(path)).getroot()
        kind = {f"{ATOM}feed": "atom", "rss": "rss"}.get(root.tag)
        if kind:
            found[path.relative_to(output).as_posix()] = (kind, root)
    return found


def entries(kind: str, root) -> list:
    return root.findall(f"{ATOM}entry") if kind == "atom" else root.findall("channel/item")


@pytest.fixture(scope="module")
def feeds(served):
    found = feeds_in(served.build.output)
    assert any(k == "atom" for k, _ in found.values()) and any(k == "rss" for k, _ in found.values()), \
        f"the {served.name} build has no Atom or no RSS feed: {sorted(found)}"
    return found


def test_every_feed_parses_with_feedparser(served, feeds):
    # (JSON Feed is the seo plugin's own test: feedparser 6.0 reads only XML feeds.)
    problems = []
    for rel in feeds:
        parsed = feedparser.parse((served.build.output / rel).read_bytes())
        if parsed.bozo:
            problems.append(f"{rel}: {parsed.bozo_exception!r}")
        elif not parsed.feed.get("title"):
            problems.append(f"{rel}: feedparser found no title")
    assert not problems, "feeds feedparser cannot read:\n" + "\n".join(problems)


@pytest.mark.slow
def test_every_atom_feed_validates_against_rfc4287(served, feeds):
    atom = [served.build.output / rel for rel, (kind, _) in feeds.items() if kind == "atom"]
    errors = jing_errors(atom)
    assert not errors, "Jing (RFC 4287 RELAX NG):\n" + "\n".join(errors[:40])


def test_atom_rules_beyond_the_grammar(feeds):
    """RFC 4287 section 4.1's "must" rules that the RELAX NG grammar cannot express."""
    problems = []
    for rel, (kind, root) in feeds.items():
        if kind != "atom":
            continue
        if not root.xpath("atom:link[@rel='self']/@href", namespaces={"atom": ATOM[1:-1]}):
            problems.append(f"{rel}: no link rel=self")
        feed_author = root.find(f"{ATOM}author") is not None
        ids = [e.findtext(f"{ATOM}id") for e in entries(kind, root)]
        if len(ids) != len(set(ids)):
            problems.append(f"{rel}: entries share an id: {sorted(i for i in ids if ids.count(i) > 1)}")
        for entry in entries(kind, root):
            title = entry.findtext(f"{ATOM}title")
            if not (feed_author or entry.find(f"{ATOM}author/{ATOM}name") is not None):
                problems.append(f"{rel}: entry {title!r} has no author")
            if entry.find(f"{ATOM}content") is None and \
                    entry.find(f"{ATOM}link[@rel='alternate']") is None:
                problems.append(f"{rel}: entry {title!r} has neither content nor an alternate link")
    assert not problems, "\n".join(problems)


def test_rss_feeds_have_what_rss_2_requires(feeds):
    problems = []
    for rel, (kind, root) in feeds.items():
        if kind != "rss":
            continue
        if root.get("version") != "2.0":
            problems.append(f"{rel}: rss version is {root.get('version')!r}, not '2.0'")
        channel = root.find("channel")
        for name in ("title", "link", "description"):
            if channel is None or channel.find(name) is None:
                problems.append(f"{rel}: channel has no <{name}>")
        link = channel.findtext("link") if channel is not None else None
        if link and not urlsplit(link).netloc:
            problems.append(f"{rel}: channel <link> {link!r} is not an absolute URL")
        guids = []
        for number, item in enumerate(entries(kind, root), 1):
            if not (item.findtext("title") or item.findtext("description")):
                problems.append(f"{rel}: item {number} has neither title nor description")
            for name in ("link", "guid"):
                if not item.findtext(name):
                    problems.append(f"{rel}: item {number} has no <{name}>")
            guids.append(item.findtext("guid"))
        if len(guids) != len(set(guids)):
            problems.append(f"{rel}: items share a guid")
    assert not problems, "\n".join(problems)


def rfc3339_problem(value: str) -> str | None:
    if not RFC3339.fullmatch(value or ""):
        return "is not an RFC 3339 date-time with a time zone"
    try:
        dt.datetime.fromisoformat(value)
    except ValueError as error:
        return f"does not parse: {error}"
    return None


def rfc822_problem(value: str) -> str | None:
    match = RFC822.fullmatch(value or "")
    if not match:
        return "is not an RFC 822 date-time (e.g. 'Tue, 04 Jun 2024 05:33:00 +0100')"
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError) as error:
        return f"does not parse: {error}"
    if match["day"] and parsed.strftime("%a") != match["day"]:
        return f"names the wrong day of the week ({parsed:%Y-%m-%d} is a {parsed:%A})"
    return None


def test_feed_dates_are_rfc3339_in_atom_and_rfc822_in_rss(feeds):
    problems = []
    for rel, (kind, root) in feeds.items():
        if kind == "atom":
            dates = root.iter(f"{ATOM}updated", f"{ATOM}published")
            check = rfc3339_problem
        else:
            dates = root.iter("pubDate", "lastBuildDate")
            check = rfc822_problem
        for element in dates:
            problem = check(element.text)
            if problem:
                problems.append(f"{rel}:{element.sourceline}: <{etree.QName(element).localname}>"
                                f" {element.text!r} {problem}")
    assert not problems, "\n".join(problems[:40])


def raw_html_of(kind: str, entry) -> list[str]:
    """The HTML of an entry exactly as written, before any feed reader resolves its links."""
    if kind == "atom":
        return [e.text or "" for e in (entry.find(f"{ATOM}content"), entry.find(f"{ATOM}summary"))
                if e is not None]
    return [entry.findtext("description") or ""]


def test_links_inside_entries_are_absolute(feeds):
    problems = []
    for rel, (kind, root) in feeds.items():
        for entry in entries(kind, root):
            for html in raw_html_of(kind, entry):
                for tag in BeautifulSoup(html, "html.parser").find_all(True):
                    for name in (*URL_ATTRIBUTES, "srcset"):
                        value = tag.get(name)
                        if not value:
                            continue
                        urls = [c.split()[0] for c in value.split(",") if c.strip()] \
                            if name == "srcset" else [value]
                        for url in urls:
                            parts = urlsplit(url.strip())
                            if not parts.scheme or (parts.scheme in ("http", "https")
                                                    and not parts.netloc):
                                problems.append(f"{rel}: <{tag.name} {name}={url!r}>")
    assert not problems, f"{len(problems)} relative links inside feed entries:\n" + \
        "\n".join(sorted(set(problems))[:40])


def ids(feeds) -> dict[str, list[str]]:
    """Each feed's own id (Atom) and its entries' ids (Atom id, RSS guid), in order."""
    found = {}
    for rel, (kind, root) in feeds.items():
        if kind == "atom":
            found[rel] = [root.findtext(f"{ATOM}id")] + \
                [e.findtext(f"{ATOM}id") for e in entries(kind, root)]
        else:
            found[rel] = [e.findtext("guid") for e in entries(kind, root)]
    return found


def test_feed_and_entry_ids_are_stable_across_builds(twin_builds):
    first, second = (ids(feeds_in(build.output)) for build in twin_builds)
    assert sorted(first) == sorted(second), "the two builds wrote different feeds"
    changed = [f"{rel}:\n  first:  {first[rel]}\n  second: {second[rel]}"
               for rel in first if first[rel] != second[rel]]
    assert not changed, "ids changed between two builds of the same content:\n" + "\n".join(changed)
    assert all(all(i for i in values) for values in first.values()), "a feed or entry has no id"
