from __future__ import annotations

from bpmn_snippets import assert_problem, flow, parse, problems, process, service_task


def loop_through(body_xml: str, body_id: str) -> str:
    return process(
        f'<bpmn:startEvent id="s" /><bpmn:exclusiveGateway id="g" default="again" />{body_xml}<bpmn:endEvent id="e" />'
        + flow("f0", "s", "g")
        + flow("done", "g", "e", "=finished")
        + flow("again", "g", body_id)
        + flow("back", body_id, "g")
    )


def test_loop_of_undefined_task_and_gateway_is_rejected() -> None:
    problem = assert_problem(
        loop_through('<bpmn:task id="t" />', "t"), "p", "straight-through processing loop"
    )
    assert "t > g > t" in problem.message


def test_loop_through_engine_evaluated_script_is_rejected() -> None:
    script = (
        '<bpmn:scriptTask id="t"><bpmn:extensionElements><zeebe:script expression="=n + 1" resultVariable="n" />'
        "</bpmn:extensionElements></bpmn:scriptTask>"
    )
    assert_problem(loop_through(script, "t"), "p", "straight-through processing loop")


def test_loop_with_a_job_is_accepted() -> None:
    assert parse(loop_through(service_task("t"), "t")).processes[0].element("t").outgoing == ("back",)
    job_script = (
        '<bpmn:scriptTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="script" />'
        "</bpmn:extensionElements></bpmn:scriptTask>"
    )
    parse(loop_through(job_script, "t"))


def test_loop_of_gateways_only_is_accepted() -> None:
    # Zeebe rejects loops where nothing can wait; a loop of gateways alone is decided by conditions and deploys.
    definitions = parse(loop_through('<bpmn:exclusiveGateway id="t" />', "t"))
    assert [process.id for process in definitions.executable_processes()] == ["p"]


def test_loop_through_a_subprocess_is_rejected() -> None:
    sub = (
        '<bpmn:subProcess id="sub"><bpmn:startEvent id="in" /><bpmn:manualTask id="m" /><bpmn:endEvent id="out" />'
        + flow("i1", "in", "m")
        + flow("i2", "m", "out")
        + "</bpmn:subProcess>"
    )
    problem = assert_problem(loop_through(sub, "sub"), "p", "straight-through processing loop")
    assert "m" in problem.message.split(": ", 1)[1].split(" > ")


def test_process_calling_itself_straight_through_is_rejected() -> None:
    xml = process(
        '<bpmn:startEvent id="s" /><bpmn:callActivity id="call"><bpmn:extensionElements>'
        '<zeebe:calledElement processId="p" /></bpmn:extensionElements></bpmn:callActivity><bpmn:endEvent id="e" />'
        + flow("f1", "s", "call")
        + flow("f2", "call", "e")
    )
    problem = assert_problem(xml, "p", "straight-through processing loop")
    assert "call > s > call" in problem.message


def test_only_one_loop_problem_per_process() -> None:
    found = [p for p in problems(loop_through('<bpmn:task id="t" />', "t")) if "loop" in p.message]
    assert len(found) == 1
