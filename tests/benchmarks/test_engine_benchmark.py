"""The engine benchmark's building blocks: its process model, its no-op ceiling server, its percentiles."""

from __future__ import annotations

from datetime import timedelta

import grpc
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

from benchmarks._noop_gateway import noop_gateway_handler
from benchmarks.engine import JOB_TYPE, PROCESS_ID, _percentile, one_task_bpmn
from zeebe_lite.engine import Engine


def test_the_one_task_process_completes_after_its_job() -> None:
    engine = Engine.open(None)
    engine.deploy({"one_task.bpmn": one_task_bpmn()})
    created = engine.create_process_instance(bpmn_process_id=PROCESS_ID, variables={"n": 7})
    [job] = engine.activate_jobs(JOB_TYPE, "w", timedelta(seconds=30), 10)
    assert job.record.variables == {"n": 7}
    assert engine.state.element_instances.get(created.process_instance_key) is not None
    engine.complete_job(job.key, {})
    assert engine.state.element_instances.get(created.process_instance_key) is None
    engine.close()


async def test_the_noop_gateway_answers_topology_and_nothing_else() -> None:
    server = grpc.aio.server()
    server.add_generic_rpc_handlers((noop_gateway_handler(),))
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = GatewayStub(channel)
            assert await stub.Topology(pb.TopologyRequest()) == pb.TopologyResponse()
            try:
                await stub.CompleteJob(pb.CompleteJobRequest(jobKey=1))
            except grpc.aio.AioRpcError as error:
                assert error.code() is grpc.StatusCode.UNIMPLEMENTED
            else:
                raise AssertionError("CompleteJob should be unimplemented")
    finally:
        await server.stop(None)


def test_percentiles_pick_the_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert _percentile(values, 0.50) == 50.0
    assert _percentile(values, 0.99) == 99.0
    assert _percentile([3.0], 0.99) == 3.0
