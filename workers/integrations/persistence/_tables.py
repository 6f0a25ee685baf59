"""The fleet's own tables (leads, payments, tickets) as SQLAlchemy Core metadata.

Amounts are integers in minor units (cents), so SQLite and PostgreSQL store them exactly. The migrations in
``migrations/versions`` create these tables; a test checks that both agree.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = ["LEADS", "METADATA", "PAYMENTS", "TICKETS", "VERSION_TABLE"]

VERSION_TABLE = "fleet_db_alembic_version"
"""Alembic's bookkeeping table; named apart from any other Alembic user of the same database."""

METADATA = MetaData()

LEADS = Table(
    "fleet_leads",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("email", String(320), nullable=False),
    Column("first_name", String(200)),
    Column("last_name", String(200)),
    Column("phone", String(50)),
    Column("source", String(100)),
    Column("manychat_user_id", String(100)),
    Column("hubspot_contact_id", String(100)),
    Column("lead_score", Integer),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("email", name="uq_fleet_leads_email"),
)

PAYMENTS = Table(
    "fleet_payments",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("payment_intent_id", String(255), nullable=False),
    Column("customer_id", String(255)),
    Column("customer_email", String(320)),
    Column("amount_minor", BigInteger),
    Column("currency", String(3)),
    Column("status", String(50), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("payment_intent_id", name="uq_fleet_payments_payment_intent_id"),
    Index("ix_fleet_payments_customer_id", "customer_id"),
    Index("ix_fleet_payments_customer_email", "customer_email"),
)

TICKETS = Table(
    "fleet_tickets",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ticket_id", String(255), nullable=False),
    Column("status", String(50), nullable=False),
    Column("customer_phone", String(50)),
    Column("customer_email", String(320)),
    Column("vendor_name", String(300)),
    Column("receipt_date", Date),
    Column("total_minor", BigInteger),
    Column("tax_minor", BigInteger),
    Column("currency", String(3)),
    Column("ocr_confidence", Float),
    Column("receipt_document_id", String(1024)),
    Column("accounting_document_id", String(1024)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("subject", String(1000)),
    Column("category", String(100)),
    Column("priority", String(20)),
    Column("summary", Text),
    UniqueConstraint("ticket_id", name="uq_fleet_tickets_ticket_id"),
)
