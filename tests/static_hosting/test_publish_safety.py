"""Publishing never deletes more than it should: a dry run lists what would be
uploaded and deleted and changes nothing; a deploy that would delete more than
DEPLOY_MAX_DELETES files stops before it changes anything, unless forced.

The real rsync into temp folders, an S3 server (moto) and bare git
repositories, as the reported case: a target that also holds an unrelated
`other-site/` folder or unrelated S3 objects.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import boto3
import pytest

from sitebuild import REPO, Site, tree_state

sys.path.insert(0, str(REPO / "plugins"))

from static_hosting.deploy import DeployError, load_settings, publish  # noqa: E402

SITEURL = "https://essays.example.org"
UNRELATED = 300  # more than the default limit of 256


def all_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A small production build, and the settings a deploy of it reads."""
    site = Site(tmp_path_factory.mktemp("safety") / "site")
    for n in (1, 2):
        site.write(f"post-{n}.md", f"""
            Title: Post {n}
            Date: 2024-01-0{n} 10:00
            Summary: Post number {n}.

            What do you think?
        """)
    build = site.build(publish=True, SITEURL=SITEURL, FEED_DOMAIN=SITEURL)
    assert build.ok, build.log
    return build.output, load_settings(site.settings_file(True, {"SITEURL": SITEURL}))


def other_site(folder: Path, count: int = UNRELATED) -> None:
    for n in range(count):
        target = folder / "other-site" / f"page-{n}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"another site's page {n}\n", encoding="utf-8")


# rsync -----------------------------------------------------------------------

def test_rsync_dry_run_lists_uploads_and_deletions_and_changes_nothing(built, tmp_path):
    output, settings = built
    www = tmp_path / "www"
    other_site(www, 3)
    (www / "index.html").write_text("an old home page\n", encoding="utf-8")
    before = tree_state(www)
    plan = publish("rsync", output, {**settings, "DEPLOY_RSYNC": {"target": f"{www}/"}}, dry_run=True)
    assert plan.dry_run
    assert tree_state(www) == before
    assert sorted(plan.deleted) == [f"other-site/page-{n}.html" for n in range(3)]
    assert set(plan.uploaded) == all_files(output)
    listing = plan.listing().splitlines()
    assert "- other-site/page-0.html" in listing and "+ index.html" in listing
    assert listing[-1].startswith("rsync (dry run, nothing changed): ")


def test_rsync_into_a_folder_holding_another_site_refuses_until_forced(built, tmp_path):
    output, settings = built
    www = tmp_path / "www"
    other_site(www)
    before = tree_state(www)
    settings = {**settings, "DEPLOY_RSYNC": {"target": f"{www}/"}}
    with pytest.raises(DeployError) as refused:
        publish("rsync", output, settings)
    message = str(refused.value)
    assert message.startswith("Nothing was changed")
    assert f"would delete {UNRELATED} file(s)" in message and "DEPLOY_MAX_DELETES (256)" in message
    assert "other-site/page-" in message and "--force" in message and "--dry-run" in message
    assert tree_state(www) == before  # nothing deleted, nothing uploaded

    done = publish("rsync", output, settings, force=True)
    assert len(done.deleted) == UNRELATED and not (www / "other-site").exists()
    assert all_files(www) == all_files(output)


def test_rsync_limit_is_a_setting_and_excluded_folders_are_left_alone(built, tmp_path):
    output, settings = built
    www = tmp_path / "www"
    other_site(www, 3)
    target = {"DEPLOY_RSYNC": {"target": f"{www}/"}}
    with pytest.raises(DeployError, match=r"DEPLOY_MAX_DELETES \(2\)"):
        publish("rsync", output, {**settings, **target, "DEPLOY_MAX_DELETES": 2})
    assert len(list((www / "other-site").iterdir())) == 3
    # rsync never deletes what it excludes: the way to share a folder.
    kept = publish("rsync", output, {**settings, "DEPLOY_MAX_DELETES": 0,
                                     "DEPLOY_RSYNC": {"target": f"{www}/", "exclude": ["/other-site/"]}})
    assert kept.deleted == [] and len(list((www / "other-site").iterdir())) == 3
    done = publish("rsync", output, {**settings, **target, "DEPLOY_MAX_DELETES": 3})
    assert len(done.deleted) == 3


def test_rsync_makes_no_more_deletions_than_planned_when_the_target_changed_meanwhile(built, tmp_path):
    from static_hosting.deploy import options_for, rsync

    output, settings = built
    www = tmp_path / "www"
    other_site(www, 2)
    options = options_for("rsync", {**settings, "DEPLOY_RSYNC": {"target": f"{www}/"}})
    planned = rsync.plan(output, options, settings)
    assert len(planned.deleted) == 2 and planned.deleted_folders == 1
    # Sorted first, so rsync meets it before the planned deletions.
    (www / "a-file-uploaded-meanwhile.pdf").write_bytes(b"%PDF")
    with pytest.raises(DeployError, match="stopped after as many deletions as the plan listed"):
        rsync.deploy(output, options, settings, planned)
    # rsync counts deletions, not names: three entries (files or the folder) at most.
    candidates = ["a-file-uploaded-meanwhile.pdf", "other-site/page-0.html", "other-site/page-1.html"]
    assert any((www / name).exists() for name in candidates)
    assert all_files(output) <= all_files(www)


def test_an_unusable_deletion_limit_stops_the_deploy(built, tmp_path):
    output, settings = built
    for limit in (-1, "256", True, None):
        with pytest.raises(DeployError, match="DEPLOY_MAX_DELETES must be a whole number"):
            publish("rsync", output, {**settings, "DEPLOY_MAX_DELETES": limit,
                                      "DEPLOY_RSYNC": {"target": f"{tmp_path}/www/"}})
    assert not (tmp_path / "www").exists()


# S3 --------------------------------------------------------------------------

def bucket_state(s3, bucket: str) -> dict[str, str]:
    return {o["Key"]: o["ETag"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
            for o in page.get("Contents", [])}


@pytest.fixture
def bucket(s3_server):
    s3 = boto3.client("s3", endpoint_url=s3_server)
    name = f"site-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    return s3, name


def s3_settings(settings, s3_server, name, **options):
    return {**settings, "DEPLOY_S3": {"bucket": name, "endpoint_url": s3_server, **options}}


def test_s3_dry_run_lists_the_unrelated_object_it_would_delete_and_changes_nothing(built, s3_server, bucket):
    output, settings = built
    s3, name = bucket
    s3.put_object(Bucket=name, Key="backups/database.sql", Body=b"someone else's data")
    before = bucket_state(s3, name)
    plan = publish("s3", output, s3_settings(settings, s3_server, name), dry_run=True)
    assert bucket_state(s3, name) == before
    assert plan.deleted == ["backups/database.sql"]
    assert set(plan.uploaded) == all_files(output) - {"_headers", "_nginx.conf"}
    assert "- backups/database.sql" in plan.listing().splitlines()


def test_s3_bucket_holding_another_site_refuses_until_forced(built, s3_server, bucket):
    output, settings = built
    s3, name = bucket
    for n in range(UNRELATED):
        s3.put_object(Bucket=name, Key=f"other-site/page-{n}.html", Body=b"another site")
    before = bucket_state(s3, name)
    with pytest.raises(DeployError, match=rf"bucket '{name}' under prefix '' would delete {UNRELATED}"):
        publish("s3", output, s3_settings(settings, s3_server, name))
    assert bucket_state(s3, name) == before  # not one upload either

    done = publish("s3", output, s3_settings(settings, s3_server, name), force=True)
    assert len(done.deleted) == UNRELATED
    assert set(bucket_state(s3, name)) == all_files(output) - {"_headers", "_nginx.conf"}


def test_s3_prefix_keeps_everything_outside_it(built, s3_server, bucket):
    output, settings = built
    s3, name = bucket
    for key in ("index.html", "blog2/index.html", "blogpost.html", "blog/stale.html"):
        s3.put_object(Bucket=name, Key=key, Body=b"not this site's")
    done = publish("s3", output, s3_settings(settings, s3_server, name, prefix="/blog/"), force=True)
    assert done.deleted == ["stale.html"]
    keys = set(bucket_state(s3, name))
    assert {"index.html", "blog2/index.html", "blogpost.html"} <= keys
    assert {k for k in keys if k.startswith("blog/")} == {
        f"blog/{f}" for f in all_files(output) - {"_headers", "_nginx.conf"}}


# GitHub Pages branch ---------------------------------------------------------

def git(*args, cwd) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def pages_repo(tmp_path, monkeypatch):
    """A clone whose gh-pages branch holds another site of UNRELATED files, pushed to a bare remote."""
    for key, value in {"GIT_COMMITTER_NAME": "Publisher", "GIT_AUTHOR_NAME": "Publisher",
                       "GIT_COMMITTER_EMAIL": "p@example.org", "GIT_AUTHOR_EMAIL": "p@example.org"}.items():
        monkeypatch.setenv(key, value)
    bare, work = tmp_path / "pages.git", tmp_path / "work"
    git("init", "--quiet", "--bare", str(bare), cwd=tmp_path)
    git("init", "--quiet", "-b", "main", str(work), cwd=tmp_path)
    other_site(work)
    git("add", ".", cwd=work)
    git("commit", "--quiet", "-m", "another site", cwd=work)
    git("branch", "gh-pages", cwd=work)
    git("push", "--quiet", str(bare), "gh-pages", cwd=work)
    return work, bare


def test_ghpages_dry_run_and_limit_leave_the_branch_and_remote_as_they_were(built, pages_repo):
    output, settings = built
    work, bare = pages_repo
    settings = {**settings, "DEPLOY_GHPAGES": {"repo": str(work), "remote": str(bare)}}
    heads = (git("rev-parse", "gh-pages", cwd=work), git("rev-parse", "gh-pages", cwd=bare))

    plan = publish("ghpages", output, settings, dry_run=True)
    assert len(plan.deleted) == UNRELATED and set(plan.uploaded) == all_files(output) | {".nojekyll"}
    with pytest.raises(DeployError, match=rf"branch 'gh-pages' of {work} would delete {UNRELATED}"):
        publish("ghpages", output, settings)
    assert (git("rev-parse", "gh-pages", cwd=work), git("rev-parse", "gh-pages", cwd=bare)) == heads

    done = publish("ghpages", output, settings, force=True)
    assert len(done.deleted) == UNRELATED
    published = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=bare).splitlines())
    assert published == all_files(output) | {".nojekyll"}
    again = publish("ghpages", output, settings, dry_run=True)
    assert again.uploaded == [] and again.deleted == []


def test_ghpages_refuses_the_branch_that_holds_the_sources(built, pages_repo):
    output, settings = built
    work, bare = pages_repo
    head = git("rev-parse", "main", cwd=work)
    with pytest.raises(DeployError, match="'main' is the branch checked out"):
        publish("ghpages", output, {**settings, "DEPLOY_GHPAGES": {
            "repo": str(work), "remote": str(bare), "branch": "main"}}, force=True)
    assert git("rev-parse", "main", cwd=work) == head
    assert (work / "other-site" / "page-0.html").exists()


def test_invoke_publish_dry_run_needs_a_target():
    done = subprocess.run([str(Path(sys.executable).parent / "invoke"), "publish", "--dry-run"],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "--dry-run and --force go with --to" in done.stderr
