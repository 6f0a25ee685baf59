"""configure_logging: structlog events and stdlib records (pyzeebe, grpc) both come out as JSON lines."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from workers.runtime import configure_logging


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    structlog.reset_defaults()


@pytest.mark.usefixtures("restore_logging")
def test_structlog_and_stdlib_logs_are_json(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "json")
    with structlog.contextvars.bound_contextvars(job_key=42):
        structlog.get_logger("workers.job").info("job.completed", duration_s=0.5)
    logging.getLogger("pyzeebe.worker.job_executor").warning("Error in job executor")
    logging.getLogger("pyzeebe.worker.job_poller").debug("below the level")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["event"] for line in lines] == ["job.completed", "Error in job executor"]
    assert lines[0]["job_key"] == 42 and lines[0]["level"] == "info" and "timestamp" in lines[0]
    assert lines[1]["logger"] == "pyzeebe.worker.job_executor" and lines[1]["level"] == "warning"
