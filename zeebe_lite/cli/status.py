"""``zeebe_lite status``: what a data directory holds (instances, active elements, incidents, jobs, user tasks)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from zeebe_lite.clock import SystemClock
from zeebe_lite.engine import Engine
from zeebe_lite.gateway.runtime import engine_file
from zeebe_lite.log.readonly import ReadOnlyLog
from zeebe_lite.model.bpmn import JOB_WORKER_USER_TASK_TYPE, BpmnElementType
from zeebe_lite.records import NO_KEY
from zeebe_lite.state.element_instance import ElementInstance
from zeebe_lite.state.views import StateView

__all__ = ["collect_status", "read_status", "render_status"]

_ASSIGNEE_HEADER = "io.camunda.zeebe:assignee"
_CANDIDATE_GROUPS_HEADER = "io.camunda.zeebe:candidateGroups"
_CANDIDATE_USERS_HEADER = "io.camunda.zeebe:candidateUsers"
_DUE_DATE_HEADER = "io.camunda.zeebe:dueDate"


def read_status(data_dir: Path) -> dict[str, Any]:
    """Load the latest snapshot and replay the log after it (read-only), and describe the state."""
    reader = ReadOnlyLog(engine_file(data_dir))
    try:
        return collect_status(Engine(reader, SystemClock()).state)
    finally:
        reader.close()


def collect_status(state: StateView) -> dict[str, Any]:
    """Deployed processes and every live process instance with its elements, incidents, jobs and user tasks."""
    processes = [
        {
            "bpmnProcessId": deployed.record.bpmn_process_id,
            "version": deployed.record.version,
            "processDefinitionKey": deployed.key,
            "resourceName": deployed.record.resource_name,
        }
        for deployed in state.deployments.processes()
    ]
    instances = [
        _instance(state, root)
        for key in sorted(state.element_instances.process_instance_keys())
        if (root := state.element_instances.get(key)) is not None
    ]
    return {"processes": processes, "processInstances": instances}


def _instance(state: StateView, root: ElementInstance) -> dict[str, Any]:
    elements = _descendants(state, root.key)
    jobs = []
    user_tasks = []
    for element in elements:
        job = state.jobs.get(element.job_key) if element.job_key != NO_KEY else None
        if job is not None:
            jobs.append(
                {
                    "jobKey": job.key,
                    "type": job.record.type,
                    "state": job.lifecycle.value,
                    "retries": job.record.retries,
                    "worker": job.record.worker,
                    "deadline": _instant(job.record.deadline),
                    "elementId": job.record.element_id,
                    "elementInstanceKey": element.key,
                }
            )
        task_key = state.user_tasks.of_element_instance(element.key)
        task = state.user_tasks.get(task_key) if task_key is not None else None
        if task is not None and task_key is not None:
            user_tasks.append(
                {
                    "userTaskKey": task_key,
                    "elementId": element.value.element_id,
                    "elementInstanceKey": element.key,
                    "jobKey": None,
                    "assignee": task.assignee or None,
                    "candidateGroups": list(task.candidate_groups),
                    "candidateUsers": list(task.candidate_users),
                    "dueDate": task.due_date or None,
                }
            )
        elif element.value.bpmn_element_type is BpmnElementType.USER_TASK or (
            job is not None and job.record.type == JOB_WORKER_USER_TASK_TYPE
        ):
            headers = dict(job.record.custom_headers) if job is not None else {}
            user_tasks.append(
                {
                    "userTaskKey": None,
                    "elementId": element.value.element_id,
                    "elementInstanceKey": element.key,
                    "jobKey": job.key if job is not None else None,
                    "assignee": headers.get(_ASSIGNEE_HEADER),
                    "candidateGroups": _header_list(headers.get(_CANDIDATE_GROUPS_HEADER)),
                    "candidateUsers": _header_list(headers.get(_CANDIDATE_USERS_HEADER)),
                    "dueDate": headers.get(_DUE_DATE_HEADER),
                }
            )
    incidents = [
        {
            "incidentKey": key,
            "errorType": incident.error_type.value,
            "errorMessage": incident.error_message,
            "elementId": incident.element_id,
            "elementInstanceKey": incident.element_instance_key,
            "jobKey": incident.job_key if incident.job_key != NO_KEY else None,
        }
        for key, incident in state.incidents.of_process_instance(root.key)
    ]
    value = root.value
    return {
        "processInstanceKey": root.key,
        "bpmnProcessId": value.bpmn_process_id,
        "version": value.version,
        "processDefinitionKey": value.process_definition_key,
        "state": root.state.value,
        "activeElements": [
            {
                "elementInstanceKey": element.key,
                "elementId": element.value.element_id,
                "elementType": element.value.bpmn_element_type.value,
                "state": element.state.value,
            }
            for element in elements
        ],
        "incidents": incidents,
        "jobs": jobs,
        "userTasks": user_tasks,
    }


def _header_list(text: str | None) -> list[str]:
    """Job-worker user task headers carry candidate lists as JSON arrays."""
    if not text:
        return []
    try:
        value = json.loads(text)
    except ValueError:
        return [text]
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def _descendants(state: StateView, key: int) -> list[ElementInstance]:
    found: list[ElementInstance] = []
    pending = list(state.element_instances.children(key))
    while pending:
        element = pending.pop(0)
        found.append(element)
        pending.extend(state.element_instances.children(element.key))
    return found


def _instant(millis: int) -> str | None:
    if millis < 0:
        return None
    return dt.datetime.fromtimestamp(millis / 1000, tz=dt.UTC).isoformat(timespec="milliseconds")


def render_status(status: dict[str, Any], *, as_json: bool) -> str:
    """The status as JSON, or as text for people."""
    if as_json:
        return json.dumps(status, indent=2)
    lines = [f"Deployed processes: {len(status['processes'])}"]
    for process in status["processes"]:
        lines.append(
            f"  {process['bpmnProcessId']} v{process['version']} "
            f"(key {process['processDefinitionKey']}, {process['resourceName']})"
        )
    lines.append(f"Process instances: {len(status['processInstances'])}")
    for instance in status["processInstances"]:
        lines.append(
            f"  {instance['processInstanceKey']} {instance['bpmnProcessId']} v{instance['version']} {instance['state']}"
        )
        for element in instance["activeElements"]:
            lines.append(
                f"    element {element['elementId']} [{element['elementType']}] {element['state']} "
                f"(key {element['elementInstanceKey']})"
            )
        for job in instance["jobs"]:
            worker = f" by {job['worker']}" if job["worker"] else ""
            lines.append(
                f"    job {job['jobKey']} type={job['type']} {job['state']}{worker} retries={job['retries']}"
            )
        for task in instance["userTasks"]:
            assignee = f" assigned to {task['assignee']}" if task["assignee"] else ""
            lines.append(f"    user task {task['elementId']}{assignee} (key {task['elementInstanceKey']})")
        for incident in instance["incidents"]:
            lines.append(
                f"    incident {incident['incidentKey']} {incident['errorType']} at {incident['elementId']}: "
                f"{incident['errorMessage']}"
            )
    return "\n".join(lines)
