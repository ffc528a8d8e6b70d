// "Leave a comment" and "Reply" open the comment form's own page (never cached, so its token
// is fresh); this shows that page's form in place instead. Without JavaScript the links work.
(function () {
  var shown, opener;

  function close() {
    if (shown) shown.remove();
    if (opener) opener.hidden = false;
    shown = opener = null;
  }

  function show(link) {
    fetch(link.href)
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var form = page.getElementById("comment-form");
        var css = page.querySelector('link[href*="comments"]');
        if (!form) throw new Error("no form");
        if (css && !document.querySelector('link[href="' + css.getAttribute("href") + '"]')) {
          document.head.appendChild(css);
        }
        close();
        shown = document.importNode(form, true);
        opener = link;
        link.parentNode.after(shown);
        link.hidden = true;
        shown.elements.name.focus();
      })
      .catch(function () { location.href = link.href; });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-comment-form]");
    if (link || (shown && event.target.closest(".cancel-comment"))) {
      event.preventDefault();
      if (link) show(link); else close();
    }
  });
})();
