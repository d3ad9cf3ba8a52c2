import rule from '../../rules/duplicate-mount-path.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

new RuleTester().run(rule, {
  valid: [
    y`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
        - name: a
          image: busybox
          volumeMounts:
          - {name: x, mountPath: /data}
          - {name: y, mountPath: /data/sub}
        - name: b
          image: busybox
          volumeMounts:
          - {name: x, mountPath: /data}
        volumes: [{name: x, emptyDir: {}}, {name: y, emptyDir: {}}]
    `,
  ],
  invalid: [
    {
      name: 'Deployment, trailing slash normalised',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          selector: {matchLabels: {a: b}}
          template:
            metadata: {labels: {a: b}}
            spec:
              containers:
              - name: app
                image: busybox
                volumeMounts:
                - name: config
                  mountPath: /etc/app
                - name: secrets
                  mountPath: /etc/app/
              volumes: [{name: config, emptyDir: {}}, {name: secrets, emptyDir: {}}]
      `,
      errors: [{ line: 16, column: 22, message: /Container `app` mounts `secrets` at `\/etc\/app\/`, where it already mounts `config`/ }],
    },
  ],
});
