"""click's own words in French: "Utilisation :", "Erreur : argument manquant…", "--help".

click marks every string it prints (usage line, help headings, usage errors) for the
standard ``gettext`` module, in the default domain. ``install()`` writes those strings,
translated, as a gettext catalogue (``messages.mo``) in a folder named after its
content, binds the domain to it, and asks for French unless the user's ``LANGUAGE``
names a language. The ``pacte`` entry point calls it before click parses anything.

>>> import gettext, io
>>> t = gettext.GNUTranslations(io.BytesIO(mo_bytes(FR, FR_PLURAL)))
>>> t.gettext("Usage:"), t.ngettext("Did you mean {possibility}?",
...                                 "(Did you mean one of: {possibilities}?)", 2)
('Utilisation :', '(Vouliez-vous dire : {possibilities} ?)')
"""

from __future__ import annotations

import gettext
import hashlib
import os
import struct
import tempfile
from pathlib import Path

DOMAIN = "messages"  # click calls gettext.gettext: the default domain

FR = {
    "Usage:": "Utilisation :",
    # click writes "{heading}:" — the space makes the French "Options :".
    "Options": "Options ",
    "Commands": "Commandes ",
    "Positional arguments": "Arguments ",
    "Show this message and exit.": "Affiche cette aide et quitte.",
    "Show the version and exit.": "Affiche la version et quitte.",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Aide : « {command} {option} ».",
    "Aborted!": "Interrompu.",
    "Missing command.": "Commande manquante.",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
    "No such option {name!r}.": "Option inconnue : {name!r}.",
    "Option {name!r} does not take a value.": "L'option {name!r} ne prend pas de valeur.",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un nombre valide.",
    "default: {default}": "par défaut : {default}",
    "required": "obligatoire",
    "env var: {var}": "variable d'environnement : {var}",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "{name} {filename!r} does not exist.": "{name} {filename!r} introuvable.",
    "{name} {filename!r} is a file.": "{name} {filename!r} est un fichier.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} est un dossier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} illisible.",
    "Choose from:\n\t{choices}": "Au choix :\n\t{choices}",
}

FR_PLURAL = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Vouliez-vous dire {possibility} ?", "(Vouliez-vous dire : {possibilities} ?)"),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Argument en trop ({args})", "Arguments en trop ({args})"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("L'option {name!r} attend une valeur.", "L'option {name!r} attend {nargs} valeurs."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} n'est pas {choice}.", "{value!r} n'est pas parmi {choices}."),
}

HEADER = ("Content-Type: text/plain; charset=UTF-8\n"
          "Language: fr\nPlural-Forms: nplurals=2; plural=(n > 1);\n")


def mo_bytes(singular: dict[str, str], plural: dict[tuple[str, str], tuple[str, str]]
             ) -> bytes:
    """A GNU ``.mo`` catalogue: magic, count, two tables of (length, offset), no hash."""
    pairs = {"": HEADER, **singular}
    pairs |= {f"{a}\0{b}": f"{x}\0{y}" for (a, b), (x, y) in plural.items()}
    keys = sorted(pairs)
    ids = [k.encode() for k in keys]
    strs = [pairs[k].encode() for k in keys]
    start = 7 * 4 + 16 * len(keys)  # header, then the two tables
    table, blob = [], b""
    for s in ids + strs:
        table.append((len(s), start + len(blob)))
        blob += s + b"\0"
    head = struct.pack("<7I", 0x950412DE, 0, len(keys), 28, 28 + 8 * len(keys), 0, 0)
    return head + b"".join(struct.pack("<2I", n, o) for n, o in table) + blob


def install(root: Path | None = None) -> Path:
    """Write the catalogue (once per content) and make click speak French, unless
    ``LANGUAGE`` is set; returns the locale folder."""
    data = mo_bytes(FR, FR_PLURAL)
    base = root or Path(tempfile.gettempdir())
    folder = base / f"pacte-locale-{hashlib.sha256(data).hexdigest()[:12]}"
    mo = folder / "fr" / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not mo.exists():
        mo.parent.mkdir(parents=True, exist_ok=True)
        tmp = mo.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(mo)
    gettext.bindtextdomain(DOMAIN, str(folder))
    if not os.environ.get("LANGUAGE"):  # unset or empty: French
        os.environ["LANGUAGE"] = "fr"
    return folder
