"""Compensation: a throw event runs the handlers of the completed activities of its scope and waits for them."""

from __future__ import annotations

import datetime as dt

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, service_task
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine
from zeebe_lite.records import CompensationSubscriptionIntent, RecordStream, ValueType
from zeebe_lite.records import ProcessInstanceIntent as PI

TIMEOUT = dt.timedelta(seconds=30)


def _process(activity_ref: str | None = None) -> str:
    builder = ProcessBuilder("booking")
    builder.add('<bpmn:startEvent id="start"/>')
    for name in ("hotel", "flight"):
        builder.add(service_task(f"book-{name}", f"book-{name}"))
        builder.add(
            f'<bpmn:boundaryEvent id="undo-{name}-boundary" attachedToRef="book-{name}">'
            "<bpmn:compensateEventDefinition/></bpmn:boundaryEvent>"
        )
        builder.add(
            f'<bpmn:serviceTask id="cancel-{name}" isForCompensation="true"><bpmn:extensionElements>'
            f'<zeebe:taskDefinition type="cancel-{name}"/></bpmn:extensionElements></bpmn:serviceTask>'
        )
        builder.add(
            f'<bpmn:association id="assoc-{name}" associationDirection="One" '
            f'sourceRef="undo-{name}-boundary" targetRef="cancel-{name}"/>'
        )
    ref = f' activityRef="{activity_ref}"' if activity_ref else ""
    builder.add(
        f'<bpmn:intermediateThrowEvent id="undo"><bpmn:compensateEventDefinition{ref}/></bpmn:intermediateThrowEvent>'
    )
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "book-hotel", "book-flight", "undo", "end")
    return builder.xml()


def _complete(engine: Engine, job_type: str) -> None:
    [job] = engine.activate_jobs(job_type, "w", TIMEOUT, 5)
    engine.complete_job(job.key)


def test_throw_event_waits_for_every_handler_of_completed_activities() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"booking.bpmn": _process()})
    created = engine.create_process_instance(bpmn_process_id="booking")
    _complete(engine, "book-hotel")
    _complete(engine, "book-flight")
    assert len(engine.state.compensations) == 2
    _complete(engine, "cancel-flight")
    stream = RecordStream(engine.records()).with_process_instance(created.process_instance_key)
    assert stream.with_element_id("undo").with_intent(PI.ELEMENT_COMPLETED).intents() == []
    _complete(engine, "cancel-hotel")
    assert engine.state.element_instances.get(created.process_instance_key) is None
    intents = RecordStream(engine.records()).of_type(ValueType.COMPENSATION_SUBSCRIPTION).intents()
    assert intents.count(CompensationSubscriptionIntent.COMPLETED) == 2


def test_activity_ref_compensates_only_that_activity() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"booking.bpmn": _process(activity_ref="book-hotel")})
    created = engine.create_process_instance(bpmn_process_id="booking")
    _complete(engine, "book-hotel")
    _complete(engine, "book-flight")
    assert engine.activate_jobs("cancel-flight", "w", TIMEOUT, 5) == []
    _complete(engine, "cancel-hotel")
    assert engine.state.element_instances.get(created.process_instance_key) is None
    assert len(engine.state.compensations) == 0
