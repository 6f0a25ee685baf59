"""An acknowledged command survives kill -9 of the engine process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from zeebe_lite.bpmn.xml_builder import simple_task_process
from zeebe_lite.engine import Engine

CHILD = textwrap.dedent(
    """
    import asyncio, json, sys
    from zeebe_lite.engine import AsyncEngine

    async def main(path, xml):
        engine = await AsyncEngine.open(path)
        await engine.deploy({"order.bpmn": xml})
        n = 0
        while True:
            created = await engine.create_process_instance(bpmn_process_id="order", variables={"n": n})
            print(json.dumps([n, created.process_instance_key]), flush=True)
            n += 1

    asyncio.run(main(sys.argv[1], sys.stdin.read()))
    """
)


def test_every_acknowledged_instance_is_there_after_kill_9(tmp_path: Path) -> None:
    path = tmp_path / "engine.db"
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path.cwd())},
    )
    assert process.stdin is not None
    assert process.stdout is not None
    process.stdin.write(simple_task_process())
    process.stdin.close()
    acknowledged: list[int] = []
    for line in process.stdout:
        acknowledged.append(json.loads(line)[1])
        if len(acknowledged) >= 200:
            break
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    engine = Engine.open(path)
    live = set(engine.state.element_instances.process_instance_keys())
    assert set(acknowledged) <= live
    engine.close()
