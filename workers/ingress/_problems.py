"""Problem details (RFC 9457) for every answer that starts nothing."""

from __future__ import annotations

from starlette.responses import JSONResponse

__all__ = ["PROBLEM_MEDIA_TYPE", "Rejection", "problem_response"]

PROBLEM_MEDIA_TYPE = "application/problem+json"
_TYPE_PREFIX = "urn:fleet:ingress:problem:"


class Rejection(Exception):
    """A request the ingress refuses: ``status`` (4xx, or 503 when it cannot work), a stable ``reason`` slug
    (``invalid-signature``, ``expired-signature``, ``payload-too-large``, ...) and a human ``detail``."""

    def __init__(self, status: int, reason: str, detail: str) -> None:
        super().__init__(f"{status} {reason}: {detail}")
        self.status = status
        self.reason = reason
        self.detail = detail


def problem_response(rejection: Rejection, *, instance: str | None = None) -> JSONResponse:
    """The problem JSON of a rejection."""
    body: dict[str, object] = {
        "type": _TYPE_PREFIX + rejection.reason,
        "title": rejection.reason.replace("-", " ").capitalize(),
        "status": rejection.status,
        "detail": rejection.detail,
    }
    if instance is not None:
        body["instance"] = instance
    return JSONResponse(body, status_code=rejection.status, media_type=PROBLEM_MEDIA_TYPE)
