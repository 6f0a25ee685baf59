"""Webhook signature checks on raw bodies, all compared in constant time. Each raises :class:`Rejection`."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable
from datetime import timedelta
from urllib.parse import unquote

from workers.ingress._problems import Rejection

__all__ = [
    "hex_hmac_sha256",
    "verify_hub_signature",
    "verify_hubspot_v3",
    "verify_shared_secret",
    "verify_stripe_signature",
]


def _missing(header: str) -> Rejection:
    return Rejection(401, "missing-signature", f"the {header} header is required")


def _invalid(header: str) -> Rejection:
    return Rejection(401, "invalid-signature", f"the {header} header does not match the body")


def hex_hmac_sha256(secret: str, payload: bytes) -> str:
    """Lower-case hex HMAC-SHA256 of ``payload`` keyed with ``secret``."""
    return hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()


def _equal(left: str, right: str) -> bool:
    return hmac.compare_digest(left.encode(), right.encode())


def verify_shared_secret(presented: str | None, expected: str, *, header: str) -> None:
    """The header carries exactly the configured secret (for senders that cannot sign, like ManyChat)."""
    if not presented:
        raise Rejection(401, "missing-secret", f"the {header} header is required")
    if not _equal(presented, expected):
        raise Rejection(401, "invalid-secret", f"the {header} header is not the configured secret")


def verify_hub_signature(presented: str | None, secret: str, body: bytes, *, header: str) -> None:
    """``sha256=<hex HMAC-SHA256(secret, body)>`` (Meta's ``X-Hub-Signature-256``, OpenRPA's callbacks)."""
    if not presented:
        raise _missing(header)
    scheme, _, digest = presented.strip().partition("=")
    if scheme.lower() != "sha256" or not digest:
        raise Rejection(401, "invalid-signature", f"the {header} header must look like sha256=<hex>")
    if not _equal(digest.lower(), hex_hmac_sha256(secret, body)):
        raise _invalid(header)


def verify_hubspot_v3(
    *,
    signature: str | None,
    timestamp: str | None,
    secret: str,
    method: str,
    urls: Iterable[str],
    body: bytes,
    now: float,
    max_age: timedelta,
) -> None:
    """HubSpot v3: base64 HMAC-SHA256 over ``method + uri + body + timestamp`` (timestamp in milliseconds).

    The timestamp must be at most ``max_age`` old (and not further in the future). Each candidate URL is
    tried as given and URL-decoded, since HubSpot signs the URL it called.
    """
    if not signature:
        raise _missing("X-HubSpot-Signature-v3")
    if not timestamp:
        raise _missing("X-HubSpot-Request-Timestamp")
    try:
        sent_at = int(timestamp) / 1000
    except ValueError:
        raise Rejection(401, "invalid-signature", "X-HubSpot-Request-Timestamp is not milliseconds") from None
    if abs(now - sent_at) > max_age.total_seconds():
        raise Rejection(
            401,
            "expired-signature",
            f"X-HubSpot-Request-Timestamp is more than {max_age.total_seconds():g} s away from now",
        )
    candidates: list[str] = []
    for url in urls:
        for variant in (url, unquote(url)):
            if variant not in candidates:
                candidates.append(variant)
    matched = False
    for url in candidates:
        source = method.encode() + url.encode() + body + timestamp.encode()
        expected = base64.b64encode(hmac.new(secret.encode(), source, hashlib.sha256).digest()).decode()
        matched |= _equal(signature.strip(), expected)
    if not matched:
        raise _invalid("X-HubSpot-Signature-v3")


def verify_stripe_signature(
    header: str | None, secret: str, body: bytes, *, now: float, tolerance: timedelta
) -> None:
    """``Stripe-Signature: t=<unix s>,v1=<hex>[,v1=...]``: any ``v1`` over ``"<t>." + body`` matches; other
    schemes (``v0``) are ignored; ``t`` older than ``tolerance`` is refused."""
    if not header:
        raise _missing("Stripe-Signature")
    timestamps: list[str] = []
    candidates: list[str] = []
    for part in header.split(","):
        key, separator, value = part.strip().partition("=")
        if not separator:
            continue
        if key == "t":
            timestamps.append(value)
        elif key == "v1":
            candidates.append(value.lower())
    if len(timestamps) != 1 or not candidates:
        raise Rejection(401, "invalid-signature", "Stripe-Signature needs one t= and at least one v1=")
    try:
        signed_at = int(timestamps[0])
    except ValueError:
        raise Rejection(401, "invalid-signature", "Stripe-Signature t= is not a Unix time") from None
    expected = hex_hmac_sha256(secret, f"{signed_at}.".encode() + body)
    matched = False
    for candidate in candidates:
        matched |= _equal(candidate, expected)
    if not matched:
        raise _invalid("Stripe-Signature")
    if now - signed_at > tolerance.total_seconds():
        raise Rejection(
            401, "expired-signature", f"Stripe-Signature is older than {tolerance.total_seconds():g} s"
        )
