"""DMN 1.1-1.5 XML -> :class:`~zeebe_lite.dmn.model.DmnDefinitions`, compiling every FEEL text once.

The standard library's ``xml.etree`` reads the XML: it resolves no external entities and, with the expat the
supported Pythons ship (>= 2.4.1), it refuses entity-expansion bombs, so ``defusedxml`` is not needed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from types import MappingProxyType
from typing import TypeVar

from zeebe_lite.dmn.drg import drg_problems, find_cycle
from zeebe_lite.dmn.errors import DmnParseError, DmnProblem
from zeebe_lite.dmn.feel_bridge import (
    FeelCompiler,
    default_feel_compiler,
)
from zeebe_lite.dmn.model import (
    Aggregation,
    BoxedContext,
    BoxedList,
    BoxedRelation,
    BusinessKnowledgeModel,
    ContextEntry,
    Decision,
    DecisionLogic,
    DecisionTable,
    DecisionType,
    DmnDefinitions,
    ExpressionCell,
    FunctionDefinition,
    HitPolicy,
    InputClause,
    InputData,
    Invocation,
    LiteralExpression,
    OutputClause,
    Rule,
    UnaryTestsCell,
    UnsupportedLogic,
)
from zeebe_lite.dmn.names import NameQuoter
from zeebe_lite.dmn.namespaces import dmn_version_of
from zeebe_lite.dmn.reader import XmlCellReader, quoter_for, split_output_values

__all__ = ["parse_dmn"]

_EXPRESSION_ELEMENTS = frozenset(
    {"decisionTable", "literalExpression", "context", "list", "relation", "invocation", "functionDefinition"}
)
_UNSUPPORTED_LOGIC: Mapping[str, DecisionType] = MappingProxyType(
    {
        "conditional": DecisionType.UNKNOWN,
        "filter": DecisionType.UNKNOWN,
        "for": DecisionType.UNKNOWN,
        "some": DecisionType.UNKNOWN,
        "every": DecisionType.UNKNOWN,
    }
)

_T = TypeVar("_T")


def parse_dmn(
    xml: bytes | str,
    *,
    resource_name: str = "model.dmn",
    lenient: bool = False,
    escape_names: bool = False,
    feel: FeelCompiler | None = None,
) -> DmnDefinitions:
    """Parse a DMN resource (any of the DMN 1.1-1.5 model namespaces) and compile all of its FEEL.

    By default every defect raises :class:`DmnParseError`, naming each defect's element id: malformed XML, a
    decision without (supported) decision logic, an unknown hit policy or aggregation, FEEL that does not parse
    (with the FEEL syntax error's position), a required decision that does not exist, a dependency cycle.

    With ``lenient=True`` (dmn-scala's "lazy evaluation", used by the TCK runner) defects inside decisions are
    recorded in ``DmnDefinitions.problems`` instead, and only evaluating an affected decision fails. Malformed
    XML, a non-DMN document and dependency cycles raise in both modes.

    With ``escape_names=True`` names of variables and item definitions that contain spaces or dashes are
    backtick-quoted in the FEEL texts before compiling (dmn-scala's ``escapeNamesWithSpaces`` and
    ``escapeNamesWithDashes``, which the TCK runner enables and Zeebe does not).
    """
    root, version = _definitions_root(xml, resource_name)
    quoter = quoter_for(root) if escape_names else NameQuoter.for_names(())
    reader = _ModelReader(root, feel or default_feel_compiler(), quoter)
    decisions, knowledge, input_data = _read_drg(reader, root)
    _reject_cycles(decisions, knowledge, resource_name)
    problems = [*reader.problems, *drg_problems(decisions), *_knowledge_problems(decisions, knowledge)]
    if problems and not lenient:
        raise DmnParseError("invalid DMN model", tuple(problems), resource_name)
    return DmnDefinitions(
        id=root.get("id"),
        name=root.get("name"),
        namespace=root.get("namespace"),
        dmn_version=version,
        resource_name=resource_name,
        decisions=MappingProxyType(decisions),
        input_data=tuple(input_data),
        problems=tuple(problems),
        knowledge_models=MappingProxyType(knowledge),
    )


def _definitions_root(xml: bytes | str, resource_name: str) -> tuple[ET.Element, str]:
    """The ``definitions`` element and the DMN version of its namespace."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as error:
        raise DmnParseError(f"malformed XML: {error}", resource_name=resource_name) from None
    namespace, _, local_name = root.tag[1:].partition("}") if root.tag.startswith("{") else ("", "", root.tag)
    version = dmn_version_of(namespace)
    if local_name != "definitions" or version is None:
        raise DmnParseError(
            f"not a DMN model: root element '{local_name}' in namespace '{namespace}'",
            resource_name=resource_name,
        )
    return root, version


def _read_drg(
    reader: _ModelReader, root: ET.Element
) -> tuple[dict[str, Decision], dict[str, BusinessKnowledgeModel], list[InputData]]:
    """The decisions and business knowledge models by id, and the input data, in model order."""
    decisions: dict[str, Decision] = {}
    knowledge: dict[str, BusinessKnowledgeModel] = {}
    input_data: list[InputData] = []
    for child in root:
        kind = reader.local(child)
        if kind == "businessKnowledgeModel":
            bkm = reader.business_knowledge_model(child)
            knowledge.setdefault(bkm.id, bkm)
        elif kind == "decision":
            decision = reader.decision(child)
            if decision.id in decisions:
                reader.problem(decision.id, "duplicate decision id")
            decisions.setdefault(decision.id, decision)
        elif kind == "inputData":
            input_data.append(reader.input_data(child))
    return decisions, knowledge, input_data


def _reject_cycles(
    decisions: Mapping[str, Decision], knowledge: Mapping[str, BusinessKnowledgeModel], resource_name: str
) -> None:
    for what, dependencies in (
        ("decisions", {d.id: d.required_decision_ids for d in decisions.values()}),
        ("business knowledge models", {b.id: b.required_knowledge_ids for b in knowledge.values()}),
    ):
        cycle = find_cycle(dependencies)
        if cycle is not None:
            raise DmnParseError(
                "invalid DMN model",
                (DmnProblem(cycle[0], f"cyclic dependency between {what}: " + " -> ".join(cycle)),),
                resource_name,
            )


def _knowledge_problems(
    decisions: Mapping[str, Decision], knowledge: Mapping[str, BusinessKnowledgeModel]
) -> list[DmnProblem]:
    owners: list[tuple[str, tuple[str, ...]]] = [(d.id, d.required_knowledge_ids) for d in decisions.values()]
    owners.extend((b.id, b.required_knowledge_ids) for b in knowledge.values())
    return [
        DmnProblem(owner_id, f"requires business knowledge model '{required}', which does not exist")
        for owner_id, required_ids in owners
        for required in required_ids
        if required not in knowledge
    ]


class _ModelReader(XmlCellReader):
    """Reads the DRG elements of one DMN document into the model."""

    def input_data(self, element: ET.Element) -> InputData:
        element_id = element.get("id") or element.get("name") or ""
        variable = self.child(element, "variable")
        name = element.get("name")
        variable_name = (variable.get("name") if variable is not None else None) or name or element_id
        type_ref = variable.get("typeRef") if variable is not None else None
        return InputData(element_id, name, variable_name, type_ref)

    def decision(self, element: ET.Element) -> Decision:
        name = element.get("name")
        decision_id = element.get("id") or name or ""
        if not element.get("id"):
            self.problem(name, "decision without an id")
        variable = self.child(element, "variable")
        variable_name = (variable.get("name") if variable is not None else None) or decision_id or name or ""
        type_ref = variable.get("typeRef") if variable is not None else None
        required = tuple(
            _href_target(reference.get("href") or "", self.model_namespace)
            for requirement in self.children(element, "informationRequirement")
            for reference in self.children(requirement, "requiredDecision")
        )
        logic = self.decision_logic(element, decision_id)
        return Decision(
            decision_id, name, logic, variable_name, type_ref, required, self.required_knowledge(element)
        )

    def required_knowledge(self, element: ET.Element) -> tuple[str, ...]:
        return tuple(
            _href_target(reference.get("href") or "", self.model_namespace)
            for requirement in self.children(element, "knowledgeRequirement")
            for reference in self.children(requirement, "requiredKnowledge")
        )

    def business_knowledge_model(self, element: ET.Element) -> BusinessKnowledgeModel:
        name = element.get("name") or ""
        bkm_id = element.get("id") or name
        logic_element = self.child(element, "encapsulatedLogic")
        parameters: tuple[tuple[str, str | None], ...] = ()
        logic: DecisionLogic | None = None
        if logic_element is not None:
            parameters = self.parameters(logic_element)
            logic = self.expression_in(logic_element, bkm_id, required=False)
        return BusinessKnowledgeModel(bkm_id, name, parameters, logic, self.required_knowledge(element))

    def parameters(self, element: ET.Element) -> tuple[tuple[str, str | None], ...]:
        return tuple(
            (parameter.get("name") or "", parameter.get("typeRef"))
            for parameter in self.children(element, "formalParameter")
        )

    def decision_logic(self, element: ET.Element, decision_id: str) -> DecisionLogic:
        logic = self.expression_in(element, decision_id, required=True)
        assert logic is not None  # required=True never gives None
        return logic

    def expression_in(self, element: ET.Element, owner_id: str, *, required: bool) -> DecisionLogic | None:
        """The (boxed) expression held by ``element``; a problem when there is none and one is required."""
        for child in element:
            kind = self.local(child)
            if kind in _EXPRESSION_ELEMENTS or kind in _UNSUPPORTED_LOGIC:
                return self.boxed_expression(child, owner_id)
        if not required:
            return None
        message = self.problem(
            owner_id, "the decision has no decision logic (decision table or literal expression)"
        )
        return UnsupportedLogic(None, "", message)

    def boxed_expression(self, element: ET.Element, owner_id: str) -> DecisionLogic:
        kind = self.local(element)
        element_id = element.get("id")
        owner = element_id or owner_id
        if kind == "decisionTable":
            return self.decision_table(element, owner_id)
        if kind == "literalExpression":
            expression = self.expression_cell(element, owner, "literal expression")
            return LiteralExpression(element_id, expression, element.get("typeRef"))
        if kind == "context":
            return self.boxed_context(element, owner)
        if kind == "list":
            items = tuple(
                self.boxed_expression(child, owner)
                for child in element
                if self.local(child) in _EXPRESSION_ELEMENTS or self.local(child) in _UNSUPPORTED_LOGIC
            )
            return BoxedList(element_id, items)
        if kind == "relation":
            return self.boxed_relation(element, owner)
        if kind == "invocation":
            return self.invocation(element, owner)
        if kind == "functionDefinition" and (element.get("kind") or "FEEL").upper() == "FEEL":
            body = self.expression_in(element, owner, required=False)
            if body is None:
                message = self.problem(owner, "the function definition has no body")
                body = UnsupportedLogic(element_id, kind, message)
            return FunctionDefinition(element_id, self.parameters(element), body)
        described = f"{kind} of kind '{element.get('kind')}'" if kind == "functionDefinition" else kind
        message = self.problem(owner, f"'{described}' is not supported (in '{owner_id}')")
        return UnsupportedLogic(element_id, kind, message, _UNSUPPORTED_LOGIC.get(kind, DecisionType.UNKNOWN))

    def boxed_context(self, element: ET.Element, owner: str) -> DecisionLogic:
        entries: list[ContextEntry] = []
        result: DecisionLogic | None = None
        for entry in self.children(element, "contextEntry"):
            variable = self.child(entry, "variable")
            entry_owner = entry.get("id") or owner
            expression = self.expression_in(entry, entry_owner, required=False)
            if expression is None:
                message = self.problem(entry_owner, "the context entry has no expression")
                expression = UnsupportedLogic(entry.get("id"), "contextEntry", message)
            if variable is None:
                result = expression
            else:
                entries.append(ContextEntry(variable.get("name") or "", expression))
        return BoxedContext(element.get("id"), tuple(entries), result)

    def boxed_relation(self, element: ET.Element, owner: str) -> DecisionLogic:
        columns = tuple(column.get("name") or "" for column in self.children(element, "column"))
        rows: list[tuple[DecisionLogic, ...]] = []
        for row in self.children(element, "row"):
            row_owner = row.get("id") or owner
            cells = tuple(
                self.boxed_expression(child, row_owner)
                for child in row
                if self.local(child) in _EXPRESSION_ELEMENTS or self.local(child) in _UNSUPPORTED_LOGIC
            )
            if len(cells) != len(columns):
                self.problem(
                    row_owner, f"relation row has {len(cells)} cells, the relation has {len(columns)} columns"
                )
            rows.append(cells)
        return BoxedRelation(element.get("id"), columns, tuple(rows))

    def invocation(self, element: ET.Element, owner: str) -> DecisionLogic:
        called = self.child(element, "literalExpression")
        called_text = self.text_of(called) if called is not None else None
        bindings: list[tuple[str, DecisionLogic | None]] = []
        for binding in self.children(element, "binding"):
            parameter = self.child(binding, "parameter")
            name = (parameter.get("name") if parameter is not None else None) or ""
            expression = self.expression_in(binding, binding.get("id") or owner, required=False)
            bindings.append((name, expression))
        if not called_text or not called_text.strip():
            message = self.problem(owner, "the invocation names no business knowledge model")
            return UnsupportedLogic(element.get("id"), "invocation", message, DecisionType.INVOCATION)
        return Invocation(element.get("id"), called_text.strip(), tuple(bindings))

    def decision_table(self, element: ET.Element, decision_id: str) -> DecisionTable:
        table_id = element.get("id") or decision_id
        failures: list[str] = []
        hit_policy_text = (element.get("hitPolicy") or "UNIQUE").strip()
        try:
            hit_policy = HitPolicy(hit_policy_text.replace("_", " "))
        except ValueError:
            failures.append(self.problem(table_id, f"unknown hit policy '{hit_policy_text}'"))
            hit_policy = HitPolicy.UNIQUE
        aggregation: Aggregation | None = None
        aggregation_text = element.get("aggregation")
        if aggregation_text:
            try:
                aggregation = Aggregation(aggregation_text.strip())
            except ValueError:
                failures.append(self.problem(table_id, f"unknown aggregation '{aggregation_text}'"))
        inputs = tuple(self.input_clause(child, table_id) for child in self.children(element, "input"))
        outputs = tuple(self.output_clause(child, table_id) for child in self.children(element, "output"))
        if not outputs:
            failures.append(self.problem(table_id, "the decision table has no output"))
        if len(outputs) > 1:
            if hit_policy is HitPolicy.COLLECT and aggregation is not None:
                failures.append(
                    self.problem(
                        table_id, "hit policy 'COLLECT' with an aggregation needs exactly one output"
                    )
                )
            for output in outputs:
                if not output.name:
                    failures.append(
                        self.problem(
                            output.id or table_id,
                            f"output '{output.label or ''}' of a table with several outputs has no name",
                        )
                    )
        rules = tuple(
            self.rule(child, index, table_id, len(inputs), len(outputs))
            for index, child in enumerate(self.children(element, "rule"), start=1)
        )
        return DecisionTable(
            element.get("id"), hit_policy, aggregation, inputs, outputs, rules, "; ".join(failures) or None
        )

    def input_clause(self, element: ET.Element, table_id: str) -> InputClause:
        input_id = element.get("id")
        expression_element = self.child(element, "inputExpression")
        expression = self.expression_cell(expression_element, input_id or table_id, "input expression")
        type_ref = expression_element.get("typeRef") if expression_element is not None else None
        values_element = self.child(element, "inputValues")
        input_values = (
            None if values_element is None else self.unary_tests_cell(values_element, input_id, report=False)
        )
        return InputClause(input_id, element.get("label"), expression, type_ref, input_values)

    def output_clause(self, element: ET.Element, table_id: str) -> OutputClause:
        output_id = element.get("id")
        values_element = self.child(element, "outputValues")
        values_text = None if values_element is None else self.text_of(values_element)
        default_element = self.child(element, "defaultOutputEntry")
        default = (
            None
            if default_element is None
            else self.expression_cell(default_element, output_id or table_id, "default output entry")
        )
        return OutputClause(
            id=output_id,
            name=element.get("name"),
            label=element.get("label"),
            type_ref=element.get("typeRef"),
            output_values=split_output_values(values_text) if values_text else (),
            output_values_text=values_text,
            default=default,
        )

    def rule(
        self, element: ET.Element, index: int, table_id: str, input_count: int, output_count: int
    ) -> Rule:
        rule_id = element.get("id")
        owner = rule_id or f"{table_id} rule {index}"
        input_entries = tuple(
            self.unary_tests_cell(child, owner) for child in self.children(element, "inputEntry")
        )
        output_entries = tuple(
            self.expression_cell(child, owner, "output entry")
            for child in self.children(element, "outputEntry")
        )
        if len(input_entries) != input_count:
            message = self.problem(
                owner, f"rule has {len(input_entries)} input entries, the table has {input_count} inputs"
            )
            input_entries = _padded(input_entries, input_count, UnaryTestsCell(rule_id, "", None, message))
        if len(output_entries) != output_count:
            message = self.problem(
                owner, f"rule has {len(output_entries)} output entries, the table has {output_count} outputs"
            )
            output_entries = _padded(output_entries, output_count, ExpressionCell(rule_id, "", None, message))
        return Rule(rule_id, index, input_entries, output_entries)


def _padded(cells: tuple[_T, ...], count: int, filler: _T) -> tuple[_T, ...]:
    """Cells cut or filled (with a failing cell) to the table's column count."""
    return (*cells[:count], *([filler] * max(0, count - len(cells))))


def _href_target(href: str, own_namespace: str) -> str:
    """``#id`` and ``<own namespace>#id`` -> ``id``; a reference into another model stays as it is (and will not
    resolve: imports are not supported)."""
    namespace, separator, target = href.rpartition("#")
    if separator and namespace in ("", own_namespace):
        return target
    return href
