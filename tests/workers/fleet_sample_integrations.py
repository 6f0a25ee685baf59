"""Test-only integrations for the CLI and app tests (two groups)."""

from __future__ import annotations

from workers.runtime import Integration

hubspot = Integration("hubspot", group="crm")
whatsapp = Integration("whatsapp", group="messaging")
stripe = Integration("stripe", group="payments")


@hubspot.task("crm.create-contact")
async def create_contact(email: str) -> dict[str, str]:
    return {"contactId": f"c-{email}"}


@whatsapp.task("messaging.send-whatsapp")
async def send_whatsapp(phone: str) -> None:
    return None


@stripe.task("payments.record-payment")
async def record_payment(paymentIntentId: str) -> None:
    return None


@stripe.task("payments.notify-accounting")
async def notify_accounting() -> None:
    return None


INTEGRATIONS = (hubspot, whatsapp, stripe)
PARTIAL = (hubspot,)
NONE: tuple[Integration, ...] = ()
