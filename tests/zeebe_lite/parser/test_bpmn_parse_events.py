from __future__ import annotations

from bpmn_snippets import flow, linear, parse, process, service_task

from zeebe_lite.model.bpmn import (
    BoundaryEvent,
    BpmnEventType,
    CompensationEventDefinition,
    EndEvent,
    ErrorEventDefinition,
    EscalationEventDefinition,
    Expression,
    IntermediateCatchEvent,
    IntermediateThrowEvent,
    LinkEventDefinition,
    MessageEventDefinition,
    SignalEventDefinition,
    StartEvent,
    TerminateEventDefinition,
    TimerEventDefinition,
    TimerType,
)


def only_process_start(definition_xml: str) -> StartEvent:
    xml = process(
        f'<bpmn:startEvent id="s">{definition_xml}</bpmn:startEvent><bpmn:endEvent id="e" />{flow("f", "s", "e")}'
    )
    return parse(xml).processes[0].element_as("s", StartEvent)


def test_none_start_event() -> None:
    start = only_process_start("")
    assert start.event_definition is None
    assert start.event_type is BpmnEventType.UNSPECIFIED
    assert start.outgoing == ("f",)


def test_message_start_event_has_name_but_no_correlation_key() -> None:
    start = only_process_start('<bpmn:messageEventDefinition messageRef="msg" />')
    assert start.event_type is BpmnEventType.MESSAGE
    assert start.event_definition == MessageEventDefinition(
        message_ref="msg", message_name=Expression("order.paid")
    )


def test_message_start_event_name_may_be_an_expression() -> None:
    roots = '<bpmn:message id="m" name="=&quot;order.&quot; + &quot;created&quot;" />'
    xml = process(
        '<bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>'
        f'<bpmn:endEvent id="e" />{flow("f", "s", "e")}',
        roots=roots,
    )
    definition = parse(xml).processes[0].element_as("s", StartEvent).event_definition
    assert isinstance(definition, MessageEventDefinition)
    assert definition.message_name is not None and definition.message_name.is_feel


def test_timer_start_events_date_and_cycle() -> None:
    date = only_process_start(
        '<bpmn:timerEventDefinition><bpmn:timeDate xsi:type="bpmn:tFormalExpression">2030-01-01T09:00:00Z'
        "</bpmn:timeDate></bpmn:timerEventDefinition>"
    )
    cycle = only_process_start(
        "<bpmn:timerEventDefinition><bpmn:timeCycle>\n  R/P1D\n</bpmn:timeCycle></bpmn:timerEventDefinition>"
    )
    assert date.event_definition == TimerEventDefinition(TimerType.DATE, Expression("2030-01-01T09:00:00Z"))
    assert cycle.event_definition == TimerEventDefinition(TimerType.CYCLE, Expression("R/P1D"))
    assert cycle.event_type is BpmnEventType.TIMER


def test_signal_start_event() -> None:
    start = only_process_start('<bpmn:signalEventDefinition signalRef="sig" />')
    assert start.event_definition == SignalEventDefinition(
        signal_ref="sig", signal_name=Expression("shutdown")
    )


def end_event(definition_xml: str, extensions: str = "") -> EndEvent:
    xml = process(
        f'<bpmn:startEvent id="s" /><bpmn:endEvent id="e">{extensions}{definition_xml}</bpmn:endEvent>{flow("f", "s", "e")}'
    )
    return parse(xml).processes[0].element_as("e", EndEvent)


def test_none_error_terminate_signal_escalation_compensation_end_events() -> None:
    assert end_event("").event_definition is None
    error = end_event('<bpmn:errorEventDefinition errorRef="err" />')
    assert error.event_definition == ErrorEventDefinition(error_ref="err", error_code=Expression("REJECTED"))
    assert end_event("<bpmn:terminateEventDefinition />").event_definition == TerminateEventDefinition()
    assert end_event('<bpmn:signalEventDefinition signalRef="sig" />').event_type is BpmnEventType.SIGNAL
    escalation = end_event('<bpmn:escalationEventDefinition escalationRef="esc" />')
    assert escalation.event_definition == EscalationEventDefinition("esc", Expression("LATE"))
    compensation = end_event("<bpmn:compensateEventDefinition />")
    assert compensation.event_definition == CompensationEventDefinition()
    assert error.job is None


def test_message_end_event_is_a_job() -> None:
    end = end_event(
        '<bpmn:messageEventDefinition messageRef="msg" />',
        '<bpmn:extensionElements><zeebe:taskDefinition type="mail.send" retries="=2" /></bpmn:extensionElements>',
    )
    assert end.job is not None
    assert end.job.job_type == Expression("mail.send")
    assert end.job.retries.is_feel


def catch_event(definition_xml: str, roots: str | None = None) -> IntermediateCatchEvent:
    element = f'<bpmn:intermediateCatchEvent id="c">{definition_xml}</bpmn:intermediateCatchEvent>'
    xml = linear(("c", element)) if roots is None else linear(("c", element), roots=roots)
    return parse(xml).processes[0].element_as("c", IntermediateCatchEvent)


def test_message_catch_event_has_correlation_key() -> None:
    event = catch_event('<bpmn:messageEventDefinition messageRef="msg" />')
    assert event.event_definition == MessageEventDefinition(
        "msg", Expression("order.paid"), Expression("=orderId")
    )


def test_timer_catch_event_duration_and_expression() -> None:
    event = catch_event(
        "<bpmn:timerEventDefinition><bpmn:timeDuration>PT15M</bpmn:timeDuration></bpmn:timerEventDefinition>"
    )
    assert event.event_definition == TimerEventDefinition(TimerType.DURATION, Expression("PT15M"))
    feel = catch_event(
        "<bpmn:timerEventDefinition><bpmn:timeDuration>=remaining</bpmn:timeDuration></bpmn:timerEventDefinition>"
    )
    assert isinstance(feel.event_definition, TimerEventDefinition) and feel.event_definition.value.is_feel


def test_signal_catch_event() -> None:
    event = catch_event('<bpmn:signalEventDefinition signalRef="sig" />')
    assert event.event_type is BpmnEventType.SIGNAL


def test_link_throw_and_catch_events() -> None:
    xml = process(
        '<bpmn:startEvent id="s" />'
        '<bpmn:intermediateThrowEvent id="jump"><bpmn:linkEventDefinition name="next" /></bpmn:intermediateThrowEvent>'
        '<bpmn:intermediateCatchEvent id="land"><bpmn:linkEventDefinition name="next" /></bpmn:intermediateCatchEvent>'
        f'<bpmn:endEvent id="e" />{flow("f1", "s", "jump")}{flow("f2", "land", "e")}'
    )
    definition = parse(xml).processes[0]
    assert definition.element("jump").event_type is BpmnEventType.LINK
    landing = definition.link_catch_event("p", "next")
    assert landing is not None and landing.id == "land"
    assert landing.event_definition == LinkEventDefinition("next")
    assert definition.link_catch_event("p", "elsewhere") is None


def throw_event(definition_xml: str, extensions: str = "") -> IntermediateThrowEvent:
    element = (
        f'<bpmn:intermediateThrowEvent id="t">{extensions}{definition_xml}</bpmn:intermediateThrowEvent>'
    )
    return parse(linear(("t", element))).processes[0].element_as("t", IntermediateThrowEvent)


def test_none_signal_escalation_and_message_throw_events() -> None:
    assert throw_event("").event_definition is None
    assert throw_event('<bpmn:signalEventDefinition signalRef="sig" />').event_type is BpmnEventType.SIGNAL
    assert (
        throw_event('<bpmn:escalationEventDefinition escalationRef="esc" />').event_type
        is BpmnEventType.ESCALATION
    )
    message = throw_event(
        '<bpmn:messageEventDefinition messageRef="msg" />',
        '<bpmn:extensionElements><zeebe:taskDefinition type="publish" /></bpmn:extensionElements>',
    )
    assert message.job is not None and message.job.job_type.raw == "publish"
    assert message.job.retries.raw == "3"


def boundary_process(definition_xml: str, *, cancel: bool = True, host: str | None = None) -> BoundaryEvent:
    attached = host or service_task("task")
    xml = linear(
        ("task", attached),
        extra=(
            f'<bpmn:boundaryEvent id="b" attachedToRef="task" cancelActivity="{str(cancel).lower()}">'
            f"{definition_xml}</bpmn:boundaryEvent>"
            '<bpmn:endEvent id="b-end" />' + flow("fb", "b", "b-end")
        ),
    )
    definition = parse(xml).processes[0]
    assert definition.boundary_events("task") == (definition.element("b"),)
    return definition.element_as("b", BoundaryEvent)


def test_error_boundary_without_error_ref_catches_all() -> None:
    event = boundary_process("<bpmn:errorEventDefinition />")
    assert event.event_definition == ErrorEventDefinition()
    assert event.cancel_activity and event.attached_to_id == "task"


def test_timer_message_signal_boundaries_and_non_interrupting() -> None:
    timer = boundary_process(
        "<bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition>",
        cancel=False,
    )
    assert not timer.cancel_activity and timer.event_type is BpmnEventType.TIMER
    message = boundary_process('<bpmn:messageEventDefinition messageRef="msg" />')
    assert message.event_type is BpmnEventType.MESSAGE
    signal = boundary_process('<bpmn:signalEventDefinition signalRef="sig" />', cancel=False)
    assert signal.event_type is BpmnEventType.SIGNAL


def test_escalation_boundary_on_subprocess() -> None:
    sub = (
        '<bpmn:subProcess id="task"><bpmn:startEvent id="in" /><bpmn:endEvent id="out">'
        '<bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:endEvent>'
        f"{flow('fi', 'in', 'out')}</bpmn:subProcess>"
    )
    event = boundary_process('<bpmn:escalationEventDefinition escalationRef="esc" />', cancel=False, host=sub)
    assert event.event_definition == EscalationEventDefinition("esc", Expression("LATE"))


def test_compensation_boundary_is_linked_to_its_handler() -> None:
    xml = linear(
        ("task", service_task("task")),
        extra=(
            '<bpmn:boundaryEvent id="b" attachedToRef="task"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>'
            '<bpmn:serviceTask id="undo" isForCompensation="true"><bpmn:extensionElements>'
            '<zeebe:taskDefinition type="undo" /></bpmn:extensionElements></bpmn:serviceTask>'
            '<bpmn:textAnnotation id="note"><bpmn:text>refund</bpmn:text></bpmn:textAnnotation>'
            '<bpmn:association id="a0" sourceRef="b" targetRef="note" />'
            '<bpmn:association id="a" associationDirection="One" sourceRef="b" targetRef="undo" />'
        ),
    )
    definition = parse(xml).processes[0]
    assert definition.element_as("b", BoundaryEvent).compensation_handler_id == "undo"
    assert definition.element("undo").is_for_compensation  # type: ignore[attr-defined]


def test_feel_timer_start_and_message_name_that_evaluate_without_variables_are_accepted() -> None:
    date = only_process_start(
        "<bpmn:timerEventDefinition><bpmn:timeDate>=date and time(&quot;2030-01-01T10:00:00Z&quot;)"
        "</bpmn:timeDate></bpmn:timerEventDefinition>"
    )
    assert isinstance(date.event_definition, TimerEventDefinition) and date.event_definition.value.is_feel
    cycle = only_process_start(
        "<bpmn:timerEventDefinition><bpmn:timeCycle>=&quot;R/&quot; + &quot;PT1H&quot;</bpmn:timeCycle>"
        "</bpmn:timerEventDefinition>"
    )
    assert cycle.event_type is BpmnEventType.TIMER
