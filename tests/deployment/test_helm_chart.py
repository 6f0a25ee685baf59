"""The Helm chart: lint (strict) and render with every values file in ci/, every rendered object checked by
kubernetes-validate (strict) or, for custom resources, by the CRD schemas the @kubernetes-models npm packages ship;
then the contracts between the chart and the fleet code (groups, ports, probes, metrics, environment names)."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from workers.ingress import IngressSettings
from workers.integrations import INTEGRATIONS
from workers.integrations.flowable._settings import FlowableSettings
from workers.integrations.google_sheets._settings import GoogleSheetsSettings
from workers.integrations.hubspot._settings import HubSpotSettings
from workers.integrations.manychat._settings import ManyChatSettings
from workers.integrations.openai._settings import OpenAISettings
from workers.integrations.persistence._url import DATABASE_URL_VARIABLE
from workers.integrations.rpa._settings import OpenRPASettings
from workers.integrations.stripe._settings import StripeSettings
from workers.integrations.whatsapp._settings import WhatsAppSettings
from workers.runtime import FleetMetrics, FleetSettings
from workers.storage import DOCUMENTS_DIR_VARIABLE

yaml = pytest.importorskip(
    "yaml", reason="PyYAML comes with kubernetes-validate: pip install kubernetes-validate"
)
helm_python = pytest.importorskip(
    "helm_python", reason="Helm (v4 SDK) not installed: pip install helm-python-sdk==0.2.2"
)
kubernetes_validate = pytest.importorskip(
    "kubernetes_validate", reason="pip install kubernetes-validate==1.37.0"
)

CHART = Path(__file__).resolve().parents[2] / "helm" / "zeebe-fleet"
VALUES_FILES = sorted((CHART / "ci").glob("*.yaml"))
KUBE_VERSION = "1.31.0"
CUSTOM_KINDS = {"ScaledObject", "ServiceMonitor", "ExternalSecret"}
GROUPS = sorted({integration.group for integration in INTEGRATIONS})
NAMESPACE = "fleet-ci"
Manifest = dict[str, Any]


def _values(path: Path) -> dict[str, Any]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else {}


def _render(values: dict[str, Any]) -> list[Manifest]:
    rendered = helm_python.Chart.load(str(CHART)).render(
        values, name="fleet", namespace=NAMESPACE, is_install=True
    )
    manifests: list[Manifest] = []
    for template, text in sorted(rendered.items()):
        if not template.endswith(".yaml"):
            continue
        manifests.extend(document for document in yaml.safe_load_all(text) if document)
    return manifests


@pytest.fixture(scope="module", params=VALUES_FILES, ids=[path.stem for path in VALUES_FILES])
def rendered(request: pytest.FixtureRequest) -> Iterator[tuple[str, dict[str, Any], list[Manifest]]]:
    path: Path = request.param
    values = _values(path)
    yield path.stem, values, _render(values)


def _by_kind(manifests: list[Manifest], kind: str) -> dict[str, Manifest]:
    return {manifest["metadata"]["name"]: manifest for manifest in manifests if manifest["kind"] == kind}


def _single(manifests: list[Manifest], kind: str) -> Manifest:
    found = list(_by_kind(manifests, kind).values())
    assert len(found) == 1, f"expected one {kind}, found {len(found)}"
    return found[0]


def _matches(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(key) == value for key, value in selector.items())


def test_there_are_several_values_files() -> None:
    assert {path.stem for path in VALUES_FILES} >= {
        "default-values",
        "saas-values",
        "self-managed-values",
        "keda-values",
    }


@pytest.mark.parametrize("values_file", VALUES_FILES, ids=[path.stem for path in VALUES_FILES])
def test_lint_strict(values_file: Path) -> None:
    report = helm_python.chart.lint(
        str(CHART), _values(values_file), strict=True, kube_version=f"v{KUBE_VERSION}"
    )
    problems = [message for message in report["messages"] if message["severity"] >= 2]
    assert report["errors"] == [] and problems == [], problems or report["errors"]


def test_built_in_objects_pass_kubernetes_validate_strict(
    rendered: tuple[str, dict[str, Any], list[Manifest]],
) -> None:
    _, _, manifests = rendered
    built_in = [manifest for manifest in manifests if manifest["kind"] not in CUSTOM_KINDS]
    assert built_in
    for manifest in built_in:
        try:
            kubernetes_validate.validate(manifest, KUBE_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            pytest.fail(f"{manifest['kind']}/{manifest['metadata']['name']}: {error}")


def test_kubernetes_validate_is_a_real_check() -> None:
    broken = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "x"},
        "spec": {
            "selector": {"matchLabels": {"a": "b"}},
            "template": {
                "metadata": {"labels": {"a": "b"}},
                "spec": {"containers": [{"name": "c", "imagee": "i"}]},
            },
        },
    }
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBE_VERSION, strict=True)


def _validate_custom(command: list[str], manifests: list[Manifest]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, input=json.dumps(manifests), capture_output=True, text=True, timeout=60, check=False
    )


def test_custom_resources_match_their_crd_schemas(
    rendered: tuple[str, dict[str, Any], list[Manifest]], node_crd_validator: list[str]
) -> None:
    name, _, manifests = rendered
    custom = [manifest for manifest in manifests if manifest["kind"] in CUSTOM_KINDS]
    if not custom:
        assert name in {"default-values", "self-managed-values"}
        return
    result = _validate_custom(node_crd_validator, custom)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 0, [line for line in lines if not line["ok"]] or result.stderr
    assert len(lines) == len(custom)


def test_crd_schemas_reject_broken_resources(node_crd_validator: list[str]) -> None:
    manifests = _render(_values(CHART / "ci" / "keda-values.yaml"))
    external_secret = next(manifest for manifest in manifests if manifest["kind"] == "ExternalSecret")
    external_secret["spec"]["secretStoreRef"]["kind"] = "Vault"
    scaled_object = next(manifest for manifest in manifests if manifest["kind"] == "ScaledObject")
    del scaled_object["spec"]["triggers"][0]["type"]
    result = _validate_custom(node_crd_validator, [external_secret, scaled_object])
    verdicts = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 1
    assert [verdict["ok"] for verdict in verdicts] == [False, False]
    assert "secretStoreRef/kind" in verdicts[0]["error"]
    assert "type" in verdicts[1]["error"]


def test_values_schema_rejects_mistakes() -> None:
    mistakes: list[dict[str, Any]] = [
        {"workerGroups": {"crm": {"maxJob": 4}}},
        {"externalSecrets": {"secretStoreRef": {"name": "x", "kind": "Vault"}}},
        {"containerSecurityContext": {"runAsNonRoot": False}},
        {"camunda": {"zeebeAddress": "http://gateway", "restAddress": "http://gateway:8080/v2"}},
        {"workerDefaults": {"keda": {"targetSaturation": "70%"}}},
    ]
    for values in mistakes:
        report = helm_python.chart.lint(str(CHART), values, strict=True, kube_version=f"v{KUBE_VERSION}")
        assert report["errors"], f"accepted {values}"


def test_one_deployment_per_worker_group_from_one_image(
    rendered: tuple[str, dict[str, Any], list[Manifest]],
) -> None:
    _, values, manifests = rendered
    disabled = {
        group
        for group, settings in values.get("workerGroups", {}).items()
        if settings.get("enabled") is False
    }
    deployments = _by_kind(manifests, "Deployment")
    workers = {
        manifest["metadata"]["labels"]["app.kubernetes.io/component"]: manifest
        for manifest in deployments.values()
        if manifest["metadata"]["labels"].get("zeebe-fleet/role") == "worker"
    }
    assert set(workers) == set(GROUPS) - disabled
    images = {
        container["image"]
        for manifest in deployments.values()
        for container in manifest["spec"]["template"]["spec"]["containers"]
    }
    assert len(images) == 1, images
    for group, manifest in workers.items():
        container = manifest["spec"]["template"]["spec"]["containers"][0]
        assert container["args"] == ["run", "--group", group]
        assert "command" not in container, "the image's entrypoint is `fleet`"


def test_pods_are_hardened(rendered: tuple[str, dict[str, Any], list[Manifest]]) -> None:
    _, _, manifests = rendered
    for manifest in _by_kind(manifests, "Deployment").values():
        pod = manifest["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault"
        assert pod["automountServiceAccountToken"] is False
        volumes = {volume["name"]: volume for volume in pod["volumes"]}
        for container in pod["containers"]:
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True
            assert security["allowPrivilegeEscalation"] is False
            assert security["capabilities"]["drop"] == ["ALL"]
            mounts = {mount["mountPath"]: mount["name"] for mount in container["volumeMounts"]}
            assert mounts["/tmp"] == "tmp" and "emptyDir" in volumes["tmp"]
            assert mounts["/data/documents"] == "documents"
            assert container["resources"]["requests"]["cpu"]
            assert container["resources"]["limits"]["memory"]
        labels = manifest["spec"]["template"]["metadata"]["labels"]
        for constraint in pod.get("topologySpreadConstraints", []):
            assert _matches(constraint["labelSelector"]["matchLabels"], labels)


def test_probes_use_the_health_server(rendered: tuple[str, dict[str, Any], list[Manifest]]) -> None:
    _, _, manifests = rendered
    config = _single(manifests, "ConfigMap")["data"]
    assert int(config["FLEET_HEALTH_PORT"]) == FleetSettings.model_fields["health_port"].default
    for manifest in _by_kind(manifests, "Deployment").values():
        container = manifest["spec"]["template"]["spec"]["containers"][0]
        ports = {port["name"]: port["containerPort"] for port in container["ports"]}
        if container["name"] == "worker":
            assert ports == {"health": int(config["FLEET_HEALTH_PORT"])}
            assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "health"}
            assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "health"}
            assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
            environment = {item["name"]: item.get("value") for item in container["env"]}
            grace = int(environment["FLEET_SHUTDOWN_GRACE"])
            assert manifest["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] > grace
        else:
            assert container["args"] == ["ingress"]
            assert ports == {"http": IngressSettings.model_fields["port"].default}
            assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
            assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}


def test_scaling_objects_never_fight(rendered: tuple[str, dict[str, Any], list[Manifest]]) -> None:
    _, _, manifests = rendered
    deployments = _by_kind(manifests, "Deployment")
    hpa_targets = [
        hpa["spec"]["scaleTargetRef"]["name"]
        for hpa in _by_kind(manifests, "HorizontalPodAutoscaler").values()
    ]
    keda_targets = [
        so["spec"]["scaleTargetRef"]["name"] for so in _by_kind(manifests, "ScaledObject").values()
    ]
    assert not set(hpa_targets) & set(keda_targets)
    for target in hpa_targets + keda_targets:
        assert target in deployments
        assert "replicas" not in deployments[target]["spec"], f"{target} has replicas and an autoscaler"
    for name, deployment in deployments.items():
        if name not in hpa_targets + keda_targets:
            assert deployment["spec"]["replicas"] >= 1
    for pdb in _by_kind(manifests, "PodDisruptionBudget").values():
        selected = [
            name
            for name, deployment in deployments.items()
            if _matches(
                pdb["spec"]["selector"]["matchLabels"], deployment["spec"]["template"]["metadata"]["labels"]
            )
        ]
        assert selected == [pdb["metadata"]["name"]]
        assert pdb["spec"]["maxUnavailable"] == 1


def _exported_metric_names() -> set[str]:
    metrics = FleetMetrics()
    return {metric.name for metric in metrics.registry.collect()}


def test_keda_scales_on_metrics_the_workers_export() -> None:
    manifests = _render(_values(CHART / "ci" / "keda-values.yaml"))
    scaled = _by_kind(manifests, "ScaledObject")
    services = _by_kind(manifests, "Service")
    assert len(scaled) == len(GROUPS) - 1  # ai uses a CPU HPA in that values file
    exported = _exported_metric_names()
    for name, scaled_object in scaled.items():
        trigger = scaled_object["spec"]["triggers"][0]
        assert trigger["type"] == "prometheus" and trigger["metricType"] == "Value"
        query = trigger["metadata"]["query"]
        used = set(re.findall(r"\b(fleet_[a-z_]+)\{", query))
        assert used == {"fleet_jobs_in_flight", "fleet_jobs_capacity"}
        assert used <= exported, f"{used - exported} not exported by FleetMetrics"
        assert f'service="{name}"' in query and f'namespace="{NAMESPACE}"' in query
        assert name in services, "the series are labelled with the name of the group's Service"
        assert 0 < float(trigger["metadata"]["threshold"]) <= 1
    payments = scaled["fleet-zeebe-fleet-payments"]["spec"]["triggers"]
    assert [trigger["name"] for trigger in payments] == ["saturation", "created-jobs"]


def test_service_monitor_scrapes_every_worker_group() -> None:
    manifests = _render(_values(CHART / "ci" / "keda-values.yaml"))
    monitor = _single(manifests, "ServiceMonitor")
    assert monitor["metadata"]["labels"]["release"] == "kube-prometheus-stack"
    selector = monitor["spec"]["selector"]["matchLabels"]
    selected = [
        service
        for service in _by_kind(manifests, "Service").values()
        if _matches(selector, service["metadata"]["labels"])
    ]
    assert (
        sorted(service["metadata"]["labels"]["app.kubernetes.io/component"] for service in selected) == GROUPS
    )
    endpoint = monitor["spec"]["endpoints"][0]
    assert endpoint["path"] == "/metrics"
    for service in selected:
        assert endpoint["port"] in {port["name"] for port in service["spec"]["ports"]}


def test_network_policies_select_the_pods() -> None:
    manifests = _render(_values(CHART / "ci" / "keda-values.yaml"))
    policies = _by_kind(manifests, "NetworkPolicy")
    pods = [
        deployment["spec"]["template"]["metadata"]["labels"]
        for deployment in _by_kind(manifests, "Deployment").values()
    ]
    covered = [
        labels
        for labels in pods
        if any(_matches(policy["spec"]["podSelector"]["matchLabels"], labels) for policy in policies.values())
    ]
    assert len(covered) == len(pods)
    for policy in policies.values():
        assert policy["spec"]["policyTypes"] == ["Ingress", "Egress"]
        assert {"port": 53, "protocol": "UDP"} in policy["spec"]["egress"][0]["ports"]
        assert {} not in policy["spec"]["egress"], "allowAllEgress is false in keda-values"


def _environment_names() -> set[str]:
    # The store and database read their variables directly; CAMUNDA_REST_ADDRESS is read by Camunda's SDK
    # (`fleet tasks`), configured next to the gRPC side by convention.
    names: set[str] = {DATABASE_URL_VARIABLE, DOCUMENTS_DIR_VARIABLE, "CAMUNDA_REST_ADDRESS"}
    for settings in (
        HubSpotSettings,
        ManyChatSettings,
        WhatsAppSettings,
        StripeSettings,
        GoogleSheetsSettings,
        OpenAISettings,
        FlowableSettings,
        OpenRPASettings,
        IngressSettings,
        FleetSettings,
    ):
        prefix = str(settings.model_config.get("env_prefix", ""))
        for field_name, field in settings.model_fields.items():
            names.add(f"{prefix}{field_name}".upper())
            choices = getattr(field.validation_alias, "choices", ())
            names.update(str(choice) for choice in choices)
    return names


def test_secret_keys_and_config_are_environment_names_the_code_reads() -> None:
    known = _environment_names()
    values = _values(CHART / "values.yaml")
    for key, secret in values["secrets"].items():
        unknown = set(secret["keys"]) - known
        assert not unknown, f"secrets.{key}: no setting reads {sorted(unknown)}"
    manifests = _render(_values(CHART / "ci" / "saas-values.yaml"))
    config = set(_single(manifests, "ConfigMap")["data"])
    assert config - known == set(), config - known


def test_saas_is_a_values_change(rendered: tuple[str, dict[str, Any], list[Manifest]]) -> None:
    name, values, manifests = rendered
    config = _single(manifests, "ConfigMap")["data"]
    camunda = values.get("camunda", {})
    assert config["ZEEBE_ADDRESS"] == camunda.get(
        "zeebeAddress", "camunda-zeebe-gateway.camunda.svc.cluster.local:26500"
    )
    if name == "saas-values":
        assert config["FLEET_CHANNEL"] == "saas"
        assert config["CAMUNDA_CLUSTER_ID"] == camunda["clusterId"]
        assert config["ZEEBE_AUTHORIZATION_SERVER_URL"].startswith("https://")
        settings = FleetSettings.model_validate(
            {**config, "ZEEBE_CLIENT_ID": "id", "ZEEBE_CLIENT_SECRET": "secret"}
        )
        assert settings.channel_mode == "saas"
    if name == "default-values":
        settings = FleetSettings.model_validate(config)
        assert settings.channel_mode == "insecure"


def test_every_referenced_secret_is_created_or_declared_existing(
    rendered: tuple[str, dict[str, Any], list[Manifest]],
) -> None:
    name, values, manifests = rendered
    external = {
        manifest["spec"]["target"]["name"] for manifest in _by_kind(manifests, "ExternalSecret").values()
    }
    existing = {
        secret["existingSecret"]
        for secret in values.get("secrets", {}).values()
        if secret.get("existingSecret")
    }
    referenced = {
        source["secretRef"]["name"]
        for deployment in _by_kind(manifests, "Deployment").values()
        for container in deployment["spec"]["template"]["spec"]["containers"]
        for source in container["envFrom"]
        if "secretRef" in source
    }
    assert referenced
    if values.get("externalSecrets", {}).get("enabled"):
        assert referenced <= external | existing, referenced - external - existing
        assert external <= referenced, "an ExternalSecret nobody reads"
    else:
        assert not external
    if name == "saas-values":
        for deployment in _by_kind(manifests, "Deployment").values():
            sources = deployment["spec"]["template"]["spec"]["containers"][0]["envFrom"]
            assert {"secretRef": {"name": "fleet-zeebe-fleet-camunda-secret"}} in sources


def test_every_schema_property_has_a_documented_default() -> None:
    schema = json.loads((CHART / "values.schema.json").read_text(encoding="utf-8"))
    text = (CHART / "values.yaml").read_text(encoding="utf-8")
    values = _values(CHART / "values.yaml")
    assert set(schema["properties"]) == set(values)
    for key in values:
        block = text.split(f"\n{key}:", 1)[0].rstrip().splitlines()
        assert block and block[-1].lstrip().startswith("#"), f"{key} has no comment above it in values.yaml"
