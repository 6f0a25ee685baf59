"""The TCK runner and its command line on a small TCK folder written for the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dmn_test_models import Output, Table, decision, definitions, input_data, literal

from zeebe_lite.dmn.tck.__main__ import main
from zeebe_lite.dmn.tck.runner import discover_folders, run_paths

TEST_XML = """<?xml version="1.0" encoding="UTF-8"?>
<testCases xmlns="http://www.omg.org/spec/DMN/20160719/testcase"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <modelName>0001-sample.dmn</modelName>
  <testCase id="001">
    <inputNode name="Applicant Age"><value xsi:type="xsd:decimal">20</value></inputNode>
    <resultNode name="Category"><expected><value xsi:type="xsd:string">adult</value></expected></resultNode>
    <resultNode name="Doubled"><expected><value xsi:type="xsd:decimal">40.000000001</value></expected></resultNode>
  </testCase>
  <testCase id="002">
    <inputNode name="Applicant Age"><value xsi:type="xsd:decimal">5</value></inputNode>
    <resultNode name="Category"><expected><value xsi:type="xsd:string">adult</value></expected></resultNode>
  </testCase>
  <testCase id="003">
    <resultNode name="Broken" errorResult="true"><expected><value xsi:nil="true"/></expected></resultNode>
  </testCase>
  <testCase id="004">
    <resultNode name="Missing"><expected><value xsi:nil="true"/></expected></resultNode>
  </testCase>
</testCases>
"""


@pytest.fixture
def tck_root(tmp_path: Path) -> Path:
    folder = tmp_path / "compliance-level-2" / "0001-sample"
    folder.mkdir(parents=True)
    table = Table(
        ["Applicant Age"], [Output("category")], [(["< 18"], ['"child"']), ([">= 18"], ['"adult"'])]
    )
    model = definitions(
        input_data("age", "Applicant Age", "number"),
        decision("category", table.xml(), name="Category"),
        decision("doubled", literal("Applicant Age * 2"), name="Doubled"),
        decision("broken", literal("1 +", "brokenLiteral"), name="Broken"),
    )
    (folder / "0001-sample.dmn").write_text(model, encoding="utf-8")
    (folder / "0001-sample-test-01.xml").write_text(TEST_XML, encoding="utf-8")
    return tmp_path


def test_runner_judges_each_case(tck_root: Path) -> None:
    assert discover_folders([tck_root]) == [tck_root / "compliance-level-2" / "0001-sample"]
    outcomes = {outcome.test_id: outcome for outcome in run_paths([tck_root])}
    assert outcomes["001"].passed and outcomes["001"].message is None
    assert not outcomes["002"].passed and "expected 'adult' but got 'child'" in (
        outcomes["002"].message or ""
    )
    assert outcomes["003"].passed
    assert not outcomes["004"].passed and "no decision found with name 'Missing'" in (
        outcomes["004"].message or ""
    )
    assert outcomes["001"].key == "0001-sample/0001-sample-test-01/001"


def test_cli_json_prints_exactly_one_object(tck_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exit_code = main([str(tck_root), "--json"])
    payload = json.loads(capsys.readouterr().out)
    assert exit_code == 1
    assert (payload["passed"], payload["failed"]) == (2, 2)
    assert payload["cases"][0] == {
        "folder": "0001-sample",
        "test_file": "0001-sample-test-01",
        "test_id": "001",
        "passed": True,
        "message": None,
    }


def test_cli_text_summarises_per_folder(tck_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main([str(tck_root / "compliance-level-2" / "0001-sample"), "--failures"])
    out = capsys.readouterr().out
    assert "compliance-level-2/0001-sample: 2/4 passed" in out
    assert "FAIL 0001-sample-test-01 #002" in out
    assert out.rstrip().endswith("TOTAL: 2/4 passed, 2 failed")
