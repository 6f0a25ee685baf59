"""Assertions on a process instance, read from the record stream (Zeebe Process Test's ``BpmnAssert`` vocabulary).

Every assertion polls the records until it holds or its timeout passes (as Camunda Process Test does), so
tests need not guess how long workers take; it raises :class:`AssertionError` describing what was seen.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from typing import Any

from zeebe_lite.records import (
    IncidentIntent,
    IncidentRecord,
    Intent,
    ProcessInstanceIntent,
    RecordStream,
    ValueType,
    VariableIntent,
)

__all__ = ["ProcessInstanceAssert", "active_elements", "open_incidents", "root_variables"]

_POLL = 0.02
_MISSING = object()


def open_incidents(records: RecordStream, process_instance_key: int) -> list[IncidentRecord]:
    """Incidents of the instance that were created and not resolved."""
    incidents = records.of_type(ValueType.INCIDENT).events().with_process_instance(process_instance_key)
    resolved = {record.key for record in incidents.with_intent(IncidentIntent.RESOLVED)}
    return [
        record.value for record in incidents.with_intent(IncidentIntent.CREATED) if record.key not in resolved
    ]


def active_elements(records: RecordStream, process_instance_key: int) -> list[str]:
    """Ids of the instance's elements that were activated and have not ended (the instance itself excluded)."""
    elements = (
        records.of_type(ValueType.PROCESS_INSTANCE).events().with_process_instance(process_instance_key)
    )
    live: dict[int, str] = {}
    for record in elements:
        if record.key == process_instance_key:
            continue
        if record.intent is ProcessInstanceIntent.ELEMENT_ACTIVATED or (
            record.intent is ProcessInstanceIntent.ELEMENT_MIGRATED and record.key in live
        ):
            live[record.key] = record.value.element_id
        elif record.intent in (
            ProcessInstanceIntent.ELEMENT_COMPLETED,
            ProcessInstanceIntent.ELEMENT_TERMINATED,
        ):
            live.pop(record.key, None)
    return list(live.values())


def root_variables(records: RecordStream, process_instance_key: int) -> dict[str, Any]:
    """The latest values of the instance's root-scope variables."""
    variables: dict[str, Any] = {}
    for record in records.of_type(ValueType.VARIABLE).events():
        value = record.value
        if value.scope_key == process_instance_key and record.intent in (
            VariableIntent.CREATED,
            VariableIntent.UPDATED,
        ):
            variables[value.name] = value.value
    return variables


class ProcessInstanceAssert:
    """Awaitable assertions on one process instance: ``await env.assert_that(key).is_completed()``."""

    def __init__(
        self, records: Callable[[], RecordStream], process_instance_key: int, timeout: dt.timedelta
    ) -> None:
        """Assert on ``process_instance_key`` over the stream ``records()`` returns, waiting up to ``timeout``."""
        self._records = records
        self._key = process_instance_key
        self._timeout = timeout

    async def _eventually(self, check: Callable[[RecordStream], str | None]) -> None:
        """Poll until ``check`` returns None (holds); otherwise fail with its last complaint."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._timeout.total_seconds()
        while True:
            complaint = check(self._records())
            if complaint is None:
                return
            if loop.time() >= deadline:
                raise AssertionError(f"process instance {self._key}: {complaint}")
            await asyncio.sleep(_POLL)

    def _lifecycle(self, records: RecordStream) -> list[Intent]:
        own = records.of_type(ValueType.PROCESS_INSTANCE).events().with_key(self._key)
        return [record.intent for record in own]

    async def is_started(self) -> ProcessInstanceAssert:
        """The instance was activated."""

        def check(records: RecordStream) -> str | None:
            if ProcessInstanceIntent.ELEMENT_ACTIVATED in self._lifecycle(records):
                return None
            return "expected it to be started, but it was never activated"

        await self._eventually(check)
        return self

    async def is_completed(self) -> ProcessInstanceAssert:
        """The instance completed."""
        await self._eventually(self._expect_end(ProcessInstanceIntent.ELEMENT_COMPLETED, "completed"))
        return self

    async def is_terminated(self) -> ProcessInstanceAssert:
        """The instance was terminated (canceled)."""
        await self._eventually(self._expect_end(ProcessInstanceIntent.ELEMENT_TERMINATED, "terminated"))
        return self

    def _expect_end(self, intent: ProcessInstanceIntent, word: str) -> Callable[[RecordStream], str | None]:
        def check(records: RecordStream) -> str | None:
            lifecycle = self._lifecycle(records)
            if intent in lifecycle:
                return None
            last = lifecycle[-1].value if lifecycle else "no record"
            waiting = active_elements(records, self._key)
            return f"expected it to be {word}, but its last state is {last} (active elements: {waiting})"

        return check

    async def is_active(self) -> ProcessInstanceAssert:
        """The instance is running (activated, not ended)."""

        def check(records: RecordStream) -> str | None:
            lifecycle = self._lifecycle(records)
            ended: set[Intent] = {
                ProcessInstanceIntent.ELEMENT_COMPLETED,
                ProcessInstanceIntent.ELEMENT_TERMINATED,
            }
            if ProcessInstanceIntent.ELEMENT_ACTIVATED in lifecycle and not ended.intersection(lifecycle):
                return None
            return f"expected it to be active, but its lifecycle is {[intent.value for intent in lifecycle]}"

        await self._eventually(check)
        return self

    async def has_passed_element(self, element_id: str, times: int = 1) -> ProcessInstanceAssert:
        """The element completed exactly ``times`` times."""

        def check(records: RecordStream) -> str | None:
            passed = self._count(records, element_id, ProcessInstanceIntent.ELEMENT_COMPLETED)
            if passed == times:
                return None
            return f"expected element '{element_id}' to be passed {times} time(s), but it was passed {passed}"

        await self._eventually(check)
        return self

    async def has_not_passed_element(self, element_id: str) -> ProcessInstanceAssert:
        """The element has not completed (checked once, no waiting)."""
        passed = self._count(self._records(), element_id, ProcessInstanceIntent.ELEMENT_COMPLETED)
        if passed:
            raise AssertionError(
                f"process instance {self._key}: expected element '{element_id}' not to be passed, "
                f"but it was passed {passed} time(s)"
            )
        return self

    def _count(self, records: RecordStream, element_id: str, intent: ProcessInstanceIntent) -> int:
        matching = (
            records.of_type(ValueType.PROCESS_INSTANCE)
            .events()
            .with_process_instance(self._key)
            .with_element_id(element_id)
            .with_intent(intent)
        )
        return len(matching)

    async def is_waiting_at(self, *element_ids: str) -> ProcessInstanceAssert:
        """Each of the elements is active (among possibly others)."""

        def check(records: RecordStream) -> str | None:
            active = active_elements(records, self._key)
            missing = [element for element in element_ids if element not in active]
            if not missing:
                return None
            return f"expected it to wait at {missing}, but the active elements are {active}"

        await self._eventually(check)
        return self

    async def has_incident(self, error_type: str | None = None) -> ProcessInstanceAssert:
        """An open incident exists (of ``error_type`` when given, e.g. ``"JOB_NO_RETRIES"``)."""

        def check(records: RecordStream) -> str | None:
            incidents = open_incidents(records, self._key)
            if any(error_type is None or incident.error_type.value == error_type for incident in incidents):
                return None
            seen = [(incident.error_type.value, incident.error_message) for incident in incidents]
            return f"expected an incident{f' of type {error_type}' if error_type else ''}, but found {seen}"

        await self._eventually(check)
        return self

    async def has_no_incidents(self) -> ProcessInstanceAssert:
        """No open incident (checked once, no waiting)."""
        incidents = open_incidents(self._records(), self._key)
        if incidents:
            seen = [(incident.error_type.value, incident.error_message) for incident in incidents]
            raise AssertionError(f"process instance {self._key}: expected no incidents, but found {seen}")
        return self

    async def has_variable(self, name: str, value: Any = _MISSING) -> ProcessInstanceAssert:
        """The root scope has the variable (with ``value`` when given)."""

        def check(records: RecordStream) -> str | None:
            variables = root_variables(records, self._key)
            if name in variables and (value is _MISSING or variables[name] == value):
                return None
            expected = f"'{name}'" if value is _MISSING else f"'{name}' = {value!r}"
            return f"expected variable {expected}, but the root variables are {variables}"

        await self._eventually(check)
        return self
