import rule from '../../rules/dangling-pvc-ref.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

new RuleTester().run(rule, {
  valid: [
    {
      name: 'claim in the set',
      code: y`
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data}
        spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app}
        spec:
          selector: {matchLabels: {app: app}}
          template:
            metadata: {labels: {app: app}}
            spec:
              containers: [{name: app, image: busybox}]
              volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
      `,
    },
    {
      name: 'StatefulSet volumeClaimTemplates, and a pod volume they replace',
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
              containers: [{name: db, image: postgres, volumeMounts: [{name: datadir, mountPath: /d}, {name: wal, mountPath: /w}]}]
              volumes:
              - name: datadir
                persistentVolumeClaim: {claimName: datadir}
          volumeClaimTemplates:
          - metadata: {name: datadir}
            spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
          - metadata: {name: wal}
            spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
      `,
    },
    {
      name: 'generic ephemeral volumes create their own claim',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers: [{name: c, image: busybox}]
          volumes:
          - name: scratch
            ephemeral:
              volumeClaimTemplate:
                spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
      `,
    },
  ],
  invalid: [
    {
      name: 'Pod claim absent, near name suggested',
      code: y`
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: uploads}
        spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers: [{name: c, image: busybox}]
          volumes:
          - name: files
            persistentVolumeClaim:
              claimName: upload
      `,
      errors: [
        {
          line: 14,
          column: 18,
          endColumn: 24,
          severity: 1,
          message:
            'PersistentVolumeClaim `upload`, used by volume `files` of Pod/p, is not among the linted manifests. Did you mean `uploads`? Add the claim or correct `claimName` (until it exists the pod stays Pending).',
          hasFix: false,
        },
      ],
    },
    {
      name: 'a StatefulSet claim that is not one of its templates (missing: warn)',
      options: { missing: 'warn' },
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
              containers: [{name: db, image: postgres}]
              volumes:
              - {name: backup, persistentVolumeClaim: {claimName: backups}}
          volumeClaimTemplates:
          - metadata: {name: data}
            spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
      `,
      errors: [{ line: 12, column: 59, message: /^PersistentVolumeClaim `backups`, used by volume `backup` of StatefulSet\/db/ }],
    },
    {
      name: 'claim in another namespace does not resolve (missing: warn)',
      options: { missing: 'warn' },
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: b}
        spec:
          containers: [{name: c, image: busybox}]
          volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
      `,
      files: [{ path: 'pvc.yaml', text: 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: a}\n' }],
      errors: [{ line: 6, column: 58, message: /^PersistentVolumeClaim `data` in namespace `b`, used by volume `d` of Pod\/p, is not among/ }],
    },
  ],
});
