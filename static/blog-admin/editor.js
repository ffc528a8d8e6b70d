/* The post body editor: a live preview beside the Markdown textarea.
 *
 * The preview is rendered on the server by the same pipeline as the public
 * page (POST to the admin-only endpoint in data-preview-url, CSRF token from
 * the form), debounced while typing; responses that arrive out of order are
 * ignored. No inline script: everything comes from data-* attributes.
 */
(function () {
  "use strict";

  var DELAY = 300;

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function setup(editor) {
    var textarea = editor.querySelector("textarea");
    var preview = editor.querySelector(".md-preview");
    var stats = editor.querySelector(".md-editor-stats");
    var state = editor.querySelector(".md-editor-state");
    var url = editor.getAttribute("data-preview-url");
    var form = textarea.form;
    var timer = null;
    var sequence = 0;
    var shown = 0;
    var controller = null;
    var lastSent = null;

    function refresh() {
      var body = textarea.value;
      if (body === lastSent) return;
      lastSent = body;
      var mine = ++sequence;
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      editor.classList.add("is-busy");
      state.textContent = editor.getAttribute("data-busy-text") || "";
      var data = new URLSearchParams();
      data.append("body", body);
      data.append("post", textarea.getAttribute("data-post") || "");
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {"X-CSRFToken": csrfToken(form), "X-Requested-With": "XMLHttpRequest"},
        body: data,
        signal: controller ? controller.signal : undefined
      }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      }).then(function (result) {
        if (mine < shown) return;
        shown = mine;
        // Sanitized on the server by blog/markdown.py (nh3), like the public page.
        preview.innerHTML = result.html;
        stats.textContent = result.stats;
        editor.setAttribute("data-word-count", result.word_count);
        editor.setAttribute("data-reading-time", result.reading_time);
        state.textContent = "";
        editor.classList.remove("is-busy", "has-error");
      }).catch(function (error) {
        if (error && error.name === "AbortError") return;
        lastSent = null;  // try again on the next keystroke
        editor.classList.remove("is-busy");
        editor.classList.add("has-error");
        state.textContent = editor.getAttribute("data-error-text") || "";
      });
    }

    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, DELAY);
    }

    textarea.addEventListener("input", schedule);
    // Links in the preview would leave the unsaved form: open them elsewhere.
    preview.addEventListener("click", function (event) {
      var link = event.target.closest("a[href]");
      if (!link) return;
      var href = link.getAttribute("href");
      if (href.charAt(0) === "#") {
        event.preventDefault();
        var target = preview.querySelector("[id='" + CSS.escape(decodeURIComponent(href.slice(1))) + "']");
        if (target) target.scrollIntoView({block: "start"});
        return;
      }
      link.setAttribute("target", "_blank");
      link.setAttribute("rel", "noopener");
    });
    // Ctrl/Cmd+S anywhere in the form saves and keeps editing, like a text editor.
    (form || textarea).addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && (event.key === "s" || event.key === "S")) {
        var keep = form && form.querySelector("input[name=_continue]");
        if (keep) {
          event.preventDefault();
          keep.click();
        }
      }
    });
    refresh();
  }

  function init() {
    var editors = document.querySelectorAll(".md-editor[data-preview-url]");
    for (var i = 0; i < editors.length; i++) setup(editors[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
