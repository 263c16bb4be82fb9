"""Ready for static hosts: content-hashed asset names, security and cache headers
(`_headers` for Netlify / Cloudflare Pages, an nginx snippet), and the deploy
targets in `deploy/` that `invoke publish --to rsync|ghpages|s3` calls.

Modules: settings (defaults, checks), fingerprint (the `asset()` global and
hashed copies), csp (the Content-Security-Policy, for the headers and each
page's <meta>), cache_policy (types and
cache lifetimes per file), headers (the host files), deploy/ (one module per
target).
"""

from pathlib import Path

from pelican import signals
from pelican_compat.plugins import check_plugins_loaded
from safe_input.problems import report_settings

from . import settings
from .csp import meta_policy
from .fingerprint import asset_function, write_hashed_copies
from .headers import write_host_files


def _get_generators(pelican):
    """Unusable settings join the build's problem list (content_checks stops the build)."""
    problems = settings.problems(pelican.settings)
    if problems:
        report_settings(pelican, problems)


def _generator_init(generator) -> None:
    generator.env.globals["asset"] = asset_function(generator.settings)
    # theme/templates/partials/static_hosting/csp.html writes it into every page's <head>.
    # Unusable settings stop the build once the generators exist; until then
    # they must not end it with a traceback.
    if generator.settings.get("HOSTING_META_CSP") is True and not settings.problems(generator.settings):
        generator.env.globals["hosting_meta_csp"] = meta_policy(generator.settings)


def _finalized(pelican) -> None:
    # Runs inside the build, so atomic_output's staging folder receives these.
    output = Path(pelican.output_path)
    hashed = write_hashed_copies(pelican.settings, output)
    write_host_files(pelican.settings, output, hashed)


def register():
    check_plugins_loaded()
    signals.initialized.connect(settings.apply_defaults)
    signals.get_generators.connect(_get_generators)
    signals.generator_init.connect(_generator_init)
    signals.finalized.connect(_finalized)
