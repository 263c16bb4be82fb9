"""Reading the host files a build writes (`_headers`, `_nginx.conf`) as the hosts do."""

from __future__ import annotations

import re


def policy_of(config: str) -> dict[str, list[str]]:
    """The one Content-Security-Policy a host config file sets (nginx repeats it per location)."""
    (value,) = {line.split("Content-Security-Policy", 1)[1].strip(' :').removesuffix(' always;').strip('"')
                for line in config.splitlines() if "Content-Security-Policy" in line}
    return parse_policy(value)


def parse_policy(value: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in value.split("; ")}


def parse_headers_file(text: str) -> dict[str, list[tuple[str, str]]]:
    """Netlify / Cloudflare Pages `_headers`: a path line, then indented `Name: value` lines."""
    rules: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in text.splitlines():
        if line and not line[0].isspace():
            current = rules.setdefault(line.strip(), [])
        elif line.strip():
            name, value = line.strip().split(":", 1)
            current.append((name, value.strip()))
    return rules


def rule_matches(pattern: str, path: str) -> bool:
    """As the hosts read a rule's path: `*` matches anything, `:name` one segment."""
    parts = re.split(r"(\*|:\w+)", pattern)
    regex = "".join(".*" if p == "*" else "[^/]+" if p.startswith(":") else re.escape(p) for p in parts)
    return re.fullmatch(regex, path) is not None


def headers_for(rules, path: str) -> dict[str, str]:
    found = {}
    for pattern, headers in rules.items():
        if rule_matches(pattern, path):
            found.update(headers)
    return found
