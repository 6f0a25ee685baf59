"""HubSpot CRM v3: contacts (upsert by email, read, update stage/status/owner, search); worker group ``crm``."""

from workers.integrations.hubspot._client import HubSpotClient, read_hubspot_error
from workers.integrations.hubspot._settings import HubSpotSettings
from workers.integrations.hubspot._tasks import CONTACT_NOT_FOUND, hubspot, hubspot_clients

__all__ = [
    "CONTACT_NOT_FOUND",
    "HubSpotClient",
    "HubSpotSettings",
    "hubspot",
    "hubspot_clients",
    "read_hubspot_error",
]
