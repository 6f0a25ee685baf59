"""Signal subscriptions of waiting elements and signal start events."""

from __future__ import annotations

from zeebe_lite.records import SignalSubscriptionRecord

__all__ = ["SignalState"]

_SubscriptionId = tuple[int, str]


class SignalState:
    """Mutable store of signal subscriptions; written only by event appliers.

    A subscription is identified by its subscriber (element instance key, or process definition key for a
    start event) and the catching element id.
    """

    def __init__(self) -> None:
        """Create an empty store."""
        self._by_name: dict[str, dict[_SubscriptionId, SignalSubscriptionRecord]] = {}

    def subscriptions(self, signal_name: str) -> list[SignalSubscriptionRecord]:
        """Subscriptions waiting for the signal, oldest first."""
        return list(self._by_name.get(signal_name, {}).values())

    def subscriptions_of(self, subscriber_key: int) -> list[SignalSubscriptionRecord]:
        """The subscriptions of an element instance or process definition."""
        return [
            sub for subs in self._by_name.values() for (key, _), sub in subs.items() if key == subscriber_key
        ]

    def snapshot(self) -> dict[str, list[SignalSubscriptionRecord]]:
        """Everything stored (for replay checks)."""
        return {name: list(subs.values()) for name, subs in self._by_name.items()}

    def put(self, subscription: SignalSubscriptionRecord) -> None:
        """Open a subscription."""
        subscriber = _subscriber(subscription)
        self._by_name.setdefault(subscription.signal_name, {})[subscriber] = subscription

    def move(self, subscription: SignalSubscriptionRecord) -> None:
        """Replace the subscriber's subscription to the same signal name (a migrated catch element)."""
        subscriber_key = _subscriber(subscription)[0]
        subs = self._by_name.get(subscription.signal_name, {})
        for subscription_id in [sub_id for sub_id in subs if sub_id[0] == subscriber_key]:
            del subs[subscription_id]
        self.put(subscription)

    def remove(self, subscription: SignalSubscriptionRecord) -> None:
        """Close a subscription."""
        subs = self._by_name.get(subscription.signal_name)
        if subs is not None:
            subs.pop(_subscriber(subscription), None)
            if not subs:
                del self._by_name[subscription.signal_name]


def _subscriber(subscription: SignalSubscriptionRecord) -> _SubscriptionId:
    key = subscription.catch_event_instance_key
    if key < 0:
        key = subscription.process_definition_key
    return (key, subscription.catch_element_id)
