"""Ad-hoc subprocesses: activate the selected elements, complete when done or when the condition holds."""

from __future__ import annotations

import datetime as dt

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, service_task
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine
from zeebe_lite.records import ErrorType, RecordStream
from zeebe_lite.records import ProcessInstanceIntent as PI

TIMEOUT = dt.timedelta(seconds=30)


def _process(condition: str | None = None) -> str:
    completion = f"<bpmn:completionCondition>{condition}</bpmn:completionCondition>" if condition else ""
    builder = ProcessBuilder("triage")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        '<bpmn:adHocSubProcess id="pick"><bpmn:extensionElements>'
        '<zeebe:adHoc activeElementsCollection="=chosen"/></bpmn:extensionElements>'
        + service_task("a", "a")
        + service_task("b", "b")
        + service_task("c", "c")
        + f"{completion}</bpmn:adHocSubProcess>"
    )
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "pick", "end")
    return builder.xml()


def _types(engine: Engine) -> list[str]:
    found = []
    for job_type in ("a", "b", "c"):
        found.extend(job.record.type for job in engine.activate_jobs(job_type, "w", TIMEOUT, 5))
    return found


def test_selected_elements_run_and_the_subprocess_completes_when_they_are_done() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"triage.bpmn": _process()})
    created = engine.create_process_instance(bpmn_process_id="triage", variables={"chosen": ["a", "c"]})
    jobs = [job for job_type in ("a", "b", "c") for job in engine.activate_jobs(job_type, "w", TIMEOUT, 5)]
    assert sorted(job.record.type for job in jobs) == ["a", "c"]
    engine.complete_job(jobs[0].key)
    assert engine.state.element_instances.get(created.process_instance_key) is not None
    engine.complete_job(jobs[1].key)
    assert engine.state.element_instances.get(created.process_instance_key) is None


def test_completion_condition_ends_it_early_and_cancels_the_rest() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"triage.bpmn": _process(condition="=done = true")})
    created = engine.create_process_instance(
        bpmn_process_id="triage", variables={"chosen": ["a", "b"], "done": False}
    )
    [job_a] = engine.activate_jobs("a", "w", TIMEOUT, 5)
    engine.complete_job(job_a.key, {"done": True})
    stream = RecordStream(engine.records()).with_process_instance(created.process_instance_key)
    assert stream.with_element_id("b").with_intent(PI.ELEMENT_TERMINATED).intents() == [PI.ELEMENT_TERMINATED]
    assert engine.state.element_instances.get(created.process_instance_key) is None


def test_unknown_element_in_the_collection_is_an_incident() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"triage.bpmn": _process()})
    created = engine.create_process_instance(bpmn_process_id="triage", variables={"chosen": ["zzz"]})
    [(_, incident)] = engine.state.incidents.of_process_instance(created.process_instance_key)
    assert incident.error_type is ErrorType.EXTRACT_VALUE_ERROR
    assert _types(engine) == []
