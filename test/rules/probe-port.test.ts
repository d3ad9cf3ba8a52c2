import rule from '../../rules/probe-port.js';
import { RuleTester, y } from '../helpers/rule-tester.js';
import { SHAPES, inShape, lineIn, colIn } from '../helpers/shapes.js';

const bad = y`
  containers:
  - name: app
    image: nginx
    ports: [{name: web, containerPort: 8080}]
    readinessProbe:
      httpGet: {path: /healthz, port: http}
`;

new RuleTester().run(rule, {
  valid: [
    ...SHAPES.map((s) => ({
      name: `${s}: named ports declared on the probed container, numbers, numeric strings`,
      code: inShape(s, y`
        initContainers:
        - name: proxy
          image: envoyproxy/envoy
          restartPolicy: Always
          ports: [{name: admin, containerPort: 9901}]
          startupProbe: {tcpSocket: {port: admin}}
        containers:
        - name: app
          image: nginx
          ports: [{name: http, containerPort: 8080}]
          readinessProbe: {httpGet: {path: /, port: http}}
          livenessProbe: {tcpSocket: {port: 8080}}
          startupProbe: {httpGet: {path: /, port: "8080"}}
          lifecycle:
            preStop: {httpGet: {path: /drain, port: http}}
        - name: grpc
          image: example/grpc
          readinessProbe: {grpc: {port: 9090}}
          livenessProbe: {exec: {command: [true]}}
      `),
    })),
  ],
  invalid: [
    ...SHAPES.map((s) => ({
      name: `${s}: readiness probe names an undeclared port`,
      code: inShape(s, bad),
      errors: [{
        line: lineIn(s, 6),
        column: colIn(s, 37),
        message: new RegExp(`^The readinessProbe \\(httpGet\\) of container \`app\` in ${s}/w uses port \`http\`, which container \`app\` does not declare \\(its ports are named \`web\`\\), so the probe always fails and the pod never becomes Ready\\. Declare`),
      }],
    })),
    {
      name: 'the port is declared by a sidecar, not by the probed container',
      code: inShape('Deployment', y`
        initContainers:
        - name: proxy
          image: envoyproxy/envoy
          restartPolicy: Always
          ports: [{name: metrics, containerPort: 9901}]
        containers:
        - name: app
          image: example/app
          livenessProbe: {tcpSocket: {port: metrics}}
      `),
      errors: [{ line: lineIn('Deployment', 9), message: /declares no ports\), so the probe always fails and the kubelet restarts the container forever\. Container `proxy` declares `metrics`, but the kubelet looks up/ }],
    },
    {
      name: 'native sidecar probe and did-you-mean',
      code: inShape('StatefulSet', y`
        initContainers:
        - name: side
          image: example/side
          restartPolicy: Always
          ports: [{name: metrics, containerPort: 9100}]
          startupProbe: {httpGet: {path: /, port: metric}}
        containers: [{name: app, image: nginx}]
      `),
      errors: [{ line: lineIn('StatefulSet', 6), message: /container `side`.*Did you mean `metrics`\?$/ }],
    },
    {
      name: 'lifecycle postStart and preStop',
      code: inShape('Pod', y`
        containers:
        - name: app
          image: nginx
          ports: [{containerPort: 80}]
          lifecycle:
            postStart: {httpGet: {path: /warm, port: http}}
            preStop: {tcpSocket: {port: http}}
      `),
      errors: [
        { line: lineIn('Pod', 6), message: /`lifecycle.postStart` httpGet .*its ports have no names.*FailedPostStartHook/ },
        { line: lineIn('Pod', 7), message: /`lifecycle.preStop` tcpSocket .*FailedPreStopHook/ },
      ],
    },
  ],
});
