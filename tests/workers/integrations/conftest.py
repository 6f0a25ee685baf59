"""Fixtures for the integration tests: emulators on 127.0.0.1, a virtual sleep, log capture, client cleanup."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import structlog

from sandbox import Sandbox, run_sandbox
from workers.runtime import add_job_fields

StartSandbox = Callable[..., Awaitable[Sandbox]]


class ClockSleep:
    """An ``asyncio.sleep`` stand-in: records each wait and moves the sandbox clock instead of waiting."""

    def __init__(self, sandbox: Sandbox | None = None) -> None:
        self.sandbox = sandbox
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        if self.sandbox is not None:
            self.sandbox.clock.advance(timedelta(seconds=seconds))


@pytest.fixture
async def start_sandbox(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AsyncIterator[StartSandbox]:
    """``await start_sandbox("hubspot")``: run the emulators and point the clients' environment at them."""
    monkeypatch.setenv("FLEET_DOCUMENTS_DIR", str(tmp_path / "documents"))
    async with contextlib.AsyncExitStack() as stack:

        async def start(*apis: str) -> Sandbox:
            sandbox = await stack.enter_async_context(run_sandbox(list(apis)))
            for name, value in sandbox.environment().items():
                monkeypatch.setenv(name, value)
            return sandbox

        yield start


@pytest.fixture
def clock_sleep() -> Callable[[Sandbox | None], ClockSleep]:
    """Make a :class:`ClockSleep` bound to a sandbox."""
    return ClockSleep


class LogSink:
    """Everything logged during a test (structlog events and stdlib records, httpx's included)."""

    def __init__(self, capture: structlog.testing.LogCapture, caplog: pytest.LogCaptureFixture) -> None:
        self._capture = capture
        self._caplog = caplog

    def text(self) -> str:
        """All log lines so far as one text."""
        events = [repr(entry) for entry in self._capture.entries]
        records = [f"{record.getMessage()} {record.args!r}" for record in self._caplog.records]
        return "\n".join(events + records)


@pytest.fixture
def captured_logs(caplog: pytest.LogCaptureFixture) -> Iterator[LogSink]:
    """Capture all logging of the test at DEBUG level."""
    capture = structlog.testing.LogCapture()
    structlog.configure(processors=[structlog.contextvars.merge_contextvars, add_job_fields, capture])
    caplog.set_level(logging.DEBUG)
    try:
        yield LogSink(capture, caplog)
    finally:
        structlog.reset_defaults()


@pytest.fixture(autouse=True)
async def close_integration_clients() -> AsyncIterator[None]:
    """Close the clients the handlers created in this test's event loop."""
    yield
    from workers.integrations.flowable import flowable_clients
    from workers.integrations.google_sheets import sheets_clients
    from workers.integrations.hubspot import hubspot_clients
    from workers.integrations.manychat import manychat_clients
    from workers.integrations.openai import openai_clients
    from workers.integrations.rpa import rpa_clients
    from workers.integrations.stripe import stripe_clients
    from workers.integrations.whatsapp import whatsapp_clients

    holders: list[Any] = [
        flowable_clients,
        sheets_clients,
        hubspot_clients,
        manychat_clients,
        openai_clients,
        rpa_clients,
        stripe_clients,
        whatsapp_clients,
    ]
    for holder in holders:
        client = holder.forget()
        if client is not None:
            await client.aclose()
