// Validates custom resources against the schemas shipped by the @kubernetes-models packages (offline).
// Input: a JSON array of manifests on stdin. Output: one JSON line per manifest, {apiVersion, kind, name, ok, error}.
// Exit 0 when every manifest is valid, 1 when one is not, 2 when a kind has no known schema.
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import { ExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1";

const models = new Map([
  ["keda.sh/v1alpha1/ScaledObject", ScaledObject],
  ["monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor],
  ["external-secrets.io/v1/ExternalSecret", ExternalSecret],
]);

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const manifests = JSON.parse(Buffer.concat(chunks).toString("utf8"));

let status = 0;
for (const manifest of manifests) {
  const key = `${manifest.apiVersion}/${manifest.kind}`;
  const Model = models.get(key);
  const result = { apiVersion: manifest.apiVersion, kind: manifest.kind, name: manifest.metadata?.name, ok: false };
  if (!Model) {
    result.error = `no schema for ${key}`;
    status = Math.max(status, 2);
  } else {
    try {
      new Model(manifest).validate();
      result.ok = true;
    } catch (error) {
      result.error = String(error.message ?? error);
      status = Math.max(status, 1);
    }
  }
  console.log(JSON.stringify(result));
}
process.exit(status);
