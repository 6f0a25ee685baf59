"""Behaviours shared by element processors and command processors (composition, not inheritance).

Each module is one concern: ``transitions`` (lifecycle events, sequence flows, scope completion),
``variables`` (local writes, propagation, mappings), ``expressions`` (FEEL), ``jobs``, ``incidents``,
``subscriptions`` (timers, messages, signals, event triggers), ``errors``, ``escalations``, ``signals``,
``decisions`` (DMN), ``user_tasks``, ``listeners``, ``multi_instance``, ``inclusive_join``, ``instances``,
``message_start``, ``timer_values`` and ``cron``. Import them by module; this package exports the two
services a processing context carries.
"""

from zeebe_lite.bpmn.behaviors.decisions import DecisionEvaluator
from zeebe_lite.bpmn.behaviors.expressions import ExpressionEvaluator
from zeebe_lite.bpmn.behaviors.failure import Failure

__all__ = ["DecisionEvaluator", "ExpressionEvaluator", "Failure"]
