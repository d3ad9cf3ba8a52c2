/** A run without policies loads no CEL engine and compiles nothing (cold start). */
import { describe, expect, it } from 'vitest';
import { lintTexts } from '../../src/engine/lint.js';
import { celLoaded } from '../../src/policy/cel.js';

describe('CEL is lazy', () => {
  it('is not loaded for manifests without policies, CRD rules or custom rules', () => {
    const text = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: unbound}
spec:
  validations: [{expression: "object.spec.replicas <= 5"}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 9
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx}]}
`;
    lintTexts([{ path: 'a.yaml', text }]);
    expect(celLoaded()).toBe(false);
  });
});
