"""ManyChat API (``api.manychat.com/fb/...``): sending, subscribers, custom fields, tags, flows.

Contract (external-apis.md §2): ``Authorization: Bearer <page_id>:<secret>``; successes are
``{"status": "success"[, "data": ...]}``; errors are HTTP 400 in the two documented shapes: validation
``{"status": "error", "message", "details": {"messages": [{"message"}]}}`` and send/query
``{"status": "error", "message", "code"}`` (3011: the 24-hour window is closed and no ``message_tag`` was given).
``sendContent`` checks the Dynamic Block v2 envelope (at most 10 messages, 11 quick replies, 5 actions, known
message/button/action types, no quick replies or video/audio/file on WhatsApp) and runs its actions (tags and
fields); ``sendContentByUserRef`` does not. Rate limits are the per-operation numbers of the Swagger file (and
100 ``sendFlow`` per subscriber per hour). ManyChat documents no status, header or body for going over a limit:
the sandbox answers HTTP 429 ``{"status": "error", "message": "Too many requests"}`` without ``Retry-After``.
Authentication failures (not in the spec) are 401 ``{"status": "error", "message"}``.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

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

__all__ = ["ManyChatEmulator"]

_LIMITS = {
    "sendContent": 25,
    "sendContentByUserRef": 25,
    "sendFlow": 20,
    "getInfo": 10,
    "findBySystemField": 50,
    "findByCustomField": 10,
    "setCustomField": 10,
    "setCustomFieldByName": 10,
    "setCustomFields": 10,
    "addTag": 10,
    "addTagByName": 10,
    "removeTag": 10,
    "removeTagByName": 10,
    "createSubscriber": 10,
    "updateSubscriber": 10,
    "getCustomFields": 10,
    "createCustomField": 10,
    "getTags": 100,
    "createTag": 10,
    "getFlows": 10,
}
_MESSAGE_TYPES = {"text", "image", "video", "audio", "file", "cards", "list"}
_BUTTON_TYPES = {"url", "call", "share", "flow", "node", "buy", "dynamic_block_callback"}
_ACTION_TYPES = {"add_tag", "remove_tag", "set_field_value", "unset_field_value"}
_FIELD_TYPES = {"text", "number", "date", "datetime", "boolean"}
_WINDOW = timedelta(hours=24)
_CHANNELS = ("messenger", "instagram", "whatsapp", "telegram")


class _ManyChatError(Exception):
    def __init__(self, message: str, *, code: int | None = None, status: int = 400) -> None:
        super().__init__(message)
        self.status = status
        if code is not None:
            self.body: dict[str, Any] = {"status": "error", "message": message, "code": code}
        else:
            self.body = {
                "status": "error",
                "message": message,
                "details": {"messages": [{"message": message}]},
            }


def _field_value(kind: str, value: Any, name: str) -> Any:
    """The value checked against the field type (external-apis.md: text/number/boolean/date/datetime)."""
    ok = {
        "text": isinstance(value, str),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
    }.get(kind)
    if kind == "date":
        try:
            ok = isinstance(value, str) and bool(date.fromisoformat(value)) and len(value) == 10
        except ValueError:
            ok = False
    elif kind == "datetime":
        try:
            ok = isinstance(value, str) and datetime.fromisoformat(value).tzinfo is not None
        except ValueError:
            ok = False
    if not ok:
        raise _ManyChatError(f"Wrong value type for field '{name}' of type {kind}: {value!r}")
    return value


class ManyChatEmulator(Emulator):
    """One ManyChat page: subscribers, custom fields, tags, flows and what was sent to whom."""

    name: ClassVar[str] = "manychat"
    title: ClassVar[str] = "ManyChat API (/fb)"

    def __init__(self, context: EmulatorContext, *, page_id: int = 1234567) -> None:
        super().__init__(context)
        self.page_id = page_id
        self.token = f"{page_id}:{secrets.token_hex(16)}"
        self._subscribers: dict[str, dict[str, Any]] = {}
        self._fields: dict[int, dict[str, Any]] = {}
        self._tags: dict[int, str] = {}
        self._flows: dict[str, str] = {}
        self._channels: dict[str, str] = {}
        self.sent: list[dict[str, Any]] = []
        self.reset_state()

    # --- Emulator -----------------------------------------------------------------------------------------
    def reset_state(self) -> None:
        self._subscribers = {}
        self._fields = {
            1: {"id": 1, "name": "lead_score", "type": "number", "description": "Lead score"},
            2: {"id": 2, "name": "hubspot_contact_id", "type": "text", "description": "HubSpot contact id"},
            3: {"id": 3, "name": "payment_link", "type": "text", "description": "Checkout URL"},
            4: {"id": 4, "name": "consent_given", "type": "boolean", "description": ""},
        }
        self._tags = {1: "lead", 2: "customer", 3: "vip"}
        self._flows = {
            "content20180221085508_278589": "Welcome",
            "content20240101000000_000001": "Payment reminder",
        }
        self._channels = {}
        self.sent = []

    def state_view(self) -> dict[str, Any]:
        return {
            "pageId": self.page_id,
            "subscribers": list(self._subscribers.values()),
            "customFields": list(self._fields.values()),
            "tags": [{"id": tag_id, "name": name} for tag_id, name in self._tags.items()],
            "flows": [{"ns": ns, "name": name} for ns, name in self._flows.items()],
            "sent": self.sent,
        }

    def export_state(self) -> dict[str, Any]:
        return {
            "subscribers": list(self._subscribers.values()),
            "channels": self._channels,
            "custom_fields": list(self._fields.values()),
            "tags": [{"id": tag_id, "name": name} for tag_id, name in self._tags.items()],
            "flows": self._flows,
            "sent": self.sent,
        }

    def import_state(self, snapshot: Mapping[str, Any]) -> None:
        self._subscribers = {str(item["id"]): dict(item) for item in snapshot["subscribers"]}
        self._channels = {str(key): str(value) for key, value in snapshot["channels"].items()}
        self._fields = {int(item["id"]): dict(item) for item in snapshot["custom_fields"]}
        self._tags = {int(item["id"]): str(item["name"]) for item in snapshot["tags"]}
        self._flows = {str(key): str(value) for key, value in snapshot["flows"].items()}
        self.sent = list(snapshot["sent"])

    def credentials(self) -> dict[str, str]:
        return {"token": self.token}

    def environment(self) -> dict[str, str]:
        return {"MANYCHAT_BASE_URL": self.base_url, "MANYCHAT_TOKEN": self.token}

    def error_response(self, status: int, message: str) -> Response:
        return JSONResponse({"status": "error", "message": message}, status_code=status)

    def rate_limit_rules(self) -> list[RateLimitRule]:
        second = timedelta(seconds=1)
        rules = [RateLimitRule(operation, limit, second) for operation, limit in _LIMITS.items()]
        return [*rules, RateLimitRule("sendFlowPerSubscriber", 100, timedelta(hours=1))]

    def rate_limit_keys(self, request: Request) -> list[tuple[str, str]]:
        operation = request.url.path.rsplit("/", 1)[-1]
        return [(operation, bearer_token(request) or "anonymous")] if operation in _LIMITS else []

    def rate_limited_response(self, hit: RateLimitHit) -> Response:
        return JSONResponse({"status": "error", "message": "Too many requests"}, status_code=429)

    def routes(self) -> list[BaseRoute]:
        post, get = ["POST"], ["GET"]
        table: list[tuple[str, Callable[[Request, dict[str, Any]], Any], list[str]]] = [
            ("/fb/sending/sendContent", self._send_content, post),
            ("/fb/sending/sendContentByUserRef", self._send_by_user_ref, post),
            ("/fb/sending/sendFlow", self._send_flow, post),
            ("/fb/subscriber/getInfo", self._get_info, get),
            ("/fb/subscriber/findBySystemField", self._find_by_system_field, get),
            ("/fb/subscriber/findByCustomField", self._find_by_custom_field, get),
            ("/fb/subscriber/setCustomField", self._set_custom_field, post),
            ("/fb/subscriber/setCustomFieldByName", self._set_custom_field_by_name, post),
            ("/fb/subscriber/setCustomFields", self._set_custom_fields, post),
            ("/fb/subscriber/addTag", self._tag_by_id(add=True), post),
            ("/fb/subscriber/removeTag", self._tag_by_id(add=False), post),
            ("/fb/subscriber/addTagByName", self._tag_by_name(add=True), post),
            ("/fb/subscriber/removeTagByName", self._tag_by_name(add=False), post),
            ("/fb/subscriber/createSubscriber", self._create_subscriber, post),
            ("/fb/subscriber/updateSubscriber", self._update_subscriber, post),
            ("/fb/page/getCustomFields", self._get_custom_fields, get),
            ("/fb/page/createCustomField", self._create_custom_field, post),
            ("/fb/page/getTags", self._get_tags, get),
            ("/fb/page/createTag", self._create_tag, post),
            ("/fb/page/getFlows", self._get_flows, get),
        ]
        return [Route(path, self._endpoint(handler), methods=methods) for path, handler, methods in table]

    def admin_routes(self) -> list[BaseRoute]:
        return [Route("/manychat/subscribers", self._admin_subscriber, methods=["POST"])]

    # --- Python API ---------------------------------------------------------------------------------------
    def add_subscriber(
        self,
        *,
        first_name: str = "Sandbox",
        last_name: str = "User",
        email: str | None = None,
        phone: str | None = None,
        whatsapp_phone: str | None = None,
        last_interaction: datetime | None = None,
        subscriber_id: str | None = None,
        channel: str | None = None,
    ) -> str:
        """Add a subscriber (as if they had opted in through a channel); returns the id.

        ``channel`` (messenger, instagram, whatsapp, telegram) defaults to whatsapp for a contact known only by
        its WhatsApp number, else messenger; sendContent to a non-Messenger contact needs ``content.type``.
        """
        subscriber_id = subscriber_id or str(10**8 + secrets.randbelow(9 * 10**8))
        if channel is None:
            channel = "whatsapp" if whatsapp_phone and not (email or phone) else "messenger"
        if channel not in _CHANNELS:
            raise ValueError(f"channel is one of {', '.join(_CHANNELS)}")
        self._channels[subscriber_id] = channel
        now = self.clock.now()
        interaction = (last_interaction or now).isoformat()
        self._subscribers[subscriber_id] = {
            "id": subscriber_id,
            "page_id": self.page_id,
            "user_refs": [],
            "status": "active",
            "first_name": first_name,
            "last_name": last_name,
            "name": f"{first_name} {last_name}".strip(),
            "gender": None,
            "profile_pic": None,
            "locale": "en_US",
            "language": "English",
            "timezone": "UTC",
            "live_chat_url": f"https://app.manychat.com/fb{self.page_id}/chat/{subscriber_id}",
            "last_input_text": None,
            "optin_phone": phone is not None,
            "phone": phone,
            "optin_email": email is not None,
            "email": email,
            "subscribed": now.isoformat(),
            "last_interaction": interaction,
            "ig_last_interaction": None,
            "last_seen": interaction,
            "ig_last_seen": None,
            "is_followup_enabled": True,
            "ig_username": None,
            "ig_id": None,
            "whatsapp_phone": whatsapp_phone,
            "optin_whatsapp": whatsapp_phone is not None,
            "custom_fields": [{**definition, "value": None} for definition in self._fields.values()],
            "tags": [],
        }
        return subscriber_id

    def subscriber(self, subscriber_id: str) -> dict[str, Any] | None:
        """A subscriber's full record."""
        return self._subscribers.get(subscriber_id)

    # --- plumbing -----------------------------------------------------------------------------------------
    def _endpoint(self, handler: Callable[[Request, dict[str, Any]], Any]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            token = bearer_token(request)
            if token is None or not re.fullmatch(r"\d+:[0-9a-zA-Z]+", token):
                return JSONResponse({"status": "error", "message": "Wrong format token"}, status_code=401)
            if not hmac.compare_digest(token, self.token):
                return JSONResponse({"status": "error", "message": "Access denied"}, status_code=401)
            try:
                params: dict[str, Any] = dict(request.query_params)
                if request.method == "POST":
                    try:
                        body = await read_json(request)
                    except MalformedBody as error:
                        raise _ManyChatError(f"Invalid JSON body: {error}") from error
                    if not isinstance(body, dict):
                        raise _ManyChatError("The request body must be a JSON object")
                    params = body
                data = await handler(request, params)
            except _ManyChatError as error:
                return JSONResponse(error.body, status_code=error.status)
            answer: dict[str, Any] = {"status": "success"}
            if data is not None:
                answer["data"] = data
            return JSONResponse(answer)

        return endpoint

    def _subscriber_of(self, params: dict[str, Any]) -> dict[str, Any]:
        raw = params.get("subscriber_id")
        if raw is None or raw == "":
            raise _ManyChatError("The subscriber id field is required.")
        if isinstance(raw, bool) or not re.fullmatch(r"\d+", str(raw)):
            raise _ManyChatError("The subscriber id must be an integer.")
        found = self._subscribers.get(str(raw))
        if found is None:
            raise _ManyChatError("Subscriber does not exist")
        return found

    def _field_by_name(self, name: Any) -> dict[str, Any]:
        if not isinstance(name, str):
            raise _ManyChatError("The field name field is required.")
        for definition in self._fields.values():
            if definition["name"].lower() == name.lower():
                return definition
        raise _ManyChatError(f"Field '{name}' not found")

    def _field_by_id(self, raw: Any) -> dict[str, Any]:
        if isinstance(raw, bool) or not isinstance(raw, int | str) or not re.fullmatch(r"\d+", str(raw)):
            raise _ManyChatError("The field id field is required.")
        definition = self._fields.get(int(raw))
        if definition is None:
            raise _ManyChatError(f"Field with id {raw} not found")
        return definition

    @staticmethod
    def _set_value(subscriber: dict[str, Any], definition: dict[str, Any], value: Any) -> None:
        if value is not None:
            _field_value(definition["type"], value, definition["name"])
        for field in subscriber["custom_fields"]:
            if field["id"] == definition["id"]:
                field["value"] = value
                return
        subscriber["custom_fields"].append({**definition, "value": value})

    def _tag(self, subscriber: dict[str, Any], tag_id: int, add: bool) -> None:
        tags = [tag for tag in subscriber["tags"] if tag["id"] != tag_id]
        if add:
            tags.append({"id": tag_id, "name": self._tags[tag_id]})
        subscriber["tags"] = tags

    def _tag_id(self, name: Any) -> int:
        if not isinstance(name, str) or not name:
            raise _ManyChatError("The tag name field is required.")
        for tag_id, tag_name in self._tags.items():
            if tag_name.lower() == name.lower():
                return tag_id
        raise _ManyChatError(f"Tag '{name}' not found")

    # --- sending ------------------------------------------------------------------------------------------
    def _check_content(self, data: Any, channel: str | None) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise _ManyChatError("The data field is required.")
        if data.get("version") != "v2":
            raise _ManyChatError('Unsupported Dynamic Block version: use "v2"')
        content = data.get("content")
        if not isinstance(content, dict) or not isinstance(content.get("messages"), list):
            raise _ManyChatError("data.content.messages is required")
        kind = content.get("type")
        if channel is not None and (kind or "messenger") != channel:
            wanted = f'"{channel}"' if channel != "messenger" else "absent"
            raise _ManyChatError(f"content.type must be {wanted} for a {channel} contact")
        messages, actions = content["messages"], content.get("actions") or []
        quick_replies = content.get("quick_replies") or []
        if len(messages) > 10:
            raise _ManyChatError("Messages count can not be more than 10")
        if len(quick_replies) > 11:
            raise _ManyChatError("Quick replies count can not be more than 11")
        if len(actions) > 5:
            raise _ManyChatError("Actions count can not be more than 5")
        if kind in ("whatsapp", "telegram") and quick_replies:
            raise _ManyChatError(f"Quick replies are not supported for {kind}")
        for index, message in enumerate(messages):
            if not isinstance(message, dict) or message.get("type") not in _MESSAGE_TYPES:
                raise _ManyChatError(f"messages[{index}].type is invalid")
            if kind in ("whatsapp", "instagram") and message["type"] in ("video", "audio", "file"):
                raise _ManyChatError(f"Message type {message['type']} is not supported for {kind}")
            if message["type"] == "text" and not isinstance(message.get("text"), str):
                raise _ManyChatError(f"messages[{index}].text is required")
            if message["type"] in ("image", "video", "audio", "file") and not isinstance(
                message.get("url"), str
            ):
                raise _ManyChatError(f"messages[{index}].url is required")
            for button in message.get("buttons") or []:
                if not isinstance(button, dict) or button.get("type") not in _BUTTON_TYPES:
                    raise _ManyChatError(f"messages[{index}].buttons has an invalid type")
        for action in actions:
            if not isinstance(action, dict) or action.get("action") not in _ACTION_TYPES:
                raise _ManyChatError("actions has an invalid action")
        return content

    def _run_actions(self, subscriber: dict[str, Any], actions: list[dict[str, Any]]) -> None:
        for action in actions:
            if action["action"] in ("add_tag", "remove_tag"):
                self._tag(subscriber, self._tag_id(action.get("tag_name")), action["action"] == "add_tag")
            else:
                definition = self._field_by_name(action.get("field_name"))
                value = action.get("value") if action["action"] == "set_field_value" else None
                self._set_value(subscriber, definition, value)

    def _window_open(self, subscriber: dict[str, Any]) -> bool:
        last = subscriber.get("last_interaction")
        if not last:
            return False
        return self.clock.now() - datetime.fromisoformat(last) < _WINDOW

    async def _send_content(self, request: Request, params: dict[str, Any]) -> None:
        subscriber = self._subscriber_of(params)
        content = self._check_content(params.get("data"), self._channels.get(subscriber["id"], "messenger"))
        tag = params.get("message_tag")
        if not self._window_open(subscriber) and not tag and not params.get("otn_topic_name"):
            raise _ManyChatError(
                "Subscriber haven't interacted with your page in the last 24 hours. Use message tag to send this message",
                code=3011,
            )
        self._run_actions(subscriber, content.get("actions") or [])
        self.sent.append(
            {
                "operation": "sendContent",
                "subscriber_id": subscriber["id"],
                "data": params["data"],
                "message_tag": tag,
            }
        )

    async def _send_by_user_ref(self, request: Request, params: dict[str, Any]) -> None:
        user_ref = params.get("user_ref")
        if user_ref is None:
            raise _ManyChatError("The user ref field is required.")
        self._check_content(params.get("data"), None)
        owner = next(
            (item for item in self._subscribers.values() if str(user_ref) in map(str, item["user_refs"])),
            None,
        )
        if owner is None:
            raise _ManyChatError("user_ref is not registered", code=2011)
        self.sent.append({"operation": "sendContentByUserRef", "user_ref": user_ref, "data": params["data"]})

    async def _send_flow(self, request: Request, params: dict[str, Any]) -> None:
        subscriber = self._subscriber_of(params)
        flow_ns = params.get("flow_ns")
        if not isinstance(flow_ns, str) or not flow_ns:
            raise _ManyChatError("The flow ns field is required.")
        if flow_ns not in self._flows:
            raise _ManyChatError(f"Flow '{flow_ns}' not found")
        hit = self.limiter.count("sendFlowPerSubscriber", subscriber["id"])
        if hit is not None and not hit.allowed:
            raise _ManyChatError("Too many requests", status=429)
        self.sent.append({"operation": "sendFlow", "subscriber_id": subscriber["id"], "flow_ns": flow_ns})

    # --- subscribers --------------------------------------------------------------------------------------
    async def _get_info(self, request: Request, params: dict[str, Any]) -> dict[str, Any]:
        return self._subscriber_of(params)

    async def _find_by_system_field(self, request: Request, params: dict[str, Any]) -> dict[str, Any]:
        given = [name for name in ("email", "phone") if params.get(name)]
        if len(given) != 1:
            raise _ManyChatError("Exactly one of the fields email or phone must be given")
        field = given[0]
        wanted = params[field].lower() if field == "email" else params[field]
        for subscriber in self._subscribers.values():
            value = subscriber.get(field)
            if value is not None and (value.lower() if field == "email" else value) == wanted:
                return subscriber
        raise _ManyChatError("Subscriber not found")

    async def _find_by_custom_field(self, request: Request, params: dict[str, Any]) -> list[dict[str, Any]]:
        definition = self._field_by_id(params.get("field_id"))
        if definition["type"] not in ("text", "number"):
            raise _ManyChatError("Only Text and Number fields are supported")
        value = params.get("field_value")
        if value is None:
            raise _ManyChatError("The field value field is required.")
        matches = [
            subscriber
            for subscriber in self._subscribers.values()
            if any(
                field["id"] == definition["id"]
                and field["value"] is not None
                and str(field["value"]) == str(value)
                for field in subscriber["custom_fields"]
            )
        ]
        matches.sort(key=lambda subscriber: subscriber.get("last_interaction") or "", reverse=True)
        return matches[:100]

    async def _set_custom_field(self, request: Request, params: dict[str, Any]) -> None:
        subscriber = self._subscriber_of(params)
        self._set_value(subscriber, self._field_by_id(params.get("field_id")), params.get("field_value"))

    async def _set_custom_field_by_name(self, request: Request, params: dict[str, Any]) -> None:
        subscriber = self._subscriber_of(params)
        self._set_value(subscriber, self._field_by_name(params.get("field_name")), params.get("field_value"))

    async def _set_custom_fields(self, request: Request, params: dict[str, Any]) -> None:
        subscriber = self._subscriber_of(params)
        fields = params.get("fields")
        if not isinstance(fields, list) or not fields:
            raise _ManyChatError("The fields field is required.")
        if len(fields) > 20:
            raise _ManyChatError("The fields may not have more than 20 items.")
        planned = []
        for item in fields:
            if not isinstance(item, dict):
                raise _ManyChatError("Each field is an object")
            definition = (
                self._field_by_id(item["field_id"])
                if "field_id" in item
                else self._field_by_name(item.get("field_name"))
            )
            if item.get("field_value") is not None:
                _field_value(definition["type"], item["field_value"], definition["name"])
            planned.append((definition, item.get("field_value")))
        for definition, value in planned:
            self._set_value(subscriber, definition, value)

    def _tag_by_id(self, *, add: bool) -> Callable[[Request, dict[str, Any]], Any]:
        async def handler(request: Request, params: dict[str, Any]) -> None:
            subscriber = self._subscriber_of(params)
            raw = params.get("tag_id")
            if isinstance(raw, bool) or not isinstance(raw, int) or raw not in self._tags:
                raise _ManyChatError("Tag not found")
            self._tag(subscriber, raw, add)

        return handler

    def _tag_by_name(self, *, add: bool) -> Callable[[Request, dict[str, Any]], Any]:
        async def handler(request: Request, params: dict[str, Any]) -> None:
            subscriber = self._subscriber_of(params)
            self._tag(subscriber, self._tag_id(params.get("tag_name")), add)

        return handler

    def _subscriber_fields(self, params: dict[str, Any]) -> dict[str, Any]:
        allowed = {
            "first_name",
            "last_name",
            "phone",
            "whatsapp_phone",
            "email",
            "gender",
            "has_opt_in_sms",
            "has_opt_in_email",
            "consent_phrase",
        }
        unknown = set(params) - allowed - {"subscriber_id"}
        if unknown:
            raise _ManyChatError(f"Unknown fields: {', '.join(sorted(unknown))}")
        email = params.get("email")
        if email is not None and (
            not isinstance(email, str) or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email)
        ):
            raise _ManyChatError("The email must be a valid email address.")
        for phone_field in ("phone", "whatsapp_phone"):
            phone = params.get(phone_field)
            if phone is not None and (not isinstance(phone, str) or not re.fullmatch(r"\+?\d{8,15}", phone)):
                raise _ManyChatError(f"The {phone_field} format is invalid.")
        if (
            (params.get("phone") or params.get("email"))
            and not params.get("consent_phrase")
            and (params.get("has_opt_in_sms") or params.get("has_opt_in_email"))
        ):
            raise _ManyChatError("The consent phrase field is required when opting in.")
        return params

    async def _create_subscriber(self, request: Request, params: dict[str, Any]) -> dict[str, Any]:
        fields = self._subscriber_fields(params)
        if not any(fields.get(name) for name in ("phone", "whatsapp_phone", "email")):
            raise _ManyChatError("One of phone, whatsapp_phone or email is required.")
        for name in ("email", "phone", "whatsapp_phone"):
            if fields.get(name) and any(
                item.get(name) == fields[name] for item in self._subscribers.values()
            ):
                raise _ManyChatError(f"Subscriber with this {name} already exists")
        subscriber_id = self.add_subscriber(
            first_name=str(fields.get("first_name", "")),
            last_name=str(fields.get("last_name", "")),
            email=fields.get("email"),
            phone=fields.get("phone"),
            whatsapp_phone=fields.get("whatsapp_phone"),
        )
        subscriber = self._subscribers[subscriber_id]
        subscriber["last_interaction"] = None
        subscriber["gender"] = fields.get("gender")
        return subscriber

    async def _update_subscriber(self, request: Request, params: dict[str, Any]) -> dict[str, Any]:
        subscriber = self._subscriber_of(params)
        fields = self._subscriber_fields(params)
        for name in ("first_name", "last_name", "phone", "whatsapp_phone", "email", "gender"):
            if name in fields:
                subscriber[name] = fields[name]
        subscriber["name"] = f"{subscriber['first_name']} {subscriber['last_name']}".strip()
        subscriber["optin_email"] = subscriber["email"] is not None
        subscriber["optin_phone"] = subscriber["phone"] is not None
        return subscriber

    # --- page ---------------------------------------------------------------------------------------------
    async def _get_custom_fields(self, request: Request, params: dict[str, Any]) -> list[dict[str, Any]]:
        return list(self._fields.values())

    async def _create_custom_field(self, request: Request, params: dict[str, Any]) -> dict[str, Any]:
        caption, kind = params.get("caption"), params.get("type")
        if not isinstance(caption, str) or not caption:
            raise _ManyChatError("The caption field is required.")
        if kind not in _FIELD_TYPES:
            raise _ManyChatError(f"The selected type is invalid (one of {', '.join(sorted(_FIELD_TYPES))}).")
        if any(field["name"].lower() == caption.lower() for field in self._fields.values()):
            raise _ManyChatError("Custom field with this name already exists")
        field_id = max(self._fields, default=0) + 1
        self._fields[field_id] = {
            "id": field_id,
            "name": caption,
            "type": kind,
            "description": str(params.get("description", "")),
        }
        return {"field": self._fields[field_id]}

    async def _get_tags(self, request: Request, params: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"id": tag_id, "name": name} for tag_id, name in self._tags.items()]

    async def _create_tag(self, request: Request, params: dict[str, Any]) -> dict[str, Any]:
        name = params.get("name")
        if not isinstance(name, str) or not name:
            raise _ManyChatError("The name field is required.")
        if any(existing.lower() == name.lower() for existing in self._tags.values()):
            raise _ManyChatError("Tag with this name already exists")
        tag_id = max(self._tags, default=0) + 1
        self._tags[tag_id] = name
        return {"tag": {"id": tag_id, "name": name}}

    async def _get_flows(self, request: Request, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "flows": [{"ns": ns, "name": name, "folder_id": 0} for ns, name in self._flows.items()],
            "folders": [],
        }

    # --- admin --------------------------------------------------------------------------------------------
    async def _admin_subscriber(self, request: Request) -> Response:
        try:
            body = await read_json(request)
        except MalformedBody as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"error": "expected an object"}, status_code=400)
        hours = body.get("last_interaction_hours_ago", 0)
        if not isinstance(hours, int | float) or isinstance(hours, bool):
            return JSONResponse({"error": "last_interaction_hours_ago is a number"}, status_code=400)
        try:
            subscriber_id = self.add_subscriber(
                first_name=str(body.get("first_name", "Sandbox")),
                last_name=str(body.get("last_name", "User")),
                email=body.get("email"),
                phone=body.get("phone"),
                whatsapp_phone=body.get("whatsapp_phone"),
                last_interaction=self.clock.now() - timedelta(hours=hours),
                subscriber_id=str(body["id"]) if body.get("id") is not None else None,
                channel=body.get("channel") if isinstance(body.get("channel"), str) else None,
            )
        except ValueError as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        return JSONResponse(self._subscribers[subscriber_id], status_code=201)
