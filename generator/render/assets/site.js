// Tables and code blocks that scroll sideways must be reachable by keyboard
// (WCAG 2.1.1): give each scrolling region focus and a name. No other script.
(function () {
  function label(root) {
    root.querySelectorAll(".md-typeset__scrollwrap, .md-search-result pre > code").forEach(function (el) {
      if (el.scrollWidth > el.clientWidth && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", el.querySelector("table") ? "Table, scrolls sideways" : "Code, scrolls sideways");
      }
    });
  }
  function all() { label(document); }
  if (window.document$) { window.document$.subscribe(all); } else { document.addEventListener("DOMContentLoaded", all); }
  window.addEventListener("resize", all);
  var results = document.querySelector(".md-search-result__list");
  if (results && window.MutationObserver) {
    new MutationObserver(function () { label(results); }).observe(results, { childList: true, subtree: true });
  }
})();
