"""``GET /v2/topology`` and ``GET /v2/status``.

``/v2/status`` answers 204 (healthy: the one partition has a leader) while the server runs.
``/v2/topology`` reports one broker (node 0) leading the one partition; cluster size and replication 1.

The broker's host and port are the gRPC gateway's when the server was told them (``RestSettings``), else the
REST server's own. Besides Camunda 8.8's fields the answer carries the ones newer clients require
(``clusterId``, ``lastCompletedChangeId``, ``brokerId``, partition ``state``) so they parse it too.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from zeebe_lite.rest.context import RestContext

__all__ = ["build_router"]


def build_router(context: RestContext) -> APIRouter:
    """The topology route."""
    router = APIRouter()

    @router.get("/v2/topology")
    async def get_topology(request: Request) -> dict[str, Any]:
        settings = context.settings
        host = settings.broker_host or request.url.hostname or "localhost"
        port = settings.broker_port or request.url.port or 0
        return {
            "brokers": [
                {
                    "nodeId": 0,
                    "brokerId": 0,
                    "host": host,
                    "port": port,
                    "partitions": [
                        {"partitionId": 1, "role": "leader", "health": "healthy", "state": "active"}
                    ],
                    "version": settings.gateway_version,
                }
            ],
            "clusterId": None,
            "clusterSize": 1,
            "partitionsCount": 1,
            "replicationFactor": 1,
            "gatewayVersion": settings.gateway_version,
            "lastCompletedChangeId": "-1",
        }

    @router.get("/v2/status", status_code=204)
    async def get_status() -> Response:
        return Response(status_code=204)

    return router
