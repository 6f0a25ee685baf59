"""A failed FEEL ``assert()`` in a script task raises an incident carrying the assertion's message."""

from __future__ import annotations

from zeebe_lite.bpmn.xml_builder import ProcessBuilder
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine
from zeebe_lite.records import ErrorType


def _script_process() -> str:
    builder = ProcessBuilder("checked")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        '<bpmn:scriptTask id="check"><bpmn:extensionElements>'
        '<zeebe:script expression="=assert(amount, amount &gt; 0, &quot;amount must be positive&quot;)" '
        'resultVariable="checked"/></bpmn:extensionElements></bpmn:scriptTask>'
    )
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "check", "end")
    return builder.xml()


def test_failed_assert_is_an_incident_and_resolving_after_a_fix_completes() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"checked.bpmn": _script_process()})
    created = engine.create_process_instance(bpmn_process_id="checked", variables={"amount": -5})
    [(incident_key, incident)] = engine.state.incidents.of_process_instance(created.process_instance_key)
    assert incident.error_type is ErrorType.EXTRACT_VALUE_ERROR
    assert "amount must be positive" in incident.error_message
    engine.set_variables(created.process_instance_key, {"amount": 5})
    engine.resolve_incident(incident_key)
    assert engine.state.element_instances.get(created.process_instance_key) is None
