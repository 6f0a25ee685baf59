"""OpenRPA bots through OpenFlow workitem queues (Node-RED webhook transport); worker group ``rpa``."""

from workers.integrations.rpa._client import OpenRPAClient, Workitem
from workers.integrations.rpa._settings import OpenRPASettings
from workers.integrations.rpa._tasks import rpa, rpa_clients

__all__ = ["OpenRPAClient", "OpenRPASettings", "Workitem", "rpa", "rpa_clients"]
