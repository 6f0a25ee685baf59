"""HubSpot CRM v3 contacts: create/read/update/archive, batch upsert/update/read, search, property definitions.

Contract (external-apis.md §1): Bearer private-app token; errors ``{status:"error", message, correlationId,
category, errors?}``; batch answers ``{status:"COMPLETE", results, requestedAt, startedAt, completedAt}``, 207 with
``errors``/``numErrors`` when every input carries an ``objectWriteTraceId`` and some fail (otherwise an invalid
input fails the whole batch with 400). Both ``/crm/v3/...`` and date-versioned ``/crm/objects/<yyyy-mm>/...``
paths are served. Rate limits: the private-app burst limit (190 per rolling 10 s), the daily limit and the search
limit (5/s); answers carry ``X-HubSpot-RateLimit-*`` headers (not on search, as on HubSpot), a 429 has the real
``RATE_LIMIT`` body and, as a sandbox choice, a ``Retry-After`` in seconds.

Optional webhooks: with a target URL configured (``PUT /__sandbox/hubspot/webhooks``) contact creations and
property changes are POSTed as a JSON array of events signed with the v3 signature (client secret from the
credentials). Search sees a record only ``search_delay`` after its last write (0 by default; set it to emulate
HubSpot's indexing lag). Search pages as HubSpot does: ``limit`` 0..200 (default 10), ``total`` counts every match,
``paging.next.after`` is present only while matches remain after the page (the cursor is an offset, a sandbox
choice: HubSpot's cursor is opaque).
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import json
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from sandbox._common import (
    Emulator,
    EmulatorContext,
    MalformedBody,
    RateLimitHit,
    RateLimitRule,
    bearer_token,
    read_json,
)

__all__ = ["DEFAULT_CONTACT_PROPERTIES", "HubSpotEmulator", "PropertyDefinition"]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MAX_BATCH = 100
_SEARCH_DEFAULT_PROPERTIES = (
    "createdate",
    "email",
    "firstname",
    "hs_object_id",
    "lastmodifieddate",
    "lastname",
)
_SEARCHABLE_BY_QUERY = ("email", "firstname", "lastname", "phone", "company")


@dataclass(frozen=True)
class PropertyDefinition:
    """A contact property: internal name, type, allowed options (enumerations), writability."""

    name: str
    label: str
    type: str = "string"
    field_type: str = "text"
    options: tuple[str, ...] = ()
    read_only: bool = False
    unique: bool = False
    group_name: str = "contactinformation"
    custom: bool = False

    def to_json(self) -> dict[str, Any]:
        """The property as ``GET /crm/v3/properties/contacts`` lists it."""
        return {
            "name": self.name,
            "label": self.label,
            "type": self.type,
            "fieldType": self.field_type,
            "groupName": self.group_name,
            "options": [
                {"label": option, "value": option, "displayOrder": index, "hidden": False}
                for index, option in enumerate(self.options)
            ],
            "hasUniqueValue": self.unique,
            "hidden": False,
            "calculated": False,
            "externalOptions": False,
            "hubspotDefined": not self.custom,
            "modificationMetadata": {"archivable": self.custom, "readOnlyValue": self.read_only},
            "formField": not self.read_only,
        }


def _enum(name: str, label: str, options: Sequence[str]) -> PropertyDefinition:
    return PropertyDefinition(name, label, "enumeration", "select", tuple(options))


DEFAULT_CONTACT_PROPERTIES: tuple[PropertyDefinition, ...] = (
    PropertyDefinition("email", "Email"),
    PropertyDefinition("firstname", "First Name"),
    PropertyDefinition("lastname", "Last Name"),
    PropertyDefinition("phone", "Phone Number", field_type="phonenumber"),
    PropertyDefinition("mobilephone", "Mobile Phone Number", field_type="phonenumber"),
    PropertyDefinition("company", "Company Name"),
    PropertyDefinition("website", "Website URL"),
    PropertyDefinition("jobtitle", "Job Title"),
    PropertyDefinition("city", "City"),
    PropertyDefinition("country", "Country/Region"),
    PropertyDefinition("message", "Message", field_type="textarea"),
    _enum(
        "lifecyclestage",
        "Lifecycle Stage",
        (
            "subscriber",
            "lead",
            "marketingqualifiedlead",
            "salesqualifiedlead",
            "opportunity",
            "customer",
            "evangelist",
            "other",
        ),
    ),
    _enum(
        "hs_lead_status",
        "Lead Status",
        (
            "NEW",
            "OPEN",
            "IN_PROGRESS",
            "OPEN_DEAL",
            "UNQUALIFIED",
            "ATTEMPTED_TO_CONTACT",
            "CONNECTED",
            "BAD_TIMING",
        ),
    ),
    PropertyDefinition("hs_object_id", "Record ID", "number", "number", read_only=True, unique=True),
    PropertyDefinition("createdate", "Create Date", "datetime", "date", read_only=True),
    PropertyDefinition("lastmodifieddate", "Last Modified Date", "datetime", "date", read_only=True),
)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@dataclass
class _Contact:
    id: str
    properties: dict[str, str]
    created_at: datetime
    updated_at: datetime
    searchable_after: float
    archived: bool = False


@dataclass(frozen=True)
class _InputError:
    message: str
    code: str
    property_name: str | None = None


class _HubSpotError(Exception):
    def __init__(self, status: int, message: str, category: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.category = category
        self.extra = extra


@dataclass
class _WebhookSettings:
    target_url: str | None = None
    subscriptions: set[str] = field(default_factory=lambda: {"contact.creation", "contact.propertyChange"})


class HubSpotEmulator(Emulator):
    """HubSpot CRM v3 contacts, property definitions, rate limits and signed webhooks."""

    name: ClassVar[str] = "hubspot"
    title: ClassVar[str] = "HubSpot CRM v3 (contacts)"

    def __init__(self, context: EmulatorContext, *, portal_id: int = 62515, app_id: int = 54321) -> None:
        super().__init__(context)
        self.portal_id = portal_id
        self.app_id = app_id
        self.token = "pat-na1-" + str(uuid.uuid4())
        self.client_secret = uuid.uuid4().hex
        self.search_delay = timedelta(0)
        self.webhook = _WebhookSettings()
        self._properties: dict[str, PropertyDefinition] = {}
        self._contacts: dict[str, _Contact] = {}
        self._next_id = 0
        self._next_event_id = 0
        self.reset_state()

    # --- Emulator -----------------------------------------------------------------------------------------
    def reset_state(self) -> None:
        self._properties = {definition.name: definition for definition in DEFAULT_CONTACT_PROPERTIES}
        self._contacts = {}
        self._next_id = 1000
        self._next_event_id = 0
        self.search_delay = timedelta(0)
        self.webhook = _WebhookSettings()

    def state_view(self) -> dict[str, Any]:
        return {
            "portalId": self.portal_id,
            "contacts": [self._contact_json(contact, None) for contact in self._contacts.values()],
            "customProperties": [
                definition.name for definition in self._properties.values() if definition.custom
            ],
            "searchDelayMs": self.search_delay.total_seconds() * 1000,
            "webhookTargetUrl": self.webhook.target_url,
        }

    def export_state(self) -> dict[str, Any]:
        return {
            "properties": [dataclasses.asdict(definition) for definition in self._properties.values()],
            "contacts": [
                {
                    "id": contact.id,
                    "properties": contact.properties,
                    "created_at": contact.created_at.isoformat(),
                    "updated_at": contact.updated_at.isoformat(),
                    "archived": contact.archived,
                }
                for contact in self._contacts.values()
            ],
            "next_id": self._next_id,
            "next_event_id": self._next_event_id,
            "webhook": {
                "target_url": self.webhook.target_url,
                "subscriptions": sorted(self.webhook.subscriptions),
            },
        }

    def import_state(self, snapshot: Mapping[str, Any]) -> None:
        self._properties = {
            item["name"]: PropertyDefinition(**{**item, "options": tuple(item["options"])})
            for item in snapshot["properties"]
        }
        self._contacts = {
            item["id"]: _Contact(
                id=item["id"],
                properties=dict(item["properties"]),
                created_at=datetime.fromisoformat(item["created_at"]),
                updated_at=datetime.fromisoformat(item["updated_at"]),
                searchable_after=0.0,  # the search index caught up while the sandbox was down
                archived=bool(item["archived"]),
            )
            for item in snapshot["contacts"]
        }
        self._next_id = int(snapshot["next_id"])
        self._next_event_id = int(snapshot["next_event_id"])
        self.webhook = _WebhookSettings(
            snapshot["webhook"]["target_url"], set(snapshot["webhook"]["subscriptions"])
        )

    def credentials(self) -> dict[str, str]:
        return {"token": self.token, "client_secret": self.client_secret}

    def environment(self) -> dict[str, str]:
        return {
            "HUBSPOT_BASE_URL": self.base_url,
            "HUBSPOT_TOKEN": self.token,
            "HUBSPOT_CLIENT_SECRET": self.client_secret,
        }

    def error_response(self, status: int, message: str) -> Response:
        category = {404: "OBJECT_NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}.get(status, "INTERNAL_ERROR")
        return _error(_HubSpotError(status, message, category))

    def rate_limit_rules(self) -> list[RateLimitRule]:
        return [
            RateLimitRule("ten_secondly", 190, timedelta(seconds=10)),
            RateLimitRule("daily", 650_000, timedelta(days=1)),
            RateLimitRule("search", 5, timedelta(seconds=1)),
        ]

    def rate_limit_keys(self, request: Request) -> list[tuple[str, str]]:
        key = bearer_token(request) or "anonymous"
        keys = [("daily", key), ("ten_secondly", key)]
        if request.url.path.endswith("/search"):
            keys.append(("search", key))
        return keys

    def rate_limit_headers(self, hits: list[RateLimitHit]) -> dict[str, str]:
        by_rule = {hit.rule.name: hit for hit in hits}
        if "search" in by_rule:
            return {}
        headers: dict[str, str] = {}
        if (daily := by_rule.get("daily")) is not None:
            headers["X-HubSpot-RateLimit-Daily"] = str(daily.rule.limit)
            headers["X-HubSpot-RateLimit-Daily-Remaining"] = str(daily.remaining)
        if (burst := by_rule.get("ten_secondly")) is not None:
            headers["X-HubSpot-RateLimit-Max"] = str(burst.rule.limit)
            headers["X-HubSpot-RateLimit-Remaining"] = str(burst.remaining)
            headers["X-HubSpot-RateLimit-Interval-Milliseconds"] = str(
                int(burst.rule.window.total_seconds() * 1000)
            )
        return headers

    def rate_limited_response(self, hit: RateLimitHit) -> Response:
        policy, wording = {
            "ten_secondly": ("TEN_SECONDLY_ROLLING", "ten_secondly_rolling"),
            "daily": ("DAILY", "daily"),
            "search": ("SECONDLY", "secondly"),
        }[hit.rule.name]
        body = {
            "status": "error",
            "message": f"You have reached your {wording} limit.",
            "errorType": "RATE_LIMIT",
            "correlationId": str(uuid.uuid4()),
            "policyName": policy,
            "requestId": str(uuid.uuid4()),
        }
        headers = {"Retry-After": str(max(1, int(hit.retry_after.total_seconds() + 0.999)))}
        if hit.rule.name == "ten_secondly":
            headers |= {
                "X-HubSpot-RateLimit-Max": str(hit.rule.limit),
                "X-HubSpot-RateLimit-Remaining": "0",
                "X-HubSpot-RateLimit-Interval-Milliseconds": str(int(hit.rule.window.total_seconds() * 1000)),
            }
        return JSONResponse(body, status_code=429, headers=headers)

    def routes(self) -> list[BaseRoute]:
        routes: list[BaseRoute] = []
        for prefix in ("/crm/v3/objects/contacts", "/crm/objects/{version:str}/contacts"):
            routes += [
                Route(prefix, self._endpoint(self._list_or_create), methods=["GET", "POST"]),
                Route(prefix + "/batch/upsert", self._endpoint(self._batch_upsert), methods=["POST"]),
                Route(prefix + "/batch/update", self._endpoint(self._batch_update), methods=["POST"]),
                Route(prefix + "/batch/read", self._endpoint(self._batch_read), methods=["POST"]),
                Route(prefix + "/search", self._endpoint(self._search), methods=["POST"]),
                Route(
                    prefix + "/{contact_id:str}",
                    self._endpoint(self._one_contact),
                    methods=["GET", "PATCH", "DELETE"],
                ),
            ]
        for prefix in ("/crm/v3/properties/contacts", "/crm/properties/{version:str}/contacts"):
            routes += [
                Route(prefix, self._endpoint(self._properties_endpoint), methods=["GET", "POST"]),
                Route(prefix + "/{property_name:str}", self._endpoint(self._one_property), methods=["GET"]),
            ]
        return routes

    def admin_routes(self) -> list[BaseRoute]:
        return [Route("/hubspot/webhooks", self._admin_webhooks, methods=["GET", "PUT"])]

    # --- seeding from Python ------------------------------------------------------------------------------
    def add_property(self, definition: PropertyDefinition) -> None:
        """Define a custom contact property (as ``POST /crm/v3/properties/contacts`` does)."""
        self._properties[definition.name] = definition

    def seed_contact(self, properties: dict[str, str]) -> str:
        """Create a contact directly (no validation, no webhook); returns its id."""
        return self._create(dict(properties), emit=False).id

    def contact(self, contact_id: str) -> dict[str, str] | None:
        """All properties of a contact, or ``None``."""
        contact = self._contacts.get(contact_id)
        return dict(contact.properties) if contact else None

    def find_by_email(self, email: str) -> str | None:
        """The id of the live contact with this email."""
        contact = self._by_property("email", email)
        return contact.id if contact else None

    # --- plumbing -----------------------------------------------------------------------------------------
    def _endpoint(self, handler: Callable[[Request], Any]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            token = bearer_token(request)
            try:
                if token is None:
                    raise _HubSpotError(
                        401,
                        "Authentication credentials not found. This API supports OAuth 2.0 authentication "
                        "and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
                        "INVALID_AUTHENTICATION",
                    )
                if not hmac.compare_digest(token, self.token):
                    raise _HubSpotError(
                        401,
                        "Authentication credentials not found. The access token is invalid or expired.",
                        "INVALID_AUTHENTICATION",
                    )
                result: Response = await handler(request)
                return result
            except _HubSpotError as error:
                return _error(error)

        return endpoint

    async def _body(self, request: Request) -> dict[str, Any]:
        try:
            body = await read_json(request)
        except MalformedBody as error:
            raise _HubSpotError(400, f"Invalid input JSON: {error}", "VALIDATION_ERROR") from error
        if not isinstance(body, dict):
            raise _HubSpotError(400, "Invalid input JSON: expected an object", "VALIDATION_ERROR")
        return body

    def _now(self) -> datetime:
        return self.clock.now()

    def _by_property(self, name: str, value: str) -> _Contact | None:
        wanted = value.lower() if name == "email" else value
        for contact in self._contacts.values():
            if contact.archived:
                continue
            current = contact.properties.get(name)
            if current is not None and (current.lower() if name == "email" else current) == wanted:
                return contact
        return None

    def _lookup(self, id_value: str, id_property: str | None) -> _Contact | None:
        if id_property in (None, "hs_object_id"):
            contact = self._contacts.get(id_value)
            return contact if contact and not contact.archived else None
        return self._by_property(id_property, id_value)

    def _check_id_property(self, id_property: str | None) -> None:
        if id_property in (None, "hs_object_id", "email"):
            return
        definition = self._properties.get(id_property)
        if definition is None or not definition.unique:
            raise _HubSpotError(
                400,
                f"{id_property} is not a unique identifier property for object type 0-1",
                "VALIDATION_ERROR",
            )

    def _validate_properties(self, values: Any) -> tuple[dict[str, str], list[_InputError]]:
        if not isinstance(values, dict):
            return {}, [_InputError("properties must be an object", "INVALID_INPUT")]
        cleaned: dict[str, str] = {}
        errors: list[_InputError] = []
        for name, raw in values.items():
            definition = self._properties.get(name)
            if definition is None:
                errors.append(_InputError(f'Property "{name}" does not exist', "PROPERTY_DOESNT_EXIST", name))
                continue
            if definition.read_only:
                errors.append(
                    _InputError(
                        f'"{name}" is a read only property; its value cannot be set.', "READ_ONLY_VALUE", name
                    )
                )
                continue
            if raw is None:
                value = ""
            elif isinstance(raw, bool):
                value = "true" if raw else "false"
            elif isinstance(raw, int | float | str):
                value = str(raw)
            else:
                errors.append(_InputError(f"{raw!r} is not a valid value for {name}", "INVALID_INPUT", name))
                continue
            if value and definition.options and value not in definition.options:
                errors.append(
                    _InputError(
                        f"{value} was not one of the allowed options: "
                        + ", ".join(
                            f"[label: {option!r} value: {option!r}]" for option in definition.options
                        ),
                        "INVALID_OPTION",
                        name,
                    )
                )
                continue
            if value and name == "email":
                if not _EMAIL.match(value):
                    errors.append(_InputError(f"Email address {value} is invalid", "INVALID_EMAIL", name))
                    continue
                value = value.lower()
            if value and definition.type == "number":
                try:
                    float(value)
                except ValueError:
                    errors.append(_InputError(f"{value} is not a valid number", "INVALID_DECIMAL", name))
                    continue
            cleaned[name] = value
        return cleaned, errors

    def _invalid(self, errors: list[_InputError]) -> _HubSpotError:
        listed = [
            {"isValid": False, "message": error.message, "error": error.code, "name": error.property_name}
            for error in errors
        ]
        return _HubSpotError(
            400,
            "Property values were not valid: " + json.dumps(listed),
            "VALIDATION_ERROR",
            errors=[
                {
                    "message": error.message,
                    "code": error.code,
                    **({"context": {"propertyName": [error.property_name]}} if error.property_name else {}),
                }
                for error in errors
            ],
        )

    def _create(self, properties: dict[str, str], *, emit: bool = True) -> _Contact:
        self._next_id += 1
        contact_id = str(self._next_id)
        now = self._now()
        values = {name: value for name, value in properties.items() if value != ""}
        values |= {"hs_object_id": contact_id, "createdate": _iso(now), "lastmodifieddate": _iso(now)}
        contact = _Contact(contact_id, values, now, now, self._searchable_after())
        self._contacts[contact_id] = contact
        if emit:
            self._emit("contact.creation", contact, None, None)
        return contact

    def _update(self, contact: _Contact, properties: dict[str, str]) -> None:
        changed = {}
        for name, value in properties.items():
            before = contact.properties.get(name)
            if value == "":
                contact.properties.pop(name, None)
            else:
                contact.properties[name] = value
            if before != contact.properties.get(name):
                changed[name] = value
        contact.updated_at = self._now()
        contact.properties["lastmodifieddate"] = _iso(contact.updated_at)
        contact.searchable_after = self._searchable_after()
        for name, value in changed.items():
            self._emit("contact.propertyChange", contact, name, value)

    def _searchable_after(self) -> float:
        return self.clock.monotonic() + self.search_delay.total_seconds()

    def _contact_json(self, contact: _Contact, wanted: Sequence[str] | None) -> dict[str, Any]:
        if wanted is None:
            properties: dict[str, str | None] = dict(contact.properties)
        else:
            properties = {name: contact.properties.get(name) for name in wanted}
        return {
            "id": contact.id,
            "properties": properties,
            "createdAt": _iso(contact.created_at),
            "updatedAt": _iso(contact.updated_at),
            "archived": contact.archived,
        }

    def _written_json(self, contact: _Contact, written: dict[str, str]) -> dict[str, Any]:
        names = [
            *_SEARCH_DEFAULT_PROPERTIES,
            *(name for name in written if name not in _SEARCH_DEFAULT_PROPERTIES),
        ]
        return self._contact_json(contact, names)

    # --- single-object endpoints --------------------------------------------------------------------------
    async def _list_or_create(self, request: Request) -> Response:
        if request.method == "GET":
            limit = _int_param(request.query_params.get("limit"), 10, "limit", maximum=100)
            after = _int_param(request.query_params.get("after"), 0, "after", maximum=None)
            wanted = _properties_param(request) or list(_SEARCH_DEFAULT_PROPERTIES)
            live = [contact for contact in self._contacts.values() if not contact.archived]
            page = live[after : after + limit]
            body: dict[str, Any] = {"results": [self._contact_json(contact, wanted) for contact in page]}
            if after + limit < len(live):
                body["paging"] = {"next": {"after": str(after + limit), "link": None}}
            return JSONResponse(body)
        body = await self._body(request)
        properties, errors = self._validate_properties(body.get("properties", {}))
        if errors:
            raise self._invalid(errors)
        if not any(properties.get(name) for name in ("email", "firstname", "lastname")):
            raise _HubSpotError(
                400, "At least one of email, firstname or lastname must be set", "VALIDATION_ERROR"
            )
        if (email := properties.get("email")) and (existing := self._by_property("email", email)):
            raise _HubSpotError(409, f"Contact already exists. Existing ID: {existing.id}", "CONFLICT")
        contact = self._create(properties)
        return JSONResponse(self._written_json(contact, properties), status_code=201)

    async def _one_contact(self, request: Request) -> Response:
        contact_id = request.path_params["contact_id"]
        id_property = request.query_params.get("idProperty")
        self._check_id_property(id_property)
        if request.method == "GET":
            contact = self._lookup(contact_id, id_property)
            if contact is None and request.query_params.get("archived") == "true":
                found = self._contacts.get(contact_id)
                contact = found if found and found.archived else None
            if contact is None:
                raise _HubSpotError(
                    404, "Object not found.  objectId are usually numeric.", "OBJECT_NOT_FOUND"
                )
            wanted = _properties_param(request) or list(_SEARCH_DEFAULT_PROPERTIES)
            return JSONResponse(self._contact_json(contact, wanted))
        contact = self._lookup(contact_id, id_property)
        if contact is None:
            raise _HubSpotError(404, "Object not found.  objectId are usually numeric.", "OBJECT_NOT_FOUND")
        if request.method == "DELETE":
            contact.archived = True
            contact.updated_at = self._now()
            return Response(status_code=204)
        body = await self._body(request)
        properties, errors = self._validate_properties(body.get("properties"))
        if errors:
            raise self._invalid(errors)
        if (
            (email := properties.get("email"))
            and (other := self._by_property("email", email))
            and other is not contact
        ):
            raise _HubSpotError(409, f"Contact already exists. Existing ID: {other.id}", "CONFLICT")
        self._update(contact, properties)
        return JSONResponse(self._written_json(contact, properties))

    # --- batch endpoints ----------------------------------------------------------------------------------
    def _batch_inputs(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        inputs = body.get("inputs")
        if not isinstance(inputs, list) or not inputs or not all(isinstance(item, dict) for item in inputs):
            raise _HubSpotError(
                400, "Invalid input JSON: inputs must be a non-empty array of objects", "VALIDATION_ERROR"
            )
        if len(inputs) > _MAX_BATCH:
            raise _HubSpotError(
                400, f"Batch input too large: {len(inputs)} > {_MAX_BATCH}", "VALIDATION_ERROR"
            )
        return inputs

    def _batch_answer(
        self,
        started: datetime,
        results: list[dict[str, Any]],
        failures: list[tuple[dict[str, Any], _HubSpotError]],
    ) -> Response:
        body: dict[str, Any] = {
            "status": "COMPLETE",
            "results": results,
            "requestedAt": _iso(started),
            "startedAt": _iso(started),
            "completedAt": _iso(self._now()),
        }
        if not failures:
            return JSONResponse(body)
        body["numErrors"] = len(failures)
        body["errors"] = [
            {
                "status": "error",
                "category": error.category,
                "message": error.message,
                "context": {"objectWriteTraceId": [str(item.get("objectWriteTraceId"))]}
                if item.get("objectWriteTraceId") is not None
                else {"ids": [str(item.get("id"))]},
                "errors": error.extra.get("errors", []),
            }
            for item, error in failures
        ]
        return JSONResponse(body, status_code=207)

    def _run_batch(
        self,
        inputs: list[dict[str, Any]],
        validate: Callable[[dict[str, Any]], Callable[[], dict[str, Any]]],
    ) -> tuple[list[dict[str, Any]], list[tuple[dict[str, Any], _HubSpotError]]]:
        """Validate every input first; apply all only if all are valid, or per input under multi-status."""
        multi_status = all(item.get("objectWriteTraceId") is not None for item in inputs)
        planned: list[tuple[dict[str, Any], Callable[[], dict[str, Any]] | _HubSpotError]] = []
        for item in inputs:
            try:
                planned.append((item, validate(item)))
            except _HubSpotError as error:
                if not multi_status:
                    raise
                planned.append((item, error))
        results: list[dict[str, Any]] = []
        failures: list[tuple[dict[str, Any], _HubSpotError]] = []
        for item, plan in planned:
            if isinstance(plan, _HubSpotError):
                failures.append((item, plan))
                continue
            result = plan()
            if item.get("objectWriteTraceId") is not None:
                result["objectWriteTraceId"] = str(item["objectWriteTraceId"])
            results.append(result)
        return results, failures

    async def _batch_upsert(self, request: Request) -> Response:
        started = self._now()
        inputs = self._batch_inputs(await self._body(request))
        keys = [(item.get("idProperty"), str(item.get("id", "")).lower()) for item in inputs]
        duplicates = sorted({key for key in keys if keys.count(key) > 1}, key=str)
        if duplicates:
            raise _HubSpotError(
                400,
                "Duplicate IDs found in batch input: " + str([key[1] for key in duplicates]),
                "VALIDATION_ERROR",
            )

        def validate(item: dict[str, Any]) -> Callable[[], dict[str, Any]]:
            id_property = item.get("idProperty")
            id_value = item.get("id")
            if not isinstance(id_value, str | int) or isinstance(id_value, bool) or str(id_value) == "":
                raise _HubSpotError(400, "Each input needs an id", "VALIDATION_ERROR")
            if id_property is not None and not isinstance(id_property, str):
                raise _HubSpotError(400, "idProperty must be a string", "VALIDATION_ERROR")
            self._check_id_property(id_property)
            properties, errors = self._validate_properties(item.get("properties", {}))
            if id_property == "email" and not _EMAIL.match(str(id_value)):
                errors.append(_InputError(f"Email address {id_value} is invalid", "INVALID_EMAIL", "email"))
            if errors:
                raise self._invalid(errors)
            existing = self._lookup(str(id_value), id_property)
            if existing is None and id_property in (None, "hs_object_id"):
                raise _HubSpotError(404, f"No contact with id {id_value}", "OBJECT_NOT_FOUND")

            def apply() -> dict[str, Any]:
                contact = self._lookup(str(id_value), id_property)
                if contact is None:
                    values = dict(properties)
                    if id_property is not None:
                        values[id_property] = (
                            str(id_value).lower() if id_property == "email" else str(id_value)
                        )
                    contact = self._create(values)
                    created = True
                else:
                    self._update(contact, properties)
                    created = False
                return {**self._written_json(contact, properties), "new": created}

            return apply

        results, failures = self._run_batch(inputs, validate)
        return self._batch_answer(started, results, failures)

    async def _batch_update(self, request: Request) -> Response:
        started = self._now()
        inputs = self._batch_inputs(await self._body(request))

        def validate(item: dict[str, Any]) -> Callable[[], dict[str, Any]]:
            id_property = item.get("idProperty")
            self._check_id_property(id_property if isinstance(id_property, str) else None)
            properties, errors = self._validate_properties(item.get("properties"))
            if errors:
                raise self._invalid(errors)
            contact = self._lookup(
                str(item.get("id", "")), id_property if isinstance(id_property, str) else None
            )
            if contact is None:
                raise _HubSpotError(
                    400,
                    "Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.",
                    "OBJECT_NOT_FOUND",
                )
            found = contact

            def apply() -> dict[str, Any]:
                self._update(found, properties)
                return self._written_json(found, properties)

            return apply

        results, failures = self._run_batch(inputs, validate)
        return self._batch_answer(started, results, failures)

    async def _batch_read(self, request: Request) -> Response:
        started = self._now()
        body = await self._body(request)
        inputs = self._batch_inputs(body)
        id_property = body.get("idProperty")
        self._check_id_property(id_property if isinstance(id_property, str) else None)
        wanted = _property_names(body.get("properties")) or list(_SEARCH_DEFAULT_PROPERTIES)
        results = []
        missing = []
        for item in inputs:
            contact = self._lookup(
                str(item.get("id", "")), id_property if isinstance(id_property, str) else None
            )
            if contact is None:
                missing.append(str(item.get("id")))
            else:
                results.append(self._contact_json(contact, wanted))
        failures = (
            [
                (
                    {"id": ", ".join(missing)},
                    _HubSpotError(
                        404,
                        "Could not get some CONTACT objects, they may be deleted or not exist.",
                        "OBJECT_NOT_FOUND",
                    ),
                )
            ]
            if missing
            else []
        )
        return self._batch_answer(started, results, failures)

    # --- search -------------------------------------------------------------------------------------------
    async def _search(self, request: Request) -> Response:
        body = await self._body(request)
        groups = body.get("filterGroups", [])
        if not isinstance(groups, list) or len(groups) > 5:
            raise _HubSpotError(400, "filterGroups must be a list of at most 5 groups", "VALIDATION_ERROR")
        total_filters = 0
        for group in groups:
            filters = group.get("filters") if isinstance(group, dict) else None
            if not isinstance(filters, list) or len(filters) > 6:
                raise _HubSpotError(
                    400, "each filter group has a list of at most 6 filters", "VALIDATION_ERROR"
                )
            total_filters += len(filters)
            for item in filters:
                _check_filter(item)
        if total_filters > 18:
            raise _HubSpotError(400, "at most 18 filters in all", "VALIDATION_ERROR")
        limit = body.get("limit", 10)
        if not isinstance(limit, int) or isinstance(limit, bool) or not 0 <= limit <= 200:
            raise _HubSpotError(400, "limit must be an integer between 0 and 200", "VALIDATION_ERROR")
        after_raw = body.get("after", "0") or "0"
        try:
            after = int(after_raw) if not isinstance(after_raw, bool) else -1
        except (TypeError, ValueError):
            after = -1
        if after < 0:
            raise _HubSpotError(400, f"Invalid after cursor {after_raw!r}", "VALIDATION_ERROR")
        query = body.get("query")
        now = self.clock.monotonic()
        matches = [
            contact
            for contact in self._contacts.values()
            if not contact.archived
            and contact.searchable_after <= now
            and (not groups or any(all(_matches(contact, f) for f in group["filters"]) for group in groups))
            and (not isinstance(query, str) or not query or _matches_query(contact, query))
        ]
        for sort in reversed(body.get("sorts") or []):
            name, descending = _sort_spec(sort)
            matches.sort(key=lambda contact: _sort_key(contact.properties.get(name)), reverse=descending)
        wanted = _property_names(body.get("properties")) or list(_SEARCH_DEFAULT_PROPERTIES)
        page = matches[after : after + limit]
        answer: dict[str, Any] = {
            "total": len(matches),
            "results": [self._contact_json(c, wanted) for c in page],
        }
        if page and after + len(page) < len(matches):
            answer["paging"] = {"next": {"after": str(after + len(page))}}
        return JSONResponse(answer)

    # --- properties ---------------------------------------------------------------------------------------
    async def _properties_endpoint(self, request: Request) -> Response:
        if request.method == "GET":
            return JSONResponse(
                {"results": [definition.to_json() for definition in self._properties.values()]}
            )
        body = await self._body(request)
        name, label, kind = body.get("name"), body.get("label"), body.get("type")
        if not all(isinstance(value, str) and value for value in (name, label, kind)):
            raise _HubSpotError(
                400, "name, label, type, fieldType and groupName are required", "VALIDATION_ERROR"
            )
        assert isinstance(name, str) and isinstance(label, str) and isinstance(kind, str)
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise _HubSpotError(400, f"Property name {name!r} is invalid", "VALIDATION_ERROR")
        if name in self._properties:
            raise _HubSpotError(409, f"Property named '{name}' already exists.", "OBJECT_ALREADY_EXISTS")
        options = tuple(
            str(option.get("value")) for option in body.get("options") or [] if isinstance(option, dict)
        )
        definition = PropertyDefinition(
            name,
            label,
            kind,
            str(body.get("fieldType", "text")),
            options,
            unique=bool(body.get("hasUniqueValue", False)),
            group_name=str(body.get("groupName", "contactinformation")),
            custom=True,
        )
        self._properties[name] = definition
        return JSONResponse(definition.to_json(), status_code=201)

    async def _one_property(self, request: Request) -> Response:
        definition = self._properties.get(request.path_params["property_name"])
        if definition is None:
            raise _HubSpotError(404, "Unable to find property", "OBJECT_NOT_FOUND")
        return JSONResponse(definition.to_json())

    # --- webhooks -----------------------------------------------------------------------------------------
    async def _admin_webhooks(self, request: Request) -> Response:
        if request.method == "PUT":
            try:
                body = await read_json(request)
            except MalformedBody as error:
                return JSONResponse({"error": str(error)}, status_code=400)
            target = body.get("target_url") if isinstance(body, dict) else None
            if target is not None and not isinstance(target, str):
                return JSONResponse({"error": "target_url is a URL or null"}, status_code=400)
            self.webhook.target_url = target
            subscriptions = body.get("subscriptions")
            if isinstance(subscriptions, list):
                self.webhook.subscriptions = {str(item) for item in subscriptions}
        return JSONResponse(
            {"target_url": self.webhook.target_url, "subscriptions": sorted(self.webhook.subscriptions)}
        )

    def _emit(self, kind: str, contact: _Contact, property_name: str | None, value: str | None) -> None:
        target = self.webhook.target_url
        if target is None or kind not in self.webhook.subscriptions:
            return
        self._next_event_id += 1
        event: dict[str, Any] = {
            "eventId": self._next_event_id,
            "subscriptionId": 1 if kind == "contact.creation" else 2,
            "portalId": self.portal_id,
            "appId": self.app_id,
            "occurredAt": int(self.clock.timestamp() * 1000),
            "subscriptionType": kind,
            "attemptNumber": 0,
            "objectId": int(contact.id),
            "changeSource": "INTEGRATION",
        }
        if kind == "contact.creation":
            event["changeFlag"] = "CREATED"
        else:
            event["propertyName"] = property_name
            event["propertyValue"] = value

        def prepare(attempt: int) -> tuple[bytes, dict[str, str]]:
            body = json.dumps([{**event, "attemptNumber": attempt}]).encode()
            return body, self.signed_headers("POST", target, body)

        body, headers = prepare(0)
        self.context.webhooks.send(self.name, target, body, headers, prepare=prepare)

    def signed_headers(self, method: str, url: str, body: bytes) -> dict[str, str]:
        """The headers of a webhook POST, with the v3 signature over method + URL + body + timestamp."""
        timestamp = str(int(self.clock.timestamp() * 1000))
        source = method.encode() + url.encode() + body + timestamp.encode()
        signature = base64.b64encode(
            hmac.new(self.client_secret.encode(), source, hashlib.sha256).digest()
        ).decode()
        return {
            "Content-Type": "application/json",
            "User-Agent": "HubSpot Connect 2.0 (http://dev.hubspot.com/) (sandbox)",
            "X-HubSpot-Signature-Version": "v3",
            "X-HubSpot-Signature-v3": signature,
            "X-HubSpot-Request-Timestamp": timestamp,
            "X-HubSpot-Timeout-Millis": "10000",
        }


def _error(error: _HubSpotError) -> JSONResponse:
    body = {
        "status": "error",
        "message": error.message,
        "correlationId": str(uuid.uuid4()),
        "category": error.category,
        **error.extra,
    }
    return JSONResponse(body, status_code=error.status)


def _int_param(raw: str | None, default: int, name: str, maximum: int | None) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as error:
        raise _HubSpotError(400, f"Invalid {name}: {raw!r}", "VALIDATION_ERROR") from error
    if value < 0 or (maximum is not None and value > maximum):
        raise _HubSpotError(400, f"Invalid {name}: {raw!r}", "VALIDATION_ERROR")
    return value


def _property_names(raw: Any) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(name, str) for name in raw):
        raise _HubSpotError(
            400, "Invalid input JSON: properties must be an array of strings", "VALIDATION_ERROR"
        )
    return list(raw)


def _properties_param(request: Request) -> list[str]:
    names: list[str] = []
    for raw in request.query_params.getlist("properties"):
        names += [name.strip() for name in raw.split(",") if name.strip()]
    return names


_OPERATORS = {
    "EQ",
    "NEQ",
    "LT",
    "LTE",
    "GT",
    "GTE",
    "BETWEEN",
    "IN",
    "NOT_IN",
    "HAS_PROPERTY",
    "NOT_HAS_PROPERTY",
    "CONTAINS_TOKEN",
    "NOT_CONTAINS_TOKEN",
}


def _check_filter(item: Any) -> None:
    if not isinstance(item, dict) or not isinstance(item.get("propertyName"), str):
        raise _HubSpotError(400, "each filter needs a propertyName", "VALIDATION_ERROR")
    operator = item.get("operator")
    if operator not in _OPERATORS:
        raise _HubSpotError(
            400,
            f"Invalid operator {operator!r}; use one of {', '.join(sorted(_OPERATORS))}",
            "VALIDATION_ERROR",
        )
    if operator in ("IN", "NOT_IN") and not isinstance(item.get("values"), list):
        raise _HubSpotError(400, f"{operator} needs values", "VALIDATION_ERROR")
    if operator == "BETWEEN" and ("value" not in item or "highValue" not in item):
        raise _HubSpotError(400, "BETWEEN needs value and highValue", "VALIDATION_ERROR")


def _comparable(value: Any) -> float | str:
    text = str(value)
    try:
        return float(text)
    except ValueError:
        return text.lower()


def _compare(left: str, right: Any) -> int:
    a, b = _comparable(left), _comparable(right)
    if isinstance(a, float) and isinstance(b, float):
        return (a > b) - (a < b)
    text_a, text_b = str(a), str(b)
    return (text_a > text_b) - (text_a < text_b)


def _matches(contact: _Contact, item: dict[str, Any]) -> bool:
    operator = item["operator"]
    current = contact.properties.get(item["propertyName"])
    if operator == "HAS_PROPERTY":
        return current is not None
    if operator == "NOT_HAS_PROPERTY":
        return current is None
    if operator == "NEQ":
        return current is None or _compare(current, item.get("value")) != 0
    if operator == "NOT_IN":
        return current is None or all(_compare(current, value) != 0 for value in item["values"])
    if operator == "NOT_CONTAINS_TOKEN":
        return current is None or str(item.get("value", "")).lower() not in current.lower()
    if current is None:
        return False
    if operator == "EQ":
        return _compare(current, item.get("value")) == 0
    if operator == "IN":
        return any(_compare(current, value) == 0 for value in item["values"])
    if operator == "CONTAINS_TOKEN":
        token = str(item.get("value", "")).lower().strip("*")
        return token in current.lower()
    if operator == "BETWEEN":
        return _compare(current, item["value"]) >= 0 and _compare(current, item["highValue"]) <= 0
    order = _compare(current, item.get("value"))
    return {"LT": order < 0, "LTE": order <= 0, "GT": order > 0, "GTE": order >= 0}[operator]


def _matches_query(contact: _Contact, query: str) -> bool:
    needle = query.lower()
    return any(needle in contact.properties.get(name, "").lower() for name in _SEARCHABLE_BY_QUERY)


def _sort_spec(sort: Any) -> tuple[str, bool]:
    if isinstance(sort, str):
        return sort.lstrip("-"), sort.startswith("-")
    if isinstance(sort, dict) and isinstance(sort.get("propertyName"), str):
        return sort["propertyName"], sort.get("direction") == "DESCENDING"
    raise _HubSpotError(400, f"Invalid sort {sort!r}", "VALIDATION_ERROR")


def _sort_key(value: str | None) -> tuple[int, float, str]:
    if value is None:
        return (1, 0.0, "")
    comparable = _comparable(value)
    return (0, comparable, "") if isinstance(comparable, float) else (0, 0.0, comparable)
