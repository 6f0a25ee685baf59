"""Shared fixtures for the fleet runtime tests."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

import pytest
import structlog

from workers.runtime import add_job_fields


@pytest.fixture
def captured_logs() -> Iterator[list[MutableMapping[str, Any]]]:
    """Log events as dicts, with the context variables the logging interceptor binds merged in."""
    capture = structlog.testing.LogCapture()
    structlog.configure(processors=[structlog.contextvars.merge_contextvars, add_job_fields, capture])
    try:
        yield capture.entries
    finally:
        structlog.reset_defaults()
