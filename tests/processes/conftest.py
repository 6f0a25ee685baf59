"""Fixtures of the process tests: the dev stack (emulators, zeebe_lite, real workers) on a manual clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio
from process_harness import Flows
from pyzeebe import create_insecure_channel

from workers.dev import run_dev_stack
from zeebe_lite.clock import ManualClock
from zeebe_lite.testing import ZeebeTestEnvironment

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest_asyncio.fixture
async def flows(tmp_path: Path) -> AsyncIterator[Flows]:
    """The whole product in this test's loop: every model deployed, every integration running."""
    clock = ManualClock(START)
    async with run_dev_stack(data_dir=tmp_path / "stack", clock=clock) as stack:
        channel = create_insecure_channel(grpc_address=stack.engine_address)
        env = ZeebeTestEnvironment(stack.server, clock, channel)
        try:
            yield Flows(stack, env)
        finally:
            await channel.close()
