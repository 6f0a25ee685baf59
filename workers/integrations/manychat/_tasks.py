"""ManyChat task handlers (worker group ``messaging``): one ManyChat call per job."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from workers import BpmnError, Integration
from workers.integrations._http import ApiPermanentError, PerEventLoop, settings_from_environment
from workers.integrations.manychat._client import ManyChatClient
from workers.integrations.manychat._models import DynamicContent, FieldValue, Subscriber
from workers.integrations.manychat._settings import ManyChatSettings

__all__ = [
    "MESSAGING_WINDOW_CLOSED",
    "SUBSCRIBER_NOT_FOUND",
    "FindSubscriberInput",
    "FindSubscriberOutput",
    "SendContentInput",
    "SendFlowInput",
    "SetCustomFieldInput",
    "manychat",
    "manychat_clients",
]

SUBSCRIBER_NOT_FOUND = "SUBSCRIBER_NOT_FOUND"
"""BPMN error: no ManyChat subscriber matches."""
MESSAGING_WINDOW_CLOSED = "MESSAGING_WINDOW_CLOSED"
"""BPMN error: ManyChat refused to send because the 24-hour window is closed (code 3011) and no tag was given."""

_WINDOW_CLOSED_CODE = "3011"

manychat = Integration("manychat", group="messaging")
manychat_clients: PerEventLoop[ManyChatClient] = PerEventLoop(
    lambda: ManyChatClient(settings_from_environment(ManyChatSettings))
)
"""The ManyChat client of the running event loop."""

ManyChatUserId = int
"""ManyChat subscriber ids are numbers; a numeric string variable is accepted too."""


class _Input(BaseModel):
    model_config = ConfigDict(extra="ignore")


class FindSubscriberInput(_Input):
    """``manychat.find-subscriber``: exactly one of email, phone (E.164) or a custom field id and value."""

    email: str | None = Field(default=None, min_length=3)
    phone: str | None = Field(default=None, pattern=r"^\+\d{6,15}$")
    customFieldId: int | None = None
    customFieldValue: str | None = None

    @model_validator(mode="after")
    def _one_criterion(self) -> FindSubscriberInput:
        if (self.customFieldId is None) != (self.customFieldValue is None):
            raise ValueError("customFieldId and customFieldValue go together")
        given = [self.email is not None, self.phone is not None, self.customFieldId is not None]
        if sum(given) != 1:
            raise ValueError("give exactly one of email, phone, customFieldId/customFieldValue")
        return self


class SubscriberView(BaseModel):
    """A subscriber as process variables see it."""

    id: str
    name: str | None
    email: str | None
    phone: str | None
    whatsappPhone: str | None
    customFields: dict[str, Any]

    @classmethod
    def of(cls, subscriber: Subscriber) -> SubscriberView:
        """The view of a ManyChat subscriber (custom fields by name)."""
        return cls(
            id=subscriber.id,
            name=subscriber.name,
            email=subscriber.email,
            phone=subscriber.phone,
            whatsappPhone=subscriber.whatsapp_phone,
            customFields={field.name: field.value for field in subscriber.custom_fields},
        )


class FindSubscriberOutput(BaseModel):
    """The subscriber's id and its main fields."""

    manychatUserId: str
    manychatSubscriber: SubscriberView


@manychat.task(
    "manychat.find-subscriber",
    timeout=timedelta(seconds=30),
    input_model=FindSubscriberInput,
    output_model=FindSubscriberOutput,
    idempotent=False,
)
async def find_subscriber(
    email: str | None = None,
    phone: str | None = None,
    customFieldId: int | None = None,
    customFieldValue: str | None = None,
) -> dict[str, Any]:
    """Look a subscriber up; none found is the BPMN error ``SUBSCRIBER_NOT_FOUND`` (a read: not recorded)."""
    client = manychat_clients.get()
    found: Subscriber | None
    if email is not None:
        found = await client.find_by_email(email)
    elif phone is not None:
        found = await client.find_by_phone(phone)
    else:
        assert customFieldId is not None and customFieldValue is not None  # checked by the input model
        matches = await client.find_by_custom_field(customFieldId, customFieldValue)
        found = matches[0] if matches else None
    if found is None:
        raise BpmnError(SUBSCRIBER_NOT_FOUND, "No ManyChat subscriber matches")
    return FindSubscriberOutput(
        manychatUserId=found.id, manychatSubscriber=SubscriberView.of(found)
    ).model_dump()


class SetCustomFieldInput(_Input):
    """``manychat.set-custom-field``: the subscriber, the field (id or name) and its new value."""

    manychatUserId: ManyChatUserId
    fieldId: int | None = None
    fieldName: str | None = Field(default=None, min_length=1)
    fieldValue: FieldValue

    @model_validator(mode="after")
    def _one_field(self) -> SetCustomFieldInput:
        if (self.fieldId is None) == (self.fieldName is None):
            raise ValueError("give exactly one of fieldId and fieldName")
        return self


@manychat.task("manychat.set-custom-field", timeout=timedelta(seconds=30), input_model=SetCustomFieldInput)
async def set_custom_field(
    manychatUserId: ManyChatUserId,
    fieldValue: FieldValue,
    fieldId: int | None = None,
    fieldName: str | None = None,
) -> dict[str, Any]:
    """Set one custom field of a subscriber."""
    await manychat_clients.get().set_custom_field(
        manychatUserId, fieldValue, field_id=fieldId, field_name=fieldName
    )
    return {}


class SendContentInput(_Input):
    """``manychat.send-content``: the subscriber, Dynamic Block v2 ``content`` and an optional message tag."""

    manychatUserId: ManyChatUserId
    content: DynamicContent
    messageTag: str | None = Field(default=None, pattern=r"^[A-Z_]+$")


async def _windowed(call: Awaitable[None]) -> None:
    try:
        await call
    except ApiPermanentError as error:
        if error.failure.code == _WINDOW_CLOSED_CODE:
            raise BpmnError(MESSAGING_WINDOW_CLOSED, error.message) from error
        raise


@manychat.task("manychat.send-content", timeout=timedelta(seconds=30), input_model=SendContentInput)
async def send_content(
    manychatUserId: ManyChatUserId, content: DynamicContent, messageTag: str | None = None
) -> dict[str, Any]:
    """Send messages to a subscriber; ``MESSAGING_WINDOW_CLOSED`` when the 24-hour window has closed."""
    await _windowed(manychat_clients.get().send_content(manychatUserId, content, message_tag=messageTag))
    return {}


class SendFlowInput(_Input):
    """``manychat.send-flow``: the subscriber and the flow's namespace (``content2018..._278589``)."""

    manychatUserId: ManyChatUserId
    flowNs: str = Field(min_length=1)


@manychat.task("manychat.send-flow", timeout=timedelta(seconds=30), input_model=SendFlowInput)
async def send_flow(manychatUserId: ManyChatUserId, flowNs: str) -> dict[str, Any]:
    """Start a ManyChat flow for the subscriber.

    No ``MESSAGING_WINDOW_CLOSED`` here: ManyChat applies the 24-hour window (and the flow's message tags) inside
    the flow, and sendFlow answers no window error (its documented errors are validation errors only).
    """
    await manychat_clients.get().send_flow(manychatUserId, flowNs)
    return {}
