from __future__ import annotations

from datetime import timedelta

import httpx

from workers.integrations.whatsapp import document_id_for, read_graph_error


def graph_error(status: int, code: int, message: str = "m") -> httpx.Response:
    return httpx.Response(
        status,
        json={"error": {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "Ab"}},
    )


def test_throttling_codes_are_retryable_and_certainly_not_applied() -> None:
    pair = read_graph_error(graph_error(400, 131056))
    assert pair.retryable is True and pair.not_applied and pair.retry_after == timedelta(seconds=6)
    throughput = read_graph_error(graph_error(400, 130429))
    assert throughput.retryable is True and throughput.not_applied and throughput.code == "130429"


def test_temporary_codes_are_retryable_but_may_have_been_applied() -> None:
    detail = read_graph_error(graph_error(503, 131016))
    assert detail.retryable is True and not detail.not_applied


def test_other_codes_are_final_and_the_message_keeps_the_trace_id() -> None:
    expired = read_graph_error(graph_error(401, 190, "Error validating access token"))
    assert expired.retryable is False and expired.code == "190"
    assert "fbtrace_id Ab" in expired.message
    window = read_graph_error(graph_error(400, 131047))
    assert window.retryable is False and window.code == "131047"


def test_document_ids_are_stable_and_safe() -> None:
    assert document_id_for("1234567890", "image/jpeg") == "whatsapp/1234567890.jpg"
    assert document_id_for("../etc/passwd", "image/png") == "whatsapp/etc_passwd.png"
    assert document_id_for("42", "application/x-unknown") == "whatsapp/42.bin"
