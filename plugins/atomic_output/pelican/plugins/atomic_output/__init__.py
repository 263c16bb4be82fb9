"""Atomic output: a failed build leaves the previously built site untouched."""

from pelican import signals
from pelican_compat.plugins import check_plugins_loaded

from .staging import make_runs_atomic


def register():
    check_plugins_loaded()
    signals.initialized.connect(make_runs_atomic)
