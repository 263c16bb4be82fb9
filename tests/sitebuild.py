"""Build small sites in temp folders with the real Pelican, and read the output.

A `Site` is a folder with its own `content/` and a settings file that loads
the project's pelicanconf.py (or publishconf.py) and then applies the test's
overrides. A `PlainSite` has none of the project's settings: Pelican's own
defaults, its simple theme and only the plugins the test names, as another
Pelican user would have them (the packaged plugins' tests in
`plugins/<name>/tests` build these against the installed package).
`build()` runs the `pelican` command in a subprocess, exactly as an author
would, and returns a `Build` to read pages and feeds from.
"""

from __future__ import annotations

import gzip
import json
import socket
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]
PROJECT_CONTENT = REPO / "content"


def tree_state(folder: Path) -> dict:
    """Every file under `folder` with its bytes and modification time."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def search_index(output: Path, bundle: str = "pagefind") -> dict[str, str]:
    """What the site's Pagefind index holds: URL of each indexed page -> its indexed text."""
    found = {}
    for fragment in sorted(output.glob(f"{bundle}/*/fragment/*")):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[data["url"]] = data["content"]
    return found


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Build:
    returncode: int
    output: Path
    log: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def path(self, rel: str) -> Path:
        """The output file for a URL path like 'mutual-learning/' or 'feeds/all.atom.xml'."""
        rel = rel.lstrip("/")
        target = self.output / rel
        if rel == "" or rel.endswith("/"):
            target = target / "index.html"
        return target

    def text(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def page(self, rel: str) -> BeautifulSoup:
        return BeautifulSoup(self.text(rel), "html.parser")

    def files(self, pattern: str = "**/*") -> list[Path]:
        return sorted(p for p in self.output.glob(pattern) if p.is_file())


class Site:
    """A Pelican site in `root`, sharing the project's theme and plugins."""

    def __init__(self, root: Path, *, copy_project_content: bool = False, **settings):
        self.root = Path(root)
        self.content = self.root / "content"
        self.content.mkdir(parents=True, exist_ok=True)
        self.settings = dict(settings)
        if copy_project_content:
            subprocess.run(["cp", "-r", f"{PROJECT_CONTENT}/.", str(self.content)], check=True)

    def write(self, rel: str, text: str, *, encoding: str = "utf-8") -> Path:
        """Write a content file; `text` is dedented so tests can indent it."""
        target = self.content / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding=encoding)
        return target

    def write_bytes(self, rel: str, data: bytes) -> Path:
        target = self.content / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return target

    def settings_file(self, publish: bool, overrides: dict) -> Path:
        base = "publishconf" if publish else "pelicanconf"
        lines = [
            "import sys",
            f"sys.path.insert(0, {str(REPO)!r})",
            f"from {base} import *",
            "PATH = 'content'",
            f"CACHE_PATH = {str(self.root / 'cache')!r}",
        ]
        # Not named pelicanconf.py: Pelican imports the settings file under its
        # own name, so `from pelicanconf import *` would import itself.
        return self._write_settings(f"site_{base}.py", lines, overrides)

    def _write_settings(self, name: str, lines: list[str], overrides: dict) -> Path:
        lines = lines + [f"{key} = {value!r}"
                         for key, value in {**self.settings, **overrides}.items()]
        target = self.root / name
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return target

    def build(self, *, publish: bool = False, output: Path | None = None,
              env: dict | None = None, **overrides) -> Build:
        """Run `pelican content -s <settings> -o <output>` and return what it did."""
        output = Path(output) if output else self.root / "output"
        settings = self.settings_file(publish, overrides)
        proc = subprocess.run(
            [sys.executable, "-m", "pelican", str(self.content), "-s", str(settings),
             "-o", str(output)],
            cwd=self.root, capture_output=True, text=True, env=env, timeout=600,
        )
        return Build(proc.returncode, output, proc.stdout + proc.stderr)


class PlainSite(Site):
    """A Pelican site with none of the project's settings: Pelican's defaults and
    simple theme, pretty URLs (`/<slug>/`), and only the plugins in `PLUGINS`."""

    def __init__(self, root: Path, **settings):
        super().__init__(root, **{"PLUGINS": [], **settings})

    def settings_file(self, publish: bool, overrides: dict) -> Path:
        if publish:
            raise ValueError("a plain site has no publishconf.py: pass SITEURL=... instead")
        lines = [
            "SITENAME = 'A plain Pelican'",
            "PATH = 'content'",
            "THEME = 'simple'",
            "TIMEZONE = 'UTC'",
            "SITEURL = ''",
            "ARTICLE_URL = '{slug}/'",
            "ARTICLE_SAVE_AS = '{slug}/index.html'",
            "PAGE_URL = '{slug}/'",
            "PAGE_SAVE_AS = '{slug}/index.html'",
            f"CACHE_PATH = {str(self.root / 'cache')!r}",
        ]
        return self._write_settings("plain_pelicanconf.py", lines, overrides)
