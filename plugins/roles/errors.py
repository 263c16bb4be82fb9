"""Unknown roles in `Roles:` metadata, reported through content_checks.

content_checks gathers every bad-input problem of a build and stops it
before anything is written, with the old output intact. Pelican loads
plugins by name rather than from sys.path, so content_checks can only be
imported when it is enabled; without it the problems are raised at once.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from .taxonomy import UnknownRole


class UnknownRoleError(ValueError):
    """Raised only when content_checks is off; the message lists every problem."""


def _content_checks():
    try:
        return (
            importlib.import_module("content_checks.errors"),
            importlib.import_module("content_checks.fields"),
            importlib.import_module("content_checks.problems"),
        )
    except ModuleNotFoundError:
        return None


def report_unknown_roles(generator, unknown: list[UnknownRole], known: list[str],
                         articles_by_path: dict) -> None:
    fix_known = "use one of the site's roles (" + ", ".join(known) + ")"
    checks = _content_checks()
    messages = []
    for problem in unknown:
        text = problem.value
        what = f"unknown role '{text}'"
        if problem.suggestion:
            what += f" — did you mean '{problem.suggestion}'?"
        fix = f"{fix_known}, or add '{text}' to the ROLES setting"
        if checks is None:
            messages.append(f"{problem.source_path}: Roles: {what} Fix: {fix}")
            continue
        errors, fields, problems = checks
        article = articles_by_path[problem.source_path]
        source = Path(problem.source_path).read_text(encoding="utf-8", errors="replace")
        line = fields.find_field_line(source, article.metadata.get("reader", ""), "Roles")
        problems.report(generator, errors.ContentError(
            problem.source_path, what, fix, line=line, field="Roles"))
    if messages:
        raise UnknownRoleError("\n".join(messages))
