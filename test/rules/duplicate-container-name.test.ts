import rule from '../../rules/duplicate-container-name.js';
import { RuleTester, y } from '../helpers/rule-tester.js';
import { SHAPES, inShape, lineIn, colIn } from '../helpers/shapes.js';

const dup = y`
  containers:
  - name: app
    image: nginx
  - name: app
    image: busybox
`;
const sidecar = y`
  initContainers:
  - name: log
    image: fluent/fluent-bit
    restartPolicy: Always
  containers:
  - name: log
    image: nginx
`;

new RuleTester().run(rule, {
  valid: [
    ...SHAPES.map((s) => ({
      name: `${s}: distinct names across init, sidecar, regular and ephemeral containers`,
      code: inShape(s, y`
        initContainers:
        - {name: init, image: busybox}
        - {name: proxy, image: envoyproxy/envoy, restartPolicy: Always}
        containers:
        - {name: app, image: nginx}
        - {name: app-sidecar, image: busybox}
      `),
    })),
    {
      name: 'the same name in two different pods',
      code: inShape('Pod', 'containers: [{name: app, image: nginx}]') + '---\n' + inShape('Deployment', 'containers: [{name: app, image: nginx}]'),
    },
    { name: 'unnamed containers are left to the schema', code: inShape('Pod', 'containers: [{image: nginx}, {image: busybox}]') },
  ],
  invalid: [
    ...SHAPES.map((s) => ({
      name: `${s}: two regular containers`,
      code: inShape(s, dup),
      errors: [{ line: lineIn(s, 4), column: colIn(s, 9), message: new RegExp(`^Container name \`app\` of \`containers\\[1\\]\` is already used by \`containers\\[0\\]\` in ${s}/w`) }],
    })),
    {
      name: 'native sidecar and regular container',
      code: inShape('Deployment', sidecar),
      errors: [{ line: lineIn('Deployment', 6), message: /`containers\[0\]` is already used by `initContainers\[0\]`.*rejects every pod its ReplicaSet creates/ }],
    },
    {
      name: 'ephemeral container reusing a name',
      code: inShape('Pod', y`
        containers: [{name: app, image: nginx}]
        ephemeralContainers: [{name: app, image: busybox}]
      `),
      errors: [{ line: lineIn('Pod', 2), message: /`ephemeralContainers\[0\]` is already used by `containers\[0\]` in Pod\/w: .*the API server rejects the Pod/ }],
    },
    { name: 'three of a kind: two findings', code: inShape('Pod', 'containers: [{name: a, image: x}, {name: a, image: y}, {name: a, image: z}]'), errors: 2 },
  ],
});
