"""Local emulators of the SaaS APIs the workers call, served over real HTTP on 127.0.0.1.

``async with run_sandbox(apis=["hubspot"]) as sandbox:`` starts them on free ports; ``sandbox.environment()``
gives the ``*_BASE_URL`` and credential variables that point the production clients at them.
"""

from sandbox._registry import ApiSpec, api_specs, resolve_apis
from sandbox._runner import Sandbox, run_sandbox

__all__ = ["ApiSpec", "Sandbox", "api_specs", "resolve_apis", "run_sandbox"]
