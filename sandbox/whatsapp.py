"""WhatsApp Cloud API (Meta Graph): send messages, media metadata + download (two steps), media upload, webhooks.

Contract (external-apis.md §6): ``https://graph.facebook.com/<version>/...`` with ``Authorization: Bearer``;
``GET /<ver>/<MEDIA_ID>`` answers ``{messaging_product, url, mime_type, sha256, file_size (a string), id}``, and
the ``url`` (valid 5 minutes on the sandbox clock) serves the real bytes only with the same Bearer token;
``POST /<ver>/<PHONE_NUMBER_ID>/messages`` answers ``{messaging_product, contacts[{input, wa_id}],
messages[{id}]}``. Errors use the Graph envelope ``{"error": {message, type, code, error_subcode?,
error_data?, fbtrace_id}}``; like Graph, most are HTTP 400 (token errors 401, code 190). Throughput over 80
messages/s per number gives code 130429 (HTTP 400, a sandbox choice: Graph mostly answers 400, so clients must
look at ``code``); the pair limit (code 131056, one message per 6 s to the same user) is off by default
(``PUT /__sandbox/rate-limits {"pair": {"limit": 1}}``).

Webhooks: configure the callback through ``PUT /__sandbox/whatsapp/webhook`` (the emulator performs Meta's
``hub.mode=subscribe`` GET handshake), then ``POST /__sandbox/whatsapp/inbound`` makes a user send a text or a
photo: the media is stored (a generated PNG unless bytes are given) and the signed webhook
(``X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, body)>``) is delivered. Sent messages produce
``statuses`` webhooks (``sent``/``delivered``, or ``failed`` with code 131047 when the user's last message is
older than 24 h and the message is not a template), as Meta reports that failure asynchronously.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ClassVar
from urllib.parse import urlencode

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from sandbox._common import (
    Emulator,
    EmulatorContext,
    MalformedBody,
    RateLimitHit,
    RateLimitRule,
    bearer_token,
    read_json,
)
from sandbox._images import Receipt, receipt_jpeg, sample_receipt

__all__ = ["API_VERSION", "WhatsAppEmulator", "hub_signature"]

API_VERSION = "v21.0"
_VERSION = re.compile(r"^v\d+\.\d+$")
_URL_LIFETIME = timedelta(minutes=5)
_INBOUND_MEDIA_LIFETIME = timedelta(days=7)
_UPLOADED_MEDIA_LIFETIME = timedelta(days=30)
_WINDOW = timedelta(hours=24)
_MESSAGE_TYPES = {
    "text",
    "image",
    "document",
    "audio",
    "video",
    "sticker",
    "template",
    "reaction",
    "interactive",
    "location",
    "contacts",
}


def hub_signature(app_secret: str, body: bytes) -> str:
    """The ``X-Hub-Signature-256`` header value for a webhook body."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def _wamid() -> str:
    return "wamid.HBgL" + base64.urlsafe_b64encode(secrets.token_bytes(30)).decode().rstrip("=")


class _GraphError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        code: int,
        *,
        subcode: int | None = None,
        details: str | None = None,
        error_type: str = "OAuthException",
    ) -> None:
        super().__init__(message)
        self.status = status
        error: dict[str, Any] = {"message": message, "type": error_type, "code": code}
        if subcode is not None:
            error["error_subcode"] = subcode
        if details is not None:
            error["error_data"] = {"messaging_product": "whatsapp", "details": details}
        error["fbtrace_id"] = "A" + secrets.token_urlsafe(16)
        self.body = {"error": error}


def _param_error(message: str) -> _GraphError:
    return _GraphError(400, f"(#100) {message}", 100, details=message)


def _missing_object(object_id: str, verb: str) -> _GraphError:
    return _GraphError(
        400,
        f"Unsupported {verb} request. Object with ID '{object_id}' does not exist, cannot be loaded due to missing "
        "permissions, or does not support this operation. Please read the Graph API documentation at "
        "https://developers.facebook.com/docs/graph-api",
        100,
        subcode=33,
        error_type="GraphMethodException",
    )


@dataclass
class _Media:
    id: str
    content: bytes
    mime_type: str
    expires_at: float

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass
class _Webhook:
    callback_url: str | None = None
    verified: bool = False


class WhatsAppEmulator(Emulator):
    """One WhatsApp business number: outbound messages, media, inbound users and their webhooks."""

    name: ClassVar[str] = "whatsapp"
    title: ClassVar[str] = "WhatsApp Cloud API (Graph)"

    def __init__(self, context: EmulatorContext) -> None:
        super().__init__(context)
        self.token = "EAAG" + secrets.token_urlsafe(40).replace("-", "Z").replace("_", "Q")
        self.app_secret = secrets.token_hex(16)
        self.verify_token = "sandbox-verify-" + secrets.token_hex(6)
        self.phone_number_id = "106540352242922"
        self.display_phone_number = "15550783881"
        self.waba_id = "102290129340398"
        self._media: dict[str, _Media] = {}
        self._last_inbound: dict[str, float] = {}
        self.sent: list[dict[str, Any]] = []
        self.received: list[dict[str, Any]] = []
        self.webhook = _Webhook()
        self.reset_state()

    # --- Emulator -----------------------------------------------------------------------------------------
    def reset_state(self) -> None:
        self._media = {}
        self._last_inbound = {}
        self.sent = []
        self.received = []
        self.webhook = _Webhook()

    def state_view(self) -> dict[str, Any]:
        return {
            "phoneNumberId": self.phone_number_id,
            "sent": self.sent,
            "received": self.received,
            "media": [
                {
                    "id": media.id,
                    "mime_type": media.mime_type,
                    "file_size": len(media.content),
                    "sha256": media.sha256,
                }
                for media in self._media.values()
            ],
            "webhook": {"callback_url": self.webhook.callback_url, "verified": self.webhook.verified},
        }

    def export_state(self) -> dict[str, Any]:
        return {
            "media": [
                {
                    "id": media.id,
                    "content": base64.b64encode(media.content).decode("ascii"),
                    "mime_type": media.mime_type,
                    "expires_at": media.expires_at,
                }
                for media in self._media.values()
            ],
            "last_inbound": self._last_inbound,
            "sent": self.sent,
            "received": self.received,
            "webhook": {"callback_url": self.webhook.callback_url, "verified": self.webhook.verified},
        }

    def import_state(self, snapshot: Mapping[str, Any]) -> None:
        self._media = {
            item["id"]: _Media(
                item["id"], base64.b64decode(item["content"]), item["mime_type"], float(item["expires_at"])
            )
            for item in snapshot["media"]
        }
        self._last_inbound = {str(key): float(value) for key, value in snapshot["last_inbound"].items()}
        self.sent = list(snapshot["sent"])
        self.received = list(snapshot["received"])
        self.webhook = _Webhook(snapshot["webhook"]["callback_url"], bool(snapshot["webhook"]["verified"]))

    def credentials(self) -> dict[str, str]:
        return {
            "token": self.token,
            "app_secret": self.app_secret,
            "verify_token": self.verify_token,
            "phone_number_id": self.phone_number_id,
        }

    def environment(self) -> dict[str, str]:
        return {
            "WHATSAPP_BASE_URL": self.base_url,
            "WHATSAPP_API_VERSION": API_VERSION,
            "WHATSAPP_TOKEN": self.token,
            "WHATSAPP_PHONE_NUMBER_ID": self.phone_number_id,
            "WHATSAPP_APP_SECRET": self.app_secret,
            "WHATSAPP_VERIFY_TOKEN": self.verify_token,
        }

    def error_response(self, status: int, message: str) -> Response:
        if status == 404:
            return JSONResponse(_missing_object(message, "get").body, status_code=400)
        code = 2 if status in (502, 503, 504) else 1
        text = "Service temporarily unavailable" if code == 2 else "An unknown error occurred"
        return JSONResponse(_GraphError(status, text, code, details=message).body, status_code=status)

    def rate_limit_rules(self) -> list[RateLimitRule]:
        return [
            RateLimitRule("throughput", 80, timedelta(seconds=1)),
            RateLimitRule("pair", 1, timedelta(seconds=6), enabled=False),
        ]

    def rate_limit_keys(self, request: Request) -> list[tuple[str, str]]:
        parts = request.url.path.strip("/").split("/")
        if request.method == "POST" and len(parts) == 3 and parts[2] == "messages":
            return [("throughput", parts[1])]
        return []

    def rate_limited_response(self, hit: RateLimitHit) -> Response:
        if hit.rule.name == "pair":
            error = _GraphError(
                400,
                "(#131056) (Business Account, Consumer Account) pair rate limit hit",
                131056,
                details="Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.",
            )
        else:
            error = _GraphError(
                400,
                "(#130429) Rate limit hit",
                130429,
                details="Cloud API message throughput has been reached.",
            )
        return JSONResponse(error.body, status_code=400)

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/whatsapp_business/attachments/", self._download, methods=["GET"]),
            Route("/{version:str}/{phone_number_id:str}/messages", self._guard(self._send), methods=["POST"]),
            Route("/{version:str}/{phone_number_id:str}/media", self._guard(self._upload), methods=["POST"]),
            Route(
                "/{version:str}/{media_id:str}", self._guard(self._media_endpoint), methods=["GET", "DELETE"]
            ),
        ]

    def admin_routes(self) -> list[BaseRoute]:
        return [
            Route("/whatsapp/webhook", self._admin_webhook, methods=["GET", "PUT"]),
            Route("/whatsapp/inbound", self._admin_inbound, methods=["POST"]),
        ]

    # --- Python API ---------------------------------------------------------------------------------------
    def add_media(
        self, content: bytes, mime_type: str, *, lifetime: timedelta = _INBOUND_MEDIA_LIFETIME
    ) -> str:
        """Store media (as if a user had sent it) and return its id."""
        media_id = str(10**15 + secrets.randbelow(9 * 10**15))
        self._media[media_id] = _Media(
            media_id, content, mime_type, self.clock.timestamp() + lifetime.total_seconds()
        )
        return media_id

    async def configure_webhook(self, callback_url: str | None) -> bool:
        """Set the callback URL and do Meta's verification GET; ``True`` when the endpoint echoed the challenge."""
        self.webhook = _Webhook(callback_url)
        if callback_url is None:
            return False
        challenge = str(secrets.randbelow(10**9))
        query = urlencode(
            {"hub.mode": "subscribe", "hub.verify_token": self.verify_token, "hub.challenge": challenge}
        )
        separator = "&" if "?" in callback_url else "?"
        try:
            async with httpx.AsyncClient(timeout=10) as client:
                response = await client.get(f"{callback_url}{separator}{query}")
        except httpx.HTTPError:
            return False
        self.webhook.verified = response.status_code == 200 and response.text.strip() == challenge
        return self.webhook.verified

    def inbound(
        self,
        sender: str,
        *,
        name: str = "Sandbox User",
        text: str | None = None,
        image: bytes | None = None,
        mime_type: str = "image/jpeg",
        caption: str | None = None,
        receipt: Receipt | None = None,
    ) -> dict[str, Any]:
        """A user sends a text or a photo: returns the webhook payload (delivered if a callback is set).

        Without ``image`` bytes the photo is a receipt (``receipt``, or one made up from the message) rendered
        as a JPEG that OCR can read.
        """
        now = self.clock.timestamp()
        message: dict[str, Any] = {"from": sender, "id": _wamid(), "timestamp": str(int(now))}
        if text is not None and image is None:
            message |= {"type": "text", "text": {"body": text}}
        else:
            if image is None:
                image, mime_type = receipt_jpeg(receipt or sample_receipt(message["id"])), "image/jpeg"
            content = image
            media_id = self.add_media(content, mime_type)
            image_part: dict[str, Any] = {
                "mime_type": mime_type,
                "sha256": self._media[media_id].sha256,
                "id": media_id,
            }
            if caption is not None:
                image_part["caption"] = caption
            message |= {"type": "image", "image": image_part}
        self._last_inbound[sender] = now
        self.received.append(message)
        payload = self._envelope(
            {"contacts": [{"profile": {"name": name}, "wa_id": sender}], "messages": [message]}
        )
        self._deliver(payload)
        return payload

    # --- plumbing -----------------------------------------------------------------------------------------
    def _envelope(self, value: dict[str, Any]) -> dict[str, Any]:
        return {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": self.waba_id,
                    "changes": [
                        {
                            "field": "messages",
                            "value": {
                                "messaging_product": "whatsapp",
                                "metadata": {
                                    "display_phone_number": self.display_phone_number,
                                    "phone_number_id": self.phone_number_id,
                                },
                                **value,
                            },
                        }
                    ],
                }
            ],
        }

    def _deliver(self, payload: dict[str, Any]) -> None:
        if self.webhook.callback_url is None:
            return
        body = json.dumps(payload).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Hub-Signature-256": hub_signature(self.app_secret, body),
            "User-Agent": "facebookexternalua",
        }
        self.context.webhooks.send(self.name, self.webhook.callback_url, body, headers)

    def _check_token(self, request: Request) -> None:
        token = bearer_token(request)
        if token is None or not hmac.compare_digest(token, self.token):
            message = (
                "An access token is required to request this resource."
                if token is None
                else "Invalid OAuth access token - Cannot parse access token"
            )
            raise _GraphError(401, message, 190 if token is not None else 104)

    def _guard(self, handler: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            try:
                if not _VERSION.match(request.path_params["version"]):
                    raise _GraphError(
                        400, f"Unknown path components: /{request.path_params['version']}", 2500
                    )
                self._check_token(request)
                result: Response = await handler(request)
                return result
            except _GraphError as error:
                headers = (
                    {
                        "WWW-Authenticate": f'OAuth "Facebook Platform" "invalid_token" "{error.body["error"]["message"]}"'
                    }
                    if error.status == 401
                    else None
                )
                return JSONResponse(error.body, status_code=error.status, headers=headers)

        return endpoint

    def _media_url(self, media: _Media) -> str:
        expiry = int(self.clock.timestamp() + _URL_LIFETIME.total_seconds())
        signature = hmac.new(
            self.app_secret.encode(), f"{media.id}:{expiry}".encode(), hashlib.sha256
        ).hexdigest()[:32]
        query = urlencode({"mid": media.id, "ext": expiry, "hash": signature})
        return f"{self.base_url}/whatsapp_business/attachments/?{query}"

    # --- endpoints ----------------------------------------------------------------------------------------
    async def _media_endpoint(self, request: Request) -> Response:
        media_id = request.path_params["media_id"]
        media = self._media.get(media_id)
        if media is None or media.expires_at <= self.clock.timestamp():
            raise _missing_object(media_id, request.method.lower())
        phone = request.query_params.get("phone_number_id")
        if phone is not None and phone != self.phone_number_id:
            raise _param_error("Param phone_number_id is not a valid phone number id for this media.")
        if request.method == "DELETE":
            del self._media[media_id]
            return JSONResponse({"success": True})
        return JSONResponse(
            {
                "messaging_product": "whatsapp",
                "url": self._media_url(media),
                "mime_type": media.mime_type,
                "sha256": media.sha256,
                "file_size": str(len(media.content)),
                "id": media.id,
            }
        )

    async def _download(self, request: Request) -> Response:
        try:
            self._check_token(request)
        except _GraphError as error:
            return JSONResponse(error.body, status_code=401)
        media_id = request.query_params.get("mid", "")
        expiry = request.query_params.get("ext", "")
        media = self._media.get(media_id)
        expected = hmac.new(
            self.app_secret.encode(), f"{media_id}:{expiry}".encode(), hashlib.sha256
        ).hexdigest()[:32]
        if (
            media is None
            or not expiry.isdigit()
            or not hmac.compare_digest(expected, request.query_params.get("hash", ""))
        ):
            return JSONResponse(_missing_object(media_id, "get").body, status_code=404)
        if int(expiry) <= self.clock.timestamp():
            return JSONResponse(_GraphError(404, "URL signature expired", 100).body, status_code=404)
        return Response(
            media.content, media_type=media.mime_type, headers={"Content-Length": str(len(media.content))}
        )

    async def _upload(self, request: Request) -> Response:
        if request.path_params["phone_number_id"] != self.phone_number_id:
            raise _missing_object(request.path_params["phone_number_id"], "post")
        try:
            form = await request.form()
        except (AssertionError, ValueError) as error:
            raise _param_error("The parameter file is required.") from error
        if form.get("messaging_product") != "whatsapp":
            raise _param_error("The parameter messaging_product is required.")
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise _param_error("The parameter file is required.")
        content = await upload.read()
        mime = str(form.get("type") or upload.content_type or "application/octet-stream")
        media_id = self.add_media(content, mime, lifetime=_UPLOADED_MEDIA_LIFETIME)
        return JSONResponse({"id": media_id})

    async def _send(self, request: Request) -> Response:
        if request.path_params["phone_number_id"] != self.phone_number_id:
            raise _missing_object(request.path_params["phone_number_id"], "post")
        try:
            body = await read_json(request)
        except MalformedBody as error:
            raise _param_error("The parameter messaging_product is required.") from error
        if not isinstance(body, dict):
            raise _param_error("The parameter messaging_product is required.")
        if body.get("messaging_product") != "whatsapp":
            raise _param_error("The parameter messaging_product is required.")
        to = body.get("to")
        if not isinstance(to, str) or not to:
            raise _param_error("The parameter to is required.")
        wa_id = re.sub(r"\D", "", to)
        if not 8 <= len(wa_id) <= 15:
            raise _GraphError(
                400,
                "(#131009) Parameter value is not valid",
                131009,
                details="Recipient phone number is not a valid phone number.",
            )
        kind = body.get("type", "text")
        if kind not in _MESSAGE_TYPES:
            raise _param_error(
                f'Param type must be one of {{{", ".join(sorted(_MESSAGE_TYPES))}}} - got "{kind}".'
            )
        self._validate_content(kind, body)
        context = body.get("context")
        if context is not None and not (
            isinstance(context, dict) and isinstance(context.get("message_id"), str)
        ):
            raise _param_error("Param context['message_id'] is required.")
        pair = self.limiter.count("pair", f"{self.phone_number_id}:{wa_id}")
        if pair is not None and not pair.allowed:
            return self.rate_limited_response(pair)
        message_id = _wamid()
        now = self.clock.timestamp()
        last = self._last_inbound.get(wa_id)
        in_window = last is not None and now - last < _WINDOW.total_seconds()
        failed = kind != "template" and not in_window
        record = {
            "id": message_id,
            "to": wa_id,
            "type": kind,
            "payload": body,
            "status": "failed" if failed else "delivered",
        }
        self.sent.append(record)
        if failed:
            statuses = [
                self._status(
                    message_id,
                    wa_id,
                    "failed",
                    errors=[
                        {
                            "code": 131047,
                            "title": "Re-engagement message",
                            "message": "Re-engagement message",
                            "error_data": {
                                "details": "Message failed to send because more than 24 hours have passed since the customer last replied to this number."
                            },
                        }
                    ],
                )
            ]
        else:
            statuses = [self._status(message_id, wa_id, "sent"), self._status(message_id, wa_id, "delivered")]
        for status in statuses:
            self._deliver(self._envelope({"statuses": [status]}))
        answer: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "contacts": [{"input": to, "wa_id": wa_id}],
            "messages": [
                {"id": message_id, **({"message_status": "accepted"} if kind == "template" else {})}
            ],
        }
        return JSONResponse(answer)

    def _status(
        self, message_id: str, recipient: str, status: str, errors: list[dict[str, Any]] | None = None
    ) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "id": message_id,
            "status": status,
            "timestamp": str(int(self.clock.timestamp())),
            "recipient_id": recipient,
        }
        if errors:
            entry["errors"] = errors
        else:
            entry["conversation"] = {"id": secrets.token_hex(16), "origin": {"type": "service"}}
            entry["pricing"] = {"billable": True, "pricing_model": "CBP", "category": "service"}
        return entry

    def _validate_content(self, kind: str, body: dict[str, Any]) -> None:
        part = body.get(kind)
        if not isinstance(part, dict) and kind != "contacts":
            raise _param_error(f"The parameter {kind} is required.")
        if kind == "text":
            assert isinstance(part, dict)
            text = part.get("body")
            if not isinstance(text, str) or not text:
                raise _param_error("The parameter text['body'] is required.")
            if len(text) > 4096:
                raise _param_error("Param text['body'] must be at most 4096 characters long.")
        elif kind in ("image", "document", "audio", "video", "sticker"):
            assert isinstance(part, dict)
            media_id, link = part.get("id"), part.get("link")
            if media_id is None and link is None:
                raise _param_error(f"Param {kind} must contain either id or link.")
            if media_id is not None and str(media_id) not in self._media:
                raise _GraphError(
                    400,
                    "(#131053) Media upload error",
                    131053,
                    details=f"Media id {media_id} does not exist.",
                )
        elif kind == "template":
            assert isinstance(part, dict)
            if not isinstance(part.get("name"), str):
                raise _param_error("The parameter template['name'] is required.")
            language = part.get("language")
            if not isinstance(language, dict) or not isinstance(language.get("code"), str):
                raise _param_error("The parameter template['language'] is required.")

    # --- admin --------------------------------------------------------------------------------------------
    async def _admin_webhook(self, request: Request) -> Response:
        if request.method == "PUT":
            try:
                body = await read_json(request)
            except MalformedBody as error:
                return JSONResponse({"error": str(error)}, status_code=400)
            url = body.get("callback_url") if isinstance(body, dict) else None
            if url is not None and not isinstance(url, str):
                return JSONResponse({"error": "callback_url is a URL or null"}, status_code=400)
            await self.configure_webhook(url)
        return JSONResponse({"callback_url": self.webhook.callback_url, "verified": self.webhook.verified})

    async def _admin_inbound(self, request: Request) -> Response:
        try:
            body = await read_json(request)
        except MalformedBody as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        if not isinstance(body, dict) or not isinstance(body.get("from"), str):
            return JSONResponse({"error": "from (the user's wa_id) is required"}, status_code=400)
        image: bytes | None = None
        if isinstance(body.get("image_base64"), str):
            try:
                image = base64.b64decode(body["image_base64"], validate=True)
            except binascii.Error:
                return JSONResponse({"error": "image_base64 is not base64"}, status_code=400)
        text = body.get("text") if isinstance(body.get("text"), str) else None
        if body.get("type") == "image" and image is None:
            text = None
        payload = self.inbound(
            body["from"],
            name=str(body.get("name", "Sandbox User")),
            text=text,
            image=image,
            mime_type=str(body.get("mime_type", "image/jpeg")),
            receipt=_receipt_of(body.get("receipt")),
            caption=body.get("caption") if isinstance(body.get("caption"), str) else None,
        )
        return JSONResponse(payload, status_code=201)


def _receipt_of(raw: Any) -> Receipt | None:
    """``{"merchant"?, "date"?, "currency"?, "items": [[name, cents], ...]}`` from the admin endpoint."""
    if not isinstance(raw, dict):
        return None
    items = tuple(
        (str(item[0]), int(item[1]))
        for item in raw.get("items") or []
        if isinstance(item, list) and len(item) == 2 and isinstance(item[1], int)
    )
    defaults = Receipt()
    return Receipt(
        merchant=str(raw.get("merchant", defaults.merchant)),
        address=str(raw.get("address", defaults.address)),
        date=str(raw.get("date", defaults.date)),
        currency=str(raw.get("currency", defaults.currency)),
        items=items or defaults.items,
    )
