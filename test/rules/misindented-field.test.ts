import rule from '../../rules/misindented-field.js';
import { RuleTester, y } from '../helpers/rule-tester.js';
import { misindentCases, seed } from '../schema/misindent-fixtures.js';

new RuleTester().run(rule, {
  valid: [
    {
      name: 'the seed, fixed',
      code: seed.replace('\n    emptyDir: {}', '\n      emptyDir: {}'),
    },
    {
      name: 'an unknown key with no home nearby is unknown-field, not misindented-field',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            image: nginx
            imagePullPolicyy: Always
      `,
    },
    {
      name: 'a key valid in the parent but followed by keys of its own mapping cannot be moved by re-indenting',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            securityContext:
              image: nginx
              runAsUser: 1000
      `,
    },
    {
      name: 'flow mappings are not re-indented',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers: [{name: app, image: nginx}]
          volumes: [{name: data}]
          emptyDir: {}
      `,
    },
    {
      name: 'a kind without schema is skipped',
      code: y`
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: w}
        spec:
          volumes:
          - name: x
          emptyDir: {}
      `,
    },
  ],
  invalid: misindentCases,
});
