"""Rules every article and page must meet once Pelican has built it from its source.

Runs on `content_object_init`, which Pelican sends for every article and
page it reads (from its cache or not), with all metadata merged: the
file's own, DEFAULT_METADATA, EXTRA_PATH_METADATA and the file name.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from pelican.contents import Article, Page
from pelican_compat import raw_text
from safe_input.errors import ContentError
from safe_input.fields import EXAMPLE_DATE, add_field_hint, find_field_line
from safe_input.problems import problems_of, report

# A BCP 47 language tag, loosely: "en", "de-CH", "zh-Hant-TW", "sr-Latn".
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")


def check_content(content) -> None:
    """Report every rule the content breaks, then stop Pelican from using it."""
    # Other Content classes (static files, plugin-made objects) have rules of their own.
    if type(content) not in (Article, Page) or problems_of(content.settings) is None:
        return
    errors = list(broken_rules(content))
    for error in errors:
        report(content, error)
    if errors:
        # Raising makes Pelican skip the file and keeps it out of its cache,
        # so the problem is found again on the next build.
        raise errors[0]


def broken_rules(content):
    reader = content.metadata.get("reader", "markdown")
    draft = content.status == "draft"
    if not str(getattr(content, "title", "")).strip():
        yield (empty_title(content, reader) if "title" in content.metadata
               else missing_field(content, reader, "Title", "Your title"))
    if isinstance(content, Article) and not draft and not hasattr(content, "date"):
        yield missing_field(content, reader, "Date", EXAMPLE_DATE)
    if not draft and not raw_text(content).strip():
        yield ContentError(
            content.source_path,
            "the post has no text after its metadata",
            "write the text below the metadata, after a blank line; to keep an "
            'unfinished post off the site, add "Status: draft"',
        )
    lang = content.metadata.get("lang")
    if lang is not None and not LANGUAGE_TAG.fullmatch(str(lang)):
        text = Path(content.source_path).read_text(encoding="utf-8-sig")
        yield ContentError(
            content.source_path,
            f"{str(lang)!r} is not a language tag; it would go into the page's "
            "lang attribute and, for a translation, into its file name",
            'write a language tag such as "en", "fr" or "pt-BR"',
            field="Lang",
            line=find_field_line(text, reader, "lang"),
        )
    allowed = getattr(content, "allowed_statuses", ())
    if content.status not in allowed:
        yield ContentError(
            content.source_path,
            f'"{content.status}" is not a status',
            f"use one of: {', '.join(allowed)}",
            field="Status",
        )


def empty_title(content, reader: str) -> ContentError:
    """A title line with no text, or none left once titles.clean_title took out what may not stay."""
    text = Path(content.source_path).read_text(encoding="utf-8-sig")
    return ContentError(
        content.source_path,
        "has no text, or only markup a title may not hold (a script, an image, a link…)",
        "write the title as text; inline tags such as <em>, <strong> and <code> may stay",
        field="Title",
        line=find_field_line(text, reader, "title"),
    )


def missing_field(content, reader: str, field: str, example: str) -> ContentError:
    near = difflib.get_close_matches(field.lower(), content.metadata, n=1, cutoff=0.75)
    if near:
        typo = near[0].capitalize()
        text = Path(content.source_path).read_text(encoding="utf-8-sig")
        return ContentError(
            content.source_path,
            f'missing; the metadata has "{typo}", which Pelican does not know',
            f'did you mean "{field}"? Rename "{typo}" to "{field}"',
            field=field,
            line=find_field_line(text, reader, near[0]),
        )
    what = "article" if isinstance(content, Article) else "page"
    return ContentError(
        content.source_path,
        f"missing; every {what} needs one",
        add_field_hint(reader, field, example),
        field=field,
    )
