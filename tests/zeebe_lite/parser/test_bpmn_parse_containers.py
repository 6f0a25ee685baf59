from __future__ import annotations

from bpmn_snippets import flow, linear, parse, process, service_task

from zeebe_lite.model.bpmn import (
    AdHocSubProcess,
    BindingType,
    CallActivity,
    CalledElement,
    EventBasedGateway,
    EventSubProcess,
    ExclusiveGateway,
    Expression,
    InclusiveGateway,
    MultiInstanceLoop,
    ParallelGateway,
    StartEvent,
    SubProcess,
)


def gateway_process(kind: str, default: str = "") -> str:
    default_attribute = f' default="{default}"' if default else ""
    return process(
        f'<bpmn:startEvent id="s" /><bpmn:{kind} id="g"{default_attribute} />'
        f"{service_task('a')}{service_task('b')}<bpmn:endEvent id='e' />"
        + flow("f0", "s", "g")
        + flow("fa", "g", "a", "=x &gt; 1")
        + flow("fb", "g", "b")
        + flow("fae", "a", "e")
        + flow("fbe", "b", "e")
    )


def test_exclusive_gateway_with_default_and_conditions() -> None:
    definition = parse(gateway_process("exclusiveGateway", default="fb")).processes[0]
    gateway = definition.element_as("g", ExclusiveGateway)
    assert gateway.default_flow_id == "fb"
    assert [f.id for f in definition.outgoing_flows("g")] == ["fa", "fb"]
    assert definition.flow("fa").condition == Expression("=x > 1")
    assert definition.flow("fb").condition is None


def test_inclusive_gateway_with_default() -> None:
    gateway = parse(gateway_process("inclusiveGateway", default="fb")).processes[0].element("g")
    assert isinstance(gateway, InclusiveGateway) and gateway.default_flow_id == "fb"


def test_parallel_gateway_fork_and_join() -> None:
    xml = process(
        '<bpmn:startEvent id="s" /><bpmn:parallelGateway id="fork" /><bpmn:parallelGateway id="join" />'
        f"{service_task('a')}{service_task('b')}<bpmn:endEvent id='e' />"
        + flow("f0", "s", "fork")
        + flow("f1", "fork", "a")
        + flow("f2", "fork", "b")
        + flow("f3", "a", "join")
        + flow("f4", "b", "join")
        + flow("f5", "join", "e")
    )
    definition = parse(xml).processes[0]
    join = definition.element_as("join", ParallelGateway)
    assert join.incoming == ("f3", "f4") and join.outgoing == ("f5",)


def test_event_based_gateway() -> None:
    xml = process(
        '<bpmn:startEvent id="s" /><bpmn:eventBasedGateway id="g" />'
        '<bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="msg" />'
        "</bpmn:intermediateCatchEvent>"
        '<bpmn:intermediateCatchEvent id="timeout"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D'
        "</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>"
        '<bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />'
        + flow("f0", "s", "g")
        + flow("f1", "g", "paid")
        + flow("f2", "g", "timeout")
        + flow("f3", "paid", "e1")
        + flow("f4", "timeout", "e2")
    )
    definition = parse(xml).processes[0]
    assert isinstance(definition.element("g"), EventBasedGateway)
    assert [definition.flow(f).target_id for f in definition.element("g").outgoing] == ["paid", "timeout"]


def test_embedded_subprocess_scope_and_navigation() -> None:
    sub = (
        '<bpmn:subProcess id="sub"><bpmn:startEvent id="in" />'
        f"{service_task('inner')}<bpmn:endEvent id='out' />"
        + flow("i1", "in", "inner")
        + flow("i2", "inner", "out")
        + "</bpmn:subProcess>"
    )
    definition = parse(linear(("sub", sub))).processes[0]
    sub_process = definition.element_as("sub", SubProcess)
    assert sub_process.contents.flow_node_ids == ("in", "inner", "out")
    assert sub_process.contents.sequence_flow_ids == ("i1", "i2")
    assert definition.none_start_event("sub") == definition.element("in")
    assert [node.id for node in definition.children("sub")] == ["in", "inner", "out"]
    assert definition.element("inner").parent_id == "sub"
    assert definition.parent("inner") == sub_process
    assert definition.parent("sub") is None
    assert definition.ancestor_scope_ids("inner") == ("sub", "p")
    assert definition.flow("i1").parent_id == "sub"


def test_event_subprocess_non_interrupting_timer_start() -> None:
    event_sub = (
        '<bpmn:subProcess id="esp" triggeredByEvent="true">'
        '<bpmn:startEvent id="tick" isInterrupting="false"><bpmn:timerEventDefinition>'
        "<bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>"
        f"<bpmn:endEvent id='tock' />{flow('t1', 'tick', 'tock')}</bpmn:subProcess>"
    )
    definition = parse(linear(extra=event_sub)).processes[0]
    esp = definition.element_as("esp", EventSubProcess)
    assert esp.start_event_id == "tick" and not esp.interrupting
    assert definition.event_sub_processes() == (esp,)
    assert not definition.element_as("tick", StartEvent).interrupting
    assert definition.start_events() == (definition.element("start"),)
    assert definition.contents.event_sub_process_ids == ("esp",)


def test_event_subprocess_error_start_without_error_ref() -> None:
    event_sub = (
        '<bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="oops">'
        "<bpmn:errorEventDefinition /></bpmn:startEvent>"
        f"<bpmn:endEvent id='handled' />{flow('t1', 'oops', 'handled')}</bpmn:subProcess>"
    )
    esp = parse(linear(extra=event_sub)).processes[0].element_as("esp", EventSubProcess)
    assert esp.interrupting


def test_call_activity() -> None:
    call = (
        '<bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="=childId"'
        ' propagateAllChildVariables="false" propagateAllParentVariables="false" bindingType="deployment" />'
        "</bpmn:extensionElements></bpmn:callActivity>"
    )
    activity = parse(linear(("call", call))).processes[0].element_as("call", CallActivity)
    assert activity.called_element == CalledElement(
        process_id=Expression("=childId"),
        binding_type=BindingType.DEPLOYMENT,
        propagate_all_child_variables=False,
        propagate_all_parent_variables=False,
    )


def test_call_activity_defaults() -> None:
    call = (
        '<bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="child" />'
        "</bpmn:extensionElements></bpmn:callActivity>"
    )
    activity = parse(linear(("call", call))).processes[0].element_as("call", CallActivity)
    assert activity.called_element == CalledElement(process_id=Expression("child"))
    assert activity.called_element.propagate_all_child_variables


def test_parallel_multi_instance_on_service_task() -> None:
    task = (
        '<bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="w" /></bpmn:extensionElements>'
        "<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics"
        ' inputCollection="=items" inputElement="item" /></bpmn:extensionElements>'
        "</bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask>"
    )
    node = parse(linear(("t", task))).processes[0].element("t")
    assert node.multi_instance == MultiInstanceLoop(  # type: ignore[attr-defined]
        is_sequential=False, input_collection=Expression("=items"), input_element="item"
    )


def test_ad_hoc_subprocess() -> None:
    ad_hoc = (
        '<bpmn:adHocSubProcess id="adhoc" cancelRemainingInstances="false"><bpmn:extensionElements>'
        '<zeebe:adHoc activeElementsCollection="=toRun" /></bpmn:extensionElements>'
        f"{service_task('a')}{service_task('b')}"
        "<bpmn:completionCondition>=done</bpmn:completionCondition></bpmn:adHocSubProcess>"
    )
    node = parse(linear(("adhoc", ad_hoc))).processes[0].element_as("adhoc", AdHocSubProcess)
    assert node.ad_hoc.active_elements_collection == Expression("=toRun")
    assert node.ad_hoc.completion_condition == Expression("=done")
    assert not node.ad_hoc.cancel_remaining_instances
    assert node.contents.flow_node_ids == ("a", "b")


def test_non_interrupting_signal_and_escalation_event_subprocesses() -> None:
    event_subs = "".join(
        f'<bpmn:subProcess id="esp-{kind}" triggeredByEvent="true"><bpmn:startEvent id="{kind}-start"'
        f' isInterrupting="false"><bpmn:{kind}EventDefinition {kind}Ref="{ref}" /></bpmn:startEvent>'
        f'<bpmn:endEvent id="{kind}-end" />{flow(f"{kind}-f", f"{kind}-start", f"{kind}-end")}</bpmn:subProcess>'
        for kind, ref in (("signal", "sig"), ("escalation", "esc"))
    )
    model = parse(linear(extra=event_subs)).processes[0]
    assert [esp.id for esp in model.event_sub_processes()] == ["esp-signal", "esp-escalation"]
    assert not any(esp.interrupting for esp in model.event_sub_processes())
    assert model.element("escalation-start").event_type.value == "ESCALATION"
