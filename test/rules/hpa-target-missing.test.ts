import rule from '../../rules/hpa-target-missing.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

const hpa = (kind: string, name: string, ns = 'default', apiVersion = 'apps/v1') => y`
  apiVersion: autoscaling/v2
  kind: HorizontalPodAutoscaler
  metadata: {name: hpa, namespace: ${ns}}
  spec:
    scaleTargetRef:
      apiVersion: ${apiVersion}
      kind: ${kind}
      name: ${name}
    minReplicas: 2
    maxReplicas: 5
`;

const deploy = (name: string, ns = 'default') => y`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: ${name}, namespace: ${ns}}
  spec:
    selector: {matchLabels: {app: ${name}}}
    template:
      metadata: {labels: {app: ${name}}}
      spec: {containers: [{name: c, image: nginx}]}
`;

new RuleTester().run(rule, {
  valid: [
    { name: 'Deployment target in the set', code: hpa('Deployment', 'web'), files: [{ path: 'd.yaml', text: deploy('web') }] },
    {
      name: 'StatefulSet target (autoscaling/v1)',
      code: y`
        apiVersion: autoscaling/v1
        kind: HorizontalPodAutoscaler
        metadata: {name: db}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}
          maxReplicas: 3
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          serviceName: db
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec: {containers: [{name: db, image: postgres}]}
      `,
    },
    {
      name: 'a custom resource target present in the set',
      code: hpa('Rollout', 'web', 'default', 'argoproj.io/v1alpha1'),
      files: [{ path: 'r.yaml', text: 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web}\n' }],
    },
    { name: 'missing: off', code: hpa('Deployment', 'elsewhere'), options: { missing: 'off' } },
  ],
  invalid: [
    {
      name: 'absent Deployment: warning with a near name',
      code: hpa('Deployment', 'api-server'),
      files: [{ path: 'd.yaml', text: deploy('apiserver') }],
      errors: [
        {
          line: 8,
          column: 11,
          endColumn: 21,
          severity: 1,
          message:
            'Deployment `api-server`, the scale target of HorizontalPodAutoscaler `hpa`, is not among the linted manifests. Did you mean `apiserver`?',
        },
      ],
    },
    {
      name: 'the name exists with another workload kind: points at kind',
      code: hpa('Deployment', 'db'),
      files: [{ path: 's.yaml', text: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec: {serviceName: db, template: {spec: {containers: [{name: db, image: pg}]}}}\n' }],
      errors: [{ line: 7, column: 11, endColumn: 21, severity: 1, message: /is not among the linted manifests\. StatefulSet\/db exists: did you mean `kind: StatefulSet`\?$/ }],
    },
    {
      name: 'a DaemonSet cannot be scaled: error',
      code: hpa('DaemonSet', 'agent'),
      errors: [
        {
          line: 7,
          column: 11,
          severity: 2,
          message:
            'HorizontalPodAutoscaler `hpa` targets DaemonSet `agent`, but a DaemonSet has no /scale subresource, so the autoscaler can never act (FailedGetScale). Target a Deployment, StatefulSet, ReplicaSet or ReplicationController.',
        },
      ],
    },
    {
      name: 'a target in another namespace does not resolve; missing: error',
      code: hpa('Deployment', 'web', 'team-b'),
      files: [{ path: 'd.yaml', text: deploy('web', 'team-a') }],
      options: { missing: 'error' },
      errors: [{ line: 8, column: 11, severity: 2, message: /^Deployment `web` in namespace `team-b`, the scale target of HorizontalPodAutoscaler `hpa`, is not among the linted manifests\. Add it or correct `scaleTargetRef`/ }],
    },
  ],
});
