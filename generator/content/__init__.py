"""Reading and checking content/: the first stage of the pipeline.

`reader` reads a Markdown file and its YAML front matter; `schema` holds the typed
front matter of every content type (pydantic models, which `check`, the guide and
`new` all use); `settings` reads site.yml; `loader` walks content/ once, validates
every file and links nothing yet; `bodies` checks the Markdown of each body (links,
pictures, anchors) and rewrites it for the site; `body_html` holds each body to the
rule for HTML in a page (generator.html_rule). What a comms officer reads comes from
small modules of its own: `yaml_mistakes` names a YAML mistake in plain words at its
line, `field_names` names a nested field in words ("the 2nd speaker (lauren-kocan)"),
`duplicates` finds one item saved as two files, and `unfinished` what was left as
`new` wrote it. `recurrence` works out a repeating session's dates and its RRULE from
one rule, and `programme` holds an event's booking window, repeats and recording to
their rules once its times are known.

May import: `generator.identity`, `generator.problems`, `generator.cache`, `generator.resources`,
`generator.html_rule`, `generator.bounded`.
"""
