"""docker-compose.yml and its emulator override, validated by Docker Compose v2 itself (``config``) and by the
compose-spec JSON schema, plus the contracts the stack relies on (one service per worker group, healthchecks,
start order, no secrets in .env.example) and the model-deploy one-shot run against a local HTTP server."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from workers.integrations import INTEGRATIONS

BASE = "docker-compose.yml"
EMULATORS = "docker-compose.emulators.yml"
GROUPS = sorted({integration.group for integration in INTEGRATIONS})
FLEET_SERVICES = [*GROUPS, "ingress"]


def _compose(
    binary: Path, repository: Path, *arguments: str, env_file: str = ".env.example"
) -> subprocess.CompletedProcess[str]:
    # Only what the binary needs: a variable of the calling shell would win over the env file.
    environment = {key: os.environ[key] for key in ("PATH", "HOME", "TMPDIR") if key in os.environ}
    return subprocess.run(
        [str(binary), "--project-directory", str(repository), "--env-file", env_file, *arguments],
        cwd=repository,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _project(binary: Path, repository: Path, *files: str) -> dict[str, Any]:
    arguments = [argument for name in files for argument in ("-f", name)]
    result = _compose(binary, repository, *arguments, "config", "--format", "json")
    assert result.returncode == 0, result.stderr
    project: dict[str, Any] = json.loads(result.stdout)
    return project


@pytest.fixture(scope="module")
def base_project(compose_binary: Path, repository: Path) -> dict[str, Any]:
    return _project(compose_binary, repository, BASE)


@pytest.fixture(scope="module")
def emulator_project(compose_binary: Path, repository: Path) -> dict[str, Any]:
    return _project(compose_binary, repository, BASE, EMULATORS)


@pytest.mark.parametrize("files", [(BASE,), (BASE, EMULATORS)], ids=["base", "with-emulators"])
def test_compose_config_is_valid(compose_binary: Path, repository: Path, files: tuple[str, ...]) -> None:
    arguments = [argument for name in files for argument in ("-f", name)]
    result = _compose(compose_binary, repository, *arguments, "config", "-q")
    assert result.returncode == 0, result.stderr


def test_compose_files_match_the_compose_spec_schema(
    repository: Path, venv_tool: Callable[[str, str], Path]
) -> None:
    checker = venv_tool("check-jsonschema", "pip install check-jsonschema==0.39.0")
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.compose-spec", BASE, EMULATORS],
        cwd=repository,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_validator_rejects_a_misspelt_key(compose_binary: Path, repository: Path, tmp_path: Path) -> None:
    broken = (repository / BASE).read_text(encoding="utf-8").replace("healthcheck:", "healthchek:", 1)
    (tmp_path / BASE).write_text(broken, encoding="utf-8")
    shutil.copy(repository / ".env.example", tmp_path / ".env.example")
    result = _compose(compose_binary, tmp_path, "-f", BASE, "config", "-q")
    assert result.returncode != 0
    assert "healthchek" in result.stderr


def test_the_database_password_has_no_default(compose_binary: Path, repository: Path, tmp_path: Path) -> None:
    without_password = tmp_path / "no-password.env"
    lines = (repository / ".env.example").read_text(encoding="utf-8").splitlines()
    without_password.write_text(
        "\n".join(line for line in lines if not line.startswith("POSTGRES_PASSWORD=")) + "\n",
        encoding="utf-8",
    )
    result = _compose(compose_binary, repository, "-f", BASE, "config", "-q", env_file=str(without_password))
    assert result.returncode != 0
    assert "POSTGRES_PASSWORD" in result.stderr


def test_one_scalable_service_per_worker_group(base_project: dict[str, Any]) -> None:
    services = base_project["services"]
    assert set(GROUPS) == {"crm", "messaging", "payments", "documents", "ai", "database", "rpa"}
    for group in GROUPS:
        service = services[group]
        assert service["command"] == ["run", "--group", group]
        assert "ports" not in service, f"{group} publishes host ports, so --scale {group}=N would collide"
        assert "container_name" not in service
        assert service["image"] == services["ingress"]["image"], "every fleet service runs the same image"
        environment = service["environment"]
        assert environment["ZEEBE_ADDRESS"] == "orchestration:26500"
        assert environment["FLEET_DATABASE_URL"].startswith("postgresql://")
        assert "@postgres:5432/" in environment["FLEET_DATABASE_URL"]
        assert "/readyz" in " ".join(service["healthcheck"]["test"])
        assert service["depends_on"]["orchestration"]["condition"] == "service_healthy"
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_camunda_stack_and_start_order(base_project: dict[str, Any]) -> None:
    services = base_project["services"]
    assert re.fullmatch(r"camunda/camunda:8\.8\.\d+", services["orchestration"]["image"])
    published = {(port["target"], port["published"]) for port in services["orchestration"]["ports"]}
    assert {(26500, "26500"), (8080, "8088"), (9600, "9600")} <= published
    assert services["orchestration"]["depends_on"]["elasticsearch"]["condition"] == "service_healthy"
    ingress = services["ingress"]
    assert ingress["command"] == ["ingress"]
    assert ingress["environment"]["FLEET_INGRESS_PORT"] == "8000"
    assert {(port["target"], port["published"]) for port in ingress["ports"]} == {(8000, "8000")}
    assert ingress["depends_on"]["deploy-models"]["condition"] == "service_completed_successfully"
    for name, service in services.items():
        for dependency, condition in service.get("depends_on", {}).items():
            if condition["condition"] == "service_healthy":
                target = services[dependency]
                assert "healthcheck" in target or dependency in FLEET_SERVICES, (
                    f"{name} waits for {dependency} to be healthy, which has no healthcheck"
                )


def test_emulator_override_points_every_fleet_service_at_the_sandbox(
    emulator_project: dict[str, Any],
) -> None:
    from sandbox._registry import api_specs

    services = emulator_project["services"]
    sandbox = services["sandbox"]
    assert sandbox["image"] == services["crm"]["image"]
    assert "--env-file /data/sandbox/sandbox.env" in " ".join(sandbox["entrypoint"])
    published = {int(port["published"]) for port in sandbox["ports"]}
    assert published == set(range(18100, 18100 + len(api_specs()))), (
        "one host port per emulator (--port-base)"
    )
    for name in FLEET_SERVICES:
        service = services[name]
        assert service["depends_on"]["sandbox"]["condition"] == "service_healthy"
        script = " ".join(service["entrypoint"])
        assert ". /tmp/sandbox.env" in script and "exec fleet" in script
        assert service["command"] == (["ingress"] if name == "ingress" else ["run", "--group", name])


def test_emulator_entrypoint_loads_the_sandbox_environment(
    emulator_project: dict[str, Any], tmp_path: Path
) -> None:
    """Run the override's entrypoint script with sh: it must export the emulator URLs (rewritten to the
    ``sandbox`` host) and the shell-quoted credentials, then exec ``fleet`` with the service's arguments."""
    sh = shutil.which("sh")
    if sh is None:
        pytest.skip("no POSIX sh")
    entrypoint = emulator_project["services"]["crm"]["entrypoint"]
    assert entrypoint[:2] == ["/bin/sh", "-c"]
    script = entrypoint[2].replace("$$", "$")
    env_dir = tmp_path / "sandbox"
    env_dir.mkdir()
    (env_dir / "sandbox.env").write_text(
        "HUBSPOT_BASE_URL=http://0.0.0.0:18100\nHUBSPOT_TOKEN='pat-na1 with space'\n"
        'GOOGLE_SERVICE_ACCOUNT_JSON=\'{"token_uri": "http://0.0.0.0:18103/token"}\'\n',
        encoding="utf-8",
    )
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_fleet = bin_dir / "fleet"
    fake_fleet.write_text(
        '#!/bin/sh\nprintf "%s\\n" "$*" "$HUBSPOT_BASE_URL" "$HUBSPOT_TOKEN" "$GOOGLE_SERVICE_ACCOUNT_JSON"\n',
        encoding="utf-8",
    )
    fake_fleet.chmod(0o755)
    script = script.replace("/data/sandbox/", f"{env_dir}/").replace(
        "/tmp/sandbox.env", f"{tmp_path}/loaded.env"
    )
    result = subprocess.run(
        [sh, "-c", script, "fleet", "run", "--group", "crm"],
        env={"PATH": f"{bin_dir}:{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "run --group crm",
        "http://sandbox:18100",
        "pat-na1 with space",
        '{"token_uri": "http://sandbox:18103/token"}',
    ]


def test_env_example_holds_no_secret_and_covers_required_variables(repository: Path) -> None:
    example = (repository / ".env.example").read_text(encoding="utf-8")
    values = dict(
        line.split("=", 1)
        for line in example.splitlines()
        if line and not line.startswith("#") and "=" in line
    )
    secret_like = re.compile(r"(TOKEN|SECRET|API_KEY|PASSWORD|SERVICE_ACCOUNT_JSON)$")
    allowed_placeholders = {"", "demo", "change-me-locally"}
    for name, value in values.items():
        if secret_like.search(name):
            assert value in allowed_placeholders, f"{name} in .env.example looks like a real secret"
    compose_text = "\n".join((repository / name).read_text(encoding="utf-8") for name in (BASE, EMULATORS))
    required = set(re.findall(r"\$\{([A-Z0-9_]+):\?", compose_text))
    assert required, "the compose file should require at least the database password"
    assert required <= set(values), f"{sorted(required - set(values))} missing from .env.example"


class _DeploymentRecorder(BaseHTTPRequestHandler):
    requests: list[tuple[str, str, str, bytes]]

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length)
        self.requests.append(
            (self.path, self.headers["Content-Type"], self.headers.get("Authorization", ""), body)
        )
        payload = json.dumps({"key": "2251799813685249", "deployments": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def deployment_server() -> Iterator[tuple[str, list[tuple[str, str, str, bytes]]]]:
    recorded: list[tuple[str, str, str, bytes]] = []
    handler = type("Recorder", (_DeploymentRecorder,), {"requests": recorded})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", recorded
    finally:
        server.shutdown()
        server.server_close()


def test_deploy_models_posts_every_model_in_one_request(
    base_project: dict[str, Any],
    repository: Path,
    tmp_path: Path,
    deployment_server: tuple[str, list[tuple[str, str, str, bytes]]],
) -> None:
    """The one-shot's script, run with the local sh and curl against a recording server on 127.0.0.1."""
    sh, curl = shutil.which("sh"), shutil.which("curl")
    if sh is None or curl is None:
        pytest.skip("the deploy script needs sh and curl")
    service = base_project["services"]["deploy-models"]
    assert service["depends_on"]["orchestration"]["condition"] == "service_healthy"
    mounts = {volume["target"]: Path(volume["source"]) for volume in service["volumes"]}
    assert mounts == {"/models/bpmn": repository / "bpmn", "/models/dmn": repository / "dmn"}
    models = tmp_path / "models"
    for target, source in mounts.items():
        shutil.copytree(source, models / Path(target).name)
    script = service["command"][0].replace("$$", "$").replace("/models/", f"{models}/")
    url, recorded = deployment_server
    environment = {**service["environment"], "CAMUNDA_REST_URL": url, "PATH": os.environ["PATH"]}
    result = subprocess.run(
        [sh, "-c", script], env=environment, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert len(recorded) == 1
    path, content_type, authorization, body = recorded[0]
    assert path == "/v2/deployments"
    assert content_type.startswith("multipart/form-data; boundary=")
    assert authorization.startswith("Basic ")
    sent = set(re.findall(rb'name="resources"; filename="([^"]+)"', body))
    expected = {
        file.name.encode()
        for pattern in ("bpmn/*.bpmn", "bpmn/forms/*.form", "dmn/*.dmn")
        for file in repository.glob(pattern)
    }
    assert expected, "no models in the repository"
    assert sent == expected


def test_deploy_models_fails_without_models(
    base_project: dict[str, Any],
    tmp_path: Path,
    deployment_server: tuple[str, list[tuple[str, str, str, bytes]]],
) -> None:
    sh = shutil.which("sh")
    if sh is None:
        pytest.skip("no POSIX sh")
    service = base_project["services"]["deploy-models"]
    script = service["command"][0].replace("$$", "$").replace("/models/", f"{tmp_path}/")
    url, recorded = deployment_server
    result = subprocess.run(
        [sh, "-c", script],
        env={**service["environment"], "CAMUNDA_REST_URL": url, "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 1
    assert "no .bpmn" in result.stderr
    assert recorded == []


class _Readiness(BaseHTTPRequestHandler):
    status: dict[str, int]

    def do_GET(self) -> None:
        code = self.status["code"] if self.path == "/actuator/health/readiness" else 404
        payload = b'{"status":"UP"}' if code == 200 else b'{"status":"DOWN"}'
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        return


def test_orchestration_healthcheck_needs_a_200_from_readiness(base_project: dict[str, Any]) -> None:
    """The camunda/camunda image has bash but no curl: the check speaks HTTP over /dev/tcp. Run it with the
    local bash against a server that plays the management port."""
    sh, bash = shutil.which("sh"), shutil.which("bash")
    if sh is None or bash is None:
        pytest.skip("the healthcheck needs sh and bash")
    test = base_project["services"]["orchestration"]["healthcheck"]["test"]
    assert test[0] == "CMD-SHELL"
    status = {"code": 200}
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Readiness", (_Readiness,), {"status": status}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        command = test[1].replace("/dev/tcp/127.0.0.1/9600", f"/dev/tcp/127.0.0.1/{server.server_address[1]}")
        assert command != test[1]

        def healthy() -> bool:
            run = subprocess.run([sh, "-c", command], capture_output=True, timeout=30, check=False)
            return run.returncode == 0

        assert healthy()
        status["code"] = 503
        assert not healthy()
    finally:
        server.shutdown()
        server.server_close()
