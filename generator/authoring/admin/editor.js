// The site's editor: Decap CMS (decap-cms.js, from cms/package.json) with the forms in
// config.yml, which the generator makes from the schema `check` uses.
(function () {
  "use strict";

  // Decap lists a folder's files by depth, not by name. The group files (a series',
  // journal's or practice week's _series.md, _journal.md, _week.md) sit beside the
  // events, issues and visits: lists one folder deep leave them out, and the group
  // collections, two folders deep, show only them.
  var GROUP = /(^|\/)_(series|journal|week)\.md$/;
  ["proxy", "github", "git-gateway", "test-repo"].forEach(function (name) {
    var backend = CMS.getBackend(name);
    if (!backend) return;
    var init = backend.init;
    backend.init = function () {
      var inner = init.apply(null, arguments);
      ["entriesByFolder", "allEntriesByFolder"].forEach(function (method) {
        var original = inner[method];
        if (typeof original !== "function") return;
        inner[method] = function (folder, extension, depth) {
          return Promise.resolve(original.apply(inner, arguments)).then(function (entries) {
            return entries.filter(function (entry) {
              return GROUP.test(entry.file.path) === (depth > 1);
            });
          });
        };
      });
      return inner;
    };
  });

  // Saving keeps the file as its author wrote it. Decap's own front-matter format writes
  // every key again in the form's order and folds long lines; this one changes only the
  // keys whose values the form changed, adds new ones at the end of the front matter,
  // and leaves every other line, comments included, byte for byte.
  var FENCE = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
  var SOURCE = "__lxSource";
  var yamlOptions = { schema: jsyaml.CORE_SCHEMA };

  function split(text) {
    var m = FENCE.exec(text);
    return m ? { front: m[1], body: text.slice(m[0].length) } : { front: "", body: text };
  }

  // The front matter as runs of lines: a top-level key with the lines under it, or other lines.
  function blocks(front) {
    var out = [];
    front.split("\n").forEach(function (line) {
      var key = /^([A-Za-z_][\w-]*):(?:\s|$)/.exec(line);
      var inside = /^(\s|- |-$)/.test(line) && out.length && out[out.length - 1].key;
      if (key) out.push({ key: key[1], lines: [line] });
      else if (inside) out[out.length - 1].lines.push(line);
      else out.push({ key: null, lines: [line] });
    });
    return out;
  }

  function empty(value) {
    return value === null || value === undefined || value === "" ||
      (Array.isArray(value) && value.length === 0) ||
      (typeof value === "object" && !Array.isArray(value) && Object.keys(value).every(function (k) { return empty(value[k]); }));
  }

  function clean(value) {
    if (Array.isArray(value)) return value.map(clean).filter(function (v) { return !empty(v); });
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (k) { if (!empty(value[k])) out[k] = clean(value[k]); });
      return out;
    }
    return value;
  }

  function same(a, b) {
    return JSON.stringify(clean(a)) === JSON.stringify(clean(b));
  }

  function written(key, value) {
    var pair = {};
    pair[key] = clean(value);
    return jsyaml.dump(pair, { schema: jsyaml.CORE_SCHEMA, lineWidth: -1 }).replace(/\n$/, "").split("\n");
  }

  CMS.registerCustomFormat("frontmatter-as-written", "md", {
    fromFile: function (text) {
      var parts = split(text);
      var data = (parts.front && jsyaml.load(parts.front, yamlOptions)) || {};
      data.body = parts.body;
      data[SOURCE] = text;
      return data;
    },
    toFile: function (data, sortedKeys) {
      var source = data[SOURCE] || "";
      var parts = split(source);
      var before = (parts.front && jsyaml.load(parts.front, yamlOptions)) || {};
      var runs = blocks(parts.front);
      var seen = {};
      var lines = [];
      runs.forEach(function (run) {
        if (!run.key) { if (source) lines = lines.concat(run.lines); return; }
        seen[run.key] = true;
        if (!(run.key in data) || empty(data[run.key])) return;  // emptied in the form: the key goes
        lines = lines.concat(same(before[run.key], data[run.key]) ? run.lines : written(run.key, data[run.key]));
      });
      // Keys the file did not have go at the end, in the form's order (the schema's, as `new` writes them).
      var order = sortedKeys && sortedKeys.toArray ? sortedKeys.toArray() : sortedKeys || [];
      function rank(key) {
        var at = order.indexOf(key);
        return at < 0 ? order.length : at;
      }
      Object.keys(data)
        .filter(function (key) { return key !== "body" && key !== SOURCE && !seen[key] && !empty(data[key]); })
        .sort(function (a, b) { return rank(a) - rank(b); })
        .forEach(function (key) { lines = lines.concat(written(key, data[key])); });
      var body = data.body === undefined ? parts.body : data.body;
      if (source && body === parts.body.replace(/\r\n/g, "\n")) body = parts.body;
      return "---\n" + lines.join("\n").replace(/\n+$/, "") + "\n---\n" + body;
    }
  });

  // The preview pane: the event as its page shows it, in the site's own styles.
  // Material's stylesheets have a content hash in their names: the home page links them.
  fetch("../").then(function (response) { return response.text(); }).then(function (html) {
    var found = html.match(/href="[^"]*assets\/stylesheets\/[^"]+\.css"/g) || [];
    found.forEach(function (attribute) {
      CMS.registerPreviewStyle(new URL(attribute.slice(6, -1), new URL("../", location.href)).href);
    });
    CMS.registerPreviewStyle(new URL("../assets/site.css", location.href).href);
  });
  var h = window.h;

  function person(p) {
    if (!p) return null;
    var name = p.get("name") || p.get("id");
    if (!name) return null;
    var about = [p.get("role"), p.get("organisation")].filter(Boolean).join(", ");
    return h("li", { className: "lx-person" }, h("strong", {}, name), about ? " — " + about : "");
  }

  var EventPreview = createClass({
    render: function () {
      var data = this.props.entry.get("data");
      var when = [data.get("start"), data.get("end") ? "to " + data.get("end") : null, data.get("format")]
        .filter(Boolean).join(" · ");
      var chair = person(data.get("chair"));
      var list = data.get("speakers");
      var speakers = list && list.toArray ? list.toArray().map(person) : [];
      return h("article", { className: "md-typeset lx-event-preview" },
        h("h1", {}, data.get("title") || "Untitled event"),
        h("p", { className: "lx-when" }, when),
        chair || speakers.length ? h("section", { className: "lx-panel", "aria-label": "Speakers" },
          h("h2", {}, "Chair and speakers"),
          h("ul", {}, chair, speakers)) : null,
        this.props.widgetFor("body"));
    }
  });

  (window.lxEventCollections || []).forEach(function (name) {
    CMS.registerPreviewTemplate(name, EventPreview);
  });
})();
