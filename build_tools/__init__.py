"""Chronicle: a cross-linked, searchable news archive built with MkDocs."""

__version__ = "0.1.0"
