"""Content-hashed names for the theme's static files.

A stylesheet named `site.3f2a9c1b.css` can be cached by browsers and CDNs for
a year: when its content changes, so does its name, and the pages that link
it. Templates ask for `asset('css/site.css')`; the build writes the hashed
copy next to the plain one that Pelican copies to `output/<THEME_STATIC_DIR>/`.
Hashed stylesheets and scripts are minified: they are what readers download,
and the article page has a 30 KB budget.
"""

from __future__ import annotations

import fnmatch
import hashlib
import re
from pathlib import Path

import rcssmin
import rjsmin

HASH_LENGTH = 8
# What a fingerprinted name looks like, for the cache rules of the hosts.
FINGERPRINTED = re.compile(rf"\.[0-9a-f]{{{HASH_LENGTH}}}\.[A-Za-z0-9]+$")


class UnknownAsset(LookupError):
    pass


def hashed_name(relpath: str, data: bytes) -> str:
    """'css/site.css' -> 'css/site.3f2a9c1b.css'."""
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    path = Path(relpath)
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


MINIFIERS = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


def published_bytes(source: Path) -> bytes:
    """The file as readers get it: minified when it is CSS or JavaScript."""
    data = source.read_bytes()
    minify = MINIFIERS.get(source.suffix)
    return minify(data.decode("utf-8")).encode("utf-8") if minify else data


def theme_static_files(settings: dict) -> dict[str, Path]:
    """Every theme static file, keyed by its path under THEME_STATIC_DIR.

    Mirrors how Pelican's StaticGenerator copies THEME_STATIC_PATHS: a folder's
    contents land directly in THEME_STATIC_DIR, a single file by its name.
    """
    theme = Path(settings["THEME"])
    ignored = settings.get("IGNORE_FILES", [])
    files: dict[str, Path] = {}
    for entry in settings.get("THEME_STATIC_PATHS", ["static"]):
        source = theme / entry
        if source.is_file():
            files[source.name] = source
            continue
        for path in sorted(source.rglob("*")):
            rel = path.relative_to(source)
            if path.is_file() and not any(
                fnmatch.fnmatch(part, pattern) for part in rel.parts for pattern in ignored
            ):
                files[rel.as_posix()] = path
    return files


def asset_function(settings: dict):
    """The `asset(path)` Jinja global: 'css/site.css' -> 'theme/css/site.3f2a9c1b.css'.

    Each build gets a fresh function (from generator_init), so a stylesheet
    edited during `invoke serve` gets its new name on the next rebuild.
    """
    static_dir = settings.get("THEME_STATIC_DIR", "theme")
    files: dict[str, Path] = {}
    names: dict[str, str] = {}

    def asset(relpath: str) -> str:
        if relpath not in names:
            if not files:
                files.update(theme_static_files(settings))
            source = files.get(relpath)
            if source is None:
                raise UnknownAsset(
                    f"asset({relpath!r}): no such file in the theme's static folders "
                    f"{settings.get('THEME_STATIC_PATHS')} under {settings['THEME']}; "
                    "give the path relative to theme/static/, e.g. asset('css/site.css')."
                )
            names[relpath] = hashed_name(relpath, published_bytes(source))
        return f"{static_dir}/{names[relpath]}"

    return asset


def write_hashed_copies(settings: dict, output_path: Path) -> list[str]:
    """Copy every theme static file to its hashed name; return the output paths."""
    static_dir = Path(output_path) / settings.get("THEME_STATIC_DIR", "theme")
    written = []
    for relpath, source in theme_static_files(settings).items():
        data = published_bytes(source)
        target = static_dir / hashed_name(relpath, data)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target.relative_to(output_path).as_posix())
    return sorted(written)
