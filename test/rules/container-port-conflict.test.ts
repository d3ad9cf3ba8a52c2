import rule from '../../rules/container-port-conflict.js';
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
          image: nginx
          ports: [{containerPort: 80}]
        - name: b
          image: dns
          ports: [{containerPort: 80, protocol: UDP}]
    `,
    {
      name: 'a regular init container runs before the others',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          initContainers:
          - name: setup
            image: busybox
            ports: [{containerPort: 8080}]
          containers:
          - name: app
            image: app
            ports: [{containerPort: 8080}]
      `,
    },
  ],
  invalid: [
    {
      name: 'two containers on one port',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {a: b}}
          template:
            metadata: {labels: {a: b}}
            spec:
              containers:
              - name: web
                image: nginx
                ports:
                - containerPort: 8080
              - name: proxy
                image: envoy
                ports:
                - containerPort: 8080
                  protocol: TCP
      `,
      errors: [{ line: 17, column: 26, message: /Containers `web` and `proxy` of Deployment\/web both declare port 8080\/TCP/ }],
    },
    {
      name: 'a native sidecar shares the network namespace',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          initContainers:
          - name: mesh
            image: envoy
            restartPolicy: Always
            ports: [{containerPort: 15001}]
          containers:
          - name: app
            image: app
            ports: [{containerPort: 15001}]
      `,
      errors: [{ line: 13, column: 29, message: /`mesh` and `app`/ }],
    },
  ],
});
