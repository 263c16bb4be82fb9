"""Publishing: every file goes up once; after one essay changes, only that
essay's files and the listings, feeds and indexes that show it go up again.

Real targets on loopback and in temp folders: an S3 server (moto in server
mode), a bare git repository (GitHub Pages branch via ghp-import) and an
rsync destination folder.
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

from sitebuild import REPO, Site

sys.path.insert(0, str(REPO / "plugins"))

from static_hosting.deploy import load_settings, publish  # noqa: E402

SITEURL = "https://essays.example.org"
ESSAY = "asking-before-telling.md"
HOST_FILES = {"_headers", "_nginx.conf"}


def all_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


class TwoBuilds:
    """The project's site built, then built again after one essay changed."""

    def __init__(self, root: Path):
        self.site = Site(root / "site", copy_project_content=True)
        self.before = self.build(root / "before")
        self.old_summary = self.summary_of(self.site.content / ESSAY)
        source = self.site.content / ESSAY
        text = source.read_text(encoding="utf-8").replace(
            self.old_summary, "A rewritten summary: asking first, then listening.")
        text = text.replace("Roles:", "Modified: 2024-05-01 12:00\nRoles:", 1)
        source.write_text(text + "\nA paragraph added in the rewrite.\n", encoding="utf-8")
        self.after = self.build(root / "after")
        self.settings = load_settings(self.site.settings_file(True, {"SITEURL": SITEURL}))
        old, new = all_files(self.before), all_files(self.after)
        self.added = new - old
        self.removed = old - new
        self.changed = {f for f in old & new
                        if not filecmp.cmp(self.before / f, self.after / f, shallow=False)}

    def build(self, output: Path) -> Path:
        build = self.site.build(publish=True, output=output, SITEURL=SITEURL, FEED_DOMAIN=SITEURL)
        assert build.ok, build.log
        return output

    @staticmethod
    def summary_of(path: Path) -> str:
        line = next(l for l in path.read_text(encoding="utf-8").splitlines() if l.startswith("Summary:"))
        return line.split(":", 1)[1].strip()


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    return TwoBuilds(tmp_path_factory.mktemp("publish"))


def test_a_rebuild_changes_only_the_essay_and_what_shows_it(builds):
    slug = ESSAY.removesuffix(".md")
    pages = {f for f in builds.changed | builds.added | builds.removed if f.endswith(".html")}
    showing = {f for f in all_files(builds.before) if f.endswith(".html")
               and builds.old_summary in (builds.before / f).read_text(encoding="utf-8")}
    assert f"{slug}/index.html" in pages
    assert "tag/coaching/index.html" in showing and "index.html" in showing
    assert pages == showing | {f"{slug}/index.html"}
    others = (builds.changed | builds.added | builds.removed) - pages
    assert all(f.startswith(("feeds/", "pagefind/")) or f == "sitemap.xml" for f in others), others
    assert {"feeds/all.json", "feeds/all.atom.xml", "sitemap.xml"} <= builds.changed
    assert not any(f.startswith("theme/") for f in others)



def test_s3_uploads_everything_once_then_only_what_changed(builds, s3_server):
    s3 = boto3.client("s3", endpoint_url=s3_server)
    s3.create_bucket(Bucket="essays")
    settings = {**builds.settings, "DEPLOY_S3": {"bucket": "essays", "endpoint_url": s3_server,
                                                 "prefix": "blog"}}
    first = publish("s3", builds.before, settings)
    site_files = all_files(builds.before) - HOST_FILES
    assert sorted(first.uploaded) == sorted(site_files)
    objects = {o["Key"]: o for page in s3.get_paginator("list_objects_v2").paginate(Bucket="essays")
               for o in page.get("Contents", [])}
    assert set(objects) == {f"blog/{f}" for f in site_files}

    head = s3.head_object(Bucket="essays", Key="blog/mutual-learning/index.html")
    assert head["ContentType"] == "text/html; charset=utf-8"
    assert head["CacheControl"] == "public, max-age=0, must-revalidate"
    assert s3.head_object(Bucket="essays", Key="blog/feeds/all.json")["ContentType"] == "application/feed+json"
    assert s3.head_object(Bucket="essays", Key="blog/feeds/all.atom.xml")["ContentType"] == "application/atom+xml"
    hashed = next(f for f in site_files if f.startswith("theme/css/site.") and f != "theme/css/site.css")
    assert "immutable" in s3.head_object(Bucket="essays", Key=f"blog/{hashed}")["CacheControl"]

    # Mark every object; an upload replaces an object and loses the mark.
    for key in objects:
        current = s3.head_object(Bucket="essays", Key=key)
        s3.copy_object(Bucket="essays", Key=key, CopySource={"Bucket": "essays", "Key": key},
                       Metadata={"mark": "first"}, MetadataDirective="REPLACE",
                       ContentType=current["ContentType"], CacheControl=current["CacheControl"])
    second = publish("s3", builds.after, settings)
    assert set(second.uploaded) == builds.changed | builds.added
    assert set(second.deleted) == builds.removed
    replaced = {key.removeprefix("blog/") for key in objects
                if key.removeprefix("blog/") not in builds.removed
                and s3.head_object(Bucket="essays", Key=key)["Metadata"].get("mark") != "first"}
    assert replaced == builds.changed
    for rel in builds.changed | builds.added:
        body = s3.get_object(Bucket="essays", Key=f"blog/{rel}")["Body"].read()
        assert body == (builds.after / rel).read_bytes()


def git(*args, cwd) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def test_github_pages_branch_gets_one_commit_per_publish_with_only_the_changes(builds, tmp_path, monkeypatch):
    for key in ("GIT_COMMITTER_NAME", "GIT_AUTHOR_NAME"):
        monkeypatch.setenv(key, "Publisher")
    for key in ("GIT_COMMITTER_EMAIL", "GIT_AUTHOR_EMAIL"):
        monkeypatch.setenv(key, "publisher@example.org")
    bare, work = tmp_path / "pages.git", tmp_path / "work"
    git("init", "--quiet", "--bare", str(bare), cwd=tmp_path)
    git("init", "--quiet", str(work), cwd=tmp_path)
    settings = {**builds.settings, "DEPLOY_GHPAGES": {"repo": str(work), "remote": str(bare)}}

    first = publish("ghpages", builds.before, settings)
    published = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=bare).splitlines())
    assert published == all_files(builds.before) | {".nojekyll"} == set(first.uploaded)

    publish("ghpages", builds.after, settings)
    changed = git("diff", "--name-only", "gh-pages~1", "gh-pages", cwd=bare).splitlines()
    assert set(changed) == builds.changed | builds.added | builds.removed

    again = publish("ghpages", builds.after, settings)
    assert again.uploaded == [] and again.deleted == []
    assert git("rev-list", "--count", "gh-pages", cwd=bare).strip() == "2"


def test_rsync_sends_everything_once_then_only_what_changed(builds, tmp_path):
    target = tmp_path / "www"
    settings = {**builds.settings, "DEPLOY_RSYNC": {"target": f"{target}/"}}
    first = publish("rsync", builds.before, settings)
    assert set(first.uploaded) == all_files(builds.before)
    second = publish("rsync", builds.after, settings)
    assert set(second.uploaded) == builds.changed | builds.added
    assert set(second.deleted) == builds.removed
    assert all_files(target) == all_files(builds.after)
    assert all(filecmp.cmp(target / f, builds.after / f, shallow=False) for f in all_files(target))


def test_a_deploy_without_its_destination_says_which_setting_to_set(builds):
    from static_hosting.deploy import DeployError

    for target, setting in (("s3", "DEPLOY_S3"), ("rsync", "DEPLOY_RSYNC")):
        with pytest.raises(DeployError, match=setting):
            publish(target, builds.after, builds.settings)
    with pytest.raises(DeployError, match="unknown deploy target"):
        publish("ftp", builds.after, builds.settings)
    assert os.path.isdir(builds.after)
