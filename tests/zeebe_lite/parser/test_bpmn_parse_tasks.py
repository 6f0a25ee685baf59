from __future__ import annotations

from bpmn_snippets import linear, parse

from zeebe_lite.model.bpmn import (
    JOB_WORKER_USER_TASK_TYPE,
    AssignmentDefinition,
    BindingType,
    BpmnElementType,
    BusinessRuleTask,
    CalledDecision,
    ExecutionListener,
    ExecutionListenerEventType,
    Expression,
    FormDefinition,
    JobDefinition,
    ManualTask,
    Property,
    ReceiveTask,
    ScriptDefinition,
    ScriptTask,
    SendTask,
    ServiceTask,
    TaskHeader,
    TaskListener,
    TaskSchedule,
    UndefinedTask,
    UserTask,
    VariableMapping,
)


def single(element_id: str, xml: str) -> object:
    return parse(linear((element_id, xml))).processes[0].element(element_id)


def test_service_task_job_headers_mappings_properties_listeners() -> None:
    task = single(
        "t",
        """<bpmn:serviceTask id="t" name="Charge">
          <bpmn:extensionElements>
            <zeebe:taskDefinition type="=&quot;stripe.&quot; + action" retries="=retries" />
            <zeebe:jobPriorityDefinition priority="80" />
            <zeebe:taskHeaders><zeebe:header key="a" value="1" /><zeebe:header key="b" value="" /></zeebe:taskHeaders>
            <zeebe:ioMapping>
              <zeebe:input source="=order.total" target="amount" />
              <zeebe:output source="=result.id" target="payment.id" />
            </zeebe:ioMapping>
            <zeebe:properties><zeebe:property name="team" value="payments" /></zeebe:properties>
            <zeebe:executionListeners>
              <zeebe:executionListener eventType="start" type="audit" retries="1" />
              <zeebe:executionListener eventType="end" type="=endType" />
            </zeebe:executionListeners>
          </bpmn:extensionElements>
        </bpmn:serviceTask>""",
    )
    assert isinstance(task, ServiceTask)
    assert task.element_type is BpmnElementType.SERVICE_TASK
    assert task.name == "Charge"
    assert task.job == JobDefinition(
        job_type=Expression('="stripe." + action'),
        retries=Expression("=retries"),
        headers=(TaskHeader("a", "1"), TaskHeader("b", "")),
        priority=Expression("80"),
    )
    assert task.job.custom_headers == {"a": "1", "b": ""}
    assert task.io_mapping.inputs == (VariableMapping(Expression("=order.total"), "amount"),)
    assert task.io_mapping.outputs == (VariableMapping(Expression("=result.id"), "payment.id"),)
    assert task.properties == (Property("team", "payments"),)
    assert task.execution_listeners == (
        ExecutionListener(ExecutionListenerEventType.START, Expression("audit"), Expression("1")),
        ExecutionListener(ExecutionListenerEventType.END, Expression("=endType")),
    )


def test_send_task_is_a_job() -> None:
    task = single(
        "t",
        '<bpmn:sendTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="mail" />'
        "</bpmn:extensionElements></bpmn:sendTask>",
    )
    assert isinstance(task, SendTask)
    assert task.job.job_type.static_value == "mail"


def test_business_rule_task_with_called_decision() -> None:
    task = single(
        "t",
        '<bpmn:businessRuleTask id="t"><bpmn:extensionElements><zeebe:calledDecision decisionId="=decision"'
        ' resultVariable="score" bindingType="versionTag" versionTag="v2" /></bpmn:extensionElements>'
        "</bpmn:businessRuleTask>",
    )
    assert isinstance(task, BusinessRuleTask)
    assert task.implementation == CalledDecision(
        Expression("=decision"), "score", BindingType.VERSION_TAG, "v2"
    )


def test_business_rule_task_job_based() -> None:
    task = single(
        "t",
        '<bpmn:businessRuleTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="rules" />'
        "</bpmn:extensionElements></bpmn:businessRuleTask>",
    )
    assert isinstance(task, BusinessRuleTask)
    assert task.implementation == JobDefinition(job_type=Expression("rules"))


def test_script_task_with_feel_script_and_job_based() -> None:
    feel = single(
        "t",
        '<bpmn:scriptTask id="t"><bpmn:extensionElements><zeebe:script expression="=a + b" resultVariable="sum" />'
        "</bpmn:extensionElements></bpmn:scriptTask>",
    )
    assert isinstance(feel, ScriptTask)
    assert feel.implementation == ScriptDefinition(Expression("=a + b"), "sum")
    job = single(
        "t",
        '<bpmn:scriptTask id="t" scriptFormat="groovy"><bpmn:extensionElements><zeebe:taskDefinition type="groovy" />'
        "</bpmn:extensionElements></bpmn:scriptTask>",
    )
    assert isinstance(job, ScriptTask) and isinstance(job.implementation, JobDefinition)


def test_camunda_user_task() -> None:
    task = single(
        "t",
        """<bpmn:userTask id="t" name="Review">
          <bpmn:extensionElements>
            <zeebe:userTask />
            <zeebe:assignmentDefinition assignee="=owner" candidateGroups="sales, support" />
            <zeebe:taskSchedule dueDate="2030-01-01T12:00:00Z" followUpDate="=followUp" />
            <zeebe:formDefinition formId="review-form" bindingType="deployment" />
            <zeebe:priorityDefinition priority="75" />
            <zeebe:taskListeners><zeebe:taskListener eventType="completing" type="check" retries="2" /></zeebe:taskListeners>
            <zeebe:taskHeaders><zeebe:header key="k" value="v" /></zeebe:taskHeaders>
          </bpmn:extensionElements>
        </bpmn:userTask>""",
    )
    assert isinstance(task, UserTask)
    assert task.is_camunda_user_task and task.job is None
    assert task.assignment == AssignmentDefinition(Expression("=owner"), Expression("sales, support"), None)
    assert task.schedule == TaskSchedule(Expression("2030-01-01T12:00:00Z"), Expression("=followUp"))
    assert task.form == FormDefinition(form_id="review-form", binding_type=BindingType.DEPLOYMENT)
    assert task.priority == Expression("75")
    assert task.task_listeners == (TaskListener("completing", Expression("check"), Expression("2")),)
    assert task.headers == (TaskHeader("k", "v"),)


def test_job_worker_user_task_without_zeebe_user_task() -> None:
    task = single(
        "t",
        '<bpmn:userTask id="t"><bpmn:extensionElements><zeebe:formDefinition formKey="camunda-forms:bpmn:f1" />'
        '<zeebe:assignmentDefinition assignee="demo" /><zeebe:taskHeaders><zeebe:header key="k" value="v" />'
        "</zeebe:taskHeaders></bpmn:extensionElements></bpmn:userTask>",
    )
    assert isinstance(task, UserTask)
    assert not task.is_camunda_user_task
    assert task.job == JobDefinition(
        job_type=Expression(JOB_WORKER_USER_TASK_TYPE), headers=(TaskHeader("k", "v"),)
    )
    assert task.form is not None and task.form.form_key == "camunda-forms:bpmn:f1"
    assert task.assignment.assignee == Expression("demo")


def test_receive_task_has_message_and_correlation_key() -> None:
    task = single("t", '<bpmn:receiveTask id="t" messageRef="msg" />')
    assert isinstance(task, ReceiveTask)
    assert task.message.message_name == Expression("order.paid")
    assert task.message.correlation_key == Expression("=orderId")


def test_manual_and_undefined_tasks() -> None:
    manual = single("t", '<bpmn:manualTask id="t" />')
    plain = single("t", '<bpmn:task id="t" name="Think" />')
    assert isinstance(manual, ManualTask) and manual.element_type is BpmnElementType.MANUAL_TASK
    assert isinstance(plain, UndefinedTask) and plain.element_type is BpmnElementType.TASK
