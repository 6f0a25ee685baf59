"""pytest fixtures for testing processes against zeebe_lite (requires pytest-asyncio).

Enable them in a ``conftest.py`` with ``pytest_plugins = ["zeebe_lite.testing.pytest_plugin"]`` (top-level
conftest) or by importing the fixtures::

    from zeebe_lite.testing.pytest_plugin import zeebe_client, zeebe_test_env

    async def test_order(zeebe_test_env, zeebe_client):
        await zeebe_test_env.deploy("order.bpmn")
        created = await zeebe_client.run_process("order")
        await zeebe_test_env.assert_that(created.process_instance_key).is_active()

Each test gets a fresh in-memory engine on a ManualClock (time moves only with ``advance_time``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from pyzeebe import ZeebeClient

from zeebe_lite.testing.environment import ZeebeTestEnvironment

__all__ = ["zeebe_client", "zeebe_test_env"]


@pytest_asyncio.fixture
async def zeebe_test_env() -> AsyncIterator[ZeebeTestEnvironment]:
    """A fresh, time-skipping zeebe_lite with its gateway on a free 127.0.0.1 port."""
    environment = await ZeebeTestEnvironment.start()
    try:
        yield environment
    finally:
        await environment.stop()


@pytest.fixture
def zeebe_client(zeebe_test_env: ZeebeTestEnvironment) -> ZeebeClient:
    """A pyzeebe client connected to :func:`zeebe_test_env`."""
    return zeebe_test_env.client
