"""SIGNAL commands."""

from zeebe_lite.processing.signal.broadcast import broadcast_signal

__all__ = ["broadcast_signal"]
