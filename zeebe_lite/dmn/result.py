"""The outcome of evaluating a decision, shaped like Zeebe's ``EvaluateDecisionResponse``.

Values are FEEL values (see :mod:`zeebe_lite.feel.values`); every ``*_json`` property gives the JSON text Zeebe
would put in the corresponding response field. Keys, versions and tenant ids are the engine's business and are
not part of these objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zeebe_lite.dmn.feel_bridge import value_to_json
from zeebe_lite.dmn.model import DecisionType

__all__ = [
    "DecisionEvaluationResult",
    "DecisionFailure",
    "EvaluatedDecision",
    "EvaluatedInput",
    "EvaluatedOutput",
    "MatchedRule",
]


@dataclass(frozen=True, slots=True)
class EvaluatedInput:
    """A decision-table input and the value its input expression produced.

    ``input_name`` is the input's label, or (as in Zeebe) its expression text cut to 30 characters.
    """

    input_id: str | None
    input_name: str | None
    value: Any

    @property
    def value_json(self) -> str:
        """``inputValue`` as JSON text."""
        return value_to_json(self.value)


@dataclass(frozen=True, slots=True)
class EvaluatedOutput:
    """One output value of a matched rule; ``output_name`` is the output's label, else its name (as in Zeebe)."""

    output_id: str | None
    output_name: str | None
    value: Any

    @property
    def value_json(self) -> str:
        """``outputValue`` as JSON text."""
        return value_to_json(self.value)


@dataclass(frozen=True, slots=True)
class MatchedRule:
    """A rule whose input entries all matched; ``rule_index`` counts from 1."""

    rule_id: str | None
    rule_index: int
    evaluated_outputs: tuple[EvaluatedOutput, ...]


@dataclass(frozen=True, slots=True)
class EvaluatedDecision:
    """One decision evaluated on the way to the result (required decisions first, the requested one last)."""

    decision_id: str
    decision_name: str | None
    decision_type: DecisionType
    output: Any
    evaluated_inputs: tuple[EvaluatedInput, ...] = ()
    matched_rules: tuple[MatchedRule, ...] = ()

    @property
    def output_json(self) -> str:
        """``decisionOutput`` as JSON text."""
        return value_to_json(self.output)


@dataclass(frozen=True, slots=True)
class DecisionFailure:
    """Why an evaluation failed: the decision that failed and Zeebe's ``failureMessage``."""

    decision_id: str
    message: str


@dataclass(frozen=True, slots=True)
class DecisionEvaluationResult:
    """The result of evaluating a decision and the decisions it requires.

    On success ``output`` is the decision's result (one output -> the value, several -> a context, COLLECT and
    RULE/OUTPUT ORDER -> a list, no match -> the default outputs or null) and ``failure`` is None. On failure
    ``output`` is None, ``failure`` says which decision failed and why (Zeebe's ``failedDecisionId`` and
    ``failureMessage``), and ``evaluated_decisions`` ends with the failed decision (output None, with the inputs
    and matched rules it evaluated before failing).
    """

    decision_id: str
    decision_name: str | None
    output: Any
    evaluated_decisions: tuple[EvaluatedDecision, ...]
    failure: DecisionFailure | None = None

    @property
    def succeeded(self) -> bool:
        """True when the decision was evaluated without failure."""
        return self.failure is None

    @property
    def output_json(self) -> str:
        """``decisionOutput`` as JSON text (``null`` on failure)."""
        return value_to_json(self.output)
