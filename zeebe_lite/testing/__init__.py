"""Testing processes against zeebe_lite: an in-process gateway with time control, record queries and assertions.

See :class:`ZeebeTestEnvironment`; the pytest fixtures live in :mod:`zeebe_lite.testing.pytest_plugin`.
"""

from zeebe_lite.testing.assertions import (
    ProcessInstanceAssert,
    active_elements,
    open_incidents,
    root_variables,
)
from zeebe_lite.testing.environment import EngineNotIdleError, ZeebeTestEnvironment, free_port
from zeebe_lite.testing.job_mocks import MockJobWorker

__all__ = [
    "EngineNotIdleError",
    "MockJobWorker",
    "ProcessInstanceAssert",
    "ZeebeTestEnvironment",
    "active_elements",
    "free_port",
    "open_incidents",
    "root_variables",
]
