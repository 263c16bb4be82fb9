"""WordPress post and comment HTML -> clean Markdown that Pelican's Markdown renders as before.

1. WordPress's editor comments go (block delimiters, <!--more-->, <!--nextpage-->);
   a reusable block (`<!-- wp:block {"ref":N} /-->`) is replaced by its text
   from the export; a block WordPress draws when the page is shown (latest
   posts, archives, calendar…) has no text to keep and is noted. The text
   before <!--more--> becomes the post's Summary (documents.py).
2. Shortcodes become plain HTML (shortcodes.py).
3. Classic-editor text gets its paragraphs back: WordPress stores bare line
   breaks and adds <p>/<br> when it shows a post (wpautop); Pelican's own
   importer has a port of it. Block-editor posts already carry their <p>s and
   WordPress does not run wpautop on them, so neither do we.
4. The HTML is tidied for Markdown (embeds become plain links, so that nothing
   from another site loads before a reader follows one; old internal links
   point at the imported files, images keep working) and converted with
   markdownify, tuned for Python-Markdown: four-space list nesting, code in
   lists indented, only the characters Markdown would misread escaped, and the
   inline elements Markdown has no syntax for kept as inline HTML.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Comment, Tag
from markdownify import MarkdownConverter
from pelican.tools.pelican_import import decode_wp_content

from .shortcodes import Shortcodes

EDITOR_COMMENT = re.compile(r"<!--\s*(?:/?wp:|more\b|nextpage\b|noteaser\b).*?-->", re.DOTALL)
MORE = re.compile(r"<!--more\b.*?-->", re.DOTALL)
# A block without a closing comment: WordPress fills it in when it shows the page.
SELF_CLOSING_BLOCK = re.compile(r"<!--\s*wp:([a-z][a-z0-9_/-]*)\s*(\{(?:(?!-->).)*?\})?\s*/-->",
                                re.DOTALL)
# Self-closing blocks that are markup, not content drawn by WordPress.
NOT_DRAWN = {"more", "nextpage", "spacer", "separator"}
BARE_URL = re.compile(r"^https?://\S+$")
BACKGROUND_IMAGE = re.compile(r"background-image:\s*url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
DROPPED = ("script", "style", "form", "input", "button", "select", "textarea", "noscript")
EMBEDDED = ("iframe", "embed", "object", "video", "audio")
BREAKS_BEFORE = {"p", "div", "ul", "ol", "pre", "table", "blockquote", "hr", "figure",
                 "h1", "h2", "h3", "h4", "h5", "h6", "dl"}
LINE_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|[-+](?=\s)|\d{1,9}(?=[.)](?:\s|$))|>)")
BLOCK_PARENTS = {"p", "li", "td", "th", "blockquote", "div", "dd", "dt", "figcaption",
                 "h1", "h2", "h3", "h4", "h5", "h6", "[document]", "body", "section", "article"}


def _code_language(pre: Tag) -> str:
    for element in (pre, pre.find("code")):
        if not isinstance(element, Tag):
            continue
        if element.get("lang"):
            return str(element["lang"])
        for cls in element.get("class", []):
            if m := re.match(r"(?:language|lang)-([\w+-]+)$", cls):
                return m.group(1)
        if m := re.search(r"brush:\s*([\w+-]+)", " ".join(element.get("class", []))):
            return m.group(1)
    return ""


class WordPressMarkdown(MarkdownConverter):
    def __init__(self, **options):
        super().__init__(
            heading_style="ATX", bullets="-", newline_style="backslash", escape_misc=False,
            escape_underscores=False, code_language_callback=_code_language,
            table_infer_header=True, **options)

    def escape(self, text, parent_tags):
        if not text:
            return ""
        text = re.sub(r"\\(?=[\\`*_{}\[\]()#+\-.!>|])", r"\\\\", text)
        text = text.replace("*", r"\*").replace("`", r"\`")
        text = re.sub(r"(?<!\w)_|_(?!\w)", r"\_", text)
        text = re.sub(r"\](?=[(\[:])", r"\]", text)
        # Python-Markdown passes "<tag" and "&name;" through as HTML; entities keep them text.
        text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
        text = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)
        if parent_tags & {"td", "th"}:
            text = text.replace("|", r"\|")
        return text

    def process_text(self, el, parent_tags=None):
        text = super().process_text(el, parent_tags)
        if "_noformat" not in (parent_tags or set()) and _starts_line(el):
            text = LINE_START.sub(r"\1\\\2", text, count=1)
        return text

    def convert_li(self, el, text, parent_tags):
        item = super().convert_li(el, text, parent_tags)
        bullet = item.split(" ", 1)[0]
        if len(bullet) >= 4 or not item.strip():
            return item
        # Python-Markdown nests only what is indented by four spaces.
        width = len(bullet) + 1
        first, *rest = item.split("\n")
        rest = ["    " + line[width:] if line.startswith(" " * width) else line for line in rest]
        return "\n".join([bullet.ljust(3) + " " + first[width:], *rest])

    def convert_pre(self, el, text, parent_tags):
        if not text or not parent_tags & {"li", "blockquote"}:
            return super().convert_pre(el, text, parent_tags)
        # Python-Markdown's fenced blocks only work at the top level.
        code = text.strip("\n")
        return "\n\n" + "\n".join("    " + line for line in code.split("\n")) + "\n\n"

    def convert_inline_html(self, el, text, parent_tags):
        if not text.strip():
            return text
        title = f' title="{html.escape(el["title"])}"' if el.name == "abbr" and el.get("title") else ""
        return f"<{el.name}{title}>{text}</{el.name}>"

    convert_sub = convert_sup = convert_ins = convert_del = convert_s = convert_inline_html
    convert_strike = convert_u = convert_mark = convert_kbd = convert_inline_html
    convert_small = convert_abbr = convert_cite = convert_inline_html


def _starts_line(el) -> bool:
    previous = el.previous_sibling
    if previous is None:
        return el.parent is not None and el.parent.name in BLOCK_PARENTS
    return isinstance(previous, Tag) and previous.name in ("br", *BLOCK_PARENTS, "ul", "ol",
                                                          "pre", "table", "hr", "figure")


def _caption_of(image: Tag) -> str:
    figure = image.find_parent("figure")
    caption = figure.find("figcaption") if figure else None
    return " ".join(caption.get_text(" ").split()) if caption else ""


PLAYERS = [  # a video player's address -> the page a reader would visit
    (re.compile(r"^(?:https?:)?//(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)"),
     "https://www.youtube.com/watch?v={}"),
    (re.compile(r"^(?:https?:)?//player\.vimeo\.com/video/(\d+)"), "https://vimeo.com/{}"),
]


def page_of(url: str) -> str:
    for player, page in PLAYERS:
        if found := player.match(url):
            return page.format(found.group(1))
    return url


def _link_paragraph(soup: BeautifulSoup, url: str) -> Tag:
    paragraph = soup.new_tag("p")
    link = soup.new_tag("a", href=url)
    link.string = url
    paragraph.append(link)
    return paragraph


class Converter:
    """Converts the HTML of one site's posts and comments, collecting what could not be kept."""

    def __init__(self, resolve_link: Callable[[str], str | None], old_base: str,
                 image_titles: dict[str, str], reusable_blocks: dict[str, str] | None = None):
        self.resolve_link = resolve_link
        self.reusable_blocks = reusable_blocks or {}  # wp_block id -> its content
        self.image_titles = image_titles  # attachment id -> title, for images without alt text
        # Relative media links pointed at the old site; they keep doing so.
        self.old_base = old_base.rstrip("/") + "/" if old_base else ""
        self.markdown = WordPressMarkdown()

    def post(self, wp_html: str, shortcodes: Shortcodes, notes: list[str]) -> str:
        is_blocks = "<!-- wp:" in wp_html
        wp_html = self._blocks(wp_html, notes)
        text = shortcodes.expand(EDITOR_COMMENT.sub("", wp_html))
        notes.extend(shortcodes.notes)
        return self._convert(text, not is_blocks, notes, shortcodes.codes, rewrite_links=True)

    def teaser(self, wp_html: str, shortcodes: Shortcodes, notes: list[str]) -> str:
        """The part before <!--more--> (WordPress's teaser), or "" when there is none."""
        found = MORE.search(wp_html)
        return self.post(wp_html[:found.start()], shortcodes, []) if found else ""

    def _blocks(self, wp_html: str, notes: list[str], depth: int = 0) -> str:
        """Reusable blocks put in; blocks WordPress draws itself noted, once per kind."""

        def replace(m: re.Match) -> str:
            name = m.group(1).removeprefix("core/")
            if name in NOT_DRAWN:
                return m.group(0)
            if name == "block":
                try:
                    ref = str(json.loads(m.group(2) or "{}").get("ref", ""))
                except (ValueError, AttributeError):
                    ref = ""
                if ref in self.reusable_blocks and depth < 5:
                    return self._blocks(self.reusable_blocks[ref], notes, depth + 1)
                notes.append(f"reusable block {ref or '(no id)'} is not in the export; left out")
                return ""
            note = (f"block wp:{name} is drawn by WordPress when the page is shown and has no "
                    "text in the export; left out")
            if note not in notes:
                notes.append(note)
            return ""

        return SELF_CLOSING_BLOCK.sub(replace, wp_html)

    def text(self, wp_html: str, notes: list[str]) -> str:
        """A comment or an excerpt: HTML with bare line breaks, no shortcodes.

        Links stay as they are: `{filename}` links only work in posts and pages.
        """
        return self._convert(wp_html, True, notes, [], rewrite_links=False)

    def headings_html(self, wp_html: str) -> str:
        """The post as WordPress shows it, for recognising its headings."""
        return decode_wp_content(EDITOR_COMMENT.sub("", wp_html))

    def _convert(self, text: str, autop: bool, notes: list[str], codes, rewrite_links: bool) -> str:
        if not text.strip():
            return ""
        if autop:
            text = decode_wp_content(text)
        soup = BeautifulSoup(text, "html.parser")
        self._tidy(soup, notes, codes, rewrite_links)
        markdown = self.markdown.convert_soup(soup)
        markdown = re.sub(r"[ \t]+$", "", markdown, flags=re.MULTILINE)
        return re.sub(r"\n{3,}", "\n\n", markdown).strip()

    def _tidy(self, soup: BeautifulSoup, notes: list[str], codes, rewrite_links: bool) -> None:
        for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
            comment.extract()
        for element in soup.find_all(DROPPED):
            notes.append(f"<{element.name}> removed (a static page cannot run it)")
            element.decompose()
        for element in soup.find_all(EMBEDDED):
            source = element.get("src") or element.get("data")
            if not source and (inner := element.find("source")):
                source = inner.get("src")
            if source:
                element.replace_with(_link_paragraph(soup, page_of(urljoin(self.old_base, source))))
                notes.append(f"<{element.name}> embed replaced by a link to {source}")
            else:
                element.unwrap()
        for pre in soup.find_all("pre", attrs={"data-wp-code": True}):
            language, code = codes[int(pre["data-wp-code"])]
            block = soup.new_tag("pre")
            inner = soup.new_tag("code", attrs={"class": f"language-{language}"} if language else {})
            inner.string = code
            block.append(inner)
            pre.replace_with(block)
        for element in soup.find_all(style=BACKGROUND_IMAGE):
            # A cover block's picture is its background: kept as an image above its text.
            url = BACKGROUND_IMAGE.search(element["style"]).group(1)
            paragraph = soup.new_tag("p")
            paragraph.append(soup.new_tag("img", src=html.unescape(url), alt=""))
            element.insert(0, paragraph)
        for image in soup.find_all("img"):
            if not image.get("alt", "").strip():
                self._describe(image)
        for caption in soup.find_all("figcaption"):
            paragraph = soup.new_tag("p")
            emphasis = soup.new_tag("em")
            emphasis.extend(list(caption.contents))
            paragraph.append(emphasis)
            caption.replace_with(paragraph)
        for figure in soup.find_all("figure"):
            # Each image of a figure (a gallery holds several) on a line of its own.
            for child in list(figure.children):
                if isinstance(child, Tag) and (child.name == "img" or (
                        child.name == "a" and child.find("img"))):
                    child.wrap(soup.new_tag("p"))
            figure.unwrap()
        for br in soup.find_all("br"):
            if br.find_parent("pre"):
                br.replace_with("\n")
                continue
            following = br.next_sibling
            while isinstance(following, str) and not following.strip():
                following = following.next_sibling
            # A break that ends its block would show as a stray backslash in Markdown.
            if following is None or (isinstance(following, Tag) and following.name in BREAKS_BEFORE):
                br.decompose()
        for block in soup.find_all(["p", "div"]):
            only = block.get_text().strip()
            if BARE_URL.match(only) and not block.find(["a", "img"]):
                block.replace_with(_link_paragraph(soup, only))
        for paragraph in soup.find_all("p"):
            if not paragraph.get_text().strip().replace("\xa0", "") and not paragraph.find("img"):
                paragraph.decompose()
        if soup.find("h1"):
            for heading in soup.find_all(["h1", "h2", "h3", "h4", "h5"]):
                heading.name = f"h{int(heading.name[1]) + 1}"
        for link in soup.find_all("a", href=True) if rewrite_links else ():
            new = self.resolve_link(link["href"])
            if new:
                link["href"] = new
        for image in soup.find_all("img", src=True):
            src = image["src"].strip()
            if self.old_base and not re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", src, re.I):
                image["src"] = urljoin(self.old_base, src)

    def _describe(self, image: Tag) -> None:
        """Alt text from the caption or the media library's title, as WordPress would show."""
        classes = " ".join(image.get("class", []))
        found = re.search(r"wp-image-(\d+)", classes)
        alt = _caption_of(image) or (self.image_titles.get(found.group(1), "") if found else "")
        if alt:
            image["alt"] = alt
