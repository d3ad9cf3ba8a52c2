/**
 * Mis-indentation fixtures shared by the rule test (exact findings and fix
 * output) and test/schema/misindent-relint.test.ts (the fixed text lints clean).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { y, type InvalidCase } from '../helpers/rule-tester.js';

const root = join(import.meta.dirname, '..', '..');
export const seed = readFileSync(join(root, 'examples', 'sidecar-emptydir.yaml'), 'utf8');

export const misindentCases: (InvalidCase & { name: string; output: string })[] = [
  {
    name: 'the seed: emptyDir at the level of volumes (the sequence is not indented)',
    code: seed,
    errors: [
      {
        line: 21,
        column: 5,
        endLine: 21,
        endColumn: 13,
        severity: 2,
        message: '`emptyDir` belongs to volume `shared` (line 20); indent it by 2 spaces.',
        hasFix: true,
      },
    ],
    output: seed.replace('\n    emptyDir: {}', '\n      emptyDir: {}'),
  },
  {
    name: 'the seed with CRLF line ends',
    code: seed.replace(/\n/g, '\r\n'),
    errors: [{ line: 21, column: 5, message: '`emptyDir` belongs to volume `shared` (line 20); indent it by 2 spaces.' }],
    output: seed.replace('\n    emptyDir: {}', '\n      emptyDir: {}').replace(/\n/g, '\r\n'),
  },
  {
    name: 'a container field under volumeMounts (in the last mount): belongs to the container',
    code: y`
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
        - name: web
          image: nginx
          volumeMounts:
          - name: data
            mountPath: /data
            # the port nginx listens on
            ports:
            - containerPort: 80
        volumes:
        - name: data
          emptyDir: {}
    `,
    errors: [{ line: 13, column: 7, endColumn: 12, message: '`ports` belongs to container `web` (line 7); unindent it by 2 spaces.' }],
    output: y`
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
        - name: web
          image: nginx
          volumeMounts:
          - name: data
            mountPath: /data
            # the port nginx listens on
          ports:
          - containerPort: 80
        volumes:
        - name: data
          emptyDir: {}
    `,
  },
  {
    name: 'configMap (a block) written at the level of volumes in a Deployment',
    code: y`
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
              image: nginx
              volumeMounts:
              - {name: config, mountPath: /etc/nginx/conf.d}
            volumes:
            - name: config
            configMap:
              name: nginx-config   # created by the chart
              items:
              - key: default.conf
                path: default.conf
    `,
    errors: [{ line: 16, column: 7, message: '`configMap` belongs to volume `config` (line 15); indent it by 2 spaces.', hasFix: true }],
    output: y`
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
              image: nginx
              volumeMounts:
              - {name: config, mountPath: /etc/nginx/conf.d}
            volumes:
            - name: config
              configMap:
                name: nginx-config   # created by the chart
                items:
                - key: default.conf
                  path: default.conf
    `,
  },
  {
    name: 'ports under env (inside the last env var)',
    code: y`
      apiVersion: v1
      kind: Pod
      metadata: {name: api}
      spec:
        containers:
        - name: api
          image: example/api:1.0
          env:
          - name: MODE
            value: production
            ports:
            - name: http
              containerPort: 8080
    `,
    errors: [{ line: 11, column: 7, message: '`ports` belongs to container `api` (line 6); unindent it by 2 spaces.' }],
    output: y`
      apiVersion: v1
      kind: Pod
      metadata: {name: api}
      spec:
        containers:
        - name: api
          image: example/api:1.0
          env:
          - name: MODE
            value: production
          ports:
          - name: http
            containerPort: 8080
    `,
  },
  {
    name: 'an over-indented key: resources inside securityContext',
    code: y`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
        - name: app
          image: nginx
          securityContext:
            runAsNonRoot: true
            resources:
              limits:
                memory: 128Mi
    `,
    errors: [{ line: 10, column: 7, message: '`resources` belongs to container `app` (line 6); unindent it by 2 spaces.' }],
    output: y`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
        - name: app
          image: nginx
          securityContext:
            runAsNonRoot: true
          resources:
            limits:
              memory: 128Mi
    `,
  },
  {
    name: 'spec indented under metadata: belongs at the top level (comments in the block are kept)',
    code: y`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        labels:
          app: web
        spec:
          replicas: 2
          # one label, shared by the selector and the template
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: nginx
    `,
    errors: [{ line: 7, column: 3, message: '`spec` belongs at the top level of Deployment `web` (line 1); unindent it by 2 spaces.' }],
    output: y`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        labels:
          app: web
      spec:
        replicas: 2
        # one label, shared by the selector and the template
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: web
              image: nginx
    `,
  },
  {
    name: 'two keys after a container name at the wrong level become one finding',
    code: y`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
        - name: pause
        image: registry.k8s.io/pause:3.1
        ports:
        - containerPort: 80
    `,
    errors: [{ line: 7, column: 3, message: '`image` and `ports` belong to container `pause` (line 6); indent them by 2 spaces.' }],
    output: y`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
        - name: pause
          image: registry.k8s.io/pause:3.1
          ports:
          - containerPort: 80
    `,
  },
  {
    name: 'a key under a sibling mapping, and a key under a sibling left without a value',
    code: y`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
        - name: app
          image: nginx
          securityContext:
            runAsNonRoot: true
          runAsUser: 1000
        volumes:
        - name: cache
          emptyDir:
          medium: Memory
    `,
    errors: [
      { line: 10, column: 5, message: '`runAsUser` belongs under `spec.containers[0].securityContext` (line 8); indent it by 2 spaces.' },
      { line: 14, column: 5, message: '`medium` belongs under `spec.volumes[0].emptyDir` (line 13); indent it by 2 spaces.' },
    ],
    output: y`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
        - name: app
          image: nginx
          securityContext:
            runAsNonRoot: true
            runAsUser: 1000
        volumes:
        - name: cache
          emptyDir:
            medium: Memory
    `,
  },
  {
    name: 'in an item of a List',
    code: y`
      apiVersion: v1
      kind: List
      items:
      - apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
          image: nginx
    `,
    errors: [{ line: 10, column: 5, message: '`image` belongs to container `app` (line 9); indent it by 2 spaces.' }],
    output: y`
      apiVersion: v1
      kind: List
      items:
      - apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            image: nginx
    `,
  },
];
