"""Which emulators exist, how to build them, and which others each one needs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from sandbox._common import Emulator, EmulatorContext

__all__ = ["ApiSpec", "api_specs", "resolve_apis"]

EmulatorFactory = Callable[[EmulatorContext, Mapping[str, Emulator]], Emulator]


@dataclass(frozen=True)
class ApiSpec:
    """How to build one emulator. ``requires``: emulators it talks to (started with it, built before it)."""

    name: str
    factory: EmulatorFactory
    requires: tuple[str, ...] = ()


def _hubspot(context: EmulatorContext, others: Mapping[str, Emulator]) -> Emulator:
    from sandbox.hubspot import HubSpotEmulator

    return HubSpotEmulator(context)


def _manychat(context: EmulatorContext, others: Mapping[str, Emulator]) -> Emulator:
    from sandbox.manychat import ManyChatEmulator

    return ManyChatEmulator(context)


def _stripe(context: EmulatorContext, others: Mapping[str, Emulator]) -> Emulator:
    from sandbox.stripe import StripeEmulator

    return StripeEmulator(context)


def _google_oauth(context: EmulatorContext, others: Mapping[str, Emulator]) -> Emulator:
    from sandbox.google_oauth import GoogleOAuthEmulator

    return GoogleOAuthEmulator(context)


def _google_sheets(context: EmulatorContext, others: Mapping[str, Emulator]) -> Emulator:
    from sandbox.google_oauth import GoogleOAuthEmulator
    from sandbox.google_sheets import GoogleSheetsEmulator

    oauth = others["google_oauth"]
    assert isinstance(oauth, GoogleOAuthEmulator)
    return GoogleSheetsEmulator(context, oauth)


def _google_docs(context: EmulatorContext, others: Mapping[str, Emulator]) -> Emulator:
    from sandbox.google_docs import GoogleDocsEmulator
    from sandbox.google_oauth import GoogleOAuthEmulator

    oauth = others["google_oauth"]
    assert isinstance(oauth, GoogleOAuthEmulator)
    return GoogleDocsEmulator(context, oauth)


def _openai(context: EmulatorContext, others: Mapping[str, Emulator]) -> Emulator:
    from sandbox.openai import OpenAIEmulator

    return OpenAIEmulator(context)


def _whatsapp(context: EmulatorContext, others: Mapping[str, Emulator]) -> Emulator:
    from sandbox.whatsapp import WhatsAppEmulator

    return WhatsAppEmulator(context)


def _flowable(context: EmulatorContext, others: Mapping[str, Emulator]) -> Emulator:
    from sandbox.flowable import FlowableEmulator

    return FlowableEmulator(context)


def _openrpa(context: EmulatorContext, others: Mapping[str, Emulator]) -> Emulator:
    from sandbox.openrpa import OpenRPAEmulator

    return OpenRPAEmulator(context)


def api_specs() -> dict[str, ApiSpec]:
    """Every emulator the sandbox can run, in start order."""
    specs = [
        ApiSpec("hubspot", _hubspot),
        ApiSpec("manychat", _manychat),
        ApiSpec("stripe", _stripe),
        ApiSpec("google_oauth", _google_oauth),
        ApiSpec("google_sheets", _google_sheets, requires=("google_oauth",)),
        ApiSpec("google_docs", _google_docs, requires=("google_oauth",)),
        ApiSpec("openai", _openai),
        ApiSpec("whatsapp", _whatsapp),
        ApiSpec("flowable", _flowable),
        ApiSpec("openrpa", _openrpa),
    ]
    return {spec.name: spec for spec in specs}


def resolve_apis(requested: Iterable[str] | None, specs: Mapping[str, ApiSpec]) -> list[str]:
    """The requested emulators plus what they require, in start order; unknown names raise ``ValueError``."""
    wanted = set(specs) if requested is None else set(requested)
    unknown = wanted - set(specs)
    if unknown:
        raise ValueError(f"unknown sandbox APIs: {', '.join(sorted(unknown))} (known: {', '.join(specs)})")
    pending = list(wanted)
    while pending:
        for required in specs[pending.pop()].requires:
            if required not in wanted:
                wanted.add(required)
                pending.append(required)
    return [name for name in specs if name in wanted]
