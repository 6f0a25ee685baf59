"""Stripe API (test mode): customers, PaymentIntents, Checkout Sessions, refunds, events, webhook endpoints.

Contract (external-apis.md §3): secret key as ``Authorization: Bearer sk_...`` or HTTP Basic user; form-encoded
bodies with bracket nesting (``metadata[order]=1``, ``line_items[0][quantity]=1``); errors
``{"error": {type, code, message, param, ...}}`` with 400/401/402/404/409/429; every answer carries
``Request-Id``. ``Idempotency-Key`` on POST replays the first status and body (header
``Idempotent-Replayed: true``), rejects the same key with other parameters (400 ``idempotency_error``) or while
the first request still runs (409), does not store requests that fail validation, and forgets keys after 24 h.
Test payment methods ``pm_card_visa`` (succeeds) and ``pm_card_chargeDeclined`` (402 ``card_declined``) drive
PaymentIntents; a Checkout Session is paid by opening its ``url`` and pressing Pay, or through
``POST /__sandbox/stripe/checkout/sessions/{id}/complete``. Events go to the registered webhook endpoints,
signed ``Stripe-Signature: t=<ts>,v1=<hex HMAC-SHA256(secret, "t.body")>``, retried on failure. Rate limits
(sandbox choice for test mode): 25 reads and 25 writes per second per key; 429 body type ``rate_limit_error``.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ClassVar
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from sandbox._common import (
    Emulator,
    EmulatorContext,
    MalformedBody,
    RateLimitHit,
    RateLimitRule,
    basic_credentials,
    bearer_token,
    read_json,
)

__all__ = ["API_VERSION", "StripeEmulator", "parse_stripe_form", "stripe_signature"]

API_VERSION = "2024-06-20"
_KEY_LIFETIME = timedelta(hours=24)
_MAX_KEY_LENGTH = 255
_DECLINING = {
    "pm_card_chargeDeclined",
    "pm_card_visa_chargeDeclined",
    "pm_card_chargeDeclinedInsufficientFunds",
}
_SUCCEEDING = {"pm_card_visa", "pm_card_mastercard", "pm_card_amex", "pm_card_bypassPending"}
_MINIMUM_AMOUNT = 50


def _new_id(prefix: str) -> str:
    return prefix + "_" + secrets.token_urlsafe(18).replace("-", "A").replace("_", "B")[:24]


def parse_stripe_form(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Turn ``a[b][0][c]=v`` / ``a[]=v`` form pairs into nested dicts and lists, as Stripe reads them."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        base, _, rest = key.partition("[")
        path = [base] + (re.findall(r"\[([^\]]*)\]", "[" + rest) if rest else [])
        node: dict[str, Any] = root
        for index, part in enumerate(path):
            last = index == len(path) - 1
            if part == "":
                part = str(len(node))
            if last:
                node[part] = value
            else:
                child = node.setdefault(part, {})
                if not isinstance(child, dict):
                    raise ValueError(f"Invalid array/hash mix at {key}")
                node = child
    result: dict[str, Any] = _listify(root)
    return result


def _listify(value: Any) -> Any:
    if isinstance(value, dict):
        converted = {key: _listify(child) for key, child in value.items()}
        if converted and all(key.isdigit() for key in converted):
            return [converted[key] for key in sorted(converted, key=int)]
        return converted
    return value


def stripe_signature(secret: str, payload: bytes, timestamp: int) -> str:
    """The ``Stripe-Signature`` header value for a payload."""
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


class _StripeError(Exception):
    def __init__(
        self, status: int, error_type: str, message: str, *, stored: bool = True, **fields: Any
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"error": {"type": error_type, "message": message, **fields}}
        self.stored = stored


def _missing(param: str) -> _StripeError:
    return _StripeError(
        400,
        "invalid_request_error",
        f"Missing required param: {param}.",
        stored=False,
        code="parameter_missing",
        param=param,
        doc_url="https://stripe.com/docs/error-codes/parameter-missing",
    )


def _invalid(param: str, message: str, code: str = "parameter_invalid") -> _StripeError:
    return _StripeError(400, "invalid_request_error", message, stored=False, code=code, param=param)


def _no_such(kind: str, object_id: str, param: str = "id") -> _StripeError:
    return _StripeError(
        404,
        "invalid_request_error",
        f"No such {kind}: '{object_id}'",
        code="resource_missing",
        param=param,
        doc_url="https://stripe.com/docs/error-codes/resource-missing",
    )


def _check_params(params: dict[str, Any], allowed: set[str]) -> None:
    for name in params:
        if name not in allowed and name != "expand":
            raise _StripeError(
                400,
                "invalid_request_error",
                f"Received unknown parameter: {name}",
                stored=False,
                code="parameter_unknown",
                param=name,
                doc_url="https://stripe.com/docs/error-codes/parameter-unknown",
            )


def _integer(params: dict[str, Any], name: str, required: bool = False) -> int | None:
    raw = params.get(name)
    if raw is None:
        if required:
            raise _missing(name)
        return None
    if not isinstance(raw, str) or not re.fullmatch(r"-?\d+", raw):
        raise _invalid(name, f"Invalid integer: {raw}", "parameter_invalid_integer")
    return int(raw)


def _boolean(params: dict[str, Any], name: str) -> bool:
    raw = params.get(name)
    if raw is None:
        return False
    if raw not in ("true", "false"):
        raise _invalid(name, f"Invalid boolean: {raw}")
    return bool(raw == "true")


def _metadata(params: dict[str, Any], current: dict[str, str] | None = None) -> dict[str, str]:
    raw = params.get("metadata")
    result = dict(current or {})
    if raw is None:
        return result
    if raw == "":
        return {}
    if not isinstance(raw, dict):
        raise _invalid("metadata", "Invalid hash")
    for key, value in raw.items():
        if value == "":
            result.pop(key, None)
        elif isinstance(value, str):
            result[key] = value
        else:
            raise _invalid(f"metadata[{key}]", "Invalid string")
    return result


def _currency(params: dict[str, Any], required: bool = True) -> str | None:
    raw = params.get("currency")
    if raw is None:
        if required:
            raise _missing("currency")
        return None
    if not isinstance(raw, str) or not re.fullmatch(r"[a-zA-Z]{3}", raw):
        raise _invalid(
            "currency",
            f"Invalid currency: {raw}. Stripe currently supports these currencies: eur, usd, gbp, ...",
        )
    return raw.lower()


@dataclass
class _StoredResponse:
    fingerprint: str
    status: int | None
    body: bytes
    request_id: str
    created_at: float


class StripeEmulator(Emulator):
    """Stripe test mode for the objects the payment workers use."""

    name: ClassVar[str] = "stripe"
    title: ClassVar[str] = "Stripe API (test mode)"

    def __init__(self, context: EmulatorContext) -> None:
        super().__init__(context)
        self.api_key = "sk_test_sandbox" + secrets.token_hex(12)
        self.webhook_secret = "whsec_" + secrets.token_hex(16)
        self.processing_delay = timedelta(0)
        self._objects: dict[str, dict[str, dict[str, Any]]] = {}
        self._events: list[dict[str, Any]] = []
        self._endpoints: dict[str, dict[str, Any]] = {}
        self._idempotency: dict[str, _StoredResponse] = {}
        self.reset_state()

    # --- Emulator -----------------------------------------------------------------------------------------
    def reset_state(self) -> None:
        self._objects = {
            kind: {} for kind in ("customer", "payment_intent", "charge", "checkout.session", "refund")
        }
        self._events = []
        self._endpoints = {}
        self._idempotency = {}
        self.processing_delay = timedelta(0)

    def state_view(self) -> dict[str, Any]:
        return {
            "objects": {kind: list(objects.values()) for kind, objects in self._objects.items()},
            "events": [{"id": event["id"], "type": event["type"]} for event in self._events],
            "webhookEndpoints": [
                {"id": endpoint["id"], "url": endpoint["url"], "enabled_events": endpoint["enabled_events"]}
                for endpoint in self._endpoints.values()
            ],
            "idempotencyKeys": len(self._idempotency),
        }

    def export_state(self) -> dict[str, Any]:
        return {
            "objects": self._objects,
            "events": self._events,
            "webhook_endpoints": [
                # Endpoints that sign with the sandbox's STRIPE_WEBHOOK_SECRET keep doing so with the next
                # start's secret (a new one at each start); those with their own whsec_ keep it.
                {**endpoint, "secret": None} if endpoint["secret"] == self.webhook_secret else endpoint
                for endpoint in self._endpoints.values()
            ],
            "idempotency": {
                key: {
                    "fingerprint": stored.fingerprint,
                    "status": stored.status,
                    "body": stored.body.decode("utf-8"),
                    "request_id": stored.request_id,
                    "created_at": stored.created_at,
                }
                for key, stored in self._idempotency.items()
                if stored.status is not None  # requests still in flight were never answered
            },
        }

    def import_state(self, snapshot: Mapping[str, Any]) -> None:
        self._objects = {
            kind: {str(object_id): dict(item) for object_id, item in objects.items()}
            for kind, objects in snapshot["objects"].items()
        }
        self._events = list(snapshot["events"])
        self._endpoints = {
            endpoint["id"]: {**endpoint, "secret": endpoint["secret"] or self.webhook_secret}
            for endpoint in snapshot["webhook_endpoints"]
        }
        self._idempotency = {
            key: _StoredResponse(
                fingerprint=item["fingerprint"],
                status=int(item["status"]),
                body=item["body"].encode("utf-8"),
                request_id=item["request_id"],
                created_at=float(item["created_at"]),
            )
            for key, item in snapshot["idempotency"].items()
        }

    def credentials(self) -> dict[str, str]:
        return {"api_key": self.api_key, "webhook_secret": self.webhook_secret}

    def environment(self) -> dict[str, str]:
        return {
            "STRIPE_BASE_URL": self.base_url,
            "STRIPE_API_KEY": self.api_key,
            "STRIPE_WEBHOOK_SECRET": self.webhook_secret,
        }

    def error_response(self, status: int, message: str) -> Response:
        error_type = "api_error" if status >= 500 else "invalid_request_error"
        return JSONResponse(
            {"error": {"type": error_type, "message": message}},
            status_code=status,
            headers={"Request-Id": _new_id("req")},
        )

    def rate_limit_rules(self) -> list[RateLimitRule]:
        second = timedelta(seconds=1)
        return [RateLimitRule("read", 25, second), RateLimitRule("write", 25, second)]

    def rate_limit_keys(self, request: Request) -> list[tuple[str, str]]:
        if not request.url.path.startswith("/v1/"):
            return []
        key = self._presented_key(request) or "anonymous"
        return [("read" if request.method == "GET" else "write", key)]

    def rate_limited_response(self, hit: RateLimitHit) -> Response:
        return JSONResponse(
            {
                "error": {
                    "type": "rate_limit_error",
                    "code": "rate_limit",
                    "message": "Request rate limit exceeded. Learn more about rate limits here "
                    "https://stripe.com/docs/rate-limits.",
                    "doc_url": "https://stripe.com/docs/error-codes/rate-limit",
                }
            },
            status_code=429,
            headers={"Request-Id": _new_id("req")},
        )

    def routes(self) -> list[BaseRoute]:
        endpoint = self._endpoint
        return [
            Route("/v1/customers", endpoint(self._customers), methods=["GET", "POST"]),
            Route("/v1/customers/{id:str}", endpoint(self._customer), methods=["GET", "POST", "DELETE"]),
            Route("/v1/payment_intents", endpoint(self._payment_intents), methods=["GET", "POST"]),
            Route("/v1/payment_intents/{id:str}", endpoint(self._payment_intent), methods=["GET", "POST"]),
            Route("/v1/payment_intents/{id:str}/confirm", endpoint(self._confirm), methods=["POST"]),
            Route("/v1/payment_intents/{id:str}/cancel", endpoint(self._cancel), methods=["POST"]),
            Route("/v1/charges/{id:str}", endpoint(self._charge), methods=["GET"]),
            Route("/v1/checkout/sessions", endpoint(self._sessions), methods=["GET", "POST"]),
            Route("/v1/checkout/sessions/{id:str}", endpoint(self._session), methods=["GET"]),
            Route("/v1/checkout/sessions/{id:str}/expire", endpoint(self._expire), methods=["POST"]),
            Route("/v1/refunds", endpoint(self._refunds), methods=["POST"]),
            Route("/v1/refunds/{id:str}", endpoint(self._refund), methods=["GET"]),
            Route("/v1/events", endpoint(self._events_list), methods=["GET"]),
            Route("/v1/events/{id:str}", endpoint(self._event), methods=["GET"]),
            Route("/v1/webhook_endpoints", endpoint(self._webhook_endpoints), methods=["GET", "POST"]),
            Route(
                "/v1/webhook_endpoints/{id:str}", endpoint(self._webhook_endpoint), methods=["GET", "DELETE"]
            ),
            Route("/c/pay/{id:str}", self._hosted_checkout, methods=["GET", "POST"]),
        ]

    def admin_routes(self) -> list[BaseRoute]:
        return [
            Route("/stripe/checkout/sessions/{id:str}/complete", self._admin_complete, methods=["POST"]),
            Route("/stripe/webhook-endpoints", self._admin_endpoint, methods=["POST"]),
            Route("/stripe/processing-delay", self._admin_delay, methods=["PUT"]),
        ]

    # --- Python API ---------------------------------------------------------------------------------------
    def add_webhook_endpoint(
        self, url: str, events: list[str] | None = None, secret: str | None = None
    ) -> str:
        """Register a webhook endpoint (secret: the sandbox's ``STRIPE_WEBHOOK_SECRET`` by default)."""
        endpoint_id = _new_id("we")
        self._endpoints[endpoint_id] = {
            "id": endpoint_id,
            "object": "webhook_endpoint",
            "url": url,
            "enabled_events": events or ["*"],
            "secret": secret or self.webhook_secret,
            "status": "enabled",
            "livemode": False,
            "created": int(self.clock.timestamp()),
            "api_version": API_VERSION,
        }
        return endpoint_id

    def complete_checkout(self, session_id: str, *, paid: bool = True) -> dict[str, Any]:
        """The customer pays (or abandons, ``paid=False``: the session expires) a Checkout Session."""
        session = self._objects["checkout.session"].get(session_id)
        if session is None:
            raise KeyError(session_id)
        if session["status"] != "open":
            raise ValueError(f"session {session_id} is {session['status']}")
        if not paid:
            session["status"] = "expired"
            self._emit("checkout.session.expired", session, None)
            return session
        intent = self._new_payment_intent(
            session["amount_total"],
            session["currency"],
            customer=session["customer"],
            metadata=dict(session.get("_payment_intent_metadata") or {}),
            receipt_email=session["customer_email"],
        )
        intent["payment_method"] = "pm_card_visa"
        self._emit("payment_intent.created", intent, None)
        self._succeed(intent, None)
        session |= {"status": "complete", "payment_status": "paid", "payment_intent": intent["id"]}
        if session["customer_email"]:
            session["customer_details"] = {"email": session["customer_email"], "name": None, "phone": None}
        self._emit("checkout.session.completed", self._public(session), None)
        return session

    def events(self) -> list[dict[str, Any]]:
        """Every event so far, oldest first."""
        return list(self._events)

    # --- plumbing -----------------------------------------------------------------------------------------
    def _presented_key(self, request: Request) -> str | None:
        token = bearer_token(request)
        if token is not None:
            return token
        basic = basic_credentials(request)
        return basic[0] if basic else None

    def _endpoint(self, handler: Callable[[Request, dict[str, Any]], Any]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            request_id = _new_id("req")
            headers = {
                "Request-Id": request_id,
                "Stripe-Version": request.headers.get("stripe-version", API_VERSION),
            }
            key = self._presented_key(request)
            if key is None:
                return self._answer(
                    _StripeError(
                        401,
                        "invalid_request_error",
                        "You did not provide an API key. You need to provide your API key in the Authorization "
                        "header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
                    ).body,
                    401,
                    headers,
                )
            if not hmac.compare_digest(key, self.api_key):
                masked = key[:8] + "*" * 8 + key[-4:] if len(key) > 12 else key
                return self._answer(
                    _StripeError(401, "invalid_request_error", f"Invalid API Key provided: {masked}").body,
                    401,
                    headers,
                )
            try:
                params = await self._params(request)
            except _StripeError as error:
                return self._answer(error.body, error.status, headers)
            idempotency_key = request.headers.get("idempotency-key")
            if request.method != "POST" or idempotency_key is None:
                status, body = await self._run(handler, request, params)
                return self._answer(body, status, headers)
            return await self._idempotent(
                handler, request, params, key=idempotency_key, request_id=request_id, headers=headers
            )

        return endpoint

    async def _params(self, request: Request) -> dict[str, Any]:
        pairs = parse_qsl(request.url.query, keep_blank_values=True)
        if request.method == "POST":
            content_type = request.headers.get("content-type", "")
            raw = await request.body()
            if raw and "application/x-www-form-urlencoded" not in content_type:
                raise _StripeError(
                    400,
                    "invalid_request_error",
                    "Invalid request (check that your POST content type is application/x-www-form-urlencoded). "
                    "If you have any questions, we can help at https://support.stripe.com/.",
                )
            pairs += parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True)
        try:
            return parse_stripe_form(pairs)
        except ValueError as error:
            raise _invalid("body", str(error)) from error

    async def _run(
        self, handler: Callable[[Request, dict[str, Any]], Any], request: Request, params: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        try:
            result: tuple[int, dict[str, Any]] = await handler(request, params)
            return result
        except _StripeError as error:
            return error.status, error.body

    async def _idempotent(
        self,
        handler: Callable[[Request, dict[str, Any]], Any],
        request: Request,
        params: dict[str, Any],
        *,
        key: str,
        request_id: str,
        headers: dict[str, str],
    ) -> Response:
        headers = {**headers, "Idempotency-Key": key}
        if len(key) > _MAX_KEY_LENGTH:
            error = _invalid(
                "Idempotency-Key", f"Invalid Idempotency-Key: it is longer than {_MAX_KEY_LENGTH} characters."
            )
            return self._answer(error.body, 400, headers)
        fingerprint = hashlib.sha256(
            json.dumps([request.url.path, params], sort_keys=True).encode()
        ).hexdigest()
        now = self.clock.timestamp()
        stored = self._idempotency.get(key)
        if stored is not None and now - stored.created_at >= _KEY_LIFETIME.total_seconds():
            del self._idempotency[key]
            stored = None
        if stored is not None:
            if stored.fingerprint != fingerprint:
                error = _StripeError(
                    400,
                    "idempotency_error",
                    "Keys for idempotent requests can only be used with the same parameters they were first used "
                    f"with. Try using a key other than '{key}' if you meant to execute a different request.",
                )
                return self._answer(error.body, 400, headers)
            if stored.status is None:
                error = _StripeError(
                    409,
                    "idempotency_error",
                    "There is currently another in-progress request using this Stripe API key and idempotency "
                    "key (that is, another request is currently being processed with the same key). Please try "
                    "again later.",
                )
                return self._answer(error.body, 409, headers)
            return Response(
                stored.body,
                status_code=stored.status,
                media_type="application/json",
                headers={**headers, "Idempotent-Replayed": "true", "Original-Request": stored.request_id},
            )
        entry = _StoredResponse(fingerprint, None, b"", request_id, now)
        self._idempotency[key] = entry
        try:
            if self.processing_delay > timedelta(0):
                await asyncio.sleep(self.processing_delay.total_seconds())
            request.state.idempotency_key = key
            try:
                result: tuple[int, dict[str, Any]] = await handler(request, params)
                status, body = result
            except _StripeError as error:
                if not error.stored:
                    del self._idempotency[key]
                    return self._answer(error.body, error.status, headers)
                status, body = error.status, error.body
        except BaseException:
            self._idempotency.pop(key, None)
            raise
        entry.status, entry.body = status, json.dumps(body).encode()
        return Response(entry.body, status_code=status, media_type="application/json", headers=headers)

    @staticmethod
    def _answer(body: dict[str, Any], status: int, headers: dict[str, str]) -> Response:
        return JSONResponse(body, status_code=status, headers=headers)

    def _get(self, kind: str, object_id: str, label: str, param: str = "id") -> dict[str, Any]:
        found = self._objects[kind].get(object_id)
        if found is None:
            raise _no_such(label, object_id, param)
        return found

    @staticmethod
    def _public(value: dict[str, Any]) -> dict[str, Any]:
        return {key: item for key, item in value.items() if not key.startswith("_")}

    def _list(self, request: Request, params: dict[str, Any], items: list[dict[str, Any]]) -> dict[str, Any]:
        limit = _integer(params, "limit") or 10
        if not 1 <= limit <= 100:
            raise _invalid(
                "limit", "This value must be greater than or equal to 1 and less than or equal to 100."
            )
        starting_after = params.get("starting_after")
        ordered = list(reversed(items))
        if isinstance(starting_after, str):
            ids = [item["id"] for item in ordered]
            if starting_after not in ids:
                raise _no_such("object", starting_after, "starting_after")
            ordered = ordered[ids.index(starting_after) + 1 :]
        page = ordered[:limit]
        return {
            "object": "list",
            "data": [self._public(item) for item in page],
            "has_more": len(ordered) > limit,
            "url": request.url.path,
        }

    # --- events and webhooks ------------------------------------------------------------------------------
    def _emit(self, event_type: str, data_object: dict[str, Any], request: Request | None) -> None:
        endpoints = [
            endpoint
            for endpoint in self._endpoints.values()
            if "*" in endpoint["enabled_events"] or event_type in endpoint["enabled_events"]
        ]
        idempotency_key = getattr(request.state, "idempotency_key", None) if request is not None else None
        event = {
            "id": _new_id("evt"),
            "object": "event",
            "api_version": API_VERSION,
            "created": int(self.clock.timestamp()),
            "livemode": False,
            "pending_webhooks": len(endpoints),
            "request": {
                "id": _new_id("req") if request is not None else None,
                "idempotency_key": idempotency_key,
            },
            "type": event_type,
            "data": {"object": self._public(data_object)},
        }
        self._events.append(event)
        payload = json.dumps(event).encode()
        for endpoint in endpoints:
            prepare = self._signer(endpoint["secret"], payload)
            body, headers = prepare(0)
            self.context.webhooks.send(self.name, endpoint["url"], body, headers, prepare=prepare)

    def _signer(self, secret: str, payload: bytes) -> Callable[[int], tuple[bytes, dict[str, str]]]:
        """Each delivery attempt is signed anew with the time it is sent."""

        def prepare(attempt: int) -> tuple[bytes, dict[str, str]]:
            return payload, {
                "Content-Type": "application/json; charset=utf-8",
                "Stripe-Signature": stripe_signature(secret, payload, int(self.clock.timestamp())),
                "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            }

        return prepare

    # --- customers ----------------------------------------------------------------------------------------
    async def _customers(self, request: Request, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        customers = list(self._objects["customer"].values())
        if request.method == "GET":
            _check_params(params, {"email", "limit", "starting_after"})
            if isinstance(params.get("email"), str):
                customers = [customer for customer in customers if customer["email"] == params["email"]]
            return 200, self._list(request, params, customers)
        _check_params(params, {"email", "name", "phone", "description", "metadata"})
        customer: dict[str, Any] = {
            "id": _new_id("cus"),
            "object": "customer",
            "created": int(self.clock.timestamp()),
            "email": params.get("email"),
            "name": params.get("name"),
            "phone": params.get("phone"),
            "description": params.get("description"),
            "metadata": _metadata(params),
            "livemode": False,
        }
        self._objects["customer"][customer["id"]] = customer
        self._emit("customer.created", customer, request)
        return 200, customer

    async def _customer(self, request: Request, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        customer = self._get("customer", request.path_params["id"], "customer")
        if request.method == "DELETE":
            del self._objects["customer"][customer["id"]]
            self._emit("customer.deleted", customer, request)
            return 200, {"id": customer["id"], "object": "customer", "deleted": True}
        if request.method == "POST":
            _check_params(params, {"email", "name", "phone", "description", "metadata"})
            for field in ("email", "name", "phone", "description"):
                if field in params:
                    customer[field] = params[field] or None
            customer["metadata"] = _metadata(params, customer["metadata"])
            self._emit("customer.updated", customer, request)
        return 200, customer

    # --- payment intents ----------------------------------------------------------------------------------
    def _new_payment_intent(
        self,
        amount: int,
        currency: str,
        *,
        customer: str | None,
        metadata: dict[str, str],
        receipt_email: str | None = None,
        description: str | None = None,
    ) -> dict[str, Any]:
        intent_id = _new_id("pi")
        intent = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": amount,
            "amount_received": 0,
            "currency": currency,
            "status": "requires_payment_method",
            "customer": customer,
            "description": description,
            "metadata": metadata,
            "payment_method": None,
            "latest_charge": None,
            "last_payment_error": None,
            "receipt_email": receipt_email,
            "client_secret": f"{intent_id}_secret_{secrets.token_hex(12)}",
            "created": int(self.clock.timestamp()),
            "canceled_at": None,
            "livemode": False,
        }
        self._objects["payment_intent"][intent_id] = intent
        return intent

    async def _payment_intents(self, request: Request, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if request.method == "GET":
            _check_params(params, {"customer", "limit", "starting_after"})
            intents = list(self._objects["payment_intent"].values())
            if isinstance(params.get("customer"), str):
                intents = [intent for intent in intents if intent["customer"] == params["customer"]]
            return 200, self._list(request, params, intents)
        _check_params(
            params,
            {
                "amount",
                "currency",
                "customer",
                "metadata",
                "description",
                "receipt_email",
                "payment_method",
                "payment_method_types",
                "automatic_payment_methods",
                "confirm",
                "return_url",
            },
        )
        amount = _integer(params, "amount", required=True)
        assert amount is not None
        currency = _currency(params)
        assert currency is not None
        if amount < _MINIMUM_AMOUNT:
            raise _StripeError(
                400,
                "invalid_request_error",
                f"Amount must be at least {_MINIMUM_AMOUNT} cents",
                stored=False,
                code="amount_too_small",
                param="amount",
            )
        customer = params.get("customer")
        if customer is not None:
            self._get("customer", str(customer), "customer", "customer")
        intent = self._new_payment_intent(
            amount,
            currency,
            customer=customer,
            metadata=_metadata(params),
            receipt_email=params.get("receipt_email"),
            description=params.get("description"),
        )
        if isinstance(params.get("payment_method"), str):
            intent["payment_method"] = params["payment_method"]
            intent["status"] = "requires_confirmation"
        self._emit("payment_intent.created", intent, request)
        if _boolean(params, "confirm"):
            return self._confirm_intent(intent, request)
        return 200, intent

    async def _payment_intent(self, request: Request, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        intent = self._get("payment_intent", request.path_params["id"], "payment_intent")
        if request.method == "POST":
            _check_params(params, {"metadata", "description", "receipt_email", "amount", "payment_method"})
            if intent["status"] in ("succeeded", "canceled") and set(params) - {
                "metadata",
                "description",
                "expand",
            }:
                raise _StripeError(
                    400,
                    "invalid_request_error",
                    f"This PaymentIntent's amount could not be updated because it has a status of {intent['status']}.",
                    code="payment_intent_unexpected_state",
                    payment_intent=intent,
                )
            if (amount := _integer(params, "amount")) is not None:
                intent["amount"] = amount
            for field in ("description", "receipt_email"):
                if field in params:
                    intent[field] = params[field] or None
            if isinstance(params.get("payment_method"), str):
                intent["payment_method"] = params["payment_method"]
                intent["status"] = "requires_confirmation"
            intent["metadata"] = _metadata(params, intent["metadata"])
        return 200, intent

    async def _confirm(self, request: Request, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        _check_params(params, {"payment_method", "return_url", "receipt_email"})
        intent = self._get("payment_intent", request.path_params["id"], "payment_intent")
        if isinstance(params.get("payment_method"), str):
            intent["payment_method"] = params["payment_method"]
        return self._confirm_intent(intent, request)

    def _confirm_intent(self, intent: dict[str, Any], request: Request) -> tuple[int, dict[str, Any]]:
        if intent["status"] in ("succeeded", "canceled", "processing"):
            raise _StripeError(
                400,
                "invalid_request_error",
                f"This PaymentIntent's status is {intent['status']}, so it cannot be confirmed.",
                code="payment_intent_unexpected_state",
                payment_intent=intent,
            )
        method = intent["payment_method"]
        if method is None:
            raise _StripeError(
                400,
                "invalid_request_error",
                "You cannot confirm this PaymentIntent because it's missing a payment method. You can either "
                "update the PaymentIntent with a payment method and then confirm it again, or confirm it again "
                "directly with a payment method.",
                code="payment_intent_unexpected_state",
                payment_intent=intent,
            )
        if method in _DECLINING:
            charge = self._new_charge(intent, succeeded=False)
            decline = "insufficient_funds" if method.endswith("InsufficientFunds") else "generic_decline"
            error_fields = {
                "code": "card_declined",
                "decline_code": decline,
                "message": "Your card was declined.",
                "type": "card_error",
                "charge": charge["id"],
            }
            intent |= {
                "status": "requires_payment_method",
                "last_payment_error": error_fields,
                "latest_charge": charge["id"],
            }
            self._emit("charge.failed", charge, request)
            self._emit("payment_intent.payment_failed", intent, request)
            raise _StripeError(
                402,
                "card_error",
                "Your card was declined.",
                code="card_declined",
                decline_code=decline,
                charge=charge["id"],
                payment_intent=self._public(intent),
                doc_url="https://stripe.com/docs/error-codes/card-declined",
            )
        if method not in _SUCCEEDING and not method.startswith("pm_"):
            raise _no_such("PaymentMethod", method, "payment_method")
        self._succeed(intent, request)
        return 200, intent

    def _new_charge(self, intent: dict[str, Any], *, succeeded: bool) -> dict[str, Any]:
        charge_id = _new_id("ch")
        charge = {
            "id": charge_id,
            "object": "charge",
            "amount": intent["amount"],
            "amount_refunded": 0,
            "currency": intent["currency"],
            "customer": intent["customer"],
            "paid": succeeded,
            "refunded": False,
            "status": "succeeded" if succeeded else "failed",
            "payment_intent": intent["id"],
            "payment_method": intent["payment_method"],
            "billing_details": {"email": intent.get("receipt_email"), "name": None, "phone": None},
            "receipt_email": intent.get("receipt_email"),
            "receipt_url": f"{self.base_url}/receipts/{charge_id}",
            "metadata": dict(intent["metadata"]),
            "created": int(self.clock.timestamp()),
            "livemode": False,
        }
        self._objects["charge"][charge_id] = charge
        return charge

    def _succeed(self, intent: dict[str, Any], request: Request | None) -> None:
        charge = self._new_charge(intent, succeeded=True)
        intent |= {
            "status": "succeeded",
            "amount_received": intent["amount"],
            "latest_charge": charge["id"],
            "last_payment_error": None,
        }
        self._emit("charge.succeeded", charge, request)
        self._emit("payment_intent.succeeded", intent, request)

    async def _cancel(self, request: Request, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        _check_params(params, {"cancellation_reason"})
        intent = self._get("payment_intent", request.path_params["id"], "payment_intent")
        if intent["status"] in ("succeeded", "canceled"):
            raise _StripeError(
                400,
                "invalid_request_error",
                f"You cannot cancel this PaymentIntent because it has a status of {intent['status']}.",
                code="payment_intent_unexpected_state",
                payment_intent=self._public(intent),
            )
        intent |= {
            "status": "canceled",
            "canceled_at": int(self.clock.timestamp()),
            "cancellation_reason": params.get("cancellation_reason"),
        }
        self._emit("payment_intent.canceled", intent, request)
        return 200, intent

    async def _charge(self, request: Request, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return 200, self._get("charge", request.path_params["id"], "charge")

    # --- checkout sessions --------------------------------------------------------------------------------
    async def _sessions(self, request: Request, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if request.method == "GET":
            _check_params(params, {"limit", "starting_after", "payment_intent", "customer"})
            sessions = list(self._objects["checkout.session"].values())
            for field in ("payment_intent", "customer"):
                if isinstance(params.get(field), str):
                    sessions = [session for session in sessions if session[field] == params[field]]
            return 200, self._list(request, params, sessions)
        _check_params(
            params,
            {
                "mode",
                "success_url",
                "cancel_url",
                "line_items",
                "customer",
                "customer_email",
                "client_reference_id",
                "metadata",
                "payment_intent_data",
                "payment_method_types",
                "expires_at",
                "locale",
            },
        )
        mode = params.get("mode")
        if mode is None:
            raise _missing("mode")
        if mode not in ("payment", "setup", "subscription"):
            raise _invalid("mode", "Invalid mode: must be one of payment, setup, or subscription")
        if mode != "payment":
            raise _invalid("mode", f"The sandbox emulates Checkout in payment mode only (got {mode}).")
        if params.get("success_url") is None:
            raise _missing("success_url")
        line_items = params.get("line_items")
        if not isinstance(line_items, list) or not line_items:
            raise _missing("line_items")
        total = 0
        currency: str | None = None
        for index, item in enumerate(line_items):
            if not isinstance(item, dict):
                raise _invalid(f"line_items[{index}]", "Invalid hash")
            if "price" in item:
                raise _no_such("price", str(item["price"]), f"line_items[{index}][price]")
            data = item.get("price_data")
            if not isinstance(data, dict):
                raise _missing(f"line_items[{index}][price_data]")
            unit = _integer(data, "unit_amount", required=True)
            item_currency = _currency(data)
            quantity = _integer(item, "quantity", required=True)
            assert unit is not None and quantity is not None
            if not isinstance(data.get("product_data"), dict) or not data["product_data"].get("name"):
                raise _missing(f"line_items[{index}][price_data][product_data][name]")
            if currency is not None and item_currency != currency:
                raise _invalid(
                    f"line_items[{index}][price_data][currency]", "All line items must use the same currency."
                )
            currency = item_currency
            total += unit * quantity
        customer = params.get("customer")
        if customer is not None:
            self._get("customer", str(customer), "customer", "customer")
        intent_data = params.get("payment_intent_data")
        session_id = "cs_test_" + secrets.token_urlsafe(42).replace("-", "a").replace("_", "b")[:58]
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": mode,
            "status": "open",
            "payment_status": "unpaid",
            "amount_subtotal": total,
            "amount_total": total,
            "currency": currency,
            "customer": customer,
            "customer_email": params.get("customer_email"),
            "customer_details": None,
            "client_reference_id": params.get("client_reference_id"),
            "metadata": _metadata(params),
            "payment_intent": None,
            "success_url": params["success_url"],
            "cancel_url": params.get("cancel_url"),
            "url": f"{self.base_url}/c/pay/{session_id}",
            "created": int(self.clock.timestamp()),
            "expires_at": int(self.clock.timestamp()) + 24 * 3600,
            "livemode": False,
            "_payment_intent_metadata": _metadata(intent_data) if isinstance(intent_data, dict) else {},
        }
        self._objects["checkout.session"][session_id] = session
        return 200, self._public(session)

    async def _session(self, request: Request, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return 200, self._public(self._get("checkout.session", request.path_params["id"], "checkout.session"))

    async def _expire(self, request: Request, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        session = self._get("checkout.session", request.path_params["id"], "checkout.session")
        if session["status"] != "open":
            raise _StripeError(
                400,
                "invalid_request_error",
                f'Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "{session["status"]}".',
            )
        return 200, self._public(self.complete_checkout(session["id"], paid=False))

    async def _hosted_checkout(self, request: Request) -> Response:
        session = self._objects["checkout.session"].get(request.path_params["id"])
        if session is None:
            return HTMLResponse("<h1>Checkout session not found</h1>", status_code=404)
        if request.method == "POST" and session["status"] == "open":
            self.complete_checkout(session["id"])
        amount = f"{session['amount_total'] / 100:.2f} {str(session['currency']).upper()}"
        if session["status"] == "open":
            action = f'<form method="post"><button type="submit">Pay {amount}</button></form>'
        else:
            action = f"<p>Status: {session['status']} ({session['payment_status']})</p>"
        return HTMLResponse(f"<html><body><h1>Sandbox Checkout</h1><p>{amount}</p>{action}</body></html>")

    # --- refunds ------------------------------------------------------------------------------------------
    async def _refunds(self, request: Request, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        _check_params(params, {"payment_intent", "charge", "amount", "reason", "metadata"})
        if isinstance(params.get("payment_intent"), str):
            intent = self._get("payment_intent", params["payment_intent"], "payment_intent", "payment_intent")
            if intent["latest_charge"] is None or intent["status"] != "succeeded":
                raise _StripeError(
                    400,
                    "invalid_request_error",
                    f"This PaymentIntent ({intent['id']}) does not have a successful charge to refund.",
                    code="charge_not_refundable",
                )
            charge = self._objects["charge"][intent["latest_charge"]]
        elif isinstance(params.get("charge"), str):
            charge = self._get("charge", params["charge"], "charge", "charge")
        else:
            raise _StripeError(
                400,
                "invalid_request_error",
                "One of the following params should be provided for this request: payment_intent or charge.",
                stored=False,
            )
        remaining = charge["amount"] - charge["amount_refunded"]
        amount = _integer(params, "amount")
        amount = remaining if amount is None else amount
        if amount <= 0 or amount > remaining:
            raise _StripeError(
                400,
                "invalid_request_error",
                f"Refund amount ({amount}) is greater than unrefunded amount on charge ({remaining})",
                code="amount_too_large",
                param="amount",
            )
        refund = {
            "id": _new_id("re"),
            "object": "refund",
            "amount": amount,
            "charge": charge["id"],
            "payment_intent": charge["payment_intent"],
            "currency": charge["currency"],
            "reason": params.get("reason"),
            "status": "succeeded",
            "metadata": _metadata(params),
            "created": int(self.clock.timestamp()),
        }
        self._objects["refund"][refund["id"]] = refund
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount"]
        self._emit("charge.refunded", charge, request)
        return 200, refund

    async def _refund(self, request: Request, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return 200, self._get("refund", request.path_params["id"], "refund")

    # --- events and endpoints -----------------------------------------------------------------------------
    async def _events_list(self, request: Request, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        _check_params(params, {"type", "limit", "starting_after", "created"})
        events = self._events
        if isinstance(params.get("type"), str):
            wanted = params["type"]
            pattern = re.compile(re.escape(wanted).replace(r"\*", ".*") + "$")
            events = [event for event in events if pattern.match(event["type"])]
        return 200, self._list(request, params, events)

    async def _event(self, request: Request, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        event = next((event for event in self._events if event["id"] == request.path_params["id"]), None)
        if event is None:
            raise _no_such("event", request.path_params["id"])
        return 200, event

    async def _webhook_endpoints(
        self, request: Request, params: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        if request.method == "GET":
            listed = [
                {k: v for k, v in endpoint.items() if k != "secret"} for endpoint in self._endpoints.values()
            ]
            return 200, self._list(request, params, listed)
        _check_params(params, {"url", "enabled_events", "description", "api_version", "metadata"})
        url = params.get("url")
        if not isinstance(url, str):
            raise _missing("url")
        events = params.get("enabled_events")
        if not isinstance(events, list) or not events:
            raise _missing("enabled_events")
        endpoint_id = self.add_webhook_endpoint(
            url, [str(event) for event in events], "whsec_" + secrets.token_hex(16)
        )
        return 200, self._endpoints[endpoint_id]

    async def _webhook_endpoint(self, request: Request, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        endpoint = self._endpoints.get(request.path_params["id"])
        if endpoint is None:
            raise _no_such("webhook_endpoint", request.path_params["id"])
        if request.method == "DELETE":
            del self._endpoints[endpoint["id"]]
            return 200, {"id": endpoint["id"], "object": "webhook_endpoint", "deleted": True}
        return 200, {k: v for k, v in endpoint.items() if k != "secret"}

    # --- admin --------------------------------------------------------------------------------------------
    async def _admin_complete(self, request: Request) -> Response:
        paid = request.query_params.get("outcome", "paid") != "expired"
        try:
            session = self.complete_checkout(request.path_params["id"], paid=paid)
        except KeyError:
            return JSONResponse({"error": "no such checkout session"}, status_code=404)
        except ValueError as error:
            return JSONResponse({"error": str(error)}, status_code=409)
        return JSONResponse(self._public(session))

    async def _admin_endpoint(self, request: Request) -> Response:
        try:
            body = await read_json(request)
        except MalformedBody as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        if not isinstance(body, dict) or not isinstance(body.get("url"), str):
            return JSONResponse({"error": "url is required"}, status_code=400)
        events = body.get("enabled_events")
        endpoint_id = self.add_webhook_endpoint(body["url"], events if isinstance(events, list) else None)
        return JSONResponse(self._endpoints[endpoint_id], status_code=201)

    async def _admin_delay(self, request: Request) -> Response:
        try:
            body = await read_json(request)
        except MalformedBody as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        delay = body.get("processing_delay_ms") if isinstance(body, dict) else None
        if not isinstance(delay, int | float) or isinstance(delay, bool) or delay < 0:
            return JSONResponse(
                {"error": "processing_delay_ms must be a non-negative number"}, status_code=400
            )
        self.processing_delay = timedelta(milliseconds=delay)
        return JSONResponse({"processing_delay_ms": delay})
