"""The benchmark's synthetic corpus: deterministic, complete, shaped like our essays, buildable.

Also checks that the benchmark's build wrapper reports each build's own
peak memory (not one accumulated over earlier builds).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import feedparser
import markdown
import pytest
from bs4 import BeautifulSoup

from sitebuild import REPO, Site

BENCH = REPO / "benchmarks"
ROLE_NAMES = {"coach": "Coach", "scrum-master": "Scrum Master", "consultant": "Consultant",
              "manager": "Manager", "leader": "Leader"}
ESSAY_FIELDS = ["Title", "Date", "Author", "Category", "Tags", "Slug", "Summary", "Roles"]


def load(name: str):
    """A module of benchmarks/, loaded by path so its short name shadows nothing."""
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


corpus = load("corpus")
builds = load("builds")


def generate_cli(out: Path, essays: int, replies: int, seed: int) -> Path:
    subprocess.run([sys.executable, str(BENCH / "corpus.py"), "--essays", str(essays),
                    "--replies", str(replies), "--seed", str(seed), str(out)],
                   check=True, capture_output=True)
    return out


def read_metadata(path: Path) -> tuple[dict, str]:
    header, body = path.read_text(encoding="utf-8").split("\n\n", 1)
    fields = dict(line.split(": ", 1) for line in header.splitlines())
    return fields, body


def essay_files(root: Path) -> list[Path]:
    return sorted((root / "content").glob("*.md"))


def all_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """Five essays with three replies each, as the CLI writes them."""
    return generate_cli(tmp_path_factory.mktemp("corpus") / "c", 5, 3, 1)


def test_same_seed_gives_identical_files_and_another_seed_does_not(tmp_path, small):
    again = generate_cli(tmp_path / "again", 5, 3, 1)
    other = generate_cli(tmp_path / "other", 5, 3, 2)
    assert all_files(again) == all_files(small)
    assert all_files(other) != all_files(small)


def test_requested_numbers_of_essays_and_replies(tmp_path):
    root = generate_cli(tmp_path / "c", 12, 4, 3)
    essays = essay_files(root)
    assert len(essays) == 12
    for essay in essays:
        assert len(list((root / "content" / "replies" / essay.stem).glob("*.md"))) == 4
    assert len(list((root / "content" / "replies").glob("*/*.md"))) == 48
    assert len(list((root / "hugo" / "content" / "posts").glob("[!_]*.md"))) == 12
    manifest = json.loads((root / "corpus.json").read_text())
    assert sorted(f["path"] for f in manifest["files"]) == [f"content/{p.name}" for p in essays]


def test_essays_have_metadata_role_sections_list_quote_and_closing_question(small):
    slugs = set()
    for path in essay_files(small):
        meta, body = read_metadata(path)
        assert list(meta) == ESSAY_FIELDS, path
        assert meta["Slug"] == path.stem and meta["Slug"] not in slugs
        slugs.add(meta["Slug"])
        dt.datetime.strptime(meta["Date"], "%Y-%m-%d %H:%M")
        assert meta["Title"] and meta["Author"] and meta["Category"] and meta["Summary"]
        assert 2 <= len(meta["Tags"].split(", ")) <= 5
        roles = meta["Roles"].split(", ")
        assert 1 <= len(roles) <= 3 and set(roles) <= set(ROLE_NAMES)

        page = BeautifulSoup(markdown.markdown(body), "html.parser")
        sections = [re.fullmatch(r"(.+) and the (.+)", h.get_text()).groups()
                    for h in page.find_all("h2")]
        assert [role for _, role in sections] == [ROLE_NAMES[r] for r in roles]
        assert all(topic in meta["Title"] for topic, _ in sections)
        assert len(page.find("ul").find_all("li")) >= 4
        assert page.find("blockquote").get_text(strip=True)
        closing = page.find_all(recursive=False)[-1]
        assert closing.name == "p" and re.search(r"\?\W*$", closing.get_text())
        assert 560 <= len(body.split()) <= 800


def test_hugo_copy_carries_the_same_essay(small):
    for path in essay_files(small):
        meta, body = read_metadata(path)
        front, hugo_body = (small / "hugo" / "content" / "posts" / path.name).read_text(
            encoding="utf-8").split("\n\n", 1)
        front = json.loads(front)
        assert (front["title"], front["slug"], front["roles"]) == (
            meta["Title"], meta["Slug"], meta["Roles"].split(", "))
        assert front["date"].startswith(meta["Date"].replace(" ", "T"))
        assert hugo_body == body


def test_threaded_replies_reference_earlier_replies_of_the_same_post(tmp_path):
    root = generate_cli(tmp_path / "c", 10, 5, 4)
    slugs = {p.stem for p in essay_files(root)}
    parents = 0
    for folder in (root / "content" / "replies").iterdir():
        assert folder.name in slugs
        replies = {p.stem: read_metadata(p)[0] for p in folder.glob("*.md")}
        for reply_id, meta in replies.items():
            assert {"Author", "Date", "Source"} <= set(meta), (folder, reply_id)
            if "Parent" in meta:
                parents += 1
                parent = replies[meta["Parent"]]
                assert parent["Date"] < meta["Date"]
    assert parents, "the corpus should thread some replies"


def test_small_corpus_builds_with_bare_pelican(tmp_path, small):
    output = tmp_path / "out"
    argv = builds.TOOLS["bare"].command(small, output, tmp_path)
    proc = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for path in essay_files(small):
        meta, _ = read_metadata(path)
        assert meta["Title"] in (output / meta["Slug"] / "index.html").read_text(encoding="utf-8")
    tag = read_metadata(essay_files(small)[0])[0]["Tags"].split(", ")[0]
    feed = feedparser.parse(str(output / "feeds" / "tag" / f"{tag.replace(' ', '-')}.atom.xml"))
    assert not feed.bozo and feed.entries
    # Bare Pelican knows nothing of replies: they must not turn up as essays.
    assert len(list(output.glob("*/index.html"))) == len(essay_files(small)) + len(
        ["about", "archives", "authors", "categories", "tags"])


def test_small_corpus_builds_with_hugo(tmp_path, small):
    output = tmp_path / "out"
    proc = subprocess.run(builds.hugo_command(small, output, tmp_path), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    meta, _ = read_metadata(essay_files(small)[0])
    page = BeautifulSoup((output / meta["Slug"] / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.h1.get_text() == meta["Title"]
    assert len(page.find_all("h2")) == len(meta["Roles"].split(", "))
    for feed_file in ("index.xml", "atom.xml"):
        feed = feedparser.parse(str(output / feed_file))
        assert not feed.bozo and len(feed.entries) == 5


def test_small_corpus_builds_with_our_full_site(tmp_path, small):
    site = Site(tmp_path / "site")
    subprocess.run(["cp", "-r", f"{small / 'content'}/.", str(site.content)], check=True)
    build = site.build()
    assert build.ok, build.log
    path = essay_files(small)[0]
    meta, _ = read_metadata(path)
    page = build.page(f"{meta['Slug']}/")
    assert meta["Title"] in page.get_text()
    # Our plugins read the reply archive: each reply's author is on its essay's page.
    for reply in (small / "content" / "replies" / meta["Slug"]).glob("*.md"):
        assert read_metadata(reply)[0]["Author"] in page.get_text()


def test_measure_reports_the_peak_of_each_build_alone(tmp_path):
    def peak(mib: int) -> float:
        code = f"block = bytearray({mib} * 2**20); block[::4096] = b'x' * len(block[::4096])"
        proc = subprocess.run([sys.executable, str(BENCH / "measure.py"), str(tmp_path / "log"),
                               "--", sys.executable, "-c", code],
                              capture_output=True, text=True, check=True)
        result = json.loads(proc.stdout)
        assert result["returncode"] == 0
        return result["peak_rss_mib"]

    assert peak(200) >= 200
    assert peak(10) < 100


def test_measure_counts_the_cpu_time_of_the_processes_a_build_waits_for(tmp_path):
    # The build's own second of work, and a child's (a worker, Pagefind), both count.
    spin = "import time\nend = time.process_time() + 1\nwhile time.process_time() < end: pass\n"
    code = (f"import subprocess, sys\nchild = subprocess.Popen([sys.executable, '-c', {spin!r}])\n"
            f"{spin}child.wait()\n")
    proc = subprocess.run([sys.executable, str(BENCH / "measure.py"), str(tmp_path / "log"),
                           "--", sys.executable, "-c", code],
                          capture_output=True, text=True, check=True)
    result = json.loads(proc.stdout)
    assert result["returncode"] == 0
    # One second each: the child's second is counted too.
    assert result["cpu_s"] >= 1.9
