"""Pieces the engine and fleet benchmarks share: the one-task model, free ports, servers in subprocesses."""

from __future__ import annotations

import contextlib
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import timedelta

__all__ = ["free_port", "one_task_bpmn", "python_subprocess"]

_START_TIMEOUT = timedelta(seconds=30)
_STOP_TIMEOUT = timedelta(seconds=15)


def one_task_bpmn(process_id: str, job_type: str) -> str:
    """start -> one service task of ``job_type`` (a literal, or ``=expression``) -> end."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="{process_id}-defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="{process_id}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>to-task</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="to-task" sourceRef="start" targetRef="task" />
    <bpmn:serviceTask id="task">
      <bpmn:extensionElements><zeebe:taskDefinition type="{job_type}" /></bpmn:extensionElements>
      <bpmn:incoming>to-task</bpmn:incoming><bpmn:outgoing>to-end</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="to-end" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>to-end</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def python_subprocess(arguments: Sequence[str], ready_text: str) -> Iterator[subprocess.Popen[str]]:
    """Start ``python <arguments>``, wait for ``ready_text`` on its stdout, always stop it afterwards."""
    process = subprocess.Popen(
        [sys.executable, *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_for_line(process, ready_text)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(_STOP_TIMEOUT.total_seconds())
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout is not None:
            process.stdout.close()


def _wait_for_line(process: subprocess.Popen[str], ready_text: str) -> None:
    assert process.stdout is not None
    deadline = time.monotonic() + _START_TIMEOUT.total_seconds()
    seen: list[str] = []
    while time.monotonic() < deadline:
        readable, _, _ = select.select([process.stdout], [], [], 0.2)
        if readable:
            line = process.stdout.readline()
            if not line:
                break
            seen.append(line)
            if ready_text in line:
                return
        elif process.poll() is not None:
            break
    raise RuntimeError(f"subprocess did not report {ready_text!r}; output: {''.join(seen)[-2000:]}")
