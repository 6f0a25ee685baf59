"""Tickets: the subject and the triage (category, priority, summary) of support tickets.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add four nullable columns (batch mode: SQLite rebuilds the table)."""
    with op.batch_alter_table("fleet_tickets") as table:
        table.add_column(sa.Column("subject", sa.String(1000)))
        table.add_column(sa.Column("category", sa.String(100)))
        table.add_column(sa.Column("priority", sa.String(20)))
        table.add_column(sa.Column("summary", sa.Text))


def downgrade() -> None:
    """Drop the four columns."""
    with op.batch_alter_table("fleet_tickets") as table:
        table.drop_column("summary")
        table.drop_column("priority")
        table.drop_column("category")
        table.drop_column("subject")
