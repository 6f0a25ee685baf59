"""Alembic environment: migrates the connection :func:`upgrade_database` passes in ``config.attributes``."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from workers.integrations.persistence._tables import METADATA, VERSION_TABLE


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=METADATA,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError(
        "offline (--sql) migrations are not supported: run `python -m workers.integrations.persistence upgrade`"
    )
_connection = context.config.attributes.get("connection")
if not isinstance(_connection, Connection):
    raise RuntimeError(
        "the fleet database migrations run on a connection given by workers.integrations.persistence "
        "(`python -m workers.integrations.persistence upgrade`), not from the alembic command line"
    )
_run(_connection)
