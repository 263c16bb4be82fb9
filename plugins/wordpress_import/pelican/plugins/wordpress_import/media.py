"""The imported posts' images and files, brought from the old blog into content/.

`invoke import-wordpress PATH --media` is the one place the project fetches
from the internet, and what it fetches is named by an export someone else
may have written, so every download is treated as hostile:
- only http(s), and only the blog's own hosts (its site and blog URLs, with
  and without www.) and WordPress.com's media hosts (*.files.wordpress.com,
  i0–i3.wp.com); each redirect is followed here, not by the HTTP library,
  and checked the same way;
- a host that resolves to a private, loopback or link-local address is
  refused (an export could otherwise fetch from the author's own network and
  publish the answer), unless `allow_private` is given for a blog that lived
  on that network; the address checked is the address connected to;
- a size cap and a whole-download deadline per file, a stall timeout per
  read; a web page (text/html) or a type that contradicts the file's
  extension is refused, and only the file types WordPress accepts as uploads
  are kept;
- names are slugified and every path is checked to be inside the content
  folder; files are written to a temporary file beside content/ and moved
  into place whole, so a killed run leaves no half file and resumes where
  it stopped (a file that is there is done).

Only what published posts and pages use (and the files attached to them) is
fetched: every file in content/images/ is published at once, so the images
of a draft, a private or a scheduled post would appear before the post does.

What each original address became is recorded in content/wordpress-media.json,
the media manifest, with what could not be fetched and why and the old
attachment pages. Every import, with --media or not, rewrites the links to
files that are here to Pelican's `{static}` form, so a re-import keeps them.
Resized copies (`photo-300x200.jpg`) and WordPress.com's size parameters
(`?w=300`) lead to the original file, fetched once.
"""

from __future__ import annotations

import html
import ipaddress
import json
import mimetypes
import os
import re
import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from safe_input import OutsideFolder, inside, one_line
from slugify import slugify

MANIFEST = "wordpress-media.json"
FOLDER = "images/wp"
MAX_REDIRECTS = 5
DEFAULT_PORTS = {"http": 80, "https": 443}
CHUNK = 64 * 1024
# The upload types WordPress allows by default (wp_get_mime_types), less the
# ones a browser would run as part of the site (html, svg, js…).
EXTENSIONS = {
    "jpg", "jpeg", "jpe", "png", "gif", "webp", "avif", "bmp", "ico", "tif", "tiff", "heic",
    "mp3", "m4a", "m4b", "ogg", "oga", "wav", "flac", "aac", "wma", "mid", "midi",
    "mp4", "m4v", "mov", "webm", "ogv", "avi", "wmv", "mpeg", "mpg", "3gp", "3g2",
    "pdf", "doc", "docx", "odt", "rtf", "txt", "csv", "xls", "xlsx", "ods", "ppt", "pptx",
    "pps", "ppsx", "odp", "key", "pages", "numbers", "epub", "zip", "gz", "7z", "vtt", "srt",
}
# Types a server may send for any file without saying what it is.
UNTYPED = {"", "application/octet-stream", "binary/octet-stream", "application/download",
           "application/force-download", "application/x-download"}
WEB_PAGE_TYPES = {"text/html", "application/xhtml+xml"}
# WordPress.com serves uploads from <blog>.files.wordpress.com and resized
# copies from its image CDN i0–i3.wp.com ("Photon", /<host>/<path>).
WORDPRESS_FILES = re.compile(r"(?:[a-z0-9-]+\.)*files\.wordpress\.com")
PHOTON = re.compile(r"i[0-3]\.wp\.com")
UPLOADS = re.compile(r"/wp-content/(?:uploads|blogs\.dir)/|/files/\d{4}/\d{2}/")
RESIZED = re.compile(r"-\d{1,5}x\d{1,5}(?=\.[A-Za-z0-9]{1,5}$)")
# Addresses in Markdown and inline HTML: absolute, protocol-relative or root-relative uploads.
ADDRESS = re.compile(r"""(?:https?:)?//[^\s<>"'()\[\]{}\\]+|(?<![\w/.])/[^\s<>"'()\[\]{}\\]*"""
                     r"""/wp-content/uploads/[^\s<>"'()\[\]{}\\]+""", re.IGNORECASE)
TRAILING = ".,;:!?*_"


class FetchError(Exception):
    """One file could not be fetched; str() says why."""

    def __init__(self, reason: str, not_found: bool = False):
        super().__init__(reason)
        self.not_found = not_found


@dataclass
class Limits:
    max_bytes: int = 100 * 1024 * 1024
    seconds: float = 120.0  # the whole download of one file, redirects included
    stall: float = 20.0  # no byte for this long ends it


@dataclass
class MediaReport:
    downloaded: list[tuple[str, int]] = field(default_factory=list)  # (path, bytes)
    present: list[tuple[str, int]] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # original address -> why
    rewritten: int = 0  # links now pointing at files in content/
    held: int = 0  # files only posts kept off the site use

    def lines(self) -> list[str]:
        total = sum(n for _, n in self.downloaded + self.present)
        out = [f"Media: {len(self.downloaded)} downloaded, {len(self.present)} already here, "
               f"{len(self.failed)} could not be fetched; {_size(total)} in content/{FOLDER}/; "
               f"{self.rewritten} links now point at them"]
        if self.held:
            out.append(f"  {self.held} file(s) used only by drafts, private or scheduled posts "
                       "were not fetched: a file in content/images/ is published at once")
        out += [f"  not fetched: {url} — {why}" for url, why in sorted(self.failed.items())]
        return out


def on_the_site(text: str, now: datetime) -> bool:
    """Whether a written post or page is published by the next production build: no
    draft or skip status, and a date that has come (a scheduled post's has not)."""
    fields: dict[str, str] = {}
    for line in text.split("\n\n", 1)[0].splitlines():
        name, colon, value = line.partition(":")
        if colon:
            fields.setdefault(name.strip().lower(), value.strip())
    if fields.get("status", "published").lower() not in ("published", "hidden"):
        return False
    try:
        date = datetime.fromisoformat(fields.get("date", ""))
    except ValueError:
        return False
    return date <= (now.astimezone(date.tzinfo) if date.tzinfo else now)


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    return f"{n / 1024:.1f} KiB" if n < 2**20 else f"{n / 2**20:.1f} MiB"


def _host(netloc_or_url: str) -> str:
    parts = urlsplit(netloc_or_url if "//" in netloc_or_url else f"//{netloc_or_url}")
    return (parts.hostname or "").lower().rstrip(".")


# -- the manifest -----------------------------------------------------------


def load_manifest(content_dir: Path) -> dict:
    path = Path(content_dir) / MANIFEST
    if not path.exists():
        return {"files": {}, "failed": {}, "attachments": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {key: dict(data.get(key) or {}) for key in ("files", "failed", "attachments")}
    except (ValueError, TypeError, AttributeError) as error:
        raise ValueError(f"{path}: not a media manifest the importer can read ({error}); restore "
                         "it from version control, or delete it and import again") from None


def save_manifest(content_dir: Path, manifest: dict) -> None:
    data = {"about": "Written by `invoke import-wordpress`: each original media address and the "
                     "file it became, what could not be fetched and why, and the old attachment "
                     "pages with where they lead (read at every build for the redirects).",
            **{key: dict(sorted(manifest[key].items())) for key in ("files", "failed",
                                                                     "attachments")}}
    target = Path(content_dir) / MANIFEST
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        _replace_text(target, text)


def _replace_text(target: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".media-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, target)


def attachment_redirects(manifest_path: Path) -> dict[str, tuple[str, str]]:
    """Old attachment page -> (source path of its file or post, title), for the build.

    ValueError, naming the file, if it cannot be read.
    """
    path = Path(manifest_path)
    if not path.is_file():
        return {}
    try:
        attachments = json.loads(path.read_text(encoding="utf-8")).get("attachments") or {}
        return {str(old): (str(value["target"]), str(value.get("title", "")))
                for old, value in attachments.items() if old.startswith("/")}
    except (ValueError, TypeError, AttributeError, KeyError) as error:
        raise ValueError(f"{path}: the attachment pages cannot be read ({error}); restore the "
                         "file from version control or import again") from None


# -- which addresses are the blog's media --------------------------------------


class Hosts:
    """The hosts media may come from: the blog's own, and WordPress.com's media hosts."""

    def __init__(self, site_urls: Iterable[str]):
        # (host, port): port None for the default ports, which any of the blog's hosts may use.
        self.own: set[tuple[str, int | None]] = set()
        for url in site_urls:
            parts = urlsplit(url or "")
            if parts.scheme in ("http", "https") and parts.hostname:
                host = parts.hostname.lower().rstrip(".")
                bare = host.removeprefix("www.")
                self.own.update({(bare, parts.port), (f"www.{bare}", parts.port)})

    def is_own(self, host: str) -> bool:
        return any(host == name for name, _ in self.own)

    def allows(self, scheme: str, host: str, port: int | None) -> bool:
        if scheme not in ("http", "https"):
            return False
        wordpress = WORDPRESS_FILES.fullmatch(host) or PHOTON.fullmatch(host)
        if port in (None, DEFAULT_PORTS[scheme]) and ((host, None) in self.own or wordpress):
            return True
        return (host, port) in self.own


class Library:
    """The media of one import: what the posts use, where it goes, what is here."""

    def __init__(self, content_dir: Path, site_urls: Iterable[str],
                 attachments: dict[str, str] | None = None):
        """`attachments`: the address of each attachment page -> the address of its file."""
        from .documents import old_key

        attachments = attachments or {}
        self.content_dir = Path(content_dir)
        # WordPress.com exports name the platform (http://wordpress.com/) as the site.
        site_urls = [u for u in site_urls if urlsplit(u or "").scheme in ("http", "https")
                     and _host(u) != "wordpress.com"]
        self.hosts = Hosts(site_urls)
        # Root-relative links (/wp-content/uploads/…) are on the site's host.
        self.site = site_urls[0] if site_urls else ""
        self.manifest = load_manifest(self.content_dir)
        # Originals the export names (some end in -scaled, WordPress's own big-image copy).
        self.attachments = {self._unsized(u): u
                            for u in map(self.original, set(attachments.values())) if u}
        # A link to an attachment page shows its file, once the file is here.
        hosts = {host.removeprefix("www.") for host, _ in self.hosts.own}
        self._page_key = lambda url: old_key(url, hosts)
        self.pages = {self._page_key(page): file for page, file in attachments.items()
                      if self._page_key(page)}

    # -- addresses -----------------------------------------------------------

    def original(self, url: str) -> str | None:
        """The address of the file a media link shows, or None if it is not the blog's media."""
        url = url.strip().rstrip(TRAILING).replace("&amp;", "&")
        if url.startswith("/"):
            if not self.site:
                return None
            url = urljoin(self.site, url)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None
        host = parts.hostname.lower()
        path = parts.path
        if PHOTON.fullmatch(host):
            # i0.wp.com/example.org/wp-content/uploads/x.jpg?resize=300,200
            inner_host, _, rest = path.lstrip("/").partition("/")
            if not (self.hosts.is_own(inner_host.lower()) or WORDPRESS_FILES.fullmatch(
                    inner_host.lower())):
                return None
            return f"{parts.scheme}://{inner_host.lower()}/{rest}"
        if WORDPRESS_FILES.fullmatch(host):
            return f"{parts.scheme}://{parts.netloc.lower()}{path}"
        try:
            allowed = self.hosts.allows(parts.scheme, host, parts.port)
        except ValueError:
            return None
        if not allowed or not UPLOADS.search(path):
            return None
        return f"{parts.scheme}://{parts.netloc.lower()}{path}"

    @staticmethod
    def _unsized(url: str) -> str:
        return RESIZED.sub("", re.sub(r"-scaled(?=\.[A-Za-z0-9]+$)", "", url))

    def sources(self, original: str) -> list[str]:
        """Where to fetch `original` from: the full-size file first, then the copy linked."""
        full = self.attachments.get(self._unsized(original), self._unsized(original))
        return list(dict.fromkeys([full, original]))

    def key(self, url: str) -> str | None:
        """The manifest's name for what a link shows: its full-size original."""
        original = self.original(url)
        return self.sources(original)[0] if original else None

    def used(self, texts: Iterable[str]) -> dict[str, list[str]]:
        """Manifest key -> the addresses (as linked) of every media file the texts use."""
        found: dict[str, list[str]] = {}
        for text in texts:
            for match in ADDRESS.finditer(text):
                original = self.original(match.group(0))
                if original:
                    linked = found.setdefault(self.sources(original)[0], [])
                    if original not in linked:
                        linked.append(original)
        return found

    # -- local names ---------------------------------------------------------

    def name(self, key: str) -> str | None:
        """content/-relative path for a new file, or None for a type not kept."""
        path = unquote(urlsplit(key).path)
        stem, dot, extension = PurePosixPath(path).name.rpartition(".")
        extension = extension.lower()
        if not dot or extension not in EXTENSIONS:
            return None
        dated = re.findall(r"/(\d{4})/(\d{2})/", path)
        folder = "/".join(dated[-1]) if dated else "undated"
        base = slugify(stem) or "file"
        taken = set(self.manifest["files"].values())
        candidates = [f"{FOLDER}/{folder}/{base}.{extension}"] + [
            f"{FOLDER}/{folder}/{base}-{n}.{extension}" for n in range(2, 10_000)]
        # Never a name the author's own files already use.
        return next(c for c in candidates if c not in taken and not (self.content_dir / c).exists())

    def local(self, key: str) -> str | None:
        """The file `key` became, if it is here (the manifest is a file anyone can edit)."""
        rel = self.manifest["files"].get(key)
        try:
            return rel if rel and inside(self.content_dir, rel).is_file() else None
        except OutsideFolder:
            return None

    # -- rewriting -----------------------------------------------------------

    def rewrite(self, text: str) -> tuple[str, int]:
        """`text` with links to files that are here in Pelican's {static} form."""
        count = 0

        def replace(match: re.Match) -> str:
            nonlocal count
            token = match.group(0)
            kept = token[len(token.rstrip(TRAILING)):]
            file = self.pages.get(self._page_key(token.rstrip(TRAILING)))
            key = self.key(file or token)
            rel = self.local(key) if key else None
            if rel is None:
                return token
            count += 1
            return "{static}/" + rel + kept

        return ADDRESS.sub(replace, text), count


# -- fetching ------------------------------------------------------------------


def expected_type(extension: str) -> str:
    guessed, _ = mimetypes.guess_type(f"file.{extension}")
    return guessed or ""


def type_problem(content_type: str, extension: str) -> str | None:
    sent = content_type.split(";")[0].strip().lower()
    if sent in WEB_PAGE_TYPES:
        return f"the server sent a web page ({sent}), not the file"
    if sent in UNTYPED:
        return None
    family = expected_type(extension).split("/")[0]
    if family in ("image", "audio", "video") and sent.split("/")[0] != family:
        return f"the server sent {sent}, which is not a .{extension} file"
    return None


class Fetcher:
    """GET one file from an allowed host into place, or raise FetchError."""

    def __init__(self, hosts: Hosts, limits: Limits, allow_private: bool = False,
                 connect_to: dict[str, tuple[str, int]] | None = None):
        import urllib3  # only an import with --media needs the network library

        self.urllib3 = urllib3
        self.hosts = hosts
        self.limits = limits
        self.allow_private = allow_private
        # host -> (address, port): tests point WordPress.com's hosts at a local server.
        self.connect_to = dict(connect_to or {})
        self.pools: dict[tuple, object] = {}

    def close(self) -> None:
        for pool in self.pools.values():
            pool.close()

    def _check(self, url: str):
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"{url} is not an http(s) address")
        try:
            host, port = (parts.hostname or "").lower().rstrip("."), parts.port
        except ValueError:
            raise FetchError(f"{url} has no valid port") from None
        if not self.hosts.allows(scheme, host, port):
            raise FetchError(f"{host or url} is neither the blog's host nor a WordPress media "
                             "host; not fetched")
        return scheme, host, port or DEFAULT_PORTS[scheme], parts

    def _address(self, host: str, port: int) -> tuple[str, int]:
        if host in self.connect_to:
            return self.connect_to[host]
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            raise FetchError(f"{host} cannot be found ({error})") from None
        address = infos[0][4][0]
        if not self.allow_private and not ipaddress.ip_address(address.split("%")[0]).is_global:
            raise FetchError(f"{host} is at {address}, an address of this computer or a private "
                             "network; refused (give --media-private for a blog on your own "
                             "network)")
        return address, port

    def _pool(self, scheme: str, host: str, address: str, port: int):
        key = (scheme, host, address, port)
        if key not in self.pools:
            timeout = self.urllib3.Timeout(connect=min(10.0, self.limits.stall),
                                           read=self.limits.stall)
            if scheme == "https":
                self.pools[key] = self.urllib3.HTTPSConnectionPool(
                    address, port, timeout=timeout, retries=False, maxsize=1,
                    server_hostname=host, assert_hostname=host, cert_reqs="CERT_REQUIRED")
            else:
                self.pools[key] = self.urllib3.HTTPConnectionPool(
                    address, port, timeout=timeout, retries=False, maxsize=1)
        return self.pools[key]

    def fetch(self, url: str, target: Path, extension: str, partial: Path,
              advance: Callable[[int], None] = lambda n: None) -> int:
        """Download `url` to `target` (through a temporary file in `partial`); the size."""
        deadline = time.monotonic() + self.limits.seconds
        for _ in range(MAX_REDIRECTS + 1):
            if time.monotonic() > deadline:
                raise FetchError(f"took longer than {self.limits.seconds:.0f} s")
            scheme, host, port, parts = self._check(url)
            address, connect_port = self._address(host, port)
            pool = self._pool(scheme, host, address, connect_port)
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            try:
                response = pool.urlopen(
                    "GET", path, headers={"Host": parts.netloc, "Accept": "*/*",
                                          "Accept-Encoding": "identity",
                                          "User-Agent": "wordpress-import (media move)"},
                    redirect=False, retries=False, preload_content=False,
                    assert_same_host=False)
            except (self.urllib3.exceptions.HTTPError, OSError, ValueError) as error:
                raise FetchError(_network_reason(error)) from None
            try:
                if response.status in (301, 302, 303, 307, 308):
                    location = response.headers.get("Location", "")
                    if not location:
                        raise FetchError(f"the server answered {response.status} with no address")
                    url = urljoin(url, location.strip())
                    continue
                if response.status != 200:
                    gone = response.status in (404, 410)
                    raise FetchError(f"the server answered {response.status}"
                                     f"{' (not found)' if gone else ''}", not_found=gone)
                problem = type_problem(response.headers.get("Content-Type", ""), extension)
                if problem:
                    raise FetchError(problem)
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > self.limits.max_bytes:
                    raise FetchError(f"{int(declared):,} bytes, more than the "
                                     f"{self.limits.max_bytes:,} bytes a file may have "
                                     "(--media-max-mb)")
                return self._save(response, target, partial, deadline, advance)
            finally:
                response.release_conn()
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _save(self, response, target: Path, partial: Path, deadline: float,
              advance: Callable[[int], None]) -> int:
        partial.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=partial, prefix="download-")
        size = 0
        try:
            with os.fdopen(handle, "wb") as out:
                while True:
                    if time.monotonic() > deadline:
                        raise FetchError(f"took longer than {self.limits.seconds:.0f} s")
                    try:
                        # read1: what has arrived, so the deadline is checked while a slow
                        # server trickles bytes (read() would wait for a whole chunk).
                        chunk = response.read1(CHUNK)
                    except (self.urllib3.exceptions.HTTPError, OSError) as error:
                        raise FetchError(_network_reason(error)) from None
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > self.limits.max_bytes:
                        raise FetchError(f"more than the {self.limits.max_bytes:,} bytes a "
                                         "file may have (--media-max-mb)")
                    out.write(chunk)
                    advance(len(chunk))
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temporary, target)
            return size
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)


def _network_reason(error: Exception) -> str:
    name = type(error).__name__
    if "Timeout" in name or isinstance(error, TimeoutError):
        return "the server stopped sending (timed out)"
    if "SSL" in name:
        return f"the secure connection failed ({error})"
    if isinstance(error, ValueError):
        return f"the address cannot be asked for ({error})"
    return f"the connection failed ({name})"


# -- one import's media ------------------------------------------------------------


def bring(library: Library, wanted: dict[str, list[str]], fetcher: Fetcher, report: MediaReport,
          progress=None) -> None:
    """Download every wanted file that is not here yet; record each in the manifest."""
    manifest = library.manifest
    partial = library.content_dir.resolve().parent / ".wordpress-media-partial"
    shutil.rmtree(partial, ignore_errors=True)  # what a killed run left
    todo: list[tuple[str, str]] = []
    for key in sorted(wanted):
        rel = manifest["files"].get(key) or library.name(key)
        if rel is None:
            report.failed[key] = "not a file type the site keeps (images, audio, video, documents)"
            continue
        try:
            inside(library.content_dir, rel)
        except OutsideFolder as error:
            report.failed[key] = str(error)
            continue
        manifest["files"][key] = rel
        if library.local(key):
            manifest["failed"].pop(key, None)
            report.present.append((rel, (library.content_dir / rel).stat().st_size))
        else:
            todo.append((key, rel))
    # Names are decided before any download, so a killed run resumes with the same ones.
    library.content_dir.mkdir(parents=True, exist_ok=True)
    save_manifest(library.content_dir, manifest)
    task = progress.add_task("Fetching media", total=len(todo)) if progress else None
    fetched = 0

    def advance(size: int) -> None:
        nonlocal fetched
        fetched += size
        if progress:
            progress.update(task, description=f"Fetching media ({_size(fetched)})")

    try:
        for key, rel in todo:
            target = inside(library.content_dir, rel)
            extension = rel.rsplit(".", 1)[-1]
            # The copy a post links to stands in for an original the old blog no longer has.
            copies = [u for u in wanted[key] if u not in library.sources(key)]
            for source in library.sources(key) + copies:
                try:
                    size = fetcher.fetch(source, target, extension, partial, advance)
                except FetchError as error:
                    report.failed.setdefault(key, str(error))
                    if not error.not_found:
                        break
                    continue
                report.downloaded.append((rel, size))
                report.failed.pop(key, None)
                manifest["failed"].pop(key, None)
                break
            if progress:
                progress.advance(task)
    finally:
        fetcher.close()
        shutil.rmtree(partial, ignore_errors=True)
    for key, why in report.failed.items():
        manifest["failed"][key] = why
        if not library.local(key):
            manifest["files"].pop(key, None)


def attachment_pages(attachments, library: Library, links: dict[str, str],
                     blog_url: str) -> dict[str, dict[str, str]]:
    """Old attachment page -> {"target": the file if it is here, else its published post}."""
    from .documents import old_address

    base = urlsplit(blog_url).path.rstrip("/") + "/"
    pages: dict[str, dict[str, str]] = {}
    for item in attachments:
        key = library.key(item.attachment_url) if item.attachment_url else None
        target = library.local(key) if key else None
        if target is None:
            post = links.get(f"?p={item.post_parent}") or links.get(f"?page_id={item.post_parent}")
            if not post:
                continue
            target = post.removeprefix("{filename}/")
        olds = []
        if item.link and library.hosts.is_own(_host(item.link)):
            olds.append(old_address(item.link))
        if item.post_id.isdigit():
            olds.append(f"{base}?attachment_id={item.post_id}")
        for old in olds:
            pages[old] = {"target": target, "title": one_line(html.unescape(item.title))}
    return pages
