// Read .ics files with Mozilla's ical.js (Thunderbird's parser) and print, as JSON,
// every event's start and end as ical.js works them out from the file's own VTIMEZONEs:
//
//   node resolve.mjs feed.ics [more.ics ...]
//   -> {"feed.ics": {"<UID>": {"start": {"utc": "2024-03-25T10:00:00Z"}, "end": {"utc": "..."},
//                              "allDay": false, "tzid": "Europe/London",
//                              "summary": "...", "description": "...", "location": "..."}}}
//
// Timed events give UTC instants ({"utc": ISO 8601 with Z, whole seconds}); all-day
// events give their dates ({"date": "YYYY-MM-DD"}, the end exclusive). Only the VTIMEZONEs in the same file are known:
// the time-zone registry is emptied before each file, so a missing or wrong
// VTIMEZONE shows up as a wrong instant, or as an error for a TZID with none.
// Exit status 1, with a message on stderr, for anything ical.js cannot read.

import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function resolveTime(time, prop, file, uid) {
  if (time.isDate) {
    return { value: { date: time.toString() }, tzid: null };
  }
  const tzid = prop.getParameter("tzid") || null;
  if (tzid) {
    // ical.js falls back to a floating time when it has no VTIMEZONE for the TZID.
    if (!time.zone || time.zone.tzid !== tzid) {
      throw new Error(`${file}: ${uid}: no VTIMEZONE for TZID ${tzid}`);
    }
  } else if (!time.zone || time.zone.tzid !== "UTC") {
    throw new Error(`${file}: ${uid}: floating time ${time.toString()}`);
  }
  const utc = new Date(time.toUnixTime() * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  return { value: { utc }, tzid };
}

const result = {};
try {
  for (const file of process.argv.slice(2)) {
    ICAL.TimezoneService.reset();
    const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
    for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
      ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
    }
    const events = {};
    for (const vevent of calendar.getAllSubcomponents("vevent")) {
      // Parsed again now that the zones are registered, so times bind to them.
      const component = new ICAL.Component(vevent.toJSON());
      const event = new ICAL.Event(component);
      const uid = event.uid;
      if (uid in events) {
        throw new Error(`${file}: UID ${uid} appears twice`);
      }
      const start = resolveTime(event.startDate, component.getFirstProperty("dtstart"), file, uid);
      const end = resolveTime(event.endDate, component.getFirstProperty("dtend"), file, uid);
      events[uid] = {
        start: start.value,
        end: end.value,
        allDay: event.startDate.isDate,
        tzid: start.tzid,
        summary: event.summary,
        description: event.description,
        location: event.location,
      };
    }
    result[file] = events;
  }
} catch (error) {
  process.stderr.write(`ical.js: ${error.message}\n`);
  process.exit(1);
}
process.stdout.write(JSON.stringify(result, null, 1) + "\n");
