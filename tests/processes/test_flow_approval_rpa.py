"""approval-rpa end to end: approval task -> OpenRPA bot run -> result message, retries on silence, escalation."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from process_harness import Flows, eventually

from sandbox.openrpa import OpenRPAEmulator

QUEUE = "invoice-entry"


def _openrpa(flows: Flows) -> OpenRPAEmulator:
    return flows.stack.sandbox.emulator("openrpa", OpenRPAEmulator)


def _workitems(flows: Flows) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = flows.stack.sandbox.state("openrpa")["state"]["workitems"]
    return items


def _has_workitems(flows: Flows, count: int) -> bool:
    return len(_workitems(flows)) == count


async def _requested(flows: Flows, request_id: str = "REQ-17") -> int:
    variables = {
        "approvalRequestId": request_id,
        "requestedBy": "carlos@example.com",
        "approvalSubject": "Invoice 2024-118",
        "approvalAmount": 1840.5,
        "rpaQueue": QUEUE,
        "rpaPayload": {"invoice": "2024-118", "amount": 1840.5},
    }
    await flows.publish("approval.requested", request_id, variables, f"approval:{request_id}")
    return await flows.started_instance("approval-rpa")


async def _bot_finished(flows: Flows, item: dict[str, Any]) -> None:
    """Publish the callback of a finished workitem as the ingress does."""
    state = item["state"]
    variables = {
        "rpaCorrelationId": item["correlationId"],
        "rpaWorkitemId": item["_id"],
        "rpaState": state,
        "rpaResult": item["payload"],
        "rpaError": item["errormessage"],
    }
    await flows.publish("rpa.bot-finished", item["correlationId"], variables, f"rpa:{item['_id']}:{state}")


async def _finished_item(flows: Flows, index: int = 0) -> dict[str, Any]:
    def finished() -> dict[str, Any] | None:
        items = _workitems(flows)
        if len(items) > index and items[index]["state"] in ("successful", "failed"):
            return items[index]
        return None

    item: dict[str, Any] = await eventually(finished, what="the bot to finish the workitem")
    return item


async def test_approved_request_runs_the_bot_and_records_its_success(flows: Flows) -> None:
    key = await _requested(flows)
    await flows.complete_user_task_via_rest(key, "ApproveRequest", {"approvalGranted": True})

    item = await _finished_item(flows)
    assert item["correlationId"] == "approval:REQ-17/attempt-1"
    assert item["name"] == "Invoice 2024-118"
    assert item["payload"]["approvalRequestId"] == "REQ-17" and item["payload"]["invoice"] == "2024-118"
    await _bot_finished(flows, item)

    variables = await flows.completed(key)
    assert variables["approvalOutcome"] == "completed"
    assert variables["rpaState"] == "successful"
    assert variables["rpaResult"]["botStatus"] == "done"
    assert variables["rpaAttempt"] == 1


async def test_declined_request_never_starts_the_bot(flows: Flows) -> None:
    key = await _requested(flows)
    await flows.env.complete_user_task(key, "ApproveRequest", {"approvalGranted": False})

    variables = await flows.completed(key)

    assert variables["approvalOutcome"] == "declined"
    assert _workitems(flows) == []


async def test_failed_bot_run_is_recorded_as_such(flows: Flows) -> None:
    _openrpa(flows).queue(QUEUE).robot.outcome = "business_error"
    key = await _requested(flows)
    await flows.env.complete_user_task(key, "ApproveRequest", {"approvalGranted": True})

    item = await _finished_item(flows)
    assert item["state"] == "failed"
    await _bot_finished(flows, item)

    variables = await flows.completed(key)
    assert variables["approvalOutcome"] == "bot-failed"
    assert variables["rpaError"] == "The robot failed"


async def test_silent_bot_is_triggered_again_and_a_late_answer_completes(flows: Flows) -> None:
    _openrpa(flows).queue(QUEUE).robot.outcome = "manual"
    key = await _requested(flows)
    await flows.env.complete_user_task(key, "ApproveRequest", {"approvalGranted": True})
    await eventually(lambda: len(_workitems(flows)) == 1, what="the first workitem")
    await flows.waiting_at(key, "WaitForBot")

    await flows.advance(dt.timedelta(minutes=30))
    await eventually(lambda: len(_workitems(flows)) == 2, what="the second workitem")
    await flows.waiting_at(key, "WaitForBot")
    first, second = _workitems(flows)
    assert second["correlationId"] == "approval:REQ-17/attempt-2"

    _openrpa(flows).finish(first["_id"], succeeded=True)  # too late: attempt 1 is no longer awaited
    await _bot_finished(flows, _openrpa(flows).workitem(first["_id"]))
    await flows.env.wait_until_idle()
    await flows.waiting_at(key, "WaitForBot")

    _openrpa(flows).finish(second["_id"], succeeded=True, payload={"booked": True})
    await _bot_finished(flows, _openrpa(flows).workitem(second["_id"]))

    variables = await flows.completed(key)
    assert variables["approvalOutcome"] == "completed"
    assert variables["rpaAttempt"] == 2 and variables["rpaResult"]["booked"] is True


async def test_bot_silent_on_every_attempt_escalates_to_an_operator(flows: Flows) -> None:
    _openrpa(flows).queue(QUEUE).robot.outcome = "manual"
    key = await _requested(flows)
    await flows.env.complete_user_task(key, "ApproveRequest", {"approvalGranted": True})
    for attempt in (1, 2, 3):
        await eventually(partial(_has_workitems, flows, attempt), what=f"workitem {attempt}")
        await flows.waiting_at(key, "WaitForBot")
        await flows.advance(dt.timedelta(minutes=30))

    await flows.waiting_at(key, "ResolveBotRun")
    assert len(_workitems(flows)) == 3
    await flows.env.complete_user_task(key, "ResolveBotRun", {"resolutionNote": "booked by hand"})

    variables = await flows.completed(key)
    assert variables["approvalOutcome"] == "escalated"
    assert variables["rpaAttempt"] == 3
