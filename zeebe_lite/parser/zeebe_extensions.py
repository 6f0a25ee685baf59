"""The ``zeebe:`` extension layer: reads Zeebe extension elements below ``bpmn:extensionElements``.

Kept apart from the BPMN tag table so that the element parsers only decide *which* extensions an element
kind reads. Missing mandatory values are kept as empty :class:`Expression` objects so that validation can
report them with the element's id; a duplicated singleton extension is reported here.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from zeebe_lite.model.bpmn import (
    DEFAULT_JOB_RETRIES,
    AdHocDefinition,
    AssignmentDefinition,
    BindingType,
    CalledDecision,
    CalledElement,
    ExecutionListener,
    ExecutionListenerEventType,
    Expression,
    FormDefinition,
    IoMapping,
    JobDefinition,
    MultiInstanceLoop,
    Property,
    ScriptDefinition,
    TaskHeader,
    TaskListener,
    TaskSchedule,
    UserTaskForm,
    VariableMapping,
)
from zeebe_lite.parser._context import ParseContext, bpmn_tag, expression_attribute, zeebe_tag

__all__ = [
    "find_extension",
    "has_extension",
    "parse_ad_hoc",
    "parse_assignment",
    "parse_called_decision",
    "parse_called_element",
    "parse_execution_listeners",
    "parse_form_definition",
    "parse_io_mapping",
    "parse_job_definition",
    "parse_multi_instance",
    "parse_priority",
    "parse_properties",
    "parse_script",
    "parse_subscription_correlation_key",
    "parse_task_headers",
    "parse_task_listeners",
    "parse_task_schedule",
    "parse_user_task_forms",
    "parse_version_tag",
]


def _extensions(element: ET.Element) -> list[ET.Element]:
    container = element.find(bpmn_tag("extensionElements"))
    return [] if container is None else list(container)


def find_extension(ctx: ParseContext, element: ET.Element, name: str) -> ET.Element | None:
    """The single ``zeebe:<name>`` extension of ``element``; a second one is reported as a problem."""
    found = [child for child in _extensions(element) if child.tag == zeebe_tag(name)]
    if len(found) > 1:
        ctx.report(element, f"must not have more than one zeebe:{name} extension element")
    return found[0] if found else None


def has_extension(element: ET.Element, name: str) -> bool:
    """True when ``element`` carries a ``zeebe:<name>`` extension."""
    return any(child.tag == zeebe_tag(name) for child in _extensions(element))


def _binding_type(
    ctx: ParseContext, owner: ET.Element, extension: ET.Element
) -> tuple[BindingType, str | None]:
    raw = extension.get("bindingType") or BindingType.LATEST.value
    try:
        binding = BindingType(raw)
    except ValueError:
        allowed = ", ".join(b.value for b in BindingType)
        ctx.report(
            owner, f"zeebe:{_local(extension)} has an invalid bindingType '{raw}' (allowed: {allowed})"
        )
        binding = BindingType.LATEST
    version_tag = extension.get("versionTag") or None
    if binding is BindingType.VERSION_TAG and version_tag is None:
        ctx.report(owner, f"zeebe:{_local(extension)} with bindingType 'versionTag' needs a versionTag")
    return binding, version_tag


def _local(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _mandatory(extension: ET.Element, name: str) -> Expression:
    return expression_attribute(extension, name, keep_empty=True) or Expression("")


def parse_task_headers(ctx: ParseContext, element: ET.Element) -> tuple[TaskHeader, ...]:
    """``zeebe:taskHeaders/zeebe:header`` in document order."""
    headers = find_extension(ctx, element, "taskHeaders")
    if headers is None:
        return ()
    result: list[TaskHeader] = []
    for header in headers.findall(zeebe_tag("header")):
        key = header.get("key") or ""
        if not key:
            ctx.report(element, "has a zeebe:header without a key")
            continue
        result.append(TaskHeader(key=key, value=header.get("value") or ""))
    return tuple(result)


def parse_priority(ctx: ParseContext, element: ET.Element, name: str) -> Expression | None:
    """The ``priority`` of ``zeebe:<name>`` (``priorityDefinition`` or ``jobPriorityDefinition``)."""
    extension = find_extension(ctx, element, name)
    return None if extension is None else _mandatory(extension, "priority")


def parse_job_definition(ctx: ParseContext, element: ET.Element) -> JobDefinition | None:
    """``zeebe:taskDefinition`` plus task headers and job priority; None when there is no task definition."""
    definition = find_extension(ctx, element, "taskDefinition")
    if definition is None:
        return None
    return JobDefinition(
        job_type=_mandatory(definition, "type"),
        retries=expression_attribute(definition, "retries", keep_empty=True)
        or Expression(DEFAULT_JOB_RETRIES),
        headers=parse_task_headers(ctx, element),
        priority=parse_priority(ctx, element, "jobPriorityDefinition"),
    )


def parse_io_mapping(ctx: ParseContext, element: ET.Element) -> IoMapping:
    """``zeebe:ioMapping`` inputs and outputs in document order."""
    mapping = find_extension(ctx, element, "ioMapping")
    if mapping is None:
        return IoMapping()

    def read(kind: str) -> tuple[VariableMapping, ...]:
        return tuple(
            VariableMapping(source=Expression(item.get("source") or ""), target=item.get("target") or "")
            for item in mapping.findall(zeebe_tag(kind))
        )

    return IoMapping(inputs=read("input"), outputs=read("output"))


def parse_properties(ctx: ParseContext, element: ET.Element) -> tuple[Property, ...]:
    """``zeebe:properties/zeebe:property`` in document order."""
    properties = find_extension(ctx, element, "properties")
    if properties is None:
        return ()
    return tuple(
        Property(name=item.get("name") or "", value=item.get("value") or "")
        for item in properties.findall(zeebe_tag("property"))
    )


def parse_execution_listeners(ctx: ParseContext, element: ET.Element) -> tuple[ExecutionListener, ...]:
    """``zeebe:executionListeners/zeebe:executionListener`` (invalid event types are reported)."""
    listeners = find_extension(ctx, element, "executionListeners")
    if listeners is None:
        return ()
    result: list[ExecutionListener] = []
    for item in listeners.findall(zeebe_tag("executionListener")):
        raw_event = item.get("eventType") or ""
        try:
            event_type = ExecutionListenerEventType(raw_event)
        except ValueError:
            ctx.report(
                element, f"has an execution listener with invalid eventType '{raw_event}' (start or end)"
            )
            continue
        result.append(
            ExecutionListener(
                event_type=event_type,
                job_type=_mandatory(item, "type"),
                retries=expression_attribute(item, "retries", keep_empty=True)
                or Expression(DEFAULT_JOB_RETRIES),
            )
        )
    return tuple(result)


def parse_task_listeners(ctx: ParseContext, element: ET.Element) -> tuple[TaskListener, ...]:
    """``zeebe:taskListeners/zeebe:taskListener`` of a user task."""
    listeners = find_extension(ctx, element, "taskListeners")
    if listeners is None:
        return ()
    return tuple(
        TaskListener(
            event_type=item.get("eventType") or "",
            job_type=_mandatory(item, "type"),
            retries=expression_attribute(item, "retries", keep_empty=True) or Expression(DEFAULT_JOB_RETRIES),
        )
        for item in listeners.findall(zeebe_tag("taskListener"))
    )


def parse_called_decision(ctx: ParseContext, element: ET.Element) -> CalledDecision | None:
    """``zeebe:calledDecision`` of a business rule task."""
    extension = find_extension(ctx, element, "calledDecision")
    if extension is None:
        return None
    binding, version_tag = _binding_type(ctx, element, extension)
    return CalledDecision(
        decision_id=_mandatory(extension, "decisionId"),
        result_variable=extension.get("resultVariable") or "",
        binding_type=binding,
        version_tag=version_tag,
    )


def _flag(ctx: ParseContext, owner: ET.Element, extension: ET.Element, name: str, default: bool) -> bool:
    raw = extension.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() not in ("true", "false"):
        ctx.report(owner, f"attribute '{name}' must be 'true' or 'false', not '{raw}'")
        return default
    return raw.lower() == "true"


def parse_called_element(ctx: ParseContext, element: ET.Element) -> CalledElement | None:
    """``zeebe:calledElement`` of a call activity."""
    extension = find_extension(ctx, element, "calledElement")
    if extension is None:
        return None
    binding, version_tag = _binding_type(ctx, element, extension)
    return CalledElement(
        process_id=_mandatory(extension, "processId"),
        binding_type=binding,
        version_tag=version_tag,
        propagate_all_child_variables=_flag(ctx, element, extension, "propagateAllChildVariables", True),
        propagate_all_parent_variables=_flag(ctx, element, extension, "propagateAllParentVariables", True),
    )


def parse_script(ctx: ParseContext, element: ET.Element) -> ScriptDefinition | None:
    """``zeebe:script`` of a script task."""
    extension = find_extension(ctx, element, "script")
    if extension is None:
        return None
    return ScriptDefinition(
        expression=_mandatory(extension, "expression"), result_variable=extension.get("resultVariable") or ""
    )


def parse_assignment(ctx: ParseContext, element: ET.Element) -> AssignmentDefinition:
    """``zeebe:assignmentDefinition`` of a user task (empty when absent)."""
    extension = find_extension(ctx, element, "assignmentDefinition")
    if extension is None:
        return AssignmentDefinition()
    return AssignmentDefinition(
        assignee=expression_attribute(extension, "assignee"),
        candidate_groups=expression_attribute(extension, "candidateGroups"),
        candidate_users=expression_attribute(extension, "candidateUsers"),
    )


def parse_task_schedule(ctx: ParseContext, element: ET.Element) -> TaskSchedule:
    """``zeebe:taskSchedule`` of a user task (empty when absent)."""
    extension = find_extension(ctx, element, "taskSchedule")
    if extension is None:
        return TaskSchedule()
    return TaskSchedule(
        due_date=expression_attribute(extension, "dueDate"),
        follow_up_date=expression_attribute(extension, "followUpDate"),
    )


def parse_form_definition(
    ctx: ParseContext, element: ET.Element, *, camunda_user_task: bool
) -> FormDefinition | None:
    """``zeebe:formDefinition`` of a user task.

    A Camunda user task needs exactly one of formId or externalReference; a job-worker user task exactly
    one of formId or formKey. bindingType goes only with formId.
    """
    extension = find_extension(ctx, element, "formDefinition")
    if extension is None:
        return None
    binding, version_tag = _binding_type(ctx, element, extension)
    form = FormDefinition(
        form_key=extension.get("formKey") or None,
        form_id=extension.get("formId") or None,
        external_reference=expression_attribute(extension, "externalReference"),
        binding_type=binding,
        version_tag=version_tag,
    )
    other, other_name = (
        (form.external_reference, "externalReference") if camunda_user_task else (form.form_key, "formKey")
    )
    if (form.form_id is None) == (other is None):
        kind = "a Camunda user task" if camunda_user_task else "a job-worker user task"
        ctx.report(element, f"zeebe:formDefinition of {kind} must have exactly one of formId or {other_name}")
    if other is not None and extension.get("bindingType"):
        ctx.report(
            element, f"zeebe:formDefinition attribute {other_name} cannot be combined with bindingType"
        )
    return form


def parse_multi_instance(
    ctx: ParseContext, loop: ET.Element, *, is_sequential: bool, completion_condition: Expression | None
) -> MultiInstanceLoop:
    """A ``multiInstanceLoopCharacteristics`` element with its ``zeebe:loopCharacteristics`` attributes."""
    extension = find_extension(ctx, loop, "loopCharacteristics")
    if extension is None:
        return MultiInstanceLoop(is_sequential=is_sequential, completion_condition=completion_condition)
    return MultiInstanceLoop(
        is_sequential=is_sequential,
        input_collection=expression_attribute(extension, "inputCollection"),
        input_element=extension.get("inputElement") or None,
        output_collection=extension.get("outputCollection") or None,
        output_element=expression_attribute(extension, "outputElement"),
        completion_condition=completion_condition,
    )


def parse_subscription_correlation_key(ctx: ParseContext, message: ET.Element) -> Expression | None:
    """``zeebe:subscription correlationKey`` of a root ``bpmn:message``."""
    extension = find_extension(ctx, message, "subscription")
    return None if extension is None else _mandatory(extension, "correlationKey")


def parse_version_tag(ctx: ParseContext, process: ET.Element) -> str | None:
    """``zeebe:versionTag value`` of a process."""
    extension = find_extension(ctx, process, "versionTag")
    return None if extension is None else (extension.get("value") or None)


def parse_user_task_forms(ctx: ParseContext, process: ET.Element) -> tuple[UserTaskForm, ...]:
    """Embedded ``zeebe:userTaskForm`` bodies of a process."""
    return tuple(
        UserTaskForm(id=item.get("id") or "", body=(item.text or "").strip())
        for item in _extensions(process)
        if item.tag == zeebe_tag("userTaskForm")
    )


def parse_ad_hoc(ctx: ParseContext, element: ET.Element, completion: Expression | None) -> AdHocDefinition:
    """``zeebe:adHoc`` of an ad-hoc subprocess plus its BPMN completion settings."""
    extension = find_extension(ctx, element, "adHoc")
    raw_cancel = element.get("cancelRemainingInstances")
    return AdHocDefinition(
        active_elements_collection=None
        if extension is None
        else expression_attribute(extension, "activeElementsCollection"),
        completion_condition=completion,
        cancel_remaining_instances=raw_cancel is None or raw_cancel.lower() != "false",
    )
