"""Thin runners for the real checking tools the quality gates use.

Each returns the problems the tool reported, as readable strings, so that a
failing test prints what the tool said.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from sitebuild import REPO

NODE_TOOLS = REPO / "tools" / "node" / "node_modules"
VNU_JAR = NODE_TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_TOOLS / "axe-core" / "axe.min.js"
HERE = Path(__file__).parent
ATOM_RNC = HERE / "schemas" / "atom.rnc"
LINKCHECKER_CONFIG = HERE / "linkcheckerrc"
CHROMIUM = "/usr/bin/chromium"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def vnu_errors(files: list[Path]) -> list[str]:
    """Nu HTML Checker errors (not warnings) for the given HTML files, in one Java run."""
    proc = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
         *map(str, files)],
        capture_output=True, text=True, timeout=600,
    )
    try:
        messages = json.loads(proc.stderr)["messages"]
    except ValueError:
        return [f"vnu.jar did not run (exit {proc.returncode}): {proc.stderr[:2000]}"]
    return [
        f"{m.get('url', '?').removeprefix('file:')}:{m.get('lastLine', '?')}: {m['message']}"
        f"\n    {m.get('extract', '').strip()}"
        for m in messages if m.get("type") in ("error", "non-document-error")
    ]


def jing_errors(feeds: Path | list[Path]) -> list[str]:
    """RELAX NG (RFC 4287) validation errors for one or more Atom feeds, from one Jing run."""
    feeds = [feeds] if isinstance(feeds, Path) else feeds
    jing = Path(sys.executable).parent / "pyjing"
    proc = subprocess.run([str(jing), "-c", str(ATOM_RNC), *map(str, feeds)],
                          capture_output=True, text=True, timeout=300)
    problems = [line for line in (proc.stdout + proc.stderr).splitlines() if line.strip()]
    if proc.returncode and not problems:
        problems = [f"jing exited with {proc.returncode} and said nothing"]
    return problems


def broken_links(start_url: str, *, timeout: int = 600) -> list[str]:
    """Internal links, images, stylesheets, feeds and anchors that don't resolve.

    LinkChecker crawls every page under `start_url` over HTTP, with its
    AnchorCheck plugin on (see linkcheckerrc); links leaving the site are
    only syntax-checked, since there is no network here. It reports a missing
    anchor as a warning, so the XML report is read rather than the exit code,
    and other warnings are not problems of the site.
    """
    linkchecker = Path(sys.executable).parent / "linkchecker"
    proc = subprocess.run(
        [str(linkchecker), "--config", str(LINKCHECKER_CONFIG), "--no-status",
         "--no-robots", "--output=xml", start_url],
        capture_output=True, text=True, timeout=timeout,
    )
    if "<linkchecker" not in proc.stdout:
        return [f"linkchecker did not run (exit {proc.returncode}):\n{proc.stderr}"]
    problems = []
    for url in ET.fromstring(proc.stdout[proc.stdout.index("<linkchecker"):]).iter("urldata"):
        where = f"{url.findtext('realurl')} (linked as {url.findtext('url')!r} " \
                f"from {url.findtext('parent')} line {url.find('parent').get('line')})" \
            if url.find("parent") is not None else url.findtext("realurl")
        valid = url.find("valid")
        if valid is not None and valid.text == "0":
            problems.append(f"{where}: {valid.get('result')}")
        for warning in url.iter("warning"):
            if warning.text and warning.text.startswith("Anchor `"):
                problems.append(f"{where}: {warning.text}")
    return problems


def lighthouse(url: str, out: Path) -> dict:
    """Lighthouse's category scores (0–100) and the page's total bytes."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(
        [str(NODE_TOOLS / ".bin" / "lighthouse"), url, "--quiet", "--output=json",
         f"--output-path={out}",
         "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking"
         " --disable-component-update --disable-sync --no-first-run",
         "--only-categories=performance,accessibility,best-practices,seo"],
        check=True, env=env, timeout=300, capture_output=True,
    )
    report = json.loads(out.read_text())
    scores = {key: round(cat["score"] * 100) for key, cat in report["categories"].items()}
    scores["total-byte-weight"] = report["audits"]["total-byte-weight"]["numericValue"]
    scores["failed-audits"] = sorted(
        key for key, audit in report["audits"].items()
        if audit.get("score") is not None and audit["score"] < 1
        and audit.get("scoreDisplayMode") == "binary")
    return scores


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.2 AA violations on the page Playwright has open."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        # evaluate() runs outside the page's own script policy, unlike a <script> tag.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})", WCAG_22_AA)
    return results["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = node.get("failureSummary", "").replace("\n", "\n      ")
            lines.append(f"      {summary}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)
