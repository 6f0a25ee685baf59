"""MESSAGE EXPIRE: drop a buffered message whose time to live has passed."""

from __future__ import annotations

from typing import Any

from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import MessageIntent, Record, RejectionType, ValueType

__all__ = ["expire_message"]


def expire_message(command: Record[Any], pctx: ProcessingContext) -> None:
    """MESSAGE EXPIRED."""
    message = pctx.state.messages.message(command.key)
    if message is None or message.deadline > pctx.now:
        pctx.writers.reject(
            command, RejectionType.NOT_FOUND, f"Message '{command.key}' is not buffered or not expired"
        )
        return
    event = pctx.writers.event(command.key, ValueType.MESSAGE, MessageIntent.EXPIRED, message)
    pctx.writers.respond(event)
