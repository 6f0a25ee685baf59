"""What every emulator shares: clock, fault injection, rate limits, auth helpers, admin endpoints, webhooks."""

from sandbox._common._clock import SandboxClock
from sandbox._common._connections import ConnectionDropper
from sandbox._common._emulator import Emulator, EmulatorContext
from sandbox._common._faults import FaultDecision, FaultInjector, FaultSettings
from sandbox._common._host import ADMIN_PREFIX, EmulatorHost, RequestRecord
from sandbox._common._http import MalformedBody, basic_credentials, bearer_token, read_json
from sandbox._common._persistence import StateFile, StateKeeper
from sandbox._common._ratelimit import RateLimiter, RateLimitHit, RateLimitRule
from sandbox._common._webhooks import Delivery, DeliveryAttempt, Prepare, WebhookSender

__all__ = [
    "ADMIN_PREFIX",
    "ConnectionDropper",
    "Delivery",
    "DeliveryAttempt",
    "Emulator",
    "EmulatorContext",
    "EmulatorHost",
    "FaultDecision",
    "FaultInjector",
    "FaultSettings",
    "MalformedBody",
    "Prepare",
    "RateLimitHit",
    "RateLimitRule",
    "RateLimiter",
    "RequestRecord",
    "SandboxClock",
    "StateFile",
    "StateKeeper",
    "WebhookSender",
    "basic_credentials",
    "bearer_token",
    "read_json",
]
