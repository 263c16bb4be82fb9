"""Roles: cross-link essays by the role they address (coach, Scrum Master, …).

Role hubs with feeds, role links on each essay, related essays and previous/
next within a role, and a "More for <role>" block after each role section.
README.md ("Roles") documents the settings and what readers see; the
WordPress importer uses `roles.recognise` to fill in `Roles:`.
"""

from pelican import signals
from pelican_compat.plugins import check_plugins_loaded

from .build import prepare
from .hubs import write_hubs
from .recognise import role_definitions
from .settings import apply_defaults


def _initialise(pelican):
    apply_defaults(pelican)
    role_definitions(pelican.settings)  # a malformed ROLES setting stops the build here


def register():
    check_plugins_loaded()
    signals.initialized.connect(_initialise)
    signals.article_generator_finalized.connect(prepare)
    signals.article_writer_finalized.connect(write_hubs)
