"""Inclusive gateway: fork into every true branch, join the branches that were taken."""

from __future__ import annotations

import datetime as dt

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, service_task
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine
from zeebe_lite.records import ErrorType, RecordStream
from zeebe_lite.records import ProcessInstanceIntent as PI

TIMEOUT = dt.timedelta(seconds=30)


def _process(default: bool = True) -> str:
    builder = ProcessBuilder("notify")
    attribute = ' default="toLetter"' if default else ""
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(f'<bpmn:inclusiveGateway id="fork"{attribute}/>')
    builder.add(service_task("email", "email"))
    builder.add(service_task("sms", "sms"))
    builder.add(service_task("letter", "letter"))
    builder.add('<bpmn:inclusiveGateway id="join"/>')
    builder.add(service_task("after", "after"))
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "fork")
    builder.flow("fork", "email", "= wantsEmail", flow_id="toEmail")
    builder.flow("fork", "sms", "= wantsSms", flow_id="toSms")
    if default:
        builder.flow("fork", "letter", flow_id="toLetter")
    builder.chain("email", "join")
    builder.chain("sms", "join")
    builder.chain("letter", "join")
    builder.chain("join", "after", "end")
    return builder.xml()


def _activate(engine: Engine, job_type: str) -> list[int]:
    return [job.key for job in engine.activate_jobs(job_type, "w", TIMEOUT, 10)]


def test_takes_every_true_branch_and_joins_them() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"notify.bpmn": _process()})
    created = engine.create_process_instance(
        bpmn_process_id="notify", variables={"wantsEmail": True, "wantsSms": True}
    )
    email, sms = _activate(engine, "email"), _activate(engine, "sms")
    assert (len(email), len(sms), len(_activate(engine, "letter"))) == (1, 1, 0)
    engine.complete_job(email[0])
    assert _activate(engine, "after") == []
    engine.complete_job(sms[0])
    [after] = _activate(engine, "after")
    engine.complete_job(after)
    assert engine.state.element_instances.get(created.process_instance_key) is None
    joins = RecordStream(engine.records()).with_element_id("join").with_intent(PI.ELEMENT_COMPLETED)
    assert len(joins) == 1


def test_single_branch_passes_the_join_at_once_and_default_flow() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"notify.bpmn": _process()})
    engine.create_process_instance(
        bpmn_process_id="notify", variables={"wantsEmail": False, "wantsSms": True}
    )
    [sms] = _activate(engine, "sms")
    engine.complete_job(sms)
    assert len(_activate(engine, "after")) == 1
    engine.create_process_instance(
        bpmn_process_id="notify", variables={"wantsEmail": False, "wantsSms": False}
    )
    assert len(_activate(engine, "letter")) == 1


def test_no_true_condition_without_default_is_an_incident() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"notify.bpmn": _process(default=False)})
    created = engine.create_process_instance(
        bpmn_process_id="notify", variables={"wantsEmail": False, "wantsSms": False}
    )
    [(_, incident)] = engine.state.incidents.of_process_instance(created.process_instance_key)
    assert incident.error_type is ErrorType.CONDITION_ERROR
