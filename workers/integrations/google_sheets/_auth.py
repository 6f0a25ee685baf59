"""Service-account OAuth for Google APIs: a JWT signed with google-auth, exchanged for an access token."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from google.auth import crypt, jwt
from pydantic import BaseModel

from workers.integrations._http import (
    ApiClient,
    ApiConfig,
    ErrorDetail,
    Replay,
    Tuning,
    json_or_none,
    read_generic_error,
)

__all__ = ["JWT_BEARER_GRANT", "ServiceAccountAuth", "read_oauth_error"]

JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
_ASSERTION_LIFETIME = timedelta(hours=1)
_REFRESH_MARGIN = timedelta(minutes=5)


class _TokenResponse(BaseModel):
    access_token: str
    expires_in: int = 3600
    token_type: str = "Bearer"


@dataclass(frozen=True)
class _Token:
    value: str
    expires_at: datetime


def read_oauth_error(response: httpx.Response) -> ErrorDetail:
    """RFC 6749 error answers: ``{"error": "invalid_grant", "error_description": "..."}``."""
    body = json_or_none(response)
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        description = body.get("error_description")
        return ErrorDetail(message=str(description or body["error"]), code=body["error"])
    return read_generic_error(response)


class ServiceAccountAuth(httpx.Auth):
    """Adds ``Authorization: Bearer <access token>`` for a service account, fetching tokens as needed.

    The token is cached until 5 minutes before it expires; a 401 answer drops it and the request is sent once
    more with a fresh one. The private key never leaves this object, and no message contains it or a token.
    """

    def __init__(
        self,
        info: dict[str, Any],
        *,
        scopes: Sequence[str],
        token_url: str,
        transport: httpx.AsyncBaseTransport | None = None,
        tuning: Tuning | None = None,
    ) -> None:
        # google-auth ships py.typed but leaves these two functions unannotated.
        self._signer: crypt.Signer = crypt.RSASigner.from_service_account_info(info)  # type: ignore[no-untyped-call]
        self._email = str(info["client_email"])
        self._scopes = " ".join(scopes)
        self._token_url = token_url
        self._oauth = ApiClient(
            ApiConfig(
                api="Google OAuth",
                base_url="",
                secrets=(str(info["private_key"]),),
                read_error=read_oauth_error,
            ),
            transport=transport,
            tuning=tuning,
        )
        self._token: _Token | None = None
        self._lock: asyncio.Lock | None = None
        self._token_listeners: list[Callable[[str], None]] = []

    def on_new_token(self, listener: Callable[[str], None]) -> None:
        """Call ``listener`` with every fresh access token (e.g. a :class:`Redactor`'s ``remember``)."""
        self._token_listeners.append(listener)

    def __repr__(self) -> str:
        return f"ServiceAccountAuth(client_email={self._email!r})"

    def assertion(self, now: datetime | None = None) -> str:
        """The signed JWT (RS256) asking for the scopes, addressed to the token endpoint."""
        issued = now or datetime.now(UTC)
        claims = {
            "iss": self._email,
            "scope": self._scopes,
            "aud": self._token_url,
            "iat": int(issued.timestamp()),
            "exp": int((issued + _ASSERTION_LIFETIME).timestamp()),
        }
        signed: bytes = jwt.encode(self._signer, claims)  # type: ignore[no-untyped-call]
        return signed.decode("ascii")

    async def access_token(self, *, force_refresh: bool = False) -> str:
        """A valid access token (cached, refreshed 5 minutes before it expires)."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            token = self._token
            now = datetime.now(UTC)
            if force_refresh or token is None or token.expires_at - _REFRESH_MARGIN <= now:
                token = await self._fetch(now)
                self._token = token
            return token.value

    async def _fetch(self, now: datetime) -> _Token:
        operation = "token"
        response = await self._oauth.request(
            operation,
            "POST",
            self._token_url,
            replay=Replay.SAFE,
            data={"grant_type": JWT_BEARER_GRANT, "assertion": self.assertion(now)},
        )
        answer = self._oauth.parse(operation, response, _TokenResponse)
        self._oauth.redact.remember(answer.access_token)
        for remember in self._token_listeners:
            remember(answer.access_token)
        return _Token(answer.access_token, now + timedelta(seconds=answer.expires_in))

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        request.headers["Authorization"] = f"Bearer {await self.access_token()}"
        response = yield request
        if response.status_code == 401:
            await response.aread()
            request.headers["Authorization"] = f"Bearer {await self.access_token(force_refresh=True)}"
            yield request

    async def aclose(self) -> None:
        """Close the token endpoint's connections."""
        await self._oauth.aclose()
