"""Errors shown to the user as they are (no traceback).

>>> str(PacteError("Aucun index : lancez `pacte index`."))
'Aucun index : lancez `pacte index`.'
"""

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


class PacteError(Exception):
    """An error whose message is meant for the user, in French."""


class IndexMissingError(PacteError):
    """No index folder where one was expected."""


class IndexMismatchError(PacteError):
    """The index was built with another model, dimension or format."""


class EmptyQueryError(PacteError, ValueError):
    """An empty or whitespace-only query."""


class UnreadableFileError(PacteError):
    """A file that cannot be read: it is reported and skipped, never half-indexed.

    >>> e = UnreadableFileError("vide.txt", "fichier vide")
    >>> str(e), e.reason
    ('vide.txt : fichier vide', 'fichier vide')
    """

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name} : {reason}")
        self.reason = reason


class UserError(click.ClickException):
    """A PacteError on its way to the terminal, in French."""

    def show(self, file: Any = None) -> None:
        click.echo(f"Erreur : {self.format_message()}", err=True)


def user_errors(fn: F) -> F:
    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PacteError as e:
            raise UserError(str(e)) from None
        except KeyboardInterrupt:
            click.echo("\nInterrompu : aucun index n'a été modifié.", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]
