"""``python -m benchmarks._noop_gateway --port P``: a bare grpc.aio server answering Topology with nothing.

The reference ceiling of the engine benchmark: what one unary call costs over the same gRPC stack, with no
engine behind it.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
from typing import Any

import grpc
from pyzeebe.proto import gateway_pb2 as pb

__all__ = ["noop_gateway_handler", "serve"]

READY_LINE = "noop gateway listening"


async def _topology(request: pb.TopologyRequest, context: Any) -> pb.TopologyResponse:
    return pb.TopologyResponse()


def noop_gateway_handler() -> Any:
    """``gateway_protocol.Gateway`` with only Topology, answered with an empty response (others: UNIMPLEMENTED)."""
    topology = grpc.unary_unary_rpc_method_handler(
        _topology,
        request_deserializer=pb.TopologyRequest.FromString,
        response_serializer=pb.TopologyResponse.SerializeToString,
    )
    return grpc.method_handlers_generic_handler("gateway_protocol.Gateway", {"Topology": topology})


async def serve(port: int) -> None:
    """Serve on 127.0.0.1:``port`` until SIGTERM/SIGINT."""
    server = grpc.aio.server()
    server.add_generic_rpc_handlers((noop_gateway_handler(),))
    server.add_insecure_port(f"127.0.0.1:{port}")
    await server.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    print(f"{READY_LINE} on 127.0.0.1:{port}", flush=True)
    await stop.wait()
    await server.stop(1.0)


def main() -> None:
    """Parse ``--port`` and serve."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks._noop_gateway", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    port = parser.parse_args().port
    try:  # the same event loop as `zeebe_lite serve` (see zeebe_lite.cli.serve.run_serve)
        import uvloop
    except ImportError:
        asyncio.run(serve(port))
        return
    uvloop.run(serve(port))


if __name__ == "__main__":
    main()
