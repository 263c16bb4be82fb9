/* Loads the comment provider's embed only when the reader asks for it, so that
   no request reaches the provider before then (privacy, speed). The page is
   complete without this script; see partials/reader_response/embed.html. */
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

  document.querySelectorAll(".provider-embed[data-embed]").forEach(function (box) {
    var button = box.querySelector("[data-load]");
    var status = box.querySelector("[data-status]");
    button.hidden = false;
    button.addEventListener("click", function () { load(box, button, status); });
  });
})();
