"""Records round-trip through the log's JSON encoding."""

from __future__ import annotations

import pytest

from zeebe_lite.records import (
    BpmnElementType,
    DeploymentRecord,
    DeploymentResource,
    ErrorType,
    IncidentIntent,
    IncidentRecord,
    JobBatchIntent,
    JobBatchRecord,
    JobRecord,
    ProcessInstanceIntent,
    ProcessInstanceRecord,
    ProcessMetadata,
    Record,
    RecordType,
    RejectionType,
    ValueType,
    decode_record,
    encode_record,
)
from zeebe_lite.records.codec import INTENT_TYPES, VALUE_TYPES


@pytest.mark.parametrize(
    "record",
    [
        Record(
            1,
            7,
            1000,
            ValueType.JOB_BATCH,
            JobBatchIntent.ACTIVATED,
            RecordType.EVENT,
            JobBatchRecord(
                "t", "w", 10, 2, ("a",), (5,), (JobRecord("t", 3, variables={"x": [1, 2.5, None]}),)
            ),
        ),
        Record(
            2,
            8,
            1000,
            ValueType.PROCESS_INSTANCE,
            ProcessInstanceIntent.ELEMENT_ACTIVATING,
            RecordType.EVENT,
            ProcessInstanceRecord("p", 1, 3, 8, "task", 4, BpmnElementType.SERVICE_TASK),
            source_position=1,
        ),
        Record(
            3,
            -1,
            1000,
            ValueType.INCIDENT,
            IncidentIntent.RESOLVE,
            RecordType.COMMAND_REJECTION,
            IncidentRecord(ErrorType.JOB_NO_RETRIES, "boom ü", "p", 1, 2, "task", 3, 3, 4),
            rejection_type=RejectionType.NOT_FOUND,
            rejection_reason="no such incident",
        ),
        Record(
            4,
            9,
            1000,
            ValueType.DEPLOYMENT,
            IncidentIntent.CREATED,
            RecordType.EVENT,
            DeploymentRecord(
                resources=(DeploymentResource("a.bpmn", "<xml/>"),),
                processes_metadata=(ProcessMetadata("p", 1, 3, "a.bpmn", "abc"),),
            ),
        ),
    ],
)
def test_round_trip(record: Record[object]) -> None:  # type: ignore[type-var]
    decoded = decode_record(encode_record(record))  # type: ignore[arg-type]
    assert decoded == record
    assert type(decoded.value) is type(record.value)


def test_every_value_type_has_a_value_class_and_intents() -> None:
    assert set(VALUE_TYPES) == set(ValueType)
    assert set(INTENT_TYPES) == set(ValueType)
