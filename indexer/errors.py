"""Errors shown to the user as they are (no traceback).

>>> str(PacteError("Aucun index : lancez `pacte index`."))
'Aucun index : lancez `pacte index`.'
"""

import errno
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


class IndexDamagedError(PacteError):
    """An index folder with a missing or unreadable file."""


class EmptyQueryError(PacteError, ValueError):
    """An empty or whitespace-only query."""


class UnknownDocumentError(PacteError, ValueError):
    """A search filter naming a document the index does not hold."""


class UnreadableFileError(PacteError):
    """A file that cannot be read: it is reported and skipped, never half-indexed. Its
    ``reason`` is a French sentence for the user; ``detail``, what the library that read
    it said (often in English), is for debugging only: it is logged, never shown.

    >>> e = UnreadableFileError("vide.txt", "fichier vide")
    >>> str(e), e.reason, e.detail
    ('vide.txt : fichier vide', 'fichier vide', '')
    """

    def __init__(self, name: str, reason: str, detail: str = "") -> None:
        super().__init__(f"{name} : {reason}")
        self.reason = reason
        self.detail = detail


class SettingsInvalidError(PacteError):
    """A PACTE_* setting (environment or .env) with a value it cannot take."""


class ModelSetupError(PacteError):
    """The embedding model cannot be prepared."""


_OS_REASONS = {errno.EACCES: "accès refusé : vérifiez les droits",
               errno.EPERM: "opération non permise", errno.ENOENT: "fichier introuvable",
               errno.EISDIR: "c'est un dossier", errno.EIO: "erreur d'entrée-sortie du disque",
               errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
               errno.ENAMETOOLONG: "nom de fichier trop long",
               errno.ELOOP: "lien symbolique qui tourne en rond",
               errno.EBUSY: "fichier occupé par un autre programme",
               errno.ETIMEDOUT: "délai dépassé (disque réseau injoignable ?)",
               errno.ENOSPC: "disque plein", errno.EROFS: "disque en lecture seule",
               errno.EMFILE: "trop de fichiers ouverts à la fois",
               errno.EADDRINUSE: "le port est déjà pris",
               errno.EADDRNOTAVAIL: "adresse inconnue sur cette machine"}


def os_reason(exc: OSError) -> str:
    """Why the system refused, in French; an error without a French wording says its code
    only (the system's own message is in English).

    >>> os_reason(IsADirectoryError(errno.EISDIR, "Is a directory"))
    "c'est un dossier"
    >>> os_reason(OSError(errno.EXDEV, "Invalid cross-device link")), os_reason(OSError("?"))
    ('erreur système (code 18)', 'erreur système')
    """
    if exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    return f"erreur système (code {exc.errno})" if exc.errno else "erreur système"


# pydantic's error types in French: settings here, request bodies in api/errors.py.
VALIDATION_MESSAGES = {
    "missing": "champ obligatoire manquant",
    "string_type": "doit être du texte",
    "string_too_long": "texte trop long ({max_length} caractères au plus)",
    "string_too_short": "texte trop court",
    "string_pattern_mismatch": "format non valide",
    "int_type": "doit être un nombre entier",
    "int_parsing": "doit être un nombre entier",
    "int_from_float": "doit être un nombre entier",
    "bool_type": "doit valoir true ou false",
    "bool_parsing": "doit valoir true ou false",
    "list_type": "doit être une liste",
    "model_type": "doit être un objet JSON",
    "dict_type": "doit être un objet JSON",
    "model_attributes_type": "doit être un objet JSON",
    "too_long": "liste trop longue ({max_length} éléments au plus)",
    "greater_than_equal": "doit valoir au moins {ge}",
    "greater_than": "doit valoir plus de {gt}",
    "less_than_equal": "doit valoir au plus {le}",
    "literal_error": "valeur non permise (valeurs permises : {expected})",
    "enum": "valeur non permise (valeurs permises : {expected})",
    "extra_forbidden": "champ inconnu",
    "json_invalid": "JSON mal formé",
    "json_type": "JSON attendu",
    "float_type": "doit être un nombre",
    "float_parsing": "doit être un nombre",
    "path_type": "doit être un chemin",
}


# The API's filters are lists, named in the plural, where the CLI has --edition, --doc…
_NEAR = {"edition": "editions", "doc_id": "doc_ids", "doc": "doc_ids", "document": "doc_ids",
         "kind": "kinds"}


def describe_error(err: dict[str, Any]) -> str:
    """What is wrong, in French, for one pydantic error (without where).

    >>> describe_error({"type": "literal_error", "ctx": {"expected": "'a' or 'b'"}})
    "valeur non permise (valeurs permises : 'a' ou 'b')"
    >>> describe_error({"type": "extra_forbidden", "loc": ("body", "filters", "edition")})
    'champ inconnu (voulez-vous dire « editions » ?)'
    """
    kind = err.get("type", "")
    ctx = dict(err.get("ctx") or {})
    if kind == "value_error":
        return str(ctx.get("error", err.get("msg", "valeur non valide")))
    if "expected" in ctx:  # pydantic lists choices as "'a', 'b' or 'c'"
        ctx["expected"] = str(ctx["expected"]).replace(" or ", " ou ")
    template = VALIDATION_MESSAGES.get(kind, "valeur non valide")
    near = _NEAR.get(str((err.get("loc") or ("",))[-1]))
    if kind == "extra_forbidden" and near:
        return f"{template} (voulez-vous dire « {near} » ?)"
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


class UserError(click.ClickException):
    """A PacteError on its way to the terminal, in French."""

    def show(self, file: Any = None) -> None:
        click.echo(f"Erreur : {self.format_message()}", err=True)


def user_errors(fn: F | None = None, *, interrupted: str = "Interrompu.") -> Any:
    """A command's PacteError printed as it is (exit 1); Ctrl-C says ``interrupted`` (exit
    130). Used bare (``@user_errors``) or with the command's own Ctrl-C message."""

    def decorate(command: F) -> F:
        @wraps(command)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return command(*args, **kwargs)
            except PacteError as e:
                raise UserError(str(e)) from None
            except KeyboardInterrupt:
                click.echo(f"\n{interrupted}", err=True)
                sys.exit(130)

        return wrapper  # type: ignore[return-value]

    return decorate(fn) if fn is not None else decorate
