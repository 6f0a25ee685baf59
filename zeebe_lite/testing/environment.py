"""An in-process zeebe_lite for tests: a real gRPC gateway on a free port, with control over time.

Modelled on Temporal's time-skipping test server and Zeebe Process Test: the engine runs on a
:class:`~zeebe_lite.clock.ManualClock` (time stands still until :meth:`ZeebeTestEnvironment.advance_time`),
clients and workers connect through :attr:`ZeebeTestEnvironment.channel` exactly as to Zeebe, and the
record stream can be queried and asserted on. ::

    async with await ZeebeTestEnvironment.start() as env:
        await env.deploy("order.bpmn")
        created = await env.client.run_process("order", {"id": 1})
        await env.advance_time(timedelta(days=1))
        await env.assert_that(created.process_instance_key).is_completed()
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import socket
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from pyzeebe import ZeebeClient, create_insecure_channel

from zeebe_lite.clock import Clock, ManualClock, SystemClock
from zeebe_lite.gateway.runtime import ZeebeLiteServer, engine_file
from zeebe_lite.gateway.settings import GatewaySettings
from zeebe_lite.log.readonly import ReadOnlyLog
from zeebe_lite.records import DeploymentRecord, Record, RecordStream
from zeebe_lite.testing.assertions import ProcessInstanceAssert
from zeebe_lite.testing.job_mocks import MockJobWorker

__all__ = ["EngineNotIdleError", "ZeebeTestEnvironment", "free_port"]

_POLL = 0.01


class EngineNotIdleError(AssertionError):
    """The engine kept working longer than :meth:`ZeebeTestEnvironment.wait_until_idle` allowed."""


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


class ZeebeTestEnvironment:
    """A running engine + gateway on 127.0.0.1 with a pyzeebe channel and client; create with :meth:`start`."""

    def __init__(
        self, server: ZeebeLiteServer, clock: Clock, channel: Any, reader: ReadOnlyLog | None = None
    ) -> None:
        """Wrap a started server; use :meth:`start` instead.

        ``reader`` reads a durable log through its own connection (the engine's is busy writing); without it
        the records are read from the (in-memory) engine log.
        """
        self._server = server
        self._clock = clock
        self._channel = channel
        self._client = ZeebeClient(channel)
        self._reader = reader
        self._records: list[Record[Any]] = []
        self._mocks: list[MockJobWorker] = []

    @classmethod
    async def start(
        cls,
        *,
        time_skipping: bool = True,
        start_time: dt.datetime | None = None,
        data_dir: Path | None = None,
        settings: GatewaySettings | None = None,
    ) -> ZeebeTestEnvironment:
        """Start an engine (in memory unless ``data_dir``) and its gateway on a free port.

        With ``time_skipping`` (the default) the engine runs on a ManualClock starting at ``start_time``, so
        timers, job timeouts and back-offs fire only when :meth:`advance_time` moves the clock.
        """
        clock: Clock = ManualClock(start_time) if time_skipping else SystemClock()
        base = settings or GatewaySettings(long_poll_timeout=dt.timedelta(seconds=2))
        chosen = dataclasses.replace(base, host="127.0.0.1", port=0, shutdown_grace=dt.timedelta(seconds=0.5))
        server = await ZeebeLiteServer.start(data_dir, chosen, clock=clock)
        reader = None if data_dir is None else ReadOnlyLog(engine_file(data_dir))
        channel = create_insecure_channel(grpc_address=server.address)
        return cls(server, clock, channel, reader)

    # ------------------------------------------------------------------------------------------ access

    @property
    def address(self) -> str:
        """The gateway's ``host:port``."""
        return self._server.address

    @property
    def channel(self) -> Any:
        """A ``grpc.aio`` channel to the gateway (pass it to ``ZeebeWorker``)."""
        return self._channel

    @property
    def client(self) -> ZeebeClient:
        """A pyzeebe client on :attr:`channel`."""
        return self._client

    @property
    def server(self) -> ZeebeLiteServer:
        """The engine and gateway."""
        return self._server

    @property
    def clock(self) -> Clock:
        """The engine's clock."""
        return self._clock

    def now(self) -> dt.datetime:
        """The engine's current time."""
        return dt.datetime.fromtimestamp(self._clock.millis() / 1000, tz=dt.UTC)

    # ------------------------------------------------------------------------------------------ control

    async def deploy(self, *paths: str | Path) -> DeploymentRecord:
        """Deploy BPMN/DMN files (or directories of them) in one deployment."""
        deployment = await self._server.deploy([Path(path) for path in paths])
        if deployment is None:
            raise ValueError("nothing to deploy")
        return deployment

    async def advance_time(
        self, duration: dt.timedelta, *, idle_timeout: dt.timedelta = dt.timedelta(seconds=10)
    ) -> None:
        """Move the engine clock forward, then wait until everything that became due has been processed."""
        if not isinstance(self._clock, ManualClock):
            raise RuntimeError("advance_time needs a time-skipping environment (time_skipping=True)")
        self._clock.advance(duration)
        await self.wait_until_idle(within=idle_timeout)

    async def wait_until_idle(
        self,
        *,
        quiet: dt.timedelta = dt.timedelta(milliseconds=50),
        within: dt.timedelta = dt.timedelta(seconds=10),
    ) -> None:
        """Wait until the engine makes no progress: no command in flight, nothing due, no new record for ``quiet``.

        Work done by job workers is invisible to the engine until they answer; use the polling assertions of
        :meth:`assert_that` to wait for a worker's effect.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within.total_seconds()
        quiet_since = loop.time()
        seen = self._refresh()
        while True:
            now = loop.time()
            position = self._refresh()
            if position != seen or self._busy():
                seen = position
                quiet_since = now
            elif now - quiet_since >= quiet.total_seconds():
                return
            if now > deadline:
                raise EngineNotIdleError(f"the engine did not become idle within {within}")
            await asyncio.sleep(_POLL)

    def _busy(self) -> bool:
        engine = self._server.engine.engine
        due = engine.next_due_time()
        return self._server.gateway.servicer.admission.in_flight > 0 or (
            due is not None and due <= self._clock.millis()
        )

    def _refresh(self) -> int:
        """Read newly committed records; the last position seen."""
        start = self._records[-1].position + 1 if self._records else 1
        if self._reader is not None:
            self._records.extend(self._reader.read(start))
        else:
            self._records.extend(self._server.engine.engine.records(start))
        return self._records[-1].position if self._records else 0

    def mock_job_worker(self, job_type: str) -> MockJobWorker:
        """A mock that answers every job of ``job_type`` (``.then_complete(...)``, ``.then_throw_error(...)`` ...)."""
        mock = MockJobWorker(self._server.engine, job_type)
        self._mocks.append(mock)
        return mock

    async def complete_user_task(
        self,
        process_instance_key: int,
        element_id: str,
        variables: Mapping[str, Any] | None = None,
        *,
        within: dt.timedelta = dt.timedelta(seconds=10),
    ) -> int:
        """Complete the instance's open Camunda user task at ``element_id`` (waiting for it); its key.

        Zeebe's gRPC API has no user task RPCs (Tasklist and the REST API complete them); tests use this.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within.total_seconds()
        engine = self._server.engine
        while True:
            for key, task in engine.state.user_tasks.open_tasks():
                if task.process_instance_key == process_instance_key and task.element_id == element_id:
                    await engine.complete_user_task(key, variables)
                    return key
            if loop.time() > deadline:
                raise AssertionError(
                    f"process instance {process_instance_key} has no open user task at '{element_id}'"
                )
            await asyncio.sleep(_POLL)

    # ------------------------------------------------------------------------------------------ queries

    def records(self) -> RecordStream:
        """Every committed record so far."""
        self._refresh()
        return RecordStream(self._records)

    def assert_that(
        self, process_instance_key: int, *, timeout: dt.timedelta = dt.timedelta(seconds=10)
    ) -> ProcessInstanceAssert:
        """Assertions on a process instance, each waiting up to ``timeout`` to become true."""
        return ProcessInstanceAssert(self.records, process_instance_key, timeout)

    # ------------------------------------------------------------------------------------------ lifecycle

    async def stop(self) -> None:
        """Close the channel, stop the gateway and close the engine."""
        for mock in self._mocks:
            await mock.stop()
        await self._channel.close()
        if self._reader is not None:
            self._reader.close()
        await self._server.stop()

    async def __aenter__(self) -> ZeebeTestEnvironment:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()
