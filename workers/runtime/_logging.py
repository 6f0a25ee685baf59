"""Configure structlog (JSON by default) and route the stdlib loggers (pyzeebe, grpc) through it."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import MutableMapping
from typing import Any, Literal, TextIO

import orjson
import structlog

from workers.runtime._context import current_job_context

__all__ = ["add_job_fields", "configure_logging"]


def add_job_fields(_logger: Any, _method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor: the identity of the job being handled, on every event logged inside its handler.

    Reads the job context the runtime sets for each job (no per-job binding: one context variable, read only
    when a line is actually logged). Fields the event sets itself win. Add it to your own processors if you
    configure structlog yourself instead of calling :func:`configure_logging`.
    """
    context = current_job_context()
    if context is not None:
        job = context.job
        event.setdefault("job_key", job.key)
        event.setdefault("task_type", job.type)
        event.setdefault("process_instance_key", job.process_instance_key)
        event.setdefault("bpmn_process_id", job.bpmn_process_id)
        event.setdefault("element_id", job.element_id)
        event.setdefault("element_instance_key", job.element_instance_key)
        event.setdefault("retries", job.retries)
    return event


def _dumps(value: Any, **options: Any) -> str:
    # orjson: about a tenth of the stdlib's cost, which counts at one line per job. What it refuses (integers
    # beyond 64 bits ...) goes through the stdlib encoder.
    try:
        return orjson.dumps(value, default=options.get("default"), option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:
        return json.dumps(value, **options)


class _NamedWriteLogger(structlog.WriteLogger):
    """structlog's plain writer (no stdlib ``LogRecord`` per event) that still knows its logger name."""

    def __init__(self, file: TextIO, name: str) -> None:
        super().__init__(file)
        self.name = name


class _NamedWriteLoggerFactory:
    def __init__(self, file: TextIO) -> None:
        self._file = file
        self._loggers: dict[str, _NamedWriteLogger] = {}

    def __call__(self, *args: Any) -> _NamedWriteLogger:
        name = str(args[0]) if args else ""
        logger = self._loggers.get(name)
        if logger is None:
            logger = self._loggers[name] = _NamedWriteLogger(self._file, name)
        return logger


def configure_logging(
    level: str = "INFO", log_format: Literal["json", "console"] = "json", *, stream: TextIO | None = None
) -> None:
    """Call once at start (``fleet run`` does): one JSON object per line on ``stream`` (default stdout).

    The fleet's own events are rendered by structlog directly (events below ``level`` cost almost nothing,
    which matters at one event per job); stdlib records (pyzeebe, grpc, httpx) get the same shape.
    """
    output = stream if stream is not None else sys.stdout
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        add_job_fields,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer(serializer=_dumps)
        if log_format == "json"
        else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[*shared, structlog.processors.format_exc_info, renderer],
        logger_factory=_NamedWriteLoggerFactory(output),
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelNamesMapping()[level]),
        cache_logger_on_first_use=False,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
    handler = logging.StreamHandler(output)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
