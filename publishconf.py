"""Production settings: `pelican content -s publishconf.py -o output`.

Loads pelicanconf.py, then makes every URL absolute, cleans the output
folder and keeps no cache between builds (so that two builds of the same
content are byte-identical).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://mutual-learning.example.org")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
# Isso is commonly served under /isso/ of the site's own domain.
REPLIES_COMMENTS = {"provider": "isso", "url": os.environ.get("ISSO_URL", SITEURL + "/isso/")}
# Nothing private is published: drafts (and WordPress's pending, scheduled and
# imported-private posts) are not written at all; `invoke serve` still shows
# them under /drafts/. Pelican skips a file whose SAVE_AS is empty.
DRAFT_SAVE_AS = DRAFT_URL = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_URL = ""
# A post dated in the future (a scheduled WordPress post) is a draft until a
# build runs after its date: a scheduled rebuild (a daily CI publish) publishes it.
WITH_FUTURE_DATES = False
