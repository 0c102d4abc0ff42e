// Expand every event's repeats with Mozilla's ical.js (Thunderbird's parser) and print, as
// JSON, each date it happens on, as ical.js works them out from the RRULE, the EXDATEs and
// the file's own VTIMEZONEs:
//
//   node occurrences.mjs feed.ics [more.ics ...]
//   -> {"feed.ics": {"<UID>": {"recurring": true,
//                              "occurrences": [{"start": {"utc": "2027-03-16T10:00:00Z"}, "end": {...}}, ...]}}}
//
// Timed occurrences give UTC instants ({"utc": ISO 8601 with Z, whole seconds}); all-day
// ones their dates ({"date": "YYYY-MM-DD"}, the end exclusive). Only the file's own
// VTIMEZONEs count (calendars.mjs), and a TZID without one is an error rather than a
// floating time. A run longer than LIMIT dates is an error too: the site's repeats all end.

import { ICAL, each, instant } from "./calendars.mjs";

const LIMIT = 1000;

function resolveTime(time, tzid, file, uid) {
  if (time.isDate) {
    return { date: time.toString() };
  }
  if (tzid) {
    if (!time.zone || time.zone.tzid !== tzid) {
      throw new Error(`${file}: ${uid}: no VTIMEZONE for TZID ${tzid}`);
    }
  } else if (!time.zone || time.zone.tzid !== "UTC") {
    throw new Error(`${file}: ${uid}: floating time ${time.toString()}`);
  }
  return { utc: instant(time) };
}

function expand(event, file) {
  const tzid = event.component.getFirstProperty("dtstart").getParameter("tzid") || null;
  const found = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next; next = iterator.next()) {
    if (found.length === LIMIT) {
      throw new Error(`${file}: ${event.uid}: more than ${LIMIT} occurrences`);
    }
    const details = event.getOccurrenceDetails(next);
    found.push({
      start: resolveTime(details.startDate, tzid, file, event.uid),
      end: resolveTime(details.endDate, tzid, file, event.uid),
    });
  }
  return found;
}

each((components, file) => {
  const events = {};
  for (const component of components) {
    const event = new ICAL.Event(component);
    if (event.uid in events) {
      throw new Error(`${file}: UID ${event.uid} appears twice`);
    }
    events[event.uid] = { recurring: event.isRecurring(), occurrences: expand(event, file) };
  }
  return events;
});
