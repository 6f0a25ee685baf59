"""The signature checks on raw bodies: each accepts the provider's own signing and refuses everything else."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import timedelta

import pytest

from sandbox.openrpa import callback_signature
from sandbox.stripe import stripe_signature
from sandbox.whatsapp import hub_signature
from workers.ingress import Rejection
from workers.ingress._signatures import (
    verify_hub_signature,
    verify_hubspot_v3,
    verify_shared_secret,
    verify_stripe_signature,
)

BODY = b'{"id":"evt_1","type":"payment_intent.succeeded"}'
NOW = 1_760_000_000.0
FIVE_MINUTES = timedelta(minutes=5)


def _reason(raised: pytest.ExceptionInfo[Rejection]) -> tuple[int, str]:
    return raised.value.status, raised.value.reason


def test_stripe_accepts_the_emulators_header_and_any_of_several_v1_values() -> None:
    header = stripe_signature("whsec_new", BODY, int(NOW))
    verify_stripe_signature(header, "whsec_new", BODY, now=NOW, tolerance=FIVE_MINUTES)
    old = stripe_signature("whsec_old", BODY, int(NOW)).split(",")[1]
    rotated = f"{header},{old},v0=ignored"
    verify_stripe_signature(rotated, "whsec_old", BODY, now=NOW, tolerance=FIVE_MINUTES)
    verify_stripe_signature(rotated, "whsec_new", BODY, now=NOW, tolerance=FIVE_MINUTES)


@pytest.mark.parametrize(
    ("header", "body", "now", "expected"),
    [
        (None, BODY, NOW, (401, "missing-signature")),
        ("", BODY, NOW, (401, "missing-signature")),
        (stripe_signature("whsec_x", BODY, int(NOW)), BODY + b" ", NOW, (401, "invalid-signature")),
        (stripe_signature("whsec_other", BODY, int(NOW)), BODY, NOW, (401, "invalid-signature")),
        (stripe_signature("whsec_x", BODY, int(NOW)), BODY, NOW + 301, (401, "expired-signature")),
        (f"t={int(NOW)}", BODY, NOW, (401, "invalid-signature")),
        ("v0=" + "0" * 64, BODY, NOW, (401, "invalid-signature")),
        (f"t=soon,v1={'0' * 64}", BODY, NOW, (401, "invalid-signature")),
    ],
)
def test_stripe_refuses(header: str | None, body: bytes, now: float, expected: tuple[int, str]) -> None:
    with pytest.raises(Rejection) as raised:
        verify_stripe_signature(header, "whsec_x", body, now=now, tolerance=FIVE_MINUTES)
    assert _reason(raised) == expected


def test_stripe_tolerance_is_the_configured_one() -> None:
    header = stripe_signature("whsec_x", BODY, int(NOW) - 299)
    verify_stripe_signature(header, "whsec_x", BODY, now=NOW, tolerance=FIVE_MINUTES)
    with pytest.raises(Rejection):
        verify_stripe_signature(header, "whsec_x", BODY, now=NOW, tolerance=timedelta(seconds=60))


def _hubspot(secret: str, method: str, url: str, body: bytes, timestamp: str) -> str:
    source = method.encode() + url.encode() + body + timestamp.encode()
    return base64.b64encode(hmac.new(secret.encode(), source, hashlib.sha256).digest()).decode()


def test_hubspot_v3_accepts_method_url_body_and_millisecond_timestamp() -> None:
    url = "https://hooks.example.com/webhooks/hubspot?portal=1"
    timestamp = str(int(NOW * 1000))
    signature = _hubspot("cs", "POST", url, BODY, timestamp)
    verify_hubspot_v3(
        signature=signature, timestamp=timestamp, secret="cs", method="POST", urls=[url], body=BODY,
        now=NOW, max_age=FIVE_MINUTES,
    )  # fmt: skip


def test_hubspot_v3_accepts_a_signature_over_the_decoded_url() -> None:
    encoded = "https://hooks.example.com/webhooks/hubspot?next=a%20b"
    timestamp = str(int(NOW * 1000))
    signature = _hubspot("cs", "POST", "https://hooks.example.com/webhooks/hubspot?next=a b", BODY, timestamp)
    verify_hubspot_v3(
        signature=signature, timestamp=timestamp, secret="cs", method="POST", urls=[encoded], body=BODY,
        now=NOW, max_age=FIVE_MINUTES,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"signature": None}, (401, "missing-signature")),
        ({"timestamp": None}, (401, "missing-signature")),
        ({"timestamp": "yesterday"}, (401, "invalid-signature")),
        ({"now": NOW + 301}, (401, "expired-signature")),
        ({"now": NOW - 301}, (401, "expired-signature")),
        ({"body": BODY + b"x"}, (401, "invalid-signature")),
        ({"method": "PUT"}, (401, "invalid-signature")),
        ({"urls": ["https://elsewhere.example.com/webhooks/hubspot"]}, (401, "invalid-signature")),
        ({"secret": "other"}, (401, "invalid-signature")),
    ],
)
def test_hubspot_v3_refuses(change: dict[str, object], expected: tuple[int, str]) -> None:
    url = "https://hooks.example.com/webhooks/hubspot"
    timestamp = str(int(NOW * 1000))
    arguments: dict[str, object] = {
        "signature": _hubspot("cs", "POST", url, BODY, timestamp),
        "timestamp": timestamp,
        "secret": "cs",
        "method": "POST",
        "urls": [url],
        "body": BODY,
        "now": NOW,
        "max_age": FIVE_MINUTES,
    }
    arguments.update(change)
    with pytest.raises(Rejection) as raised:
        verify_hubspot_v3(**arguments)  # type: ignore[arg-type]
    assert _reason(raised) == expected


def test_hub_signature_matches_the_whatsapp_and_openrpa_emulators() -> None:
    verify_hub_signature(hub_signature("app", BODY), "app", BODY, header="X-Hub-Signature-256")
    verify_hub_signature(callback_signature("cb", BODY), "cb", BODY, header="X-OpenRPA-Signature")
    upper = "SHA256=" + hub_signature("app", BODY).split("=", 1)[1].upper()
    verify_hub_signature(upper, "app", BODY, header="X-Hub-Signature-256")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, (401, "missing-signature")),
        ("sha1=abc", (401, "invalid-signature")),
        ("sha256=", (401, "invalid-signature")),
        ("deadbeef", (401, "invalid-signature")),
        (hub_signature("other", BODY), (401, "invalid-signature")),
    ],
)
def test_hub_signature_refuses(header: str | None, expected: tuple[int, str]) -> None:
    with pytest.raises(Rejection) as raised:
        verify_hub_signature(header, "app", BODY, header="X-Hub-Signature-256")
    assert _reason(raised) == expected


def test_shared_secret_must_be_present_and_equal() -> None:
    verify_shared_secret("s3cret", "s3cret", header="X-Fleet-Webhook-Secret")
    with pytest.raises(Rejection) as missing:
        verify_shared_secret(None, "s3cret", header="X-Fleet-Webhook-Secret")
    assert _reason(missing) == (401, "missing-secret")
    with pytest.raises(Rejection) as wrong:
        verify_shared_secret("s3cret2", "s3cret", header="X-Fleet-Webhook-Secret")
    assert _reason(wrong) == (401, "invalid-secret")
