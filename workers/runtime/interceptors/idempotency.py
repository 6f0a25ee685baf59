"""Idempotency: claim the job's key, replay a recorded outcome, record the new one."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog

from workers.runtime._classify import classify
from workers.runtime._errors import BpmnError, TransientError
from workers.runtime._metrics import FleetMetrics
from workers.runtime.idempotency import (
    AlreadyRecorded,
    HeldElsewhere,
    IdempotencyStore,
    RecordedOutcome,
    idempotency_key_for,
)
from workers.runtime.interceptors._base import ExecuteJobInput, Interceptor, JobInterceptor

__all__ = ["Idempotency"]

_MINIMUM_LEASE = timedelta(seconds=1)
_log = structlog.get_logger("workers.idempotency")


def _replay(outcome: RecordedOutcome) -> Any:
    if outcome.kind == "bpmn_error":
        raise BpmnError(outcome.error_code, outcome.error_message, outcome.value)
    return outcome.value


class _Idempotent(JobInterceptor):
    def __init__(self, next: JobInterceptor, owner: Idempotency) -> None:
        super().__init__(next)
        self._policy = owner

    async def execute_job(self, input: ExecuteJobInput) -> Any:
        if not input.options.idempotent:
            return await self.next.execute_job(input)
        store, job = self._policy.store, input.job
        key = idempotency_key_for(job)
        owner = f"{job.worker}/{job.key}/{uuid.uuid4().hex[:12]}"
        lease = max(input.deadline - datetime.now(UTC), _MINIMUM_LEASE)
        claim = await store.claim(key, owner=owner, lease=lease)
        if isinstance(claim, AlreadyRecorded):
            if self._policy.metrics is not None:
                self._policy.metrics.idempotency_replays.labels(job.type).inc()
            _log.info("idempotency.replayed", idempotency_key=key, outcome=claim.outcome.kind)
            return _replay(claim.outcome)
        if isinstance(claim, HeldElsewhere):
            raise TransientError(
                f"Idempotency key {key!r} is being worked on by {claim.owner} until {claim.lease_until.isoformat()}",
                retry_after=max(claim.lease_until - datetime.now(UTC), timedelta(0)),
            )
        if claim.taken_over:
            _log.warning("idempotency.stale_claim_taken_over", idempotency_key=key)
        try:
            result = await self.next.execute_job(input)
        except BaseException as error:
            outcome = classify(error) if isinstance(error, Exception) else None
            recorded = None
            if isinstance(outcome, BpmnError):
                recorded = RecordedOutcome(
                    "bpmn_error",
                    dict(outcome.variables),
                    error_code=outcome.code,
                    error_message=outcome.message,
                )
            try:
                await asyncio.shield(self._finish(key, owner, recorded))
            except Exception:
                # The handler's error matters more; an unreleased claim only delays the retry until its lease ends.
                _log.exception("idempotency.finish_failed", idempotency_key=key)
            raise
        await self._finish(key, owner, RecordedOutcome("completed", result))
        return result

    async def _finish(self, key: str, owner: str, outcome: RecordedOutcome | None) -> None:
        store = self._policy.store
        if outcome is None:
            await store.release(key, owner=owner)
        elif not await store.record(key, owner=owner, outcome=outcome):
            _log.warning("idempotency.claim_lost_before_record", idempotency_key=key)


class Idempotency(Interceptor):
    """Route every idempotent task through ``store`` under :func:`idempotency_key_for` of its job.

    The lease lasts until the job's deadline, so a redelivered job finds the key held while the first worker
    may still run, and takes it over once that worker's job has timed out.
    """

    def __init__(
        self,
        store: IdempotencyStore,
        *,
        metrics: FleetMetrics | None = None,
    ) -> None:
        self.store = store
        self.metrics = metrics

    def intercept_job(self, next: JobInterceptor) -> JobInterceptor:
        return _Idempotent(next, self)
