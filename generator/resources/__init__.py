"""The files beside a page (slides, PDFs, covers, photos) and the facts derived from them.

`downloads` works out a file's size, kind and a PDF's pages and text; `images` its
pixel size and the resized versions the site serves. Each result is kept in
build/.cache, keyed by the file's bytes, so a rebuild reads a file only when it changed.

May import: `generator.cache`.
"""
