"""FleetDatabase: upserts by business key and the reads the process models need, on SQLite or PostgreSQL."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Table, func, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from workers.integrations.persistence._migrate import upgrade_database
from workers.integrations.persistence._records import (
    LeadRecord,
    PaymentHistory,
    PaymentRecord,
    SavedRecord,
    TicketRecord,
)
from workers.integrations.persistence._tables import LEADS, PAYMENTS, TICKETS
from workers.integrations.persistence._url import (
    async_database_url,
    database_schema_from_environment,
    database_url_from_environment,
    validated_schema,
)

__all__ = ["FleetDatabase"]

_CENT = Decimal("0.01")
_SQLITE_BUSY_TIMEOUT_S = 30.0
_DEFAULT_TICKET_STATUS = "received"


def _to_minor(amount: Decimal | None) -> int | None:
    if amount is None:
        return None
    return int((amount.quantize(_CENT, rounding=ROUND_HALF_UP) * 100).to_integral_value())


def _from_minor(amount: int | None) -> Decimal | None:
    return None if amount is None else (Decimal(amount) / 100).quantize(_CENT)


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite keeps no offset; everything the fleet writes is UTC.
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _normalized_email(email: str | None) -> str | None:
    return email.strip().lower() if email is not None else None


class FleetDatabase:
    """The fleet's tables on one async engine. Every save is an upsert keyed by the business id, so replaying
    a job (or a provider redelivering an event) updates the same row instead of adding one."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    @classmethod
    async def open(cls, url: str, *, schema: str | None = None, migrate: bool = True) -> FleetDatabase:
        """Connect to ``url`` (``sqlite:///file`` or ``postgresql://...``) and, by default, migrate to head.

        ``schema`` (PostgreSQL only) is created when missing and becomes the connections' ``search_path``.
        """
        async_url = async_database_url(url)
        connect_args: dict[str, Any] = {}
        if async_url.get_backend_name() == "sqlite":
            if schema is not None:
                raise ValueError("a database schema applies to PostgreSQL only, not to SQLite")
            connect_args["timeout"] = _SQLITE_BUSY_TIMEOUT_S
        elif schema is not None:
            connect_args["options"] = f"-c search_path={validated_schema(schema)}"
        engine = create_async_engine(async_url, connect_args=connect_args, pool_pre_ping=True)
        try:
            if schema is not None:
                async with engine.begin() as connection:
                    await connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
            if migrate:
                await upgrade_database(engine)
        except BaseException:
            await engine.dispose()
            raise
        return cls(engine)

    @classmethod
    async def from_environment(cls) -> FleetDatabase:
        """Open ``FLEET_DATABASE_URL`` (schema ``FLEET_DATABASE_SCHEMA``) and migrate it to head."""
        return await cls.open(database_url_from_environment(), schema=database_schema_from_environment())

    @classmethod
    async def from_environment_unmigrated(cls) -> FleetDatabase:
        """Like :meth:`from_environment` without running the migrations."""
        return await cls.open(
            database_url_from_environment(), schema=database_schema_from_environment(), migrate=False
        )

    async def close(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()

    def _insert(self, table: Table) -> postgresql.Insert | sqlite.Insert:
        if self.engine.dialect.name == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)

    async def _upsert(
        self, table: Table, key_column: str, inserted: Mapping[str, Any], updated: Mapping[str, Any]
    ) -> SavedRecord:
        now = datetime.now(UTC)
        key = inserted[key_column]
        async with self.engine.begin() as connection:
            existing = await connection.scalar(select(table.c.id).where(table.c[key_column] == key))
            upsert = (
                self._insert(table)
                .values({**inserted, "created_at": now, "updated_at": now})
                .on_conflict_do_update(
                    index_elements=[table.c[key_column]], set_={**updated, "updated_at": now}
                )
                .returning(table.c.id)
            )
            row_id = (await connection.execute(upsert)).scalar_one()
        return SavedRecord(id=int(row_id), is_new=existing is None)

    async def save_lead(self, lead: LeadRecord) -> SavedRecord:
        """Insert or update the lead with this e-mail; fields given as ``None`` keep their stored value."""
        values = {
            "email": _normalized_email(lead.email),
            "first_name": lead.first_name,
            "last_name": lead.last_name,
            "phone": lead.phone,
            "source": lead.source,
            "manychat_user_id": lead.manychat_user_id,
            "hubspot_contact_id": lead.hubspot_contact_id,
            "lead_score": lead.lead_score,
        }
        return await self._upsert(LEADS, "email", values, _given(values, "email"))

    async def save_payment(self, payment: PaymentRecord) -> SavedRecord:
        """Insert or update the payment with this payment intent id (the latest status wins)."""
        values = {
            "payment_intent_id": payment.payment_intent_id,
            "status": payment.status,
            "customer_id": payment.customer_id,
            "customer_email": _normalized_email(payment.customer_email),
            "amount_minor": payment.amount_minor,
            "currency": payment.currency.lower() if payment.currency else None,
        }
        return await self._upsert(PAYMENTS, "payment_intent_id", values, _given(values, "payment_intent_id"))

    async def save_ticket(self, ticket: TicketRecord) -> SavedRecord:
        """Insert or update the ticket with this id; a new ticket without a status is ``received``."""
        values = {
            "ticket_id": ticket.ticket_id,
            "status": ticket.status,
            "customer_phone": ticket.customer_phone,
            "customer_email": _normalized_email(ticket.customer_email),
            "vendor_name": ticket.vendor_name,
            "receipt_date": ticket.receipt_date,
            "total_minor": _to_minor(ticket.total_amount),
            "tax_minor": _to_minor(ticket.tax_amount),
            "currency": ticket.currency.upper() if ticket.currency else None,
            "ocr_confidence": ticket.ocr_confidence,
            "receipt_document_id": ticket.receipt_document_id,
            "accounting_document_id": ticket.accounting_document_id,
            "subject": ticket.subject,
            "category": ticket.category,
            "priority": ticket.priority,
            "summary": ticket.summary,
        }
        updated = _given(values, "ticket_id")
        inserted = {**values, "status": ticket.status or _DEFAULT_TICKET_STATUS}
        return await self._upsert(TICKETS, "ticket_id", inserted, updated)

    async def get_lead(self, email: str) -> LeadRecord | None:
        """The lead with this e-mail address, if any."""
        async with self.engine.connect() as connection:
            row = (
                await connection.execute(select(LEADS).where(LEADS.c.email == _normalized_email(email)))
            ).first()
        if row is None:
            return None
        names = {field.name for field in fields(LeadRecord)}
        return LeadRecord(**{name: value for name, value in row._mapping.items() if name in names})

    async def get_payment(self, payment_intent_id: str) -> PaymentRecord | None:
        """The payment with this payment intent id, if any."""
        async with self.engine.connect() as connection:
            row = (
                await connection.execute(
                    select(PAYMENTS).where(PAYMENTS.c.payment_intent_id == payment_intent_id)
                )
            ).first()
        if row is None:
            return None
        names = {field.name for field in fields(PaymentRecord)}
        return PaymentRecord(**{name: value for name, value in row._mapping.items() if name in names})

    async def get_ticket(self, ticket_id: str) -> TicketRecord | None:
        """The ticket with this id, if any."""
        async with self.engine.connect() as connection:
            row = (await connection.execute(select(TICKETS).where(TICKETS.c.ticket_id == ticket_id))).first()
        if row is None:
            return None
        data = row._mapping
        return TicketRecord(
            ticket_id=data["ticket_id"],
            status=data["status"],
            customer_phone=data["customer_phone"],
            customer_email=data["customer_email"],
            vendor_name=data["vendor_name"],
            receipt_date=data["receipt_date"],
            total_amount=_from_minor(data["total_minor"]),
            tax_amount=_from_minor(data["tax_minor"]),
            currency=data["currency"],
            ocr_confidence=data["ocr_confidence"],
            receipt_document_id=data["receipt_document_id"],
            accounting_document_id=data["accounting_document_id"],
            subject=data["subject"],
            category=data["category"],
            priority=data["priority"],
            summary=data["summary"],
            created_at=_aware(data["created_at"]),
            updated_at=_aware(data["updated_at"]),
        )

    async def payment_history(
        self,
        *,
        customer_id: str | None = None,
        customer_email: str | None = None,
        status: str = "succeeded",
        excluding_payment_intent_id: str | None = None,
    ) -> PaymentHistory:
        """The customer's payments in ``status`` (matched by customer id or e-mail), optionally leaving one out."""
        if customer_id is None and customer_email is None:
            raise ValueError("payment history needs a customer id or an e-mail address")
        matches = []
        if customer_id is not None:
            matches.append(PAYMENTS.c.customer_id == customer_id)
        if customer_email is not None:
            matches.append(PAYMENTS.c.customer_email == _normalized_email(customer_email))
        query = select(
            func.count(PAYMENTS.c.id),
            func.coalesce(func.sum(PAYMENTS.c.amount_minor), 0),
            func.max(PAYMENTS.c.created_at),
        ).where(or_(*matches), PAYMENTS.c.status == status)
        if excluding_payment_intent_id is not None:
            query = query.where(PAYMENTS.c.payment_intent_id != excluding_payment_intent_id)
        async with self.engine.connect() as connection:
            count, total, last = (await connection.execute(query)).one()
        return PaymentHistory(count=int(count), total_minor=int(total), last_payment_at=_aware(last))

    async def ping(self) -> None:
        """Run ``SELECT 1`` (readiness)."""
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))


def _given(values: Mapping[str, Any], key_column: str) -> dict[str, Any]:
    """The columns an update should overwrite: those given (not ``None``), except the key."""
    return {name: value for name, value in values.items() if value is not None and name != key_column}
