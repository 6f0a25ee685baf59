"""Driving the fleet's processes end to end: publish messages as the ingress does, wait for instances and results.

Used by the ``flows`` fixture in ``conftest.py``; the stack itself is :func:`workers.dev.run_dev_stack`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from workers.dev import DevStack
from zeebe_lite.records import BpmnElementType, ProcessInstanceIntent, ValueType
from zeebe_lite.testing import ZeebeTestEnvironment, root_variables

__all__ = ["Flows", "eventually"]

INGRESS_TTL_MS = 3_600_000
"""The ingress's default message time-to-live (one hour)."""


async def eventually(condition: Callable[[], Any], *, within: float = 20.0, what: str = "condition") -> Any:
    """Poll ``condition`` until it returns something truthy; that value."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        value = condition()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


@dataclass
class Flows:
    """The stack plus a ZeebeTestEnvironment view of its engine (time, records, assertions)."""

    stack: DevStack
    env: ZeebeTestEnvironment

    async def publish(
        self, name: str, correlation_key: str, variables: Mapping[str, Any], message_id: str
    ) -> None:
        """Publish a message exactly as the webhook ingress does (messageId, one-hour TTL)."""
        await self.env.client.publish_message(
            name=name,
            correlation_key=correlation_key,
            variables=dict(variables),
            time_to_live_in_milliseconds=INGRESS_TTL_MS,
            message_id=message_id,
        )

    def instances(self, process_id: str) -> list[int]:
        """Keys of the instances of ``process_id`` started so far, oldest first."""
        records = self.env.records().of_type(ValueType.PROCESS_INSTANCE).events()
        return [
            record.key
            for record in records.with_intent(ProcessInstanceIntent.ELEMENT_ACTIVATED)
            if record.value.bpmn_element_type is BpmnElementType.PROCESS
            and record.value.bpmn_process_id == process_id
        ]

    async def started_instance(self, process_id: str, *, count: int = 1) -> int:
        """Wait until ``count`` instances of ``process_id`` exist; the newest one's key."""
        keys = await eventually(
            lambda: (found := self.instances(process_id)) and len(found) >= count and found,
            what=f"instance #{count} of {process_id}",
        )
        return int(keys[count - 1])

    async def completed(self, key: int, *, within: float = 30.0) -> dict[str, Any]:
        """Wait for the instance to complete; its root variables."""
        await self.env.assert_that(key, timeout=dt.timedelta(seconds=within)).is_completed()
        return root_variables(self.env.records(), key)

    def variables(self, key: int) -> dict[str, Any]:
        """The instance's current root variables."""
        return root_variables(self.env.records(), key)

    async def waiting_at(self, key: int, *element_ids: str) -> None:
        """Wait until the instance is waiting at all of ``element_ids``."""
        await self.env.assert_that(key, timeout=dt.timedelta(seconds=30)).is_waiting_at(*element_ids)

    async def advance(self, duration: dt.timedelta) -> None:
        """Move the engine clock (timers fire)."""
        await self.env.advance_time(duration)

    async def complete_user_task_via_rest(
        self, key: int, element_id: str, variables: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Find the instance's open user task at ``element_id`` and complete it through the REST API v2."""
        base = self.stack.rest_address
        async with httpx.AsyncClient(base_url=base, timeout=10) as client:

            async def search() -> list[dict[str, Any]]:
                response = await client.post(
                    "/user-tasks/search",
                    json={
                        "filter": {
                            "processInstanceKey": str(key),
                            "elementId": element_id,
                            "state": "CREATED",
                        }
                    },
                )
                response.raise_for_status()
                items: list[dict[str, Any]] = response.json()["items"]
                return items

            loop = asyncio.get_running_loop()
            deadline = loop.time() + 20
            while not (items := await search()):
                if loop.time() > deadline:
                    raise AssertionError(f"no open user task {element_id} in instance {key}")
                await asyncio.sleep(0.05)
            task = items[0]
            completion = await client.post(
                f"/user-tasks/{task['userTaskKey']}/completion", json={"variables": dict(variables)}
            )
            assert completion.status_code == 204, completion.text
            return task
