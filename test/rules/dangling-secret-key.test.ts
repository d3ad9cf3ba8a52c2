import rule from '../../rules/dangling-secret-key.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

new RuleTester().run(rule, {
  valid: [
    {
      name: 'keys from data and stringData',
      code: y`
        apiVersion: v1
        kind: Secret
        metadata: {name: db}
        data: {username: YWRtaW4=}
        stringData: {password: s3cret}
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          serviceName: db
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec:
              containers:
              - name: db
                image: postgres
                env:
                - {name: USER, valueFrom: {secretKeyRef: {name: db, key: username}}}
                - {name: PASS, valueFrom: {secretKeyRef: {name: db, key: password}}}
      `,
    },
    {
      name: 'service-account-token Secrets get token, ca.crt and namespace from the cluster',
      code: y`
        apiVersion: v1
        kind: Secret
        metadata:
          name: robot-token
          annotations: {kubernetes.io/service-account.name: robot}
        type: kubernetes.io/service-account-token
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: c
            image: busybox
            env: [{name: T, valueFrom: {secretKeyRef: {name: robot-token, key: token}}}]
          volumes:
          - name: s
            secret: {secretName: robot-token, items: [{key: ca.crt, path: ca.crt}, {key: namespace, path: ns}]}
      `,
    },
    {
      name: 'optional secretKeyRef',
      code: y`
        apiVersion: v1
        kind: Secret
        metadata: {name: s}
        data: {}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers: [{name: c, image: busybox, env: [{name: T, valueFrom: {secretKeyRef: {name: s, key: t, optional: true}}}]}]
      `,
    },
  ],
  invalid: [
    {
      name: 'secretKeyRef key typo in a Job',
      code: y`
        apiVersion: v1
        kind: Secret
        metadata: {name: db}
        stringData:
          password: s3cret
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: migrate}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: m
                image: migrate
                env:
                - name: PGPASSWORD
                  valueFrom:
                    secretKeyRef:
                      name: db
                      key: pasword
      `,
      errors: [
        {
          line: 22,
          column: 20,
          endColumn: 27,
          severity: 2,
          message:
            'Key `pasword` is not in Secret `db`, used by env var `PGPASSWORD` of container `m` in Job/migrate: its keys are `password`, so the container will not start (CreateContainerConfigError). Did you mean `password`?',
        },
      ],
    },
    {
      name: 'secret volume items of a Pod; a Secret with no data',
      code: y`
        apiVersion: v1
        kind: Secret
        metadata: {name: tls}
        type: kubernetes.io/tls
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers: [{name: c, image: nginx}]
          volumes:
          - name: certs
            secret:
              secretName: tls
              items:
              - {key: tls.crt, path: cert.pem}
      `,
      errors: [
        {
          line: 16,
          column: 15,
          message:
            'Key `tls.crt` is not in Secret `tls`, used by volume `certs` of Pod/p: it has no `data` or `stringData`, so the pod will not start (the volume cannot be mounted). Add the key to the Secret, fix the key, or set `optional: true`.',
        },
      ],
    },
    {
      name: 'a Secret of the same name in another namespace is not used',
      code: y`
        apiVersion: v1
        kind: Secret
        metadata: {name: api, namespace: a}
        stringData: {token: t}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: api, namespace: b}
        stringData: {other: o}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: b}
        spec:
          containers: [{name: c, image: busybox, env: [{name: T, valueFrom: {secretKeyRef: {name: api, key: token}}}]}]
      `,
      errors: [{ line: 15, column: 101, message: /^Key `token` is not in Secret `api`.*its keys are `other`/ }],
    },
  ],
});
