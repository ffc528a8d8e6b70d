/* Fill the post's slug from its title as it is typed.
 *
 * Django's own prepopulate script keeps Chinese characters in a slug field
 * that allows Unicode; permalinks here are ASCII from the title (as
 * django.utils.text.slugify makes them on the server), and when the title has
 * no Latin letters or digits the slug is the publish time HHMMSS, like
 * Post.default_slug(). A slug typed by hand is never overwritten; emptying the
 * field hands it back to the title.
 */
(function () {
  "use strict";

  function asciiSlug(text) {
    return text.normalize("NFKD")
      .replace(/[^\x00-\x7f]/g, "")
      .toLowerCase()
      .replace(/[^\w\s-]/g, "")
      .replace(/[-\s]+/g, "-")
      .replace(/^[-_]+|[-_]+$/g, "");
  }

  function timeSlug(input) {
    var digits = input && input.value ? input.value.replace(/\D/g, "") : "";
    if (digits.length >= 4) return (digits + "00").slice(0, 6);
    var now = new Date();
    return [now.getHours(), now.getMinutes(), now.getSeconds()].map(function (n) {
      return (n < 10 ? "0" : "") + n;
    }).join("");
  }

  function setup(slug) {
    var form = slug.form;
    var title = form.querySelector("[name='" + slug.getAttribute("data-slug-from") + "']");
    var time = form.querySelector("[name='" + slug.getAttribute("data-slug-time-from") + "']");
    if (!title) return;
    var max = parseInt(slug.getAttribute("maxlength") || "200", 10);
    var byHand = slug.value !== "";

    function update() {
      if (byHand) return;
      if (!title.value.trim()) {
        slug.value = "";
        return;
      }
      var value = asciiSlug(title.value).slice(0, max).replace(/[-_]+$/, "");
      slug.value = value || timeSlug(time);
    }

    slug.addEventListener("input", function () { byHand = slug.value !== ""; });
    title.addEventListener("input", update);
    if (time) {
      time.addEventListener("input", update);
      time.addEventListener("change", update);
    }
  }

  function init() {
    var fields = document.querySelectorAll("input[data-slug-from]");
    for (var i = 0; i < fields.length; i++) setup(fields[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
