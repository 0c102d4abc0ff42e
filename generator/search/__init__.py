"""The search index: Pagefind, run on the built pages or on their search documents.

`index` runs Pagefind and keeps the documents it reads; `recent` is the preview's
small index of pages saved since the last full one. Nothing here knows the
content model: it reads HTML.

May import: nothing else of the generator.
"""
