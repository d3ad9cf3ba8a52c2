import rule from '../../rules/dangling-configmap-ref.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

const cm = (name: string, ns?: string) => y`
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: ${name}${ns ? `\n    namespace: ${ns}` : ''}
  data:
    a: "1"
`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'volume, envFrom and env refs to a ConfigMap in the set',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app-config}
        data: {LEVEL: debug}
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
                envFrom:
                - configMapRef: {name: app-config}
                env:
                - name: LEVEL
                  valueFrom: {configMapKeyRef: {name: app-config, key: LEVEL}}
              volumes:
              - name: cfg
                configMap: {name: app-config}
      `,
    },
    {
      name: 'optional: true on the volume, the envFrom and the key ref',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: c
            image: busybox
            envFrom:
            - configMapRef: {name: maybe-a, optional: true}
            env:
            - name: X
              valueFrom: {configMapKeyRef: {name: maybe-b, key: x, optional: true}}
          volumes:
          - name: v
            configMap: {name: maybe-c, optional: true}
          - name: p
            projected:
              sources:
              - configMap: {name: maybe-d, optional: true}
      `,
    },
    {
      name: 'kube-root-ca.crt exists in every namespace',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: team-a}
        spec:
          containers: [{name: c, image: busybox}]
          volumes:
          - name: token
            projected:
              sources:
              - configMap:
                  name: kube-root-ca.crt
                  items: [{key: ca.crt, path: ca.crt}]
      `,
    },
    {
      name: 'the ConfigMap is in another file of the set',
      code: y`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly}
        spec:
          schedule: "0 0 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers:
                  - name: job
                    image: busybox
                    envFrom: [{configMapRef: {name: jobs}}]
      `,
      files: [{ path: 'cm.yaml', text: cm('jobs') }],
    },
    {
      name: 'a StatefulSet volume named like a volumeClaimTemplate is replaced by the claim',
      code: y`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          serviceName: db
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec:
              containers: [{name: db, image: postgres, volumeMounts: [{name: data, mountPath: /d}]}]
              volumes:
              - name: data
                configMap: {name: never-used}
          volumeClaimTemplates:
          - metadata: {name: data}
            spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
      `,
    },
    {
      name: 'default: an absent ConfigMap with no near name in the set (made at runtime) is only counted in the summary notice',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: nginx, envFrom: [{configMapRef: {name: web-settings}}]}]
      `,
      files: [{ path: 'cm.yaml', text: cm('redis-conf') }],
    },
    {
      name: 'a key-less ConfigMap of a kustomize base (an overlay adds the keys) is present',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers: [{name: c, image: busybox, envFrom: [{configMapRef: {name: settings}}]}]
      `,
      files: [
        { path: 'cm.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {}\n' },
        { path: 'kustomization.yaml', text: 'resources: [test.yaml, cm.yaml]\n' },
      ],
    },
    {
      name: 'missing: off silences absent ConfigMaps',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers: [{name: c, image: busybox, envFrom: [{configMapRef: {name: elsewhere}}]}]
      `,
      options: { missing: 'off' },
    },
    {
      name: 'null data, null volumes and names that are not strings do not crash',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers: [{name: c, image: busybox, envFrom: [{configMapRef: null}, null]}]
          volumes:
          - name: v
            configMap: null
          - null
      `,
    },
  ],
  invalid: [
    {
      name: 'Deployment volume with a typo: warning, did you mean, rename fix',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app-config}
        data: {a: b}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: nginx}]
              volumes:
              - name: cfg
                configMap:
                  name: app-confg
      `,
      errors: [
        {
          line: 18,
          column: 17,
          endColumn: 26,
          severity: 1,
          message:
            'ConfigMap `app-confg`, used by volume `cfg` of Deployment/web, is not among the linted manifests. Did you mean `app-config`? Add it, correct the name or set `optional: true`.',
          hasFix: true,
        },
      ],
      output: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app-config}
        data: {a: b}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: nginx}]
              volumes:
              - name: cfg
                configMap:
                  name: app-config
      `,
    },
    {
      name: 'missing: warn lists every absent ConfigMap: one finding per pod and ConfigMap, at the first of several references',
      options: { missing: 'warn' },
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: c
            image: busybox
            envFrom:
            - configMapRef: {name: settings}
            env:
            - name: A
              valueFrom:
                configMapKeyRef: {name: settings, key: a}
      `,
      errors: [
        {
          line: 9,
          column: 28,
          message:
            'ConfigMap `settings`, used by `envFrom` of container `c` in Pod/p (2 references; this is the first), is not among the linted manifests. Add it, correct the name or set `optional: true`; if it is made at runtime, set `rules: {dangling-configmap-ref: [warn, {missing: off}]}` in podlint.config.yaml.',
          hasFix: false,
        },
      ],
    },
    {
      name: 'env valueFrom in a StatefulSet; two near names: no fix',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: db-conf1}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: db-conf2}
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          serviceName: db
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec:
              containers:
              - name: db
                image: postgres
                env:
                - name: MODE
                  valueFrom:
                    configMapKeyRef:
                      name: db-conf
                      key: mode
      `,
      errors: [{ line: 25, column: 21, message: /env var `MODE` of container `db` in StatefulSet\/db.*Did you mean `db-conf1` or `db-conf2`\?/, hasFix: false }],
    },
    {
      name: 'projected source of a CronJob pod (missing: warn)',
      options: { missing: 'warn' },
      code: y`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: c}
        spec:
          schedule: "@daily"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: c, image: busybox}]
                  volumes:
                  - name: all
                    projected:
                      sources:
                      - configMap: {name: "absent"}
      `,
      errors: [{ line: 16, column: 35, endColumn: 43, message: /^ConfigMap `absent`, used by projected volume `all` of CronJob\/c,/ }],
    },
    {
      name: 'a ConfigMap of the same name in another namespace does not resolve (missing: warn)',
      options: { missing: 'warn' },
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: team-b}
        spec:
          containers: [{name: c, image: busybox, envFrom: [{configMapRef: {name: shared}}]}]
      `,
      files: [{ path: 'other.yaml', text: cm('shared', 'team-a') }],
      errors: [{ line: 5, column: 74, message: /^ConfigMap `shared` in namespace `team-b`, used by .* is not among the linted manifests\./ }],
    },
    {
      name: 'missing: error makes it an error',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers: [{name: c, image: busybox, envFrom: [{configMapRef: {name: elsewhere}}]}]
      `,
      options: { missing: 'error' },
      errors: [{ severity: 2 }],
    },
    {
      name: 'the rule severity applies to a near miss when missing is unset',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers: [{name: c, image: busybox, envFrom: [{configMapRef: {name: elsewhere}}]}]
      `,
      files: [{ path: 'cm.yaml', text: cm('elsewhere2') }],
      lint: { rules: { 'dangling-configmap-ref': 'error' } },
      errors: [{ severity: 2 }],
    },
  ],
});
