"""One case per deploy-time validation rule: the problem names the element id and the reason."""

from __future__ import annotations

import pytest
from bpmn_snippets import ROOTS, assert_problem, flow, linear, parse, problems, process, service_task

from zeebe_lite.model.bpmn import Expression, JobDefinition, Process, ScopeContents, ServiceTask
from zeebe_lite.parser import validate_process

TIMER = "<bpmn:timerEventDefinition><bpmn:{kind}>{value}</bpmn:{kind}></bpmn:timerEventDefinition>"


def timer_catch(kind: str, value: str) -> str:
    event = f'<bpmn:intermediateCatchEvent id="wait">{TIMER.format(kind=kind, value=value)}</bpmn:intermediateCatchEvent>'
    return linear(("wait", event))


def catch(definition: str, roots: str = ROOTS) -> str:
    return linear(
        ("c", f'<bpmn:intermediateCatchEvent id="c">{definition}</bpmn:intermediateCatchEvent>'), roots=roots
    )


def gateway(
    kind: str, *, default: str = "", condition_a: str | None = "=x", condition_b: str | None = None
) -> str:
    default_attribute = f' default="{default}"' if default else ""
    return process(
        f'<bpmn:startEvent id="s" /><bpmn:{kind} id="g"{default_attribute} />'
        f"{service_task('a')}{service_task('b')}<bpmn:endEvent id='e' />"
        + flow("f0", "s", "g")
        + flow("fa", "g", "a", condition_a)
        + flow("fb", "g", "b", condition_b)
        + flow("fae", "a", "e")
        + flow("fbe", "b", "e")
    )


def boundary(definition: str, *, cancel: str = "true", host: str | None = None, extra: str = "") -> str:
    return linear(
        ("task", host or service_task("task")),
        extra=f'<bpmn:boundaryEvent id="b" attachedToRef="task" cancelActivity="{cancel}">{definition}</bpmn:boundaryEvent>'
        + extra,
    )


def event_sub_process(start: str, *, extra: str = "", count: int = 1) -> str:
    parts = []
    for index in range(count):
        parts.append(
            f'<bpmn:subProcess id="esp{index}" triggeredByEvent="true">{start.format(i=index)}'
            f'<bpmn:endEvent id="esp-end{index}" />{flow(f"ef{index}", f"esp-start{index}", f"esp-end{index}")}'
            "</bpmn:subProcess>"
        )
    return linear(extra="".join(parts) + extra)


def task_with(tag: str, extensions: str, inner: str = "") -> str:
    return linear(
        (
            "t",
            f'<bpmn:{tag} id="t"><bpmn:extensionElements>{extensions}</bpmn:extensionElements>{inner}</bpmn:{tag}>',
        )
    )


MI = "<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics {attrs} /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>"
JOB = '<zeebe:taskDefinition type="w" />'
ESP_ERROR = '<bpmn:startEvent id="esp-start{i}"><bpmn:errorEventDefinition /></bpmn:startEvent>'

CASES: list[tuple[str, str, str | None, tuple[str, ...]]] = [
    (
        "no executable process",
        process('<bpmn:startEvent id="s" />', executable=False),
        "defs",
        ("executable process",),
    ),
    ("process without start event", process('<bpmn:endEvent id="e" />'), "p", ("at least one start event",)),
    (
        "two none start events",
        process('<bpmn:startEvent id="s1" /><bpmn:startEvent id="s2" />'),
        "p",
        ("more than one none start event",),
    ),
    (
        "service task without job type",
        linear(("t", '<bpmn:serviceTask id="t" />')),
        "t",
        ("non-empty job type",),
    ),
    (
        "service task with empty job type",
        task_with("serviceTask", '<zeebe:taskDefinition type="" />'),
        "t",
        ("job type",),
    ),
    ("send task without job type", linear(("t", '<bpmn:sendTask id="t" />')), "t", ("send task", "job type")),
    (
        "message end event without job type",
        process(
            '<bpmn:startEvent id="s" /><bpmn:endEvent id="e"><bpmn:messageEventDefinition messageRef="msg" />'
            f"</bpmn:endEvent>{flow('f', 's', 'e')}"
        ),
        "e",
        ("message end event", "job type"),
    ),
    (
        "message throw event without job type",
        linear(
            (
                "t",
                '<bpmn:intermediateThrowEvent id="t"><bpmn:messageEventDefinition /></bpmn:intermediateThrowEvent>',
            )
        ),
        "t",
        ("message throw event", "job type"),
    ),
    (
        "message catch without message",
        catch("<bpmn:messageEventDefinition />"),
        "c",
        ("must reference a message",),
    ),
    (
        "message catch, message without name",
        catch(
            '<bpmn:messageEventDefinition messageRef="m" />',
            '<bpmn:message id="m"><bpmn:extensionElements><zeebe:subscription correlationKey="=k" />'
            "</bpmn:extensionElements></bpmn:message>",
        ),
        "c",
        ("message 'm'", "non-empty name"),
    ),
    (
        "message catch without correlation key",
        catch('<bpmn:messageEventDefinition messageRef="m" />', '<bpmn:message id="m" name="x" />'),
        "c",
        ("zeebe:subscription", "correlationKey"),
    ),
    (
        "receive task without correlation key",
        linear(("t", '<bpmn:receiveTask id="t" messageRef="msg-start" />')),
        "t",
        ("correlationKey",),
    ),
    (
        "static correlation key",
        linear(
            ("t", '<bpmn:receiveTask id="t" messageRef="m" />'),
            roots=ROOTS.replace('"=orderId"', '"orderId"').replace('id="msg"', 'id="m"'),
        ),
        "t",
        ("correlationKey", "must be a FEEL expression"),
    ),
    (
        "unknown message reference",
        catch('<bpmn:messageEventDefinition messageRef="nope" />'),
        "c",
        ("unknown message 'nope'",),
    ),
    ("timer without definition", catch("<bpmn:timerEventDefinition />"), "c", ("exactly one of timeDate",)),
    (
        "invalid ISO duration",
        timer_catch("timeDuration", "PT5X"),
        "wait",
        ("timeDuration", "not an ISO 8601 duration"),
    ),
    (
        "invalid ISO date",
        timer_catch("timeDate", "2030-02-30T00:00:00Z"),
        "wait",
        ("timeDate", "not an ISO 8601 date-time"),
    ),
    ("date without offset", timer_catch("timeDate", "2030-02-01T00:00:00"), "wait", ("offset or zone",)),
    ("empty timer value", timer_catch("timeDuration", ""), "wait", ("timeDuration must not be empty",)),
    ("timer cycle on catch event", timer_catch("timeCycle", "R3/PT1H"), "wait", ("not timeCycle",)),
    (
        "invalid timer cycle",
        boundary(TIMER.format(kind="timeCycle", value="R3/every-hour"), cancel="false"),
        "b",
        ("timeCycle", "not an ISO 8601 duration"),
    ),
    (
        "interrupting timer boundary with cycle",
        boundary(TIMER.format(kind="timeCycle", value="R3/PT1H")),
        "b",
        ("interrupting timer event cannot use timeCycle",),
    ),
    (
        "timer start event with duration",
        process(
            f'<bpmn:startEvent id="s">{TIMER.format(kind="timeDuration", value="PT1H")}</bpmn:startEvent>'
            f'<bpmn:endEvent id="e" />{flow("f", "s", "e")}'
        ),
        "s",
        ("timeDate or timeCycle",),
    ),
    (
        "exclusive gateway flow without condition",
        gateway("exclusiveGateway"),
        "fb",
        ("needs a condition", "'g'"),
    ),
    ("inclusive gateway flow without condition", gateway("inclusiveGateway"), "fb", ("needs a condition",)),
    (
        "default flow not outgoing",
        gateway("exclusiveGateway", default="f0", condition_b="=y"),
        "g",
        ("default flow 'f0'", "not an outgoing"),
    ),
    ("unknown flow target", linear(extra=flow("lost", "start", "nowhere")), "lost", ("targetRef 'nowhere'",)),
    (
        "flow without sourceRef",
        linear(extra='<bpmn:sequenceFlow id="half" targetRef="end" />'),
        "half",
        ("missing the required attribute 'sourceRef'",),
    ),
    (
        "flow into a start event",
        linear(extra=flow("back", "end", "start")),
        "back",
        ("must not target 'start'",),
    ),
    (
        "flow across scopes",
        linear(
            (
                "sub",
                '<bpmn:subProcess id="sub"><bpmn:startEvent id="in" /><bpmn:endEvent id="out" />'
                f"{flow('i', 'in', 'out')}</bpmn:subProcess>",
            ),
            extra=flow("cross", "start", "out"),
        ),
        "cross",
        ("different scope",),
    ),
    (
        "condition after a task",
        linear(("t", service_task("t")), extra=flow("cond", "t", "end", "=x")),
        "cond",
        ("only supported after exclusive or inclusive gateways",),
    ),
    (
        "end listener on a gateway",
        linear(
            (
                "g",
                '<bpmn:parallelGateway id="g"><bpmn:extensionElements><zeebe:executionListeners>'
                '<zeebe:executionListener eventType="end" type="x" /></zeebe:executionListeners>'
                "</bpmn:extensionElements></bpmn:parallelGateway>",
            )
        ),
        "g",
        ("'end' are not supported on gateways",),
    ),
    (
        "complex gateway",
        linear(("cg", '<bpmn:complexGateway id="cg" />')),
        "cg",
        ("complex gateways are not supported",),
    ),
    (
        "transaction",
        linear(("tx", '<bpmn:transaction id="tx"><bpmn:startEvent id="tx-s" /></bpmn:transaction>')),
        "tx",
        ("transaction subprocesses are not supported",),
    ),
    (
        "conditional event",
        catch(
            "<bpmn:conditionalEventDefinition><bpmn:condition>=x</bpmn:condition></bpmn:conditionalEventDefinition>"
        ),
        "c",
        ("conditional events are not supported",),
    ),
    (
        "cancel end event",
        process(
            '<bpmn:startEvent id="s" /><bpmn:endEvent id="e"><bpmn:cancelEventDefinition /></bpmn:endEvent>'
            + flow("f", "s", "e")
        ),
        "e",
        ("cancel events are not supported",),
    ),
    (
        "multiple event definitions",
        catch(
            f'<bpmn:messageEventDefinition messageRef="msg" />{TIMER.format(kind="timeDuration", value="PT1M")}'
        ),
        "c",
        ("multiple event definitions",),
    ),
    (
        "standard loop",
        task_with("serviceTask", JOB, "<bpmn:standardLoopCharacteristics />"),
        "t",
        ("standard loops are not supported",),
    ),
    (
        "instantiating receive task",
        linear(("t", '<bpmn:receiveTask id="t" instantiate="true" messageRef="msg" />')),
        "t",
        ("instantiating receive tasks",),
    ),
    (
        "unknown BPMN element",
        linear(("x", '<bpmn:fancyTask id="x" />')),
        "x",
        ("'fancyTask' is not supported",),
    ),
    (
        "invalid FEEL condition",
        gateway("exclusiveGateway", condition_a="=x &gt;", condition_b="=y"),
        "fa",
        ("conditionExpression is not a valid FEEL expression", "^"),
    ),
    (
        "static condition",
        gateway("exclusiveGateway", condition_a="x", condition_b="=y"),
        "fa",
        ("must be a FEEL expression",),
    ),
    (
        "invalid FEEL input mapping",
        task_with(
            "serviceTask", JOB + '<zeebe:ioMapping><zeebe:input source="=(a" target="b" /></zeebe:ioMapping>'
        ),
        "t",
        ("zeebe:input source", "not a valid FEEL expression"),
    ),
    (
        "static output mapping source",
        task_with(
            "serviceTask", JOB + '<zeebe:ioMapping><zeebe:output source="a" target="b" /></zeebe:ioMapping>'
        ),
        "t",
        ("zeebe:output source", "must be a FEEL expression"),
    ),
    (
        "invalid mapping target",
        task_with(
            "serviceTask",
            JOB + '<zeebe:ioMapping><zeebe:input source="=a" target="my var" /></zeebe:ioMapping>',
        ),
        "t",
        ("target 'my var'",),
    ),
    (
        "invalid FEEL job type",
        task_with("serviceTask", '<zeebe:taskDefinition type="=&quot;unterminated" />'),
        "t",
        ("zeebe:taskDefinition type", "not a valid FEEL"),
    ),
    (
        "multi-instance without inputCollection",
        task_with("serviceTask", JOB, MI.format(attrs='inputElement="item"')),
        "t",
        ("inputCollection",),
    ),
    (
        "static inputCollection",
        task_with("serviceTask", JOB, MI.format(attrs='inputCollection="items"')),
        "t",
        ("inputCollection must be a FEEL expression",),
    ),
    (
        "outputCollection without outputElement",
        task_with("serviceTask", JOB, MI.format(attrs='inputCollection="=items" outputCollection="out"')),
        "t",
        ("outputCollection and outputElement",),
    ),
    (
        "call activity without process id",
        linear(("t", '<bpmn:callActivity id="t" />')),
        "t",
        ("non-empty processId",),
    ),
    (
        "business rule task without implementation",
        linear(("t", '<bpmn:businessRuleTask id="t" />')),
        "t",
        ("zeebe:calledDecision", "zeebe:taskDefinition"),
    ),
    (
        "business rule task with both implementations",
        task_with("businessRuleTask", JOB + '<zeebe:calledDecision decisionId="d" resultVariable="r" />'),
        "t",
        ("not both",),
    ),
    (
        "called decision without result variable",
        task_with("businessRuleTask", '<zeebe:calledDecision decisionId="d" />'),
        "t",
        ("resultVariable",),
    ),
    (
        "script task without implementation",
        linear(("t", '<bpmn:scriptTask id="t" />')),
        "t",
        ("zeebe:script",),
    ),
    (
        "static script expression",
        task_with("scriptTask", '<zeebe:script expression="1 + 1" resultVariable="r" />'),
        "t",
        ("zeebe:script expression must be a FEEL expression",),
    ),
    (
        "duplicate ids",
        linear(("t", service_task("t")), extra=service_task("t")),
        "t",
        ("duplicate id 't'", "first used on line"),
    ),
    ("missing id", linear(extra="<bpmn:task />"), "", ("missing the required attribute 'id'",)),
    (
        "event-based gateway followed by a task",
        process(
            '<bpmn:startEvent id="s" /><bpmn:eventBasedGateway id="g" />'
            f"{service_task('a')}{service_task('b')}"
            + flow("f0", "s", "g")
            + flow("f1", "g", "a")
            + flow("f2", "g", "b")
        ),
        "g",
        ("only be followed by message, timer or signal intermediate catch events", "'a'"),
    ),
    (
        "event-based gateway with one outgoing flow",
        process(
            '<bpmn:startEvent id="s" /><bpmn:eventBasedGateway id="g" /><bpmn:intermediateCatchEvent id="c">'
            f"{TIMER.format(kind='timeDuration', value='PT1M')}</bpmn:intermediateCatchEvent>"
            + flow("f0", "s", "g")
            + flow("f1", "g", "c")
        ),
        "g",
        ("at least 2 outgoing",),
    ),
    (
        "boundary attached to unknown activity",
        linear(
            extra=f'<bpmn:boundaryEvent id="b" attachedToRef="ghost">{TIMER.format(kind="timeDuration", value="PT1M")}</bpmn:boundaryEvent>'
        ),
        "b",
        ("attached to an activity", "'ghost'"),
    ),
    (
        "boundary in another scope than its activity",
        linear(
            (
                "sub",
                '<bpmn:subProcess id="sub"><bpmn:startEvent id="in" /><bpmn:endEvent id="out" />'
                + flow("i", "in", "out")
                + '<bpmn:boundaryEvent id="b" attachedToRef="sub"><bpmn:timerEventDefinition><bpmn:timeDuration>'
                "PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent></bpmn:subProcess>",
            )
        ),
        "b",
        ("same scope as the activity 'sub'",),
    ),
    ("boundary without definition", boundary(""), "b", ("boundary event must be",)),
    (
        "error end event without error",
        process(
            '<bpmn:startEvent id="s" /><bpmn:endEvent id="e"><bpmn:errorEventDefinition /></bpmn:endEvent>'
            + flow("f", "s", "e")
        ),
        "e",
        ("must reference an error",),
    ),
    (
        "error end event without error code",
        process(
            '<bpmn:startEvent id="s" /><bpmn:endEvent id="e"><bpmn:errorEventDefinition errorRef="e1" /></bpmn:endEvent>'
            + flow("f", "s", "e"),
            roots='<bpmn:error id="e1" name="no code" />',
        ),
        "e",
        ("error 'e1'", "non-empty errorCode"),
    ),
    (
        "error catch with expression code",
        boundary('<bpmn:errorEventDefinition errorRef="e1" />').replace(
            "</bpmn:definitions>", '<bpmn:error id="e1" errorCode="=code" /></bpmn:definitions>'
        ),
        "b",
        ("errorCode of an error catch event must not be an expression",),
    ),
    (
        "non-interrupting error boundary",
        boundary("<bpmn:errorEventDefinition />", cancel="false"),
        "b",
        ("error events cannot be non-interrupting",),
    ),
    (
        "escalation boundary on a service task",
        boundary('<bpmn:escalationEventDefinition escalationRef="esc" />'),
        "b",
        ("subprocess or call activity",),
    ),
    (
        "two catch-all error boundaries",
        boundary(
            "<bpmn:errorEventDefinition />",
            extra='<bpmn:boundaryEvent id="b2" attachedToRef="task"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>',
        ),
        "task",
        ("more than one error catch event without error code",),
    ),
    (
        "two message boundaries with the same name",
        boundary(
            '<bpmn:messageEventDefinition messageRef="msg" />',
            extra='<bpmn:boundaryEvent id="b2" attachedToRef="task"><bpmn:messageEventDefinition messageRef="msg" /></bpmn:boundaryEvent>',
        ),
        "task",
        ("same message name 'order.paid'",),
    ),
    (
        "compensation boundary without handler",
        boundary("<bpmn:compensateEventDefinition />"),
        "b",
        ("association to its handler",),
    ),
    (
        "receive task as compensation handler",
        linear(extra='<bpmn:receiveTask id="undo" isForCompensation="true" messageRef="msg" />'),
        "undo",
        ("compensation handler task must be",),
    ),
    (
        "compensation handler with outgoing flow",
        linear(extra='<bpmn:manualTask id="undo" isForCompensation="true" />' + flow("out", "undo", "end")),
        "undo",
        ("must not have incoming or outgoing",),
    ),
    (
        "compensation handler with boundary event",
        linear(
            extra='<bpmn:manualTask id="undo" isForCompensation="true" /><bpmn:boundaryEvent id="ub" '
            'attachedToRef="undo" cancelActivity="false"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:boundaryEvent>'
        ),
        "undo",
        ("must not have boundary events",),
    ),
    (
        "empty ad-hoc subprocess",
        linear(("adhoc", '<bpmn:adHocSubProcess id="adhoc" />')),
        "adhoc",
        ("at least one activity",),
    ),
    (
        "ad-hoc subprocess with start event",
        linear(
            ("adhoc", '<bpmn:adHocSubProcess id="adhoc"><bpmn:startEvent id="in" /></bpmn:adHocSubProcess>')
        ),
        "adhoc",
        ("must not contain a start event",),
    ),
    (
        "job-based ad-hoc subprocess with completion condition",
        linear(
            (
                "adhoc",
                '<bpmn:adHocSubProcess id="adhoc"><bpmn:extensionElements><zeebe:taskDefinition type="agent" />'
                f"</bpmn:extensionElements>{service_task('a')}<bpmn:completionCondition>=done</bpmn:completionCondition>"
                "</bpmn:adHocSubProcess>",
            )
        ),
        "adhoc",
        ("completionCondition must not be set",),
    ),
    (
        "embedded subprocess without start event",
        linear(("sub", '<bpmn:subProcess id="sub"><bpmn:endEvent id="out" /></bpmn:subProcess>')),
        "sub",
        ("exactly one start event",),
    ),
    (
        "embedded subprocess with message start",
        linear(
            (
                "sub",
                '<bpmn:subProcess id="sub"><bpmn:startEvent id="in"><bpmn:messageEventDefinition messageRef="msg" />'
                "</bpmn:startEvent></bpmn:subProcess>",
            )
        ),
        "in",
        ("must be none start events",),
    ),
    (
        "event subprocess with none start",
        event_sub_process('<bpmn:startEvent id="esp-start{i}" />'),
        "esp-start0",
        ("message, timer, error, signal or escalation",),
    ),
    (
        "event subprocess with incoming flow",
        event_sub_process(ESP_ERROR, extra=flow("into", "start", "esp0")),
        "esp0",
        ("must not have incoming or outgoing",),
    ),
    (
        "two catch-all error event subprocesses",
        event_sub_process(ESP_ERROR, count=2),
        "p",
        ("more than one error catch event",),
    ),
    (
        "non-interrupting error event subprocess",
        event_sub_process(
            '<bpmn:startEvent id="esp-start{i}" isInterrupting="false"><bpmn:errorEventDefinition /></bpmn:startEvent>'
        ),
        "esp-start0",
        ("cannot be non-interrupting",),
    ),
    (
        "link throw without catch",
        linear(
            (
                "t",
                '<bpmn:intermediateThrowEvent id="t"><bpmn:linkEventDefinition name="x" /></bpmn:intermediateThrowEvent>',
            )
        ),
        "t",
        ("no link catch event named 'x'",),
    ),
    (
        "duplicate link catch names",
        linear(
            extra='<bpmn:intermediateCatchEvent id="c1"><bpmn:linkEventDefinition name="x" /></bpmn:intermediateCatchEvent>'
            '<bpmn:intermediateCatchEvent id="c2"><bpmn:linkEventDefinition name="x" /></bpmn:intermediateCatchEvent>'
        ),
        "p",
        ("2 link catch events named 'x'",),
    ),
    ("signal without reference", catch("<bpmn:signalEventDefinition />"), "c", ("must reference a signal",)),
    (
        "signal without name",
        catch('<bpmn:signalEventDefinition signalRef="s1" />', '<bpmn:signal id="s1" />'),
        "c",
        ("signal 's1' must have a non-empty name",),
    ),
    (
        "timer start FEEL date evaluated at deploy",
        process(
            f'<bpmn:startEvent id="s">{TIMER.format(kind="timeDate", value="=&quot;next monday&quot;")}</bpmn:startEvent>'
        ),
        "s",
        ("evaluated at deploy is invalid", "not an ISO 8601 date-time"),
    ),
    (
        "message start name reading a variable",
        process(
            '<bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>',
            roots='<bpmn:message id="m" name="=orderType" />',
        ),
        "s",
        ("message name expression '=orderType'", "non-empty string"),
    ),
    ("id too long", linear(("x" * 256, service_task("x" * 256))), "x" * 256, ("at most 255 characters",)),
    (
        "escalation throw without reference",
        linear(
            (
                "t",
                '<bpmn:intermediateThrowEvent id="t"><bpmn:escalationEventDefinition /></bpmn:intermediateThrowEvent>',
            )
        ),
        "t",
        ("must reference an escalation",),
    ),
    (
        "duplicate message start names",
        process(
            '<bpmn:startEvent id="s1"><bpmn:messageEventDefinition messageRef="a" /></bpmn:startEvent>'
            '<bpmn:startEvent id="s2"><bpmn:messageEventDefinition messageRef="b" /></bpmn:startEvent>',
            roots='<bpmn:message id="a" name="same" /><bpmn:message id="b" name="same" />',
        ),
        "p",
        ("same message name 'same'",),
    ),
    (
        "error start event at process level",
        process('<bpmn:startEvent id="s"><bpmn:errorEventDefinition /></bpmn:startEvent>'),
        "s",
        ("none, message, timer or signal",),
    ),
    ("catch event without definition", catch(""), "c", ("message, timer, signal or link",)),
    (
        "error throw event",
        linear(
            (
                "t",
                '<bpmn:intermediateThrowEvent id="t"><bpmn:errorEventDefinition errorRef="err" /></bpmn:intermediateThrowEvent>',
            )
        ),
        "t",
        ("intermediate throw event must be",),
    ),
    (
        "end event with outgoing flow",
        linear(extra='<bpmn:endEvent id="e2" />' + flow("out", "e2", "end")),
        "out",
        ("end events have no outgoing",),
    ),
    (
        "user task priority out of range",
        task_with("userTask", '<zeebe:userTask /><zeebe:priorityDefinition priority="101" />'),
        "t",
        ("between 0 and 100",),
    ),
    (
        "user task invalid due date",
        task_with("userTask", '<zeebe:userTask /><zeebe:taskSchedule dueDate="tomorrow" />'),
        "t",
        ("dueDate",),
    ),
    (
        "task listener on job-worker user task",
        task_with(
            "userTask",
            '<zeebe:taskListeners><zeebe:taskListener eventType="completing" type="x" /></zeebe:taskListeners>',
        ),
        "t",
        ("only supported on Camunda user tasks",),
    ),
    (
        "form definition without form",
        task_with("userTask", '<zeebe:userTask /><zeebe:formDefinition bindingType="latest" />'),
        "t",
        ("Camunda user task must have exactly one of formId or externalReference",),
    ),
    (
        "job-worker user task form with both formKey and formId",
        task_with("userTask", '<zeebe:formDefinition formKey="k" formId="f" />'),
        "t",
        ("job-worker user task must have exactly one of formId or formKey",),
    ),
    (
        "external form reference with binding type",
        task_with(
            "userTask",
            '<zeebe:userTask /><zeebe:formDefinition externalReference="https://x" bindingType="latest" />',
        ),
        "t",
        ("externalReference cannot be combined with bindingType",),
    ),
    (
        "invalid binding type",
        task_with("callActivity", '<zeebe:calledElement processId="child" bindingType="newest" />'),
        "t",
        ("invalid bindingType 'newest'",),
    ),
    (
        "version tag binding without tag",
        task_with("callActivity", '<zeebe:calledElement processId="child" bindingType="versionTag" />'),
        "t",
        ("needs a versionTag",),
    ),
    (
        "start execution listener on start event",
        process(
            '<bpmn:startEvent id="s"><bpmn:extensionElements><zeebe:executionListeners>'
            '<zeebe:executionListener eventType="start" type="x" /></zeebe:executionListeners></bpmn:extensionElements>'
            f'</bpmn:startEvent><bpmn:endEvent id="e" />{flow("f", "s", "e")}'
        ),
        "s",
        ("'start' are not supported on start events",),
    ),
    (
        "invalid execution listener event type",
        task_with(
            "serviceTask",
            JOB
            + '<zeebe:executionListeners><zeebe:executionListener eventType="middle" type="x" /></zeebe:executionListeners>',
        ),
        "t",
        ("invalid eventType 'middle'",),
    ),
    (
        "duplicate execution listeners",
        task_with(
            "serviceTask",
            JOB + '<zeebe:executionListeners><zeebe:executionListener eventType="end" type="x" />'
            '<zeebe:executionListener eventType="end" type="x" /></zeebe:executionListeners>',
        ),
        "t",
        ("2 execution listeners with eventType 'end' and type 'x'",),
    ),
    (
        "two task definitions",
        task_with("serviceTask", JOB + JOB),
        "t",
        ("more than one zeebe:taskDefinition",),
    ),
]


@pytest.mark.parametrize(
    ("xml", "element_id", "fragments"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_rule_reports_element_and_reason(
    xml: str, element_id: str | None, fragments: tuple[str, ...]
) -> None:
    problem = assert_problem(xml, element_id, *fragments)
    assert problem.element_type
    if element_id not in ("defs",):
        assert problem.line is not None


def test_unknown_reference_is_reported_once() -> None:
    xml = process(
        '<bpmn:startEvent id="s" /><bpmn:endEvent id="e"><bpmn:errorEventDefinition errorRef="nope" /></bpmn:endEvent>'
        + flow("f", "s", "e")
    )
    found = [problem for problem in problems(xml) if problem.element_id == "e"]
    assert [problem.message for problem in found] == ["references an unknown error 'nope'"]


def test_validate_process_accepts_hand_built_models() -> None:
    assert validate_process(parse(linear(("t", service_task("t")))).processes[0]) == []
    task = ServiceTask(id="t", parent_id="p", job=JobDefinition(job_type=Expression("")))
    hand_built = Process(id="p", contents=ScopeContents(flow_node_ids=("t",)), flow_nodes=(task,))
    assert [(problem.element_id, problem.message) for problem in validate_process(hand_built)] == [
        ("p", "must have at least one start event"),
        ("t", "a service task must have a zeebe:taskDefinition with a non-empty job type"),
    ]
