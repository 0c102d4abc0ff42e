// What the calendar checks share: reading a file with Mozilla's ical.js (Thunderbird's
// parser) so that only its own VTIMEZONEs are known, and printing, as JSON, what a check
// finds in each file named on the command line.
//
// The time-zone registry is emptied before each file, so a missing or wrong VTIMEZONE
// shows up as a wrong instant, or as an error for a TZID with none. Exit status 1, with a
// message on stderr, for anything ical.js cannot read.

import { readFileSync } from "node:fs";
import ICAL from "ical.js";

export { ICAL };

// The file's VEVENTs, parsed again once its zones are registered, so times bind to them.
export function vevents(file) {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
  }
  return calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Component(v.toJSON()));
}

// An ISO 8601 instant in UTC, whole seconds.
export function instant(time) {
  return new Date(time.toUnixTime() * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

// {"<file>": check(its VEVENTs, file)} for each file on the command line, on stdout.
export function each(check) {
  const result = {};
  try {
    for (const file of process.argv.slice(2)) {
      result[file] = check(vevents(file), file);
    }
  } catch (error) {
    process.stderr.write(`ical.js: ${error.message}\n`);
    process.exit(1);
  }
  process.stdout.write(JSON.stringify(result, null, 1) + "\n");
}
