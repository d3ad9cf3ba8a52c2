/** Cold start: the RE2 engine is loaded only when a CRD pattern is met. */
import { expect, it } from 'vitest';
import { lintTexts } from '../../src/engine/lint.js';
import { re2Loaded } from '../../src/schema/re2.js';

const crd = (extra: string) =>
  `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ws.example.com}\nspec:\n  group: example.com\n  scope: Namespaced\n` +
  `  names: {kind: W, plural: ws, singular: w, listKind: WList}\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n` +
  `        type: object\n        properties:\n          spec:\n            type: object\n            properties:\n              name: {type: string${extra}}\n---\n` +
  `apiVersion: example.com/v1\nkind: W\nmetadata: {name: w}\nspec:\n  name: abc\n`;

it('is not loaded for manifests without CRD patterns, and is for the first pattern', () => {
  lintTexts([{ path: 'a.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: i}]\n' }]);
  lintTexts([{ path: 'b.yaml', text: crd('') }]);
  expect(re2Loaded()).toBe(false);
  lintTexts([{ path: 'c.yaml', text: crd(', pattern: "^[a-z]+$"') }]);
  expect(re2Loaded()).toBe(true);
});
