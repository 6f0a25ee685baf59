"""Run the Alembic migrations programmatically (no ``alembic.ini``) on an async engine."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from workers.integrations.persistence._tables import VERSION_TABLE

__all__ = ["current_revision", "head_revision", "migrations_config", "upgrade_database"]

_MIGRATIONS = Path(__file__).parent / "migrations"


def migrations_config() -> Config:
    """An Alembic config pointing at this package's migrations."""
    config = Config()
    # Config values go through configparser interpolation: a '%' in the path must be doubled.
    config.set_main_option("script_location", str(_MIGRATIONS).replace("%", "%%"))
    return config


def head_revision() -> str:
    """The newest migration's revision id."""
    head = ScriptDirectory.from_config(migrations_config()).get_current_head()
    if head is None:
        raise RuntimeError("no migrations found")
    return head


def _upgrade(connection: Connection, target: str) -> None:
    config = migrations_config()
    config.attributes["connection"] = connection
    command.upgrade(config, target)


def _current(connection: Connection) -> str | None:
    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    return context.get_current_revision()


async def upgrade_database(engine: AsyncEngine, target: str = "head") -> str | None:
    """``alembic upgrade <target>`` in one transaction; returns the revision the database is at afterwards."""
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade, target)
        return await connection.run_sync(_current)


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at (``None`` before the first migration)."""
    async with engine.connect() as connection:
        return await connection.run_sync(_current)
