"""Fixtures for REST API tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from rest_env import RestEnv, running_rest_env


@pytest.fixture
async def rest() -> AsyncIterator[RestEnv]:
    """A fresh engine and REST server per test."""
    async with running_rest_env() as env:
        yield env
