"""Fixtures of the fleet's end-to-end tests: an in-process zeebe_lite with the test model deployed."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio
from fleet_e2e_support import MODEL

from zeebe_lite.testing import ZeebeTestEnvironment


@pytest_asyncio.fixture
async def engine() -> AsyncIterator[ZeebeTestEnvironment]:
    """A time-skipping zeebe_lite serving the gateway API on a free port, the e2e model deployed."""
    environment = await ZeebeTestEnvironment.start()
    await environment.deploy(MODEL)
    try:
        yield environment
    finally:
        await environment.stop()
