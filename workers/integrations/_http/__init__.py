"""Plumbing shared by the integration clients: pooled httpx client, retries, error sorting, redaction."""

from workers.integrations._http._auth import BearerAuth
from workers.integrations._http._client import (
    DEFAULT_LIMITS,
    DEFAULT_TIMEOUT,
    ApiClient,
    ApiConfig,
    Replay,
    Tuning,
    json_or_none,
    read_generic_error,
)
from workers.integrations._http._errors import ApiFailure, ApiPermanentError, ApiTransientError, ErrorDetail
from workers.integrations._http._per_loop import PerEventLoop
from workers.integrations._http._rate_limit import parse_duration, parse_retry_after, server_delay
from workers.integrations._http._redact import REDACTED, Redactor
from workers.integrations._http._settings import settings_from_environment

__all__ = [
    "DEFAULT_LIMITS",
    "DEFAULT_TIMEOUT",
    "REDACTED",
    "ApiClient",
    "ApiConfig",
    "ApiFailure",
    "ApiPermanentError",
    "ApiTransientError",
    "BearerAuth",
    "ErrorDetail",
    "PerEventLoop",
    "Redactor",
    "Replay",
    "Tuning",
    "json_or_none",
    "parse_duration",
    "parse_retry_after",
    "read_generic_error",
    "server_delay",
    "settings_from_environment",
]
