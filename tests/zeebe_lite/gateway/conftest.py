"""Fixtures for gateway tests: a fresh time-skipping zeebe_lite per test, reached over real gRPC."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyzeebe.grpc_internals.zeebe_adapter import ZeebeAdapter
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

from zeebe_lite.testing import ZeebeTestEnvironment
from zeebe_lite.testing.pytest_plugin import zeebe_client, zeebe_test_env

__all__ = ["zeebe_client", "zeebe_test_env"]

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "gateway"


@pytest.fixture
def fixtures() -> Path:
    """The folder of the gateway's BPMN and DMN fixtures."""
    return FIXTURES


@pytest.fixture
def stub(zeebe_test_env: ZeebeTestEnvironment) -> GatewayStub:
    """The raw gateway stub (for RPCs and status details pyzeebe does not expose)."""
    return GatewayStub(zeebe_test_env.channel)


@pytest.fixture
def adapter(zeebe_test_env: ZeebeTestEnvironment) -> ZeebeAdapter:
    """pyzeebe's low-level adapter (what its workers use)."""
    return ZeebeAdapter(zeebe_test_env.channel)
