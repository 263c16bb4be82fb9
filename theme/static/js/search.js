// The search page, with JavaScript: search the Pagefind index that the build
// wrote next to the site, in the browser, and list title, date, roles and a
// snippet for each hit. Without JavaScript (or if the index cannot load) the
// form keeps its plain action: a web search limited to this site.

const form = document.querySelector("[data-search-form]");
if (form) start(form);

function start(form) {
  const input = form.elements.q;
  const status = document.querySelector("[data-search-status]");
  const list = document.querySelector("[data-search-results]");
  const limit = Number(form.dataset.limit) || 20;
  // Loading starts at once; a search submitted meanwhile waits for it.
  const ready = load(form).catch(() => null);
  ready.then((pagefind) => {
    if (!pagefind) return;
    for (const note of document.querySelectorAll("[data-search-fallback]")) note.hidden = true;
  });
  let latest = 0;

  async function run(query) {
    const ticket = ++latest;
    list.replaceChildren();
    if (!query) {
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    const pagefind = await ready;
    const search = await pagefind.search(query);
    const hits = await Promise.all(search.results.slice(0, limit).map((hit) => hit.data()));
    if (ticket !== latest) return;  // a newer search has started
    const total = search.results.length;
    status.textContent = total === 0
      ? `Nothing found for “${query}”.`
      : `${total} ${total === 1 ? "page" : "pages"} found for “${query}”`
        + (total > hits.length ? `; the first ${hits.length} are shown.` : ".");
    list.append(...hits.map(result));
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!(await ready)) {
      form.submit();  // no index here: the plain form's web search, as without JavaScript
      return;
    }
    const query = input.value.trim();
    const url = new URL(location.href);
    url.search = query ? `?q=${encodeURIComponent(query)}` : "";
    history.replaceState(null, "", url);
    run(query);
  });

  const asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    input.value = asked;
    ready.then((pagefind) => pagefind && run(asked.trim()));
  }
}

// A big site's index comes in parts (parts.json lists them): the first one's
// pagefind.js searches them all once the others are merged into it.
async function load(form) {
  const bundle = new URL(form.dataset.bundle, location.href);
  const baseUrl = new URL(form.dataset.base, location.href).pathname;
  const response = await fetch(new URL("parts.json", bundle));
  const { parts } = await response.json();
  const pagefind = await import(new URL(`${parts[0]}pagefind.js`, bundle).href);
  await pagefind.options({ baseUrl });
  for (const part of parts.slice(1)) {
    await pagefind.mergeIndex(new URL(part, bundle).pathname, { baseUrl });
  }
  return pagefind;
}

function result(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  item.append(heading);
  const details = [];
  if (data.meta.date) {
    const time = document.createElement("time");
    if (data.meta.datetime) time.dateTime = data.meta.datetime;
    time.textContent = data.meta.date;
    details.push(time);
  }
  if (data.meta.roles) details.push(`For: ${data.meta.roles}`);
  if (details.length) {
    const meta = document.createElement("p");
    meta.className = "meta";
    details.forEach((part, index) => meta.append(index ? " · " : "", part));
    item.append(meta);
  }
  item.append(snippet(data.excerpt));
  return item;
}

// Pagefind's excerpt is the page's text with the matches in <mark>. Only the
// text and the marks are kept: parsed inside a <template>, nothing in it can
// load or run, and nothing else of it reaches the page.
function snippet(excerpt) {
  const template = document.createElement("template");
  template.innerHTML = excerpt;
  const paragraph = document.createElement("p");
  paragraph.className = "search-snippet";
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      paragraph.append(mark);
    } else {
      paragraph.append(node.textContent);
    }
  }
  return paragraph;
}
