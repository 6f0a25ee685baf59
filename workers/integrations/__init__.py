"""The fleet's integrations, one module each; ``fleet run`` serves the ones listed in ``INTEGRATIONS``.

No integration exists yet: they arrive with their own issue. Each module will expose an
:class:`~workers.runtime.Integration` (its pyzeebe router plus its worker group) to be listed here.
"""

from workers.runtime import Integration

__all__ = ["INTEGRATIONS"]

INTEGRATIONS: tuple[Integration, ...] = ()
