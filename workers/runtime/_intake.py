"""Job intake for one task type: long polling and job streaming with backpressure and exponential back-off.

Replaces pyzeebe's ``JobPoller``/``JobStreamer``, whose fixed 5 s retry sleep has no back-off and whose streamer
ignores ``max_running_jobs``.
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass
from datetime import timedelta

import grpc
import structlog
from pyzeebe import Job
from pyzeebe.errors import (
    UnknownGrpcStatusCodeError,
    ZeebeBackPressureError,
    ZeebeDeadlineExceeded,
    ZeebeError,
    ZeebeGatewayUnavailableError,
    ZeebeInternalError,
)
from pyzeebe.grpc_internals.zeebe_job_adapter import ZeebeJobAdapter
from pyzeebe.task.task import Task

from workers.runtime._backoff import ExponentialBackoff
from workers.runtime._metrics import FleetMetrics
from workers.runtime._slots import JobSlots

__all__ = ["GatewayAuthenticationError", "IntakeConfig", "JobPolling", "JobStreaming"]

_log = structlog.get_logger("workers.intake")
_REFILL_SHARE = 0.3
"""Poll again while busy only once this share of a full batch is free."""
_RETRYABLE = (ZeebeBackPressureError, ZeebeGatewayUnavailableError, ZeebeInternalError, ZeebeDeadlineExceeded)


class GatewayAuthenticationError(Exception):
    """The gateway rejected our credentials (UNAUTHENTICATED): the channel must be rebuilt with a new token."""


def _describe(error: Exception) -> str:
    if isinstance(error, ZeebeError):
        return f"{error.grpc_error.code().name}: {error.grpc_error.details()}"
    return f"{type(error).__name__}: {error}"


def _reraise_unknown(error: UnknownGrpcStatusCodeError) -> None:
    if error.grpc_error.code() == grpc.StatusCode.UNAUTHENTICATED:
        raise GatewayAuthenticationError(
            f"gateway answered UNAUTHENTICATED: {error.grpc_error.details()}"
        ) from error


@dataclass(frozen=True)
class IntakeConfig:
    """What both intake kinds need to know."""

    worker_name: str
    request_timeout: timedelta
    stream_enabled: bool
    stream_timeout: timedelta
    tenant_ids: tuple[str, ...]
    backoff: ExponentialBackoff


class _Intake:
    def __init__(
        self,
        *,
        adapter: ZeebeJobAdapter,
        task: Task,
        queue: asyncio.Queue[Job],
        slots: JobSlots,
        config: IntakeConfig,
        metrics: FleetMetrics,
    ) -> None:
        self.adapter = adapter
        self.task = task
        self.queue = queue
        self.slots = slots
        self.config = config
        self.metrics = metrics
        self._activated = metrics.jobs_activated.labels(task.type)
        self._failures = 0

    @property
    def _variables(self) -> list[str]:
        return list(self.task.config.variables_to_fetch or [])

    async def _accept(self, job: Job) -> None:
        self.slots.add(job)
        self._activated.inc()
        await self.queue.put(job)

    async def _back_off(self, error: Exception, what: str) -> None:
        delay = self.config.backoff.delay(self._failures)
        self._failures += 1
        _log.warning(
            f"gateway.{what}_failed",
            task_type=self.task.type,
            error=_describe(error),
            retry_in_s=round(delay.total_seconds(), 3),
            consecutive_failures=self._failures,
        )
        await asyncio.sleep(delay.total_seconds())


class JobPolling(_Intake):
    """ActivateJobs for as many jobs as there are free slots; back-off grows on gateway errors.

    While jobs run, it polls again only once a share of a full batch is free (as the Java client does): one
    poll per finished job would cost a gateway round trip per job under load.

    Alone, it long-polls (``request_timeout``). Beside a stream it only back-fills: a poll without long polling
    every ``request_timeout`` (at once again while it finds jobs), so it never holds free slots the stream needs.
    """

    def _worth_polling(self) -> bool:
        batch = min(self.task.config.max_jobs_to_activate, self.slots.capacity)
        wanted = max(1, math.ceil(batch * _REFILL_SHARE))
        return self.slots.free >= wanted or self.slots.count_active() == 0

    async def run(self) -> None:
        """Poll until cancelled."""
        backfill = self.config.stream_enabled
        request_timeout_ms = -1 if backfill else int(self.config.request_timeout.total_seconds() * 1000)
        while True:
            # Let waiting streams take a freed slot before this poll reserves again.
            await asyncio.sleep(0)
            if not self._worth_polling():
                await self.slots.wait_until(self._worth_polling)
                continue
            granted = self.slots.reserve(self.task.config.max_jobs_to_activate)
            if granted == 0:
                await self.slots.wait_until(lambda: self.slots.free > 0)
                continue
            received = 0
            failure: Exception | None = None
            try:
                jobs = self.adapter.activate_jobs(
                    task_type=self.task.type,
                    worker=self.config.worker_name,
                    timeout=self.task.config.timeout_ms,
                    max_jobs_to_activate=granted,
                    variables_to_fetch=self._variables,
                    request_timeout=request_timeout_ms,
                    tenant_ids=list(self.config.tenant_ids) or None,
                )
                async for job in jobs:
                    received += 1
                    await self._accept(job)
            except _RETRYABLE as error:
                failure = error
            except UnknownGrpcStatusCodeError as error:
                _reraise_unknown(error)
                raise
            finally:
                self.slots.cancel_reservations(max(granted - received, 0))
            if failure is not None:
                await self._back_off(failure, "poll")
                continue
            self._failures = 0
            if backfill and received == 0:
                await asyncio.sleep(self.config.request_timeout.total_seconds())


class JobStreaming(_Intake):
    """StreamActivatedJobs with backpressure: the next job is read only once a slot is free for it.

    While all slots are busy the stream is not read, so gRPC flow control holds further pushes back. An open
    stream holds one reserved slot while it waits for a push; back-fill polling uses the other slots.
    """

    async def run(self) -> None:
        """Stream until cancelled, reopening the stream when it times out or breaks."""
        while True:
            await self.slots.reserve_one()
            reserved = True
            failure: Exception | None = None
            try:
                jobs = self.adapter.stream_activate_jobs(
                    task_type=self.task.type,
                    worker=self.config.worker_name,
                    timeout=self.task.config.timeout_ms,
                    variables_to_fetch=self._variables,
                    stream_request_timeout=int(self.config.stream_timeout.total_seconds()),
                    tenant_ids=list(self.config.tenant_ids) or None,
                )
                async for job in jobs:
                    reserved = False
                    await self._accept(job)
                    self._failures = 0
                    await self.slots.reserve_one()
                    reserved = True
            except ZeebeDeadlineExceeded:
                pass  # the stream's own timeout: reopen to rebalance across gateways
            except _RETRYABLE as error:
                failure = error
            except UnknownGrpcStatusCodeError as error:
                _reraise_unknown(error)
                raise
            else:
                # The gateway closed the stream without an error: reopen, but never in a tight loop.
                failure = ConnectionError("stream closed by the gateway")
            finally:
                if reserved:
                    self.slots.cancel_reservations(1)
            if failure is not None:
                await self._back_off(failure, "stream")
