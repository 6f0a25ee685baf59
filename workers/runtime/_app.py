"""WorkerApp: wires settings, store, metrics, chain, supervisor, health server and signals for ``fleet run``."""

from __future__ import annotations

import asyncio
import functools
import signal
from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import timedelta
from typing import Protocol

import grpc
import structlog

from workers.runtime._backoff import ExponentialBackoff
from workers.runtime._channel import create_channel
from workers.runtime._context import EngineClock
from workers.runtime._health import HealthServer
from workers.runtime._intake import IntakeConfig
from workers.runtime._metrics import FleetMetrics
from workers.runtime._registration import TaskLimits, register_task
from workers.runtime._registry import Integration
from workers.runtime._settings import FleetSettings
from workers.runtime._supervisor import WorkerSupervisor
from workers.runtime._worker import FleetWorker
from workers.runtime.idempotency import IdempotencyStore, open_idempotency_store
from workers.runtime.interceptors import Interceptor, build_chain, default_interceptors

__all__ = ["InterceptorsFactory", "StartupError", "WorkerApp"]

_log = structlog.get_logger("workers.app")


class StartupError(Exception):
    """A dependency needed before the first job (the idempotency store) is not available."""


class InterceptorsFactory(Protocol):
    """Builds the interceptor chain (outermost first) from the app's metrics and idempotency store."""

    def __call__(self, *, metrics: FleetMetrics, store: IdempotencyStore) -> Sequence[Interceptor]:
        """Return the interceptors."""
        ...


_PURGE_EVERY = timedelta(hours=1)


class WorkerApp:
    """The fleet process: runs the tasks of ``integrations`` against the gateway named by ``settings``.

    :meth:`run` returns 0 after a graceful shutdown (SIGTERM or SIGINT, or :meth:`shutdown`). ``interceptors``
    replaces the standard chain, :func:`default_interceptors` with the settings' ``log_job_completions`` (e.g. to
    add tracing around it); ``engine_clock`` is for
    engines with time control, whose job deadlines are not on the wall clock.
    """

    def __init__(
        self,
        settings: FleetSettings,
        integrations: Sequence[Integration],
        *,
        channel_factory: Callable[[FleetSettings], grpc.aio.Channel] = create_channel,
        store: IdempotencyStore | None = None,
        metrics: FleetMetrics | None = None,
        interceptors: InterceptorsFactory | None = None,
        engine_clock: EngineClock | None = None,
    ) -> None:
        if not any(integration.task_types for integration in integrations):
            raise ValueError("no task handlers to run: the selected integrations register no task")
        self.settings = settings
        self.integrations = tuple(integrations)
        self.metrics = metrics or FleetMetrics()
        self._channel_factory = channel_factory
        self._store = store
        self._interceptors: InterceptorsFactory = interceptors or functools.partial(
            default_interceptors, log_job_completions=settings.log_job_completions
        )
        self._engine_clock = engine_clock
        self.supervisor: WorkerSupervisor | None = None
        self.health: HealthServer | None = None
        self._started = asyncio.Event()

    async def started(self) -> None:
        """Wait until the health server listens."""
        await self._started.wait()

    def _build_worker(self, channel: grpc.aio.Channel, store: IdempotencyStore) -> FleetWorker:
        settings = self.settings
        worker = FleetWorker(
            channel,
            intake=IntakeConfig(
                worker_name=settings.worker_name,
                request_timeout=settings.request_timeout,
                stream_enabled=settings.stream_enabled,
                stream_timeout=settings.stream_timeout,
                tenant_ids=settings.tenant_ids,
                backoff=ExponentialBackoff(
                    initial=settings.reconnect_backoff_initial, maximum=settings.reconnect_backoff_max
                ),
            ),
            metrics=self.metrics,
        )
        chain = build_chain(self._interceptors(metrics=self.metrics, store=store))
        retry_backoff = ExponentialBackoff(
            initial=settings.retry_backoff_initial, maximum=settings.retry_backoff_max
        )
        limits = TaskLimits(
            max_running_jobs=settings.max_running_jobs, max_jobs_to_activate=settings.max_jobs_to_activate
        )
        for integration in self.integrations:
            for task in integration.router.tasks:
                register_task(
                    worker,
                    task,
                    chain=chain,
                    commands=worker.zeebe_adapter,
                    backoff=retry_backoff,
                    limits=limits,
                    engine_clock=self._engine_clock,
                )
        return worker

    async def _gateway_ready(self) -> None:
        worker = self.supervisor.current if self.supervisor else None
        if worker is None or (self.supervisor is not None and self.supervisor.stopping):
            raise RuntimeError("no worker running")
        await worker.zeebe_adapter.topology()

    async def _purge_periodically(self, store: IdempotencyStore) -> None:
        while True:
            try:
                purged = await store.purge(older_than=self.settings.idempotency_retention)
                _log.info("idempotency.purged", keys=purged)
            except Exception:
                _log.exception("idempotency.purge_failed")
            await asyncio.sleep(_PURGE_EVERY.total_seconds())

    async def shutdown(self) -> None:
        """Stop activating jobs, drain in-flight jobs within the grace period, then let :meth:`run` return."""
        if self.supervisor is not None:
            _log.info("fleet.shutting_down", grace_s=self.settings.shutdown_grace.total_seconds())
            await self.supervisor.stop()

    async def _open_store(self) -> IdempotencyStore:
        try:
            return await open_idempotency_store(
                self.settings.database_url.get_secret_value(),
                table=self.settings.idempotency_table,
                schema=self.settings.idempotency_schema,
            )
        except Exception as error:
            # The URL may hold a password: name the error, not the URL.
            raise StartupError(f"cannot open the idempotency store (FLEET_DATABASE_URL): {error}") from None

    async def run(self) -> int:
        """Serve until shut down; return the process exit code.

        Raises:
            StartupError: the idempotency store cannot be opened.
        """
        settings = self.settings
        store = self._store or await self._open_store()
        self.supervisor = supervisor = WorkerSupervisor(
            create_channel=lambda: self._channel_factory(settings),
            build_worker=lambda channel: self._build_worker(channel, store),
            backoff=ExponentialBackoff(
                initial=settings.reconnect_backoff_initial, maximum=settings.reconnect_backoff_max
            ),
            shutdown_grace=settings.shutdown_grace,
        )
        supervising = asyncio.create_task(supervisor.run())
        self.health = HealthServer(
            host=settings.health_host,
            port=settings.health_port,
            registry=self.metrics.registry,
            alive=lambda: not supervising.done(),
            readiness_checks={"gateway": self._gateway_ready, "idempotency_store": store.ping},
        )
        purging = asyncio.create_task(self._purge_periodically(store))
        loop = asyncio.get_running_loop()
        shutdowns: set[asyncio.Task[None]] = set()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, lambda: shutdowns.add(asyncio.create_task(self.shutdown())))
        try:
            await self.health.start()
            self._started.set()
            _log.info(
                "fleet.started",
                task_types=[t for integration in self.integrations for t in integration.task_types],
                channel=settings.channel_mode,
                gateway=settings.zeebe_address,
            )
            await supervising
        finally:
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(signum)
            purging.cancel()
            with suppress(asyncio.CancelledError):
                await purging
            if not supervising.done():
                await supervisor.stop()
                await supervising
            await self.health.close()
            if self._store is None:
                await store.close()
        _log.info("fleet.stopped")
        return 0
