import rule from '../../rules/service-target-port.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

/** A Deployment `web` whose container declares the given ports (YAML flow list). */
const web = (ports: string, extra = '', image = 'nginx') => y`
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
          image: ${image}
          ports: ${ports}${extra}
`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'named targetPort declared by the container',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: http}]
      `,
      files: [{ path: 'web.yaml', text: web('[{name: http, containerPort: 8080}]') }],
    },
    {
      name: 'a targetPort name the API server rejects (`PORT`) is api-validation\'s finding',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports: [{name: a, port: 80, targetPort: PORT}, {name: b, port: 81, targetPort: my-very-long-port-name}]
      `,
      files: [{ path: 'web.yaml', text: web('[{name: http, containerPort: 8080}]') }],
    },
    {
      name: 'numeric targetPort matching a containerPort; targetPort defaulting to port',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports:
          - {name: a, port: 80, targetPort: 8080}
          - {name: b, port: 9090}
      `,
      files: [{ path: 'web.yaml', text: web('[{containerPort: 8080}, {containerPort: 9090}]') }],
    },
    {
      name: 'numeric targetPort while a selected template declares no ports: nothing to compare',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: 3000}]
      `,
      files: [{ path: 'web.yaml', text: web('[]') }],
    },
    {
      name: 'UDP named port matched with protocol UDP; native sidecar ports count',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: dns, labels: {app: dns}}
        spec:
          initContainers:
          - name: proxy
            image: envoy
            restartPolicy: Always
            ports: [{name: admin, containerPort: 9901}]
          containers:
          - name: dns
            image: coredns
            ports: [{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: dns}
        spec:
          selector: {app: dns}
          ports:
          - {name: dns, port: 53, targetPort: dns, protocol: UDP}
          - {name: dns-tcp, port: 53, targetPort: dns-tcp}
          - {name: admin, port: 9901, targetPort: admin}
      `,
    },
    {
      name: 'Services without selected templates are left to service-selector-no-match',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: nothing}
          ports: [{port: 80, targetPort: http}]
      `,
    },
    {
      name: 'named port declared by one of two selected templates',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: http}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: debug, labels: {app: web}}
        spec:
          containers: [{name: d, image: busybox}]
      `,
      files: [{ path: 'web.yaml', text: web('[{name: http, containerPort: 8080}]') }],
    },
  ],
  invalid: [
    {
      name: 'named targetPort no container declares: error with did you mean',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports:
          - name: http
            port: 80
            targetPort: htpp
      `,
      files: [{ path: 'web.yaml', text: web('[{name: http, containerPort: 8080}, {name: metrics, containerPort: 9100}]') }],
      errors: [
        {
          line: 9,
          column: 17,
          endColumn: 21,
          severity: 2,
          message:
            'Service `web` port `http` (80) targets the named port `htpp`, but no container of the selected pod templates (Deployment/web) declares a port named `htpp` (their named ports are `http`, `metrics`), so the Service gets no endpoints for this port. Did you mean `http`?',
        },
      ],
    },
    {
      name: 'named port of an init container that is not a sidecar does not count',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, labels: {app: p}}
        spec:
          initContainers: [{name: init, image: busybox, ports: [{name: http, containerPort: 80}]}]
          containers: [{name: c, image: busybox}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: p}
        spec:
          selector: {app: p}
          ports: [{port: 80, targetPort: http}]
      `,
      errors: [{ line: 13, column: 34, message: /targets the named port `http`, but no container of the selected pod templates \(Pod\/p\) declares a port named `http` \(they declare no named ports\).* Name the container port `http` or use its number\.$/ }],
    },
    {
      name: 'named port with another protocol',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports: [{name: syslog, port: 514, targetPort: syslog}]
      `,
      files: [{ path: 'web.yaml', text: web('[{name: syslog, containerPort: 514, protocol: UDP}]') }],
      errors: [
        {
          line: 6,
          column: 49,
          severity: 2,
          message:
            'Service `web` port `syslog` (514) targets the named port `syslog` over TCP, but the selected pod templates (Deployment/web) declare `syslog` only as UDP; a named targetPort must match a container port of the same protocol. Set `protocol: UDP` on the Service port or fix the container port.',
        },
      ],
    },
    {
      name: 'numeric targetPort none of the declared ports has: warning',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: 8081}]
      `,
      files: [{ path: 'web.yaml', text: web('[{containerPort: 8080}]') }],
      errors: [
        {
          line: 6,
          column: 34,
          endColumn: 38,
          severity: 1,
          message:
            'Service `web` port 80 targets container port 8081, but the selected pod templates (Deployment/web) declare only `8080/TCP`. Point `targetPort` at the port the container listens on, or declare it in the container\'s `ports`.',
        },
      ],
    },
    {
      name: 'targetPort omitted defaults to port: points at port',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports:
          - port: 80
      `,
      files: [{ path: 'web.yaml', text: web('[{containerPort: 8080}]', '', 'example.com/shop/web:1.4') }],
      errors: [{ line: 7, column: 11, severity: 1, message: /^Service `web` port 80 targets \(by default, the same number\) container port 80, but/ }],
    },
    {
      name: 'only templates of the Service namespace are selected',
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: b}
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: http}]
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: web, namespace: b}
        spec:
          serviceName: web
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: nginx, ports: [{name: web, containerPort: 80}]}]
      `,
      files: [{ path: 'web.yaml', text: web('[{name: http, containerPort: 8080}]') }],
      errors: [{ line: 6, column: 34, severity: 2, message: /^Service `web` port 80 targets the named port `http`, but no container of the selected pod templates \(StatefulSet\/web\) declares a port named `http` \(their named ports are `web`\)/ }],
    },
  ],
});
