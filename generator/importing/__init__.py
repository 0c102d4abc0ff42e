"""Bring an organisation's existing events in: `python -m generator import ics|events-calendar`.

`ics` reads a calendar file (Google, Outlook, The Events Calendar's export, any
iCalendar); `events_calendar` reads the pages of The Events Calendar's REST API saved
as JSON files. Each turns what it reads into `incoming.Incoming` events, and `writing`
is the one path from those to content files: through `new`'s own template, never over a
file, never twice for the same calendar UID, each file then checked as `check` checks
it. `report` says what happened in plain words. Nothing here reaches the network.

May import: `generator.content`, `generator.authoring`, `generator.identity`, `generator.problems`.
"""
