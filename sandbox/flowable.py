"""Flowable REST API (``/flowable-rest/service``): deployments, process definitions, process instances.

Contract (external-apis.md §7): HTTP Basic (default ``rest-admin`` / ``test``); ``POST
/runtime/process-instances`` takes exactly one of ``processDefinitionId``, ``processDefinitionKey`` or
``message`` plus ``businessKey``, ``tenantId``, ``returnVariables``, ``variables`` / ``transientVariables``
(items ``{name, value, type?}``, the type inferred from the JSON value when absent) and answers 201 with the
instance; an unknown definition, an unmatched message or an invalid variable is 400; errors are
``{"message", "exception"}``; 401 without valid credentials (with ``WWW-Authenticate: Basic``). Deploying a BPMN
file (``POST /repository/deployments``, multipart) registers its executable processes and message start events;
instances stay active until ``DELETE`` or ``POST /__sandbox/flowable/process-instances/{id}/complete``. There is
no idempotency: look instances up by ``businessKey`` (``GET /runtime/process-instances?businessKey=``).
"""

from __future__ import annotations

import dataclasses
import hmac
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar
from xml.etree import ElementTree

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from sandbox._common import Emulator, EmulatorContext, MalformedBody, basic_credentials, read_json

__all__ = ["FlowableEmulator"]

_PREFIX = "/flowable-rest/service"
_BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
_INT_RANGE = (-(2**31), 2**31 - 1)


class _FlowableError(Exception):
    def __init__(self, status: int, exception: str) -> None:
        super().__init__(exception)
        self.status = status
        message = {400: "Bad request", 401: "Unauthorized", 404: "Not found", 409: "Conflict"}.get(
            status, "Internal server error"
        )
        self.body = {"message": message, "exception": exception}


@dataclass
class _Definition:
    id: str
    key: str
    name: str | None
    version: int
    deployment_id: str
    messages: tuple[str, ...] = ()


@dataclass
class _Instance:
    id: str
    definition: _Definition
    business_key: str | None
    tenant_id: str
    variables: list[dict[str, Any]]
    start_time: datetime
    ended: bool = False
    end_time: datetime | None = None
    delete_reason: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _variable(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"]:
        raise _FlowableError(400, "Variable name is required")
    name, value, kind = item["name"], item.get("value"), item.get("type")
    if kind is None:
        if value is None:
            kind = "null"
        elif isinstance(value, bool):
            kind = "boolean"
        elif isinstance(value, int):
            kind = "integer" if _INT_RANGE[0] <= value <= _INT_RANGE[1] else "long"
        elif isinstance(value, float):
            kind = "double"
        elif isinstance(value, str):
            kind = "string"
        else:
            kind = "json"
        return {"name": name, "type": kind, "value": value, "scope": "local"}
    checks = {
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: (
            isinstance(v, int) and not isinstance(v, bool) and _INT_RANGE[0] <= v <= _INT_RANGE[1]
        ),
        "short": lambda v: isinstance(v, int) and not isinstance(v, bool) and -(2**15) <= v < 2**15,
        "long": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "double": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "json": lambda v: isinstance(v, dict | list),
        "date": lambda v: isinstance(v, str) and _is_date(v),
        "instant": lambda v: isinstance(v, str) and _is_date(v),
    }
    check = checks.get(kind)
    if check is None:
        raise _FlowableError(400, f"Variable type '{kind}' is not supported")
    if value is not None and not check(value):
        raise _FlowableError(
            400, f"Converter can only convert {kind}s: variable '{name}' has value {value!r}"
        )
    return {"name": name, "type": kind, "value": value, "scope": "local"}


def _is_date(text: str) -> bool:
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _bpmn_processes(xml: bytes) -> list[tuple[str, str | None, tuple[str, ...]]]:
    """(process id, name, message names that start it) for each executable process of a BPMN file."""
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as error:
        raise _FlowableError(400, f"Could not parse BPMN: {error}") from error
    messages = {element.get("id"): element.get("name") for element in root.iter(f"{_BPMN}message")}
    found = []
    for process in root.iter(f"{_BPMN}process"):
        if process.get("isExecutable", "true") == "false" or not process.get("id"):
            continue
        starts = []
        for start in process.findall(f"{_BPMN}startEvent"):
            for definition in start.findall(f"{_BPMN}messageEventDefinition"):
                name = messages.get(definition.get("messageRef"))
                if name:
                    starts.append(name)
        found.append((str(process.get("id")), process.get("name"), tuple(starts)))
    if not found:
        raise _FlowableError(400, "No executable process found in the deployed resource")
    return found


class FlowableEmulator(Emulator):
    """A Flowable engine's REST surface for starting and looking up process instances."""

    name: ClassVar[str] = "flowable"
    title: ClassVar[str] = "Flowable REST API"

    def __init__(self, context: EmulatorContext, *, user: str = "rest-admin", password: str = "test") -> None:
        super().__init__(context)
        self.user = user
        self.password = password
        self._definitions: dict[str, _Definition] = {}
        self._instances: dict[str, _Instance] = {}
        self.reset_state()

    @property
    def base_url(self) -> str:
        return self.context.origin + _PREFIX

    # --- Emulator -----------------------------------------------------------------------------------------
    def reset_state(self) -> None:
        self._definitions = {}
        self._instances = {}
        self.deploy("leadIntake", "Lead intake")
        self.deploy("invoiceApproval", "Invoice approval", messages=("invoiceReceived",))

    def state_view(self) -> dict[str, Any]:
        return {
            "processDefinitions": [
                self._definition_json(definition) for definition in self._definitions.values()
            ],
            "processInstances": [
                self._instance_json(instance, True) for instance in self._instances.values()
            ],
        }

    def export_state(self) -> dict[str, Any]:
        return {
            "definitions": [dataclasses.asdict(definition) for definition in self._definitions.values()],
            "instances": [
                {
                    "id": instance.id,
                    "definition_id": instance.definition.id,
                    "business_key": instance.business_key,
                    "tenant_id": instance.tenant_id,
                    "variables": instance.variables,
                    "start_time": instance.start_time.isoformat(),
                    "ended": instance.ended,
                    "end_time": instance.end_time.isoformat() if instance.end_time else None,
                    "delete_reason": instance.delete_reason,
                    "extra": instance.extra,
                }
                for instance in self._instances.values()
            ],
        }

    def import_state(self, snapshot: Mapping[str, Any]) -> None:
        self._definitions = {
            item["id"]: _Definition(**{**item, "messages": tuple(item["messages"])})
            for item in snapshot["definitions"]
        }
        self._instances = {
            item["id"]: _Instance(
                id=item["id"],
                definition=self._definitions[item["definition_id"]],
                business_key=item["business_key"],
                tenant_id=item["tenant_id"],
                variables=list(item["variables"]),
                start_time=datetime.fromisoformat(item["start_time"]),
                ended=bool(item["ended"]),
                end_time=datetime.fromisoformat(item["end_time"]) if item["end_time"] else None,
                delete_reason=item["delete_reason"],
                extra=dict(item["extra"]),
            )
            for item in snapshot["instances"]
        }

    def credentials(self) -> dict[str, str]:
        return {"user": self.user, "password": self.password}

    def environment(self) -> dict[str, str]:
        return {
            "FLOWABLE_BASE_URL": self.base_url,
            "FLOWABLE_USER": self.user,
            "FLOWABLE_PASSWORD": self.password,
        }

    def error_response(self, status: int, message: str) -> Response:
        return JSONResponse(_FlowableError(status, message).body, status_code=status)

    def routes(self) -> list[BaseRoute]:
        guard = self._guard
        return [
            Route(_PREFIX + "/management/engine", guard(self._engine), methods=["GET"]),
            Route(_PREFIX + "/repository/deployments", guard(self._deploy), methods=["POST"]),
            Route(
                _PREFIX + "/repository/process-definitions", guard(self._list_definitions), methods=["GET"]
            ),
            Route(
                _PREFIX + "/repository/process-definitions/{id:str}",
                guard(self._get_definition),
                methods=["GET"],
            ),
            Route(
                _PREFIX + "/runtime/process-instances",
                guard(self._instances_endpoint),
                methods=["GET", "POST"],
            ),
            Route(
                _PREFIX + "/runtime/process-instances/{id:str}",
                guard(self._instance),
                methods=["GET", "DELETE"],
            ),
            Route(
                _PREFIX + "/runtime/process-instances/{id:str}/variables",
                guard(self._variables),
                methods=["GET"],
            ),
            Route(_PREFIX + "/history/historic-process-instances", guard(self._history), methods=["GET"]),
        ]

    def admin_routes(self) -> list[BaseRoute]:
        return [
            Route("/flowable/process-instances/{id:str}/complete", self._admin_complete, methods=["POST"])
        ]

    # --- Python API ---------------------------------------------------------------------------------------
    def deploy(self, key: str, name: str | None = None, *, messages: tuple[str, ...] = ()) -> str:
        """Deploy (a new version of) a process definition; returns its id (``key:version:n``)."""
        version = 1 + max((d.version for d in self._definitions.values() if d.key == key), default=0)
        definition_id = f"{key}:{version}:{uuid.uuid4()}"
        deployment_id = str(uuid.uuid4())
        self._definitions[definition_id] = _Definition(
            definition_id, key, name, version, deployment_id, messages
        )
        return definition_id

    def complete(self, instance_id: str) -> None:
        """End an instance as if its process had reached an end event."""
        instance = self._instances[instance_id]
        instance.ended, instance.end_time = True, self.clock.now()

    # --- plumbing -----------------------------------------------------------------------------------------
    def _guard(self, handler: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            credentials = basic_credentials(request)
            if credentials is None or not (
                hmac.compare_digest(credentials[0], self.user)
                and hmac.compare_digest(credentials[1], self.password)
            ):
                return JSONResponse(
                    _FlowableError(401, "Full authentication is required to access this resource").body,
                    status_code=401,
                    headers={"WWW-Authenticate": 'Basic realm="Flowable"'},
                )
            try:
                result: Response = await handler(request)
                return result
            except _FlowableError as error:
                return JSONResponse(error.body, status_code=error.status)

        return endpoint

    def _latest(self, key: str, tenant_id: str) -> _Definition | None:
        candidates = [d for d in self._definitions.values() if d.key == key]
        return max(candidates, key=lambda d: d.version) if candidates else None

    def _definition_json(self, definition: _Definition) -> dict[str, Any]:
        return {
            "id": definition.id,
            "url": f"{self.base_url}/repository/process-definitions/{definition.id}",
            "key": definition.key,
            "version": definition.version,
            "name": definition.name,
            "description": None,
            "tenantId": "",
            "deploymentId": definition.deployment_id,
            "deploymentUrl": f"{self.base_url}/repository/deployments/{definition.deployment_id}",
            "resource": None,
            "diagramResource": None,
            "category": "http://www.flowable.org/processdef",
            "graphicalNotationDefined": False,
            "suspended": False,
            "startFormDefined": False,
        }

    def _instance_json(self, instance: _Instance, with_variables: bool) -> dict[str, Any]:
        definition = instance.definition
        body: dict[str, Any] = {
            "id": instance.id,
            "url": f"{self.base_url}/runtime/process-instances/{instance.id}",
            "name": None,
            "businessKey": instance.business_key,
            "businessStatus": None,
            "suspended": False,
            "ended": instance.ended,
            "processDefinitionId": definition.id,
            "processDefinitionUrl": f"{self.base_url}/repository/process-definitions/{definition.id}",
            "processDefinitionName": definition.name,
            "processDefinitionDescription": None,
            "activityId": None,
            "startUserId": self.user,
            "startTime": _iso(instance.start_time),
            "callbackId": None,
            "callbackType": None,
            "referenceId": None,
            "referenceType": None,
            "propagatedStageInstanceId": None,
            "tenantId": instance.tenant_id,
            "completed": instance.ended,
            "variables": instance.variables if with_variables else [],
        }
        return body

    @staticmethod
    def _page(request: Request, items: list[dict[str, Any]]) -> dict[str, Any]:
        try:
            start = int(request.query_params.get("start", "0"))
            size = int(request.query_params.get("size", "10"))
        except ValueError as error:
            raise _FlowableError(400, "start and size must be integers") from error
        return {
            "data": items[start : start + size],
            "total": len(items),
            "start": start,
            "sort": request.query_params.get("sort", "id"),
            "order": request.query_params.get("order", "asc"),
            "size": len(items[start : start + size]),
        }

    # --- endpoints ----------------------------------------------------------------------------------------
    async def _engine(self, request: Request) -> Response:
        return JSONResponse(
            {
                "name": "default",
                "version": "7.1.0.0",
                "resourceUrl": "file:flowable.cfg.xml",
                "exception": None,
            }
        )

    async def _deploy(self, request: Request) -> Response:
        try:
            form = await request.form()
        except (AssertionError, ValueError) as error:
            raise _FlowableError(400, "A multipart/form-data request with a BPMN file is required") from error
        files = [value for _, value in form.multi_items() if not isinstance(value, str)]
        if not files:
            raise _FlowableError(400, "No file content was found in request body.")
        deployment_id = str(uuid.uuid4())
        for upload in files:
            filename = upload.filename or "process.bpmn"
            if not filename.endswith((".bpmn", ".bpmn20.xml")):
                raise _FlowableError(400, f"File must be of type .bpmn20.xml, .bpmn: {filename}")
            for key, name, messages in _bpmn_processes(await upload.read()):
                definition_id = self.deploy(key, name, messages=messages)
                self._definitions[definition_id].deployment_id = deployment_id
        return JSONResponse(
            {
                "id": deployment_id,
                "name": files[0].filename,
                "deploymentTime": _iso(self.clock.now()),
                "category": None,
                "parentDeploymentId": deployment_id,
                "url": f"{self.base_url}/repository/deployments/{deployment_id}",
                "tenantId": "",
            },
            status_code=201,
        )

    async def _list_definitions(self, request: Request) -> Response:
        definitions = list(self._definitions.values())
        key = request.query_params.get("key")
        if key is not None:
            definitions = [d for d in definitions if d.key == key]
        if request.query_params.get("latest") == "true":
            definitions = [d for d in definitions if self._latest(d.key, "") is d]
        return JSONResponse(self._page(request, [self._definition_json(d) for d in definitions]))

    async def _get_definition(self, request: Request) -> Response:
        definition = self._definitions.get(request.path_params["id"])
        if definition is None:
            raise _FlowableError(
                404, f"Could not find a process definition with id '{request.path_params['id']}'."
            )
        return JSONResponse(self._definition_json(definition))

    async def _instances_endpoint(self, request: Request) -> Response:
        if request.method == "GET":
            instances = [instance for instance in self._instances.values() if not instance.ended]
            for param, attribute in (("businessKey", "business_key"), ("id", "id")):
                value = request.query_params.get(param)
                if value is not None:
                    instances = [i for i in instances if getattr(i, attribute) == value]
            key = request.query_params.get("processDefinitionKey")
            if key is not None:
                instances = [i for i in instances if i.definition.key == key]
            return JSONResponse(self._page(request, [self._instance_json(i, False) for i in instances]))
        try:
            body = await read_json(request)
        except MalformedBody as error:
            raise _FlowableError(400, f"Invalid JSON: {error}") from error
        if not isinstance(body, dict):
            raise _FlowableError(400, "The request body must be a JSON object")
        given = [
            name
            for name in ("processDefinitionId", "processDefinitionKey", "message")
            if body.get(name) is not None
        ]
        if len(given) != 1:
            raise _FlowableError(
                400, "Only one of processDefinitionId, processDefinitionKey or message should be set."
            )
        tenant_id = str(body.get("tenantId") or "")
        definition: _Definition | None
        if given[0] == "processDefinitionId":
            definition = self._definitions.get(str(body["processDefinitionId"]))
            if definition is None:
                raise _FlowableError(
                    400, f"no deployed process definition found with id '{body['processDefinitionId']}'"
                )
        elif given[0] == "processDefinitionKey":
            definition = self._latest(str(body["processDefinitionKey"]), tenant_id)
            if definition is None:
                raise _FlowableError(400, f"no processes deployed with key '{body['processDefinitionKey']}'")
        else:
            definition = next(
                (
                    d
                    for d in self._definitions.values()
                    if body["message"] in d.messages and self._latest(d.key, tenant_id) is d
                ),
                None,
            )
            if definition is None:
                raise _FlowableError(
                    400,
                    f"Cannot start process instance by message: no subscription to message with name '{body['message']}' found",
                )
        raw_variables = body.get("variables") or []
        transient = body.get("transientVariables") or []
        if not isinstance(raw_variables, list) or not isinstance(transient, list):
            raise _FlowableError(400, "variables and transientVariables must be arrays")
        variables = [_variable(item) for item in raw_variables]
        for item in transient:
            _variable(item)
        business_key = body.get("businessKey")
        instance = _Instance(
            str(uuid.uuid4()),
            definition,
            str(business_key) if business_key is not None else None,
            tenant_id,
            variables,
            self.clock.now(),
        )
        self._instances[instance.id] = instance
        return JSONResponse(self._instance_json(instance, bool(body.get("returnVariables"))), status_code=201)

    def _find(self, request: Request) -> _Instance:
        instance = self._instances.get(request.path_params["id"])
        if instance is None or instance.ended:
            raise _FlowableError(
                404, f"Could not find a process instance with id '{request.path_params['id']}'."
            )
        return instance

    async def _instance(self, request: Request) -> Response:
        instance = self._find(request)
        if request.method == "DELETE":
            instance.ended, instance.end_time = True, self.clock.now()
            instance.delete_reason = request.query_params.get("deleteReason")
            return Response(status_code=204)
        return JSONResponse(self._instance_json(instance, False))

    async def _variables(self, request: Request) -> Response:
        return JSONResponse(self._find(request).variables)

    async def _history(self, request: Request) -> Response:
        instances = list(self._instances.values())
        business_key = request.query_params.get("businessKey")
        if business_key is not None:
            instances = [i for i in instances if i.business_key == business_key]
        items = [
            {
                "id": i.id,
                "businessKey": i.business_key,
                "processDefinitionId": i.definition.id,
                "processDefinitionKey": i.definition.key,
                "startTime": _iso(i.start_time),
                "endTime": _iso(i.end_time) if i.end_time else None,
                "deleteReason": i.delete_reason,
                "tenantId": i.tenant_id,
            }
            for i in instances
        ]
        return JSONResponse(self._page(request, items))

    async def _admin_complete(self, request: Request) -> Response:
        instance = self._instances.get(request.path_params["id"])
        if instance is None:
            return JSONResponse({"error": "no such process instance"}, status_code=404)
        self.complete(instance.id)
        return JSONResponse(self._instance_json(instance, True))
