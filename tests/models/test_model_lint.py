"""Offline model checks with Camunda's own tooling (tools/modelcheck: `npm ci` there first).

bpmnlint with the camunda-cloud-8-8 rules (bpmnlint-plugin-camunda-compat), DMN parsed by dmn-moddle, element
templates against @camunda/zeebe-element-templates-json-schema and @bpmn-io/element-templates-validator.
Each check also runs on a broken file, to show that it can fail.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools" / "modelcheck"
BPMN = sorted((ROOT / "bpmn").glob("*.bpmn"))
DMN = sorted((ROOT / "dmn").glob("*.dmn"))
TEMPLATES = sorted((ROOT / "element-templates").glob("*.json"))

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None, reason="node is not installed (model lint needs it)"
)


@pytest.fixture(scope="module")
def node_modules() -> Path:
    folder = TOOLS / "node_modules"
    if not (folder / "bpmnlint").is_dir():
        pytest.fail(f"model lint tools are not installed: run `npm ci` in {TOOLS}")
    return folder


def _run(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(argument) for argument in arguments],
        cwd=TOOLS,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _bpmnlint(node_modules: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return _run("node", node_modules / "bpmnlint" / "bin" / "bpmnlint.js", "--max-warnings=0", *files)


def test_every_process_passes_bpmnlint_with_camunda_8_8_rules(node_modules: Path) -> None:
    assert len(BPMN) == 5
    result = _bpmnlint(node_modules, *BPMN)
    assert result.returncode == 0, result.stdout + result.stderr


def test_bpmnlint_reports_a_service_task_without_task_definition(node_modules: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.bpmn"
    text = BPMN[0].read_text(encoding="utf-8")
    start = text.index("<zeebe:taskDefinition")
    broken.write_text(text[:start] + text[text.index("/>", start) + 2 :], encoding="utf-8")
    result = _bpmnlint(node_modules, broken)
    assert result.returncode == 1
    assert "zeebe:TaskDefinition" in result.stdout


def test_every_decision_model_parses_with_dmn_moddle(node_modules: Path) -> None:
    result = _run("node", "check-models.mjs", "dmn", *DMN)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK decisions=") == len(DMN)


def test_dmn_moddle_check_reports_a_broken_model(node_modules: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.dmn"
    broken.write_text(
        DMN[0].read_text(encoding="utf-8").replace("</decisionTable>", "<bogus/></decisionTable>")
    )
    result = _run("node", "check-models.mjs", "dmn", broken)
    assert result.returncode == 1
    assert "warning" in result.stderr


def test_every_element_template_is_valid(node_modules: Path) -> None:
    result = _run("node", "check-models.mjs", "templates", *TEMPLATES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_template_check_reports_an_invalid_property_type(node_modules: Path, tmp_path: Path) -> None:
    templates = json.loads(TEMPLATES[0].read_text(encoding="utf-8"))
    templates[0]["properties"][-1]["type"] = "Bogus"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(templates), encoding="utf-8")
    result = _run("node", "check-models.mjs", "templates", broken)
    assert result.returncode == 1
    assert "Bogus" in result.stderr


def test_every_process_imports_without_moddle_warnings(node_modules: Path) -> None:
    result = _run("node", "check-models.mjs", "bpmn", *BPMN)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK processes=") == len(BPMN)


def test_moddle_check_reports_a_misspelt_zeebe_extension(node_modules: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.bpmn"
    broken.write_text(BPMN[0].read_text(encoding="utf-8").replace("zeebe:ioMapping", "zeebe:ioMaping"))
    result = _run("node", "check-models.mjs", "bpmn", broken)
    assert result.returncode == 1
    assert "ioMaping" in result.stderr
