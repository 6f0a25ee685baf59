"""The ASGI app: one route per provider, probes, problem JSON for every rejection, an OpenAPI schema."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, TypeAdapter
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from workers.ingress import approvals, hubspot, manychat, rpa, stripe, whatsapp
from workers.ingress._context import IngressContext
from workers.ingress._problems import PROBLEM_MEDIA_TYPE, Rejection, problem_response
from workers.ingress._publisher import MessagePublisher
from workers.ingress._settings import IngressSettings

__all__ = ["create_app"]

_log = structlog.get_logger("workers.ingress")

Handler = Callable[[IngressContext, Request], Awaitable[Response]]

_PROBLEM = {"content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
_ACCEPTED = {
    "description": "verified; accepted (published or a duplicate) or ignored",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IngressAnswer"}}},
}
_CHALLENGE = {
    "description": "the hub.challenge, as plain text",
    "content": {"text/plain": {"schema": {"type": "string"}}},
}
_HANDSHAKE_REFUSED = {"description": "not hub.mode=subscribe, or the wrong hub.verify_token", **_PROBLEM}
_REJECTIONS: dict[int | str, dict[str, Any]] = {
    400: {"description": "malformed body (not JSON)", **_PROBLEM},
    401: {"description": "missing, invalid or expired signature or secret", **_PROBLEM},
    413: {"description": "body larger than FLEET_INGRESS_MAX_BODY_BYTES", **_PROBLEM},
    422: {"description": "the JSON does not fit the provider's payload", **_PROBLEM},
    503: {"description": "endpoint not configured, or the engine is unreachable (retry)", **_PROBLEM},
}
_SCHEMAS: dict[str, Any] = {
    "Problem": {
        "type": "object",
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "instance": {"type": "string"},
        },
        "required": ["type", "title", "status", "detail"],
    },
    "IngressAnswer": {
        "type": "object",
        "properties": {
            "status": {"type": "string", "enum": ["accepted", "ignored"]},
            "reason": {"type": "string"},
            "messages": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "messageId": {"type": "string"},
                        "result": {"type": "string", "enum": ["published", "duplicate"]},
                    },
                },
            },
        },
        "required": ["status", "messages"],
    },
}


def _body_schema(name: str, model: type[BaseModel] | TypeAdapter[Any], components: dict[str, Any]) -> str:
    """Register the JSON schema of ``model`` under ``name`` (nested models beside it); the reference."""
    template = "#/components/schemas/{model}"
    if isinstance(model, TypeAdapter):
        schema = model.json_schema(ref_template=template)
    else:
        schema = model.model_json_schema(ref_template=template)
    components.update(schema.pop("$defs", {}))
    components[name] = schema
    return f"#/components/schemas/{name}"


def create_app(
    settings: IngressSettings,
    publisher: MessagePublisher,
    *,
    now: Callable[[], float] = time.time,
) -> FastAPI:
    """The ingress app for ``settings``; verified events go to ``publisher``."""
    context = IngressContext(settings, publisher, now)
    app = FastAPI(
        title="Fleet webhook ingress",
        version="1.0.0",
        description=(
            "Verified provider webhooks become Zeebe messages (PublishMessage with messageId = the provider's "
            "event id). Every rejection is problem JSON and starts nothing."
        ),
    )
    components: dict[str, Any] = dict(_SCHEMAS)

    @app.exception_handler(Rejection)
    async def _rejected(request: Request, rejection: Exception) -> Response:
        assert isinstance(rejection, Rejection)
        _log.info("ingress.rejected", path=request.url.path, status=rejection.status, reason=rejection.reason)
        response = problem_response(rejection, instance=request.url.path)
        if rejection.status == 503:
            response.headers["Retry-After"] = "30"
        return response

    def route(
        path: str,
        method: str,
        handler: Handler,
        *,
        summary: str,
        body: tuple[str, type[BaseModel] | TypeAdapter[Any]] | None = None,
        headers: tuple[str, ...] = (),
        query: tuple[str, ...] = (),
        success: int = 200,
        success_response: dict[str, Any] = _ACCEPTED,
    ) -> None:
        async def endpoint(request: Request) -> Response:
            return await handler(context, request)

        extra: dict[str, Any] = {}
        if body is not None:
            reference = _body_schema(body[0], body[1], components)
            extra["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": reference}}},
            }
        parameters = [
            {"name": name, "in": place, "required": True, "schema": {"type": "string"}}
            for place, names in (("header", headers), ("query", query))
            for name in names
        ]
        if parameters:
            extra["parameters"] = parameters
        rejections: dict[int | str, dict[str, Any]] = (
            _REJECTIONS if body is not None else {403: _HANDSHAKE_REFUSED, 503: _REJECTIONS[503]}
        )
        responses: dict[int | str, dict[str, Any]] = {success: success_response, **rejections}
        app.add_api_route(
            path,
            endpoint,
            methods=[method],
            summary=summary,
            openapi_extra=extra or None,
            responses=responses,
            response_class=JSONResponse,
        )

    route(
        "/webhooks/manychat",
        "POST",
        manychat.handle_manychat,
        summary="ManyChat External Request (shared secret) → manychat.lead-captured",
        body=("ManyChatSubscriber", manychat.ManyChatSubscriber),
        headers=(manychat.SECRET_HEADER,),
    )
    route(
        "/webhooks/hubspot",
        "POST",
        hubspot.handle_hubspot,
        summary="HubSpot webhook (v3 signature, 5-minute window) → hubspot.contact-changed",
        body=("HubSpotDelivery", hubspot.HubSpotDelivery),
        headers=("X-HubSpot-Signature-v3", "X-HubSpot-Request-Timestamp"),
    )
    route(
        "/webhooks/stripe",
        "POST",
        stripe.handle_stripe,
        summary="Stripe webhook (Stripe-Signature) → stripe.payment-succeeded",
        body=("StripeEvent", stripe.StripeEvent),
        headers=("Stripe-Signature",),
    )
    route(
        "/webhooks/whatsapp",
        "GET",
        whatsapp.handle_whatsapp_verification,
        summary="Meta's verification handshake: echoes hub.challenge when hub.verify_token matches",
        query=("hub.mode", "hub.verify_token", "hub.challenge"),
        success_response=_CHALLENGE,
    )
    route(
        "/webhooks/whatsapp",
        "POST",
        whatsapp.handle_whatsapp,
        summary="WhatsApp webhook (X-Hub-Signature-256) → whatsapp.image-received",
        body=("WhatsAppWebhook", whatsapp.WhatsAppWebhook),
        headers=(whatsapp.SIGNATURE_HEADER,),
    )
    route(
        "/webhooks/rpa",
        "POST",
        rpa.handle_rpa,
        summary="OpenRPA callback (X-OpenRPA-Signature) → rpa.bot-finished",
        body=("RpaCallback", rpa.RpaCallback),
        headers=(rpa.SIGNATURE_HEADER,),
    )
    route(
        "/approvals",
        "POST",
        approvals.handle_approvals,
        summary="Request an approval (shared secret) → approval.requested",
        body=("ApprovalRequest", approvals.ApprovalRequest),
        headers=(approvals.SECRET_HEADER,),
        success=202,
    )

    @app.get("/healthz", summary="liveness: the event loop answers")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", summary="readiness: the Zeebe gateway answers Topology")
    async def readyz() -> Response:
        try:
            async with asyncio.timeout(settings.readiness_timeout.total_seconds()):
                await publisher.check_ready()
        except Exception as error:
            detail = "timed out" if isinstance(error, TimeoutError) else type(error).__name__
            return JSONResponse({"ready": False, "checks": {"gateway": detail}}, status_code=503)
        return JSONResponse({"ready": True, "checks": {"gateway": "ok"}})

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            document.setdefault("components", {}).setdefault("schemas", {}).update(components)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
