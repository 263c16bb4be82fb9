"""Reader responses: the "What do you think?" section, the reply archive, comment providers.

See README.md beside the package for what authors and readers get; the
modules: settings (defaults), archive (reply files), render (sanitising),
question, providers (embeds and their options), response (what each article
carries), feeds, structured_data, sync (provider -> archive), moderate and
isso_server. The templates (templates/reader_response/) come after the
theme's; the script and styles (static/) go to the theme's static folder.
"""

from pathlib import Path

from blinker import signal
from pelican import signals
from pelican_compat import ship_static, ship_templates
from pelican_compat.plugins import check_plugins_loaded

HERE = Path(__file__).parent


def _initialized(pelican) -> None:
    from . import providers, settings

    settings.apply_defaults(pelican)
    # A misconfigured provider stops the build before anything is read.
    providers.checked(pelican.settings["REPLIES_COMMENTS"])
    # Shared data for static_hosting's Content-Security-Policy: where the embed loads from.
    pelican.settings["REPLIES_CSP_SOURCES"] = providers.csp_sources(pelican.settings)
    ship_static(pelican.settings, HERE / "static")


def _templates(generator) -> None:
    ship_templates(generator, HERE / "templates")


def register() -> None:
    check_plugins_loaded()
    # lxml, nh3 and pyromark load here, not when Pelican imports the plugin:
    # if one is missing, the check above names it and stops the build.
    from . import errors, feeds, response, structured_data

    errors.quiet_tracebacks()
    signals.initialized.connect(_initialized)
    signals.generator_init.connect(_templates)
    signals.article_generator_finalized.connect(response.keep_articles)
    signals.page_generator_finalized.connect(response.attach)
    signals.article_writer_finalized.connect(feeds.write)
    signals.feed_generated.connect(feeds.fix_feed)
    # fast_build's dev server: the section follows an edited essay's text.
    signal("article_text_changed").connect(response.text_changed)
    # The findable plugin's structured data describes the replies from here.
    signal("article_comments").connect(structured_data.article_comments)
