"""Alembic migrations, run programmatically: head on a fresh database, idempotent, same as the metadata."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from workers.integrations.persistence import (
    METADATA,
    VERSION_TABLE,
    FleetDatabase,
    LeadRecord,
    async_database_url,
    current_revision,
    head_revision,
    upgrade_database,
)
from workers.integrations.persistence._migrate import migrations_config


def differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(
        connection, opts={"version_table": VERSION_TABLE, "compare_type": True}
    )
    return list(compare_metadata(context, METADATA))


def sqlite_file_exists(url: str) -> bool:
    return Path(url.removeprefix("sqlite:///")).is_file()


def table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_a_fresh_sqlite_file_is_migrated_to_head(sqlite_url: str) -> None:
    database = await FleetDatabase.open(sqlite_url, migrate=False)
    try:
        assert await current_revision(database.engine) is None
        assert await upgrade_database(database.engine) == head_revision()
        assert await upgrade_database(database.engine) == head_revision()  # a second run changes nothing
        async with database.engine.connect() as connection:
            assert await connection.run_sync(differences) == []
            assert {
                "fleet_leads",
                "fleet_payments",
                "fleet_tickets",
                VERSION_TABLE,
            } <= await connection.run_sync(table_names)
    finally:
        await database.close()
    assert sqlite_file_exists(sqlite_url)


async def test_open_migrates_by_default_and_reopening_keeps_the_data(sqlite_url: str) -> None:
    first = await FleetDatabase.open(sqlite_url)
    await first.save_lead(LeadRecord(email="kept@example.com"))
    await first.close()

    second = await FleetDatabase.open(sqlite_url)
    try:
        assert await current_revision(second.engine) == head_revision()
        assert await second.get_lead("kept@example.com") is not None
    finally:
        await second.close()


async def test_postgres_tables_live_in_the_requested_schema(postgres_schema: str, postgres_url: str) -> None:
    database = await FleetDatabase.open(postgres_url, schema=postgres_schema)
    try:
        assert await current_revision(database.engine) == head_revision()
        async with database.engine.connect() as connection:
            assert await connection.run_sync(differences) == []
    finally:
        await database.close()
    with psycopg.connect(postgres_url) as connection:
        rows = connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (postgres_schema,)
        ).fetchall()
    assert {row[0] for row in rows} == {"fleet_leads", "fleet_payments", "fleet_tickets", VERSION_TABLE}


async def test_upgrading_an_older_database_keeps_its_rows(sqlite_url: str) -> None:
    database = await FleetDatabase.open(sqlite_url, migrate=False)
    try:
        assert await upgrade_database(database.engine, "0001") == "0001"
        async with database.engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO fleet_tickets (ticket_id, status, vendor_name, total_minor, created_at, updated_at) "
                    "VALUES ('OLD-1', 'approved', 'Old Vendor', 1999, '2024-01-01 10:00:00', '2024-01-01 10:00:00')"
                )
            )

        assert await upgrade_database(database.engine) == head_revision()

        ticket = await database.get_ticket("OLD-1")
        assert ticket is not None
        assert (ticket.status, ticket.vendor_name, ticket.total_amount) == (
            "approved",
            "Old Vendor",
            Decimal("19.99"),
        )
        assert (ticket.subject, ticket.category, ticket.priority, ticket.summary) == (None, None, None, None)
    finally:
        await database.close()


async def test_downgrade_to_base_removes_the_tables(sqlite_url: str) -> None:
    database = await FleetDatabase.open(sqlite_url)
    try:
        assert await upgrade_database(database.engine, "head") == head_revision()

        def downgrade(connection: Connection) -> None:
            config = migrations_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "base")

        async with database.engine.begin() as connection:
            await connection.run_sync(downgrade)
        assert await current_revision(database.engine) is None
        async with database.engine.connect() as connection:
            assert await connection.run_sync(table_names) == {VERSION_TABLE}
    finally:
        await database.close()


@pytest.mark.parametrize(
    ("url", "driver", "host", "database"),
    [
        ("sqlite:///relative/fleet.sqlite3", "sqlite+aiosqlite", None, "relative/fleet.sqlite3"),
        ("sqlite:///:memory:", "sqlite+aiosqlite", None, ":memory:"),
        ("postgresql://postgres@127.0.0.1:5432/test", "postgresql+psycopg", "127.0.0.1", "test"),
        ("postgres://u@db/fleet", "postgresql+psycopg", "db", "fleet"),
        ("postgresql+psycopg://u@db/fleet", "postgresql+psycopg", "db", "fleet"),
    ],
)
def test_database_urls_get_the_async_drivers(
    url: str, driver: str, host: str | None, database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    converted = async_database_url(url)
    assert (converted.drivername, converted.host, converted.database) == (driver, host, database)
    if database.endswith(".sqlite3"):
        assert (tmp_path / "relative").is_dir()


def test_other_databases_are_rejected() -> None:
    with pytest.raises(ValueError, match="FLEET_DATABASE_URL"):
        async_database_url("mysql://u@db/fleet")


async def test_a_schema_on_sqlite_is_a_configuration_error(sqlite_url: str) -> None:
    with pytest.raises(ValueError, match="PostgreSQL only"):
        await FleetDatabase.open(sqlite_url, schema="fleet")


async def test_schema_names_cannot_inject_sql(postgres_schema: str, postgres_url: str) -> None:
    with pytest.raises(ValueError, match="invalid schema name"):
        await FleetDatabase.open(postgres_url, schema=f'{postgres_schema}"; DROP TABLE x; --')
