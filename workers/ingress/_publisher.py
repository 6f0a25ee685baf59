"""Publishing events as Zeebe messages (PublishMessage, ``messageId`` = the provider's event id)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Literal, Protocol

import structlog
from pyzeebe import ZeebeClient
from pyzeebe.errors import MessageAlreadyExistsError

__all__ = ["EventMessage", "MessagePublisher", "PublishResult", "ZeebeMessagePublisher"]

PublishResult = Literal["published", "duplicate"]

_log = structlog.get_logger("workers.ingress")


@dataclass(frozen=True, slots=True)
class EventMessage:
    """One message the ingress publishes for one provider event."""

    name: str
    correlation_key: str
    message_id: str
    variables: dict[str, Any] = field(default_factory=dict)


class MessagePublisher(Protocol):
    """Where verified events go; ``duplicate`` when the engine already holds a message with that id."""

    async def publish(self, message: EventMessage) -> PublishResult:
        """Publish one message."""
        ...

    async def check_ready(self) -> None:
        """Raise when the engine cannot be reached."""
        ...


class ZeebeMessagePublisher:
    """Publishes through pyzeebe's :class:`ZeebeClient` with a fixed time-to-live."""

    def __init__(self, client: ZeebeClient, time_to_live: timedelta, tenant_id: str | None = None) -> None:
        self._client = client
        self._ttl_ms = int(time_to_live.total_seconds() * 1000)
        self._tenant_id = tenant_id

    async def publish(self, message: EventMessage) -> PublishResult:
        """PublishMessage; an ``ALREADY_EXISTS`` answer (a redelivery) is ``duplicate``, not an error."""
        try:
            await self._client.publish_message(
                name=message.name,
                correlation_key=message.correlation_key,
                variables=message.variables,
                time_to_live_in_milliseconds=self._ttl_ms,
                message_id=message.message_id,
                tenant_id=self._tenant_id,
            )
        except MessageAlreadyExistsError:
            _log.info("ingress.duplicate", message=message.name, message_id=message.message_id)
            return "duplicate"
        _log.info("ingress.published", message=message.name, message_id=message.message_id)
        return "published"

    async def check_ready(self) -> None:
        """Ask the gateway for its topology."""
        await self._client.topology()
