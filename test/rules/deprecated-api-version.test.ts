import rule from '../../rules/deprecated-api-version.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

const cronV1beta1 = y`
  apiVersion: batch/v1beta1
  kind: CronJob
  metadata: {name: c}
  spec:
    schedule: "@daily"
    jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}}}
`;

new RuleTester().run(rule, {
  valid: [
    y`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        selector: {matchLabels: {app: web}}
        template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx}]}}
    `,
    { name: 'batch/v1beta1 CronJob was fine before 1.21', code: cronV1beta1, lint: { kubernetesVersion: '1.20' } },
    {
      name: 'custom resources and unknown groups are not in the table',
      code: y`
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata: {name: m}
      `,
    },
  ],
  invalid: [
    {
      name: 'extensions/v1beta1 Deployment: removed, with the replacement and what changes',
      code: y`
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata: {name: web}
        spec:
          template: {spec: {containers: [{name: web, image: nginx}]}}
      `,
      errors: [
        {
          line: 1,
          column: 13,
          endColumn: 31,
          severity: 2,
          message:
            '`extensions/v1beta1` Deployment is no longer served since Kubernetes 1.16 (deprecated since 1.8); the target version is 1.36. Use `apps/v1` (`spec.selector` is required in apps/v1).',
          hasFix: false,
        },
      ],
    },
    {
      name: 'an apiVersion change with no schema changes is offered as a fix',
      code: y`
        apiVersion: rbac.authorization.k8s.io/v1beta1
        kind: Role
        metadata: {name: r}
        rules: []
      `,
      errors: [{ line: 1, column: 13, severity: 2, message: /^`rbac.authorization.k8s.io\/v1beta1` Role is no longer served since Kubernetes 1.22 .* Use `rbac.authorization.k8s.io\/v1`\.$/, hasFix: true }],
      output: y`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: r}
        rules: []
      `,
    },
    {
      name: 'deprecated but still served at the target version: a warning',
      code: cronV1beta1,
      lint: { kubernetesVersion: 'v1.23.4' },
      errors: [
        {
          line: 1,
          column: 13,
          severity: 1,
          message: '`batch/v1beta1` CronJob is deprecated since Kubernetes 1.21 and will no longer be served from 1.25. Use `batch/v1`.',
          hasFix: true,
        },
      ],
    },
    {
      name: 'the same object is an error once the target no longer serves it',
      code: cronV1beta1,
      lint: { kubernetesVersion: '1.25' },
      errors: [{ severity: 2, message: /no longer served since Kubernetes 1.25 \(deprecated since 1.21\); the target version is 1.25/ }],
    },
    {
      name: 'deprecated in the shipped version: v1 Endpoints',
      code: y`
        apiVersion: v1
        kind: Endpoints
        metadata: {name: ext}
        subsets: [{addresses: [{ip: 10.0.0.1}], ports: [{port: 80}]}]
      `,
      errors: [{ severity: 1, message: /^`v1` Endpoints is deprecated since Kubernetes 1.33\. Use `discovery.k8s.io\/v1` EndpointSlice/, hasFix: false }],
    },
    {
      name: 'removed without replacement: PodSecurityPolicy',
      code: y`
        apiVersion: policy/v1beta1
        kind: PodSecurityPolicy
        metadata: {name: restricted}
        spec: {privileged: false}
      `,
      errors: [{ severity: 2, message: /It has no replacement: migrate to Pod Security Admission/ }],
    },
    {
      name: 'each item of a List',
      code: y`
        apiVersion: v1
        kind: List
        items:
        - apiVersion: networking.k8s.io/v1beta1
          kind: Ingress
          metadata: {name: a}
        - apiVersion: policy/v1beta1
          kind: PodDisruptionBudget
          metadata: {name: b}
      `,
      errors: [
        { line: 4, column: 15, message: /^`networking.k8s.io\/v1beta1` Ingress is no longer served since Kubernetes 1.22/ },
        { line: 7, column: 15, message: /^`policy\/v1beta1` PodDisruptionBudget is no longer served since Kubernetes 1.25/ },
      ],
    },
  ],
});
