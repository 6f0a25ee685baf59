"""Helpers for the fleet's end-to-end tests against zeebe_lite over gRPC (in-process and subprocess servers)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import grpc
import httpx
import psycopg
import pytest
from psycopg import sql
from pydantic import SecretStr

from workers.runtime import FleetSettings, WorkerApp
from zeebe_lite.gateway.runtime import engine_file
from zeebe_lite.log.readonly import ReadOnlyLog
from zeebe_lite.records import Record, RecordStream
from zeebe_lite.testing import ProcessInstanceAssert, free_port

HERE = Path(__file__).resolve().parent
MODEL = HERE / "models" / "fleet-e2e.bpmn"
REPOSITORY = HERE.parents[2]
PYTHON = sys.executable
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
PROCESS_ID = "fleet-e2e"


def fleet_settings(address: str, tmp_path: Path, **overrides: Any) -> FleetSettings:
    """Settings for an in-process fleet against ``address`` (fast back-offs, health on a free port)."""
    values: dict[str, Any] = {
        "zeebe_address": address,
        "health_host": "127.0.0.1",
        "health_port": 0,
        "database_url": SecretStr(f"sqlite:///{tmp_path / 'fleet.sqlite3'}"),
        "request_timeout": timedelta(seconds=1),
        "reconnect_backoff_initial": timedelta(milliseconds=20),
        "reconnect_backoff_max": timedelta(milliseconds=200),
        "shutdown_grace": timedelta(seconds=5),
        "worker_name": "e2e-worker",
    }
    values.update(overrides)
    return FleetSettings.model_validate(values)


@contextlib.asynccontextmanager
async def running(app: WorkerApp) -> AsyncIterator[WorkerApp]:
    """Run ``app`` for the block; shut it down gracefully after and check it exits 0."""
    task = asyncio.create_task(app.run())
    try:
        await asyncio.wait_for(app.started(), 10)
        yield app
    finally:
        await app.shutdown()
        assert await asyncio.wait_for(task, 15) == 0


async def eventually(condition: Callable[[], bool], *, within: float = 15, what: str = "condition") -> None:
    """Poll ``condition`` until it holds; fail after ``within`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"{what} did not hold within {within} s")
        await asyncio.sleep(0.02)


async def eventually_async(
    condition: Callable[[], Awaitable[bool]], *, within: float = 15, what: str = "condition"
) -> None:
    """Like :func:`eventually` for an async condition."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not await condition():
        if loop.time() > deadline:
            raise AssertionError(f"{what} did not hold within {within} s")
        await asyncio.sleep(0.05)


async def readiness(port: int) -> tuple[int, dict[str, Any]]:
    """GET /readyz of a fleet's health server."""
    async with httpx.AsyncClient() as client:
        response = await client.get(f"http://127.0.0.1:{port}/readyz", timeout=10)
    return response.status_code, response.json()


# ---------------------------------------------------------------------------------------------- gRPC spying


class RpcCounts:
    """Counts gateway calls by method name, jobs received by method, and can drop calls on purpose."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.jobs: Counter[str] = Counter()
        self.drop: Counter[str] = Counter()
        """Method name -> how many more calls to fail with UNAVAILABLE before sending them."""


def _method(details: grpc.aio.ClientCallDetails) -> str:
    name = details.method
    text = name.decode() if isinstance(name, bytes) else str(name)
    return text.rsplit("/", 1)[-1]


class _Dropped(grpc.aio.AioRpcError):
    def __init__(self, method: str) -> None:
        super().__init__(
            grpc.StatusCode.UNAVAILABLE,
            grpc.aio.Metadata(),
            grpc.aio.Metadata(),
            details=f"{method} dropped by the test",
        )


class _UnarySpy(grpc.aio.UnaryUnaryClientInterceptor):  # type: ignore[misc]
    def __init__(self, counts: RpcCounts) -> None:
        self.counts = counts

    async def intercept_unary_unary(self, continuation: Any, details: Any, request: Any) -> Any:
        method = _method(details)
        self.counts.calls[method] += 1
        if self.counts.drop[method] > 0:
            self.counts.drop[method] -= 1
            raise _Dropped(method)
        return await continuation(details, request)


class _StreamSpy(grpc.aio.UnaryStreamClientInterceptor):  # type: ignore[misc]
    def __init__(self, counts: RpcCounts) -> None:
        self.counts = counts

    async def intercept_unary_stream(self, continuation: Any, details: Any, request: Any) -> Any:
        method = _method(details)
        self.counts.calls[method] += 1
        call = await continuation(details, request)
        counts = self.counts

        async def responses() -> AsyncIterator[Any]:
            async for response in call:
                counts.jobs[method] += len(response.jobs) if method == "ActivateJobs" else 1
                yield response

        return responses()


def spying_channel_factory(counts: RpcCounts) -> Callable[[FleetSettings], grpc.aio.Channel]:
    """A channel factory for :class:`WorkerApp` whose channels report to ``counts``."""

    def create(settings: FleetSettings) -> grpc.aio.Channel:
        return grpc.aio.insecure_channel(
            settings.zeebe_address, interceptors=[_UnarySpy(counts), _StreamSpy(counts)]
        )

    return create


# ---------------------------------------------------------------------------------------------- PostgreSQL


def postgres_problem() -> str | None:
    """Why the local PostgreSQL cannot be used, or None."""
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return None
    except psycopg.Error as error:
        return f"PostgreSQL at {POSTGRES_URL} unreachable: {error}"


@contextlib.contextmanager
def postgres_schema() -> Iterator[str]:
    """A fresh schema name on the local server; dropped (with everything in it) afterwards."""
    problem = postgres_problem()
    if problem:
        pytest.skip(problem)
    schema = f"fleet_e2e_{uuid.uuid4().hex[:12]}"
    try:
        yield schema
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


# ---------------------------------------------------------------------------------------------- subprocesses


def subprocess_environment(**extra: str) -> dict[str, str]:
    """The environment for child processes: this venv, the e2e folder importable, no inherited fleet config."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("FLEET_", "ZEEBE_", "CAMUNDA_"))
    }
    paths = [str(HERE), str(REPOSITORY)]
    if environment.get("PYTHONPATH"):
        paths.append(environment["PYTHONPATH"])
    environment["PYTHONPATH"] = os.pathsep.join(paths)
    environment["PYTHONUNBUFFERED"] = "1"
    environment.update(extra)
    return environment


class ZeebeLiteProcess:
    """``python -m zeebe_lite serve --data DIR --port N`` as a child process; restartable on the same data."""

    def __init__(self, data_dir: Path, port: int | None = None) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._log = data_dir.parent / f"zeebe-lite-{self.port}.log"

    @property
    def address(self) -> str:
        """``127.0.0.1:port``."""
        return f"127.0.0.1:{self.port}"

    def launch(self) -> None:
        """Start the child process (see :meth:`start`)."""
        with self._log.open("ab") as log:
            self.process = subprocess.Popen(
                [PYTHON, "-m", "zeebe_lite", "serve", "--data", str(self.data_dir), "--port", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=subprocess_environment(),
                cwd=REPOSITORY,
            )

    async def start(self) -> None:
        """Start and wait until the gateway answers Topology."""
        self.launch()
        await eventually_async(self._answers, within=30, what="zeebe_lite serve answering")

    async def _answers(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(f"zeebe_lite exited with {self.process.returncode}: {self.output()}")
        from pyzeebe.proto.gateway_pb2 import TopologyRequest
        from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

        async with grpc.aio.insecure_channel(self.address) as channel:
            try:
                await GatewayStub(channel).Topology(TopologyRequest(), timeout=1)
            except grpc.aio.AioRpcError:
                return False
        return True

    def output(self) -> str:
        """What the server printed so far."""
        return self._log.read_text(errors="replace") if self._log.exists() else ""

    async def stop(self) -> None:
        """SIGTERM and wait (SIGKILL after 15 s)."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.to_thread(process.wait, 15)
        except subprocess.TimeoutExpired:
            process.kill()
            await asyncio.to_thread(process.wait)

    def records(self) -> RecordStream:
        """Every record committed to the data directory so far (read through a read-only connection)."""
        reader = ReadOnlyLog(engine_file(self.data_dir))
        try:
            found: list[Record[Any]] = list(reader.read(1))
        finally:
            reader.close()
        return RecordStream(found)

    def assert_that(self, process_instance_key: int, *, timeout: float = 30) -> ProcessInstanceAssert:
        """The zeebe_lite assertions over this server's durable log."""
        return ProcessInstanceAssert(self.records, process_instance_key, timedelta(seconds=timeout))


class FleetProcess:
    """``fleet run`` as a child process, its output captured in a file."""

    def __init__(self, log: Path, environment: dict[str, str], *arguments: str) -> None:
        self.log = log
        with log.open("ab") as output:
            self.process = subprocess.Popen(
                [PYTHON, "-m", "workers", "run", *arguments],
                stdout=output,
                stderr=subprocess.STDOUT,
                env=environment,
                cwd=REPOSITORY,
            )

    def output(self) -> str:
        """Everything the process printed so far."""
        return self.log.read_text(errors="replace")

    async def started(self, within: float) -> None:
        """Wait (at most ``within`` seconds) until the runtime logged ``fleet.started``: its SIGTERM handler is set."""
        deadline = time.monotonic() + within
        while "fleet.started" not in self.output():
            assert self.process.poll() is None, self.output()
            assert time.monotonic() < deadline, f"not started after {within} s:\n{self.output()}"
            await asyncio.sleep(0.05)

    async def exit_code(self, within: float) -> int:
        """Wait (at most ``within`` seconds) for the exit code."""
        return await asyncio.to_thread(self.process.wait, within)

    def terminate(self) -> None:
        """SIGTERM (graceful shutdown)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL, and reap."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


# ---------------------------------------------------------------------------------------------- HTTP doubles


class HttpRequest:
    """One request a :class:`LocalHttpServer` received."""

    def __init__(self, method: str, path: str, headers: dict[str, str], body: bytes) -> None:
        self.method, self.path, self.headers, self.body = method, path, headers, body


Responder = Callable[[HttpRequest], tuple[int, dict[str, Any]]]


class LocalHttpServer:
    """A minimal HTTP/1.1 JSON server on 127.0.0.1 for the external services of the e2e tests."""

    def __init__(self, respond: Responder) -> None:
        self._respond = respond
        self._server: asyncio.Server | None = None
        self.requests: list[HttpRequest] = []

    @property
    def url(self) -> str:
        """``http://127.0.0.1:port``."""
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"

    async def __aenter__(self) -> LocalHttpServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return
                method, path, _ = line.decode("latin-1").split(" ", 2)
                headers: dict[str, str] = {}
                while (header := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = header.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                request = HttpRequest(method, path, headers, body)
                self.requests.append(request)
                status, document = self._respond(request)
                payload = json.dumps(document).encode()
                writer.write(
                    f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(payload)}\r\n\r\n".encode()
                    + payload
                )
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            writer.close()


class EffectLedger:
    """The external service of the crash tests: applies each effect once per ``Idempotency-Key``.

    Like Stripe's idempotent requests, a repeated key gets the first answer again and changes nothing;
    ``attempts`` counts every call per key, ``applied`` the effects that really happened, ``answers`` what the
    first call was told. ``on_effect(caller_pid)`` runs after each call is answered.
    """

    def __init__(self) -> None:
        self.attempts: Counter[str] = Counter()
        self.applied: Counter[str] = Counter()
        self.answers: dict[str, str] = {}
        self.on_effect: Callable[[int], None] | None = None

    def __call__(self, request: HttpRequest) -> tuple[int, dict[str, Any]]:
        key = request.headers.get("idempotency-key", "")
        if not key:
            return 400, {"message": "Idempotency-Key header required"}
        self.attempts[key] += 1
        if key not in self.answers:
            self.applied[key] += 1
            self.answers[key] = f"effect-{len(self.answers) + 1}"
        if self.on_effect is not None:
            self.on_effect(int(request.headers.get("x-worker-pid", "0")))
        return 200, {"effectId": self.answers[key]}
