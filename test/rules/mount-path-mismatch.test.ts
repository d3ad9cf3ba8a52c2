import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import rule from '../../rules/mount-path-mismatch.js';
import { RuleTester, y } from '../helpers/rule-tester.js';
import { SEED } from '../helpers/cli.js';

const seedSidecar = readFileSync(join(SEED, 'sidecar-emptydir.yaml'), 'utf8');

/** The adapter pattern: `app` writes logs, `adapter` reads them through the same volume. */
const adapter = (readPath: string, mountPath = '/logs') => y`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: log-adapter}
  spec:
    selector: {matchLabels: {app: log-adapter}}
    template:
      metadata: {labels: {app: log-adapter}}
      spec:
        containers:
        - name: app
          image: busybox:stable
          command: ['sh', '-c', 'while true; do date >> /var/log/app/app.log; sleep 5; done']
          volumeMounts:
          - {name: app-logs, mountPath: /var/log/app}
        - name: adapter
          image: busybox:stable
          command: ['sh', '-c', 'tail -F ${readPath} | sed -e "s/^/[app] /"']
          volumeMounts:
          - {name: app-logs, mountPath: ${mountPath}}
        volumes:
        - {name: app-logs, emptyDir: {}}
`;

new RuleTester().run(rule, {
  valid: [
    { name: 'adapter reading the file the app writes, at its own mount path', code: adapter('/logs/app.log') },
    {
      name: 'the seed sidecar with an absolute path',
      code: seedSidecar.replace('> output/data.txt', '> /output/data.txt'),
    },
    {
      name: 'relative path with workingDir / lands on the mount',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: writer
            image: busybox
            workingDir: /
            command: ['sh', '-c', 'echo hi > output/data.txt; sleep 3600']
            volumeMounts: [{name: shared, mountPath: /output}]
          - name: reader
            image: busybox
            command: ['sh', '-c', 'cat /input/data.txt']
            volumeMounts: [{name: shared, mountPath: /input}]
          volumes: [{name: shared, emptyDir: {}}]
      `,
    },
    {
      name: 'relative path inside the mount through workingDir and cd',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: writer
            image: busybox
            workingDir: /output
            command: ['sh', '-c', 'echo hi > data.txt; cd /output/sub && echo > more.txt']
            volumeMounts: [{name: shared, mountPath: /output}]
          - name: reader
            image: busybox
            command: ['sh', '-c', 'cat /input/data.txt /input/sub/more.txt']
            volumeMounts: [{name: shared, mountPath: /input}]
          volumes: [{name: shared, emptyDir: {}}]
      `,
    },
    {
      name: 'a volume only one container mounts is not shared: no data-flow claim',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            image: busybox
            command: ['sh', '-c', 'cat /metric/raw.txt; echo > output/x']
            volumeMounts: [{name: m, mountPath: /metrics}, {name: o, mountPath: /output}]
          volumes: [{name: m, emptyDir: {}}, {name: o, emptyDir: {}}]
      `,
    },
    {
      name: 'paths that are on another mount, /dev and /proc, and a cd podlint cannot follow',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: a
            image: busybox
            command: ['sh', '-c', 'cat /metric/raw.txt > /dev/null; cat /proc/1/status; cd "$HOME" && echo > metrics/x']
            volumeMounts: [{name: m, mountPath: /metrics}, {name: m2, mountPath: /metric}]
          - name: b
            image: busybox
            command: ['sh', '-c', 'echo 1 > /m/raw.txt']
            volumeMounts: [{name: m, mountPath: /m}, {name: m2, mountPath: /m2}]
          volumes: [{name: m, emptyDir: {}}, {name: m2, emptyDir: {}}]
      `,
    },
    {
      name: 'near but not the same directory depth pattern is left alone when two mounts are near',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: a
            image: busybox
            command: ['sh', '-c', 'cat /dat/x']
            volumeMounts: [{name: v1, mountPath: /data}, {name: v2, mountPath: /date}]
          - name: b
            image: busybox
            volumeMounts: [{name: v1, mountPath: /data}, {name: v2, mountPath: /date}]
          volumes: [{name: v1, emptyDir: {}}, {name: v2, emptyDir: {}}]
      `,
    },
    {
      name: 'a relative read the volume does not hold may be the image\'s own file; system directories are not misspelt mounts',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            image: example/app
            workingDir: /app
            command: ['sh', '-c', 'cat config/app.yaml; cat /etc/ssl/certs/ca-certificates.crt; exec /app/server']
            volumeMounts: [{name: config, mountPath: /config}, {name: certs, mountPath: /etc/ssl/cert}]
          - name: reloader
            image: example/reloader
            volumeMounts: [{name: config, mountPath: /config}, {name: certs, mountPath: /certs}]
          volumes: [{name: config, emptyDir: {}}, {name: certs, emptyDir: {}}]
      `,
    },
    {
      name: 'variables podlint cannot resolve are skipped',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: a
            image: busybox
            env: [{name: DIR, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
            command: ['sh', '-c', 'echo > $DIR/x; echo > $(DIR)/y']
            volumeMounts: [{name: v, mountPath: /data}]
          - name: b
            image: busybox
            volumeMounts: [{name: v, mountPath: /data}]
          volumes: [{name: v, emptyDir: {}}]
      `,
    },
  ],
  invalid: [
    {
      name: 'the seed sidecar: relative write beside the mount, no workingDir (warning at the path inside the command)',
      code: seedSidecar,
      errors: [
        {
          line: 9,
          column: 62,
          endLine: 9,
          endColumn: 77,
          severity: 1,
          message:
            'Container `writer` of Pod/sidecar-test writes the relative path `output/data.txt`, which lands on the volume `shared` (mounted at `/output`; shared with `sidecar`, which reads that file as `/input/data.txt`) only if the image\'s working directory is `/` (the container sets no `workingDir`). Use the absolute path `/output/data.txt`.',
        },
      ],
    },
    {
      name: 'relative write under workingDir /app while the volume is at /output: error',
      code: y`
        apiVersion: batch/v1
        kind: Job
        metadata: {name: report}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: writer
                image: python:3.12
                workingDir: /app
                command: ["/bin/sh", "-c"]
                args:
                - |
                  mkdir -p output
                  echo "report" > output/report.txt
                volumeMounts: [{name: out, mountPath: /output}]
              - name: uploader
                image: amazon/aws-cli
                command: ['sh', '-c', 'until [ -f /output/report.txt ]; do sleep 1; done']
                volumeMounts: [{name: out, mountPath: /output}]
              volumes: [{name: out, emptyDir: {}}]
      `,
      errors: [
        {
          line: 16,
          column: 27,
          endColumn: 44,
          severity: 2,
          message:
            'Container `writer` of Job/report writes `output/report.txt`, which resolves against `workingDir: /app` to `/app/output/report.txt`, on none of its mounts and not on the volume `out` (mounted at `/output`; shared with `uploader`, which reads that file as `/output/report.txt`). Did you mean `/output/report.txt`?',
        },
      ],
    },
    {
      name: 'relative path after a cd in the script',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: w
            image: busybox
            command: ['sh', '-c', 'cd /tmp && tar -czf data/backup.tgz /etc']
            volumeMounts: [{name: v, mountPath: /data}]
          - name: r
            image: busybox
            volumeMounts: [{name: v, mountPath: /data}]
          volumes: [{name: v, emptyDir: {}}]
      `,
      errors: [{ line: 8, column: 48, severity: 2, message: /writes `data\/backup.tgz`, which resolves against the script's directory `\/tmp` \(after `cd`\) to `\/tmp\/data\/backup.tgz`.*Did you mean `\/data\/backup.tgz`\?/ }],
    },
    {
      name: 'adapter reading /log/app.log with the volume at /logs: error at the read, corroborated by the writer',
      code: adapter('/log/app.log'),
      errors: [
        {
          line: 17,
          column: 40,
          endColumn: 52,
          severity: 2,
          message:
            'Container `adapter` of Deployment/log-adapter reads `/log/app.log`, which is on none of its mounts and not on the volume `app-logs` (mounted at `/logs`; shared with `app`, which writes that file as `/var/log/app/app.log`). Did you mean `/logs/app.log`?',
        },
      ],
    },
    {
      name: 'a relative read of a file a shared ConfigMap volume supplies, under another workingDir',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: scripts}
        data:
          run.sh: "echo hi"
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            image: busybox
            workingDir: /home/app
            command: ['sh', '-c', '. scripts/run.sh']
            volumeMounts: [{name: s, mountPath: /scripts}]
          - name: other
            image: busybox
            volumeMounts: [{name: s, mountPath: /scripts}]
          volumes: [{name: s, configMap: {name: scripts}}]
      `,
      errors: [{ line: 15, column: 30, endColumn: 44, severity: 2, message: 'Container `app` of Pod/p reads `scripts/run.sh`, which resolves against `workingDir: /home/app` to `/home/app/scripts/run.sh`, on none of its mounts and not on the volume `s` (mounted at `/scripts`; shared with `other`; ConfigMap `scripts` supplies that file). Did you mean `/scripts/run.sh`?' }],
    },
    {
      name: 'a misspelt non-standard top directory is an error even when the writer is opaque',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: metrics}
        spec:
          containers:
          - name: exporter
            image: example/exporter:1.0
            volumeMounts: [{name: m, mountPath: /metrics}]
          - name: shipper
            image: busybox
            command: ['sh', '-c', 'while true; do cat /metric/raw.txt | nc collector 2003; sleep 10; done']
            volumeMounts: [{name: m, mountPath: /metrics}]
          volumes: [{name: m, emptyDir: {}}]
      `,
      errors: [{ line: 11, column: 47, endColumn: 62, severity: 2, message: /reads `\/metric\/raw.txt`, which is on none of its mounts and not on the volume `m` \(mounted at `\/metrics`; shared with `exporter`\)\. Did you mean `\/metrics\/raw.txt`\?/ }],
    },
    {
      name: 'swapped letters in the writer\'s directory, corroborated by the reader',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: writer
            image: busybox
            command: ['sh', '-c', 'echo hi > /outptu/data.txt; sleep 3600']
            volumeMounts: [{name: shared, mountPath: /output}]
          - name: reader
            image: busybox
            command: ['sh', '-c', 'cat /input/data.txt']
            volumeMounts: [{name: shared, mountPath: /input}]
          volumes: [{name: shared, emptyDir: {}}]
      `,
      errors: [{ line: 8, column: 38, endColumn: 54, severity: 2, message: 'Container `writer` of Pod/p writes `/outptu/data.txt`, which is on none of its mounts and not on the volume `shared` (mounted at `/output`; shared with `reader`, which reads that file as `/input/data.txt`). Did you mean `/output/data.txt`?' }],
    },
    {
      name: 'a near directory under a standard one, uncorroborated: warning',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            image: example/app
            volumeMounts: [{name: logs, mountPath: /var/log/app}]
          - name: shipper
            image: busybox
            command: ['sh', '-c', 'tail -F /var/log/apps/current']
            volumeMounts: [{name: logs, mountPath: /var/log/app}]
          volumes: [{name: logs, emptyDir: {}}]
      `,
      errors: [{ line: 11, column: 36, endColumn: 57, severity: 1, message: /reads `\/var\/log\/apps\/current`.*Did you mean `\/var\/log\/app\/current`\?/ }],
    },
    {
      name: 'init container writing for nginx (exec form wget -O) into a misspelt directory',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: init-demo}
        spec:
          initContainers:
          - name: install
            image: busybox:1.28
            command: [wget, -O, /work-dri/index.html, http://info.cern.ch]
            volumeMounts: [{name: workdir, mountPath: /work-dir}]
          containers:
          - name: nginx
            image: nginx
            volumeMounts: [{name: workdir, mountPath: /usr/share/nginx/html}]
          volumes: [{name: workdir, emptyDir: {}}]
      `,
      errors: [{ line: 8, column: 25, endColumn: 45, severity: 2, message: /Container `install` of Pod\/init-demo writes `\/work-dri\/index.html`.*Did you mean `\/work-dir\/index.html`\?/ }],
    },
    {
      name: 'native sidecar (restartPolicy: Always) in a StatefulSet reading a misspelt path written by the main container',
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
              initContainers:
              - name: log-shipper
                image: busybox
                restartPolicy: Always
                command: ['sh', '-c', 'tail -F /data/Logs/db.log']
                volumeMounts: [{name: logs, mountPath: /data/logs}]
              containers:
              - name: db
                image: busybox
                command: ['sh', '-c', 'while true; do date >> /var/db/logs/db.log; sleep 1; done']
                volumeMounts: [{name: logs, mountPath: /var/db/logs}]
              volumes: [{name: logs, emptyDir: {}}]
      `,
      errors: [{ line: 14, column: 40, endColumn: 57, severity: 2, message: /Container `log-shipper` of StatefulSet\/db reads `\/data\/Logs\/db.log`.*shared with `db`, which writes that file as `\/var\/db\/logs\/db.log`\)\. Did you mean `\/data\/logs\/db.log`\?/ }],
    },
    {
      name: 'CronJob with a block-scalar script: the finding points at the line inside the block',
      code: y`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: backup}
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  initContainers:
                  - name: dump
                    image: postgres:16
                    command:
                    - /bin/bash
                    - -ec
                    - |
                      export OUT=/backups
                      pg_dump -h db -U app app > "$OUT/dump.sql"
                      echo done > /backup/DONE
                    volumeMounts: [{name: b, mountPath: /backups}]
                  containers:
                  - name: upload
                    image: busybox
                    command: ['sh', '-c', 'test -f /in/DONE && cat /in/dump.sql > /dev/null']
                    volumeMounts: [{name: b, mountPath: /in}]
                  volumes: [{name: b, emptyDir: {}}]
      `,
      errors: [{ line: 20, column: 27, endColumn: 39, severity: 2, message: /writes `\/backup\/DONE`.*Did you mean `\/backups\/DONE`\?/ }],
    },
  ],
});
