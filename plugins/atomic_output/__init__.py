"""Atomic output: a failed build leaves the previously built site untouched."""

from pelican import signals

from .staging import make_runs_atomic


def register():
    signals.initialized.connect(make_runs_atomic)
