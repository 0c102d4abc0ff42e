"""Static site generator for learning events, journals and practice visits.

Data flows one way: content files -> reader -> loader (validation) -> site model
-> renderers -> writer. MkDocs only sees the Markdown and files the writer leaves.
"""

__version__ = "0.1.0"
