"""The author's commands: `invoke --list` shows them, README.md explains them.

Shaped like the tasks.py that pelican-quickstart writes, plus ours.
"""

from __future__ import annotations

import datetime
import shlex
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
DEV_SETTINGS = ROOT / "pelicanconf.py"
PROD_SETTINGS = ROOT / "publishconf.py"

sys.path.insert(0, str(ROOT / "plugins"))


def pelican(*args: str) -> list[str]:
    return [str(VENV_BIN / "pelican"), *args]


def run(c, argv: list[str], **kwargs):
    return c.run(shlex.join(argv), pty=sys.stdout.isatty(), **kwargs)


@task
def build(c):
    """Build the site for local viewing into output/."""
    run(c, pelican(str(CONTENT), "-s", str(DEV_SETTINGS), "-o", str(OUTPUT)))


@task(help={"to": "then deploy: rsync, ghpages or s3 (DEPLOY_* in publishconf.py)",
            "dry_run": "with --to: list what would be uploaded (+) and deleted (-), change nothing",
            "force": "with --to: deploy even when it deletes more than DEPLOY_MAX_DELETES files"})
def publish(c, to=None, output="output", dry_run=False, force=False):
    """Build the production site into OUTPUT; with --to, deploy it."""
    if (dry_run or force) and not to:
        raise Exit("--dry-run and --force go with --to rsync|ghpages|s3", code=1)
    target = ROOT / output
    run(c, pelican(str(CONTENT), "-s", str(PROD_SETTINGS), "-o", str(target)))
    if to:
        from static_hosting.deploy import DeployError, load_settings, publish as deploy

        try:
            report = deploy(to, target, load_settings(PROD_SETTINGS), dry_run=dry_run, force=force)
        except DeployError as error:
            sys.exit(str(error))
        # Every deletion is named; uploads only in the plan (a first publish sends every file).
        print(report.listing(uploads=dry_run))


@task(help={"port": "the site's port (default 8000)",
            "isso_port": "the local Isso's port (default 8080)"})
def serve(c, port=8000, isso_port=8080):
    """Serve the site at http://127.0.0.1:PORT next to a local Isso, re-rendering only what each edit changes."""
    import os

    from fast_build.devserver import serve as dev_server
    from pelican.plugins.reader_response.isso_server import IssoStartError, local_isso, port_is_busy

    port, isso_port = int(port), int(isso_port)
    if port_is_busy("127.0.0.1", port):
        raise Exit(f"Port {port} is busy (another `invoke serve`?): stop it, or serve on "
                   f"another port with `invoke serve --port {port + 1}`.", code=1)
    site, isso = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{isso_port}/"
    # The dev build reads these in pelicanconf.py, so the pages embed this Isso
    # and Isso accepts replies from this site.
    os.environ.update(DEV_SITE_ORIGIN=site, LOCAL_ISSO_URL=isso)
    try:
        with local_isso(ROOT / "isso.cfg", ROOT / ".isso", listen=isso,
                        origins=[f"{site}/", f"http://localhost:{port}/"],
                        busy_hint=f"start it on another port with `invoke serve --isso-port "
                                  f"{isso_port + 1}`"):
            print(f"Isso (replies) is at {isso}; its log is .isso/isso.log.")
            dev_server(CONTENT, DEV_SETTINGS, OUTPUT, port=port)
    except IssoStartError as error:
        raise Exit(f"Cannot start the local Isso: {error}", code=1)


@task(help={"settings": "pelicanconf.py (local Isso) or publishconf.py (the live site's Isso)",
            "update": "follow edits and deletions made at the provider since a reply was archived"})
def sync_replies(c, settings="pelicanconf.py", update=False):
    """Copy new replies from the comment provider into content/replies/."""
    from pelican.plugins.reader_response.sync import SyncError, sync_replies as pull

    try:
        pull(ROOT / settings, update=update)
    except SyncError as error:
        sys.exit(f"sync-replies: {error}")


@task(help={"approve": "comma-separated ids of waiting replies to publish",
            "delete": "comma-separated ids of waiting replies to delete",
            "settings": "publishconf.py (the live site's Isso) or pelicanconf.py"})
def moderate(c, approve="", delete="", settings="publishconf.py"):
    """List the replies waiting for approval in Isso; --approve or --delete them."""
    import os

    from pelican.settings import read_settings
    from pelican.plugins.reader_response.moderate import ModerationError, Moderator, isso_endpoint

    try:
        moderator = Moderator(isso_endpoint(read_settings(str(ROOT / settings))),
                              os.environ.get("ISSO_ADMIN_PASSWORD", ""))
        waiting = {reply.id: reply for reply in moderator.waiting()}
        for ids, action in ((approve, "activate"), (delete, "delete")):
            for wanted in filter(None, (part.strip() for part in ids.split(","))):
                if not wanted.isdigit() or int(wanted) not in waiting:
                    raise Exit(f"moderate: no reply #{wanted} is waiting; nothing more was "
                               "changed", code=1)
                moderator.decide(waiting.pop(int(wanted)), action)
                print(f"{'Published' if action == 'activate' else 'Deleted'} #{wanted}.")
    except ModerationError as error:
        raise Exit(f"moderate: {error}", code=1)
    for reply in waiting.values():
        print(reply)
    print(f"{len(waiting)} repl{'y' if len(waiting) == 1 else 'ies'} waiting for approval.")


@task(help={"path": "the WordPress export (.xml)",
            "force": "overwrite files edited since the last import",
            "content": "the content folder",
            "media": "also download the posts' images and files from the old blog "
                     "(docs/wordpress-media.md)",
            "media_max_mb": "with --media: the largest file to download, in MiB (default 100)",
            "media_timeout": "with --media: the longest download of one file, in seconds "
                             "(default 120)",
            "media_private": "with --media: allow a blog on a private network or this computer"})
def import_wordpress(c, path, force=False, content="content", media=False, media_max_mb=100,
                     media_timeout=120, media_private=False):
    """Import a WordPress export (posts, pages, threaded comments; --media: their files) into content/."""
    from pelican.plugins.wordpress_import.cli import ImportFailed, run_import
    from pelican.plugins.wordpress_import.media import Limits

    try:
        run_import(path, content, force=force, fetch_media=media, media_private=media_private,
                   media_limits=Limits(max_bytes=int(float(media_max_mb) * 2**20),
                                       seconds=float(media_timeout)))
    except ImportFailed as error:
        raise Exit(f"Import failed: {error}", code=1)


@task(help={"title": "the essay's title", "roles": "comma-separated role slugs, e.g. coach,leader",
            "tags": "comma-separated tags", "summary": "one or two sentences for listings and previews",
            "content": "the content folder"})
def new_post(c, title, roles="", tags="", summary="", content="content"):
    """Start a new essay in content/ as a draft, with its metadata filled in."""
    from safe_input import one_line
    from slugify import slugify

    slug = slugify(title)
    target = ROOT / content / f"{slug}.md"
    if target.exists():
        raise Exit(f"{target} already exists: choose another title.", code=1)
    now = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    fields = {"Title": title, "Date": now, "Author": "Bob", "Category": "Essays", "Tags": tags,
              "Slug": slug, "Summary": summary, "Roles": roles, "Status": "draft"}
    # An empty field would show as an empty summary or tag list: leave it out.
    header = [f"{name}: {one_line(value)}" for name, value in fields.items() if one_line(value)]
    target.write_text("\n".join(header) + "\n\nWrite here.\n\nWhat do you think?\n",
                      encoding="utf-8")
    print(f"Created {target} (a draft: remove `Status: draft` to publish).")


@task(help={"sizes": "comma-separated corpus sizes, e.g. 1000,10000",
            "rounds": "cold builds per tool and size",
            "extra": "more arguments for benchmarks/bench.py, e.g. '--edits 0'"})
def bench(c, sizes="1000", rounds=3, extra=""):
    """Benchmark our site against bare Pelican and Hugo; prints a Markdown table."""
    run(c, [sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--sizes", sizes,
            "--rounds", str(rounds), *shlex.split(extra)])
