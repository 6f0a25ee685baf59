"""The whole product in one process, for development, demos and end-to-end tests.

``async with run_dev_stack(data_dir=...) as stack:`` starts the API emulators (:mod:`sandbox`), an embedded
zeebe_lite (gRPC gateway and REST API v2) with the models of ``bpmn/`` and ``dmn/`` deployed, and the fleet's
:class:`~workers.runtime.WorkerApp` with every integration, pointed at the emulators through the environment.
"""

from workers.dev.portal import HUBSPOT_PORTAL_PROPERTIES, prepare_sandbox
from workers.dev.stack import DevStack, default_integrations, run_dev_stack

__all__ = [
    "HUBSPOT_PORTAL_PROPERTIES",
    "DevStack",
    "default_integrations",
    "prepare_sandbox",
    "run_dev_stack",
]
