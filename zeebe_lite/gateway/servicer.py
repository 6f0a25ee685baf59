"""The Zeebe gateway service (``gateway_protocol.Gateway``) on top of :class:`~zeebe_lite.engine.AsyncEngine`.

Every RPC becomes one engine command (or a read of the engine state); rejections become the gRPC status
codes Zeebe's gateway uses (see :mod:`zeebe_lite.gateway.errors`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterator, Awaitable, Iterable
from typing import Any, NoReturn, TypeVar

import grpc
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayServicer

from zeebe_lite.engine import AsyncEngine, CommandRejectedError, EngineFailedError
from zeebe_lite.gateway.admission import CommandAdmission
from zeebe_lite.gateway.decisions import evaluation_response
from zeebe_lite.gateway.documents import read_document, write_document
from zeebe_lite.gateway.errors import GatewayError
from zeebe_lite.gateway.messages import activated_job, deployments, process_metadata
from zeebe_lite.gateway.settings import GatewaySettings
from zeebe_lite.processing import commands as cmd
from zeebe_lite.processing.commands import ActivatedJob
from zeebe_lite.processing.writers import CommandResponse
from zeebe_lite.records import (
    NO_KEY,
    TENANT_DEFAULT,
    DeploymentRecord,
    ModificationActivateInstruction,
    ModificationVariableInstruction,
    ProcessInstanceMigrationMappingInstruction,
    Record,
)

__all__ = ["ZeebeGatewayServicer"]

T = TypeVar("T")
Context = Any
"""``grpc.aio.ServicerContext`` (grpc ships no type information)."""

_MILLIS = dt.timedelta(milliseconds=1)
_STREAM_WAIT = dt.timedelta(seconds=30)
_STREAM_BACK_OFF = 0.05
_log = logging.getLogger(__name__)


class ZeebeGatewayServicer(GatewayServicer):
    """Serves every RPC of Zeebe's gateway from an engine."""

    def __init__(self, engine: AsyncEngine, settings: GatewaySettings) -> None:
        """Serve ``engine`` with ``settings`` (the advertised port may be updated with :attr:`port`)."""
        self._engine = engine
        self._settings = settings
        self._admission = CommandAdmission(settings.max_pending_commands)
        self._closing = asyncio.Event()
        self.port = settings.port

    def begin_shutdown(self) -> None:
        """End long polls (with what they have) and job streams now, so the server can stop without waiting."""
        self._closing.set()

    @property
    def admission(self) -> CommandAdmission:
        """The back-pressure counter (commands in flight)."""
        return self._admission

    # ------------------------------------------------------------------------------------------ helpers

    async def _submit(self, command: Record[Any]) -> CommandResponse:
        """Submit a command; the accepted answer, or a GatewayError carrying the rejection."""
        with self._admission.slot():
            try:
                response = await self._engine.submit(command)
            except EngineFailedError as error:
                raise GatewayError(
                    grpc.StatusCode.UNAVAILABLE, f"The engine is not available: {error}"
                ) from error
        if response.rejection_type is not None:
            raise GatewayError.rejected(
                response.rejection_type, response.rejection_reason, command.intent.value
            )
        return response

    async def _guard(self, context: Context, action: Awaitable[T]) -> T:
        """Run a unary RPC's work, turning gateway errors into gRPC statuses."""
        try:
            return await action
        except GatewayError as error:
            await _abort(context, error)
        except Exception as error:
            await _abort(context, _internal(error))

    async def _wait_for_jobs(self, job_type: str, within: dt.timedelta) -> bool:
        """True when a job of the type may be activatable; False after ``within`` or when shutting down."""
        if self._closing.is_set():
            return False
        jobs = asyncio.ensure_future(self._engine.wait_for_jobs(job_type, within))
        closing = asyncio.ensure_future(self._closing.wait())
        try:
            await asyncio.wait((jobs, closing), return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in (jobs, closing):
                waiter.cancel()
        return jobs.done() and not jobs.cancelled() and jobs.result()

    async def _activate(
        self, job_type: str, worker: str, job_timeout_ms: int, max_jobs: int, fetch: Iterable[str]
    ) -> list[ActivatedJob]:
        command = cmd.activate_jobs_command(
            job_type, worker, job_timeout_ms * _MILLIS, max_jobs, tuple(fetch)
        )
        response = await self._submit(command)
        batch = response.value
        return [ActivatedJob(key, job) for key, job in zip(batch.job_keys, batch.jobs, strict=True)]

    # ------------------------------------------------------------------------------------------ cluster

    async def Topology(self, request: pb.TopologyRequest, context: Context) -> pb.TopologyResponse:
        """One broker that leads the only partition."""
        version = self._settings.gateway_version
        partition = pb.Partition(
            partitionId=1,
            role=pb.Partition.PartitionBrokerRole.LEADER,
            health=pb.Partition.PartitionBrokerHealth.HEALTHY,
        )
        broker = pb.BrokerInfo(
            nodeId=0, host=self._settings.host, port=self.port, partitions=[partition], version=version
        )
        return pb.TopologyResponse(
            brokers=[broker], clusterSize=1, partitionsCount=1, replicationFactor=1, gatewayVersion=version
        )

    # ------------------------------------------------------------------------------------------ deployment

    async def DeployResource(
        self, request: pb.DeployResourceRequest, context: Context
    ) -> pb.DeployResourceResponse:
        """Deploy BPMN and DMN resources atomically."""
        return await self._guard(context, self._deploy_resource(request))

    async def _deploy_resource(self, request: pb.DeployResourceRequest) -> pb.DeployResourceResponse:
        _check_tenant(request.tenantId)
        key, deployment = await self._deploy((item.name, item.content) for item in request.resources)
        return pb.DeployResourceResponse(
            key=key, deployments=deployments(deployment), tenantId=TENANT_DEFAULT
        )

    async def DeployProcess(
        self, request: pb.DeployProcessRequest, context: Context
    ) -> pb.DeployProcessResponse:
        """The deprecated BPMN-only deployment."""
        return await self._guard(context, self._deploy_process(request))

    async def _deploy_process(self, request: pb.DeployProcessRequest) -> pb.DeployProcessResponse:
        key, deployment = await self._deploy((item.name, item.definition) for item in request.processes)
        return pb.DeployProcessResponse(key=key, processes=process_metadata(deployment))

    async def _deploy(self, resources: Iterable[tuple[str, bytes]]) -> tuple[int, DeploymentRecord]:
        decoded: list[tuple[str, bytes | str]] = []
        for name, content in resources:
            try:
                decoded.append((name, content.decode("utf-8")))
            except UnicodeDecodeError as error:
                raise GatewayError.invalid_argument(
                    f"Expected resource '{name}' to be UTF-8 text, but it is not: {error}"
                ) from error
        if not decoded:
            raise GatewayError.invalid_argument("Expected to deploy at least one resource, but none given")
        response = await self._submit(cmd.deploy_command(decoded))
        assert response.record is not None
        return response.record.key, response.value

    async def DeleteResource(
        self, request: pb.DeleteResourceRequest, context: Context
    ) -> pb.DeleteResourceResponse:
        """Delete a process definition (it drains) or a DMN resource by key."""
        await self._guard(context, self._submit(cmd.delete_resource_command(request.resourceKey)))
        return pb.DeleteResourceResponse()

    # ------------------------------------------------------------------------------------------ instances

    async def CreateProcessInstance(
        self, request: pb.CreateProcessInstanceRequest, context: Context
    ) -> pb.CreateProcessInstanceResponse:
        """Start an instance at the none start event."""
        return await self._guard(context, self._create_instance(request))

    async def _create_instance(
        self, request: pb.CreateProcessInstanceRequest
    ) -> pb.CreateProcessInstanceResponse:
        command = _creation_command(request, await_result=False)
        created = (await self._submit(command)).value
        return pb.CreateProcessInstanceResponse(
            processDefinitionKey=created.process_definition_key,
            bpmnProcessId=created.bpmn_process_id,
            version=created.version,
            processInstanceKey=created.process_instance_key,
            tenantId=created.tenant_id,
        )

    async def CreateProcessInstanceWithResult(
        self, request: pb.CreateProcessInstanceWithResultRequest, context: Context
    ) -> pb.CreateProcessInstanceWithResultResponse:
        """Start an instance and answer when it completes (DEADLINE_EXCEEDED after ``requestTimeout``)."""
        return await self._guard(context, self._create_with_result(request))

    async def _create_with_result(
        self, request: pb.CreateProcessInstanceWithResultRequest
    ) -> pb.CreateProcessInstanceWithResultResponse:
        inner = request.request
        _check_creation(inner)
        variables = read_document(inner.variables)
        timeout = (
            request.requestTimeout * _MILLIS if request.requestTimeout > 0 else self._settings.request_timeout
        )
        self._admission.check()
        try:
            created, result = await self._engine.create_process_instance_with_result(
                bpmn_process_id=inner.bpmnProcessId,
                version=inner.version,
                process_definition_key=inner.processDefinitionKey or NO_KEY,
                variables=variables,
                request_timeout=timeout,
                fetch_variables=tuple(request.fetchVariables),
                start_element_ids=[instruction.elementId for instruction in inner.startInstructions],
            )
        except CommandRejectedError as error:
            raise GatewayError.rejected(
                error.rejection_type, error.reason, "CREATE_WITH_AWAITING_RESULT"
            ) from error
        except TimeoutError as error:
            raise GatewayError(
                grpc.StatusCode.DEADLINE_EXCEEDED,
                f"Time out between gateway and broker: Request timed out after PT{timeout.total_seconds():g}S",
            ) from error
        except EngineFailedError as error:
            raise GatewayError(
                grpc.StatusCode.UNAVAILABLE, f"The engine is not available: {error}"
            ) from error
        if not result.completed:
            # Zeebe never answers the request of a terminated instance, so its client times out; answer with the
            # same status at once instead of holding the call open.
            raise GatewayError(
                grpc.StatusCode.DEADLINE_EXCEEDED,
                f"Expected process instance '{created.process_instance_key}' to complete, but it was terminated",
            )
        return pb.CreateProcessInstanceWithResultResponse(
            processDefinitionKey=created.process_definition_key,
            bpmnProcessId=created.bpmn_process_id,
            version=created.version,
            processInstanceKey=created.process_instance_key,
            variables=write_document(result.variables),
            tenantId=created.tenant_id,
        )

    async def CancelProcessInstance(
        self, request: pb.CancelProcessInstanceRequest, context: Context
    ) -> pb.CancelProcessInstanceResponse:
        """Terminate a running instance."""
        await self._guard(context, self._submit(cmd.cancel_command(request.processInstanceKey)))
        return pb.CancelProcessInstanceResponse()

    async def SetVariables(
        self, request: pb.SetVariablesRequest, context: Context
    ) -> pb.SetVariablesResponse:
        """Set variables on an element instance scope (propagating unless ``local``)."""
        return await self._guard(context, self._set_variables(request))

    async def _set_variables(self, request: pb.SetVariablesRequest) -> pb.SetVariablesResponse:
        variables = read_document(request.variables)
        response = await self._submit(
            cmd.set_variables_command(request.elementInstanceKey, variables, request.local)
        )
        assert response.record is not None
        return pb.SetVariablesResponse(key=response.record.key)

    async def ResolveIncident(
        self, request: pb.ResolveIncidentRequest, context: Context
    ) -> pb.ResolveIncidentResponse:
        """Resolve an incident (the failed step is retried)."""
        await self._guard(context, self._submit(cmd.resolve_incident_command(request.incidentKey)))
        return pb.ResolveIncidentResponse()

    async def ModifyProcessInstance(
        self, request: pb.ModifyProcessInstanceRequest, context: Context
    ) -> pb.ModifyProcessInstanceResponse:
        """Activate elements and terminate element instances of a live instance (all or nothing)."""
        await self._guard(context, self._modify(request))
        return pb.ModifyProcessInstanceResponse()

    async def _modify(self, request: pb.ModifyProcessInstanceRequest) -> None:
        activations = [
            ModificationActivateInstruction(
                element_id=instruction.elementId,
                ancestor_scope_key=instruction.ancestorElementInstanceKey or NO_KEY,
                variable_instructions=tuple(
                    ModificationVariableInstruction(variables.scopeId, read_document(variables.variables))
                    for variables in instruction.variableInstructions
                ),
            )
            for instruction in request.activateInstructions
        ]
        terminations = [instruction.elementInstanceKey for instruction in request.terminateInstructions]
        await self._submit(cmd.modify_command(request.processInstanceKey, activations, terminations))

    async def MigrateProcessInstance(
        self, request: pb.MigrateProcessInstanceRequest, context: Context
    ) -> pb.MigrateProcessInstanceResponse:
        """Move a live instance to another process definition by element mappings (all or nothing)."""
        await self._guard(context, self._submit(_migration_command(request)))
        return pb.MigrateProcessInstanceResponse()

    # ------------------------------------------------------------------------------------------ jobs

    async def ActivateJobs(
        self, request: pb.ActivateJobsRequest, context: Context
    ) -> AsyncIterator[pb.ActivateJobsResponse]:
        """Activate up to ``maxJobsToActivate`` jobs, long-polling up to ``requestTimeout`` when none exist."""
        try:
            _check_activation(request)
            jobs = await self._long_poll(request)
        except GatewayError as error:
            await _abort(context, error)
        except Exception as error:
            await _abort(context, _internal(error))
        if jobs:
            yield pb.ActivateJobsResponse(jobs=[activated_job(job) for job in jobs])

    async def _long_poll(self, request: pb.ActivateJobsRequest) -> list[ActivatedJob]:
        fetch = tuple(request.fetchVariable)
        loop = asyncio.get_running_loop()
        if request.requestTimeout < 0:
            wait: dt.timedelta | None = None
        elif request.requestTimeout == 0:
            wait = self._settings.long_poll_timeout
        else:
            wait = request.requestTimeout * _MILLIS
        deadline = None if wait is None else loop.time() + wait.total_seconds()
        while True:
            jobs = await self._activate(
                request.type, request.worker, request.timeout, request.maxJobsToActivate, fetch
            )
            if jobs or deadline is None:
                return jobs
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            if not await self._wait_for_jobs(request.type, dt.timedelta(seconds=remaining)):
                return []

    async def StreamActivatedJobs(
        self, request: pb.StreamActivatedJobsRequest, context: Context
    ) -> AsyncIterator[pb.ActivatedJob]:
        """Push jobs of the type to the client as they become activatable, until it disconnects."""
        try:
            _check_stream(request)
        except GatewayError as error:
            await _abort(context, error)
        fetch = tuple(request.fetchVariable)
        batch = self._settings.stream_batch_size
        while not self._closing.is_set():
            if not await self._wait_for_jobs(request.type, _STREAM_WAIT):
                continue
            try:
                jobs = await self._activate(request.type, request.worker, request.timeout, batch, fetch)
            except GatewayError as error:
                if error.status is grpc.StatusCode.RESOURCE_EXHAUSTED:
                    await asyncio.sleep(_STREAM_BACK_OFF)
                    continue
                await _abort(context, error)
            except Exception as error:
                await _abort(context, _internal(error))
            for job in jobs:
                yield activated_job(job)

    async def CompleteJob(self, request: pb.CompleteJobRequest, context: Context) -> pb.CompleteJobResponse:
        """Complete a job, merging its variables."""
        return await self._guard(context, self._complete_job(request))

    async def _complete_job(self, request: pb.CompleteJobRequest) -> pb.CompleteJobResponse:
        variables = read_document(request.variables)
        await self._submit(cmd.complete_job_command(request.jobKey, variables))
        return pb.CompleteJobResponse()

    async def FailJob(self, request: pb.FailJobRequest, context: Context) -> pb.FailJobResponse:
        """Fail a job: retried after ``retryBackOff`` while retries are left, else an incident."""
        return await self._guard(context, self._fail_job(request))

    async def _fail_job(self, request: pb.FailJobRequest) -> pb.FailJobResponse:
        variables = read_document(request.variables)
        command = cmd.fail_job_command(
            request.jobKey,
            request.retries,
            request.errorMessage,
            max(request.retryBackOff, 0) * _MILLIS,
            variables,
        )
        await self._submit(command)
        return pb.FailJobResponse()

    async def ThrowError(self, request: pb.ThrowErrorRequest, context: Context) -> pb.ThrowErrorResponse:
        """Throw a BPMN error from a job."""
        return await self._guard(context, self._throw_error(request))

    async def _throw_error(self, request: pb.ThrowErrorRequest) -> pb.ThrowErrorResponse:
        variables = read_document(request.variables)
        await self._submit(
            cmd.throw_error_command(request.jobKey, request.errorCode, request.errorMessage, variables)
        )
        return pb.ThrowErrorResponse()

    async def UpdateJobRetries(
        self, request: pb.UpdateJobRetriesRequest, context: Context
    ) -> pb.UpdateJobRetriesResponse:
        """Give a job new retries (> 0)."""
        return await self._guard(context, self._update_retries(request))

    async def _update_retries(self, request: pb.UpdateJobRetriesRequest) -> pb.UpdateJobRetriesResponse:
        if request.retries < 1:
            raise GatewayError.invalid_argument(
                f"Expected to update job retries with a value greater than 0, but got {request.retries}"
            )
        await self._submit(cmd.update_retries_command(request.jobKey, request.retries))
        return pb.UpdateJobRetriesResponse()

    async def UpdateJobTimeout(
        self, request: pb.UpdateJobTimeoutRequest, context: Context
    ) -> pb.UpdateJobTimeoutResponse:
        """Move an activated job's deadline to now + ``timeout``."""
        command = cmd.update_timeout_command(request.jobKey, request.timeout * _MILLIS)
        await self._guard(context, self._submit(command))
        return pb.UpdateJobTimeoutResponse()

    # ------------------------------------------------------------------------------------------ events

    async def PublishMessage(
        self, request: pb.PublishMessageRequest, context: Context
    ) -> pb.PublishMessageResponse:
        """Publish a message (correlated now or buffered for ``timeToLive``)."""
        return await self._guard(context, self._publish(request))

    async def _publish(self, request: pb.PublishMessageRequest) -> pb.PublishMessageResponse:
        _check_tenant(request.tenantId)
        if not request.name:
            raise GatewayError.invalid_argument("Expected message name to be not blank, but it was")
        variables = read_document(request.variables)
        command = cmd.publish_message_command(
            request.name,
            request.correlationKey,
            max(request.timeToLive, 0) * _MILLIS,
            request.messageId,
            variables,
        )
        response = await self._submit(command)
        assert response.record is not None
        return pb.PublishMessageResponse(key=response.record.key, tenantId=TENANT_DEFAULT)

    async def BroadcastSignal(
        self, request: pb.BroadcastSignalRequest, context: Context
    ) -> pb.BroadcastSignalResponse:
        """Trigger every subscription of the signal."""
        return await self._guard(context, self._broadcast(request))

    async def _broadcast(self, request: pb.BroadcastSignalRequest) -> pb.BroadcastSignalResponse:
        _check_tenant(request.tenantId)
        variables = read_document(request.variables)
        response = await self._submit(cmd.broadcast_signal_command(request.signalName, variables))
        assert response.record is not None
        return pb.BroadcastSignalResponse(key=response.record.key, tenantId=TENANT_DEFAULT)

    # ------------------------------------------------------------------------------------------ decisions

    async def EvaluateDecision(
        self, request: pb.EvaluateDecisionRequest, context: Context
    ) -> pb.EvaluateDecisionResponse:
        """Evaluate a deployed decision by key (which wins when both are given) or by id (latest version)."""
        return await self._guard(context, self._evaluate(request))

    async def _evaluate(self, request: pb.EvaluateDecisionRequest) -> pb.EvaluateDecisionResponse:
        _check_tenant(request.tenantId)
        key = request.decisionKey if request.decisionKey > 0 else NO_KEY
        if key == NO_KEY and not request.decisionId:
            raise GatewayError.invalid_argument(
                "Expected either a decision id or a valid decision key, but none provided"
            )
        variables = read_document(request.variables)
        try:
            evaluation = await self._engine.evaluate_decision(
                decision_id=request.decisionId, decision_key=key, variables=variables
            )
        except CommandRejectedError as error:
            raise GatewayError.rejected(error.rejection_type, error.reason, "EVALUATE") from error
        return evaluation_response(evaluation, self._engine.state.deployments)


async def _abort(context: Context, error: GatewayError) -> NoReturn:
    await context.abort(error.status, error.details)
    raise AssertionError("context.abort returned")  # pragma: no cover - abort always raises


def _internal(error: Exception) -> GatewayError:
    """An unexpected failure: logged, and INTERNAL for the client (which retries, as with Zeebe)."""
    _log.exception("unexpected error while handling a gateway request")
    return GatewayError(
        grpc.StatusCode.INTERNAL, f"Unexpected error occurred during the request processing: {error!r}"
    )


def _check_tenant(tenant_id: str) -> None:
    if tenant_id and tenant_id != TENANT_DEFAULT:
        raise GatewayError.invalid_argument(
            f"Expected to handle request with tenant identifier '{tenant_id}', but multi-tenancy is disabled"
        )


def _check_tenants(tenant_ids: Iterable[str]) -> None:
    for tenant_id in tenant_ids:
        _check_tenant(tenant_id)


def _check_activation(request: pb.ActivateJobsRequest) -> None:
    if not request.type.strip():
        raise GatewayError.invalid_argument("Expected to activate jobs of a type, but the type is blank")
    if not request.worker.strip():
        raise GatewayError.invalid_argument(
            "Expected to activate jobs for a worker, but the worker name is blank"
        )
    if request.timeout < 1:
        raise GatewayError.invalid_argument(
            f"Expected to activate jobs with a timeout of at least 1 ms, but got {request.timeout}"
        )
    if request.maxJobsToActivate < 1:
        raise GatewayError.invalid_argument(
            f"Expected to activate at least 1 job, but maxJobsToActivate is {request.maxJobsToActivate}"
        )
    _check_tenants(request.tenantIds)


def _check_stream(request: pb.StreamActivatedJobsRequest) -> None:
    if not request.type.strip():
        raise GatewayError.invalid_argument("Expected to stream jobs of a type, but the type is blank")
    if request.timeout < 1:
        raise GatewayError.invalid_argument(
            f"Expected to stream jobs with a timeout of at least 1 ms, but got {request.timeout}"
        )
    _check_tenants(request.tenantIds)


def _check_creation(request: pb.CreateProcessInstanceRequest) -> None:
    _check_tenant(request.tenantId)
    if request.processDefinitionKey <= 0 and not request.bpmnProcessId:
        raise GatewayError.invalid_argument(
            "Expected either a process definition key or a BPMN process id, but none provided"
        )


def _creation_command(request: pb.CreateProcessInstanceRequest, *, await_result: bool) -> Record[Any]:
    _check_creation(request)
    return cmd.create_instance_command(
        bpmn_process_id=request.bpmnProcessId,
        version=request.version,
        process_definition_key=request.processDefinitionKey or NO_KEY,
        variables=read_document(request.variables),
        await_result=await_result,
        start_element_ids=[instruction.elementId for instruction in request.startInstructions],
    )


def _migration_command(request: pb.MigrateProcessInstanceRequest) -> Record[Any]:
    plan = request.migrationPlan
    return cmd.migrate_command(
        request.processInstanceKey,
        plan.targetProcessDefinitionKey,
        [
            ProcessInstanceMigrationMappingInstruction(
                instruction.sourceElementId, instruction.targetElementId
            )
            for instruction in plan.mappingInstructions
        ],
    )
