"""Processors of DECISION_EVALUATION commands."""

from zeebe_lite.processing.decision.evaluate import evaluate_decision

__all__ = ["evaluate_decision"]
