"""WhatsApp Cloud API: download inbound media into the document store, send text; worker group ``messaging``."""

from workers.integrations.whatsapp._client import Media, MediaInfo, WhatsAppClient, read_graph_error
from workers.integrations.whatsapp._settings import WhatsAppSettings
from workers.integrations.whatsapp._tasks import (
    MESSAGING_WINDOW_CLOSED,
    document_id_for,
    whatsapp,
    whatsapp_clients,
)

__all__ = [
    "MESSAGING_WINDOW_CLOSED",
    "Media",
    "MediaInfo",
    "WhatsAppClient",
    "WhatsAppSettings",
    "document_id_for",
    "read_graph_error",
    "whatsapp",
    "whatsapp_clients",
]
