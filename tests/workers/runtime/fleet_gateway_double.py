"""A test-only, in-process Zeebe gateway double: just enough of the job API to drive FleetWorker.

It is not an engine (zeebe_lite's gateway is): jobs are queued by the test, handed out by ActivateJobs or pushed
by StreamActivatedJobs, and the job commands are recorded. Failures can be injected per call.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import grpc
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto import gateway_pb2_grpc as pb_grpc


@dataclass
class Recorded:
    completed: dict[int, dict[str, Any]] = field(default_factory=dict)
    failed: dict[int, pb.FailJobRequest] = field(default_factory=dict)
    thrown: dict[int, pb.ThrowErrorRequest] = field(default_factory=dict)


class FakeGateway(pb_grpc.GatewayServicer):
    def __init__(self) -> None:
        self.pending: dict[str, list[pb.ActivatedJob]] = defaultdict(list)
        self.recorded = Recorded()
        self.activate_failures: list[grpc.StatusCode] = []
        self.activate_calls = 0
        self.polls_return_jobs = True
        self.stream_calls = 0
        self.pushed = 0
        self.requested_max_jobs: list[int] = []
        self._next_key = 1000

    def add_jobs(
        self, task_type: str, count: int, variables: dict[str, Any] | None = None, **fields: Any
    ) -> list[int]:
        keys = []
        for _ in range(count):
            self._next_key += 1
            key = self._next_key
            self.pending[task_type].append(
                pb.ActivatedJob(
                    key=key,
                    type=task_type,
                    processInstanceKey=key + 100_000,
                    bpmnProcessId="proc",
                    processDefinitionVersion=1,
                    processDefinitionKey=1,
                    elementId="task",
                    elementInstanceKey=key + 200_000,
                    customHeaders="{}",
                    retries=fields.get("retries", 3),
                    variables=json.dumps(variables or {}),
                    tenantId="<default>",
                )
            )
            keys.append(key)
        return keys

    def _take(self, task_type: str, worker: str, timeout_ms: int, limit: int) -> list[pb.ActivatedJob]:
        jobs, self.pending[task_type] = self.pending[task_type][:limit], self.pending[task_type][limit:]
        deadline = int(time.time() * 1000) + timeout_ms
        for job in jobs:
            job.worker, job.deadline = worker, deadline
        return jobs

    async def ActivateJobs(
        self, request: pb.ActivateJobsRequest, context: Any
    ) -> AsyncIterator[pb.ActivateJobsResponse]:
        self.activate_calls += 1
        if self.activate_failures:
            await context.abort(self.activate_failures.pop(0), "injected failure")
        self.requested_max_jobs.append(request.maxJobsToActivate)
        long_poll = (request.requestTimeout or 10_000) / 1000
        end = time.monotonic() + min(long_poll, 0.5)
        while not (self.polls_return_jobs and self.pending[request.type]) and time.monotonic() < end:  # noqa: ASYNC110 - polls state of the test double
            await asyncio.sleep(0.01)
        if not self.polls_return_jobs:
            return
        jobs = self._take(request.type, request.worker, request.timeout, request.maxJobsToActivate)
        if jobs:
            yield pb.ActivateJobsResponse(jobs=jobs)

    async def StreamActivatedJobs(
        self, request: pb.StreamActivatedJobsRequest, context: Any
    ) -> AsyncIterator[pb.ActivatedJob]:
        self.stream_calls += 1
        while True:
            for job in self._take(request.type, request.worker, request.timeout, 1):
                self.pushed += 1
                yield job
                break
            else:
                await asyncio.sleep(0.01)

    async def CompleteJob(self, request: pb.CompleteJobRequest, context: Any) -> pb.CompleteJobResponse:
        self.recorded.completed[request.jobKey] = json.loads(request.variables or "{}")
        return pb.CompleteJobResponse()

    async def FailJob(self, request: pb.FailJobRequest, context: Any) -> pb.FailJobResponse:
        self.recorded.failed[request.jobKey] = request
        return pb.FailJobResponse()

    async def ThrowError(self, request: pb.ThrowErrorRequest, context: Any) -> pb.ThrowErrorResponse:
        self.recorded.thrown[request.jobKey] = request
        return pb.ThrowErrorResponse()

    async def Topology(self, request: pb.TopologyRequest, context: Any) -> pb.TopologyResponse:
        return pb.TopologyResponse(
            clusterSize=1, partitionsCount=1, replicationFactor=1, gatewayVersion="fake"
        )

    @property
    def finished(self) -> int:
        return len(self.recorded.completed) + len(self.recorded.failed) + len(self.recorded.thrown)


async def serve(servicer: FakeGateway) -> tuple[grpc.aio.Server, str]:
    server = grpc.aio.server()
    pb_grpc.add_GatewayServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    return server, f"127.0.0.1:{port}"
