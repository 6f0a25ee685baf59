"""TIMER commands."""

from zeebe_lite.processing.timer.trigger import trigger_timer

__all__ = ["trigger_timer"]
