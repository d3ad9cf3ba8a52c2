import rule from '../../rules/unused-volume.js';
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
          volumeMounts: [{name: data, mountPath: /data}]
        volumes:
        - {name: data, emptyDir: {}}
    `,
    {
      name: 'a volume used only by an init container or as a block device',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          selector: {matchLabels: {a: b}}
          template:
            metadata: {labels: {a: b}}
            spec:
              initContainers:
              - name: init
                image: busybox
                volumeMounts: [{name: seed, mountPath: /seed}]
              containers:
              - name: app
                image: busybox
                volumeDevices: [{name: raw, devicePath: /dev/xvda}]
              volumes:
              - {name: seed, emptyDir: {}}
              - {name: raw, persistentVolumeClaim: {claimName: raw}}
      `,
    },
    {
      name: 'the volume a mistyped mount meant is not reported twice',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            image: busybox
            volumeMounts: [{name: app-log, mountPath: /logs}]
          volumes:
          - {name: app-logs, emptyDir: {}}
      `,
    },
  ],
  invalid: [
    {
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
                  containers:
                  - name: app
                    image: busybox
                  volumes:
                  - name: scratch
                    emptyDir: {}
      `,
      errors: [{ line: 15, column: 19, severity: 1, message: 'Volume `scratch` of CronJob/c is not mounted by any container. Mount it (volumeMounts: - name: scratch) or remove it.' }],
    },
  ],
});
