// WordPress shortlinks (?p=42, ?page_id=7, ?attachment_id=9, ?feed=rss2) on hosts whose
// redirect rules cannot match a query string: written by the wordpress_import
// plugin, loaded by the blog's old front page and by the site's 404 page (for
// /blog/index.php?p=42). A file of the site rather than
// inline code, so that the Content-Security-Policy (scripts from 'self') allows it.
// Targets come only from the site's own map, never from the address.
(function () {
  "use strict";
  var script = document.currentScript;
  var home = script.getAttribute("data-home");
  var query = new URLSearchParams(window.location.search);
  var names = ["p", "page_id", "attachment_id", "feed"].filter(function (name) {
    return /^[\w-]+$/.test(query.get(name) || "");
  });

  function leave(target) {
    if (target) {
      window.location.replace(target);
    }
  }

  function frontPage() {
    var path = window.location.pathname.replace(/index\.(?:html?|php)$/, "");
    try {
      return decodeURIComponent(path);
    } catch (error) {
      return path;
    }
  }

  if (!names.length) {
    leave(home);
    return;
  }
  fetch(script.getAttribute("data-map"), { credentials: "same-origin" })
    .then(function (answer) {
      if (!answer.ok) {
        throw new Error("no shortlink map (" + answer.status + ")");
      }
      return answer.json();
    })
    .then(function (map) {
      var links = map[frontPage()] || {};
      for (var i = 0; i < names.length; i += 1) {
        var target = (links[names[i]] || {})[query.get(names[i])];
        if (typeof target === "string") {
          leave(target);
          return;
        }
      }
      leave(home);
    })
    .catch(function () {
      leave(home);
    });
})();
