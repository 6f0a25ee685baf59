"""Variable behaviour: local writes, propagation, input and output mappings."""

from __future__ import annotations

from typing import Any

from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.model.bpmn import VariableMapping
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import (
    NO_KEY,
    ErrorType,
    ProcessInstanceRecord,
    ValueType,
    VariableIntent,
    VariableRecord,
)

__all__ = ["apply_input_mappings", "evaluate_output_mappings", "json_equal", "merge_propagating", "set_local"]


def json_equal(left: Any, right: Any) -> bool:
    """Equality of JSON values that keeps ``true``, ``1`` and ``1.0`` apart where JSON does."""
    left_kind = type(left)
    right_kind = type(right)
    if left_kind is bool or right_kind is bool:
        return left_kind is right_kind and left == right
    if left_kind in (int, float) and right_kind in (int, float):
        return bool(left == right)
    if left_kind is not right_kind:
        return False
    if left_kind is dict:
        return left.keys() == right.keys() and all(json_equal(left[name], right[name]) for name in left)
    if left_kind is list:
        return len(left) == len(right) and all(json_equal(a, b) for a, b in zip(left, right, strict=True))
    return bool(left == right)


def _write(
    pctx: ProcessingContext,
    scope_key: int,
    name: str,
    value: Any,
    instance: ProcessInstanceRecord,
) -> None:
    existing = pctx.state.variables.local(scope_key, name)
    record = VariableRecord(
        name=name,
        value=value,
        scope_key=scope_key,
        process_instance_key=instance.process_instance_key,
        process_definition_key=instance.process_definition_key,
        bpmn_process_id=instance.bpmn_process_id,
        tenant_id=instance.tenant_id,
    )
    writers = pctx.writers
    if existing is None:
        writers.event(writers.keys.next_key(), ValueType.VARIABLE, VariableIntent.CREATED, record)
    elif not json_equal(existing.value, value):
        writers.event(existing.key, ValueType.VARIABLE, VariableIntent.UPDATED, record)


def set_local(
    pctx: ProcessingContext, scope_key: int, variables: dict[str, Any], instance: ProcessInstanceRecord
) -> None:
    """Create or update ``variables`` in exactly the scope ``scope_key``."""
    for name, value in variables.items():
        _write(pctx, scope_key, name, value, instance)


def merge_propagating(
    pctx: ProcessingContext, scope_key: int, variables: dict[str, Any], instance: ProcessInstanceRecord
) -> None:
    """Merge ``variables`` starting at ``scope_key``: each goes to the nearest scope that defines it, else root."""
    view = pctx.state.variables
    for name, value in variables.items():
        entry = view.find(scope_key, name)
        if entry is not None:
            _write(pctx, entry.scope_key, name, value, instance)
            continue
        root = scope_key
        parent = view.parent(root)
        while parent != NO_KEY:
            root = parent
            parent = view.parent(root)
        _write(pctx, root, name, value, instance)


def _evaluate_mappings(
    pctx: ProcessingContext,
    mappings: tuple[VariableMapping, ...],
    scope_key: int,
    base: dict[str, Any] | None,
) -> dict[str, Any] | Failure:
    document: dict[str, Any] = {}
    extra: dict[str, Any] = dict(base) if base else {}
    for mapping in mappings:
        value = pctx.expressions.evaluate_json(
            mapping.source, pctx.state.variables, scope_key, extra, ErrorType.IO_MAPPING_ERROR
        )
        if isinstance(value, Failure):
            return value
        _set_path(document, mapping.target, value)
        head = mapping.target.split(".", 1)[0]
        extra[head] = document[head]
    return document


def apply_input_mappings(
    pctx: ProcessingContext, mappings: tuple[VariableMapping, ...], key: int, instance: ProcessInstanceRecord
) -> Failure | None:
    """Evaluate input mappings in order and store the targets as local variables of element ``key``."""
    if not mappings:
        return None
    document = _evaluate_mappings(pctx, mappings, key, None)
    if isinstance(document, Failure):
        return document
    set_local(pctx, key, document, instance)
    return None


def evaluate_output_mappings(
    pctx: ProcessingContext,
    mappings: tuple[VariableMapping, ...],
    key: int,
    result_variables: dict[str, Any],
) -> dict[str, Any] | Failure:
    """Evaluate output mappings in element ``key``'s scope, where ``result_variables`` hide the scope's own."""
    return _evaluate_mappings(pctx, mappings, key, result_variables)


def _set_path(document: dict[str, Any], target: str, value: Any) -> None:
    parts = target.split(".")
    current = document
    for part in parts[:-1]:
        child = current.get(part)
        if not isinstance(child, dict):
            child = {}
            current[part] = child
        current = child
    current[parts[-1]] = value
