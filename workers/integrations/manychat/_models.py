"""ManyChat API bodies: the subscriber object and the Dynamic Block v2 content sent with ``sendContent``."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["DynamicContent", "FieldValue", "Subscriber"]

FieldValue = str | int | float | bool
"""A custom field value: text, number, boolean, or a date/datetime as ISO text."""


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class CustomFieldValue(_Open):
    """One custom field of a subscriber."""

    id: int | str
    name: str
    type: str | None = None
    value: Any = None


class Subscriber(_Open):
    """The subscriber fields the fleet reads; the rest is kept as extra fields."""

    id: str
    first_name: str | None = None
    last_name: str | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    whatsapp_phone: str | None = None
    subscribed: str | None = None
    custom_fields: list[CustomFieldValue] = Field(default_factory=list)


class DynamicContent(BaseModel):
    """``data.content`` of a Dynamic Block v2 message: up to 10 messages, 5 actions, 11 quick replies."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["instagram", "whatsapp", "telegram"] | None = None
    messages: list[dict[str, Any]] = Field(min_length=1, max_length=10)
    actions: list[dict[str, Any]] = Field(default_factory=list, max_length=5)
    quick_replies: list[dict[str, Any]] = Field(default_factory=list, max_length=11)
