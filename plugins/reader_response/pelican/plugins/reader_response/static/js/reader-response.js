/* Loads what the reply section needs only when the reader asks for it or comes
   near it, so that no request reaches the provider before then (privacy) and
   a reader who never scrolls to the replies downloads nothing more (speed):
   - a provider's embed, on the press of its button (reader_response/embed.html);
   - with Isso, our reply form (reply-form.js and reply-form.css), when the
     replies come within a screen or so.
   The page is complete without this script. */
(function () {
  "use strict";
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;

  // {"light": a, "dark": b} becomes a or b; lists and objects are walked.
  function resolve(value) {
    if (Array.isArray(value)) return value.map(resolve);
    if (value && typeof value === "object") {
      if ("light" in value && "dark" in value) return dark ? value.dark : value.light;
      var out = {};
      Object.keys(value).forEach(function (key) { out[key] = resolve(value[key]); });
      return out;
    }
    return value;
  }

  function setAttributes(element, attributes) {
    Object.keys(attributes || {}).forEach(function (name) {
      var value = resolve(attributes[name]);
      if (value !== null && value !== undefined) element.setAttribute(name, String(value));
    });
  }

  function load(box, button, status) {
    var config = JSON.parse(box.getAttribute("data-embed"));
    var container = document.createElement(config.container.tag);
    setAttributes(container, config.container.attrs);
    var globals = resolve(config.globals || {});
    Object.keys(globals).forEach(function (name) { window[name] = globals[name]; });
    if (config.disqus) {
      var page = config.disqus;
      window.disqus_config = function () { Object.assign(this.page, page); };
    }
    var script = document.createElement("script");
    setAttributes(script, config.script.attrs);
    script.async = true;
    script.src = config.script.src;
    script.onload = function () {
      status.textContent = "";
      button.remove();
      // The button had focus; keep the reader where the discussion now is.
      container.tabIndex = -1;
      container.focus();
    };
    script.onerror = function () {
      container.remove();
      script.remove();
      button.disabled = false;
      status.textContent = "The discussion could not be loaded just now. " +
        "The replies above and the other ways to answer still work.";
    };
    button.disabled = true;
    status.textContent = "Loading the discussion…";
    box.appendChild(container);
    (config.script.inside ? container : box).appendChild(script);
  }

  function loadReplyForm(section) {
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = section.getAttribute("data-form-style");
    // The script after its styles, so the form never shows unstyled.
    style.onload = style.onerror = function () {
      var script = document.createElement("script");
      script.src = section.getAttribute("data-form-script");
      document.head.appendChild(script);
    };
    document.head.appendChild(style);
  }

  var replies = document.querySelector("#replies[data-form-script]");
  if (replies && "IntersectionObserver" in window) {
    var watcher = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        watcher.disconnect();
        loadReplyForm(replies);
      }
    }, {rootMargin: "1000px 0px"});
    watcher.observe(replies);
  } else if (replies) {
    loadReplyForm(replies);
  }

  document.querySelectorAll(".provider-embed[data-embed]").forEach(function (box) {
    var button = box.querySelector("[data-load]");
    var status = box.querySelector("[data-status]");
    button.hidden = false;
    button.addEventListener("click", function () { load(box, button, status); });
  });
})();
