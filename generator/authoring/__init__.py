"""Tools for the people who write the content: `new` (archetypes), `new-site` and the guide.

`archetypes` starts a content file from a template; `newsite` starts a site of
one's own; `guide` writes the authoring guide's pages from the schema.

May import: `generator.content`, `generator.identity`, `generator.problems`.
"""
