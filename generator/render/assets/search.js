// Search with Pagefind's chunked index: the header box shows the top results as
// you type, and the search page (search/) shows all of them.
// Pagefind's script and index load on first use only, and each search fetches
// just the pieces of the index for the words typed.
(function () {
  var script = document.currentScript;
  var root = new URL("../", script.src); // this file is <site>/assets/search.js
  var indexes = {}; // Pagefind, once per address of its script

  function openIndex(src) {
    if (!indexes[src]) {
      indexes[src] = import(new URL(src, root).href).then(function (pf) {
        return pf.options({ baseUrl: root.pathname, excerptLength: 24 }).then(function () { return pf; });
      });
    }
    return indexes[src];
  }

  // Under the preview (`serve`, whose live-reload script defines `livereload`), the
  // pages saved since the full index was made are searched in a small index of their
  // own, and the full index's results for them (out of date, or deleted) are dropped.
  // The full index is replaced as it catches up, so a page open meanwhile loads the
  // new one afresh, under another address. A published site has no live-reload
  // script and makes none of these requests.
  function preview() {
    if (typeof window.livereload !== "function") return Promise.resolve(null);
    return fetch(new URL(".preview-search/state.json", root).href, { cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .catch(function () { return null; });
  }

  function main(state) {
    return openIndex("pagefind/pagefind.js" + (state ? "?" + state.full : ""));
  }

  function load() { return preview().then(main); }

  // Pagefind's search (debounced for typing, if `wait` is given); null if a newer
  // debounced search replaced this one. Under the preview, the pages just saved that
  // hold every word typed come first: scores from two indexes do not compare (each
  // weighs a word by how rare it is among its own pages, and the small one holds a
  // handful), and they are what the person saving looks for. Pages Pagefind matched
  // only loosely (its typo tolerance) come last. Once the full index holds them,
  // they take their usual place.
  function search(term, wait) {
    return preview().then(function (state) {
      var recent = state && state.index ?
        openIndex(".preview-search/" + state.index + "pagefind.js").catch(function () { return null; }) : null;
      return Promise.all([main(state), recent]).then(function (both) {
        var pf = both[0], extra = both[1];
        var pending = wait ? pf.debouncedSearch(term, {}, wait) : pf.search(term);
        return pending.then(function (found) {
          if (!found || !state || !(extra || state.stale.length)) return found;
          var stale = new Set(state.stale);
          var results = found.results.filter(function (r) { return !stale.has(r.id); });
          if (!extra) return { results: results };
          return extra.search(term).then(function (more) {
            return Promise.all(more.results.map(function (r) { return r.data(); })).then(function (pages) {
              var words = term.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
              var exact = [], loose = [];
              more.results.forEach(function (r, i) {
                var text = (((pages[i].meta && pages[i].meta.title) || "") + " " + pages[i].content).toLowerCase();
                (words.every(function (w) { return text.indexOf(w) >= 0; }) ? exact : loose).push(r);
              });
              return { results: exact.concat(results, loose) };
            });
          });
        });
      });
    });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }

  // One result: its kind and date as a small label, its title as the one link, the
  // excerpt as text. Material's item and link classes keep its list's spacing and the
  // preview's and tests' hooks; the lx- classes set the rest (site.css).
  function resultItem(data) {
    var li = el("li", { "class": "md-search-result__item lx-result" });
    var title = el("h2", { "class": "lx-result__title" });
    title.appendChild(el("a", { "class": "md-search-result__link lx-result__link", href: data.url },
      (data.meta && data.meta.title) || data.url));
    li.appendChild(title);
    var facts = [data.meta && data.meta.kind, data.meta && data.meta.date].filter(Boolean).join(" · ");
    if (facts) li.appendChild(el("p", { "class": "lx-search__facts lx-result__label" }, facts));
    var teaser = el("p", { "class": "lx-result__excerpt" });
    teaser.innerHTML = data.excerpt; // Pagefind escapes the page text and adds only <mark>
    li.appendChild(teaser);
    return li;
  }

  function plural(n, one) { return n + " " + one + (n === 1 ? "" : "s"); }

  // --- the header box -------------------------------------------------------
  function header() {
    var input = document.getElementById("lx-search-input");
    if (!input) return;
    var toggle = document.getElementById("__search");
    var box = document.getElementById("lx-search-results");
    var list = box.querySelector(".md-search-result__list");
    var status = box.querySelector(".md-search-result__meta");
    var more = box.querySelector(".lx-search__more");
    var moreLink = more.querySelector("a");
    var latest = 0;

    function open() { if (toggle && !toggle.checked) toggle.checked = true; load(); }
    function close() { if (toggle) toggle.checked = false; input.blur(); }

    input.addEventListener("focus", open);
    // Leaving the search by Tab or by clicking elsewhere closes its results.
    var dialog = input.closest(".md-search");
    dialog.addEventListener("focusout", function (e) {
      if (toggle && e.relatedTarget && !dialog.contains(e.relatedTarget)) toggle.checked = false;
    });
    if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });

    input.addEventListener("input", function () {
      var term = input.value.trim();
      var ticket = ++latest;
      if (term.length < 2) {
        list.textContent = "";
        status.textContent = "Type to search";
        more.hidden = true;
        return;
      }
      search(term, 150).then(function (search) {
        if (!search || ticket !== latest) return null; // a newer search replaced this one
        return Promise.all(search.results.slice(0, 8).map(function (r) { return r.data(); })).then(function (items) {
          if (ticket !== latest) return;
          list.textContent = "";
          items.forEach(function (d) { list.appendChild(resultItem(d)); });
          var n = search.results.length;
          status.textContent = n ? plural(n, "result") + (n > items.length ? ", showing the first " + items.length : "") : "No results for \u201c" + term + "\u201d";
          moreLink.href = new URL("search/?q=" + encodeURIComponent(term), root).href;
          more.hidden = n <= items.length;
        });
      });
    });

    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { close(); }
      if (e.key === "ArrowDown") {
        var first = list.querySelector("a");
        if (first) { e.preventDefault(); first.focus(); }
      }
    });
    box.addEventListener("keydown", function (e) {
      var links = Array.prototype.slice.call(box.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (e.key === "Escape") { close(); }
      else if (e.key === "ArrowDown" && at >= 0 && at < links.length - 1) { e.preventDefault(); links[at + 1].focus(); }
      else if (e.key === "ArrowUp" && at >= 0) { e.preventDefault(); (at === 0 ? input : links[at - 1]).focus(); }
    });
  }

  // --- the search page: every result, twenty at a time ---------------------
  function page() {
    var form = document.getElementById("lx-search-page");
    if (!form) return;
    form.hidden = false;
    var nojs = document.getElementById("lx-search-nojs");
    if (nojs) nojs.hidden = true;
    var input = form.querySelector("input[name=q]");
    var status = document.getElementById("lx-search-status");
    var list = document.getElementById("lx-search-list");
    var moreButton = document.getElementById("lx-search-more");
    input.value = new URLSearchParams(location.search).get("q") || "";
    var shown = 0, all = [], latest = 0;

    function showMore() {
      var next = all.slice(shown, shown + 20);
      shown += next.length;
      return Promise.all(next.map(function (r) { return r.data(); })).then(function (items) {
        items.forEach(function (d) { list.appendChild(resultItem(d)); });
        moreButton.hidden = shown >= all.length;
      });
    }

    function run() {
      var term = input.value.trim();
      var ticket = ++latest;
      history.replaceState(null, "", term ? "?q=" + encodeURIComponent(term) : location.pathname);
      list.textContent = "";
      shown = 0; all = [];
      moreButton.hidden = true;
      if (!term) { status.textContent = "Type the words to search for."; return; }
      search(term).then(function (search) {
        if (ticket !== latest) return;
        all = search.results;
        status.textContent = all.length ? plural(all.length, "result") + " for \u201c" + term + "\u201d" :
          "No results for \u201c" + term + "\u201d. Try other words, or browse the events, topics and people.";
        return showMore();
      });
    }

    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    moreButton.addEventListener("click", function () {
      var before = shown;
      showMore().then(function () {
        var link = list.querySelectorAll("a")[before];
        if (link) link.focus();
      });
    });
    run();
  }

  function start() { header(); page(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
