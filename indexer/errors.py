"""Errors shown to the user as they are (no traceback).

>>> str(PacteError("Aucun index : lancez `pacte index`."))
'Aucun index : lancez `pacte index`.'
"""


class PacteError(Exception):
    """An error whose message is meant for the user, in French."""


class IndexMissingError(PacteError):
    """No index folder where one was expected."""


class IndexMismatchError(PacteError):
    """The index was built with another model, dimension or format."""


class EmptyQueryError(PacteError, ValueError):
    """An empty or whitespace-only query."""


class UnreadableFileError(PacteError):
    """A file that cannot be read: it is reported and skipped, never half-indexed."""
