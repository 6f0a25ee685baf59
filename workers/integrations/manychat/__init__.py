"""ManyChat: find subscribers, set custom fields, send Dynamic Block content and flows; worker group ``messaging``."""

from workers.integrations.manychat._client import ManyChatClient, read_manychat_error
from workers.integrations.manychat._models import DynamicContent, Subscriber
from workers.integrations.manychat._settings import ManyChatSettings
from workers.integrations.manychat._tasks import (
    MESSAGING_WINDOW_CLOSED,
    SUBSCRIBER_NOT_FOUND,
    manychat,
    manychat_clients,
)

__all__ = [
    "MESSAGING_WINDOW_CLOSED",
    "SUBSCRIBER_NOT_FOUND",
    "DynamicContent",
    "ManyChatClient",
    "ManyChatSettings",
    "Subscriber",
    "manychat",
    "manychat_clients",
    "read_manychat_error",
]
