// Comment form: a freshly dated token once the reader writes; "Reply" moves it under a comment.
(function () {
  var form = document.getElementById("comment-form");
  if (!form) return;
  var fields = form.elements, home = form.parentNode, after = form.nextSibling, fresh;
  var replying = form.querySelector(".replying");

  form.addEventListener("focusin", function () {
    fresh = fresh || fetch(form.action.replace("/post/", "/token/"), { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (data) { fields.token.value = data.token; })
      .catch(function () {});  // the page's own token still works
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-reply]"), cancel = event.target.closest(".cancel-reply");
    if (!link && !cancel) return;
    event.preventDefault();
    fields.parent.value = link ? link.dataset.reply : "";
    replying.hidden = !link;
    if (link) {
      replying.querySelector("b").textContent = link.dataset.name;
      link.closest("li").appendChild(form);
      fields.body.focus();
    } else {
      home.insertBefore(form, after);
    }
  });
})();
