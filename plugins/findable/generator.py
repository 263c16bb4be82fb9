"""The generator that writes the site-wide files once the pages are written.

Pelican runs plugin generators after its article and page generators (and
after the generators of plugins listed earlier in PLUGINS), so by the time
`generate_output` runs every page has been recorded for the sitemap.
"""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from . import json_feed, sitemap
from .settings import sitemap_enabled


class SeoGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        del writer  # the files are not templates
        output = Path(self.output_path)
        if sitemap_enabled(self.settings):
            sitemap.write(self.context, output)
        if self.settings.get("FEED_ALL_JSON"):
            json_feed.write(self.settings, self.context.get("articles", []), output)
