from typing import Any, ClassVar

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from sandbox._common import Emulator, EmulatorContext, EmulatorHost, SandboxClock, WebhookSender


class _Broken(Emulator):
    name: ClassVar[str] = "broken"
    title: ClassVar[str] = "an emulator with a bug"

    def routes(self) -> list[BaseRoute]:
        return [Route("/crash", self._crash), Route("/ok", self._ok)]

    async def _crash(self, request: Request) -> Response:
        raise RuntimeError("bug in the emulator")

    async def _ok(self, request: Request) -> Response:
        return JSONResponse({"ok": True})

    def state_view(self) -> dict[str, Any]:
        return {}

    def reset_state(self) -> None:
        return None

    def credentials(self) -> dict[str, str]:
        return {}

    def environment(self) -> dict[str, str]:
        return {}

    def error_response(self, status: int, message: str) -> Response:
        return JSONResponse({"problem": message}, status_code=status)


async def test_unknown_routes_and_emulator_bugs_answer_in_the_apis_error_shape() -> None:
    clock = SandboxClock()
    host = EmulatorHost(_Broken(EmulatorContext(clock, "http://test", WebhookSender(clock))))
    transport = httpx.ASGITransport(app=host, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        missing = await client.get("/nope")
        crashed = await client.get("/crash")
        fine = await client.get("/ok")
    assert missing.status_code == 404 and missing.json() == {"problem": "Unknown route GET /nope"}
    assert crashed.status_code == 500 and "bug in the emulator" in crashed.json()["problem"]
    assert fine.json() == {"ok": True}
    assert [record.status for record in host.requests] == [404, 500, 200]
