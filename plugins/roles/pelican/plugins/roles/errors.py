"""Unknown roles in `Roles:` metadata, reported in the build's bad-input report.

The report (safe_input.problems) gathers every bad-input problem of a build
and stops it before anything is written, with the old output intact; with
no report running (content_checks off), the problems are raised at once.
"""

from __future__ import annotations

from pathlib import Path

from safe_input.errors import ContentError
from safe_input.fields import find_field_line
from safe_input.problems import problems_of, report

from .taxonomy import UnknownRole


class UnknownRoleError(ValueError):
    """Raised only when no bad-input report runs; the message lists every problem."""


def report_unknown_roles(generator, unknown: list[UnknownRole], known: list[str],
                         articles_by_path: dict) -> None:
    fix_known = "use one of the site's roles (" + ", ".join(known) + ")"
    reporting = problems_of(generator.settings) is not None
    messages = []
    for problem in unknown:
        text = problem.value
        what = f"unknown role '{text}'"
        if problem.suggestion:
            what += f" — did you mean '{problem.suggestion}'?"
        fix = f"{fix_known}, or add '{text}' to the ROLES setting"
        if not reporting:
            messages.append(f"{problem.source_path}: Roles: {what} Fix: {fix}")
            continue
        article = articles_by_path[problem.source_path]
        source = Path(problem.source_path).read_text(encoding="utf-8", errors="replace")
        line = find_field_line(source, article.metadata.get("reader", ""), "Roles")
        report(generator, ContentError(problem.source_path, what, fix, line=line, field="Roles"))
    if messages:
        raise UnknownRoleError("\n".join(messages))
