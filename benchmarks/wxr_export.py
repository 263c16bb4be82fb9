"""A synthetic WordPress export (WXR 1.2) of a long-lived blog, for timing the importer.

    python benchmarks/wxr_export.py OUT.xml --posts 3000 --comments 30000

Posts have block-editor and classic HTML bodies, categories and tags; the
comments are spread over the posts, a third of them answers to an earlier
comment, a few pingbacks. Deterministic for a seed, so runs compare.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path
from xml.sax.saxutils import escape

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>A Long-Lived Blog</title><link>https://blog.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://blog.example.org</wp:base_site_url>
<wp:base_blog_url>https://blog.example.org</wp:base_blog_url>
<wp:author><wp:author_login><![CDATA[bob]]></wp:author_login><wp:author_display_name><![CDATA[Bob]]></wp:author_display_name></wp:author>
"""
WORDS = ("coach team learn ask listen sprint client manager leader question practice "
         "change trust feedback retrospective story value habit curious experiment").split()


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def body(rng: random.Random, n: int) -> str:
    paragraphs = [" ".join(sentence(rng, rng.randint(8, 18)) for _ in range(3)) for _ in range(5)]
    if n % 2:  # block editor
        return "\n\n".join(f"<!-- wp:paragraph -->\n<p>{p}</p>\n<!-- /wp:paragraph -->"
                           for p in paragraphs) + (
            "\n\n<!-- wp:heading -->\n<h2>For the coach</h2>\n<!-- /wp:heading -->\n\n"
            "<!-- wp:list -->\n<ul><li>Ask first</li><li>Listen</li></ul>\n<!-- /wp:list -->")
    return "\n\n".join(paragraphs) + "\n\n<!--more-->\n\n<strong>What do you think?</strong>"


def comment(rng: random.Random, cid: int, parent: int, when: dt.datetime) -> str:
    kind = "pingback" if cid % 97 == 0 else ""
    return f"""<wp:comment>
<wp:comment_id>{cid}</wp:comment_id>
<wp:comment_author><![CDATA[Reader {cid % 400}]]></wp:comment_author>
<wp:comment_author_email><![CDATA[reader{cid % 400}@example.net]]></wp:comment_author_email>
<wp:comment_author_url>{"http://" if cid % 3 else f"https://reader{cid % 400}.example.net/"}</wp:comment_author_url>
<wp:comment_author_IP><![CDATA[192.0.2.{cid % 250}]]></wp:comment_author_IP>
<wp:comment_date>{when:%Y-%m-%d %H:%M:%S}</wp:comment_date>
<wp:comment_date_gmt>{when:%Y-%m-%d %H:%M:%S}</wp:comment_date_gmt>
<wp:comment_content><![CDATA[{" ".join(sentence(rng, rng.randint(6, 20)) for _ in range(rng.randint(1, 4)))}]]></wp:comment_content>
<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
<wp:comment_type><![CDATA[{kind}]]></wp:comment_type>
<wp:comment_parent>{parent}</wp:comment_parent>
</wp:comment>
"""


def generate(target: Path, posts: int, comments: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    start = dt.datetime(2008, 1, 1, 9, 0)
    per_post = [comments // posts + (1 if i < comments % posts else 0) for i in range(posts)]
    cid = 0
    with open(target, "w", encoding="utf-8") as out:
        out.write(HEAD)
        for n in range(posts):
            when = start + dt.timedelta(days=n * 1.3)
            title = f"{sentence(rng, 4)[:-1]} {n}"
            slug = title.lower().replace(" ", "-")
            out.write(f"""<item>
<title>{escape(title)}</title>
<link>https://blog.example.org/{when:%Y/%m}/{slug}/</link>
<pubDate>{when:%a, %d %b %Y %H:%M:%S} +0000</pubDate>
<dc:creator><![CDATA[bob]]></dc:creator>
<guid isPermaLink="false">https://blog.example.org/?p={n + 1}</guid>
<content:encoded><![CDATA[{body(rng, n)}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{n + 1}</wp:post_id>
<wp:post_date>{when:%Y-%m-%d %H:%M:%S}</wp:post_date>
<wp:post_date_gmt>{when:%Y-%m-%d %H:%M:%S}</wp:post_date_gmt>
<wp:post_name><![CDATA[{slug}]]></wp:post_name>
<wp:status><![CDATA[publish]]></wp:status>
<wp:post_type><![CDATA[post]]></wp:post_type>
<category domain="category" nicename="essays"><![CDATA[Essays]]></category>
<category domain="post_tag" nicename="{WORDS[n % len(WORDS)]}"><![CDATA[{WORDS[n % len(WORDS)]}]]></category>
""")
            first = cid + 1
            for k in range(per_post[n]):
                cid += 1
                # A third of the comments answer an earlier comment on the same post.
                parent = rng.randint(first, cid - 1) if k and rng.random() < 1 / 3 else 0
                out.write(comment(rng, cid, parent, when + dt.timedelta(hours=k + 1)))
            out.write("</item>\n")
        out.write("</channel>\n</rss>\n")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--posts", type=int, default=3000)
    parser.add_argument("--comments", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.posts, args.comments, args.seed)


if __name__ == "__main__":
    main()
