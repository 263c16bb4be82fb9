"""Roles: cross-link essays by the role they address (coach, Scrum Master, …).

Role hubs with feeds, role links on each essay, a "Read next" list, and a
"More for <role>" line after each role section.
README.md ("Roles") documents the settings and what readers see; the
WordPress importer uses `pelican.plugins.roles.recognise` to fill in `Roles:`.
"""

from pathlib import Path

from blinker import signal
from pelican import signals
from pelican_compat import ship_templates
from pelican_compat.plugins import check_plugins_loaded

from .build import prepare, text_changed
from .hubs import write_hubs
from .recognise import role_definitions
from .settings import apply_defaults


def _initialise(pelican):
    apply_defaults(pelican)
    role_definitions(pelican.settings)  # a malformed ROLES setting stops the build here


def _templates(generator) -> None:
    # roles/*.html: the partials a theme includes and the hub pages' defaults.
    ship_templates(generator, Path(__file__).parent / "templates")


def register():
    check_plugins_loaded()
    signals.initialized.connect(_initialise)
    signals.generator_init.connect(_templates)
    signals.article_generator_finalized.connect(prepare)
    signals.article_writer_finalized.connect(write_hubs)
    # fast_build's dev server: redo an edited essay's role sections alone.
    signal("article_text_changed").connect(text_changed)
