"""The comment providers readers can use, and the checks on their options.

REPLIES_COMMENTS = {"provider": "<name>", <option>: <value>, …}. Each provider
has a partial, templates/reader_response/providers/<name>.html,
that turns the checked options into the embed; this module names what each
provider needs, refuses missing, misspelled or malformed options at build
time, and tells the publishing side which origins the page may load from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import urlsplit

from .errors import ReaderResponseError

Check = Callable[[Any], str | None]


def web_url(value) -> str | None:
    parts = urlsplit(value) if isinstance(value, str) else None
    if not parts or parts.scheme not in ("http", "https") or not parts.netloc:
        return "must be a full http:// or https:// address"
    return None


def web_url_or_path(value) -> str | None:
    if isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
        return None
    return web_url(value) and "must be a full http(s):// address or a path on this site like /isso/"


def pattern(regex: str, shape: str) -> Check:
    compiled = re.compile(regex)
    return lambda value: None if isinstance(value, str) and compiled.fullmatch(value) else f"must look like {shape}"


def choice(*values: str) -> Check:
    return lambda value: None if value in values else f"must be one of {', '.join(values)}"


def boolean(value) -> str | None:
    return None if isinstance(value, bool) else "must be True or False"


text = pattern(r"\S.*", "some text")
repo = pattern(r"[\w.-]+/[\w.-]+", "'owner/repository'")


@dataclass(frozen=True)
class Option:
    name: str
    check: Check
    example: str
    required: bool = False
    default: Any = None


@dataclass(frozen=True)
class Provider:
    name: str
    options: tuple[Option, ...]
    # Where the embed comes from, for the Content-Security-Policy: option name
    # holding a URL, or fixed origins.
    script_from: str | tuple[str, ...] = ()
    frames_from: tuple[str, ...] = ()
    # Where the page's own script talks to (Isso's API, for our reply form).
    connect_to: str | tuple[str, ...] = ()


PROVIDERS = {p.name: p for p in (
    Provider("isso", (
        Option("url", web_url_or_path, "'http://127.0.0.1:8080/' or SITEURL + '/isso/'", required=True),
    ), connect_to="url"),
    Provider("giscus", (
        Option("repo", repo, "'owner/repository'", required=True),
        Option("repo_id", text, "'R_kgDO…' (shown on https://giscus.app)", required=True),
        Option("category", text, "'Comments'", required=True),
        Option("category_id", text, "'DIC_kwDO…' (shown on https://giscus.app)", required=True),
        Option("mapping", choice("pathname", "url", "title", "og:title", "specific"), "'pathname'",
               default="pathname"),
        Option("reactions", boolean, "True", default=True),
        Option("input_position", choice("top", "bottom"), "'bottom'", default="bottom"),
        Option("lang", text, "'en'", default="en"),
        Option("host", web_url, "'https://giscus.app'", default="https://giscus.app"),
    ), script_from="host", frames_from=("host",)),
    Provider("utterances", (
        Option("repo", repo, "'owner/repository'", required=True),
        Option("issue_term", choice("pathname", "url", "title", "og:title"), "'pathname'",
               default="pathname"),
        Option("label", text, "'comments'"),
    ), script_from=("https://utteranc.es",), frames_from=("https://utteranc.es",)),
    Provider("disqus", (
        Option("shortname", pattern(r"[a-z0-9-]+", "'my-blog' (lowercase letters, digits, '-')"),
               "'my-blog'", required=True),
    ), script_from=("https://{shortname}.disqus.com", "https://c.disqus.com"),
        frames_from=("https://disqus.com",)),
    Provider("remark42", (
        Option("host", web_url, "'https://remark42.example.org'", required=True),
        Option("site_id", text, "'remark'", required=True),
        Option("locale", text, "'en'", default="en"),
    ), script_from="host", frames_from=("host",)),
    Provider("comentario", (
        Option("url", web_url, "'https://comments.example.org'", required=True),
        Option("lang", text, "'en'"),
    ), script_from="url"),
    Provider("none", ()),
)}


def checked(config) -> dict:
    """REPLIES_COMMENTS with defaults filled in; every problem in it raised at once."""
    where = "REPLIES_COMMENTS"
    if config is None:
        config = {"provider": "none"}
    if not isinstance(config, dict):
        raise ReaderResponseError(f"{where} is not usable:", [
            f"it must be a dict like {{'provider': 'isso', 'url': 'http://127.0.0.1:8080/'}} "
            f"(or {{'provider': 'none'}}), not {config!r}"])
    name = config.get("provider")
    if name not in PROVIDERS:
        raise ReaderResponseError(f"{where} is not usable:", [
            f"'provider' is {name!r}; set it to one of {', '.join(PROVIDERS)}"])
    provider = PROVIDERS[name]
    problems = []
    known = {option.name for option in provider.options}
    for key in sorted(set(config) - known - {"provider"}):
        options = ", ".join(sorted(known)) or "none"
        problems.append(f"'{key}' is not an option of {name} (its options: {options}); "
                        "remove it or fix its spelling")
    result = {"provider": name}
    for option in provider.options:
        value = config.get(option.name, option.default)
        # Every option is present (None when unset) so partials can test any of them.
        result[option.name] = None
        if value is None:
            if option.required:
                problems.append(f"{name} needs '{option.name}', e.g. '{option.name}': {option.example}")
            continue
        if problem := option.check(value):
            problems.append(f"{name} option '{option.name}' {problem}, not {value!r} "
                            f"(e.g. {option.example})")
            continue
        result[option.name] = value
    if problems:
        raise ReaderResponseError(f"{where} ({name}) is not usable:", problems)
    # Partials join paths onto these: Isso's endpoint ends with '/', the others do not.
    for key in ("url", "host"):
        if result.get(key):
            result[key] = result[key].rstrip("/") + ("/" if name == "isso" else "")
    return result


def csp_sources(settings: dict) -> dict[str, list[str]]:
    """Origins the configured provider's embed needs, by CSP directive ('self' when on-site)."""
    config = checked(settings.get("REPLIES_COMMENTS", {"provider": "none"}))
    provider = PROVIDERS[config["provider"]]

    def origins(spec) -> list[str]:
        if isinstance(spec, str):
            spec = (spec,)
        found = []
        for item in spec:
            url = config[item] if item in config else item.format(**config)
            parts = urlsplit(url)
            found.append(f"{parts.scheme}://{parts.netloc}" if parts.netloc else "'self'")
        return found

    scripts = origins(provider.script_from)
    sources = {
        "script-src": scripts,
        "connect-src": scripts + origins(provider.connect_to),
        "style-src": scripts,
        "frame-src": origins(provider.frames_from),
    }
    return sources
