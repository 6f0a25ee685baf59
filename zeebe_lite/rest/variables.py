"""Variables: ``POST /v2/variables/search`` and ``GET /v2/variables/{variableKey}``.

Each item is the latest value of one variable in one scope, also after the scope has ended. ``value`` is the
value as JSON text. The search truncates values longer than 8191 characters (``isTruncated: true``) unless
the query parameter ``truncateValues=false`` is given; ``GET`` always returns the whole value. Filter fields:
``variableKey``, ``name``, ``value`` (JSON text), ``scopeKey``, ``processInstanceKey``, ``tenantId``,
``isTruncated``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from zeebe_lite.rest.context import RestContext
from zeebe_lite.rest.formatting import json_text
from zeebe_lite.rest.history import History, VariableEntry
from zeebe_lite.rest.keys import format_key, parse_key
from zeebe_lite.rest.problems import ApiProblem
from zeebe_lite.rest.search import FieldKind, SearchRequest, SearchSpec, search

__all__ = ["TRUNCATION_LIMIT", "VARIABLE_SEARCH", "build_router", "variable_item"]

TRUNCATION_LIMIT = 8191
"""Longest value text the search returns whole."""

_FIELDS = {
    "variableKey": FieldKind.KEY,
    "name": FieldKind.TEXT,
    "value": FieldKind.TEXT,
    "scopeKey": FieldKind.KEY,
    "processInstanceKey": FieldKind.KEY,
    "tenantId": FieldKind.TEXT,
    "isTruncated": FieldKind.BOOLEAN,
}

VARIABLE_SEARCH = SearchSpec(key_field="variableKey", fields=_FIELDS, sortable=frozenset(_FIELDS))
"""Filter and sort fields of variable searches."""


def variable_item(history: History, entry: VariableEntry, *, truncate: bool) -> dict[str, Any]:
    """A variable as search (``truncate``) or ``GET`` shows it."""
    record = entry.record
    text = json_text(record.value)
    truncated = truncate and len(text) > TRUNCATION_LIMIT
    return {
        "variableKey": format_key(entry.key),
        "name": record.name,
        "value": text[:TRUNCATION_LIMIT] if truncated else text,
        "isTruncated": truncated,
        "scopeKey": format_key(record.scope_key),
        "processInstanceKey": format_key(record.process_instance_key),
        "rootProcessInstanceKey": format_key(history.root_of(record.process_instance_key)),
        "tenantId": record.tenant_id,
    }


def build_router(context: RestContext) -> APIRouter:
    """The variable routes."""
    router = APIRouter()

    @router.post("/v2/variables/search")
    async def search_variables(
        body: SearchRequest | None = None, truncateValues: bool = True
    ) -> dict[str, Any]:
        history = context.history_now()
        items = [variable_item(history, e, truncate=truncateValues) for e in history.variables.values()]
        return search(items, body or SearchRequest(), VARIABLE_SEARCH)

    @router.get("/v2/variables/{variable_key}")
    async def get_variable(variable_key: str) -> dict[str, Any]:
        key = parse_key(variable_key, "variableKey")
        history = context.history_now()
        entry = history.variables.get(key)
        if entry is None:
            raise ApiProblem.not_found(f"Variable with key '{key}' not found")
        item = variable_item(history, entry, truncate=False)
        del item["isTruncated"]
        return item

    return router
