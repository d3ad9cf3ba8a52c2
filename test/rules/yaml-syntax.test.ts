import rule from '../../rules/yaml-syntax.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

new RuleTester().run(rule, {
  valid: [
    y`
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: alerts}
      data:
        rule: "{{ $labels.instance }} is down"
    `,
    { name: 'data: null is unset, not an error', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  creationTimestamp: null\ndata: null\n' },
  ],
  invalid: [
    {
      name: 'a bad indentation in the second document; the first is still read',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
         labels: {}
      `,
      errors: [{ line: 9, column: 2, message: /must start at the same column/ }],
    },
    {
      name: 'an unclosed flow mapping',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p\n',
      errors: [{ line: 3, column: 11, severity: 2 }],
    },
  ],
});
