import rule from '../../rules/pdb-selector-no-match.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

const zk = y`
  apiVersion: apps/v1
  kind: StatefulSet
  metadata: {name: zk, namespace: data}
  spec:
    serviceName: zk
    selector: {matchLabels: {app: zookeeper}}
    template:
      metadata: {labels: {app: zookeeper, tier: data}}
      spec: {containers: [{name: zk, image: zookeeper}]}
`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'matchLabels and matchExpressions selecting a StatefulSet',
      code: y`
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: zk, namespace: data}
        spec:
          maxUnavailable: 1
          selector:
            matchLabels: {app: zookeeper}
            matchExpressions: [{key: tier, operator: In, values: [data]}]
      `,
      files: [{ path: 'zk.yaml', text: zk }],
    },
    {
      name: 'policy/v1 empty selector selects every pod of the namespace',
      code: y`
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: all}
        spec: {minAvailable: 1, selector: {}}
      `,
    },
    {
      name: 'pods of an operator-managed custom resource',
      code: y`
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: am, namespace: monitoring}
        spec:
          minAvailable: 1
          selector: {matchLabels: {app.kubernetes.io/name: alertmanager, alertmanager: main}}
        ---
        apiVersion: monitoring.coreos.com/v1
        kind: Alertmanager
        metadata: {name: main, namespace: monitoring}
        spec:
          podMetadata:
            labels: {app.kubernetes.io/name: alertmanager, alertmanager: main}
      `,
    },
  ],
  invalid: [
    {
      name: 'label value typo: points at it, names the closest template',
      code: y`
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: zk, namespace: data}
        spec:
          maxUnavailable: 1
          selector:
            matchLabels:
              app: zookeper
      `,
      files: [{ path: 'zk.yaml', text: zk }],
      errors: [
        {
          line: 8,
          column: 12,
          endColumn: 20,
          severity: 1,
          message:
            "PodDisruptionBudget `zk` selects pods with `app=zookeper`, but no pod template in namespace `data` among the linted manifests matches, so the budget protects nothing. The closest is StatefulSet/zk, which has `app: zookeeper`. Make the selector match the pods' labels.",
        },
      ],
    },
    {
      name: 'pods in another namespace are not selected (missing: warn lists selectors of pods made elsewhere)',
      options: { missing: 'warn' },
      code: y`
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: zk, namespace: default}
        spec:
          maxUnavailable: 1
          selector: {matchLabels: {app: zookeeper}}
      `,
      files: [{ path: 'zk.yaml', text: zk }],
      errors: [{ line: 6, column: 3, endColumn: 11, message: /^PodDisruptionBudget `zk` selects pods with `app=zookeeper`, but no pod template in namespace `default`/ }],
    },
    {
      name: 'matchExpressions matching nothing (missing: warn lists selectors of pods made elsewhere)',
      options: { missing: 'warn' },
      code: y`
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: zk, namespace: data}
        spec:
          maxUnavailable: 1
          selector:
            matchExpressions: [{key: app, operator: In, values: [kafka]}]
      `,
      files: [{ path: 'zk.yaml', text: zk }],
      errors: [{ line: 6, column: 3, message: /selects pods with `app in \(kafka\)`, but no pod template/ }],
    },
    {
      name: 'policy/v1beta1 empty selector and policy/v1 missing selector select nothing',
      code: y`
        apiVersion: policy/v1beta1
        kind: PodDisruptionBudget
        metadata: {name: old}
        spec:
          minAvailable: 1
          selector: {}
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: none}
        spec:
          minAvailable: 1
      `,
      errors: [
        { line: 6, column: 3, message: /^PodDisruptionBudget `old` has an empty selector, which in policy\/v1beta1 selects no pods/ },
        { line: 11, column: 1, message: /^PodDisruptionBudget `none` has no selector, which selects no pods/ },
      ],
    },
  ],
});
