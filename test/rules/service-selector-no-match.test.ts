import rule from '../../rules/service-selector-no-match.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

const deploy = y`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: shop}
  spec:
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web, tier: frontend}}
      spec:
        containers: [{name: web, image: nginx}]
`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'selector matches a Deployment template (subset of its labels)',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec:
          selector: {app: web}
          ports: [{port: 80}]
      `,
      files: [{ path: 'deploy.yaml', text: deploy }],
    },
    {
      name: 'selector-less, empty-selector and ExternalName Services are skipped',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: external-db}
        spec:
          ports: [{port: 5432}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: empty}
        spec:
          selector: {}
          ports: [{port: 80}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: alias}
        spec:
          type: ExternalName
          externalName: db.example.com
          selector: {app: db}
      `,
    },
    {
      name: 'per-pod Services of a StatefulSet (statefulset.kubernetes.io/pod-name)',
      code: y`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: redis}
        spec:
          serviceName: redis
          replicas: 3
          selector: {matchLabels: {app: redis}}
          template:
            metadata: {labels: {app: redis}}
            spec:
              containers: [{name: redis, image: redis}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: redis-0}
        spec:
          selector:
            app: redis
            statefulset.kubernetes.io/pod-name: redis-0
          ports: [{port: 6379}]
      `,
    },
    {
      name: 'a Service selecting the pods of a Job by job-name',
      code: y`
        apiVersion: batch/v1
        kind: Job
        metadata: {name: bench}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: b, image: bench}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: bench}
        spec:
          selector: {job-name: bench}
          ports: [{port: 9000}]
      `,
    },
    {
      name: 'pods an operator creates from a custom resource carrying the labels',
      code: y`
        apiVersion: monitoring.coreos.com/v1
        kind: Prometheus
        metadata:
          name: k8s
          labels: {app.kubernetes.io/name: prometheus, app.kubernetes.io/instance: k8s}
        spec: {replicas: 2}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: prometheus-k8s}
        spec:
          selector: {app.kubernetes.io/name: prometheus, app.kubernetes.io/instance: k8s}
          ports: [{port: 9090}]
      `,
    },
    {
      name: 'a workload template with labels but no pod spec still counts as selected',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: half}
        spec:
          template:
            metadata: {labels: {app: half}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: half}
        spec:
          selector: {app: half}
          ports: [{port: 80}]
      `,
    },
  ],
  invalid: [
    {
      name: 'one differing label value: points at it and names the closest template',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec:
          selector:
            app: web
            tier: front-end
          ports: [{port: 80}]
      `,
      files: [{ path: 'deploy.yaml', text: deploy }],
      errors: [
        {
          line: 7,
          column: 11,
          endColumn: 20,
          severity: 1,
          message:
            'Service `web` selects pods with `app=web, tier=front-end`, but no pod template in namespace `shop` among the linted manifests has these labels, so the Service would have no endpoints. The closest is Deployment/web, which has `tier: frontend`. Make the selector match the pod template\'s labels.',
        },
      ],
    },
    {
      name: 'pods in another namespace are not selected; no near template: points at `selector` (missing: warn lists selectors of pods made elsewhere)',
      options: { missing: 'warn' },
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec:
          selector: {app: web}
          ports: [{port: 80}]
      `,
      files: [{ path: 'deploy.yaml', text: deploy }],
      errors: [{ line: 5, column: 3, endColumn: 11, message: /^Service `web` selects pods with `app=web`, but no pod template in namespace `default` .* no endpoints\. Make the selector/ }],
    },
    {
      name: 'pod-name of an ordinal-less name does not match (missing: warn lists selectors of pods made elsewhere)',
      options: { missing: 'warn' },
      code: y`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: redis}
        spec:
          serviceName: redis
          selector: {matchLabels: {app: redis}}
          template:
            metadata: {labels: {app: redis}}
            spec:
              containers: [{name: redis, image: redis}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: redis-x}
        spec:
          selector: {app: redis, statefulset.kubernetes.io/pod-name: redis-server-0}
          ports: [{port: 6379}]
      `,
      errors: [{ line: 16, column: 62, message: /The closest is StatefulSet\/redis, which has `statefulset.kubernetes.io\/pod-name` set by its controller, never to `redis-server-0`\./ }],
    },
  ],
});
