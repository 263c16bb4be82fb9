"""The author's command: import a WordPress export into content/.

    invoke import-wordpress export.xml [--force] [--content content]
    python -m wordpress_import export.xml [--force] [--content content]   (plugins/ on the path)

`run_import()` is what both call; it prints progress and a summary and
returns the ImportReport. A file that cannot be imported raises ImportFailed
with a message naming the file and line, and nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG, read_settings
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from . import archive
from .documents import Planner, existing_content
from .report import ImportReport
from .wxr import WXRError, read_export


class ImportFailed(Exception):
    """The import wrote nothing; str() says why and how to fix it."""


def load_settings(settings_file: Path | None) -> dict:
    """The site's Pelican settings (for roles, reserved URLs, the reply folder), or Pelican's defaults."""
    if settings_file is None or not Path(settings_file).exists():
        return dict(DEFAULT_CONFIG)
    return read_settings(str(settings_file))


def run_import(path, content_dir="content", force: bool = False, settings_file=None,
               console: Console | None = None) -> ImportReport:
    """Import the WXR file at `path` into `content_dir`.

    `settings_file` defaults to pelicanconf.py beside the content folder.
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
        files = Planner(export, settings, existing, report).plan(
            lambda: progress.advance(converting))
    content_dir.mkdir(parents=True, exist_ok=True)
    staging = archive.stage(files, content_dir)
    try:
        manifest = archive.commit(files, staging, content_dir, manifest, force, report)
        archive.save_manifest(content_dir, manifest, path.name)
    finally:
        archive.discard(staging)
    for line in report.lines():
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wordpress_import",
                                     description="Import a WordPress export (WXR) into content/.")
    parser.add_argument("path", help="the .xml file WordPress exported")
    parser.add_argument("--content", default="content", help="the content folder (default: content)")
    parser.add_argument("--force", action="store_true",
                        help="overwrite files edited since the last import")
    parser.add_argument("--settings", default=None,
                        help="the Pelican settings file (default: pelicanconf.py beside content/)")
    args = parser.parse_args(argv)
    try:
        run_import(args.path, args.content, args.force, args.settings)
    except ImportFailed as error:
        print(f"Import failed: {error}", file=sys.stderr)
        return 1
    return 0
