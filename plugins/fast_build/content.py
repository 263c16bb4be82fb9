"""Articles and pages once every source is read: fixed URLs, and noted reads of their text.

Pelican works out `url` and `save_as` from the settings and metadata on every
access (a listing page asks for dozens), which adds up to a tenth of a build.
Once the writer starts, no plugin changes what they depend on, so each
article and page gets them computed once: its class is swapped for a
subclass that returns the stored values.

The same subclass tells the dev server's recorder (when there is one) each
time a page being written reads an article's text or summary, so that an
edit re-renders exactly the pages that show it.
"""

from __future__ import annotations

import functools

from pelican.contents import Article, Page

from .state import state_of

URL_ATTRIBUTE = "_fast_build_url"
SAVE_AS_ATTRIBUTE = "_fast_build_save_as"


@functools.cache
def fast_class(cls: type) -> type:
    def get_content(self, siteurl):
        _note(self, "content")
        return super(fast, self).get_content(siteurl)

    def get_summary(self, siteurl):
        _note(self, "summary")
        return super(fast, self).get_summary(siteurl)

    # Same name and module as Pelican's class: URL settings are looked up
    # by class name (ARTICLE_URL, PAGE_URL), and themes may test for it.
    fast = type(cls.__name__, (cls,), {
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
        "url": property(lambda self: self.__dict__[URL_ATTRIBUTE]),
        "save_as": property(lambda self: self.__dict__[SAVE_AS_ATTRIBUTE]),
        "get_content": get_content,
        "get_summary": get_summary,
        # Pickled (Pelican's caches) as the plain Pelican class.
        "__reduce_ex__": lambda self, protocol: _plain(self).__reduce_ex__(protocol),
    })
    return fast


def _plain(content):
    copy = object.__new__(type(content).__mro__[1])
    copy.__dict__.update(content.__dict__)
    return copy


def _note(content, kind: str) -> None:
    state = state_of(content.settings)
    if state is not None and state.recorder is not None:
        state.recorder.note(content.source_path, kind)


def freeze(context: dict) -> None:
    """Give every article and page its final URL and output path, computed once."""
    for content in context["generated_content"].values():
        if type(content) in (Article, Page):
            content.__dict__[URL_ATTRIBUTE] = content.url
            content.__dict__[SAVE_AS_ATTRIBUTE] = content.save_as
            content.__class__ = fast_class(type(content))
