"""The search documents: one small HTML file per published essay, for Pagefind.

Each document sits at the essay's own output path (`save_as`) inside its
part's folder, so Pagefind gives every result the essay's URL. The theme's
`search_document.html` says what goes in; Pagefind reads the element marked
`data-pagefind-body`, as it would on the essay's page.

The essay's text goes in as read (pelican_compat.raw_text): the index needs its words,
not the links the writing resolves, nor the roles plugin's "More for …"
blocks; and `article.content` would have this process work out and keep
every essay's page text.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup
from pelican_compat import raw_text
from safe_input.sharing import in_processes

from .pagefind import IndexRun, part_count, part_of

TEMPLATE = "search_document"


def published_essays(generator) -> list:
    return [article for article in (*generator.articles, *generator.translations)
            if article.status == "published"]


def parts_of(essays: list, per_part: int) -> list[list]:
    """The essays of each part, in the order they are indexed."""
    count = part_count(len(essays), per_part)
    parts = [[] for _ in range(count)]
    for article in essays:
        parts[part_of(article.save_as, count)].append(article)
    # A small site may leave a part empty; the parts are numbered without gaps.
    return [part for part in parts if part]


def renderer(generator):
    """essays -> their documents' HTML."""
    template = generator.get_template(TEMPLATE)

    def render(essays: list) -> list[str]:
        return [template.render(generator.context, article=article,
                                text=Markup(raw_text(article))) for article in essays]
    return render


def write_part(folder: Path, essays: list, documents) -> None:
    """Write a part's documents in one order: Pagefind numbers pages in the
    order it finds them, and a small folder lists files in the order they were made."""
    for article in essays:
        target = folder / article.save_as
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(next(documents), encoding="utf-8")


def write_documents(generator, per_part: int, processes: int | None, bundle: Path) -> IndexRun:
    """Render the documents of `generator`'s published essays, then index each part."""
    parts = parts_of(published_essays(generator), per_part)
    run = IndexRun(len(parts), processes, bundle, Path(generator.output_path))
    # Rendering is the one-process stretch before the site is written (2–3 s
    # at 10,000 essays), so it is shared out among the build's processes.
    documents = iter(in_processes(generator.settings, renderer(generator),
                                  [article for part in parts for article in part],
                                  what="Rendering the search documents"))
    for number, part in enumerate(parts):
        write_part(run.sites[number], part, documents)
        run.ready(number)
    return run
