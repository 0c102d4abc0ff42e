// Read .ics files with Mozilla's ical.js (Thunderbird's parser) and print, as JSON,
// every event's start and end as ical.js works them out from the file's own VTIMEZONEs:
//
//   node resolve.mjs feed.ics [more.ics ...]
//   -> {"feed.ics": {"<UID>": {"start": {"utc": "2024-03-25T10:00:00Z"}, "end": {"utc": "..."},
//                              "allDay": false, "tzid": "Europe/London",
//                              "summary": "...", "description": "...", "location": "..."}}}
//
// Timed events give UTC instants ({"utc": ISO 8601 with Z, whole seconds}); all-day
// events give their dates ({"date": "YYYY-MM-DD"}, the end exclusive). Only the VTIMEZONEs
// in the same file are known (calendars.mjs).

import { ICAL, each, instant } from "./calendars.mjs";

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
  return { value: { utc: instant(time) }, tzid };
}

each((components, file) => {
  const events = {};
  for (const component of components) {
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
  return events;
});
