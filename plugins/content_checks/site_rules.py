"""Rules across the whole site, checked once every source has been read.

Two posts (or a post and a page, or a post and a listing page such as
tags/) that would be written to the same file or served at the same URL;
and any source file Pelican gave up on for a reason no check named.
"""

from __future__ import annotations

import os
import posixpath
from collections import defaultdict

from pelican.contents import Content, Static
from safe_input.errors import ContentError, display_path
from safe_input.problems import problems_of, report

SLUG_FIX = 'give {which} a different "Slug:" in its metadata (or a different title)'


def check_site(generators) -> None:
    """`all_generators_finalized` receiver."""
    settings, context = generators[0].settings, generators[0].context
    problems = problems_of(settings)
    if problems is None:
        return
    generated = context["generated_content"]
    contents = [c for c in generated.values()
                if isinstance(c, Content) and not isinstance(c, Static)]
    for error in clashes(contents, listing_outputs(context, settings)):
        report(settings, error)
    explained = problems.paths()
    for relative, content in generated.items():
        path = os.path.join(settings["PATH"], relative)
        if content is None and path not in explained:
            report(settings, ContentError(
                path,
                "Pelican could not use this file; the reason is in its message above",
                "correct what that message names",
            ))


def listing_outputs(context, settings):
    """(description, file) for every page Pelican writes that is not a post."""
    for name in settings["DIRECT_TEMPLATES"]:
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as:
            yield f"the {name} page", save_as
    for kind in ("tags", "categories", "authors"):
        for term, _articles in context.get(kind, ()):
            if term.save_as:
                yield f'the page of {term.__class__.__name__.lower()} "{term}"', term.save_as


def clashes(contents, listings):
    by_file, by_url = defaultdict(list), defaultdict(list)
    for content in contents:
        if content.save_as:
            by_file[posixpath.normpath(content.save_as)].append(content)
            by_url[content.url.strip("/")].append(content)
    taken = {posixpath.normpath(save_as): what for what, save_as in listings}

    reported = set()
    for save_as, group in by_file.items():
        paths = tuple(sorted(c.source_path for c in group))
        if len(group) > 1:
            reported.add(paths)
            yield ContentError(
                paths,
                f"{len(group)} sources would be written to the same file, {save_as} "
                f"(URL /{group[0].url})",
                SLUG_FIX.format(which="all but one of them"),
                field="Slug",
            )
        if save_as in taken:
            yield ContentError(
                paths,
                f"it would be written to {save_as}, which is {taken[save_as]}",
                SLUG_FIX.format(which="it"),
                field="Slug",
            )
    for url, group in by_url.items():
        paths = tuple(sorted(c.source_path for c in group))
        if len(group) > 1 and paths not in reported:
            files = ", ".join(f"{display_path(c.source_path)} → {c.save_as}" for c in group)
            yield ContentError(
                paths,
                f"{len(group)} sources have the same URL /{url} but different files ({files})",
                SLUG_FIX.format(which="all but one of them") + ', or remove a "URL:" override',
                field="Slug",
            )
