"""The linked site: what the loader validated, joined up into one model the renderers read.

`site` makes the model (events in series, issues in journals, visits in weeks,
people and topics with what they appear in, each date of a repeating event as a
session); `booking` decides once what booking says against the build's "now";
`dates` the date and time phrases;
`revisions` when each file last changed (from git); `depends` which source files
every output is made from, so a rebuild renders only what an edit touched.

May import: `generator.content`, `generator.resources`, `generator.identity`, `generator.problems`, `generator.cache`.
"""
