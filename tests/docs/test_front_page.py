"""README.md is a front page: short, the two commands as run.sh has them, links that lead somewhere,
every plugin and every library the site installs named; the security page counts every bad input tried."""

import importlib.util
import re
import subprocess
import sys
import tomllib
import unicodedata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def github_anchor(heading: str) -> str:
    """The id GitHub (and MkDocs' toc) gives a heading: lowercase, punctuation dropped, spaces to '-'."""
    text = re.sub(r"[`*]", "", heading.strip().lower())
    text = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LN")
    return text.replace(" ", "-")


def anchors_of(markdown: Path) -> set[str]:
    found, fence = set(), False
    for line in markdown.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fence = not fence
        elif not fence and re.match(r"#{1,6} ", line):
            found.add(github_anchor(line.lstrip("#")))
    return found


def test_the_readme_is_a_front_page_of_at_most_300_lines():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 300


def test_the_readme_gives_the_two_commands_run_sh_runs():
    text = README.read_text(encoding="utf-8")
    run_sh = (REPO / "run.sh").read_text(encoding="utf-8")
    for command in ("serve", "test"):
        assert re.search(rf"^bash run\.sh {command} +# install", text, re.MULTILINE)
        assert f"\n  {command})" in run_sh


@pytest.mark.parametrize("page", ["README.md", "CONTRIBUTING.md"])
def test_every_relative_link_leads_to_a_file_and_heading_that_exist(page):
    source = REPO / page
    broken = []
    for target in LINK.findall(source.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        file = (source.parent / path) if path else source
        if not file.exists():
            broken.append(f"{target}: no file {path}")
        elif anchor and anchor not in anchors_of(file):
            broken.append(f"{target}: no heading #{anchor} in {path or page}")
    assert not broken, f"{page}: " + "; ".join(broken)


def test_the_screenshot_is_a_png_of_the_essay_page():
    image = REPO / "docs" / "images" / "essay.png"
    assert "(docs/images/essay.png)" in README.read_text(encoding="utf-8")
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_readme_names_every_plugin_and_every_library_the_site_installs():
    text = README.read_text(encoding="utf-8").lower()
    plugins = [p.name for p in (REPO / "plugins").iterdir()
               if p.is_dir() and not p.name.startswith((".", "_"))]
    assert "reader_response" in plugins
    assert not [p for p in plugins if f"| `{p}` |" not in text], "plugins missing from the README's table"
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    libraries = [re.split(r"[\[<>=!~ @]", requirement)[0] for requirement in project["dependencies"]
                 if "{root:uri}" not in requirement]  # the site's own packages are plugins above
    assert "nh3" in libraries
    assert not [lib for lib in libraries if lib.lower() not in text], "libraries missing from the README"


def test_the_security_page_counts_the_bad_inputs_of_every_page(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (tmp_path / "security" / "index.html").read_text(encoding="utf-8")
    table = page[page.index("Bad inputs tried</th>"):]
    table = table[:table.index("</table>")]
    rows = {}
    for link, tried, held in re.findall(
            r'<td><a href="([^"]+)">.*?</a></td>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>', table):
        rows[link] = (int(tried), int(held))
    for document in ("replies/", "escaping/", "hosting/", "builds/",
                     "../wordpress/", "../wordpress-media/"):
        assert document in rows, f"no summary row for {document}: {rows}"
        assert rows[document][0] >= 5
    # Counted from the page, not written by hand: the replies page's table, row by row.
    replies = (REPO / "docs" / "security" / "replies.md").read_text(encoding="utf-8")
    table_rows = replies[replies.index("| Bad input tried |"):].split("\n\n")[0].splitlines()[2:]
    assert rows["replies/"] == (len(table_rows), sum("| yes |" in r for r in table_rows))


def test_a_table_without_a_held_column_counts_each_tested_row_and_a_no_row_does_not_hold():
    spec = importlib.util.spec_from_file_location(
        "security_summary_under_test", REPO / "docs" / "hooks" / "security_summary.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    page = ("| Tried | What happens now | Test |\n| --- | --- | --- |\n"
            "| a | refused | `t.py` |\n| b \\| c | refused | `t.py` |\n\n"
            "| Bad input tried | What happens now | Held |\n| --- | --- | --- |\n"
            "| d | refused | yes |\n| e | still written | no |\n")
    assert hook.bad_input_rows(page) == (4, 3)
    assert hook.bad_input_rows("| Setting | Default |\n| --- | --- |\n| a | b |\n") is None
