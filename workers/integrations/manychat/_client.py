"""ManyChat Facebook/Instagram/WhatsApp API client (``/fb/subscriber/*``, ``/fb/sending/*``)."""

from __future__ import annotations

from typing import Any

import httpx

from workers.integrations._http import (
    ApiClient,
    ApiConfig,
    ApiFailure,
    ApiPermanentError,
    BearerAuth,
    ErrorDetail,
    Replay,
    Tuning,
    json_or_none,
    read_generic_error,
)
from workers.integrations.manychat._models import DynamicContent, FieldValue, Subscriber
from workers.integrations.manychat._settings import ManyChatSettings

__all__ = ["ManyChatClient", "read_manychat_error"]


def read_manychat_error(response: httpx.Response) -> ErrorDetail:
    """``{"status":"error","message","code"?}`` or ``{"status":"error","message","details":{"messages":[...]}}``."""
    body = json_or_none(response)
    if not isinstance(body, dict) or not isinstance(body.get("message"), str):
        return read_generic_error(response)
    message = body["message"]
    details = body.get("details")
    if isinstance(details, dict) and isinstance(details.get("messages"), list):
        reasons = [
            item["message"] for item in details["messages"] if isinstance(item, dict) and "message" in item
        ]
        if reasons:
            message += ": " + "; ".join(str(reason) for reason in reasons)
    code = body.get("code")
    return ErrorDetail(message=message, code=str(code) if code is not None else None)


def _says_not_found(response: httpx.Response) -> bool:
    # ManyChat answers an unknown subscriber with HTTP 400 and no code; only the message tells it apart.
    return "not found" in read_manychat_error(response).message.lower()


class ManyChatClient:
    """One ManyChat page (the token decides which); every method is one HTTP call (with retries)."""

    def __init__(
        self,
        settings: ManyChatSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        tuning: Tuning | None = None,
    ) -> None:
        self.api = ApiClient(
            ApiConfig(
                api="ManyChat",
                base_url=settings.base_url,
                auth=BearerAuth(settings.token),
                secrets=(settings.token.get_secret_value(),),
                read_error=read_manychat_error,
            ),
            transport=transport,
            tuning=tuning,
        )

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.api.aclose()

    def _data(self, operation: str, response: httpx.Response) -> Any:
        body = json_or_none(response)
        if not isinstance(body, dict) or body.get("status") != "success":
            detail = read_manychat_error(response)
            raise ApiPermanentError(
                self.api.redact(
                    f"ManyChat {operation} did not succeed: {detail.message}. "
                    "Fix the request data or the ManyChat configuration, then resolve the incident."
                ),
                failure=ApiFailure("ManyChat", operation, response.status_code, detail.code),
            )
        return body.get("data")

    def _subscriber(self, operation: str, response: httpx.Response) -> Subscriber | None:
        data = self._data(operation, response)
        if not data:
            return None
        return Subscriber.model_validate(data)

    async def _find_by_system_field(self, field: str, value: str) -> Subscriber | None:
        operation = "subscriber.findBySystemField"
        response = await self.api.request(
            operation,
            "GET",
            "/fb/subscriber/findBySystemField",
            replay=Replay.SAFE,
            params={field: value},
            expected=(400,),
        )
        if response.status_code == 400 and _says_not_found(response):
            return None
        return self._subscriber(operation, response)

    async def find_by_email(self, email: str) -> Subscriber | None:
        """The subscriber with this email (system field), or ``None``."""
        return await self._find_by_system_field("email", email)

    async def find_by_phone(self, phone: str) -> Subscriber | None:
        """The subscriber with this phone number (E.164, system field), or ``None``."""
        return await self._find_by_system_field("phone", phone)

    async def find_by_custom_field(self, field_id: int, value: str) -> list[Subscriber]:
        """Subscribers whose text/number custom field has this value, most recently updated first."""
        operation = "subscriber.findByCustomField"
        response = await self.api.request(
            operation,
            "GET",
            "/fb/subscriber/findByCustomField",
            replay=Replay.SAFE,
            params={"field_id": field_id, "field_value": value},
        )
        data = self._data(operation, response) or []
        return [Subscriber.model_validate(item) for item in data]

    async def get_info(self, subscriber_id: int) -> Subscriber | None:
        """The subscriber with this id, or ``None``."""
        operation = "subscriber.getInfo"
        response = await self.api.request(
            operation,
            "GET",
            "/fb/subscriber/getInfo",
            replay=Replay.SAFE,
            params={"subscriber_id": subscriber_id},
        )
        return self._subscriber(operation, response)

    async def set_custom_field(
        self,
        subscriber_id: int,
        value: FieldValue,
        *,
        field_id: int | None = None,
        field_name: str | None = None,
    ) -> None:
        """Set one custom field, named by id or by (case-insensitive) name; repeating it is harmless."""
        if (field_id is None) == (field_name is None):
            raise ValueError("give exactly one of field_id and field_name")
        if field_id is not None:
            operation, path = "subscriber.setCustomField", "/fb/subscriber/setCustomField"
            body: dict[str, Any] = {
                "subscriber_id": subscriber_id,
                "field_id": field_id,
                "field_value": value,
            }
        else:
            operation, path = "subscriber.setCustomFieldByName", "/fb/subscriber/setCustomFieldByName"
            body = {"subscriber_id": subscriber_id, "field_name": field_name, "field_value": value}
        response = await self.api.request(operation, "POST", path, replay=Replay.SAFE, json=body)
        self._data(operation, response)

    async def send_content(
        self, subscriber_id: int, content: DynamicContent, *, message_tag: str | None = None
    ) -> None:
        """Send Dynamic Block v2 content; not idempotent (a repeat sends the messages again)."""
        operation = "sending.sendContent"
        body: dict[str, Any] = {
            "subscriber_id": subscriber_id,
            "data": {"version": "v2", "content": content.model_dump(exclude_none=True)},
        }
        if message_tag:
            body["message_tag"] = message_tag
        response = await self.api.request(
            operation, "POST", "/fb/sending/sendContent", replay=Replay.UNSAFE, json=body
        )
        self._data(operation, response)

    async def send_flow(self, subscriber_id: int, flow_ns: str) -> None:
        """Start a flow for the subscriber; not idempotent."""
        operation = "sending.sendFlow"
        response = await self.api.request(
            operation,
            "POST",
            "/fb/sending/sendFlow",
            replay=Replay.UNSAFE,
            json={"subscriber_id": subscriber_id, "flow_ns": flow_ns},
        )
        self._data(operation, response)
