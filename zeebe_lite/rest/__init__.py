"""zeebe_lite's REST API: a subset of Camunda 8.8's Orchestration Cluster REST API v2 (``/v2/...``).

Start it beside the gRPC gateway on the same loop with :func:`start_rest_server`; :func:`create_app` gives the
bare FastAPI app. Paths, fields, status codes and problem details follow Camunda; each resource module's
docstring lists what it serves and where zeebe_lite differs.
"""

from zeebe_lite.rest.app import create_app
from zeebe_lite.rest.context import COMPATIBLE_CAMUNDA_VERSION, RestContext, RestSettings
from zeebe_lite.rest.history import History
from zeebe_lite.rest.server import RestServer, start_rest_server

__all__ = [
    "COMPATIBLE_CAMUNDA_VERSION",
    "History",
    "RestContext",
    "RestServer",
    "RestSettings",
    "create_app",
    "start_rest_server",
]
