import rule from '../../rules/duplicate-key.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

new RuleTester().run(rule, {
  valid: [
    y`
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: a}
      data: {x: "1", y: "2"}
    `,
    {
      name: 'merge keys may repeat',
      code: 'x-a: &a {image: nginx}\nx-b: &b {imagePullPolicy: Always}\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - <<: *a\n    <<: *b\n    name: c\n',
    },
    { name: 'a document with a syntax error is left to yaml-syntax', code: 'a: 1\na: 2\nb: [\n' },
  ],
  invalid: [
    {
      name: 'in a List item, reported at the second key with the first line',
      code: y`
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: Service
          metadata:
            name: web
          spec:
            ports: [{port: 80}]
            ports: [{port: 81}]
      `,
      errors: [{ line: 10, column: 5, endColumn: 10, message: /^Duplicate key `ports` \(first at line 9\)/ }],
    },
    {
      name: 'flow mappings and the second document of a file',
      code: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, name: c}\n',
      errors: [{ line: 7, column: 21, message: /`name` \(first at line 7\)/ }],
    },
  ],
});
