"""Gateway building blocks without a server: status mapping, documents, back-pressure."""

from __future__ import annotations

import grpc
import pytest

from zeebe_lite.gateway import CommandAdmission, GatewayError, rejection_status
from zeebe_lite.gateway.documents import read_document, write_document
from zeebe_lite.gateway.errors import rejection_message
from zeebe_lite.records import RejectionType


@pytest.mark.parametrize(
    ("rejection", "status"),
    [
        (RejectionType.NOT_FOUND, grpc.StatusCode.NOT_FOUND),
        (RejectionType.INVALID_ARGUMENT, grpc.StatusCode.INVALID_ARGUMENT),
        (RejectionType.ALREADY_EXISTS, grpc.StatusCode.ALREADY_EXISTS),
        (RejectionType.INVALID_STATE, grpc.StatusCode.FAILED_PRECONDITION),
        (RejectionType.PROCESSING_ERROR, grpc.StatusCode.INTERNAL),
    ],
)
def test_rejections_map_to_zeebe_status_codes(rejection: RejectionType, status: grpc.StatusCode) -> None:
    assert rejection_status(rejection) is status


def test_rejection_message_is_prefixed_once() -> None:
    message = rejection_message(RejectionType.NOT_FOUND, "no such job", "COMPLETE")
    assert message == "Command 'COMPLETE' rejected with code 'NOT_FOUND': no such job"
    assert rejection_message(RejectionType.NOT_FOUND, message, "COMPLETE") == message


@pytest.mark.parametrize(
    ("text", "kind"), [("[]", "ARRAY"), ('"x"', "STRING"), ("1", "NUMBER"), ("null", "NIL")]
)
def test_documents_must_be_objects(text: str, kind: str) -> None:
    with pytest.raises(GatewayError) as error:
        read_document(text)
    assert error.value.status is grpc.StatusCode.INVALID_ARGUMENT
    assert f"but was '{kind}'" in error.value.details


def test_documents_reject_invalid_json_and_non_finite_numbers() -> None:
    for text in ("{", '{"a": NaN}', '{"a": Infinity}'):
        with pytest.raises(GatewayError):
            read_document(text)
    assert write_document({"text": "grüße"}) == '{"text":"grüße"}'


def test_admission_refuses_beyond_its_limit() -> None:
    admission = CommandAdmission(2)
    with admission.slot(), admission.slot():
        assert admission.in_flight == 2
        with pytest.raises(GatewayError) as error, admission.slot():
            pass
        assert error.value.status is grpc.StatusCode.RESOURCE_EXHAUSTED
    assert admission.in_flight == 0
    with pytest.raises(ValueError):
        CommandAdmission(0)
