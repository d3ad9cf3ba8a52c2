import rule from '../../rules/readonly-mount-write.js';
import { RuleTester, y } from '../helpers/rule-tester.js';
import { SHAPES, inShape, lineIn } from '../helpers/shapes.js';

const writer = y`
  containers:
  - name: app
    image: busybox
    command: [sh, -c, 'date >> /data/log.txt; sleep 3600']
    volumeMounts:
    - {name: data, mountPath: /data, readOnly: true}
  volumes:
  - {name: data, emptyDir: {}}
`;

new RuleTester().run(rule, {
  valid: [
    ...SHAPES.map((s) => ({
      name: `${s}: a read-only mount only read; writes on a writable mount`,
      code: inShape(s, y`
        initContainers:
        - name: copy
          image: busybox
          command: [sh, -c, 'cp /config/app.conf /work/app.conf']
          volumeMounts:
          - {name: config, mountPath: /config}
          - {name: work, mountPath: /work}
        - name: tail
          image: busybox
          restartPolicy: Always
          command: [sh, -c, 'tail -F /work/app.conf']
          volumeMounts:
          - {name: work, mountPath: /work, readOnly: true}
        containers:
        - name: app
          image: busybox
          command: [sh, -c, 'cat /work/app.conf > /tmp/copy; mkdir -p /work']
          volumeMounts:
          - {name: work, mountPath: /work, readOnly: true}
        volumes:
        - {name: config, configMap: {name: cfg}}
        - {name: work, emptyDir: {}}
      `),
    })),
    { name: 'a write outside every mount', code: inShape('Pod', writer.replace('/data/log.txt', '/var/log.txt')) },
  ],
  invalid: [
    ...SHAPES.map((s) => ({
      name: `${s}: append to a readOnly mount`,
      code: inShape(s, writer),
      errors: [{ line: lineIn(s, 4), message: new RegExp(`^Container \`app\` of ${s}/w writes \`/data/log.txt\` \\(>>\\), on mount \`data\` at \`/data\`, mounted \`readOnly: true\`: the write fails with "Read-only file system"\\. Drop`) }],
    })),
    {
      name: 'log and pid file flags of an unmodelled program (exec form)',
      code: inShape('DaemonSet', y`
        containers:
        - name: agent
          image: example/agent
          command: [/bin/agent, --log-file=/config/agent.log, --pid-file, /run/agent/agent.pid]
          volumeMounts:
          - {name: config, mountPath: /config}
          - {name: run, mountPath: /run/agent, readOnly: true}
        volumes:
        - {name: config, secret: {secretName: agent}}
        - {name: run, emptyDir: {}}
      `),
      errors: [
        { line: lineIn('DaemonSet', 4), column: 42, endColumn: 59, message: /writes `\/config\/agent.log` \(--log-file\), on mount `config` at `\/config`, a secret volume/ },
        { line: lineIn('DaemonSet', 4), message: /writes `\/run\/agent\/agent.pid` \(--pid-file\), on mount `run` at `\/run\/agent`, mounted `readOnly: true`/ },
      ],
    },
    {
      name: 'native sidecar writing into a ConfigMap volume; several writes, one finding',
      code: inShape('Deployment', y`
        initContainers:
        - name: render
          image: busybox
          restartPolicy: Always
          command: [sh, -c, 'sed "s/x/y/" /etc/app/tpl > /etc/app/app.conf; touch /etc/app/ready']
          volumeMounts:
          - {name: config, mountPath: /etc/app}
        containers: [{name: app, image: nginx}]
        volumes:
        - {name: config, configMap: {name: cfg}}
      `),
      errors: [{ line: lineIn('Deployment', 5), message: /writes `\/etc\/app\/app.conf` \(>\) \(and 1 more write there\), on mount `config` at `\/etc\/app`, a configMap volume, which the kubelet always mounts read-only/ }],
    },
  ],
});
