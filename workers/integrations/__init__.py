"""The fleet's integrations, one package each; ``fleet run`` serves the ones listed in ``INTEGRATIONS``.

Each package exposes an :class:`~workers.runtime.Integration`: its pyzeebe router plus its worker group.
"""

from workers.integrations.documents import documents
from workers.integrations.flowable import flowable
from workers.integrations.google_sheets import google_sheets
from workers.integrations.hubspot import hubspot
from workers.integrations.manychat import manychat
from workers.integrations.ocr import ocr
from workers.integrations.openai import openai
from workers.integrations.persistence import fleet_db
from workers.integrations.rpa import rpa
from workers.integrations.stripe import stripe
from workers.integrations.whatsapp import whatsapp
from workers.runtime import Integration

__all__ = ["INTEGRATIONS"]

INTEGRATIONS: tuple[Integration, ...] = (
    hubspot,
    manychat,
    whatsapp,
    stripe,
    google_sheets,
    openai,
    ocr,
    documents,
    fleet_db,
    rpa,
    flowable,
)
