"""zeebe_lite's REST API: a subset of Camunda 8.8's Orchestration Cluster REST API v2 (``/v2/...``).

Start it beside the gRPC gateway on the same loop with :func:`start_rest_server`; :func:`create_app` gives the
bare FastAPI app. Paths, fields, status codes and problem details (RFC 9457) follow Camunda; keys are strings;
searches take ``{filter, sort, page}`` and answer ``{items, page}``. Each resource module's docstring lists
what it serves and where zeebe_lite differs:

* :mod:`~zeebe_lite.rest.topology`: ``GET /topology``, ``GET /status``
* :mod:`~zeebe_lite.rest.deployments`: ``POST /deployments`` (multipart ``resources``)
* :mod:`~zeebe_lite.rest.definitions`: process and decision definitions (search, get, XML)
* :mod:`~zeebe_lite.rest.process_instances`: create (also awaiting completion), get, search, cancellation
* :mod:`~zeebe_lite.rest.element_instances`: search, get, ``PUT .../variables``
* :mod:`~zeebe_lite.rest.incidents`: search (also per instance), get, resolution
* :mod:`~zeebe_lite.rest.jobs`: activation, completion, failure, error, ``PATCH`` retries/timeout
* :mod:`~zeebe_lite.rest.user_tasks`: search, get, form, variables, assignment, unassignment, completion
* :mod:`~zeebe_lite.rest.variables`: search, get
* :mod:`~zeebe_lite.rest.messages`: publication, correlation
* :mod:`~zeebe_lite.rest.signals`: broadcast
* :mod:`~zeebe_lite.rest.decisions`: evaluation

There is no authentication: an ``Authorization`` header is ignored (Camunda's ``CAMUNDA_AUTH_STRATEGY=NONE``).
Search endpoints read :class:`History`, a projection of the committed record stream, so they also show ended
instances, resolved incidents and completed tasks, and see a command's effects as soon as it was answered.
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
