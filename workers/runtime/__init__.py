"""The fleet runtime: interceptor chain, error mapping, idempotency, connection handling, health, settings."""

from workers.runtime._app import StartupError, WorkerApp
from workers.runtime._backoff import ExponentialBackoff
from workers.runtime._channel import create_channel
from workers.runtime._classify import classify
from workers.runtime._context import (
    EngineClock,
    JobContext,
    current_job_context,
    job_deadline,
    local_deadline,
)
from workers.runtime._errors import BpmnError, JobOutcomeError, PermanentError, TransientError
from workers.runtime._handler import inspect_handler, wrap_handler
from workers.runtime._health import HealthServer, ReadinessCheck
from workers.runtime._http import HttpRetryPolicy, request_with_retries
from workers.runtime._intake import GatewayAuthenticationError, IntakeConfig
from workers.runtime._logging import add_job_fields, configure_logging
from workers.runtime._metrics import FleetMetrics
from workers.runtime._options import TaskOptions, options_of, task_options
from workers.runtime._outcome import OutcomeHandler
from workers.runtime._registration import TaskLimits, register_task
from workers.runtime._registry import DuplicateHandlerError, Integration, Registry, UnknownGroupError
from workers.runtime._settings import ChannelMode, FleetSettings, SettingsError, load_settings
from workers.runtime._supervisor import WorkerSupervisor
from workers.runtime._task_types import TaskTypeReport, TaskTypeUse, check_task_types, task_types_in_bpmn
from workers.runtime._worker import FleetWorker
from workers.runtime.idempotency import (
    IdempotencyStore,
    PostgresIdempotencyStore,
    SqliteIdempotencyStore,
    idempotency_key_for,
    open_idempotency_store,
)
from workers.runtime.interceptors import (
    ExecuteJobInput,
    Interceptor,
    JobInterceptor,
    build_chain,
    default_interceptors,
)

__all__ = [
    "BpmnError",
    "ChannelMode",
    "DuplicateHandlerError",
    "EngineClock",
    "ExecuteJobInput",
    "ExponentialBackoff",
    "FleetMetrics",
    "FleetSettings",
    "FleetWorker",
    "GatewayAuthenticationError",
    "HealthServer",
    "HttpRetryPolicy",
    "IdempotencyStore",
    "IntakeConfig",
    "Integration",
    "Interceptor",
    "JobContext",
    "JobInterceptor",
    "JobOutcomeError",
    "OutcomeHandler",
    "PermanentError",
    "PostgresIdempotencyStore",
    "ReadinessCheck",
    "Registry",
    "SettingsError",
    "SqliteIdempotencyStore",
    "StartupError",
    "TaskLimits",
    "TaskOptions",
    "TaskTypeReport",
    "TaskTypeUse",
    "TransientError",
    "UnknownGroupError",
    "WorkerApp",
    "WorkerSupervisor",
    "add_job_fields",
    "build_chain",
    "check_task_types",
    "classify",
    "configure_logging",
    "create_channel",
    "current_job_context",
    "default_interceptors",
    "idempotency_key_for",
    "inspect_handler",
    "job_deadline",
    "load_settings",
    "local_deadline",
    "open_idempotency_store",
    "options_of",
    "register_task",
    "request_with_retries",
    "task_options",
    "task_types_in_bpmn",
    "wrap_handler",
]
