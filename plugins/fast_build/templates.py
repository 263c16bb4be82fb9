"""Jinja settings for builds that never see a template change mid-build, and
the `fragment()` global: a partial rendered once per essay, not once per page.

Pelican's default Jinja environment checks each template file on disk every
time a page includes it (tens of thousands of `stat` calls for a site of a
thousand essays). Within one build the theme does not change, and every
build (the dev server's rebuilds too) makes fresh environments, so the check
is switched off. Compiled templates are shared through a bytecode cache kept
in memory, so the second and later generators of a build, and later builds
of the dev server, skip compiling the theme again.

An essay appears in many listings (home, archives, its category, each tag
and role, its author): `{{ fragment("partials/article_summary.html", article) }}`
renders its entry once per build and site URL, and later listings reuse it.
The dev server's builds render it every time, so that its record of which
page shows which summary stays complete.
"""

from __future__ import annotations

from jinja2 import BytecodeCache, pass_context
from markupsafe import Markup

from .state import state_of


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates keyed by name and source checksum (Jinja checks the checksum)."""

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def __reduce__(self):
        # Pelican's content cache pickles the settings with the content; the
        # compiled theme need not travel with them.
        return (MemoryBytecodeCache, ())


def tune_environment(settings: dict) -> None:
    """`initialized`: turn off per-include file checks and share compiled templates."""
    env = dict(settings["JINJA_ENVIRONMENT"])
    env.setdefault("auto_reload", False)
    env.setdefault("bytecode_cache", MemoryBytecodeCache())
    settings["JINJA_ENVIRONMENT"] = env


def add_fragment_global(generator) -> None:
    """`generator_init`: give the generator's templates `fragment()`."""
    generator.env.globals["fragment"] = _fragment_function(generator.settings)


def _fragment_function(settings: dict):
    @pass_context
    def fragment(context, name: str, article) -> Markup:
        """The partial `name` rendered for `article`: the same for every page of a build."""
        state = state_of(settings)
        key = (name, id(article), context.get("SITEURL"))
        cache = state.fragments if state is not None and state.recorder is None else {}
        if key not in cache:
            template = context.environment.get_template(name)
            cache[key] = Markup(template.render({**context.get_all(), "article": article}))
        return cache[key]

    return fragment
