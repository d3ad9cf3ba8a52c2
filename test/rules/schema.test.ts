import rule from '../../rules/schema.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

const CRD = y`
  apiVersion: apiextensions.k8s.io/v1
  kind: CustomResourceDefinition
  metadata: {name: backups.example.com}
  spec:
    group: example.com
    scope: Namespaced
    names: {kind: Backup, plural: backups}
    versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [schedule, retention]
              properties:
                schedule: {type: string, pattern: '^\\S+ \\S+ \\S+ \\S+ \\S+$'}
                retention: {type: string, default: 7d}
                storage:
                  type: object
                  required: [bucket, class]
                  properties:
                    bucket: {type: string}
                    class: {type: string, default: STANDARD}
                keep: {type: integer, minimum: 1, maximum: 100}
                port: {x-kubernetes-int-or-string: true}
                mode: {type: string, enum: [full, incremental]}
`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'kubectl semantics: YAML 1.1 octal and booleans, int-or-string, quantities, nulls, status',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          creationTimestamp: null
          labels: {app: web, tier: "1"}
        spec:
          replicas: null
          selector: {matchLabels: {app: web}}
          strategy:
            rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: web
                image: nginx
                ports: [{containerPort: 80}]
                readinessProbe: {httpGet: {port: http, path: /}}
                livenessProbe: {tcpSocket: {port: 80}}
                resources:
                  requests: {cpu: 100m, memory: 64Mi}
                  limits: {cpu: 1, memory: 1.5Gi, ephemeral-storage: 2e3}
                securityContext: {readOnlyRootFilesystem: yes, runAsUser: 1000}
                volumeMounts: [{name: cfg, mountPath: /etc/cfg}]
              volumes:
              - name: cfg
                configMap: {name: cfg, defaultMode: 0644}
        status: {replicas: 1, conditions: [{type: Available}]}
      `,
    },
    {
      name: 'Service targetPort by name, Secret with base64 data, CronJob',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: s}
        spec:
          type: NodePort
          ports: [{port: 80, targetPort: http, protocol: TCP}]
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: s}
        type: Opaque
        data: {password: cGFzc3dvcmQ=, multi: "YWJj\\nZGVm"}
        stringData: {plain: "not base64 at all!"}
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: c}
        spec:
          schedule: "*/5 * * * *"
          concurrencyPolicy: Forbid
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers: [{name: c, image: busybox}]
      `,
    },
    {
      name: 'a custom resource valid under its CRD (a required field with a default is defaulted before validation)',
      code: y`
        apiVersion: example.com/v1
        kind: Backup
        metadata: {name: b}
        spec:
          schedule: "0 3 * * *"
          keep: 7
          port: 5432
          mode: full
          storage: {bucket: backups}
      `,
      files: [{ path: 'crd.yaml', text: CRD }],
    },
    {
      name: 'envsubst placeholders: one without a default is not type-checked, one with a default is checked as its default',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          namespace: shop
          labels: {app: api, tier: backend}
        spec:
          replicas: \${REPLICAS}
          revisionHistoryLimit: 3
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api, tier: backend}}
            spec:
              serviceAccountName: api
              containers:
              - name: api
                image: registry.example.com/shop/api:\${TAG}
                imagePullPolicy: $PULL_POLICY
                command: \${COMMAND:-[/app/api]}
                args: [--listen, ":9002", --log-level, info]
                ports:
                - {name: http, containerPort: \${PORT:-9002}}
                - {name: metrics, containerPort: 9100}
                resources:
                  requests: {cpu: \${CPU_REQUEST:-100m}, memory: 128Mi}
                readinessProbe:
                  httpGet: {path: /healthz, port: http}
                  periodSeconds: \${PERIOD:-10}
      `,
    },
  ],
  invalid: [
    {
      name: 'envsubst placeholders: a default that is no valid value is reported, and a quoted placeholder renders to a string',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          labels: {app: api}
        spec:
          replicas: 2
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec:
              containers:
              - name: api
                image: registry.example.com/api:1.4.2
                imagePullPolicy: \${PULL_POLICY:-IfNotPresnt}
                ports:
                - {name: http, containerPort: 8080}
                - {name: metrics, containerPort: "\${METRICS_PORT:-9100}"}
      `,
      errors: [
        {
          line: 15,
          column: 26,
          message: 'spec.template.spec.containers[0].imagePullPolicy must be one of `Always`, `IfNotPresent` or `Never`, got "IfNotPresnt". Did you mean `IfNotPresent`? (Checked as the default of `${PULL_POLICY:-IfNotPresnt}`.)',
          hasFix: false,
        },
        {
          line: 18,
          column: 42,
          message: 'spec.template.spec.containers[0].ports[1].containerPort must be an integer, got "9100". Remove the quotes. (Checked as the default of `${METRICS_PORT:-9100}`.)',
          hasFix: false,
        },
      ],
    },
    {
      name: 'a number given as a string (the message of the issue), fixed by removing the quotes',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            image: nginx
            ports:
            - containerPort: "80"
      `,
      errors: [
        {
          line: 9,
          column: 22,
          endColumn: 26,
          severity: 2,
          message: 'spec.containers[0].ports[0].containerPort must be an integer, got "80". Remove the quotes.',
          hasFix: true,
        },
      ],
      output: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            image: nginx
            ports:
            - containerPort: 80
      `,
    },
    {
      name: 'a label value that YAML reads as a number or boolean, fixed by quoting it as written',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: c
          labels:
            version: 1.10
            canary: yes
      `,
      errors: [
        { line: 6, column: 14, message: 'metadata.labels.version must be a string, got 1.1. Quote it: "1.10".', hasFix: true },
        { line: 7, column: 13, message: 'metadata.labels.canary must be a string, got true. Quote it: "yes".', hasFix: true },
      ],
      output: y`
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: c
          labels:
            version: "1.10"
            canary: "yes"
      `,
    },
    {
      name: 'a missing required field, at the item that lacks it',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - image: nginx
            ports: [{containerPort: 80}]
      `,
      errors: [{ line: 6, column: 5, endColumn: 10, message: 'spec.containers[0].name is required; add `name` to spec.containers[0].', hasFix: false }],
    },
    {
      name: 'a missing required top-level field',
      code: y`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly}
      `,
      errors: [{ line: 1, column: 1, message: '`spec` is required in CronJob `nightly`; add it.' }],
    },
    {
      name: 'a missing required field outside a kustomize folder',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers: [{name: web, image: nginx}]
      `,
      errors: [{ line: 4, column: 1, message: 'spec.selector is required; add `selector` to spec.' }],
    },
    {
      name: 'enum values are case-sensitive; the near value is offered as a fix',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          restartPolicy: always
          containers:
          - name: app
            image: nginx
            imagePullPolicy: 'IfNotPresnt'
            ports: [{containerPort: 53, protocol: DNS}]
      `,
      errors: [
        { line: 5, column: 18, message: 'spec.restartPolicy must be one of `Always`, `OnFailure` or `Never`, got "always". Did you mean `Always`?', hasFix: true },
        { line: 9, column: 22, message: 'spec.containers[0].imagePullPolicy must be one of `Always`, `IfNotPresent` or `Never`, got "IfNotPresnt". Did you mean `IfNotPresent`?', hasFix: true },
        { line: 10, column: 43, message: 'spec.containers[0].ports[0].protocol must be one of `TCP`, `UDP` or `SCTP`, got "DNS".', hasFix: false },
      ],
      output: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          restartPolicy: Always
          containers:
          - name: app
            image: nginx
            imagePullPolicy: 'IfNotPresent'
            ports: [{containerPort: 53, protocol: DNS}]
      `,
    },
    {
      name: 'formats: base64 Secret data, RFC 3339 timestamps, 32-bit integers, quantities',
      code: y`
        apiVersion: v1
        kind: Secret
        metadata:
          name: s
          creationTimestamp: yesterday
        data:
          password: hunter2!
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            image: nginx
            ports: [{containerPort: 99999999999}]
            resources: {limits: {memory: 1GB}}
      `,
      errors: [
        { line: 5, column: 22, message: 'metadata.creationTimestamp must be an RFC 3339 date-time such as "2024-01-31T12:00:00Z", got "yesterday".' },
        { line: 7, column: 13, message: 'data.password must be base64-encoded, got "hunter2!". Encode it (base64), or move it to `stringData` to give it as plain text.' },
        { line: 16, column: 29, message: 'spec.containers[0].ports[0].containerPort must be a 32-bit integer (-2147483648 to 2147483647), got 99999999999.' },
        { line: 17, column: 34, message: 'spec.containers[0].resources.limits.memory must be a quantity such as "500m", "128Mi", "1Gi" or 2, got "1GB".' },
      ],
    },
    {
      name: 'a mapping where a list belongs',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            name: app
            image: nginx
      `,
      errors: [{ line: 6, column: 5, message: 'spec.containers must be a list, got a mapping. Write its entries as list items, each starting with `- `.' }],
    },
    {
      name: 'a custom resource against its CRD: type, range, enum, pattern, required',
      code: y`
        apiVersion: example.com/v1
        kind: Backup
        metadata: {name: b}
        spec:
          keep: 0
          port: true
          mode: Full
        ---
        apiVersion: example.com/v1
        kind: Backup
        metadata: {name: c}
        spec: {schedule: "daily", keep: "7"}
        ---
        apiVersion: example.com/v1
        kind: Backup
        metadata: {name: d}
        spec:
          schedule: "0 3 * * *"
          storage: {class: COLD}
      `,
      files: [{ path: 'crd.yaml', text: CRD }],
      errors: [
        { line: 4, column: 1, message: 'spec.schedule is required; add `schedule` to spec.' },
        { line: 5, column: 9, message: 'spec.keep must be >= 1, got 0.' },
        { line: 6, column: 9, message: 'spec.port must be an integer or a string, got true.' },
        { line: 7, column: 9, message: 'spec.mode must be one of `full` or `incremental`, got "Full". Did you mean `full`?' },
        { line: 12, column: 18, message: 'spec.schedule must match the pattern `^\\S+ \\S+ \\S+ \\S+ \\S+$`, got "daily".' },
        { line: 12, column: 33, message: 'spec.keep must be an integer, got "7". Remove the quotes.' },
        { line: 19, column: 3, message: 'spec.storage.bucket is required; add `bucket` to spec.storage.' },
      ],
    },
  ],
});
