"""The manual's settings reference lists every plugin setting, made from the code when it is built."""

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HOOK = REPO / "docs" / "hooks" / "settings_reference.py"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = tmp_path_factory.mktemp("manual")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return site


@pytest.fixture(scope="module")
def hook():
    spec = importlib.util.spec_from_file_location("settings_reference_under_test", HOOK)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # as MkDocs registers a hook
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def plugin_settings() -> set[str]:
    """Every setting named in a module-level DEFAULTS dict of the plugins, read from the source."""
    names = set()
    for source in (REPO / "plugins").rglob("*.py"):
        if "tests" in source.relative_to(REPO / "plugins").parts:
            continue
        for statement in ast.parse(source.read_text(encoding="utf-8")).body:
            if not (isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Dict)
                    and any(getattr(t, "id", None) == "DEFAULTS" for t in statement.targets)):
                continue
            for key, value in zip(statement.value.keys, statement.value.values):
                # ("DEPLOY_S3", {options}) entries name their setting first.
                if isinstance(value, ast.Tuple) and isinstance(value.elts[0], ast.Constant):
                    names.add(value.elts[0].value)
                else:
                    names.add(key.value)
    return names


def test_every_plugin_setting_is_in_the_built_reference(built):
    page = (built / "settings" / "index.html").read_text(encoding="utf-8")
    names = plugin_settings()
    assert {"REPLIES_COMMENTS", "ROLES", "SEARCH_INDEX", "HOSTING_CSP_EXTRA", "DEPLOY_S3",
            "WORDPRESS_REDIRECTS_NGINX", "FAST_BUILD_PROCESSES", "FEED_ALL_JSON"} <= names
    missing = sorted(name for name in names if f"<code>{name}</code>" not in page)
    assert not missing, f"settings missing from the built settings page: {missing}"


def test_the_packaged_plugins_without_defaults_are_named_as_such(built):
    page = (built / "settings" / "index.html").read_text(encoding="utf-8")
    without = page[page.index('id="plugins-without-settings"'):]
    without = without[:without.index("</p>")]
    for name in ("pulldown_cmark", "feed_quality", "atomic_output"):
        assert f"<code>{name}</code>" in without


def test_the_reference_shows_the_default_the_code_uses_and_its_comment(built):
    page = (built / "settings" / "index.html").read_text(encoding="utf-8")
    row = page[page.index("<code>REPLIES_SYNC_TIMEOUT</code>"):]
    row = row[:row.index("</tr>")]
    assert "<code>30</code>" in row
    assert "How long the sync waits for the whole of one answer" in row


def test_a_new_plugins_defaults_appear_without_editing_the_manual(tmp_path, hook):
    plugin = tmp_path / "plugins" / "guestbook"
    plugin.mkdir(parents=True)
    # Registering with Pelican is not the reference's business: __init__ must not run.
    (plugin / "__init__.py").write_text("raise RuntimeError('the plugin itself was run')\n")
    (plugin / "limits.py").write_text("PAGE_SIZE = 25\n")
    (plugin / "settings.py").write_text(
        '"""Guestbook settings.\n\n'
        "  GUESTBOOK_THEME   the look of the book, from the\n"
        "                    theme's own list\n"
        '"""\n'
        "from .limits import PAGE_SIZE\n\n"
        "DEFAULTS = {\n"
        "    # Entries per page; `None` shows them all.\n"
        '    "GUESTBOOK_PAGE_SIZE": PAGE_SIZE,\n'
        '    "GUESTBOOK_THEME": "plain",\n'
        '    "GUESTBOOK_CLOSED": False,  # <script>alert(1)</script> | pipes too\n'
        '    "GUESTBOOK_WORDS": ["spam"] * 30,\n'
        "}\n")
    markdown = hook.reference(tmp_path / "plugins")
    assert "## guestbook" in markdown
    assert ("| <code>GUESTBOOK_PAGE_SIZE</code> | <code>25</code> | "
            "Entries per page; <code>None</code> shows them all. |") in markdown
    assert "the look of the book, from the theme's own list" in markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#124; pipes too" in markdown
    assert "<script>" not in markdown
    assert "`GUESTBOOK_WORDS` defaults to:" in markdown and "'spam'," in markdown
    assert "| <code>GUESTBOOK_WORDS</code> | see below |" in markdown


def test_an_edited_default_shows_in_the_next_build_of_the_same_process(tmp_path, hook):
    settings = tmp_path / "plugins" / "guestbook" / "settings.py"
    settings.parent.mkdir(parents=True)
    (settings.parent / "__init__.py").write_text("")
    settings.write_text('DEFAULTS = {"GUESTBOOK_THEME": "plain"}\n')
    assert "<code>'plain'</code>" in hook.reference(tmp_path / "plugins")
    settings.write_text('DEFAULTS = {"GUESTBOOK_THEME": "fancier"}\n')
    assert "<code>'fancier'</code>" in hook.reference(tmp_path / "plugins")


def test_a_plugin_packaged_as_pelican_plugins_namespace_is_read_the_same(tmp_path, hook):
    package = tmp_path / "plugins" / "guestbook" / "pelican" / "plugins" / "guestbook"
    package.mkdir(parents=True)
    (tmp_path / "plugins" / "guestbook" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (package / "__init__.py").write_text("raise RuntimeError('the plugin itself was run')\n")
    (package / "limits.py").write_text("PAGE_SIZE = 25\n")
    (package / "settings.py").write_text(
        "from .limits import PAGE_SIZE\n"
        "DEFAULTS = {\n    # Entries per page.\n    'GUESTBOOK_PAGE_SIZE': PAGE_SIZE,\n}\n")
    quiet = tmp_path / "plugins" / "quiet" / "pelican" / "plugins" / "quiet"
    quiet.mkdir(parents=True)
    (quiet / "__init__.py").write_text("")
    markdown = hook.reference(tmp_path / "plugins")
    assert "## guestbook" in markdown
    assert "`plugins/guestbook/pelican/plugins/guestbook/settings.py`" in markdown
    assert "| <code>GUESTBOOK_PAGE_SIZE</code> | <code>25</code> | Entries per page. |" in markdown
    assert "## Plugins without settings\n\n`quiet`:" in markdown
