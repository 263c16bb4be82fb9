"""Production builds for the quality gates: building, serving, and the generated corpus.

The fixtures that use these live in conftest.py; the test files import from
here what they need (a module of its own: every test folder has a conftest).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitebuild import REPO, Build, Site

CORPUS_ESSAYS = 30
CORPUS_REPLIES = 3
CORPUS_SEED = 7


@dataclass
class ServedSite:
    name: str
    site: Site
    build: Build
    url: str

    def page_url(self, rel: str) -> str:
        return f"{self.url}/{rel.lstrip('/')}"

    def article_with_replies(self) -> str:
        """The URL path of the largest article page with archived replies: the worst case."""
        posts = [p.name for p in (self.site.content / "replies").iterdir() if p.is_dir()]
        return max((f"{slug}/" for slug in sorted(posts)),
                   key=lambda rel: self.build.path(rel).stat().st_size)


class _Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        # Lets LinkChecker crawl at full speed (see linkcheckerrc).
        self.send_header("LinkChecker", "allow")
        super().end_headers()

    def log_message(self, *args):
        pass


def production_env(**extra) -> dict:
    """The environment of a production build; wide COLUMNS keeps error messages on one line."""
    env = {k: v for k, v in os.environ.items() if k not in ("SITEURL", "ISSO_URL")}
    return {**env, "COLUMNS": "250", **extra}


def build_or_fail(site: Site, **kwargs) -> Build:
    build = site.build(publish=True, **kwargs)
    if not build.ok:
        pytest.fail(f"production build of {site.root} failed:\n{build.log}", pytrace=False)
    return build


def slugs_in(folder: Path) -> list[str]:
    """The slugs of the Markdown posts or pages in a folder (from `Slug:`, else the file name)."""
    slugs = []
    for path in sorted(folder.glob("*.md")):
        header = path.read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines()
        slugs += [next((line.split(":", 1)[1].strip() for line in header
                        if line.lower().startswith("slug:")), path.stem)]
    return slugs


def add_corpus(site: Site, corpus: Path) -> None:
    """Copy the generated essays and their replies in, leaving out any whose slug the site has."""
    taken = set(slugs_in(site.content))
    for essay in json.loads((corpus / "corpus.json").read_text())["files"]:
        if essay["slug"] in taken:
            continue
        shutil.copy(corpus / essay["path"], site.content / Path(essay["path"]).name)
        replies = corpus / "content" / "replies" / essay["slug"]
        if replies.is_dir():
            shutil.copytree(replies, site.content / "replies" / essay["slug"])


def generate_corpus(out: Path) -> Path:
    """~30 essays with threaded replies, as `python benchmarks/corpus.py` writes them."""
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "corpus.py"), "--essays", str(CORPUS_ESSAYS),
         "--replies", str(CORPUS_REPLIES), "--seed", str(CORPUS_SEED), str(out)],
        check=True, capture_output=True, text=True)
    return out


def serve_build(root: Path, name: str, corpus: Path | None):
    """Build a production site whose SITEURL is a loopback server, then serve it there."""
    # Bound before the build, so the port is ours and the build can name it.
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    site = Site(root / "site", copy_project_content=True)
    if corpus:
        add_corpus(site, corpus)
    build = build_or_fail(site, SITEURL=url, env=production_env(SITEURL=url))
    httpd.RequestHandlerClass = functools.partial(_Handler, directory=str(build.output))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, ServedSite(name, site, build, url)
