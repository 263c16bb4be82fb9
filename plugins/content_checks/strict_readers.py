"""Strict versions of Pelican's readers: encoding, metadata header and metadata values.

Each reader class Pelican would use (Markdown, reST, HTML and any from the
READERS setting) is replaced, on the `readers_init` signal, by a subclass
that checks the file as it is read. Pelican only calls `read()` when its
cache has no up-to-date copy of the file, and a file that fails is never
cached, so every broken file is looked at on every build while good,
unchanged files cost nothing extra.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from markdown.extensions.meta import BEGIN_RE, END_RE, META_MORE_RE, META_RE
from pelican.readers import BaseReader, MarkdownReader
from pelican_compat import reader_classes
from safe_input.errors import ContentError
from safe_input.fields import EXAMPLE_DATE, field_line, find_field_line
from safe_input.problems import report

# Pelican's own metadata names; a line starting with one of them but
# lacking the colon is a broken header line, not the start of the text.
FIELD_WITHOUT_COLON = re.compile(
    r"^[ ]{0,3}(title|date|modified|tags|category|slug|author|authors|summary"
    r"|status|lang|translation|template|save_as|url)\b(?!\s*:)",
    re.IGNORECASE,
)


class MetadataValueError(ValueError):
    def __init__(self, name: str, value, reason: Exception):
        self.name, self.value, self.reason = name, value, reason
        super().__init__(f"{name}: {reason}")


class StrictReader:
    """Put in front of a Pelican reader class; see `strict_class`."""

    def read(self, source_path):
        raw = Path(source_path).read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise self._reported(not_utf8(source_path, raw, exc)) from None
        if isinstance(self, MarkdownReader):
            header_error = markdown_header_problem(source_path, text)
            if header_error:
                raise self._reported(header_error)
        try:
            return super().read(source_path)
        except MetadataValueError as exc:
            error = bad_metadata_value(source_path, text, self._format, exc)
            raise self._reported(error) from None
        except ContentError as exc:
            raise self._reported(exc) from None
        except Exception as exc:
            raise self._reported(ContentError(
                source_path,
                f"Pelican's {self._format} reader could not read it: {exc}",
                "correct the markup at the place the message points to",
            )) from None

    def process_metadata(self, name, value):
        try:
            return super().process_metadata(name, value)
        except ValueError as exc:
            raise MetadataValueError(name, value, exc) from exc

    @property
    def _format(self) -> str:
        # The name Pelican gives the format in each content's `reader` metadata.
        return type(self).__name__.replace("Reader", "").lower()

    def _reported(self, error: ContentError) -> ContentError:
        report(self, error)
        return error


@functools.cache
def strict_class(reader_class: type) -> type:
    # Same class name as the original, so Pelican's `reader` metadata
    # ("markdown", "rst", ...) stays what themes and plugins expect.
    return type(reader_class.__name__, (StrictReader, reader_class), {"__module__": __name__})


def make_readers_strict(readers) -> None:
    """`readers_init` receiver: swap every text reader for its strict version."""
    classes = reader_classes(readers)
    for extension, reader_class in classes.items():
        if reader_class and reader_class is not BaseReader and not issubclass(
            reader_class, StrictReader
        ):
            classes[extension] = strict_class(reader_class)


def not_utf8(path: str, raw: bytes, exc: UnicodeDecodeError) -> ContentError:
    line_start = raw.rfind(b"\n", 0, exc.start) + 1
    bad = raw[exc.start:exc.end]
    return ContentError(
        path,
        f"the file is not UTF-8: byte {exc.start - line_start + 1} of this line "
        f"(byte {exc.start + 1} of the file) is 0x{bad.hex().upper()}, which is "
        f"{bad.decode('cp1252', errors='replace')!r} in the older Windows-1252 encoding",
        're-save the file as UTF-8 (in most editors: "Save with encoding" → UTF-8), '
        f"or convert it: iconv -f WINDOWS-1252 -t UTF-8 {Path(path).name} > utf8-copy "
        f"&& mv utf8-copy {Path(path).name}",
        line=raw.count(b"\n", 0, exc.start) + 1,
    )


def markdown_header_problem(path: str, text: str) -> ContentError | None:
    """A line that cuts the metadata block short, as Python-Markdown's meta extension reads it."""
    lines = text.split("\n")
    start = 1 if lines and BEGIN_RE.match(lines[0]) else 0
    in_field = False
    for index in range(start, len(lines)):
        line = lines[index].rstrip("\r")
        if not line.strip() or END_RE.match(line):
            return None
        if META_RE.match(line) or (in_field and META_MORE_RE.match(line)):
            in_field = True
            continue
        # Markdown reads this line and everything after it as the text.
        cut_off = next_field(lines, index + 1)
        if cut_off is None and not FIELD_WITHOUT_COLON.match(line):
            return None
        lost = f', so "{cut_off}" below it is read as text, not metadata' if cut_off else ""
        return ContentError(
            path,
            f'"{line.strip()}" is not a metadata line of the form "Key: value"; '
            f"the metadata ends here{lost}",
            'write it as "Key: value" (the key is one word of letters, digits, "-" or '
            '"_", then a colon); if the text of the post starts here, put a blank line '
            "before it",
            line=index + 1,
        )
    return None


def next_field(lines: list[str], start: int) -> str | None:
    """The first "Key: value" line from `start` up to the next blank line."""
    for line in lines[start:]:
        if not line.strip():
            return None
        if META_RE.match(line):
            return line.strip()
    return None


def bad_metadata_value(path: str, text: str, reader: str, exc: MetadataValueError) -> ContentError:
    field = exc.name.capitalize()
    line = find_field_line(text, reader, exc.name)
    if exc.name in ("date", "modified"):
        value = exc.value.strip() if isinstance(exc.value, str) else exc.value
        problem = f'"{value}" is not a date' if value else "the date is empty"
        fix = ("write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. "
               + field_line(reader, field, EXAMPLE_DATE))
    else:
        problem = f'"{exc.value}" is not a valid value: {exc.reason}'
        fix = f"correct the value of {field}"
    return ContentError(path, problem, fix, line=line, field=field)
