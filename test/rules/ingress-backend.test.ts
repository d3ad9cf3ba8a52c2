import rule from '../../rules/ingress-backend.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

const svc = y`
  apiVersion: v1
  kind: Service
  metadata: {name: web, namespace: shop}
  spec:
    selector: {app: web}
    ports:
    - {name: http, port: 80, targetPort: 8080}
    - {name: admin, port: 9000}
`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'networking.k8s.io/v1 by number and by name, defaultBackend',
      code: y`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop, namespace: shop}
        spec:
          defaultBackend:
            service: {name: web, port: {name: http}}
          rules:
          - host: shop.example.com
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service: {name: web, port: {number: 80}}
              - path: /admin
                pathType: Prefix
                backend:
                  service: {name: web, port: {name: admin}}
      `,
      files: [{ path: 'svc.yaml', text: svc }],
    },
    {
      name: 'extensions/v1beta1 serviceName/servicePort, int and string',
      code: y`
        apiVersion: extensions/v1beta1
        kind: Ingress
        metadata: {name: shop, namespace: shop}
        spec:
          backend: {serviceName: web, servicePort: 80}
          rules:
          - http:
              paths:
              - path: /admin
                backend: {serviceName: web, servicePort: admin}
              - path: /x
                backend: {serviceName: web, servicePort: "80"}
      `,
      files: [{ path: 'svc.yaml', text: svc }],
    },
    {
      name: 'resource backends are skipped; ExternalName Service without ports',
      code: y`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: i}
        spec:
          defaultBackend:
            resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: static-assets}
          rules:
          - http:
              paths:
              - path: /ext
                pathType: Prefix
                backend: {service: {name: ext, port: {number: 443}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: ext}
        spec: {type: ExternalName, externalName: api.example.com}
      `,
    },
    {
      name: 'missing: off silences absent Services',
      code: y`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: i}
        spec:
          defaultBackend: {service: {name: elsewhere, port: {number: 80}}}
      `,
      options: { missing: 'off' },
    },
  ],
  invalid: [
    {
      name: 'absent Service: warning with a rename fix to the one near name',
      code: y`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop, namespace: shop}
        spec:
          rules:
          - http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: webb
                    port: {number: 80}
      `,
      files: [{ path: 'svc.yaml', text: svc }],
      errors: [
        {
          line: 12,
          column: 19,
          endColumn: 23,
          severity: 1,
          message:
            'Service `webb` in namespace `shop`, a backend of Ingress `shop`, is not among the linted manifests. Did you mean `web`?',
          hasFix: true,
        },
      ],
      output: y`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop, namespace: shop}
        spec:
          rules:
          - http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: web
                    port: {number: 80}
      `,
    },
    {
      name: 'Service port number the Service does not expose (its targetPort): error',
      code: y`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop, namespace: shop}
        spec:
          defaultBackend:
            service:
              name: web
              port:
                number: 8080
      `,
      files: [{ path: 'svc.yaml', text: svc }],
      errors: [
        {
          line: 9,
          column: 17,
          endColumn: 21,
          severity: 2,
          message:
            'Ingress `shop` routes to port 8080 of Service `web`, but it exposes 80 (`http`), 9000 (`admin`). Service port 80 targets container port 8080: an Ingress names the Service\'s port, so use 80.',
        },
      ],
    },
    {
      name: 'Service port name the Service does not have (v1 and v1beta1)',
      code: y`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: a, namespace: shop}
        spec:
          defaultBackend: {service: {name: web, port: {name: https}}}
        ---
        apiVersion: networking.k8s.io/v1beta1
        kind: Ingress
        metadata: {name: b, namespace: shop}
        spec:
          backend: {serviceName: web, servicePort: admn}
      `,
      files: [{ path: 'svc.yaml', text: svc }],
      errors: [
        {
          line: 5,
          column: 54,
          severity: 2,
          message:
            'Ingress `a` routes to port `https` of Service `web`, but the Service has no port of that name (its port names are `http`, `admin`). Did you mean `http`?',
        },
        { line: 11, column: 44, severity: 2, message: /^Ingress `b` routes to port `admn` of Service `web`.* Did you mean `admin`\?$/ },
      ],
    },
    {
      name: 'a Service in another namespace does not resolve; missing: error',
      code: y`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop, namespace: default}
        spec:
          defaultBackend: {service: {name: web, port: {number: 80}}}
      `,
      files: [{ path: 'svc.yaml', text: svc }],
      options: { missing: 'error' },
      errors: [{ line: 5, column: 36, severity: 2, message: /^Service `web`, a backend of Ingress `shop`, is not among the linted manifests\. Add the Service or correct the name \(an Ingress routes only to Services of its namespace\); if it is made at runtime, set `rules: \{ingress-backend: \[warn, \{missing: off\}\]\}` in podlint\.config\.yaml\.$/, hasFix: false }],
    },
    {
      name: 'missing: off keeps port errors',
      code: y`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop, namespace: shop}
        spec:
          defaultBackend: {service: {name: web, port: {number: 81}}}
      `,
      files: [{ path: 'svc.yaml', text: svc }],
      options: { missing: 'off' },
      errors: [{ line: 5, column: 56, severity: 2, message: /^Ingress `shop` routes to port 81 of Service `web`, but it exposes 80 \(`http`\), 9000 \(`admin`\)\. Use one of the Service's ports\.$/ }],
    },
  ],
});
