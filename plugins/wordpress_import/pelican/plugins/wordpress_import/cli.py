"""The author's command: import a WordPress export into content/.

    invoke import-wordpress export.xml [--force] [--content content] [--media]
    python -m pelican.plugins.wordpress_import export.xml [--force] [--content content] [--media]
        (plugins/ on the path)

--media also downloads the images and files the posts use from the old blog
(media.py; docs/wordpress-media.md).

`run_import()` is what both call; it prints progress and a summary and
returns the ImportReport. A file that cannot be imported raises ImportFailed
with a message naming the file and line, and nothing is written.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG, read_settings
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from . import archive, media
from .documents import Planner, existing_content
from .report import ImportReport
from .wxr import WXRError, read_export


class ImportFailed(Exception):
    """The import wrote nothing; str() says why and how to fix it."""


def load_settings(settings_file: Path | None) -> dict:
    """The site's Pelican settings (for roles, reserved URLs, the reply folder), or Pelican's defaults."""
    if settings_file is None or not Path(settings_file).exists():
        return dict(DEFAULT_CONFIG)
    # The import writes into its own content folder, which a new site does not
    # have yet; Pelican refuses settings whose PATH is not a folder.
    return read_settings(str(settings_file), override={"PATH": str(Path(settings_file).parent)})


def run_import(path, content_dir="content", force: bool = False, settings_file=None,
               console: Console | None = None, fetch_media: bool = False,
               media_limits: media.Limits | None = None, media_private: bool = False,
               connect_to: dict[str, tuple[str, int]] | None = None) -> ImportReport:
    """Import the WXR file at `path` into `content_dir`.

    `settings_file` defaults to pelicanconf.py beside the content folder.
    `fetch_media` downloads the posts' media from the old blog (media.py), within
    `media_limits`; `media_private` allows a blog on a private network.
    `connect_to` (host -> (address, port)) is for tests only: it points
    WordPress.com's media hosts at a local server, as `curl --connect-to` does.
    """
    console = console or Console()
    path, content_dir = Path(path), Path(content_dir)
    if not path.is_file():
        raise ImportFailed(f"{path}: no such file; give the path of the .xml file that "
                           "WordPress exported (Tools → Export → All content)")
    if settings_file is None:
        settings_file = content_dir.resolve().parent / "pelicanconf.py"
    settings = load_settings(Path(settings_file))
    report = ImportReport(source=str(path))
    media_report = media.MediaReport()
    with Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                  TimeRemainingColumn(), console=console, transient=True,
                  disable=not console.is_terminal) as progress:
        try:
            manifest = archive.load_manifest(content_dir)
            reading = progress.add_task(f"Reading {path.name}", total=path.stat().st_size)
            export = read_export(path, lambda n: progress.advance(reading, n))
        except (WXRError, ValueError) as error:
            raise ImportFailed(str(error)) from None
        replies_path = str(settings.get("REPLIES_PATH", "replies")).strip("/")
        existing = existing_content(content_dir, set(manifest), replies_path)
        converting = progress.add_task("Converting posts and comments", total=len(export.items))
        planner = Planner(export, settings, existing, report)
        files = planner.plan(lambda: progress.advance(converting))
        try:
            fetcher = None if not fetch_media else (lambda hosts: media.Fetcher(
                hosts, media_limits or media.Limits(), media_private, connect_to))
            library = _media(export, files, content_dir, replies_path, planner.links, fetcher,
                             media_report, progress)
        except ValueError as error:
            raise ImportFailed(str(error)) from None
    content_dir.mkdir(parents=True, exist_ok=True)
    staging = archive.stage(files, content_dir)
    try:
        manifest = archive.commit(files, staging, content_dir, manifest, force, report)
        archive.save_manifest(content_dir, manifest, path.name)
        if (fetch_media or library.manifest["attachments"]
                or (content_dir / media.MANIFEST).exists()):
            media.save_manifest(content_dir, library.manifest)
    finally:
        archive.discard(staging)
    lines = report.lines() + (media_report.lines() if fetch_media else [])
    for line in lines:
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    if fetch_media and not _static(settings):
        console.print(f"Add '{media.FOLDER.split('/')[0]}' to STATIC_PATHS in your settings, or "
                      "Pelican will not publish the downloaded media.", markup=False)
    return report


def _static(settings: dict) -> bool:
    """Whether Pelican publishes content/images/wp/ as static files."""
    return any(media.FOLDER == p.strip("/") or media.FOLDER.startswith(p.strip("/") + "/")
               for p in map(str, settings.get("STATIC_PATHS", [])))


def _media(export, files, content_dir: Path, replies_path: str, links: dict[str, str],
           fetcher, media_report: media.MediaReport, progress: Progress) -> media.Library:
    """Bring the posts' media (with --media), and point their links at what is here."""
    attachments = [i for i in export.items if i.post_type == "attachment" and i.attachment_url]
    blog = (export.base_blog_url or export.link).rstrip("/")
    pages = {**{i.link: i.attachment_url for i in attachments if i.link},
             **{f"{blog}/?attachment_id={i.post_id}": i.attachment_url for i in attachments}}
    library = media.Library(content_dir, [export.base_site_url, export.base_blog_url, export.link],
                            pages)
    posts = [f for f in files if f.path.split("/", 1)[0] != replies_path]
    if fetcher is not None:
        now = datetime.datetime.now()
        public = [f.text for f in posts if media.on_the_site(f.text, now)]
        wanted = library.used(public)
        # A published post's attachments, linked or not: its attachment pages lead to them.
        for item in attachments:
            if (links.get(f"?p={item.post_parent}") or links.get(f"?page_id={item.post_parent}")) \
                    and (original := library.original(item.attachment_url)):
                wanted.setdefault(library.sources(original)[0], [original])
        media_report.held = len(set(library.used(f.text for f in posts)) - set(wanted))
        media.bring(library, wanted, fetcher(library.hosts), media_report, progress)
    for planned in posts:
        planned.text, count = library.rewrite(planned.text)
        media_report.rewritten += count
    library.manifest["attachments"] = media.attachment_pages(
        attachments, library, links, export.base_blog_url or export.link)
    return library


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pelican.plugins.wordpress_import",
                                     description="Import a WordPress export (WXR) into content/.")
    parser.add_argument("path", help="the .xml file WordPress exported")
    parser.add_argument("--content", default="content", help="the content folder (default: content)")
    parser.add_argument("--force", action="store_true",
                        help="overwrite files edited since the last import")
    parser.add_argument("--settings", default=None,
                        help="the Pelican settings file (default: pelicanconf.py beside content/)")
    parser.add_argument("--media", action="store_true",
                        help="also download the images and files the posts use from the old blog "
                             "(its own hosts and WordPress.com's media hosts only)")
    parser.add_argument("--media-max-mb", type=float, default=media.Limits.max_bytes / 2**20,
                        help="largest file to download, in MiB (default: %(default)g)")
    parser.add_argument("--media-timeout", type=float, default=media.Limits.seconds,
                        help="longest download of one file, in seconds (default: %(default)g)")
    parser.add_argument("--media-private", action="store_true",
                        help="allow a blog whose host is on a private network or this computer")
    args = parser.parse_args(argv)
    try:
        run_import(args.path, args.content, args.force, args.settings, fetch_media=args.media,
                   media_limits=media.Limits(max_bytes=int(args.media_max_mb * 2**20),
                                             seconds=args.media_timeout),
                   media_private=args.media_private)
    except ImportFailed as error:
        print(f"Import failed: {error}", file=sys.stderr)
        return 1
    return 0
