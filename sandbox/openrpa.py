"""OpenRPA / OpenFlow: a bot triggered by pushing a workitem, which calls back when it is done.

Transport, and why: OpenFlow documents *workitem queues* as the way to hand work to unattended OpenRPA robots (a
queue with a robot role and an entry-point workflow gives each item to an idle robot, with retry counts,
priority and postponement), but its own wire protocols are protobuf envelopes over gRPC/WebSocket/TCP with no
stable published schema, and its REST mode is experimental (external-apis.md §7). The supported composition for
an outside caller is OpenFlow's bundled Node-RED: an ``http in`` flow that pushes the posted JSON into a
workitem queue, and a second flow on the queue's success/failed queues that POSTs the outcome to a callback URL.
That pair is what the fleet deploys and what this module emulates, so the contract below is ours, pinned here
(workitem field names follow OpenIAP's: ``wiq``, ``name``, ``payload``, ``priority``, ``nextrun``, ``state``
new/processing/retry/successful/failed, ``retries``, ``errormessage``, ``errortype`` application/business):

- ``POST {OPENRPA_BASE_URL}/api/workitems`` with ``Authorization: Bearer {OPENRPA_TOKEN}`` and
  ``{"wiq": str, "name": str, "payload": object, "priority"?: int (1 = most urgent, default 2),
  "nextrun"?: ISO time, "callbackUrl"?: str, "correlationId"?: str}`` → 201 with the workitem; 400/401/404
  as ``{"message": str}``.
- ``GET /api/workitems/{id}`` → the workitem; ``GET /api/queues`` → the queues.
- When the robot finishes, the flow POSTs to the item's ``callbackUrl`` (else the queue's, else
  ``OPENRPA_CALLBACK_URL``) ``{"workitemId", "wiq", "name", "state": "successful"|"failed", "correlationId",
  "payload", "errormessage", "errortype", "retries", "finishedAt"}`` signed with
  ``X-OpenRPA-Signature: sha256=<hex HMAC-SHA256(OPENRPA_CALLBACK_SECRET, body)>``; failed callbacks are retried.

The emulated robot works items by priority; per queue (``PUT /__sandbox/openrpa/queues/{wiq}``) it succeeds
(merging ``result`` into the payload), fails with a business error (no retry), fails with an application error
(retried after ``retrydelay`` until ``maxretries``, then failed), or waits in ``manual`` mode for
``POST /__sandbox/openrpa/workitems/{id}/complete``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import secrets
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar, Literal

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from sandbox._common import Emulator, EmulatorContext, MalformedBody, bearer_token, read_json

__all__ = ["OpenRPAEmulator", "RobotBehaviour", "WorkitemQueue", "callback_signature"]

Outcome = Literal["success", "business_error", "application_error", "manual"]
_OUTCOMES = ("success", "business_error", "application_error", "manual")
_QUEUE_SETTINGS = frozenset({"maxretries", "retrydelay_ms", "callback_url", "robot"})
_POLL = 0.02


def callback_signature(secret: str, body: bytes) -> str:
    """The ``X-OpenRPA-Signature`` header value of a callback body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass
class RobotBehaviour:
    """What the robot does with an item of a queue."""

    outcome: Outcome = "success"
    duration: timedelta = timedelta(milliseconds=50)
    result: dict[str, Any] = field(default_factory=lambda: {"botStatus": "done"})
    error_message: str = "The robot failed"


@dataclass
class WorkitemQueue:
    """A workitem queue with its retry rules, robot behaviour and default callback."""

    name: str
    max_retries: int = 3
    retry_delay: timedelta = timedelta(milliseconds=100)
    robot: RobotBehaviour = field(default_factory=RobotBehaviour)
    callback_url: str | None = None
    id: str = field(default_factory=lambda: secrets.token_hex(12))

    def to_json(self) -> dict[str, Any]:
        """As ``GET /api/queues`` lists it."""
        return {
            "_id": self.id,
            "_type": "workitemqueue",
            "name": self.name,
            "maxretries": self.max_retries,
            "retrydelay": int(self.retry_delay.total_seconds() * 1000),
            "initialdelay": 0,
            "robot": {
                "outcome": self.robot.outcome,
                "duration_ms": int(self.robot.duration.total_seconds() * 1000),
            },
            "callbackUrl": self.callback_url,
        }


@dataclass
class _Workitem:
    id: str
    queue: WorkitemQueue
    name: str
    payload: dict[str, Any]
    priority: int
    correlation_id: str | None
    callback_url: str | None
    created: datetime
    nextrun: float | None
    state: str = "new"
    retries: int = 0
    lastrun: datetime | None = None
    errormessage: str | None = None
    errortype: str | None = None
    modified: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "_id": self.id,
            "_type": "workitem",
            "wiq": self.queue.name,
            "wiqid": self.queue.id,
            "name": self.name,
            "payload": self.payload,
            "priority": self.priority,
            "state": self.state,
            "retries": self.retries,
            "lastrun": self.lastrun.isoformat() if self.lastrun else None,
            "nextrun": datetime.fromtimestamp(self.nextrun).astimezone().isoformat()
            if self.nextrun
            else None,
            "errormessage": self.errormessage,
            "errortype": self.errortype,
            "correlationId": self.correlation_id,
            "callbackUrl": self.callback_url,
            "_created": self.created.isoformat(),
            "_modified": (self.modified or self.created).isoformat(),
        }


class OpenRPAEmulator(Emulator):
    """Workitem queues in OpenFlow, an unattended robot working them, and result callbacks."""

    name: ClassVar[str] = "openrpa"
    title: ClassVar[str] = "OpenRPA via OpenFlow workitem queues (Node-RED webhook)"

    def __init__(self, context: EmulatorContext) -> None:
        super().__init__(context)
        self.token = "openflow-" + secrets.token_hex(16)
        self.callback_secret = secrets.token_hex(16)
        self.default_callback_url: str | None = None
        self._queues: dict[str, WorkitemQueue] = {}
        self._items: dict[str, _Workitem] = {}
        self._robot: asyncio.Task[None] | None = None
        self._running: set[str] = set()
        self.reset_state()

    # --- Emulator -----------------------------------------------------------------------------------------
    def reset_state(self) -> None:
        self._queues = {
            name: WorkitemQueue(name) for name in ("invoice-entry", "crm-sync", "document-filing")
        }
        self._items = {}
        self.default_callback_url = None

    def state_view(self) -> dict[str, Any]:
        return {
            "queues": [queue.to_json() for queue in self._queues.values()],
            "workitems": [item.to_json() for item in self._items.values()],
            "defaultCallbackUrl": self.default_callback_url,
        }

    def export_state(self) -> dict[str, Any]:
        return {
            "queues": [
                {
                    "id": queue.id,
                    "name": queue.name,
                    "max_retries": queue.max_retries,
                    "retry_delay_ms": queue.retry_delay / timedelta(milliseconds=1),
                    "robot": {
                        "outcome": queue.robot.outcome,
                        "duration_ms": queue.robot.duration / timedelta(milliseconds=1),
                        "result": queue.robot.result,
                        "error_message": queue.robot.error_message,
                    },
                    "callback_url": queue.callback_url,
                }
                for queue in self._queues.values()
            ],
            "workitems": [
                {
                    "id": item.id,
                    "wiq": item.queue.name,
                    "name": item.name,
                    "payload": item.payload,
                    "priority": item.priority,
                    "correlation_id": item.correlation_id,
                    "callback_url": item.callback_url,
                    "created": item.created.isoformat(),
                    "nextrun": item.nextrun,
                    "state": item.state,
                    "retries": item.retries,
                    "lastrun": item.lastrun.isoformat() if item.lastrun else None,
                    "errormessage": item.errormessage,
                    "errortype": item.errortype,
                    "modified": item.modified.isoformat() if item.modified else None,
                }
                for item in self._items.values()
            ],
            "default_callback_url": self.default_callback_url,
        }

    def import_state(self, snapshot: Mapping[str, Any]) -> None:
        self._queues = {}
        for item in snapshot["queues"]:
            robot = item["robot"]
            self._queues[item["name"]] = WorkitemQueue(
                name=item["name"],
                max_retries=int(item["max_retries"]),
                retry_delay=timedelta(milliseconds=item["retry_delay_ms"]),
                robot=RobotBehaviour(
                    outcome=robot["outcome"],
                    duration=timedelta(milliseconds=robot["duration_ms"]),
                    result=dict(robot["result"]),
                    error_message=robot["error_message"],
                ),
                callback_url=item["callback_url"],
                id=item["id"],
            )
        self._items = {}
        for item in snapshot["workitems"]:
            queue = self._queues[item["wiq"]]
            state = item["state"]
            if state == "processing" and queue.robot.outcome != "manual":
                state = "new"  # the robot was stopped mid-run: it works the item again
            self._items[item["id"]] = _Workitem(
                id=item["id"],
                queue=queue,
                name=item["name"],
                payload=dict(item["payload"]),
                priority=int(item["priority"]),
                correlation_id=item["correlation_id"],
                callback_url=item["callback_url"],
                created=datetime.fromisoformat(item["created"]),
                nextrun=item["nextrun"],
                state=state,
                retries=int(item["retries"]),
                lastrun=datetime.fromisoformat(item["lastrun"]) if item["lastrun"] else None,
                errormessage=item["errormessage"],
                errortype=item["errortype"],
                modified=datetime.fromisoformat(item["modified"]) if item["modified"] else None,
            )
        self.default_callback_url = snapshot["default_callback_url"]

    def credentials(self) -> dict[str, str]:
        return {"token": self.token, "callback_secret": self.callback_secret}

    def environment(self) -> dict[str, str]:
        environment = {
            "OPENRPA_BASE_URL": self.base_url,
            "OPENRPA_TOKEN": self.token,
            "OPENRPA_CALLBACK_SECRET": self.callback_secret,
        }
        if self.default_callback_url:
            environment["OPENRPA_CALLBACK_URL"] = self.default_callback_url
        return environment

    def error_response(self, status: int, message: str) -> Response:
        return JSONResponse({"message": message}, status_code=status)

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/api/workitems", self._guard(self._push), methods=["POST"]),
            Route("/api/workitems/{id:str}", self._guard(self._get_item), methods=["GET"]),
            Route("/api/queues", self._guard(self._list_queues), methods=["GET"]),
        ]

    def admin_routes(self) -> list[BaseRoute]:
        return [
            Route("/openrpa/queues/{wiq:str}", self._admin_queue, methods=["PUT"]),
            Route("/openrpa/workitems/{id:str}/complete", self._admin_complete, methods=["POST"]),
            Route("/openrpa/callback", self._admin_callback, methods=["PUT"]),
        ]

    async def start(self) -> None:
        self._robot = asyncio.get_running_loop().create_task(self._work())

    async def aclose(self) -> None:
        if self._robot is not None:
            self._robot.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._robot
            self._robot = None

    # --- Python API ---------------------------------------------------------------------------------------
    def queue(self, name: str) -> WorkitemQueue:
        """A queue (created with defaults when new) to configure from tests."""
        return self._queues.setdefault(name, WorkitemQueue(name))

    def workitem(self, item_id: str) -> dict[str, Any]:
        """A workitem as JSON."""
        return self._items[item_id].to_json()

    def finish(
        self,
        item_id: str,
        *,
        succeeded: bool,
        payload: dict[str, Any] | None = None,
        error: str | None = None,
        business: bool = True,
    ) -> None:
        """End an item now (manual mode) and send its callback."""
        item = self._items[item_id]
        if item.state in ("successful", "failed"):
            raise ValueError(f"workitem {item_id} is already {item.state}")
        if payload:
            item.payload = {**item.payload, **payload}
        if succeeded:
            item.state, item.errormessage, item.errortype = "successful", None, None
        else:
            item.state, item.errormessage, item.errortype = (
                "failed",
                error or "failed",
                "business" if business else "application",
            )
        item.modified = self.clock.now()
        self._callback(item)

    # --- plumbing -----------------------------------------------------------------------------------------
    def _guard(self, handler: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            token = bearer_token(request)
            if token is None or not hmac.compare_digest(token, self.token):
                return JSONResponse(
                    {"message": "Unauthorized: a valid Bearer token is required"}, status_code=401
                )
            result: Response = await handler(request)
            return result

        return endpoint

    async def _push(self, request: Request) -> Response:
        try:
            body = await read_json(request)
        except MalformedBody as error:
            return JSONResponse({"message": str(error)}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"message": "The body must be a JSON object"}, status_code=400)
        wiq, name, payload = body.get("wiq"), body.get("name"), body.get("payload", {})
        if not isinstance(wiq, str) or not wiq:
            return JSONResponse({"message": "wiq (the workitem queue name) is required"}, status_code=400)
        queue = self._queues.get(wiq)
        if queue is None:
            return JSONResponse({"message": f"Work item queue {wiq} not found"}, status_code=404)
        if not isinstance(name, str) or not name:
            return JSONResponse({"message": "name is required"}, status_code=400)
        if not isinstance(payload, dict):
            return JSONResponse({"message": "payload must be a JSON object"}, status_code=400)
        priority = body.get("priority", 2)
        if isinstance(priority, bool) or not isinstance(priority, int) or priority < 0:
            return JSONResponse({"message": "priority must be a non-negative integer"}, status_code=400)
        nextrun: float | None = None
        if body.get("nextrun") is not None:
            try:
                nextrun = datetime.fromisoformat(str(body["nextrun"]).replace("Z", "+00:00")).timestamp()
            except ValueError:
                return JSONResponse({"message": "nextrun must be an ISO 8601 time"}, status_code=400)
        callback = body.get("callbackUrl")
        if callback is not None and not (
            isinstance(callback, str) and callback.startswith(("http://", "https://"))
        ):
            return JSONResponse({"message": "callbackUrl must be an http(s) URL"}, status_code=400)
        correlation = body.get("correlationId")
        item = _Workitem(
            id=str(uuid.uuid4()).replace("-", "")[:24],
            queue=queue,
            name=name,
            payload=payload,
            priority=priority,
            correlation_id=str(correlation) if correlation is not None else None,
            callback_url=callback,
            created=self.clock.now(),
            nextrun=nextrun,
        )
        self._items[item.id] = item
        return JSONResponse(item.to_json(), status_code=201)

    async def _get_item(self, request: Request) -> Response:
        item = self._items.get(request.path_params["id"])
        if item is None:
            return JSONResponse(
                {"message": f"Workitem {request.path_params['id']} not found"}, status_code=404
            )
        return JSONResponse(item.to_json())

    async def _list_queues(self, request: Request) -> Response:
        return JSONResponse([queue.to_json() for queue in self._queues.values()])

    # --- the robot ----------------------------------------------------------------------------------------
    def _ready(self) -> list[_Workitem]:
        now = self.clock.timestamp()
        ready = [
            item
            for item in self._items.values()
            if item.state in ("new", "retry")
            and (item.nextrun is None or item.nextrun <= now)
            and item.id not in self._running
        ]
        return sorted(ready, key=lambda item: (item.priority, item.created))

    async def _work(self) -> None:
        while True:
            for item in self._ready():
                self._running.add(item.id)
                task = asyncio.get_running_loop().create_task(self._run(item))
                task.add_done_callback(self._forget_running(item.id))
            await asyncio.sleep(_POLL)

    def _forget_running(self, item_id: str) -> Callable[[asyncio.Task[None]], None]:
        def forget(_: asyncio.Task[None]) -> None:
            self._running.discard(item_id)

        return forget

    async def _run(self, item: _Workitem) -> None:
        behaviour = item.queue.robot
        item.state, item.lastrun, item.modified = "processing", self.clock.now(), self.clock.now()
        if behaviour.outcome == "manual":
            return
        await asyncio.sleep(behaviour.duration.total_seconds())
        if item.state != "processing":
            return
        if behaviour.outcome == "success":
            item.payload = {**item.payload, **behaviour.result}
            item.state, item.errormessage, item.errortype = "successful", None, None
        elif behaviour.outcome == "business_error":
            item.state, item.errormessage, item.errortype = "failed", behaviour.error_message, "business"
        else:
            item.errormessage, item.errortype = behaviour.error_message, "application"
            if item.retries < item.queue.max_retries:
                item.retries += 1
                item.state = "retry"
                item.nextrun = self.clock.timestamp() + item.queue.retry_delay.total_seconds()
                item.modified = self.clock.now()
                return
            item.state = "failed"
        item.modified = self.clock.now()
        self._callback(item)

    def _callback(self, item: _Workitem) -> None:
        url = item.callback_url or item.queue.callback_url or self.default_callback_url
        if url is None:
            return
        body = json.dumps(
            {
                "workitemId": item.id,
                "wiq": item.queue.name,
                "name": item.name,
                "state": item.state,
                "correlationId": item.correlation_id,
                "payload": item.payload,
                "errormessage": item.errormessage,
                "errortype": item.errortype,
                "retries": item.retries,
                "finishedAt": self.clock.now().isoformat(),
            }
        ).encode()
        headers = {
            "Content-Type": "application/json",
            "X-OpenRPA-Signature": callback_signature(self.callback_secret, body),
        }
        self.context.webhooks.send(self.name, url, body, headers)

    # --- admin --------------------------------------------------------------------------------------------
    async def _admin_body(self, request: Request) -> dict[str, Any] | Response:
        try:
            body = await read_json(request)
        except MalformedBody as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"error": "expected an object"}, status_code=400)
        return body

    async def _admin_queue(self, request: Request) -> Response:
        body = await self._admin_body(request)
        if isinstance(body, Response):
            return body
        unknown = sorted(set(body) - _QUEUE_SETTINGS)
        if unknown:
            allowed = ", ".join(sorted(_QUEUE_SETTINGS))
            return JSONResponse(
                {"error": f"unknown queue settings {', '.join(unknown)}; allowed: {allowed}"}, status_code=400
            )
        queue = self.queue(request.path_params["wiq"])
        if isinstance(body.get("maxretries"), int):
            queue.max_retries = body["maxretries"]
        if isinstance(body.get("retrydelay_ms"), int | float):
            queue.retry_delay = timedelta(milliseconds=body["retrydelay_ms"])
        if "callback_url" in body:
            queue.callback_url = body["callback_url"] if isinstance(body["callback_url"], str) else None
        robot = body.get("robot")
        if isinstance(robot, dict):
            outcome = robot.get("outcome", queue.robot.outcome)
            if outcome not in _OUTCOMES:
                return JSONResponse({"error": f"outcome is one of {', '.join(_OUTCOMES)}"}, status_code=400)
            queue.robot.outcome = outcome
            if isinstance(robot.get("duration_ms"), int | float):
                queue.robot.duration = timedelta(milliseconds=robot["duration_ms"])
            if isinstance(robot.get("result"), dict):
                queue.robot.result = robot["result"]
            if isinstance(robot.get("errormessage"), str):
                queue.robot.error_message = robot["errormessage"]
        return JSONResponse(queue.to_json())

    async def _admin_complete(self, request: Request) -> Response:
        body = await self._admin_body(request)
        if isinstance(body, Response):
            return body
        item_id = request.path_params["id"]
        if item_id not in self._items:
            return JSONResponse({"error": "no such workitem"}, status_code=404)
        state = body.get("state", "successful")
        if state not in ("successful", "failed"):
            return JSONResponse({"error": "state is successful or failed"}, status_code=400)
        payload = body.get("payload") if isinstance(body.get("payload"), dict) else None
        try:
            self.finish(
                item_id,
                succeeded=state == "successful",
                payload=payload,
                error=body.get("errormessage") if isinstance(body.get("errormessage"), str) else None,
                business=body.get("errortype", "business") == "business",
            )
        except ValueError as error:
            return JSONResponse({"error": str(error)}, status_code=409)
        return JSONResponse(self.workitem(item_id))

    async def _admin_callback(self, request: Request) -> Response:
        body = await self._admin_body(request)
        if isinstance(body, Response):
            return body
        url = body.get("callback_url")
        self.default_callback_url = url if isinstance(url, str) else None
        return JSONResponse({"callback_url": self.default_callback_url})
