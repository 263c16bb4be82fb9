"""MkDocs hook: the settings reference, made from each plugin's DEFAULTS when the manual is built.

A plugin's defaults live in a module-level `DEFAULTS` dict (plugins/<name>/settings.py,
or wherever the plugin keeps them). Each one becomes a table: the setting, its default
(the value the plugin really uses, imported from the module) and its meaning (the
comment above it in the source, else the line naming it in the module's docstring).
`<!-- settings-reference -->` in a page is replaced by the tables, so the page can
never fall behind the code.

The plugins are imported by file path: each package folder is registered under a
private name without running its `__init__.py` (which would register the plugin
with Pelican), so a settings module's relative imports work and nothing else runs.
"""

from __future__ import annotations

import ast
import html
import importlib
import importlib.util
import io
import pprint
import re
import sys
import tokenize
import types
from dataclasses import dataclass
from pathlib import Path

MARKER = "<!-- settings-reference -->"
PRIVATE = "_settings_reference"
# A default longer than this is shown in a code block under its table.
INLINE_WIDTH = 70


@dataclass
class Setting:
    name: str
    default: object
    meaning: str


@dataclass
class Defaults:
    plugin: str
    source: Path
    settings: list[Setting]


def on_page_markdown(markdown, page, config, files):
    if MARKER not in markdown:
        return markdown
    plugins = Path(config.config_file_path).resolve().parent / "plugins"
    return markdown.replace(MARKER, reference(plugins))


def reference(plugins: Path) -> str:
    """The Markdown of every plugin's settings table, plugins in alphabetical order."""
    for name in [n for n in sys.modules if n == PRIVATE or n.startswith(PRIVATE + ".")]:
        del sys.modules[name]  # `mkdocs serve` rebuilds in one process: read the code as it is now
    found = all_defaults(plugins)
    if not found:
        raise RuntimeError(f"settings reference: no DEFAULTS dict found under {plugins}")
    by_plugin: dict[str, list[Defaults]] = {}
    for defaults in found:
        by_plugin.setdefault(defaults.plugin, []).append(defaults)
    sections = ["\n\n".join([f"## {plugin}"] + [table(d, plugins.parent) for d in tables])
                for plugin, tables in by_plugin.items()]
    without = sorted(name for name in plugin_names(plugins) if name not in by_plugin)
    if without:
        sections.append("## Plugins without settings\n\n"
                        + ", ".join(f"`{name}`" for name in without)
                        + ": no `DEFAULTS`, nothing of their own to set.")
    return "\n\n".join(sections)


def plugin_names(plugins: Path) -> list[str]:
    """The Pelican plugins under `plugins/`: a package folder, or a folder holding
    the namespace package `pelican/plugins/<name>/` that pip installs."""
    names = []
    for folder in sorted(plugins.iterdir()):
        if (folder / "__init__.py").is_file():
            names.append(folder.name)
        else:
            names += [package.parent.name
                      for package in sorted(folder.glob("pelican/plugins/*/__init__.py"))]
    return names


def all_defaults(plugins: Path) -> list[Defaults]:
    found = []
    for source in sorted(plugins.rglob("*.py")):
        relative = source.relative_to(plugins).parts
        if any(part in ("tests", "build") or part.startswith(".") for part in relative):
            continue
        text = source.read_text(encoding="utf-8")
        if "DEFAULTS" not in text:
            continue
        tree = ast.parse(text, str(source))
        node = defaults_node(tree)
        if node is not None:
            found.append(read_defaults(source, text, tree, node))
    return sorted(found, key=lambda d: (d.plugin, str(d.source)))


def defaults_node(tree: ast.Module) -> ast.Dict | None:
    for statement in tree.body:
        if (isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Dict)
                and any(isinstance(t, ast.Name) and t.id == "DEFAULTS" for t in statement.targets)):
            return statement.value
    return None


def read_defaults(source: Path, text: str, tree: ast.Module, node: ast.Dict) -> Defaults:
    module = load(source)
    comments = comments_by_line(text)
    described = docstring_lines(ast.get_docstring(tree) or "")
    settings = []
    for key_node, value_node in zip(node.keys, node.values):
        key = ast.literal_eval(key_node)
        value = module.DEFAULTS[key]
        meaning = (comment_for(key_node, value_node, comments)
                   or described.get(key, ""))
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str) \
                and value[0].isupper() and isinstance(value[1], dict):
            # A DEFAULTS entry that names its setting: ("DEPLOY_S3", {options...}).
            settings.append(Setting(value[0], value[1], meaning or
                                    f"the options of `{key}`; set only those you change"))
        else:
            settings.append(Setting(key, value, meaning))
    return Defaults(plugin_of(source), source, settings)


def plugin_of(source: Path) -> str:
    """The plugin's name: the outermost package folder holding the file."""
    folder = source.parent
    while (folder.parent / "__init__.py").is_file():
        folder = folder.parent
    return folder.name


def load(source: Path) -> types.ModuleType:
    """Import the module at `source` with its package, without running any `__init__.py`."""
    packages = []
    folder = source.parent
    while (folder / "__init__.py").is_file():
        packages.insert(0, folder)
        folder = folder.parent
    if PRIVATE not in sys.modules:
        root = types.ModuleType(PRIVATE)
        root.__path__ = []
        sys.modules[PRIVATE] = root
    name = PRIVATE
    for package in packages:
        name = f"{name}.{package.name}"
        if name not in sys.modules:
            module = types.ModuleType(name)
            module.__path__ = [str(package)]
            module.__package__ = name
            module.__file__ = str(package / "__init__.py")
            sys.modules[name] = module
    if source.name == "__init__.py":
        # The package itself holds DEFAULTS: run it for real, under its private name.
        del sys.modules[name]
        spec = importlib.util.spec_from_file_location(
            name, source, submodule_search_locations=[str(source.parent)])
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module
    return importlib.import_module(f"{name}.{source.stem}")


def comments_by_line(text: str) -> dict[int, tuple[str, bool]]:
    """Line number -> (comment text, whether the comment is the whole line)."""
    found = {}
    lines = text.splitlines()
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            row, col = token.start
            whole = not lines[row - 1][:col].strip()
            found[row] = (token.string.lstrip("#").strip(), whole)
    return found


def comment_for(key: ast.AST, value: ast.AST, comments: dict[int, tuple[str, bool]]) -> str:
    above = []
    row = key.lineno - 1
    while row in comments and comments[row][1]:
        above.insert(0, comments[row][0])
        row -= 1
    beside = [comments[r][0] for r in range(key.lineno, value.end_lineno + 1)
              if r in comments and not comments[r][1]]
    if above and beside:
        return f"{' '.join(above)} ({' '.join(beside)})"
    return " ".join(above + beside)


def docstring_lines(docstring: str) -> dict[str, str]:
    """`  NAME   what it does` lines of a module docstring (continuation lines indented further)."""
    found = {}
    current = None
    for line in docstring.splitlines():
        match = re.match(r"\s*([A-Z][A-Z0-9_]+)\s{2,}(\S.*)", line)
        if match:
            current = match.group(1)
            found[current] = match.group(2).strip()
        elif current and line.startswith(" ") and line.strip():
            found[current] += " " + line.strip()
        else:
            current = None
    return found


def table(defaults: Defaults, repo: Path) -> str:
    where = defaults.source.relative_to(repo).as_posix()
    lines = [f"From `DEFAULTS` in `{where}`:", "",
             "| Setting | Default | Meaning |", "| --- | --- | --- |"]
    long_values = []
    for setting in defaults.settings:
        shown = repr(setting.default)
        if len(shown) > INLINE_WIDTH:
            long_values.append(setting)
            default = "see below"
        else:
            default = f"<code>{cell(shown)}</code>"
        meaning = prose(setting.meaning) if setting.meaning else "—"
        lines.append(f"| <code>{setting.name}</code> | {default} | {meaning} |")
    for setting in long_values:
        lines += ["", f"`{setting.name}` defaults to:", "", "```python",
                  pprint.pformat(setting.default, width=88, sort_dicts=False), "```"]
    return "\n".join(lines)


def cell(text: str) -> str:
    return html.escape(text, quote=False).replace("|", "&#124;")


def prose(comment: str) -> str:
    """A source comment as table-cell HTML: `code` spans kept, everything else as text."""
    parts = comment.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: all text
        return cell(comment)
    return "".join(f"<code>{cell(part)}</code>" if i % 2 else cell(part)
                   for i, part in enumerate(parts))
