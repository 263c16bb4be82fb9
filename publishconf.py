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
