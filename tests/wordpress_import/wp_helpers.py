"""Helpers for the WordPress importer's tests: import an export into a temp site and read it."""

from __future__ import annotations

import datetime
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from lxml import etree

from sitebuild import REPO, Site, search_index, tree_state

sys.path.insert(0, str(REPO / "plugins"))
sys.path.insert(0, str(REPO))

import pelicanconf  # noqa: E402
from pelican.plugins.wordpress_import.cli import run_import  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
# Real exports written by other projects (tests/fixtures/wxr/README.md: origin, licence).
SHARED_EXPORTS = REPO / "tests" / "fixtures" / "wxr"
# The project's own plugins (the importer's build-time part among them).
PLUGINS = pelicanconf.PLUGINS


def imported_site(root: Path, export: Path, **settings):
    """A temp site with the project's settings and plugins, with `export` imported into it."""
    site = Site(root, PLUGINS=PLUGINS, **settings)
    report = run_import(export, site.content, settings_file=site.settings_file(False, {}))
    return site, report


def import_and_build(root: Path, export: Path):
    """Import `export` into a new site in `root`, noting the site's files before and after,
    then build it for production: (site, report, build, files before, files after)."""
    site = Site(root, PLUGINS=PLUGINS)
    settings = site.settings_file(False, {})
    before = tree_state(root)
    report = run_import(export, site.content, settings_file=settings)
    after = tree_state(root)
    build = site.build(publish=True)
    assert build.ok, build.log
    return site, report, build, before, after


def reply_depths(page: BeautifulSoup) -> dict[str, int]:
    """Reply id -> how many replies it is nested in, as a reader sees the thread."""
    return {reply["id"].removeprefix("reply-"): len(reply.find_parents("article", class_="reply"))
            for reply in page.select("article.reply")}


def refresh_target(page: BeautifulSoup) -> str:
    content = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
    return content.split("url=", 1)[1]


def output_path(build, url_path: str) -> Path:
    """The output file a static server sends for an (encoded) URL path."""
    return build.path(unquote(urlsplit(url_path).path))


def nginx_shortlinks(build, name: str = "p", base: str = "/") -> dict[str, str]:
    """The ?p=<id> (or ?page_id=) -> new URL map of the nginx snippet, at the old front page `base`."""
    text = build.text("wordpress-redirects.nginx.conf")
    block = re.search(r'map "\$uri\|\$arg_%s" \S+ \{(.*?)\}' % name, text, re.S)
    pairs = re.findall(r'"([^"|]*)\|(\d+)" "([^"]+)";', block.group(1)) if block else []
    return {id: new for path, id, new in pairs if path == base}


WXR_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.[012]/$")
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def export_items(path: Path) -> list[dict]:
    """Each item of an export, read independently of the importer (lxml, recovering from
    damage, never resolving entities or fetching anything). A type or status that is
    missing or empty is None."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    root = etree.parse(str(path), parser).getroot()
    wp = next(ns for element in root.iter() for ns in element.nsmap.values()
              if WXR_NAMESPACE.match(ns or ""))

    def text(element, name):
        found = element.find(f"{{{wp}}}{name}")
        return (found.text or "").strip() if found is not None else None

    items = []
    for item in root.iter("item"):
        comments = [{key: text(c, f"comment_{key}") for key in
                     ("id", "author", "author_email", "author_IP", "approved", "type", "parent")}
                    for c in item.findall(f"{{{wp}}}comment")]
        items.append({
            "title": (item.findtext("title") or "").strip(),
            "link": (item.findtext("link") or "").strip(),
            "type": text(item, "post_type") or None,
            "status": text(item, "status") or None,
            "content": item.findtext(CONTENT) or "",
            "date_gmt": text(item, "post_date_gmt") or "",
            "password": text(item, "post_password") or "",
            "id": text(item, "post_id"),
            "dated": bool(text(item, "post_date") or (item.findtext("pubDate") or "").strip()
                          or any(text(c, "comment_approved") == "1"
                                 for c in item.findall(f"{{{wp}}}comment"))),
            "comments": comments,
        })
    return items


def is_due(item: dict) -> bool:
    """A scheduled post whose date has passed: the first build after it publishes it."""
    return item["status"] == "future" and "0000" < item["date_gmt"] < \
        datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")


def is_public(item: dict) -> bool:
    """What a visitor could read on the old site (and so on the new one)."""
    return (item["type"] in ("post", "page") and (item["status"] == "publish" or is_due(item))
            and not item["password"] and item["dated"])


def is_private(item: dict) -> bool:
    """Posts and pages no visitor could read: drafts, pending, private, password-protected,
    scheduled, and any whose type or status cannot be read."""
    return item["type"] in ("post", "page", None) and not is_public(item) and (
        item["status"] != "publish" or item["password"] or item["type"] is None)


def expected_depths(comments: list[dict]) -> dict[str, int]:
    """Approved comment id -> nesting depth, climbing past answers that were not approved."""
    by_id = {}
    for comment in comments:
        by_id.setdefault(comment["id"], comment)
    kept = {c["id"] for c in comments if c["approved"] == "1"}
    depths = {}
    for comment in comments:
        if comment["approved"] != "1" or comment["id"] in depths:
            continue
        depth, parent, seen = 0, comment["parent"], {comment["id"]}
        while parent and parent != "0" and parent in by_id and parent not in seen:
            seen.add(parent)
            depth += parent in kept
            parent = by_id[parent]["parent"]
        depths[comment["id"]] = depth
    return depths


def private_strings(path: Path) -> set[str]:
    """Every commenter's e-mail and IP address in an export."""
    found = set()
    for item in export_items(path):
        for comment in item["comments"]:
            found.update(v for v in (comment["author_email"], comment["author_IP"]) if v)
    return found


TEXT_SUFFIXES = {".md", ".html", ".xml", ".json", ".txt", ".conf", ".css", ".js", ""}


def written_text(folder: Path) -> str:
    """All the text files under a folder, as one string."""
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*"))
                     if p.is_file() and p.suffix in TEXT_SUFFIXES)


def published_text(output: Path) -> str:
    """Everything a built site serves as text, the search index's compressed fragments included."""
    return written_text(output) + "\n" + "\n".join(search_index(output).values())
