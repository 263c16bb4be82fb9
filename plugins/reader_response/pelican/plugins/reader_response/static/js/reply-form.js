/* The reply form and the live replies for Isso, in the site's own look;
   reader-response.js loads it (and reply-form.css) when a reader nears the
   replies, so a reader who never scrolls there downloads neither.

   The page is whole without this script: the archived replies are static
   HTML and the section says how else to answer. With it, the reader gets
   - the replies Isso has that the archive does not have yet, threaded into
     the same list (each reply once: an archived Isso reply has the anchor
     "reply-isso-<id>");
   - our form (Isso accepts only JSON, so there is no form without it),
     posting to Isso's API with the essay's title so Isso never fetches the
     page, and "Reply" under every reply for threading.
   Isso's HTML is untrusted: it is rebuilt element by element from an
   allowlist, never assigned to innerHTML. No Isso script or stylesheet is
   loaded, and nothing here sets an inline style, so the CSP holds. */
(function () {
  "use strict";

  var section = document.querySelector("#replies[data-isso]");
  if (!section || !window.fetch) return;

  var ISSO = section.getAttribute("data-isso");
  var THREAD = section.getAttribute("data-thread");
  var TITLE = section.getAttribute("data-title");
  var MAX_LENGTH = Number(section.getAttribute("data-max-length")) || 65536;
  var REMEMBERED = "reply-form:reader";
  var dateFormat = new Intl.DateTimeFormat(document.documentElement.lang || undefined,
                                           {day: "numeric", month: "long", year: "numeric"});

  // ---- Untrusted HTML from Isso, rebuilt from an allowlist ----------------

  var KEEP = ["P", "BR", "A", "EM", "STRONG", "B", "I", "CODE", "PRE", "BLOCKQUOTE",
              "UL", "OL", "LI", "DEL", "S", "SUP", "SUB", "HR"];
  var DROP = ["SCRIPT", "STYLE", "IFRAME", "OBJECT", "EMBED", "TEMPLATE", "SVG", "MATH",
              "FORM", "INPUT", "BUTTON", "TEXTAREA", "SELECT", "NOSCRIPT", "IMG", "VIDEO",
              "AUDIO", "LINK", "META", "BASE"];

  function safeHref(value) {
    try {
      var url = new URL(value, window.location.href);
      if (url.protocol === "http:" || url.protocol === "https:" || url.protocol === "mailto:") {
        return url.href;
      }
    } catch (error) { /* not an address */ }
    return null;
  }

  function copyAllowed(from, to) {
    from.childNodes.forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        to.appendChild(document.createTextNode(node.nodeValue));
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        var name = node.tagName.toUpperCase();
        if (DROP.indexOf(name) >= 0) return;
        if (KEEP.indexOf(name) < 0) { copyAllowed(node, to); return; }  // unwrap, keep words
        var element = document.createElement(name.toLowerCase());
        if (name === "A") {
          var href = safeHref(node.getAttribute("href") || "");
          if (href) element.setAttribute("href", href);
          element.setAttribute("rel", "nofollow ugc noopener noreferrer");
        }
        copyAllowed(node, element);
        to.appendChild(element);
      }
    });
  }

  function sanitised(html) {
    // A parsed document that is never shown: no script runs, nothing loads.
    var parsed = new DOMParser().parseFromString(String(html || ""), "text/html");
    var out = document.createDocumentFragment();
    copyAllowed(parsed.body, out);
    return out;
  }

  // Isso stores author and website HTML-escaped: decode once, show as text.
  function plain(value) {
    var parsed = new DOMParser().parseFromString(String(value || ""), "text/html");
    return (parsed.documentElement.textContent || "").trim();
  }

  // ---- Replies -------------------------------------------------------------

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function replyButton(id, author) {
    var actions = element("p", "reply-actions");
    var button = element("button", "link-button", "Reply");
    button.type = "button";
    button.setAttribute("data-reply-to", id);
    button.setAttribute("aria-label", "Reply to " + (author || "Anonymous"));
    actions.appendChild(button);
    return actions;
  }

  /* The same markup as an archived reply (reader_response/section.html). */
  function replyItem(comment, note) {
    var id = "isso-" + comment.id;
    var author = plain(comment.author) || "Anonymous";
    var item = element("li");
    var article = element("article", "reply reply-live p-comment h-cite");
    article.id = "reply-" + id;
    var meta = element("p", "reply-meta");
    // Only a full http(s) address: anything else would resolve against this page.
    var given = plain(comment.website);
    var website = /^https?:\/\/[^\s]+$/i.test(given) ? safeHref(given) : null;
    var name = element(website ? "a" : "span", "p-author p-name", author);
    if (name.tagName === "A") {
      name.href = website;
      name.rel = "nofollow ugc noopener noreferrer";
    }
    meta.appendChild(name);
    meta.appendChild(document.createTextNode(" · "));
    var link = element("a");
    link.href = "#" + article.id;
    var time = element("time", "dt-published");
    var created = new Date(comment.created * 1000);
    time.dateTime = created.toISOString();
    time.textContent = dateFormat.format(created);
    link.appendChild(time);
    meta.appendChild(link);
    if (note) meta.appendChild(element("span", "reply-note", note));
    article.appendChild(meta);
    var text = element("div", "e-content");
    text.appendChild(sanitised(comment.text));
    article.appendChild(text);
    article.appendChild(replyButton(id, author));
    item.appendChild(article);
    return item;
  }

  /* The list a new reply goes in: the section's (always there, empty when the
     essay has no replies yet) or the answers under one reply. */
  function listUnder(article) {
    if (!article) {
      var empty = section.querySelector("[data-no-replies]");
      if (empty) empty.hidden = true;
      return section.querySelector(".replies");
    }
    var list = article.querySelector(":scope > .reply-children");
    if (!list) {
      list = element("ol", "reply-children");
      article.appendChild(list);
    }
    return list;
  }

  /* A reply to an archived reply that Isso does not know (imported, e-mailed)
     is posted at the top level, starting with a link to the one it answers. */
  function answered(comment) {
    var first = sanitised(comment.text).querySelector("a[href*='#reply-']");
    if (!first) return null;
    var target = document.getElementById(decodeURIComponent(first.hash.slice(1)));
    return target && target.matches("article.reply") ? target : null;
  }

  function addLive(comments, parentArticle) {
    var added = 0;
    comments.forEach(function (comment) {
      var archived = document.getElementById("reply-isso-" + comment.id);
      var under = archived || null;
      if (!archived && comment.mode !== 4) {   // 4: deleted, kept for its answers
        var parent = parentArticle || answered(comment);
        var item = replyItem(comment, "new");
        listUnder(parent).appendChild(item);
        under = item.querySelector("article");
        added += 1;
      }
      added += addLive(comment.replies || [], under || parentArticle);
    });
    return added;
  }

  function loadLive() {
    var note = section.querySelector("[data-live-note]");
    fetch(ISSO + "?uri=" + encodeURIComponent(THREAD), {credentials: "omit"})
      .then(function (response) {
        if (response.status === 404) return {replies: []};   // older Isso: no thread yet
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        var added = addLive(Array.isArray(data.replies) ? data.replies : [], null);
        if (added && note) {
          note.textContent = added === 1
            ? "1 newer reply is shown too; it is not yet in the archive."
            : added + " newer replies are shown too; they are not yet in the archive.";
          note.hidden = false;
        }
      })
      .catch(function () {
        if (note) {
          note.textContent = "Newer replies could not be loaded just now; the archived ones are all here.";
          note.hidden = false;
        }
      });
  }

  // ---- The form --------------------------------------------------------------

  function remembered() {
    try { return JSON.parse(window.localStorage.getItem(REMEMBERED)) || null; }
    catch (error) { return null; }
  }

  function field(form, name, label, optional, make) {
    var box = element("div", make === "check" ? "check" : "field");
    var input = element(make === "textarea" ? "textarea" : "input");
    input.name = name;
    input.id = form.idPrefix + name;
    var caption = element("label", null, label);
    caption.htmlFor = input.id;
    if (optional) {
      caption.appendChild(document.createTextNode(" "));
      caption.appendChild(element("span", "optional", "(" + optional + ")"));
    }
    if (make === "check") {
      input.type = "checkbox";
      box.append(input, caption);
    } else {
      box.append(caption, input);
    }
    var described = [];
    if (name === "text") {
      var hint = element("span", "hint",
                         "Plain text. A blank line starts a new paragraph; *emphasis* and links work.");
      hint.id = input.id + "-hint";
      described.push(hint.id);
      box.appendChild(hint);
    }
    if (make !== "check") {
      var error = element("p", "error");
      error.id = input.id + "-error";
      error.hidden = true;
      error.setAttribute("data-error-for", name);
      described.push(error.id);
      box.appendChild(error);
    }
    if (described.length) input.setAttribute("aria-describedby", described.join(" "));
    return {box: box, input: input};
  }

  /* The form, built here because it is only of use with this script (Isso
     accepts only JSON): nothing to hide from readers without JavaScript. */
  function newForm(parentId) {
    var form = element("form", "reply-form");
    form.noValidate = true;
    form.idPrefix = "reply-" + (parentId ? parentId + "-" : "");
    var to = parentId && document.getElementById("reply-" + parentId).querySelector(".p-name");
    var text = field(form, "text", parentId ? "Your answer to " +
                     (to ? to.textContent.trim() : "this reply") : "Your reply", null, "textarea");
    text.input.rows = 6;
    text.input.required = true;
    form.appendChild(text.box);
    var row = element("div", "fields");
    var author = field(form, "author", "Name", "optional, shown");
    author.input.autocomplete = "name";
    author.input.maxLength = 200;
    var email = field(form, "email", "E-mail", "optional, never shown");
    email.input.type = "email";
    email.input.autocomplete = "email";
    email.input.maxLength = 254;
    var website = field(form, "website", "Website", "optional, linked from your name");
    website.input.type = "url";
    website.input.autocomplete = "url";
    website.input.placeholder = "https://";
    website.input.maxLength = 500;
    row.append(author.box, email.box, website.box);
    form.appendChild(row);
    form.appendChild(field(form, "notification", "E-mail me when someone answers", null, "check").box);
    form.appendChild(field(form, "remember", "Remember my name, e-mail and website on this device",
                           null, "check").box);
    var actions = element("div", "actions");
    var submit = element("button", "button", "Send reply");
    submit.type = "submit";
    actions.appendChild(submit);
    if (parentId) {
      var cancel = element("button", "button button-quiet", "Cancel");
      cancel.type = "button";
      cancel.addEventListener("click", function () { closeForm(form); });
      actions.appendChild(cancel);
      form.setAttribute("data-parent", parentId);
    }
    form.appendChild(actions);
    var status = element("p", "form-status");
    status.setAttribute("data-form-status", "");
    status.setAttribute("role", "status");
    form.appendChild(status);

    var saved = remembered();
    if (saved) {
      ["author", "email", "website"].forEach(function (name) {
        form.elements[name].value = saved[name] || "";
      });
      form.elements.remember.checked = true;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(form);
    });
    return form;
  }

  function closeForm(form) {
    var opener = form.previousElementSibling &&
      form.previousElementSibling.querySelector("[data-reply-to]");
    form.remove();
    if (opener) {
      opener.setAttribute("aria-expanded", "false");
      opener.focus();
    }
  }

  function showError(form, name, message) {
    var field = form.elements[name];
    var error = form.querySelector("[data-error-for='" + name + "']");
    field.setAttribute("aria-invalid", message ? "true" : "false");
    error.textContent = message || "";
    error.hidden = !message;
  }

  function problems(form) {
    var values = {
      text: form.elements.text.value.trim(),
      author: form.elements.author.value.trim(),
      email: form.elements.email.value.trim(),
      website: form.elements.website.value.trim(),
    };
    var found = {
      text: !values.text ? "Write your reply first."
        : values.text.length > MAX_LENGTH ? "Your reply is too long for this page (at most " +
          MAX_LENGTH + " characters)." : "",
      email: values.email && !form.elements.email.validity.valid
        ? "This does not look like an e-mail address." :
        form.elements.notification.checked && !values.email
          ? "Give your e-mail address to be told of answers." : "",
      website: values.website && !/^https?:\/\/[^\s/]+\.[^\s]+$/i.test(values.website)
        ? "Give your website as an address starting with https://." : "",
    };
    return {values: values, found: found};
  }

  function send(form) {
    var status = form.querySelector("[data-form-status]");
    var checked = problems(form);
    var first = null;
    ["text", "email", "website"].forEach(function (name) {
      showError(form, name, checked.found[name]);
      if (checked.found[name] && !first) first = form.elements[name];
    });
    if (first) { first.focus(); return; }

    var values = checked.values;
    if (form.elements.remember.checked) {
      window.localStorage.setItem(REMEMBERED, JSON.stringify(
        {author: values.author, email: values.email, website: values.website}));
    } else {
      window.localStorage.removeItem(REMEMBERED);
    }
    var parentId = form.getAttribute("data-parent");
    var parentArticle = parentId ? document.getElementById("reply-" + parentId) : null;
    var issoParent = parentId && /^isso-\d+$/.test(parentId) ? Number(parentId.slice(5)) : null;
    var text = values.text;
    if (parentId && issoParent === null) {
      // Isso cannot thread under a reply it does not have: name it in the text;
      // `invoke sync-replies` files the reply under it.
      var who = parentArticle.querySelector(".p-name");
      text = "[@" + (who ? who.textContent.trim() : "reply") + "](#reply-" + parentId + ") " + text;
    }
    var button = form.querySelector("[type=submit]");
    button.disabled = true;
    status.textContent = "Sending your reply…";
    fetch(ISSO + "new?uri=" + encodeURIComponent(THREAD), {
      method: "POST",
      credentials: "omit",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify({
        text: text, author: values.author || null, email: values.email || null,
        website: values.website || null, parent: issoParent, title: TITLE,
        notification: form.elements.notification.checked ? 1 : 0,
      }),
    }).then(function (response) {
      if (response.status === 201 || response.status === 202) {
        return response.json().then(function (comment) {
          var held = response.status === 202 || comment.mode === 2;
          var item = replyItem(comment, held ? "awaiting the author's approval" : "new");
          // The newer replies, loaded while this one was on its way, may hold it already.
          var loaded = document.getElementById("reply-isso-" + comment.id);
          if (loaded) loaded.closest("li").replaceWith(item);
          else listUnder(parentArticle).appendChild(item);
          form.reset();
          if (form.elements.remember && remembered()) form.elements.remember.checked = true;
          status.textContent = held
            ? "Thank you. Your reply will appear here once the author has approved it."
            : "Thank you. Your reply is published.";
          var shown = item.querySelector("article");
          shown.tabIndex = -1;
          if (parentId) closeForm(form);
          shown.focus();
        });
      }
      throw new Error(response.status === 403
        ? "The comment server refused the reply (several replies in a short time?). " +
          "Wait a minute and send it again."
        : "The comment server answered " + response.status + ".");
    }).catch(function (error) {
      status.textContent = (error && error.message && !/fetch|network/i.test(error.message)
        ? error.message : "Your reply could not be sent just now.") +
        " Your text is still here.";
    }).then(function () { button.disabled = false; });
  }

  // ---- Wiring ------------------------------------------------------------------

  section.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-reply-to]");
    if (!opener) return;
    var id = opener.getAttribute("data-reply-to");
    var open = section.querySelector("form[data-parent='" + id + "']");
    if (open) { open.querySelector("textarea").focus(); return; }
    var form = newForm(id);
    opener.closest(".reply-actions").after(form);
    opener.setAttribute("aria-expanded", "true");
    form.querySelector("textarea").focus();
  });

  section.querySelectorAll("article.reply").forEach(function (article) {
    var actions = article.querySelector(":scope > .reply-actions");
    if (actions) actions.hidden = false;
  });
  var slot = section.querySelector("[data-form-slot]");
  slot.appendChild(newForm(null));
  slot.hidden = false;

  // reader-response.js loads this script when the reader nears the replies.
  loadLive();
})();
