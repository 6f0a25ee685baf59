from __future__ import annotations

import httpx

from workers.integrations.manychat import read_manychat_error


def test_send_errors_carry_their_numeric_code() -> None:
    detail = read_manychat_error(
        httpx.Response(
            400, json={"status": "error", "message": "Subscriber is out of the 24h window", "code": 3011}
        )
    )
    assert detail.code == "3011" and "24h" in detail.message


def test_validation_errors_list_their_details() -> None:
    detail = read_manychat_error(
        httpx.Response(
            400,
            json={
                "status": "error",
                "message": "Validation error",
                "details": {"messages": [{"message": "field_id is required"}]},
            },
        )
    )
    assert detail.message == "Validation error: field_id is required" and detail.code is None
