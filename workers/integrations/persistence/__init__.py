"""The fleet's own database: leads, payments and tickets (SQLAlchemy 2 async, Alembic migrations).

``FLEET_DATABASE_URL`` (shared with the idempotency store) picks SQLite (``sqlite:///.data/fleet.sqlite3``,
driver aiosqlite) or PostgreSQL (``postgresql://...``, driver psycopg 3); ``FLEET_DATABASE_SCHEMA`` puts the
tables in another PostgreSQL schema. Tasks (worker group ``database``): ``fleet-db.save-lead``,
``fleet-db.save-payment``, ``fleet-db.save-ticket``, ``fleet-db.get-lead``, ``fleet-db.get-payment-history``,
``fleet-db.get-ticket``.
``python -m workers.integrations.persistence upgrade`` migrates ahead of the first job.
"""

from workers.integrations.persistence._database import FleetDatabase
from workers.integrations.persistence._integration import create_fleet_db_integration, fleet_db
from workers.integrations.persistence._migrate import current_revision, head_revision, upgrade_database
from workers.integrations.persistence._provider import DatabaseProvider
from workers.integrations.persistence._records import (
    LeadRecord,
    PaymentHistory,
    PaymentRecord,
    SavedRecord,
    TicketRecord,
)
from workers.integrations.persistence._tables import LEADS, METADATA, PAYMENTS, TICKETS, VERSION_TABLE
from workers.integrations.persistence._url import async_database_url

__all__ = [
    "LEADS",
    "METADATA",
    "PAYMENTS",
    "TICKETS",
    "VERSION_TABLE",
    "DatabaseProvider",
    "FleetDatabase",
    "LeadRecord",
    "PaymentHistory",
    "PaymentRecord",
    "SavedRecord",
    "TicketRecord",
    "async_database_url",
    "create_fleet_db_integration",
    "current_revision",
    "fleet_db",
    "head_revision",
    "upgrade_database",
]
