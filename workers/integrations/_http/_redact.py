"""Keep secrets out of log lines and exception messages."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["REDACTED", "Redactor"]

REDACTED = "[redacted]"
_AUTHORIZATION_VALUE = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=:-]+")


class Redactor:
    """Replaces every known secret (and any ``Bearer``/``Basic`` credential) in a text with ``[redacted]``.

    Secrets shorter than 4 characters are ignored: replacing them would mangle ordinary words.
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        self._secrets: tuple[str, ...] = ()
        for secret in secrets:
            self.remember(secret)

    def remember(self, secret: str) -> None:
        """Redact ``secret`` too from now on (a token fetched at run time)."""
        if len(secret) >= 4 and secret not in self._secrets:
            self._secrets = tuple(sorted((*self._secrets, secret), key=len, reverse=True))

    def __call__(self, text: str) -> str:
        """Return ``text`` without secrets."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return _AUTHORIZATION_VALUE.sub(lambda match: f"{match.group(1)} {REDACTED}", text)
