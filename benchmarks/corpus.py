"""Generate a synthetic corpus of essays and archived replies for the benchmark.

    python benchmarks/corpus.py --essays 1000 --replies 3 --seed 1 OUT_DIR

The essays imitate "Mutual Learning": about 660 words, Pelican metadata
(Title, Date, Author, Category, Tags, Slug, Summary, Roles), one to three
role sections headed "<Topic> and the <Role>", a bullet list, a blockquote
and a closing question as the last paragraph. Each essay gets exactly
`--replies` archived replies in the reply-archive format of the
reader-response plugin, some of them threaded through `Parent`.

OUT_DIR receives:

    content/<slug>.md                     essays, as the author writes them
    content/pages/about.md                one page, as every site has
    content/replies/<slug>/<id>.md        the reply archive
    hugo/content/posts/<slug>.md          the same essays with Hugo front matter
    hugo/content/posts/_index.md          the all-posts list (Pelican's archives)
    hugo/content/about.md                 the same page
    corpus.json                           parameters and the essays' slugs and files

The same seed always gives byte-identical files: everything is drawn from one
`random.Random(seed)` in a fixed order, and nothing depends on the clock.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

# Bump when the output for a given seed changes, so cached corpora are rebuilt.
GENERATOR_VERSION = 2

# Body words; with the metadata an essay file has about 660 words.
WORDS_PER_ESSAY = (560, 700)
FIRST_DATE = dt.datetime(2004, 1, 5, 9, 0)
LAST_DATE = dt.datetime(2024, 12, 20, 9, 0)

ROLES = {
    "coach": "Coach",
    "scrum-master": "Scrum Master",
    "consultant": "Consultant",
    "manager": "Manager",
    "leader": "Leader",
}
AUTHORS = ["Bob"] * 8 + ["Alice Example", "Carol Example"]
CATEGORIES = [
    "Essays", "Coaching", "Scrum", "Consulting", "Management", "Leadership",
    "Learning", "Organisations",
]
TOPICS = [
    "Mutual Learning", "Psychological Safety", "Feedback", "Trust", "Flow",
    "Estimation", "Retrospectives", "Autonomy", "Purpose", "Mastery",
    "Listening", "Curiosity", "Humility", "Candour", "Commitment",
    "Self-Organisation", "Servant Leadership", "Systems Thinking", "Variation",
    "Waste", "Pairing", "Mob Programming", "Technical Debt", "Onboarding",
    "Hiring", "Appraisals", "Budgeting", "Roadmaps", "Planning", "Metrics",
    "Motivation", "Conflict", "Silence", "Meetings", "Decisions", "Experiments",
    "Failure", "Courage", "Respect", "Openness", "Focus", "Slack", "Queues",
    "Handoffs", "Specialists", "Generalists", "Certification", "Frameworks",
    "Scaling", "Transformation", "Culture", "Habits", "Rituals", "Stories",
    "Questions", "Assumptions", "Needs", "Empathy", "Attention", "Patience",
]
ANGLES = [
    "{t}", "On {t}", "{t} Revisited", "Rethinking {t}", "{t} in Practice",
    "The Trouble with {t}", "A Note on {t}", "{t}, Again", "Why {t} Matters",
    "Learning from {t}", "{t} and Its Discontents", "Against {t}",
    "In Praise of {t}", "{t} Without Fear", "The Limits of {t}",
    "{t} for Beginners", "What {t} Is Not", "Small Steps towards {t}",
    "{t} at Work", "Notes on {t}",
]
TAGS = sorted({
    *(t.lower() for t in TOPICS),
    "agile", "lean", "kanban", "scrum", "xp", "teams", "learning", "coaching",
    "mentoring", "consulting", "management", "leadership", "organisations",
    "change", "people", "work", "productivity", "quality", "craft", "design",
    "testing", "software", "business", "strategy", "clients", "contracts",
    "power", "hierarchy", "ethics", "money", "time", "books", "conferences",
    "training", "workshops", "facilitation", "dialogue", "nonviolent communication",
    "theory of constraints", "deming", "drucker", "argyris", "schein", "senge",
    "double-loop learning", "mental models", "status", "fear", "joy", "health",
    "burnout", "remote work", "offices", "tools", "process", "bureaucracy",
    "governance", "risk", "uncertainty", "complexity", "cynefin", "sense-making",
    "innovation", "products", "customers", "users", "value", "outcomes",
    "outputs", "deadlines", "promises", "trust building", "relationships",
    "community", "open source", "writing", "reading", "reflection", "journaling",
    "experiments", "hypotheses", "data", "intuition", "wisdom", "folly",
    "history", "future", "careers", "apprenticeship", "mastery",
    "retrospectives", "standups", "backlogs", "velocity", "story points",
})
NOUNS = [
    "learning", "conversation", "team", "relationship", "assumption",
    "question", "experiment", "habit", "agreement", "insight", "mistake",
    "meeting", "practice", "story", "outcome", "constraint", "opportunity",
    "silence", "answer", "hypothesis", "role", "system", "workplace", "player",
    "client", "colleague", "organisation", "problem", "sense of purpose",
    "commitment", "curiosity", "feedback loop", "landscape", "benefit",
]
ADJECTIVES = [
    "mutual", "shared", "quiet", "useful", "honest", "awkward", "curious",
    "fragile", "lasting", "deliberate", "unspoken", "practical", "surprising",
    "everyday", "hard-won", "generous", "tentative", "open", "larger", "small",
]
VERBS = [
    "explore", "question", "notice", "share", "test", "challenge", "welcome",
    "discover", "examine", "practise", "suspend", "revisit", "invite",
    "listen to", "learn from", "make room for", "build on", "let go of",
]
ADVERBS = [
    "openly", "together", "slowly", "deliberately", "quietly", "honestly",
    "rarely", "often", "sometimes", "gradually", "willingly", "at first",
]
SENTENCES = [
    "I have an admission to make about {topic_l}.",
    "I suspect that, as a {role_l}, I have a bias away from {topic_l}.",
    "When we {verb} the {noun} {adverb}, the {noun2} starts to look different.",
    "It is not like we are co-exploring the same {noun} together.",
    "Whether these two aspects are compatible is another issue entirely.",
    "I can espouse all the values of {topic_l}, but living them is another matter.",
    "Upon reflection, {a_adj} {noun} is one of the main reasons I enjoy this work.",
    "The nature of one's role naturally constrains the opportunities to {verb} a {noun}.",
    "Folks typically expect the {role_l} to be a subject-matter expert too.",
    "Not many people I have met seem interested in {a_adj} {noun}.",
    "In my own sojourns, I have always tried to {verb} the {noun} with others.",
    "And that makes me feel like we are both missing out on something {adj}.",
    "Specifically, by encouraging people to {verb} the {noun}, we build engagement.",
    "This approach requires strength, resolve and the courage to be different.",
    "I am resolved to experiment with a more {adj} {noun} in future.",
    "Perhaps the {noun} was never the point; the {noun2} was.",
    "Every {noun} I {verb} {adverb} teaches me something about {topic_l}.",
    "{A_adj} {noun} is worth more than a **perfect** {noun2}.",
    "Ditto for team work, only on a larger scale.",
    "Most of us learnt to {verb} the {noun} long before we learnt to {verb2} it.",
    "There is {a_adj} tension between the {noun} and the {noun2}.",
    "I would love to {verb} the possibility of more {topic_l} in my own work.",
]
BULLETS = [
    "Quicker learning for all parties", "Increased retention of things learned",
    "Higher commitment to the {noun} (on both sides)", "More room to {verb} the {noun}",
    "Improved working relationships", "Greater personal satisfaction all round",
    "Fewer surprises about the {noun}", "{A_adj} {noun}, and a better {noun2}",
]
QUOTES = [
    "you'll never guess what I've found",
    "the map is not the territory",
    "we learn more from the questions than from the answers",
    "nobody has all the answers, least of all the person at the front of the room",
    "the work works the way it works, not the way we say it works",
]
CLOSINGS = [
    "In the spirit of {topic_l}, please let me ask: \u201cWhat do you think?\u201d",
    "What has your experience of {topic_l} been?",
    "How do you {verb} the {noun} in your own work?",
    "Have you experienced this too, and how did you feel about it?",
    "Where would you start, if you were me?",
]
READERS = [
    "Pat Reader", "Sam Lee", "Jo Kim", "Alex Morgan", "Chris Doe", "Robin Vale",
    "Kai Novak", "Lee Chang", "Mo Farah", "Nia Okafor", "Ola Berg", "Quinn Hart",
]
REPLY_SOURCES = ["isso", "wordpress", "email", "webmention"]
REPLY_SENTENCES = [
    "Thanks for writing this, it resonates with my own experience.",
    "I have had some super experiences with {topic_l} in the mentor and coach scenario.",
    "When met with resistance, ask why and listen.",
    "I am not sure I agree about the {role_l}, though.",
    "Periodically ask the other person for their take, and listen.",
    "You do not have to lose your perspective to {verb} the {noun}.",
    "We tried something similar with {a_adj} {noun} last year.",
    "Could you say more about what you mean by {a_adj} {noun}?",
    "This is *exactly* what our team needed to read this week.",
]


@dataclass
class Essay:
    slug: str
    title: str
    topic: str
    date: dt.datetime
    author: str
    category: str
    tags: list[str]
    roles: list[str]
    summary: str
    body: str
    replies: list[dict] = field(default_factory=list)


class Writer:
    """Draws every random choice for one corpus from a single seeded stream."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def fill(self, template: str, topic: str, role: str) -> str:
        r = self.rng
        noun, noun2 = r.sample(NOUNS, 2)
        verb, verb2 = r.sample(VERBS, 2)
        adj = r.choice(ADJECTIVES)
        article = "an" if adj[0] in "aeiou" else "a"
        return template.format(
            topic_l=topic.lower(), role_l=ROLES[role].lower(), noun=noun, noun2=noun2,
            verb=verb, verb2=verb2, adj=adj, adverb=r.choice(ADVERBS),
            a_adj=f"{article} {adj}", A_adj=f"{article.capitalize()} *{adj}*",
        )

    def paragraph(self, topic: str, role: str, sentences: tuple[int, int] = (3, 5)) -> str:
        count = self.rng.randint(*sentences)
        return " ".join(self.fill(self.rng.choice(SENTENCES), topic, role) for _ in range(count))

    def essay(self, title: str, topic: str, date: dt.datetime, earlier: list[Essay]) -> Essay:
        r = self.rng
        roles = sorted(r.sample(list(ROLES), r.randint(1, 3)), key=list(ROLES).index)
        intro = [self.paragraph(topic, roles[0]) for _ in range(2)]
        if earlier:
            # Essays cite earlier ones, as "see a previous blog post on this" does.
            cited = r.choice(earlier[-50:])
            intro.append(f"(See [a previous post on {cited.title.lower()}](/{cited.slug}/) on this.)")
        sections = {role: [self.paragraph(topic, role)] for role in roles}
        first = roles[0]
        bullets = "\n".join(
            f"- {self.fill(item, topic, first)}" for item in r.sample(BULLETS, r.randint(4, 6))
        )
        sections[first].append(
            f"If there is a way to make it happen, it could have some useful benefits, including:\n\n{bullets}"
        )
        quoted = roles[-1]
        sections[quoted].append(f"> \u201c{r.choice(QUOTES)}\u201d")
        closing = self.fill(r.choice(CLOSINGS), topic, roles[-1])

        target = r.randint(*WORDS_PER_ESSAY)
        while word_count(intro, sections, closing) < target:
            role = r.choice(roles)
            sections[role].insert(r.randint(1, len(sections[role])), self.paragraph(topic, role))

        blocks = [*intro]
        for role in roles:
            blocks.append(f"## {topic} and the {ROLES[role]}")
            blocks.extend(sections[role])
        blocks.append(closing)
        summary = self.fill("A look at " + topic.lower() + " for the {role_l}, and {a_adj} {noun}.", topic, first)
        tags = sorted(r.sample(TAGS, r.randint(2, 5)))
        return Essay(
            slug=slugify(title), title=title, topic=topic, date=date, author=r.choice(AUTHORS),
            category=r.choice(CATEGORIES), tags=tags, roles=roles, summary=summary,
            body="\n\n".join(blocks) + "\n",
        )

    def replies(self, essay: Essay, count: int) -> list[dict]:
        r = self.rng
        replies: list[dict] = []
        when = essay.date
        topic = essay.topic
        for number in range(1, count + 1):
            when = when + dt.timedelta(hours=r.randint(2, 240), minutes=r.randint(0, 59))
            reply = {
                "id": str(number),
                "author": r.choice(READERS),
                "date": when,
                "source": r.choice(REPLY_SOURCES),
            }
            if r.random() < 0.4:
                reply["url"] = f"https://{slugify(reply['author'])}.example.net/"
            if replies and r.random() < 0.35:
                reply["parent"] = r.choice(replies)["id"]
            paragraphs = [
                " ".join(self.fill(r.choice(REPLY_SENTENCES), topic, r.choice(essay.roles))
                         for _ in range(r.randint(1, 4)))
                for _ in range(r.randint(1, 3))
            ]
            if r.random() < 0.2:
                paragraphs.insert(0, f"> {self.fill(r.choice(SENTENCES), topic, essay.roles[0])}")
            reply["body"] = "\n\n".join(paragraphs) + "\n"
            replies.append(reply)
        return replies


def word_count(intro: list[str], sections: dict[str, list[str]], closing: str) -> int:
    text = " ".join([*intro, *(p for ps in sections.values() for p in ps), closing])
    return len(text.split())


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def titles(rng: random.Random, count: int):
    """Unique (title, topic) pairs: topic x angle, then "(Part n)" once those run out."""
    combos = [(angle.format(t=topic), topic) for topic in TOPICS for angle in ANGLES]
    rng.shuffle(combos)
    for index in range(count):
        base, topic = combos[index % len(combos)]
        part = index // len(combos)
        yield (base if part == 0 else f"{base} (Part {part + 1})"), topic


def essay_dates(rng: random.Random, count: int):
    """Evenly spread over twenty years with jitter, strictly increasing."""
    span = (LAST_DATE - FIRST_DATE) / max(count, 1)
    for index in range(count):
        jitter = dt.timedelta(seconds=rng.randint(0, int(span.total_seconds() * 0.8)))
        yield (FIRST_DATE + span * index + jitter).replace(second=0, microsecond=0)


def generate(out_dir: Path, essays: int, replies: int, seed: int) -> list[Essay]:
    """Write the corpus into out_dir (emptied first) and return the essays."""
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    writer = Writer(seed)
    made: list[Essay] = []
    dates = list(essay_dates(writer.rng, essays))
    for (title, topic), date in zip(titles(writer.rng, essays), dates):
        essay = writer.essay(title, topic, date, made)
        essay.replies = writer.replies(essay, replies)
        made.append(essay)

    content = out_dir / "content"
    hugo = out_dir / "hugo" / "content"
    for essay in made:
        write(content / f"{essay.slug}.md", pelican_essay(essay))
        write(hugo / "posts" / f"{essay.slug}.md", hugo_essay(essay))
        for reply in essay.replies:
            write(content / "replies" / essay.slug / f"{reply['id']}.md", pelican_reply(reply))
    write(content / "pages" / "about.md", ABOUT_PELICAN)
    write(hugo / "about.md", ABOUT_HUGO)
    write(hugo / "posts" / "_index.md", HUGO_ARCHIVES)
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "essays": essays,
        "replies_per_essay": replies,
        "seed": seed,
        "files": [{"slug": e.slug, "path": f"content/{e.slug}.md"} for e in made],
    }
    write(out_dir / "corpus.json", json.dumps(manifest, indent=1) + "\n")
    return made


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def pelican_essay(essay: Essay) -> str:
    header = [
        f"Title: {essay.title}",
        f"Date: {essay.date:%Y-%m-%d %H:%M}",
        f"Author: {essay.author}",
        f"Category: {essay.category}",
        f"Tags: {', '.join(essay.tags)}",
        f"Slug: {essay.slug}",
        f"Summary: {essay.summary}",
        f"Roles: {', '.join(essay.roles)}",
    ]
    return "\n".join(header) + "\n\n" + essay.body


def pelican_reply(reply: dict) -> str:
    header = [f"Author: {reply['author']}", f"Date: {reply['date']:%Y-%m-%d %H:%M}"]
    if "url" in reply:
        header.append(f"URL: {reply['url']}")
    if "parent" in reply:
        header.append(f"Parent: {reply['parent']}")
    header.append(f"Source: {reply['source']}")
    return "\n".join(header) + "\n\n" + reply["body"]


def hugo_essay(essay: Essay) -> str:
    # JSON front matter: Hugo reads it natively and it needs no YAML quoting rules.
    front = {
        "title": essay.title,
        "date": essay.date.strftime("%Y-%m-%dT%H:%M:00+00:00"),
        "slug": essay.slug,
        "summary": essay.summary,
        "authors": [essay.author],
        "categories": [essay.category],
        "tags": essay.tags,
        "roles": essay.roles,
    }
    return json.dumps(front, indent=1, ensure_ascii=False) + "\n\n" + essay.body


ABOUT_BODY = "This site is a synthetic corpus for the build benchmark.\n"
ABOUT_PELICAN = "Title: About\nSlug: about\n\n" + ABOUT_BODY
# Kept out of page lists, so the home page can paginate site.RegularPages without
# filtering it on every one of its pages.
ABOUT_HUGO = json.dumps({"title": "About", "slug": "about", "url": "/about/",
                         "build": {"list": "never"}}) + "\n\n" + ABOUT_BODY
HUGO_ARCHIVES = json.dumps({"title": "Archives", "url": "/archives/"}) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--essays", type=int, default=1000, help="number of essays (default 1000)")
    parser.add_argument("--replies", type=int, default=3,
                        help="archived replies per essay (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("out_dir", type=Path, help="folder to write (emptied first)")
    args = parser.parse_args(argv)
    if args.essays < 1 or args.replies < 0:
        parser.error("--essays must be at least 1 and --replies at least 0")
    generate(args.out_dir, args.essays, args.replies, args.seed)
    print(f"Wrote {args.essays} essays with {args.replies} replies each to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
