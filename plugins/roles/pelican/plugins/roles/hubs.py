"""The role hubs (/roles/ and /roles/<slug>/, paginated like tag pages) and
each role's Atom and RSS feeds, written through Pelican's writer."""

from __future__ import annotations

import os
from functools import partial


def write_hubs(generator, writer) -> None:
    roles = getattr(generator, "roles", None)
    if roles is None:  # the build stopped before the roles were prepared
        return
    settings = generator.settings
    write = partial(writer.write_file, relative_urls=settings["RELATIVE_URLS"])

    if settings["ROLES_SAVE_AS"]:
        write(
            settings["ROLES_SAVE_AS"],
            generator.get_template("roles"),
            generator.context,
            url=settings["ROLES_URL"],
            template_name="roles",
            page_name=os.path.splitext(settings["ROLES_SAVE_AS"])[0],
        )

    template = generator.get_template("role")
    for role in roles:
        write(
            role.save_as,
            template,
            generator.context,
            role=role,
            url=role.url,
            articles=role.articles,
            # Role lists are newest first; `dates` follows the archives' order.
            dates=role.articles if settings["NEWEST_FIRST_ARCHIVES"] else role.articles[::-1],
            template_name="role",
            blog=True,
            page_name=role.page_name,
            all_articles=generator.articles,
        )
        _write_feeds(generator, writer, role)


def _write_feeds(generator, writer, role) -> None:
    for kind, url, feed_type in (("ATOM", role.feed_atom, "atom"),
                                 ("RSS", role.feed_rss, "rss")):
        if url:
            writer.write_feed(
                role.articles,
                generator.context,
                str(generator.settings[f"ROLE_FEED_{kind}"]).format(slug=role.slug),
                url,
                feed_type=feed_type,
                feed_title=f"Essays for {role.plural}",
            )
