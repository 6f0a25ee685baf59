"""Deployed process definitions (with their parsed models) and decisions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from zeebe_lite.model.bpmn import BpmnDefinitions, InclusiveGateway, Process
from zeebe_lite.records import DecisionRecord, DecisionRequirementsRecord, ProcessRecord

__all__ = ["BpmnParser", "DeployedProcess", "DeploymentState"]

BpmnParser = Callable[[str, str], BpmnDefinitions]
"""Parses BPMN XML text (with its resource name, for messages) into definitions."""


@dataclass(frozen=True, slots=True)
class DeployedProcess:
    """A process definition: its record and its executable model."""

    record: ProcessRecord
    definitions: BpmnDefinitions
    process: Process
    inclusive_joins: tuple[str, ...] = ()
    """Ids of inclusive gateways with more than one incoming flow (they wait for every reachable token)."""

    @property
    def key(self) -> int:
        """The process definition key."""
        return self.record.process_definition_key


class DeploymentState:
    """Mutable store of deployed resources; written only by event appliers."""

    def __init__(self, parse_bpmn: BpmnParser) -> None:
        """Create an empty store that parses BPMN resources with ``parse_bpmn``."""
        self._parse_bpmn = parse_bpmn
        self._parsed: dict[str, BpmnDefinitions] = {}
        self._processes: dict[int, DeployedProcess] = {}
        self._by_version: dict[tuple[str, int], int] = {}
        self._latest: dict[str, int] = {}
        self._drgs: dict[int, DecisionRequirementsRecord] = {}
        self._latest_drg: dict[str, int] = {}
        self._decisions: dict[int, DecisionRecord] = {}
        self._latest_decision: dict[str, int] = {}
        self._deleted: set[int] = set()
        self._highest_version: dict[str, int] = {}
        self._highest_drg_version: dict[str, int] = {}
        self._highest_decision_version: dict[str, int] = {}

    # ------------------------------------------------------------------------------------------ reads

    def process(self, key: int) -> DeployedProcess | None:
        """The process definition with ``key``."""
        return self._processes.get(key)

    def process_by_version(self, bpmn_process_id: str, version: int) -> DeployedProcess | None:
        """The given version of a process."""
        key = self._by_version.get((bpmn_process_id, version))
        return None if key is None else self._processes[key]

    def latest_process(self, bpmn_process_id: str) -> DeployedProcess | None:
        """The newest version of a process."""
        key = self._latest.get(bpmn_process_id)
        return None if key is None else self._processes[key]

    def processes(self) -> list[DeployedProcess]:
        """All process definitions, in deployment order (deleted ones that still drain included)."""
        return list(self._processes.values())

    def is_deleted(self, key: int) -> bool:
        """True for a deleted process definition whose running instances still drain (not startable)."""
        return key in self._deleted

    def highest_version(self, bpmn_process_id: str) -> int:
        """The highest version ever deployed of a process (deleted versions count: versions are not reused)."""
        return self._highest_version.get(bpmn_process_id, 0)

    def highest_decision_requirements_version(self, drg_id: str) -> int:
        """The highest version ever deployed of a decision requirements graph (deleted ones count)."""
        return self._highest_drg_version.get(drg_id, 0)

    def highest_decision_version(self, decision_id: str) -> int:
        """The highest version ever deployed of a decision (deleted ones count)."""
        return self._highest_decision_version.get(decision_id, 0)

    def latest_decision_requirements(self, drg_id: str) -> DecisionRequirementsRecord | None:
        """The newest version of a decision requirements graph (DMN resource)."""
        key = self._latest_drg.get(drg_id)
        return None if key is None else self._drgs[key]

    def decision_requirements(self, key: int) -> DecisionRequirementsRecord | None:
        """The decision requirements graph with ``key``."""
        return self._drgs.get(key)

    def decision(self, key: int) -> DecisionRecord | None:
        """The decision with ``key``."""
        return self._decisions.get(key)

    def decisions_of_requirements(self, drg_key: int) -> list[DecisionRecord]:
        """The decisions deployed with a decision requirements graph."""
        return [record for record in self._decisions.values() if record.decision_requirements_key == drg_key]

    def latest_decision(self, decision_id: str) -> DecisionRecord | None:
        """The newest version of a decision."""
        key = self._latest_decision.get(decision_id)
        return None if key is None else self._decisions[key]

    def parsed(self, resource: str, resource_name: str) -> BpmnDefinitions:
        """The parsed definitions of a BPMN resource (cached per resource text)."""
        cached = self._parsed.get(resource)
        if cached is None:
            cached = self._parse_bpmn(resource, resource_name)
            self._parsed[resource] = cached
        return cached

    def snapshot(self) -> dict[str, object]:
        """Everything stored except parsed models, as plain comparable data (for replay checks)."""
        return {
            "processes": {key: deployed.record for key, deployed in self._processes.items()},
            "latest": dict(self._latest),
            "drgs": dict(self._drgs),
            "decisions": dict(self._decisions),
            "deleted": sorted(self._deleted),
        }

    # ------------------------------------------------------------------------------------------ writes

    def add_process(self, record: ProcessRecord) -> None:
        """Register a new process version."""
        definitions = self.parsed(record.resource, record.resource_name)
        process = definitions.process(record.bpmn_process_id)
        key = record.process_definition_key
        joins = tuple(
            gateway.id for gateway in process.elements_of(InclusiveGateway) if len(gateway.incoming) > 1
        )
        self._processes[key] = DeployedProcess(record, definitions, process, joins)
        self._by_version[(record.bpmn_process_id, record.version)] = key
        latest = self._latest.get(record.bpmn_process_id)
        if latest is None or self._processes[latest].record.version < record.version:
            self._latest[record.bpmn_process_id] = key
        highest = self._highest_version.get(record.bpmn_process_id, 0)
        self._highest_version[record.bpmn_process_id] = max(highest, record.version)

    def delete_process(self, key: int) -> None:
        """Make a process definition unstartable; "latest" falls back to the newest remaining version."""
        deployed = self._processes.get(key)
        if deployed is None:
            return
        process_id = deployed.record.bpmn_process_id
        self._deleted.add(key)
        self._by_version.pop((process_id, deployed.record.version), None)
        if self._latest.get(process_id) == key:
            remaining = [
                (version, other)
                for (other_id, version), other in self._by_version.items()
                if other_id == process_id
            ]
            if remaining:
                self._latest[process_id] = max(remaining)[1]
            else:
                del self._latest[process_id]

    def remove_process(self, key: int) -> None:
        """Forget a deleted process definition (its last instance ended)."""
        self._processes.pop(key, None)
        self._deleted.discard(key)

    def remove_decision_requirements(self, key: int) -> None:
        """Forget a DMN resource; its "latest" falls back to the newest remaining version."""
        record = self._drgs.pop(key, None)
        if record is None:
            return
        drg_id = record.decision_requirements_id
        if self._latest_drg.get(drg_id) == key:
            remaining = [
                (other.decision_requirements_version, other_key)
                for other_key, other in self._drgs.items()
                if other.decision_requirements_id == drg_id
            ]
            if remaining:
                self._latest_drg[drg_id] = max(remaining)[1]
            else:
                del self._latest_drg[drg_id]

    def remove_decision(self, key: int) -> None:
        """Forget a decision; its "latest" falls back to the newest remaining version."""
        record = self._decisions.pop(key, None)
        if record is None:
            return
        if self._latest_decision.get(record.decision_id) == key:
            remaining = [
                (other.version, other_key)
                for other_key, other in self._decisions.items()
                if other.decision_id == record.decision_id
            ]
            if remaining:
                self._latest_decision[record.decision_id] = max(remaining)[1]
            else:
                del self._latest_decision[record.decision_id]

    def add_decision_requirements(self, record: DecisionRequirementsRecord) -> None:
        """Register a new DMN resource version."""
        key = record.decision_requirements_key
        self._drgs[key] = record
        self._latest_drg[record.decision_requirements_id] = key
        drg_id = record.decision_requirements_id
        highest = self._highest_drg_version.get(drg_id, 0)
        self._highest_drg_version[drg_id] = max(highest, record.decision_requirements_version)

    def add_decision(self, record: DecisionRecord) -> None:
        """Register a new decision version."""
        self._decisions[record.decision_key] = record
        self._latest_decision[record.decision_id] = record.decision_key
        highest = self._highest_decision_version.get(record.decision_id, 0)
        self._highest_decision_version[record.decision_id] = max(highest, record.version)
