"""Fixtures of the fleet's end-to-end tests: an in-process zeebe_lite with the test model deployed."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from fleet_e2e_support import MODEL, POSTGRES_URL, postgres_schema
from pydantic import SecretStr

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


@pytest.fixture(params=["sqlite", "postgres"])
def store_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, object]]:
    """Fleet settings naming an idempotency store: a SQLite file, or the local PostgreSQL (own schema)."""
    if request.param == "sqlite":
        yield {"database_url": SecretStr(f"sqlite:///{tmp_path / 'store.sqlite3'}")}
        return
    with postgres_schema() as schema:
        yield {"database_url": SecretStr(POSTGRES_URL), "idempotency_schema": schema}
