import rule from '../../rules/volume-mount-missing-volume.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

new RuleTester().run(rule, {
  valid: [
    y`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
        - name: app
          image: busybox
          volumeMounts:
          - name: logs
            mountPath: /var/log
        volumes:
        - name: logs
          emptyDir: {}
    `,
    {
      name: 'StatefulSet volumeClaimTemplates provide volumes',
      code: y`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          selector: {matchLabels: {app: db}}
          serviceName: db
          template:
            metadata: {labels: {app: db}}
            spec:
              containers:
              - name: db
                image: postgres
                volumeMounts:
                - {name: data, mountPath: /var/lib/postgresql}
          volumeClaimTemplates:
          - metadata: {name: data}
            spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
      `,
    },
  ],
  invalid: [
    {
      name: 'Pod with a typo in the mount name, fixed to the one near name',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
        spec:
          containers:
          - name: app
            image: busybox
            volumeMounts:
            - name: app-log
              mountPath: /var/log
          volumes:
          - name: app-logs
            emptyDir: {}
      `,
      errors: [
        {
          line: 10,
          column: 13,
          endLine: 10,
          endColumn: 20,
          severity: 2,
          message: /Container `app` mounts volume `app-log`, which Pod\/p does not define .* Did you mean `app-logs`\?/,
          hasFix: true,
        },
      ],
      output: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
        spec:
          containers:
          - name: app
            image: busybox
            volumeMounts:
            - name: app-logs
              mountPath: /var/log
          volumes:
          - name: app-logs
            emptyDir: {}
      `,
    },
    {
      name: 'Deployment init container, no near name, no fix',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              initContainers:
              - name: init
                image: busybox
                volumeMounts:
                - name: "certificates"
                  mountPath: /certs
              containers:
              - name: web
                image: nginx
      `,
      errors: [{ line: 13, column: 17, message: /mounts volume `certificates`, which Deployment\/web does not define \(the pod defines no volumes\)/, hasFix: false }],
    },
    {
      name: 'CronJob in a multi-document file (second document)',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cfg}
        data: {a: b}
        ---
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
                    volumeMounts:
                    - name: confg
                      mountPath: /etc/cfg
                  volumes:
                  - name: config
                    configMap: {name: cfg}
      `,
      errors: [{ line: 20, column: 21, message: /Did you mean `config`\?/ }],
    },
    {
      name: 'items of a List',
      code: y`
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: Pod
          metadata: {name: a}
          spec:
            containers:
            - name: c
              image: busybox
              volumeMounts: [{name: missing, mountPath: /x}]
      `,
      errors: [{ line: 11, column: 29, endColumn: 36 }],
    },
    {
      name: 'CRLF line endings and a BOM do not shift positions',
      code: '\ufeffapiVersion: v1\r\nkind: Pod\r\nmetadata: {name: p}\r\nspec:\r\n  containers:\r\n  - name: c\r\n    image: busybox\r\n    volumeMounts:\r\n    - name: nope\r\n      mountPath: /x\r\n',
      errors: [{ line: 9, column: 13, endLine: 9, endColumn: 17 }],
    },
  ],
});
