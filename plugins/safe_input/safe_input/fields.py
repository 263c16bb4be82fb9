"""How a metadata field is written in each source format, for the "Fix:" hints.

`reader` is Pelican's name for the format of a source file ("markdown",
"rst", "html"), as set in each content object's metadata.
"""

from __future__ import annotations

import re

EXAMPLE_DATE = "2024-05-01 09:30"


def field_line(reader: str, name: str, value: str) -> str:
    """The line that sets metadata `name` in a file of this format, quoted for a message."""
    if reader == "rst":
        return f'":{name.lower()}: {value}"'
    if reader == "html":
        if name.lower() == "title":
            return f"<title>{value}</title>"
        return f'<meta name="{name.lower()}" content="{value}">'
    return f'"{name}: {value}"'


def add_field_hint(reader: str, name: str, value: str) -> str:
    if reader == "rst" and name.lower() == "title":
        return "start the file with the title, underlined with a row of '=' as long as the title"
    if reader == "html":
        return f"add {field_line(reader, name, value)} inside <head>"
    return (
        f"add the line {field_line(reader, name, value)} to the metadata at the "
        "top of the file (metadata lines first, then a blank line, then the text)"
    )


def find_field_line(text: str, reader: str, name: str) -> int | None:
    """1-based number of the line that sets metadata `name`, if there is one."""
    key = re.escape(name)
    if reader == "rst":
        pattern = rf"^[ \t]*:{key}:"
    elif reader == "html":
        pattern = rf"""name\s*=\s*["']?{key}["'\s>]"""
    else:
        pattern = rf"^[ ]{{0,3}}{key}:"
    match = re.search(pattern, text, re.IGNORECASE | re.MULTILINE)
    if match is None:
        return None
    return text.count("\n", 0, match.start()) + 1
