"""Redaction of personal data in text that goes to the logs.

E-mail addresses, French phone numbers and French social security numbers (NIR, 13
digits and a 2-digit key, spaces allowed) are replaced by a tag.

>>> redact("Mme X, 2 84 12 75 108 005 42, jean.x@mail.fr, tél. 06 12 34 56 78 ou +33 1 42 76 40 40")
'Mme X, [NIR], [courriel], tél. [téléphone] ou [téléphone]'
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NIR = re.compile(
    r"\b[12][\s.]?\d{2}[\s.]?(?:0[1-9]|1[0-2]|[2-9]\d)[\s.]?(?:2[AB]|\d{2})[\s.]?\d{3}[\s.]?\d{3}"
    r"(?:[\s.]?\d{2})?\b", re.IGNORECASE)
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9](?:[\s.-]?\d{2}){4}\b")


def redact(text: str) -> str:
    """``text`` with e-mails, NIR and phone numbers replaced (NIR first: it is longer)."""
    text = _EMAIL.sub("[courriel]", text)
    text = _NIR.sub("[NIR]", text)
    return _PHONE.sub("[téléphone]", text)
