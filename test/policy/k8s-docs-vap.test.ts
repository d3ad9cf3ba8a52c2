/**
 * Kubernetes' own ValidatingAdmissionPolicy examples (kubernetes/website,
 * content/en/examples, in ../shared/corpus) behave as the documentation says,
 * read as published: the replica limit with params from a ReplicaLimit
 * resource, matchConditions, variables with namespaceObject and
 * messageExpression, and the type-checking example.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintTexts } from '../../src/engine/lint.js';
import { CORPUS } from '../helpers/manifests.js';

const EX = join(CORPUS, 'k8s-website-examples', 'content', 'en', 'examples');
const file = (p: string) => ({ path: p, text: readFileSync(join(EX, p), 'utf8') });
const deploy = (ns: string, replicas: number, image = 'nginx:1.27', labels = '{app: web}') => ({
  path: 'deploy.yaml',
  text: `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}, labels: {environment: ${ns}}}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: ${ns}, labels: ${labels}}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: "${image}"}]\n`,
});
const lint = (files: { path: string; text: string }[]) =>
  lintTexts(files, { only: ['validating-admission-policy'] })
    .results.flatMap((r) => r.findings)
    .map((f) => `${f.file.path}:${f.line} ${f.severity} ${f.message}`);

describe.skipIf(!existsSync(EX))("Kubernetes' documented ValidatingAdmissionPolicy examples", () => {
  it('basic example: more than 5 replicas in a namespace labelled environment: test is denied', () => {
    const files = [file('validatingadmissionpolicy/basic-example-policy.yaml'), file('validatingadmissionpolicy/basic-example-binding.yaml')];
    expect(lint([...files, deploy('test', 6)])).toEqual([
      "deploy.yaml:9 2 ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com' denied request: failed expression: object.spec.replicas <= 5",
    ]);
    expect(lint([...files, deploy('test', 5)])).toEqual([]);
    expect(lint([...files, deploy('prod', 50)])).toEqual([]);
  });

  it('params: the ReplicaLimit the binding names sets the limit (3)', () => {
    const files = ['policy-with-param.yaml', 'binding-with-param.yaml', 'replicalimit-param.yaml'].map((p) => file(`validatingadmissionpolicy/${p}`));
    expect(lint([...files, deploy('test', 4)])).toEqual([
      "deploy.yaml:9 2 ValidatingAdmissionPolicy 'replicalimit-policy.example.com' with binding 'replicalimit-binding-test.example.com' denied request: failed expression: object.spec.replicas <= params.maxReplicas",
    ]);
    expect(lint([...files, deploy('test', 3)])).toEqual([]);
  });

  it('matchConditions: RBAC objects are excluded, a demo object outside the demo namespace is denied', () => {
    const policy = file('access/validating-admission-policy-match-conditions.yaml');
    const binding = { path: 'b.yaml', text: 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata: {name: b}\nspec: {policyName: demo-policy.example.com, validationActions: [Deny]}\n' };
    const cms = {
      path: 'objs.yaml',
      text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: demo-settings, namespace: apps}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: demo-role, namespace: apps}\nrules: []\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: demo-ok, namespace: demo}\n',
    };
    expect(lint([policy, binding, cms])).toEqual([
      "objs.yaml:3 2 ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'b' denied request: failed expression: !object.metadata.name.contains('demo') || object.metadata.namespace == 'demo'",
    ]);
  });

  it('variables + namespaceObject + messageExpression: images must match the namespace environment', () => {
    const policy = file('access/image-matches-namespace-environment.policy.yaml');
    const binding = { path: 'b.yaml', text: 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata: {name: b}\nspec: {policyName: image-matches-namespace-environment.policy.example.com, validationActions: [Deny]}\n' };
    const labels = '{app: web, exempt: "false"}';
    expect(lint([policy, binding, deploy('staging', 1, 'prod.example.com/web:1', labels)])).toEqual([
      "deploy.yaml:14 2 ValidatingAdmissionPolicy 'image-matches-namespace-environment.policy.example.com' with binding 'b' denied request: only staging images are allowed in namespace staging",
    ]);
    expect(lint([policy, binding, deploy('staging', 1, 'staging.example.com/web:1', labels)])).toEqual([]);
    expect(lint([policy, binding, deploy('staging', 1, 'docker.io/library/nginx:1', labels)])).toEqual([]);
  });

  it('type checking example: object.replicas does not exist, so every Deployment is denied (failurePolicy Fail)', () => {
    const policy = file('validatingadmissionpolicy/typechecking.yaml');
    const binding = { path: 'b.yaml', text: 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata: {name: b}\nspec: {policyName: deploy-replica-policy.example.com, validationActions: [Deny]}\n' };
    expect(lint([policy, binding, deploy('test', 2)])).toEqual([
      "deploy.yaml:7 2 ValidatingAdmissionPolicy 'deploy-replica-policy.example.com' with binding 'b' denied request: expression 'object.replicas > 1' resulted in error: no such key: replicas",
    ]);
  });
});
