"""Keep a worker running: rebuild channel and worker after a crash or UNAUTHENTICATED, with back-off."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import timedelta

import grpc
import structlog

from workers.runtime._backoff import ExponentialBackoff
from workers.runtime._worker import FleetWorker

__all__ = ["WorkerSupervisor"]

_log = structlog.get_logger("workers.supervisor")
_HEALTHY_RUN = timedelta(minutes=1)


def _root_causes(error: BaseException) -> list[BaseException]:
    if isinstance(error, BaseExceptionGroup):
        return [cause for inner in error.exceptions for cause in _root_causes(inner)]
    return [error]


class WorkerSupervisor:
    """Runs :class:`FleetWorker` generations until :meth:`stop`.

    A generation that fails (an unknown gRPC status, UNAUTHENTICATED, a bug in intake) is drained and its
    channel closed; after an exponential back-off a new channel (so a new OAuth token) and worker are built.
    There is no retry limit: a worker that cannot connect keeps trying and reports not-ready.
    """

    def __init__(
        self,
        *,
        create_channel: Callable[[], grpc.aio.Channel],
        build_worker: Callable[[grpc.aio.Channel], FleetWorker],
        backoff: ExponentialBackoff,
        shutdown_grace: timedelta,
    ) -> None:
        self._create_channel = create_channel
        self._build_worker = build_worker
        self._backoff = backoff
        self._grace = shutdown_grace
        self._stopping = asyncio.Event()
        self.current: FleetWorker | None = None
        self.restarts = 0

    @property
    def stopping(self) -> bool:
        """Whether :meth:`stop` was called."""
        return self._stopping.is_set()

    async def run(self) -> None:
        """Run worker generations until stopped."""
        failures = 0
        while not self.stopping:
            channel = self._create_channel()
            worker = self._build_worker(channel)
            self.current = worker
            started = time.monotonic()
            try:
                await worker.work()
            except Exception as error:
                worker.stop_intake()
                causes = _root_causes(error)
                _log.error(
                    "worker.crashed",
                    errors=[f"{type(cause).__name__}: {cause}" for cause in causes],
                    jobs_in_flight=worker.jobs_in_flight,
                )
                await worker.drain(self._grace)
                await worker.cancel_running_jobs()
            finally:
                await channel.close()
            if self.stopping:
                break
            if time.monotonic() - started > _HEALTHY_RUN.total_seconds():
                failures = 0
            delay = self._backoff.delay(failures)
            failures += 1
            self.restarts += 1
            _log.warning("worker.restarting", in_s=delay.total_seconds(), restarts=self.restarts)
            try:
                async with asyncio.timeout(delay.total_seconds()):
                    await self._stopping.wait()
            except TimeoutError:
                pass
        _log.info("worker.stopped")

    async def stop(self) -> None:
        """Stop intake, drain the current worker within the grace period, and end :meth:`run`."""
        self._stopping.set()
        if self.current is not None:
            await self.current.stop(self._grace)
