import rule from '../../rules/dangling-service-account.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

new RuleTester().run(rule, {
  valid: [
    {
      name: 'ServiceAccount in the set',
      code: y`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: builder, namespace: ci}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: build, namespace: ci}
        spec:
          template:
            spec:
              serviceAccountName: builder
              restartPolicy: Never
              containers: [{name: b, image: kaniko}]
      `,
    },
    {
      name: '`default` always exists, also through the deprecated serviceAccount field',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: anywhere}
        spec:
          serviceAccount: default
          containers: [{name: c, image: busybox}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: q}
        spec:
          serviceAccountName: default
          containers: [{name: c, image: busybox}]
      `,
    },
  ],
  invalid: [
    {
      name: 'Deployment, near name',
      code: y`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: web-sa}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              serviceAccountName: web-as
              containers: [{name: web, image: nginx}]
      `,
      errors: [
        {
          line: 13,
          column: 27,
          endColumn: 33,
          severity: 1,
          message:
            'ServiceAccount `web-as`, used by `serviceAccountName` of Deployment/web, is not among the linted manifests. Did you mean `web-sa`? Add it or correct the name (pods for a missing ServiceAccount are refused).',
          hasFix: false,
        },
      ],
    },
    {
      name: 'deprecated serviceAccount field; SA in another namespace does not resolve (missing: warn)',
      options: { missing: 'warn' },
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: apps}
        spec:
          serviceAccount: robot
          containers: [{name: c, image: busybox}]
      `,
      files: [{ path: 'sa.yaml', text: 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: robot, namespace: kube-system}\n' }],
      errors: [{ line: 5, column: 19, message: /^ServiceAccount `robot` in namespace `apps`, used by `serviceAccountName` of Pod\/p, is not among the linted manifests\./ }],
    },
    {
      name: 'missing: error',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          serviceAccountName: robot
          containers: [{name: c, image: busybox}]
      `,
      options: { missing: 'error' },
      errors: [{ line: 5, column: 23, severity: 2 }],
    },
  ],
});
