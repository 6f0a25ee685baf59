"""RFC 9457 problem details, as Camunda's REST API v2 sends them.

Every error answer has the media type ``application/problem+json`` and the body
``{"type": "about:blank", "title": ..., "status": ..., "detail": ..., "instance": <request path>}``.
The title is the engine's rejection type (``NOT_FOUND``, ``INVALID_STATE`` ...) or ``INVALID_ARGUMENT`` for
a request the API itself refuses. Rejected commands map to status codes as Camunda's gateway maps them:

========================  ======
rejection type            status
========================  ======
INVALID_ARGUMENT          400
NOT_FOUND                 404
INVALID_STATE             409
ALREADY_EXISTS            409
EXCEEDED_BATCH_RECORD_SIZE 400
anything else             500
========================  ======

The detail of a rejection reads ``Command '<intent>' rejected with code '<type>': <reason>``, as Camunda's.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from zeebe_lite.engine import CommandRejectedError, EngineFailedError
from zeebe_lite.records import RejectionType
from zeebe_lite.rest.context import ServerStoppingError

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "ApiProblem",
    "problem_response",
    "register_problem_handlers",
    "rejection_problem",
    "validation_detail",
]

PROBLEM_MEDIA_TYPE = "application/problem+json"

_REJECTION_STATUS = {
    RejectionType.INVALID_ARGUMENT: 400,
    RejectionType.EXCEEDED_BATCH_RECORD_SIZE: 400,
    RejectionType.NOT_FOUND: 404,
    RejectionType.INVALID_STATE: 409,
    RejectionType.ALREADY_EXISTS: 409,
}

_HTTP_TITLES = {
    400: "INVALID_ARGUMENT",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "INVALID_STATE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    500: "INTERNAL_ERROR",
    503: "SERVICE_UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}


class ApiProblem(Exception):
    """An error answer: raise it from a route and the app renders it as a problem detail."""

    def __init__(self, status: int, title: str, detail: str) -> None:
        """A problem with HTTP ``status``, a short ``title`` and a human ``detail``."""
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail

    @classmethod
    def invalid_argument(cls, detail: str) -> ApiProblem:
        """400 INVALID_ARGUMENT."""
        return cls(400, "INVALID_ARGUMENT", detail)

    @classmethod
    def not_found(cls, detail: str) -> ApiProblem:
        """404 NOT_FOUND."""
        return cls(404, "NOT_FOUND", detail)

    @classmethod
    def invalid_state(cls, detail: str) -> ApiProblem:
        """409 INVALID_STATE."""
        return cls(409, "INVALID_STATE", detail)


def rejection_problem(error: CommandRejectedError) -> ApiProblem:
    """The problem for a command the engine rejected."""
    rejection = error.rejection_type
    status = _REJECTION_STATUS.get(rejection, 500)
    return ApiProblem(status, rejection.value, str(error))


def problem_response(problem: ApiProblem, instance: str) -> JSONResponse:
    """Render ``problem`` for the request path ``instance``."""
    body = {
        "type": "about:blank",
        "title": problem.title,
        "status": problem.status,
        "detail": problem.detail,
        "instance": instance,
    }
    return JSONResponse(body, status_code=problem.status, media_type=PROBLEM_MEDIA_TYPE)


def _field_path(location: tuple[Any, ...]) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "form")]
    path = ""
    for part in parts:
        path += f"[{part}]" if part.isdigit() else (f".{part}" if path else part)
    return path or "request body"


def validation_detail(errors: list[dict[str, Any]]) -> str:
    """One sentence per invalid field, naming the field (Camunda: ``No name provided.``)."""
    sentences: list[str] = []
    for error in errors:
        field = _field_path(tuple(error.get("loc", ())))
        kind = str(error.get("type", ""))
        if kind == "missing":
            sentences.append(f"No {field} provided.")
        elif kind in ("json_invalid", "model_attributes_type") and field == "request body":
            sentences.append("The request body is not a valid JSON object.")
        else:
            value = error.get("input")
            message = str(error.get("msg", "is invalid"))
            sentences.append(f"The value '{value}' of {field} is invalid: {message}.")
    return " ".join(sentences) or "The request is invalid."


def register_problem_handlers(app: Any) -> None:
    """Render every error of ``app`` (a FastAPI app) as a problem detail."""

    async def on_problem(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, ApiProblem)
        return problem_response(error, request.url.path)

    async def on_rejection(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, CommandRejectedError)
        return problem_response(rejection_problem(error), request.url.path)

    async def on_validation(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        detail = validation_detail([dict(item) for item in error.errors()])
        return problem_response(ApiProblem.invalid_argument(detail), request.url.path)

    async def on_http(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, StarletteHTTPException)
        title = _HTTP_TITLES.get(error.status_code, "ERROR")
        return problem_response(ApiProblem(error.status_code, title, str(error.detail)), request.url.path)

    async def on_engine_failed(request: Request, error: Exception) -> JSONResponse:
        problem = ApiProblem(503, "SERVICE_UNAVAILABLE", f"The engine cannot process commands: {error}")
        return problem_response(problem, request.url.path)

    app.add_exception_handler(ApiProblem, on_problem)
    app.add_exception_handler(CommandRejectedError, on_rejection)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)

    async def on_stopping(request: Request, error: Exception) -> JSONResponse:
        problem = ApiProblem(503, "SERVICE_UNAVAILABLE", "The server is stopping; retry on another gateway.")
        return problem_response(problem, request.url.path)

    app.add_exception_handler(EngineFailedError, on_engine_failed)
    app.add_exception_handler(ServerStoppingError, on_stopping)
