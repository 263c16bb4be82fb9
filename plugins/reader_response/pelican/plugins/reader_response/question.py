"""Find the question an essay closes with, so the section can pick it up instead of repeating it.

Essays often end by asking the reader something ("…please let me ask: “What
do you think?”"), sometimes followed by a short sign-off ("– Bob"). The
question is looked for in the last paragraph that is not a sign-off.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

QUOTES = {"“": "”", '"': '"', "‘": "’", "«": "»", "'": "'"}
# A sign-off is a short last line: a dash and a name, or a closing like "Cheers,".
SIGN_OFF_MAX = 40
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def closing_question(content_html: str) -> str | None:
    """The question the essay ends with, or None."""
    paragraphs = _paragraphs(content_html)
    while paragraphs and len(paragraphs[-1]) <= SIGN_OFF_MAX and "?" not in paragraphs[-1]:
        paragraphs.pop()
    if not paragraphs:
        return None
    return _last_question(paragraphs[-1])


def _paragraphs(content_html: str) -> list[str]:
    if not content_html.strip():
        return []
    root = lxml_html.fragment_fromstring(content_html, create_parent="div")
    texts = [" ".join(p.text_content().split()) for p in root.iter("p")]
    return [text for text in texts if text]


def _last_question(paragraph: str) -> str | None:
    text = paragraph.rstrip()
    closing = text[-1]
    opening = next((o for o, c in QUOTES.items() if c == closing), None)
    if opening is not None:
        start = text.rfind(opening, 0, len(text) - 1)
        if start != -1 and text[start + 1:-1].rstrip().endswith("?"):
            return text[start + 1:-1].strip()
        text = text[:-1].rstrip()
    if not text.endswith("?"):
        return None
    return SENTENCE_END.split(text)[-1].lstrip(":;— -").strip()


def asked_in(question: str, content_html: str) -> bool:
    """Whether the essay's closing paragraphs already ask `question` (case and spacing aside)."""
    def norm(text: str) -> str:
        return " ".join(re.sub(r"[^\w\s?]", " ", text.lower()).split())

    return norm(question) in norm(" ".join(_paragraphs(content_html)[-2:]))
