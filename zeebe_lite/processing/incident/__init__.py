"""INCIDENT commands."""

from zeebe_lite.processing.incident.resolve import resolve_incident

__all__ = ["resolve_incident"]
