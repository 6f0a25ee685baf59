"""The zeebe_lite engine: one partition, an append-only record log, state rebuilt by replaying events.

Architecture
------------
Every request is a *command* record. :class:`~zeebe_lite.processing.stream_processor.StreamProcessor` hands
it to the one processor registered for its (value type, intent) in :mod:`zeebe_lite.processing.table`; the
processor reads the read-only :class:`~zeebe_lite.state.views.StateView`, writes *events* (applied to the
in-memory state at once by the event appliers in :mod:`zeebe_lite.state.appliers`, the only code that
mutates state) and *follow-up commands*, processed in order until nothing is left. BPMN semantics live in
:mod:`zeebe_lite.bpmn` (element lifecycle commands, one thin processor per element kind, shared behaviours).
All records of a batch are appended to the log in one transaction; only after that the client gets its
answer. On open, the latest state snapshot is loaded and the log's later events are replayed, so an
acknowledged command survives ``kill -9``. A command whose processing raises (an engine bug) is answered
with a PROCESSING_ERROR rejection; the state is rebuilt without its effects.

Time comes from a :class:`~zeebe_lite.clock.Clock`; timers, job deadlines, retry back-offs and message TTLs
become TIMER TRIGGER / JOB TIME_OUT / JOB RECUR_AFTER_BACKOFF / MESSAGE EXPIRE commands when due.

Supported BPMN (Camunda 8.8 semantics): none/message/timer (date, cycle, cron)/signal start events; none,
error, terminate, signal, escalation, compensation and job-based (message) end events; intermediate
timer/message/signal/link catch events, none/signal/escalation/compensation/link/job-based throw events;
boundary events (timer, message, signal, error, escalation, compensation; interrupting or not, cycles);
service, send, job-worker user, script (FEEL or job), business rule (DMN or job), receive, manual and
undefined tasks; Camunda user tasks; embedded, event, call and ad-hoc (activeElementsCollection)
subprocesses; exclusive, parallel, inclusive and event-based gateways; parallel and sequential
multi-instance; start/end execution listeners; start instructions (nested elements too);
process instance modification and migration (see :mod:`zeebe_lite.processing.process_instance.migrate` for
what migrates); resource deletion. Deploying anything else (task
listeners, job-driven ad-hoc subprocesses, listeners on multi-instance activities, ...) is rejected with
INVALID_ARGUMENT instead of running wrongly.

Synchronous API (tests, tools; one thread at a time)
----------------------------------------------------
::

    engine = Engine.open("data/engine.db", clock=ManualClock())    # or Engine.open(None) for in-memory
    deployment = engine.deploy({"order.bpmn": xml_bytes})           # -> DeploymentRecord (processes_metadata,
                                                                    #    decisions_metadata, ...)
    created = engine.create_process_instance(bpmn_process_id="order", variables={"id": 1})   # or by key/version
    jobs = engine.activate_jobs("charge", "w1", job_timeout=timedelta(seconds=30), max_jobs=10,
                                fetch_variables=["id"])           # -> list[ActivatedJob(key, record)]
    engine.complete_job(jobs[0].key, {"paid": True})
    engine.fail_job(key, retries=2, error_message="boom", retry_backoff=timedelta(seconds=5))
    engine.throw_error(key, "NOT_FOUND", "no such customer", variables={...})
    engine.update_job_retries(key, 3); engine.update_job_timeout(key, timedelta(minutes=1))
    engine.resolve_incident(incident_key)
    engine.set_variables(element_instance_key, {"x": 1}, local=False)    # -> key
    engine.publish_message("paid", "order-1", time_to_live=timedelta(minutes=5), message_id="m-1")  # -> key
    engine.broadcast_signal("stop", {...}); engine.cancel_process_instance(process_instance_key)
    engine.complete_user_task(user_task_key, {"approved": True}); engine.assign_user_task(key, "ada")
    evaluation = engine.evaluate_decision(decision_id="discount", variables={...})
                                           # DecisionEvaluation(key, record, decision, result): writes a
                                           #   DECISION_EVALUATION EVALUATED/FAILED record (key = its key)
    engine.modify_process_instance(process_instance_key,
        [ModificationActivateInstruction("review", variable_instructions=(ModificationVariableInstruction("", {...}),))],
        terminate=[element_instance_key])      # all or nothing; missing flow scopes are created
    engine.migrate_process_instance(process_instance_key, target_process_definition_key,
        [ProcessInstanceMigrationMappingInstruction("task", "task")])   # every active element mapped
    engine.delete_resource(process_definition_key_or_drg_key)   # the definition drains, latest falls back
    engine.run_due()                       # process what the clock made due (also done before every command)
    engine.state                           # read-only StateView: deployments, element_instances, variables,
                                           #   jobs, incidents, messages, timers, signals, user_tasks
    engine.records()                       # the committed record stream (RecordStream(...) filters it)
    engine.take_snapshot(); engine.close() # close() snapshots too

A rejected command raises :class:`CommandRejectedError` with ``rejection_type`` (Zeebe's RejectionType) and
``reason``; map NOT_FOUND -> NOT_FOUND, INVALID_ARGUMENT -> INVALID_ARGUMENT, INVALID_STATE ->
FAILED_PRECONDITION, ALREADY_EXISTS -> ALREADY_EXISTS, PROCESSING_ERROR -> INTERNAL.
``engine.execute([command, ...])`` processes raw command records (built with
:mod:`zeebe_lite.processing.commands`) and returns :class:`CommandResponse` objects without raising.

Asynchronous API (the gRPC gateway; asyncio)
-------------------------------------------
:class:`AsyncEngine` owns an :class:`Engine` and runs it on the event loop's thread: commands submitted from
any number of coroutines are processed in batches, encoded, and appended to the log in a worker thread
(group commit: one fsync per group of batches), pipelined with the processing of the next batch. Every
coroutine gets its answer only after its records are durable. ::

    engine = await AsyncEngine.open("data/engine.db", snapshot_every=200_000)
    await engine.deploy(...); await engine.create_process_instance(...)
    jobs = await engine.activate_jobs("charge", "w1", timedelta(seconds=30), 32,
                                      request_timeout=timedelta(seconds=10))   # long poll (None: no wait)
    await engine.complete_job(key, variables)        # fail_job, throw_error, update_job_* ... as above
    created, result = await engine.create_process_instance_with_result(
        bpmn_process_id="order", request_timeout=timedelta(seconds=10), fetch_variables=["total"])
    # result.completed is False when the instance was canceled; TimeoutError after request_timeout
    await engine.wait_for_jobs("charge", within=timedelta(seconds=5))   # for job streaming: then activate
    engine.busy                                      # commands queued/unwritten or clock work due
    engine.state, engine.engine.records()            # queries (state includes not-yet-written batches)
    await engine.close()

Timers and timeouts fire by themselves (a background task sleeps until the next due time; a
:class:`~zeebe_lite.clock.ManualClock` wakes it whenever it is advanced).
"""

from zeebe_lite.processing.async_partition import AsyncEngine
from zeebe_lite.processing.commands import ActivatedJob, CommandRejectedError, DecisionEvaluation
from zeebe_lite.processing.context import InstanceResult
from zeebe_lite.processing.partition import Engine, EngineFailedError
from zeebe_lite.processing.writers import CommandResponse

__all__ = [
    "ActivatedJob",
    "AsyncEngine",
    "CommandRejectedError",
    "CommandResponse",
    "DecisionEvaluation",
    "Engine",
    "EngineFailedError",
    "InstanceResult",
]
