// The site's editor: Decap CMS (decap-cms.js, from cms/package.json) with the forms in
// config.yml, which the generator makes from the schema `check` uses.
(function () {
  "use strict";

  // Decap lists a folder's files by depth, not by name. The group files (a series',
  // journal's or practice week's _series.md, _journal.md, _week.md) sit beside the
  // events, issues and visits: lists one folder deep leave them out, and the group
  // collections, two folders deep, show only them.
  var GROUP = /(^|\/)_(series|journal|week)\.md$/;
  // Files are kept beside their page, so Decap's file picker, which lists the page's folder,
  // would offer the pages themselves among the attachments: it lists all but the .md files.
  var PAGE = /\.md$/i;
  function filtered(inner, method, keep) {
    var original = inner[method];
    if (typeof original !== "function") return;
    inner[method] = function () {
      var args = arguments;
      return Promise.resolve(original.apply(inner, args)).then(function (found) {
        return found.filter(function (item) { return keep(item, args); });
      });
    };
  }
  ["proxy", "github", "git-gateway", "test-repo"].forEach(function (name) {
    var backend = CMS.getBackend(name);
    if (!backend) return;
    var init = backend.init;
    backend.init = function () {
      var inner = init.apply(null, arguments);
      ["entriesByFolder", "allEntriesByFolder"].forEach(function (method) {
        filtered(inner, method, function (entry, args) { return GROUP.test(entry.file.path) === (args[2] > 1); });
      });
      filtered(inner, "getMedia", function (file) { return !PAGE.test(file.path || file.name || ""); });
      return inner;
    };
  });

  // Values are written as `new`'s templates write them (the archetypes' `yaml` filter): bare
  // where the generator reads the bare text back as the same string, else in JSON's quotes.
  // CONTENT reads plain values as the generator's loader does: YAML 1.2's true, false, null
  // and decimal numbers, and no dates, so `2027-06-10 14:00` stays a string.
  function plain(tag, pattern, construct) {
    return new jsyaml.Type(tag, {
      kind: "scalar",
      resolve: function (text) { return text !== null && pattern.test(text); },
      construct: construct
    });
  }
  var CONTENT = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [
    jsyaml.types.null,
    plain("tag:yaml.org,2002:bool", /^(?:true|True|TRUE|false|False|FALSE)$/, function (t) { return /^t/i.test(t); }),
    plain("tag:yaml.org,2002:int", /^[-+]?[0-9]+$/, function (t) { return parseInt(t, 10); }),
    plain("tag:yaml.org,2002:float", /^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/, parseFloat)
  ] });
  var yamlOptions = { schema: CONTENT };
  // Line breaks only the generator's loader sees; and << and =, which it cannot read bare.
  var BREAKS = /[\x85\u2028\u2029]/;

  function scalar(value) {
    if (typeof value !== "string") return String(value);
    var bare = !BREAKS.test(value) && value !== "<<" && value !== "=";
    if (bare) {
      try {
        var read = jsyaml.load("v: " + value, yamlOptions);
        bare = !!read && Object.keys(read).length === 1 && read.v === value;
      } catch (e) {
        bare = false;
      }
    }
    return bare ? value : JSON.stringify(value);
  }

  var FENCE = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
  var SOURCE = "__lxSource";

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

  // A short value stands for one field of a group: `registration: https://…` is the
  // registration's url, `chair: clare-chamberlain` the chair's id (window.lxShortForms, from
  // the schema). It is read into the group for the form, and a group with only that field
  // filled is written short again, so a file saved unchanged keeps its lines.
  var SHORT = window.lxShortForms || {};
  function opened(data) {
    Object.keys(SHORT).forEach(function (key) {
      var wrap = function (v) { if (typeof v !== "string") return v; var o = {}; o[SHORT[key]] = v; return o; };
      if (Array.isArray(data[key])) data[key] = data[key].map(wrap);
      else if (key in data) data[key] = wrap(data[key]);
    });
    return data;
  }
  function shortened(key, value) {
    var field = SHORT[key];
    var only = function (v) {
      return v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && field in v ? v[field] : v;
    };
    if (!field) return value;
    return Array.isArray(value) ? value.map(only) : only(value);
  }

  function written(key, value) {
    value = shortened(key, clean(value));
    if (value === null || typeof value !== "object") return [key + ": " + scalar(value)];
    var pair = {};
    pair[key] = value;
    return jsyaml.dump(pair, { schema: jsyaml.CORE_SCHEMA, lineWidth: -1 }).replace(/\n$/, "").split("\n");
  }

  function ranked(order) {
    return function (a, b) {
      var x = order.indexOf(a), y = order.indexOf(b);
      return (x < 0 ? order.length : x) - (y < 0 ? order.length : y);
    };
  }

  // Saving an existing file keeps it as its author wrote it. Decap's own front-matter format
  // writes every key again in the form's order and folds long lines; this changes only the
  // keys whose values the form changed, adds new ones at the end of the front matter, and
  // leaves every other line, comments included, byte for byte.
  function rewritten(data, order) {
    var source = data[SOURCE];
    var parts = split(source);
    var before = opened((parts.front && jsyaml.load(parts.front, yamlOptions)) || {});
    var seen = {};
    var lines = [];
    blocks(parts.front).forEach(function (run) {
      if (!run.key) { lines = lines.concat(run.lines); return; }
      seen[run.key] = true;
      if (!(run.key in data) || empty(data[run.key])) return;  // emptied in the form: the key goes
      lines = lines.concat(same(before[run.key], data[run.key]) ? run.lines : written(run.key, data[run.key]));
    });
    Object.keys(data)
      .filter(function (key) { return key !== "body" && key !== SOURCE && !seen[key] && !empty(data[key]); })
      .sort(ranked(order))
      .forEach(function (key) { lines = lines.concat(written(key, data[key])); });
    var body = data.body === undefined ? parts.body : data.body;
    if (body === parts.body.replace(/\r\n/g, "\n")) body = parts.body;
    return "---\n" + lines.join("\n").replace(/\n+$/, "") + "\n---\n" + body;
  }

  // A new entry is written as `new` writes its kind, from the same template (the layout the
  // generator reads from it, in window.lxLayouts): the template's keys in its order, each
  // value in its style, the optional keys left empty as its comments, so that a later edit by
  // hand finds them, and the body after a blank line. A key the form fills replaces its
  // comment, as taking out the # would. A select left at its default stays a comment where the
  // template has one (status: scheduled), as `new` leaves it. Keys the template never names
  // go at the end.
  function fresh(data, order, layout) {
    var active = {};
    layout.slots.forEach(function (slot) { if (slot.key && !slot.comment) active[slot.key] = true; });
    function shown(key) {
      return !empty(data[key]) && (active[key] || data[key] !== layout.defaults[key]);
    }
    var parts = [];
    var done = { body: true };
    layout.slots.forEach(function (slot) {
      if (slot.lines) parts.push({ free: true, lines: slot.lines });
      else if (done[slot.key] || (slot.comment && active[slot.key] && shown(slot.key))) return;
      else if (shown(slot.key)) { parts.push({ lines: written(slot.key, data[slot.key]) }); done[slot.key] = true; }
      else if (slot.comment) parts.push({ comment: true, lines: slot.comment.map(function (line) { return filled(line, data, layout); }) });
    });
    Object.keys(data).filter(function (key) { return !done[key] && !(key in active) && shown(key); })
      .sort(ranked(order))
      .forEach(function (key) { parts.push({ lines: written(key, data[key]) }); });
    var lines = [];
    parts.forEach(function (part, at) {
      // "Remove the # from any line below" is kept while a commented line follows it.
      var needed = !part.free || parts.slice(at + 1).some(function (p) { return p.comment; });
      if (needed) lines = lines.concat(part.lines);
    });
    var body = String(data.body || "").replace(/\s+$/, "");
    var after = body ? layout.after.replace("{{body}}", function () { return body; }) : "";
    return "---\n" + lines.join("\n") + "\n---\n" + after;
  }

  // The answers a template's comments repeat: another key's value (an issue's number), the
  // file name `new` makes from the title (a person's photo), or an hour after the start
  // (an event's end, as the site shows it while the line stays a comment).
  function filled(line, data, layout) {
    return line.replace(/\{\{(\w+)\}\}/g, function (_, name) {
      if (layout.marks[name]) return empty(data[layout.marks[name]]) ? "" : String(data[layout.marks[name]]);
      if (name === "slug") return slugify(String(data[layout.marks.title] || ""));
      if (name === "end_example") return hourAfter(String(data[layout.marks.start] || ""));
      var programme = programmeExamples(String(data[layout.marks.start] || ""));
      if (name in programme) return programme[name];
      return "";
    });
  }

  // The generator's slugify: ASCII, lower case, words joined by hyphens.
  function slugify(text) {
    var ascii = text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase();
    return ascii.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "item";
  }

  // The commented booking and repeat dates, fitted to the start as `new` fits them
  // (archetypes._programme_examples): a monthly run of six on the start's weekday of the
  // month (a 5th one repeats as the last), and booking from 8 weeks until 2 days before.
  function programmeExamples(start) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(start);
    if (!m) return {};
    var y = +m[1], mo = +m[2] - 1, day = +m[3];
    var weekday = new Date(Date.UTC(y, mo, day)).getUTCDay();
    var n = Math.floor((day - 1) / 7) + 1;
    function nth(month) {
      if (n === 5) {
        var last = new Date(Date.UTC(y, month + 1, 0));
        return new Date(Date.UTC(y, month + 1, -((last.getUTCDay() - weekday + 7) % 7)));
      }
      var shift = (weekday - new Date(Date.UTC(y, month, 1)).getUTCDay() + 7) % 7;
      return new Date(Date.UTC(y, month, 1 + shift + 7 * (n - 1)));
    }
    function iso(d) { return d.toISOString().slice(0, 10); }
    var run = [0, 1, 2, 3, 4, 5].map(function (i) { return nth(mo + i); });
    return {
      repeat_until: iso(run[5]), repeat_except: iso(run[1]), repeat_cancelled: iso(run[2]),
      booking_opens: iso(new Date(Date.UTC(y, mo, day - 56))),
      booking_closes: iso(new Date(Date.UTC(y, mo, day - 2))) + " 17:00"
    };
  }

  function hourAfter(start) {
    var m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(start);
    if (!m) return start;  // a day alone: an all-day event ends on its last day
    var later = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4] + 1, +m[5]));
    return later.toISOString().slice(0, 16).replace("T", " ");
  }

  function format(layout) {
    return {
      fromFile: function (text) {
        var parts = split(text);
        var data = opened((parts.front && jsyaml.load(parts.front, yamlOptions)) || {});
        data.body = parts.body;
        data[SOURCE] = text;
        return data;
      },
      toFile: function (data, sortedKeys) {
        var order = sortedKeys && sortedKeys.toArray ? sortedKeys.toArray() : sortedKeys || [];
        return data[SOURCE] !== undefined ? rewritten(data, order) : fresh(data, order, layout);
      }
    };
  }

  var layouts = window.lxLayouts || {};
  Object.keys(layouts).forEach(function (name) {
    CMS.registerCustomFormat(name, "md", format(layouts[name]));
  });

  // A week's folder is the year of its first day. Decap would save a second week in a year
  // beside the first, as _week-1.md, which is not a week at all: that save is refused, with
  // the reason, before anything is written.
  var weekYears = (window.lxWeekYears || []).slice();
  function weekYear(entry) {
    return entry.get("collection") === "weeks" && entry.get("newRecord") ?
      String(entry.getIn(["data", "start"]) || "").slice(0, 4) : null;
  }
  CMS.registerEventListener({ name: "preSave", handler: function (event) {
    var year = weekYear(event.entry);
    if (year && weekYears.indexOf(year) >= 0) {
      var refused = new Error("There is already a practice week in " + year + " (content/practice-week/" +
        year + "/_week.md). Open it from the list of practice weeks to change it.");
      refused.name = "";  // Decap shows the error as text: the reason alone, without "Error:"
      throw refused;
    }
  } });
  CMS.registerEventListener({ name: "postSave", handler: function (event) {
    var year = weekYear(event.entry);
    if (year) weekYears.push(year);
  } });

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

  // A topic: a plain text box, labelled by Decap like any field, with the topics in use (from
  // the field's `topics`, which the generator fills) in an HTML datalist. The browser offers
  // those that match what is typed, to choose with the arrow keys and Enter or by pointer;
  // whatever is typed is kept, so a new topic is just typed in full. The box keeps what is
  // typed itself (defaultValue): inside a list, Decap passes the value back later than the
  // next key press, and a box that showed only that value lost letters typed quickly.
  var TopicControl = createClass({
    handleChange: function (event) {
      this.props.onChange(event.target.value);
    },
    render: function () {
      var props = this.props;
      var topics = props.field.get("topics");
      var listId = props.forID + "-topics";
      return h("div", {},
        h("input", {
          type: "text", id: props.forID, className: props.classNameWrapper, defaultValue: props.value || "",
          list: listId, autoComplete: "off", onChange: this.handleChange,
          onFocus: props.setActiveStyle, onBlur: props.setInactiveStyle
        }),
        h("datalist", { id: listId }, (topics ? topics.toArray() : []).map(function (topic) {
          return h("option", { key: topic, value: topic });
        })));
    }
  });
  function TopicPreview(props) {
    return h("span", {}, props.value || "");  // without a preview, Decap leaves the topic out of the pane
  }
  CMS.registerWidget("topic", TopicControl, TopicPreview);

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
