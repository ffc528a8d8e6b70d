// The post's catalog: folded on narrow screens, and the section being read
// highlighted. Without JavaScript the catalog stays open, unhighlighted.
// Loaded (not deferred) right after the catalog: it folds before the text
// below is laid out, so nothing on screen moves.
(function () {
  var catalog = document.querySelector(".catalog");
  if (!catalog) return;
  if (window.matchMedia("(max-width: 74.99em)").matches) catalog.open = false;
  if (!("IntersectionObserver" in window)) return;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", highlight);
  else highlight();

  function highlight() {
    var headings = [], links = {}, active = null;
    catalog.querySelectorAll('a[href^="#"]').forEach(function (a) {
      var h = document.getElementById(decodeURIComponent(a.hash.slice(1)));
      if (h) { headings.push(h); links[h.id] = a; }
    });
    // The current section is the last heading above a line 30% down the window.
    function mark() {
      var line = window.innerHeight * 0.3, current = null;
      for (var i = 0; i < headings.length && headings[i].getBoundingClientRect().top <= line; i++) current = links[headings[i].id];
      if (current === active) return;
      if (active) { active.classList.remove("active"); active.removeAttribute("aria-current"); }
      if (current) { current.classList.add("active"); current.setAttribute("aria-current", "location"); }
      active = current;
    }
    // Fires whenever a heading crosses that line, scrolling either way.
    var observer = new IntersectionObserver(mark, { rootMargin: "0px 0px -70% 0px" });
    headings.forEach(function (h) { observer.observe(h); });
  }
})();
