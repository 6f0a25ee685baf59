"""Google's OAuth 2.0 token endpoint for service accounts (JWT bearer grant), shared by the Sheets and Docs emulators.

Contract (external-apis.md §4): the client signs a JWT with RS256 using the key file's ``private_key``; claims
``iss`` = ``client_email``, ``scope`` (space-separated), ``aud`` = ``token_uri``, ``iat``, ``exp`` (at most one
hour later); it POSTs ``grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<jwt>`` form-encoded and
gets ``{"access_token", "expires_in": 3599, "token_type": "Bearer"}``. The emulator generates a service-account
key pair, hands out the key file (``GOOGLE_SERVICE_ACCOUNT_JSON``, whose ``token_uri`` points here), verifies the
signature against the registered public key and the claims, and answers errors as Google's token endpoint does
(``{"error": "invalid_grant", "error_description": ...}``, HTTP 400). Access tokens expire on the sandbox clock.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ClassVar

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from sandbox._common import Emulator, EmulatorContext, bearer_token

__all__ = [
    "JWT_BEARER_GRANT",
    "AccessToken",
    "GoogleApiError",
    "GoogleOAuthEmulator",
    "ServiceAccount",
    "google_error_response",
    "sign_jwt",
]

JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
_MAX_ASSERTION_LIFETIME = 3600
_CLOCK_SKEW = 300
_PROJECT = "sandbox-project"


@dataclass(frozen=True)
class ServiceAccount:
    """A service account the token endpoint knows: its email, key id and public key."""

    client_email: str
    private_key_id: str
    public_key: rsa.RSAPublicKey


@dataclass(frozen=True)
class AccessToken:
    """An issued access token: whose, which scopes, until when (sandbox-clock Unix time)."""

    token: str
    client_email: str
    scopes: frozenset[str]
    expires_at: float


class GoogleApiError(Exception):
    """A Google API error: ``{"error": {"code", "message", "status", "details"?}}``."""

    def __init__(
        self, code: int, message: str, status: str, details: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.details = details


def google_error_response(error: GoogleApiError, headers: dict[str, str] | None = None) -> JSONResponse:
    """The JSON answer of a Google API error."""
    body: dict[str, Any] = {"code": error.code, "message": error.message, "status": error.status}
    if error.details is not None:
        body["details"] = error.details
    return JSONResponse({"error": body}, status_code=error.code, headers=headers)


def _error_info(reason: str, service: str, **metadata: str) -> dict[str, Any]:
    return {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": reason,
        "domain": "googleapis.com",
        "metadata": {"service": service, **metadata},
    }


def _b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


class _GrantError(Exception):
    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


class GoogleOAuthEmulator(Emulator):
    """``POST /token`` for service accounts; Sheets and Docs ask it whether a Bearer token is valid."""

    name: ClassVar[str] = "google_oauth"
    title: ClassVar[str] = "Google OAuth 2.0 token endpoint (service accounts)"

    def __init__(
        self, context: EmulatorContext, *, token_lifetime: timedelta = timedelta(seconds=3599)
    ) -> None:
        super().__init__(context)
        self.token_lifetime = token_lifetime
        self._private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.service_account = ServiceAccount(
            client_email=f"fleet-sandbox@{_PROJECT}.iam.gserviceaccount.com",
            private_key_id=secrets.token_hex(20),
            public_key=self._private_key.public_key(),
        )
        self._accounts: dict[str, ServiceAccount] = {}
        self._tokens: dict[str, AccessToken] = {}
        self.reset_state()

    @property
    def token_url(self) -> str:
        """The ``token_uri`` of the key file and the required JWT audience."""
        return self.base_url + "/token"

    def service_account_info(self) -> dict[str, str]:
        """The service-account key file (with the private key) that clients load."""
        private_pem = self._private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        return {
            "type": "service_account",
            "project_id": _PROJECT,
            "private_key_id": self.service_account.private_key_id,
            "private_key": private_pem,
            "client_email": self.service_account.client_email,
            "client_id": "100000000000000000001",
            "auth_uri": self.base_url + "/o/oauth2/auth",
            "token_uri": self.token_url,
            "auth_provider_x509_cert_url": self.base_url + "/oauth2/v1/certs",
            "client_x509_cert_url": self.base_url
            + "/robot/v1/metadata/x509/"
            + self.service_account.client_email,
            "universe_domain": "googleapis.com",
        }

    def register(self, account: ServiceAccount) -> None:
        """Let another service account (key pair made elsewhere) get tokens."""
        self._accounts[account.client_email] = account

    # --- Emulator -----------------------------------------------------------------------------------------
    def reset_state(self) -> None:
        self._accounts = {self.service_account.client_email: self.service_account}
        self._tokens = {}

    def state_view(self) -> dict[str, Any]:
        now = self.clock.timestamp()
        return {
            "serviceAccounts": sorted(self._accounts),
            "tokens": [
                {
                    "client_email": token.client_email,
                    "scopes": sorted(token.scopes),
                    "expires_in": int(token.expires_at - now),
                }
                for token in self._tokens.values()
            ],
        }

    def export_state(self) -> dict[str, Any]:
        # The sandbox's own service account gets a new key pair at each start; accounts registered from
        # Python keep their public keys.
        return {
            "accounts": [
                {
                    "client_email": account.client_email,
                    "private_key_id": account.private_key_id,
                    "public_key": account.public_key.public_bytes(
                        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
                    ).decode(),
                }
                for account in self._accounts.values()
                if account is not self.service_account
            ],
            "tokens": [
                {
                    "token": token.token,
                    "client_email": token.client_email,
                    "scopes": sorted(token.scopes),
                    "expires_at": token.expires_at,
                }
                for token in self._tokens.values()
            ],
        }

    def import_state(self, snapshot: Mapping[str, Any]) -> None:
        self.reset_state()
        for item in snapshot["accounts"]:
            public_key = serialization.load_pem_public_key(item["public_key"].encode())
            if not isinstance(public_key, rsa.RSAPublicKey):
                raise TypeError(f"the key of {item['client_email']} is not an RSA key")
            self.register(ServiceAccount(item["client_email"], item["private_key_id"], public_key))
        self._tokens = {
            item["token"]: AccessToken(
                item["token"], item["client_email"], frozenset(item["scopes"]), float(item["expires_at"])
            )
            for item in snapshot["tokens"]
        }

    def credentials(self) -> dict[str, str]:
        return {
            "service_account_json": json.dumps(self.service_account_info()),
            "client_email": self.service_account.client_email,
        }

    def environment(self) -> dict[str, str]:
        return {
            "GOOGLE_OAUTH_TOKEN_URL": self.token_url,
            "GOOGLE_SERVICE_ACCOUNT_JSON": json.dumps(self.service_account_info()),
        }

    def error_response(self, status: int, message: str) -> Response:
        error = "server_error" if status >= 500 else "invalid_request"
        return JSONResponse({"error": error, "error_description": message}, status_code=status)

    def routes(self) -> list[BaseRoute]:
        return [Route("/token", self._token, methods=["POST"])]

    # --- for the API emulators ----------------------------------------------------------------------------
    def check_token(self, request: Request, allowed_scopes: frozenset[str], service: str) -> AccessToken:
        """The request's valid access token with one of ``allowed_scopes``, or a ``GoogleApiError``."""
        token = bearer_token(request)
        if token is None:
            raise GoogleApiError(
                401,
                "Request is missing required authentication credential. Expected OAuth 2 access token, login "
                "cookie or other valid authentication credential. See "
                "https://developers.google.com/identity/sign-in/web/devconsole-project.",
                "UNAUTHENTICATED",
                [_error_info("CREDENTIALS_MISSING", service)],
            )
        issued = self.lookup(token)
        if issued is None:
            raise GoogleApiError(
                401,
                "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or "
                "other valid authentication credential. See "
                "https://developers.google.com/identity/sign-in/web/devconsole-project.",
                "UNAUTHENTICATED",
                [
                    _error_info(
                        "ACCESS_TOKEN_EXPIRED" if token in self._tokens else "ACCESS_TOKEN_TYPE_UNSUPPORTED",
                        service,
                    )
                ],
            )
        if not issued.scopes & allowed_scopes:
            raise GoogleApiError(
                403,
                "Request had insufficient authentication scopes.",
                "PERMISSION_DENIED",
                [_error_info("ACCESS_TOKEN_SCOPE_INSUFFICIENT", service)],
            )
        return issued

    def lookup(self, token: str) -> AccessToken | None:
        """The issued, unexpired token."""
        issued = self._tokens.get(token)
        if issued is None or issued.expires_at <= self.clock.timestamp():
            return None
        return issued

    # --- the endpoint -------------------------------------------------------------------------------------
    async def _token(self, request: Request) -> Response:
        if "application/x-www-form-urlencoded" not in request.headers.get("content-type", ""):
            return JSONResponse(
                {"error": "invalid_request", "error_description": "Bad Request"}, status_code=400
            )
        form = await request.form()
        grant_type = form.get("grant_type")
        if grant_type != JWT_BEARER_GRANT:
            return JSONResponse(
                {
                    "error": "unsupported_grant_type",
                    "error_description": f"Invalid grant_type: {grant_type or ''}",
                },
                status_code=400,
            )
        assertion = form.get("assertion")
        try:
            if not isinstance(assertion, str) or not assertion:
                raise _GrantError("invalid_request", "Missing required parameter: assertion")
            issued = self._grant(assertion)
        except _GrantError as error:
            return JSONResponse(
                {"error": error.error, "error_description": error.description}, status_code=400
            )
        return JSONResponse(
            {
                "access_token": issued.token,
                "expires_in": int(issued.expires_at - self.clock.timestamp()),
                "token_type": "Bearer",
            },
            headers={"Cache-Control": "no-cache, no-store, max-age=0, must-revalidate", "Pragma": "no-cache"},
        )

    def _grant(self, assertion: str) -> AccessToken:
        parts = assertion.split(".")
        if len(parts) != 3:
            raise _GrantError("invalid_grant", "Invalid JWT: the assertion is not a signed JWT.")
        try:
            header = json.loads(_b64url_decode(parts[0]))
            claims = json.loads(_b64url_decode(parts[1]))
            signature = _b64url_decode(parts[2])
        except (binascii.Error, ValueError) as error:
            raise _GrantError("invalid_grant", "Invalid JWT: the assertion could not be decoded.") from error
        if not isinstance(header, dict) or not isinstance(claims, dict):
            raise _GrantError("invalid_grant", "Invalid JWT: the assertion could not be decoded.")
        if header.get("alg") != "RS256":
            raise _GrantError("invalid_grant", "Invalid JWT: the signing algorithm must be RS256.")
        issuer = claims.get("iss")
        account = self._accounts.get(issuer) if isinstance(issuer, str) else None
        if account is None:
            raise _GrantError("invalid_grant", "Invalid grant: account not found")
        kid = header.get("kid")
        if kid is not None and kid != account.private_key_id:
            raise _GrantError("invalid_grant", "Invalid JWT Signature.")
        try:
            account.public_key.verify(
                signature, f"{parts[0]}.{parts[1]}".encode(), padding.PKCS1v15(), hashes.SHA256()
            )
        except InvalidSignature as error:
            raise _GrantError("invalid_grant", "Invalid JWT Signature.") from error
        if claims.get("aud") != self.token_url:
            raise _GrantError("invalid_grant", "Invalid JWT: Failed audience check.")
        iat, exp = claims.get("iat"), claims.get("exp")
        now = self.clock.timestamp()
        if (
            not isinstance(iat, int | float)
            or not isinstance(exp, int | float)
            or exp <= iat
            or exp - iat > _MAX_ASSERTION_LIFETIME
            or iat > now + _CLOCK_SKEW
            or exp < now - _CLOCK_SKEW
        ):
            raise _GrantError(
                "invalid_grant",
                "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
                "Check your iat and exp values in the JWT claim.",
            )
        scope = claims.get("scope")
        if not isinstance(scope, str) or not scope.split():
            raise _GrantError("invalid_scope", "Invalid OAuth scope or ID token audience provided.")
        issued = AccessToken(
            token="ya29.sandbox-" + uuid.uuid4().hex,
            client_email=account.client_email,
            scopes=frozenset(scope.split()),
            expires_at=now + self.token_lifetime.total_seconds(),
        )
        self._tokens[issued.token] = issued
        return issued


def sign_jwt(private_key: rsa.RSAPrivateKey, claims: dict[str, Any], key_id: str | None = None) -> str:
    """An RS256 JWT (what a client does; used by tests and by sandbox users without google-auth)."""
    header = {"alg": "RS256", "typ": "JWT", **({"kid": key_id} if key_id else {})}

    def encode(value: bytes) -> str:
        return base64.urlsafe_b64encode(value).rstrip(b"=").decode()

    signing_input = encode(json.dumps(header).encode()) + "." + encode(json.dumps(claims).encode())
    signature = private_key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + encode(signature)
