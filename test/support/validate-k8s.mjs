// Validates Kubernetes objects with kubernetes-models (an ES module, so it runs in its own node
// process rather than inside jest). Reads a JSON array of objects on stdin and prints a JSON array
// with, per object, null when valid or the validation error's message.
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { ConfigMap, Namespace, Secret, Service } from "kubernetes-models/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";

const MODELS = {
  "apps/v1/Deployment": Deployment, "apps/v1/StatefulSet": StatefulSet, "v1/Service": Service, "v1/ConfigMap": ConfigMap,
  "v1/Namespace": Namespace, "v1/Secret": Secret, "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
};

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = JSON.parse(input).map((o) => {
  const Model = MODELS[`${o.apiVersion}/${o.kind}`];
  if (!Model) return `no model for ${o.apiVersion} ${o.kind}`;
  try {
    new Model(o).validate();
    return null;
  } catch (err) {
    return String(err.message ?? err).slice(0, 2000);
  }
});
process.stdout.write(JSON.stringify(results));
