"""Create the leads, payments and tickets tables.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    """Create the three tables with their business-key unique constraints."""
    op.create_table(
        "fleet_leads",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("first_name", sa.String(200)),
        sa.Column("last_name", sa.String(200)),
        sa.Column("phone", sa.String(50)),
        sa.Column("source", sa.String(100)),
        sa.Column("manychat_user_id", sa.String(100)),
        sa.Column("hubspot_contact_id", sa.String(100)),
        sa.Column("lead_score", sa.Integer),
        *_timestamps(),
        sa.UniqueConstraint("email", name="uq_fleet_leads_email"),
    )
    op.create_table(
        "fleet_payments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("payment_intent_id", sa.String(255), nullable=False),
        sa.Column("customer_id", sa.String(255)),
        sa.Column("customer_email", sa.String(320)),
        sa.Column("amount_minor", sa.BigInteger),
        sa.Column("currency", sa.String(3)),
        sa.Column("status", sa.String(50), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint("payment_intent_id", name="uq_fleet_payments_payment_intent_id"),
    )
    op.create_index("ix_fleet_payments_customer_id", "fleet_payments", ["customer_id"])
    op.create_index("ix_fleet_payments_customer_email", "fleet_payments", ["customer_email"])
    op.create_table(
        "fleet_tickets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ticket_id", sa.String(255), nullable=False),
        sa.Column("status", sa.String(50), nullable=False),
        sa.Column("customer_phone", sa.String(50)),
        sa.Column("customer_email", sa.String(320)),
        sa.Column("vendor_name", sa.String(300)),
        sa.Column("receipt_date", sa.Date),
        sa.Column("total_minor", sa.BigInteger),
        sa.Column("tax_minor", sa.BigInteger),
        sa.Column("currency", sa.String(3)),
        sa.Column("ocr_confidence", sa.Float),
        sa.Column("receipt_document_id", sa.String(1024)),
        sa.Column("accounting_document_id", sa.String(1024)),
        *_timestamps(),
        sa.UniqueConstraint("ticket_id", name="uq_fleet_tickets_ticket_id"),
    )


def downgrade() -> None:
    """Drop the three tables."""
    op.drop_table("fleet_tickets")
    op.drop_index("ix_fleet_payments_customer_email", table_name="fleet_payments")
    op.drop_index("ix_fleet_payments_customer_id", table_name="fleet_payments")
    op.drop_table("fleet_payments")
    op.drop_table("fleet_leads")
