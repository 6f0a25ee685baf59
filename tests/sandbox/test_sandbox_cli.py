import asyncio
import os
import signal
import sys
from pathlib import Path

import httpx

REPOSITORY = str(Path(__file__).resolve().parents[2])


async def test_python_m_sandbox_serves_until_interrupted_and_writes_the_environment(tmp_path: Path) -> None:
    env_file = tmp_path / "sandbox.env"
    environment = {**os.environ, "PYTHONPATH": REPOSITORY}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "sandbox",
        "--apis",
        "manychat,flowable",
        "--env-file",
        str(env_file),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=environment,
    )
    try:
        async with asyncio.timeout(30):
            await _wait_for_file(env_file)
        text = await asyncio.to_thread(env_file.read_text)
        values = dict(line.split("=", 1) for line in text.splitlines())
        assert set(values) >= {
            "MANYCHAT_BASE_URL",
            "MANYCHAT_TOKEN",
            "FLOWABLE_BASE_URL",
            "FLOWABLE_PASSWORD",
        }
        async with httpx.AsyncClient() as client:
            state = await client.get(values["MANYCHAT_BASE_URL"] + "/__sandbox/state")
        assert state.json()["api"] == "manychat"
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0
    assert b"flowable-rest/service" in output


async def test_unknown_apis_are_refused() -> None:
    environment = {**os.environ, "PYTHONPATH": REPOSITORY}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "sandbox",
        "--apis",
        "myspace",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=environment,
    )
    _, errors = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert b"unknown sandbox APIs: myspace" in errors


async def _wait_for_file(path: Path) -> None:
    for _ in range(600):
        if await asyncio.to_thread(path.exists):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{path} was not written")
