"""Turn ``FLEET_DATABASE_URL`` (``sqlite:///...`` or ``postgresql://...``) into an async SQLAlchemy URL."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy.engine import URL, make_url

__all__ = [
    "DATABASE_SCHEMA_VARIABLE",
    "DATABASE_URL_VARIABLE",
    "DEFAULT_DATABASE_URL",
    "async_database_url",
    "database_schema_from_environment",
    "database_url_from_environment",
    "validated_schema",
]

DATABASE_URL_VARIABLE = "FLEET_DATABASE_URL"
DATABASE_SCHEMA_VARIABLE = "FLEET_DATABASE_SCHEMA"
DEFAULT_DATABASE_URL = "sqlite:///.data/fleet.sqlite3"
_SCHEMA = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def database_url_from_environment(environment: Mapping[str, str] | None = None) -> str:
    """``FLEET_DATABASE_URL``, the same database the idempotency store uses (default ``.data/fleet.sqlite3``)."""
    values = os.environ if environment is None else environment
    return values.get(DATABASE_URL_VARIABLE, "").strip() or DEFAULT_DATABASE_URL


def database_schema_from_environment(environment: Mapping[str, str] | None = None) -> str | None:
    """``FLEET_DATABASE_SCHEMA`` (PostgreSQL only): the schema holding the fleet's tables, default ``public``."""
    values = os.environ if environment is None else environment
    configured = values.get(DATABASE_SCHEMA_VARIABLE, "").strip()
    return validated_schema(configured) if configured else None


def validated_schema(schema: str) -> str:
    """``schema`` when it is a plain SQL identifier; it is interpolated into DDL, so nothing else passes."""
    if not _SCHEMA.match(schema):
        raise ValueError(f"invalid schema name {schema!r}: use letters, digits and '_' (at most 63)")
    return schema


def async_database_url(url: str) -> URL:
    """The async driver form: ``sqlite+aiosqlite`` for SQLite, ``postgresql+psycopg`` (psycopg 3) for PostgreSQL.

    URLs that already name a driver (``sqlite+aiosqlite://``, ``postgresql+psycopg://``) pass unchanged. The
    parent folder of a SQLite file is created.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:"):
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        return parsed.set(drivername="sqlite+aiosqlite")
    if backend in {"postgresql", "postgres"}:
        return parsed.set(drivername="postgresql+psycopg")
    raise ValueError(
        f"unsupported database {backend!r}: FLEET_DATABASE_URL must be sqlite:/// or postgresql://"
    )
