"""Damage that real exports carry, repaired while the file streams to the parser, and said so.

Old or hand-edited exports stop an XML parser for reasons a blogger cannot
fix by exporting again (the blog may be gone): a prefix such as `atom:` used
without being declared (WordPress.com, 2012), PHP warnings printed before
the XML, control characters or Latin-1 bytes pasted into a post, HTML
entities (`&nbsp;`) or a bare `&` outside CDATA, text after `</rss>`.

Each repair is switched on only after the parser stopped at that damage;
the file is then read again from the start with every repair learnt so far,
so an undamaged export is read exactly as written. Lines keep their numbers.
A DTD or entity declaration is never repaired: the parser refuses it before
any of this (wxr.py).
"""

from __future__ import annotations

import codecs
import html.entities
import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import BinaryIO
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import errors

# The namespaces WordPress and RSS modules use, for a prefix an export forgot to declare.
KNOWN_NAMESPACES = {
    "wp": "http://wordpress.org/export/1.2/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "atom": "http://www.w3.org/2005/Atom",
    "georss": "http://www.georss.org/georss",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "media": "http://search.yahoo.com/mrss/",
    "sy": "http://purl.org/rss/1.0/modules/syndication/",
    "slash": "http://purl.org/rss/1.0/modules/slash/",
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
}
XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
# Not allowed in XML 1.0 at all, not even in CDATA: as characters or as references.
_CONTROL_REFERENCE = (r"&#(?:0*(?:[0-8]|1[1-2]|1[4-9]|2\d|3[01])"
                      r"|x0*(?:[0-8]|[bcefBCEF]|1[0-9a-fA-F]));")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|" + _CONTROL_REFERENCE)
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|" + _CONTROL_REFERENCE.encode())
NAMED_REFERENCE = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
BARE_AMPERSAND = re.compile(r"&(?![A-Za-z][A-Za-z0-9]*;|#[0-9]+;|#x[0-9A-Fa-f]+;)")
PREFIXED_NAME = re.compile(r"</?([A-Za-z_][\w.-]*):[A-Za-z_]"
                           r"|\s([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*\s*=")
ROOT = re.compile(rb"<rss[\s>]")
DECLARATION_ENCODING = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([^"']+)(["'])""")


class DeclaresDTD(Exception):
    """Text before the root holds a DTD: refused like any other (wxr.py), never cut away."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


def _cp1252_bytes(error: UnicodeDecodeError):
    """Bytes that are not UTF-8 in a UTF-8 file were almost always typed as Windows-1252."""
    return error.object[error.start:error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error("wxr-cp1252", _cp1252_bytes)


class Repairs:
    """The repairs learnt for one file, with the line where each damage was first found."""

    def __init__(self, open_file: Callable[[], BinaryIO]):
        self.open = open_file
        with open_file() as raw:
            head = raw.read(65536)
        root = ROOT.search(head)
        end = head.find(b">", root.start()) if root else -1
        declared = re.findall(rb"xmlns:([\w.-]+)\s*=", head[root.start():end]) if root else []
        self.declared = {p.decode("ascii", "replace") for p in declared}
        found = DECLARATION_ENCODING.search(head.lstrip(b"\xef\xbb\xbf"))
        self.encoding = found.group(2).decode("ascii", "replace") if found else "utf-8"
        self.prefixes: dict[str, int] = {}  # undeclared prefix -> first line
        self.first_line: dict[str, int] = {}  # repair -> first line
        self.counts: Counter = Counter()

    @property
    def active(self) -> bool:
        return bool(self.prefixes or self.first_line)

    def learn(self, error: ParseError) -> bool:
        """Switch on the repair for the damage the parser stopped at; False if there is none."""
        line, _ = error.position
        raw = self._raw_line(line)
        code = getattr(error, "code", None)
        if code == errors.codes[errors.XML_ERROR_UNBOUND_PREFIX]:
            text = raw.decode("utf-8", "wxr-cp1252")
            new = {p for m in PREFIXED_NAME.finditer(text) for p in m.groups() if p}
            new -= {"xmlns", "xml"} | self.declared | set(self.prefixes)
            for prefix in new:
                self.prefixes[prefix] = line
            return bool(new)
        if code == errors.codes[errors.XML_ERROR_UNDEFINED_ENTITY]:
            return self._switch_on("entities", line)
        if code == errors.codes[errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT]:
            return self._switch_on("after", line)
        if code in (errors.codes[errors.XML_ERROR_MISPLACED_XML_PI],
                    errors.codes[errors.XML_ERROR_SYNTAX]) and not self._root_seen_by(line):
            return self._before_root(line)
        if code in (errors.codes[errors.XML_ERROR_INVALID_TOKEN],
                    errors.codes[errors.XML_ERROR_BAD_CHAR_REF]):
            text = raw.decode(self.encoding, "wxr-cp1252")
            found = [repair for repair, damaged in (
                ("controls", CONTROL_BYTES.search(raw)),
                ("encoding", text.encode(self.encoding, "replace") != raw),
                ("ampersands", BARE_AMPERSAND.search(text))) if damaged]
            if any(self._switch_on(repair, line) for repair in found):
                return True
            if not self._root_seen_by(line):
                return self._before_root(line)
        return False

    def _switch_on(self, repair: str, line: int) -> bool:
        if repair in self.first_line:
            return False
        self.first_line[repair] = line
        return True

    def _before_root(self, line: int) -> bool:
        with self.open() as raw:
            for number, text in enumerate(raw, 1):
                if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
                    raise DeclaresDTD(number)
                if ROOT.search(text):
                    return self._switch_on("before", line)
        return False

    def _root_seen_by(self, line: int) -> bool:
        with self.open() as raw:
            return any(ROOT.search(text) for _, text in zip(range(line - 1), raw))

    def _raw_line(self, number: int) -> bytes:
        with self.open() as raw:
            for current, text in enumerate(raw, 1):
                if current == number:
                    return text
        return b""

    # -- the repaired stream --------------------------------------------------

    def lines(self, raw) -> Iterator[bytes]:
        """The file's lines with every learnt repair applied (the bytes as they are if none)."""
        if not self.active:
            yield from raw
            return
        self.counts.clear()  # counted again on every read
        before_root = "before" in self.first_line
        in_cdata = [False]
        for number, line in enumerate(raw, 1):
            if before_root:
                root = ROOT.search(line)
                if root is None:
                    yield b"\n"
                    continue
                line, before_root = line[root.start():], False
            if line.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml"):
                # The text is handed on as UTF-8, whatever the file was written in.
                line = DECLARATION_ENCODING.sub(rb"\1UTF-8\3", line)
            try:
                text = line.decode(self.encoding)
            except UnicodeDecodeError:
                self.first_line.setdefault("encoding", number)
                text = line.decode(self.encoding, "wxr-cp1252")
            text = self._repair(text, in_cdata)
            if self.prefixes and ROOT.search(line) and "<rss" in text:
                declarations = "".join(
                    f' xmlns:{p}="{KNOWN_NAMESPACES.get(p, "urn:x-undeclared:" + p)}"'
                    for p in sorted(self.prefixes))
                text = text.replace("<rss", "<rss" + declarations, 1)
                self.counts["prefixes"] += 1
            yield text.encode("utf-8")
            if "after" in self.first_line and "</rss>" in text:
                return

    def _repair(self, text: str, in_cdata: list[bool]) -> str:
        if "controls" in self.first_line:
            text, n = CONTROL.subn("", text)
            self.counts["controls"] += n
        if "entities" in self.first_line or "ampersands" in self.first_line:
            text = _outside_cdata(text, in_cdata, self._references)
        if "after" in self.first_line and "</rss>" in text:
            end = text.index("</rss>") + len("</rss>")
            self.counts["after"] += bool(text[end:].strip())
            text = text[:end] + "\n"
        return text

    def _references(self, text: str) -> str:
        if "ampersands" in self.first_line:
            text, n = BARE_AMPERSAND.subn("&amp;", text)
            self.counts["ampersands"] += n
        if "entities" in self.first_line:
            text = NAMED_REFERENCE.sub(self._reference, text)
        return text

    def _reference(self, m: re.Match) -> str:
        name = m.group(1)
        if name in XML_ENTITIES:
            return m.group(0)
        self.counts["entities"] += 1
        character = html.entities.html5.get(name + ";")
        if character is None:
            return f"&amp;{name};"
        return "".join(f"&#{ord(c)};" for c in character)

    def described(self) -> list[str]:
        """What was repaired, for the summary."""
        out = []
        for prefix, line in sorted(self.prefixes.items()):
            uri = KNOWN_NAMESPACES.get(prefix)
            declared = f"as {uri}" if uri else "as an unknown namespace (its elements are ignored)"
            out.append(f"line {line}: the prefix '{prefix}:' is used but not declared; declared "
                       + declared)
        texts = {
            "before": "text before the XML (a PHP warning or a blank line?) was left out",
            "after": "text after </rss> was left out",
            "controls": f"{self.counts['controls']} control character(s), which XML does not "
                        "allow, were removed",
            "encoding": f"bytes that are not {self.encoding} were read as Windows-1252",
            "entities": f"{self.counts['entities']} HTML entity reference(s) (&nbsp;…) outside "
                        "CDATA were written as the characters they stand for",
            "ampersands": f"{self.counts['ampersands']} bare '&' outside CDATA were read as '&'",
        }
        out += [f"line {line}: {texts[name]}" for name, line in sorted(
            self.first_line.items(), key=lambda kv: kv[1])]
        return out


def _outside_cdata(text: str, in_cdata: list[bool], fix: Callable[[str], str]) -> str:
    """`fix` applied to the parts of a line outside CDATA sections (whose text is literal)."""
    out, position = [], 0
    while position < len(text):
        if in_cdata[0]:
            end = text.find("]]>", position)
            if end < 0:
                out.append(text[position:])
                break
            out.append(text[position:end + 3])
            position, in_cdata[0] = end + 3, False
        else:
            start = text.find("<![CDATA[", position)
            if start < 0:
                out.append(fix(text[position:]))
                break
            out.append(fix(text[position:start]) + "<![CDATA[")
            position, in_cdata[0] = start + 9, True
    return "".join(out)
