"""Renderers: each takes the linked site and returns files, {path: bytes}, for the one writer.

`pages` plans and renders the Markdown pages (with `views` for listings, and for an
event's recording `players`, its click-to-load player, and `transcripts`, its transcript
as timed text or paragraphs) and the menu; `feeds` the iCalendar feeds; `news` the Atom
feeds; `structured` the JSON-LD; `cards` the share cards. `templates/`, `assets/` and
`fonts/` are their data.

May import: `generator.model`, `generator.authoring`, `generator.content`, `generator.resources`,
`generator.identity`, `generator.cache`, `generator.workers`, `generator.problems`, `generator.bounded`.
"""
