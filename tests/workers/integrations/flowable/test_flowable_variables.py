from __future__ import annotations

import httpx

from workers.integrations.flowable import flowable_variables, read_flowable_error


def test_variables_get_flowable_types_from_their_json_values() -> None:
    converted = flowable_variables(
        {
            "email": "a@b.test",
            "score": 7,
            "big": 2**40,
            "ratio": 0.5,
            "vip": True,
            "lead": {"id": 1},
            "gone": None,
        }
    )
    assert converted == [
        {"name": "email", "value": "a@b.test", "type": "string"},
        {"name": "score", "value": 7, "type": "integer"},
        {"name": "big", "value": 2**40, "type": "long"},
        {"name": "ratio", "value": 0.5, "type": "double"},
        {"name": "vip", "value": True, "type": "boolean"},
        {"name": "lead", "value": {"id": 1}, "type": "json"},
        {"name": "gone", "value": None},
    ]


def test_flowable_error_bodies_are_read() -> None:
    detail = read_flowable_error(
        httpx.Response(
            400, json={"message": "Bad request", "exception": "No process definition found for key 'x'"}
        )
    )
    assert detail.message == "No process definition found for key 'x'" and detail.code == "Bad request"
