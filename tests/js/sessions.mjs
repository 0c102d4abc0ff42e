// Every date each event in a calendar happens on, as Mozilla's ical.js (Thunderbird's parser)
// works them out: the RRULE and RDATEs, less the EXDATEs, with each edited date (a VEVENT with
// RECURRENCE-ID) in place of the date it replaces. Prints JSON:
//
//   node sessions.mjs calendar.ics [more.ics ...]
//   -> {"calendar.ics": {"<UID>": {"start": {...}, "end": {...}, "status": "CONFIRMED",
//        "sessions": [{"rid": {...}, "start": {...}, "end": {...}, "status": "CANCELLED"}, ...]}}}
//
// A time is {"utc": "2027-01-12T10:00:00Z"}, a date {"date": "2027-03-15"} (an all-day end is
// the day after, as in the file). Only the file's own VTIMEZONEs are known (calendars.mjs).
// A run is cut at LIMIT dates.

import { ICAL, each, instant } from "./calendars.mjs";

const LIMIT = 400;

function when(time) {
  if (time.isDate) {
    return { date: time.toString() };
  }
  if (!time.zone || time.zone.tzid === "floating") {
    throw new Error(`floating time ${time.toString()}`);
  }
  return { utc: instant(time) };
}

function status(component) {
  return (component.getFirstPropertyValue("status") || "CONFIRMED").toUpperCase();
}

function sessions(event) {
  const found = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next && found.length < LIMIT; next = iterator.next()) {
    const details = event.getOccurrenceDetails(next);
    found.push({
      rid: when(details.recurrenceId),
      start: when(details.startDate),
      end: when(details.endDate),
      status: status(details.item.component),
    });
  }
  return found;
}

each((components) => {
  const masters = {};
  for (const component of components.filter((c) => !c.hasProperty("recurrence-id"))) {
    masters[component.getFirstPropertyValue("uid")] = new ICAL.Event(component);
  }
  for (const component of components.filter((c) => c.hasProperty("recurrence-id"))) {
    masters[component.getFirstPropertyValue("uid")].relateException(component);
  }
  const events = {};
  for (const [uid, event] of Object.entries(masters)) {
    events[uid] = {
      start: when(event.startDate),
      end: when(event.endDate),
      status: status(event.component),
      sessions: sessions(event),
    };
  }
  return events;
});
