"""The pipeline: content files, to the linked model, to the renderers, to one writer.

`pipeline.build` runs the stages in order and returns what was made; `writer`
writes the outputs into build/docs, only those that changed, and removes what is
no longer made.

May import: `generator.render`, `generator.model`, `generator.content`, `generator.resources`,
`generator.identity`, `generator.cache`, `generator.workers`, `generator.problems`.
"""
