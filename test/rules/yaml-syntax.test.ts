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
    {
      name: 'libyaml accepts a multi-line quoted script whose closing quote sits under its key (Argo Workflows examples), {{ }} parameters inside',
      code: y`
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata:
          generateName: sidecar-nginx-
        spec:
          entrypoint: main
          templates:
          - name: main
            inputs:
              parameters:
              - name: url
            container:
              image: appropriate/curl
              command: [sh, -c]
              args: ["
                until curl -s {{inputs.parameters.url}}; do
                  sleep 1;
                done
              "]
            sidecars:
            - name: nginx
              image: nginx:1.25
              command: [sh, -c]
              args: ['
                sleep 10 &&
                nginx -g "daemon off;"
              ']
      `,
    },
    {
      name: 'a flow list whose lines and closing bracket sit under its key',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers:
          - name: web
            image: nginx:1.25
            args: [
            "-g", "daemon off;"
            ]
      `,
    },
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
      name: 'a document after a `...` end marker without `---` (kubectl: "did not find expected <document start>")',
      code: y`
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: demo}
        spec:
        ...
        failurePolicy: Ignore
        validations:
        - expression: "object.spec.replicas <= 5"
      `,
      errors: [{ line: 6, column: 1, message: 'did not find expected <document start>: a document after `...` must begin with `---`' }],
    },
    {
      name: 'a quoted string that is never closed is still an error, with {{ }} parameters in the file (not a template)',
      code: y`
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata: {generateName: hello-}
        spec:
          entrypoint: main
          templates:
          - name: main
            container:
              image: alpine:3.19
              args: ["echo {{workflow.name}}]
      `,
      errors: 2,
    },
    {
      name: 'an unclosed flow mapping',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p\n',
      errors: [{ line: 3, column: 11, severity: 2 }],
    },
  ],
});
