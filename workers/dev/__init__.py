"""The whole product in one process, for development, demos and end-to-end tests.

``async with run_dev_stack(data_dir=...) as stack:`` starts the API emulators (:mod:`sandbox`), an embedded
zeebe_lite (gRPC gateway and REST API v2) with the models of ``bpmn/`` and ``dmn/`` deployed, and the fleet's
:class:`~workers.runtime.WorkerApp` with every integration, pointed at the emulators through the environment.
"""

from workers.dev.demo import DemoError, DemoOutcome, FlowOutcome, run_demo
from workers.dev.portal import HUBSPOT_PORTAL_PROPERTIES, prepare_sandbox
from workers.dev.ports import DEFAULT_PORTS, DevPorts, PortBusyError, check_ports_free, parse_ports
from workers.dev.session import DevSession, read_session, write_session
from workers.dev.stack import DevStack, default_integrations, run_dev_stack

__all__ = [
    "DEFAULT_PORTS",
    "HUBSPOT_PORTAL_PROPERTIES",
    "DemoError",
    "DemoOutcome",
    "DevPorts",
    "DevSession",
    "DevStack",
    "FlowOutcome",
    "PortBusyError",
    "check_ports_free",
    "default_integrations",
    "parse_ports",
    "prepare_sandbox",
    "read_session",
    "run_demo",
    "run_dev_stack",
    "write_session",
]
