import rule from '../../rules/invalid-document.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

new RuleTester().run(rule, {
  valid: [
    { name: 'empty documents are fine', code: '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\n' },
    { name: 'a file without any Kubernetes object is not a manifest', code: 'name: ci\non: [push]\n---\n- a\n' },
    { name: 'kustomize patches are partial', code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        $patch: delete\n---\nfoo: bar\n' },
  ],
  invalid: [
    {
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a}
        ---
        kind: Secret
        metadata: {name: b}
        ---
        - one
        ---
        just text
      `,
      errors: [
        { line: 5, column: 1, message: /^Document 2 of this file has no `apiVersion`;/ },
        { line: 8, column: 1, message: /^Document 3 of this file is a list, not an object;/ },
        { line: 10, column: 1, message: /^Document 4 of this file is a plain value, not an object;/ },
      ],
    },
  ],
});
