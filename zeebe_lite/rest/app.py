"""The FastAPI application: every resource's routes plus problem-detail error handling."""

from __future__ import annotations

from fastapi import FastAPI

from zeebe_lite.rest import (
    decisions,
    definitions,
    deployments,
    element_instances,
    incidents,
    jobs,
    messages,
    process_instances,
    resources,
    signals,
    topology,
    user_tasks,
    variables,
)
from zeebe_lite.rest.context import RestContext
from zeebe_lite.rest.problems import register_problem_handlers

__all__ = ["create_app"]

_RESOURCES = (
    topology,
    deployments,
    resources,
    definitions,
    process_instances,
    element_instances,
    incidents,
    jobs,
    user_tasks,
    variables,
    messages,
    signals,
    decisions,
)


def create_app(context: RestContext) -> FastAPI:
    """An app serving Camunda 8.8's REST API v2 (the supported subset) over ``context``."""
    app = FastAPI(
        title="zeebe_lite REST API",
        summary="A subset of Camunda 8.8's Orchestration Cluster REST API v2",
        docs_url=None,
        redoc_url=None,
    )
    register_problem_handlers(app)
    for resource in _RESOURCES:
        app.include_router(resource.build_router(context))
    return app
