// Tables and code blocks that scroll sideways must be reachable by keyboard
// (WCAG 2.1.1): give each scrolling region focus and a name.
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

// A recording's player is loaded only when the reader asks for it: the page holds it in a
// <template>, which the browser does not load, and its Play button (hidden without
// JavaScript, when the link beside it is the way to watch) puts it in place and moves
// focus to it. Nothing is requested from the video host before the press.
(function () {
  function ready(root) {
    root.querySelectorAll("[data-lx-player]").forEach(function (box) {
      var button = box.querySelector("button.lx-player__play");
      var template = box.querySelector("template");
      if (!button || !template || !template.content || button.hasAttribute("data-lx-ready")) { return; }
      button.setAttribute("data-lx-ready", "");
      button.addEventListener("click", function () {
        var player = template.content.firstElementChild.cloneNode(true);
        button.replaceWith(player);
        player.focus();
        if (player.tagName === "VIDEO") { player.play().catch(function () {}); }
      });
      button.hidden = false;
    });
  }
  function all() { ready(document); }
  if (window.document$) { window.document$.subscribe(all); } else { document.addEventListener("DOMContentLoaded", all); }
})();
