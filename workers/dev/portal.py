"""Account configuration the models expect from the SaaS tools, applied to the emulators.

In production these exist in the customer's accounts (custom HubSpot contact properties created once by an
admin); the emulators start empty, so the dev stack creates them.
"""

from __future__ import annotations

from sandbox import Sandbox
from sandbox.hubspot import HubSpotEmulator, PropertyDefinition

__all__ = ["HUBSPOT_PORTAL_PROPERTIES", "prepare_sandbox"]

HUBSPOT_PORTAL_PROPERTIES: tuple[PropertyDefinition, ...] = (
    PropertyDefinition("interés_producto", "Interés producto", group_name="leadinformation", custom=True),
    PropertyDefinition("manychat_user_id", "ManyChat user id", group_name="leadinformation", custom=True),
    # A standard HubSpot property that the emulator does not define (owners are not emulated).
    PropertyDefinition("hubspot_owner_id", "Contact owner", group_name="sales_properties"),
)
"""Contact properties read or written by lead-intake and hubspot-lead-to-manychat."""


def prepare_sandbox(sandbox: Sandbox) -> None:
    """Create the account configuration the models rely on (idempotent; call again after a reset)."""
    if "hubspot" in sandbox.apis:
        hubspot = sandbox.emulator("hubspot", HubSpotEmulator)
        for definition in HUBSPOT_PORTAL_PROPERTIES:
            hubspot.add_property(definition)
