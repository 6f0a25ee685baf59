"""Compensation subscriptions: completed activities that a compensation throw event can compensate."""

from __future__ import annotations

from zeebe_lite.records import NO_KEY, CompensationSubscriptionRecord

__all__ = ["CompensationState"]


class CompensationState:
    """Mutable store of compensation subscriptions; written only by event appliers."""

    def __init__(self) -> None:
        """Create an empty store."""
        self._subscriptions: dict[int, CompensationSubscriptionRecord] = {}

    def get(self, key: int) -> CompensationSubscriptionRecord | None:
        """The subscription with ``key``."""
        return self._subscriptions.get(key)

    def of_scope(self, flow_scope_key: int) -> list[tuple[int, CompensationSubscriptionRecord]]:
        """Subscriptions of the completed activities of a scope, in completion order."""
        return [
            (key, sub) for key, sub in self._subscriptions.items() if sub.flow_scope_key == flow_scope_key
        ]

    def triggered_by(self, throw_event_instance_key: int) -> list[tuple[int, CompensationSubscriptionRecord]]:
        """Subscriptions whose handlers a throw event waits for."""
        return [
            (key, sub)
            for key, sub in self._subscriptions.items()
            if sub.throw_event_instance_key == throw_event_instance_key
        ]

    def __len__(self) -> int:
        return len(self._subscriptions)

    def snapshot(self) -> dict[int, CompensationSubscriptionRecord]:
        """Everything stored (for replay checks)."""
        return dict(self._subscriptions)

    def put(self, key: int, subscription: CompensationSubscriptionRecord) -> None:
        """Store or update a subscription."""
        self._subscriptions[key] = subscription

    def remove(self, key: int) -> None:
        """Drop a subscription."""
        self._subscriptions.pop(key, None)

    def remove_scope(self, flow_scope_key: int) -> None:
        """Drop the untriggered subscriptions of a scope that is left."""
        for key in [
            key
            for key, sub in self._subscriptions.items()
            if sub.flow_scope_key == flow_scope_key and sub.throw_event_instance_key == NO_KEY
        ]:
            del self._subscriptions[key]
