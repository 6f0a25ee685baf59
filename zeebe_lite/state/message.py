"""Buffered messages, message subscriptions of waiting elements and message start event subscriptions."""

from __future__ import annotations

from zeebe_lite.records import MessageRecord, MessageStartEventSubscriptionRecord, MessageSubscriptionRecord
from zeebe_lite.state.due_index import DueIndex

__all__ = ["MessageState"]

_SubscriptionId = tuple[int, str]


class MessageState:
    """Mutable store of messages and subscriptions; written only by event appliers."""

    def __init__(self) -> None:
        """Create an empty store."""
        self._messages: dict[int, MessageRecord] = {}
        self._by_correlation: dict[tuple[str, str], dict[int, None]] = {}
        self._by_message_id: dict[tuple[str, str, str], int] = {}
        self._expiry = DueIndex()
        self._correlated: dict[int, set[str]] = {}
        self._subscriptions: dict[_SubscriptionId, MessageSubscriptionRecord] = {}
        self._subscriptions_by_correlation: dict[tuple[str, str], dict[_SubscriptionId, None]] = {}
        self._start_subscriptions: dict[str, dict[int, MessageStartEventSubscriptionRecord]] = {}
        self._active_by_correlation: dict[tuple[str, str], int] = {}
        self._correlation_of_instance: dict[int, tuple[str, str]] = {}

    # ------------------------------------------------------------------------------------------ reads

    def message(self, key: int) -> MessageRecord | None:
        """The buffered message with ``key``."""
        return self._messages.get(key)

    def message_id_exists(self, name: str, correlation_key: str, message_id: str) -> bool:
        """True when a message with the same name, correlation key and id is still buffered."""
        return (name, correlation_key, message_id) in self._by_message_id

    def buffered(self, name: str, correlation_key: str) -> list[int]:
        """Keys of buffered messages with the name and correlation key, oldest first."""
        return list(self._by_correlation.get((name, correlation_key), ()))

    def was_correlated(self, message_key: int, bpmn_process_id: str) -> bool:
        """True when the message already correlated to an instance of the process."""
        return bpmn_process_id in self._correlated.get(message_key, ())

    def expired(self, now: int, limit: int = 1000) -> list[int]:
        """Buffered messages whose time to live has passed."""
        return self._expiry.due(now, limit)

    def next_expiry(self) -> int | None:
        """When the next buffered message expires."""
        return self._expiry.next_due()

    def subscription(self, element_instance_key: int, message_name: str) -> MessageSubscriptionRecord | None:
        """The subscription of an element instance to a message name."""
        return self._subscriptions.get((element_instance_key, message_name))

    def subscriptions_of(self, element_instance_key: int) -> list[MessageSubscriptionRecord]:
        """All open subscriptions of an element instance."""
        return [sub for (key, _), sub in self._subscriptions.items() if key == element_instance_key]

    def subscriptions_for(self, name: str, correlation_key: str) -> list[MessageSubscriptionRecord]:
        """Open subscriptions waiting for the name and correlation key, oldest first."""
        ids = self._subscriptions_by_correlation.get((name, correlation_key), ())
        return [self._subscriptions[sub_id] for sub_id in ids]

    def start_subscriptions(self, name: str) -> list[MessageStartEventSubscriptionRecord]:
        """Message start event subscriptions for the message name."""
        return list(self._start_subscriptions.get(name, {}).values())

    def start_subscriptions_of(
        self, process_definition_key: int
    ) -> list[MessageStartEventSubscriptionRecord]:
        """The message start event subscriptions of a process definition."""
        return [
            sub
            for subs in self._start_subscriptions.values()
            for key, sub in subs.items()
            if key == process_definition_key
        ]

    def correlation_of(self, process_instance_key: int) -> tuple[str, str] | None:
        """(BPMN process id, correlation key) of an instance a message start event created with a key."""
        return self._correlation_of_instance.get(process_instance_key)

    def active_instance_for(self, bpmn_process_id: str, correlation_key: str) -> int | None:
        """The live instance a message start event created for the correlation key."""
        return self._active_by_correlation.get((bpmn_process_id, correlation_key))

    def __len__(self) -> int:
        return len(self._messages)

    def snapshot(self) -> dict[str, object]:
        """Everything stored, as plain comparable data (for replay checks)."""
        return {
            "messages": dict(self._messages),
            "correlated": {key: sorted(ids) for key, ids in self._correlated.items()},
            "subscriptions": dict(self._subscriptions),
            "start_subscriptions": {name: dict(subs) for name, subs in self._start_subscriptions.items()},
            "active_by_correlation": dict(self._active_by_correlation),
        }

    # ------------------------------------------------------------------------------------------ writes

    def put_message(self, key: int, message: MessageRecord) -> None:
        """Buffer a message until its deadline."""
        self._messages[key] = message
        self._by_correlation.setdefault((message.name, message.correlation_key), {})[key] = None
        if message.message_id:
            self._by_message_id[(message.name, message.correlation_key, message.message_id)] = key
        self._expiry.put(key, message.deadline)

    def remove_message(self, key: int) -> None:
        """Drop an expired message."""
        message = self._messages.pop(key, None)
        self._expiry.remove(key)
        self._correlated.pop(key, None)
        if message is None:
            return
        correlation = (message.name, message.correlation_key)
        keys = self._by_correlation.get(correlation)
        if keys is not None:
            keys.pop(key, None)
            if not keys:
                del self._by_correlation[correlation]
        if message.message_id:
            self._by_message_id.pop((message.name, message.correlation_key, message.message_id), None)

    def mark_correlated(self, message_key: int, bpmn_process_id: str) -> None:
        """Remember that a buffered message correlated to the process."""
        if message_key in self._messages:
            self._correlated.setdefault(message_key, set()).add(bpmn_process_id)

    def put_subscription(self, subscription: MessageSubscriptionRecord) -> None:
        """Open a subscription."""
        sub_id = (subscription.element_instance_key, subscription.message_name)
        self._subscriptions[sub_id] = subscription
        correlation = (subscription.message_name, subscription.correlation_key)
        self._subscriptions_by_correlation.setdefault(correlation, {})[sub_id] = None

    def remove_subscription(self, element_instance_key: int, message_name: str) -> None:
        """Close a subscription."""
        sub_id = (element_instance_key, message_name)
        subscription = self._subscriptions.pop(sub_id, None)
        if subscription is None:
            return
        correlation = (subscription.message_name, subscription.correlation_key)
        ids = self._subscriptions_by_correlation.get(correlation)
        if ids is not None:
            ids.pop(sub_id, None)
            if not ids:
                del self._subscriptions_by_correlation[correlation]

    def put_start_subscription(self, subscription: MessageStartEventSubscriptionRecord) -> None:
        """Open a message start event subscription."""
        by_definition = self._start_subscriptions.setdefault(subscription.message_name, {})
        by_definition[subscription.process_definition_key] = subscription

    def remove_start_subscription(self, subscription: MessageStartEventSubscriptionRecord) -> None:
        """Close a message start event subscription."""
        by_definition = self._start_subscriptions.get(subscription.message_name)
        if by_definition is not None:
            by_definition.pop(subscription.process_definition_key, None)
            if not by_definition:
                del self._start_subscriptions[subscription.message_name]

    def lock_correlation(self, bpmn_process_id: str, correlation_key: str, process_instance_key: int) -> None:
        """Record that an instance started by a message with the correlation key is running."""
        self._active_by_correlation[(bpmn_process_id, correlation_key)] = process_instance_key
        self._correlation_of_instance[process_instance_key] = (bpmn_process_id, correlation_key)

    def release_correlation(self, process_instance_key: int) -> None:
        """Forget the correlation lock of a finished instance."""
        correlation = self._correlation_of_instance.pop(process_instance_key, None)
        if correlation is not None:
            self._active_by_correlation.pop(correlation, None)
