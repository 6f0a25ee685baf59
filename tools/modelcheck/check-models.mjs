// Offline checks of the fleet's models, one report line per file; exit code 1 on any problem.
//   node check-models.mjs bpmn <files...>       BPMN parsed by bpmn-moddle with the Zeebe extension (warnings fail)
//   node check-models.mjs dmn <files...>        DMN parsed by dmn-moddle (errors and warnings fail)
//   node check-models.mjs templates <files...>  element templates against Camunda's Zeebe template schema
// BPMN is linted by the bpmnlint CLI with .bpmnlintrc (camunda-cloud-8-8 rules).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { DmnModdle } from "dmn-moddle";
import { BpmnModdle } from "bpmn-moddle";

const require = createRequire(import.meta.url);
const { validateZeebe } = require("@bpmn-io/element-templates-validator");
const Ajv = require("ajv");
const schema = require("@camunda/zeebe-element-templates-json-schema/resources/schema.json");
const zeebe = require("zeebe-bpmn-moddle/resources/zeebe.json");

async function checkBpmn(file) {
  const xml = await readFile(file, "utf8");
  try {
    const { rootElement, warnings } = await new BpmnModdle({ zeebe }).fromXML(xml, "bpmn:Definitions");
    if (warnings.length > 0) {
      return [`${file}: ${warnings.length} warning(s)`, ...warnings.map((w) => `  ${w.message}`)];
    }
    const processes = rootElement.rootElements.filter((e) => e.$type === "bpmn:Process").map((e) => e.id);
    console.log(`${file}: OK processes=${processes.join(",")}`);
    return [];
  } catch (error) {
    return [`${file}: PARSE ERROR ${error.message}`];
  }
}

async function checkDmn(file) {
  const xml = await readFile(file, "utf8");
  try {
    const { rootElement, warnings } = await new DmnModdle().fromXML(xml, "dmn:Definitions");
    const decisions = (rootElement.drgElement || []).filter((e) => e.$type === "dmn:Decision").map((e) => e.id);
    if (warnings.length > 0) {
      return [`${file}: ${warnings.length} warning(s)`, ...warnings.map((w) => `  ${w.message}`)];
    }
    if (!rootElement.dmnDI || rootElement.dmnDI.diagrams.length === 0) {
      return [`${file}: no DMNDI diagram`];
    }
    console.log(`${file}: OK decisions=${decisions.join(",")}`);
    return [];
  } catch (error) {
    return [`${file}: PARSE ERROR ${error.message}`];
  }
}

const ajv = new Ajv({ strict: false, allErrors: true });
const validateSchema = ajv.compile(schema);

async function checkTemplates(file) {
  let templates;
  try {
    templates = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    return [`${file}: not JSON (${error.message})`];
  }
  const problems = [];
  for (const template of Array.isArray(templates) ? templates : [templates]) {
    if (!validateSchema(template)) {
      problems.push(`${file} ${template.id}: schema: ${ajv.errorsText(validateSchema.errors)}`);
    }
    const result = validateZeebe(template);
    if (!result.valid) {
      problems.push(`${file} ${template.id}: ${result.errors.map((e) => e.message).join("; ")}`);
    }
  }
  if (problems.length === 0) {
    console.log(`${file}: OK templates=${(Array.isArray(templates) ? templates : [templates]).length}`);
  }
  return problems;
}

const [mode, ...files] = process.argv.slice(2);
const check = { bpmn: checkBpmn, dmn: checkDmn, templates: checkTemplates }[mode];
if (!check || files.length === 0) {
  console.error("usage: node check-models.mjs bpmn|dmn|templates FILE...");
  process.exit(2);
}
let failed = false;
for (const file of files) {
  const problems = await check(file);
  for (const line of problems) console.error(line);
  failed ||= problems.length > 0;
}
process.exit(failed ? 1 : 0);
