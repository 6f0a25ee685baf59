"""Flowable REST API: start process instances; worker group ``rpa``."""

from workers.integrations.flowable._client import (
    FlowableClient,
    ProcessInstance,
    flowable_variables,
    read_flowable_error,
)
from workers.integrations.flowable._settings import FlowableSettings
from workers.integrations.flowable._tasks import flowable, flowable_clients

__all__ = [
    "FlowableClient",
    "FlowableSettings",
    "ProcessInstance",
    "flowable",
    "flowable_clients",
    "flowable_variables",
    "read_flowable_error",
]
