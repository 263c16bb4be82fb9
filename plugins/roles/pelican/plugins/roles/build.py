"""Once per build, after Pelican has read every article: give each essay its
roles, index the essays by role, and compute every cross-link from the index.

Runs on `article_generator_finalized`, after the generator has saved its
content cache, so nothing added here is ever cached: every build starts from
the essays as written.
"""

from __future__ import annotations

import logging
from functools import partial
from itertools import chain

from pelican.utils import (
    strip_toc_elements_from_html,
    truncate_html_paragraphs,
    truncate_html_words,
)
from pelican_compat import forget_rendered, raw_text, set_summary, summary_of, text_from

from .crosslinks import Later, RoleIndex
from .errors import report_unknown_roles
from .recognise import RoleMatcher, role_definitions
from .sections import add_role_lines, role_sections, section_anchors
from .taxonomy import Role, declared_roles

logger = logging.getLogger(__name__)


def _all_articles(generator) -> list:
    return list(chain(
        generator.articles, generator.translations,
        generator.hidden_articles, generator.hidden_translations,
        generator.drafts, generator.drafts_translations,
    ))


def prepare(generator) -> None:
    settings = generator.settings
    definitions = role_definitions(settings)
    matcher = RoleMatcher(definitions)
    roles = [Role(definition, settings) for definition in definitions]
    by_slug = {role.slug: role for role in roles}
    articles = _all_articles(generator)

    unknown, sectioned = [], []
    for article in articles:
        sections = role_sections(raw_text(article), matcher)
        declared = article.metadata.get("roles")
        if declared is None:
            slugs = _inferred(sections)
            if slugs:
                logger.info("%s: no Roles: metadata; inferred %s from its headings",
                            article.get_relative_source_path(), ", ".join(slugs))
        else:
            slugs = declared_roles(declared, matcher, definitions, article.source_path, unknown)
        article.roles = [by_slug[slug] for slug in slugs]
        article.metadata["roles"] = article.roles
        if sections:
            sectioned.append((article, sections))
    if unknown:
        report_unknown_roles(generator, unknown, list(by_slug),
                             {a.source_path: a for a in articles})

    index = RoleIndex(roles, generator.articles)
    anchors = SectionAnchors()
    for article, sections in sectioned:
        anchors.remember(article, sections)
    for role in roles:
        role.articles = index.by_role[role.slug]
        role.section_anchor = partial(anchors.href, slug=role.slug)
    count, candidates = settings["ROLES_RELATED_COUNT"], settings["ROLES_RELATED_CANDIDATES"]
    for article in articles:
        article.role_read_next = Later(index.read_next, article, count, candidates)

    generator.role_anchors = anchors
    _link_sections(generator, [article for article, _ in sectioned], index, by_slug)

    generator.roles = roles
    generator.context["roles"] = roles
    if settings["ROLES_SAVE_AS"]:
        generator.context["roles_index_url"] = settings["ROLES_URL"]


def text_changed(generator, article, read) -> bool:
    """fast_build's `article_text_changed`: redo the essay's role sections."""
    if not hasattr(generator, "roles"):  # the build stopped before the roles were prepared
        return True
    return relink(generator, article, declared=read.metadata.get("roles") is not None)


def relink(generator, article, declared: bool) -> bool:
    """Redo one essay's role sections after its text, and nothing else, changed.

    fast_build's dev server calls this with the edited text in
    the article's raw text and `declared` telling whether the essay has `Roles:`
    metadata. False when the roles inferred from its headings changed, which
    changes every role list: then only a full build is right.
    """
    sections = role_sections(raw_text(article), RoleMatcher(role_definitions(generator.settings)))
    if not declared and _inferred(sections) != [role.slug for role in article.roles]:
        return False
    # Hubs and other essays link into this essay's role sections by their ids.
    if not generator.role_anchors.remember(article, sections):
        return False
    by_slug = {role.slug: role for role in generator.roles}
    if sections:
        _link_sections(generator, [article], RoleIndex(generator.roles, generator.articles), by_slug)
    return True


def _inferred(sections) -> list[str]:
    return list(dict.fromkeys(s for section in sections for s in section.slugs))


def _link_sections(generator, sectioned: list, index: RoleIndex, by_slug: dict) -> None:
    """Have each essay with role sections linked when a page shows its text."""
    links = SectionLinks(generator, index, by_slug, generator.role_anchors)
    for article in sectioned:
        _keep_summary(article)
        text_from(article, partial(links.text, article))
    # A plugin that read an essay earlier in the build would otherwise leave
    # the old text in place.
    forget_rendered(sectioned)


class SectionAnchors:
    """Where in an essay the section for a role starts, as "#heading-id" ("" if unknown).

    Links made for a role (on its hub, in a "More for" line) lead there.
    Kept for every essay with role sections while the build reads them (the
    sections are found then anyway).
    """

    def __init__(self):
        self._anchors = {}

    def remember(self, article, sections) -> bool:
        """Keep the essay's anchors; False if they differ from the ones kept before."""
        anchors = section_anchors(raw_text(article), sections)
        before = self._anchors.get(id(article), {})
        self._anchors[id(article)] = anchors
        return anchors == before

    def href(self, article, slug: str) -> str:
        anchor = self._anchors.get(id(article), {}).get(slug)
        return f"#{anchor}" if anchor else ""


class SectionLinks:
    """A short "More for …" line after each role section of an essay.

    Worked out by the process that writes the essay, when it writes it: the
    process that reads every essay would otherwise do it all alone, and hold
    a second, longer copy of every essay's text (100 MB at 10,000 essays).
    """

    def __init__(self, generator, index: RoleIndex, by_slug: dict, anchors: SectionAnchors):
        self._generator = generator
        self._index = index
        self._by_slug = by_slug
        self._anchors = anchors
        self._matcher = RoleMatcher(role_definitions(generator.settings))
        # Most essays share one of a few lines per role (the newest N, or the
        # newest N+1 minus themselves), so each distinct line renders once.
        self._rendered = {}

    def text(self, article) -> str:
        text = raw_text(article)
        sections = role_sections(text, self._matcher)
        # An essay linked from one section is not linked again from the next.
        taken = set()
        return add_role_lines(text, sections, partial(self._line, article, taken))

    def _line(self, article, taken: set[int], slug: str) -> str:
        count = self._generator.settings["ROLES_MORE_FOR_COUNT"]
        essays = self._index.more_for(slug, article, count, taken)
        if not any(other is not article for other in self._by_slug[slug].articles):
            return ""  # nothing more for this role yet
        taken.update(map(id, essays))
        key = (slug, tuple(map(id, essays)))
        if key not in self._rendered:
            template = self._generator.get_template("roles/more_for")
            links = [(essay, f"{essay.url}{self._anchors.href(essay, slug)}") for essay in essays]
            self._rendered[key] = template.render(
                self._generator.context, role=self._by_slug[slug], links=links).strip()
        return self._rendered[key]


def _keep_summary(article) -> None:
    """Fix an essay's automatic summary to the essay as written.

    Pelican cuts a missing summary from the content; it must not take in a
    "More for …" line. A summary given this way is linked like an author's.
    """
    if summary_of(article) is not None:
        return
    settings = article.settings
    summary = raw_text(article)
    if settings.get("SUMMARY_MAX_PARAGRAPHS") is not None:
        summary = truncate_html_paragraphs(summary, settings["SUMMARY_MAX_PARAGRAPHS"])
    if settings["SUMMARY_MAX_LENGTH"] is not None:
        summary = truncate_html_words(
            summary, settings["SUMMARY_MAX_LENGTH"], settings["SUMMARY_END_SUFFIX"])
    set_summary(article, strip_toc_elements_from_html(summary))
