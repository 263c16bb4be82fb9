"""WordPress shortcodes -> plain HTML that converts to Markdown.

The grammar follows WordPress's own get_shortcode_regex() and
shortcode_parse_atts(): `[name attrs]`, `[name attrs /]`,
`[name attrs]content[/name]`, and `[[name]]` for a literal `[name]`.
Shortcodes we know become figures, links, images and code blocks; any other
one is left as it is (readable, and nothing is lost) and reported once per
post, unless it is a bracketed word like "[sic]" or a tag like
"[format=html]", which carry no attributes or content of a plugin.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

SHORTCODE = re.compile(
    r"\[(\[?)([A-Za-z][\w-]*)(?![\w-])((?:[^\[\]/]|/(?!\]))*?)(?:(/)\]|\](?:(.*?)\[/\2\])?)(\]?)",
    re.DOTALL,
)
ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)
IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
LINKED_IMG = re.compile(r"<a\b[^>]*>\s*<img\b[^>]*>\s*(?:</a>)?", re.IGNORECASE)
# SyntaxHighlighter Evolved also registers one shortcode per language.
CODE_TAGS = {"code", "sourcecode", "source"}
LANGUAGE_TAGS = {
    "bash", "c", "cpp", "csharp", "css", "diff", "go", "html", "java", "javascript", "js",
    "json", "perl", "php", "plain", "powershell", "py", "python", "ruby", "rust", "sass",
    "scala", "shell", "sql", "swift", "text", "typescript", "xml", "yaml",
}
MEDIA_ATTRIBUTES = ("src", "url", "mp4", "m4v", "webm", "ogv", "mp3", "m4a", "ogg", "wav", "wma",
                    "flv")
# ` id="7"`: a plugin's shortcode has named attributes after its name.
NAMED_ATTRIBUTE = re.compile(r"\s[\w-]+\s*=")
CODE_PLACEHOLDER = '<pre data-wp-code="{}"></pre>'


def parse_attributes(text: str) -> tuple[dict[str, str], list[str]]:
    """Named and positional attributes, as WordPress reads them."""
    named: dict[str, str] = {}
    positional: list[str] = []
    for m in ATTRIBUTE.finditer(text.strip()):
        if m.group(1):
            named[m.group(1).lower()] = html.unescape(m.group(2))
        elif m.group(3):
            named[m.group(3).lower()] = html.unescape(m.group(4))
        elif m.group(5):
            named[m.group(5).lower()] = html.unescape(m.group(6))
        else:
            positional.append(html.unescape(next(g for g in m.groups()[6:] if g is not None)))
    return named, positional


def _link(url: str) -> str:
    url = html.escape(url.strip())
    return f'<p><a href="{url}">{url}</a></p>'


@dataclass
class Attachment:
    url: str
    title: str
    parent: str


@dataclass
class Shortcodes:
    """Expands the shortcodes of one post; `codes` and `notes` collect what it met."""

    attachments: dict[str, Attachment]
    post_id: str
    codes: list[tuple[str, str]] = field(default_factory=list)  # (language, code)
    notes: list[str] = field(default_factory=list)

    def expand(self, text: str) -> str:
        return SHORTCODE.sub(self._replace, text)

    def _replace(self, m: re.Match) -> str:
        opening, name, raw_attributes, _, content, closing = m.groups()
        if opening and closing:
            return m.group(0)[1:-1]
        tag = name.lower()
        named, positional = parse_attributes(raw_attributes)
        if tag in CODE_TAGS or (tag in LANGUAGE_TAGS and content is not None):
            return opening + self._code(tag, named, content or "") + closing
        handler = HANDLERS.get(tag)
        if handler is None:
            note = f"shortcode [{name}] is not known; kept as text"
            if (content is not None or NAMED_ATTRIBUTE.search(raw_attributes)) \
                    and note not in self.notes:
                self.notes.append(note)
            return m.group(0)
        return opening + handler(self, named, positional, self.expand(content or "")) + closing

    def _code(self, tag: str, named: dict, content: str) -> str:
        language = named.get("language") or named.get("lang") or (
            tag if tag in LANGUAGE_TAGS else "")
        code = content.strip("\r\n")
        # The visual editor stores code HTML-escaped; the text editor stores it as typed.
        if "<" not in code and re.search(r"&(?:lt|gt|amp|quot|#\d+);", code):
            code = html.unescape(code)
        self.codes.append((language.lower(), code))
        return CODE_PLACEHOLDER.format(len(self.codes) - 1)

    def _caption(self, named: dict, positional: list, content: str) -> str:
        image = LINKED_IMG.search(content) or IMG.search(content)
        if image is None:
            self.notes.append("[caption] without an image; kept its text")
            return content
        caption = named.get("caption") or (content[: image.start()] + content[image.end():]).strip()
        picture = image.group(0)
        if picture.lstrip().lower().startswith("<a") and not picture.rstrip().lower().endswith("</a>"):
            picture += "</a>"
        figure = f"<figure>{picture}"
        if caption:
            figure += f"<figcaption>{caption}</figcaption>"
        return figure + "</figure>"

    def _gallery(self, named: dict, positional: list, content: str) -> str:
        ids = [i.strip() for i in named.get("ids", named.get("include", "")).split(",") if i.strip()]
        if not ids:
            ids = [key for key, a in self.attachments.items() if a.parent == self.post_id]
        images = [self.attachments[i] for i in ids if i in self.attachments]
        missing = [i for i in ids if i not in self.attachments]
        if missing:
            self.notes.append(f"[gallery] images {', '.join(missing)} are not in the export; left out")
        if not images:
            self.notes.append("[gallery] has no images in the export; left out")
            return ""
        return "".join(
            f'<p><img src="{html.escape(a.url)}" alt="{html.escape(a.title)}"></p>' for a in images)

    def _embed(self, named: dict, positional: list, content: str) -> str:
        url = content.strip() or named.get("src", "") or named.get("url", "") or next(
            (p for p in positional if p.startswith(("http://", "https://"))), "")
        return _link(url) if url else ""

    def _youtube(self, named: dict, positional: list, content: str) -> str:
        url = content.strip() or named.get("url", "") or (positional[0] if positional else "")
        return _link(url.lstrip("=")) if url else ""

    def _media(self, named: dict, positional: list, content: str) -> str:
        """[audio src=…], [audio https://…mp3] (positional), [video]https://…[/video]."""
        urls = [named[key] for key in MEDIA_ATTRIBUTES if named.get(key)]
        urls += [p for p in positional if p.startswith(("http://", "https://", "/"))]
        text = content.strip()
        if text.startswith(("http://", "https://")) and not re.search(r"[\s<]", text):
            urls.append(text)
            text = ""
        if not urls:
            self.notes.append("an [audio] or [video] shortcode names no file; left out")
        # WordPress shows the text inside as a fallback; keep it (nothing lost).
        return "".join(_link(url) for url in dict.fromkeys(urls)) + (f"<p>{text}</p>" if text else "")


HANDLERS = {
    "caption": Shortcodes._caption,
    "wp_caption": Shortcodes._caption,
    "gallery": Shortcodes._gallery,
    "embed": Shortcodes._embed,
    "youtube": Shortcodes._youtube,
    "audio": Shortcodes._media,
    "video": Shortcodes._media,
}
