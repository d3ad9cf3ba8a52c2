import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import rule from '../../rules/shared-file-unwritten.js';
import { RuleTester, y } from '../helpers/rule-tester.js';
import { SEED } from '../helpers/cli.js';

/** The Kubernetes docs' streaming-sidecar logging example, with the readers' paths as parameters. */
const counter = (log1: string, log2: string) => y`
  apiVersion: v1
  kind: Pod
  metadata: {name: counter}
  spec:
    containers:
    - name: count
      image: busybox:1.28
      args:
      - /bin/sh
      - -c
      - >
        i=0;
        while true;
        do
          echo "$i: $(date)" >> /var/log/1.log;
          echo "$(date) INFO $i" >> /var/log/2.log;
          i=$((i+1));
          sleep 1;
        done
      volumeMounts: [{name: varlog, mountPath: /var/log}]
    - name: count-log-1
      image: busybox:1.28
      args: [/bin/sh, -c, 'tail -n+1 -F ${log1}']
      volumeMounts: [{name: varlog, mountPath: /var/log}]
    - name: count-log-2
      image: busybox:1.28
      args: [/bin/sh, -c, 'tail -n+1 -F ${log2}']
      volumeMounts: [{name: varlog, mountPath: /var/log}]
    volumes:
    - name: varlog
      emptyDir: {}
`;

new RuleTester().run(rule, {
  valid: [
    { name: 'streaming sidecars read the files the counter writes', code: counter('/var/log/1.log', '/var/log/2.log') },
    {
      name: 'the seed sidecar: the read is explained by the mismatched relative write (one root cause, one finding)',
      code: readFileSync(join(SEED, 'sidecar-emptydir.yaml'), 'utf8'),
    },
    {
      name: 'a writer that misspells the mount path is reported once, by mount-path-mismatch, not here',
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
    },
    {
      name: 'a writer running a program podlint does not model may write anything',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            image: example/app
            command: ['python', '/app/main.py']
            volumeMounts: [{name: logs, mountPath: /logs}]
          - name: shipper
            image: busybox
            command: ['sh', '-c', 'tail -F /logs/app.log']
            volumeMounts: [{name: logs, mountPath: /logs}]
          - name: image-default
            image: nginx
            volumeMounts: [{name: logs, mountPath: /var/log/nginx}]
          volumes: [{name: logs, emptyDir: {}}]
      `,
    },
    {
      name: 'init container copies from a ConfigMap mount (directory target, glob source) and renders with sed',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          selector: {matchLabels: {app: d}}
          template:
            metadata: {labels: {app: d}}
            spec:
              initContainers:
              - name: copy
                image: busybox
                command: ['sh', '-c', 'cp /config/* /work/ && sed "s/X/1/" /config/tmpl.conf > /work/rendered.conf && cp /config/a.json /work']
                volumeMounts: [{name: config, mountPath: /config}, {name: work, mountPath: /work}]
              containers:
              - name: app
                image: busybox
                command: ['sh', '-c', 'cat /etc/app/anything.conf /etc/app/rendered.conf /etc/app/a.json; sleep 3600']
                volumeMounts: [{name: work, mountPath: /etc/app}]
              volumes:
              - {name: config, configMap: {name: cfg}}
              - {name: work, emptyDir: {}}
      `,
    },
    {
      name: 'optional reads, directory reads and non-emptyDir volumes are not reported',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: a
            image: busybox
            command: ['sh', '-c', '[ -f /shared/opt ] && cat /shared/opt; grep -r x /shared/dir; cat /data/pvc-file']
            volumeMounts: [{name: s, mountPath: /shared}, {name: d, mountPath: /data}]
          - name: b
            image: busybox
            command: ['sh', '-c', 'sleep 3600']
            volumeMounts: [{name: s, mountPath: /shared}, {name: d, mountPath: /data}]
          volumes:
          - {name: s, emptyDir: {}}
          - {name: d, persistentVolumeClaim: {claimName: c}}
      `,
    },
    {
      name: 'a writer whose awk program redirects output may write the file',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: w
            image: busybox
            command: ['sh', '-c', 'awk \'{print > "/shared/" $1 ".txt"}\' /etc/hosts; sleep 3600']
            volumeMounts: [{name: s, mountPath: /shared}]
          - name: r
            image: busybox
            command: ['sh', '-c', 'cat /in/localhost.txt']
            volumeMounts: [{name: s, mountPath: /in}]
          volumes: [{name: s, emptyDir: {}}]
      `,
    },
    {
      name: 'a writer with a write target podlint cannot resolve may write the file',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: w
            image: busybox
            command: ['sh', '-c', 'echo 1 > /shared/$(hostname).txt; sleep 3600']
            volumeMounts: [{name: s, mountPath: /shared}]
          - name: r
            image: busybox
            command: ['sh', '-c', 'cat /in/host.txt']
            volumeMounts: [{name: s, mountPath: /in}]
          volumes: [{name: s, emptyDir: {}}]
      `,
    },
    {
      name: 'subPath mounts: the writer writes into the sub-directory the reader mounts',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: w
            image: busybox
            command: ['sh', '-c', 'date > /all/app/now.txt; sleep 3600']
            volumeMounts: [{name: s, mountPath: /all}]
          - name: r
            image: busybox
            command: ['sh', '-c', 'cat /app-only/now.txt']
            volumeMounts: [{name: s, mountPath: /app-only, subPath: app}]
          volumes: [{name: s, emptyDir: {}}]
      `,
    },
  ],
  invalid: [
    {
      name: 'a streaming sidecar tails a log nobody writes, with the near file names',
      code: counter('/var/log/1.log', '/var/log/3.log'),
      errors: [
        {
          line: 27,
          column: 39,
          endColumn: 53,
          severity: 1,
          message:
            'Container `count-log-2` of Pod/counter reads `/var/log/3.log` (`3.log` on the shared emptyDir volume `varlog`), but no container of the pod writes it: the containers that can write it, `count`, `count-log-1`, `count-log-2`, never create that file. Did you mean `/var/log/1.log` or `/var/log/2.log`?',
        },
      ],
    },
    {
      name: 'waiting for a ready flag that no container creates (Job, init container writes another name)',
      code: y`
        apiVersion: batch/v1
        kind: Job
        metadata: {name: j}
        spec:
          template:
            spec:
              restartPolicy: Never
              initContainers:
              - name: fetch
                image: busybox
                command: ['sh', '-c', 'wget -O /shared/input.csv http://data.example.com/x.csv && touch /shared/.ready']
                volumeMounts: [{name: s, mountPath: /shared}]
              containers:
              - name: work
                image: busybox
                command: ['sh', '-c', 'until [ -e /shared/ready ]; do sleep 1; done; wc -l /shared/input.csv']
                volumeMounts: [{name: s, mountPath: /shared}]
              volumes: [{name: s, emptyDir: {}}]
      `,
      errors: [
        {
          line: 16,
          column: 43,
          endColumn: 56,
          severity: 1,
          message:
            'Container `work` of Job/j waits for `/shared/ready` (`ready` on the shared emptyDir volume `s`), but no container of the pod writes it: the containers that can write it, `fetch`, `work`, never create that file. Did you mean `/shared/.ready`?',
        },
      ],
    },
    {
      name: 'read-only mounts everywhere: nobody can write the file',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: a
            image: busybox
            command: ['cat', '/s/config.yaml']
            volumeMounts: [{name: s, mountPath: /s, readOnly: true}]
          - name: b
            image: busybox
            volumeMounts: [{name: s, mountPath: /t, readOnly: true}]
          volumes: [{name: s}]
      `,
      errors: [{ line: 8, column: 23, endColumn: 37, message: /reads `\/s\/config.yaml` \(`config.yaml` on the shared emptyDir volume `s`\), but no container of the pod writes it: no container mounts the volume writable\. Write the file/ }],
    },
  ],
});
