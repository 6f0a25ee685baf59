"""Where ``fleet dev`` listens: fixed defaults for humans, ``free`` for tests, and a check that ports are free."""

from __future__ import annotations

import dataclasses
import socket

from sandbox import api_specs

__all__ = ["DEFAULT_PORTS", "DevPorts", "PortBusyError", "check_ports_free", "parse_ports"]


@dataclasses.dataclass(frozen=True)
class DevPorts:
    """Ports of the dev stack; 0 means a free port chosen by the system."""

    grpc: int = 26500
    rest: int = 8080
    ingress: int = 8000
    sandbox: int = 18100
    """The first emulator's port; the others follow in the sandbox's table order."""
    health: int = 9600

    def sandbox_ports(self) -> dict[str, int]:
        """One port per emulator (empty when free ports are wanted)."""
        if self.sandbox == 0:
            return {}
        return {name: self.sandbox + offset for offset, name in enumerate(api_specs())}

    def fixed(self) -> list[tuple[str, int]]:
        """Every fixed port with what it is for (to check before starting)."""
        named = [
            ("zeebe_lite gRPC gateway", self.grpc),
            ("zeebe_lite REST API", self.rest),
            ("webhook ingress", self.ingress),
            ("workers health server", self.health),
        ]
        named += [(f"{name} emulator", port) for name, port in self.sandbox_ports().items()]
        return [(what, port) for what, port in named if port != 0]


DEFAULT_PORTS = DevPorts()
"""gRPC 26500, REST 8080, ingress 8000, emulators from 18100, health 9600."""


def parse_ports(text: str) -> DevPorts:
    """``free`` (every port chosen by the system) or ``name=port,...`` over the defaults.

    Names: ``grpc``, ``rest``, ``ingress``, ``sandbox`` (first emulator port), ``health``; ``0`` = a free port.
    """
    if text.strip() == "free":
        return DevPorts(grpc=0, rest=0, ingress=0, sandbox=0, health=0)
    names = {field.name for field in dataclasses.fields(DevPorts)}
    chosen: dict[str, int] = {}
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        name, separator, value = part.partition("=")
        name = name.strip()
        if not separator or name not in names:
            raise ValueError(f"expected NAME=PORT with NAME one of {', '.join(sorted(names))}, got {part!r}")
        try:
            port = int(value)
        except ValueError:
            raise ValueError(f"port of {name} is not a number: {value!r}") from None
        if not 0 <= port <= 65535:
            raise ValueError(f"port of {name} is out of range: {port}")
        chosen[name] = port
    return dataclasses.replace(DEFAULT_PORTS, **chosen)


class PortBusyError(Exception):
    """A fixed port of the stack is already taken; the message names it and what needed it."""


def check_ports_free(ports: DevPorts, host: str = "127.0.0.1") -> None:
    """Raise :class:`PortBusyError` naming every fixed port that cannot be bound."""
    busy: list[str] = []
    for what, port in ports.fixed():
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError:
                busy.append(f"{host}:{port} ({what})")
    if busy:
        raise PortBusyError(
            "port(s) already in use: "
            + ", ".join(busy)
            + " - stop what holds them, or choose others with --ports (e.g. --ports rest=8081 or --ports free)"
        )
