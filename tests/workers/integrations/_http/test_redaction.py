from __future__ import annotations

from workers.integrations._http import REDACTED, Redactor


def test_known_secrets_and_authorization_values_are_replaced() -> None:
    redact = Redactor(["sk_test_canary_123", "abc"])
    text = redact("key sk_test_canary_123 in body; header Authorization: Bearer eyJhbGci.payload.sig; ok abc")
    assert "sk_test_canary_123" not in text
    assert "eyJhbGci" not in text
    assert text.count(REDACTED) == 2
    assert text.endswith("ok abc")  # too short to be treated as a secret


def test_remembered_secrets_are_redacted_from_then_on() -> None:
    redact = Redactor([])
    assert redact("token ya29.fresh-token") == "token ya29.fresh-token"
    redact.remember("ya29.fresh-token")
    assert redact("token ya29.fresh-token") == f"token {REDACTED}"
