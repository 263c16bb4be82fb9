"""MkDocs hook: the security page's summary of every "bad input tried" table in the manual.

`<!-- bad-input-summary -->` is replaced by one row per page that has such a
table (its header starts with "Bad input" or "Tried"): how many bad inputs
were tried and how many held. A table with a "Held" column counts its "yes"
rows; a table without one names the test of each row, and every row of the
suite's tests holds, so all its rows count. The counts are made when the
manual is built, so a row added to a page is counted without editing this one.
"""

from __future__ import annotations

import posixpath
import re

MARKER = "<!-- bad-input-summary -->"
HEADER = re.compile(r"\|\s*(bad input|tried)\b", re.IGNORECASE)
SEPARATOR = re.compile(r"\|\s*:?-{3,}")


def on_page_markdown(markdown, page, config, files):
    if MARKER not in markdown:
        return markdown
    rows = []
    for file in sorted(files.documentation_pages(), key=lambda f: f.src_uri):
        with open(file.abs_src_path, encoding="utf-8") as source:
            counted = bad_input_rows(source.read())
        if counted:
            tried, held = counted
            link = posixpath.relpath(file.src_uri, posixpath.dirname(page.file.src_uri))
            rows.append(f"| [{title_of(file)}]({link}) | {tried} | {held} |")
    if not rows:
        raise RuntimeError("security summary: no page has a 'Bad input tried' table")
    table = ["| Page | Bad inputs tried | Held |", "| --- | ---: | ---: |", *rows]
    return markdown.replace(MARKER, "\n".join(table))


def bad_input_rows(markdown: str) -> tuple[int, int] | None:
    """(rows, rows that held) over the page's bad-input tables, or None if it has none."""
    tried = held = 0
    found = False
    lines = markdown.splitlines()
    for i, line in enumerate(lines):
        if not (HEADER.match(line) and i + 1 < len(lines) and SEPARATOR.match(lines[i + 1])):
            continue
        found = True
        columns = cells(line)
        held_column = next((n for n, c in enumerate(columns) if c.lower() == "held"), None)
        for row in lines[i + 2:]:
            if not row.startswith("|"):
                break
            tried += 1
            values = cells(row)
            if held_column is None or (held_column < len(values)
                                       and values[held_column].lower().startswith("yes")):
                held += 1
    return (tried, held) if found else None


def cells(row: str) -> list[str]:
    # A `\|` inside a cell is text, not a border.
    return [c.strip() for c in re.split(r"(?<!\\)\|", row.strip().strip("|"))]


def title_of(file) -> str:
    with open(file.abs_src_path, encoding="utf-8") as source:
        for line in source:
            if line.startswith("# "):
                return line[2:].strip()
    return file.src_uri
