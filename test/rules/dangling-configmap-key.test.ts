import rule from '../../rules/dangling-configmap-key.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

new RuleTester().run(rule, {
  valid: [
    {
      name: 'keys from data and binaryData, via items and configMapKeyRef',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cfg}
        data: {app.properties: "a=b"}
        binaryData: {logo.png: aGVsbG8=}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: web
                image: nginx
                env:
                - name: PROPS
                  valueFrom: {configMapKeyRef: {name: cfg, key: app.properties}}
              volumes:
              - name: v
                configMap:
                  name: cfg
                  items: [{key: logo.png, path: logo.png}]
      `,
    },
    {
      name: 'optional key refs and optional volumes are not checked',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cfg}
        data: {a: "1"}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: c
            image: busybox
            env:
            - name: B
              valueFrom: {configMapKeyRef: {name: cfg, key: b, optional: true}}
          volumes:
          - name: v
            configMap: {name: cfg, optional: true, items: [{key: c, path: c}]}
      `,
    },
    {
      name: 'absent ConfigMap: dangling-configmap-ref reports it, not this rule',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: c
            image: busybox
            env: [{name: A, valueFrom: {configMapKeyRef: {name: elsewhere, key: a}}}]
      `,
    },
    {
      name: 'kube-root-ca.crt provides ca.crt',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers: [{name: c, image: busybox}]
          volumes:
          - name: ca
            projected: {sources: [{configMap: {name: kube-root-ca.crt, items: [{key: ca.crt, path: ca.crt}]}}]}
      `,
    },
    {
      name: 'duplicate ConfigMaps: a key in either satisfies the reference',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cfg}
        data: {a: "1"}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cfg}
        data: {b: "2"}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers: [{name: c, image: busybox, env: [{name: B, valueFrom: {configMapKeyRef: {name: cfg, key: b}}}]}]
      `,
    },
  ],
  invalid: [
    {
      name: 'configMapKeyRef key typo in a Deployment',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app-config}
        data:
          database_url: postgres://db
          log_level: info
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api}
        spec:
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec:
              containers:
              - name: api
                image: api
                env:
                - name: DATABASE_URL
                  valueFrom:
                    configMapKeyRef:
                      name: app-config
                      key: database-url
      `,
      errors: [
        {
          line: 24,
          column: 20,
          endColumn: 32,
          severity: 2,
          message:
            'Key `database-url` is not in ConfigMap `app-config`, used by env var `DATABASE_URL` of container `api` in Deployment/api: its keys are `database_url`, `log_level`, so the container will not start (CreateContainerConfigError). Did you mean `database_url`?',
        },
      ],
    },
    {
      name: 'volume items key of a DaemonSet; ConfigMap with data: null',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: empty}
        data: null
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent}
        spec:
          selector: {matchLabels: {app: agent}}
          template:
            metadata: {labels: {app: agent}}
            spec:
              containers: [{name: a, image: busybox}]
              volumes:
              - name: conf
                configMap:
                  name: empty
                  items:
                  - key: agent.yaml
                    path: agent.yaml
      `,
      errors: [
        {
          line: 20,
          column: 18,
          message:
            'Key `agent.yaml` is not in ConfigMap `empty`, used by volume `conf` of DaemonSet/agent: it has no `data` or `binaryData`, so the pod will not start (the volume cannot be mounted). Add the key to the ConfigMap, fix the key, or set `optional: true`.',
        },
      ],
    },
    {
      name: 'projected items; the same missing key twice in one pod is one finding',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cfg}
        data: {a: "1"}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: c
            image: busybox
            env:
            - {name: X, valueFrom: {configMapKeyRef: {name: cfg, key: x}}}
            - {name: Y, valueFrom: {configMapKeyRef: {name: cfg, key: x}}}
          volumes:
          - name: all
            projected:
              sources:
              - configMap: {name: cfg, items: [{key: z, path: z}]}
      `,
      errors: [
        { line: 14, column: 63, message: /^Key `x` is not in ConfigMap `cfg`, used by env var `X` of container `c` in Pod\/p/ },
        { line: 20, column: 46, message: /^Key `z` is not in ConfigMap `cfg`, used by projected volume `all` of Pod\/p/ },
      ],
    },
    {
      name: 'kube-root-ca.crt has only ca.crt',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers: [{name: c, image: busybox}]
          volumes:
          - name: ca
            configMap: {name: kube-root-ca.crt, items: [{key: ca.pem, path: ca.pem}]}
      `,
      errors: [{ line: 8, column: 55, message: /^Key `ca.pem` is not in ConfigMap `kube-root-ca.crt` \(created by the cluster\).*its keys are `ca.crt`/ }],
    },
    {
      name: 'the key of a same-named ConfigMap in another namespace does not count',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cfg, namespace: a}
        data: {mode: fast}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cfg, namespace: b}
        data: {level: info}
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: job, namespace: b}
        spec:
          schedule: "@hourly"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: j
                    image: busybox
                    env:
                    - name: MODE
                      valueFrom: {configMapKeyRef: {name: cfg, key: mode}}
      `,
      errors: [{ line: 26, column: 61, message: /^Key `mode` is not in ConfigMap `cfg`, used by env var `MODE` of container `j` in CronJob\/job: its keys are `level`/ }],
    },
  ],
});
