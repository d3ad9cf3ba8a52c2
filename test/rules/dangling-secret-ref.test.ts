import rule from '../../rules/dangling-secret-ref.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

new RuleTester().run(rule, {
  valid: [
    {
      name: 'volume, projected, envFrom and secretKeyRef to Secrets in the set',
      code: y`
        apiVersion: v1
        kind: Secret
        metadata: {name: db}
        stringData: {password: x}
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent}
        spec:
          selector: {matchLabels: {app: agent}}
          template:
            metadata: {labels: {app: agent}}
            spec:
              containers:
              - name: agent
                image: busybox
                envFrom: [{secretRef: {name: db}}]
                env:
                - name: PW
                  valueFrom: {secretKeyRef: {name: db, key: password}}
              volumes:
              - name: s
                secret: {secretName: db}
              - name: p
                projected: {sources: [{secret: {name: db}}]}
      `,
    },
    {
      name: 'imagePullSecrets are created out of band and never reported',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          imagePullSecrets: [{name: regcred}]
          containers: [{name: c, image: private.example/app}]
      `,
    },
    {
      name: 'optional Secret volume and key ref',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: c
            image: busybox
            env:
            - name: T
              valueFrom: {secretKeyRef: {name: maybe, key: t, optional: true}}
          volumes:
          - name: s
            secret: {secretName: tls, optional: true}
      `,
    },
    {
      name: 'default: Secrets made by kubectl create secret, cert-manager or an operator (no near name in the set) are only counted',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api}
        spec:
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec:
              containers:
              - name: api
                image: example.com/api:2
                env:
                - name: DB_PASSWORD
                  valueFrom: {secretKeyRef: {name: postgres-credentials, key: password}}
              volumes:
              - name: tls
                secret: {secretName: api-tls}
      `,
      files: [{ path: 'cert.yaml', text: 'apiVersion: v1\nkind: Secret\nmetadata: {name: registry-auth}\ntype: kubernetes.io/dockerconfigjson\n' }],
    },
  ],
  invalid: [
    {
      name: 'Job secret volume: warning, near name suggested, no fix for Secrets',
      code: y`
        apiVersion: v1
        kind: Secret
        metadata: {name: db-credentials}
        data: {password: cGFzcw==}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: migrate}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: m, image: migrate}]
              volumes:
              - name: creds
                secret:
                  secretName: db-credential
      `,
      errors: [
        {
          line: 17,
          column: 23,
          endColumn: 36,
          severity: 1,
          message:
            'Secret `db-credential`, used by volume `creds` of Job/migrate, is not among the linted manifests. Did you mean `db-credentials`? Create it, correct the name or set `optional: true`.',
          hasFix: false,
        },
      ],
    },
    {
      name: 'missing: warn lists Secrets made out of band: secretKeyRef and envFrom of a ReplicaSet, two Secrets: two findings',
      options: { missing: 'warn' },
      code: y`
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: rs}
        spec:
          selector: {matchLabels: {app: rs}}
          template:
            metadata: {labels: {app: rs}}
            spec:
              containers:
              - name: app
                image: busybox
                envFrom:
                - secretRef:
                    name: api-keys
                env:
                - name: TOKEN
                  valueFrom:
                    secretKeyRef:
                      name: tokens
                      key: token
      `,
      errors: [
        { line: 14, column: 19, message: /^Secret `api-keys`, used by `envFrom` of container `app` in ReplicaSet\/rs, is not among the linted manifests\. .*set `rules: \{dangling-secret-ref: \[warn, \{missing: off\}\]\}` in podlint\.config\.yaml\.$/ },
        { line: 19, column: 21, message: /^Secret `tokens`, used by env var `TOKEN` of container `app` in ReplicaSet\/rs, is not among the linted manifests\. .*set `rules: \{dangling-secret-ref: \[warn, \{missing: off\}\]\}` in podlint\.config\.yaml\.$/ },
      ],
    },
    {
      name: 'a Secret in another namespace does not resolve; missing: error',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: apps}
        spec:
          containers: [{name: c, image: busybox}]
          volumes:
          - name: tls
            secret: {secretName: tls}
      `,
      files: [{ path: 'secret.yaml', text: 'apiVersion: v1\nkind: Secret\nmetadata: {name: tls, namespace: certs}\ntype: kubernetes.io/tls\n' }],
      options: { missing: 'error' },
      errors: [{ line: 8, column: 26, severity: 2, message: /^Secret `tls` in namespace `apps`, used by volume `tls` of Pod\/p, is not among the linted manifests\./ }],
    },
  ],
});
