"""Settings for local work: `invoke build`, `invoke serve` and the test suite.

Production overrides live in publishconf.py. Every plugin keeps its own
defaults; this file only sets what this site wants different. README.md
documents each setting.
"""

import os
from pathlib import Path

from safe_input import title_text

HERE = Path(__file__).resolve().parent

AUTHOR = "Bob"
SITENAME = "Mutual Learning"
SITESUBTITLE = "Essays on coaching, Scrum, consulting, management and leadership"
SITEURL = ""
# Feeds need absolute links even on the dev server; `invoke serve --port N`
# sets DEV_SITE_ORIGIN so that they follow the port.
FEED_DOMAIN = os.environ.get("DEV_SITE_ORIGIN", "http://127.0.0.1:8000")

# Relative to the settings file that is loaded, so a test site in a temp
# folder can reuse these settings with its own content.
PATH = "content"
# Absolute, so that the theme and plugins are always the project's own.
THEME = str(HERE / "theme")
# The plugins packaged for other Pelican sites are installed (pip) and named in
# full; the site's own still load from plugins/.
PLUGIN_PATHS = [str(HERE / "plugins")]
PLUGINS = [
    "pelican.plugins.pulldown_cmark",
    "content_checks",
    "fast_build",
    "pelican.plugins.atomic_output",
    "pelican.plugins.roles",
    "pelican.plugins.reader_response",
    "pelican.plugins.wordpress_import",
    "pelican.plugins.feed_quality",
    "findable",
    "pagefind_search",
    "static_hosting",
]

TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
SUMMARY_MAX_LENGTH = 50

ARTICLE_PATHS = [""]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]

ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = "author/{slug}/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "404"]
# Pelican has no *_URL for direct templates other than the ones above.
NOT_FOUND_SAVE_AS = "404.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""

# Atom and RSS for the site, each category, tag and author; full content.
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
FEED_ATOM = None
FEED_RSS = None
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/category/{slug}.rss.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/tag/{slug}.rss.xml"
AUTHOR_FEED_ATOM = "feeds/author/{slug}.atom.xml"
AUTHOR_FEED_RSS = "feeds/author/{slug}.rss.xml"
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
RSS_FEED_SUMMARY_ONLY = False
FEED_MAX_ITEMS = 20

# The theme escapes every value by default and marks the HTML it trusts with
# |safe; `|text` is a title's or summary's text, for attributes and <title>.
# docs/security/escaping.md explains both.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [],
                     "autoescape": True}
JINJA_FILTERS = {"text": title_text}

MENUITEMS = ()
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = False

# The reader cache makes rebuilds after one edit fast.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = str(HERE / ".cache" / "pelican")

# Reader responses: the local Isso server that `invoke serve` starts
# (`invoke serve --isso-port N` sets LOCAL_ISSO_URL).
REPLIES_COMMENTS = {"provider": "isso",
                    "url": os.environ.get("LOCAL_ISSO_URL", "http://127.0.0.1:8080/")}

BIND = "127.0.0.1"
PORT = 8000
