"""Immutable executable models parsed once per deployment (BPMN in :mod:`zeebe_lite.model.bpmn`)."""

__all__: list[str] = []
