"""Connection settings shared by the idempotency store tests."""

from __future__ import annotations

import os
from collections.abc import Callable, Coroutine
from typing import Any

from workers.runtime import IdempotencyStore

POSTGRES_URL = os.environ.get("FLEET_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")

StoreFactory = Callable[[], Coroutine[Any, Any, IdempotencyStore]]
